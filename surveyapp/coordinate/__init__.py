"""Coordinators: organisations, contacts, waves, invitations and the response rate."""

from flask import Blueprint

from surveyapp.models import StaffRole
from surveyapp.security import require_roles

bp = Blueprint("coordinate", __name__)
bp.before_request(require_roles(StaffRole.COORDINATOR))

from surveyapp.coordinate import routes  # noqa: E402, F401
