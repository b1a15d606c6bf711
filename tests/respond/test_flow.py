"""The respondent flow through real requests: save per page, validate, review, submit once."""

import pytest
from sqlalchemy import func, select

from surveyapp.models import Invitation, Response, ResponseStatus, utcnow
from tests.respond.conftest import Respondent, answers, fill_all


def test_each_page_is_saved_and_resumes_in_a_fresh_session(respondent, app, session, invitation):
    response = respondent.post_page(1, {"q-art2_cijfer": "7", "q-art2_toelichting": "Prima"})
    assert response.headers["Location"] == "/r/p/2"
    response = respondent.post_page(2, {"q-art3_cijfer": "dk"}, action="save")
    assert response.headers["Location"] == "/r/opgeslagen"
    assert "dezelfde link" in respondent.client.get("/r/opgeslagen").get_data(as_text=True)
    assert answers(session) == {
        ("art2_cijfer", ""): (7.0, None, False),
        ("art2_toelichting", ""): (None, "Prima", False),
        ("art3_cijfer", ""): (None, None, True),
    }
    session.expire_all()
    inv = session.get(Invitation, invitation.id)
    assert inv.started_at is not None and inv.completed_at is None
    # A new browser (no cookies) resumes from the same link with the answers in place.
    other = Respondent(app.test_client(), invitation.token)
    other.open_link()
    assert "Verder met invullen" in other.client.get("/r/").get_data(as_text=True)
    html = other.client.get("/r/p/1").get_data(as_text=True)
    assert 'value="7" checked' in html and ">Prima</textarea>" in html
    assert 'value="dk" checked' in other.client.get("/r/p/2").get_data(as_text=True)


