"""factory_boy factories for real rows in the test database."""

from __future__ import annotations

from datetime import timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory
from werkzeug.security import generate_password_hash

from surveyapp import models as m
from surveyapp.definitions.loader import validate

PASSWORD = "correct horse battery"

_FACTORIES: list[type[SQLAlchemyModelFactory]] = []


def bind(session) -> None:
    """Point every factory at the current test's session."""
    for f in _FACTORIES:
        f._meta.sqlalchemy_session = session


def _register(cls):
    _FACTORIES.append(cls)
    return cls


class _Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_persistence = "flush"


@_register
class OrganisationFactory(_Base):
    class Meta:
        model = m.Organisation

    name = factory.Sequence(lambda n: f"Gemeente Test {n}")
    org_type = m.OrgType.GEMEENTE


@_register
class ContactFactory(_Base):
    class Meta:
        model = m.Contact

    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.nl")
    organisation = factory.SubFactory(OrganisationFactory)
    role = m.ContactRole.BEVOEGD_GEZAG


@_register
class StaffUserFactory(_Base):
    class Meta:
        model = m.StaffUser

    email = factory.Sequence(lambda n: f"staff{n}@example.nl")
    name = "Medewerker"
    role = m.StaffRole.COORDINATOR
    # A cheap hash keeps the suite fast; production hashes use scrypt (tested separately).
    password_hash = factory.LazyFunction(
        lambda: generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    )


MINIMAL_DEFINITION = {
    "format": 1,
    "slug": "mini",
    "title": "Mini-enquête",
    "sections": [
        {
            "key": "s1",
            "title": "Algemeen",
            "questions": [{"key": "q1", "type": "grade", "text": "Welk cijfer geeft u?"}],
        }
    ],
}


def normalised(definition: dict) -> dict:
    """A raw definition as the loader stores it (defaults filled in)."""
    out, problems = validate(definition)
    assert not problems, problems
    return out


@_register
class SurveyVersionFactory(_Base):
    class Meta:
        model = m.SurveyVersion

    slug = factory.Sequence(lambda n: f"survey-{n}")
    version = 1
    title = "Mini-enquête"
    definition = factory.LazyAttribute(lambda o: normalised({**MINIMAL_DEFINITION, "slug": o.slug}))
    content_hash = factory.LazyAttribute(lambda o: m.definition_hash(o.definition))


@_register
class WaveFactory(_Base):
    class Meta:
        model = m.Wave

    survey_version = factory.SubFactory(SurveyVersionFactory)
    name = factory.Sequence(lambda n: f"Uitvraag {n}")
    slug = factory.Sequence(lambda n: f"uitvraag-{n}")
    closes_at = factory.LazyFunction(lambda: m.utcnow() + timedelta(days=30))


@_register
class InvitationFactory(_Base):
    class Meta:
        model = m.Invitation

    wave = factory.SubFactory(WaveFactory)
    contact = factory.SubFactory(ContactFactory)


@_register
class ResponseFactory(_Base):
    class Meta:
        model = m.Response

    wave = factory.SelfAttribute("invitation.wave")
    invitation = factory.SubFactory(InvitationFactory)
