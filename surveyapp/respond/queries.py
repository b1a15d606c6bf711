"""Reads of the respondent pages: the invitation behind a link, its response and stored answers,
the previous return that prefills a page, and what is visible, missing or failing a check."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from surveyapp.definitions import AnswerValue, Question, Section, Survey, get_type, survey_of
from surveyapp.definitions.checks import failed_checks
from surveyapp.extensions import db
from surveyapp.models import (
    Answer,
    Contact,
    Invitation,
    Response,
    ResponseStatus,
    SurveyVersion,
    Wave,
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


def page_numbers(survey: Survey, shown: dict[str, bool]) -> list[int]:
    """1-based numbers of the sections with at least one visible question."""
    return [
        i
        for i, section in enumerate(survey.sections, 1)
        if any(shown[q.key] for q in section.questions)
    ]


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
