"""Time for storage: datetimes are stored as naive UTC; people enter and count Dutch days.

Display formatting (28-11-2026) stays in `analysis.format`; this module converts what people
enter or what the app counts per day into what is stored.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from analysis.format import LOCAL_TZ, to_local

__all__ = ["day_of", "end_of_day", "local_day", "local_to_utc"]


def local_to_utc(value: datetime) -> datetime:
    """A naive Dutch local time as naive UTC, the way datetimes are stored."""
    return value.replace(tzinfo=LOCAL_TZ).astimezone(UTC).replace(tzinfo=None)


def local_day(moment: datetime) -> date:
    """The Dutch calendar day of a stored (naive UTC) moment."""
    return to_local(moment).date()


def end_of_day(day: date) -> datetime:
    """23:59:59 Dutch time on `day`, as stored: a closing date includes the whole day."""
    return local_to_utc(datetime.combine(day, time(23, 59, 59)))


def day_of(moment: datetime) -> datetime:
    """Midnight UTC of the Dutch calendar day of `moment`: a date that carries no time."""
    return datetime.combine(local_day(moment), time(0))
