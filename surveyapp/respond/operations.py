"""Respondent operations: save a page of answers, submit once (reads are in queries.py).

Everything here flushes; the request commits. Saving and submitting are safe against double
clicks and two open tabs: one response per invitation (or per organisation, in waves answered
per organisation) is enforced by the database, the submit is a single conditional UPDATE, and
a page saved against an older version of the response is not applied silently.

In anonymous waves, submitting moves the answers to a new response that has no link to the
invitation, the contact or the organisation: a random id, the org type and the day only.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from surveyapp.anonymity import insert_with_random_id
from surveyapp.clock import day_of
from surveyapp.definitions import AnswerValue, Section, Survey, get_type
from surveyapp.definitions.types import input_name
from surveyapp.extensions import db
from surveyapp.models import (
    Answer,
    Invitation,
    PendingSubmission,
    Response,
    ResponseStatus,
    utcnow,
)
from surveyapp.respond.queries import (
    CONTROL_FIELDS,
    AnswersByQuestion,
    PreviousReturn,
    _owner,
    check_errors,
    get_response,
    just_submitted_anonymously,
    missing_required,
    required_message,
    stored_answers,
    visible,
)


def get_or_create_response(invitation: Invitation) -> Response:
    """The link's one response; a concurrent first save finds the other's row."""
    response = get_response(invitation)
    if response is not None:
        return response
    try:
        with db.session.begin_nested():
            response = Response(wave_id=invitation.wave_id, **_owner(invitation))
            db.session.add(response)
    except IntegrityError:
        response = get_response(invitation)
        assert response is not None
    return response


def lock_response(response: Response) -> Response | None:
    """Serialise writers on one response (row lock on PostgreSQL; SQLite locks the file) and
    read it afresh (not the copy this session already holds); None when it is gone (an
    anonymous submit just cut it loose)."""
    return db.session.scalars(
        select(Response)
        .where(Response.id == response.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()


def claim_version(response: Response, expected: int, saved_by: int | None) -> bool:
    """Move the response from version `expected` to the next, in one conditional UPDATE: of
    two saves made against the same version (two tabs, two colleagues) exactly one wins, on
    SQLite (writes wait for each other) as on PostgreSQL (the row lock, then the re-check)."""
    now = utcnow()
    claimed = db.session.execute(
        update(Response)
        .where(Response.id == response.id, func.coalesce(Response.version, 0) == expected)
        .values(version=expected + 1, updated_at=now, last_saved_by_id=saved_by)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed == 1:
        for key, value in (("version", expected + 1), ("updated_at", now),
                           ("last_saved_by_id", saved_by)):  # fmt: skip
            set_committed_value(response, key, value)
    return claimed == 1


class TamperedForm(Exception):
    """The post contains inputs this page never offered; nothing is saved."""


class AlreadySubmitted(Exception):
    """This link's answers were sent (and cut loose, in an anonymous wave) meanwhile."""


class SavedElsewhere(Exception):
    """The page was saved in another tab or by a colleague since this one was opened."""

    def __init__(self, response: Response):
        super().__init__("saved elsewhere")
        self.response = response


