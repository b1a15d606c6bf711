"""The coordinator's wave page, round two (issue 24 §6): who is invited, why nobody is due a
reminder, mail states apart, a chart that stops today, one organisation column."""

from __future__ import annotations

import re
from datetime import timedelta

from analysis.format import nl_date
from surveyapp.clock import local_day
from surveyapp.mail.outbox import queue_invitations
from surveyapp.mail.worker import send_due
from surveyapp.models import OutboxMessage, ResponseUnit, WaveState, utcnow
from tests import factories as f
from tests.conftest import csrf_from


def _wave(session, unit=ResponseUnit.ORGANISATION):
    wave = f.WaveFactory(state=WaveState.OPEN, response_unit=unit, opened_at=utcnow())
    ede = f.OrganisationFactory(name="Gemeente Ede", org_type="gemeente")
    emmen = f.OrganisationFactory(name="Gemeente Emmen", org_type="gemeente")
    done = f.InvitationFactory(wave=wave, contact=f.ContactFactory(organisation=ede),
                               completed_at=utcnow())  # fmt: skip
    colleague = f.InvitationFactory(wave=wave, contact=f.ContactFactory(organisation=ede))
    waiting = f.InvitationFactory(wave=wave, contact=f.ContactFactory(organisation=emmen))
    session.commit()
    return wave, done, colleague, waiting


def _post(client, wave, action):
    page = client.get(f"/coordinate/waves/{wave.id}").get_data(as_text=True)
    return client.post(
        f"/coordinate/waves/{wave.id}/{action}",
        data={"csrf_token": csrf_from(page)},
        follow_redirects=True,
    ).get_data(as_text=True)


def test_invitations_skip_whoever_already_answered(client, login_as, session):
    """Before: the colleague of an organisation that had answered was invited too."""
    login_as("coordinator")
    wave, _done, colleague, waiting = _wave(session)
    assert "1 uitnodigingen staan klaar" in _post(client, wave, "invite")
    invited = {m.invitation_id for m in session.query(OutboxMessage).all()}
    assert invited == {waiting.id} and colleague.id not in invited


def test_mail_states_show_apart_before_and_after_sending(client, login_as, session, smtp):
    """Before: "Uitgenodigd 3" showed before any mail had gone."""
    login_as("coordinator")
    wave, *_ = _wave(session, ResponseUnit.CONTACT)
    html = client.get(f"/coordinate/waves/{wave.id}").get_data(as_text=True)
    assert "Mail in wachtrij" in html and "Mail mislukt" in html
    queue_invitations(wave)
    session.commit()
    row = re.search(r'<th scope="row">Totaal</th>((?:<td class="num">[^<]*</td>)+)', client.get(
        f"/coordinate/waves/{wave.id}").get_data(as_text=True))  # fmt: skip
    cells = re.findall(r">([^<]*)</td>", row.group(1))
    assert cells[:4] == ["3", "2", "0", "0"]  # in the wave, queued, sent, failed
    send_due()
    row = re.search(r'<th scope="row">Totaal</th>((?:<td class="num">[^<]*</td>)+)', client.get(
        f"/coordinate/waves/{wave.id}").get_data(as_text=True))  # fmt: skip
    assert re.findall(r">([^<]*)</td>", row.group(1))[:4] == ["3", "0", "2", "0"]


def test_no_reminder_due_says_who_is_due_when(client, login_as, session):
    """Before: "Er is nu niemand aan een herinnering toe", without a reason or a date."""
    login_as("coordinator")
    wave, _done, _colleague, waiting = _wave(session)
    assert "nog geen uitnodigingen verstuurd" in _post(client, wave, "remind")
    waiting.sent_at = utcnow() - timedelta(days=2)
    session.commit()
    html = _post(client, wave, "remind")
    due = local_day(waiting.sent_at + timedelta(days=wave.reminder_interval_days))
    assert f"De eerstvolgende herinnering is op {nl_date(due)}" in html
    assert "voor 1 contactpersoon" in html


def test_the_chart_stops_today_and_the_missing_table_has_one_organisation_column(
    client, login_as, session
):
    login_as("coordinator")
    wave, *_ = _wave(session)
    html = client.get(f"/coordinate/waves/{wave.id}").get_data(as_text=True)
    tomorrow = local_day(utcnow()) + timedelta(days=1)
    chart = html.split("<svg")[1].split("</svg>")[0]
    assert nl_date(tomorrow) not in chart and nl_date(local_day(utcnow())) in chart
    missing = html.split("Nog niet ingevuld")[1].split("</thead>")[0]
    assert missing.count(">Organisatie<") == 1
