"""surveyapp: an enquête platform for multi-party policy evaluations."""

from __future__ import annotations

import logging
import os
import re
import secrets

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from analysis.format import (
    nl_date,
    nl_datetime,
    nl_number,
    nl_percent,
    nl_until,
    shown_difference,
)
from config import BASE_DIR, CONFIGS, BaseConfig, ProdConfig
from surveyapp.extensions import csrf, db, limiter, login_manager

log = logging.getLogger(__name__)


def create_app(config: type[BaseConfig] | None = None, **overrides) -> Flask:
    """Build the app: configuration, extensions, blueprints, error pages and CLI commands."""
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
        instance_path=str(BaseConfig.INSTANCE_DIR),
    )
    configure(app, config, overrides)
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def configure(app: Flask, config: type[BaseConfig] | None, overrides: dict) -> None:
    """Pick the config class from SURVEYAPP_ENV unless one is given; production validates."""
    if config is None:
        config = CONFIGS.get(os.environ.get("SURVEYAPP_ENV", "development"))
        if config is None:
            raise RuntimeError("SURVEYAPP_ENV must be one of: " + ", ".join(CONFIGS))
    if config is ProdConfig:
        ProdConfig.validate()
    import email_validator

    email_validator.TEST_ENVIRONMENT = bool(
        overrides.get("ALLOW_TEST_EMAIL_DOMAINS", config.ALLOW_TEST_EMAIL_DOMAINS)
    )
    app.config.from_object(config)
    app.config.update(overrides)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(app.instance_path)


def instance_secret(folder: str) -> str:
    """This installation's own random key in <instance>/secret_key, made on first use (0600)."""
    path = os.path.join(folder, "secret_key")
    try:
        with open(path, encoding="ascii") as existing:
            key = existing.read().strip()
        if len(key) >= 32:
            return key
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as new:
        new.write(key)
    return key


def enable_migrations(app: Flask) -> None:
    """Flask-Migrate for `flask db …` and the migration tests only: alembic takes a third of a
    second to import, which every other command and every web worker is spared."""
    from flask_migrate import Migrate

    if "migrate" not in app.extensions:
        Migrate(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)


def register_extensions(app: Flask) -> None:
    from surveyapp import models  # noqa: F401 - registers the tables

    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in om deze pagina te bekijken."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_id: str):
        """The account of a session whose generation is still current (see `end_sessions`)."""
        from surveyapp.models import StaffUser

        user_id, _, generation = session_id.partition("-")
        if not (user_id.isdigit() and generation.isdigit()):
            return None
        user = db.session.get(StaffUser, int(user_id))
        if user is None or user.session_generation != int(generation):
            return None
        return user


def register_blueprints(app: Flask) -> None:
    from surveyapp.admin import bp as admin_bp
    from surveyapp.auth import bp as auth_bp
    from surveyapp.authoring import bp as authoring_bp
    from surveyapp.coordinate import bp as coordinate_bp
    from surveyapp.evaluate import bp as evaluate_bp
    from surveyapp.respond import bp as respond_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(respond_bp)
    app.register_blueprint(coordinate_bp, url_prefix="/coordinate")
    app.register_blueprint(evaluate_bp, url_prefix="/evaluate")
    app.register_blueprint(authoring_bp, url_prefix="/vragenlijsten")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    from surveyapp.privacy import bp as privacy_bp
    from surveyapp.privacy import notice_bp

    app.register_blueprint(privacy_bp, url_prefix="/admin/privacy")
    app.register_blueprint(notice_bp, url_prefix="/privacy")
    from surveyapp.api import init_api

    init_api(app)


def register_request_hooks(app: Flask) -> None:
    """One commit per request: operations flush, the request commits when it succeeded."""
    from surveyapp.inputs import register_input_policy
    from surveyapp.security import register_security

    @app.after_request
    def commit_session(response):
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    register_security(app)
    register_input_policy(app)


