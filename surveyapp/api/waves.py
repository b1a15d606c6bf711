"""Waves: list, detail, create, open and close; invitations, the response rate and mail
(coordinators; evaluators read the list and a wave). Same rules and audit as the pages."""

from __future__ import annotations

from flask import g
from flask_smorest import Blueprint
from werkzeug.datastructures import MultiDict

from surveyapp.api.auth import protect, roles
from surveyapp.api.lists import get_or_404, paged
from surveyapp.api.problems import ProblemError, invalid
from surveyapp.api.schemas import (
    InvitationPage,
    Paging,
    Queued,
    ResponseRateOut,
    WaveIn,
    WaveOut,
    WavePage,
)
from surveyapp.coordinate import operations as ops
from surveyapp.coordinate.forms import WaveForm, create_wave_from
from surveyapp.coordinate.queries import invitation_counts
from surveyapp.coordinate.rates import load_units, wave_rate
from surveyapp.errors import DomainError
from surveyapp.evaluate.results.queries import waves_with_counts
from surveyapp.forms import choices
from surveyapp.mail.outbox import reminder_outlook
from surveyapp.models import (
    CONTACT_ROLE_LABELS,
    ORG_TYPE_LABELS,
    Invitation,
    StaffRole,
    SurveyVersion,
    Wave,
)

bp = Blueprint("api_waves", __name__, description="Uitvragen, uitnodigingen en respons")
protect(bp)
COORDINATOR = (StaffRole.COORDINATOR,)
READERS = (StaffRole.COORDINATOR, StaffRole.EVALUATOR)


def wave_out(wave: Wave, invited: int = 0, completed: int = 0) -> dict:
    return {
        "id": wave.id,
        "name": wave.name,
        "slug": wave.slug,
        "state": str(wave.state),
        "survey_version_id": wave.survey_version_id,
        "survey_slug": wave.survey_version.slug,
        "opens_at": wave.opens_at,
        "closes_at": wave.closes_at,
        "period": wave.period,
        "anonymity": str(wave.anonymity),
        "response_unit": str(wave.response_unit),
        "invited": invited,
        "completed": completed,
    }


def _wave(wave_id: int) -> Wave:
    return get_or_404(Wave, wave_id)


@bp.get("/waves")
@roles(*READERS)
@bp.arguments(Paging, location="query")
@bp.response(200, WavePage)
def list_waves(paging):
    """Every wave, newest first, with its submitted responses."""
    invited = invitation_counts()
    rows = waves_with_counts()
    return paged([wave_out(w, invited.get(w.id, 0), n + m) for w, n, m in rows], paging)


@bp.get("/waves/<int:wave_id>")
@roles(*READERS)
@bp.response(200, WaveOut)
def get_wave(wave_id: int):
    """One wave."""
    return _counted(_wave(wave_id))


@bp.post("/waves")
@roles(*COORDINATOR)
@bp.arguments(WaveIn)
@bp.response(201, WaveOut)
def create_wave(body):
    """A new wave as a draft, with the rules of the coordinator's form (and its messages)."""
    form = WaveForm(formdata=_formdata(body), meta={"csrf": False})
    form.survey_version_id.choices = choices(
        (v.id, v.title) for v in SurveyVersion.latest_per_slug()
    )
    wave = create_wave_from(form, g.api_user) if form.validate() else None
    if wave is not None:
        return _counted(wave)
    raise invalid([
        {"field": API_FIELDS.get(name, name), "message": message}
        for name, messages in form.errors.items()
        for message in messages
    ])  # fmt: skip


# The API's field names where the form's differ (dates, not moments), and back.
FORM_FIELDS = {"opens_on": "opens_at", "closes_on": "closes_at"}
API_FIELDS = {form: api for api, form in FORM_FIELDS.items()}


def _formdata(body: dict) -> MultiDict:
    """The JSON body as the form would post it."""
    pairs: list[tuple[str, str]] = []
    for key, value in body.items():
        name = FORM_FIELDS.get(key, key)
        if key == "contact_emails":
            pairs.append((name, "\n".join(value)))
        elif isinstance(value, list):
            pairs += [(name, v) for v in value]
        elif isinstance(value, bool):
            if value:
                pairs.append((name, "y"))
        elif value is not None:
            pairs.append((name, value.isoformat() if hasattr(value, "isoformat") else str(value)))
    return MultiDict(pairs)


