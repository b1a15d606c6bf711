"""The processing record (art. 30) comes from the models: every column is classified, and the
record and its downloads list each wave with what it holds."""

from __future__ import annotations

import io

import openpyxl

from surveyapp.extensions import db
from surveyapp.models import Anonymity
from surveyapp.privacy.register import NOT_PERSONAL, PERSONAL, categories
from tests import factories as f


def test_every_column_of_every_model_is_classified():
    """A new column with personal data fails here until the record's mapping names it."""
    unclassified = [
        f"{table.name}.{column.name}"
        for table in db.metadata.sorted_tables
        for column in table.columns
        if (table.name, column.name) not in PERSONAL
        and column.name not in NOT_PERSONAL.get(table.name, set())
    ]
    assert unclassified == []
    both = [k for k in PERSONAL if k[1] in NOT_PERSONAL.get(k[0], set())]
    assert both == []


def test_an_anonymous_wave_holds_no_answers_linked_to_people():
    identified, people = categories(anonymous=False)
    anonymous, _ = categories(anonymous=True)
    assert "antwoorden, gekoppeld aan de persoon" in identified
    assert "antwoorden, gekoppeld aan de persoon" not in anonymous
    assert "e-mailadres" in anonymous and "contactpersonen" in people


def test_the_record_page_and_downloads(client, login_as, session):
    f.WaveFactory(name="Eindevaluatie", anonymity=Anonymity.ANONYMOUS)
    f.WaveFactory(name="Tussenmeting")
    session.commit()
    login_as("admin")
    page = client.get("/admin/privacy/register").get_data(as_text=True)
    assert "Eindevaluatie" in page and "Tussenmeting" in page and "Beheerder (1)" in page
    csv = client.get("/admin/privacy/register.csv").get_data(as_text=True)
    assert csv.startswith("\ufeffVragenlijst,Uitvraag,Anoniem") and csv.count("\r\n") == 3
    md = client.get("/admin/privacy/register.md").get_data(as_text=True)
    assert "## Eindevaluatie" in md and "- **Anoniem:** ja" in md
    xlsx = client.get("/admin/privacy/register.xlsx").get_data()
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert [c.value for c in sheet[1]][:3] == ["Vragenlijst", "Uitvraag", "Anoniem"]
    assert sheet.max_row == 3
