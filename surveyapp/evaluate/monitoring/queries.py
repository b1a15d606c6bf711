"""Reads of the monitoring: which surveys are monitorings, which returns already exist, and the
wave of a year."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from surveyapp.definitions import Question, Survey, get_type, survey_of
from surveyapp.extensions import db
from surveyapp.models import (
    Contact,
    Invitation,
    Organisation,
    Response,
    ResponseSource,
    SurveyVersion,
    Wave,
    WaveState,
)


def counts_question(survey: Survey) -> Question | None:
    """The survey's (first) count table: what a monitoring return is about."""
    return next((q for q in survey.questions if get_type(q.type).count_table), None)


def monitoring_surveys() -> list[SurveyVersion]:
    """The latest version of every survey that has a count table and a wave with a year."""
    versions = sorted(SurveyVersion.latest_per_slug(), key=lambda v: v.title)
    with_years = set(
        db.session.scalars(
            select(SurveyVersion.slug)
            .join(Wave, Wave.survey_version_id == SurveyVersion.id)
            .where(Wave.period.is_not(None))
        )
    )
    return [v for v in versions if v.slug in with_years and counts_question(survey_of(v))]


def existing_returns(slug: str) -> set[tuple[int, int]]:
    """(year, organisation id) of every return already stored, drafts and empty ones included
    (a second response in a wave answered per organisation would break its uniqueness)."""
    organisation = Response.organisation_id_expr()
    rows = db.session.execute(
        select(Wave.period, organisation)
        .join(Wave, Wave.id == Response.wave_id)
        .join(SurveyVersion, SurveyVersion.id == Wave.survey_version_id)
        .where(
            SurveyVersion.slug == slug,
            Wave.period.is_not(None),
            organisation.is_not(None),
        )
    ).all()
    return {(int(p), int(o)) for p, o in rows}


def import_batches(slug: str) -> list[tuple[datetime, list[tuple[int, int]]]]:
    """Every import of earlier returns, newest first: (when, [(year, returns)]); an import is
    known by the one moment all its returns were stored at."""
    rows = db.session.execute(
        select(Response.submitted_at, Wave.period, func.count(Response.id))
        .join(Wave, Wave.id == Response.wave_id)
        .join(SurveyVersion, SurveyVersion.id == Wave.survey_version_id)
        .where(
            SurveyVersion.slug == slug,
            Wave.period.is_not(None),
            Response.source == ResponseSource.IMPORT,
        )
        .group_by(Response.submitted_at, Wave.period)
        .order_by(Response.submitted_at.desc(), Wave.period)
    ).all()
    out: dict[datetime, list[tuple[int, int]]] = {}
    for when, period, count in rows:
        out.setdefault(when, []).append((int(period), int(count)))
    return list(out.items())


def imported_responses(slug: str, when: datetime) -> list[Response]:
    """The returns one import stored (by its moment)."""
    return list(
        db.session.scalars(
            select(Response)
            .join(Wave, Wave.id == Response.wave_id)
            .join(SurveyVersion, SurveyVersion.id == Wave.survey_version_id)
            .where(
                SurveyVersion.slug == slug,
                Response.source == ResponseSource.IMPORT,
                Response.submitted_at == when,
            )
        )
    )


def year_completeness(slug: str) -> dict[int, tuple[bool, int]]:
    """Per peiljaar: whether one of its waves is closed, and how many organisations its waves
    invited (the authorities the year is waiting for)."""
    closed: dict[int, bool] = {}
    for period, state in db.session.execute(
        select(Wave.period, Wave.state)
        .join(SurveyVersion, SurveyVersion.id == Wave.survey_version_id)
        .where(SurveyVersion.slug == slug, Wave.period.is_not(None))
    ):
        closed[int(period)] = closed.get(int(period), False) or state is WaveState.CLOSED
    targeted = dict(
        db.session.execute(
            select(Wave.period, func.count(func.distinct(Contact.organisation_id)))
            .join(SurveyVersion, SurveyVersion.id == Wave.survey_version_id)
            .join(Invitation, Invitation.wave_id == Wave.id)
            .join(Contact, Contact.id == Invitation.contact_id)
            .where(SurveyVersion.slug == slug, Wave.period.is_not(None))
            .group_by(Wave.period)
        ).all()
    )
    return {year: (done, int(targeted.get(year, 0))) for year, done in closed.items()}


def wave_states_by_year(slug: str) -> dict[int, list]:
    """Per peiljaar the states of the survey's waves of that year."""
    rows = db.session.execute(
        select(Wave.period, Wave.state)
        .join(SurveyVersion, SurveyVersion.id == Wave.survey_version_id)
        .where(SurveyVersion.slug == slug, Wave.period.is_not(None))
    ).all()
    out: dict[int, list] = {}
    for period, state in rows:
        out.setdefault(int(period), []).append(state)
    return out


def wave_of_year(slug: str, year: int) -> Wave | None:
    """The survey's (first) wave with this peiljaar."""
    version_ids = select(SurveyVersion.id).where(SurveyVersion.slug == slug)
    return db.session.scalar(
        select(Wave)
        .where(Wave.survey_version_id.in_(version_ids), Wave.period == year)
        .order_by(Wave.id)
        .limit(1)
    )


def waves_named_like(slug: str, name: str) -> int:
    """How many waves already use this slug or name (a new imported wave gets a number)."""
    return db.session.scalar(
        select(func.count(Wave.id)).where((Wave.slug == slug) | (Wave.name == name))
    )


def organisations_by_name() -> dict[str, Organisation]:
    """Every organisation by its lower-case name (the import's lookup)."""
    return {o.name.lower(): o for o in db.session.scalars(select(Organisation))}


def organisations_by_id() -> dict[int, Organisation]:
    return {o.id: o for o in db.session.scalars(select(Organisation))}
