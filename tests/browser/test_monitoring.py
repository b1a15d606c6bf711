"""In Chromium: an authority fills in its yearly return; an evaluator edits the dashboard."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from surveyapp.demo import DEMO_PASSWORD, demo_links
from surveyapp.models import ArticleStatus, DashboardEntry, Response, ResponseStatus, Wave
from tests.browser.conftest import log_in


def test_an_authority_fills_in_its_return_prefilled_with_last_year(demo, page, server_url, session):
    wave_name, organisation, token = demo_links(None)[-1]
    assert wave_name == "Monitoring spoedlocaties 2021"
    page.goto(f"{server_url}/r/{token}")
    page.get_by_role("link", name="Beginnen").click()
    expect(page.get_by_text("vooraf ingevuld met uw opgave van")).to_be_visible()
    done = page.get_by_label("Afgehandeld, Bekend bij de start (2015)")
    busy = page.get_by_label("In uitvoering, Bekend bij de start (2015)")
    start_total = page.locator('output[data-total-col="start"]')
    before = int(start_total.inner_text())
    finished, running = int(done.input_value()), int(busy.input_value())
    # Two sites finished, but only one left "in uitvoering": the column gains a site.
    done.fill(str(finished + 2))
    busy.fill(str(running - 1))
    expect(start_total).to_have_text(str(before + 1))  # live, before any save
    done.fill("")
    expect(start_total).to_have_text("–")  # an empty cell: no total yet
    done.fill(str(finished + 2))
    page.get_by_role("button", name="Volgende", exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(f"tellen op tot {before + 1}, maar in uw vorige opgave")
    expect(summary).to_contain_text(f"waren dat er {before}")
    expect(done).to_have_value(str(finished + 2))  # what was typed is kept, nothing saved
    page.get_by_label("Toelichting op een gewijzigd aantal locaties uit de startlijst").fill(
        "Eén locatie kwam bij nader onderzoek op de startlijst."
    )
    page.get_by_role("button", name="Volgende", exact=True).click()
    expect(page.get_by_role("heading", name="Opmerkingen")).to_be_visible()
    page.get_by_role("button", name="Naar het overzicht").click()
    expect(page.get_by_text("Totaal: ").first).to_be_visible()
    page.get_by_role("button", name="Antwoorden insturen").click()
    expect(page.get_by_role("heading", name="Hartelijk dank voor uw antwoorden")).to_be_visible()
    session.expire_all()
    wave = session.scalars(select(Wave).where(Wave.slug == "monitoring-2021")).one()
    response = session.scalars(select(Response).where(Response.wave_id == wave.id)).one()
    assert response.status is ResponseStatus.SUBMITTED
    assert response.organisation_name == organisation


def test_an_evaluator_changes_an_articles_status(demo, page, server_url, session):
    log_in(page, server_url, "evaluator@surveyapp.test", DEMO_PASSWORD)
    page.goto(f"{server_url}/evaluate/")
    page.get_by_role("link", name="het dashboard").click()
    page.get_by_role("link", name="Eindevaluatie 2020").click()
    row = page.locator("tr", has=page.get_by_role("rowheader", name="11.5", exact=True)).last
    badge = row.locator(".status")
    expect(badge).to_have_text("Niet op schema")
    red = badge.evaluate("el => getComputedStyle(el).backgroundColor")
    row.get_by_role("link", name="Wijzigen artikel 11.5").click()
    page.get_by_label("Deels op schema").check()
    page.get_by_label("Toelichting").fill("Afspraken over de financiering volgen medio 2021.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Artikel 11.5 is opgeslagen.")).to_be_visible()
    row = page.locator("tr", has=page.get_by_role("rowheader", name="11.5", exact=True)).last
    expect(row.locator(".status")).to_have_text("Deels op schema")  # the word, not only a colour
    assert row.locator(".status").evaluate("el => getComputedStyle(el).backgroundColor") != red
    expect(row).to_contain_text("Afspraken over de financiering volgen medio 2021.")
    session.expire_all()
    entry = session.scalars(
        select(DashboardEntry).where(DashboardEntry.article == "11.5").order_by(DashboardEntry.id)
    ).all()[-1]
    assert entry.status is ArticleStatus.DEELS
