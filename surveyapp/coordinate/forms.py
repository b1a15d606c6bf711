"""Coordinator forms: organisations, contacts, import, waves and mail texts."""

from __future__ import annotations

import re

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from surveyapp.forms import StaffForm, choices, upload_field
from surveyapp.models import ContactRole, OrgType

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


class ContactForm(StaffForm):
    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=200)])
    email = EmailField(
        "E-mailadres",
        validators=[
            DataRequired("Vul een e-mailadres in."),
            Email("Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl."),
            Length(max=254),
        ],
    )
    organisation_id = SelectField("Organisatie", coerce=int, choices=[])
    role = SelectField("Rol", choices=choices(ROLE_CHOICES))


class ImportForm(StaffForm):
    file = upload_field()


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
        default="contact",
        choices=choices(
            [
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


class MailTextsForm(StaffForm):
    invitation_subject = StringField(
        "Onderwerp uitnodiging", validators=[DataRequired(), Length(max=300)]
    )
    invitation_body = TextAreaField(
        "Tekst uitnodiging", validators=[DataRequired(), Length(max=20_000)]
    )
    reminder_subject = StringField(
        "Onderwerp herinnering", validators=[DataRequired(), Length(max=300)]
    )
    reminder_body = TextAreaField(
        "Tekst herinnering", validators=[DataRequired(), Length(max=20_000)]
    )
