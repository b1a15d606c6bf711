"""Benchmark: what the exact rank tests cost, and how far the normal approximation is off.

For grade data (1-10, many ties) it prints, per total sample size, the time of one exact
Mann-Whitney test and of its inverted interval, and the largest and median gap between the
exact and the normal p-value over random samples; the same for the signed-rank test by number
of pairs. `analysis.ranktests.EXACT_MAX_N` and `EXACT_MAX_PAIRS` were chosen from this table.

    .venv/bin/python bench/ranktests.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis import intervals, ranktests

RNG = np.random.default_rng(2020)
SAMPLES = 40


def timed(fn, *args, **kw) -> float:
    start = time.perf_counter()
    fn(*args, **kw)
    return (time.perf_counter() - start) * 1000


def grades(n: int) -> np.ndarray:
    return RNG.choice(
        np.arange(1, 11), n, p=[0.02, 0.02, 0.04, 0.08, 0.14, 0.2, 0.25, 0.15, 0.07, 0.03]
    )


def two_groups() -> None:
    print("Mann-Whitney (two groups, grades with ties)")
    print(f"{'N':>5} {'test ms':>8} {'interval ms':>12} {'max |exact-normal|':>19} {'median':>8}")
    for n in (10, 20, 30, 40, 50, 60, 80):
        gaps, test_ms, interval_ms = [], [], []
        for _ in range(SAMPLES):
            small = max(3, n // 3)
            x, y = grades(small), grades(n - small) + RNG.integers(0, 2, n - small)
            ranktests._mw_cached.cache_clear()
            test_ms.append(timed(ranktests.mann_whitney, x, y, exact=True))
            exact = ranktests.mann_whitney(x, y, exact=True).pvalue
            normal = ranktests.mann_whitney(x, y, exact=False).pvalue
            gaps.append(abs(exact - normal))
            ranktests._mw_cached.cache_clear()
            interval_ms.append(timed(intervals.shift_interval, x, y, 0.0, method="exact"))
        print(
            f"{n:>5} {np.median(test_ms):>8.2f} {np.median(interval_ms):>12.1f} "
            f"{max(gaps):>19.4f} {np.median(gaps):>8.4f}"
        )


def paired() -> None:
    print("\nWilcoxon signed-rank (pairs, differences -3..3 with ties)")
    print(
        f"{'pairs':>5} {'test ms':>8} {'interval ms':>12} {'max |exact-normal|':>19} {'median':>8}"
    )
    for n in (10, 25, 50, 100, 200, 400):
        gaps, test_ms, interval_ms = [], [], []
        for _ in range(SAMPLES):
            d = RNG.integers(-3, 4, n) + RNG.choice([0, 0, 1], n)
            test_ms.append(timed(ranktests.signed_rank, d, exact=True))
            gaps.append(
                abs(
                    ranktests.signed_rank(d, exact=True).pvalue
                    - ranktests.signed_rank(d, exact=False).pvalue
                )
            )
            interval_ms.append(timed(intervals.signed_rank_interval, d, 0.0, method="exact"))
        print(
            f"{n:>5} {np.median(test_ms):>8.2f} {np.median(interval_ms):>12.1f} "
            f"{max(gaps):>19.4f} {np.median(gaps):>8.4f}"
        )


def decimals() -> None:
    """All-different values: the worst case for the exact counts (one tie group per value)."""
    print(
        "\nDecimals, no ties (default method: exact, or the normal fallback above the work limit)"
    )
    print(f"{'test':>12} {'n':>5} {'method':>16} {'test ms':>8} {'interval ms':>12}")
    for n in (25, 50):
        x, y = RNG.normal(0, 1, n // 2), RNG.normal(0.3, 1, n - n // 2)
        ranktests._mw_cached.cache_clear()
        test_ms = timed(ranktests.mann_whitney, x, y)
        method = ranktests.mann_whitney(x, y).method
        interval_ms = timed(intervals.shift_interval, x, y, 0.0, method=method)
        print(f"{'two groups':>12} {n:>5} {method:>16} {test_ms:>8.2f} {interval_ms:>12.1f}")
    for n in (50, 100, 150, 170, 199):
        d = RNG.normal(0.2, 1, n)
        method = ranktests.signed_rank(d).method
        test_ms = timed(ranktests.signed_rank, d)
        interval_ms = timed(intervals.signed_rank_interval, d, 0.0, method=method)
        print(f"{'pairs':>12} {n:>5} {method:>16} {test_ms:>8.2f} {interval_ms:>12.1f}")


if __name__ == "__main__":
    two_groups()
    paired()
    decimals()
    print(
        f"\nchosen: exact up to {ranktests.EXACT_MAX_N} answers (two groups), "
        f"{ranktests.EXACT_MAX_PAIRS} pairs (signed-rank)"
    )
