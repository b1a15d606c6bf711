"""Fixtures: a fresh real database per test (SQLite, or PostgreSQL when DATABASE_URL is set)."""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import threading
import uuid

import numpy as np
import pytest
import sqlalchemy as sa
from hypothesis import settings
from scipy.stats import rankdata
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from config import TestConfig, _database_url
from surveyapp import create_app
from surveyapp.extensions import db
from tests import factories

PG_URL = os.environ.get("DATABASE_URL", "")

# Property tests: deterministic everywhere but in `explore`, so a red run is never chance.
# `make test` runs the light profile; .ci/run sets HYPOTHESIS_PROFILE=ci (thorough);
# HYPOTHESIS_PROFILE=explore searches with fresh random examples, for a person to run on purpose.
settings.register_profile("dev", max_examples=25, derandomize=True, database=None)
settings.register_profile("ci", max_examples=150, derandomize=True, database=None)
settings.register_profile("explore", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
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


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory, pg_database):
    """The covenant demo, built once per test session: a SQLite file that each test copies,
    or a PostgreSQL database that each test's database is created from (TEMPLATE)."""
    from surveyapp.demo import load_demo

    if USE_PG:
        name = f"surveyapp_demo_{uuid.uuid4().hex[:10]}"
        _admin_sql(pg_database, f'CREATE DATABASE "{name}"')
        url = make_url(pg_database).set(database=name).render_as_string(hide_password=False)
    else:
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
        name, url = str(path), f"sqlite:///{path}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
        load_demo()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    try:
        yield name
    finally:
        if USE_PG:
            _admin_sql(pg_database, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def database_url(request, tmp_path, pg_database):
    """The URL of this test's database: empty, or a copy of the demo when the test asks for
    the `demo` fixture."""
    if "demo" not in request.fixturenames:
        yield pg_database or f"sqlite:///{tmp_path / 'test.sqlite'}"
        return
    snapshot = request.getfixturevalue("demo_snapshot")
    if not USE_PG:
        shutil.copyfile(snapshot, tmp_path / "test.sqlite")
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
        return
    name = f"surveyapp_test_{uuid.uuid4().hex[:10]}"
    _admin_sql(pg_database, f'CREATE DATABASE "{name}" TEMPLATE "{snapshot}"')
    try:
        yield make_url(pg_database).set(database=name).render_as_string(hide_password=False)
    finally:
        _admin_sql(pg_database, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def demo(session):
    """The covenant demo's data in this test's database (copied from `demo_snapshot`)."""
    return session


def pandas_objects(value, path: str = "", depth: int = 0) -> list[str]:
    """Where a template context holds a pandas or numpy object (DataFrames, numpy scalars):
    templates receive plain rows and numbers only. Walks containers and dataclass fields."""
    import dataclasses

    import numpy as np
    import pandas as pd

    if isinstance(value, pd.DataFrame | pd.Series | pd.Index | np.ndarray | np.generic):
        return [f"{path}: {type(value).__name__}"]
    if depth > 6 or isinstance(value, str | bytes | int | float | bool | type(None)):
        return []
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple | set | frozenset):
        items = enumerate(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value) if f.compare)
    else:
        return []
    return [hit for k, v in items for hit in pandas_objects(v, f"{path}.{k}", depth + 1)]


def refuse_pandas_in_templates(_app, template, context, **_extra) -> None:
    found = [hit for k, v in context.items() for hit in pandas_objects(v, k)]
    assert not found, f"{template.name} received pandas/numpy objects: {found[:5]}"


@pytest.fixture
def app(request, database_url):
    """The app on a fresh database; PostgreSQL tables are emptied after each test. Every
    template rendered receives plain rows only (`refuse_pandas_in_templates`)."""
    from flask import before_render_template

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    before_render_template.connect(refuse_pandas_in_templates, app)
    with app.app_context():
        db.create_all()
        factories.bind(db.session)
        yield app
        db.session.remove()
        if USE_PG and "demo" not in request.fixturenames:  # a demo copy is dropped instead
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture
def session(app):
    return db.session


@pytest.fixture
def server_url(app):
    """Serve the test app on a free loopback port in a background thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


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


@pytest.fixture
def token_for(session):
    """`token_for("coordinator")` -> (user, secret): a committed account with an API token."""
    from surveyapp.auth.operations import issue_token

    def make(role: str, days: int = 30, user=None):
        user = user or factories.StaffUserFactory(role=role)
        _token, secret = issue_token(user, f"test {role}", days, user)
        session.commit()
        return user, secret

    return make


def bearer(secret: str) -> dict[str, str]:
    """The header of an API call with this token."""
    return {"Authorization": f"Bearer {secret}"}


from tests.smtp_server import smtp  # noqa: E402, F401 - the real SMTP server fixture


def brute_mann_whitney(x, y) -> float:
    """Two-sided permutation p of the rank sum of x, midranks kept, by listing every split."""
    pool = np.array(list(x) + list(y), dtype=float)
    ranks = rankdata(pool)
    n1 = len(x)
    centre = n1 * (pool.size + 1) / 2
    observed = abs(ranks[:n1].sum() - centre)
    splits = list(itertools.combinations(range(pool.size), n1))
    extreme = sum(abs(ranks[list(s)].sum() - centre) >= observed - 1e-9 for s in splits)
    return extreme / len(splits)
