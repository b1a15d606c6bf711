"""Configuration classes; secrets and locations come from the environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("SURVEYAPP_INSTANCE", BASE_DIR / "instance"))


def _database_url(default: str) -> str:
    """Return DATABASE_URL with the psycopg 3 driver filled in for bare postgres URLs."""
    url = os.environ.get("DATABASE_URL", default)
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class BaseConfig:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'surveyapp.sqlite'}")
    # No test query on every checkout (it cost a round trip per request); after a database
    # restart, DATABASE_PRE_PING=1 trades that round trip for never meeting a dead connection.
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {
        "pool_pre_ping": os.environ.get("DATABASE_PRE_PING", "0") == "1",
        "pool_recycle": 1800,
    }
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    INSTANCE_DIR = INSTANCE_DIR

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    # Only send the cookie when the session changed: a slow parallel request (a favicon) must
    # not overwrite a newer cookie with an older session and lose its CSRF token.
    SESSION_REFRESH_EACH_REQUEST = False
    STAFF_IDLE_MINUTES = 30  # a staff session ends after this long without a request
    STAFF_SESSION_HOURS = 12  # and in any case this long after logging in
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024  # uploads (imports, survey files)
    MAX_FORM_BYTES = 1_000_000  # an ordinary form, all fields together
    MAX_FORM_FIELDS = 2_000  # fields in one form (a wave's hand-picked contacts fit)
    MAX_FORM_PARTS = 2_000  # the same for multipart forms, enforced by the parser
    MAX_FORM_MEMORY_SIZE = 1_000_000  # one text part of a multipart form

    WTF_CSRF_TIME_LIMIT = None  # tied to the session; a form left open over lunch still posts
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = True
    RESULTS_MIN_N = int(os.environ.get("RESULTS_MIN_N", "5"))  # smallest published group
    # Where computed results are shared between workers: "database" (the results_cache
    # table), a redis:// URL, or "off" (compute on every request).
    RESULTS_CACHE_URL = os.environ.get("RESULTS_CACHE_URL", "database")
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_RATE_LIMIT = "10 per minute"
    LOGIN_ACCOUNT_RATE_LIMIT = "20 per hour"
    # Only failed link look-ups count, so a shared office address is never slowed by real use.
    API_RATE_LIMIT = "600 per minute"  # per API token
    API_AUTH_FAILURE_LIMIT = "20 per minute"  # calls without a usable token, per address
    API_MAX_BODY_BYTES = 2_000_000  # one JSON body (20,000 contacts fit)
    TOKEN_GUESS_LIMIT = "10 per minute; 50 per hour"  # noqa: S105 - a rate, not a secret

    # Privacy (docs/privacy.md): the default notice's facts, and how long what is kept.
    PRIVACY_CONTROLLER = os.environ.get(
        "PRIVACY_CONTROLLER", "de opdrachtgever van de evaluatie"
    )  # the controller (verwerkingsverantwoordelijke), e.g. "het ministerie van IenW"
    PRIVACY_PURPOSE = os.environ.get(
        "PRIVACY_PURPOSE", "de evaluatie van het convenant en de rapportage daarover"
    )
    PRIVACY_LEGAL_GROUND = os.environ.get(
        "PRIVACY_LEGAL_GROUND", "een taak van algemeen belang (artikel 6, lid 1, onder e, AVG)"
    )
    PRIVACY_CONTACT = os.environ.get("PRIVACY_CONTACT")  # whom to ask; default CONTACT_EMAIL
    PRIVACY_HOSTING = os.environ.get("PRIVACY_HOSTING", "de eigen server van de opdrachtgever")
    PRIVACY_RETENTION_MONTHS = int(os.environ.get("PRIVACY_RETENTION_MONTHS", "12"))
    PRIVACY_AUDIT_MONTHS = int(os.environ.get("PRIVACY_AUDIT_MONTHS", "6"))
    # After a purge, contacts in no wave still inside its period: "delete" or "anonymise"
    # (keep a name-less record, so counts per organisation and role stay).
    PRIVACY_CONTACTS_AFTER_PURGE = os.environ.get("PRIVACY_CONTACTS_AFTER_PURGE", "delete")

    HSTS = False
    # Staff addresses on the special-use domain .test (the demo's accounts) are accepted outside
    # production; production keeps email-validator's strict default.
    ALLOW_TEST_EMAIL_DOMAINS = True
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "surveyapp@localhost")
    # SMTP: without MAIL_SERVER, mails are written to instance/mail/*.eml instead.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_SECURITY = os.environ.get("MAIL_SECURITY", "none")  # none, starttls or ssl
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "30"))
    MAIL_DIR = os.environ.get("MAIL_DIR") or str(INSTANCE_DIR / "mail")
    MAIL_BATCH_SIZE = 50
    MAIL_MAX_ATTEMPTS = 8
    MAIL_LEASE_SECONDS = 600  # a claim older than this is taken over (its worker died)
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "secretariaat@example.org")
    # Where respondents reach the app; personal links in mails and CLI output start with it.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")


class DevConfig(BaseConfig):
    """Local development and the demo: SQLite in instance/; without SECRET_KEY a random key is
    generated on first run into instance/secret_key (kept out of git), never a shared one."""


class TestConfig(BaseConfig):
    """The test suite: a database per test is set by the fixtures."""

    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105 - test only
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    RATELIMIT_STORAGE_URI = "memory://"
    SERVER_NAME = None


class ProdConfig(BaseConfig):
    """Production: secure cookies, HSTS, and no start without a secret key."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True
    ALLOW_TEST_EMAIL_DOMAINS = False

    @classmethod
    def validate(cls) -> None:
        """Refuse to start without the secrets production needs."""
        if not os.environ.get("SECRET_KEY"):
            raise RuntimeError(
                "SECRET_KEY is not set. Set it to a long random value, e.g. "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`."
            )


CONFIGS = {"development": DevConfig, "testing": TestConfig, "production": ProdConfig}
