"""Bad input to the API: each gets a 4xx problem document in Dutch, and nothing is written."""

from __future__ import annotations

import json

import httpx
import pytest

from surveyapp.extensions import db
from surveyapp.models import Contact, Organisation, Wave
from tests import factories
from tests.conftest import bearer


@pytest.fixture
def coordinator(token_for):
    return bearer(token_for("coordinator")[1])


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "application/problem+json"
    return response.get_json()


def _nothing_written():
    assert db.session.scalar(db.select(db.func.count(Wave.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Contact.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == 0


CONTACT = {
    "organisation": "Gemeente A",
    "org_type": "gemeente",
    "name": "Ans",
    "email": "ans@a.test",
    "role": "bevoegd_gezag",
}


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"contacts": "alles"}, "contacts", "Geef een lijst."),
        ({"contacts": [{**CONTACT, "shoe_size": 44}]}, "contacts.0.shoe_size", "Onbekend veld"),
        ({"contacts": [{**CONTACT, "name": 12}]}, "contacts.0.name", "Geef een tekst."),
        ({"contacts": [{**CONTACT, "name": "A\u0000B"}]}, "contacts.0.name", "NUL-teken"),
        ({}, "contacts", "Dit veld is verplicht."),
        ([CONTACT], "(body)", "stuur een JSON-object"),
    ],
)
def test_a_body_of_the_wrong_shape_is_a_422_with_its_place(
    client, coordinator, body, field, message
):
    response = client.post("/api/v1/contacts/import", json=body, headers=coordinator)
    problem = _problem(response, 422)
    assert problem["type"].endswith("/invalid-input")
    places = {e["field"]: e["message"] for e in problem["errors"]}
    assert field in places and message in places[field], places
    _nothing_written()


def test_a_body_that_is_not_json_is_refused(client, coordinator):
    broken = client.post(
        "/api/v1/contacts/import",
        data="{niet: json",
        headers={**coordinator, "Content-Type": "application/json"},
    )
    assert _problem(broken, 400)["detail"]
    form = client.post("/api/v1/contacts/import", data={"contacts": "x"}, headers=coordinator)
    assert form.status_code in (415, 422)
    _nothing_written()


def test_a_huge_body_is_413_before_it_is_read(client, coordinator):
    body = json.dumps({"contacts": [CONTACT] * 30_000})
    assert len(body) > 2_000_000
    response = client.post(
        "/api/v1/contacts/import",
        data=body,
        headers={**coordinator, "Content-Type": "application/json"},
    )
    assert _problem(response, 413)["type"].endswith("/too-large")
    _nothing_written()


def test_a_huge_chunked_body_without_a_length_is_413_while_it_is_read(server_url, coordinator):
    """A body sent in chunks declares no Content-Length: a live server read 3,8 MB of it and
    parsed it whole (a 422 about the list's length) before the limit was set on the stream."""
    body = json.dumps({"contacts": [CONTACT] * 30_000}).encode()
    assert len(body) > 3_000_000

    def chunks():
        for start in range(0, len(body), 65_536):
            yield body[start : start + 65_536]

    response = httpx.post(
        f"{server_url}/api/v1/contacts/import", content=chunks(), timeout=60,
        headers={**coordinator, "Content-Type": "application/json"},
    )  # fmt: skip
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/too-large")
    _nothing_written()


def test_a_new_wave_with_the_forms_rules(client, session, coordinator):
    version = factories.SurveyVersionFactory()
    session.commit()
    base = {
        "survey_version_id": version.id,
        "name": "Ronde",
        "slug": "ronde",
        "closes_on": "2030-01-31",
    }
    nobody = _problem(client.post("/api/v1/waves", json=base, headers=coordinator), 422)
    assert nobody["errors"] == [
        {
            "field": "org_types",
            "message": "Kies wie u uitnodigt: organisatietypen, rollen of losse contactpersonen.",
        }
    ]
    unknown = _problem(
        client.post(
            "/api/v1/waves",
            json={**base, "contact_emails": ["wie@nergens.test"]},
            headers=coordinator,
        ),
        422,
    )
    assert "Onbekende e-mailadressen: wie@nergens.test" in unknown["errors"][0]["message"]
    order = _problem(
        client.post(
            "/api/v1/waves",
            json={**base, "org_types": ["gemeente"], "opens_on": "2030-02-01"},
            headers=coordinator,
        ),
        422,
    )
    assert {
        "field": "closes_on",
        "message": "De sluitingsdatum moet na de openingsdatum liggen.",
    } in order["errors"]
    typed = _problem(
        client.post(
            "/api/v1/waves",
            json={**base, "survey_version_id": "1", "closes_on": "morgen"},
            headers=coordinator,
        ),
        422,
    )
    assert {e["field"] for e in typed["errors"]} == {"survey_version_id", "closes_on"}
    missing = _problem(
        client.post(
            "/api/v1/waves",
            json={**base, "survey_version_id": 999, "org_types": ["gemeente"]},
            headers=coordinator,
        ),
        422,
    )
    assert missing["errors"][0]["field"] == "survey_version_id"
    _nothing_written()


def test_paging_past_the_end_and_unknown_objects(client, coordinator, token_for):
    assert client.get("/api/v1/organisations", headers=coordinator).get_json()["total"] == 0
    past = _problem(client.get("/api/v1/organisations?offset=5", headers=coordinator), 400)
    assert "voorbij het einde" in past["detail"]
    limit = _problem(client.get("/api/v1/organisations?limit=0", headers=coordinator), 422)
    assert limit["errors"][0]["field"] == "limit"
    for path in ("/api/v1/waves/99", "/api/v1/waves/99999999999999999999", "/api/v1/nergens"):
        assert _problem(client.get(path, headers=coordinator), 404)["detail"]
    method = _problem(client.delete("/api/v1/waves", headers=coordinator), 405)
    assert method["detail"]
    evaluator = bearer(token_for("evaluator")[1])
    assert _problem(client.get("/api/v1/contacts", headers=evaluator), 403)["title"] == (
        "Geen toegang"
    )
