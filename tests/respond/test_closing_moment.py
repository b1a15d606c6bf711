"""One closing moment, shown the same way everywhere (issue 24 §4). Before: the demo's waves
closed at "29-01-2027 04:08 uur" while their mails said "tot en met 29-01-2027"."""

from __future__ import annotations

from sqlalchemy import select

from analysis.format import nl_date
from surveyapp.demo import demo_links
from surveyapp.mail.texts import render_mail
from surveyapp.models import Invitation, Wave


def test_the_welcome_page_the_wave_page_and_the_mail_agree(demo, client, login_as, session):
    (wave_name, _org, token), *_ = demo_links(1)
    wave = session.scalar(select(Wave).where(Wave.name == wave_name))
    day = nl_date(wave.closes_at)
    client.get(f"/r/{token}")
    welcome = client.get("/r/").get_data(as_text=True)
    assert f"U kunt antwoorden tot en met {day}." in welcome and " uur." not in welcome
    invitation = session.scalar(select(Invitation).where(Invitation.token == token))
    mail = render_mail("invitation", invitation, "http://x", "a@b.nl").text
    assert f"tot en met {day}" in mail
    login_as("coordinator")
    page = client.get(f"/coordinate/waves/{wave.id}").get_data(as_text=True)
    assert f"open tot en met {day}" in page
