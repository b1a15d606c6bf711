"""Reads of the login: the staff account behind an e-mail address."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.extensions import db
from surveyapp.models import StaffUser


def user_by_email(email: str) -> StaffUser | None:
    """The account with this address (case and surrounding spaces ignored), active or not."""
    return db.session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
