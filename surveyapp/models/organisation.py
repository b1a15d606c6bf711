"""Organisations (provinces, municipalities, …) and the contacts who answer for them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from surveyapp.extensions import db
from surveyapp.models.base import str_enum, utcnow


class OrgType(enum.StrEnum):
    """Organisation types every response is stored and compared by."""

    RIJK = "rijk"
    PROVINCIE = "provincie"
    GEMEENTE = "gemeente"
    WATERSCHAP = "waterschap"
    BEDRIJFSLEVEN = "bedrijfsleven"
    OVERIG = "overig"

    @property
    def label(self) -> str:
        return ORG_TYPE_LABELS[self]


# How imports may write an org type (Dutch plurals and synonyms too).
ORG_TYPE_ALIASES = {t.value: t for t in OrgType} | {
    "provincies": OrgType.PROVINCIE,
    "gemeenten": OrgType.GEMEENTE,
    "waterschappen": OrgType.WATERSCHAP,
    "ministerie": OrgType.RIJK,
    "rijksoverheid": OrgType.RIJK,
}


ORG_TYPE_LABELS = {
    OrgType.RIJK: "Rijk",
    OrgType.PROVINCIE: "Provincie",
    OrgType.GEMEENTE: "Gemeente",
    OrgType.WATERSCHAP: "Waterschap",
    OrgType.BEDRIJFSLEVEN: "Bedrijfsleven",
    OrgType.OVERIG: "Overig",
}


# The twelve provinces; a municipality reports under one of them (monitoring groups by it).
PROVINCES = [
    "Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
    "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
]  # fmt: skip
PROVINCE_ALIASES = {p.lower(): p for p in PROVINCES} | {
    "friesland": "Fryslân",
    "fryslan": "Fryslân",
    "brabant": "Noord-Brabant",
}


class ContactRole(enum.StrEnum):
    """The role in which a contact is asked to respond."""

    STUURGROEP = "stuurgroep"
    PROGRAMMATEAM = "programmateam"
    UITVOERINGSTEAM = "uitvoeringsteam"
    BEVOEGD_GEZAG = "bevoegd_gezag"
    OVERIG = "overig"

    @property
    def label(self) -> str:
        return CONTACT_ROLE_LABELS[self]


CONTACT_ROLE_LABELS = {
    ContactRole.STUURGROEP: "Stuurgroep",
    ContactRole.PROGRAMMATEAM: "Programmateam",
    ContactRole.UITVOERINGSTEAM: "Uitvoeringsteam",
    ContactRole.BEVOEGD_GEZAG: "Bevoegd gezag",
    ContactRole.OVERIG: "Overig",
}


class Organisation(db.Model):
    """A participating organisation; "Provincie Utrecht" and "Gemeente Utrecht" are two."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    org_type: Mapped[OrgType] = mapped_column(str_enum(OrgType, "org_type"))
    code: Mapped[str | None] = mapped_column(String(50), unique=True)
    # The province an authority reports under (a province: itself); monitoring groups by it.
    province: Mapped[str | None] = mapped_column(String(100))
    # An umbrella body (koepel: IPO, VNG, UvW): counted apart from the parties of its type and
    # not reached by choosing that type for a wave (by role or by hand it is).
    umbrella: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    contacts: Mapped[list[Contact]] = relationship(back_populates="organisation")

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r} {self.org_type.value}>"


class Contact(db.Model):
    """A person who can be invited to answer on behalf of an organisation."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    role: Mapped[ContactRole] = mapped_column(str_enum(ContactRole, "contact_role"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="contacts")

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        """E-mail addresses are unique case-insensitively, so store them lower-case."""
        return value.strip().lower()

    def __repr__(self) -> str:
        return f"<Contact {self.email!r}>"
