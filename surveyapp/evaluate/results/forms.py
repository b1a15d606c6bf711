"""Forms of a wave's results: the import of an earlier round and an interview's grades."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length

from surveyapp.forms import StaffForm, choices, upload_field
from surveyapp.models import OrgType


class HistoricalImportForm(StaffForm):
    file = upload_field()
    replace = BooleanField("Vervang eerder geïmporteerde antwoorden van deze uitvraag")


class InterviewForm(StaffForm):
    """Organisation fields; the grade inputs are added per question in the template."""

    organisation = StringField(
        "Organisatie van de geïnterviewde",
        validators=[DataRequired("Vul de organisatie van de geïnterviewde in."), Length(max=200)],
    )
    org_type = SelectField("Type organisatie", choices=choices((t.value, t.label) for t in OrgType))
