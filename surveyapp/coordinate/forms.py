"""Coordinator forms: organisations, contacts, import, waves and mail texts."""

from __future__ import annotations

import re
from datetime import datetime, time

from flask import request
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from surveyapp.clock import end_of_day, local_to_utc
from surveyapp.forms import StaffForm, choices, email_field
from surveyapp.mail import texts
from surveyapp.models import PROVINCES, ContactRole, OrgType

ORG_TYPE_CHOICES = [(t.value, t.label) for t in OrgType]
ROLE_CHOICES = [(r.value, r.label) for r in ContactRole]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OrganisationForm(StaffForm):
    name = StringField(
        "Naam", validators=[DataRequired("Vul de naam van de organisatie in."), Length(max=200)]
    )
    org_type = SelectField("Type", choices=choices(ORG_TYPE_CHOICES))
    code = StringField("Code (optioneel)", validators=[Optional(), Length(max=50)])
    province = SelectField(
        "Provincie (optioneel)",
        default="",
        choices=choices([("", "(geen)")] + [(p, p) for p in PROVINCES]),
    )
    umbrella = BooleanField("Koepelorganisatie (zoals IPO of VNG)")


class ContactForm(StaffForm):
    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=200)])
    email = email_field()
    organisation_id = SelectField("Organisatie", coerce=int, choices=[])
    role = SelectField("Rol", choices=choices(ROLE_CHOICES))


def _date_after_opening(form, field):
    if form.opens_at.data and field.data and field.data <= form.opens_at.data:
        raise ValidationError("De sluitingsdatum moet na de openingsdatum liggen.")


class WaveForm(StaffForm):
    survey_version_id = SelectField("Vragenlijst", coerce=int, choices=[])
    name = StringField(
        "Naam van de uitvraag",
        validators=[
            DataRequired("Geef de uitvraag een naam, bijvoorbeeld ‘Eindevaluatie 2020’."),
            Length(max=200),
        ],
    )
    slug = StringField(
        "Korte naam (voor scripts)",
        validators=[
            DataRequired("Kies een korte naam, bijvoorbeeld eind-2020."),
            Length(max=100),
            Regexp(
                r"^[a-z0-9][a-z0-9-]*$", message="Gebruik kleine letters, cijfers en streepjes."
            ),
        ],
    )
    opens_at = DateField("Openingsdatum", validators=[Optional()])
    closes_at = DateField(
        "Sluitingsdatum",
        validators=[
            DataRequired("Kies een sluitingsdatum."),
            _date_after_opening,
        ],
    )
    period = IntegerField(
        "Peiljaar (bij een jaarlijkse opgave)",
        validators=[Optional(), NumberRange(1990, 2100, "Kies een jaartal, bijvoorbeeld 2021.")],
    )
    org_types = MultiCheckboxField("Organisatietypen", choices=choices(ORG_TYPE_CHOICES))
    roles = MultiCheckboxField("Rollen", choices=choices(ROLE_CHOICES))
    contact_emails = TextAreaField(
        "Losse contactpersonen (één e-mailadres per regel)",
        validators=[Optional(), Length(max=100_000)],
    )
    anonymity = RadioField(
        "Herleidbaarheid",
        default="identified",
        choices=choices(
            [
                ("identified", "Herleidbaar: antwoorden zijn te koppelen aan de organisatie"),
                ("anonymous", "Anoniem: niemand ziet wie wat heeft geantwoord"),
            ]
        ),
    )
    response_unit = RadioField(
        "Wie telt als respons",
        default="survey",
        choices=choices(
            [
                ("survey", "Zoals de vragenlijst aangeeft (anders: iedere contactpersoon apart)"),
                ("contact", "Iedere contactpersoon apart"),
                ("organisation", "Eén antwoord per organisatie volstaat"),
            ]
        ),
    )
    allow_edit_after_submit = BooleanField(
        "Respondenten mogen hun antwoorden wijzigen zolang de uitvraag open is", default=True
    )
    max_reminders = IntegerField(
        "Maximaal aantal herinneringen",
        default=3,
        validators=[NumberRange(0, 10, "Kies een aantal van 0 tot en met 10.")],
    )
    reminder_interval_days = IntegerField(
        "Minimaal aantal dagen tussen herinneringen",
        default=7,
        validators=[NumberRange(1, 60, "Kies 1 tot en met 60 dagen.")],
    )
    auto_reminders = BooleanField(
        "Herinneringen automatisch versturen (volgens de regels hierboven)"
    )

    def emails(self) -> list[str]:
        return [
            e.strip().lower()
            for e in re.split(r"[\s,;]+", self.contact_emails.data or "")
            if e.strip()
        ]

    def audience(self, known: dict[str, int]) -> dict | None:
        """Who is invited, given the contact ids of known e-mail addresses; None (with the
        field's error set) when an address is unknown or nobody is chosen."""
        unknown = [e for e in self.emails() if e not in known]
        if unknown:
            self.contact_emails.errors.append("Onbekende e-mailadressen: " + ", ".join(unknown))
            return None
        audience = {
            "org_types": self.org_types.data,
            "roles": self.roles.data,
            "contact_ids": sorted(known[e] for e in self.emails()),
        }
        if not any(audience.values()):
            self.org_types.errors.append(
                "Kies wie u uitnodigt: organisatietypen, rollen of losse contactpersonen."
            )
            return None
        return audience

    def settings(self) -> dict:
        """The wave's settings as stored: dates as UTC, a closing date through its whole day."""
        opens = self.opens_at.data
        return {
            "opens_at": local_to_utc(datetime.combine(opens, time())) if opens else None,
            "closes_at": end_of_day(self.closes_at.data),
            "period": self.period.data,
            "anonymity": self.anonymity.data,
            "response_unit": self.response_unit.data,  # "survey": see `apply_survey_defaults`
            "allow_edit_after_submit": self.allow_edit_after_submit.data,
            "max_reminders": self.max_reminders.data,
            "reminder_interval_days": self.reminder_interval_days.data,
            "auto_reminders": self.auto_reminders.data,
        }


