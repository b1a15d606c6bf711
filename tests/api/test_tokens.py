"""Personal API tokens: made on one's own page or by the CLI, shown once, stored as a hash,
acting with the owner's role only; every bad token is a 401 problem and nothing else opens."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func

from surveyapp.extensions import db
from surveyapp.models import ApiToken, AuditEvent, utcnow
from surveyapp.models.api_token import token_digest
from tests import factories
from tests.conftest import bearer, csrf_from

SECRET_RE = re.compile(r'id="nieuwe-sleutel"[^>]*value="(sa_[A-Za-z0-9_\-]+)"')


def _make_on_page(client, name="responsscript", days="30"):
    token = csrf_from(client.get("/account/api-sleutels").get_data(as_text=True))
    return client.post(
        "/account/api-sleutels", data={"csrf_token": token, "name": name, "days": days}
    )


def test_a_token_made_on_the_page_is_shown_once_stored_as_hash_and_works(client, login_as):
    user = login_as("evaluator")
    html = _make_on_page(client).get_data(as_text=True)
    secret = SECRET_RE.search(html).group(1)
    assert len(secret) >= 3 + 43  # 32 random bytes: 256 bits
    stored = db.session.scalar(db.select(ApiToken))
    assert stored.digest == token_digest(secret) and secret not in str(vars(stored))
    assert secret not in client.get("/account/api-sleutels").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_from(html)})
    response = client.get("/api/v1/waves", headers=bearer(secret))
    assert response.status_code == 200, response.get_data(as_text=True)
    actions = [
        a
        for (a,) in db.session.execute(
            db.select(AuditEvent.action).where(AuditEvent.actor_id == user.id)
        )
    ]
    assert "api_token.create" in actions and "api_token.use" in actions


def test_bad_names_and_days_are_refused_in_dutch(client, login_as):
    login_as("coordinator")
    response = _make_on_page(client, name="", days="999")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Geef de sleutel een naam" in html and "Kies 1 tot en met 366 dagen." in html
    assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 0


def test_revoking_stops_the_token_at_once_and_only_ones_own(client, login_as, token_for):
    other, other_secret = token_for("coordinator")
    login_as("coordinator")
    secret = SECRET_RE.search(_make_on_page(client).get_data(as_text=True)).group(1)
    page = client.get("/account/api-sleutels").get_data(as_text=True)
    mine = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id != other.id))
    theirs = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == other.id))
    refused = client.post(
        f"/account/api-sleutels/{theirs.id}/intrekken", data={"csrf_token": csrf_from(page)}
    )
    assert refused.status_code == 404
    client.post(f"/account/api-sleutels/{mine.id}/intrekken", data={"csrf_token": csrf_from(page)})
    response = client.get("/api/v1/organisations", headers=bearer(secret))
    assert response.status_code == 401
    assert response.get_json()["detail"].startswith("Deze API-sleutel is ingetrokken.")
    assert client.get("/api/v1/organisations", headers=bearer(other_secret)).status_code == 200
    assert (
        db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "api_token.revoke"))
        is not None
    )


def test_the_cli_prints_a_token_once(app, session):
    user = factories.StaffUserFactory(role="coordinator", email="script@example.nl")
    session.commit()
    result = app.test_cli_runner().invoke(
        args=["users", "token", "script@example.nl", "--name", "nachtelijk", "--days", "7"]
    )
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert re.fullmatch(r"sa_[A-Za-z0-9_\-]{43}", secret)
    assert "shown only now" in result.stderr
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.digest == token_digest(secret)
    assert timedelta(days=6, hours=23) < token.expires_at - utcnow() <= timedelta(days=7)
    unknown = app.test_cli_runner().invoke(args=["users", "token", "niemand@x.nl", "--name", "a"])
    assert unknown.exit_code == 2 and "No active staff account" in unknown.output


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["type"].startswith("https://")
    return body


def test_every_bad_token_is_a_401_problem(client, session, token_for):
    user, secret = token_for("coordinator")
    expired_user, expired = token_for("coordinator")
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == expired_user.id))
    token.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    cases = {
        "geen": {},
        "malformed": {"Authorization": "Bearer"},
        "basic": {"Authorization": "Basic YWRtaW46YWRtaW4="},
        "unknown": bearer("sa_" + "x" * 43),
        "garbage": {"Authorization": "Bearer <script>alert(1)</script>"},
        "expired": bearer(expired),
    }
    details = {}
    for name, headers in cases.items():
        body = _problem(client.get("/api/v1/contacts", headers=headers), 401)
        details[name] = body["detail"]
    assert "verlopen" in details["expired"] and "onbekend" in details["unknown"]
    assert "Bearer" in details["malformed"]
    user.set_active(False)
    session.commit()
    assert (
        "gedeactiveerd"
        in _problem(client.get("/api/v1/contacts", headers=bearer(secret)), 401)["detail"]
    )


def test_a_browser_session_does_not_open_the_api_and_a_token_opens_no_page(
    client, login_as, token_for
):
    login_as("admin")
    _problem(client.get("/api/v1/waves"), 401)  # logged in, but no token
    _problem(client.post("/api/v1/waves", json={}), 401)
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_from(home)})
    _user, secret = token_for("admin")
    page = client.get("/coordinate/", headers=bearer(secret))
    assert page.status_code == 302 and "/login" in page.headers["Location"]


def test_csrf_does_not_apply_to_token_calls(client, token_for):
    _user, secret = token_for("coordinator")
    response = client.post(
        "/api/v1/contacts/import",
        headers=bearer(secret),
        json={
            "contacts": [
                {
                    "organisation": "Gemeente A",
                    "org_type": "gemeente",
                    "name": "Ans",
                    "email": "ans@a.test",
                    "role": "bevoegd_gezag",
                }
            ]
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)


def test_tokens_are_rate_limited_like_the_login(app, client, token_for):
    app.config["API_AUTH_FAILURE_LIMIT"] = "3 per minute"
    for _ in range(3):
        _problem(client.get("/api/v1/waves", headers=bearer("sa_" + "y" * 43)), 401)
    body = _problem(client.get("/api/v1/waves", headers=bearer("sa_" + "y" * 43)), 429)
    assert "Wacht" in body["detail"]
    app.config["API_AUTH_FAILURE_LIMIT"] = "1000 per minute"
    app.config["API_RATE_LIMIT"] = "2 per minute"
    _user, secret = token_for("evaluator")
    client.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    assert client.get("/api/v1/waves", headers=bearer(secret)).status_code == 200
    assert client.get("/api/v1/waves", headers=bearer(secret)).status_code == 200
    _problem(client.get("/api/v1/waves", headers=bearer(secret)), 429)


def test_the_token_pages_ask_for_a_login(client, token_for):
    """The auth blueprint is public in the role matrix; its token pages are not."""
    _user, _secret = token_for("coordinator")
    page = client.get("/account/api-sleutels")
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    token = csrf_from(client.get("/login").get_data(as_text=True))
    for path in ("/account/api-sleutels", "/account/api-sleutels/1/intrekken"):
        response = client.post(path, data={"csrf_token": token, "name": "x", "days": "5"})
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.scalar(db.select(func.count(ApiToken.id))) == 1  # none made or revoked
    assert db.session.scalar(db.select(ApiToken.revoked_at)) is None
