"""Privacy pages: the public notice of a wave; the admin's access and erasure requests and the
processing record (art. 30) with its downloads."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from surveyapp.evaluate.downloads import XLSX, download
from surveyapp.exports import csv_download
from surveyapp.privacy import bp, notice_bp, queries
from surveyapp.privacy.forms import ErasureForm, PersonForm
from surveyapp.privacy.notice import notice_of
from surveyapp.privacy.register import HEADER, record_markdown, record_rows
from surveyapp.privacy.requests import access_zip, erase, find_person, wave_names


@notice_bp.route("/<slug>")
def notice(slug: str):
    """A wave's privacy notice, public: the mails link here."""
    wave = queries.wave_by_slug(slug) or abort(404)
    return render_template("privacy/notice.html", wave=wave, notice=notice_of(wave))


@bp.route("/")
def index():
    """Requests from a person and the processing record."""
    return render_template(
        "privacy/index.html", access=PersonForm(prefix="inzage"), erasure=ErasureForm()
    )


@bp.route("/inzage", methods=["POST"])
def access():
    """Everything stored at an address, as a ZIP (JSON and the mails as .eml)."""
    form = PersonForm(prefix="inzage")
    if form.validate_on_submit():
        person = find_person(form.email.data)
        if not person.found:
            form.email.errors.append("Bij dit e-mailadres is niets opgeslagen.")
        else:
            return download(access_zip(person, current_user), "application/zip", "inzage.zip")
    return render_template("privacy/index.html", access=form, erasure=ErasureForm()), 422


@bp.route("/verwijderen", methods=["POST"])
def erasure_check():
    """The confirmation screen: everything that will go, and the choice for the answers."""
    form = ErasureForm()
    person = find_person(form.email.data or "") if form.validate_on_submit() else None
    if person is not None and not person.found:
        form.email.errors.append("Bij dit e-mailadres is niets opgeslagen (meer).")
    if person is None or not person.found:
        return render_template(
            "privacy/index.html", access=PersonForm(prefix="inzage"), erasure=form
        ), 422
    return render_template(
        "privacy/erasure.html", form=form, person=person, waves=wave_names(person)
    )


@bp.route("/verwijderen/bevestigen", methods=["POST"])
def erasure_confirm():
    """Erase after the confirmation; the audit log keeps the counts, not the address."""
    form = ErasureForm()
    person = find_person(form.email.data) if form.validate_on_submit() else None
    if person is None or not person.found:
        flash("Er is niets verwijderd: het adres is onbekend of al verwijderd.", "error")
        return redirect(url_for("privacy.index"))
    done = erase(person, form.answers.data == "delete", current_user)
    return render_template("privacy/erased.html", done=done)


@bp.route("/register")
def register():
    """The processing record per survey and wave, as the app holds it now."""
    return render_template("privacy/register.html", header=HEADER, rows=record_rows())


@bp.route("/register.<any(csv, xlsx, md):fmt>")
def register_file(fmt: str):
    """The record as CSV, XLSX or Markdown (to paste into an authority's register)."""
    from surveyapp.evaluate.workbook import sheets_bytes

    rows = record_rows()
    if fmt == "csv":
        return csv_download("verwerkingsregister.csv", HEADER, rows)
    if fmt == "xlsx":
        body = sheets_bytes({"Register": (HEADER, rows)})
        return download(body, XLSX, "verwerkingsregister.xlsx")
    return download(record_markdown(rows), "text/markdown; charset=utf-8", "verwerkingsregister.md")