@dataclass
class PageResult:
    """Outcome of reading one posted page."""

    parsed: dict[str, list[AnswerValue]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    form_values: dict[str, object] = field(default_factory=dict)


def read_page(
    survey: Survey,
    section: Section,
    form,
    stored: AnswersByQuestion,
    *,
    require: bool,
    previous: PreviousReturn | None = None,
) -> PageResult:
    """Validate a posted page against the definition; nothing is written here.

    Going on (`require`) also runs the checks between questions of this page, against the
    `previous` return where a check asks for it."""
    offered = {name for q in section.questions for name in get_type(q.type).input_names(q)}
    unknown = set(form.keys()) - offered - CONTROL_FIELDS
    if unknown:
        raise TamperedForm(sorted(unknown))
    shown_before = visible(survey, stored)
    result = PageResult()
    merged: AnswersByQuestion = defaultdict(dict, {k: dict(v) for k, v in stored.items()})
    for q in section.questions:
        qtype = get_type(q.type)
        result.form_values.update(qtype.raw_form(q, form))
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
        keys = {q.key for q in section.questions if q.key not in result.errors}
        for key, message in check_errors(survey, merged, previous, keys).items():
            result.errors.setdefault(key, message)
    return result


def save_page(
    invitation: Invitation,
    survey: Survey,
    section: Section,
    parsed,
    seen_version: int | None = None,
    stored: AnswersByQuestion | None = None,
) -> AnswersByQuestion:
    """Replace the page's answers and drop answers that a changed condition now hides;
    returns the response's answers as they now are.

    `seen_version` is the response version the page was opened at; when another tab or a
    colleague saved since, nothing is written and `SavedElsewhere` says so. `stored` (the
    answers read for this request) saves reading them again; the version check guarantees
    they are still current.
    """
    response = _response_to_save(invitation)
    expected = seen_version if seen_version is not None else (response.version or 0)
    if not claim_version(response, expected, invitation.contact_id):
        if just_submitted_anonymously(invitation):
            raise AlreadySubmitted
        db.session.refresh(response)
        raise SavedElsewhere(response)
    if stored is None or seen_version is None:
        stored = stored_answers(response)
    keys = [q.key for q in section.questions]
    _delete_answers(survey, response, keys)
    after: AnswersByQuestion = defaultdict(dict)
    after.update({k: v for k, v in stored.items() if k not in keys})
    rows = []
    for key in keys:
        for value in parsed.get(key, []):
            after[key][(value.suffix, value.timepoint)] = value
            rows.append(Answer.row(response.id, key, value))
    if rows:  # one statement for the page (executemany), no ORM objects
        db.session.execute(insert(Answer), rows)
    shown = visible(survey, after)
    hidden = [k for k, is_shown in shown.items() if not is_shown and k in after]
    _delete_answers(survey, response, hidden)
    for key in hidden:
        after.pop(key, None)
    invitation.mark_started()
    db.session.flush()
    return after


def _response_to_save(invitation: Invitation) -> Response:
    """The response a save writes to, locked; never a new draft for a link whose answers were
    just sent anonymously (that draft could be sent a second time)."""
    response = get_response(invitation)
    if response is None and just_submitted_anonymously(invitation):
        raise AlreadySubmitted
    response = lock_response(response or get_or_create_response(invitation))
    if response is None:  # deleted by the anonymous submit that won the race
        raise AlreadySubmitted
    return response


def _delete_answers(survey: Survey, response: Response, keys: list[str]) -> None:
    """Delete the stored rows of these questions (each type names its rows: `answer_keys`)."""
    if not keys:
        return
    questions = [survey.question(k) for k in keys]
    names = [name for q in questions for name in get_type(q.type).answer_keys(q)]
    db.session.execute(
        delete(Answer).where(Answer.response_id == response.id, Answer.question_key.in_(names))
    )


def submit(invitation: Invitation, response: Response) -> bool:
    """Mark the response submitted exactly once; True for the call that did it."""
    if invitation.wave.anonymous:
        return submit_anonymously(invitation, response)
    org = invitation.contact.organisation
    now = utcnow()
    result = db.session.execute(Response.submit_statement(response.id, org.org_type, org.name, now))
    first = result.rowcount == 1
    invitation.mark_completed(now)
    db.session.flush()
    db.session.refresh(response)
    return first


def submit_anonymously(invitation: Invitation, draft: Response) -> bool:
    """Cut the draft's answers loose from who sent them: they wait as a PendingSubmission (the
    org type, the day and the answers; nothing else) until `release_pending` moves them into a
    response, in another transaction. The invitation records that it is done, with the day.
    False when already submitted."""
    draft = db.session.scalars(
        select(Response).where(Response.id == draft.id).with_for_update()
    ).one_or_none()
    if draft is None or draft.status is ResponseStatus.SUBMITTED:
        return False
    day = day_of(utcnow())
    if not _mark_link_done(invitation, day):
        return False
    rows = db.session.execute(
        select(
            Answer.question_key, Answer.timepoint, Answer.value_num, Answer.value_text,
            Answer.dont_know,
        ).where(Answer.response_id == draft.id)
    ).all()  # fmt: skip
    org_type = invitation.contact.organisation.org_type
    wave_id = draft.wave_id
    gone = db.session.execute(  # conditional: of two concurrent submits only one deletes it
        delete(Response)
        .where(Response.id == draft.id, Response.status == ResponseStatus.DRAFT)
        .execution_options(synchronize_session=False)
    )
    if gone.rowcount != 1:
        return False
    db.session.execute(delete(Answer).where(Answer.response_id == draft.id))
    db.session.expunge(draft)
    answers = [[key, tp, num, text, bool(dk)] for key, tp, num, text, dk in rows]
    values = {"wave_id": wave_id, "org_type": org_type, "day": day, "answers": json.dumps(answers)}
    insert_with_random_id(PendingSubmission, values)
    db.session.flush()
    return True


def _mark_link_done(invitation: Invitation, day) -> bool:
    """Record that this link has sent its answers, once: a conditional UPDATE, so the database
    lets exactly one submit per invitation through (even where no response points to it)."""
    done = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.completed_at.is_(None))
        .values(
            completed_at=day,
            started_at=func.coalesce(Invitation.started_at, day),
            opened_at=func.coalesce(Invitation.opened_at, day),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(invitation)
    return done == 1
