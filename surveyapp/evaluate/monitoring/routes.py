"""Monitoring pages: the national tables and map, downloads, the chapter and the import of
earlier years. The survey's results are in g.monitoring (loaded once per request)."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from surveyapp.errors import DomainError
from surveyapp.evaluate.downloads import CSV, DOCX, XLSX, chapter_page, download
from surveyapp.evaluate.lazy import lazy
from surveyapp.evaluate.monitoring import bp, queries
from surveyapp.exports import csv_text
from surveyapp.forms import ConfirmForm, UploadForm, import_upload
from surveyapp.inputs import accepts_upload

out = lazy("surveyapp.evaluate.monitoring.output")
imports = lazy("surveyapp.evaluate.monitoring.imports")
operations = lazy("surveyapp.evaluate.monitoring.operations")
workbook = lazy("surveyapp.evaluate.workbook")
chapter = lazy("surveyapp.evaluate.chapter")


@bp.route("/<slug>")
def page():
    """Yearly returns added up: Tabel 1 and 2 per year, trend, map, provinces, authorities."""
    results = g.monitoring.at(request.args.get("jaar", type=int))
    return render_template("evaluate/monitoring/page.html", **out.figures(results))


@bp.route("/<slug>/import", methods=["GET", "POST"])
@accepts_upload
def import_returns():
    """Earlier years' returns from a CSV or XLSX file: all or nothing, every bad row listed."""
    results, form = g.monitoring, UploadForm()
    n, errors = import_upload(
        form,
        lambda table: imports.parse_returns(table, results),
        lambda parsed: operations.import_returns(results, parsed, current_user),
    )
    if n is not None:
        flash(f"{n} opgaven geïmporteerd. Onder ‘Eerdere imports’ staat wat er is toegevoegd; "
              "daar kunt u de import ook ongedaan maken.", "success")  # fmt: skip
        return redirect(url_for(".import_returns", slug=results.slug))
    status = 422 if errors or form.errors else 200
    return render_template(
        "evaluate/monitoring/import.html", r=out.view(results), form=form, errors=errors,
        batches=queries.import_batches(results.slug),
    ), status  # fmt: skip


@bp.route("/<slug>/import/ongedaan", methods=["POST"])
def undo_import():
    """Remove what one earlier import stored (chosen by the moment it was stored)."""
    form, slug = ConfirmForm(), g.monitoring.slug
    try:
        moment = datetime.fromisoformat(request.form.get("moment", ""))
        if form.validate_on_submit():
            n = operations.undo_import(slug, moment, current_user)
            flash(f"De import is ongedaan gemaakt: {n} opgaven verwijderd.", "success")
    except (ValueError, DomainError) as err:
        flash(
            str(err) if isinstance(err, DomainError) else "Kies een import uit de lijst.", "error"
        )
    return redirect(url_for(".import_returns", slug=slug))


@bp.route("/<slug>/trend.<any(svg, png):fmt>")
def trend(fmt: str):
    """The trend chart: the first column's statuses stacked per year."""
    if not g.monitoring.years:
        abort(404)
    mimetype = "image/svg+xml" if fmt == "svg" else "image/png"
    return out.trend_chart(g.monitoring, fmt), {"Content-Type": mimetype}


@bp.route("/<slug>/<any(opgaven, landelijk):table>.<any(csv, xlsx):fmt>")
def export(table: str, fmt: str):
    """One row per authority per year (opgaven), or the national tables (landelijk); the
    workbook holds both."""
    results, slug = g.monitoring, g.monitoring.slug
    if fmt == "xlsx":
        sheets = {"Opgaven": out.return_rows(results), "Landelijk": out.national_rows(results)}
        return download(workbook.sheets_bytes(sheets), XLSX, f"{slug}.xlsx")
    header, rows = out.return_rows(results) if table == "opgaven" else out.national_rows(results)
    return download(csv_text(header, rows), CSV, f"{slug}-{table}.csv")


@bp.route("/<slug>/hoofdstuk.<any(html, docx):fmt>")
def chapter_file(fmt: str):
    """The monitoring chapter: the source's sentences and Tabel 1 and 2, with the trend."""
    results = g.monitoring.at(request.args.get("jaar", type=int))
    if fmt == "docx":
        return download(out.chapter_docx(results), DOCX, f"{results.slug}-hoofdstuk.docx")
    html = render_template(
        "evaluate/monitoring/report.html", css=chapter.REPORT_CSS, **out.figures(results)
    )
    return chapter_page(html)
