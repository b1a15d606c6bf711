"""`flask surveys`, `flask contacts` and `flask waves`: fieldwork from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from config import BASE_DIR
from surveyapp.cli import read_limited, wave_or_fail
from surveyapp.definitions.loader import load_file
from surveyapp.errors import DomainError
from surveyapp.extensions import db

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


@surveys_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--out", type=click.Path(dir_okay=False), help="Write the YAML here (default: stdout)."
)
def import_command(file: str, out: str | None) -> None:
    """Convert a LimeSurvey export (.lss) or an XLSForm (.xlsx, .xls) to a survey YAML file and
    print what was carried and what was not; exit 1 when no valid survey comes out."""
    from surveyapp.definitions.source import to_yaml
    from surveyapp.interchange import read_survey

    definition, c = read_survey(Path(file).name, read_limited(file))
    click.echo(f"{c.questions_in_file} questions in the file: {len(c.carried)} carried, "
               f"{len(c.skipped)} not carried.", err=True)  # fmt: skip
    for s in c.skipped:
        click.echo(f"not carried: {s.where}: {s.name}: {s.reason}", err=True)
    for note in c.notes:
        click.echo(f"note: {note}", err=True)
    for problem in c.problems:
        click.echo(f"problem: {problem}", err=True)
    if definition is None:
        raise SystemExit("No valid survey came out of the file: fix the problems above.")
    text = to_yaml(definition)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"Wrote {out} ({definition['slug']}).", err=True)
    else:
        click.echo(text)


@surveys_cli.command("export")
@click.argument("slug")
@click.option("--version", "number", type=int, help="Version number (default: the latest).")
@click.option("--format", "fmt", type=click.Choice(["yaml", "xlsform"]), default="yaml")
@click.option("--out", type=click.Path(dir_okay=False), required=True)
def export_command(slug: str, number: int | None, fmt: str, out: str) -> None:
    """Write one stored version of survey SLUG as YAML or as XLSForm."""
    from surveyapp.definitions.source import to_yaml
    from surveyapp.interchange.xlsform import to_xlsform
    from surveyapp.models import SurveyVersion

    query = select(SurveyVersion).where(SurveyVersion.slug == slug)
    if number is not None:
        query = query.where(SurveyVersion.version == number)
    version = db.session.scalar(query.order_by(SurveyVersion.version.desc()).limit(1))
    if version is None:
        raise click.UsageError(f"No survey '{slug}'" + (f" version {number}." if number else "."))
    if fmt == "yaml":
        Path(out).write_text(to_yaml(version.definition), encoding="utf-8")
    else:
        Path(out).write_bytes(to_xlsform(version.definition))
    click.echo(f"Wrote {out}: {slug} version {version.version} as {fmt}.")


@surveys_cli.command("list")
def list_versions() -> None:
    """List stored survey versions."""
    from surveyapp.models import SurveyVersion

    for v in db.session.scalars(
        select(SurveyVersion).order_by(SurveyVersion.slug, SurveyVersion.version)
    ):
        in_use = " (in use)" if v.in_use else ""
        click.echo(f"{v.slug} v{v.version} {v.content_hash[:12]}{in_use}  {v.title}")


contacts_cli = AppGroup("contacts", help="Organisations and contacts.")


@contacts_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_contacts_command(file: str) -> None:
    """Import contacts from a CSV or XLSX file: all or nothing, every bad row listed."""
    from surveyapp.coordinate.imports import parse_contacts
    from surveyapp.coordinate.operations import import_contact_table
    from surveyapp.tables import read_table

    try:
        parsed = parse_contacts(read_table(file, read_limited(file)))
    except DomainError as err:
        raise click.UsageError(str(err)) from None
    try:
        summary = import_contact_table(parsed)
    except DomainError:
        db.session.rollback()
        raise click.ClickException(
            "The same contacts were being imported at the same moment; nothing was stored. "
            "Run the import again."
        ) from None
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


waves_cli = AppGroup("waves", help="Waves (uitvragen) for scripts.")


@waves_cli.command("status")
@click.argument("wave")
def wave_status(wave: str) -> None:
    """Print the response rate of WAVE (its short name or id), overall and per group."""
    from surveyapp.coordinate.rates import wave_rate

    found = wave_or_fail(wave)
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
