"""Change over time within respondents: the same item rated "bij de start" and "nu".

Only respondents who gave a number at both timepoints count (pairs). The test is the Wilcoxon
signed-rank test (zero differences dropped, as Wilcoxon proposed): exact and conditional on ties
up to 200 pairs, else the normal approximation with tie and continuity correction (R's default).
The estimate (median of the Walsh averages) and its interval come from the nonzero differences,
as in R's `wilcox.test`; the interval inverts the same test (see `intervals`), so 0 lies inside
it only when the change is not significant. `direction` puts significance and size in words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import intervals, ranktests
from analysis._checks import check_alternative, numeric_answers, require_columns
from analysis.format import decimal_round

__all__ = ["ALPHA", "MIXED", "ChangeResult", "direction", "paired_change", "paired_changes"]

ALPHA = 0.05


@dataclass(frozen=True)
class ChangeResult:
    question: str
    n_pairs: int
    mean_before: float
    mean_after: float
    mean_change: float
    median_change: float
    statistic: float  # Wilcoxon W+ (NaN when every difference is zero or there are no pairs)
    pvalue: float
    method: str  # "exact" (conditional on ties), "normal" or "none"
    estimate: float  # Hodges–Lehmann: median of the Walsh averages of the nonzero differences
    ci_low: float
    ci_high: float
    direction: str  # see `direction`

    @property
    def significant(self) -> bool:
        return self.pvalue < ALPHA

    def confidence_interval(self) -> tuple[float, float]:
        """95% interval of the median change, from the same signed-rank test."""
        return (self.ci_low, self.ci_high)


MIXED = "veranderd, niet in één richting"
NO_CHANGE = "geen aantoonbare verandering"


def direction(mean_change: float, pvalue: float, min_change: float, estimate: float = 0.0) -> str:
    """The change in words: "gestegen"/"gedaald" only when significant and more than
    `min_change` points as printed (one decimal); "licht …" when significant but not more;
    "… (niet significant)" when large but not significant; otherwise "geen aantoonbare
    verandering" (never "gelijk gebleven": a test that finds nothing does not show that nothing
    changed). When
    the mean and the Hodges–Lehmann estimate (what most pairs did) point different ways, a
    significant change has no direction: MIXED.

    >>> direction(-0.54, 0.007, 0.5, estimate=1.0), direction(0.52, 0.01, 0.5)
    ('veranderd, niet in één richting', 'licht gestegen')

    >>> direction(-1.25, 0.01, 0.5), direction(0.125, 0.6, 0.5), direction(0.3, 0.01, 0.5)
    ('gedaald', 'geen aantoonbare verandering', 'licht gestegen')
    >>> direction(-0.8, 0.2, 0.5)
    'gedaald (niet significant)'
    """
    if mean_change != mean_change:
        return "onbekend"
    sign = np.sign(mean_change) or np.sign(estimate)
    word = "gestegen" if sign > 0 else "gedaald"
    significant = pvalue < ALPHA
    shown = float(decimal_round(abs(mean_change)))  # the size a reader sees
    if significant and np.sign(estimate) and np.sign(mean_change) == -np.sign(estimate):
        return MIXED
    if sign == 0 or (not significant and shown <= min_change):
        return NO_CHANGE
    if not significant:
        return f"{word} (niet significant)"
    return word if shown > min_change else f"licht {word}"


def paired_change(
    before, after, question: str = "", alternative: str = "two-sided", min_change: float = 0.0
) -> ChangeResult:
    """Change from `before` to `after` (aligned arrays of the same respondents).

    >>> r = paired_change([4, 4, 5, 3], [3, 2, 4, 3])  # 3 of 4 down: too few to be sure
    >>> r.n_pairs, r.mean_change, r.pvalue, r.direction
    (4, -1.0, 0.25, 'gedaald (niet significant)')
    """
    check_alternative(alternative)
    if min_change < 0:
        raise ValueError("min_change must be zero or positive")
    a, b = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    if a.shape != b.shape:
        raise ValueError("before and after must have the same length (one pair per respondent)")
    keep = ~(np.isnan(a) | np.isnan(b))
    a, b = a[keep], b[keep]
    d = b - a
    nan = float("nan")
    if d.size == 0:
        return ChangeResult(
            question, 0, nan, nan, nan, nan, nan, nan, "none", nan, nan, nan, "onbekend"
        )
    test = ranktests.signed_rank(d, alternative=alternative)
    changed = d[d != 0]  # as R: estimate and interval from the pairs the test counts
    estimate = intervals.walsh_median(changed) if changed.size else 0.0
    method = "exact" if test.method == "none" else test.method
    low, high = intervals.signed_rank_interval(d, estimate, method=method)
    mean_change = float(d.mean())
    return ChangeResult(
        question,
        int(d.size),
        float(a.mean()),
        float(b.mean()),
        mean_change,
        float(np.median(d)),
        test.statistic,
        test.pvalue,
        test.method,
        estimate,
        low,
        high,
        direction(mean_change, test.pvalue, min_change, estimate),
    )


def paired_changes(
    df: pd.DataFrame,
    *,
    before: str = "start",
    after: str = "nu",
    value: str = "value",
    question: str = "question",
    respondent: str = "response",
    timepoint: str = "timepoint",
    dont_know: str | None = "dont_know",
    min_change: float = 0.0,
) -> pd.DataFrame:
    """One row per question that has both timepoints, sorted from most decreased to increased."""
    require_columns(df, [value, question, respondent, timepoint, dont_know])
    numbers = numeric_answers(df[df[timepoint].isin([before, after])], value, dont_know)
    rows = []
    for key, part in numbers.groupby(question, sort=True):
        wide = part.pivot_table(index=respondent, columns=timepoint, values=value, aggfunc="first")
        if before not in wide or after not in wide:
            continue
        rows.append(
            paired_change(wide[before], wide[after], str(key), min_change=min_change).__dict__
        )
    columns = list(ChangeResult.__dataclass_fields__)
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values("mean_change", ignore_index=True, kind="stable")
