"""Coordinator pages: thin views over coordinate/operations.py and mail/outbox.py."""

from __future__ import annotations

from datetime import datetime, time

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from analysis.format import nl_date
from surveyapp.clock import end_of_day, local_day, local_to_utc
from surveyapp.coordinate import bp
from surveyapp.coordinate import operations as ops
from surveyapp.coordinate.charts import completions_svg
from surveyapp.coordinate.forms import (
    ContactForm,
    ExtendForm,
    ImportForm,
    MailTextsForm,
    OrganisationForm,
    ReminderSettingsForm,
    WaveForm,
)
from surveyapp.coordinate.imports import parse_contacts
from surveyapp.coordinate.queries import (
    all_waves,
    org_type_counts,
    organisations_with_counts,
    search_contacts,
)
from surveyapp.coordinate.rates import wave_rate
from surveyapp.errors import DomainError
from surveyapp.exports import csv_download
from surveyapp.extensions import db
from surveyapp.forms import ConfirmForm, choices
from surveyapp.mail import texts
from surveyapp.mail.outbox import queue_invitations, queue_reminders
from surveyapp.models import (
    Contact,
    ContactRole,
    Invitation,
    Organisation,
    OrgType,
    OutboxMessage,
    OutboxStatus,
    SurveyVersion,
    Wave,
    utcnow,
)
from surveyapp.tables import read_table


def get_or_404(model, object_id: int):
    return db.session.get(model, object_id) or abort(404)


@bp.route("/")
def index():
    return render_template("coordinate/index.html", counts=org_type_counts(), waves=all_waves())


# --- organisations ------------------------------------------------------------------------


