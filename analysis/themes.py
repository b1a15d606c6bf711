"""Theme scores: per respondent the mean of the items of a theme, then their descriptives.

A theme is a samenwerkingsscan quadrant (motivatie, organisatie, interactie, resultaten) or a
covenant article. A respondent gets a theme score when they gave a number to at least
`min_items` of its items ("weet niet" does not count); timepoints are kept apart.
"""

from __future__ import annotations

import pandas as pd

from analysis._checks import numeric_answers, require_columns
from analysis.descriptive import describe

__all__ = ["describe_themes", "theme_scores"]


def theme_scores(
    df: pd.DataFrame,
    themes: dict[str, str],
    *,
    value: str = "value",
    question: str = "question",
    respondent: str = "response",
    timepoint: str | None = "timepoint",
    dont_know: str | None = "dont_know",
    min_items: int = 1,
) -> pd.DataFrame:
    """Long frame: respondent, [timepoint], theme, value (the mean), n_items.

    >>> df = pd.DataFrame({"response": [1, 1, 2], "question": ["a", "b", "a"],
    ...                    "value": [4, 2, 5], "dont_know": [False] * 3})
    >>> theme_scores(df, {"a": "t", "b": "t"}, timepoint=None)[["response", "value"]].to_dict("list")
    {'response': [1, 2], 'value': [3.0, 5.0]}
    """  # noqa: E501
    if min_items < 1:
        raise ValueError("min_items must be at least 1")
    require_columns(df, [value, question, respondent, timepoint, dont_know])
    numbers = numeric_answers(df[df[question].isin(themes)], value, dont_know)
    numbers = numbers.assign(theme=numbers[question].map(themes))
    keys = [respondent] + ([timepoint] if timepoint else []) + ["theme"]
    out = numbers.groupby(keys, observed=True)[value].agg(value="mean", n_items="count")
    out = out.reset_index()
    return out[out["n_items"] >= min_items].reset_index(drop=True)


def describe_themes(scores: pd.DataFrame, *, by: str | list[str] | None = None) -> pd.DataFrame:
    """Descriptives of theme scores (one row per theme and, optionally, timepoint or group)."""
    return describe(scores, value="value", question="theme", by=by, dont_know=None)
