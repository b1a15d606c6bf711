"""Read-only queries for the admin pages."""

from __future__ import annotations

from sqlalchemy import func, select

from surveyapp.extensions import db
from surveyapp.models import AuditEvent, StaffUser


def staff_accounts() -> list[StaffUser]:
    return list(db.session.scalars(select(StaffUser).order_by(StaffUser.email)))


def recent_audit_events(
    actor: str = "", action: str = "", since=None, until=None, limit: int = 200
) -> list[AuditEvent]:
    """The newest entries of the audit trail, filtered by who (part of the address), what,
    and a period (stored UTC bounds)."""
    stmt = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if actor:
        stmt = stmt.where(func.lower(AuditEvent.actor).like(f"%{actor.strip().lower()}%"))
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if since is not None:
        stmt = stmt.where(AuditEvent.at >= since)
    if until is not None:
        stmt = stmt.where(AuditEvent.at <= until)
    return list(db.session.scalars(stmt.limit(limit)))
