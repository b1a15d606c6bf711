"""The JSON API for scripts under /api/v1: personal bearer tokens, the areas' own queries and
operations, the same disclosure gate, errors as problem documents, and an OpenAPI 3.1 document
generated from the schemas by flask-smorest (served at /api/v1/openapi.json)."""

from __future__ import annotations

import http

from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from flask_smorest import Api
from flask_smorest.spec import prepare_response

from surveyapp.api.problems import PROBLEM
from surveyapp.api.schemas import Problem
from surveyapp.extensions import csrf

DESCRIPTION = (
    "De API van surveyapp voor scripts. Meld u aan met een persoonlijke API-sleutel in de kop "
    "`Authorization: Bearer <sleutel>`; de sleutel handelt met de rol van zijn eigenaar. "
    "Fouten zijn `application/problem+json` (RFC 9457). Zie docs/api.md."
)


class SurveyApi(Api):
    """flask-smorest's Api with problem documents as its error responses, and no app-wide
    error handlers of its own: the app's handlers answer API paths with problems."""

    ERROR_SCHEMA = Problem

    def _register_error_handlers(self) -> None:
        """The app's error handlers serve the API too (see surveyapp.register_error_handlers)."""

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Fout (problem document)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


def init_api(app: Flask) -> None:
    """Bind the API, its OpenAPI document and documentation page, and its resources."""
    from surveyapp.api import contacts, dashboard, docs, monitoring, results, surveys, waves

    app.config.setdefault("API_TITLE", "surveyapp")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = SurveyApi(  # one per app: the spec belongs to the app it describes
        app,
        spec_kwargs={
            "marshmallow_plugin": MarshmallowPlugin(),
            "info": {"description": DESCRIPTION},
            "security": [{"bearer": []}],
        },
    )
    api.spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer", "description": "Persoonlijke API-sleutel"}
    )
    for module in (surveys, waves, contacts, results, monitoring, dashboard):
        csrf.exempt(module.bp)  # bearer tokens only: no cookie, so no cross-site request
        api.register_blueprint(module.bp, url_prefix="/api/v1")
    app.register_blueprint(docs.bp, url_prefix="/api/v1")
