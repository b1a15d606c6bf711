"""Wave results pages: items, groups, sentences, comments, downloads, charts, the chapter, wave
against wave, the import of an earlier round and interviews. The wave is in g.wave."""

from __future__ import annotations

import re

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from surveyapp.definitions import get_type, survey_of
from surveyapp.errors import DomainError
from surveyapp.evaluate.downloads import CSV, DOCX, XLSX, chapter_page, download, spooled_download
from surveyapp.evaluate.lazy import lazy
from surveyapp.evaluate.results import bp
from surveyapp.evaluate.results.forms import HistoricalImportForm, InterviewForm
from surveyapp.evaluate.results.queries import (
    interview_count,
    previous_wave,
    wave_or_404,
    waves_by_name,
)
from surveyapp.forms import import_upload
from surveyapp.inputs import accepts_upload
from surveyapp.models import OrgType

cache = lazy("surveyapp.evaluate.results.cache")
charts = lazy("surveyapp.evaluate.results.charts")
compare = lazy("surveyapp.evaluate.results.compare")
exports = lazy("surveyapp.evaluate.results.exports")
imports = lazy("surveyapp.evaluate.results.imports")
operations = lazy("surveyapp.evaluate.results.operations")
published = lazy("surveyapp.evaluate.results.published")
raw = lazy("surveyapp.evaluate.results.raw")
statfiles = lazy("surveyapp.evaluate.results.statfiles")
report = lazy("surveyapp.evaluate.results.report")

METHOD_LABELS = {
    "exact": "exact",
    "normal": "normale benadering",
    "normal-fallback": "normale benadering; exact zou te lang duren",
    "none": "geen toets",
}


def method_label(method: str | None) -> str:
    return METHOD_LABELS.get(method or "none", method or "")


def published_or_409():
    """Results for a download; an open anonymous wave publishes nothing yet (409)."""
    results = cache.results_for(g.wave)
    if results.withheld:
        abort(409)
    return results


@bp.route("/waves/<int:wave_id>")
def wave():
    """A wave's published results: items, groups, sentences, change, themes, interviews."""
    results = cache.results_for(g.wave)
    monitoring = any(get_type(q.type).count_table for q in results.survey.questions)
    if monitoring and not results.items:  # a yearly return: its figures are the monitoring's
        year = {"jaar": g.wave.period} if g.wave.period else {}
        slug = g.wave.survey_version.slug
        return redirect(url_for("evaluate.monitoring.page", slug=slug, **year))
    return render_template(
        "evaluate/results/wave.html", r=results, method_label=method_label, monitoring=monitoring
    )


@bp.route("/waves/<int:wave_id>/toelichtingen")
def comments():
    """The free-text answers of groups large enough to show, filtered by org type."""
    results = cache.results_for(g.wave)
    org_type = request.args.get("org_type", "")
    if org_type and org_type not in {t.value for t in OrgType}:
        abort(404)
    return render_template(
        "evaluate/results/comments.html", r=results,
        questions=[q for q in results.survey.questions if get_type(q.type).free_text],
        org_type=org_type, org_type_label=published.org_type_label, org_types=list(OrgType),
    )  # fmt: skip


@bp.route("/waves/<int:wave_id>/export.<any(csv, json, xlsx):fmt>")
def export(fmt: str):
    """The published results as JSON, XLSX, CSV or CSV for Dutch Excel (?excel=nl)."""
    results, slug = published_or_409(), g.wave.slug
    if fmt == "json":
        key = ("json", g.wave.name, g.wave.slug)  # the wave's name is not part of the stamp
        body = results.remember(key, lambda: exports.summary_json(results))
        return download(body, "application/json", f"{slug}.json")
    if fmt == "xlsx":
        return spooled_download(lambda f: exports.write_xlsx(results, f), XLSX, f"{slug}.xlsx")
    dutch = request.args.get("excel") == "nl"
    name = f"{slug}-excel-nl.csv" if dutch else f"{slug}.csv"
    return download(exports.summary_csv(results, dutch), CSV, name)


@bp.route("/waves/<int:wave_id>/antwoorden-<any(lang, breed):shape>.csv")
def raw_answers(shape: str):
    """Every published raw answer, streamed: one row per answer (lang) or per respondent."""
    published_or_409()
    min_n = current_app.config["RESULTS_MIN_N"]
    rows = raw.long_csv(g.wave, min_n) if shape == "lang" else raw.wide_csv(g.wave, min_n)
    return download(rows, CSV, f"{g.wave.slug}-antwoorden-{shape}.csv")


