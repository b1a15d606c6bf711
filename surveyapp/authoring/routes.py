"""Vragenlijsten: the list, upload and check, publish, a version's page, downloads, preview."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from surveyapp.authoring import bp, operations, queries
from surveyapp.authoring.forms import PublishForm, SurveyUploadForm
from surveyapp.authoring.preview import preview_page
from surveyapp.definitions import survey_of
from surveyapp.definitions.diff import diff
from surveyapp.definitions.source import to_yaml
from surveyapp.errors import DomainError
from surveyapp.evaluate.downloads import XLSX, download
from surveyapp.extensions import db
from surveyapp.inputs import accepts_upload
from surveyapp.interchange import read_survey
from surveyapp.interchange.xlsform import to_xlsform
from surveyapp.models import SurveyVersion
from surveyapp.security import load_from_url

load_from_url(bp, "version_id", lambda version_id: db.session.get(SurveyVersion, version_id))


def _index(form, conversion=None, status=200):
    return (
        render_template(
            "authoring/index.html", surveys=queries.versions_by_slug(), form=form,
            conversion=conversion,
        ),
        status,
    )  # fmt: skip


@bp.route("/")
def index():
    """Every survey with its versions, and the upload form."""
    return _index(SurveyUploadForm())


@bp.route("/controleren", methods=["POST"])
@accepts_upload
def check():
    """Read and check an upload; show the report and what changes. Nothing is stored yet."""
    form = SurveyUploadForm()
    if not form.validate_on_submit():
        return _index(form, status=422)
    upload = form.file.data
    definition, conversion = read_survey(upload.filename or "", upload.read())
    if definition is None:
        return _index(form, conversion, 422)
    latest = SurveyVersion.latest(definition["slug"])
    return render_template(
        "authoring/check.html", definition=definition, conversion=conversion, latest=latest,
        changes=diff(latest.definition if latest else None, definition),
        publish=PublishForm(checked=operations.sign(definition)), filename=upload.filename,
    )  # fmt: skip


@bp.route("/publiceren", methods=["POST"])
def publish():
    """Store what was checked as a version (the latest unused one is replaced instead)."""
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        stored = operations.publish(form.checked.data, current_user)
    except DomainError as err:
        flash(str(err), "error")
        return redirect(url_for("authoring.index"))
    number = stored.version.version
    messages = {
        "new": f"Versie {number} is opgeslagen.",
        "updated": f"Versie {number} is bijgewerkt (nog geen uitvraag gebruikt haar).",
        "unchanged": f"Deze inhoud staat al als versie {number}; er is niets veranderd.",
    }
    flash(messages[stored.outcome], "success")
    return redirect(url_for("authoring.version", version_id=stored.version.id))


@bp.route("/<int:version_id>")
def version():
    """One version: its waves, what changed against the previous one, downloads, preview."""
    previous = queries.previous_version(g.version)
    return render_template(
        "authoring/version.html", v=g.version, previous=previous, survey=survey_of(g.version),
        changes=diff(previous.definition if previous else None, g.version.definition),
    )  # fmt: skip


@bp.route("/<int:version_id>/download.<any(yaml, xlsx):fmt>")
def download_version(fmt: str):
    """The version as YAML or as XLSForm (edit in Excel, upload again)."""
    name = f"{g.version.slug}-v{g.version.version}"
    if fmt == "yaml":
        return download(to_yaml(g.version.definition), "application/x-yaml", f"{name}.yaml")
    return download(to_xlsform(g.version.definition), XLSX, f"{name}.xlsx")


@bp.route("/<int:version_id>/voorbeeld/<int:number>", methods=["GET", "POST"])
def preview(number: int):
    """The respondent's pages with skip logic, from answers carried in the form: nothing is
    saved and nobody is counted."""
    return preview_page(g.version, number, request.args.get("breedte") == "telefoon")
