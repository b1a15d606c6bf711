"""The audit trail: one helper every area's operations use to record who did what."""

from __future__ import annotations

from surveyapp.extensions import db
from surveyapp.models import AuditEvent


def audit(actor, action: str, obj=None, **detail) -> None:
    """Record an action by a staff user; `actor=None` means the command line."""
    db.session.add(
        AuditEvent(
            actor_id=actor.id if actor else None,
            actor=actor.email if actor else "cli",
            action=action,
            object_type=type(obj).__name__ if obj is not None else None,
            object_id=getattr(obj, "id", None),
            detail=detail or None,
        )
    )
