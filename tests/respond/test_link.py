"""The personal link: swapped for a session, neutral when wrong, throttled when guessed."""

import logging

from surveyapp.models import Invitation, utcnow
from surveyapp.security import TokenRedactingFilter
from tests.conftest import csrf_from


def test_token_is_swapped_for_a_session_and_a_clean_url(client, invitation, session):
    response = client.get(f"/r/{invitation.token}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/r/"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    page = client.get("/r/")
    html = page.get_data(as_text=True)
    assert invitation.token not in html
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "Provincie Zeeland" in html and "Eindevaluatie 2020" in html
    assert "ongeveer 15 minuten" in html
    session.expire_all()
    assert session.get(Invitation, invitation.id).opened_at is not None


def test_unknown_mistyped_and_withdrawn_links_get_the_same_neutral_page(
    client, invitation, session
):
    unknown = client.get("/r/" + "A" * 32)
    mistyped = client.get(f"/r/{invitation.token[:-1]}")
    invitation.withdraw()
    session.commit()
    withdrawn = client.get(f"/r/{invitation.token}")
    pages = [r.get_data(as_text=True) for r in (unknown, mistyped, withdrawn)]
    assert {r.status_code for r in (unknown, mistyped, withdrawn)} == {404}
    assert pages[0] == pages[1] == pages[2]
    assert "Deze link werkt niet" in pages[0]


def test_pages_without_a_link_session_are_neutral(client):
    for path in ("/r/", "/r/p/1", "/r/overzicht", "/r/bedankt"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Deze link werkt niet" in response.get_data(as_text=True)


def test_guessing_is_throttled_but_only_failures_count(client, invitation):
    for _ in range(20):  # real use of a valid link never counts
        assert client.get(f"/r/{invitation.token}").status_code == 302
    statuses = [client.get(f"/r/guess{i:030d}").status_code for i in range(12)]
    assert statuses[:10] == [404] * 10
    assert statuses[10:] == [429, 429]
    throttled = client.get(f"/r/{invitation.token}")
    assert throttled.status_code == 429
    assert "Te veel pogingen" in throttled.get_data(as_text=True)


def test_tokens_never_reach_the_access_log(invitation):
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '%s - - [%s] "%s" %s -',
        ("127.0.0.1", "now", f"GET /r/{invitation.token} HTTP/1.1", "302"),
        None,
    )
    TokenRedactingFilter().filter(record)
    line = record.getMessage()
    assert invitation.token not in line
    assert "GET /r/[token] HTTP/1.1" in line
    page = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "GET /r/p/2 HTTP/1.1", (), None)
    TokenRedactingFilter().filter(page)
    assert page.getMessage() == "GET /r/p/2 HTTP/1.1"


def test_closed_wave_shows_polite_message_with_contact(respondent, invitation, session):
    invitation.wave.close(utcnow())
    session.commit()
    html = respondent.client.get("/r/p/1").get_data(as_text=True)
    assert "Deze vragenlijst is gesloten" in html
    assert "secretariaat@example.org" in html


def test_draft_wave_says_not_yet_open(client, invitation, session):
    invitation.wave.state = "draft"
    session.commit()
    client.get(f"/r/{invitation.token}")
    assert "nog niet geopend" in client.get("/r/").get_data(as_text=True)


def test_expired_session_on_a_respondent_page_says_how_to_resume(respondent):
    response = respondent.client.post("/r/p/1", data={"q-art2_cijfer": "7"})  # no CSRF token
    assert response.status_code == 400
    assert "Open opnieuw de link uit uw uitnodiging" in response.get_data(as_text=True)


def test_a_stale_parallel_response_cannot_drop_the_csrf_token(client, invitation):
    """A favicon request still carrying the first cookie answers late: the form must still post."""
    client.get(f"/r/{invitation.token}")
    first_cookie = client.get_cookie("session").value
    token = csrf_from(client.get("/r/p/1").get_data(as_text=True))
    client.set_cookie("session", first_cookie)  # the slow response overwrites the newer cookie
    client.get("/favicon.ico")
    response = client.post("/r/p/1", data={"csrf_token": token, "action": "save"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
