"""Staff sessions end on the server: a copied cookie is worthless after logout and friends."""

from __future__ import annotations

import os
import stat

import pytest

from config import BaseConfig, DevConfig, ProdConfig
from surveyapp import create_app
from surveyapp.admin.operations import set_staff_user_active
from surveyapp.extensions import db
from tests import factories as f
from tests.conftest import csrf_from, login


def copied_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str, path: str = "/coordinate/organisations"):
    """Another browser with the copied cookie (its own app context: nothing cached in `g`)."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    with app.app_context():
        return other.get(path)


def test_logout_ends_every_copy_of_the_session(app, client, login_as):
    login_as("coordinator")
    cookie = copied_cookie(client)
    assert replay(app, cookie).status_code == 200
    token = csrf_from(client.get("/coordinate/organisations/new").get_data(as_text=True))
    client.post("/logout", data={"csrf_token": token})
    # Before: the copied cookie still worked, for GET and for POST.
    response = replay(app, cookie)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    other = app.test_client()
    other.set_cookie("session", cookie)
    with app.app_context():
        post = other.post("/coordinate/organisations/new", data={"csrf_token": token, "name": "X"})
    assert post.status_code == 302 and post.headers["Location"].startswith("/login")


def test_deactivation_and_a_new_password_end_sessions(app, client, login_as, session):
    user = login_as("coordinator")
    cookie = copied_cookie(client)
    admin = f.StaffUserFactory(role="admin")
    set_staff_user_active(user, False, admin)
    session.commit()
    assert replay(app, cookie).status_code == 302
    user.set_active(True)
    session.commit()
    fresh = app.test_client()
    with app.app_context():  # a browser of its own (its own CSRF token)
        login(fresh, user.email)
    cookie = fresh.get_cookie("session").value
    assert replay(app, cookie).status_code == 200
    user.set_password("een nieuw lang wachtwoord")
    session.commit()
    assert replay(app, cookie).status_code == 302


def test_idle_and_absolute_timeouts(app, client, login_as):
    login_as("coordinator")
    with client.session_transaction() as s:
        s["staff_seen_at"] -= 31 * 60
    response = client.get("/coordinate/organisations")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login_as("evaluator")
    with client.session_transaction() as s:
        s["staff_login_at"] -= 13 * 3600
        s["staff_seen_at"] = s["staff_login_at"] + 13 * 3600 - 10  # active, but for too long
    assert client.get("/evaluate/").status_code == 302


def test_production_mode_ends_sessions_too(monkeypatch, database_url):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    app = create_app(ProdConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        db.create_all()
        user = f.StaffUserFactory(role="coordinator")
        db.session.commit()
        https = {"base_url": "https://localhost", "headers": {"Referer": "https://localhost/"}}
        client = app.test_client()
        token = csrf_from(client.get("/login", **https).get_data(as_text=True))
        form = {"email": user.email, "password": f.PASSWORD, "csrf_token": token}
        assert client.post("/login", data=form, **https).status_code == 302
        cookie = client.get_cookie("session", domain="localhost").value
        page = client.get("/coordinate/organisations/new", **https).get_data(as_text=True)
        client.post("/logout", data={"csrf_token": csrf_from(page)}, **https)
        other = app.test_client()
        other.set_cookie("session", cookie, domain="localhost")
        assert other.get("/coordinate/organisations", **https).status_code == 302
        db.session.remove()
        db.drop_all()
        db.engine.dispose()  # this app's own pool: no connection left for the collector


def test_development_gets_its_own_random_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(BaseConfig, "INSTANCE_DIR", tmp_path)  # never the project's own
    app = create_app(DevConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert app.instance_path == str(tmp_path)
    key_file = tmp_path / "secret_key"
    key = app.config["SECRET_KEY"]
    # Before: the public "dev-only-not-secret", so anyone could forge a respondent's session.
    assert key != "dev-only-not-secret" and len(key) == 64
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    again = create_app(DevConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert again.config["SECRET_KEY"] == key  # kept across restarts: sessions survive them


def test_production_refuses_a_missing_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app(ProdConfig)
