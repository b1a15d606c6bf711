"""Hodges–Lehmann estimates and the intervals that invert the rank tests, built as R builds them.

A shift δ enters the Mann–Whitney statistic of x − δ against y only through the pairwise
differences x_i − y_j, and the signed-rank statistic of d − δ only through the Walsh averages
(d_i + d_j) / 2: between two neighbouring ones the statistic and its null distribution are
constant. The shifts the test accepts are therefore a union of such gaps (and some of the points
between them), and the interval is its closure: its bounds are the differences or Walsh averages
where the test's decision changes. Without ties this is Bauer's (1972) interval of order
statistics, which R's `wilcox.test(conf.int = TRUE)` returns when exact; with the normal
approximation it is the point R's root search finds to within its tolerance (1e-4). A bound is
where the decision changes, so the test may reject at the bound itself: an interval has 0 inside
it (not as a bound) only when the test does not reject.

The bounds are found by bisection over the sorted gaps, so a test is run about 2·log2(gaps)
times, not once per gap.
"""

from __future__ import annotations

import numpy as np

from analysis.ranktests import mann_whitney, signed_rank

__all__ = ["shift_interval", "signed_rank_interval", "walsh_median"]


def walsh_median(differences) -> float:
    """Median of the Walsh averages (d_i + d_j) / 2, i ≤ j, from value counts (no n² array).

    >>> walsh_median([1, 2, 9])
    3.5
    """
    values, counts = np.unique(np.asarray(differences, dtype=float), return_counts=True)
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


def _snap(values: np.ndarray, scale: float) -> np.ndarray:
    """Values closer than float noise become equal: 0.3 − (0.3 − 0.1) ties with 0.1."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    new_cluster = np.concatenate([[True], np.diff(ordered) > 1e-9 * scale])
    ordered = ordered[np.flatnonzero(new_cluster)[np.cumsum(new_cluster) - 1]]
    snapped = np.empty_like(values)
    snapped[order] = ordered
    return snapped


def _closure(points: np.ndarray, probe, alpha: float, estimate: float) -> tuple[float, float]:
    """Bounds of the shifts `probe` accepts, from the sorted candidate `points`.

    `probe(δ)` returns (p, side): side > 0 when the statistic lies above its null mean (δ too
    small), < 0 below it. Gap g is the open stretch between points[g-1] and points[g] (g = 0
    and g = len(points) reach to −∞ and +∞). The first gap not rejected on the high side gives
    the lower bound, the last not rejected on the low side the upper bound.
    """
    size = points.size
    spread = max(1.0, float(points[-1] - points[0]))
    cache: dict[int, tuple[float, float]] = {}

    def gap(g: int) -> tuple[float, float]:
        if g not in cache:
            if g == 0:
                delta = points[0] - spread
            elif g == size:
                delta = points[-1] + spread
            else:
                delta = (points[g - 1] + points[g]) / 2
            cache[g] = probe(delta)
        return cache[g]

    def accepted(result: tuple[float, float]) -> bool:
        return result[0] >= alpha

    nan = (float("nan"), float("nan"))
    if accepted(gap(0)) or accepted(gap(size)):  # no shift, however large, is rejected
        return nan
    lo, hi = 0, size  # gap(lo) is rejected on the high side, gap(hi) is not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        result = gap(mid)
        lo, hi = (mid, hi) if not accepted(result) and result[1] > 0 else (lo, mid)
    first = hi
    lo, hi = 0, size  # gap(hi) is rejected on the low side, gap(lo) is not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        result = gap(mid)
        lo, hi = (lo, mid) if not accepted(result) and result[1] < 0 else (mid, hi)
    last = lo
    # first > last: no gap is accepted, at most a single point (R: "not achievable")
    low, high = (float(points[first - 1]), float(points[last])) if first <= last else nan
    return _agree_at_zero(low, high, accepted(probe(0.0)), estimate)


def _agree_at_zero(low: float, high: float, accepts_zero: bool, estimate: float):
    """Make the interval tell what the test at 0 says, where ties made the accepted set ragged:
    0 accepted lies in the interval; 0 rejected is at most a bound."""
    if accepts_zero:
        if low != low:
            return 0.0, 0.0
        return min(low, 0.0), max(high, 0.0)
    if low < 0 < high:
        if estimate > 0:
            return 0.0, high
        if estimate < 0:
            return low, 0.0
        return float("nan"), float("nan")
    return low, high


def shift_interval(x, y, estimate: float, confidence_level: float = 0.95, method: str = "exact"):
    """Interval for the shift x − y: the closure of the shifts δ for which Mann–Whitney of
    x − δ against y has p ≥ 1 − level, with the same method (exact or normal) as the test."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.size == 0 or y.size == 0:
        return float("nan"), float("nan")
    alpha = round(1 - confidence_level, 10)
    exact = method == "exact"
    points = np.unique((np.unique(x)[:, None] - np.unique(y)[None, :]).ravel())
    scale = max(1.0, float(np.abs(points).max()))
    centre = x.size * y.size / 2

    def probe(delta: float) -> tuple[float, float]:
        pooled = _snap(np.concatenate([x - delta, y]), scale)
        result = mann_whitney(pooled[: x.size], pooled[x.size :], exact=exact)
        return result.pvalue, result.statistic - centre

    return _closure(points, probe, alpha, estimate)


def signed_rank_interval(
    differences, estimate: float, confidence_level: float = 0.95, method: str = "exact"
):
    """Interval for the median change: the closure of the shifts δ that the signed-rank test of
    d − δ accepts. As in R, it is built from the nonzero differences only (the pairs the test
    at 0 counts), so that 47 unchanged pairs of 89 do not squeeze it to the single point 0."""
    d = np.asarray(differences, dtype=float)
    d = d[~np.isnan(d) & (d != 0)]
    if d.size == 0:
        return float("nan"), float("nan")
    alpha = round(1 - confidence_level, 10)
    exact = method == "exact"
    values = np.unique(d)
    points = np.unique(((values[:, None] + values[None, :]) / 2).ravel())
    scale = max(1.0, float(np.abs(values).max()))

    def probe(delta: float) -> tuple[float, float]:
        shifted = d - delta
        magnitude = _snap(np.concatenate([[0.0], np.abs(shifted)]), scale)[1:]
        signed = np.sign(shifted) * magnitude
        result = signed_rank(signed, exact=exact)
        nonzero = int((signed != 0).sum())
        if nonzero == 0:
            return 1.0, 0.0
        return result.pvalue, result.statistic - nonzero * (nonzero + 1) / 4

    return _closure(points, probe, alpha, estimate)
