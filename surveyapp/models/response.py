"""Invitations (personal links), responses and their answers in long format."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Update,
    func,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.clock import day_of
from surveyapp.errors import IllegalTransition
from surveyapp.extensions import db
from surveyapp.models.base import str_enum, utcnow
from surveyapp.models.organisation import Contact, OrgType
from surveyapp.models.wave import Wave

TOKEN_BYTES = 24  # 192 bits of entropy
# Anonymous responses and their answers get random ids from the upper half of a 32-bit key, far
# above any sequence value, so neither an id nor the order of ids says who submitted when.
RANDOM_ID_BASE = 2**30


def random_id() -> int:
    """A primary key for an anonymous row: random, never from the table's sequence."""
    return RANDOM_ID_BASE + secrets.randbelow(2**30)


def new_token() -> str:
    """A personal-link token: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(TOKEN_BYTES)


class Invitation(db.Model):
    """One contact's personal link for one wave, with its progress timestamps."""

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("wave_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    reminder_count: Mapped[int] = mapped_column(Integer, default=0)
    last_reminded_at: Mapped[datetime | None] = mapped_column(DateTime)

    wave: Mapped[Wave] = relationship()
    contact: Mapped[Contact] = relationship()

    @property
    def active(self) -> bool:
        """A withdrawn invitation's link no longer works."""
        return self.withdrawn_at is None

    def _moment(self, now: datetime | None) -> datetime:
        """Now, or in an anonymous wave only the day: an exact time beside an access log
        would tie an address to a link."""
        now = now or utcnow()
        return day_of(now) if self.wave.anonymous else now

    def mark_opened(self, now: datetime | None = None) -> None:
        """Record the first time the link was used."""
        if self.opened_at is None:
            self.opened_at = self._moment(now)

    def mark_started(self, now: datetime | None = None) -> None:
        """Record the first saved answer."""
        now = self._moment(now)
        self.mark_opened(now)
        if self.started_at is None:
            self.started_at = now

    def mark_completed(self, now: datetime | None = None) -> None:
        """Record the (first) submission."""
        now = self._moment(now)
        self.mark_started(now)
        if self.completed_at is None:
            self.completed_at = now

    def withdraw(self, now: datetime | None = None) -> None:
        """Disable the link, e.g. for a contact who left the organisation."""
        if self.withdrawn_at is None:
            self.withdrawn_at = now or utcnow()

    def __repr__(self) -> str:
        return f"<Invitation wave={self.wave_id} contact={self.contact_id}>"


class ResponseStatus(enum.StrEnum):
    """draft → submitted; a submitted response may be reopened while its wave allows it."""

    DRAFT = "draft"
    SUBMITTED = "submitted"


class ResponseSource(enum.StrEnum):
    """Where answers came from, so the report can compare interviewees with respondents."""

    SURVEY = "survey"
    INTERVIEW = "interview"
    IMPORT = "import"


class Response(db.Model):
    """One respondent's answers to one wave: at most one per invitation, or in a wave answered
    per organisation one per organisation (both database-enforced).

    A submitted response of an anonymous wave has no link to an invitation, contact or
    organisation: only its org type and the day it was submitted (see docs/results.md).
    """

    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("wave_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"), unique=True)
    # Set in waves answered per organisation: every colleague's link opens this one response.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    last_saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"))
    # Raised by every save; a page posted against an older version is not applied silently.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status: Mapped[ResponseStatus] = mapped_column(
        str_enum(ResponseStatus, "response_status"), default=ResponseStatus.DRAFT
    )
    source: Mapped[ResponseSource] = mapped_column(
        str_enum(ResponseSource, "response_source"), default=ResponseSource.SURVEY
    )
    org_type: Mapped[OrgType | None] = mapped_column(str_enum(OrgType, "org_type"))
    organisation_name: Mapped[str | None] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)

    wave: Mapped[Wave] = relationship()
    invitation: Mapped[Invitation | None] = relationship()
    last_saved_by: Mapped[Contact | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )

    @property
    def submitted(self) -> bool:
        return self.status is ResponseStatus.SUBMITTED

    @classmethod
    def organisation_id_expr(cls):
        """SQL for the organisation a response is of: its own (waves answered per organisation)
        or the invited contact's; NULL for an anonymous submitted response."""
        by_invitation = (
            select(Contact.organisation_id)
            .join(Invitation, Invitation.contact_id == Contact.id)
            .where(Invitation.id == cls.invitation_id)
            .scalar_subquery()
        )
        return func.coalesce(cls.organisation_id, by_invitation)

    def submit(self, org_type: OrgType | None, organisation_name: str | None, now=None) -> bool:
        """Submit with an organisation snapshot; False if it already was (idempotent)."""
        if self.status is ResponseStatus.SUBMITTED:
            return False
        now = now or utcnow()
        self.status = ResponseStatus.SUBMITTED
        self.org_type = org_type
        self.organisation_name = organisation_name
        self.submitted_at = now
        return True

    @staticmethod
    def submit_statement(
        response_id: int, org_type: OrgType | None, organisation_name: str | None, now: datetime
    ) -> Update:
        """The same move as one conditional UPDATE: of two concurrent submits only one matches."""
        return (
            update(Response)
            .where(Response.id == response_id, Response.status == ResponseStatus.DRAFT)
            .values(
                status=ResponseStatus.SUBMITTED,
                submitted_at=now,
                updated_at=now,
                org_type=org_type,
                organisation_name=organisation_name,
            )
            .execution_options(synchronize_session=False)
        )

    def ensure_editable(self, now: datetime | None = None) -> None:
        """Raise unless answers may change: an open wave, and for a submitted response one
        that allows changes after submitting (the response then stays submitted)."""
        if not self.wave.accepts_answers(now):
            raise IllegalTransition("Deze uitvraag is gesloten; antwoorden wijzigen kan niet meer.")
        if self.submitted and not self.wave.editable_after_submit:
            raise IllegalTransition("Deze uitvraag staat wijzigen na inzenden niet toe.")

    @property
    def editable(self) -> bool:
        try:
            self.ensure_editable()
        except IllegalTransition:
            return False
        return True

    def __repr__(self) -> str:
        return f"<Response {self.id} wave={self.wave_id} {self.status.value}>"


