"""Evaluator operations on a wave: enter interview grades, store an earlier round's answers
(read by `imports.HistoricalImport`); they flush, the request commits."""

from __future__ import annotations

from sqlalchemy import delete, select

from surveyapp.audit import audit
from surveyapp.definitions import AnswerValue, Question, Survey, get_type
from surveyapp.definitions.types import CellError
from surveyapp.errors import InvalidInput
from surveyapp.extensions import db
from surveyapp.models import (
    Answer,
    OrgType,
    Response,
    ResponseSource,
    ResponseStatus,
    Wave,
    utcnow,
)
from surveyapp.tables import Parsed


def interview_fields(survey: Survey) -> list[tuple[str, Question, str]]:
    """The inputs of the interview form: every rated question at each of its timepoints."""
    return [
        (f"{q.key}.{tp}" if tp else q.key, q, tp)
        for q in survey.questions
        if get_type(q.type).rated
        for tp in q.slots
    ]


def answer_columns(survey: Survey) -> dict[str, tuple[Question, str]]:
    """Every answer column of a survey: the key, or key.timepoint, to (question, timepoint)."""
    out = {}
    for q in survey.questions:
        if q.timepoints:
            for tp in q.timepoints:
                out[f"{q.key}.{tp}"] = (q, tp)
        else:
            out[q.key] = (q, "")
    return out


def read_answer(q: Question, timepoint: str, raw: str, problems: list[str]):
    """The question type reads the cell; a problem is collected, never raised."""
    try:
        return q.key, get_type(q.type).read_cell(q, raw.strip(), timepoint)
    except CellError as err:
        problems.append(str(err))
        return None


def add_submitted_response(
    wave_id: int,
    org_type: OrgType,
    organisation: str,
    source: ResponseSource,
    answers: list[tuple[str, AnswerValue]],
    when=None,
    invitation_id: int | None = None,
    organisation_id: int | None = None,
) -> Response:
    """Store a submitted response with its answers: (question key, AnswerValue) pairs. Every
    response that does not come through a personal link (interviews, imports, the demo's
    monitoring returns) is stored here."""
    when = when or utcnow()
    response = Response(
        wave_id=wave_id,
        invitation_id=invitation_id,
        organisation_id=organisation_id,
        status=ResponseStatus.SUBMITTED,
        source=source,
        org_type=org_type,
        organisation_name=organisation,
        started_at=when,
        updated_at=when,
        submitted_at=when,
    )
    db.session.add(response)
    db.session.flush()
    db.session.add_all(Answer.of(response.id, key, v) for key, v in answers)
    return response


def import_historical(wave: Wave, rows: Parsed, replace: bool, actor=None) -> int:
    """Store the respondents as submitted imported responses; refuses a second import unless
    `replace` (which first removes the earlier imported responses of this wave)."""
    existing = db.session.scalars(
        select(Response.id).where(
            Response.wave_id == wave.id, Response.source == ResponseSource.IMPORT
        )
    ).all()
    if existing and not replace:
        raise InvalidInput(
            f"Deze uitvraag heeft al {len(existing)} geïmporteerde antwoorden. "
            "Kies ‘vervangen’ om ze te vervangen door dit bestand."
        )
    if existing:
        db.session.execute(delete(Answer).where(Answer.response_id.in_(existing)))
        db.session.execute(delete(Response).where(Response.id.in_(existing)))
    now = utcnow()
    for organisation, org_type, answers in rows.rows:
        add_submitted_response(wave.id, org_type, organisation, ResponseSource.IMPORT, answers, now)
    db.session.flush()
    audit(actor, "results.import", wave, respondents=len(rows.rows), replaced=len(existing))
    return len(rows.rows)


def add_interview(
    wave: Wave,
    survey: Survey,
    organisation: str,
    org_type: OrgType,
    grades: dict[str, str],
    actor=None,
) -> Response:
    """Store one interviewee's grades as a separate source; raises InvalidInput (Dutch) if bad."""
    columns = answer_columns(survey)
    answers, problems = [], []
    for name, raw in grades.items():
        if not raw.strip():
            continue
        q, tp = columns[name]
        answer = read_answer(q, tp, raw, problems)
        if answer is not None:
            answers.append(answer)
    if not organisation.strip():
        problems.append("Vul de organisatie van de geïnterviewde in.")
    if not answers:
        problems.append("Vul ten minste één cijfer in.")
    if problems:
        raise InvalidInput(" ".join(problems))
    response = add_submitted_response(
        wave.id, org_type, " ".join(organisation.split()), ResponseSource.INTERVIEW, answers
    )
    db.session.flush()
    audit(actor, "results.interview", response)
    return response
