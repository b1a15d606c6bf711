"""Dutch formatting of numbers and dates for people (6,5; 83%; 28-11-2026)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["nl_date", "nl_datetime", "nl_number", "nl_percent"]


def nl_number(value: float | int | None, decimals: int = 1) -> str:
    """6.5 → "6,5"; None → "–". Rounds half away from zero, as people expect."""
    if value is None or value != value:  # None or NaN
        return "–"
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def nl_percent(part: int, whole: int) -> str:
    """34 of 41 → "83%"; no denominator → "–"."""
    if not whole:
        return "–"
    return nl_number(100 * part / whole, 0) + "%"


def nl_date(value: date | datetime | None) -> str:
    """28-11-2026; None → "–"."""
    if value is None:
        return "–"
    return value.strftime("%d-%m-%Y")


def nl_datetime(value: datetime | None) -> str:
    """28-11-2026 14:05; None → "–"."""
    if value is None:
        return "–"
    return value.strftime("%d-%m-%Y %H:%M")
