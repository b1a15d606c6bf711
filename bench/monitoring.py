"""Benchmark: the monitoring pages on the demo's 41 authorities, over 6 and over 36 years.

Loads the covenant demo (2015-2020 returns of 41 authorities), times the monitoring results
(one query + the tables), the evaluator's page, the downloads and the chapter, and the
respondent's prefilled return page; then adds 30 more years (copies of 2020) and times them
again. Uses a temporary SQLite file, or DATABASE_URL when set (point it at a scratch database:
its tables are dropped and recreated).

    .venv/bin/python bench/monitoring.py [--extra-years 30]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.append(str(Path(__file__).resolve().parent))  # last: must not shadow analysis/

from _data import database_url
from sqlalchemy import insert, select

from config import TestConfig
from surveyapp import create_app
from surveyapp.demo import DEMO_PASSWORD, demo_links, load_demo
from surveyapp.extensions import db
from surveyapp.models import Answer, Response, Wave, WaveState

SLUG = "monitoring-spoedlocaties"
URLS = {
    "results page": f"/evaluate/monitoring/{SLUG}",
    "returns CSV": f"/evaluate/monitoring/{SLUG}/opgaven.csv",
    "workbook XLSX": f"/evaluate/monitoring/{SLUG}/opgaven.xlsx",
    "trend SVG": f"/evaluate/monitoring/{SLUG}/trend.svg",
    "chapter DOCX": f"/evaluate/monitoring/{SLUG}/hoofdstuk.docx",
}
TARGET_S = 1.0


def timed(client, url: str, repeat: int = 5) -> float:
    """The median of `repeat` GETs, in seconds (after one warm-up)."""
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, url
    return statistics.median(times)


def add_years(n: int) -> None:
    """Copy the 2020 returns into `n` later closed yearly waves."""
    source = db.session.scalars(select(Wave).where(Wave.slug == "monitoring-2020")).one()
    responses = db.session.scalars(select(Response).where(Response.wave_id == source.id)).all()
    for year in range(2022, 2022 + n):
        wave = Wave(slug=f"bench-{year}", name=f"Bench {year}", period=year,
                    survey_version=source.survey_version, response_unit=source.response_unit,
                    state=WaveState.CLOSED)  # fmt: skip
        db.session.add(wave)
        db.session.flush()
        for old in responses:
            new = Response(
                wave_id=wave.id,
                organisation_id=old.organisation_id,
                status=old.status,
                source=old.source,
                org_type=old.org_type,
                organisation_name=old.organisation_name,
                submitted_at=old.submitted_at,
            )
            db.session.add(new)
            db.session.flush()
            rows = db.session.execute(
                select(Answer.question_key, Answer.value_num).where(Answer.response_id == old.id)
            ).all()
            db.session.execute(
                insert(Answer),
                [{"response_id": new.id, "question_key": k, "timepoint": "", "value_num": v,
                  "dont_know": False} for k, v in rows],
            )  # fmt: skip
    db.session.commit()


def measure(app, label: str) -> None:
    from surveyapp.evaluate.monitoring.results import monitoring_results

    with app.app_context():
        start = time.perf_counter()
        results = monitoring_results(SLUG)
        results.table("start")
        elapsed = time.perf_counter() - start
        print(f"{label}: {len(results.years)} years, {len(results.cells):,} cells")
        print(f"  results (query + tables)       {elapsed:6.3f} s")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/login", data={"csrf_token": token, "email": "evaluator@surveyapp.test",
                                "password": DEMO_PASSWORD})  # fmt: skip
    for name, url in URLS.items():
        seconds = timed(client, url)
        mark = "✔" if seconds <= TARGET_S else "✘"
        print(f"  {name:<30} {seconds:6.3f} s  (target ≤ {TARGET_S:.1f} s {mark})")
    with app.app_context():
        *_, (_wave, _org, link) = demo_links(None)
    respondent = app.test_client()
    respondent.get(f"/r/{link}")
    print(f"  respondent page, prefilled     {timed(respondent, '/r/p/1', 20) * 1000:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra-years", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url(tmp)
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=True)
        with app.app_context():
            db.drop_all()
            db.create_all()
            load_demo()
            db.session.commit()
        measure(app, "demo (41 authorities, 2015-2020)")
        with app.app_context():
            add_years(args.extra_years)
        measure(app, f"demo + {args.extra_years} years")


if __name__ == "__main__":
    main()
