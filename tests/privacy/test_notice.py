"""The privacy notice: on the welcome and review pages, linked from every mail, editable per
wave by the coordinator, and never calling a traceable wave anonymous."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.extensions import db
from surveyapp.mail.texts import render_mail
from surveyapp.models import Anonymity, AuditEvent, OutboxMessage, Wave
from surveyapp.privacy.notice import notice_of
from tests import factories as f
from tests.conftest import csrf_from


def test_welcome_and_review_pages_carry_the_notice(client, session):
    invitation = f.InvitationFactory(wave__state="open")
    session.commit()
    welcome = client.get(f"/r/{invitation.token}", follow_redirects=True).get_data(as_text=True)
    assert "Privacy: wat gebeurt er met uw gegevens?" in welcome
    assert "is verantwoordelijk voor de verwerking van uw gegevens" in welcome
    assert "Deze uitvraag is herleidbaar" in welcome
    notice = notice_of(invitation.wave)
    assert "anoni" not in (notice.text + " ".join(notice.facts)).lower()
    assert f"/privacy/{invitation.wave.slug}" in welcome
    review = client.get("/r/overzicht").get_data(as_text=True)
    assert "Privacy: wat gebeurt er met uw gegevens?" in review


def test_an_anonymous_wave_says_what_anonymous_means(client, session):
    wave = f.WaveFactory(anonymity=Anonymity.ANONYMOUS)
    session.commit()
    page = client.get(f"/privacy/{wave.slug}").get_data(as_text=True)
    assert "Deze uitvraag is anoniem. Dat betekent" in page
    assert "zonder uw naam, uw e-mailadres, uw organisatie of uw persoonlijke link" in page
    assert "12 maanden nadat de uitvraag is gesloten" in page
    assert client.get("/privacy/bestaat-niet").status_code == 404


def test_every_mail_links_to_the_notice_even_with_its_own_text(app, session):
    invitation = f.InvitationFactory()
    session.commit()
    url = f"{app.config['BASE_URL']}/privacy/{invitation.wave.slug}"
    for kind in ("invitation", "reminder"):
        assert url in render_mail(kind, invitation, app.config["BASE_URL"], "x@y.nl").text
    invitation.wave.invitation_body = "Beste {{ naam }}, vul in: {{ link }}"
    own = render_mail("invitation", invitation, app.config["BASE_URL"], "x@y.nl")
    assert own.text.endswith(f"Privacy: {url}\n") and f'href="{url}"' in own.html


def test_the_coordinator_edits_the_notice_and_anonymous_is_refused(client, login_as, session):
    wave = f.WaveFactory()
    session.commit()
    login_as("coordinator")
    url = f"/coordinate/waves/{wave.id}/privacy"
    page = client.get(url).get_data(as_text=True)
    assert "verwijdert de app van deze uitvraag" in page
    refused = client.post(
        url,
        data={
            "csrf_token": csrf_from(page),
            "retention_months": "12",
            "privacy_text": "Deze enquête is anoniem.",
        },
    )
    assert refused.status_code == 422
    assert "mag dan niet ‘anoniem’ zeggen" in refused.get_data(as_text=True)
    longer = client.post(
        url,
        data={
            "csrf_token": csrf_from(page),
            "retention_months": "36",
            "privacy_text": "Het ministerie is verantwoordelijk.",
        },
    )
    assert longer.status_code == 422 and "reden" in longer.get_data(as_text=True)
    saved = client.post(
        url,
        data={
            "csrf_token": csrf_from(page),
            "retention_months": "36",
            "privacy_text": "Het ministerie is verantwoordelijk.",
            "reason": "Vervolgonderzoek in 2027 vergelijkt met deze ronde.",
        },
    )
    assert saved.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Wave, wave.id)
    assert (stored.privacy_text, stored.retention_months) == (
        "Het ministerie is verantwoordelijk.",
        36,
    )
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"wave.privacy", "wave.retention"} <= actions
    public = client.get(f"/privacy/{wave.slug}").get_data(as_text=True)
    assert "Het ministerie is verantwoordelijk." in public and "36 maanden" in public


def test_a_corrected_contact_reaches_the_queued_mails(client, login_as, session):
    invitation = f.InvitationFactory(wave__state="open")
    session.commit()
    from surveyapp.coordinate.operations import save_contact, send_invitations

    send_invitations(invitation.wave)
    contact = invitation.contact
    save_contact(contact, "Nieuwe Naam", "nieuw@gemeente.nl", contact.organisation, contact.role)
    session.commit()
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.to_addr == "nieuw@gemeente.nl" and "Beste Nieuwe Naam" in mail.body_text
