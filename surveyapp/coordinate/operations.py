"""Coordinator operations: store survey versions, create waves and invitations; they flush."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from surveyapp.anonymity import release_pending
from surveyapp.audit import audit
from surveyapp.coordinate.imports import ContactRow, ParsedFile
from surveyapp.errors import DomainError
from surveyapp.extensions import db
from surveyapp.models import (
    Contact,
    ContactRole,
    Invitation,
    Organisation,
    OrgType,
    SurveyVersion,
    Wave,
    WaveState,
    definition_hash,
)


@dataclass(frozen=True)
class StoredVersion:
    """What `store_survey_version` did: 'new', 'updated' (unused one replaced), 'unchanged'."""

    version: SurveyVersion
    outcome: str


def store_survey_version(definition: dict[str, Any]) -> StoredVersion:
    """Store a validated definition as a new version only when its content changed.

    The latest version is replaced in place while no wave uses it (authoring), and frozen
    once a wave does: then a change becomes the next version number.
    """
    slug = definition["slug"]
    content_hash = definition_hash(definition)
    same = db.session.scalar(
        select(SurveyVersion).where(
            SurveyVersion.slug == slug, SurveyVersion.content_hash == content_hash
        )
    )
    if same is not None:
        return StoredVersion(same, "unchanged")
    latest = SurveyVersion.latest(slug)
    if latest is not None and not latest.in_use:
        latest.definition = definition
        latest.title = definition["title"]
        latest.content_hash = content_hash
        db.session.flush()
        return StoredVersion(latest, "updated")
    number = (
        db.session.scalar(select(func.max(SurveyVersion.version)).where(SurveyVersion.slug == slug))
        or 0
    ) + 1
    version = SurveyVersion.build(slug, number, definition)
    db.session.add(version)
    db.session.flush()
    return StoredVersion(version, "new")


def invite_contacts(wave: Wave, contacts: list[Contact]) -> list[Invitation]:
    """Create the missing invitations (one per contact per wave); existing ones are kept."""
    existing = set(
        db.session.scalars(select(Invitation.contact_id).where(Invitation.wave_id == wave.id))
    )
    created = [Invitation(wave=wave, contact=c) for c in contacts if c.id not in existing]
    db.session.add_all(created)
    db.session.flush()
    return created


# --- organisations and contacts -----------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    """What an import did; `errors` non-empty means nothing was written."""

    organisations_added: int = 0
    contacts_added: int = 0
    contacts_updated: int = 0
    unchanged: int = 0
    errors: tuple[tuple[int, str], ...] = ()


def _type_clashes(rows: list[ContactRow], orgs: dict[str, Organisation]) -> list[tuple[int, str]]:
    """Rows whose organisation exists with another type (say Gemeente Utrecht as provincie)."""
    errors = []
    for row in rows:
        existing = orgs.get(row.organisation.lower())
        if existing is not None and existing.org_type is not row.org_type:
            errors.append(
                (
                    row.line,
                    f"{existing.name} bestaat al als {existing.org_type.value}, "
                    f"niet als {row.org_type.value}",
                )
            )
    return errors


def import_contacts(rows: list[ContactRow], actor=None) -> ImportSummary:
    """Add or update organisations and contacts; a clash with the database imports nothing."""
    orgs = {o.name.lower(): o for o in db.session.scalars(select(Organisation))}
    contacts = {c.email: c for c in db.session.scalars(select(Contact))}
    errors = _type_clashes(rows, orgs)
    if errors:
        return ImportSummary(errors=tuple(errors))
    added_orgs = added = updated = unchanged = 0
    for row in rows:
        org = orgs.get(row.organisation.lower())
        if org is None:
            org = Organisation(name=row.organisation, org_type=row.org_type)
            db.session.add(org)
            orgs[row.organisation.lower()] = org
            added_orgs += 1
        if row.province:
            org.province = row.province
        if row.umbrella is not None:
            org.umbrella = row.umbrella
        contact = contacts.get(row.email)
        if contact is None:
            contact = Contact(name=row.name, email=row.email, organisation=org, role=row.role)
            db.session.add(contact)
            contacts[row.email] = contact
            added += 1
        elif (contact.name, contact.organisation, contact.role, contact.active) != (
            row.name,
            org,
            row.role,
            True,
        ):
            contact.name, contact.organisation, contact.role = row.name, org, row.role
            contact.active = True
            updated += 1
        else:
            unchanged += 1
    db.session.flush()
    audit(actor, "contacts.import", None, added=added, updated=updated, organisations=added_orgs)
    return ImportSummary(added_orgs, added, updated, unchanged)


def import_contact_table(parsed: ParsedFile, actor=None) -> ImportSummary:
    """The one import for the page and the CLI: the file's problems, or the import's result.

    With any problem nothing is written (the caller's request or command rolls back). The
    file's own problems and its clashes with stored organisations are listed in one pass."""
    if parsed.errors:
        orgs = {o.name.lower(): o for o in db.session.scalars(select(Organisation))}
        by_line: dict[int, list[str]] = {}
        for line, message in [*parsed.errors, *_type_clashes(parsed.rows, orgs)]:
            by_line.setdefault(line, []).append(message)
        return ImportSummary(errors=tuple((n, "; ".join(m)) for n, m in sorted(by_line.items())))
    # A colleague may import the same new people at this moment: their rows win the unique
    # constraint, and a second pass (which now reads them) counts those rows as unchanged.
    for _attempt in range(2):
        try:
            with db.session.begin_nested():
                return import_contacts(parsed.rows, actor)
        except IntegrityError:
            continue
    raise DomainError(
        "Tegelijk werden dezelfde contactpersonen ingelezen. Er is niets opgeslagen; lees het "
        "bestand opnieuw in."
    )


def save_organisation(
    org: Organisation | None,
    name: str,
    org_type: OrgType,
    code: str | None,
    actor=None,
    province: str | None = None,
    umbrella: bool = False,
) -> Organisation:
    """Create or update an organisation; names (and codes) are unique."""
    name, code = " ".join(name.split()), (code or "").strip() or None
    clash = db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.lower())
    )
    if clash is not None and clash is not org:
        raise DomainError(f"Er bestaat al een organisatie met de naam {clash.name}.")
    if code:
        clash = db.session.scalar(select(Organisation).where(Organisation.code == code))
        if clash is not None and clash is not org:
            raise DomainError(f"De code {code} is al in gebruik bij {clash.name}.")
    if org is None:
        org = Organisation(name=name, org_type=org_type, code=code)
        db.session.add(org)
    else:
        org.name, org.org_type, org.code = name, org_type, code
    org.province = province or None
    org.umbrella = bool(umbrella)
    db.session.flush()
    audit(actor, "organisation.save", org)
    return org


