"""Small-cell suppression: no published group statistic may point at fewer than `min_n` people.

Primary: a cell with fewer than `min_n` answers (numbers, or numbers and "weet niet" together),
but more than none, is hidden. Complementary: when a total is published too, the hidden cells
together must hold at least `min_n` answers, or total minus the visible cells would give their
combined n and mean. Until they do, the smallest visible cell is hidden as well. Hidden cells
keep their labels; every statistic of theirs (n and "weet niet" included) becomes NaN and
`suppressed` says why ("primair" or "secundair").
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from analysis._checks import require_columns

__all__ = ["DEFAULT_MIN_N", "cells_to_hide", "hide_small_group_comments", "suppress"]

DEFAULT_MIN_N = 5


def _small(size: float, min_n: int) -> bool:
    return 0 < size < min_n


def cells_to_hide(
    sizes: Mapping[Hashable, Sequence[float] | float],
    *,
    min_n: int = DEFAULT_MIN_N,
    total_published: bool = True,
) -> dict[Hashable, str]:
    """Which cells of one table to hide, and why: {cell: "primair" | "secundair"}.

    `sizes` gives per cell one count, or several (say numeric answers and all answers): a cell
    is small when any of them is. With a published total, the hidden cells together must not be
    small in any count either; the smallest visible cells are added until they are not.

    >>> cells_to_hide({"provincie": 12, "gemeente": 29, "rijk": 3, "overig": 1})
    {'rijk': 'primair', 'overig': 'primair', 'provincie': 'secundair'}
    >>> cells_to_hide({"provincie": 12, "gemeente": 29, "rijk": 7})
    {}
    >>> cells_to_hide({"a": 2, "b": 3, "c": 20})  # 2 + 3 = 5 hidden together: enough
    {'a': 'primair', 'b': 'primair'}
    """
    if not isinstance(min_n, int | np.integer) or min_n < 1:
        raise ValueError("min_n must be a whole number of at least 1")
    counts = {k: tuple(v) if isinstance(v, Sequence) else (v,) for k, v in sizes.items()}
    hidden = {k: "primair" for k, c in counts.items() if any(_small(x, min_n) for x in c)}
    if not total_published:
        return hidden

    def exposed() -> bool:
        if not hidden:
            return False
        totals = np.sum([counts[k] for k in hidden], axis=0)
        return any(_small(x, min_n) for x in np.atleast_1d(totals))

    while exposed():
        visible = [k for k, c in counts.items() if k not in hidden and max(c) > 0]
        if not visible:
            break
        hidden[min(visible, key=lambda k: (counts[k], str(k)))] = "secundair"
    return hidden


def suppress(
    table: pd.DataFrame,
    *,
    n: str = "n",
    dont_know: str | None = None,
    within: Sequence[str] = ("question",),
    columns: Sequence[str] | None = None,
    min_n: int = DEFAULT_MIN_N,
    total_published: bool = True,
) -> pd.DataFrame:
    """Hide small cells (and what would reveal them) in a table of group statistics.

    Parameters
    ----------
    table : one row per group, e.g. the output of ``describe(..., by="org_type")``.
    dont_know : the column of "weet niet" counts, if any: n + that count is a cell's size too.
    within : columns that identify one table (the groups of one question add up to its total).
    columns : the statistics to hide; default every numeric column (n and `dont_know` always).
    total_published : whether a total is shown beside the groups (then complementary cells).

    Examples
    --------
    >>> t = pd.DataFrame({"question": ["q"] * 3, "org_type": ["provincie", "gemeente", "rijk"],
    ...                   "n": [12, 29, 2], "mean": [7.0, 6.0, 3.0]})
    >>> suppress(t)[["org_type", "n", "mean", "suppressed"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'org_type': 'provincie', 'n': nan, 'mean': nan, 'suppressed': 'secundair'},
     {'org_type': 'gemeente', 'n': 29.0, 'mean': 6.0, 'suppressed': None},
     {'org_type': 'rijk', 'n': nan, 'mean': nan, 'suppressed': 'primair'}]
    """  # noqa: E501
    require_columns(table, [n, dont_know, *within])
    out = table.copy()
    numbers = out[n].astype(float)
    answers = numbers + (out[dont_know].astype(float) if dont_know else 0)
    reason = pd.Series([None] * len(out), index=out.index, dtype=object)
    parts = (
        [part.index for _, part in out.groupby(list(within), sort=False, observed=True)]
        if within
        else [out.index]
    )
    for index in parts:
        sizes = {i: (numbers[i], answers[i]) for i in index}
        for i, why in cells_to_hide(sizes, min_n=min_n, total_published=total_published).items():
            reason[i] = why
    hide = reason.notna()
    stat_columns = (
        list(columns)
        if columns is not None
        else [c for c in out.columns if c not in within and pd.api.types.is_numeric_dtype(out[c])]
    )
    for column in dict.fromkeys([n, *([dont_know] if dont_know else []), *stat_columns]):
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