def apply_survey_defaults(form: WaveForm, defaults: dict) -> bool:
    """Fill in what the chosen survey says a wave of it is (`wave_defaults` in its YAML):
    the response unit where the form left it to the survey, and a required peiljaar for a
    yearly return. False (with the message on the field) when the peiljaar is missing."""
    if form.response_unit.data == "survey":
        form.response_unit.data = defaults.get("response_unit", "contact")
    if defaults.get("yearly") and form.period.data is None:
        message = (
            "Deze vragenlijst is een jaarlijkse opgave: vul het peiljaar in (het jaar waarover "
            "wordt opgegeven)."
        )
        form.period.errors = [*form.period.errors, message]
        return False
    return True


class ExtendForm(StaffForm):
    closes_at = DateField("Nieuwe sluitingsdatum", validators=[DataRequired("Kies een datum.")])


class ReminderSettingsForm(StaffForm):
    max_reminders = IntegerField(
        "Maximaal aantal herinneringen",
        validators=[NumberRange(0, 10, "Kies een aantal van 0 tot en met 10.")],
    )
    reminder_interval_days = IntegerField(
        "Minimaal aantal dagen tussen herinneringen",
        validators=[NumberRange(1, 60, "Kies 1 tot en met 60 dagen.")],
    )
    auto_reminders = BooleanField("Herinneringen automatisch versturen")


def _mail_template(_form, field) -> None:
    """A mail text must be allowed and render (see mail.texts)."""
    try:
        texts.check_template(field.data or "")
    except texts.MailTemplateError as err:
        raise ValidationError(str(err)) from None


class MailTextsForm(StaffForm):
    invitation_subject = StringField(
        "Onderwerp uitnodiging", validators=[DataRequired(), Length(max=300), _mail_template]
    )
    invitation_body = TextAreaField(
        "Tekst uitnodiging", validators=[DataRequired(), Length(max=20_000), _mail_template]
    )
    reminder_subject = StringField(
        "Onderwerp herinnering", validators=[DataRequired(), Length(max=300), _mail_template]
    )
    reminder_body = TextAreaField(
        "Tekst herinnering", validators=[DataRequired(), Length(max=20_000), _mail_template]
    )

    @classmethod
    def for_wave(cls, wave) -> MailTextsForm:
        """On GET the wave's texts (or the defaults); on POST what was sent."""
        if request.method != "GET":
            return cls()
        return cls(
            data={
                "invitation_subject": wave.invitation_subject or texts.DEFAULT_INVITATION_SUBJECT,
                "invitation_body": wave.invitation_body or texts.DEFAULT_INVITATION_BODY,
                "reminder_subject": wave.reminder_subject or texts.DEFAULT_REMINDER_SUBJECT,
                "reminder_body": wave.reminder_body or texts.DEFAULT_REMINDER_BODY,
            }
        )

    def texts(self) -> dict[str, str]:
        return {f.name: f.data for f in self if f.name != "csrf_token"}


def create_wave_from(form: WaveForm, actor=None):
    """The draft wave a validated form asks for (page and API alike), or None with the
    problems on the form's fields: an unknown address, nobody chosen, a missing peiljaar,
    an unknown survey version, or a name or short name already in use."""
    from sqlalchemy.exc import IntegrityError

    from surveyapp.coordinate import operations as ops
    from surveyapp.coordinate.queries import contact_ids_by_email
    from surveyapp.definitions import survey_of
    from surveyapp.errors import DomainError
    from surveyapp.extensions import db
    from surveyapp.models import SurveyVersion

    audience = form.audience(contact_ids_by_email(form.emails()))
    chosen = db.session.get(SurveyVersion, form.survey_version_id.data)
    if chosen is None:
        form.survey_version_id.errors = [
            *form.survey_version_id.errors,
            "Deze vragenlijstversie bestaat niet.",
        ]
        return None
    if audience is None or not apply_survey_defaults(form, survey_of(chosen).wave_defaults):
        return None
    try:
        with db.session.begin_nested():  # a colleague's wave of the same name wins the race
            return ops.create_wave(
                chosen, form.name.data.strip(), form.slug.data, form.settings(), audience, actor
            )
    except DomainError as err:
        form.name.errors = [*form.name.errors, str(err)]
    except IntegrityError:
        form.name.errors = [
            *form.name.errors,
            "Zojuist is een uitvraag met deze naam of korte naam aangemaakt; kies een andere.",
        ]
    return None
