"""Dutch formatting of numbers and dates for people (6,5; 83%; 28-11-2026)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

__all__ = ["local_to_utc", "nl_date", "nl_datetime", "nl_number", "nl_percent", "to_local"]

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")


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


def to_local(value: datetime) -> datetime:
    """Stored datetimes are naive UTC; people read Dutch local time (CET/CEST)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LOCAL_TZ)


def nl_date(value: date | datetime | None) -> str:
    """28-11-2026 (datetimes in Dutch local time); None → "–"."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = to_local(value)
    return value.strftime("%d-%m-%Y")


def nl_datetime(value: datetime | None) -> str:
    """28-11-2026 14:05 in Dutch local time; None → "–"."""
    if value is None:
        return "–"
    return to_local(value).strftime("%d-%m-%Y %H:%M")


def local_to_utc(value: datetime) -> datetime:
    """A naive Dutch local time as naive UTC, the way datetimes are stored."""
    return value.replace(tzinfo=LOCAL_TZ).astimezone(UTC).replace(tzinfo=None)
