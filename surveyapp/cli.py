"""Command-line commands: `flask users`, `flask surveys`, `flask demo`."""

from __future__ import annotations

import os
from pathlib import Path

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from config import BASE_DIR
from surveyapp.definitions.loader import load_file
from surveyapp.errors import DomainError
from surveyapp.extensions import db
from surveyapp.models import StaffRole
from surveyapp.models.staff import MIN_PASSWORD_LENGTH

users_cli = AppGroup("users", help="Manage staff accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([r.value for r in StaffRole]),
    required=True,
    help="admin, coordinator or evaluator.",
)
@click.option("--name", default="", help="Display name.")
@click.option(
    "--password-env",
    default="SURVEYAPP_PASSWORD",
    show_default=True,
    help="Read the password from this environment variable when it is set (for scripts).",
)
def create_user(email: str, role: str, name: str, password_env: str) -> None:
    """Create a staff account; asks for the password unless the env variable holds it."""
    from surveyapp.admin.operations import create_staff_user

    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as err:
        raise click.UsageError(f"'{email}' is not a valid e-mail address: {err}") from None
    password = os.environ.get(password_env) or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    if len(password.strip()) < MIN_PASSWORD_LENGTH:
        raise click.UsageError(
            f"The password must be at least {MIN_PASSWORD_LENGTH} characters, not counting "
            "spaces at the start and end."
        )
    try:
        create_staff_user(email, password, StaffRole(role), name)
    except DomainError:
        db.session.rollback()
        raise click.UsageError(f"An account for {email} already exists.") from None
    db.session.commit()
    click.echo(f"Created {role} account {email}.")


surveys_cli = AppGroup("surveys", help="Check and load survey definitions (surveys/*.yaml).")


def _files(paths: tuple[str, ...]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    return sorted((BASE_DIR / "surveys").glob("*.yaml"))


@surveys_cli.command("check")
@click.argument("files", nargs=-1, required=True)
def check(files: tuple[str, ...]) -> None:
    """Report every problem in FILES at once (file, path, message); exit 1 if there is any."""
    problems = [p for f in _files(files) for p in load_file(f)[1]]
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"{len(files)} file(s) OK.")


@surveys_cli.command("load")
@click.argument("files", nargs=-1)
def load(files: tuple[str, ...]) -> None:
    """Store FILES (default: surveys/*.yaml) as survey versions when their content changed."""
    from surveyapp.coordinate.operations import store_survey_version

    paths = _files(files)
    loaded = [(path, *load_file(path)) for path in paths]
    problems = [p for _path, _d, ps in loaded for p in ps]
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        raise SystemExit("Nothing was loaded: fix the problems above first.")
    for path, definition, _ in loaded:
        stored = store_survey_version(definition)
        click.echo(
            f"{path.name}: {stored.version.slug} version {stored.version.version} {stored.outcome}"
        )
    db.session.commit()


@surveys_cli.command("list")
def list_versions() -> None:
    """List stored survey versions."""
    from surveyapp.models import SurveyVersion

    for v in db.session.scalars(
        select(SurveyVersion).order_by(SurveyVersion.slug, SurveyVersion.version)
    ):
        in_use = " (in use)" if v.in_use else ""
        click.echo(f"{v.slug} v{v.version} {v.content_hash[:12]}{in_use}  {v.title}")


mail_cli = AppGroup("mail", help="Send queued invitations and reminders.")


@mail_cli.command("send-due")
def send_due_command() -> None:
    """One pass (for cron): queue scheduled reminders, send everything that is due."""
    from surveyapp.mail.worker import send_due

    report = send_due()
    click.echo(
        f"sent {report.sent}, retried later {report.retried}, failed {report.failed}, "
        f"cancelled {report.cancelled}, reminders queued {report.reminders_queued}"
    )
    for error in report.errors:
        click.echo(f"  failed: {error}", err=True)


