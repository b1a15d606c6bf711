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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis._checks import require_columns

__all__ = [
    "BLANK",
    "DEFAULT_MIN_N",
    "DisclosurePlan",
    "blank_rows",
    "cells_to_hide",
    "hide_small_group_comments",
    "plan_disclosure",
    "suppress",
]

DEFAULT_MIN_N = 5
BLANK = ""  # the pooled groups an anonymous wave does not name (a blank org type in raw data)


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
    stat_columns = (
        list(columns)
        if columns is not None
        else [c for c in out.columns if c not in within and pd.api.types.is_numeric_dtype(out[c])]
    )
    columns = list(dict.fromkeys([n, *([dont_know] if dont_know else []), *stat_columns]))
    return blank_rows(out, reason.tolist(), columns=columns)


def blank_rows(table: pd.DataFrame, reasons: Sequence[str | None], *, columns: Sequence[str]):
    """`table` with `columns` emptied (NaN) where a reason is given, and a `suppressed` column
    holding the reasons (None where the row is shown)."""
    out = table.copy()
    hide = pd.Series([r is not None for r in reasons], index=out.index, dtype=bool)
    for column in columns:
        if pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].astype(float)
        out.loc[hide, column] = np.nan
    out["suppressed"] = pd.Series(list(reasons), index=out.index, dtype=object)
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


@dataclass(frozen=True)
class DisclosurePlan:
    """What one wave hides, decided once: every output (tables, raw answers, themes, change,
    comments, charts) asks this plan and nothing else.

    `hidden_groups`: org types an anonymous wave never names (fewer than `min_n` respondents,
    and complements); their answers are pooled as the group BLANK. `hidden_items`: items with
    fewer than `min_n` answers. `hidden_cells`: (item, org type or BLANK) cells whose answers
    are shown nowhere, not even unlabelled; per item, the hidden answers together are 0 or at
    least `min_n`, so the total minus what is shown reveals no small group.
    """

    min_n: int
    hidden_groups: dict[str, str]
    hidden_items: dict[str, str]
    hidden_cells: dict[tuple[str, str], str]
    anonymous: bool = False

    def group(self, org_type) -> str:
        """The org type as shown: BLANK for a group the wave does not name."""
        org_type = "" if org_type is None else str(org_type)
        return BLANK if org_type in self.hidden_groups else org_type

    def shows(self, item: str, org_type) -> bool:
        """Whether an answer to `item` from `org_type` may be shown (or enter a statistic)."""
        return (
            item not in self.hidden_items and (item, self.group(org_type)) not in self.hidden_cells
        )

    def cell_reason(self, item: str, org_type) -> str | None:
        """Why a group's cell of `item` is hidden on the group table, or None when shown."""
        org_type = str(org_type)
        if org_type in self.hidden_groups:
            return self.hidden_groups[org_type]
        return self.hidden_cells.get((item, org_type))

    def published(self, answers: pd.DataFrame, item: str = "item") -> pd.Series:
        """Mask of the answers (columns `item`, `org_type`) that may enter a statistic that
        combines items (themes, change): never a hidden item's; in an anonymous wave, whose
        raw answers are published per respondent, never a hidden cell's either, so that such
        a statistic adds nothing to the raw answers. (In an identified wave a hidden cell's
        answers count in the item's total, as in the themes and change built from it.)"""
        items = answers[item].astype(str)
        shown = ~items.isin(self.hidden_items)
        if not self.anonymous or not self.hidden_cells:
            return shown
        # By column, not row by row: a wave of 30,000 respondents has a million answers.
        org_types = answers["org_type"].astype(object)
        groups = org_types.map({o: self.group(o) for o in org_types.dropna().unique()})
        cells = pd.MultiIndex.from_arrays([items, groups.fillna(self.group(None)).astype(str)])
        return shown & ~cells.isin(list(self.hidden_cells))


def plan_disclosure(
    cells: pd.DataFrame,
    group_sizes: Mapping[str, int],
    *,
    anonymous: bool,
    min_n: int = DEFAULT_MIN_N,
) -> DisclosurePlan:
    """The plan from answer counts per cell (`item`, `org_type`, `n` numbers, `n_dont_know`)
    and respondents per org type.

    >>> cells = pd.DataFrame({"item": ["q"] * 4,
    ...     "org_type": ["provincie", "gemeente", "rijk", "waterschap"],
    ...     "n": [12, 20, 1, 2], "n_dont_know": [0, 0, 0, 0]})
    >>> plan = plan_disclosure(cells, {"provincie": 12, "gemeente": 20, "rijk": 3,
    ...     "waterschap": 6}, anonymous=True)
    >>> plan.hidden_groups  # rijk is too small; waterschap hides with it (9 together)
    {'rijk': 'primair', 'waterschap': 'secundair'}
    >>> plan.hidden_cells  # on q the pool holds 3 answers: provincie's cell must hide them
    {('q', ''): 'primair', ('q', 'provincie'): 'secundair'}
    """
    require_columns(cells, ["item", "org_type", "n", "n_dont_know"])
    hidden_groups = cells_to_hide(dict(group_sizes), min_n=min_n) if anonymous else {}
    hidden_groups = {str(k): v for k, v in hidden_groups.items()}
    cells = cells.assign(
        item=cells["item"].astype(str),
        org_type=[BLANK if str(o) in hidden_groups else str(o) for o in cells["org_type"]],
        all=cells["n"] + cells["n_dont_know"],
    )
    per_cell = cells.groupby(["item", "org_type"], sort=False)[["n", "all"]].sum()
    per_item = per_cell.groupby(level="item", sort=False).sum()
    hidden_items = {
        str(i): "primair"
        for i, r in per_item.iterrows()
        if _small(r["n"], min_n) or _small(r["all"], min_n)
    }
    hidden_cells: dict[tuple[str, str], str] = {}
    for item, part in per_cell.groupby(level="item", sort=False):
        if item in hidden_items:
            continue
        sizes = {org: (r["n"], r["all"]) for (_, org), r in part.iterrows()}
        for org, why in cells_to_hide(sizes, min_n=min_n).items():
            hidden_cells[(str(item), str(org))] = why
    return DisclosurePlan(min_n, hidden_groups, hidden_items, hidden_cells, anonymous)
