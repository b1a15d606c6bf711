"""Coordinator pages for a wave: create, open, extend, close, mail, texts and the response."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from analysis.format import nl_date
from surveyapp.clock import end_of_day
from surveyapp.coordinate import bp
from surveyapp.coordinate import operations as ops
from surveyapp.coordinate.charts import wave_chart
from surveyapp.coordinate.forms import (
    ExtendForm,
    MailTextsForm,
    ReminderSettingsForm,
    WaveForm,
    create_wave_from,
)
from surveyapp.coordinate.queries import (
    org_type_counts,
    queued_mail_count,
    sample_invitation,
    umbrella_organisations,
)
from surveyapp.coordinate.rates import MISSING_HEADER, missing_rows, wave_rate
from surveyapp.errors import DomainError
from surveyapp.exports import csv_download
from surveyapp.forms import ConfirmForm, choices
from surveyapp.mail import texts
from surveyapp.models import OrgType, SurveyVersion
from surveyapp.privacy.forms import WavePrivacyForm
from surveyapp.privacy.notice import default_text
from surveyapp.privacy.operations import save_wave_privacy
from surveyapp.privacy.retention import months_of, outlook


def back_to_wave():
    return redirect(url_for("coordinate.wave", wave_id=g.wave.id))


@bp.route("/waves/new", methods=["GET", "POST"])
def new_wave():
    """A new wave (uitvraag) as a draft: survey version, dates, settings and audience."""
    form = WaveForm()
    form.survey_version_id.choices = choices(
        (v.id, f"{v.title} (versie {v.version})") for v in SurveyVersion.latest_per_slug()
    )
    counts = org_type_counts()  # the parties each type reaches; umbrella bodies apart
    form.org_types.choices = choices((t.value, f"{t.label} ({counts.get(t, 0)})") for t in OrgType)
    if request.method == "GET" and request.args.get("versie", type=int):  # from Vragenlijsten
        form.survey_version_id.data = request.args.get("versie", type=int)
    if form.validate_on_submit():
        wave = create_wave_from(form, current_user)
        if wave is not None:
            flash(f"Uitvraag {wave.name} is aangemaakt als concept.", "success")
            return redirect(url_for("coordinate.wave", wave_id=wave.id))
    return render_template(
        "coordinate/wave_form.html", form=form, umbrellas=umbrella_organisations()
    )


@bp.route("/waves/<int:wave_id>")
def wave():
    """A wave's response rate, chart, mail queue and actions."""
    rate = wave_rate(g.wave)
    return render_template(
        "coordinate/wave.html",
        wave=g.wave,
        rate=rate,
        chart=wave_chart(g.wave, rate),
        queued=queued_mail_count(g.wave),
        confirm=ConfirmForm(),
        extend=ExtendForm(),
        reminders=ReminderSettingsForm(obj=g.wave),
    )


@bp.route("/waves/<int:wave_id>/<any(open, close):action>", methods=["POST"])
def move_wave(action: str):
    """Open or close the wave through its state machine."""
    if ConfirmForm().validate_on_submit():
        move = ops.open_wave if action == "open" else ops.close_wave
        try:
            move(g.wave, current_user)
        except DomainError as err:
            flash(str(err), "error")
        else:
            done = "geopend" if action == "open" else "gesloten"
            flash(f"De uitvraag is {done}.", "success")
    return back_to_wave()


@bp.route("/waves/<int:wave_id>/extend", methods=["POST"])
def extend_wave():
    """Move the closing date later."""
    form = ExtendForm()
    if not form.validate_on_submit():
        flash("Kies een geldige nieuwe sluitingsdatum.", "error")
        return back_to_wave()
    try:
        ops.extend_wave(g.wave, end_of_day(form.closes_at.data), current_user)
    except DomainError as err:
        flash(str(err), "error")
    else:
        flash(f"De uitvraag sluit nu op {nl_date(form.closes_at.data)}.", "success")
    return back_to_wave()


@bp.route("/waves/<int:wave_id>/<any(invite, remind, audience):action>", methods=["POST"])
def wave_mail(action: str):
    """Send invitations, send reminders, or invite who joined the audience since."""
    if ConfirmForm().validate_on_submit():
        try:
            flash(ops.queue_mail(g.wave, action, current_user)[1], "success")
        except DomainError as err:
            flash(str(err), "error")
    return back_to_wave()


@bp.route("/waves/<int:wave_id>/reminders", methods=["POST"])
def reminder_settings():
    """How many reminders, how far apart, automatic or not."""
    form = ReminderSettingsForm()
    if form.validate_on_submit():
        ops.save_reminder_settings(
            g.wave,
            form.max_reminders.data,
            form.reminder_interval_days.data,
            form.auto_reminders.data,
            current_user,
        )
        flash("De instellingen voor herinneringen zijn opgeslagen.", "success")
    else:
        flash(" ".join(e for errs in form.errors.values() for e in errs), "error")
    return back_to_wave()


@bp.route("/waves/<int:wave_id>/mail", methods=["GET", "POST"])
def mail_texts():
    """Edit the invitation and reminder texts, with a preview for a real contact."""
    form = MailTextsForm.for_wave(g.wave)
    if form.validate_on_submit():
        ops.save_mail_texts(g.wave, form.texts(), current_user)
        flash("De teksten zijn opgeslagen.", "success")
        return redirect(url_for("coordinate.mail_texts", wave_id=g.wave.id))
    sample = sample_invitation(g.wave)
    cfg = current_app.config
    previews = (
        {
            k: texts.render_mail(k, sample, cfg["BASE_URL"], cfg["CONTACT_EMAIL"], preview=True)
            for k in ("invitation", "reminder")
        }
        if sample and not form.errors
        else None
    )
    return render_template(
        "coordinate/mail_texts.html",
        wave=g.wave,
        form=form,
        sample=sample,
        previews=previews,
        placeholders=texts.PLACEHOLDERS,
    )


@bp.route("/waves/<int:wave_id>/nog-niet-ingevuld.csv")
def missing_csv():
    """Who has not answered yet, as a CSV (cells neutralised against formulas)."""
    rows = missing_rows(wave_rate(g.wave))
    return csv_download(f"{g.wave.slug}-nog-niet-ingevuld.csv", MISSING_HEADER, rows)


@bp.route("/waves/<int:wave_id>/privacy", methods=["GET", "POST"])
def wave_privacy():
    """The wave's privacy notice and retention: what goes when, and a longer period."""
    form = WavePrivacyForm(
        privacy_text=g.wave.privacy_text or default_text(g.wave), retention_months=months_of(g.wave)
    )
    if form.validate_on_submit():
        try:
            save_wave_privacy(
                g.wave,
                form.privacy_text.data,
                form.retention_months.data,
                form.reason.data or "",
                current_user,
            )
        except DomainError as err:
            form.privacy_text.errors.append(str(err))
        else:
            flash("De privacytekst en de bewaartermijn zijn opgeslagen.", "success")
            return redirect(url_for("coordinate.wave_privacy", wave_id=g.wave.id))
    return render_template(
        "coordinate/wave_privacy.html", wave=g.wave, form=form, outlook=outlook(g.wave)
    ), 422 if form.errors else 200
