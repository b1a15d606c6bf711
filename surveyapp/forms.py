"""Form helpers shared by the staff areas."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectChoice


class ConfirmForm(FlaskForm):
    """An empty form: a button that carries a CSRF token."""


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """WTForms select choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def upload_field() -> FileField:
    """The CSV/XLSX upload used by every import form."""
    return FileField(
        "Bestand (CSV of Excel)",
        validators=[
            FileRequired("Kies een bestand om te importeren."),
            FileAllowed(
                ["csv", "xlsx", "txt"],
                "Upload een CSV-bestand (.csv) of een Excel-bestand (.xlsx).",
            ),
        ],
    )
