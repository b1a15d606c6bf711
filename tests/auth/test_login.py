"""Login, logout, CSRF and throttling through the real forms."""

import pytest

from surveyapp.models import AuditEvent, StaffUser
from tests import factories as f
from tests.conftest import csrf_from, login


@pytest.fixture
def coordinator(session):
    user = f.StaffUserFactory(email="coord@example.nl", role="coordinator")
    session.commit()
    return user


def test_login_page_is_dutch_and_has_csrf(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "Inloggen" in html and "E-mailadres" in html
    assert csrf_from(html)


def test_login_success_redirects_to_role_home_and_audits(client, coordinator, session):
    response = login(client, "COORD@example.nl ")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/coordinate/")
    assert "U bent ingelogd" in client.get("/coordinate/").get_data(as_text=True)
    assert session.query(AuditEvent).filter_by(action="login").count() == 1
    assert session.get(StaffUser, coordinator.id).last_login_at is not None


def test_session_cookie_is_httponly_and_samesite(client, coordinator):
    response = login(client, coordinator.email)
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.mark.parametrize(
    ("email", "password"),
    [("coord@example.nl", "wrong password!"), ("nobody@example.nl", f.PASSWORD)],
)
def test_wrong_password_and_unknown_user_look_the_same(client, coordinator, email, password):
    response = login(client, email, password)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Het e-mailadres of het wachtwoord klopt niet" in html
    assert "nobody" not in html.split("<form")[0]
    assert client.get("/coordinate/").status_code == 302


def test_inactive_user_cannot_log_in(client, session, coordinator):
    coordinator.active = False
    session.commit()
    assert login(client, coordinator.email).status_code == 200
    assert client.get("/coordinate/").status_code == 302


def test_login_without_csrf_token_is_refused_with_dutch_message(client, coordinator):
    response = client.post("/login", data={"email": coordinator.email, "password": f.PASSWORD})
    assert response.status_code == 400
    assert "Het formulier is verlopen" in response.get_data(as_text=True)
    assert client.get("/coordinate/").status_code == 302


def test_next_parameter_is_followed_only_within_the_site(client, coordinator):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    data = {"email": coordinator.email, "password": f.PASSWORD, "csrf_token": token}
    response = client.post("/login?next=/coordinate/contacts", data=data)
    assert response.headers["Location"] == "/coordinate/contacts"
    client.post("/logout", data={"csrf_token": token})
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        token = csrf_from(client.get("/login").get_data(as_text=True))
        data["csrf_token"] = token
        response = client.post(f"/login?next={evil}", data=data)
        assert "evil" not in response.headers["Location"]
        client.post("/logout", data={"csrf_token": token})


def test_logout_needs_post_with_csrf(client, coordinator):
    login(client, coordinator.email)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    token = csrf_from(client.get("/coordinate/").get_data(as_text=True))
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get("/coordinate/").status_code == 302


def test_login_is_throttled_per_address(client, coordinator):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    statuses = []
    for i in range(12):
        data = {"email": f"guess{i}@example.nl", "password": "x" * 12, "csrf_token": token}
        statuses.append(client.post("/login", data=data).status_code)
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]
    page = client.post("/login", data={**data, "email": coordinator.email}).get_data(as_text=True)
    assert "Te veel pogingen" in page
    assert "Wacht een paar minuten" in page


def test_login_is_throttled_per_account_across_addresses(client, coordinator):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    data = {"email": coordinator.email, "password": "not the one!", "csrf_token": token}
    statuses = [
        client.post("/login", data=data, environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code
        for i in range(22)
    ]
    assert statuses[:20] == [200] * 20
    assert statuses[20:] == [429, 429]
