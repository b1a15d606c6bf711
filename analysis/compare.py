"""Two independent groups (default: provinces against municipalities) on one item.

Tests: Mann–Whitney U (exact and conditional on ties when both groups together have at most
50 answers, otherwise the normal approximation with tie and continuity correction; see
`ranktests`) and Welch's t-test. Effect sizes: Cliff's delta, P(X > Y) − P(X < Y), which equals
the rank-biserial correlation 2U/(n1·n2) − 1. The difference in location is the Hodges–Lehmann
estimate (the median of all pairwise differences x − y) with the interval of shifts that the
same Mann–Whitney test does not reject, so interval and p-value always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis import intervals, ranktests
from analysis._checks import (
    as_float_array,
    check_alternative,
    check_level,
    numeric_answers,
    require_columns,
)

__all__ = ["CompareResult", "cliffs_delta", "compare_groups", "compare_values", "hodges_lehmann"]

SMALL_SAMPLE = 10  # below this per group, results carry a caveat


@dataclass(frozen=True)
class CompareResult:
    """Two groups compared; NaN where a statistic is undefined (an empty group, n = 1)."""

    label1: str
    label2: str
    n1: int
    n2: int
    mean1: float
    mean2: float
    median1: float
    median2: float
    mean_difference: float  # mean1 - mean2
    statistic: float  # Mann–Whitney U of group 1
    pvalue: float  # Mann–Whitney
    method: str  # "exact" (conditional on ties), "normal" or "none"
    welch_statistic: float
    welch_pvalue: float
    welch_df: float
    cliffs_delta: float
    hl_estimate: float
    hl_low: float
    hl_high: float
    confidence_level: float
    alternative: str

    @property
    def rank_biserial(self) -> float:
        """Equal to Cliff's delta for two independent groups."""
        return self.cliffs_delta

    @property
    def small_sample(self) -> bool:
        return min(self.n1, self.n2) < SMALL_SAMPLE

    def confidence_interval(self) -> tuple[float, float]:
        """Hodges–Lehmann confidence interval for the shift between the groups."""
        return (self.hl_low, self.hl_high)


