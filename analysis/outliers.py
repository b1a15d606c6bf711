"""Answers far from the rest, by Tukey's fences, and statistics with and without them.

An answer is an outlier when it lies below Q1 − k·IQR or above Q3 + k·IQR (k = 1.5 by default;
quartiles as in `descriptive`). With fewer than 4 answers, or when the middle half of the answers
are all equal (IQR 0, where the fences would call a 6 beside many 7s "extreme"), nothing is
flagged. This lets a
sentence like "een paar extreem negatieve gemeenten vergroten de spreiding" be checked: compare
the spread with and without the flagged answers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis._checks import numeric_answers, require_columns
from analysis.descriptive import describe_values

__all__ = ["describe_without_outliers", "outlier_mask"]

MIN_N = 4


def outlier_mask(values, k: float = 1.5) -> np.ndarray:
    """True for values outside the Tukey fences.

    >>> outlier_mask([6, 6, 7, 7, 7, 8, 1]).tolist()
    [False, False, False, False, False, False, True]
    >>> outlier_mask([7, 7, 7, 7, 7, 6, 8]).any()  # IQR 0: no fences
    np.False_
    """
    if k <= 0:
        raise ValueError("k must be positive, e.g. 1.5 (Tukey) or 3 (far out)")
    x = np.asarray(values, dtype=float)
    valid = ~np.isnan(x)
    if valid.sum() < MIN_N:
        return np.zeros(x.shape, dtype=bool)
    q1, q3 = np.percentile(x[valid], [25, 75])
    if q3 == q1:
        return np.zeros(x.shape, dtype=bool)
    low, high = q1 - k * (q3 - q1), q3 + k * (q3 - q1)
    return valid & ((x < low) | (x > high))


def describe_without_outliers(
    df: pd.DataFrame,
    *,
    value: str = "value",
    question: str = "question",
    by: str | None = None,
    dont_know: str | None = "dont_know",
    k: float = 1.5,
) -> pd.DataFrame:
    """Per question (and group): n_outliers, the flagged values, and mean/sd/iqr with and without.

    >>> df = pd.DataFrame({"question": ["q"] * 7, "value": [6, 6, 7, 7, 7, 8, 1],
    ...                    "dont_know": [False] * 7})
    >>> row = describe_without_outliers(df).iloc[0]
    >>> int(row.n_outliers), row.outliers, float(row["mean"]), round(float(row.mean_without), 2)
    (1, [1.0], 6.0, 6.83)
    """
    groups = [question] + ([by] if by else [])
    require_columns(df, [value, dont_know, *groups])
    numbers = numeric_answers(df, value, dont_know)
    rows = []
    for key, part in numbers.groupby(groups, sort=True, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        x = part[value].to_numpy()
        mask = outlier_mask(x, k)
        full, kept = describe_values(x), describe_values(x[~mask])
        rows.append(
            dict(zip(groups, key, strict=True))
            | {
                "n": full["n"],
                "n_outliers": int(mask.sum()),
                "outliers": sorted(x[mask].tolist()),
                "mean": full["mean"],
                "sd": full["sd"],
                "iqr": full["iqr"],
                "mean_without": kept["mean"],
                "sd_without": kept["sd"],
                "iqr_without": kept["iqr"],
            }
        )
    columns = [
        *groups,
        "n",
        "n_outliers",
        "outliers",
        "mean",
        "sd",
        "iqr",
        "mean_without",
        "sd_without",
        "iqr_without",
    ]
    return pd.DataFrame(rows, columns=columns)
