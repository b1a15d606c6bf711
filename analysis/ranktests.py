"""Rank tests that never overstate: Mann–Whitney and Wilcoxon signed-rank, exact when small.

Survey answers are full of ties, and the usual exact tables assume none. Small samples here get
the exact permutation distribution *conditional on the ties*: every way to split the pooled
midranks over the two groups (Mann–Whitney), or every sign pattern of the nonzero differences
(signed-rank, zeros dropped as Wilcoxon proposed). Both are counted by dynamic programming over
the distinct values, so a sample of 60 costs milliseconds. Larger samples use the normal
approximation with tie and continuity correction, as R's ``wilcox.test`` does by default.

Two-sided p-values are the probability of a statistic at least as far from its mean as the
observed one. The confidence intervals invert the same test (the set of shifts the test does not
reject), so an interval contains 0 exactly when p ≥ 1 − level.
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
    "RankTest",
    "mann_whitney",
    "shift_interval",
    "signed_rank",
    "signed_rank_interval",
    "walsh_median",
]

EXACT_MAX_N = 50  # both groups together, as R; bench/ranktests.py measures the cost
EXACT_MAX_PAIRS = 200
_TOLERANCE = 1e-9  # relative: statistics equal up to float noise count as "as extreme"


@dataclass(frozen=True)
class RankTest:
    """A test outcome: the statistic, its p-value and how the p-value was obtained."""

    statistic: float
    pvalue: float
    method: str  # "exact" (conditional on ties), "normal" (tie and continuity corrected), "none"


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
    if sigma == 0:
        return RankTest(float(u), 1.0, "normal")
    delta = u - n1 * n2 / 2
    if alternative == "two-sided":
        correction = 0.5 * np.sign(delta)
    else:
        correction = 0.5 if alternative == "greater" else -0.5
    return RankTest(float(u), _normal_p((delta - correction) / sigma, alternative), "normal")


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
    if sigma == 0:
        return RankTest(w, 1.0, "normal")
    if alternative == "two-sided":
        correction = 0.5 * np.sign(delta)
    else:
        correction = 0.5 if alternative == "greater" else -0.5
    return RankTest(w, _normal_p((delta - correction) / sigma, alternative), "normal")


def walsh_median(differences) -> float:
    """Median of the Walsh averages (d_i + d_j) / 2, i ≤ j, from value counts (no n² array).

    >>> walsh_median([1, 2, 9])
    3.5
    """
    values, counts = _counts(differences)
    if values.size == 0:
        return float("nan")
    averages = ((values[:, None] + values[None, :]) / 2).ravel()
    weights = np.outer(counts, counts).astype(np.int64)
    weights[np.diag_indices(values.size)] = counts * (counts + 1) // 2
    weights = np.triu(weights).ravel()
    order = np.argsort(averages, kind="stable")
    averages, cumulative = averages[order], np.cumsum(weights[order])
    total = int(cumulative[-1])

    def kth(k: int) -> float:  # 1-based
        return float(averages[np.searchsorted(cumulative, k)])

    return kth(total // 2 + 1) if total % 2 else (kth(total // 2) + kth(total // 2 + 1)) / 2


def _inverted_interval(candidates: np.ndarray, accepts, estimate: float) -> tuple[float, float]:
    """The hull of the shifts the test accepts, scanning the candidates from both ends.

    `candidates` are the points where the statistic can change; a shift between two of them
    behaves like their midpoint. Bounds are accepted points themselves. Ties can make the
    accepted set ragged (0 rejected between accepted shifts); the interval is then cut at 0 on
    the estimate's side, so it contains 0 exactly when the test does not reject.
    """
    points = np.unique(candidates)
    grid = np.empty(2 * points.size - 1)
    grid[0::2] = points
    grid[1::2] = (points[:-1] + points[1:]) / 2
    low = next((v for v in grid if accepts(v)), None)
    if low is None:
        return float("nan"), float("nan")
    high = next(v for v in grid[::-1] if accepts(v))
    if accepts(grid[0] - 1) or accepts(grid[-1] + 1):  # beyond every difference: unbounded
        return float("nan"), float("nan")
    if low <= 0 <= high and not accepts(0.0):
        if estimate > 0:
            low = next(v for v in grid if v > 0 and accepts(v))
        elif estimate < 0:
            high = next(v for v in grid[::-1] if v < 0 and accepts(v))
        else:
            return float("nan"), float("nan")
    return float(low), float(high)


def shift_interval(x, y, estimate: float, confidence_level: float = 0.95, method: str = "exact"):
    """Interval for the shift x − y: the shifts δ for which Mann–Whitney of x − δ, y has
    p ≥ 1 − level, computed with the same method (exact or normal) as the test itself."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.size == 0 or y.size == 0:
        return float("nan"), float("nan")
    alpha = round(1 - confidence_level, 10)
    exact = method == "exact"
    differences = np.unique((np.unique(x)[:, None] - np.unique(y)[None, :]).ravel())

    def accepts(delta: float) -> bool:
        return mann_whitney(x - delta, y, exact=exact).pvalue >= alpha

    return _inverted_interval(differences, accepts, estimate)


def signed_rank_interval(
    differences, estimate: float, confidence_level: float = 0.95, method: str = "exact"
):
    """Interval for the median change: the shifts δ the signed-rank test of d − δ accepts."""
    d = np.asarray(differences, dtype=float)
    d = d[~np.isnan(d)]
    if d.size == 0:
        return float("nan"), float("nan")
    alpha = round(1 - confidence_level, 10)
    exact = method == "exact"
    values = np.unique(d)
    walsh = np.unique(((values[:, None] + values[None, :]) / 2).ravel())
    candidates = np.unique(np.concatenate([walsh, values]))

    def accepts(delta: float) -> bool:
        return signed_rank(d - delta, exact=exact).pvalue >= alpha

    return _inverted_interval(candidates, accepts, estimate)
