"""The article dashboard (the source's Bijlage 1): per evaluation round, per covenant article,
whether its execution is on schedule, with an explanation and links to the grades about it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.extensions import db
from surveyapp.models.base import str_enum, utcnow
from surveyapp.models.wave import Wave


class ArticleStatus(enum.StrEnum):
    """Uitvoering op schema: the source's colour, always shown with its word."""

    OP_SCHEMA = "op_schema"
    DEELS = "deels"
    NIET = "niet"
    NVT = "nvt"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    ArticleStatus.OP_SCHEMA: "Op schema",
    ArticleStatus.DEELS: "Deels op schema",
    ArticleStatus.NIET: "Niet op schema",
    ArticleStatus.NVT: "Niet van toepassing",
}
# How an import may write a status: the words, the source's colours, and short forms.
STATUS_ALIASES = {s.value: s for s in ArticleStatus} | {
    **{label.lower(): s for s, label in STATUS_LABELS.items()},
    "groen": ArticleStatus.OP_SCHEMA,
    "ja": ArticleStatus.OP_SCHEMA,
    "oranje": ArticleStatus.DEELS,
    "geel": ArticleStatus.DEELS,
    "deels": ArticleStatus.DEELS,
    "rood": ArticleStatus.NIET,
    "nee": ArticleStatus.NIET,
    "niet": ArticleStatus.NIET,
    "n.v.t.": ArticleStatus.NVT,
    "grijs": ArticleStatus.NVT,
}


class DashboardRound(db.Model):
    """One evaluation round's dashboard (say the mid-term review 2018, the final one 2020)."""

    __tablename__ = "dashboard_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    # The enquête wave of this round: its published grades are shown beside the articles.
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("wave.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    wave: Mapped[Wave | None] = relationship()
    entries: Mapped[list[DashboardEntry]] = relationship(
        back_populates="round", order_by="DashboardEntry.position", cascade="all, delete-orphan"
    )


class DashboardEntry(db.Model):
    """One article of one round."""

    __tablename__ = "dashboard_entry"
    __table_args__ = (UniqueConstraint("round_id", "article"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("dashboard_round.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    article: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[ArticleStatus] = mapped_column(str_enum(ArticleStatus, "article_status"))
    explanation: Mapped[str] = mapped_column(Text, default="")
    grades: Mapped[str] = mapped_column(String(500), default="")  # question keys, comma-separated

    round: Mapped[DashboardRound] = relationship(back_populates="entries")

    @property
    def grade_keys(self) -> list[str]:
        return [k.strip() for k in self.grades.split(",") if k.strip()]
