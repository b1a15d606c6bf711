"""Coordinator operations: store survey versions, create waves and invitations; they flush."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from surveyapp.extensions import db
from surveyapp.models import Contact, Invitation, SurveyVersion, Wave, definition_hash


@dataclass(frozen=True)
class StoredVersion:
    """What `store_survey_version` did: 'new', 'updated' (unused one replaced), 'unchanged'."""

    version: SurveyVersion
    outcome: str


def store_survey_version(definition: dict[str, Any]) -> StoredVersion:
    """Store a validated definition as a new version only when its content changed.

    The latest version is replaced in place while no wave uses it (authoring), and frozen
    once a wave does: then a change becomes the next version number.
    """
    slug = definition["slug"]
    content_hash = definition_hash(definition)
    same = db.session.scalar(
        select(SurveyVersion).where(
            SurveyVersion.slug == slug, SurveyVersion.content_hash == content_hash
        )
    )
    if same is not None:
        return StoredVersion(same, "unchanged")
    latest = db.session.scalar(
        select(SurveyVersion)
        .where(SurveyVersion.slug == slug)
        .order_by(SurveyVersion.version.desc())
        .limit(1)
    )
    if latest is not None and not latest.in_use:
        latest.definition = definition
        latest.title = definition["title"]
        latest.content_hash = content_hash
        db.session.flush()
        return StoredVersion(latest, "updated")
    number = (
        db.session.scalar(select(func.max(SurveyVersion.version)).where(SurveyVersion.slug == slug))
        or 0
    ) + 1
    version = SurveyVersion.build(slug, number, definition)
    db.session.add(version)
    db.session.flush()
    return StoredVersion(version, "new")


def latest_version(slug: str) -> SurveyVersion | None:
    return db.session.scalar(
        select(SurveyVersion)
        .where(SurveyVersion.slug == slug)
        .order_by(SurveyVersion.version.desc())
        .limit(1)
    )


def invite_contacts(wave: Wave, contacts: list[Contact]) -> list[Invitation]:
    """Create the missing invitations (one per contact per wave); existing ones are kept."""
    existing = set(
        db.session.scalars(select(Invitation.contact_id).where(Invitation.wave_id == wave.id))
    )
    created = [Invitation(wave=wave, contact=c) for c in contacts if c.id not in existing]
    db.session.add_all(created)
    db.session.flush()
    return created
