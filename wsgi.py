"""WSGI entry point for gunicorn and `flask run`."""

from surveyapp import create_app

app = create_app()
