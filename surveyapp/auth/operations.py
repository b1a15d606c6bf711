"""Authentication operations: check credentials, record the login, issue and revoke API tokens."""

from __future__ import annotations

from surveyapp.audit import audit, record_failed_login
from surveyapp.auth.queries import user_by_email
from surveyapp.extensions import db
from surveyapp.models import ApiToken, AuditEvent, StaffUser, utcnow
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


def issue_token(user: StaffUser, name: str, days: int, actor=None) -> tuple[ApiToken, str]:
    """A new API token for `user` and its secret (shown once; only its hash is stored)."""
    token, secret = ApiToken.issue(user, name, days)
    db.session.add(token)
    db.session.flush()
    audit(actor, "api_token.create", user, token=token.name, days=days)
    return token, secret


def revoke_token(token: ApiToken, actor=None) -> None:
    """Stop a token at once (DomainError when it already was)."""
    token.revoke()
    db.session.flush()
    audit(actor, "api_token.revoke", token.user, token=token.name)
