"""Transactional outbox for mail, and the audit trail of staff actions."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.extensions import db
from surveyapp.models.base import str_enum, utcnow


class OutboxStatus(enum.StrEnum):
    """pending → sending → sent; failed after a permanent error; cancelled when no longer due
    (a reminder whose respondent completed in the meantime)."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            "pending": "In de wachtrij",
            "sending": "Wordt verstuurd",
            "sent": "Verstuurd",
            "failed": "Mislukt",
            "cancelled": "Geannuleerd",
        }[self.value]


class OutboxMessage(db.Model):
    """A mail to send, written in the same transaction as the invitation or reminder it carries."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        # At most one invitation mail per invitation, whatever the coordinator clicks.
        Index(
            "uq_outbox_message_invitation_mail",
            "invitation_id",
            unique=True,
            sqlite_where=text("kind = 'invitation'"),
            postgresql_where=text("kind = 'invitation'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # invitation, reminder, …
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("wave.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"), index=True)
    to_addr: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The claiming worker's token: a row is only sent by the worker whose claim still holds.
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    message_id: Mapped[str | None] = mapped_column(String(300))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def requeue(self, to_addr: str, subject: str, body_text: str, body_html: str | None) -> None:
        """failed → pending: send a failed mail again, to the (corrected) current address."""
        if self.status is not OutboxStatus.FAILED:
            raise ValueError("only a failed mail can be queued again")
        self.to_addr, self.subject, self.body_text, self.body_html = (
            to_addr, subject, body_text, body_html,
        )  # fmt: skip
        self.status = OutboxStatus.PENDING
        self.attempts = 0
        self.next_attempt_at = utcnow()
        self.claimed_at = self.claimed_by = self.last_error = None


class AuditEvent(db.Model):
    """Who did what, when: staff actions that change data."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    actor: Mapped[str] = mapped_column(String(254))  # e-mail or "cli"; survives user deletion
    action: Mapped[str] = mapped_column(String(100))
    object_type: Mapped[str | None] = mapped_column(String(50))
    object_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
