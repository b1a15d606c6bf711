"""The article dashboard (evaluators): rounds, a round's articles, and one article put back
with the rules of its edit page."""

from __future__ import annotations

from flask import abort, g
from flask_smorest import Blueprint

from surveyapp.api.auth import protect, roles
from surveyapp.api.lists import get_or_404, paged
from surveyapp.api.problems import ProblemError
from surveyapp.api.schemas import (
    DashboardEntries,
    DashboardEntryIn,
    DashboardEntryOut,
    DashboardRoundPage,
    Paging,
)
from surveyapp.evaluate.dashboard import operations as ops
from surveyapp.evaluate.dashboard import queries
from surveyapp.models import DashboardRound, StaffRole

bp = Blueprint("api_dashboard", __name__, description="Artikeldashboard")
protect(bp)


def _round(r: DashboardRound) -> dict:
    return {"id": r.id, "name": r.name, "year": r.year, "wave_id": r.wave_id}


def _entry(e) -> dict:
    return {
        "id": e.id,
        "article": e.article,
        "summary": e.summary,
        "status": e.status.value,
        "explanation": e.explanation or "",
        "grades": e.grade_keys,
    }


@bp.get("/dashboards")
@roles(StaffRole.EVALUATOR)
@bp.arguments(Paging, location="query")
@bp.response(200, DashboardRoundPage)
def list_rounds(paging):
    """Every dashboard round, newest year first."""
    return paged([_round(r) for r in queries.dashboard_rounds()], paging)


@bp.get("/dashboards/<int:round_id>/entries")
@roles(StaffRole.EVALUATOR)
@bp.response(200, DashboardEntries)
def list_entries(round_id: int):
    """A round's articles in article order."""
    dashboard = get_or_404(DashboardRound, round_id)
    return {"round": _round(dashboard), "items": [_entry(e) for e in dashboard.entries]}


@bp.put("/dashboards/<int:round_id>/entries/<int:entry_id>")
@roles(StaffRole.EVALUATOR)
@bp.arguments(DashboardEntryIn)
@bp.response(200, DashboardEntryOut)
def put_entry(body, round_id: int, entry_id: int):
    """Replace one article's fields; every problem is listed and nothing is saved then."""
    if not (0 < round_id < 2**31 and 0 < entry_id < 2**31):
        abort(404)
    entry = queries.entry_or_none(round_id, entry_id) or abort(404)
    data = {**body, "article": body.get("article", entry.article),
            "grades": ", ".join(body["grades"])}  # fmt: skip
    problems = ops.save_entry(entry, data, g.api_user)
    if problems:
        raise ProblemError(
            422,
            "Het artikel is niet opgeslagen: " + "; ".join(problems) + ".",
            [{"field": "(body)", "message": p} for p in problems],
        )
    return _entry(entry)
