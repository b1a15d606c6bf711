"""Reads of the wave results pages: waves with their counts, the wave before, interviews."""

from __future__ import annotations

from sqlalchemy import func, select

from surveyapp.extensions import db
from surveyapp.models import Response, ResponseSource, ResponseStatus, SurveyVersion, Wave


def waves_with_counts(*where) -> list[tuple[Wave, int, int]]:
    """Every wave (or those matching `where`), newest first, with its submitted survey
    responses and its interviews."""

    def count(source: ResponseSource):
        return (
            select(func.count(Response.id))
            .where(
                Response.wave_id == Wave.id,
                Response.status == ResponseStatus.SUBMITTED,
                Response.source == source,
            )
            .scalar_subquery()
        )

    stmt = select(Wave, count(ResponseSource.SURVEY), count(ResponseSource.INTERVIEW)).where(*where)
    return [
        tuple(row)
        for row in db.session.execute(stmt.order_by(Wave.created_at.desc(), Wave.id.desc()))
    ]


def waves_by_name() -> list[Wave]:
    return list(db.session.scalars(select(Wave).order_by(Wave.name)))


def interview_count(wave: Wave) -> int:
    return db.session.scalar(
        select(func.count(Response.id)).where(
            Response.wave_id == wave.id, Response.source == ResponseSource.INTERVIEW
        )
    )


def previous_wave(wave_id: int) -> Wave | None:
    """The wave of the same survey that came before this one (by opening, then creation)."""
    wave = db.session.get(Wave, wave_id)
    if wave is None:
        return None
    same_survey = (
        select(Wave)
        .join(SurveyVersion, Wave.survey_version_id == SurveyVersion.id)
        .where(SurveyVersion.slug == wave.survey_version.slug, Wave.id != wave.id)
    )
    earlier = [
        w
        for w in db.session.scalars(same_survey)
        if (w.opens_at or w.created_at) < (wave.opens_at or wave.created_at)
    ]
    return max(earlier, key=lambda w: w.opens_at or w.created_at, default=None)


def wave_or_none(wave_id: int | None) -> Wave | None:
    return db.session.get(Wave, wave_id) if wave_id else None


def wave_or_404(wave_id: int) -> Wave:
    return db.get_or_404(Wave, wave_id)
