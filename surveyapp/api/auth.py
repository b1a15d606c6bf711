"""Who calls the API: a personal bearer token, never a browser session, and the owner's role.

Every API blueprint runs `authenticate` before its views; each view declares the roles that
may call it with `@roles(...)`, the same roles that see the page in the browser."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from flask import abort, current_app, g, request

from surveyapp.api.problems import ProblemError
from surveyapp.audit import audit
from surveyapp.extensions import db, limiter
from surveyapp.models import ApiToken, StaffRole, utcnow
from surveyapp.models.api_token import token_digest

BEARER = re.compile(r"Bearer ([A-Za-z0-9_\-]{10,100})", re.ASCII)
USE_AUDIT_INTERVAL = timedelta(hours=1)  # a read is logged once an hour per token, not per call


def Unauthorized(detail: str) -> ProblemError:
    """No usable token: a 401 problem (counted against the address by the rate limit)."""
    return ProblemError(401, detail, headers={"WWW-Authenticate": 'Bearer realm="surveyapp"'})


def _token_from_header() -> ApiToken:
    header = request.headers.get("Authorization", "")
    if not header:
        raise Unauthorized(
            "Stuur een API-sleutel mee: 'Authorization: Bearer <sleutel>'. Een sleutel maakt u "
            "aan op de pagina API-sleutels (onder uw account) of met 'flask users token'."
        )
    match = BEARER.fullmatch(header.strip())
    if match is None:
        raise Unauthorized("De kop Authorization moet de vorm 'Bearer <sleutel>' hebben.")
    token = db.session.scalar(
        db.select(ApiToken).where(ApiToken.digest == token_digest(match.group(1)))
    )
    if token is None:
        raise Unauthorized("Deze API-sleutel is onbekend. Controleer of u hem volledig kopieerde.")
    if token.revoked_at is not None:
        raise Unauthorized("Deze API-sleutel is ingetrokken. Maak een nieuwe aan.")
    if token.expires_at <= utcnow():
        raise Unauthorized("Deze API-sleutel is verlopen. Maak een nieuwe aan.")
    if not token.user.active:
        raise Unauthorized("Het account van deze API-sleutel is gedeactiveerd.")
    return token


def authenticate() -> None:
    """Before every API view: the token's owner in g.api_user; its use noted and audited."""
    token = _token_from_header()
    now = utcnow()
    writes = request.method not in ("GET", "HEAD", "OPTIONS")
    if writes or token.last_used_at is None or now - token.last_used_at >= USE_AUDIT_INTERVAL:
        audit(token.user, "api_token.use", token.user, token=token.name,
              method=request.method, path=request.path[:200])  # fmt: skip
        token.last_used_at = now
    g.api_token, g.api_user = token, token.user


def roles(*allowed: StaffRole) -> Callable:
    """The roles that may call this view (admins always may); others get a 403 problem."""

    def decorate(view):
        @wraps(view)
        def checked(*args, **kwargs):
            if not g.api_user.has_role(*allowed):
                abort(403)
            return view(*args, **kwargs)

        return checked

    return decorate


def _token_key() -> str:
    """Rate limits count per token (its digest), or per address for calls without one."""
    match = BEARER.fullmatch(request.headers.get("Authorization", "").strip())
    return "api:" + (token_digest(match.group(1)) if match else request.remote_addr or "")


def protect(bp) -> None:
    """Authenticate each request of `bp`, and limit it per token and failed tries per address."""
    bp.before_request(authenticate)
    limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=_token_key)(bp)
    limiter.limit(
        lambda: current_app.config["API_AUTH_FAILURE_LIMIT"],
        key_func=lambda: "api-fail:" + (request.remote_addr or ""),
        deduct_when=lambda response: response.status_code == 401,
    )(bp)