def _move(wave_id: int, move) -> dict:
    """Open or close through the wave's state machine; a wrong state is a 409 problem."""
    wave = _wave(wave_id)
    try:
        move(wave, g.api_user)
    except DomainError as err:
        raise ProblemError(409, str(err)) from None
    return _counted(wave)


def _counted(wave: Wave) -> dict:
    """The wave with its invitations and submitted responses, counted as in the list."""
    [(_row, survey, interviews)] = waves_with_counts(Wave.id == wave.id)
    invited = invitation_counts(Invitation.wave_id == wave.id).get(wave.id, 0)
    return wave_out(wave, invited, survey + interviews)


@bp.post("/waves/<int:wave_id>/open")
@roles(*COORDINATOR)
@bp.response(200, WaveOut)
def open_wave(wave_id: int):
    """Start fieldwork (from draft); a wave in another state answers 409."""
    return _move(wave_id, ops.open_wave)


@bp.post("/waves/<int:wave_id>/close")
@roles(*COORDINATOR)
@bp.response(200, WaveOut)
def close_wave(wave_id: int):
    """End fieldwork (from open); closed is final."""
    return _move(wave_id, ops.close_wave)


def _queue(wave_id: int, action: str) -> dict:
    wave = _wave(wave_id)
    try:
        n, message = ops.queue_mail(wave, action, g.api_user)
    except DomainError as err:
        raise ProblemError(409, str(err)) from None
    return {"queued": n, "message": message}


@bp.post("/waves/<int:wave_id>/invitations")
@roles(*COORDINATOR)
@bp.response(200, Queued)
def send_invitations(wave_id: int):
    """Queue the invitations of those who still have to answer (per the response unit)."""
    return _queue(wave_id, "invite")


@bp.post("/waves/<int:wave_id>/reminders")
@roles(*COORDINATOR)
@bp.response(200, Queued)
def send_reminders(wave_id: int):
    """Queue a reminder for everyone due one now; `message` says who is due when otherwise."""
    return _queue(wave_id, "remind")


@bp.get("/waves/<int:wave_id>/invitations")
@roles(*COORDINATOR)
@bp.arguments(Paging, location="query")
@bp.response(200, InvitationPage)
def invitations(paging, wave_id: int):
    """Who is asked to respond, per the wave's response unit, with each stage's time."""
    units = load_units(_wave(wave_id))
    rows = [
        {
            **{k: getattr(u, k) for k in ("label", "organisation", "emails", "reminder_count")},
            **{k: getattr(u, k) for k in ("sent_at", "opened_at", "started_at", "completed_at")},
            "org_type": u.org_type.value,
            "roles": sorted(r.value for r in u.roles),
            "mail": sorted(u.mail),
        }
        for u in units
    ]
    return paged(rows, paging)


def _rate_row(row, group: str) -> dict:
    return {
        "group": group,
        "label": row.group,
        "rate": row.completed / row.invited if row.invited else None,
        **{
            k: getattr(row, k)
            for k in ("invited", "queued", "sent", "failed", "opened", "started", "completed")
        },
    }


@bp.get("/waves/<int:wave_id>/response-rate")
@roles(*COORDINATOR)
@bp.response(200, ResponseRateOut)
def response_rate(wave_id: int):
    """The response per organisation type and per role, and completions day by day."""
    wave = _wave(wave_id)
    rate = wave_rate(wave)
    types = {label: t.value for t, label in ORG_TYPE_LABELS.items()}
    roles_ = {label: r.value for r, label in CONTACT_ROLE_LABELS.items()}
    return {
        "wave_id": wave.id,
        "response_unit": rate.unit.value,
        "overall": _rate_row(rate.overall, "total"),
        "by_org_type": [_rate_row(r, types.get(r.group, r.group)) for r in rate.by_org_type],
        "by_role": [_rate_row(r, roles_.get(r.group, r.group)) for r in rate.by_role],
        "completed_by_day": [{"day": d, "completed": n} for d, n in rate.completions_by_day],
        "reminder_days": rate.reminder_days,
        "next_reminder": reminder_outlook(wave) if wave.state.value == "open" else None,
    }