class Answer(db.Model):
    """One answered question (and timepoint) of a response: the long format analysis reads."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("response_id", "question_key", "timepoint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    question_key: Mapped[str] = mapped_column(String(100))
    # "" when the question has no timepoints; NULL would defeat the unique constraint.
    timepoint: Mapped[str] = mapped_column(String(30), default="")
    value_num: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str | None] = mapped_column(Text)
    dont_know: Mapped[bool] = mapped_column(Boolean, default=False)

    response: Mapped[Response] = relationship(back_populates="answers")

    @classmethod
    def of(cls, response_id: int, key: str, value) -> Answer:
        """The row of one AnswerValue (timepoint, number, text, weet niet, suffix) of `key`."""
        return cls(**cls.row(response_id, key, value))

    @staticmethod
    def row(response_id: int, key: str, value) -> dict:
        """The same row as column values, for a bulk INSERT."""
        return {
            "response_id": response_id,
            "question_key": key + value.suffix,
            "timepoint": value.timepoint,
            "value_num": value.value_num,
            "value_text": value.value_text,
            "dont_know": value.dont_know,
        }

    def __repr__(self) -> str:
        tp = f"@{self.timepoint}" if self.timepoint else ""
        return f"<Answer {self.question_key}{tp}>"


class PendingSubmission(db.Model):
    """An anonymous submission waiting to become a response. Submissions are held until at
    least RESULTS_MIN_N of a wave wait (or the wave closes) and then moved together, in random
    order and in one transaction of their own: no response shares a transaction id (PostgreSQL's
    xmin) or an insertion order with the invitation that sent it."""

    __tablename__ = "pending_submission"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"), index=True)
    org_type: Mapped[OrgType] = mapped_column(str_enum(OrgType, "pending_org_type"))
    day: Mapped[datetime] = mapped_column(DateTime)
    answers: Mapped[str] = mapped_column(Text)  # JSON: [key, timepoint, number, text, dk]