@mail_cli.command("worker")
@click.option("--interval", default=30.0, show_default=True, help="Seconds between passes.")
def worker_command(interval: float) -> None:
    """Keep sending: a pass every INTERVAL seconds until stopped (Ctrl-C)."""
    from surveyapp.mail.worker import run_worker

    transport = (
        "SMTP " + current_app.config["MAIL_SERVER"]
        if current_app.config["MAIL_SERVER"]
        else f"files in {current_app.config['MAIL_DIR']}"
    )
    click.echo(f"Mail worker started ({transport}); a pass every {interval:g} s.")
    try:
        run_worker(interval, echo=click.echo)
    except KeyboardInterrupt:
        click.echo("Mail worker stopped.")


def _wave_or_fail(ref: str):
    from surveyapp.models import Wave

    found = db.session.scalar(select(Wave).where(Wave.slug == ref))
    if found is None and ref.isdigit():
        found = db.session.get(Wave, int(ref))
    if found is None:
        slugs = ", ".join(db.session.scalars(select(Wave.slug).order_by(Wave.slug))) or "none"
        raise click.UsageError(f"No wave '{ref}'. Known waves: {slugs}.")
    return found


waves_cli = AppGroup("waves", help="Waves (uitvragen) for scripts.")


@waves_cli.command("status")
@click.argument("wave")
def wave_status(wave: str) -> None:
    """Print the response rate of WAVE (its short name or id), overall and per group."""
    from surveyapp.coordinate.rates import wave_rate

    found = _wave_or_fail(wave)
    rate = wave_rate(found)
    click.echo(f"{found.name} ({found.state.value}, closes {found.closes_at or '-'} UTC)")
    click.echo(
        f"{'group':<22}{'invited':>8}{'sent':>6}{'opened':>8}{'started':>9}"
        f"{'completed':>11}{'rate':>6}"
    )
    for title, rows in (
        ("", [rate.overall]),
        ("org type", rate.by_org_type),
        ("role", rate.by_role),
    ):
        if title:
            click.echo(f"-- per {title}")
        for r in rows:
            click.echo(
                f"{r.group:<22}{r.invited:>8}{r.sent:>6}{r.opened:>8}{r.started:>9}"
                f"{r.completed:>11}{r.percent:>6}"
            )
    click.echo(f"Not yet responded: {len(rate.missing)}")


contacts_cli = AppGroup("contacts", help="Organisations and contacts.")


@contacts_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_contacts_command(file: str) -> None:
    """Import contacts from a CSV or XLSX file: all or nothing, every bad row listed."""
    from surveyapp.coordinate.imports import parse_contacts
    from surveyapp.coordinate.operations import import_contact_table
    from surveyapp.tables import read_table

    try:
        parsed = parse_contacts(read_table(file, _read_limited(file)))
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    summary = import_contact_table(parsed)
    errors = list(summary.errors)
    if errors:
        db.session.rollback()
        for line, message in errors:
            click.echo(f"{file}: line {line}: {message}", err=True)
        raise SystemExit(f"Nothing was imported: {len(errors)} problem(s).")
    db.session.commit()
    click.echo(
        f"Imported: {summary.organisations_added} organisations and "
        f"{summary.contacts_added} contacts added, {summary.contacts_updated} updated, "
        f"{summary.unchanged} unchanged."
    )


def _read_limited(file: str) -> bytes:
    """The file's bytes, refused before reading when it is over the import limit."""
    from surveyapp.tables import MAX_FILE_BYTES

    if Path(file).stat().st_size > MAX_FILE_BYTES:
        raise click.UsageError(
            f"{file} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it into parts."
        )
    return Path(file).read_bytes()


results_cli = AppGroup("results", help="Results of a wave for scripts.")


def _results(wave):
    """The published results; an open anonymous wave publishes nothing until it closes."""
    from surveyapp.evaluate.summary import wave_results

    results = wave_results(wave, current_app.config["RESULTS_MIN_N"])
    if results.withheld:
        raise click.ClickException(
            f"{wave.slug} is an anonymous wave that is still open: its results are published "
            "once it is closed (so that no single new answer can be read from a difference). "
            "Use `flask waves status` for the response rate."
        )
    return results


