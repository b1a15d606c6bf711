"""The evaluator's start page: every wave, the monitoring surveys and the dashboards."""

from __future__ import annotations

from flask import render_template

from surveyapp.evaluate import bp
from surveyapp.evaluate.lazy import lazy
from surveyapp.evaluate.results.queries import waves_with_counts

monitoring = lazy("surveyapp.evaluate.monitoring.queries")


@bp.route("/")
def index():
    """Every wave with its submitted questionnaires and interviews, counted apart."""
    return render_template(
        "evaluate/index.html", rows=waves_with_counts(), monitoring=monitoring.monitoring_surveys()
    )
