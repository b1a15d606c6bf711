"""The article dashboard per evaluation round (the source's Bijlage 1): list, edit, import,
export and changes between rounds. Every /dashboard/<round_id> URL loads its round once into
g.round (404 when it does not exist)."""

from flask import Blueprint

from surveyapp.security import load_from_url

bp = Blueprint("dashboard", __name__)


def _round(round_id: int):
    from surveyapp.evaluate.dashboard.queries import round_or_none

    return round_or_none(round_id)


load_from_url(bp, "round_id", _round)

from surveyapp.evaluate.dashboard import routes  # noqa: E402, F401
