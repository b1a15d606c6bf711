"""Coordinator pages for the people: organisations, contacts and their import."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from surveyapp.coordinate import bp
from surveyapp.coordinate import operations as ops
from surveyapp.coordinate.forms import ContactForm, OrganisationForm
from surveyapp.coordinate.imports import parse_contacts
from surveyapp.coordinate.queries import (
    all_waves,
    org_type_counts,
    organisations_by_name,
    organisations_with_counts,
    search_contacts,
    umbrella_organisations,
)
from surveyapp.errors import DomainError
from surveyapp.extensions import db
from surveyapp.forms import ConfirmForm, UploadForm, choices, import_upload
from surveyapp.inputs import accepts_upload
from surveyapp.models import Contact, ContactRole, Organisation, OrgType


@bp.route("/")
def index():
    """The coordinator's start: organisations per type and every wave."""
    return render_template(
        "coordinate/index.html", counts=org_type_counts(), umbrellas=umbrella_organisations(),
        waves=all_waves(),
    )  # fmt: skip


@bp.route("/organisations")
def organisations():
    """Organisations with their number of contacts, searchable by name."""
    query = request.args.get("q", "")[:200]
    rows = organisations_with_counts(query)
    return render_template(
        "coordinate/organisations.html", q=query, confirm=ConfirmForm(), rows=rows
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@bp.route("/organisations/<int:org_id>", methods=["GET", "POST"])
def organisation(org_id: int | None = None):
    """Add or edit an organisation."""
    org = db.get_or_404(Organisation, org_id) if org_id else None
    form = OrganisationForm(obj=org)
    if form.validate_on_submit():
        try:
            saved = ops.save_organisation(
                org, form.name.data, OrgType(form.org_type.data), form.code.data, current_user,
                form.province.data, form.umbrella.data,
            )  # fmt: skip
        except DomainError as err:
            form.name.errors.append(str(err))
        else:
            flash(f"Organisatie {saved.name} is opgeslagen.", "success")
            return redirect(url_for("coordinate.organisations"))
    return render_template("coordinate/organisation_form.html", form=form, org=org)


def _toggle(obj: Organisation | Contact, back: str):
    """(De)activate an organisation or a contact after the confirm form, then go back."""
    if ConfirmForm().validate_on_submit():
        ops.set_active(obj, not obj.active, current_user)
        flash(f"{obj.name} is {'geactiveerd' if obj.active else 'gedeactiveerd'}.", "success")
    return redirect(url_for(back))


@bp.route("/organisations/<int:org_id>/active", methods=["POST"])
def toggle_organisation(org_id: int):
    """Deactivate an organisation, or activate it again."""
    return _toggle(db.get_or_404(Organisation, org_id), "coordinate.organisations")


@bp.route("/contacts")
def contacts():
    """Contacts, searched by name, e-mail or organisation, sorted and 50 to a page."""
    query = request.args.get("q", "")[:200]
    sort = request.args.get("sort", "organisatie")
    found = search_contacts(query, sort, request.args.get("pagina", 1, type=int))
    return render_template(
        "coordinate/contacts.html", found=found, q=query, sort=sort, confirm=ConfirmForm()
    )


@bp.route("/contacts/new", methods=["GET", "POST"])
@bp.route("/contacts/<int:contact_id>", methods=["GET", "POST"])
def contact(contact_id: int | None = None):
    """Add or edit a contact person."""
    existing = db.get_or_404(Contact, contact_id) if contact_id else None
    form = ContactForm(obj=existing)
    form.organisation_id.choices = choices((o.id, o.name) for o in organisations_by_name())
    if form.validate_on_submit():
        try:
            saved = ops.save_contact(
                existing,
                form.name.data,
                form.email.data,
                db.get_or_404(Organisation, form.organisation_id.data),
                ContactRole(form.role.data),
                current_user,
            )
        except DomainError as err:
            form.email.errors.append(str(err))
        else:
            flash(f"Contactpersoon {saved.name} is opgeslagen.", "success")
            return redirect(url_for("coordinate.contacts"))
    return render_template("coordinate/contact_form.html", form=form, contact=existing)


@bp.route("/contacts/<int:contact_id>/active", methods=["POST"])
def toggle_contact(contact_id: int):
    """Deactivate a contact person, or activate them again."""
    return _toggle(db.get_or_404(Contact, contact_id), "coordinate.contacts")


@bp.route("/import", methods=["GET", "POST"])
@accepts_upload
def import_contacts():
    """Import contacts from CSV or XLSX: all or nothing, every bad row listed."""
    form = UploadForm()
    summary, errors = import_upload(
        form, parse_contacts, lambda parsed: ops.import_contact_table(parsed, current_user)
    )
    status = 422 if errors or form.errors else 200
    return render_template(
        "coordinate/import.html", form=form, errors=errors, summary=summary
    ), status
