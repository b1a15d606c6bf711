"""Queue invitations and reminders: each outbox row is written in the transaction of its move."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from surveyapp.errors import DomainError
from surveyapp.extensions import db
from surveyapp.mail.texts import render_mail
from surveyapp.models import (
    Contact,
    Invitation,
    OutboxMessage,
    OutboxStatus,
    ResponseUnit,
    Wave,
    WaveState,
    utcnow,
)

INVITATION, REMINDER = "invitation", "reminder"


def _message(kind: str, invitation: Invitation) -> OutboxMessage:
    cfg = current_app.config
    mail = render_mail(kind, invitation, cfg["BASE_URL"], cfg["CONTACT_EMAIL"])
    return OutboxMessage(
        kind=kind,
        wave_id=invitation.wave_id,
        invitation_id=invitation.id,
        to_addr=invitation.contact.email,
        subject=mail.subject,
        body_text=mail.text,
        body_html=mail.html,
        status=OutboxStatus.PENDING,
        next_attempt_at=utcnow(),
    )


def rerender_pending(contact_id: int) -> int:
    """A corrected contact (AVG art. 16): mails still waiting for the worker go to the new
    address with the new name. Returns how many were rewritten."""
    pending = db.session.scalars(
        select(OutboxMessage)
        .join(Invitation, Invitation.id == OutboxMessage.invitation_id)
        .where(Invitation.contact_id == contact_id, OutboxMessage.status == OutboxStatus.PENDING)
    ).all()
    for row in pending:
        fresh = _message(row.kind, db.session.get(Invitation, row.invitation_id))
        row.to_addr, row.subject = fresh.to_addr, fresh.subject
        row.body_text, row.body_html = fresh.body_text, fresh.body_html
    return len(pending)


def _require_open(wave: Wave) -> None:
    if wave.state is not WaveState.OPEN:
        raise DomainError(
            "Open de uitvraag eerst; daarna kunt u uitnodigingen en herinneringen sturen."
        )


def queue_invitations(wave: Wave) -> int:
    """Queue an invitation mail for every active invitation that has none yet, and again for
    those whose mail failed (say a 550 for a mistyped address, corrected since); the count."""
    _require_open(wave)
    existing = {
        row.invitation_id: row
        for row in db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.wave_id == wave.id, OutboxMessage.kind == INVITATION
            )
        )
    }
    invitations = db.session.scalars(
        select(Invitation)
        .join(Contact)
        .where(
            Invitation.wave_id == wave.id,
            Invitation.withdrawn_at.is_(None),
            Contact.active.is_(True),
        )
        .order_by(Invitation.id)
    ).all()
    done_orgs = completed_organisations(
        wave
    )  # who answered (or whose organisation did) is not asked
    invitations = [inv for inv in invitations if not is_done(inv, done_orgs)]
    queued = [_message(INVITATION, inv) for inv in invitations if inv.id not in existing]
    requeued = 0
    for inv in invitations:
        old = existing.get(inv.id)
        if old is not None and old.status is OutboxStatus.FAILED:
            fresh = _message(INVITATION, inv)  # the current address and text
            old.requeue(fresh.to_addr, fresh.subject, fresh.body_text, fresh.body_html)
            requeued += 1
    db.session.add_all(queued)
    db.session.flush()
    return len(queued) + requeued


def completed_organisations(wave: Wave) -> set[int]:
    """Organisations of which some invited contact has completed this wave."""
    return set(
        db.session.scalars(
            select(Contact.organisation_id)
            .join(Invitation, Invitation.contact_id == Contact.id)
            .where(Invitation.wave_id == wave.id, Invitation.completed_at.is_not(None))
        )
    )


def is_done(invitation: Invitation, done_orgs: set[int] | None = None) -> bool:
    """Completed: by this contact, or in per-organisation waves by a colleague."""
    if invitation.completed_at is not None:
        return True
    if invitation.wave.response_unit is ResponseUnit.ORGANISATION:
        orgs = done_orgs if done_orgs is not None else completed_organisations(invitation.wave)
        return invitation.contact.organisation_id in orgs
    return False


def next_reminder(invitation: Invitation, done_orgs: set[int]) -> datetime | None:
    """When this invitation is next due a reminder (None: never: not sent, done, or at the
    wave's maximum)."""
    wave = invitation.wave
    if invitation.withdrawn_at is not None or not invitation.contact.active:
        return None
    if invitation.sent_at is None or is_done(invitation, done_orgs):
        return None
    if invitation.reminder_count >= wave.max_reminders:
        return None
    last = max(d for d in (invitation.sent_at, invitation.last_reminded_at) if d is not None)
    return last + timedelta(days=wave.reminder_interval_days)


def reminder_outlook(wave: Wave, now: datetime | None = None) -> str:
    """Why nobody is due a reminder now, in Dutch: who is due when, or why no one will be."""
    from analysis.format import nl_date
    from surveyapp.clock import local_day

    now = now or utcnow()
    done_orgs = completed_organisations(wave)
    invitations = db.session.scalars(select(Invitation).where(Invitation.wave_id == wave.id)).all()
    due = [d for d in (next_reminder(inv, done_orgs) for inv in invitations) if d is not None]
    if due:
        first = min(local_day(d) for d in due)
        count = sum(local_day(d) == first for d in due)
        who = "contactpersoon" if count == 1 else "contactpersonen"
        return (f"Er is nu niemand aan een herinnering toe. De eerstvolgende herinnering is op "
                f"{nl_date(first)}, voor {count} {who} (na {wave.reminder_interval_days} dagen "
                "zonder antwoord).")  # fmt: skip
    if not any(inv.sent_at for inv in invitations):
        return "Er is nu niemand aan een herinnering toe: er zijn nog geen uitnodigingen verstuurd."
    return ("Er is nu niemand aan een herinnering toe: wie nog niet heeft ingevuld, heeft al "
            f"het maximum van {wave.max_reminders} herinneringen gehad, of iedereen heeft "
            "ingevuld.")  # fmt: skip


def reminder_due(invitation: Invitation, now: datetime, done_orgs: set[int]) -> bool:
    """Sent, not done, below the maximum and not reminded within the wave's interval."""
    due = next_reminder(invitation, done_orgs)
    return due is not None and due <= now


def queue_reminders(wave: Wave, now: datetime | None = None) -> int:
    """Queue a reminder for everyone due one; the count and date are recorded with it."""
    _require_open(wave)
    now = now or utcnow()
    pending = set(
        db.session.scalars(
            select(OutboxMessage.invitation_id).where(
                OutboxMessage.wave_id == wave.id,
                OutboxMessage.kind == REMINDER,
                OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
            )
        )
    )
    done_orgs = completed_organisations(wave)
    invitations = db.session.scalars(
        select(Invitation).where(Invitation.wave_id == wave.id).order_by(Invitation.id)
    ).all()
    count = 0
    for inv in invitations:
        if inv.id in pending or not reminder_due(inv, now, done_orgs):
            continue
        inv.reminder_count += 1
        inv.last_reminded_at = now
        db.session.add(_message(REMINDER, inv))
        count += 1
    db.session.flush()
    return count


def queue_scheduled_reminders(now: datetime | None = None) -> int:
    """Reminders for every open wave that has automatic reminders switched on."""
    waves = db.session.scalars(
        select(Wave).where(Wave.state == WaveState.OPEN, Wave.auto_reminders.is_(True))
    ).all()
    return sum(queue_reminders(w, now) for w in waves if w.accepts_answers(now))
