"""A small server-side SVG of cumulative completions per day, reminder days marked."""

from __future__ import annotations

from datetime import date, timedelta

from markupsafe import Markup, escape

from analysis.format import nl_date
from surveyapp.clock import local_day
from surveyapp.models import utcnow


def completions_svg(
    cumulative: list[tuple[date, int]],
    reminders: list[date],
    invited: int,
    start: date | None,
    end: date,
) -> Markup:
    """An accessible step chart; the numbers are also in the table beside it."""
    width, height, pad_l, pad_b, pad_t, pad_r = 640, 240, 44, 34, 12, 16
    days = [d for d, _ in cumulative] + reminders + ([start] if start else [])
    first = min(days, default=end)
    last = max([end, *days])
    if last == first:  # one day only: widen the axis backwards, never on to tomorrow
        first = last - timedelta(days=1)
    span = max((last - first).days, 1)
    top = max(invited, cumulative[-1][1] if cumulative else 0, 1)

    def x(d: date) -> float:
        return pad_l + (width - pad_l - pad_r) * (d - first).days / span

    def y(n: float) -> float:
        return height - pad_b - (height - pad_b - pad_t) * n / top

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">Aantal ingevulde vragenlijsten per dag (opgeteld)</title>',
        f'<line x1="{pad_l}" y1="{y(0)}" x2="{width - pad_r}" y2="{y(0)}" class="axis"/>',
        f'<line x1="{pad_l}" y1="{y(0)}" x2="{pad_l}" y2="{pad_t}" class="axis"/>',
        f'<line x1="{pad_l}" y1="{y(invited)}" x2="{width - pad_r}" y2="{y(invited)}" '
        'class="target"/>',
        f'<text x="{pad_l - 6}" y="{y(invited) + 4}" class="label end">{invited}</text>',
        f'<text x="{pad_l - 6}" y="{y(0) + 4}" class="label end">0</text>',
        f'<text x="{pad_l}" y="{height - 10}" class="label">{escape(nl_date(first))}</text>',
        f'<text x="{width - pad_r}" y="{height - 10}" class="label end">'
        f"{escape(nl_date(last))}</text>",
    ]
    for day in reminders:
        parts.append(
            f'<line x1="{x(day):.1f}" y1="{y(0)}" x2="{x(day):.1f}" y2="{pad_t}" '
            f'class="reminder"><title>Herinnering {escape(nl_date(day))}</title></line>'
        )
    if cumulative:
        points, previous = [f"{x(first):.1f},{y(0):.1f}"], 0
        for day, total in cumulative:
            points += [f"{x(day):.1f},{y(previous):.1f}", f"{x(day):.1f},{y(total):.1f}"]
            previous = total
        points.append(f"{x(last):.1f},{y(previous):.1f}")
        parts.append(f'<polyline points="{" ".join(points)}" class="line"/>')
        parts += [  # a dot per day with completions: one completion is visible too
            f'<circle cx="{x(day):.1f}" cy="{y(total):.1f}" r="3" class="dot">'
            f"<title>{escape(nl_date(day))}: {total}</title></circle>"
            for day, total in cumulative
        ]
    parts.append("</svg>")
    # Safe: every part is a number or passed through escape() above.
    return Markup("\n".join(parts))  # noqa: S704


def wave_chart(wave, rate) -> Markup:
    """Completions per day over the wave's fieldwork: from opening to today, or to the day it
    closed (a closed wave's axis does not run on to today)."""
    start = local_day(wave.opened_at) if wave.opened_at else None
    end = local_day(wave.ends_at) if wave.state.value == "closed" and wave.ends_at else None
    return completions_svg(
        rate.completions_by_day,
        rate.reminder_days,
        rate.overall.invited,
        start,
        end or local_day(utcnow()),
    )
