"""Benchmark: the API's heavy reads on 30,000 responses x 35 answers, through the real app
(test client, bearer token): the raw answers as NDJSON and as CSV, the results JSON the first
time, from the cache, and as a 304 on If-None-Match.

Uses a temporary SQLite file, or DATABASE_URL when set (its surveyapp tables are dropped and
recreated: point it at a scratch database).

    .venv/bin/python bench/api.py [--responses 30000]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.append(str(Path(__file__).resolve().parent))  # last: must not shadow analysis/

from _data import bench_database, fill
from flask import current_app

from surveyapp.auth.operations import issue_token
from surveyapp.extensions import db
from surveyapp.models import StaffRole, StaffUser


def timed(client, path: str, headers: dict) -> tuple[float, int, int]:
    start = time.perf_counter()
    response = client.get(path, headers=headers)
    size = len(response.get_data())  # a streamed body is produced here
    return time.perf_counter() - start, response.status_code, size


def main() -> None:
    with bench_database(__doc__) as args:
        wave = fill(args.responses)
        user = StaffUser(email="bench@example.nl", role=StaffRole.EVALUATOR, password_hash="x")
        db.session.add(user)
        _token, secret = issue_token(user, "bench", 1)
        db.session.commit()
        headers = {"Authorization": f"Bearer {secret}"}
        client = current_app.test_client()
        print(f"database: {db.engine.dialect.name}; responses: {args.responses:,}")
        base = f"/api/v1/waves/{wave.id}"
        jobs = [
            ("answers NDJSON (long)", f"{base}/answers", {}),
            ("answers CSV (long)", f"{base}/answers?format=csv", {}),
            ("answers NDJSON (wide)", f"{base}/answers?shape=wide", {}),
            ("results, first call", f"{base}/results", {}),
            ("results, cached", f"{base}/results", {}),
        ]
        etag = None
        for name, path, extra in jobs:
            seconds, status, size = timed(client, path, {**headers, **extra})
            if path.endswith("/results"):
                etag = client.get(path, headers=headers).headers["ETag"]
            print(f"{name:<24} {seconds:6.2f} s  {status}  {size / 1e6:6.1f} MB")
        seconds, status, size = timed(client, f"{base}/results", {**headers, "If-None-Match": etag})
        print(f"{'results, If-None-Match':<24} {seconds:6.3f} s  {status}  {size} bytes")


if __name__ == "__main__":
    main()
