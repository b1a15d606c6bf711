"""The rank-test intervals against R's wilcox.test(conf.int = TRUE) and against a full scan.

`reference/wilcox_intervals.json` holds 410 sets with R 4.2.2's intervals, written by
`reference/wilcox_intervals.R`: paired and two-group, with ties (R's normal approximation) and
without (R's exact Bauer interval).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from analysis import change, compare, intervals, ranktests

REFERENCE = json.loads((Path(__file__).parent / "reference" / "wilcox_intervals.json").read_text())
R_TOLERANCE = 2e-4  # R's uniroot stops within 1e-4 of the jump; exact bounds agree to 1e-12


def _ours(case: dict) -> tuple[float, float]:
    method = "exact" if case["exact"] else "normal"
    x = np.array(case["x"], dtype=float)
    if case["kind"] == "paired":
        changed = x[x != 0]
        return intervals.signed_rank_interval(x, intervals.walsh_median(changed), method=method)
    y = np.array(case["y"], dtype=float)
    return intervals.shift_interval(x, y, compare.hodges_lehmann(x, y)[0], method=method)


@pytest.mark.parametrize("case", REFERENCE, ids=lambda c: f"{c['kind']}-{len(c['x'])}")
def test_intervals_agree_with_r(case):
    low, high = _ours(case)
    r_low, r_high, level = case["low"], case["high"], case["level"]
    if case["exact"]:
        assert (low, high) == pytest.approx((r_low, r_high), abs=1e-12)
    elif level < 0.95:
        # R searches only between min(x) and max(x) and lowers its level when the test at
        # min(x) (those values dropped) is not beyond the quantile; the 95% closure holds R's.
        assert low - R_TOLERANCE <= r_low and r_high <= high + R_TOLERANCE
    elif r_high - r_low < 1e-3:
        # R's root search lands on a single jump: only that point is accepted (ours too, when
        # it is 0, which the test accepts) or none (ours: no interval).
        point = (low, high) == pytest.approx((r_low, r_high), abs=R_TOLERANCE) and low == high
        assert point or (math.isnan(low) and math.isnan(high))
    else:
        assert abs(low - r_low) <= R_TOLERANCE and abs(high - r_high) <= R_TOLERANCE


def test_the_reference_covers_each_construction():
    kinds = {(c["kind"], c["exact"]) for c in REFERENCE}
    assert kinds == {("paired", True), ("paired", False), ("groups", True), ("groups", False)}
    assert sum(c["level"] < 0.95 for c in REFERENCE) <= 3  # the documented difference stays rare


def test_issue_19_signed_rank_examples():
    """Before: 0,25 to 0,5 around an estimate of 0,0; and 0 to 0 where R gives −1 to 0."""
    c = change.paired_change([0] * 21, [0] * 15 + [1] * 6)
    assert c.pvalue == pytest.approx(2 / 64)
    assert c.estimate == 1.0  # the six pairs that changed all went up by 1
    assert math.isnan(c.ci_low)  # six equal changes: no shift but 1 itself is accepted
    d = [-2] * 3 + [-1] * 21 + [0] * 47 + [1] * 16 + [2] * 2
    c = change.paired_change([0] * len(d), d)
    assert (c.ci_low, c.ci_high) == (-1.0, 0.0)


def test_issue_19_mann_whitney_bound_is_the_jump_not_a_midpoint():
    """Bounds used to be the accepted grid midpoints, half a point inside R's."""
    x, y = np.arange(1, 11), np.arange(10)
    # R: wilcox.test(1:10, 0:9, conf.int = TRUE, exact = FALSE) gives -1.99996 to 3.99996
    assert compare.hodges_lehmann(x, y, method="normal") == (1.0, -2.0, 4.0)


def _scan(points, accepts) -> tuple[float, float] | None:
    """Brute force: the closure of the accepted gaps, testing each gap's midpoint; None when
    ties make the accepted gaps ragged (bisection then finds one of the jumps, as R does)."""
    edges = np.concatenate([[points[0] - 1], points, [points[-1] + 1]])
    accepted = [i for i in range(edges.size - 1) if accepts((edges[i] + edges[i + 1]) / 2)]
    if not accepted:
        return float("nan"), float("nan")
    if accepted[-1] - accepted[0] + 1 != len(accepted):
        return None
    return float(edges[accepted[0]]), float(edges[accepted[-1] + 1])


@pytest.mark.parametrize("method", ["exact", "normal"])
def test_bisection_finds_what_a_full_scan_finds(method):
    rng = np.random.default_rng(19)
    compared = 0
    for _ in range(120):
        x = rng.integers(1, 11, rng.integers(4, 25)).astype(float)
        y = rng.integers(1, 11, rng.integers(4, 25)).astype(float)
        points = np.unique((np.unique(x)[:, None] - np.unique(y)[None, :]).ravel())
        exact = method == "exact"
        scanned = _scan(points, lambda s, x=x, y=y, exact=exact: accepts(x - s, y, exact))
        p = ranktests.mann_whitney(x, y, exact=exact).pvalue
        if scanned is None or (p < 0.05 and scanned[0] < 0 < scanned[1]):
            continue  # ragged: the interval is cut at 0, checked in test_ranktests
        found = intervals.shift_interval(x, y, compare.hodges_lehmann(x, y)[0], method=method)
        assert found == pytest.approx(scanned, nan_ok=True), (x, y)
        compared += 1
    assert compared > 100


def accepts(x, y, exact: bool) -> bool:
    return ranktests.mann_whitney(x, y, exact=exact).pvalue >= 0.05


def test_too_large_an_exact_count_falls_back_and_says_so():
    """bench/ranktests.py prints the cost; 199 decimal pairs took 9 minutes before."""
    rng = np.random.default_rng(7)
    d = rng.normal(0.2, 1, 199)  # 199 distinct decimals: the exact count would be too large
    c = change.paired_change(np.zeros(d.size), d)
    assert c.method == "normal-fallback"
    assert c.pvalue == pytest.approx(ranktests.signed_rank(d, exact=False).pvalue, rel=1e-15)
    assert ranktests.signed_rank(rng.integers(-3, 4, 200)).method == "exact"  # grades stay exact
    assert change.paired_change(np.zeros(150), rng.normal(0.2, 1, 150)).method == "exact"
