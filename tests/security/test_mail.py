"""Mail: a lease per message, a crashed worker, texts that cannot run away, header injection."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from surveyapp.extensions import db
from surveyapp.mail.outbox import queue_invitations
from surveyapp.mail.texts import MailTemplateError, check_template
from surveyapp.mail.worker import claim_batch, send_due
from surveyapp.models import OutboxMessage, OutboxStatus, utcnow
from tests.concurrency import at_once
from tests.conftest import csrf_from
from tests.mail.conftest import invite, wave  # noqa: F401 - fixture


def test_a_slow_server_and_two_workers_send_each_mail_once(app, smtp, wave):  # noqa: F811
    """Before: with a 10 s lease and a slow server, 60 invitations gave 88 mails."""
    invitations = invite(wave, 16)
    queue_invitations(wave)
    db.session.commit()
    app.config.update(MAIL_LEASE_SECONDS=1, MAIL_BATCH_SIZE=16)
    smtp.delay = 0.15  # 16 mails take one worker about 2.4 s: longer than the lease

    def worker():
        reports = []
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            reports.append(send_due())
            if (
                db.session.scalar(
                    select(func.count()).where(OutboxMessage.status != OutboxStatus.SENT)
                )
                == 0
            ):
                break
            time.sleep(0.05)
        return sum(r.sent for r in reports)

    sent = at_once(app, worker)
    assert sum(sent) == 16
    assert len(smtp.messages) == 16
    assert sorted(smtp.to()) == sorted(i.contact.email for i in invitations)


def test_a_crashed_worker_loses_nothing_and_sends_nothing_twice(app, smtp, wave):  # noqa: F811
    invite(wave, 3)
    queue_invitations(wave)
    db.session.commit()
    now = utcnow()
    claim_batch(10, now, lease_seconds=600, worker="dead")  # claimed, then killed
    assert send_due(now=now + timedelta(seconds=60)).sent == 0
    assert send_due(now=now + timedelta(seconds=601)).sent == 3
    assert len(smtp.messages) == 3


@pytest.mark.parametrize(
    "evil",
    [
        "{% for i in range(99999) %}{% for j in range(99999) %}x{% endfor %}{% endfor %}",
        "{{ range(10**9) }}",
        "{{ 'x' * 1000000000 }}",
        "{{ naam.__class__.__mro__ }}",
        "{{ lipsum.__globals__ }}",
        "{{ naam|attr('upper') }}",
        "{% if naam %}" * 400 + "x" + "{% endif %}" * 400,  # before: a RecursionError, a 500
        "{{ " + "(" * 400 + "naam" + ")" * 400 + " }}",
    ],
)
def test_mail_texts_cannot_loop_compute_or_reach_objects(evil):
    # Before: nested ranges kept a worker busy past gunicorn's 30 s; range(10**9) gave a 500.
    started = time.monotonic()
    with pytest.raises(MailTemplateError, match="De tekst bevat een fout"):
        check_template(evil)
    assert time.monotonic() - started < 0.5


def test_a_bad_mail_text_is_refused_when_saved(client, login_as, session, wave):  # noqa: F811
    login_as("coordinator")
    path = f"/coordinate/waves/{wave.id}/mail"
    token = csrf_from(client.get(path).get_data(as_text=True))
    response = client.post(
        path,
        data={
            "csrf_token": token,
            "invitation_subject": "Uitnodiging",
            "invitation_body": "{% for i in range(99999) %}{{ naam }}{% endfor %}",
            "reminder_subject": "Herinnering",
            "reminder_body": "Beste {{ naam }}",
        },
    )
    assert "De tekst bevat een fout" in response.get_data(as_text=True)
    db.session.refresh(wave)
    assert wave.invitation_body is None


def test_header_injection_through_a_name_is_impossible(app, smtp, wave):  # noqa: F811
    (inv,) = invite(wave, 1)
    inv.contact.name = "Piet\r\nBcc: evil@example.com"
    wave.invitation_subject = "Voor {{ naam }}"
    db.session.commit()
    queue_invitations(wave)
    db.session.commit()
    send_due()
    (message,) = smtp.messages
    assert message["Bcc"] is None and "\n" not in message["Subject"]


def test_a_failed_invitation_can_be_queued_again(app, smtp, wave):  # noqa: F811
    (inv,) = invite(wave, 1)
    smtp.refuse[inv.contact.email] = "550 No such user"
    queue_invitations(wave)
    db.session.commit()
    send_due()
    assert db.session.scalar(select(OutboxMessage.status)) is OutboxStatus.FAILED
    inv.contact.email = "goed@example.nl"  # the coordinator corrects the address
    db.session.commit()
    assert queue_invitations(wave) == 1  # before: 0, a failed invitation stayed failed
    db.session.commit()
    assert send_due().sent == 1 and smtp.to() == ["goed@example.nl"]
