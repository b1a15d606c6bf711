"""Descriptive statistics per question (and group): n, "weet niet", mean, spread, distribution.

"Weet niet / geen oordeel" answers are counted in ``n_dont_know`` and never averaged in.
Quartiles use linear interpolation between order statistics (numpy's default, R's type 7).
The standard deviation is the sample standard deviation (ddof = 1); undefined for n < 2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis._checks import numeric_answers, require_columns

__all__ = ["describe", "describe_values", "distribution"]

STAT_COLUMNS = [
    "n",
    "n_dont_know",
    "mean",
    "sd",
    "median",
    "q1",
    "q3",
    "iqr",
    "min",
    "max",
    "mode",
    "mode_share",
]


def describe_values(values, n_dont_know: int = 0) -> dict[str, float]:
    """Statistics of one set of numbers.

    Examples
    --------
    >>> s = describe_values([6, 7, 7, 8], n_dont_know=1)
    >>> s["n"], s["n_dont_know"], s["mean"], s["median"], s["mode"], s["mode_share"]
    (4, 1, 7.0, 7.0, 7.0, 0.5)
    >>> describe_values([])["mean"]
    nan
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = int(x.size)
    out: dict[str, float] = {"n": n, "n_dont_know": int(n_dont_know)}
    if n == 0:
        out.update({k: float("nan") for k in STAT_COLUMNS[2:]})
        return out
    q1, median, q3 = np.percentile(x, [25, 50, 75])
    uniques, counts = np.unique(x, return_counts=True)
    mode_index = int(np.argmax(counts))  # ties: the lowest value, so the result is stable
    out.update(
        mean=float(x.mean()),
        sd=float(x.std(ddof=1)) if n > 1 else float("nan"),
        median=float(median),
        q1=float(q1),
        q3=float(q3),
        iqr=float(q3 - q1),
        min=float(x.min()),
        max=float(x.max()),
        mode=float(uniques[mode_index]),
        mode_share=float(counts[mode_index] / n),
    )
    return out


def describe(
    df: pd.DataFrame,
    *,
    value: str = "value",
    question: str = "question",
    by: str | list[str] | None = None,
    dont_know: str | None = "dont_know",
) -> pd.DataFrame:
    """One row per question (and group) with n, n_dont_know, mean, sd, quartiles, mode.

    Parameters
    ----------
    df : long DataFrame, one row per answer.
    value, question, dont_know : column names; ``dont_know`` may be None.
    by : a column (or columns) to split each question by, e.g. ``"org_type"``.

    Examples
    --------
    >>> df = pd.DataFrame({"question": ["q"] * 4, "value": [6, 8, None, 7],
    ...                    "dont_know": [False, False, True, False]})
    >>> describe(df)[["question", "n", "n_dont_know", "mean"]].to_dict("records")
    [{'question': 'q', 'n': 3, 'n_dont_know': 1, 'mean': 7.0}]
    """
    groups = [question] + ([by] if isinstance(by, str) else list(by or []))
    require_columns(df, [value, dont_know, *groups])
    rows = []
    for key, part in df.groupby(groups, sort=True, dropna=False, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        n_dk = int(part[dont_know].fillna(False).astype(bool).sum()) if dont_know else 0
        numbers = numeric_answers(part, value, dont_know)[value]
        rows.append(dict(zip(groups, key, strict=True)) | describe_values(numbers, n_dk))
    return pd.DataFrame(rows, columns=groups + STAT_COLUMNS)


def distribution(
    df: pd.DataFrame,
    *,
    value: str = "value",
    question: str = "question",
    by: str | None = None,
    dont_know: str | None = "dont_know",
) -> pd.DataFrame:
    """Count and share of each value per question (and group); shares are of numeric answers.

    Examples
    --------
    >>> df = pd.DataFrame({"question": ["q"] * 3, "value": [7, 7, 5], "dont_know": [False] * 3})
    >>> distribution(df)[["value", "count", "share"]].to_dict("records")
    [{'value': 5.0, 'count': 1, 'share': 0.3333333333333333}, {'value': 7.0, 'count': 2, 'share': 0.6666666666666666}]
    """  # noqa: E501
    groups = [question] + ([by] if by else [])
    require_columns(df, [value, dont_know, *groups])
    numbers = numeric_answers(df, value, dont_know)
    counts = numbers.groupby([*groups, value], observed=True).size().rename("count").reset_index()
    totals = counts.groupby(groups, observed=True)["count"].transform("sum")
    counts["share"] = counts["count"] / totals
    return counts.sort_values([*groups, value], ignore_index=True)
