"""Fixtures for the respondent flow: the seed surveys loaded and an open wave with invitations."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import timedelta

import pytest
from sqlalchemy import select

from config import BASE_DIR
from surveyapp.coordinate.operations import store_survey_version
from surveyapp.definitions import load_file
from surveyapp.models import (
    Organisation,
    OrgType,
    Response,
    Wave,
    utcnow,
)
from surveyapp.respond.queries import stored_answers
from tests import factories as f
from tests.concurrency import at_once
from tests.conftest import csrf_from


def open_wave(session, survey_slug: str, **kw) -> Wave:
    definition, problems = load_file(BASE_DIR / "surveys" / f"{survey_slug}.yaml")
    assert not problems
    version = store_survey_version(definition).version
    wave = Wave(
        slug=kw.pop("slug", f"w-{survey_slug}"),
        name=kw.pop("name", "Eindevaluatie 2020"),
        survey_version=version,
        closes_at=utcnow() + timedelta(days=30),
        **kw,
    )
    session.add(wave)
    session.flush()
    wave.open()
    return wave


@pytest.fixture
def bo_wave(session):
    return open_wave(session, "bevoegde-overheden")


@pytest.fixture
def province(session):
    return f.OrganisationFactory(name="Provincie Zeeland", org_type=OrgType.PROVINCIE)


@pytest.fixture
def invitation(session, bo_wave, province):
    inv = f.InvitationFactory(wave=bo_wave, contact=f.ContactFactory(organisation=province))
    session.commit()
    return inv


class Respondent:
    """A test client that behaves like a respondent with a personal link.

    With `app`, every call runs in an app context of its own, as separate browsers would: the
    test's own app context would otherwise share `g` (and its cached CSRF token) between them.
    """

    def __init__(self, client, token: str, app=None):
        self.client = client
        self.token = token
        self.app = app

    def _context(self):
        return self.app.app_context() if self.app is not None else nullcontext()

    def open_link(self):
        return self.get(f"/r/{self.token}")

    def get(self, path: str):
        with self._context():
            return self.client.get(path)

    def csrf(self, path: str = "/r/") -> str:
        return csrf_from(self.get(path).get_data(as_text=True))

    def post(self, path: str, data: dict):
        with self._context():
            return self.client.post(path, data=data)

    def post_page(self, number: int, answers: dict, action: str = "next", **extra):
        data = {"csrf_token": self.csrf(f"/r/p/{number}"), "action": action, **extra, **answers}
        return self.post(f"/r/p/{number}", data)

    def submit(self):
        return self.post("/r/insturen", {"csrf_token": self.csrf("/r/overzicht")})

    def submit_in_two_tabs(self, app) -> list[int]:
        """Two tabs of this browser press "Antwoorden insturen" at the same moment."""
        token = self.csrf("/r/overzicht")
        cookie = self.client.get_cookie("session")

        def tab():
            client = app.test_client()
            client.set_cookie("session", cookie.value)
            return client.post("/r/insturen", data={"csrf_token": token}).status_code

        return at_once(app, tab)


@pytest.fixture
def respondent(client, invitation):
    r = Respondent(client, invitation.token)
    assert r.open_link().status_code == 302
    return r


BO_COMPLETE = {
    1: {"q-art2_cijfer": "7", "q-art2_toelichting": "Goed op weg."},
    2: {"q-art3_cijfer": "5"},
    3: {"q-art12_cijfer": "dk"},
    4: {"q-art13_cijfer": "6", "q-art14_cijfer": "6"},
    5: {"q-samenwerking_partijen": "7", "q-uitvoeringsteam": "8", "q-eigen_organisatie": "7"},
}


@pytest.fixture
def complete_answers():
    return {k: dict(v) for k, v in BO_COMPLETE.items()}


@pytest.fixture
def organisation(session):
    return session.query(Organisation).first()


def answers(session):
    """The one response's answers as (key, timepoint) → (number, text, weet niet), read with
    the product's own `stored_answers`."""
    session.expire_all()
    response = session.scalars(select(Response)).one_or_none()
    return {
        (key + suffix, tp): (v.value_num, v.value_text, v.dont_know)
        for key, stored in stored_answers(response).items()
        for (suffix, tp), v in stored.items()
    }


def fill_all(respondent, complete):
    for number, page in complete.items():
        response = respondent.post_page(number, page)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def release_waiting(session, wave_id: int) -> int:
    """What closing the wave does: move every waiting anonymous submission into a response."""
    from surveyapp.anonymity import release_pending

    moved = release_pending(wave_id, 0, force=True)
    session.commit()
    return moved


def waiting(session) -> int:
    """Anonymous submissions not yet moved into responses."""
    from sqlalchemy import func

    from surveyapp.models import PendingSubmission

    return session.scalar(select(func.count(PendingSubmission.id)))