def test_save_for_later_does_not_require_answers_but_next_does(respondent, session):
    assert respondent.post_page(1, {}, action="save").status_code == 302
    response = respondent.post_page(1, {"q-art2_toelichting": "Nog geen cijfer"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Er is een probleem" in html
    assert 'href="#vraag-art2_cijfer"' in html
    assert "Kies een cijfer of ‘weet niet’." in html
    assert ">Nog geen cijfer</textarea>" in html  # the entered value is kept
    assert answers(session) == {}  # and nothing of the page is saved


def test_previous_goes_back_and_saves_without_requiring(respondent, session):
    response = respondent.post_page(2, {"q-art3_cijfer": "4"}, action="prev")
    assert response.headers["Location"] == "/r/p/1"
    assert answers(session)[("art3_cijfer", "")] == (4.0, None, False)
    assert respondent.post_page(1, {}, action="prev").headers["Location"] == "/r/"


@pytest.mark.parametrize("value", ["11", "0", "7.5", "zeven", "-1", "dk "])
def test_out_of_range_values_are_refused_with_a_dutch_message(respondent, session, value):
    response = respondent.post_page(1, {"q-art2_cijfer": value})
    if value == "dk ":  # surrounding whitespace is harmless
        assert response.status_code == 302
        return
    assert response.status_code == 422
    assert "Kies een cijfer van 1 tot en met 10 of ‘weet niet’." in response.get_data(as_text=True)
    assert answers(session) == {}


def test_unknown_fields_and_fields_of_other_pages_are_rejected(respondent, session):
    for extra in ({"q-bestaat_niet": "7"}, {"q-art3_cijfer": "7"}, {"respondent_id": "2"}):
        response = respondent.post_page(1, {"q-art2_cijfer": "7", **extra})
        assert response.status_code == 400
        assert "niet opgeslagen" in response.get_data(as_text=True)
    assert answers(session) == {}


def test_text_that_is_too_long_is_refused_and_kept(respondent, session):
    long_text = "x" * 2001
    response = respondent.post_page(1, {"q-art2_cijfer": "7", "q-art2_toelichting": long_text})
    assert response.status_code == 422
    assert "het maximum is 2000" in response.get_data(as_text=True)
    assert answers(session) == {}


def test_oversized_body_is_refused_politely(respondent, app, session):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = respondent.post_page(1, {"q-art2_toelichting": "x" * 20_000})
    assert response.status_code == 413
    assert "Te veel gegevens" in response.get_data(as_text=True)
    assert answers(session) == {}


def test_show_if_on_the_same_page(respondent, session, complete_answers):
    page5 = {**complete_answers[5], "q-eigen_organisatie_laag": "Meer capaciteit"}
    response = respondent.post_page(5, page5)  # grade 7: the follow-up does not apply
    assert response.status_code == 422
    assert "Alleen als u bij ‘In welke mate heeft uw eigen organisatie" in response.get_data(
        as_text=True
    )
    page5["q-eigen_organisatie"] = "4"
    assert respondent.post_page(5, page5).status_code == 302
    assert answers(session)[("eigen_organisatie_laag", "")][1] == "Meer capaciteit"
    # Raising the grade again removes the answer that no longer applies.
    page5["q-eigen_organisatie"] = "8"
    del page5["q-eigen_organisatie_laag"]
    assert respondent.post_page(5, page5).status_code == 302
    assert ("eigen_organisatie_laag", "") not in answers(session)


def test_review_lists_missing_questions_and_submit_refuses_until_complete(
    respondent, session, complete_answers
):
    respondent.post_page(1, complete_answers[1])
    html = respondent.client.get("/r/overzicht").get_data(as_text=True)
    assert "Er zijn nog 7 vragen niet beantwoord" in html
    assert 'href="/r/p/2#vraag-art3_cijfer"' in html
    response = respondent.submit()
    assert response.status_code == 422
    assert session.scalar(select(Response.status)) is ResponseStatus.DRAFT


def test_submit_snapshots_organisation_and_marks_completed(
    respondent, session, invitation, complete_answers
):
    fill_all(respondent, complete_answers)
    assert respondent.client.get("/r/overzicht").status_code == 200
    response = respondent.submit()
    assert response.headers["Location"] == "/r/bedankt"
    html = respondent.client.get("/r/bedankt").get_data(as_text=True)
    assert "Hartelijk dank" in html and "Goed op weg." in html
    assert "Weet niet / geen oordeel" in html  # art. 12
    stored = session.scalars(select(Response)).one()
    assert stored.status is ResponseStatus.SUBMITTED
    assert (stored.org_type, stored.organisation_name) == ("provincie", "Provincie Zeeland")
    assert session.get(Invitation, invitation.id).completed_at is not None


def test_double_submit_creates_one_response_and_no_error(respondent, session, complete_answers):
    fill_all(respondent, complete_answers)
    first, second = respondent.submit(), respondent.submit()
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == "/r/bedankt"
    assert session.scalar(select(func.count(Response.id))) == 1


def test_two_tabs_submitting_at_once(app, respondent, session, complete_answers):
    """Two concurrent submits (two tabs, a double click) leave exactly one submitted response."""
    fill_all(respondent, complete_answers)
    assert respondent.submit_in_two_tabs(app) == [302, 302]
    session.expire_all()
    assert session.scalar(select(func.count(Response.id))) == 1
    assert session.scalar(select(Response.status)) is ResponseStatus.SUBMITTED


def test_reopen_and_change_after_submitting(respondent, session, complete_answers):
    fill_all(respondent, complete_answers)
    respondent.submit()
    html = respondent.client.get("/r/bedankt").get_data(as_text=True)
    assert "antwoorden wijzigen" in html
    response = respondent.post_page(2, {"q-art3_cijfer": "6"})
    assert response.status_code == 302
    stored = session.scalars(select(Response)).one()
    assert stored.status is ResponseStatus.SUBMITTED  # a change never withdraws the response
    assert answers(session)[("art3_cijfer", "")][0] == 6.0
    # Required answers stay required once submitted, even when saving for later.
    response = respondent.post_page(2, {}, action="save")
    assert response.status_code == 422
    assert (
        respondent.client.post(
            "/r/insturen", data={"csrf_token": respondent.csrf("/r/overzicht")}
        ).headers["Location"]
        == "/r/bedankt"
    )


def test_no_changes_after_submit_when_wave_forbids(
    respondent, session, invitation, complete_answers
):
    invitation.wave.allow_edit_after_submit = False
    session.commit()
    fill_all(respondent, complete_answers)
    respondent.submit()
    assert "antwoorden wijzigen" not in respondent.client.get("/r/bedankt").get_data(as_text=True)
    response = respondent.client.get("/r/p/2")
    assert response.headers["Location"] == "/r/bedankt"


def test_closed_wave_accepts_nothing(respondent, session, invitation):
    token = respondent.csrf("/r/p/1")
    invitation.wave.close(utcnow())
    session.commit()
    response = respondent.client.post("/r/p/1", data={"csrf_token": token, "q-art2_cijfer": "7"})
    assert "Deze vragenlijst is gesloten" in response.get_data(as_text=True)
    assert answers(session) == {}


def test_answers_are_shown_escaped(respondent, complete_answers):
    complete_answers[1]["q-art2_toelichting"] = '<script>alert("x")</script>'
    fill_all(respondent, complete_answers)
    html = respondent.client.get("/r/overzicht").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in html
    assert '<script>alert("x")' not in html


def test_samenwerking_pages_render_and_keep_choices(app, session):
    from tests import factories as f
    from tests.respond.conftest import open_wave

    wave = open_wave(session, "samenwerking-stuurgroep", slug="sg")
    invitation = f.InvitationFactory(wave=wave)
    session.commit()
    respondent = Respondent(app.test_client(), invitation.token)
    respondent.open_link()
    for number in range(1, 6):
        assert respondent.client.get(f"/r/p/{number}").status_code == 200
    page = {
        "q-rol": "anders",
        "q-rol-anders": "Secretaris",
        "q-cijfer_samenwerking": "6",
        "q-verbeterpunten": ["rollen", "besluitvorming"],
    }
    assert respondent.post_page(5, page).status_code == 302
    html = respondent.client.get("/r/p/5").get_data(as_text=True)
    assert 'value="rollen" checked' in html and 'value="besluitvorming" checked' in html
    assert 'value="ambitie" checked' not in html
    assert 'value="Secretaris"' in html
    assert answers(session)[("verbeterpunten", "")][1] == '["rollen", "besluitvorming"]'
    assert answers(session)[("rol__anders", "")][1] == "Secretaris"
