"""`flask mail`: send what the outbox holds, once or as a worker."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

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
