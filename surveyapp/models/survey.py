"""Frozen survey definitions: one row per distinct content of a survey file."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Integer,
    String,
    UniqueConstraint,
    event,
    func,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from surveyapp.errors import ImmutableError
from surveyapp.extensions import db
from surveyapp.models.base import utcnow


def definition_hash(definition: dict[str, Any]) -> str:
    """A stable SHA-256 of a definition: key order and whitespace do not matter."""
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class SurveyVersion(db.Model):
    """One version of a survey definition; immutable once a wave uses it."""

    __tablename__ = "survey_version"
    __table_args__ = (
        UniqueConstraint("slug", "version"),
        UniqueConstraint("slug", "content_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @classmethod
    def build(cls, slug: str, version: int, definition: dict[str, Any]) -> SurveyVersion:
        """A new version with its title and hash taken from the definition."""
        return cls(
            slug=slug,
            version=version,
            title=str(definition.get("title", slug)),
            definition=definition,
            content_hash=definition_hash(definition),
        )

    @classmethod
    def latest(cls, slug: str) -> SurveyVersion | None:
        """The newest stored version of the survey `slug` (None when it was never stored)."""
        return db.session.scalar(
            select(cls).where(cls.slug == slug).order_by(cls.version.desc()).limit(1)
        )

    @classmethod
    def latest_per_slug(cls) -> list[SurveyVersion]:
        """The newest version of every survey."""
        newest = select(cls.slug, func.max(cls.version).label("v")).group_by(cls.slug).subquery()
        return list(
            db.session.scalars(
                select(cls).join(newest, (cls.slug == newest.c.slug) & (cls.version == newest.c.v))
            )
        )

    @property
    def in_use(self) -> bool:
        """True when any wave fields this version."""
        from surveyapp.models.wave import Wave

        session = inspect(self).session
        if session is None or self.id is None:
            return False
        with session.no_autoflush:
            used = session.query(Wave.id).filter(Wave.survey_version_id == self.id).first()
        return used is not None

    def __repr__(self) -> str:
        return f"<SurveyVersion {self.slug} v{self.version}>"


_FROZEN_FIELDS = ("slug", "version", "definition", "content_hash")


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_used_versions(session: Session, _ctx: object, _instances: object) -> None:
    """A definition a wave has used never changes: a change must become a new version."""
    for obj in list(session.dirty) + list(session.deleted):
        if not isinstance(obj, SurveyVersion):
            continue
        state = inspect(obj)
        changed = obj in session.deleted or any(
            state.attrs[f].history.has_changes() for f in _FROZEN_FIELDS
        )
        if changed and obj.in_use:
            raise ImmutableError(
                f"Vragenlijst {obj.slug} versie {obj.version} wordt al gebruikt in een uitvraag "
                "en kan niet meer worden gewijzigd; laad de wijziging als nieuwe versie."
            )
