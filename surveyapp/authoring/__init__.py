"""Vragenlijsten: staff bring, check, preview, compare and publish survey versions in the
browser (YAML, XLSForm, LimeSurvey), without a developer or a shell."""

from flask import Blueprint

from surveyapp.models import StaffRole
from surveyapp.security import require_roles

bp = Blueprint("authoring", __name__)
bp.before_request(require_roles(StaffRole.EVALUATOR, StaffRole.COORDINATOR))

from surveyapp.authoring import routes  # noqa: E402, F401
