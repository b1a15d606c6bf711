"""API writes under real concurrency: threads against a live server, SQLite and PostgreSQL,
many rounds. Two scripts creating the same wave at once get one wave and one clear refusal."""

from __future__ import annotations

import httpx

from surveyapp.extensions import db
from surveyapp.models import Contact, Wave
from tests import factories
from tests.concurrency import together
from tests.conftest import bearer

ROUNDS = 10


def test_two_scripts_creating_one_wave_at_once_make_one(session, server_url, token_for):
    version = factories.SurveyVersionFactory()
    session.commit()
    # Two colleagues, each with a token of their own (one token's calls queue on its row).
    secrets = [token_for("coordinator")[1], token_for("coordinator")[1]]
    for round_no in range(ROUNDS):
        body = {
            "survey_version_id": version.id,
            "name": f"Ronde {round_no}",
            "slug": f"ronde-{round_no}",
            "closes_on": "2030-01-31",
            "org_types": ["gemeente"],
        }

        def create(secret, body=body):
            with httpx.Client(base_url=server_url, headers=bearer(secret), timeout=60) as api:
                return api.post("/api/v1/waves", json=body)

        answers = together(*(lambda s=s: create(s) for s in secrets))
        codes = sorted(a.status_code for a in answers)
        assert codes == [201, 422], [a.text for a in answers]
        refused = next(a for a in answers if a.status_code == 422)
        assert refused.headers["content-type"] == "application/problem+json"
        message = refused.json()["errors"][0]["message"]
        # Whichever check sees the other wave first says so: its name, its short name, or
        # (both checks passed at once) the unique constraint.
        taken = ("Er bestaat al een uitvraag", "De korte naam", "Zojuist")
        assert message.startswith(taken), message
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Wave.id))) == ROUNDS


def test_two_scripts_importing_the_same_new_contacts_at_once_both_succeed(
    session, server_url, token_for
):
    secrets = [token_for("coordinator")[1], token_for("coordinator")[1]]
    for round_no in range(ROUNDS):
        rows = [
            {"organisation": f"Gemeente R{round_no}-{i}", "org_type": "gemeente",
             "name": f"Persoon {i}", "email": f"p{i}@r{round_no}.test", "role": "bevoegd_gezag"}
            for i in range(5)
        ]  # fmt: skip

        def load(secret, rows=rows):
            with httpx.Client(base_url=server_url, headers=bearer(secret), timeout=60) as api:
                return api.post("/api/v1/contacts/import", json={"contacts": rows})

        answers = together(*(lambda s=s: load(s) for s in secrets))
        assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
        added = sorted(a.json()["contacts_added"] for a in answers)
        assert added == [0, 5]
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Contact.id))) == 5 * ROUNDS
