"""Form helpers shared by the staff areas."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import EmailField, SelectChoice
from wtforms.validators import DataRequired, Email, Length

DUTCH_MESSAGES = {
    "Not a valid choice.": "Kies een van de mogelijkheden.",
    "Not a valid integer value.": "Vul een geheel getal in.",
    "Not a valid date value.": "Vul een datum in, bijvoorbeeld 31-12-2026.",
    "This field is required.": "Vul dit veld in.",
    "Invalid email address.": "Vul een geldig e-mailadres in.",
    "Invalid input.": "Deze invoer klopt niet.",
    "Field must be between %(min)d and %(max)d characters long.": (
        "Gebruik tussen %(min)d en %(max)d tekens."
    ),
    "Field cannot be longer than %(max)d character.": "Gebruik hooguit %(max)d teken.",
    "Field cannot be longer than %(max)d characters.": "Gebruik hooguit %(max)d tekens.",
    "Field must be at least %(min)d character long.": "Gebruik minstens %(min)d teken.",
    "Field must be at least %(min)d characters long.": "Gebruik minstens %(min)d tekens.",
    "Number must be between %(min)s and %(max)s.": "Kies een getal van %(min)s tot en met %(max)s.",
    "'%(value)s' is not a valid choice for this field.": "‘%(value)s’ is hier geen keuze.",
    "'%(value)s' are not valid choices for this field.": "‘%(value)s’ zijn hier geen keuzes.",
}


class DutchTranslations:
    """WTForms' built-in messages in Dutch (the app has no gettext catalogue)."""

    def gettext(self, string: str) -> str:
        return DUTCH_MESSAGES.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class StaffForm(FlaskForm):
    """Base of every staff form: CSRF from Flask-WTF, messages in Dutch."""

    class Meta:
        def get_translations(self, form):
            return DutchTranslations()


def email_field(
    label: str = "E-mailadres",
    missing: str = "Vul een e-mailadres in.",
    example: str = "naam@gemeente.nl",
) -> EmailField:
    """An e-mail field with the app's checks and Dutch messages (at most 254 characters)."""
    return EmailField(
        label,
        validators=[
            DataRequired(missing),
            Email(f"Vul een geldig e-mailadres in, bijvoorbeeld {example}."),
            Length(max=254),
        ],
    )


class ConfirmForm(StaffForm):
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


class UploadForm(StaffForm):
    """One CSV/XLSX file (contacts, the dashboard, earlier monitoring returns)."""

    file = upload_field()


def import_upload(form, parse, store):
    """Every import page: read the uploaded table, check every row (`parse` → Parsed), and
    `store` only a file without problems. Returns (what `store` returned, or None; the rows'
    problems). A file that cannot be read or stored lands on the form's file field; a store
    whose result carries `errors` (a clash with stored data) has written nothing."""
    from surveyapp.errors import DomainError
    from surveyapp.tables import read_table

    if not form.validate_on_submit():
        return None, []
    try:
        upload = form.file.data
        parsed = parse(read_table(upload.filename or "", upload.read()))
        if parsed.errors:
            return None, parsed.errors
        stored = store(parsed)
    except DomainError as err:
        form.file.errors.append(str(err))
        return None, []
    if getattr(stored, "errors", None):
        return None, list(stored.errors)
    return stored, []