@results_cli.command("summary")
@click.argument("wave")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "csv-nl"]),
    default="json",
    show_default=True,
    help="csv-nl: semicolons and decimal commas for Dutch Excel.",
)
def results_summary(wave: str, fmt: str) -> None:
    """Print the item statistics of WAVE (documented in docs/results.md)."""
    from surveyapp.evaluate.exports import summary_csv, summary_json

    results = _results(_wave_or_fail(wave))
    if fmt == "json":
        click.echo(summary_json(results))
    else:
        click.echo(summary_csv(results, dutch_excel=fmt == "csv-nl").lstrip("\ufeff"), nl=False)


@results_cli.command("report")
@click.argument("wave")
@click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=False), help="FILE.html or FILE.docx"
)
def results_report(wave: str, out: str) -> None:
    """Write the generated chapter of WAVE as HTML or DOCX (by the file's extension)."""
    from surveyapp.evaluate.report import report_docx, report_html

    path = Path(out)
    if path.suffix.lower() not in (".html", ".docx"):
        raise click.UsageError("--out must end in .html or .docx")
    results = _results(_wave_or_fail(wave))
    if path.suffix.lower() == ".docx":
        path.write_bytes(report_docx(results))
    else:
        with current_app.test_request_context():
            path.write_text(report_html(results), encoding="utf-8")
    click.echo(f"Wrote {path}.")


@results_cli.command("import")
@click.argument("wave")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--replace", is_flag=True, help="Replace answers imported into WAVE before.")
def results_import(wave: str, file: str, replace: bool) -> None:
    """Import an earlier round's answers into WAVE: all or nothing, every bad row listed."""
    from surveyapp.definitions import survey_of
    from surveyapp.evaluate.operations import import_historical, parse_historical
    from surveyapp.tables import read_table

    target = _wave_or_fail(wave)
    survey = survey_of(target.survey_version)
    try:
        parsed = parse_historical(read_table(file, _read_limited(file)), survey)
        if parsed.errors:
            for line, message in parsed.errors:
                click.echo(f"{file}: line {line}: {message}", err=True)
            raise SystemExit(f"Nothing was imported: {len(parsed.errors)} problem(s).")
        n = import_historical(target, parsed, replace)
    except ValueError as err:
        db.session.rollback()
        raise click.UsageError(str(err)) from None
    db.session.commit()
    click.echo(f"Imported {n} respondents into {target.slug}.")


@click.command("demo")
@click.option("--force", is_flag=True, help="Allow loading demo data in production.")
@click.option("--links", "all_links", is_flag=True, help="Print every respondent link.")
def demo(force: bool, all_links: bool) -> None:
    """Load the covenant evaluation demo (idempotent: a second run changes nothing)."""
    from surveyapp.demo import DEMO_PASSWORD, DEMO_STAFF, demo_links, load_demo

    if current_app.config.get("HSTS") and not force:
        raise click.UsageError("Refusing to load demo data in production; pass --force to insist.")
    result = load_demo()
    db.session.commit()
    click.echo(
        f"Demo loaded: {result.organisations} organisations, {result.contacts} contacts, "
        f"{result.staff} staff accounts, {result.waves} waves and {result.invitations} "
        "invitations added."
    )
    base = current_app.config["BASE_URL"]
    click.echo(f"Staff: log in at {base}/login with one of these accounts:")
    for email, _name, role in DEMO_STAFF:
        click.echo(f"  {role.value:<12} {email}  password: {DEMO_PASSWORD}")
    click.echo("Respondents: open a personal link (no login needed), for example:")
    for wave_name, organisation, token in demo_links(None if all_links else 2):
        click.echo(f"  {wave_name} | {organisation}: {base}/r/{token}")
    if not all_links:
        click.echo("  (`flask demo --links` lists the links of every demo invitation)")


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(surveys_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(waves_cli)
    app.cli.add_command(contacts_cli)
    app.cli.add_command(results_cli)
    app.cli.add_command(demo)
