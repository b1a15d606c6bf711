"""Benchmark: a wave of 30,000 responses x 35 answers (about a million) -> DataFrame -> summary.

Prints the time to load the answers with one SQL query into pandas, the time of the full
results summary (descriptives, group comparisons, outliers, change, themes, suppression), and
the peak memory. Uses a temporary SQLite file, or DATABASE_URL when set (its surveyapp tables
are dropped and recreated: point it at a scratch database).

    .venv/bin/python bench/analysis.py [--responses 30000]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import TestConfig
from surveyapp import create_app
from surveyapp.definitions.loader import validate
from surveyapp.definitions.schema import Survey
from surveyapp.extensions import db
from surveyapp.models import Answer, Response, SurveyVersion, Wave, WaveState

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


def fill(n_responses: int) -> Wave:
    rng = np.random.default_rng(1)
    version = SurveyVersion.build("bench", 1, definition())
    wave = Wave(slug="bench", name="Bench", survey_version=version, state=WaveState.CLOSED)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=30_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
        if url.startswith("postgres"):
            from config import _database_url

            url = _database_url(url)
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            if url.startswith("postgresql"):
                db.drop_all()  # the bench owns the tables of the database it is given
            db.create_all()
            t0 = time.perf_counter()
            wave = fill(args.responses)
            t1 = time.perf_counter()
            from surveyapp.evaluate.frames import answers_frame
            from surveyapp.evaluate.summary import build_results

            frame = answers_frame([wave.id])
            t2 = time.perf_counter()
            survey = Survey.from_definition(wave.survey_version.definition)
            results = build_results(wave, survey, frame=frame)
            t3 = time.perf_counter()
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"database: {db.engine.dialect.name}")
            print(f"responses: {args.responses:,}  answers: {len(frame):,}")
            print(f"fill database:        {t1 - t0:7.2f} s (setup, not the product path)")
            print(f"answers -> DataFrame: {t2 - t1:7.2f} s (one SQL query)")
            items = len(results.items)
            print(f"full summary:         {t3 - t2:7.2f} s ({items} items, from the frame)")
            print(f"peak memory (RSS):    {peak_mb:7.0f} MB")
            sys.stdout.flush()
            db.session.remove()  # end the session's transaction before dropping its tables
            if url.startswith("postgresql"):
                db.drop_all()


if __name__ == "__main__":
    main()