def save_contact(
    contact: Contact | None,
    name: str,
    email: str,
    organisation: Organisation,
    role: ContactRole,
    actor=None,
) -> Contact:
    """Create or update a contact; e-mail addresses are unique (case-insensitive)."""
    email = email.strip().lower()
    clash = db.session.scalar(select(Contact).where(Contact.email == email))
    if clash is not None and clash is not contact:
        raise DomainError(
            f"Het e-mailadres {email} hoort al bij {clash.name} ({clash.organisation.name})."
        )
    if contact is None:
        contact = Contact(
            name=" ".join(name.split()), email=email, organisation=organisation, role=role
        )
        db.session.add(contact)
    else:
        contact.name, contact.email = " ".join(name.split()), email
        contact.organisation, contact.role = organisation, role
    db.session.flush()
    from surveyapp.mail.outbox import rerender_pending

    rerender_pending(contact.id)  # waiting mails follow the correction
    audit(actor, "contact.save", contact)
    return contact


def set_active(obj: Organisation | Contact, active: bool, actor=None) -> None:
    """(De)activate; inactive contacts get no new invitations or reminders."""
    obj.active = active
    db.session.flush()
    audit(actor, f"{type(obj).__name__.lower()}.{'activate' if active else 'deactivate'}", obj)


# --- waves --------------------------------------------------------------------------------


def audience_contacts(audience: dict[str, Any]) -> list[Contact]:
    """Active contacts matching the audience: by org type and/or role, plus hand-picked ones."""
    org_types = audience.get("org_types") or []
    roles = audience.get("roles") or []
    picked = audience.get("contact_ids") or []
    chosen: dict[int, Contact] = {}
    if org_types or roles:
        stmt = (
            select(Contact)
            .join(Organisation)
            .where(Contact.active.is_(True), Organisation.active.is_(True))
        )
        if org_types:  # the parties of these types; umbrella bodies come by role or by hand
            stmt = stmt.where(
                Organisation.org_type.in_(org_types), Organisation.umbrella.is_(False)
            )
        if roles:
            stmt = stmt.where(Contact.role.in_(roles))
        chosen.update({c.id: c for c in db.session.scalars(stmt)})
    if picked:
        stmt = select(Contact).where(Contact.id.in_(picked), Contact.active.is_(True))
        chosen.update({c.id: c for c in db.session.scalars(stmt)})
    return sorted(chosen.values(), key=lambda c: c.id)


