"""Read-only queries for the admin pages."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.extensions import db
from surveyapp.models import AuditEvent, StaffUser


def staff_accounts() -> list[StaffUser]:
    return list(db.session.scalars(select(StaffUser).order_by(StaffUser.email)))


def recent_audit_events(limit: int = 200) -> list[AuditEvent]:
    """The newest entries of the audit trail."""
    return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.at.desc()).limit(limit)))
