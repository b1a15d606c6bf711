"""Read-only queries for the coordinator pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select

from surveyapp.extensions import db
from surveyapp.models import (
    Contact,
    Invitation,
    Organisation,
    OrgType,
    OutboxMessage,
    OutboxStatus,
    Wave,
)


def organisations_with_counts(query: str = "") -> list[tuple[Organisation, int]]:
    """Organisations (whose name contains `query`) with their number of active contacts."""
    n_contacts = (
        select(func.count(Contact.id))
        .where(Contact.organisation_id == Organisation.id, Contact.active.is_(True))
        .scalar_subquery()
    )
    stmt = select(Organisation, n_contacts).order_by(Organisation.org_type, Organisation.name)
    if query:
        stmt = stmt.where(func.lower(Organisation.name).like(f"%{query.strip().lower()}%"))
    rows = db.session.execute(stmt).all()
    return [(org, count) for org, count in rows]


def org_type_counts() -> dict[OrgType, int]:
    """How many active organisations there are of each type, umbrella bodies not counted
    (they are listed apart: `umbrella_organisations`)."""
    rows = db.session.execute(
        select(Organisation.org_type, func.count())
        .where(Organisation.active.is_(True), Organisation.umbrella.is_(False))
        .group_by(Organisation.org_type)
    ).all()
    return {org_type: count for org_type, count in rows}


def umbrella_organisations() -> list[Organisation]:
    """The active umbrella bodies (koepels), by type and name."""
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.active.is_(True), Organisation.umbrella.is_(True))
            .order_by(Organisation.org_type, Organisation.name)
        )
    )


CONTACT_SORTS = {
    "naam": (Contact.name, Organisation.name),
    "organisatie": (Organisation.name, Contact.name),
    "email": (Contact.email,),
}
CONTACTS_PER_PAGE = 50


@dataclass(frozen=True)
class ContactPage:
    """One page of a contact search: the contacts, the total found and the page numbers."""

    contacts: list[Contact]
    total: int
    page: int
    pages: int


def search_contacts(
    query: str = "", sort: str = "organisatie", page: int = 1, per_page: int = CONTACTS_PER_PAGE
) -> ContactPage:
    """Contacts whose name, e-mail or organisation contains `query` (case-insensitive),
    sorted by name, organisation or e-mail, one page at a time."""
    where = []
    if query:
        like = f"%{query.strip().lower()}%"
        where.append(
            or_(
                func.lower(Contact.name).like(like),
                func.lower(Contact.email).like(like),
                func.lower(Organisation.name).like(like),
            )
        )
    base = select(Contact).join(Contact.organisation).where(*where)
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    stmt = base.order_by(*CONTACT_SORTS.get(sort, CONTACT_SORTS["organisatie"]), Contact.id)
    contacts = list(db.session.scalars(stmt.offset((page - 1) * per_page).limit(per_page)))
    return ContactPage(contacts, total, page, pages)


def all_waves() -> list[Wave]:
    return list(db.session.scalars(select(Wave).order_by(Wave.created_at.desc(), Wave.id.desc())))


def organisations_in_order() -> Select:
    """Every organisation by type and name, as a SELECT to page through (the API)."""
    return select(Organisation).order_by(Organisation.org_type, Organisation.name, Organisation.id)


def contacts_in_order() -> Select:
    """Every contact by organisation and name, as a SELECT to page through (the API)."""
    return (
        select(Contact)
        .join(Contact.organisation)
        .order_by(Organisation.name, Contact.name, Contact.id)
    )


def invitation_counts(*where) -> dict[int, int]:
    """Every wave's (or those matching `where`) number of invitations still standing
    (withdrawn ones left out)."""
    rows = db.session.execute(
        select(Invitation.wave_id, func.count(Invitation.id))
        .where(Invitation.withdrawn_at.is_(None), *where)
        .group_by(Invitation.wave_id)
    )
    return dict(rows.all())


def organisations_by_name() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def contact_ids_by_email(emails: list[str]) -> dict[str, int]:
    rows = db.session.execute(select(Contact.email, Contact.id).where(Contact.email.in_(emails)))
    return dict(rows.all())


def queued_mail_count(wave: Wave) -> int:
    """Mails of the wave still waiting for the worker."""
    return db.session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.wave_id == wave.id,
            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
        )
    )


def sample_invitation(wave: Wave) -> Invitation | None:
    """One invitation of the wave, to preview its mail texts with."""
    return db.session.scalar(select(Invitation).where(Invitation.wave_id == wave.id).limit(1))
