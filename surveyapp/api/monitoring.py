"""The yearly monitoring's tables (evaluators): the same rows as the page's CSV exports."""

from __future__ import annotations

from flask import abort
from flask_smorest import Blueprint

from surveyapp.api.auth import protect, roles
from surveyapp.api.schemas import MonitoringList, MonitoringOut
from surveyapp.models import StaffRole

bp = Blueprint("api_monitoring", __name__, description="Jaarlijkse monitoring")
protect(bp)


@bp.get("/monitoring")
@roles(StaffRole.EVALUATOR)
@bp.response(200, MonitoringList)
def list_monitoring():
    """Every survey with a count table and yearly waves."""
    from surveyapp.evaluate.monitoring.queries import monitoring_surveys

    return {"items": [{"slug": v.slug, "title": v.title} for v in monitoring_surveys()]}


@bp.get("/monitoring/<slug>")
@roles(StaffRole.EVALUATOR)
@bp.response(200, MonitoringOut)
def monitoring_tables(slug: str):
    """One row per authority per year (`returns`) and the national tables (`national`),
    as in opgaven.csv and landelijk.csv; an unfinished year is marked as on the page."""
    from surveyapp.evaluate.monitoring import output
    from surveyapp.evaluate.monitoring.results import monitoring_results
    from surveyapp.evaluate.results.published import plain

    results = monitoring_results(slug[:100]) or abort(404)
    tables = {}
    for name, (header, rows) in (
        ("returns", output.return_rows(results)),
        ("national", output.national_rows(results)),
    ):
        tables[name] = {"header": header, "rows": [[plain(v) for v in row] for row in rows]}
    return {"slug": results.slug, "title": results.survey.title, "tables": tables}
