"""gunicorn settings for surveyapp (`gunicorn -c gunicorn.conf.py wsgi:app`); see
docs/deployment.md. Every value can be overridden on the command line."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = 60
keepalive = 5
accesslog = None


def post_worker_init(worker):
    """Load the evaluator's libraries (pandas, scipy, matplotlib) once per worker at start,
    so the first results page does not pay for them; the CLI never loads them."""
    from surveyapp.evaluate.results import charts, exports, pipeline, raw, report  # noqa: F401
