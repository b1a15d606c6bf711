"""Evaluator pages: results per wave, comparisons, exports, the report chapter, imports.

pandas, scipy, matplotlib, xlsxwriter and python-docx are imported inside the views that use
them, so the CLI and the respondent side start without them (gunicorn.conf.py loads them once
per worker before the first request).
"""

from __future__ import annotations

import re
import tempfile

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from surveyapp.definitions import get_type, survey_of
from surveyapp.errors import DomainError
from surveyapp.evaluate import bp
from surveyapp.evaluate.cache import cached_results
from surveyapp.evaluate.forms import HistoricalImportForm, InterviewForm
from surveyapp.evaluate.operations import (
    add_interview,
    import_historical,
    interview_fields,
    parse_historical,
)
from surveyapp.evaluate.queries import (
    interview_count,
    previous_wave,
    waves_by_name,
    waves_with_counts,
)
from surveyapp.extensions import db
from surveyapp.forms import choices
from surveyapp.models import OrgType, Wave
from surveyapp.tables import read_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
METHOD_LABELS = {"exact": "exact", "normal": "normale benadering", "none": "geen toets"}


def results_for(wave: Wave):
    """The wave's published results, computed once per change of its answers."""
    return cached_results(wave, current_app.config["RESULTS_MIN_N"])


def published_or_409(wave: Wave):
    """Results for a download; an open anonymous wave publishes nothing yet (409)."""
    results = results_for(wave)
    if results.withheld:
        abort(409)
    return results


def method_label(method: str | None) -> str:
    return METHOD_LABELS.get(method or "none", method or "")


def download(body, mimetype: str, filename: str) -> Response:
    """An attachment from bytes, text, or an iterator of byte chunks (streamed)."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    if not isinstance(data, bytes):
        data = stream_with_context(data)
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _file_chunks(spool, size: int = 256 * 1024):
    """Read a temporary file out in chunks and close (so remove) it at the end."""
    try:
        spool.seek(0)
        while chunk := spool.read(size):
            yield chunk
    finally:
        spool.close()


def xlsx_download(results, filename: str) -> Response:
    """The workbook written to an anonymous temporary file, sent from disk and then deleted."""
    from surveyapp.evaluate import exports

    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _file_chunks
    exports.write_xlsx(results, spool)
    response = download(_file_chunks(spool), XLSX, filename)
    response.content_length = spool.tell()
    return response


def import_upload(form, parse, store) -> tuple[int | None, list[tuple[int, str]]]:
    """Every evaluator import: read the uploaded table, check every row (`parse`), and store
    (`store`) only a file without problems. (count stored or None, the rows' problems); a file
    that cannot be read or stored lands on the form's file field."""
    if not form.validate_on_submit():
        return None, []
    try:
        upload = form.file.data
        parsed = parse(read_table(upload.filename or "", upload.read()))
        if parsed.errors:
            return None, parsed.errors
        return store(parsed), []
    except DomainError as err:
        form.file.errors.append(str(err))
        return None, []


@bp.route("/")
def index():
    """Every wave with its submitted questionnaires and interviews, counted apart."""
    from surveyapp.evaluate.monitoring import monitoring_surveys

    return render_template(
        "evaluate/index.html", rows=waves_with_counts(), monitoring=monitoring_surveys()
    )


@bp.route("/waves/<int:wave_id>")
def wave():
    """A wave's published results: items, groups, sentences, change, themes, interviews."""
    results = results_for(g.wave)
    monitoring = any(get_type(q.type).count_table for q in results.survey.questions)
    return render_template(
        "evaluate/wave.html", r=results, method_label=method_label, monitoring=monitoring
    )


@bp.route("/waves/<int:wave_id>/toelichtingen")
def comments():
    """The free-text answers of groups large enough to show, filtered by org type."""
    from surveyapp.evaluate.summary import org_type_label

    results = results_for(g.wave)
    org_type = request.args.get("org_type", "")
    if org_type and org_type not in {t.value for t in OrgType}:
        abort(404)
    return render_template(
        "evaluate/comments.html",
        r=results,
        questions=[q for q in results.survey.questions if get_type(q.type).free_text],
        org_type=org_type,
        org_type_label=org_type_label,
        org_types=list(OrgType),
    )


@bp.route("/waves/<int:wave_id>/export.<any(csv, json, xlsx):fmt>")
def export(fmt: str):
    """The published results as JSON, XLSX, CSV or CSV for Dutch Excel (?excel=nl)."""
    from surveyapp.evaluate import exports

    results, slug = published_or_409(g.wave), g.wave.slug
    if fmt == "json":
        key = ("json", g.wave.name, g.wave.slug)  # the wave's name is not part of the stamp
        body = results.remember(key, lambda: exports.summary_json(results))
        return download(body, "application/json", f"{slug}.json")
    if fmt == "xlsx":
        return xlsx_download(results, f"{slug}.xlsx")
    dutch = request.args.get("excel") == "nl"
    name = f"{slug}-excel-nl.csv" if dutch else f"{slug}.csv"
    return download(exports.summary_csv(results, dutch), "text/csv; charset=utf-8", name)


@bp.route("/waves/<int:wave_id>/antwoorden-<any(lang, breed):shape>.csv")
def raw_answers(shape: str):
    """Every published raw answer, streamed: one row per answer (lang) or per respondent."""
    from surveyapp.evaluate import raw

    published_or_409(g.wave)
    min_n = current_app.config["RESULTS_MIN_N"]
    rows = raw.long_csv(g.wave, min_n) if shape == "lang" else raw.wide_csv(g.wave, min_n)
    name = f"{g.wave.slug}-antwoorden-{shape}.csv"
    return download(rows, "text/csv; charset=utf-8", name)


@bp.route("/waves/<int:wave_id>/grafiek/<item_id>.<any(png, svg):fmt>")
def chart(item_id: str, fmt: str):
    """One chart of one item, drawn from published figures only."""
    from surveyapp.evaluate import charts as chart_module

    results = published_or_409(g.wave)
    item = results.item(item_id)
    kind = request.args.get("soort", "verdeling")
    if item is None or not chart_module.available(results, item, kind):
        abort(404)
    body = results.remember(
        ("chart", item.id, kind, fmt), lambda: chart_module.chart(results, item, kind, fmt)
    )
    mimetype = "image/png" if fmt == "png" else "image/svg+xml"
    safe = re.sub(r"[^a-z0-9_.-]", "", item.id)
    disposition = f'inline; filename="{safe}-{kind}.{fmt}"'
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})


