"""An evaluator reads the demo's results and downloads the XLSX and the chapter in Chromium."""

from __future__ import annotations

import zipfile

from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import log_in


def test_evaluator_reads_results_and_downloads(demo, browser, server_url, session, tmp_path):
    f.StaffUserFactory(email="evaluator@example.nl", role="evaluator")
    session.commit()
    context = browser.new_context(locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, server_url, "evaluator@example.nl")
    page.get_by_role("link", name="Eindevaluatie 2020 – bevoegde overheden").click()
    expect(page.get_by_text("34 ingevulde vragenlijsten")).to_be_visible()
    for heading in (
        "Cijfers per vraag",
        "Provincies en gemeenten",
        "In woorden",
        "Enquête en interviews",
        "Thema’s",
    ):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("Bij de geïnterviewden was de waardering").first).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    xlsx = tmp_path / "results.xlsx"
    info.value.save_as(xlsx)
    assert zipfile.is_zipfile(xlsx)
    with page.expect_download() as info:
        page.get_by_role("link", name="Hoofdstuk (Word)").click()
    assert info.value.suggested_filename == "eind-2020-bevoegde-overheden-hoofdstuk.docx"

    page.get_by_role("link", name="Hoofdstuk (HTML)").click()
    expect(page.get_by_role("heading", name="Resultaten Eindevaluatie 2020")).to_be_visible()
    background = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Georgia" in background  # the inline style is allowed by the CSP hash

    page.goto(f"{server_url}/evaluate/")
    page.get_by_role("link", name="Eindevaluatie 2020 – samenwerking stuurgroep").click()
    expect(
        page.get_by_role("heading", name="Verandering in de tijd: bij de start en nu")
    ).to_be_visible()
    expect(page.get_by_text("Gedaald:")).to_be_visible()
    context.close()
