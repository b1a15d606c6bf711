"""Staff accounts: admins, coordinators and evaluators log in; respondents never do."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, validates
from werkzeug.security import check_password_hash, generate_password_hash

from surveyapp.errors import InvalidInput
from surveyapp.extensions import db
from surveyapp.models.base import str_enum, utcnow

MIN_PASSWORD_LENGTH = 10


class StaffRole(enum.StrEnum):
    """What a staff member may do: admin everything, coordinator fieldwork, evaluator results."""

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    EVALUATOR = "evaluator"

    @property
    def label(self) -> str:
        return {"admin": "Beheerder", "coordinator": "Coördinator", "evaluator": "Evaluator"}[
            self.value
        ]


# Checked against when the e-mail is unknown, so both failures cost the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


class StaffUser(UserMixin, db.Model):
    """A person who logs in to the staff side."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[StaffRole] = mapped_column(str_enum(StaffRole, "staff_role"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Part of every session's id: raising it ends every copy of every session of this account.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return value.strip().lower()

    @property
    def is_active(self) -> bool:  # flask-login refuses inactive users
        return bool(self.active)

    def get_id(self) -> str:
        """Flask-Login's session id: the account and its session generation."""
        return f"{self.id}-{self.session_generation or 0}"

    def end_sessions(self) -> None:
        """Make every session cookie of this account worthless (logout, password, deactivate)."""
        self.session_generation = (self.session_generation or 0) + 1

    def set_active(self, active: bool) -> None:
        """(De)activate; deactivation ends every session at once."""
        if self.active and not active:
            self.end_sessions()
        self.active = active

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash; refuse weak passwords; end every existing session."""
        if len(password.strip()) < MIN_PASSWORD_LENGTH:
            raise InvalidInput(
                f"Een wachtwoord heeft ten minste {MIN_PASSWORD_LENGTH} tekens, spaties aan het "
                "begin en eind niet meegeteld."
            )
        if self.password_hash:
            self.end_sessions()
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: StaffRole) -> bool:
        """Admins may do everything; others only their own role."""
        return self.role is StaffRole.ADMIN or self.role in roles

    def __repr__(self) -> str:
        return f"<StaffUser {self.email} {self.role.value}>"


def check_unknown_password(password: str) -> bool:
    """Spend the time of a real check for an unknown account; always False."""
    check_password_hash(_DUMMY_HASH, password)
    return False