@bp.route("/waves/<int:wave_id>/hoofdstuk.<any(html, docx):fmt>")
def chapter(fmt: str):
    """The generated chapter as one standalone HTML file or as a Word document."""
    from surveyapp.evaluate import report

    results = published_or_409(g.wave)
    if fmt == "docx":
        return download(report.report_docx(results), DOCX, f"{g.wave.slug}-hoofdstuk.docx")
    page = Response(report.report_html(results), mimetype="text/html")
    page.headers["Content-Security-Policy"] = report.REPORT_CSP
    return page


@bp.route("/vergelijk")
def compare_waves():
    """The same items in two waves, as independent samples (?a=…&b=…, toch=1 to force)."""
    from surveyapp.evaluate.compare import compare_wave_items

    a, b = request.args.get("a", type=int), request.args.get("b", type=int)
    if b and not a:  # from a wave's page: propose the previous wave of the same survey
        a = getattr(previous_wave(b), "id", None)
    min_n = current_app.config["RESULTS_MIN_N"]
    comparison = None
    if a and b:
        force = request.args.get("toch") == "1"
        waves = db.get_or_404(Wave, a), db.get_or_404(Wave, b)
        comparison = compare_wave_items(*waves, min_n, allow_different=force)
    return render_template(
        "evaluate/compare.html", waves=waves_by_name(), a=a, b=b, c=comparison, min_n=min_n,
        method_label=method_label,
    )  # fmt: skip


@bp.route("/waves/<int:wave_id>/import", methods=["GET", "POST"])
def import_answers():
    """Import an earlier round's answers: all or nothing, every bad row listed."""
    survey = survey_of(g.wave.survey_version)
    form = HistoricalImportForm()
    n, errors = import_upload(
        form,
        lambda table: parse_historical(table, survey),
        lambda parsed: import_historical(g.wave, parsed, form.replace.data, current_user),
    )
    if n is not None:
        flash(f"{n} respondenten geïmporteerd.", "success")
        return redirect(url_for("evaluate.wave", wave_id=g.wave.id))
    status = 422 if errors or form.errors else 200
    return render_template(
        "evaluate/import.html", wave=g.wave, survey=survey, form=form, errors=errors
    ), status


