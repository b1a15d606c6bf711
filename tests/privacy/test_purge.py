"""The purge itself, on both databases: who leaves and who stays, the dates, a longer period
with its reason, an interrupted purge (a killed process) and two purges at once."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from surveyapp.errors import DomainError
from surveyapp.extensions import db
from surveyapp.models import (
    AuditEvent,
    Contact,
    Invitation,
    OutboxMessage,
    OutboxStatus,
    Response,
    ResponseStatus,
    Wave,
    WaveState,
    utcnow,
)
from surveyapp.privacy.retention import (
    add_months,
    due_waves,
    extend,
    purge_due,
    retention_ends,
    scrub_audit,
)
from tests import factories as f
from tests.concurrency import at_once

CLOSED = datetime(2024, 1, 31, 22, 59, 59)


def _closed_wave(**kw) -> Wave:
    wave = f.WaveFactory(state=WaveState.CLOSED, closed_at=CLOSED, closes_at=CLOSED, **kw)
    return wave


def _people(session):
    """A closed wave with two contacts: Ans only there, Bas also in an open wave."""
    wave = _closed_wave()
    ans, bas = f.ContactFactory(name="Ans"), f.ContactFactory(name="Bas")
    first = f.InvitationFactory(wave=wave, contact=ans, sent_at=CLOSED, opened_at=CLOSED)
    f.InvitationFactory(wave=wave, contact=bas)
    f.InvitationFactory(wave=f.WaveFactory(state=WaveState.OPEN), contact=bas)
    response = f.ResponseFactory(
        invitation=first,
        last_saved_by=ans,
        status=ResponseStatus.SUBMITTED,
        organisation_name="Gemeente A",
    )
    f.ResponseFactory(invitation=f.InvitationFactory(wave=wave), status=ResponseStatus.DRAFT)
    session.add(
        OutboxMessage(
            kind="invitation",
            wave_id=wave.id,
            invitation_id=first.id,
            to_addr=ans.email,
            subject="Uitnodiging",
            body_text="link",
            status=OutboxStatus.SENT,
        )
    )
    session.commit()
    return wave, ans, bas, response


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_dates_and_who_leaves(session):
    wave, ans, bas, response = _people(session)
    ans_id, bas_id = ans.id, bas.id
    assert retention_ends(wave) == datetime(2025, 1, 31, 22, 59, 59)
    assert wave.id not in due_waves(datetime(2025, 1, 31))
    assert due_waves(datetime(2025, 2, 1)) == [wave.id]
    [done] = purge_due(datetime(2025, 2, 1))
    assert done == {
        "wave_id": wave.id,
        "mails": 1,
        "links": 1,
        "drafts": 1,
        "invitations": 3,
        "contacts": 2,
    }  # Ans and the draft's contact; Bas is in the open wave
    db.session.expire_all()
    assert db.session.get(Contact, ans_id) is None and db.session.get(Contact, bas_id)
    kept = db.session.get(Response, response.id)
    assert (kept.invitation_id, kept.last_saved_by_id, kept.organisation_name) == (
        None,
        None,
        "Gemeente A",
    )
    assert _count(Invitation, Invitation.wave_id == wave.id) == 0
    assert _count(OutboxMessage) == 0
    assert purge_due(datetime(2025, 2, 2)) == []


def test_contacts_can_be_kept_nameless(app, session):
    app.config["PRIVACY_CONTACTS_AFTER_PURGE"] = "anonymise"
    _wave, ans, _bas, _response = _people(session)
    purge_due(datetime(2025, 2, 1))
    db.session.expire_all()
    kept = db.session.get(Contact, ans.id)
    assert (kept.name, kept.active) == ("(verwijderd)", False)
    assert kept.email == f"verwijderd-{ans.id}@verwijderd.invalid"


def test_add_months_keeps_the_day_or_the_last_day():
    assert add_months(datetime(2024, 1, 31), 1) == datetime(2024, 2, 29)
    assert add_months(datetime(2024, 11, 15), 14) == datetime(2026, 1, 15)
    assert add_months(datetime(2024, 3, 31), -1) == datetime(2024, 2, 29)


@pytest.mark.parametrize("months", [0, -1, 121, 1200])
def test_a_period_of_0_or_100_years_is_refused(session, months):
    wave = _closed_wave()
    with pytest.raises(DomainError, match="1 tot en met 120 maanden"):
        extend(wave, months, "een reden die lang genoeg is")


def test_a_longer_period_needs_a_reason_and_is_logged(session):
    wave = _closed_wave()
    with pytest.raises(DomainError, match="reden"):
        extend(wave, 24, "")
    extend(wave, 24, "Bezwaarprocedure loopt nog tot eind 2025.")
    session.commit()
    assert retention_ends(wave) == datetime(2026, 1, 31, 22, 59, 59)
    assert due_waves(datetime(2025, 6, 1)) == []
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "wave.retention"))
    assert entry.detail["months"] == 24 and "Bezwaarprocedure" in entry.detail["reason"]


KILLED_PURGE = """
import os, sys
from config import TestConfig
from surveyapp import create_app
from surveyapp.extensions import db
from surveyapp.privacy import retention
app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=sys.argv[1])
with app.app_context():
    real = retention.remove_contacts
    def remove_then_die(ids):
        real(ids)
        db.session.flush()
        os.kill(os.getpid(), 9)  # killed halfway: everything but the commit has run
    retention.remove_contacts = remove_then_die
    retention.purge_due(retention.utcnow())
