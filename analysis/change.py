"""Change over time within respondents: the same item rated "bij de start" and "nu".

Only respondents who gave a number at both timepoints count (pairs). The test is the Wilcoxon
signed-rank test (zero differences dropped, as Wilcoxon proposed; exact for small samples
without ties, else the normal approximation). The direction says what the report says:
"gedaald", "gestegen" or "gelijk gebleven", by the sign of the mean change (changes up to
`min_change` scale points count as unchanged; the web app uses half a point).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis._checks import check_alternative, numeric_answers, require_columns

__all__ = ["ChangeResult", "paired_change", "paired_changes"]


@dataclass(frozen=True)
class ChangeResult:
    question: str
    n_pairs: int
    mean_before: float
    mean_after: float
    mean_change: float
    median_change: float
    statistic: float  # Wilcoxon W (NaN when every difference is zero or there are no pairs)
    pvalue: float
    direction: str  # "gedaald", "gestegen", "gelijk gebleven" or "onbekend"

    def confidence_interval(self) -> tuple[float, float]:
        """Not computed for paired change; kept for a uniform result interface."""
        return (float("nan"), float("nan"))


def paired_change(
    before, after, question: str = "", alternative: str = "two-sided", min_change: float = 0.0
) -> ChangeResult:
    """Change from `before` to `after` (aligned arrays of the same respondents).

    A mean change of at most `min_change` scale points counts as "gelijk gebleven".

    >>> r = paired_change([4, 4, 5, 3], [3, 2, 4, 3])
    >>> r.n_pairs, r.mean_change, r.direction
    (4, -1.0, 'gedaald')
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
        return ChangeResult(question, 0, nan, nan, nan, nan, nan, nan, "onbekend")
    statistic, pvalue = nan, 1.0
    nonzero = d[d != 0]
    if nonzero.size:
        ties = np.unique(np.abs(nonzero)).size < nonzero.size
        method = "exact" if not ties and nonzero.size == d.size and d.size <= 50 else "asymptotic"
        res = stats.wilcoxon(d, zero_method="wilcox", alternative=alternative, method=method)
        statistic, pvalue = float(res.statistic), float(res.pvalue)
    mean_change = float(d.mean())
    if mean_change == 0 or abs(mean_change) <= min_change:
        direction = "gelijk gebleven"
    else:
        direction = "gestegen" if mean_change > 0 else "gedaald"
    return ChangeResult(
        question,
        int(d.size),
        float(a.mean()),
        float(b.mean()),
        mean_change,
        float(np.median(d)),
        statistic,
        pvalue,
        direction,
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
