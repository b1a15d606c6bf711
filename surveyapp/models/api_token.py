"""Personal API tokens: a staff member's key for scripts, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.errors import DomainError
from surveyapp.extensions import db
from surveyapp.models.base import utcnow
from surveyapp.models.staff import StaffUser

TOKEN_PREFIX = "sa_"  # noqa: S105 - a prefix, recognisable in logs and secret scanners
MAX_TOKEN_DAYS = 366


def token_digest(secret: str) -> str:
    """SHA-256 of the token: 256 random bits need no slow hash, and lookups stay indexed."""
    return hashlib.sha256(secret.encode("utf-8", "surrogateescape")).hexdigest()


class ApiToken(db.Model):
    """A named, expiring bearer token that acts with its owner's role and nothing more."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[StaffUser] = relationship()

    @classmethod
    def issue(cls, user: StaffUser, name: str, days: int) -> tuple[ApiToken, str]:
        """A new token for `user` and its secret, which is shown once and never stored."""
        name = " ".join((name or "").split())
        if not name or len(name) > 100:
            raise DomainError("Geef de sleutel een naam van 1 tot 100 tekens.")
        if not 1 <= days <= MAX_TOKEN_DAYS:
            raise DomainError(f"Een sleutel is 1 tot en met {MAX_TOKEN_DAYS} dagen geldig.")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls(
            user=user,
            name=name,
            digest=token_digest(secret),
            expires_at=utcnow() + timedelta(days=days),
        )
        return token, secret

    @property
    def usable(self) -> bool:
        """Not revoked, not expired, and its owner's account still active."""
        return self.revoked_at is None and self.expires_at > utcnow() and bool(self.user.active)

    @property
    def state_label(self) -> str:
        if self.revoked_at is not None:
            return "ingetrokken"
        if self.expires_at <= utcnow():
            return "verlopen"
        return "geldig" if self.user.active else "account gedeactiveerd"

    def revoke(self) -> None:
        """Stop the token at once; revoking twice is refused so the audit log stays true."""
        if self.revoked_at is not None:
            raise DomainError("Deze sleutel is al ingetrokken.")
        self.revoked_at = utcnow()
