"""Dutch number formatting, checked against hand-written expectations."""

from datetime import date, datetime

import pytest

from analysis.format import nl_date, nl_datetime, nl_number, nl_percent


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (6.5, 1, "6,5"),
        (7, 1, "7,0"),
        (5.55, 1, "5,6"),  # half away from zero, not banker's rounding
        (5.45, 1, "5,5"),
        (0.05, 1, "0,1"),
        (-1.25, 1, "\u22121,3"),  # a minus sign, not a hyphen (issue 24 §9)
        (1234.5, 1, "1.234,5"),
        (0.03, 2, "0,03"),
        (None, 1, "–"),
        (float("nan"), 1, "–"),
    ],
)
def test_nl_number(value, decimals, expected):
    assert nl_number(value, decimals) == expected


def test_nl_percent():
    assert nl_percent(34, 41) == "83%"
    assert nl_percent(8, 15) == "53%"
    assert nl_percent(1, 8) == "13%"  # 12.5 rounds up
    assert nl_percent(0, 0) == "–"


def test_nl_dates():
    assert nl_date(date(2026, 11, 28)) == "28-11-2026"
    assert nl_datetime(datetime(2020, 3, 1, 9, 5)) == "01-03-2020 10:05"  # UTC → CET
    assert nl_datetime(datetime(2020, 7, 1, 9, 5)) == "01-07-2020 11:05"  # UTC → CEST
    assert nl_date(datetime(2020, 12, 31, 23, 30)) == "01-01-2021"  # already new year in NL
    assert nl_date(None) == "–"