@bp.route("/waves/<int:wave_id>/interviews", methods=["GET", "POST"])
def interviews():
    """Enter one interviewee's grades, kept apart from the survey as their own source."""
    survey = survey_of(g.wave.survey_version)
    form, error, fields = InterviewForm(), None, interview_fields(survey)
    if form.validate_on_submit():
        grades = {name: request.form.get(f"g-{name}", "") for name, _q, _tp in fields}
        org_type = OrgType(form.org_type.data)
        try:
            add_interview(g.wave, survey, form.organisation.data, org_type, grades, current_user)
        except DomainError as err:
            error = str(err)
        else:
            flash("Het interview is opgeslagen.", "success")
            return redirect(url_for("evaluate.interviews", wave_id=g.wave.id))
    return render_template(
        "evaluate/interviews.html", wave=g.wave, survey=survey, form=form, fields=fields,
        error=error, count=interview_count(g.wave),
    ), 422 if error else 200  # fmt: skip


@bp.route("/monitoring/<slug>")
def monitoring(slug: str):
    """Yearly returns added up: Tabel 1 and 2 per year, trend, map, provinces, authorities."""
    from surveyapp.evaluate import monitoring_output as out

    results = _monitoring_or_404(slug)
    return render_template("evaluate/monitoring.html", r=results, **out.figures(results))


def _monitoring_or_404(slug: str):
    from surveyapp.evaluate.monitoring import monitoring_results

    results = monitoring_results(slug)
    if results is None:
        abort(404)
    return results


@bp.route("/monitoring/<slug>/import", methods=["GET", "POST"])
def monitoring_import(slug: str):
    """Earlier years' returns from a CSV or XLSX file: all or nothing, every bad row listed."""
    from surveyapp.evaluate import monitoring_import as imports
    from surveyapp.evaluate.forms import UploadForm

    results = _monitoring_or_404(slug)
    form = UploadForm()
    n, errors = import_upload(
        form,
        lambda table: imports.parse_returns(table, results),
        lambda parsed: imports.import_returns(results, parsed, current_user),
    )
    if n is not None:
        flash(f"{n} opgaven geïmporteerd.", "success")
        return redirect(url_for("evaluate.monitoring", slug=slug))
    status = 422 if errors or form.errors else 200
    return render_template(
        "evaluate/monitoring_import.html", r=results, form=form, errors=errors
    ), status


@bp.route("/monitoring/<slug>/trend.<any(svg, png):fmt>")
def monitoring_trend(slug: str, fmt: str):
    """The trend chart: the first column's statuses stacked per year."""
    from surveyapp.evaluate.monitoring_output import trend_chart

    results = _monitoring_or_404(slug)
    if not results.years:
        abort(404)
    mimetype = "image/svg+xml" if fmt == "svg" else "image/png"
    return Response(trend_chart(results, fmt), mimetype=mimetype)


@bp.route("/monitoring/<slug>/<any(opgaven, landelijk):table>.<any(csv, xlsx):fmt>")
def monitoring_export(slug: str, table: str, fmt: str):
    """One row per authority per year (opgaven), or the national tables (landelijk); the
    workbook holds both."""
    from surveyapp.evaluate import monitoring_output as out
    from surveyapp.evaluate.exports import sheets_bytes
    from surveyapp.exports import csv_text

    results = _monitoring_or_404(slug)
    if fmt == "xlsx":
        sheets = {"Opgaven": out.return_rows(results), "Landelijk": out.national_rows(results)}
        return download(sheets_bytes(sheets), XLSX, f"{slug}.xlsx")
    header, rows = out.return_rows(results) if table == "opgaven" else out.national_rows(results)
    return download(csv_text(header, rows), "text/csv; charset=utf-8", f"{slug}-{table}.csv")


@bp.route("/monitoring/<slug>/hoofdstuk.<any(html, docx):fmt>")
def monitoring_chapter(slug: str, fmt: str):
    """The monitoring chapter: the source's sentences and Tabel 1 and 2, with the trend."""
    from surveyapp.evaluate import monitoring_output as out
    from surveyapp.evaluate import report

    results = _monitoring_or_404(slug)
    if fmt == "docx":
        return download(out.chapter_docx(results), DOCX, f"{slug}-hoofdstuk.docx")
    page = Response(
        render_template(
            "evaluate/monitoring_report.html", r=results, css=report.REPORT_CSS,
            **out.figures(results),
        ),
        mimetype="text/html",
    )  # fmt: skip
    page.headers["Content-Security-Policy"] = report.REPORT_CSP
    return page


def _round_or_404(round_id: int):
    from surveyapp.models import DashboardRound

    return db.get_or_404(DashboardRound, round_id)


