"""The yearly monitoring returns added up: national tables, trend, map, exports, chapter and
the import of earlier years. Every /monitoring/<slug> URL loads its results once into
g.monitoring (404 for a survey without a count table)."""

from flask import Blueprint, abort, g

bp = Blueprint("monitoring", __name__)


@bp.url_value_preprocessor
def pull_slug(_endpoint, values) -> None:
    g.monitoring_slug = values.pop("slug", None) if values else None


@bp.before_request
def load_monitoring() -> None:
    """After the parent's role check: the survey's monitoring results, or 404."""
    from surveyapp.evaluate.monitoring.results import monitoring_results

    slug = g.get("monitoring_slug")
    g.monitoring = monitoring_results(slug) if slug is not None else None
    if slug is not None and g.monitoring is None:
        abort(404)


from surveyapp.evaluate.monitoring import routes  # noqa: E402, F401
