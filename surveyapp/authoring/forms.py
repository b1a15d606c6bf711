"""The Vragenlijsten forms: an upload, and the publish step that carries what was checked."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import DataRequired

from surveyapp.forms import StaffForm


class SurveyUploadForm(StaffForm):
    file = FileField(
        "Bestand (YAML, XLSForm of LimeSurvey)",
        validators=[
            FileRequired("Kies een bestand met een vragenlijst."),
            FileAllowed(
                ["yaml", "yml", "xlsx", "xls", "lss"],
                "Kies een .yaml-bestand, een XLSForm (.xlsx of .xls) of een LimeSurvey-export "
                "(.lss). Een Excel-bestand met macro’s (.xlsm) wordt niet gelezen.",
            ),
        ],
    )


class PublishForm(StaffForm):
    checked = HiddenField(validators=[DataRequired("Upload de vragenlijst opnieuw.")])
