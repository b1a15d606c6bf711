"""axe-core (shipped by axe-playwright-python) finds no violation on any kind of page."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from surveyapp.demo import DEMO_PASSWORD, demo_links
from surveyapp.models import DashboardRound, Wave
from tests.browser.conftest import log_in

AXE = Axe()


def violations(page, url: str) -> list[tuple[str, str]]:
    page.goto(url)
    found = AXE.run(page).response["violations"]
    return [(v["id"], v["impact"]) for v in found]


def test_every_page_kind_has_no_axe_violations(demo, browser, server_url, session):
    waves = {w.slug: w.id for w in session.scalars(select(Wave))}
    final, open_wave = (
        waves["eind-2020-bevoegde-overheden"],
        waves["vervolg-2026-bevoegde-overheden"],
    )
    (_wave, _org, token), *_ = demo_links(1)
    *_, (_wave, _org, monitoring_token) = demo_links(None)
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    pages = [f"/r/{token}", "/r/p/1", "/r/p/5", "/r/overzicht", "/login", "/bestaat-niet"]
    found = {path: violations(page, server_url + path) for path in pages}
    # The monitoring return: the count table with its live totals, and its overview.
    page.goto(f"{server_url}/r/{monitoring_token}")
    found |= {
        f"{p} (monitoring)": violations(page, server_url + p) for p in ("/r/p/1", "/r/overzicht")
    }
    final_round = session.scalars(select(DashboardRound).where(DashboardRound.year == 2020)).one()
    entry = final_round.entries[0].id
    version = session.get(Wave, final).survey_version_id
    log_in(page, server_url, "admin@surveyapp.test", DEMO_PASSWORD)
    staff = [
        "/coordinate/", "/coordinate/organisations", "/coordinate/organisations/new",
        "/coordinate/contacts", "/coordinate/contacts/new", "/coordinate/import",
        "/coordinate/waves/new", f"/coordinate/waves/{open_wave}",
        f"/coordinate/waves/{open_wave}/mail", "/evaluate/", f"/evaluate/waves/{final}",
        f"/evaluate/waves/{final}/toelichtingen", f"/evaluate/vergelijk?b={final}",
        f"/evaluate/waves/{final}/interviews", f"/evaluate/waves/{final}/import",
        f"/evaluate/waves/{final}/hoofdstuk.html", "/admin/users", "/admin/audit",
        "/evaluate/monitoring/monitoring-spoedlocaties",
        "/evaluate/monitoring/monitoring-spoedlocaties/hoofdstuk.html",
        "/evaluate/monitoring/monitoring-spoedlocaties/import", "/evaluate/dashboard",
        f"/evaluate/dashboard/{final_round.id}", f"/evaluate/dashboard/{final_round.id}/import",
        f"/evaluate/dashboard/{final_round.id}/artikel/{entry}", "/vragenlijsten/",
        f"/vragenlijsten/{version}", f"/vragenlijsten/{version}/voorbeeld/1",
        f"/vragenlijsten/{version}/voorbeeld/1?breedte=telefoon", "/account/api-sleutels",
        "/api/v1/docs",
    ]  # fmt: skip
    found |= {path: violations(page, server_url + path) for path in staff}
    # A new token is on the page once: its read-only field too must pass.
    page.goto(f"{server_url}/account/api-sleutels")
    page.get_by_label("Naam (waarvoor gebruikt u de sleutel?)").fill("responsscript")
    page.get_by_role("button", name="Sleutel maken").click()
    found["/account/api-sleutels (nieuwe sleutel)"] = [
        (v["id"], v["impact"]) for v in AXE.run(page).response["violations"]
    ]
    context.close()
    assert {path: v for path, v in found.items() if v} == {}
    assert len(found) == 40