def create_wave(
    version: SurveyVersion,
    name: str,
    slug: str,
    settings: dict[str, Any],
    audience: dict[str, Any],
    actor=None,
) -> Wave:
    """A draft wave with an invitation for everyone in its audience."""
    if db.session.scalar(select(Wave.id).where(func.lower(Wave.name) == name.lower())):
        raise DomainError(f"Er bestaat al een uitvraag met de naam {name}.")
    if db.session.scalar(select(Wave.id).where(Wave.slug == slug)):
        raise DomainError(f"De korte naam {slug} is al in gebruik; kies een andere.")
    wave = Wave(survey_version=version, name=name, slug=slug, audience=audience, **settings)
    db.session.add(wave)
    db.session.flush()
    invite_contacts(wave, audience_contacts(audience))
    audit(actor, "wave.create", wave)
    return wave


def refresh_invitations(wave: Wave, actor=None) -> int:
    """Invite contacts that joined the audience since the wave was made."""
    if wave.state is WaveState.CLOSED:
        raise DomainError("Een gesloten uitvraag krijgt geen nieuwe uitnodigingen.")
    created = invite_contacts(wave, audience_contacts(wave.audience or {}))
    audit(actor, "wave.invitations_added", wave, count=len(created))
    return len(created)


def send_invitations(wave: Wave, actor=None) -> int:
    """Queue the invitations of those who still have to answer (see `queue_invitations`)."""
    from surveyapp.mail.outbox import queue_invitations

    n = queue_invitations(wave)
    audit(actor, "wave.invitations_queued", wave, count=n)
    return n


def send_reminders(wave: Wave, actor=None) -> int:
    """Queue a reminder for everyone due one now (see `queue_reminders`)."""
    from surveyapp.mail.outbox import queue_reminders

    n = queue_reminders(wave)
    audit(actor, "wave.reminders_queued", wave, count=n)
    return n


def queue_mail(wave: Wave, action: str, actor=None) -> tuple[int, str]:
    """Invite ("invite"), remind ("remind") or add who joined the audience ("audience"):
    how many, and the Dutch sentence that says so (or why no reminder is due)."""
    from surveyapp.mail.outbox import reminder_outlook

    if action == "invite":
        n = send_invitations(wave, actor)
        return n, f"{n} uitnodigingen staan klaar om te versturen."
    if action == "remind":
        n = send_reminders(wave, actor)
        return n, f"{n} herinneringen staan klaar om te versturen." if n else reminder_outlook(wave)
    n = refresh_invitations(wave, actor)
    return n, f"{n} nieuwe contactpersonen toegevoegd aan de uitvraag."


def open_wave(wave: Wave, actor=None) -> None:
    """Start fieldwork through the wave's own state machine."""
    wave.open()
    db.session.flush()
    audit(actor, "wave.open", wave)


def close_wave(wave: Wave, actor=None) -> None:
    """End fieldwork; closed is final. Anonymous submissions still waiting become responses
    now, in this transaction (which marks no invitation)."""
    wave.close()
    release_pending(wave.id, 0, force=True)
    db.session.flush()
    audit(actor, "wave.close", wave)


def extend_wave(wave: Wave, closes_at: datetime, actor=None) -> None:
    """Move the closing date later."""
    wave.extend(closes_at)
    db.session.flush()
    audit(actor, "wave.extend", wave, closes_at=closes_at.isoformat())


def save_reminder_settings(
    wave: Wave, max_reminders: int, interval_days: int, automatic: bool, actor=None
) -> None:
    """How many reminders, how far apart, and whether the worker sends them by itself."""
    wave.max_reminders = max_reminders
    wave.reminder_interval_days = interval_days
    wave.auto_reminders = automatic
    db.session.flush()
    audit(actor, "wave.reminder_settings", wave, maximum=max_reminders, interval=interval_days)


def save_mail_texts(wave: Wave, texts: dict[str, str], actor=None) -> None:
    """The wave's own invitation and reminder texts (checked by the form before)."""
    for key in ("invitation_subject", "invitation_body", "reminder_subject", "reminder_body"):
        setattr(wave, key, texts[key])
    db.session.flush()
    audit(actor, "wave.mail_texts", wave)
