"""Computed results kept per wave, so every worker reads them instead of computing again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.extensions import db
from surveyapp.models.base import utcnow


class ResultsCache(db.Model):
    """The published results of one wave as of `stamp` (its answers' last change); a pickle
    written and read only by surveyapp itself."""

    __tablename__ = "results_cache"

    wave_id: Mapped[int] = mapped_column(
        ForeignKey("wave.id", ondelete="CASCADE"), primary_key=True
    )
    stamp: Mapped[str] = mapped_column(String(200))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
