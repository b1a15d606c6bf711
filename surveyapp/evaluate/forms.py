"""Evaluator forms: historical import, interview grades and the article dashboard."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange

from surveyapp.forms import StaffForm, choices, upload_field
from surveyapp.models import ArticleStatus, OrgType


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


class DashboardRoundForm(StaffForm):
    """A new evaluation round of the article dashboard."""

    name = StringField(
        "Naam",
        validators=[DataRequired("Geef het dashboard een naam, bijvoorbeeld ‘Eindevaluatie 2020’."),
                    Length(max=200)],
    )  # fmt: skip
    year = IntegerField(
        "Jaar",
        validators=[DataRequired("Vul het jaar in."), NumberRange(1990, 2100, "Kies een jaartal.")],
    )
    wave_id = SelectField("Enquête van deze ronde (voor de cijfers)", coerce=int, choices=[])


class UploadForm(StaffForm):
    """One CSV/XLSX file (the dashboard, earlier monitoring returns)."""

    file = upload_field()


class DashboardEntryForm(StaffForm):
    """One article of the dashboard."""

    article = StringField("Artikel", validators=[DataRequired("Vul het artikelnummer in.")])
    summary = TextAreaField("Afspraak (verkorte weergave)")
    status = RadioField(
        "Uitvoering op schema",
        choices=choices((s.value, s.label) for s in ArticleStatus),
        validators=[DataRequired("Kies de status.")],
    )
    explanation = TextAreaField("Toelichting")
    grades = StringField("Gekoppelde cijfers (vraagcodes, met komma’s)")
