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
