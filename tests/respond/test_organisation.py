"""Waves answered per organisation: one shared response, one voice in the analysis."""

from __future__ import annotations

from sqlalchemy import func, select

from surveyapp.evaluate.results.frames import answers_frame
from surveyapp.mail.outbox import queue_reminders
from surveyapp.models import Anonymity, Invitation, OrgType, Response, ResponseUnit, utcnow
from tests import factories as f
from tests.respond.conftest import Respondent, fill_all, open_wave, release_waiting


def colleagues(app, session, anonymity=Anonymity.IDENTIFIED):
    wave = open_wave(
        session,
        "bevoegde-overheden",
        response_unit=ResponseUnit.ORGANISATION,
        anonymity=anonymity,
    )
    org = f.OrganisationFactory(name="Provincie Utrecht", org_type=OrgType.PROVINCIE)
    people = []
    for name in ("Anna de Vries", "Bram Jansen"):
        contact = f.ContactFactory(organisation=org, name=name)
        inv = f.InvitationFactory(wave=wave, contact=contact, sent_at=utcnow())
        people.append(inv)
    session.commit()
    out = []
    for inv in people:
        r = Respondent(app.test_client(), inv.token, app)
        assert r.open_link().status_code == 302
        out.append(r)
    return wave, out, people


def test_colleagues_open_one_shared_draft(app, session):
    _wave, (anna, bram), _ = colleagues(app, session)
    assert anna.post_page(1, {"q-art2_cijfer": "7"}, action="save").status_code == 302
    page = bram.get("/r/p/1").get_data(as_text=True)
    assert 'value="7" checked' in page or 'value="7"\n' in page or 'checked value="7"' in page
    assert "Laatst bewaard door Anna de Vries op" in page
    assert session.scalar(select(func.count(Response.id))) == 1


def test_one_submission_counts_the_organisation_once(app, session, complete_answers):
    wave, (anna, bram), (anna_inv, _) = colleagues(app, session)
    fill_all(anna, complete_answers)
    fill_all(bram, {5: complete_answers[5]})  # Bram changes the last page of the same response
    assert bram.submit().status_code == 302
    assert "Goed op weg." in anna.get("/r/bedankt").get_data(as_text=True)  # Anna's page 1
    frame = answers_frame([wave.id])
    assert frame["response"].nunique() == 1  # before: each colleague's response counted
    session.expire_all()
    # Reminders stop for both at once.
    anna_inv = session.get(Invitation, anna_inv.id)
    anna_inv.sent_at = utcnow().replace(year=2020)
    session.commit()
    assert queue_reminders(wave, utcnow()) == 0


def test_a_colleague_can_change_the_submitted_answers_while_the_wave_allows(
    app, session, complete_answers
):
    _wave, (anna, bram), _ = colleagues(app, session)
    fill_all(anna, complete_answers)
    anna.submit()
    assert bram.post_page(2, {"q-art3_cijfer": "9"}).status_code == 302
    stored = session.scalars(select(Response)).one()
    assert stored.submitted and stored.last_saved_by.name == "Bram Jansen"


def test_concurrent_saves_do_not_overwrite_each_other_silently(app, session):
    _wave, (anna, bram), _ = colleagues(app, session)
    anna.post_page(1, {"q-art2_cijfer": "6"}, action="save")
    seen = session.scalars(select(Response)).one().version
    # Both open page 1 at this version; Anna saves first.
    assert anna.post_page(1, {"q-art2_cijfer": "8"}, action="save", version=seen).status_code == 302
    late = bram.post_page(1, {"q-art2_cijfer": "4"}, action="save", version=seen)
    assert late.status_code == 409
    html = late.get_data(as_text=True)
    assert "Deze pagina is intussen gewijzigd" in html
    assert "Anna de Vries heeft deze antwoorden op" in html
    assert 'value="4" checked' in html  # Bram's answer is kept in his form
    session.expire_all()
    stored = session.scalars(select(Response)).one()
    from tests.respond.conftest import answers

    assert answers(session)[("art2_cijfer", "")][0] == 8.0  # Anna's save stands
    # Bram saves again from the page he was shown: now it is his decision, and it is applied.
    version = int(html.split('name="version" value="')[1].split('"')[0])
    again = bram.post_page(1, {"q-art2_cijfer": "4"}, action="save", version=version)
    assert again.status_code == 302 and answers(session)[("art2_cijfer", "")][0] == 4.0
    assert stored.id == session.scalars(select(Response)).one().id


def test_anonymous_per_organisation_waves_cut_the_link_for_everyone(app, session, complete_answers):
    wave, (anna, bram), _ = colleagues(app, session, Anonymity.ANONYMOUS)
    fill_all(anna, complete_answers)
    anna.submit()
    for r in (anna, bram):
        assert r.get("/r/p/1").headers["Location"] == "/r/bedankt"
    assert release_waiting(session, wave.id) == 1
    stored = session.scalars(select(Response)).one()
    assert stored.organisation_id is None and stored.last_saved_by_id is None
