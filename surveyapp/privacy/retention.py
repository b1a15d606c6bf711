"""Retention that runs by itself: when a wave's period after closing has passed, its personal
data goes (mails, invitations with their links and times, the link from answers to a person,
drafts, and contacts in no wave still inside its period); what is left is the answers per
organisation and the results. Audit entries that carry an e-mail address get their own period.

Each wave is purged in one transaction that starts by claiming it (an UPDATE that only one of
two concurrent runs can make): an interrupted purge leaves nothing half-removed and the next
run does it again; two runs at once purge a wave once."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import String, cast, delete, func, or_, select, update

from surveyapp.audit import audit
from surveyapp.errors import DomainError
from surveyapp.extensions import db
from surveyapp.models import (
    AuditEvent,
    Contact,
    Invitation,
    OutboxMessage,
    Response,
    ResponseStatus,
    Wave,
    utcnow,
)

MIN_MONTHS, MAX_MONTHS = 1, 120  # a month at least; ten years at most
EMAIL = re.compile(r"[^@\s\"'<>]+@[^@\s\"'<>]+\.[^@\s\"'<>]+")


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(
        year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1])
    )


def months_of(wave: Wave) -> int:
    return wave.retention_months or current_app.config["PRIVACY_RETENTION_MONTHS"]


def ended_at(wave: Wave, now: datetime | None = None) -> datetime | None:
    """When fieldwork ended: the close, or a closing date that has passed."""
    now = now or utcnow()
    if wave.closed_at is not None:
        return wave.closed_at
    if wave.closes_at is not None and wave.closes_at <= now:
        return wave.closes_at
    return None


def retention_ends(wave: Wave, now: datetime | None = None) -> datetime | None:
    """When the wave's personal data goes; None while fieldwork has not ended."""
    ended = ended_at(wave, now)
    return add_months(ended, months_of(wave)) if ended is not None else None


def check_months(months: int | None) -> int:
    if months is None or not MIN_MONTHS <= months <= MAX_MONTHS:
        raise DomainError(
            f"Kies een bewaartermijn van {MIN_MONTHS} tot en met {MAX_MONTHS} maanden na de "
            "sluiting (tien jaar). Persoonsgegevens langer bewaren mag alleen met een reden "
            "die de wet geeft; dat regelt u buiten deze app."
        )
    return months


@dataclass(frozen=True)
class Outlook:
    """What the purge of a wave removes, counted now."""

    ends: datetime | None
    invitations: int
    mails: int
    links: int
    drafts: int
    contacts: int


def _leaving_contacts(wave_id: int) -> list[int]:
    """Contacts of this wave who are in no other wave whose data is still kept."""
    mine = select(Invitation.contact_id).where(Invitation.wave_id == wave_id).distinct()
    elsewhere = select(Invitation.contact_id).where(Invitation.wave_id != wave_id).distinct()
    return list(db.session.scalars(mine.except_(elsewhere)))


def _links(wave_id: int):
    return (
        Response.wave_id == wave_id,
        or_(Response.invitation_id.is_not(None), Response.last_saved_by_id.is_not(None)),
        Response.status == ResponseStatus.SUBMITTED,
    )


def outlook(wave: Wave) -> Outlook:
    """What would go, for the coordinator's wave page before the date."""

    def count(stmt) -> int:
        return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0

    return Outlook(
        ends=retention_ends(wave),
        invitations=count(select(Invitation.id).where(Invitation.wave_id == wave.id)),
        mails=count(select(OutboxMessage.id).where(OutboxMessage.wave_id == wave.id)),
        links=count(select(Response.id).where(*_links(wave.id))),
        drafts=count(
            select(Response.id).where(
                Response.wave_id == wave.id, Response.status == ResponseStatus.DRAFT
            )
        ),
        contacts=len(_leaving_contacts(wave.id)),
    )


def extend(wave: Wave, months: int, reason: str, actor=None) -> None:
    """Keep the data longer, with a reason (audit-logged); never after the purge."""
    if wave.purged_at is not None:
        raise DomainError("De persoonsgegevens van deze uitvraag zijn al verwijderd.")
    months = check_months(months)
    reason = " ".join((reason or "").split())
    if months > months_of(wave) and not 10 <= len(reason) <= 500:
        raise DomainError(
            "Geef bij een langere bewaartermijn de reden (10 tot 500 tekens), bijvoorbeeld het "
            "bezwaar dat nog loopt. De reden komt in het logboek."
        )
    before = months_of(wave)
    wave.retention_months = months
    db.session.flush()
    audit(actor, "wave.retention", wave, months=months, before=before, reason=reason[:500])


