"""Waves through the coordinator pages: create, open, extend, close, mail texts, exports."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from analysis.format import nl_date
from surveyapp.models import Invitation, OutboxMessage, Wave, WaveState, utcnow
from tests import factories as f
from tests.conftest import csrf_from


def page_token(client, path):
    return csrf_from(client.get(path).get_data(as_text=True))


def new_wave(client, version=None, **overrides):
    from surveyapp.models import SurveyVersion

    version = version or client.application.extensions["sqlalchemy"].session.scalar(
        select(SurveyVersion)
        .where(SurveyVersion.slug == "bevoegde-overheden")
        .order_by(SurveyVersion.version.desc())
        .limit(1)
    )
    closes = (date.today() + timedelta(days=30)).isoformat()
    data = {
        "csrf_token": page_token(client, "/coordinate/waves/new"),
        "survey_version_id": version.id,
        "name": "Eindevaluatie 2021",
        "slug": "eind-2021",
        "closes_at": closes,
        "org_types": ["provincie", "gemeente"],
        "roles": ["bevoegd_gezag"],
        "anonymity": "identified",
        "response_unit": "contact",
        "allow_edit_after_submit": "y",
        "max_reminders": "3",
        "reminder_interval_days": "7",
    }
    data.update(overrides)
    return client.post("/coordinate/waves/new", data=data)


def test_create_wave_invites_the_audience(client, login_as, session, demo):
    login_as("coordinator")
    response = new_wave(client, contact_emails="anne.de.vries@ienw.example.nl")
    assert response.status_code == 302, response.get_data(as_text=True)
    wave = session.scalar(select(Wave).where(Wave.slug == "eind-2021"))
    assert wave.state is WaveState.DRAFT
    n = session.scalar(select(func.count(Invitation.id)).where(Invitation.wave_id == wave.id))
    assert n == 41 + 1  # the competent authorities and one hand-picked steering-group member
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Respons: <strong>0 van 42 (0%)</strong>" in page


def test_wave_form_errors_are_dutch_and_nothing_is_created(client, login_as, session, demo):
    login_as("coordinator")
    response = new_wave(
        client,
        name="",
        slug="Met Spaties",
        org_types=[],
        roles=[],
        contact_emails="onbekend@example.nl",
        closes_at="",
        max_reminders="99",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for message in (
        "Geef de uitvraag een naam",
        "Gebruik kleine letters, cijfers en streepjes",
        "Kies een sluitingsdatum",
        "Kies een aantal van 0 tot en met 10",
    ):
        assert message in html
    response = new_wave(client, org_types=[], roles=[], contact_emails="onbekend@example.nl")
    assert "Onbekende e-mailadressen: onbekend@example.nl" in response.get_data(as_text=True)
    response = new_wave(client, org_types=[], roles=[])
    assert "Kies wie u uitnodigt" in response.get_data(as_text=True)
    response = new_wave(client, name="Vervolgmeting 2026 – bevoegde overheden")
    assert "Er bestaat al een uitvraag met de naam" in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Wave.id))) == 13  # only the demo's


def test_open_extend_close_through_the_state_machine(client, login_as, session, demo):
    login_as("coordinator")
    new_wave(client)
    wave = session.scalar(select(Wave).where(Wave.slug == "eind-2021"))
    base = f"/coordinate/waves/{wave.id}"
    token = page_token(client, base)
    page = client.post(f"{base}/close", data={"csrf_token": token}, follow_redirects=True)
    assert "kan niet naar" in page.get_data(as_text=True)  # a draft cannot close
    client.post(f"{base}/open", data={"csrf_token": token})
    session.expire_all()
    assert wave.state is WaveState.OPEN
    later = (date.today() + timedelta(days=60)).isoformat()
    page = client.post(
        f"{base}/extend", data={"csrf_token": token, "closes_at": later}, follow_redirects=True
    ).get_data(as_text=True)
    assert "De uitvraag sluit nu op" in page
    earlier = (date.today() + timedelta(days=3)).isoformat()
    page = client.post(
        f"{base}/extend", data={"csrf_token": token, "closes_at": earlier}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Verlengen kan alleen naar een latere sluitingsdatum" in page
    client.post(f"{base}/close", data={"csrf_token": token})
    session.expire_all()
    assert wave.state is WaveState.CLOSED


def test_invite_button_queues_once(client, login_as, session, demo):
    login_as("coordinator")
    wave = session.scalar(select(Wave).where(Wave.slug == "vervolg-2026-bevoegde-overheden"))
    base = f"/coordinate/waves/{wave.id}"
    token = page_token(client, base)
    page = client.post(f"{base}/invite", data={"csrf_token": token}, follow_redirects=True)
    assert "41 uitnodigingen staan klaar" in page.get_data(as_text=True)
    page = client.post(f"{base}/invite", data={"csrf_token": token}, follow_redirects=True)
    assert "0 uitnodigingen staan klaar" in page.get_data(as_text=True)
    assert session.scalar(select(func.count(OutboxMessage.id))) == 41
    assert "41 e-mail(s) in de wachtrij" in page.get_data(as_text=True)


def test_mail_texts_edit_preview_and_sandbox(client, login_as, session, demo):
    login_as("coordinator")
    wave = session.scalar(select(Wave).where(Wave.slug == "vervolg-2026-bevoegde-overheden"))
    path = f"/coordinate/waves/{wave.id}/mail"
    html = client.get(path).get_data(as_text=True)
    assert "Voorbeeld voor" in html
    # Before: "Uitnodiging: Uitnodiging: …", the contact's real link (opening it counted as
    # "Geopend"), and "ongeveer een kwartier" whatever the survey said.
    assert "Uitnodiging: Uitnodiging" not in html and "Onderwerp:</strong> Uitnodiging:" in html
    assert "[de persoonlijke link van de contactpersoon]" in html
    tokens = {i.token for i in session.scalars(select(Invitation).where(Invitation.wave == wave))}
    assert not any(f"/r/{t}" in html for t in tokens)
    assert "Het invullen kost ongeveer 15 minuten." in html
    data = {
        "csrf_token": csrf_from(html),
        "invitation_subject": "Doe mee, {{ naam }}",
        "invitation_body": "Hallo {{ naam }} van {{ organisatie }}: {{ link }}",
        "reminder_subject": "Nog even",
        "reminder_body": "Graag voor {{ sluitingsdatum }}",
    }
    assert client.post(path, data=data).status_code == 302
    session.expire_all()
    assert wave.invitation_body.startswith("Hallo {{ naam }}")
    html = client.get(path).get_data(as_text=True)
    assert "Doe mee, Team bodem" in html
    for evil in ("{{ naam.__class__.__mro__ }}", "{{ onbekend }}", "{% if %}"):
        response = client.post(path, data={**data, "invitation_body": evil})
        assert "De tekst bevat een fout" in response.get_data(as_text=True)
    session.expire_all()
    assert wave.invitation_body.startswith("Hallo {{ naam }}")


def test_missing_csv_is_neutralised(client, login_as, session):
    wave = f.WaveFactory(state=WaveState.OPEN)
    evil = f.OrganisationFactory(name='=HYPERLINK("http://evil")')
    f.InvitationFactory(wave=wave, contact=f.ContactFactory(name="+31 6 1234", organisation=evil))
    session.commit()
    login_as("coordinator")
    response = client.get(f"/coordinate/waves/{wave.id}/nog-niet-ingevuld.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufefforganisatie,type,naam")
    assert "'=HYPERLINK" in text and "'+31 6 1234" in text
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_reminder_settings(client, login_as, session):
    wave = f.WaveFactory(state=WaveState.OPEN)
    session.commit()
    login_as("coordinator")
    base = f"/coordinate/waves/{wave.id}"
    token = page_token(client, base)
    client.post(
        f"{base}/reminders",
        data={
            "csrf_token": token,
            "max_reminders": "1",
            "reminder_interval_days": "3",
            "auto_reminders": "y",
        },
    )
    session.expire_all()
    assert (wave.max_reminders, wave.reminder_interval_days, wave.auto_reminders) == (1, 3, True)
    page = client.post(
        f"{base}/reminders",
        data={"csrf_token": token, "max_reminders": "-4", "reminder_interval_days": "3"},
        follow_redirects=True,
    )
    assert "Kies een aantal van 0 tot en met 10" in page.get_data(as_text=True)
    session.expire_all()
    assert wave.max_reminders == 1


def test_organisation_and_contact_forms(client, login_as, session):
    login_as("coordinator")
    token = page_token(client, "/coordinate/organisations/new")
    assert (
        client.post(
            "/coordinate/organisations/new",
            data={"csrf_token": token, "name": "Provincie Utrecht", "org_type": "provincie"},
        ).status_code
        == 302
    )
    html = client.post(
        "/coordinate/organisations/new",
        data={"csrf_token": token, "name": "provincie utrecht", "org_type": "provincie"},
    ).get_data(as_text=True)
    assert "Er bestaat al een organisatie met de naam Provincie Utrecht" in html
    from surveyapp.models import Organisation

    org = session.scalar(select(Organisation))
    assert (
        client.post(
            "/coordinate/contacts/new",
            data={
                "csrf_token": token,
                "name": "Anna",
                "email": "Anna@Utrecht.nl",
                "organisation_id": org.id,
                "role": "bevoegd_gezag",
            },
        ).status_code
        == 302
    )
    html = client.post(
        "/coordinate/contacts/new",
        data={
            "csrf_token": token,
            "name": "Bob",
            "email": "anna@utrecht.nl",
            "organisation_id": org.id,
            "role": "overig",
        },
    ).get_data(as_text=True)
    assert "Het e-mailadres anna@utrecht.nl hoort al bij Anna" in html
    html = client.post(
        "/coordinate/contacts/new",
        data={
            "csrf_token": token,
            "name": "Bob",
            "email": "geen adres",
            "organisation_id": org.id,
            "role": "overig",
        },
    ).get_data(as_text=True)
    assert "Vul een geldig e-mailadres in" in html
    assert (
        client.get("/coordinate/organisations?q=utrecht")
        .get_data(as_text=True)
        .count("Provincie Utrecht")
        >= 1
    )


def test_waves_status_cli(app, session, demo):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["waves", "status", "vervolg-2026-bevoegde-overheden"])
    assert result.exit_code == 0
    assert "Totaal" in result.output and "41" in result.output
    assert "Provincie" in result.output and "Gemeente" in result.output
    result = runner.invoke(args=["waves", "status", "bestaat-niet"])
    assert result.exit_code == 2 and "Known waves" in result.output


def test_tampered_and_malformed_fields_get_dutch_messages(client, login_as, session, demo):
    login_as("coordinator")
    response = new_wave(
        client,
        survey_version_id="999",
        opens_at="morgen",
        max_reminders="drie",
        anonymity="openbaar",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for message in (
        "Kies een van de mogelijkheden.",
        "Vul een datum in",
        "Vul een geheel getal in.",
    ):
        assert message in html
    assert "Not a valid" not in html


def test_a_closed_wave_shows_its_fieldwork_not_its_settings(client, login_as, session):
    login_as("coordinator")
    opened = utcnow() - timedelta(days=400)
    wave = f.WaveFactory(
        state=WaveState.OPEN, opened_at=opened, closes_at=opened + timedelta(days=30)
    )
    inv = f.InvitationFactory(wave=wave, sent_at=opened)
    inv.completed_at = opened + timedelta(days=3)
    wave.close(opened + timedelta(days=30))
    session.commit()
    html = client.get(f"/coordinate/waves/{wave.id}").get_data(as_text=True)
    # Before: the reminder form stayed, and the chart's axis ran on to today.
    assert "Herinneringen</h2>" not in html
    assert nl_date(opened + timedelta(days=30)) in html.split('<svg class="chart"')[1]
    assert nl_date(utcnow()) not in html.split('<svg class="chart"')[1].split("</svg>")[0]


def test_a_single_completion_on_an_open_wave_is_visible(client, login_as, session):
    login_as("coordinator")
    wave = f.WaveFactory(state=WaveState.OPEN, opened_at=utcnow())
    inv = f.InvitationFactory(wave=wave, sent_at=utcnow())
    inv.completed_at = utcnow()
    session.commit()
    chart = client.get(f"/coordinate/waves/{wave.id}").get_data(as_text=True)
    chart = chart.split('<svg class="chart"')[1].split("</svg>")[0]
    # Before: the one step lay on the y axis, so nothing could be seen.
    assert chart.count('class="dot"') == 1
    points = chart.split('points="')[1].split('"')[0].split()
    assert len({p.split(",")[0] for p in points}) > 1  # the line has width


def test_failed_invitations_can_be_sent_again_from_the_wave_page(client, login_as, session):
    from surveyapp.models import OutboxStatus

    login_as("coordinator")
    wave = f.WaveFactory(state=WaveState.OPEN, opened_at=utcnow())
    inv = f.InvitationFactory(wave=wave, contact=f.ContactFactory(email="fout@voor-beeld.nl"))
    session.add(
        OutboxMessage(
            kind="invitation", wave_id=wave.id, invitation_id=inv.id, to_addr="fout@voor-beeld.nl",
            subject="s", body_text="b", status=OutboxStatus.FAILED, last_error="550 unknown",
        )
    )  # fmt: skip
    session.commit()
    html = client.get(f"/coordinate/waves/{wave.id}").get_data(as_text=True)
    assert "Mislukte uitnodigingen opnieuw versturen" in html
    assert '<span class="nowrap">fout@voor-beeld.nl</span>' in html  # never broken at a hyphen
    token = csrf_from(html)
    client.post(f"/coordinate/waves/{wave.id}/invite", data={"csrf_token": token})
    assert session.scalar(select(OutboxMessage.status)) is OutboxStatus.PENDING


def test_an_organisations_province_is_chosen_from_the_twelve(client, login_as, session):
    from surveyapp.models import Organisation

    login_as("coordinator")
    token = page_token(client, "/coordinate/organisations/new")
    data = {"csrf_token": token, "name": "Gemeente Goes", "org_type": "gemeente"}
    assert (
        client.post(
            "/coordinate/organisations/new", data=data | {"province": "Zeeland"}
        ).status_code
        == 302
    )
    assert session.scalar(select(Organisation.province)) == "Zeeland"
    response = client.post(
        "/coordinate/organisations/new", data=data | {"name": "X", "province": "Zeeuws-Vlaanderen"}
    )
    assert response.status_code == 200 and "Not a valid choice" not in response.get_data(
        as_text=True
    )


def test_a_wave_keeps_its_reference_year(client, login_as, session):
    login_as("coordinator")
    version = f.SurveyVersionFactory()
    session.commit()
    token = page_token(client, "/coordinate/waves/new")
    data = {
        "csrf_token": token, "survey_version_id": str(version.id), "name": "Monitoring 2021",
        "slug": "monitoring-2021", "closes_at": "2099-01-31", "org_types": ["provincie"],
        "anonymity": "identified", "response_unit": "organisation", "max_reminders": "2",
        "reminder_interval_days": "7", "period": "2021",
    }  # fmt: skip
    assert client.post("/coordinate/waves/new", data=data).status_code == 302
    assert session.scalar(select(Wave.period).where(Wave.slug == "monitoring-2021")) == 2021
    response = client.post("/coordinate/waves/new", data=data | {"period": "21", "slug": "m-21"})
    assert "Kies een jaartal, bijvoorbeeld 2021." in response.get_data(as_text=True)


def test_a_yearly_survey_asks_for_its_peiljaar_and_counts_per_organisation(
    client, login_as, session, demo
):
    """Issue 24 §7: choosing the monitoring set neither one response per organisation nor
    asked for the peiljaar; the survey's `wave_defaults` now decide."""
    from surveyapp.models import ResponseUnit, SurveyVersion

    login_as("coordinator")
    monitoring = SurveyVersion.latest("monitoring-spoedlocaties")
    page = new_wave(
        client, version=monitoring, response_unit="survey", slug="mon-2022", name="Monitoring 2022"
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "vul het peiljaar in" in html
    assert session.scalar(select(Wave).where(Wave.slug == "mon-2022")) is None
    page = new_wave(
        client, version=monitoring, response_unit="survey", slug="mon-2022", period="2022"
    )
    assert page.status_code == 302
    wave = session.scalar(select(Wave).where(Wave.slug == "mon-2022"))
    assert wave.response_unit is ResponseUnit.ORGANISATION and wave.period == 2022
    # An explicit choice wins; a survey without defaults counts each contact.
    new_wave(client, response_unit="survey", slug="eind-2022", name="Eindevaluatie 2022")
    plain = session.scalar(select(Wave).where(Wave.slug == "eind-2022"))
    assert plain.response_unit is ResponseUnit.CONTACT
