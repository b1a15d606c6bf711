"""Staff-account forms."""

from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from surveyapp.forms import StaffForm, choices, email_field
from surveyapp.models import StaffRole
from surveyapp.models.staff import MIN_PASSWORD_LENGTH


class StaffUserForm(StaffForm):
    email = email_field(example="naam@organisatie.nl")
    name = StringField("Naam", validators=[Length(max=200)])
    role = SelectField(
        "Rol",
        choices=choices((r.value, r.label) for r in StaffRole),
        default=StaffRole.EVALUATOR.value,  # the least privileged role unless chosen otherwise
    )
    password = PasswordField(
        "Wachtwoord",
        validators=[
            DataRequired("Kies een wachtwoord."),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=512,
                message=f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn.",
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