"""


def test_a_killed_purge_removes_nothing_and_the_next_run_finishes(app, session):
    wave, ans, _bas, _response = _people(session)
    wave.closed_at = wave.closes_at = utcnow() - timedelta(days=400)
    session.commit()
    wave_id, ans_id = wave.id, ans.id
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    run = subprocess.run(
        [sys.executable, "-c", KILLED_PURGE, url], capture_output=True, timeout=120, cwd=os.getcwd()
    )
    assert run.returncode == -9, run.stderr.decode()[-2000:]
    assert _count(Invitation, Invitation.wave_id == wave_id) == 3  # nothing half-removed
    assert db.session.get(Contact, ans_id) is not None
    assert db.session.get(Wave, wave_id).purged_at is None
    [done] = purge_due()
    assert done["invitations"] == 3 and done["contacts"] == 2


def test_two_purges_at_once_purge_each_wave_once(app, session):
    for round_no in range(1, 9):
        for _ in range(3):
            _people(session)
        results = at_once(app, lambda: purge_due(datetime(2025, 2, 1)), n=2)
        done = [summary for result in results for summary in result]
        assert len(done) == 3 and len({d["wave_id"] for d in done}) == 3, results
        assert _count(AuditEvent, AuditEvent.action == "privacy.purge") == 3 * round_no
        assert _count(Invitation) == 3 * round_no  # only the open waves' invitations are left


def test_audit_entries_with_addresses_have_their_own_period(session):
    old, recent = utcnow() - timedelta(days=200), utcnow() - timedelta(days=10)
    session.add_all(
        [
            AuditEvent(at=old, actor="iemand@gemeente.nl", action="login.failed"),
            AuditEvent(at=recent, actor="iemand@gemeente.nl", action="login.failed"),
            AuditEvent(
                at=old,
                actor_id=None,
                actor="beheer@org.nl",
                action="staff_user.create",
                detail={"object_name": "nieuw@org.nl"},
            ),
        ]
    )
    session.commit()
    assert scrub_audit() == 2
    session.commit()
    rows = db.session.execute(
        select(AuditEvent.action, AuditEvent.actor, AuditEvent.detail).order_by(AuditEvent.id)
    ).all()
    assert [r.action for r in rows] == ["login.failed", "staff_user.create", "privacy.audit"]
    assert rows[1].actor == "account None" and rows[1].detail == {"object_name": "(verwijderd)"}
    assert rows[0].actor == "iemand@gemeente.nl"  # the recent one stays as it was
