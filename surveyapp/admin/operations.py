"""Staff-account operations; they flush, the request or CLI commits."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.audit import audit
from surveyapp.errors import DomainError
from surveyapp.extensions import db
from surveyapp.models import StaffRole, StaffUser


def create_staff_user(
    email: str, password: str, role: StaffRole, name: str = "", actor: StaffUser | None = None
) -> StaffUser:
    """Create an account; raises DomainError when the e-mail address is taken."""
    email = email.strip().lower()
    if db.session.scalar(select(StaffUser.id).where(StaffUser.email == email)) is not None:
        raise DomainError(f"Er bestaat al een account met e-mailadres {email}.")
    user = StaffUser(email=email, name=name.strip(), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit(actor, "staff_user.create", user, role=role.value)
    db.session.flush()
    return user


def set_staff_user_active(user: StaffUser, active: bool, actor: StaffUser) -> None:
    """(De)activate an account; an admin cannot lock themselves out."""
    if user.id == actor.id and not active:
        raise DomainError("U kunt uw eigen account niet deactiveren.")
    user.set_active(active)
    audit(actor, "staff_user.activate" if active else "staff_user.deactivate", user)
    db.session.flush()
