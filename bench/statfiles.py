"""Benchmark: the raw answers of 30,000 responses x 35 answers as SPSS, Stata and R files,
against the wide CSV they are built beside.

Prints the time of each file and the growth of peak memory (RSS) while writing it. Uses a
temporary SQLite file, or DATABASE_URL when set (its surveyapp tables are dropped and
recreated: point it at a scratch database).

    .venv/bin/python bench/statfiles.py [--responses 30000]
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.append(str(Path(__file__).resolve().parent))  # last: must not shadow analysis/

from _data import bench_database, fill

from surveyapp.extensions import db


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    with bench_database(__doc__) as args:
        import pyreadstat  # noqa: F401 - loaded before the clock starts

        from surveyapp.evaluate.results import raw, statfiles

        wave = fill(args.responses)
        print(f"database: {db.engine.dialect.name}; responses: {args.responses:,}")
        jobs = {
            "wide CSV": lambda: b"".join(raw.wide_csv(wave, 5)),
            "SPSS .sav": lambda: statfiles.sav_bytes(wave, 5)[0],
            "Stata .dta": lambda: statfiles.dta_bytes(wave, 5)[0],
            "R zip": lambda: statfiles.r_zip(wave, 5)[0],
        }
        for name, job in jobs.items():
            before = peak_mb()
            start = time.perf_counter()
            size = len(job())
            seconds = time.perf_counter() - start
            grown = peak_mb() - before
            print(f"{name:<11} {seconds:6.2f} s  {size / 1e6:6.1f} MB  peak RSS +{grown:4.0f} MB")


if __name__ == "__main__":
    main()
