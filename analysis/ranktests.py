"""Rank tests that never overstate: Mann–Whitney and Wilcoxon signed-rank, exact when small.

Survey answers are full of ties, and the usual exact tables assume none. Small samples here get
the exact permutation distribution *conditional on the ties*: every way to split the pooled
midranks over the two groups (Mann–Whitney), or every sign pattern of the nonzero differences
(signed-rank, zeros dropped as Wilcoxon proposed). Both are counted by dynamic programming over
the distinct values, so a sample of 60 costs milliseconds. Larger samples use the normal
approximation with tie and continuity correction, as R's ``wilcox.test`` does by default.

Two-sided p-values are the probability of a statistic at least as far from its mean as the
observed one. When the exact count would touch more than EXACT_MAX_WORK cells (many distinct
values), the test falls back to the normal approximation and says so ("normal-fallback").
The confidence intervals that invert these tests are in `intervals`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import stats

__all__ = [
    "EXACT_MAX_N",
    "EXACT_MAX_PAIRS",
    "EXACT_MAX_WORK",
    "RankTest",
    "mann_whitney",
    "signed_rank",
]

EXACT_MAX_N = 50  # both groups together (R: each group under 50, and no ties)
EXACT_MAX_PAIRS = 200  # nonzero differences
# Cells the counting touches; beyond this the exact test falls back to the normal approximation
# ("normal-fallback"). Grades (few distinct values) stay exact up to the limits above; 170 pairs
# of all-different decimals do not. bench/ranktests.py measures the cost.
EXACT_MAX_WORK = 12_000_000
_TOLERANCE = 1e-9  # relative: statistics equal up to float noise count as "as extreme"


@dataclass(frozen=True)
class RankTest:
    """A test outcome: the statistic, its p-value and how the p-value was obtained."""

    statistic: float
    pvalue: float
    # "exact" (conditional on ties), "normal" (tie and continuity corrected), "normal-fallback"
    # (normal because the exact count would exceed EXACT_MAX_WORK), "none"
    method: str


def _counts(values) -> tuple[np.ndarray, np.ndarray]:
    return np.unique(np.asarray(values, dtype=float), return_counts=True)


def _two_sided(dist: np.ndarray, observed: int, centre: float, alternative: str) -> float:
    """P-value from an exact distribution over doubled statistics 0..len(dist)-1."""
    support = np.arange(dist.size)
    if alternative == "greater":
        p = dist[support >= observed].sum()
    elif alternative == "less":
        p = dist[support <= observed].sum()
    else:
        distance = abs(observed - centre)
        p = dist[np.abs(support - centre) >= distance - _TOLERANCE * max(1.0, distance)].sum()
    return round(float(min(1.0, p)), 14)  # 6/120 is 0,05, not 0,0500000000001


def _normal_p(z: float, alternative: str) -> float:
    if alternative == "greater":
        return float(stats.norm.sf(z))
    if alternative == "less":
        return float(stats.norm.cdf(z))
    return float(min(1.0, 2 * stats.norm.sf(abs(z))))


@lru_cache(maxsize=4096)
def _mw_cached(cx: tuple, cy: tuple, alternative: str, exact: bool | None) -> RankTest:
    """Results depend only on the counts per pooled value: evaluators reopen the same waves."""
    return _mw_from_counts(np.array(cx), np.array(cy), alternative, exact)


def _mw_from_counts(
    in_x: np.ndarray, in_y: np.ndarray, alternative: str, exact: bool | None
) -> RankTest:
    """Mann–Whitney U of x from each group's count per pooled distinct value (ascending)."""
    n1, n2 = int(in_x.sum()), int(in_y.sum())
    if n1 == 0 or n2 == 0:
        return RankTest(float("nan"), float("nan"), "none")
    n = n1 + n2
    ties = in_x + in_y
    before = np.concatenate([[0], np.cumsum(ties)[:-1]])
    doubled_rank = 2 * before + ties + 1  # twice the midrank: whole numbers
    doubled_sum = int((in_x * doubled_rank).sum())
    u = doubled_sum / 2 - n1 * (n1 + 1) / 2
    use_exact = n <= EXACT_MAX_N if exact is None else exact
    fallback = exact is None and use_exact and _mw_work(ties, min(n1, n2)) > EXACT_MAX_WORK
    use_exact = use_exact and not fallback
    if ties.size == 1:  # every answer equal: no evidence of a difference
        return RankTest(float(u), 1.0, "exact" if use_exact else "normal")
    if use_exact:
        small, counts = (in_x, n1) if n1 <= n2 else (in_y, n2)
        dist = _rank_sum_distribution(ties, doubled_rank, counts)
        observed = int((small * doubled_rank).sum())
        alt = alternative
        if small is in_y and alternative != "two-sided":  # y's rank sum runs the other way
            alt = "less" if alternative == "greater" else "greater"
        centre = counts * (n + 1)  # doubled mean rank sum of the small group
        return RankTest(float(u), _two_sided(dist, observed, centre, alt), "exact")
    tie_term = float((ties**3 - ties).sum()) / (n * (n - 1))
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - tie_term))
    method = "normal-fallback" if fallback else "normal"
    if sigma == 0:
        return RankTest(float(u), 1.0, method)
    delta = u - n1 * n2 / 2
    return RankTest(
        float(u), _normal_p((delta - _correction(delta, alternative)) / sigma, alternative), method
    )


