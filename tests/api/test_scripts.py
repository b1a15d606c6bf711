"""Scripts against a running server (issue 22 "done when"): a coordinator's token creates a
wave on the demo, imports contacts, opens it and reads the response rate; an evaluator's
token pulls the results and gets a 304 on the second call. The calls are docs/api.md's."""

from __future__ import annotations

import json
from datetime import date, timedelta

import httpx

from surveyapp.extensions import db
from surveyapp.models import AuditEvent, Contact, Invitation, Response, Wave, WaveState
from tests.conftest import bearer

CONTACTS = [
    {
        "organisation": "Gemeente Testdorp",
        "org_type": "gemeente",
        "name": "Anna Jansen",
        "email": "anna@testdorp.test",
        "role": "bevoegd_gezag",
    },
    {
        "organisation": "Gemeente Testdorp",
        "org_type": "gemeente",
        "name": "Bram de Vries",
        "email": "bram@testdorp.test",
        "role": "bevoegd_gezag",
    },
    {
        "organisation": "Provincie Testland",
        "org_type": "provincie",
        "name": "Cor Bakker",
        "email": "cor@testland.test",
        "role": "bevoegd_gezag",
    },
]


def test_a_coordinator_script_creates_imports_opens_and_reads_the_response(
    demo, server_url, token_for
):
    _user, secret = token_for("coordinator")
    with httpx.Client(base_url=f"{server_url}/api/v1", headers=bearer(secret)) as api:
        imported = api.post("/contacts/import", json={"contacts": CONTACTS})
        assert imported.status_code == 200, imported.text
        assert imported.json()["contacts_added"] == 3
        survey = next(
            v for v in api.get("/surveys").json()["items"] if v["slug"] == "bevoegde-overheden"
        )
        closes = (date.today() + timedelta(days=28)).isoformat()
        created = api.post(
            "/waves",
            json={
                "survey_version_id": survey["id"],
                "name": "API-uitvraag 2027",
                "slug": "api-2027",
                "closes_on": closes,
                "contact_emails": [c["email"] for c in CONTACTS],
                "response_unit": "organisation",
            },
        )
        assert created.status_code == 201, created.text
        wave = created.json()
        assert (wave["state"], wave["invited"], wave["response_unit"]) == (
            "draft",
            3,
            "organisation",
        )
        opened = api.post(f"/waves/{wave['id']}/open")
        assert opened.status_code == 200 and opened.json()["state"] == "open"
        queued = api.post(f"/waves/{wave['id']}/invitations").json()
        assert queued["queued"] == 3
        rate = api.get(f"/waves/{wave['id']}/response-rate").json()
        assert rate["overall"]["invited"] == 2  # one answer per organisation: 2 organisations
        by_type = {
            r["group"]: (r["invited"], r["queued"], r["completed"]) for r in rate["by_org_type"]
        }
        assert by_type == {"provincie": (1, 1, 0), "gemeente": (1, 1, 0)}
        again = api.post(f"/waves/{wave['id']}/open")
        assert again.status_code == 409
        assert again.headers["content-type"] == "application/problem+json"
        assert again.json()["detail"] == "Een uitvraag met status 'Open' kan niet naar 'Open'."
    stored = db.session.scalar(db.select(Wave).where(Wave.slug == "api-2027"))
    invitations = db.session.scalar(
        db.select(db.func.count(Invitation.id)).where(Invitation.wave_id == stored.id)
    )
    assert stored.state is WaveState.OPEN and invitations == 3
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {
        "contacts.import",
        "wave.create",
        "wave.open",
        "wave.invitations_queued",
        "api_token.use",
    } <= actions


def test_an_evaluator_script_pulls_results_then_gets_304(demo, server_url, token_for):
    _user, secret = token_for("evaluator")
    with httpx.Client(base_url=f"{server_url}/api/v1", headers=bearer(secret)) as api:
        waves = api.get("/waves", params={"limit": 100}).json()["items"]
        wave = next(w for w in waves if w["slug"] == "eind-2020-bevoegde-overheden")
        first = api.get(f"/waves/{wave['id']}/results")
        assert first.status_code == 200, first.text
        etag = first.headers["etag"]
        body = first.json()
        assert body["wave"]["slug"] == "eind-2020-bevoegde-overheden" and body["items"]
        # The same JSON as the page's export.json, through the same gate.
        page = api.get(f"{server_url}/evaluate/waves/{wave['id']}/export.json")
        assert page.status_code in (302, 401)  # the API's token never opens a page
        second = api.get(f"/waves/{wave['id']}/results", headers={"If-None-Match": etag})
        assert second.status_code == 304 and second.content == b""
        stale = api.get(f"/waves/{wave['id']}/results", headers={"If-None-Match": '"old"'})
        assert stale.status_code == 200
        garbage = api.get(f"/waves/{wave['id']}/results", headers={"If-None-Match": "garbage"})
        assert garbage.status_code == 400
        assert garbage.headers["content-type"] == "application/problem+json"
        lines = api.get(f"/waves/{wave['id']}/answers").text.splitlines()
        rows = [json.loads(line) for line in lines]
        assert rows and {"respondent", "question", "value"} <= set(rows[0])
        csv_text = api.get(f"/waves/{wave['id']}/answers", params={"format": "csv"}).text
        assert csv_text.lstrip("\ufeff").startswith("respondent,")
        assert len(csv_text.strip().splitlines()) == len(rows) + 1


def test_results_json_equals_the_export_and_changes_its_etag_with_an_answer(
    demo, client, login_as, token_for
):
    _user, secret = token_for("evaluator")
    wave = db.session.scalar(db.select(Wave).where(Wave.slug == "eind-2020-samenwerking"))
    first = client.get(f"/api/v1/waves/{wave.id}/results", headers=bearer(secret))
    login_as("evaluator")
    export = client.get(f"/evaluate/waves/{wave.id}/export.json")
    assert first.get_json() == export.get_json()
    response = db.session.scalars(
        db.select(Response).where(Response.wave_id == wave.id, Response.status == "submitted")
    ).first()
    response.version += 1
    db.session.commit()
    second = client.get(
        f"/api/v1/waves/{wave.id}/results",
        headers={**bearer(secret), "If-None-Match": first.headers["ETag"]},
    )
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]


def test_an_import_with_bad_rows_stores_nothing_and_lists_every_row(demo, client, token_for):
    _user, secret = token_for("coordinator")
    before = db.session.scalar(db.select(db.func.count(Contact.id)))
    rows = [
        *CONTACTS,
        {**CONTACTS[0], "email": "geen-adres"},
        {**CONTACTS[1], "org_type": "kabouter", "email": "x@testdorp.test"},
    ]
    response = client.post(
        "/api/v1/contacts/import", json={"contacts": rows}, headers=bearer(secret)
    )
    assert response.status_code == 422
    problem = response.get_json()
    assert [e["line"] for e in problem["errors"]] == [5, 6]
    assert "ongeldig e-mailadres" in problem["errors"][0]["message"]
    assert "niets opgeslagen" in problem["detail"]
    assert db.session.scalar(db.select(db.func.count(Contact.id))) == before
