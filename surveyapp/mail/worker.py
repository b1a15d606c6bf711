"""Send what the outbox holds: claim a batch safely, send each, record the outcome.

Two workers never claim the same row (FOR UPDATE SKIP LOCKED on PostgreSQL, an immediate
transaction on SQLite). A claim older than the lease is taken over, so a worker killed between
claim and send loses nothing; rows are marked sent right after the server accepted them.

The lease is per message: just before sending, a worker renews its claim on that one row with a
conditional UPDATE on its own token. A row whose lease ran out while the worker was busy with
others has been taken over by then, the renewal matches nothing, and the row is skipped; so no
mail goes out twice, however long a pass takes (as long as one send is shorter than the lease).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app
from sqlalchemy import and_, or_, select, update

from surveyapp.extensions import db
from surveyapp.mail.outbox import REMINDER, is_done, queue_scheduled_reminders
from surveyapp.mail.transport import (
    PermanentMailError,
    TemporaryMailError,
    Transport,
    transport_from_config,
)
from surveyapp.models import Invitation, OutboxMessage, OutboxStatus, utcnow


@dataclass
class SendReport:
    """What one pass did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    reminders_queued: int = 0
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, … minutes after each temporary failure, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def claim_batch(size: int, now: datetime, lease_seconds: int, worker: str = "") -> list[int]:
    """Mark up to `size` due rows as sending for `worker` and commit; returns their ids."""
    db.session.commit()  # start from a clean transaction
    if db.engine.dialect.name == "sqlite":
        db.session.connection().exec_driver_sql("BEGIN IMMEDIATE")
    due = or_(
        and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now),
        and_(
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_at <= now - timedelta(seconds=lease_seconds),
        ),
    )
    stmt = select(OutboxMessage.id).where(due).order_by(OutboxMessage.id).limit(size)
    if db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(stmt))
    if ids:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(status=OutboxStatus.SENDING, claimed_at=now, claimed_by=worker or None)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return ids


def renew_claim(row_id: int, worker: str, now: datetime) -> bool:
    """Hold this one row for another lease, if this worker's claim on it still stands."""
    renewed = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == row_id,
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_by == worker,
        )
        .values(claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return renewed.rowcount == 1


def build_email(row: OutboxMessage, sender: str, message_id: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = formataddr(("Evaluatieteam", sender))
    msg["To"] = row.to_addr
    msg["Subject"] = row.subject
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(row.body_text)
    if row.body_html:
        msg.add_alternative(row.body_html, subtype="html")
    return msg


def send_one(
    row_id: int, transport: Transport, report: SendReport, now: datetime, worker: str = ""
) -> None:
    """Send one claimed row (after renewing `worker`'s lease on it, when given) and commit the
    outcome."""
    cfg = current_app.config
    if worker and not renew_claim(row_id, worker, now):
        return  # the lease ran out and another worker took the row over
    row = db.session.get(OutboxMessage, row_id)
    if row is None or row.status is not OutboxStatus.SENDING:
        return
    invitation = db.session.get(Invitation, row.invitation_id) if row.invitation_id else None
    if row.kind == REMINDER and invitation is not None and is_done(invitation):
        row.status = OutboxStatus.CANCELLED
        report.cancelled += 1
        db.session.commit()
        return
    domain = cfg["MAIL_SENDER"].rpartition("@")[2] or "localhost"
    message_id = make_msgid(domain=domain)
    row.attempts += 1
    try:
        transport.send(build_email(row, cfg["MAIL_SENDER"], message_id))
    except TemporaryMailError as err:
        row.last_error = str(err)[:2000]
        if row.attempts >= cfg["MAIL_MAX_ATTEMPTS"]:
            row.status = OutboxStatus.FAILED
            report.failed += 1
        else:
            row.status = OutboxStatus.PENDING
            row.next_attempt_at = now + backoff(row.attempts)
            report.retried += 1
    except (PermanentMailError, ValueError) as err:  # ValueError: a header the policy refuses
        row.status = OutboxStatus.FAILED
        row.last_error = str(err)[:2000]
        report.failed += 1
        report.errors.append(f"{row.to_addr}: {err}")
    else:
        row.status = OutboxStatus.SENT
        row.sent_at = utcnow()
        row.message_id = message_id
        if invitation is not None and row.kind != REMINDER and invitation.sent_at is None:
            invitation.sent_at = row.sent_at
        report.sent += 1
    db.session.commit()


def _audit_pass(report: SendReport) -> None:
    """One log entry per pass that sent or gave up on mail (the log names no one)."""
    from surveyapp.audit import audit

    if report.sent or report.failed or report.reminders_queued:
        audit(None, "mail.sent", None, sent=report.sent, failed=report.failed,
              reminders_queued=report.reminders_queued)  # fmt: skip
        db.session.commit()


def send_due(transport: Transport | None = None, now: datetime | None = None) -> SendReport:
    """One pass for cron or the worker: release waiting anonymous submissions that may move
    (`anonymity.release_due`), purge what is past its retention (`privacy.retention`), queue
    scheduled reminders, then send everything that is due."""
    from surveyapp.anonymity import release_due
    from surveyapp.privacy.retention import purge_due

    cfg = current_app.config
    release_due(cfg["RESULTS_MIN_N"])
    purge_due()  # retention runs by itself (each wave in its own transaction)
    transport = transport or transport_from_config(cfg)
    clock: Callable[[], datetime] = (lambda: now) if now is not None else utcnow
    worker = secrets.token_hex(8)
    report = SendReport()
    report.reminders_queued = queue_scheduled_reminders(clock())
    db.session.commit()
    # Within half a lease of claiming, nobody can have taken a row over (that needs a claim
    # older than the whole lease), so the per-message renewal (a committed UPDATE) waits
    # until then.
    fresh_for = timedelta(seconds=cfg["MAIL_LEASE_SECONDS"] / 2)
    while True:
        claimed_at = clock()
        ids = claim_batch(cfg["MAIL_BATCH_SIZE"], claimed_at, cfg["MAIL_LEASE_SECONDS"], worker)
        if not ids:
            _audit_pass(report)
            return report
        try:  # one SMTP connection per batch
            for row_id in ids:
                now = clock()
                renew_as = worker if now - claimed_at >= fresh_for else ""
                send_one(row_id, transport, report, now, renew_as)
        finally:
            transport.close()


def run_worker(interval: float, stop_after: int | None = None, echo=print) -> None:
    """Loop `send_due` every `interval` seconds (for a service manager); stops on Ctrl-C."""
    passes = 0
    while stop_after is None or passes < stop_after:
        report = send_due()
        if report.sent or report.failed or report.retried or report.cancelled:
            echo(
                f"sent {report.sent}, retried {report.retried}, failed {report.failed}, "
                f"cancelled {report.cancelled}"
            )
        passes += 1
        if stop_after is None or passes < stop_after:
            time.sleep(interval)
