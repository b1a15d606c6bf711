"""The command line: each area's commands live next to its code (admin/cli.py, coordinate/cli.py,
mail/cli.py, evaluate/cli.py); here the helpers they share, `flask demo`, and registration."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import select

from surveyapp.extensions import db


def wave_or_fail(ref: str):
    """The wave with this slug (or id), or a usage error listing the known ones."""
    from surveyapp.models import Wave

    found = db.session.scalar(select(Wave).where(Wave.slug == ref))
    if found is None and ref.isdigit():
        found = db.session.get(Wave, int(ref))
    if found is None:
        slugs = ", ".join(db.session.scalars(select(Wave.slug).order_by(Wave.slug))) or "none"
        raise click.UsageError(f"No wave '{ref}'. Known waves: {slugs}.")
    return found


def read_limited(file: str) -> bytes:
    """The file's bytes, refused before reading when it is over the import limit."""
    from surveyapp.tables import MAX_FILE_BYTES

    if Path(file).stat().st_size > MAX_FILE_BYTES:
        raise click.UsageError(
            f"{file} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it into parts."
        )
    return Path(file).read_bytes()


@click.command("demo")
@click.option("--force", is_flag=True, help="Allow loading demo data in production.")
@click.option(
    "--links", "all_links", is_flag=True, help="Only list every respondent link (loads nothing)."
)
def demo(force: bool, all_links: bool) -> None:
    """Load the covenant evaluation demo (idempotent: a second run changes nothing)."""
    from surveyapp.demo import DEMO_PASSWORD, DEMO_STAFF, demo_links, load_demo

    base = current_app.config["BASE_URL"]
    if all_links:  # only the list: nothing is loaded or reprinted
        for wave_name, organisation, token in demo_links(None):
            click.echo(f"{wave_name} | {organisation}: {base}/r/{token}")
        return
    if current_app.config.get("HSTS") and not force:
        raise click.UsageError("Refusing to load demo data in production; pass --force to insist.")
    result = load_demo()
    db.session.commit()
    click.echo(
        f"Demo loaded: {result.organisations} organisations, {result.contacts} contacts, "
        f"{result.staff} staff accounts, {result.waves} waves and {result.invitations} "
        "invitations added."
    )
    click.echo(f"Staff: log in at {base}/login with one of these accounts:")
    for email, _name, role in DEMO_STAFF:
        click.echo(f"  {role.value:<12} {email}  password: {DEMO_PASSWORD}")
    click.echo("Respondents: open a personal link (no login needed), for example:")
    for wave_name, organisation, token in demo_links(2):
        click.echo(f"  {wave_name} | {organisation}: {base}/r/{token}")
    click.echo("  (`flask demo --links` lists the links of every demo invitation)")


class MigrationsGroup(click.Group):
    """`flask db …`: Flask-Migrate's commands, imported (with alembic) only when called."""

    def _migrations(self, ctx: click.Context) -> click.Group:
        from flask.cli import ScriptInfo
        from flask_migrate.cli import db as migrate_group

        from surveyapp import enable_migrations

        enable_migrations(ctx.ensure_object(ScriptInfo).load_app())
        return migrate_group

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._migrations(ctx).list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._migrations(ctx).get_command(ctx, name)


@click.group("db", cls=MigrationsGroup)
@click.option("-d", "--directory", default=None, help="Migration script directory")
@click.option("-x", "--x-arg", multiple=True, help="Arguments for custom env.py scripts")
def migrations(directory, x_arg):
    """Database migrations (Flask-Migrate): flask db upgrade, downgrade, current, …"""
    from flask import g

    g.directory, g.x_arg = directory, x_arg  # what Flask-Migrate's own group would set


def register(app: Flask) -> None:
    from surveyapp.admin.cli import users_cli
    from surveyapp.coordinate.cli import contacts_cli, surveys_cli, waves_cli
    from surveyapp.evaluate.results.cli import results_cli
    from surveyapp.mail.cli import mail_cli
    from surveyapp.privacy.cli import privacy_cli

    groups = (users_cli, surveys_cli, mail_cli, waves_cli, contacts_cli, results_cli, privacy_cli)
    for group in (*groups, demo):
        app.cli.add_command(group)
    app.cli.add_command(migrations)