def _pair_differences(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All differences x_i - y_j as (sorted distinct differences, how often each occurs).

    Survey answers take few distinct values, so this works on value counts: 30,000 answers
    need a few hundred pairs of distinct values, not 10^8 differences.
    """
    ux, cx = np.unique(x, return_counts=True)
    uy, cy = np.unique(y, return_counts=True)
    diffs = (ux[:, None] - uy[None, :]).ravel()
    weights = (cx[:, None] * cy[None, :]).ravel().astype(np.int64)
    order = np.argsort(diffs, kind="stable")
    diffs, weights = diffs[order], weights[order]
    distinct, starts = np.unique(diffs, return_index=True)
    return distinct, np.add.reduceat(weights, starts)


def _order_statistic(distinct: np.ndarray, counts: np.ndarray, k: int) -> float:
    """The k-th smallest (1-based) of the differences described by (distinct, counts)."""
    return float(distinct[np.searchsorted(np.cumsum(counts), k)])


def cliffs_delta(x, y) -> float:
    """P(X > Y) − P(X < Y) over all pairs.

    >>> cliffs_delta([3, 4], [1, 2])
    1.0
    >>> cliffs_delta([1, 2], [1, 2])
    0.0
    """
    x, y = as_float_array(x), as_float_array(y)
    if x.size == 0 or y.size == 0:
        return float("nan")
    distinct, counts = _pair_differences(x, y)
    return float((np.sign(distinct) * counts).sum() / (x.size * y.size))


def hodges_lehmann(
    x, y, confidence_level: float = 0.95, method: str | None = None
) -> tuple[float, float, float]:
    """(estimate, low, high): median of pairwise differences x − y with its interval.

    The interval holds the shifts that Mann–Whitney (exact or normal, as `method`, by default
    as the test would choose) does not reject.

    >>> hodges_lehmann([7, 8, 9], [5, 6, 7])[0]
    2.0
    """
    check_level(confidence_level)
    x, y = as_float_array(x), as_float_array(y)
    n, m = x.size, y.size
    if n == 0 or m == 0:
        return (float("nan"),) * 3
    distinct, counts = _pair_differences(x, y)
    total = n * m
    if total % 2:
        estimate = _order_statistic(distinct, counts, total // 2 + 1)
    else:
        estimate = (
            _order_statistic(distinct, counts, total // 2)
            + _order_statistic(distinct, counts, total // 2 + 1)
        ) / 2
    if method is None:
        method = ranktests.mann_whitney(x, y).method
    low, high = intervals.shift_interval(x, y, estimate, confidence_level, method)
    return estimate, low, high


def compare_values(
    x,
    y,
    *,
    labels: tuple[str, str] = ("groep 1", "groep 2"),
    alternative: str = "two-sided",
    confidence_level: float = 0.95,
) -> CompareResult:
    """Compare two sets of numbers.

    Examples
    --------
    >>> r = compare_values([7, 8, 9], [4, 5, 6])
    >>> r.statistic, round(r.pvalue, 3), r.method, r.cliffs_delta
    (9.0, 0.1, 'exact', 1.0)
    >>> round(compare_values([7, 7, 7, 8, 8], [6, 6, 6, 7, 7]).pvalue, 4)  # ties: still exact
    0.0794
    """
    check_alternative(alternative)
    check_level(confidence_level)
    x, y = as_float_array(x), as_float_array(y)
    nan = float("nan")
    u = p = nan
    method = "none"
    if x.size and y.size:
        test = ranktests.mann_whitney(x, y, alternative=alternative)
        u, p, method = test.statistic, test.pvalue, test.method
    welch_t = welch_p = welch_df = nan
    if x.size >= 2 and y.size >= 2:
        vx, vy = x.var(ddof=1) / x.size, y.var(ddof=1) / y.size
        if vx + vy > 0:
            # By formula: scipy's ttest_ind warns when one group's answers are all equal.
            welch_t = float((x.mean() - y.mean()) / np.sqrt(vx + vy))
            welch_df = float((vx + vy) ** 2 / (vx**2 / (x.size - 1) + vy**2 / (y.size - 1)))
            if alternative == "greater":
                welch_p = float(stats.t.sf(welch_t, welch_df))
            elif alternative == "less":
                welch_p = float(stats.t.cdf(welch_t, welch_df))
            else:
                welch_p = float(2 * stats.t.sf(abs(welch_t), welch_df))
        else:
            welch_p = 1.0 if x.mean() == y.mean() else 0.0
    hl, low, high = hodges_lehmann(x, y, confidence_level, method if method != "none" else None)

    def mean(a):
        return float(a.mean()) if a.size else nan

    def median(a):
        return float(np.median(a)) if a.size else nan

    return CompareResult(
        labels[0],
        labels[1],
        int(x.size),
        int(y.size),
        mean(x),
        mean(y),
        median(x),
        median(y),
        mean(x) - mean(y),
        u,
        p,
        method,
        welch_t,
        welch_p,
        welch_df,
        cliffs_delta(x, y),
        hl,
        low,
        high,
        confidence_level,
        alternative,
    )


def compare_groups(
    df: pd.DataFrame,
    *,
    group: str = "org_type",
    groups: tuple[str, str] = ("provincie", "gemeente"),
    value: str = "value",
    dont_know: str | None = "dont_know",
    alternative: str = "two-sided",
    confidence_level: float = 0.95,
) -> CompareResult:
    """Compare two values of `group` (org types, sources, waves) on the rows of one item.

    >>> df = pd.DataFrame({"org_type": ["provincie"] * 3 + ["gemeente"] * 3,
    ...                    "value": [7, 8, 9, 4, 5, 6], "dont_know": [False] * 6})
    >>> compare_groups(df).mean_difference
    3.0
    """
    require_columns(df, [group, value, dont_know])
    if len(groups) != 2 or groups[0] == groups[1]:
        raise ValueError("groups must name two different values of the group column")
    numbers = numeric_answers(df, value, dont_know)
    x = numbers.loc[numbers[group] == groups[0], value]
    y = numbers.loc[numbers[group] == groups[1], value]
    return compare_values(
        x,
        y,
        labels=(str(groups[0]), str(groups[1])),
        alternative=alternative,
        confidence_level=confidence_level,
    )
