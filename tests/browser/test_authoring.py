"""A coordinator edits the demo's enquête in a spreadsheet and runs a wave on it, in Chromium:
download as XLSForm, reword a question, upload, see the change, preview, create the wave."""

from __future__ import annotations

import re

from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import select

from surveyapp.demo import DEMO_PASSWORD
from surveyapp.models import SurveyVersion, Wave
from tests.browser.conftest import create_wave, log_in

NEW_TEXT = "Hoe ver is de ambitie van artikel 2 (de transitie) volgens u gerealiseerd?"


def test_edit_in_a_spreadsheet_and_run_a_wave_on_it(demo, browser, server_url, session, tmp_path):
    context = browser.new_context(locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, server_url, "coordinator@surveyapp.test", DEMO_PASSWORD)

    page.get_by_role("navigation").get_by_role("link", name="Vragenlijsten").click()
    latest = page.get_by_role("link", name=re.compile(r"^Versie \d+$")).first  # newest first
    number = int(latest.inner_text().split()[1])
    latest.click()
    expect(page.get_by_text("Een uitvraag gebruikt deze versie")).to_be_visible()
    title = page.get_by_role("heading", level=1).inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Downloaden als XLSForm (Excel)").click()
    xlsx = tmp_path / info.value.suggested_filename
    info.value.save_as(xlsx)

    book = load_workbook(xlsx)  # what a person does in Excel: retype one question
    sheet = book["survey"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "art2_cijfer")
    row[2].value = NEW_TEXT
    book.save(xlsx)

    page.get_by_role("navigation").get_by_role("link", name="Vragenlijsten").click()
    page.get_by_label("Bestand (YAML, XLSForm of LimeSurvey)").set_input_files(str(xlsx))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_text(f"dit wordt versie {number + 1}")).to_be_visible()
    changes = page.get_by_role("table")
    expect(changes.get_by_text("anders geformuleerd")).to_be_visible()
    expect(changes.get_by_text(NEW_TEXT, exact=False)).to_be_visible()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text(f"Versie {number + 1} is opgeslagen.")).to_be_visible()

    page.get_by_role("link", name="Bekijken als respondent").click()
    expect(page.get_by_text("er wordt niets opgeslagen")).to_be_visible()
    expect(page.get_by_text(NEW_TEXT)).to_be_visible()
    page.go_back()

    page.get_by_role("link", name="Nieuwe uitvraag met deze versie").click()
    expect(page.get_by_label("Vragenlijst", exact=True)).to_have_value(
        str(
            session.scalar(
                select(SurveyVersion.id).where(
                    SurveyVersion.slug == "bevoegde-overheden", SurveyVersion.version == number + 1
                )
            )
        )
    )
    create_wave(page, "Nameting 2021", "nameting-2021")
    expect(page.get_by_text("Uitvraag Nameting 2021 is aangemaakt als concept.")).to_be_visible()

    session.expire_all()
    wave = session.scalar(select(Wave).where(Wave.slug == "nameting-2021"))
    assert wave.survey_version.version == number + 1
    assert title.startswith(wave.survey_version.title)
    question = next(
        q for s in wave.survey_version.definition["sections"] for q in s["questions"]
        if q["key"] == "art2_cijfer"
    )  # fmt: skip
    assert question["text"] == NEW_TEXT
    assert xlsx.name.endswith(f"-v{number}.xlsx")
