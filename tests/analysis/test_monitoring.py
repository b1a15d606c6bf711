"""Monitoring tables against the source's printed figures and hand-computed small cases."""

import pandas as pd
import pytest

from analysis.monitoring import group_progress, largest_remainder, status_tables

ROWS = ["niet_gestart", "in_uitvoering", "afgehandeld"]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([591, 792, 0], [43, 57, 0]),  # Tabel 1, 2015
        ([100, 604, 679], [7, 44, 49]),  # Tabel 1, 2020: plain rounding gives 7 + 44 + 49 too
        ([64, 66, 106], [27, 28, 45]),  # Tabel 2: plain rounding would give 27 + 28 + 45
        ([1, 1, 1], [34, 33, 33]),  # a tie of remainders: the earlier row gets the unit
        ([2, 1, 1], [50, 25, 25]),
        ([1, 2], [33, 67]),
        ([0, 0, 0], [0, 0, 0]),  # n = 0
        ([5], [100]),  # one row
        ([1, 1, 1, 1, 1, 1, 1], [15, 15, 14, 14, 14, 14, 14]),  # 7 × 14.29 → two extra units
    ],
)
def test_largest_remainder_adds_up_to_exactly_100(counts, expected):
    shares = largest_remainder(counts)
    assert shares == expected
    assert sum(shares) == (100 if sum(counts) else 0)


def test_plain_rounding_would_not_add_up_where_largest_remainder_does():
    counts = [1, 1, 1]
    assert sum(round(100 * c / 3) for c in counts) == 99
    assert sum(largest_remainder(counts)) == 100


def test_largest_remainder_refuses_negative_counts():
    with pytest.raises(ValueError, match="negative"):
        largest_remainder([3, -1])


def frame(records):
    return pd.DataFrame.from_records(
        records, columns=["period", "organisation", "row", "column", "count"]
    )


def test_status_tables_add_authorities_up_per_year():
    df = frame(
        [
            (2015, "A", "niet_gestart", "start", 2), (2015, "A", "in_uitvoering", "start", 1),
            (2015, "B", "niet_gestart", "start", 1), (2015, "B", "afgehandeld", "start", 0),
            (2016, "A", "afgehandeld", "start", 2), (2016, "A", "in_uitvoering", "start", 1),
            (2016, "B", "niet_gestart", "start", 1),
        ]
    )  # fmt: skip
    table = status_tables(df, ROWS).set_index(["period", "row"])
    assert table.loc[(2015, "niet_gestart"), "count"] == 3
    assert table.loc[(2015, "in_uitvoering"), "pct"] == 25  # 1 of 4
    assert table.loc[(2015, "afgehandeld"), "count"] == 0  # a row nobody reported is 0
    assert table.loc[(2016, "afgehandeld"), "pct"] == 50
    assert set(table["total"]) == {4}
    assert set(table["n_reports"]) == {2}
    assert table.groupby("period")["pct"].sum().tolist() == [100, 100]


def test_status_tables_of_nothing_is_empty():
    assert status_tables(frame([]), ROWS).empty


def test_group_progress_gives_the_share_done_per_group_and_none_without_sites():
    df = pd.DataFrame(
        {
            "group": ["Zeeland", "Zeeland", "Utrecht", "Utrecht", "Drenthe"],
            "row": ["afgehandeld", "niet_gestart", "afgehandeld", "in_uitvoering", "afgehandeld"],
            "count": [1, 2, 3, 1, 0],
        }
    )
    table = group_progress(df, ROWS, "afgehandeld")
    assert table.loc["Zeeland", "total"] == 3
    assert table.loc["Zeeland", "pct_done"] == 33
    assert table.loc["Utrecht", "pct_done"] == 75
    assert table.loc["Drenthe", "pct_done"] is None
    with pytest.raises(ValueError, match="done row"):
        group_progress(df, ROWS, "klaar")
