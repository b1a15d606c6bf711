"""The admin's request forms and the coordinator's notice and retention form."""

from wtforms import IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from surveyapp.forms import StaffForm, choices, email_field
from surveyapp.privacy.retention import MAX_MONTHS, MIN_MONTHS


class PersonForm(StaffForm):
    email = email_field(
        "E-mailadres van de persoon", "Vul het e-mailadres in van wie het verzoek doet."
    )


class ErasureForm(PersonForm):
    answers = RadioField(
        "Wat gebeurt er met de antwoorden van deze persoon?",
        default="keep",
        choices=choices(
            [
                (
                    "keep",
                    "Bewaren bij de organisatie, zonder koppeling aan de persoon "
                    "(de resultaten blijven gelijk)",
                ),
                (
                    "delete",
                    "Verwijderen (alleen antwoorden die de persoon met de eigen link gaf; "
                    "de resultaten veranderen)",
                ),
            ]
        ),
    )


class WavePrivacyForm(StaffForm):
    privacy_text = TextAreaField(
        "Privacytekst (wie, waarvoor, grondslag, bij wie u terechtkunt)",
        validators=[Length(max=10_000, message="Gebruik ten hoogste 10.000 tekens.")],
    )
    retention_months = IntegerField(
        "Bewaartermijn (maanden na sluiting)",
        validators=[
            DataRequired("Vul de bewaartermijn in maanden in."),
            NumberRange(
                MIN_MONTHS, MAX_MONTHS, f"Kies {MIN_MONTHS} tot en met {MAX_MONTHS} maanden."
            ),
        ],
    )
    reason = StringField(
        "Reden (verplicht als u de termijn verlengt; komt in het logboek)",
        validators=[Optional(), Length(max=500, message="Gebruik ten hoogste 500 tekens.")],
    )
