"""Monitoring returns: status tables per year with shares that add up to exactly 100.

A return is a count table per reporting organisation and year (say sites by status × cohort).
Input is a long frame with one row per cell: period, organisation, row, column, count. The
national table adds the organisations up per year; its percentages are whole numbers rounded
by the largest-remainder method, so that they add up to 100 as the source's tables do.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import pandas as pd

from analysis._checks import require_columns

__all__ = ["group_progress", "largest_remainder", "status_tables"]


def largest_remainder(counts: Sequence[int], total: int = 100) -> list[int]:
    """Whole shares of `total` proportional to `counts` that add up to `total` exactly.

    Each share is first rounded down; the units still missing go to the largest remainders
    (ties: the larger count, then the earlier position). All counts zero gives all zeros.

    >>> largest_remainder([100, 604, 679])
    [7, 44, 49]
    >>> largest_remainder([64, 66, 106]), largest_remainder([0, 0]), largest_remainder([1, 1, 1])
    ([27, 28, 45], [0, 0], [34, 33, 33])
    """
    if any(c < 0 for c in counts):
        raise ValueError("counts must not be negative")
    if total < 0:
        raise ValueError("total must not be negative")
    whole = sum(counts)
    if whole == 0:
        return [0 for _ in counts]
    exact = [Fraction(c * total, whole) for c in counts]  # exact: no float ties
    shares = [int(x) for x in exact]
    missing = total - sum(shares)
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - shares[i]), -counts[i], i))
    for i in order[:missing]:
        shares[i] += 1
    return shares


def status_tables(
    df: pd.DataFrame,
    rows: Sequence[str],
    *,
    period: str = "period",
    row: str = "row",
    column: str = "column",
    count: str = "count",
    organisation: str = "organisation",
) -> pd.DataFrame:
    """Per column and period: the count of every row, its percentage and the total.

    Returns a long frame: column, period, row, count, pct (whole, adding up to 100 per column
    and period), total, n_reports (organisations that reported that period). Rows missing from
    the data count as 0, so every table has every row in the order given.
    """
    require_columns(df, [period, row, column, count, organisation])
    out_columns = ["column", "period", "row", "count", "pct", "total", "n_reports"]
    if df.empty:
        return pd.DataFrame(columns=out_columns)
    sums = df.groupby([column, period, row])[count].sum()
    reports = df.groupby(period)[organisation].nunique()
    records = []
    for (col, per), _ in df.groupby([column, period]):
        counts = [int(sums.get((col, per, r), 0)) for r in rows]
        pcts = largest_remainder(counts)
        for r, c, p in zip(rows, counts, pcts, strict=True):
            records.append((col, per, r, c, p, sum(counts), int(reports[per])))
    return pd.DataFrame.from_records(records, columns=out_columns)


def group_progress(
    df: pd.DataFrame,
    rows: Sequence[str],
    done: str,
    *,
    group: str = "group",
    row: str = "row",
    count: str = "count",
) -> pd.DataFrame:
    """Per group (a province with its municipalities, or one authority): the count of every
    row, the total and the whole percentage in the `done` row (None when the total is 0).

    Pass the cells of one period and one column. Returns a frame indexed by group, sorted.
    """
    require_columns(df, [group, row, count])
    if done not in rows:
        raise ValueError(f"done row {done!r} is not one of the rows {list(rows)}")
    table = df.pivot_table(index=group, columns=row, values=count, aggfunc="sum", fill_value=0)
    table = table.reindex(columns=list(rows), fill_value=0).astype(int)
    table["total"] = table[list(rows)].sum(axis=1)
    table["pct_done"] = pd.Series(
        [
            largest_remainder(list(r))[list(rows).index(done)] if sum(r) else None
            for r in table[list(rows)].itertuples(index=False)
        ],
        index=table.index,
        dtype=object,
    )
    return table.sort_index()
