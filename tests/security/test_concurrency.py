"""Concurrency: two tabs never overwrite each other silently; a submit counts once."""

from __future__ import annotations

from sqlalchemy import func, select

from analysis.format import nl_date
from surveyapp.models import Response, Wave, WaveState, utcnow
from tests.respond.conftest import answers, fill_all


def test_two_tabs_saving_the_same_page(respondent, session):
    respondent.post_page(1, {"q-art2_cijfer": "6"}, action="save")
    seen = session.scalars(select(Response)).one().version
    first = respondent.post_page(1, {"q-art2_cijfer": "8"}, action="save", version=seen)
    second = respondent.post_page(1, {"q-art2_cijfer": "4"}, action="save", version=seen)
    assert first.status_code == 302
    # Before: the second save silently replaced the first.
    assert second.status_code == 409
    html = second.get_data(as_text=True)
    assert "U heeft in een ander venster" in html and 'value="4" checked' in html
    assert answers(session)[("art2_cijfer", "")][0] == 8.0


def test_two_tabs_submitting_count_once(app, respondent, session, complete_answers):
    fill_all(respondent, complete_answers)
    assert respondent.submit_in_two_tabs(app) == [302, 302]
    session.expire_all()
    assert session.scalar(select(func.count(Response.id))) == 1


def test_a_wave_closed_by_hand_shows_the_day_it_closed(client, login_as, session, invitation):
    wave = session.get(Wave, invitation.wave_id)
    wave.close(utcnow())
    session.commit()
    assert wave.state is WaveState.CLOSED
    login_as("coordinator")
    html = client.get(f"/coordinate/waves/{wave.id}").get_data(as_text=True)
    # Before: "sluit op" the planned date, 30 days ahead, for a wave closed today.
    assert "gesloten op " + nl_date(utcnow()) in html


def test_the_cli_refuses_a_password_of_spaces(app, monkeypatch):
    monkeypatch.setenv("SURVEYAPP_PASSWORD", " " * 12)
    result = app.test_cli_runner().invoke(
        args=["users", "create", "nieuw@example.nl", "--role", "evaluator"]
    )
    assert result.exit_code == 2 and "not counting spaces" in result.output
