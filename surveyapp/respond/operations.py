"""Respondent operations: find the invitation, save a page of answers, submit once.

Everything here flushes; the request commits. Saving and submitting are safe against double
clicks and two open tabs: one response per invitation is enforced by the database, and the
submit is a single conditional UPDATE.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from surveyapp.definitions import AnswerValue, Question, Section, Survey, get_type, survey_of
from surveyapp.definitions.types import OTHER_SUFFIX, input_name
from surveyapp.extensions import db
from surveyapp.models import Answer, Invitation, Response, utcnow

Stored = dict[str, dict[tuple[str, str], AnswerValue]]  # key -> (suffix, timepoint) -> value

CONTROL_FIELDS = {"csrf_token", "action"}


def survey_for(invitation: Invitation) -> Survey:
    """The parsed survey of the invitation's wave."""
    return survey_of(invitation.wave.survey_version)


def find_invitation(token: str) -> Invitation | None:
    """The active invitation with this token, or None (unknown, mistyped or withdrawn)."""
    if not token or len(token) > 64:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.token == token))
    if invitation is None or not invitation.active:
        return None
    return invitation


def get_response(invitation: Invitation) -> Response | None:
    return db.session.scalar(select(Response).where(Response.invitation_id == invitation.id))


def get_or_create_response(invitation: Invitation) -> Response:
    """The invitation's one response; a concurrent first save finds the other's row."""
    response = get_response(invitation)
    if response is not None:
        return response
    try:
        with db.session.begin_nested():
            response = Response(wave_id=invitation.wave_id, invitation_id=invitation.id)
            db.session.add(response)
    except IntegrityError:
        response = get_response(invitation)
        assert response is not None
    return response


def lock_response(response: Response) -> Response:
    """Serialise writers on one response (row lock on PostgreSQL; SQLite locks the file)."""
    return db.session.scalars(
        select(Response).where(Response.id == response.id).with_for_update()
    ).one()


def stored_answers(response: Response | None) -> Stored:
    """The response's answers, grouped per question."""
    out: Stored = defaultdict(dict)
    if response is None:
        return out
    rows = db.session.execute(
        select(
            Answer.question_key,
            Answer.timepoint,
            Answer.value_num,
            Answer.value_text,
            Answer.dont_know,
        ).where(Answer.response_id == response.id)
    ).all()
    for key, tp, num, text, dk in rows:
        base, _, rest = key.partition("__")
        suffix = f"__{rest}" if rest else ""
        out[base][(suffix, tp)] = AnswerValue(tp, num, text, bool(dk), suffix)
    return out


def _condition_value(survey: Survey, stored: Stored, q: Question):
    si = q.show_if
    target = survey.question(si.question)
    value = stored.get(si.question, {}).get(("", si.timepoint))
    if value is None or target is None:
        return None, False
    if value.dont_know:
        return None, True
    if value.value_num is not None:
        return value.value_num, False
    if target.type == "multi":
        return get_type("multi")._decode(value.value_text), False
    return value.value_text, False


def visible(survey: Survey, stored: Stored) -> dict[str, bool]:
    """Which questions are shown, given the answers so far (a hidden target hides its followers)."""
    shown: dict[str, bool] = {}
    for q in survey.questions:
        if q.show_if is None:
            shown[q.key] = True
            continue
        if not shown.get(q.show_if.question, False):
            shown[q.key] = False
            continue
        value, dont_know = _condition_value(survey, stored, q)
        shown[q.key] = q.show_if.matches(value, dont_know)
    return shown


def missing_required(survey: Survey, stored: Stored, questions=None) -> list[Question]:
    """Visible required questions that are not (fully) answered."""
    shown = visible(survey, stored)
    return [
        q
        for q in (questions if questions is not None else survey.questions)
        if q.required
        and shown[q.key]
        and not get_type(q.type).is_complete(q, stored.get(q.key, {}))
    ]


