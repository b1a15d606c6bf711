"""Small-cell suppression: no published group statistic may point at one respondent.

Primary: a group with fewer than `min_n` answers (but more than none) is hidden. Secondary:
when a total is published too, a single hidden group could be recovered as total minus the
other groups, so the smallest other visible group of the same table is hidden as well.
Hidden rows keep their labels; their statistics (and exact n) become NaN and `suppressed`
says why ("primair" or "secundair").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis._checks import require_columns

__all__ = ["DEFAULT_MIN_N", "hide_small_group_comments", "suppress"]

DEFAULT_MIN_N = 5


def suppress(
    table: pd.DataFrame,
    *,
    n: str = "n",
    within: Sequence[str] = ("question",),
    columns: Sequence[str] | None = None,
    min_n: int = DEFAULT_MIN_N,
    total_published: bool = True,
) -> pd.DataFrame:
    """Hide small groups (and what would reveal them) in a table of group statistics.

    Parameters
    ----------
    table : one row per group, e.g. the output of ``describe(..., by="org_type")``.
    within : columns that identify one table (the groups of one question add up to its total).
    columns : the statistics to hide; default every numeric column.
    total_published : whether a total is shown beside the groups (then secondary suppression).

    Examples
    --------
    >>> t = pd.DataFrame({"question": ["q"] * 3, "org_type": ["provincie", "gemeente", "rijk"],
    ...                   "n": [12, 29, 2], "mean": [7.0, 6.0, 3.0]})
    >>> suppress(t)[["org_type", "n", "mean", "suppressed"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'org_type': 'provincie', 'n': nan, 'mean': nan, 'suppressed': 'secundair'},
     {'org_type': 'gemeente', 'n': 29.0, 'mean': 6.0, 'suppressed': None},
     {'org_type': 'rijk', 'n': nan, 'mean': nan, 'suppressed': 'primair'}]
    """  # noqa: E501
    if not isinstance(min_n, int | np.integer) or min_n < 1:
        raise ValueError("min_n must be a whole number of at least 1")
    require_columns(table, [n, *within])
    out = table.copy()
    counts = out[n].astype(float)
    reason = pd.Series([None] * len(out), index=out.index, dtype=object)
    reason[(counts > 0) & (counts < min_n)] = "primair"
    if total_published:
        parts = (
            [part.index for _, part in out.groupby(list(within), sort=False)]
            if within
            else [out.index]
        )
        for index in parts:
            primary = [i for i in index if reason[i] == "primair"]
            visible = [i for i in index if reason[i] is None and counts[i] > 0]
            if len(primary) == 1 and visible:
                reason[min(visible, key=lambda i: (counts[i], str(i)))] = "secundair"
    hide = reason.notna()
    stat_columns = (
        list(columns)
        if columns is not None
        else [c for c in out.columns if c not in within and pd.api.types.is_numeric_dtype(out[c])]
    )
    for column in dict.fromkeys([n, *stat_columns]):
        out[column] = (
            out[column].astype(float) if pd.api.types.is_numeric_dtype(out[column]) else out[column]
        )
        out.loc[hide, column] = np.nan
    out["suppressed"] = reason
    return out


def hide_small_group_comments(
    comments: pd.DataFrame,
    group_sizes: dict,
    *,
    group: str = "org_type",
    min_n: int = DEFAULT_MIN_N,
) -> pd.DataFrame:
    """Drop comments from groups that have fewer than `min_n` respondents.

    >>> c = pd.DataFrame({"org_type": ["provincie", "rijk"], "text": ["Goed", "Matig"]})
    >>> hide_small_group_comments(c, {"provincie": 12, "rijk": 2})["text"].tolist()
    ['Goed']
    """
    require_columns(comments, [group])
    keep = comments[group].map(lambda g: group_sizes.get(g, 0) >= min_n)
    return comments.loc[keep.astype(bool)].reset_index(drop=True)
