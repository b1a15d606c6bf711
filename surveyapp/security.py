"""Security headers, per-blueprint role checks, staff session lifetime and safe redirects."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user

from surveyapp.models import StaffRole

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def set_security_headers(response: Response) -> Response:
    """Headers on every response, error pages and downloads included."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("HSTS"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint and not request.endpoint.endswith("static"):
        headers.setdefault("Cache-Control", "no-store")
    return response


def require_roles(*roles: StaffRole) -> Callable[[], Response | None]:
    """A `before_request` hook: log in first, then the right role (admins pass everywhere)."""

    def check() -> Response | None:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not current_user.has_role(*roles):
            abort(403)
        return None

    return check


def load_from_url(bp, name: str, load: Callable[[Any], Any], attr: str = "") -> None:
    """For a blueprint's URLs with <name>: `load` the object once, after the parent's role
    check, into g.<attr> (by default the name without _id; 404 when `load` finds nothing);
    views take no <name> of their own."""
    attr = attr or name.removesuffix("_id")

    @bp.url_value_preprocessor
    def pull_value(_endpoint, values) -> None:
        g.setdefault("url_values", {})[name] = values.pop(name, None) if values else None

    @bp.before_request
    def load_object() -> None:
        value = g.get("url_values", {}).get(name)
        setattr(g, attr, None if value is None else load(value))
        if value is not None and getattr(g, attr) is None:
            abort(404)


def load_wave_from_url(bp) -> None:
    """/waves/<wave_id> URLs: the wave in g.wave (404 when it does not exist)."""
    from surveyapp.extensions import db
    from surveyapp.models import Wave

    load_from_url(bp, "wave_id", lambda wave_id: db.session.get(Wave, wave_id))


def is_safe_next(target: str | None) -> bool:
    """Only same-site relative paths are followed after login."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and "\\" not in target


def home_for(user) -> str:
    """The start page of a staff member's role."""
    if user.role is StaffRole.EVALUATOR:
        return url_for("evaluate.index")
    if user.role is StaffRole.ADMIN:
        return url_for("admin.index")
    return url_for("coordinate.index")


def start_staff_session() -> None:
    """Stamp a fresh login: the idle and absolute timeouts count from here."""
    now = int(time.time())
    session["staff_login_at"] = session["staff_seen_at"] = now


def expire_staff_session() -> None:
    """Log out a staff session idle for too long or older than the absolute limit."""
    if "_user_id" not in session:
        return
    now = int(time.time())
    config = current_app.config
    login_at = session.get("staff_login_at", 0)
    seen_at = session.get("staff_seen_at", 0)
    if (
        now - seen_at > config["STAFF_IDLE_MINUTES"] * 60
        or now - login_at > config["STAFF_SESSION_HOURS"] * 3600
    ):
        logout_user()
        for key in ("staff_login_at", "staff_seen_at"):
            session.pop(key, None)
        flash("Uw sessie is verlopen. Log opnieuw in om verder te gaan.", "info")
    elif now - seen_at > 60:  # refresh at most once a minute: the cookie is not sent each time
        session["staff_seen_at"] = now


def register_security(app: Flask) -> None:
    app.after_request(set_security_headers)
    app.before_request(expire_staff_session)
    install_log_redaction()


class TokenRedactingFilter(logging.Filter):
    """Keep personal-link tokens out of access logs: /r/<token> is logged as /r/[token]."""

    PATTERN = re.compile(r"/r/(?!p/|overzicht|insturen|bedankt|opgeslagen)[A-Za-z0-9_\-]{8,}")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.PATTERN.sub("/r/[token]", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def install_log_redaction() -> None:
    """Attach the token filter to the loggers that print request lines (idempotent)."""
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, TokenRedactingFilter) for f in logger.filters):
            logger.addFilter(TokenRedactingFilter())
