"""Coordinators: organisations, contacts, waves, invitations and the response rate."""

from flask import Blueprint

from surveyapp.models import StaffRole
from surveyapp.security import load_wave_from_url, require_roles

bp = Blueprint("coordinate", __name__)
bp.before_request(require_roles(StaffRole.COORDINATOR))
load_wave_from_url(bp)


from surveyapp.coordinate import routes, wave_routes  # noqa: E402, F401
