"""Requests from a person (AVG art. 15 and 17): everything stored about an e-mail address as a
readable ZIP, and its erasure after a confirmation that lists what goes. Each request is
audit-logged by kind and counts, never with the address."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import String, cast, delete, func, or_, select, update

from surveyapp.audit import audit
from surveyapp.extensions import db
from surveyapp.mail.worker import build_email
from surveyapp.models import (
    Answer,
    AuditEvent,
    Contact,
    Invitation,
    OutboxMessage,
    Response,
    StaffUser,
    Wave,
)
from surveyapp.privacy.retention import scrubbed

README = """Inzage in persoonsgegevens (AVG, artikel 15)

Dit archief bevat alles wat surveyapp bewaart bij het e-mailadres {email}, op {moment} (UTC):

- gegevens.json: de contactpersoon (naam, organisatie, rol), de uitnodigingen met hun tijden,
  de e-mails (onderwerp, status, tijden), de antwoorden die onder deze naam zijn opgeslagen in
  herleidbare uitvragen, een medewerkersaccount en logboekregels met dit adres. Elk onderdeel
  noemt de tabel en het nummer waar het staat.
- mails/: elke e-mail aan dit adres zoals hij is (of wordt) verstuurd (.eml).

In anonieme uitvragen zijn antwoorden niet aan personen gekoppeld; daar staat alleen dat
iemand is uitgenodigd en of hij de vragenlijst heeft ingestuurd.
"""


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + "Z"
    return getattr(value, "value", value)


def _row(obj, *names: str) -> dict:
    return {"table": obj.__tablename__, "id": obj.id} | {n: _plain(getattr(obj, n)) for n in names}


@dataclass
class Person:
    """What is stored at one address, loaded once for the access ZIP and the erasure."""

    email: str
    contacts: list[Contact] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    mails: list[OutboxMessage] = field(default_factory=list)
    own_responses: list[Response] = field(default_factory=list)  # answered through their link
    saved_responses: list[Response] = field(default_factory=list)  # shared, last saved by them
    staff: StaffUser | None = None
    audit_entries: list[AuditEvent] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.contacts or self.mails or self.staff or self.audit_entries)

    @property
    def anonymous_waves(self) -> list[str]:
        return sorted({i.wave.name for i in self.invitations if i.wave.anonymous})


def find_person(email: str) -> Person:
    """Every row that holds this address or hangs on a contact with it."""
    email = email.strip().lower()
    person = Person(email)
    person.contacts = list(db.session.scalars(select(Contact).where(Contact.email == email)))
    ids = [c.id for c in person.contacts]
    person.invitations = list(
        db.session.scalars(
            select(Invitation).where(Invitation.contact_id.in_(ids)).order_by(Invitation.id)
        )
    )
    invitation_ids = [i.id for i in person.invitations]
    person.mails = list(
        db.session.scalars(
            select(OutboxMessage)
            .where(
                or_(OutboxMessage.to_addr == email, OutboxMessage.invitation_id.in_(invitation_ids))
            )
            .order_by(OutboxMessage.id)
        )
    )
    person.own_responses = list(
        db.session.scalars(
            select(Response).where(Response.invitation_id.in_(invitation_ids)).order_by(Response.id)
        )
    )
    own = {r.id for r in person.own_responses}
    person.saved_responses = [
        r
        for r in db.session.scalars(
            select(Response).where(Response.last_saved_by_id.in_(ids)).order_by(Response.id)
        )
        if r.id not in own
    ]
    person.staff = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
    mentions = or_(
        func.lower(AuditEvent.actor).contains(email, autoescape=True),
        func.lower(cast(AuditEvent.detail, String)).contains(email, autoescape=True),
    )  # in SQL: the log is the largest table a request searches
    person.audit_entries = list(
        db.session.scalars(select(AuditEvent).where(mentions).order_by(AuditEvent.id))
    )
    return person


def _answers(response: Response) -> list[dict]:
    rows = db.session.scalars(
        select(Answer).where(Answer.response_id == response.id).order_by(Answer.id)
    )
    return [
        _row(a, "question_key", "timepoint", "value_num", "value_text", "dont_know") for a in rows
    ]


def access_data(person: Person) -> dict:
    """Everything about the person as plain JSON, each part with its table and row."""
    response_fields = (
        "wave_id",
        "status",
        "organisation_name",
        "started_at",
        "updated_at",
        "submitted_at",
    )
    return {
        "email": person.email,
        "contacts": [
            _row(c, "name", "email", "role", "active", "created_at")
            | {"organisation": c.organisation.name}
            for c in person.contacts
        ],
        "invitations": [
            _row(
                i,
                "created_at",
                "sent_at",
                "opened_at",
                "started_at",
                "completed_at",
                "withdrawn_at",
                "reminder_count",
                "last_reminded_at",
            )
            | {"wave": i.wave.name, "anonymous": i.wave.anonymous}
            for i in person.invitations
        ],
        "mails": [
            _row(m, "kind", "to_addr", "subject", "status", "created_at", "sent_at")
            | {"file": f"mails/{m.id}.eml"}
            for m in person.mails
        ],
        "answers": [
            _row(r, *response_fields) | {"answers": _answers(r)}
            for r in [*person.own_responses, *person.saved_responses]
            if not r.wave.anonymous
        ],
        "staff_account": _row(
            person.staff, "email", "name", "role", "active", "created_at", "last_login_at"
        )
        if person.staff
        else None,
        "audit_log": [_row(e, "at", "actor", "action", "detail") for e in person.audit_entries],
    }


def access_zip(person: Person, actor=None) -> bytes:
    """The ZIP of an access request (JSON and the mails as .eml); audit-logged by counts."""
    data = access_data(person)
    buffer = io.BytesIO()
    sender = current_app.config["MAIL_SENDER"]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        moment = datetime.now().isoformat(timespec="minutes")
        archive.writestr("LEESMIJ.txt", README.format(email=person.email, moment=moment))
        archive.writestr("gegevens.json", json.dumps(data, ensure_ascii=False, indent=2))
        for mail in person.mails:
            message = build_email(mail, sender, mail.message_id or f"<{mail.id}@surveyapp>")
            archive.writestr(f"mails/{mail.id}.eml", message.as_bytes())
    records = sum(len(part) for part in data.values() if isinstance(part, list))
    audit(actor, "privacy.access", None, records=records)
    return buffer.getvalue()


def erase(person: Person, delete_answers: bool, actor=None) -> dict[str, int]:
    """Remove a person: contact, invitations, mails, failed-login entries; their answers stay
    with the organisation without the link, or are deleted (only those given through their
    own link; answers shared with colleagues only lose the link). A staff account stays: it
    is managed under Beheer."""
    contact_ids = [c.id for c in person.contacts]
    invitation_ids = [i.id for i in person.invitations]
    own_ids = [r.id for r in person.own_responses]
    done = {
        "mails": len(person.mails),
        "invitations": len(invitation_ids),
        "contacts": len(contact_ids),
    }
    db.session.execute(
        delete(OutboxMessage).where(OutboxMessage.id.in_([m.id for m in person.mails]))
    )
    if delete_answers:
        done["answers_deleted"] = db.session.execute(
            delete(Response).where(Response.id.in_(own_ids))
        ).rowcount
    db.session.execute(
        update(Response)
        .where(
            or_(
                Response.invitation_id.in_(invitation_ids),
                Response.last_saved_by_id.in_(contact_ids),
            )
        )
        .values(invitation_id=None, last_saved_by_id=None, updated_at=Response.updated_at)
    )
    done["links"] = len(person.saved_responses) + (0 if delete_answers else len(own_ids))
    db.session.execute(delete(Invitation).where(Invitation.id.in_(invitation_ids)))
    db.session.execute(delete(Contact).where(Contact.id.in_(contact_ids)))
    failed = [e.id for e in person.audit_entries if e.action == "login.failed"]
    db.session.execute(delete(AuditEvent).where(AuditEvent.id.in_(failed)))
    address = re.compile(re.escape(person.email), re.IGNORECASE)
    for entry in person.audit_entries:  # other entries keep their action, not the address
        if entry.id not in failed and person.staff is None:
            entry.actor, entry.detail = (
                scrubbed(entry.actor, address),
                scrubbed(entry.detail, address),
            )
    done["log_entries"] = len(person.audit_entries)
    audit(actor, "privacy.erasure", None, **done)
    return done


def wave_names(person: Person) -> list[tuple[str, bool]]:
    """The waves the person was invited to, with whether each is anonymous (the screen)."""
    waves: dict[int, Wave] = {i.wave_id: i.wave for i in person.invitations}
    return [(w.name, w.anonymous) for w in sorted(waves.values(), key=lambda w: w.id)]
