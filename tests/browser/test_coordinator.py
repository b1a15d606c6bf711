"""A coordinator runs fieldwork in real Chromium: import, create, open, invite, watch the rate."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from surveyapp.mail.worker import send_due
from tests import factories as f
from tests.browser.conftest import create_wave, log_in

CSV = (
    "organisatie;org_type;naam;e-mail;rol\n"
    "Provincie Zeeland;provincie;Anna Bos;anna@zeeland.example.nl;bevoegd_gezag\n"
    "Gemeente Ede;gemeente;Bram Smit;bram@ede.example.nl;bevoegd_gezag\n"
    "Gemeente Emmen;gemeente;Cor Visser;cor@emmen.example.nl;bevoegd_gezag\n"
)


def test_fieldwork_end_to_end(browser, server_url, session, smtp, tmp_path):
    f.StaffUserFactory(email="coordinator@example.nl", role="coordinator")
    f.SurveyVersionFactory(slug="mini", title="Mini-enquête")
    session.commit()
    csv_path = tmp_path / "contacten.csv"
    csv_path.write_text(CSV, encoding="utf-8")

    staff = browser.new_context(locale="nl-NL").new_page()
    staff.set_default_timeout(10_000)
    log_in(staff, server_url, "coordinator@example.nl")

    staff.get_by_role("link", name="Contactpersonen importeren").click()
    staff.get_by_label("Bestand (CSV of Excel)").set_input_files(str(csv_path))
    staff.get_by_role("button", name="Importeren").click()
    expect(staff.get_by_text("3 organisaties en 3 contactpersonen toegevoegd")).to_be_visible()

    staff.goto(f"{server_url}/coordinate/")
    staff.get_by_role("link", name="Nieuwe uitvraag").click()
    create_wave(staff, "Eindevaluatie 2020", "eind-2020")
    expect(staff.get_by_text("0 van 3 (0%)")).to_be_visible()

    staff.get_by_role("button", name="Uitvraag openen").click()
    staff.get_by_role("button", name="Uitnodigingen versturen").click()
    expect(staff.get_by_text("3 uitnodigingen staan klaar om te versturen")).to_be_visible()
    assert send_due().sent == 3  # what `flask mail worker` does

    mail = next(m for m in smtp.messages if m["To"] == "bram@ede.example.nl")
    link = re.search(r"http://\S+/r/\S+", mail.get_body(("plain",)).get_content()).group(0)
    respondent = browser.new_context(locale="nl-NL").new_page()
    respondent.set_default_timeout(10_000)
    respondent.goto(link.replace("http://127.0.0.1:5000", server_url))
    expect(respondent.get_by_text("namens Gemeente Ede")).to_be_visible()
    respondent.get_by_role("link", name="Beginnen").click()
    respondent.get_by_label("7", exact=True).check()
    respondent.get_by_role("button", name="Naar het overzicht").click()
    respondent.get_by_role("button", name="Antwoorden insturen").click()
    respondent.wait_for_url("**/r/bedankt")

    staff.reload()
    expect(staff.get_by_text("1 van 3 (33%)").first).to_be_visible()
    gemeente = staff.get_by_role(
        "row", name=re.compile(r"^Gemeente 2 0 2 0 1 1 1 50%")
    )  # in wave, queued, sent, failed, …
    expect(gemeente).to_be_visible()
    expect(staff.get_by_role("heading", name="Nog niet ingevuld (2)")).to_be_visible()
