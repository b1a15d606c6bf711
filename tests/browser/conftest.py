"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live local server."""

from __future__ import annotations

import os
import shutil

import pytest

from tests import factories as f
from tests.respond.conftest import open_wave

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session; skipped (or failed with REQUIRE_BROWSER=1) when absent."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) and page per test."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in(page, server_url: str, email: str, password: str | None = None) -> None:
    """The staff login steps a person takes in the browser."""
    from tests import factories

    page.goto(f"{server_url}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password or factories.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def create_wave(page, name: str, slug: str) -> None:
    """Fill in the new-wave form as a coordinator does: closing in 30 days, the authorities."""
    from datetime import date, timedelta

    page.get_by_label("Naam van de uitvraag").fill(name)
    page.get_by_label("Korte naam (voor scripts)").fill(slug)
    page.get_by_label("Sluitingsdatum").fill((date.today() + timedelta(days=30)).isoformat())
    page.get_by_label("Bevoegd gezag").check()
    page.get_by_role("button", name="Uitvraag aanmaken").click()


@pytest.fixture
def invitations(session):
    """One open wave per seed enquête, each with an invited contact."""
    province = f.OrganisationFactory(name="Provincie Utrecht", org_type="provincie")
    vng = f.OrganisationFactory(name="Vereniging van Nederlandse Gemeenten", org_type="gemeente")
    bo = open_wave(session, "bevoegde-overheden", slug="bo", name="Eindevaluatie 2020")
    sg = open_wave(session, "samenwerking-stuurgroep", slug="sg", name="Eindevaluatie 2020 – SG")
    out = {
        "bo": f.InvitationFactory(wave=bo, contact=f.ContactFactory(organisation=province)),
        "sg": f.InvitationFactory(wave=sg, contact=f.ContactFactory(organisation=vng)),
    }
    session.commit()
    return out


def choose(page, key: str, label: str, timepoint: str | None = None):
    """Pick a scale answer in question `key` (in the timepoint group when given)."""
    scope = page.locator(f"#vraag-{key}")
    if timepoint:
        scope = scope.get_by_role("group", name=timepoint, exact=True)
    scope.get_by_label(label, exact=True).check()


def click(page, name: str):
    page.get_by_role("button", name=name, exact=True).click()
