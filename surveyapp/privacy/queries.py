"""Reads of the privacy area."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.extensions import db
from surveyapp.models import Wave


def wave_by_slug(slug: str) -> Wave | None:
    return db.session.scalar(select(Wave).where(Wave.slug == slug[:100]))
