"""Respondent operations: find the invitation, save a page of answers, submit once.

Everything here flushes; the request commits. Saving and submitting are safe against double
clicks and two open tabs: one response per invitation (or per organisation, in waves answered
per organisation) is enforced by the database, the submit is a single conditional UPDATE, and
a page saved against an older version of the response is not applied silently.

In anonymous waves, submitting moves the answers to a new response that has no link to the
invitation, the contact or the organisation: a random id, the org type and the day only.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from surveyapp.clock import day_of
from surveyapp.definitions import AnswerValue, Question, Section, Survey, get_type, survey_of
from surveyapp.definitions.checks import failed_checks
from surveyapp.definitions.types import input_name
from surveyapp.extensions import db
from surveyapp.models import (
    Answer,
    Contact,
    Invitation,
    Response,
    ResponseSource,
    ResponseStatus,
    SurveyVersion,
    Wave,
    random_id,
    utcnow,
)

# A response's answers per question key; each is the type's StoredAnswers ((suffix, tp) → value).
AnswersByQuestion = dict[str, dict[tuple[str, str], AnswerValue]]

CONTROL_FIELDS = {"csrf_token", "action", "version"}
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")  # what `new_token` makes, with room


def survey_for(invitation: Invitation) -> Survey:
    """The parsed survey of the invitation's wave, kept per app and version id: a version is
    frozen once a wave uses it, so its definition (JSON) is read from the database once."""
    parsed = current_app.extensions.setdefault("surveys_by_version", {})
    version_id = invitation.wave.survey_version_id
    if version_id not in parsed:
        parsed[version_id] = survey_of(invitation.wave.survey_version)
    return parsed[version_id]


def load_invitation(invitation_id: int) -> Invitation | None:
    """The invitation with its wave, contact and organisation, in one query."""
    return db.session.scalar(
        select(Invitation)
        .where(Invitation.id == invitation_id)
        .options(
            joinedload(Invitation.wave),
            joinedload(Invitation.contact).joinedload(Contact.organisation),
        )
    )


def find_invitation(token: str) -> Invitation | None:
    """The active invitation with this token, or None (unknown, mistyped or withdrawn)."""
    if not token or len(token) > 64:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.token == token))
    if invitation is None or not invitation.active:
        return None
    return invitation


def _owner(invitation: Invitation) -> dict[str, int]:
    """What a response belongs to: the invitation, or in per-organisation waves the organisation."""
    if invitation.wave.per_organisation:
        return {"organisation_id": invitation.contact.organisation_id}
    return {"invitation_id": invitation.id}


def get_response(invitation: Invitation) -> Response | None:
    """The response this link opens (shared with colleagues in per-organisation waves)."""
    owner = _owner(invitation)
    return db.session.scalar(select(Response).filter_by(wave_id=invitation.wave_id, **owner))


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


def submitted_anonymously(invitation: Invitation, response: Response | None) -> bool:
    """Done in an anonymous wave: the answers no longer hang off this link."""
    return (
        invitation.wave.anonymous
        and response is None
        and (
            invitation.completed_at is not None
            or (invitation.wave.per_organisation and _colleague_completed(invitation))
        )
    )


def just_submitted_anonymously(invitation: Invitation) -> bool:
    """Looked up afresh: did another request cut this link's answers loose a moment ago?"""
    if not invitation.wave.anonymous:
        return False
    db.session.refresh(invitation)
    return submitted_anonymously(invitation, get_response(invitation))


def _colleague_completed(invitation: Invitation) -> bool:
    from surveyapp.mail.outbox import is_done

    return is_done(invitation)


def lock_response(response: Response) -> Response:
    """Serialise writers on one response (row lock on PostgreSQL; SQLite locks the file)."""
    return db.session.scalars(
        select(Response).where(Response.id == response.id).with_for_update()
    ).one()


def stored_answers(response: Response | None) -> AnswersByQuestion:
    """The response's answers, grouped per question."""
    out: AnswersByQuestion = defaultdict(dict)
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


@dataclass(frozen=True)
class PreviousReturn:
    """The organisation's last submitted return of this survey, in an earlier wave."""

    wave_name: str
    answers: AnswersByQuestion


