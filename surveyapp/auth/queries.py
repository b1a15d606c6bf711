"""Reads of the login and the account: the account behind an address, its API tokens."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.extensions import db
from surveyapp.models import ApiToken, StaffUser


def user_by_email(email: str) -> StaffUser | None:
    """The account with this address (case and surrounding spaces ignored), active or not."""
    return db.session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))


def tokens_of(user: StaffUser) -> list[ApiToken]:
    """The account's API tokens, newest first (revoked and expired ones included)."""
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
    )


def token_of(user: StaffUser, token_id: int) -> ApiToken | None:
    """One of the account's own tokens; another account's token is None (a 404)."""
    token = db.session.get(ApiToken, token_id) if 0 < token_id < 2**31 else None
    return token if token is not None and token.user_id == user.id else None