@bp.route("/dashboard", methods=["GET", "POST"])
def dashboards():
    """Every evaluation round's article dashboard, and a form to start a new round."""
    from surveyapp.evaluate import dashboard as dash
    from surveyapp.evaluate.forms import DashboardRoundForm
    from surveyapp.evaluate.queries import dashboard_rounds

    form = DashboardRoundForm()
    form.wave_id.choices = choices([(0, "(geen)")] + [(w.id, w.name) for w in waves_by_name()])
    if form.validate_on_submit():
        wave = db.session.get(Wave, form.wave_id.data) if form.wave_id.data else None
        try:
            created = dash.create_round(form.name.data, form.year.data, wave, current_user)
        except DomainError as err:
            form.name.errors.append(str(err))
        else:
            flash(f"Dashboard {created.name} is aangemaakt. Importeer of vul nu de artikelen.",
                  "success")  # fmt: skip
            return redirect(url_for("evaluate.dashboard", round_id=created.id))
    status = 422 if form.errors else 200
    return render_template("evaluate/dashboards.html", rounds=dashboard_rounds(), form=form), status


@bp.route("/dashboard/<int:round_id>")
def dashboard(round_id: int):
    """One round's articles: status as colour and word, explanation, linked grades; with the
    changes against another round (?vergelijk=<id>, by default the round before)."""
    from surveyapp.evaluate import dashboard as dash
    from surveyapp.evaluate.queries import dashboard_rounds, earlier_round

    current = _round_or_404(round_id)
    other_id = request.args.get("vergelijk", type=int)
    other = db.session.get(type(current), other_id) if other_id else earlier_round(current)
    results = results_for(current.wave) if current.wave is not None else None
    if results is not None and results.withheld:
        results = None
    return render_template(
        "evaluate/dashboard.html", d=current, other=other, rounds=dashboard_rounds(),
        changes=dash.changes(other, current) if other and other.id != current.id else None,
        grades=dash.grade_cells(current, results),
    )  # fmt: skip


@bp.route("/dashboard/<int:round_id>/artikel/<int:entry_id>", methods=["GET", "POST"])
def dashboard_entry(round_id: int, entry_id: int):
    """Edit one article of a round; every problem is listed and nothing is saved then."""
    from surveyapp.evaluate import dashboard as dash
    from surveyapp.evaluate.forms import DashboardEntryForm

    entry = dash.entry_or_none(round_id, entry_id) or abort(404)
    form = DashboardEntryForm(obj=entry, status=entry.status.value)
    errors: list[str] = []
    if form.validate_on_submit():
        errors = dash.save_entry(entry, form.data, current_user)
        if not errors:
            flash(f"Artikel {entry.article} is opgeslagen.", "success")
            anchor = f"#art-{entry.id}"
            return redirect(url_for("evaluate.dashboard", round_id=round_id) + anchor)
    status = 422 if errors or form.errors else 200
    return render_template(
        "evaluate/dashboard_entry.html", d=entry.round, entry=entry, form=form, errors=errors
    ), status


@bp.route("/dashboard/<int:round_id>/import", methods=["GET", "POST"])
def dashboard_import(round_id: int):
    """Replace a round's articles from a CSV or XLSX file: all or nothing, every bad row listed."""
    from surveyapp.evaluate import dashboard as dash
    from surveyapp.evaluate.forms import UploadForm

    current = _round_or_404(round_id)
    form = UploadForm()
    n, errors = import_upload(
        form,
        dash.parse_dashboard,
        lambda parsed: dash.replace_entries(current, parsed.rows, current_user),
    )
    if n is not None:
        flash(f"{n} artikelen geïmporteerd.", "success")
        return redirect(url_for("evaluate.dashboard", round_id=current.id))
    status = 422 if errors or form.errors else 200
    return render_template(
        "evaluate/dashboard_import.html", d=current, form=form, errors=errors
    ), status


@bp.route("/dashboard/<int:round_id>/export.<any(csv, xlsx):fmt>")
def dashboard_export(round_id: int, fmt: str):
    """The round in the import format (CSV or XLSX)."""
    from surveyapp.evaluate import dashboard as dash
    from surveyapp.evaluate.exports import sheets_bytes
    from surveyapp.exports import csv_text

    current = _round_or_404(round_id)
    header, rows = dash.export_rows(current)
    name = f"dashboard-{current.year}-{current.id}"
    if fmt == "xlsx":
        return download(sheets_bytes({"Dashboard": (header, rows)}), XLSX, f"{name}.xlsx")
    return download(csv_text(header, rows), "text/csv; charset=utf-8", f"{name}.csv")
