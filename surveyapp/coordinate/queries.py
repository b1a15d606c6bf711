"""Read-only queries for the coordinator pages."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from surveyapp.extensions import db
from surveyapp.models import Contact, Organisation, OrgType, Wave


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
    """How many active organisations there are of each type."""
    rows = db.session.execute(
        select(Organisation.org_type, func.count())
        .where(Organisation.active.is_(True))
        .group_by(Organisation.org_type)
    ).all()
    return {org_type: count for org_type, count in rows}


def search_contacts(query: str = "", limit: int = 500) -> list[Contact]:
    """Contacts whose name, e-mail or organisation contains `query` (case-insensitive)."""
    stmt = select(Contact).join(Contact.organisation).order_by(Organisation.name, Contact.name)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Contact.name).like(like),
                func.lower(Contact.email).like(like),
                func.lower(Organisation.name).like(like),
            )
        )
    return list(db.session.scalars(stmt.limit(limit)))


def all_waves() -> list[Wave]:
    return list(db.session.scalars(select(Wave).order_by(Wave.created_at.desc(), Wave.id.desc())))
