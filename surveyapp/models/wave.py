"""A wave (uitvraag): one fielding of a survey version, with its own state machine."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.errors import DomainError, IllegalTransition
from surveyapp.extensions import db
from surveyapp.models.base import str_enum, utcnow
from surveyapp.models.survey import SurveyVersion


class WaveState(enum.StrEnum):
    """draft → open → closed; an open wave accepts answers."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"draft": "Concept", "open": "Open", "closed": "Gesloten"}[self.value]


class Anonymity(enum.StrEnum):
    """Identified waves link answers to contacts; anonymous waves never show that link."""

    IDENTIFIED = "identified"
    ANONYMOUS = "anonymous"

    @property
    def label(self) -> str:
        return {"identified": "Herleidbaar", "anonymous": "Anoniem"}[self.value]


class ResponseUnit(enum.StrEnum):
    """Whether each contact answers, or one answer per organisation suffices."""

    CONTACT = "contact"
    ORGANISATION = "organisation"


_ALLOWED = {
    WaveState.DRAFT: {WaveState.OPEN},
    WaveState.OPEN: {WaveState.CLOSED},
    WaveState.CLOSED: set(),
}


class Wave(db.Model):
    """One fielding of a survey version, e.g. "Eindevaluatie 2020"."""

    __tablename__ = "wave"
    __table_args__ = (
        CheckConstraint("max_reminders >= 0", name="max_reminders_nonneg"),
        CheckConstraint("reminder_interval_days >= 0", name="reminder_interval_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    opens_at: Mapped[datetime | None] = mapped_column(DateTime)
    closes_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The year a yearly return is about (peiljaar), e.g. 2020 for a return sent in 2021.
    period: Mapped[int | None] = mapped_column(Integer)
    anonymity: Mapped[Anonymity] = mapped_column(
        str_enum(Anonymity, "anonymity"), default=Anonymity.IDENTIFIED
    )
    response_unit: Mapped[ResponseUnit] = mapped_column(
        str_enum(ResponseUnit, "response_unit"), default=ResponseUnit.CONTACT
    )
    allow_edit_after_submit: Mapped[bool] = mapped_column(Boolean, default=True)
    max_reminders: Mapped[int] = mapped_column(Integer, default=3)
    reminder_interval_days: Mapped[int] = mapped_column(Integer, default=7)
    # The worker sends due reminders by itself (interval and maximum above) when this is on.
    auto_reminders: Mapped[bool] = mapped_column(Boolean, default=False)
    # Who is invited: {"org_types": [...], "roles": [...], "contact_ids": [...]}.
    audience: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Mail texts (Jinja, Dutch); None means the default text.
    invitation_subject: Mapped[str | None] = mapped_column(String(300))
    invitation_body: Mapped[str | None] = mapped_column(Text)
    reminder_subject: Mapped[str | None] = mapped_column(String(300))
    reminder_body: Mapped[str | None] = mapped_column(Text)
    state: Mapped[WaveState] = mapped_column(
        str_enum(WaveState, "wave_state"), default=WaveState.DRAFT
    )
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Privacy (docs/privacy.md): the editable part of the notice (None: the settings' default),
    # months after closing that personal data is kept (None: the settings' default), and when
    # and what the purge removed.
    privacy_text: Mapped[str | None] = mapped_column(Text)
    retention_months: Mapped[int | None] = mapped_column(Integer)
    purged_at: Mapped[datetime | None] = mapped_column(DateTime)
    purge_summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    survey_version: Mapped[SurveyVersion] = relationship()

    @property
    def anonymous(self) -> bool:
        return self.anonymity is Anonymity.ANONYMOUS

    @property
    def results_withheld(self) -> bool:
        """An anonymous wave publishes nothing but its response count while it is open: one new
        submission could otherwise be read from the difference between two moments."""
        return self.anonymous and self.state is WaveState.OPEN

    @property
    def per_organisation(self) -> bool:
        return self.response_unit is ResponseUnit.ORGANISATION

    @property
    def ends_at(self) -> datetime | None:
        """When fieldwork ended (closed by hand or on schedule) or is planned to end."""
        if self.state is WaveState.CLOSED and self.closed_at is not None:
            return self.closed_at
        return self.closes_at

    @property
    def editable_after_submit(self) -> bool:
        """Anonymous answers are cut loose from the link on submit, so they cannot be edited."""
        return self.allow_edit_after_submit and not self.anonymous

    def _move(self, target: WaveState) -> None:
        current = self.state or WaveState.DRAFT
        if target not in _ALLOWED[current]:
            raise IllegalTransition(
                f"Een uitvraag met status '{current.label}' kan niet naar '{target.label}'."
            )
        self.state = target

    def open(self, now: datetime | None = None) -> None:
        """Start fielding; only a draft with a closing date in the future may open."""
        now = now or utcnow()
        if self.closes_at is not None and self.closes_at <= now:
            raise DomainError(
                "De sluitingsdatum ligt in het verleden; kies eerst een latere datum."
            )
        self._move(WaveState.OPEN)
        self.opened_at = now
        if self.opens_at is None or self.opens_at > now:
            self.opens_at = now

    def close(self, now: datetime | None = None) -> None:
        """Stop accepting answers; closed is final."""
        now = now or utcnow()
        self._move(WaveState.CLOSED)
        self.closed_at = now

    def extend(self, closes_at: datetime, now: datetime | None = None) -> None:
        """Move the closing date later; only drafts and open waves, and never into the past."""
        now = now or utcnow()
        if self.state is WaveState.CLOSED:
            raise IllegalTransition("Een gesloten uitvraag kan niet worden verlengd.")
        if closes_at <= now:
            raise DomainError("De nieuwe sluitingsdatum moet in de toekomst liggen.")
        if self.closes_at is not None and closes_at < self.closes_at:
            raise DomainError("Verlengen kan alleen naar een latere sluitingsdatum.")
        self.closes_at = closes_at

    def accepts_answers(self, now: datetime | None = None) -> bool:
        """True while respondents may save and submit."""
        now = now or utcnow()
        if self.state is not WaveState.OPEN:
            return False
        return self.closes_at is None or now < self.closes_at

    def __repr__(self) -> str:
        return f"<Wave {self.slug} {self.state.value}>"
