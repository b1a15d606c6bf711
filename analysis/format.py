"""Dutch formatting of numbers and dates for people (6,5; 83%; 28-11-2026).

Numbers round half up on their decimal value: a mean of exactly 21/4 that floating point holds
as 5,2499999… is 5,3, as a person computing by hand would write. No "-0,0".

>>> nl_number(21 / 4 - 1e-15), nl_number(-0.04), nl_number(float("inf")), nl_percent(29, 200)
('5,3', '0,0', '∞', '15%')
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

__all__ = [
    "nl_date",
    "nl_datetime",
    "nl_number",
    "nl_percent",
    "nl_until",
    "shown_difference",
    "to_local",
]

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")


FLOAT_NOISE = Decimal("1e-9")  # far below any shown decimal, far above float error


def _decimal(value: float | int | Decimal) -> Decimal:
    """The decimal a person would read: 0.145 → Decimal("0.145"), numpy numbers included."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) or (hasattr(value, "is_integer") and float(value).is_integer()):
        return Decimal(int(value))
    return Decimal(repr(float(value)))


def decimal_round(value: float | int | Decimal, decimals: int = 1) -> Decimal:
    """Half-up rounding of the decimal value, after dropping float noise; never -0."""
    exact = _decimal(value)
    exact = exact.quantize(FLOAT_NOISE) if exact.adjusted() < 15 else exact
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded == 0 else rounded


MINUS = "\u2212"  # the minus sign people read; a hyphen is not one


def nl_number(value: float | int | Decimal | None, decimals: int = 1) -> str:
    """6.5 → "6,5", −0.4 → "−0,4" (a real minus sign); None or NaN → "–"; infinity → "∞".
    Rounds half away from zero."""
    if value is None or value != value:  # None or NaN
        return "–"
    if value in (float("inf"), float("-inf")):
        return "∞" if value > 0 else MINUS + "∞"
    text = f"{decimal_round(value, decimals):,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".").replace("-", MINUS)


def shown_difference(a: float, b: float, decimals: int = 1) -> float:
    """The difference of two means as printed: 6,7 − 6,2 is 0,5 (not 0,4 from the unrounded
    6,68 − 6,24), so a table's "Verschil" agrees with the means beside it.

    >>> shown_difference(6.68, 6.24)
    0.5
    """
    if a != a or b != b:
        return float("nan")
    return float(decimal_round(a, decimals) - decimal_round(b, decimals))


def nl_percent(part: float | int, whole: float | int = 1) -> str:
    """The one percentage formatter: 34 of 41 → "83%"; a share 0.145 → "15%"; no whole → "–".

    Computed on decimals, so 29 of 200 and the share 29/200 both give 15%.
    """
    if not whole or part != part:
        return "–"
    share = _decimal(part) / _decimal(whole)
    return nl_number(share * 100, 0) + "%"


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


def nl_until(value: datetime | None) -> str:
    """A closing moment as people read it, the same everywhere: "tot en met 29-01-2027" when
    it is the end of a day (as every closing date set on a form is), else "tot 29-01-2027
    04:08 uur"; None → "–"."""
    if value is None:
        return "–"
    local = to_local(value)
    if (local.hour, local.minute) == (23, 59):
        return f"tot en met {local.strftime('%d-%m-%Y')}"
    return f"tot {local.strftime('%d-%m-%Y %H:%M')} uur"


def nl_datetime(value: datetime | None) -> str:
    """28-11-2026 14:05 in Dutch local time; None → "–"."""
    if value is None:
        return "–"
    return to_local(value).strftime("%d-%m-%Y %H:%M")
