"""Security headers everywhere and Dutch error pages without tracebacks."""

import pytest
from flask import Blueprint

from config import ProdConfig
from surveyapp import create_app

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def assert_secure_headers(response):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    csp = response.headers["Content-Security-Policy"]
    for part in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert part in csp


@pytest.mark.parametrize("path", ["/", "/login", "/static/app.css", "/does-not-exist"])
def test_headers_on_pages_static_and_errors(client, path):
    with client.get(path) as response:
        assert_secure_headers(response)


def test_not_found_is_a_dutch_page(client):
    response = client.get("/nergens")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Pagina niet gevonden" in html
    assert "Traceback" not in html


def test_unexpected_error_is_a_calm_dutch_500(app, client):
    bp = Blueprint("boom", __name__)

    @bp.route("/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    app.register_blueprint(bp)
    response = client.get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Er ging iets mis" in html
    assert "secret internal detail" not in html and "Traceback" not in html
    assert_secure_headers(response)


def test_oversized_body_is_413_in_dutch(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/login", data={"email": "x" * 5000})
    assert response.status_code == 413
    assert "Te veel gegevens" in response.get_data(as_text=True)


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app(ProdConfig)


def test_production_sends_hsts_and_secure_cookies(monkeypatch, database_url):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    app = create_app(ProdConfig, SECRET_KEY="x" * 64, SQLALCHEMY_DATABASE_URI=database_url)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    with app.test_client().get("/static/app.css") as response:
        assert "max-age=" in response.headers["Strict-Transport-Security"]