def previous_return(invitation: Invitation, survey: Survey) -> PreviousReturn | None:
    """The return a yearly survey starts from and checks against; None when the survey does
    not ask for it, the wave is anonymous, or the organisation has no earlier return.

    Earlier means: another wave of the same survey (by slug) with an earlier reference year
    (peiljaar), or, without years, one that opened earlier.
    """
    wants = survey.prefill or any(c.equals == "previous" for c in survey.checks)
    wave = invitation.wave
    if not wants or wave.anonymous:
        return None
    org_id = invitation.contact.organisation_id
    if wave.period is not None:
        earlier = Wave.period < wave.period
    else:
        earlier = Wave.opens_at < (wave.opens_at or utcnow())
    row = db.session.execute(
        select(Response.id, Wave.name)
        .join(Wave, Wave.id == Response.wave_id)
        .join(SurveyVersion, SurveyVersion.id == Wave.survey_version_id)
        .where(
            SurveyVersion.slug == wave.survey_version.slug,
            Response.wave_id != wave.id,
            Response.status == ResponseStatus.SUBMITTED,
            Response.organisation_id_expr() == org_id,
            earlier,
        )
        .order_by(
            Wave.period.desc().nulls_last(),
            Wave.opens_at.desc().nulls_last(),
            Response.submitted_at.desc(),
        )
        .limit(1)
    ).first()
    if row is None:
        return None
    return PreviousReturn(row.name, stored_answers(db.session.get(Response, row.id)))


def prefilled_values(survey: Survey, section: Section, stored, previous) -> dict[str, object]:
    """Form values from the previous return for the page's unanswered number and count
    questions (shown, not stored: the respondent saves them by going on)."""
    if previous is None or not survey.prefill:
        return {}
    out: dict[str, object] = {}
    for q in section.questions:
        qtype = get_type(q.type)
        if qtype.prefill and not stored.get(q.key) and previous.answers.get(q.key):
            out.update(qtype.form_values(q, previous.answers[q.key]))
    return out


def check_errors(survey: Survey, stored, previous, keys: set[str] | None = None) -> dict[str, str]:
    """The survey's checks between questions that fail (see definitions/checks.py)."""
    if not survey.checks:
        return {}
    return failed_checks(
        survey,
        stored,
        previous.answers if previous else None,
        previous.wave_name if previous else "",
        keys,
    )


def _condition_value(survey: Survey, stored: AnswersByQuestion, q: Question):
    si = q.show_if
    target = survey.question(si.question)
    value = stored.get(si.question, {}).get(("", si.timepoint))
    if value is None or target is None:
        return None, False
    if value.dont_know:
        return None, True
    return get_type(target.type).condition_value(value), False


def visible(survey: Survey, stored: AnswersByQuestion) -> dict[str, bool]:
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


def missing_required(survey: Survey, stored: AnswersByQuestion, questions=None) -> list[Question]:
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
    """The Dutch message for an unanswered required question (the type says it)."""
    return get_type(q.type).required_message(q)


class TamperedForm(Exception):
    """The post contains inputs this page never offered; nothing is saved."""


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
    response = lock_response(get_or_create_response(invitation))
    if seen_version is not None and response.version != seen_version:
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
    response.updated_at = utcnow()
    response.version = (response.version or 0) + 1
    response.last_saved_by_id = invitation.contact_id
    invitation.mark_started()
    db.session.flush()
    return after


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
    """Move the draft's answers to a response with no link to who sent it; drop the draft.

    The new response and its answers get random ids (in random order); its times are the day
    only; it keeps the org type (for the province/municipality comparison) and nothing else.
    The invitation records that it is done, with the day. False when already submitted.
    """
    draft = db.session.scalars(
        select(Response).where(Response.id == draft.id).with_for_update()
    ).one_or_none()
    if draft is None or draft.status is ResponseStatus.SUBMITTED:
        return False
    day = day_of(utcnow())
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
    new_id = _insert_with_random_id(
        Response,
        {
            "wave_id": wave_id,
            "status": ResponseStatus.SUBMITTED,
            "source": ResponseSource.SURVEY,
            "org_type": org_type,
            "started_at": day,
            "updated_at": day,
            "submitted_at": day,
            "version": 0,
        },
    )
    shuffled = list(rows)
    random.SystemRandom().shuffle(shuffled)
    for key, tp, num, text, dk in shuffled:
        _insert_with_random_id(
            Answer,
            {
                "response_id": new_id,
                "question_key": key,
                "timepoint": tp,
                "value_num": num,
                "value_text": text,
                "dont_know": dk,
            },
        )
    invitation.completed_at = invitation.completed_at or day
    db.session.flush()
    return True


def _insert_with_random_id(model, values: dict) -> int:
    """Insert one row under a random primary key, drawing again on the rare collision."""
    for _ in range(10):
        row_id = random_id()
        try:
            with db.session.begin_nested():
                db.session.execute(insert(model).values(id=row_id, **values))
        except IntegrityError:
            continue
        return row_id
    raise RuntimeError("no free random id after 10 draws")
