"""Administration: staff accounts and the audit trail (admins only)."""

from flask import Blueprint

from surveyapp.models import StaffRole
from surveyapp.security import require_roles

bp = Blueprint("admin", __name__)
bp.before_request(require_roles(StaffRole.ADMIN))

from surveyapp.admin import routes  # noqa: E402, F401
