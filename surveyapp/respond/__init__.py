"""Respondents: personal links, no login."""

from flask import Blueprint

bp = Blueprint("respond", __name__)

from surveyapp.respond import routes  # noqa: E402, F401
