"""Evaluator forms: historical import and interview grades."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from surveyapp.forms import choices, upload_field
from surveyapp.models import OrgType


class HistoricalImportForm(FlaskForm):
    file = upload_field()
    replace = BooleanField("Vervang eerder geïmporteerde antwoorden van deze uitvraag")


class InterviewForm(FlaskForm):
    """Organisation fields; the grade inputs are added per question in the template."""

    organisation = StringField(
        "Organisatie van de geïnterviewde",
        validators=[DataRequired("Vul de organisatie van de geïnterviewde in."), Length(max=200)],
    )
    org_type = SelectField("Type organisatie", choices=choices((t.value, t.label) for t in OrgType))
