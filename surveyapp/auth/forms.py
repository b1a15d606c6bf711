"""Login form and the form for a new API token."""

from wtforms import EmailField, IntegerField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from surveyapp.forms import StaffForm


class LoginForm(StaffForm):
    email = EmailField(
        "E-mailadres",
        validators=[DataRequired("Vul uw e-mailadres in."), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Wachtwoord",
        validators=[DataRequired("Vul uw wachtwoord in."), Length(max=512)],
        render_kw={"autocomplete": "current-password"},
    )


class ApiTokenForm(StaffForm):
    name = StringField(
        "Naam (waarvoor gebruikt u de sleutel?)",
        validators=[
            DataRequired("Geef de sleutel een naam, bijvoorbeeld ‘responsscript’."),
            Length(max=100, message="Gebruik ten hoogste 100 tekens."),
        ],
    )
    days = IntegerField(
        "Geldig (dagen)",
        default=90,
        validators=[
            DataRequired("Vul in hoeveel dagen de sleutel geldig is."),
            NumberRange(1, 366, "Kies 1 tot en met 366 dagen."),
        ],
    )
