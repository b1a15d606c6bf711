"""The API against its own OpenAPI document: schemathesis generates requests for every
operation, with a token per role, on a copy of the demo. No 500s, no undocumented status
codes, content types or headers, and every body matches its schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from config import TestConfig
from surveyapp import create_app
from tests.conftest import bearer

CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.negative_data_rejection,
]


@pytest.fixture
def role_tokens(token_for):
    """A token per role, made once for every operation and example."""
    return {role: token_for(role)[1] for role in ("coordinator", "evaluator", "admin")}


# The document of the code under test; the requests go to a live server on the demo's copy.
def _document() -> dict:
    with create_app(TestConfig).test_client() as client:
        return client.get("/api/v1/openapi.json").get_json()


schema = schemathesis.openapi.from_dict(_document())


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_to_its_document(case, demo, server_url, role_tokens):
    for secret in role_tokens.values():
        case.call_and_validate(base_url=server_url, headers=bearer(secret), checks=CHECKS)


def test_the_document_is_openapi_3_1_with_problem_errors(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    default = spec["components"]["responses"]["DEFAULT_ERROR"]["content"]
    assert list(default) == ["application/problem+json"]
    methods = {"get", "post", "put", "patch", "delete"}
    assert len([m for item in spec["paths"].values() for m in item if m in methods]) == 21


def test_the_documentation_page_works_without_internet(client):
    response = client.get("/api/v1/docs")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "POST /api/v1/waves" in html and "WaveIn" in html
    assert "http" not in "".join(line for line in html.splitlines() if "<script" in line)
    assert "cdn" not in html.lower()
