"""Evaluator operations: enter interview grades, import an earlier round's answers; they flush.

Historical import file: one row per respondent with the columns organisation, org_type, then
one column per question key of the wave's survey (``key.start`` / ``key.nu`` for timepoints).
"weet niet" (or "wn", "dk") and empty cells are accepted. All or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select

from surveyapp.audit import audit
from surveyapp.definitions import AnswerValue, Question, Survey, get_type
from surveyapp.definitions.types import CellError
from surveyapp.errors import InvalidInput
from surveyapp.extensions import db
from surveyapp.models import (
    ORG_TYPE_ALIASES,
    Answer,
    OrgType,
    Response,
    ResponseSource,
    ResponseStatus,
    Wave,
    utcnow,
)


@dataclass
class HistoricalRows:
    """Parsed respondents, or every problem with its line number."""

    respondents: list[tuple[str, OrgType, list[tuple]]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def interview_fields(survey: Survey) -> list[tuple[str, Question, str]]:
    """The inputs of the interview form: every rated question at each of its timepoints."""
    return [
        (f"{q.key}.{tp}" if tp else q.key, q, tp)
        for q in survey.questions
        if get_type(q.type).rated
        for tp in q.slots
    ]


def _columns(survey: Survey) -> dict[str, tuple[Question, str]]:
    out = {}
    for q in survey.questions:
        if q.timepoints:
            for tp in q.timepoints:
                out[f"{q.key}.{tp}"] = (q, tp)
        else:
            out[q.key] = (q, "")
    return out


def _answer(q: Question, timepoint: str, raw: str, problems: list[str]):
    """The question type reads the cell; a problem is collected, never raised."""
    try:
        return q.key, get_type(q.type).read_cell(q, raw.strip(), timepoint)
    except CellError as err:
        problems.append(str(err))
        return None


def parse_historical(table: list[list[str]], survey: Survey) -> HistoricalRows:
    """Check every row of an earlier round against the wave's survey."""
    result = HistoricalRows()
    if not table or not any(table[0]):
        result.errors.append((1, "Het bestand is leeg."))
        return result
    header = [str(h).strip() for h in table[0]]
    lower = [h.lower() for h in header]
    known = _columns(survey)
    if "organisation" not in lower and "organisatie" not in lower:
        result.errors.append((1, "Kolom ‘organisatie’ ontbreekt."))
    if "org_type" not in lower and "type" not in lower:
        result.errors.append((1, "Kolom ‘org_type’ ontbreekt."))
    unknown = [
        h
        for h in header
        if h
        and h.lower() not in ("organisation", "organisatie", "org_type", "type")
        and h not in known
    ]
    if unknown:
        result.errors.append(
            (1, "Onbekende kolommen (geen vraag van deze vragenlijst): " + ", ".join(unknown))
        )
    if result.errors:
        return result
    org_col = lower.index("organisation") if "organisation" in lower else lower.index("organisatie")
    type_col = lower.index("org_type") if "org_type" in lower else lower.index("type")
    for line, raw in enumerate(table[1:], start=2):
        cells = [str(c) if c is not None else "" for c in raw] + [""] * len(header)
        if not any(c.strip() for c in cells):
            continue
        problems, answers = [], []
        organisation = " ".join(cells[org_col].split())
        org_type = ORG_TYPE_ALIASES.get(cells[type_col].strip().lower())
        if not organisation:
            problems.append("organisatie ontbreekt")
        if org_type is None:
            problems.append(f"onbekend org_type ‘{cells[type_col].strip()[:30]}’")
        for i, name in enumerate(header):
            if name not in known or not cells[i].strip():
                continue
            q, tp = known[name]
            answer = _answer(q, tp, cells[i], problems)
            if answer is not None:
                answers.append(answer)
        result.errors.extend((line, p) for p in problems)
        if not problems:
            result.respondents.append((organisation, org_type, answers))
    if not result.respondents and not result.errors:
        result.errors.append((2, "Het bestand bevat geen antwoorden."))
    return result


def add_submitted_response(
    wave_id: int,
    org_type: OrgType,
    organisation: str,
    source: ResponseSource,
    answers: list[tuple[str, AnswerValue]],
    when=None,
    invitation_id: int | None = None,
) -> Response:
    """Store a submitted response with its answers: (question key, AnswerValue) pairs."""
    when = when or utcnow()
    response = Response(
        wave_id=wave_id,
        invitation_id=invitation_id,
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


def import_historical(wave: Wave, rows: HistoricalRows, replace: bool, actor=None) -> int:
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
    for organisation, org_type, answers in rows.respondents:
        add_submitted_response(wave.id, org_type, organisation, ResponseSource.IMPORT, answers, now)
    db.session.flush()
    audit(actor, "results.import", wave, respondents=len(rows.respondents), replaced=len(existing))
    return len(rows.respondents)


def add_interview(
    wave: Wave,
    survey: Survey,
    organisation: str,
    org_type: OrgType,
    grades: dict[str, str],
    actor=None,
) -> Response:
    """Store one interviewee's grades as a separate source; raises InvalidInput (Dutch) if bad."""
    columns = _columns(survey)
    answers, problems = [], []
    for name, raw in grades.items():
        if not raw.strip():
            continue
        q, tp = columns[name]
        answer = _answer(q, tp, raw, problems)
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
