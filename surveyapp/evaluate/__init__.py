"""Evaluators: results, comparisons, exports and the report chapter."""

from flask import Blueprint

from surveyapp.models import StaffRole
from surveyapp.security import load_wave_from_url, require_roles

bp = Blueprint("evaluate", __name__)
bp.before_request(require_roles(StaffRole.EVALUATOR))
load_wave_from_url(bp)

from surveyapp.evaluate import routes  # noqa: E402, F401
