"""`flask results`: a wave's published results for scripts."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from surveyapp.cli import read_limited, wave_or_fail
from surveyapp.errors import DomainError
from surveyapp.extensions import db

results_cli = AppGroup("results", help="Results of a wave for scripts.")


def _results(wave):
    """The published results; an open anonymous wave publishes nothing until it closes."""
    from surveyapp.evaluate.results.pipeline import wave_results

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
    from surveyapp.evaluate.results.exports import summary_csv, summary_json

    results = _results(wave_or_fail(wave))
    if fmt == "json":
        click.echo(summary_json(results))
    else:
        click.echo(summary_csv(results, dutch_excel=fmt == "csv-nl").lstrip("\ufeff"), nl=False)


@results_cli.command("raw")
@click.argument("wave")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["sav", "dta", "r", "csv"]),
    default="sav",
    show_default=True,
    help="r: a zip with data.csv, codebook.csv and read.R",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False))
def results_raw(wave: str, fmt: str, out: str) -> None:
    """Write the raw answers of WAVE for SPSS, Stata or R (labelled), or as the wide CSV."""
    from surveyapp.evaluate.results import raw, statfiles

    found = wave_or_fail(wave)
    _results(found)  # an open anonymous wave: refused with the reason
    min_n = current_app.config["RESULTS_MIN_N"]
    if fmt == "csv":
        Path(out).write_bytes(b"".join(raw.wide_csv(found, min_n)))
        click.echo(f"Wrote {out}.")
        return
    body, layout = statfiles.WRITERS["zip" if fmt == "r" else fmt](found, min_n)
    Path(out).write_bytes(body)
    for original, short in layout.shortened.items():
        click.echo(f"variable {original} is named {short} (the format's name limit)", err=True)
    click.echo(f"Wrote {out}: {len(layout.names)} variables.")


@results_cli.command("report")
@click.argument("wave")
@click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=False), help="FILE.html or FILE.docx"
)
def results_report(wave: str, out: str) -> None:
    """Write the generated chapter of WAVE as HTML or DOCX (by the file's extension)."""
    from surveyapp.evaluate.results.report import report_docx, report_html

    path = Path(out)
    if path.suffix.lower() not in (".html", ".docx"):
        raise click.UsageError("--out must end in .html or .docx")
    results = _results(wave_or_fail(wave))
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
    from surveyapp.evaluate.results.imports import parse_historical
    from surveyapp.evaluate.results.operations import import_historical
    from surveyapp.tables import read_table

    target = wave_or_fail(wave)
    survey = survey_of(target.survey_version)
    try:
        parsed = parse_historical(read_table(file, read_limited(file)), survey)
        if parsed.errors:
            for line, message in parsed.errors:
                click.echo(f"{file}: line {line}: {message}", err=True)
            raise SystemExit(f"Nothing was imported: {len(parsed.errors)} problem(s).")
        n = import_historical(target, parsed, replace)
    except DomainError as err:
        db.session.rollback()
        raise click.UsageError(str(err)) from None
    db.session.commit()
    click.echo(f"Imported {n} respondents into {target.slug}.")