def required_message(q: Question) -> str:
    """The Dutch message for an unanswered required question."""
    if q.type in ("grade", "likert"):
        what = "een cijfer" if q.type == "grade" else "een antwoord"
        alt = " of ‘weet niet’" if q.dont_know else ""
        if q.timepoints:
            return f"Kies {what}{alt} voor elk moment."
        return f"Kies {what}{alt}."
    if q.type in ("choice", "multi"):
        return "Kies een antwoord."
    return "Vul deze vraag in."


class TamperedForm(Exception):
    """The post contains inputs this page never offered; nothing is saved."""


@dataclass
class PageResult:
    """Outcome of reading one posted page."""

    parsed: dict[str, list[AnswerValue]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    form_values: dict[str, object] = field(default_factory=dict)


def read_page(
    survey: Survey, section: Section, form, stored: Stored, *, require: bool
) -> PageResult:
    """Validate a posted page against the definition; nothing is written here."""
    offered = {name for q in section.questions for name in get_type(q.type).input_names(q)}
    unknown = set(form.keys()) - offered - CONTROL_FIELDS
    if unknown:
        raise TamperedForm(sorted(unknown))
    shown_before = visible(survey, stored)
    result = PageResult()
    merged: Stored = defaultdict(dict, {k: dict(v) for k, v in stored.items()})
    for q in section.questions:
        qtype = get_type(q.type)
        names = qtype.input_names(q)
        result.form_values.update(
            {
                n: (form.getlist(n) if q.type == "multi" and n == names[0] else form.get(n, ""))
                for n in names
            }
        )
        values, error = qtype.parse(q, form)
        if error:
            result.errors[q.key] = error
            continue
        merged[q.key] = {(v.suffix, v.timepoint): v for v in values}
        result.parsed[q.key] = values
    shown = visible(survey, merged)
    for q in section.questions:
        if q.key in result.errors:
            continue
        on_page_condition = q.show_if is not None and any(
            q.show_if.question == other.key for other in section.questions
        )
        if not shown[q.key] and result.parsed.get(q.key):
            if not (on_page_condition or shown_before.get(q.key)):
                raise TamperedForm([input_name(q)])
            result.errors[q.key] = (
                q.show_if.describe(survey)
                + " Maak uw antwoord leeg of pas uw eerdere antwoord aan."
            )
    if require:
        for q in missing_required(survey, merged, section.questions):
            result.errors.setdefault(q.key, required_message(q))
    return result


def save_page(invitation: Invitation, survey: Survey, section: Section, parsed) -> Response:
    """Replace the page's answers and drop answers that a changed condition now hides."""
    response = lock_response(get_or_create_response(invitation))
    keys = [q.key for q in section.questions]
    _delete_answers(response, keys)
    rows = [
        Answer(
            response_id=response.id,
            question_key=key + v.suffix,
            timepoint=v.timepoint,
            value_num=v.value_num,
            value_text=v.value_text,
            dont_know=v.dont_know,
        )
        for key in keys
        for v in parsed.get(key, [])
    ]
    db.session.add_all(rows)
    db.session.flush()
    shown = visible(survey, stored_answers(response))
    _delete_answers(response, [k for k, is_shown in shown.items() if not is_shown])
    response.updated_at = utcnow()
    invitation.mark_started()
    db.session.flush()
    return response


def _delete_answers(response: Response, keys: list[str]) -> None:
    if not keys:
        return
    names = keys + [k + OTHER_SUFFIX for k in keys]
    db.session.execute(
        delete(Answer).where(Answer.response_id == response.id, Answer.question_key.in_(names))
    )


def submit(invitation: Invitation, response: Response) -> bool:
    """Mark the response submitted exactly once; True for the call that did it."""
    org = invitation.contact.organisation
    now = utcnow()
    result = db.session.execute(Response.submit_statement(response.id, org.org_type, org.name, now))
    first = result.rowcount == 1
    invitation.mark_completed(now)
    db.session.flush()
    db.session.refresh(response)
    return first
