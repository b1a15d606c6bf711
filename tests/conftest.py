"""Fixtures: a fresh real database per test (SQLite, or PostgreSQL when DATABASE_URL is set)."""

from __future__ import annotations

import io
import os
import re
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from config import TestConfig, _database_url
from surveyapp import create_app
from surveyapp.extensions import db
from tests import factories

PG_URL = os.environ.get("DATABASE_URL", "")
USE_PG = PG_URL.startswith(("postgres://", "postgresql"))


def _admin_engine(url: str) -> sa.Engine:
    return sa.create_engine(
        make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool
    )


@pytest.fixture(scope="session")
def pg_database():
    """A throw-away PostgreSQL database for this test session, dropped at the end."""
    if not USE_PG:
        yield None
        return
    base = _database_url(PG_URL)
    name = f"surveyapp_test_{uuid.uuid4().hex[:10]}"
    _admin_sql(base, f'CREATE DATABASE "{name}"')
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        _admin_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin_sql(url: str, sql: str) -> None:
    """One statement on the server's maintenance database, its connection closed at once."""
    import psycopg

    server = make_url(url).set(drivername="postgresql", database="postgres")
    with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def database_url(tmp_path, pg_database) -> str:
    """The URL of this test's database."""
    if pg_database:
        return pg_database
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def app(database_url):
    """The app on a fresh database; PostgreSQL tables are emptied after each test."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        db.create_all()
        factories.bind(db.session)
        yield app
        db.session.remove()
        if USE_PG:
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture
def session(app):
    return db.session


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token in a rendered page."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post_file(client, url: str, data: bytes, filename: str):
    """Upload a file through the page's own form at `url`, CSRF token included."""
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(
        url,
        data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def login(client, email: str, password: str = factories.PASSWORD):
    """Log in through the real form, CSRF token included."""
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def login_as(client, session):
    """Create a staff user of a role and log the test client in as them."""

    def _login(role: str):
        user = factories.StaffUserFactory(role=role)
        session.commit()
        response = login(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return _login


from tests.smtp_server import smtp  # noqa: E402, F401 - the real SMTP server fixture
