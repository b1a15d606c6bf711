"""What a new user tripped over, seen in Chromium as that user sees it (each 'Before:' is how
the page read when the product was first tried by people who did not build it)."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from surveyapp.demo import DEMO_PASSWORD, demo_links
from surveyapp.models import Wave
from tests.browser.conftest import choose, click, log_in


def x_of(page, name: str) -> float:
    return page.get_by_role("button", name=name, exact=True).bounding_box()["x"]


def test_respondent_pages_read_well(browser, server_url, invitations):
    page = browser.new_context(locale="nl-NL").new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{server_url}/r/{invitations['bo'].token}")
    # Before: the intro kept the YAML's line breaks ("…vragenlijst / vragen wij u als / …").
    intro = page.locator(".intro p")
    expect(intro).to_have_count(1)
    assert "\n" not in intro.text_content()
    page.get_by_role("link", name="Beginnen").click()

    # Enter in a field still goes forward, although "Volgende" is now the last button.
    choose(page, "art2_cijfer", "7")
    page.locator("#vraag-art2_cijfer").get_by_label("7", exact=True).press("Enter")
    expect(page.get_by_text("Stap 2 van 5")).to_be_visible()

    # Before: "Volgende", "Opslaan en later verder", "Vorige", in the browser's default font.
    assert x_of(page, "Vorige") < x_of(page, "Opslaan en later verder") < x_of(page, "Volgende")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    for name in ("Vorige", "Opslaan en later verder", "Volgende"):
        button = page.get_by_role("button", name=name, exact=True)
        assert button.evaluate("b => getComputedStyle(b).fontFamily") == font

    # Before: "… gerealiseerd?: Kies …", a question mark and a colon in a row.
    click(page, "Volgende")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("(vraag: ‘In welke mate is de ambitie van artikel 3")
    assert not re.search(r"[?.]:", summary.inner_text())
    page.context.close()


def test_the_demo_as_a_new_coordinator_evaluator_and_admin_sees_it(
    demo, browser, server_url, session
):
    waves = {w.slug: w.id for w in session.scalars(select(Wave))}
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)

    # Before: the open follow-up wave greeted as the final evaluation of a covenant that "loopt af".
    (_wave, _org, token), *_ = demo_links(1)
    page.goto(f"{server_url}/r/{token}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vervolgmeting convenant Bodem en Ondergrond – bevoegde overheden"
    )
    expect(page.locator(".intro p")).to_have_count(2)
    expect(page.locator(".intro")).not_to_contain_text("loopt af")

    log_in(page, server_url, "admin@surveyapp.test", DEMO_PASSWORD)

    # Coordinator, closed wave. Before: a reminder form, and a chart axis that ran to today.
    page.goto(f"{server_url}/coordinate/waves/{waves['eind-2020-bevoegde-overheden']}")
    expect(page.get_by_role("heading", name="Respons per groep")).to_be_visible()
    expect(page.get_by_role("heading", name="Herinneringen", exact=True)).to_have_count(0)
    chart = page.locator("svg.chart").first
    expect(chart).to_contain_text("01-09-2020")
    expect(chart).to_contain_text("14-10-2020")
    expect(chart).not_to_contain_text("2026")
    date_cell = page.locator("td.date").first
    assert date_cell.evaluate("c => getComputedStyle(c).whiteSpace") == "nowrap"

    # Contacts. Before: all 56 on one page, no search, no sorting.
    page.goto(f"{server_url}/coordinate/contacts")
    expect(page.get_by_text("56 contactpersonen · pagina 1 van 2")).to_be_visible()
    page.get_by_role("link", name="Volgende pagina →").click()
    expect(page.get_by_text("Pagina 2 van 2", exact=True)).to_be_visible()
    page.get_by_label("Zoek op naam, e-mailadres of organisatie").fill("utrecht")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("2 contactpersonen gevonden voor ‘utrecht’")).to_be_visible()
    page.get_by_role("link", name="E-mailadres", exact=True).click()
    emails = page.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert emails == sorted(emails) and len(emails) == 2

    # Evaluator. Before: "Ingevuld 44" on the list against 34 on the wave page.
    page.goto(f"{server_url}/evaluate/")
    row = page.get_by_role("row", name=re.compile("^Eindevaluatie 2020 – bevoegde overheden"))
    assert row.get_by_role("cell").all_inner_texts()[2:] == ["Gesloten", "34", "10"]

    # Themes. Before: "Art12, Art13, Art14, Art2, Art3", and "Nu" before "Bij de start".
    page.get_by_role("link", name="Eindevaluatie 2020 – bevoegde overheden").click()
    themes = page.locator("table", has=page.get_by_role("columnheader", name="Thema"))
    labels = themes.locator("tbody th").all_inner_texts()
    assert labels[:5] == [
        "Artikel 2: de transitie",
        "Artikel 3: juridisch en financieel instrumentarium",
        "Artikel 12: de Omgevingswet",
        "Artikel 13: kennis",
        "Artikel 14: bodeminformatiebeheer",
    ]
    page.goto(f"{server_url}/evaluate/waves/{waves['eind-2020-samenwerking']}")
    themes = page.locator("table", has=page.get_by_role("columnheader", name="Thema"))
    moments = themes.locator("tbody tr td:first-of-type").all_inner_texts()
    assert moments[:2] == ["Bij de start van het convenant (2016)", "Nu"]

    # Compare. Before: the same wave on both sides.
    page.goto(f"{server_url}/evaluate/vergelijk?b={waves['eind-2020-bevoegde-overheden']}")
    first = page.get_by_label("Eerste meting").evaluate("s => s.selectedOptions[0].text")
    second = page.get_by_label("Tweede meting").evaluate("s => s.selectedOptions[0].text")
    assert (first, second) == (
        "Tussenrapportage 2018 – bevoegde overheden",
        "Eindevaluatie 2020 – bevoegde overheden",
    )

    # Admin. Before: "Tijdstip (UTC)" over local times, English action codes, role "Beheerder".
    page.goto(f"{server_url}/admin/audit")
    log = page.locator("table")
    expect(log.get_by_role("columnheader", name="Tijdstip (Nederlandse tijd)")).to_be_visible()
    expect(log.get_by_role("cell", name="ingelogd", exact=True).first).to_be_visible()
    page.get_by_label("Actie").select_option(label="ingelogd")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_text(re.compile(r"De laatste \d+ gebeurtenis"))).to_be_visible()
    page.goto(f"{server_url}/admin/users")
    assert page.get_by_label("Rol").evaluate("s => s.selectedOptions[0].text") == "Evaluator"
    context.close()
