"""The yearly monitoring returns added up: national tables, trend, map, exports, chapter and
the import of earlier years. Every /monitoring/<slug> URL loads its results once into
g.monitoring (404 for a survey without a count table)."""

from flask import Blueprint

from surveyapp.security import load_from_url

bp = Blueprint("monitoring", __name__)


def _results(slug: str):
    from surveyapp.evaluate.monitoring.results import monitoring_results

    return monitoring_results(slug)


load_from_url(bp, "slug", _results, attr="monitoring")

from surveyapp.evaluate.monitoring import routes  # noqa: E402, F401
