"""Forms of the article dashboard: a new round and one article."""

from __future__ import annotations

from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from surveyapp.forms import StaffForm, choices
from surveyapp.models import ArticleStatus


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