def _correction(delta: float, alternative: str) -> float:
    """Continuity correction towards the mean, as R's `wilcox.test(correct = TRUE)`."""
    if alternative == "two-sided":
        return 0.5 * float(np.sign(delta))
    return 0.5 if alternative == "greater" else -0.5


def _mw_work(ties: np.ndarray, k: int) -> int:
    """Cells `_rank_sum_distribution` touches: per tie group, its counts times the table."""
    n = int(ties.sum())
    top = k * (2 * n - k + 1)
    return int(np.minimum(ties, k).sum()) * (k + 1) * (top + 1)


def _signed_rank_work(ties: np.ndarray) -> int:
    """Cells the signed-rank count touches: per tie group of magnitudes, (size + 1) arrays."""
    n = int(ties.sum())
    return int((ties + 1).sum()) * (n * (n + 1) + 1)


def _rank_sum_distribution(ties: np.ndarray, doubled_rank: np.ndarray, k: int) -> np.ndarray:
    """Null distribution of the doubled rank sum of k of the pooled answers (ties kept)."""
    top = int(2 * sum(sorted(np.repeat(doubled_rank, ties) / 2)[-k:])) if k else 0
    dp = np.zeros((k + 1, top + 1))
    dp[0, 0] = 1.0
    for t, r in zip(ties.tolist(), doubled_rank.tolist(), strict=True):
        new = dp.copy()  # j = 0 of this tie group
        for j in range(1, min(t, k) + 1):
            shift = j * r
            if shift > top:
                break
            new[j:, shift:] += math.comb(t, j) * dp[: k + 1 - j, : top + 1 - shift]
        dp = new
    dist = dp[k]
    return dist / dist.sum()


def mann_whitney(x, y, alternative: str = "two-sided", exact: bool | None = None) -> RankTest:
    """Mann–Whitney U of x against y; exact (conditional on ties) up to EXACT_MAX_N answers.

    >>> r = mann_whitney([7, 7, 7, 8, 8], [6, 6, 6, 7, 7])
    >>> r.statistic, round(r.pvalue, 4), r.method
    (22.0, 0.0794, 'exact')
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    values = np.unique(np.concatenate([x, y]))
    in_x = np.searchsorted(values, x)
    in_y = np.searchsorted(values, y)
    cx = np.bincount(in_x, minlength=values.size)
    cy = np.bincount(in_y, minlength=values.size)
    return _mw_cached(tuple(cx.tolist()), tuple(cy.tolist()), alternative, exact)


def signed_rank(differences, alternative: str = "two-sided", exact: bool | None = None) -> RankTest:
    """Wilcoxon signed-rank test of paired differences (zeros dropped); W is the positive sum.

    >>> signed_rank([1, 1, 1, 1, 1]).pvalue  # five ties, all up: 2 of 32 sign patterns
    0.0625
    >>> signed_rank([0, 0, 1]).pvalue  # one nonzero difference proves nothing
    1.0
    """
    d = np.asarray(differences, dtype=float)
    d = d[~np.isnan(d) & (d != 0)]
    n = d.size
    if n == 0:
        return RankTest(float("nan"), 1.0, "none")
    magnitudes, ties = _counts(np.abs(d))
    positive = np.array([(d == m).sum() for m in magnitudes])
    before = np.concatenate([[0], np.cumsum(ties)[:-1]])
    doubled_rank = 2 * before + ties + 1
    doubled_w = int((positive * doubled_rank).sum())
    w = doubled_w / 2
    use_exact = n <= EXACT_MAX_PAIRS if exact is None else exact
    fallback = exact is None and use_exact and _signed_rank_work(ties) > EXACT_MAX_WORK
    use_exact = use_exact and not fallback
    if use_exact:
        top = int((ties * doubled_rank).sum())
        dist = np.zeros(top + 1)
        dist[0] = 1.0
        for t, r in zip(ties.tolist(), doubled_rank.tolist(), strict=True):
            new = np.zeros_like(dist)
            for j in range(t + 1):
                shift = j * r
                new[shift:] += math.comb(t, j) * dist[: top + 1 - shift]
            dist = new / 2**t
        return RankTest(w, _two_sided(dist, doubled_w, top / 2, alternative), "exact")
    tie_term = float((ties**3 - ties).sum()) / 48
    sigma = math.sqrt(n * (n + 1) * (2 * n + 1) / 24 - tie_term)
    delta = w - n * (n + 1) / 4
    method = "normal-fallback" if fallback else "normal"
    if sigma == 0:
        return RankTest(w, 1.0, method)
    return RankTest(
        w, _normal_p((delta - _correction(delta, alternative)) / sigma, alternative), method
    )