# Title and advice of each error page (Dutch; every page says what to do next).
ERROR_PAGES = {
    400: ("Ongeldig verzoek", "Het verzoek kon niet worden verwerkt. Probeer het opnieuw."),
    403: (
        "Geen toegang",
        "U heeft geen toegang tot deze pagina. Log in met een account met de juiste rol.",
    ),
    404: (
        "Pagina niet gevonden",
        "Deze pagina bestaat niet (meer). Controleer het adres of ga naar de startpagina.",
    ),
    405: (
        "Niet toegestaan",
        "Deze actie is hier niet mogelijk. Ga terug en probeer het opnieuw.",
    ),
    409: (
        "Nog geen resultaten",
        "Deze anonieme uitvraag staat nog open. Resultaten, grafieken en exports komen "
        "beschikbaar zodra de uitvraag gesloten is.",
    ),
    413: (
        "Te veel gegevens",
        "Wat u verstuurde is te groot. Verklein het bestand of de tekst en probeer het opnieuw.",
    ),
    429: (
        "Te veel pogingen",
        "U heeft het te vaak geprobeerd. Wacht een paar minuten en probeer het dan opnieuw.",
    ),
    500: (
        "Er ging iets mis",
        "Er ging aan onze kant iets mis. Uw gegevens zijn niet verloren; probeer het over "
        "enkele minuten opnieuw.",
    ),
}


def register_error_handlers(app: Flask) -> None:
    """Every error is a Dutch page that says what to do next; never a traceback."""

    def render_error(code: int, detail: str | None = None):
        title, text = ERROR_PAGES.get(code, ERROR_PAGES[500] if code >= 500 else ERROR_PAGES[400])
        return render_template(
            "errors/error.html", code=code, title=title, text=detail or text
        ), code

    from surveyapp.api.problems import ProblemError, from_http_exception, is_api_request, problem

    @app.errorhandler(ProblemError)
    def api_problem(err: ProblemError):
        return err.response()

    @app.errorhandler(CSRFError)
    def csrf_error(_err):
        if request.blueprint == "respond":  # a respondent's session ran out: say how to resume
            return render_error(
                400,
                "Uw sessie is verlopen. Open opnieuw de link uit uw uitnodiging; de antwoorden "
                "die u eerder opsloeg, zijn bewaard.",
            )
        return render_error(
            400,
            "Het formulier is verlopen of niet compleet verstuurd. Laad de pagina opnieuw "
            "en probeer het nog een keer.",
        )

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        if is_api_request():  # scripts get problem documents, never a page
            return from_http_exception(err)
        return render_error(err.code or 500, err.description if getattr(err, "dutch", 0) else None)

    @app.errorhandler(Exception)
    def unexpected_error(err: Exception):
        log.exception("Unhandled error: %s", err)
        db.session.rollback()
        return problem(500) if is_api_request() else render_error(500)


def paragraphs(text: str | None) -> list[str]:
    """Intro texts as paragraphs: a blank line starts a new one, a single newline is a space."""
    blocks = re.split(r"\n\s*\n", (text or "").strip())
    return [" ".join(block.split()) for block in blocks if block.strip()]


def keep_together(text: str) -> str:
    """ "n = 10" and "p = 0,47" never break across lines: non-breaking spaces around the =."""
    return re.sub(r"\b([np]) ([=<]) ", "\\1\u00a0\\2\u00a0", text or "")


def nl_pvalue(p: float | None) -> str:
    """analysis.report's p-value cell, imported on first use (it brings pandas and scipy)."""
    from analysis.report import nl_pvalue as format_p

    return format_p(p)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(
        paragraphs=paragraphs,
        keep_together=keep_together,
        nl_number=nl_number,
        nl_difference=lambda c: nl_number(shown_difference(c.mean1, c.mean2)),
        nl_percent=nl_percent,
        nl_pvalue=nl_pvalue,
        nl_date=nl_date,
        nl_datetime=nl_datetime,
        nl_until=nl_until,
    )
    app.jinja_env.autoescape = True
    from surveyapp.definitions import get_type

    app.jinja_env.globals["question_type"] = get_type  # templates ask the type, never its name
    from surveyapp.privacy.notice import notice_of

    app.jinja_env.globals["privacy_notice"] = notice_of


def register_commands(app: Flask) -> None:
    from surveyapp.cli import register

    register(app)
