"""The Alembic migrations build the models' schema from nothing and take it down again."""

import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy.engine import make_url

from config import TestConfig, _database_url
from surveyapp import create_app, enable_migrations
from surveyapp.extensions import db
from tests.conftest import USE_PG, _admin_engine


@pytest.fixture
def empty_database_url(tmp_path):
    """An empty database of the kind under test: a new SQLite file, or a new PostgreSQL database."""
    if not USE_PG:
        yield f"sqlite:///{tmp_path / 'migrate.sqlite'}"
        return
    base = _database_url(os.environ["DATABASE_URL"])
    name = f"surveyapp_migr_{uuid.uuid4().hex[:10]}"
    admin = _admin_engine(base)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_matches_models_and_downgrade_empties(empty_database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    enable_migrations(app)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            tables = set(sa.inspect(conn).get_table_names())
        assert diff == [], f"models and migrations differ: {diff}"
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        with db.engine.begin() as conn:  # the status CHECK was widened by 0002
            conn.execute(
                sa.text(
                    "INSERT INTO outbox_message (kind, to_addr, subject, body_text, status, "
                    "attempts, next_attempt_at, created_at) VALUES ('x', 'a@b.nl', 's', 'b', "
                    "'cancelled', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
            with pytest.raises(sa.exc.IntegrityError), conn.begin_nested():
                conn.execute(sa.text("UPDATE outbox_message SET status = 'bogus'"))
        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}
        upgrade()  # and back up again, as a redeploy would
        db.engine.dispose()