def purge_wave(wave_id: int, now: datetime | None = None) -> dict[str, int] | None:
    """Remove a wave's personal data in the current transaction; None when another run has
    claimed (or already purged) it. The caller commits."""
    now = now or utcnow()
    claimed = db.session.execute(
        update(Wave).where(Wave.id == wave_id, Wave.purged_at.is_(None)).values(purged_at=now)
    ).rowcount
    if not claimed:
        return None
    leaving = _leaving_contacts(wave_id)
    invitations = select(Invitation.id).where(Invitation.wave_id == wave_id)
    done = {
        "mails": db.session.execute(
            delete(OutboxMessage).where(
                or_(OutboxMessage.wave_id == wave_id, OutboxMessage.invitation_id.in_(invitations))
            )
        ).rowcount,
        "links": db.session.execute(
            update(Response)
            .where(*_links(wave_id))
            .values(invitation_id=None, last_saved_by_id=None, updated_at=Response.updated_at)
        ).rowcount,
        "drafts": db.session.execute(
            delete(Response).where(
                Response.wave_id == wave_id, Response.status == ResponseStatus.DRAFT
            )
        ).rowcount,
    }
    done["invitations"] = db.session.execute(
        delete(Invitation).where(Invitation.wave_id == wave_id)
    ).rowcount
    done["contacts"] = remove_contacts(leaving)
    db.session.execute(update(Wave).where(Wave.id == wave_id).values(purge_summary=done))
    wave = db.session.get(Wave, wave_id)
    audit(None, "privacy.purge", wave, **done)
    return done


def remove_contacts(contact_ids: list[int]) -> int:
    """Delete these contacts, or keep them name-less, as PRIVACY_CONTACTS_AFTER_PURGE says."""
    if not contact_ids:
        return 0
    db.session.execute(
        update(Response)
        .where(Response.last_saved_by_id.in_(contact_ids))
        .values(last_saved_by_id=None, updated_at=Response.updated_at)
    )
    if current_app.config["PRIVACY_CONTACTS_AFTER_PURGE"] == "anonymise":
        for contact in db.session.scalars(select(Contact).where(Contact.id.in_(contact_ids))):
            contact.name, contact.active = "(verwijderd)", False
            contact.email = f"verwijderd-{contact.id}@verwijderd.invalid"
        db.session.flush()
        return len(contact_ids)
    return db.session.execute(delete(Contact).where(Contact.id.in_(contact_ids))).rowcount


def due_waves(now: datetime | None = None) -> list[int]:
    """The waves whose period after closing has passed and that still hold personal data."""
    now = now or utcnow()
    waves = db.session.scalars(select(Wave).where(Wave.purged_at.is_(None))).all()
    return [w.id for w in waves if (end := retention_ends(w, now)) is not None and end <= now]


def scrub_audit(now: datetime | None = None) -> int:
    """Audit entries older than PRIVACY_AUDIT_MONTHS: failed logins go, other entries keep
    their action but lose every e-mail address (the actor becomes "account <id>")."""
    now = now or utcnow()
    cutoff = add_months(now, -current_app.config["PRIVACY_AUDIT_MONTHS"])
    old = AuditEvent.at < cutoff
    gone = db.session.execute(
        delete(AuditEvent).where(old, AuditEvent.action == "login.failed")
    ).rowcount
    changed = 0
    with_address = or_(
        AuditEvent.actor.contains("@"), cast(AuditEvent.detail, String).contains("@")
    )
    for event in db.session.scalars(select(AuditEvent).where(old, with_address)):
        actor = f"account {event.actor_id}" if "@" in event.actor else event.actor
        detail = scrubbed(event.detail)
        if actor != event.actor or detail != event.detail:
            event.actor, event.detail = actor, detail
            changed += 1
    db.session.flush()
    if gone or changed:
        audit(None, "privacy.audit", None, removed=gone, updated=changed)
    return gone + changed


def scrubbed(value, pattern: re.Pattern = EMAIL):
    """`value` (text, or a log entry's JSON detail) with every match of `pattern` (by default
    any e-mail address) replaced by "(verwijderd)"."""
    if isinstance(value, dict):
        return {k: scrubbed(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [scrubbed(v, pattern) for v in value]
    if isinstance(value, str) and pattern.search(value):
        return pattern.sub("(verwijderd)", value)
    return value


def purge_due(now: datetime | None = None) -> list[dict[str, int]]:
    """What `flask privacy purge` and each mail-worker pass run: every due wave in its own
    committed transaction, then the audit entries' period."""
    done = []
    for wave_id in due_waves(now):
        db.session.commit()  # the claim starts a transaction of its own
        summary = purge_wave(wave_id, now)
        db.session.commit()
        if summary is not None:
            done.append({"wave_id": wave_id, **summary})
    scrub_audit(now)
    db.session.commit()
    return done
