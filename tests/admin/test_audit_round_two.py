"""The audit log, round two (issue 24 §13): mail leaves entries with counts, and the demo's
own .test domain works outside production."""

from __future__ import annotations

import pytest
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from config import TestConfig
from surveyapp import create_app
from surveyapp.mail.worker import send_due
from surveyapp.models import AuditEvent, StaffUser, WaveState
from tests import factories as f
from tests.admin.test_users import _post_new_user
from tests.conftest import csrf_from


def test_an_account_on_the_test_domain_is_accepted_outside_production(client, login_as, session):
    """Before: "x@surveyapp.test" was refused, although the demo's accounts use that domain."""
    login_as("admin")
    assert _post_new_user(client, email="x@surveyapp.test").status_code == 302
    assert session.scalar(select(StaffUser).where(StaffUser.email == "x@surveyapp.test"))


def test_production_keeps_the_special_use_domains_out():
    create_app(TestConfig, ALLOW_TEST_EMAIL_DOMAINS=False)
    try:
        with pytest.raises(EmailNotValidError):
            validate_email("x@surveyapp.test", check_deliverability=False)
    finally:
        create_app(TestConfig)  # the flag is email-validator's, for the whole process


def test_queueing_and_sending_mail_leave_entries_with_counts(client, login_as, session, smtp):
    """Before: sending 82 invitation mails left no entry."""
    login_as("coordinator")
    wave = f.WaveFactory(state=WaveState.OPEN)
    for _ in range(3):
        f.InvitationFactory(wave=wave)
    session.commit()
    page = client.get(f"/coordinate/waves/{wave.id}").get_data(as_text=True)
    client.post(f"/coordinate/waves/{wave.id}/invite", data={"csrf_token": csrf_from(page)})
    queued = session.scalar(
        select(AuditEvent).where(AuditEvent.action == "wave.invitations_queued")
    )
    assert queued.detail["count"] == 3 and queued.object_id == wave.id
    assert send_due().sent == 3
    sent = session.scalar(select(AuditEvent).where(AuditEvent.action == "mail.sent"))
    assert sent.actor == "cli" and sent.detail["sent"] == 3
    page = client.get("/coordinate/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_from(page)})
    login_as("admin")
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "e-mails verstuurd" in log and "3 verstuurd, 0 mislukt" in log
    assert "uitnodigingen klaargezet" in log and "aantal 3" in log
    assert send_due().sent == 0  # a pass that does nothing leaves no entry
    assert (
        len(session.scalars(select(AuditEvent).where(AuditEvent.action == "mail.sent")).all()) == 1
    )