@bp.route("/organisations")
def organisations():
    query = request.args.get("q", "")[:200]
    return render_template(
        "coordinate/organisations.html",
        q=query,
        confirm=ConfirmForm(),
        rows=organisations_with_counts(query),
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@bp.route("/organisations/<int:org_id>", methods=["GET", "POST"])
def organisation(org_id: int | None = None):
    org = get_or_404(Organisation, org_id) if org_id else None
    form = OrganisationForm(obj=org)
    if form.validate_on_submit():
        try:
            saved = ops.save_organisation(
                org, form.name.data, OrgType(form.org_type.data), form.code.data, current_user
            )
        except DomainError as err:
            form.name.errors.append(str(err))
        else:
            flash(f"Organisatie {saved.name} is opgeslagen.", "success")
            return redirect(url_for("coordinate.organisations"))
    return render_template("coordinate/organisation_form.html", form=form, org=org)


@bp.route("/organisations/<int:org_id>/active", methods=["POST"])
def toggle_organisation(org_id: int):
    org = get_or_404(Organisation, org_id)
    if ConfirmForm().validate_on_submit():
        ops.set_active(org, not org.active, current_user)
        flash(f"{org.name} is {'geactiveerd' if org.active else 'gedeactiveerd'}.", "success")
    return redirect(url_for("coordinate.organisations"))


# --- contacts -----------------------------------------------------------------------------


@bp.route("/contacts")
def contacts():
    query = request.args.get("q", "")[:200]
    return render_template(
        "coordinate/contacts.html", contacts=search_contacts(query), q=query, confirm=ConfirmForm()
    )


@bp.route("/contacts/new", methods=["GET", "POST"])
@bp.route("/contacts/<int:contact_id>", methods=["GET", "POST"])
def contact(contact_id: int | None = None):
    existing = get_or_404(Contact, contact_id) if contact_id else None
    form = ContactForm(obj=existing)
    orgs = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form.organisation_id.choices = choices((o.id, o.name) for o in orgs)
    if form.validate_on_submit():
        try:
            saved = ops.save_contact(
                existing,
                form.name.data,
                form.email.data,
                get_or_404(Organisation, form.organisation_id.data),
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
    person = get_or_404(Contact, contact_id)
    if ConfirmForm().validate_on_submit():
        ops.set_active(person, not person.active, current_user)
        flash(f"{person.name} is {'geactiveerd' if person.active else 'gedeactiveerd'}.", "success")
    return redirect(url_for("coordinate.contacts"))


@bp.route("/import", methods=["GET", "POST"])
def import_contacts():
    form, errors, summary = ImportForm(), [], None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            parsed = parse_contacts(read_table(upload.filename or "", upload.read()))
        except ValueError as err:
            form.file.errors.append(str(err))
        else:
            errors = parsed.errors
            if not errors:
                summary = ops.import_contacts(parsed.rows, current_user)
                errors = list(summary.errors)
    status = 422 if errors or form.errors else 200
    return render_template(
        "coordinate/import.html", form=form, errors=errors, summary=None if errors else summary
    ), status


# --- waves --------------------------------------------------------------------------------


def _wave_form_choices(form: WaveForm) -> None:
    latest = (
        select(SurveyVersion.slug, func.max(SurveyVersion.version).label("v"))
        .group_by(SurveyVersion.slug)
        .subquery()
    )
    versions = db.session.scalars(
        select(SurveyVersion).join(
            latest, (SurveyVersion.slug == latest.c.slug) & (SurveyVersion.version == latest.c.v)
        )
    ).all()
    form.survey_version_id.choices = choices(
        (v.id, f"{v.title} (versie {v.version})") for v in versions
    )


@bp.route("/waves/new", methods=["GET", "POST"])
def new_wave():
    form = WaveForm()
    _wave_form_choices(form)
    if form.validate_on_submit():
        emails = form.emails()
        known = dict(
            db.session.execute(
                select(Contact.email, Contact.id).where(Contact.email.in_(emails))
            ).all()
        )
        unknown = [e for e in emails if e not in known]
        audience = {
            "org_types": form.org_types.data,
            "roles": form.roles.data,
            "contact_ids": sorted(known.values()),
        }
        if unknown:
            form.contact_emails.errors.append("Onbekende e-mailadressen: " + ", ".join(unknown))
        elif not any(audience.values()):
            form.org_types.errors.append(
                "Kies wie u uitnodigt: organisatietypen, rollen of losse contactpersonen."
            )
        else:
            try:
                wave = ops.create_wave(
                    get_or_404(SurveyVersion, form.survey_version_id.data),
                    form.name.data.strip(),
                    form.slug.data,
                    _wave_settings(form),
                    audience,
                    current_user,
                )
            except DomainError as err:
                form.name.errors.append(str(err))
            else:
                flash(f"Uitvraag {wave.name} is aangemaakt als concept.", "success")
                return redirect(url_for("coordinate.wave", wave_id=wave.id))
    return render_template("coordinate/wave_form.html", form=form)


def _wave_settings(form: WaveForm) -> dict:
    return {
        "opens_at": local_to_utc(datetime.combine(form.opens_at.data, time()))
        if form.opens_at.data
        else None,
        "closes_at": end_of_day(form.closes_at.data),
        "anonymity": form.anonymity.data,
        "response_unit": form.response_unit.data,
        "allow_edit_after_submit": form.allow_edit_after_submit.data,
        "max_reminders": form.max_reminders.data,
        "reminder_interval_days": form.reminder_interval_days.data,
        "auto_reminders": form.auto_reminders.data,
    }


@bp.route("/waves/<int:wave_id>")
def wave(wave_id: int):
    wave = get_or_404(Wave, wave_id)
    rate = wave_rate(wave)
    queued = db.session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.wave_id == wave.id,
            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
        )
    )
    start = local_day(wave.opened_at) if wave.opened_at else None
    chart = completions_svg(
        rate.completions_by_day,
        rate.reminder_days,
        rate.overall.invited,
        start,
        local_day(utcnow()),
    )
    extend = ExtendForm()
    reminders = ReminderSettingsForm(obj=wave)
    return render_template(
        "coordinate/wave.html",
        wave=wave,
        rate=rate,
        chart=chart,
        queued=queued,
        confirm=ConfirmForm(),
        extend=extend,
        reminders=reminders,
    )


@bp.route("/waves/<int:wave_id>/<any(open, close):action>", methods=["POST"])
def move_wave(wave_id: int, action: str):
    wave = get_or_404(Wave, wave_id)
    if ConfirmForm().validate_on_submit():
        try:
            ops.move_wave(wave, action, current_user)
        except DomainError as err:
            flash(str(err), "error")
        else:
            flash(
                "De uitvraag is geopend." if action == "open" else "De uitvraag is gesloten.",
                "success",
            )
    return redirect(url_for("coordinate.wave", wave_id=wave.id))


@bp.route("/waves/<int:wave_id>/extend", methods=["POST"])
def extend_wave(wave_id: int):
    wave, form = get_or_404(Wave, wave_id), ExtendForm()
    if not form.validate_on_submit():
        flash("Kies een geldige nieuwe sluitingsdatum.", "error")
    else:
        try:
            ops.move_wave(wave, "extend", current_user, end_of_day(form.closes_at.data))
        except DomainError as err:
            flash(str(err), "error")
        else:
            flash(f"De uitvraag sluit nu op {nl_date(form.closes_at.data)}.", "success")
    return redirect(url_for("coordinate.wave", wave_id=wave.id))


