"""Anonymous waves: submitting cuts every link between a contact and the answers."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import func, inspect, select, text

from surveyapp.clock import day_of
from surveyapp.models import (
    Anonymity,
    Answer,
    Invitation,
    OrgType,
    Response,
    ResponseStatus,
    random_id,
)
from surveyapp.models.response import RANDOM_ID_BASE
from tests import factories as f
from tests.respond.conftest import Respondent, fill_all, open_wave, release_waiting, waiting


@pytest.fixture
def anonymous_wave(session):
    wave = open_wave(session, "bevoegde-overheden", anonymity=Anonymity.ANONYMOUS)
    session.commit()
    return wave


def invite(session, wave, org_type=OrgType.GEMEENTE, organisation=None):
    org = organisation or f.OrganisationFactory(org_type=org_type)
    inv = f.InvitationFactory(wave=wave, contact=f.ContactFactory(organisation=org))
    session.commit()
    return inv


def respond(app, inv, complete_answers) -> Respondent:
    r = Respondent(app.test_client(), inv.token, app)
    assert r.open_link().status_code == 302
    fill_all(r, complete_answers)
    return r


def test_the_review_page_warns_before_submitting(app, session, anonymous_wave, complete_answers):
    r = respond(app, invite(session, anonymous_wave), complete_answers)
    html = r.get("/r/overzicht").get_data(as_text=True)
    assert "losgekoppeld van uw link" in html and "niet meer inzien of wijzigen" in html


def test_no_column_join_or_order_connects_a_contact_to_an_answer(
    app, session, anonymous_wave, complete_answers
):
    invitations = [invite(session, anonymous_wave) for _ in range(3)]
    for inv in invitations:
        assert respond(app, inv, complete_answers).submit().status_code == 302
    session.expire_all()
    # Fewer than RESULTS_MIN_N (5) sent: they wait, and no response exists yet.
    assert session.scalars(select(Response)).all() == [] and waiting(session) == 3
    assert release_waiting(session, anonymous_wave.id) == 3
    responses = session.scalars(select(Response)).all()
    assert len(responses) == 3
    columns = {c.key for c in inspect(Response).columns}
    for response in responses:
        assert response.status is ResponseStatus.SUBMITTED and response.org_type == "gemeente"
        # Before: invitation_id, organisation_name and microsecond times were kept.
        assert response.invitation_id is None and response.organisation_id is None
        assert response.organisation_name is None and response.last_saved_by_id is None
        for stamp in (response.started_at, response.updated_at, response.submitted_at):
            assert stamp.time() == time(0)  # the day only: no order, no moment
        assert response.id >= RANDOM_ID_BASE  # not from the sequence: says nothing of order
        assert response.version == 0
    assert columns == {
        "id",
        "wave_id",
        "invitation_id",
        "organisation_id",
        "last_saved_by_id",
        "version",
        "status",
        "source",
        "org_type",
        "organisation_name",
        "started_at",
        "updated_at",
        "submitted_at",
    }  # fmt: skip  - a new column must be checked here too
    answer_ids = session.scalars(select(Answer.id)).all()
    assert len(answer_ids) > 20 and min(answer_ids) >= RANDOM_ID_BASE
    for inv in invitations:
        inv = session.get(Invitation, inv.id)
        assert inv.completed_at.time() == time(0)  # done, on that day
        assert session.scalar(select(Response).where(Response.invitation_id == inv.id)) is None
    joined = session.execute(
        select(func.count()).select_from(Answer).join(Response).join(Invitation)
    ).scalar()
    assert joined == 0


def test_after_submitting_the_link_shows_only_a_thank_you(
    app, session, anonymous_wave, complete_answers
):
    r = respond(app, invite(session, anonymous_wave), complete_answers)
    token = r.csrf("/r/overzicht")
    r.submit()
    thanks = r.get("/r/bedankt").get_data(as_text=True)
    assert "losgekoppeld van uw link" in thanks and "Goed op weg." not in thanks
    for path in ("/r/", "/r/p/2", "/r/overzicht"):
        assert r.get(path).headers["Location"] == "/r/bedankt"
    again = r.post("/r/insturen", {"csrf_token": token})
    assert again.headers["Location"] == "/r/bedankt"
    edit = r.post("/r/p/2", {"csrf_token": token, "q-art3_cijfer": "9"})
    assert edit.headers["Location"] == "/r/bedankt"
    assert session.scalar(select(func.count(Response.id))) == 0  # no second draft appeared
    assert waiting(session) == 1


def test_two_tabs_submitting_at_once_leave_one_anonymous_response(
    app, session, anonymous_wave, complete_answers
):
    r = respond(app, invite(session, anonymous_wave), complete_answers)
    assert r.submit_in_two_tabs(app) == [302, 302]
    session.expire_all()
    assert waiting(session) == 1 and release_waiting(session, anonymous_wave.id) == 1
    assert session.scalar(select(func.count(Response.id))) == 1
    assert session.scalar(select(func.count(Answer.id))) == 9


def test_random_ids_are_large_and_vary():
    ids = {random_id() for _ in range(50)}
    assert len(ids) == 50 and min(ids) >= RANDOM_ID_BASE and max(ids) < 2**31


def test_an_anonymous_link_keeps_days_not_times(app, session, anonymous_wave, complete_answers):
    """Before: opened_at to the microsecond, which an access log ties to an address."""
    inv = invite(session, anonymous_wave)
    respond(app, inv, complete_answers).submit()
    session.expire_all()
    for moment in (inv.opened_at, inv.started_at, inv.completed_at):
        assert moment is not None and moment == day_of(moment)  # midnight of the Dutch day


def test_submissions_move_to_responses_together_once_enough_wait(
    app, session, anonymous_wave, complete_answers
):
    from surveyapp.coordinate.operations import close_wave

    invitations = [invite(session, anonymous_wave) for _ in range(6)]
    for inv in invitations[:4]:
        respond(app, inv, complete_answers).submit()
    session.expire_all()
    assert waiting(session) == 4 and session.scalar(select(func.count(Response.id))) == 0
    respond(app, invitations[4], complete_answers).submit()  # the fifth (RESULTS_MIN_N)
    session.expire_all()
    assert waiting(session) == 0 and session.scalar(select(func.count(Response.id))) == 5
    respond(app, invitations[5], complete_answers).submit()
    session.expire_all()
    assert waiting(session) == 1
    close_wave(session.get(type(anonymous_wave), anonymous_wave.id))  # closing moves the rest
    session.commit()
    assert waiting(session) == 0 and session.scalar(select(func.count(Response.id))) == 6


def test_no_response_shares_a_transaction_with_an_invitation(
    app, session, anonymous_wave, complete_answers
):
    """Before: a lone submit gave response.xmin = invitation.xmin + 1 on PostgreSQL."""
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("xmin is PostgreSQL's (DATABASE_URL)")
    for _ in range(5):
        respond(app, invite(session, anonymous_wave), complete_answers).submit()
    session.expire_all()
    response_xmins = set(session.scalars(text("SELECT xmin::text FROM response")))
    invitation_xmins = set(session.scalars(text("SELECT xmin::text FROM invitation")))
    answer_xmins = set(session.scalars(text("SELECT xmin::text FROM answer")))
    assert len(response_xmins) == 1 and answer_xmins == response_xmins  # one move, together
    assert not response_xmins & invitation_xmins


def test_the_worker_releases_waves_that_stopped_taking_answers(
    app, session, anonymous_wave, complete_answers
):
    from datetime import timedelta

    from surveyapp.anonymity import release_due
    from surveyapp.mail.worker import send_due
    from surveyapp.models import utcnow

    respond(app, invite(session, anonymous_wave), complete_answers).submit()
    session.expire_all()
    assert release_due(5) == 0 and waiting(session) == 1  # one alone still waits
    anonymous_wave = session.get(type(anonymous_wave), anonymous_wave.id)
    anonymous_wave.closes_at = utcnow() - timedelta(minutes=1)  # its closing time has passed
    session.commit()
    send_due()  # one pass of cron's `flask mail send-due` (the worker runs the same pass)
    assert waiting(session) == 0


def test_free_random_ids_checks_in_bounded_lookups(session):
    """Thousands of ids at once (a wave closing with many waiting) stay within the database's
    limit on bound parameters."""
    from surveyapp.anonymity import free_random_ids

    ids = free_random_ids(Answer, 70_000)  # PostgreSQL takes at most 65,535 parameters
    assert len(set(ids)) == 70_000 and min(ids) >= RANDOM_ID_BASE
