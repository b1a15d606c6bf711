"""The article dashboard per evaluation round (the source's Bijlage 1): list, edit, import,
export and changes between rounds. Every /dashboard/<round_id> URL loads its round once into
g.round (404 when it does not exist)."""

from flask import Blueprint, g

bp = Blueprint("dashboard", __name__)


@bp.url_value_preprocessor
def pull_round_id(_endpoint, values) -> None:
    g.round_id = values.pop("round_id", None) if values else None


@bp.before_request
def load_round() -> None:
    """After the parent's role check: the round in the URL, or 404."""
    from surveyapp.extensions import db
    from surveyapp.models import DashboardRound

    round_id = g.get("round_id")
    g.round = db.get_or_404(DashboardRound, round_id) if round_id is not None else None


from surveyapp.evaluate.dashboard import routes  # noqa: E402, F401
