"""Evaluators: results, comparisons, exports and the report chapter."""

from flask import Blueprint

from surveyapp.models import StaffRole
from surveyapp.security import require_roles

bp = Blueprint("evaluate", __name__)
bp.before_request(require_roles(StaffRole.EVALUATOR))

from surveyapp.evaluate import routes  # noqa: E402, F401
