"""A real SMTP server (aiosmtpd) on 127.0.0.1 that records mail and can refuse addresses.

The `smtp` fixture is registered for the whole suite in tests/conftest.py.
"""

from __future__ import annotations

import asyncio
import email
import socket
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller


class Recorder:
    """aiosmtpd handler: keeps every accepted message; `refuse[address]` is an SMTP reply."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: dict[str, str] = {}
        self.delay = 0.0  # seconds before accepting each message: a slow server
        self.connections = 0  # EHLO/HELO greetings: one per SMTP connection

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        self.connections += 1
        session.host_name = hostname
        return f"250 {server.hostname}"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted for delivery"

    def to(self) -> list[str]:
        return [m["To"] for m in self.messages]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app):
    """Start the server and point the app's mail settings at it."""
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_SECURITY="none", MAIL_TIMEOUT=5)
    try:
        yield recorder
    finally:
        controller.stop()