@bp.route("/waves/<int:wave_id>/antwoorden.<any(sav, dta, zip):fmt>")
def stat_file(fmt: str):
    """The raw answers for SPSS, Stata or R, with variable and value labels."""
    published_or_409()
    body, _layout = statfiles.WRITERS[fmt](g.wave, current_app.config["RESULTS_MIN_N"])
    suffix = "r.zip" if fmt == "zip" else fmt
    return download(body, statfiles.MIMETYPES[fmt], f"{g.wave.slug}-antwoorden.{suffix}")


@bp.route("/waves/<int:wave_id>/grafiek/<item_id>.<any(png, svg):fmt>")
def chart(item_id: str, fmt: str):
    """One chart of one item, drawn from published figures only."""
    results = published_or_409()
    item = results.item(item_id)
    kind = request.args.get("soort", "verdeling")
    if item is None or not charts.available(results, item, kind):
        abort(404)
    body = results.remember(
        ("chart", item.id, kind, fmt), lambda: charts.chart(results, item, kind, fmt)
    )
    mimetype = "image/png" if fmt == "png" else "image/svg+xml"
    safe = re.sub(r"[^a-z0-9_.-]", "", item.id)
    disposition = f'inline; filename="{safe}-{kind}.{fmt}"'
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})


@bp.route("/waves/<int:wave_id>/hoofdstuk.<any(html, docx):fmt>")
def chapter(fmt: str):
    """The generated chapter as one standalone HTML file or as a Word document."""
    results = published_or_409()
    if fmt == "docx":
        return download(report.report_docx(results), DOCX, f"{g.wave.slug}-hoofdstuk.docx")
    return chapter_page(report.report_html(results))


@bp.route("/vergelijk")
def compare_waves():
    """The same items in two waves, as independent samples (?a=…&b=…, toch=1 to force)."""
    a, b = request.args.get("a", type=int), request.args.get("b", type=int)
    if b and not a:  # from a wave's page: propose the previous wave of the same survey
        a = getattr(previous_wave(b), "id", None)
    min_n = current_app.config["RESULTS_MIN_N"]
    comparison = None
    if a and b:
        force = request.args.get("toch") == "1"
        waves = wave_or_404(a), wave_or_404(b)
        comparison = compare.compare_wave_items(*waves, min_n, allow_different=force)
    return render_template(
        "evaluate/results/compare.html", waves=waves_by_name(), a=a, b=b, c=comparison,
        min_n=min_n, method_label=method_label,
    )  # fmt: skip


@bp.route("/waves/<int:wave_id>/import", methods=["GET", "POST"])
@accepts_upload
def import_answers():
    """Import an earlier round's answers: all or nothing, every bad row listed."""
    survey = survey_of(g.wave.survey_version)
    form = HistoricalImportForm()
    n, errors = import_upload(
        form,
        lambda table: imports.parse_historical(table, survey),
        lambda parsed: operations.import_historical(
            g.wave, parsed, form.replace.data, current_user
        ),
    )
    if n is not None:
        flash(f"{n} respondenten geïmporteerd.", "success")
        return redirect(url_for(".wave", wave_id=g.wave.id))
    status = 422 if errors or form.errors else 200
    return render_template(
        "evaluate/results/import.html", wave=g.wave, survey=survey, form=form, errors=errors
    ), status


@bp.route("/waves/<int:wave_id>/interviews", methods=["GET", "POST"])
def interviews():
    """Enter one interviewee's grades, kept apart from the survey as their own source."""
    survey = survey_of(g.wave.survey_version)
    form, error, fields = InterviewForm(), None, operations.interview_fields(survey)
    if form.validate_on_submit():
        grades = {name: request.form.get(f"g-{name}", "") for name, _q, _tp in fields}
        org_type = OrgType(form.org_type.data)
        try:
            operations.add_interview(g.wave, survey, form.organisation.data, org_type, grades,
                                     current_user)  # fmt: skip
        except DomainError as err:
            error = str(err)
        else:
            flash("Het interview is opgeslagen.", "success")
            return redirect(url_for(".interviews", wave_id=g.wave.id))
    return render_template(
        "evaluate/results/interviews.html", wave=g.wave, survey=survey, form=form, fields=fields,
        error=error, count=interview_count(g.wave),
    ), 422 if error else 200  # fmt: skip
