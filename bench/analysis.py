"""Benchmark: a wave of 30,000 responses x 35 answers (about a million) -> DataFrame -> summary.

Prints the time to load the answers with one SQL query into pandas, the time of the full
results summary (descriptives, group comparisons, outliers, change, themes, suppression), and
the peak memory. Uses a temporary SQLite file, or DATABASE_URL when set (its surveyapp tables
are dropped and recreated: point it at a scratch database).

    .venv/bin/python bench/analysis.py [--responses 30000]
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.append(str(Path(__file__).resolve().parent))  # last: must not shadow analysis/

from _data import bench_database, fill

from surveyapp.definitions.schema import Survey
from surveyapp.extensions import db


def main() -> None:
    with bench_database(__doc__) as args:
        # pandas and scipy load on first use; import them before the clock starts.
        from surveyapp.evaluate.results.frames import answers_frame
        from surveyapp.evaluate.results.pipeline import build_results

        t0 = time.perf_counter()
        wave = fill(args.responses)
        t1 = time.perf_counter()

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


if __name__ == "__main__":
    main()
