"""Reads of the article dashboard: rounds, an article of a round, the changes between two rounds
and the published grades an article links to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from surveyapp.evaluate.dashboard.parse import article_key
from surveyapp.extensions import db
from surveyapp.models import ArticleStatus, DashboardEntry, DashboardRound, Wave


def dashboard_rounds() -> list[DashboardRound]:
    """Every article dashboard round, newest year first."""
    return list(
        db.session.scalars(
            select(DashboardRound).order_by(DashboardRound.year.desc(), DashboardRound.id.desc())
        )
    )


def earlier_round(current: DashboardRound) -> DashboardRound | None:
    """The round before this one (by year), to show what changed colour."""
    return db.session.scalar(
        select(DashboardRound)
        .where(DashboardRound.year < current.year)
        .order_by(DashboardRound.year.desc(), DashboardRound.id.desc())
        .limit(1)
    )


def round_or_none(round_id: int | None) -> DashboardRound | None:
    return db.session.get(DashboardRound, round_id) if round_id else None


def rounds_of_wave(wave: Wave) -> list[DashboardRound]:
    """The dashboard rounds whose grades come from this wave (the chapter's annex)."""
    return list(db.session.scalars(select(DashboardRound).where(DashboardRound.wave_id == wave.id)))


def entry_or_none(round_id: int, entry_id: int) -> DashboardEntry | None:
    """The article `entry_id` of round `round_id` (None for an article of another round)."""
    entry = db.session.get(DashboardEntry, entry_id)
    return entry if entry is not None and entry.round_id == round_id else None


@dataclass(frozen=True)
class Change:
    article: str
    summary: str
    before: ArticleStatus | None
    after: ArticleStatus | None


def changes(before: DashboardRound, after: DashboardRound) -> list[Change]:
    """Articles whose status differs between two rounds (new and dropped articles too)."""
    old = {e.article: e for e in before.entries}
    new = {e.article: e for e in after.entries}
    out = []
    for article in sorted(set(old) | set(new), key=article_key):
        a, b = old.get(article), new.get(article)
        if a is None or b is None or a.status is not b.status:
            summary = (b or a).summary
            out.append(Change(article, summary, a.status if a else None, b.status if b else None))
    return out


def grade_cells(dashboard: DashboardRound, results) -> dict[str, list[tuple[str, ...]]]:
    """Per article its linked grades from the round's wave, as published: (item key, the
    question as people read it, enquête mean, interview mean); hidden or unknown reads "–"."""
    from analysis.format import nl_number

    if results is None:
        return {}
    means = {row.item.id: row.stats.get("mean") for row in results.item_rows() if not row.hidden}
    out = {}
    for entry in dashboard.entries:
        cells = []
        for key in entry.grade_keys:
            survey = means.get(key)
            interview = results.sources.get(key, {}).get("interview_mean")
            item = results.item(key)
            cells.append((
                key,
                results.item_label(item) if item is not None else key,
                nl_number(survey) if survey is not None else "–",
                nl_number(interview) if interview is not None else "–",
            ))  # fmt: skip
        out[entry.article] = cells
    return out
