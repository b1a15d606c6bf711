"""Generated data the benchmarks share: a 35-answer survey and a closed wave of responses."""

from __future__ import annotations

import argparse
import os
import tempfile
from contextlib import contextmanager

import numpy as np
import sqlalchemy as sa

from surveyapp.definitions.loader import validate
from surveyapp.extensions import db
from surveyapp.models import Answer, Response, SurveyVersion, Wave, WaveState

BASE_PG = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


def scratch_database(name: str) -> str:
    """Drop and create database `name` on the benchmark's PostgreSQL server; its URL."""
    url = sa.engine.make_url(BASE_PG.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def database_url(tmp: str) -> str:
    """DATABASE_URL when set (a scratch database: the bench drops its tables), else a SQLite
    file in the temporary folder `tmp`."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
    if url.startswith("postgres"):
        from config import _database_url

        url = _database_url(url)
    return url


@contextmanager
def bench_database(doc: str):
    """The benchmark's arguments (--responses) inside an app context on a scratch database:
    a temporary SQLite file, or DATABASE_URL (its surveyapp tables are dropped before and
    after: point it at a scratch database)."""
    from config import TestConfig
    from surveyapp import create_app

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--responses", type=int, default=30_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url(tmp)
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            if url.startswith("postgresql"):
                db.drop_all()  # the bench owns the tables of the database it is given
            db.create_all()
            try:
                yield args
            finally:
                db.session.remove()  # end the session's transaction before dropping its tables
                if url.startswith("postgresql"):
                    db.drop_all()


GRADES, LIKERT = 25, 5  # 25 grades + 5 statements at two timepoints = 35 answers


def definition() -> dict:
    questions = [
        {
            "key": f"cijfer_{i}",
            "type": "grade",
            "text": f"Cijfer {i}",
            "dont_know": True,
            "theme": f"thema{i % 5}",
        }
        for i in range(GRADES)
    ]
    questions += [
        {
            "key": f"stelling_{i}",
            "type": "likert",
            "text": f"Stelling {i}",
            "labels": ["1", "2", "3", "4", "5"],
            "timepoints": ["start", "nu"],
            "theme": "samenwerking",
        }
        for i in range(LIKERT)
    ]
    raw = {
        "format": 1,
        "slug": "bench",
        "title": "Bench",
        "sections": [{"key": "s", "title": "S", "questions": questions}],
    }
    out, problems = validate(raw)
    assert not problems, problems
    return out


def fill(n_responses: int, slug: str = "bench") -> Wave:
    """A closed wave of `n_responses` submitted responses, 35 answers each, in bulk."""
    rng = np.random.default_rng(1)
    version = SurveyVersion.build("bench", 1, definition())
    wave = Wave(slug=slug, name="Bench", survey_version=version, state=WaveState.CLOSED)
    db.session.add(wave)
    db.session.flush()
    org_types = rng.choice(
        ["provincie", "gemeente", "rijk", "waterschap"], n_responses, p=[0.3, 0.6, 0.05, 0.05]
    )
    db.session.execute(
        Response.__table__.insert(),
        [
            {
                "wave_id": wave.id,
                "status": "submitted",
                "source": "survey",
                "org_type": t,
                "organisation_name": f"Org {i}",
                "started_at": wave.created_at,
                "updated_at": wave.created_at,
                "submitted_at": wave.created_at,
            }
            for i, t in enumerate(org_types)
        ],
    )
    ids = [
        r
        for (r,) in db.session.execute(
            db.select(Response.id).where(Response.wave_id == wave.id).order_by(Response.id)
        )
    ]
    keys = [(f"cijfer_{i}", "") for i in range(GRADES)] + [
        (f"stelling_{i}", tp) for i in range(LIKERT) for tp in ("start", "nu")
    ]
    batch = []
    for rid in ids:
        grades = np.clip(np.rint(rng.normal(6.5, 1.3, len(keys))), 1, 10)
        dk = rng.random(len(keys)) < 0.04
        for (key, tp), g, d in zip(keys, grades, dk, strict=True):
            value = None if d else float(g if not tp else min(g // 2, 5) or 1)
            batch.append(
                {
                    "response_id": rid,
                    "question_key": key,
                    "timepoint": tp,
                    "value_num": value,
                    "dont_know": bool(d),
                }
            )
        if len(batch) >= 100_000:
            db.session.execute(Answer.__table__.insert(), batch)
            batch = []
    if batch:
        db.session.execute(Answer.__table__.insert(), batch)
    db.session.commit()
    return wave
