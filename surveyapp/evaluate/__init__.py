"""Evaluators: the parent blueprint with the role guard and the index, and one nested blueprint
per feature: wave results (`results/`), the yearly monitoring (`monitoring/`) and the article
dashboard (`dashboard/`). The guard on the parent covers every child."""

from flask import Blueprint

from surveyapp.models import StaffRole
from surveyapp.security import require_roles

bp = Blueprint("evaluate", __name__)
bp.before_request(require_roles(StaffRole.EVALUATOR))


def register_features() -> None:
    """Nest the feature blueprints under /evaluate; their URLs are the ones they always had."""
    from surveyapp.evaluate.dashboard import bp as dashboard_bp
    from surveyapp.evaluate.monitoring import bp as monitoring_bp
    from surveyapp.evaluate.results import bp as results_bp

    bp.register_blueprint(results_bp)
    bp.register_blueprint(monitoring_bp, url_prefix="/monitoring")
    bp.register_blueprint(dashboard_bp, url_prefix="/dashboard")


from surveyapp.evaluate import routes  # noqa: E402, F401

register_features()
