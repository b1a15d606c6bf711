"""Evaluator pages: results per wave, comparisons, exports, the report chapter, imports."""

from __future__ import annotations

import re

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from surveyapp.definitions import get_type, survey_of
from surveyapp.evaluate import bp, exports, report
from surveyapp.evaluate import charts as chart_module
from surveyapp.evaluate.compare import compare_wave_items
from surveyapp.evaluate.forms import HistoricalImportForm, InterviewForm
from surveyapp.evaluate.operations import add_interview, import_historical, parse_historical
from surveyapp.evaluate.summary import org_type_label, wave_results
from surveyapp.extensions import db
from surveyapp.models import OrgType, ResponseStatus, Wave
from surveyapp.models import Response as SurveyResponse
from surveyapp.tables import read_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def get_wave_or_404(wave_id: int) -> Wave:
    return db.session.get(Wave, wave_id) or abort(404)


def results_for(wave: Wave):
    return wave_results(wave, current_app.config["RESULTS_MIN_N"])


def published_or_409(wave: Wave):
    """Results for a download; an open anonymous wave publishes nothing yet (409)."""
    results = results_for(wave)
    if results.withheld:
        abort(409)
    return results


METHOD_LABELS = {"exact": "exact", "normal": "normale benadering", "none": "geen toets"}


def method_label(method: str | None) -> str:
    return METHOD_LABELS.get(method or "none", method or "")


def download(body: bytes | str, mimetype: str, filename: str) -> Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/")
def index():
    submitted = (
        select(func.count(SurveyResponse.id))
        .where(SurveyResponse.wave_id == Wave.id, SurveyResponse.status == ResponseStatus.SUBMITTED)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Wave, submitted).order_by(Wave.created_at.desc(), Wave.id.desc())
    ).all()
    return render_template("evaluate/index.html", rows=rows)


@bp.route("/waves/<int:wave_id>")
def wave(wave_id: int):
    results = results_for(get_wave_or_404(wave_id))
    return render_template("evaluate/wave.html", r=results, method_label=method_label)


@bp.route("/waves/<int:wave_id>/toelichtingen")
def comments(wave_id: int):
    results = results_for(get_wave_or_404(wave_id))
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
def export(wave_id: int, fmt: str):
    wave = get_wave_or_404(wave_id)
    results = published_or_409(wave)
    if fmt == "json":
        return download(exports.summary_json(results), "application/json", f"{wave.slug}.json")
    if fmt == "xlsx":
        return download(exports.xlsx_bytes(results), XLSX, f"{wave.slug}.xlsx")
    dutch = request.args.get("excel") == "nl"
    name = f"{wave.slug}-excel-nl.csv" if dutch else f"{wave.slug}.csv"
    return download(exports.summary_csv(results, dutch), "text/csv; charset=utf-8", name)


@bp.route("/waves/<int:wave_id>/grafiek/<item_id>.<any(png, svg):fmt>")
def chart(wave_id: int, item_id: str, fmt: str):
    results = published_or_409(get_wave_or_404(wave_id))
    item = results.item(item_id)
    kind = request.args.get("soort", "verdeling")
    if item is None or not chart_module.available(results, item, kind):
        abort(404)
    body = chart_module.chart(results, item, kind, fmt)
    mimetype = "image/png" if fmt == "png" else "image/svg+xml"
    safe = re.sub(r"[^a-z0-9_.-]", "", item.id)
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'inline; filename="{safe}-{kind}.{fmt}"'},
    )


@bp.route("/waves/<int:wave_id>/hoofdstuk.<any(html, docx):fmt>")
def chapter(wave_id: int, fmt: str):
    wave = get_wave_or_404(wave_id)
    results = published_or_409(wave)
    if fmt == "docx":
        return download(report.report_docx(results), DOCX, f"{wave.slug}-hoofdstuk.docx")
    page = Response(report.report_html(results), mimetype="text/html")
    page.headers["Content-Security-Policy"] = report.REPORT_CSP
    return page


@bp.route("/vergelijk")
def compare_waves():
    waves = db.session.scalars(select(Wave).order_by(Wave.name)).all()
    a, b = request.args.get("a", type=int), request.args.get("b", type=int)
    comparison = None
    if a and b:
        comparison = compare_wave_items(
            get_wave_or_404(a),
            get_wave_or_404(b),
            current_app.config["RESULTS_MIN_N"],
            allow_different=request.args.get("toch") == "1",
        )
    return render_template(
        "evaluate/compare.html",
        waves=waves,
        a=a,
        b=b,
        c=comparison,
        min_n=current_app.config["RESULTS_MIN_N"],
        method_label=method_label,
    )


@bp.route("/waves/<int:wave_id>/import", methods=["GET", "POST"])
def import_answers(wave_id: int):
    wave = get_wave_or_404(wave_id)
    survey = survey_of(wave.survey_version)
    form, errors = HistoricalImportForm(), []
    if form.validate_on_submit():
        try:
            upload = form.file.data
            parsed = parse_historical(read_table(upload.filename or "", upload.read()), survey)
            errors = parsed.errors
            if not errors:
                n = import_historical(wave, parsed, form.replace.data, current_user)
                flash(f"{n} respondenten geïmporteerd.", "success")
                return redirect(url_for("evaluate.wave", wave_id=wave.id))
        except ValueError as err:
            form.file.errors.append(str(err))
    status = 422 if errors or form.errors else 200
    return render_template(
        "evaluate/import.html", wave=wave, survey=survey, form=form, errors=errors
    ), status


@bp.route("/waves/<int:wave_id>/interviews", methods=["GET", "POST"])
def interviews(wave_id: int):
    wave = get_wave_or_404(wave_id)
    survey = survey_of(wave.survey_version)
    form, error = InterviewForm(), None
    fields = [
        (f"{q.key}.{tp}" if tp else q.key, q, tp)
        for q in survey.questions
        if get_type(q.type).rated
        for tp in q.slots
    ]
    if form.validate_on_submit():
        grades = {name: request.form.get(f"g-{name}", "") for name, _q, _tp in fields}
        try:
            add_interview(
                wave,
                survey,
                form.organisation.data,
                OrgType(form.org_type.data),
                grades,
                current_user,
            )
        except ValueError as err:
            error = str(err)
        else:
            flash("Het interview is opgeslagen.", "success")
            return redirect(url_for("evaluate.interviews", wave_id=wave.id))
    count = db.session.scalar(
        select(func.count(SurveyResponse.id)).where(
            SurveyResponse.wave_id == wave.id, SurveyResponse.source == "interview"
        )
    )
    return render_template(
        "evaluate/interviews.html",
        wave=wave,
        survey=survey,
        form=form,
        fields=fields,
        error=error,
        count=count,
    ), 422 if error else 200
