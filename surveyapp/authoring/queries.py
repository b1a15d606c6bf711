"""What the Vragenlijsten pages read: versions with their waves and who stored them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from surveyapp.extensions import db
from surveyapp.models import AuditEvent, SurveyVersion, Wave


@dataclass(frozen=True)
class VersionRow:
    version: SurveyVersion
    waves: list[Wave]
    stored_by: str  # the staff e-mail (or "cli") of the last store, "" when unknown


def versions_by_slug() -> dict[str, list[VersionRow]]:
    """Every stored version, newest first per survey, with its waves (three queries in all)."""
    versions = db.session.scalars(
        select(SurveyVersion).order_by(SurveyVersion.slug, SurveyVersion.version.desc())
    ).all()
    waves: dict[int, list[Wave]] = {}
    for wave in db.session.scalars(select(Wave).order_by(Wave.id)):
        waves.setdefault(wave.survey_version_id, []).append(wave)
    stored_by = dict(
        db.session.execute(
            select(AuditEvent.object_id, AuditEvent.actor)
            .where(AuditEvent.object_type == "SurveyVersion", AuditEvent.action == "survey.stored")
            .order_by(AuditEvent.id)
        ).all()
    )
    out: dict[str, list[VersionRow]] = {}
    for v in versions:
        out.setdefault(v.slug, []).append(
            VersionRow(v, waves.get(v.id, []), stored_by.get(v.id, ""))
        )
    return out


def previous_version(version: SurveyVersion) -> SurveyVersion | None:
    """The version before this one of the same survey."""
    return db.session.scalar(
        select(SurveyVersion)
        .where(SurveyVersion.slug == version.slug, SurveyVersion.version < version.version)
        .order_by(SurveyVersion.version.desc())
        .limit(1)
    )
