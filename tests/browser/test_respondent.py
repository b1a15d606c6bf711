"""A respondent fills both seed enquêtes in real Chromium, as a new respondent would."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from surveyapp.models import Answer, Invitation, Response, ResponseStatus
from tests.browser.conftest import choose, click


def test_bevoegde_overheden_end_to_end(browser, server_url, invitations, session):
    token = invitations["bo"].token
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(f"{server_url}/r/{token}")
    assert token not in page.url
    expect(page.get_by_text("namens Provincie Utrecht")).to_be_visible()
    page.get_by_role("link", name="Beginnen").click()

    # Page 1: forget the grade, get an error summary, fix it.
    page.get_by_label("Toelichting bij uw cijfer voor artikel 2").fill("Veel bereikt, nog niet af.")
    click(page, "Volgende")
    summary = page.get_by_role("alert")
    assert "Er is een probleem" in summary.inner_text()
    assert page.get_by_label("Toelichting bij uw cijfer voor artikel 2").input_value() == (
        "Veel bereikt, nog niet af."
    )
    summary.get_by_role("link").click()
    choose(page, "art2_cijfer", "7")
    click(page, "Volgende")
    expect(page.get_by_text("Stap 2 van 5")).to_be_visible()

    # Page 2 with "weet niet", then leave halfway on page 3 (its input is not yet saved).
    choose(page, "art3_cijfer", "Weet niet / geen oordeel")
    click(page, "Volgende")
    choose(page, "art12_cijfer", "6")
    context.close()

    # A fresh browser context resumes from the same link.
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(f"{server_url}/r/{token}")
    page.get_by_role("link", name="Verder met invullen").click()
    expect(page.get_by_text("Stap 3 van 5")).to_be_visible()  # where it stopped (before: 1)
    click(page, "Vorige")
    assert page.locator("#vraag-art3_cijfer").get_by_label("Weet niet / geen oordeel").is_checked()
    click(page, "Vorige")
    assert page.locator("#vraag-art2_cijfer").get_by_label("7", exact=True).is_checked()
    click(page, "Volgende")
    click(page, "Volgende")
    choose(page, "art12_cijfer", "6")
    click(page, "Volgende")
    choose(page, "art13_cijfer", "7")
    choose(page, "art14_cijfer", "5")
    click(page, "Volgende")

    # Page 5: the follow-up question appears only for a low grade (JavaScript), server agrees.
    followup = page.locator("#vraag-eigen_organisatie_laag")
    choose(page, "samenwerking_partijen", "6")
    choose(page, "uitvoeringsteam", "7")
    choose(page, "eigen_organisatie", "8")
    assert followup.is_hidden()
    choose(page, "eigen_organisatie", "4")
    expect(followup).to_be_visible()
    followup.get_by_role("textbox").fill("Meer mensen & <tijd>")
    click(page, "Naar het overzicht")

    expect(page.get_by_role("heading", name="Controleer uw antwoorden")).to_be_visible()
    expect(page.get_by_text("Meer mensen & <tijd>")).to_be_visible()
    page.get_by_role("button", name="Antwoorden insturen").dblclick()
    page.wait_for_url("**/r/bedankt")
    expect(page.get_by_role("heading", name="Hartelijk dank voor uw antwoorden")).to_be_visible()
    expect(page.get_by_text("Veel bereikt, nog niet af.")).to_be_visible()

    session.expire_all()
    assert session.scalar(select(func.count(Response.id))) == 1
    response = session.scalars(select(Response)).one()
    assert response.status is ResponseStatus.SUBMITTED
    assert response.org_type == "provincie"
    assert session.get(Invitation, invitations["bo"].id).completed_at is not None

    # Reopen and change an answer while the wave is open.
    page.get_by_role("link", name="antwoorden wijzigen").click()
    page.get_by_role("link", name="Wijzig de antwoorden bij ‘Artikel 2: de transitie’").click()
    choose(page, "art2_cijfer", "8")
    click(page, "Volgende")
    page.goto(f"{server_url}/r/overzicht")
    click(page, "Wijzigingen bevestigen")
    page.wait_for_url("**/r/bedankt")
    expect(page.get_by_text("laatst gewijzigd op")).to_be_visible()
    session.expire_all()
    grade = session.scalar(select(Answer.value_num).where(Answer.question_key == "art2_cijfer"))
    assert grade == 8.0
    assert session.scalar(select(func.count(Response.id))) == 1
    context.close()


def test_samenwerking_with_both_timepoints(browser, server_url, invitations, session):
    page = browser.new_page(locale="nl-NL")
    page.goto(f"{server_url}/r/{invitations['sg'].token}")
    page.get_by_role("link", name="Beginnen").click()
    start, now = "Bij de start van het convenant (2016)", "Nu"
    rated = {
        1: [
            "urgentie",
            "wederzijdse_afhankelijkheid",
            "gedeelde_ambitie",
            "richtinggevende_doelen",
        ],
        2: ["governance", "besluitvorming", "rollen", "heldere_kaders"],
        3: [
            "gelijkwaardigheid",
            "vertrouwen",
            "uitgesproken_belangen",
            "benutten_verschillen",
            "krachtig_team",
        ],
        4: ["resultaten_zichtbaar", "resultaten_meerwaarde"],
    }
    for number, keys in rated.items():
        for key in keys:
            choose(page, key, "Eens", start)
            choose(
                page, key, "Neutraal" if key != "vertrouwen" else "Weet niet / geen oordeel", now
            )
        click(page, "Volgende")
        if number < 4:
            expect(page.get_by_text(f"Stap {number + 1} van 5")).to_be_visible()
    role = page.locator("#vraag-rol")
    role.get_by_label("Anders, namelijk:", exact=True).check()
    role.get_by_label("Anders, namelijk (toelichting)").fill("Secretaris")
    choose(page, "cijfer_samenwerking", "6")
    page.get_by_label("Duidelijker rollen en eigenaarschap").check()
    page.get_by_label("Snellere besluitvorming").check()
    click(page, "Naar het overzicht")
    page.get_by_role("button", name="Antwoorden insturen").click()
    page.wait_for_url("**/r/bedankt")
    text = page.locator("main").inner_text()
    assert "Anders, namelijk: Secretaris" in text
    assert "Duidelijker rollen en eigenaarschap; Snellere besluitvorming" in text
    session.expire_all()
    rows = dict(
        session.execute(
            select(Answer.timepoint, Answer.value_num).where(Answer.question_key == "urgentie")
        ).all()
    )
    assert rows == {"start": 4.0, "nu": 3.0}
    dk = session.scalar(
        select(Answer.dont_know).where(
            Answer.question_key == "vertrouwen", Answer.timepoint == "nu"
        )
    )
    assert dk is True
    page.close()


def test_keyboard_only_and_phone_width(browser, server_url, invitations):
    context = browser.new_context(locale="nl-NL", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{server_url}/r/{invitations['bo'].token}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.get_by_role("link", name="Beginnen").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/r/p/1")
    page.locator("#vraag-art2_cijfer").get_by_label("1", exact=True).focus()
    page.keyboard.press("Space")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    assert page.locator("#vraag-art2_cijfer").get_by_label("7", exact=True).is_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Met het toetsenbord ingevuld")
    # Tab order is the visual order: (back,) save, forward; the unseen default button is skipped.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Opslaan en later verder"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Volgende"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("Enter")
    page.wait_for_url("**/r/p/2")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Grade rows are fieldsets with legends, so screen readers announce the question.
    legend = page.locator("#vraag-art3_cijfer fieldset > legend").inner_text()
    assert re.search(r"artikel 3", legend)
    context.close()


def test_works_without_javascript(browser, server_url, invitations, session):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server_url}/r/{invitations['bo'].token}")
    page.goto(f"{server_url}/r/p/5")
    followup = page.locator("#vraag-eigen_organisatie_laag")
    expect(followup).to_be_visible()  # shown with its condition spelled out
    assert "Alleen als u bij" in followup.inner_text()
    choose(page, "samenwerking_partijen", "6")
    choose(page, "uitvoeringsteam", "7")
    choose(page, "eigen_organisatie", "9")
    followup.get_by_role("textbox").fill("Niet van toepassing")
    click(page, "Naar het overzicht")
    assert "Maak uw antwoord leeg" in page.get_by_role("alert").inner_text()
    followup.get_by_role("textbox").fill("")
    click(page, "Naar het overzicht")
    page.wait_for_url("**/r/overzicht")
    context.close()
