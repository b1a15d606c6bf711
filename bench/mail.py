"""Benchmark: mail throughput of the outbox with two workers, to a local SMTP server (aiosmtpd).

Queues --mails invitations in a scratch PostgreSQL database (surveyapp_bench_mail), starts
--workers processes that each run `send_due` (what `flask mail worker` runs) at the same time,
and prints mails/s with the check that every message arrived exactly once.

    .venv/bin/python bench/mail.py [--mails 2000] [--workers 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.append(str(ROOT / "bench"))  # last: bench/analysis.py must not shadow analysis/

from _data import scratch_database  # noqa: E402

DB_NAME = "surveyapp_bench_mail"


def app_for(url: str, port: int):
    from config import TestConfig
    from surveyapp import create_app

    return create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
        MAIL_SECURITY="none", MAIL_TIMEOUT=10,
    )  # fmt: skip


def prepare(url: str, port: int, mails: int) -> None:
    from surveyapp.extensions import db
    from surveyapp.mail.outbox import queue_invitations
    from surveyapp.models import (
        Contact,
        ContactRole,
        Invitation,
        Organisation,
        OrgType,
        SurveyVersion,
        Wave,
    )

    app = app_for(url, port)
    with app.app_context():
        db.create_all()
        definition = {
            "format": 1, "slug": "mail", "title": "Mail", "sections": [{"key": "s",
            "title": "S", "questions": [{"key": "q", "type": "text", "text": "Q"}]}],
        }  # fmt: skip
        wave = Wave(
            slug="mail", name="Mail", survey_version=SurveyVersion.build("mail", 1, definition)
        )
        db.session.add(wave)
        db.session.flush()
        wave.open()
        org = Organisation(name="Gemeente Bench", org_type=OrgType.GEMEENTE)
        contacts = [
            Contact(name=f"C {i}", email=f"c{i}@bench.example.nl", organisation=org,
                    role=ContactRole.BEVOEGD_GEZAG)
            for i in range(mails)
        ]  # fmt: skip
        db.session.add_all(contacts)
        db.session.flush()
        db.session.add_all(Invitation(wave=wave, contact=c) for c in contacts)
        db.session.flush()
        queue_invitations(wave)
        db.session.commit()
        db.session.remove()


def work(url: str, port: int, start_at: float, out) -> None:
    from surveyapp.mail.worker import send_due

    app = app_for(url, port)
    with app.app_context():
        while time.time() < start_at:
            time.sleep(0.005)
        report = send_due()
        out.put((report.sent, report.failed, report.retried))


class Counter:
    """An aiosmtpd handler that keeps only each message's Message-ID (parsing whole messages,
    as the test suite's recorder does, would cost the shared CPU more than surveyapp does)."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        match = re.search(rb"^Message-ID: *(\S+)", envelope.content, re.M | re.I)
        self.ids.append(match.group(1).decode() if match else "")
        return "250 OK"


def main() -> None:
    from aiosmtpd.controller import Controller

    from tests.smtp_server import free_port

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    recorder, port = Counter(), free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        url = scratch_database(DB_NAME)
        prepare(url, port, args.mails)
        out = multiprocessing.Queue()
        start_at = time.time() + 3  # both workers start together, after their imports
        workers = [
            multiprocessing.Process(target=work, args=(url, port, start_at, out))
            for _ in range(args.workers)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        elapsed = time.time() - start_at
        reports = [out.get() for _ in workers]
    finally:
        controller.stop()
    ids = recorder.ids
    sent = sum(r[0] for r in reports)
    print(f"database: PostgreSQL ({DB_NAME}), {args.workers} workers, local aiosmtpd")
    print(
        f"mail throughput: {sent / elapsed:8.1f} mails/s ({sent} in {elapsed:.1f} s)"
        "   target ≥ 200/s (was about 33/s)"
    )
    print(
        f"received {len(ids)}, distinct {len(set(ids))}, lost {args.mails - len(set(ids))}, "
        f"duplicates {len(ids) - len(set(ids))}, SMTP connections {recorder.connections}"
    )


if __name__ == "__main__":
    main()
