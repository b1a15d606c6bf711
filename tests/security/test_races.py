"""Races under real concurrency: threads against a live server, on SQLite and PostgreSQL (with
DATABASE_URL), many rounds each. Two colleagues saving one page at once, and a save that lands
just as the same link submits anonymously."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from surveyapp.models import (
    Anonymity,
    Answer,
    OrgType,
    Response,
    ResponseStatus,
    ResponseUnit,
    utcnow,
)
from tests import factories as f
from tests.concurrency import LiveBrowser, together
from tests.respond.conftest import BO_COMPLETE, open_wave, release_waiting

ROUNDS = 12


def test_two_colleagues_saving_one_page_at_once_lose_nothing(app, session, server_url):
    wave = open_wave(session, "bevoegde-overheden", response_unit=ResponseUnit.ORGANISATION)
    org = f.OrganisationFactory(name="Gemeente Ede", org_type=OrgType.GEMEENTE)
    invitations = [
        f.InvitationFactory(wave=wave, contact=f.ContactFactory(organisation=org), sent_at=utcnow())
        for _ in range(2)
    ]
    session.commit()
    browsers = [LiveBrowser(server_url) for _ in invitations]
    for browser, invitation in zip(browsers, invitations, strict=True):
        assert browser.request(f"/r/{invitation.token}")[0] == 302
    for round_no in range(ROUNDS):
        forms = [b.form("/r/p/1") for b in browsers]
        grades = [str(1 + round_no % 4), str(6 + round_no % 4)]

        def save(browser, form, grade):
            data = {**form, "action": "save", "q-art2_cijfer": grade}
            return lambda: browser.request("/r/p/1", data)[0]

        statuses = together(*map(save, browsers, forms, grades))
        # Before: both 302, the version went up by one and one page was lost silently.
        assert sorted(statuses) == [302, 409], (round_no, statuses)
        session.expire_all()
        response = session.scalars(select(Response).where(Response.wave_id == wave.id)).one()
        stored = session.scalar(
            select(Answer.value_num).where(
                Answer.response_id == response.id, Answer.question_key == "art2_cijfer"
            )
        )
        assert stored == float(grades[statuses.index(302)])
        assert response.version == int(forms[0].get("version") or 0) + 1


def test_a_save_racing_an_anonymous_submit_never_gives_a_second_response(app, session, server_url):
    wave = open_wave(session, "bevoegde-overheden", anonymity=Anonymity.ANONYMOUS)
    org = f.OrganisationFactory(name="Provincie Zeeland", org_type=OrgType.PROVINCIE)
    session.commit()
    statuses = []
    for round_no in range(ROUNDS):
        invitation = f.InvitationFactory(
            wave=wave, contact=f.ContactFactory(organisation=org), sent_at=utcnow()
        )
        session.commit()
        browser = LiveBrowser(server_url)
        assert browser.request(f"/r/{invitation.token}")[0] == 302
        for number, answers in BO_COMPLETE.items():
            form = browser.form(f"/r/p/{number}")
            assert browser.request(f"/r/p/{number}", {**form, **answers})[0] == 302
        review, page = browser.form("/r/overzicht"), browser.form("/r/p/1")
        late = {**page, "action": "save", **BO_COMPLETE[1]}
        delay = (round_no % 4) * 0.01  # the save lands 0-30 ms after the submit

        def submit(browser=browser, review=review):
            return browser.request("/r/insturen", review)[0]

        def save_late(browser=browser, late=late, delay=delay):
            time.sleep(delay)
            return browser.request("/r/p/1", late)[0]

        statuses += together(submit, save_late)
        # Whatever the interleaving, the link is done: a later save or submit adds nothing.
        statuses.append(browser.request("/r/p/1", late)[0])
        statuses.append(browser.request("/r/insturen", review)[0])
    assert 500 not in statuses, statuses  # before: NoResultFound / a foreign-key error
    session.expire_all()
    release_waiting(session, wave.id)  # as closing the wave does
    counts = dict(
        session.execute(
            select(Response.status, func.count(Response.id))
            .where(Response.wave_id == wave.id)
            .group_by(Response.status)
        ).all()
    )
    # Before: a save just after the submit made a new draft that could be sent again.
    assert counts == {ResponseStatus.SUBMITTED: ROUNDS}, counts
