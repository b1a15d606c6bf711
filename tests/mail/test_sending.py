"""Invitations and reminders through the outbox to a real SMTP server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from surveyapp.errors import DomainError
from surveyapp.extensions import db
from surveyapp.mail.outbox import queue_invitations, queue_reminders
from surveyapp.mail.worker import claim_batch, send_due
from surveyapp.models import (
    Invitation,
    OutboxMessage,
    OutboxStatus,
    ResponseUnit,
    utcnow,
)
from tests import factories as f
from tests.concurrency import at_once
from tests.mail.conftest import invite


def statuses():
    return dict(
        db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
    )


def test_invitations_arrive_with_personal_link_and_text(app, smtp, wave):
    invitations = invite(wave, 3)
    assert queue_invitations(wave) == 3
    db.session.commit()
    assert queue_invitations(wave) == 0  # clicking twice queues nothing more
    report = send_due()
    assert report.sent == 3 and report.failed == 0
    assert sorted(smtp.to()) == sorted(i.contact.email for i in invitations)
    message = next(m for m in smtp.messages if m["To"] == invitations[0].contact.email)
    assert message["Subject"] == "Uitnodiging: Mini-enquête"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = f"http://127.0.0.1:5000/r/{invitations[0].token}"
    assert link in text and f'href="{link}"' in html
    assert f"Beste {invitations[0].contact.name}," in text
    assert "Eindevaluatie 2020" in text
    rows = db.session.scalars(select(OutboxMessage)).all()
    assert all(r.status is OutboxStatus.SENT and r.message_id for r in rows)
    assert {r.message_id for r in rows} == {m["Message-ID"] for m in smtp.messages}
    db.session.expire_all()
    assert all(db.session.get(Invitation, i.id).sent_at is not None for i in invitations)
    assert send_due().sent == 0  # nothing is sent twice


def test_no_mail_for_a_draft_wave(app, session):
    wave = f.WaveFactory()
    with pytest.raises(DomainError, match="Open de uitvraag eerst"):
        queue_invitations(wave)


def test_reminders_skip_completers_and_respect_interval_and_maximum(app, smtp, wave):
    done, waiting = invite(wave, 2)
    queue_invitations(wave)
    db.session.commit()
    send_due()
    sent = db.session.get(Invitation, waiting.id).sent_at
    done.mark_completed()
    db.session.commit()
    assert queue_reminders(wave, sent + timedelta(days=6)) == 0  # too soon
    assert queue_reminders(wave, sent + timedelta(days=7)) == 1
    db.session.commit()
    assert queue_reminders(wave, sent + timedelta(days=7)) == 0  # already queued
    send_due(now=sent + timedelta(days=7))
    assert smtp.to()[-1] == waiting.contact.email
    assert smtp.messages[-1]["Subject"] == "Herinnering: Mini-enquête"
    assert queue_reminders(wave, sent + timedelta(days=13)) == 0  # interval since the reminder
    assert queue_reminders(wave, sent + timedelta(days=14)) == 1
    db.session.commit()
    send_due(now=sent + timedelta(days=14))
    assert queue_reminders(wave, sent + timedelta(days=60)) == 0  # the maximum is 2
    reminded = [m["To"] for m in smtp.messages if m["Subject"].startswith("Herinnering")]
    assert reminded == [waiting.contact.email] * 2
    inv = db.session.get(Invitation, waiting.id)
    assert inv.reminder_count == 2 and inv.last_reminded_at == sent + timedelta(days=14)


def test_per_organisation_wave_stops_reminding_colleagues(app, smtp, session, wave):
    wave.response_unit = ResponseUnit.ORGANISATION
    org = f.OrganisationFactory(name="Gemeente Ede")
    first, colleague = invite(wave, 2, org)
    other = invite(wave, 1)[0]
    queue_invitations(wave)
    db.session.commit()
    send_due()
    first.mark_completed()
    db.session.commit()
    later = utcnow() + timedelta(days=8)
    assert queue_reminders(wave, later) == 1
    db.session.commit()
    send_due(now=later)
    assert smtp.to()[-1] == other.contact.email
    assert colleague.contact.email not in [m["To"] for m in smtp.messages[3:]]


def test_reminder_cancelled_when_respondent_completes_before_sending(app, smtp, wave):
    (inv,) = invite(wave, 1)
    queue_invitations(wave)
    db.session.commit()
    send_due()
    later = utcnow() + timedelta(days=8)
    queue_reminders(wave, later)
    db.session.commit()
    inv.mark_completed()
    db.session.commit()
    report = send_due(now=later)
    assert report.cancelled == 1 and len(smtp.messages) == 1
    assert statuses()[OutboxStatus.CANCELLED] == 1


def test_temporary_failure_is_retried_with_backoff(app, smtp, wave):
    (inv,) = invite(wave, 1)
    smtp.refuse[inv.contact.email] = "450 Mailbox busy, try later"
    queue_invitations(wave)
    db.session.commit()
    now = utcnow()
    report = send_due(now=now)
    assert report.retried == 1 and smtp.messages == []
    row = db.session.scalars(select(OutboxMessage)).one()
    assert row.status is OutboxStatus.PENDING and "450" in row.last_error
    assert row.next_attempt_at == now + timedelta(minutes=1)
    assert send_due(now=now + timedelta(seconds=30)).retried == 0  # not yet due
    del smtp.refuse[inv.contact.email]
    assert send_due(now=now + timedelta(minutes=1)).sent == 1
    assert smtp.to() == [inv.contact.email]


def test_connection_refused_is_temporary(app, wave):
    invite(wave, 1)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_TIMEOUT=2)
    queue_invitations(wave)
    db.session.commit()
    report = send_due()
    assert report.retried == 1
    assert "connection" in db.session.scalars(select(OutboxMessage)).one().last_error


def test_gives_up_after_the_maximum_attempts(app, smtp, wave):
    (inv,) = invite(wave, 1)
    smtp.refuse[inv.contact.email] = "451 Temporary local problem"
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    queue_invitations(wave)
    db.session.commit()
    now = utcnow()
    for minutes in (0, 1, 3):
        send_due(now=now + timedelta(minutes=minutes))
    row = db.session.scalars(select(OutboxMessage)).one()
    assert row.status is OutboxStatus.FAILED and row.attempts == 3


def test_permanent_failure_is_marked_failed_and_shown(app, smtp, wave, client, login_as):
    bad, _good = invite(wave, 2)
    smtp.refuse[bad.contact.email] = "550 No such user here"
    queue_invitations(wave)
    db.session.commit()
    report = send_due()
    assert (report.sent, report.failed) == (1, 1)
    row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_addr == bad.contact.email))
    assert row.status is OutboxStatus.FAILED and "550" in row.last_error
    assert send_due().sent == 0  # never retried
    login_as("coordinator")
    page = client.get(f"/coordinate/waves/{wave.id}").get_data(as_text=True)
    assert "1 e-mail(s) konden niet worden bezorgd" in page and bad.contact.email in page


def test_worker_killed_between_claim_and_send_loses_nothing(app, smtp, wave):
    invite(wave, 3)
    queue_invitations(wave)
    db.session.commit()
    now = utcnow()
    claimed = claim_batch(10, now, lease_seconds=600)  # ...and then the worker dies
    assert len(claimed) == 3 and statuses() == {OutboxStatus.SENDING: 3}
    assert send_due(now=now + timedelta(seconds=60)).sent == 0  # another worker respects the lease
    assert send_due(now=now + timedelta(seconds=601)).sent == 3  # the lease ran out: taken over
    assert len(smtp.messages) == 3 and len(set(smtp.to())) == 3


def test_two_workers_at_once_send_each_message_once(app, smtp, wave):
    invitations = invite(wave, 40)
    queue_invitations(wave)
    db.session.commit()
    app.config["MAIL_BATCH_SIZE"] = 5
    reports = at_once(app, send_due)
    assert sum(r.sent for r in reports) == 40
    assert sorted(smtp.to()) == sorted(i.contact.email for i in invitations)
    db.session.expire_all()
    assert statuses() == {OutboxStatus.SENT: 40}


def test_without_smtp_mails_become_eml_files(app, wave, tmp_path):
    (inv,) = invite(wave, 1)
    app.config.update(MAIL_SERVER=None, MAIL_DIR=str(tmp_path / "mail"))
    queue_invitations(wave)
    db.session.commit()
    assert send_due().sent == 1
    files = list((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1
    content = files[0].read_text(encoding="utf-8")
    assert inv.contact.email in content and inv.token in content


def test_scheduled_reminders_are_sent_by_the_worker(app, smtp, wave):
    wave.auto_reminders = True
    invite(wave, 1)
    queue_invitations(wave)
    db.session.commit()
    send_due()
    report = send_due(now=utcnow() + timedelta(days=7, minutes=1))
    assert report.reminders_queued == 1 and report.sent == 1
    assert smtp.messages[-1]["Subject"].startswith("Herinnering")


def test_mail_cli(app, smtp, wave):
    invite(wave, 2)
    queue_invitations(wave)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send-due"])
    assert result.exit_code == 0 and "sent 2" in result.output
    assert len(smtp.messages) == 2


def test_a_batch_shares_one_smtp_connection(app, smtp, wave):
    refused, *others = invite(wave, 6)
    smtp.refuse[refused.contact.email] = "550 No such user here"
    queue_invitations(wave)
    db.session.commit()
    report = send_due()
    assert (report.sent, report.failed) == (5, 1)
    # Before: a connection (and a TLS handshake and login, where configured) per mail.
    assert smtp.connections == 1  # the refusal RSETs the session, the next mail goes on
    assert sorted(smtp.to()) == sorted(i.contact.email for i in others)
