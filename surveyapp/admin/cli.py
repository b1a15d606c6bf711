"""`flask users`: staff accounts from the command line."""

from __future__ import annotations

import os

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import AppGroup

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


@users_cli.command("token")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for, e.g. 'response script'.")
@click.option(
    "--days",
    type=click.IntRange(1, 366),
    default=90,
    show_default=True,
    help="How long the token is valid.",
)
def create_token(email: str, name: str, days: int) -> None:
    """Print a new API token for an active staff account, once (only its hash is stored)."""
    from surveyapp.auth.operations import issue_token
    from surveyapp.auth.queries import user_by_email

    user = user_by_email(email)
    if user is None or not user.active:
        raise click.UsageError(f"No active staff account with the address {email}.")
    try:
        token, secret = issue_token(user, name, days)
    except DomainError:
        raise click.UsageError("The name must be 1 to 100 characters.") from None
    db.session.commit()
    click.echo(
        f"API token '{token.name}' for {user.email} ({user.role.value}), valid until "
        f"{token.expires_at:%Y-%m-%d %H:%M} UTC. It is shown only now:",
        err=True,
    )
    click.echo(secret)
