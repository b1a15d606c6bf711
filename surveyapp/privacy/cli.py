"""`flask privacy`: the retention purge for cron (the mail worker also runs it)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

privacy_cli = AppGroup("privacy", help="Personal data: retention purge.")


@privacy_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Only list what is due, remove nothing.")
def purge(dry_run: bool) -> None:
    """Remove the personal data of every wave whose retention period has passed."""
    from surveyapp.extensions import db
    from surveyapp.models import Wave
    from surveyapp.privacy.retention import due_waves, outlook, purge_due

    if dry_run:
        if not due_waves():
            click.echo("No wave is past its retention period.")
        for wave_id in due_waves():
            wave = db.session.get(Wave, wave_id)
            o = outlook(wave)
            click.echo(
                f"{wave.slug}: {o.invitations} invitations, {o.mails} mails, "
                f"{o.links} answer links, {o.drafts} drafts, {o.contacts} contacts"
            )
        return
    done = purge_due()
    for summary in done:
        wave = db.session.get(Wave, summary["wave_id"])
        click.echo(
            f"{wave.slug}: removed {summary['invitations']} invitations, "
            f"{summary['mails']} mails, {summary['links']} answer links, "
            f"{summary['drafts']} drafts, {summary['contacts']} contacts"
        )
    if not done:
        click.echo("No wave is past its retention period.")
