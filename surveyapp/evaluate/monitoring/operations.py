"""Writes of the monitoring: a submitted return per authority and year (the demo and the import
store them alike), and the import of earlier years; they flush, the request commits."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import delete, func, select

from surveyapp.audit import audit
from surveyapp.definitions import AnswerValue, get_type
from surveyapp.errors import InvalidInput
from surveyapp.evaluate.monitoring.queries import (
    imported_responses,
    organisations_by_id,
    wave_of_year,
    waves_named_like,
)
from surveyapp.evaluate.results.operations import add_submitted_response
from surveyapp.extensions import db
from surveyapp.models import (
    Answer,
    Organisation,
    Response,
    ResponseSource,
    SurveyVersion,
    Wave,
    utcnow,
)
from surveyapp.models.wave import ResponseUnit
from surveyapp.tables import Parsed


def wave_for_year(slug: str, year: int) -> Wave:
    """The survey's wave with this peiljaar, or a new closed one for the imported returns."""
    wave = wave_of_year(slug, year)
    if wave is not None:
        return wave
    version = SurveyVersion.latest(slug)
    name, wave_slug = f"{version.title} {year} (geïmporteerd)"[:200], f"{slug}-{year}-import"
    taken = waves_named_like(wave_slug, name)
    if taken:
        wave_slug, name = f"{wave_slug}-{taken + 1}", f"{name[:190]} ({taken + 1})"
    wave = Wave(name=name, slug=wave_slug, survey_version=version, period=year,
                response_unit=ResponseUnit.ORGANISATION)  # fmt: skip
    db.session.add(wave)
    db.session.flush()
    now = utcnow()
    wave.open(now=now)
    wave.close(now=now)
    return wave


def add_return(wave_id: int, org: Organisation, question, counts, source, when) -> Response:
    """One authority's submitted return: its response and a stored row per cell."""
    suffix = get_type(question.type).suffix
    answers = [
        (question.key, AnswerValue(value_num=float(n), suffix=suffix(r, c)))
        for (r, c), n in counts.items()
    ]
    return add_submitted_response(
        wave_id, org.org_type, org.name, source, answers, when, organisation_id=org.id
    )


def undo_import(slug: str, when: datetime, actor=None) -> int:
    """Remove the returns one import stored, and the waves it made that are now empty."""
    responses = imported_responses(slug, when)
    if not responses:
        raise InvalidInput("Deze import is al ongedaan gemaakt of bestaat niet.")
    ids = [r.id for r in responses]
    waves = {r.wave_id for r in responses}
    db.session.execute(delete(Answer).where(Answer.response_id.in_(ids)))
    db.session.execute(delete(Response).where(Response.id.in_(ids)))
    for wave in db.session.scalars(select(Wave).where(Wave.id.in_(waves))):
        left = db.session.scalar(select(func.count(Response.id)).where(Response.wave_id == wave.id))
        if not left and re.fullmatch(rf"{re.escape(slug)}-\d{{4}}-import(-\d+)?", wave.slug):
            db.session.delete(wave)
    db.session.flush()
    audit(actor, "monitoring.import.undo", None, survey=slug, returns=len(ids))
    return len(ids)


def import_returns(results, parsed: Parsed, actor=None) -> int:
    """Store every parsed return; the request commits them together (all or nothing)."""
    orgs = organisations_by_id()
    waves: dict[int, Wave] = {}
    now = utcnow()
    for (year, org_id), counts in sorted(parsed.rows, key=lambda r: r[0]):
        wave = waves.get(year) or waves.setdefault(year, wave_for_year(results.slug, year))
        add_return(wave.id, orgs[org_id], results.question, counts, ResponseSource.IMPORT, now)
    db.session.flush()
    audit(actor, "monitoring.import", None, survey=results.slug, returns=len(parsed.rows))
    return len(parsed.rows)
