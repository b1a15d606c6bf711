"""Article dashboard pages: the rounds, one round with its changes and linked grades, editing an
article, import and export. The round in the URL is in g.round (loaded once per request)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from surveyapp.errors import DomainError
from surveyapp.evaluate.dashboard import bp, queries
from surveyapp.evaluate.dashboard import operations as ops
from surveyapp.evaluate.dashboard.export import export_rows
from surveyapp.evaluate.dashboard.forms import DashboardEntryForm, DashboardRoundForm
from surveyapp.evaluate.dashboard.parse import parse_dashboard
from surveyapp.evaluate.downloads import CSV, XLSX, download
from surveyapp.evaluate.lazy import lazy
from surveyapp.evaluate.results.queries import wave_or_none, waves_by_name
from surveyapp.exports import csv_text
from surveyapp.forms import UploadForm, choices, import_upload
from surveyapp.inputs import accepts_upload

results = lazy("surveyapp.evaluate.results.cache")
workbook = lazy("surveyapp.evaluate.workbook")


@bp.route("", methods=["GET", "POST"])
def rounds():
    """Every evaluation round's article dashboard, and a form to start a new round."""
    form = DashboardRoundForm()
    form.wave_id.choices = choices([(0, "(geen)")] + [(w.id, w.name) for w in waves_by_name()])
    if form.validate_on_submit():
        try:
            created = ops.create_round(
                form.name.data, form.year.data, wave_or_none(form.wave_id.data), current_user
            )
        except DomainError as err:
            form.name.errors.append(str(err))
        else:
            flash(f"Dashboard {created.name} is aangemaakt. Importeer of vul nu de artikelen.",
                  "success")  # fmt: skip
            return redirect(url_for(".page", round_id=created.id))
    status = 422 if form.errors else 200
    return render_template(
        "evaluate/dashboard/rounds.html", rounds=queries.dashboard_rounds(), form=form
    ), status


@bp.route("/<int:round_id>")
def page():
    """One round's articles: status as colour and word, explanation, linked grades; with the
    changes against another round (?vergelijk=<id>, by default the round before)."""
    current = g.round
    other_id = request.args.get("vergelijk", type=int)
    other = queries.round_or_none(other_id) if other_id else queries.earlier_round(current)
    published = results.published_results(current.wave) if current.wave is not None else None
    return render_template(
        "evaluate/dashboard/page.html", d=current, other=other, rounds=queries.dashboard_rounds(),
        changes=queries.changes(other, current) if other and other.id != current.id else None,
        grades=queries.grade_cells(current, published),
    )  # fmt: skip


@bp.route("/<int:round_id>/artikel/<int:entry_id>", methods=["GET", "POST"])
def entry(entry_id: int):
    """Edit one article of a round; every problem is listed and nothing is saved then."""
    article = queries.entry_or_none(g.round.id, entry_id) or abort(404)
    form = DashboardEntryForm(obj=article, status=article.status.value)
    errors: list[str] = []
    if form.validate_on_submit():
        errors = ops.save_entry(article, form.data, current_user)
        if not errors:
            flash(f"Artikel {article.article} is opgeslagen.", "success")
            return redirect(url_for(".page", round_id=g.round.id) + f"#art-{article.id}")
    status = 422 if errors or form.errors else 200
    return render_template(
        "evaluate/dashboard/entry.html", d=g.round, entry=article, form=form, errors=errors
    ), status


@bp.route("/<int:round_id>/import", methods=["GET", "POST"])
@accepts_upload
def import_entries():
    """Replace a round's articles from a CSV or XLSX file: all or nothing, every bad row listed."""
    form = UploadForm()
    n, errors = import_upload(
        form,
        parse_dashboard,
        lambda parsed: ops.replace_entries(g.round, parsed.rows, current_user),
    )
    if n is not None:
        flash(f"{n} artikelen geïmporteerd.", "success")
        return redirect(url_for(".page", round_id=g.round.id))
    status = 422 if errors or form.errors else 200
    return render_template(
        "evaluate/dashboard/import.html", d=g.round, form=form, errors=errors
    ), status


@bp.route("/<int:round_id>/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    """The round in the import format (CSV or XLSX)."""
    header, rows = export_rows(g.round)
    name = f"dashboard-{g.round.year}-{g.round.id}"
    if fmt == "xlsx":
        return download(workbook.sheets_bytes({"Dashboard": (header, rows)}), XLSX, f"{name}.xlsx")
    return download(csv_text(header, rows), CSV, f"{name}.csv")
