"""Deliver one message by SMTP, or to .eml files in development; classify failures."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol


class TemporaryMailError(Exception):
    """Try again later: a 4xx reply, a refused or dropped connection, a time-out."""


class PermanentMailError(Exception):
    """Do not try again: a 5xx reply or an address the server refuses."""


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...

    def close(self) -> None: ...


class FileTransport:
    """Development without SMTP: every mail becomes a .eml file a person can open."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        msgid = message["Message-ID"].strip("<>").split("@")[0]
        (self.directory / f"{msgid}.eml").write_bytes(bytes(message))

    def close(self) -> None:
        """Nothing to close."""


class SMTPTransport:
    """A real SMTP server, with STARTTLS or SSL and optional login.

    One connection serves every message until `close()` (the worker closes it after each
    batch); after any connection trouble it is dropped and the next message opens a new one.
    """

    def __init__(self, host, port=25, username=None, password=None, security="none", timeout=30):
        self.host, self.port, self.timeout = host, port, timeout
        self.username, self.password, self.security = username, password, security
        self._smtp: smtplib.SMTP | None = None

    def _session(self) -> smtplib.SMTP:
        if self._smtp is None:
            smtp = self._connect()
            if self.username:
                smtp.login(self.username, self.password or "")
            self._smtp = smtp
        return self._smtp

    def close(self) -> None:
        """QUIT the kept connection, if any."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.security == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            smtp.starttls(context=context)
        return smtp

    def send(self, message: EmailMessage) -> None:
        try:
            smtp = self._session()
            smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as err:  # the connection itself is fine
            self._reset()
            codes = [code for code, _msg in err.recipients.values()]
            raise _classify(min(codes), str(err.recipients)) from err
        except smtplib.SMTPResponseException as err:
            self._reset()
            raise _classify(err.smtp_code, f"{err.smtp_code} {err.smtp_error!r}") from err
        except (
            TimeoutError,
            smtplib.SMTPServerDisconnected,
            smtplib.SMTPConnectError,
            OSError,
        ) as err:
            self._drop()
            raise TemporaryMailError(f"connection problem: {err}") from err

    def _reset(self) -> None:
        """After a refusal: RSET so the next message starts clean, or drop the connection."""
        if self._smtp is not None:
            try:
                self._smtp.rset()
            except (smtplib.SMTPException, OSError):
                self._drop()

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()


def _classify(code: int, text: str) -> Exception:
    if 400 <= code < 500:
        return TemporaryMailError(text)
    return PermanentMailError(text)


def transport_from_config(config) -> Transport:
    """SMTP when MAIL_SERVER is set, else .eml files in MAIL_DIR."""
    if config.get("MAIL_SERVER"):
        return SMTPTransport(
            config["MAIL_SERVER"],
            config["MAIL_PORT"],
            config.get("MAIL_USERNAME"),
            config.get("MAIL_PASSWORD"),
            config.get("MAIL_SECURITY", "none"),
            config.get("MAIL_TIMEOUT", 30),
        )
    return FileTransport(config["MAIL_DIR"])
