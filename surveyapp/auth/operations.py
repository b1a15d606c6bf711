"""Authentication operations: check credentials and record the login."""

from __future__ import annotations

from surveyapp.audit import record_failed_login
from surveyapp.auth.queries import user_by_email
from surveyapp.extensions import db
from surveyapp.models import AuditEvent, StaffUser, utcnow
from surveyapp.models.staff import check_unknown_password


def authenticate(email: str, password: str) -> StaffUser | None:
    """The active user with these credentials, or None; unknown and wrong cost the same time."""
    user = user_by_email(email)
    if user is None:
        check_unknown_password(password)
        record_failed_login(email)
        return None
    if not user.check_password(password) or not user.active:
        record_failed_login(email)
        return None
    user.last_login_at = utcnow()
    db.session.add(AuditEvent(actor_id=user.id, actor=user.email, action="login"))
    db.session.flush()
    return user


def log_out(user: StaffUser) -> None:
    """End this session and every copy of it: the cookie's generation no longer matches."""
    user.end_sessions()
    db.session.add(AuditEvent(actor_id=user.id, actor=user.email, action="logout"))
    db.session.flush()
