"""Exact rank tests against brute-force enumeration, R's values, and the issue's examples.

Brute force here is independent of the dynamic programme in `analysis.ranktests`: it lists
every split of the pooled answers (Mann–Whitney) or every sign pattern (signed-rank).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy.stats import rankdata

from analysis import change, compare, intervals, ranktests
from tests.conftest import brute_mann_whitney

approx = pytest.approx


def brute_signed_rank(d) -> float:
    """Two-sided p of W+ over every sign pattern of the nonzero differences (midranks)."""
    d = np.array([v for v in d if v != 0], dtype=float)
    if d.size == 0:
        return 1.0
    ranks = rankdata(np.abs(d))
    centre = ranks.sum() / 2
    observed = abs(ranks[d > 0].sum() - centre)
    patterns = list(itertools.product([0, 1], repeat=d.size))
    extreme = sum(
        abs(ranks[np.array(p, dtype=bool)].sum() - centre) >= observed - 1e-9 for p in patterns
    )
    return extreme / len(patterns)


def test_the_issues_examples_get_exact_p_values():
    # Before: 0,025, 0,039 and 0,317 (normal approximation without continuity correction).
    assert change.paired_change([5] * 5, [6] * 5).pvalue == approx(0.0625)
    assert change.paired_change([7, 6, 7, 4, 4], [10, 7, 8, 6, 5]).pvalue == approx(0.0625)
    assert change.paired_change([5, 5, 5], [5, 5, 6]).pvalue == 1.0  # R: 1
    # Before: 0,041 from the normal approximation; the exact permutation p is 0,079.
    r = compare.compare_values([7, 7, 7, 8, 8], [6, 6, 6, 7, 7])
    assert r.pvalue == approx(0.0794, abs=1e-4) and r.method == "exact"
    assert r.pvalue == approx(brute_mann_whitney([7, 7, 7, 8, 8], [6, 6, 6, 7, 7]))


def test_mann_whitney_equals_brute_force_enumeration():
    rng = np.random.default_rng(11)
    for _ in range(40):
        x = rng.integers(3, 9, rng.integers(1, 7))
        y = rng.integers(3, 9, rng.integers(1, 7))
        assert ranktests.mann_whitney(x, y).pvalue == approx(brute_mann_whitney(x, y)), (x, y)


def test_signed_rank_equals_brute_force_enumeration():
    rng = np.random.default_rng(12)
    for _ in range(40):
        d = rng.integers(-3, 4, rng.integers(1, 12))
        assert ranktests.signed_rank(d).pvalue == approx(brute_signed_rank(d)), d


def test_exact_without_ties_equals_the_classic_tables():
    # R: wilcox.test(c(1.1, 2.2, 3.3, 4.4), c(5.5, 6.6, 7.7, 8.8, 9.9)) -> p = 0.01587
    r = ranktests.mann_whitney([1.1, 2.2, 3.3, 4.4], [5.5, 6.6, 7.7, 8.8, 9.9])
    assert r.pvalue == approx(2 / math.comb(9, 4))
    # R: wilcox.test(c(1, -2, 3, 4, 5, 6)) -> V = 19, p-value = 0.09375
    s = ranktests.signed_rank([1, -2, 3, 4, 5, 6])
    assert (s.statistic, s.pvalue) == (19.0, approx(6 / 64))


def test_one_sided_alternatives():
    x, y = [7, 8, 9, 9], [5, 6, 7]
    greater = ranktests.mann_whitney(x, y, alternative="greater").pvalue
    less = ranktests.mann_whitney(x, y, alternative="less").pvalue
    assert greater < 0.1 < less and greater + less >= 1
    assert ranktests.mann_whitney(y, x, alternative="less").pvalue == approx(greater)


def test_large_samples_use_the_normal_approximation_like_r():
    rng = np.random.default_rng(3)
    x, y = rng.integers(1, 11, 40), rng.integers(1, 11, 35)
    r = ranktests.mann_whitney(x, y)
    assert r.method == "normal"
    from scipy.stats import mannwhitneyu, wilcoxon

    assert r.pvalue == approx(mannwhitneyu(x, y, method="asymptotic").pvalue, rel=1e-12)
    d = rng.integers(-3, 4, 300)
    s = ranktests.signed_rank(d)
    assert s.method == "normal"
    assert s.pvalue == approx(wilcoxon(d, method="approx", correction=True).pvalue, rel=1e-12)


def _agrees(pvalue: float, low: float, high: float) -> bool:
    """0 accepted lies in the interval; 0 rejected is at most a bound (where the decision
    changes, as in R's construction)."""
    return (low <= 0 <= high) if pvalue >= 0.05 else not (low < 0 < high)


def test_intervals_and_tests_agree():
    """About 1 in 6 small random cases disagreed before; now none may."""
    rng = np.random.default_rng(5)
    checked = 0
    for _ in range(300):
        x = rng.integers(4, 10, rng.integers(3, 12))
        y = rng.integers(3, 9, rng.integers(3, 12))
        r = compare.compare_values(x, y)
        if not math.isnan(r.hl_low):
            checked += 1
            assert _agrees(r.pvalue, r.hl_low, r.hl_high), (x, y)
            assert r.hl_low <= r.hl_estimate <= r.hl_high, (x, y)
        before = rng.integers(3, 9, rng.integers(3, 15))
        after = before + rng.integers(-2, 4, before.size)
        c = change.paired_change(before, after)
        if not math.isnan(c.ci_low):
            checked += 1
            assert _agrees(c.pvalue, c.ci_low, c.ci_high), (before, after)
            assert c.ci_low <= c.estimate <= c.ci_high, (before, after)
    assert checked > 300


def test_interval_holds_exactly_the_shifts_the_test_accepts():
    x, y = np.arange(1, 11), np.arange(10)
    estimate, low, high = compare.hodges_lehmann(x, y)
    assert estimate == 1.0
    for delta in np.arange(-5, 7.01, 0.25):
        accepted = ranktests.mann_whitney(x - delta, y).pvalue >= 0.05
        if low <= delta <= high:
            assert accepted, delta
        elif delta < low - 0.5 or delta > high + 0.5:
            assert not accepted, delta


def test_walsh_median_equals_brute_force():
    rng = np.random.default_rng(0)
    for _ in range(100):
        d = rng.integers(-3, 4, rng.integers(1, 30)).astype(float)
        walsh = (d[:, None] + d[None, :])[np.triu_indices(d.size)] / 2
        assert intervals.walsh_median(d) == np.median(walsh)


def test_too_few_answers_give_no_interval():
    assert math.isnan(change.paired_change([5] * 5, [6] * 5).ci_low)  # p ≥ 0,0625 always
    assert math.isnan(compare.hodges_lehmann([7, 8, 9], [5, 6, 7])[1])