@bp.route("/waves/<int:wave_id>/<any(invite, remind, audience):action>", methods=["POST"])
def wave_mail(wave_id: int, action: str):
    wave = get_or_404(Wave, wave_id)
    if ConfirmForm().validate_on_submit():
        try:
            if action == "invite":
                n = queue_invitations(wave)
                flash(f"{n} uitnodigingen staan klaar om te versturen.", "success")
            elif action == "remind":
                n = queue_reminders(wave)
                flash(
                    f"{n} herinneringen staan klaar om te versturen."
                    if n
                    else "Er is nu niemand aan een herinnering toe.",
                    "success",
                )
            else:
                n = ops.refresh_invitations(wave, current_user)
                flash(f"{n} nieuwe contactpersonen toegevoegd aan de uitvraag.", "success")
        except DomainError as err:
            flash(str(err), "error")
    return redirect(url_for("coordinate.wave", wave_id=wave.id))


@bp.route("/waves/<int:wave_id>/reminders", methods=["POST"])
def reminder_settings(wave_id: int):
    wave, form = get_or_404(Wave, wave_id), ReminderSettingsForm()
    if form.validate_on_submit():
        form.populate_obj(wave)
        flash("De instellingen voor herinneringen zijn opgeslagen.", "success")
    else:
        flash(" ".join(e for errs in form.errors.values() for e in errs), "error")
    return redirect(url_for("coordinate.wave", wave_id=wave.id))


@bp.route("/waves/<int:wave_id>/mail", methods=["GET", "POST"])
def mail_texts(wave_id: int):
    wave = get_or_404(Wave, wave_id)
    form = (
        MailTextsForm(
            data={
                "invitation_subject": wave.invitation_subject or texts.DEFAULT_INVITATION_SUBJECT,
                "invitation_body": wave.invitation_body or texts.DEFAULT_INVITATION_BODY,
                "reminder_subject": wave.reminder_subject or texts.DEFAULT_REMINDER_SUBJECT,
                "reminder_body": wave.reminder_body or texts.DEFAULT_REMINDER_BODY,
            }
        )
        if request.method == "GET"
        else MailTextsForm()
    )
    if form.validate_on_submit():
        for field in (
            form.invitation_subject,
            form.invitation_body,
            form.reminder_subject,
            form.reminder_body,
        ):
            try:
                texts.check_template(field.data)
            except texts.MailTemplateError as err:
                field.errors.append(str(err))
        if not any(f.errors for f in form):
            form.populate_obj(wave)
            flash("De teksten zijn opgeslagen.", "success")
            return redirect(url_for("coordinate.mail_texts", wave_id=wave.id))
    sample = db.session.scalar(select(Invitation).where(Invitation.wave_id == wave.id).limit(1))
    previews = _previews(wave, sample) if sample and not form.errors else None
    return render_template(
        "coordinate/mail_texts.html",
        wave=wave,
        form=form,
        sample=sample,
        previews=previews,
        placeholders=texts.PLACEHOLDERS,
    )


def _previews(wave: Wave, invitation: Invitation) -> dict[str, texts.RenderedMail]:
    cfg = current_app.config
    return {
        kind: texts.render_mail(kind, invitation, cfg["BASE_URL"], cfg["CONTACT_EMAIL"])
        for kind in ("invitation", "reminder")
    }


@bp.route("/waves/<int:wave_id>/nog-niet-ingevuld.csv")
def missing_csv(wave_id: int):
    wave = get_or_404(Wave, wave_id)
    rate = wave_rate(wave)
    rows = [
        (
            u.organisation,
            u.org_type.label,
            u.label,
            "; ".join(u.emails),
            "; ".join(sorted(r.label for r in u.roles)),
            nl_date(u.sent_at),
            u.reminder_count,
            nl_date(u.last_reminded_at),
        )
        for u in rate.missing
    ]
    header = [
        "organisatie",
        "type",
        "naam",
        "e-mail",
        "rol",
        "uitgenodigd op",
        "herinneringen",
        "laatste herinnering",
    ]
    return csv_download(f"{wave.slug}-nog-niet-ingevuld.csv", header, rows)
