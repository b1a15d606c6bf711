"""What a person sees of privacy, in Chromium: the notice on the welcome page, and the admin's
erasure flow from the address to the confirmation, each page without axe violations."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from surveyapp.demo import DEMO_PASSWORD
from surveyapp.models import Contact, Invitation, Wave
from tests.browser.conftest import log_in

AXE = Axe()


def _violations(page) -> list[tuple[str, str]]:
    return [(v["id"], v["impact"]) for v in AXE.run(page).response["violations"]]


def test_the_welcome_page_shows_the_privacy_notice(page, server_url, invitations):
    page.goto(f"{server_url}/r/{invitations['bo'].token}")
    summary = page.get_by_text("Privacy: wat gebeurt er met uw gegevens?")
    assert summary.is_visible()
    notice = page.get_by_text("Deze uitvraag is herleidbaar")
    assert not notice.is_visible()  # folded until the respondent asks
    summary.click()
    assert notice.is_visible()
    assert page.get_by_text("worden 12 maanden nadat de uitvraag is gesloten verwijderd").count()
    assert _violations(page) == []
    page.get_by_role("link", name="De privacyverklaring als aparte pagina").click()
    assert page.get_by_role("heading", name="Privacyverklaring").is_visible()
    assert _violations(page) == []


def test_the_admin_erases_a_person(demo, page, server_url, session):
    open_wave = session.scalar(select(Wave).where(Wave.slug == "vervolg-2026-bevoegde-overheden"))
    contact = session.scalars(
        select(Contact)
        .join(Invitation, Invitation.contact_id == Contact.id)
        .where(Invitation.wave_id == open_wave.id)
    ).first()
    email, name = contact.email, contact.name
    log_in(page, server_url, "admin@surveyapp.test", DEMO_PASSWORD)
    page.get_by_role("link", name="Privacy", exact=True).click()
    assert _violations(page) == []
    erase_form = page.locator(
        "form", has=page.get_by_role("button", name="Bekijken wat er verdwijnt")
    )
    erase_form.get_by_label("E-mailadres van de persoon").fill("niemand@nergens.nl")
    page.get_by_role("button", name="Bekijken wat er verdwijnt").click()
    assert page.get_by_text("Bij dit e-mailadres is niets opgeslagen (meer).").first.is_visible()
    erase_form = page.locator(
        "form", has=page.get_by_role("button", name="Bekijken wat er verdwijnt")
    )
    erase_form.get_by_label("E-mailadres van de persoon").fill(email)
    page.get_by_role("button", name="Bekijken wat er verdwijnt").click()
    assert page.get_by_role("heading", name="Verwijderen bevestigen").is_visible()
    assert page.get_by_text(name, exact=False).first.is_visible()
    assert _violations(page) == []
    page.get_by_label("Bewaren bij de organisatie", exact=False).check()
    page.get_by_role("button", name="Definitief verwijderen").click()
    assert page.get_by_role("heading", name="De persoon is verwijderd").is_visible()
    assert _violations(page) == []
    session.expire_all()
    assert session.scalar(select(Contact).where(Contact.email == email)) is None


def test_the_new_staff_pages_have_no_axe_violations(demo, page, server_url, session):
    wave = session.scalar(select(Wave).where(Wave.slug == "vervolg-2026-bevoegde-overheden"))
    log_in(page, server_url, "admin@surveyapp.test", DEMO_PASSWORD)
    found = {}
    for path in (
        "/admin/privacy/register",
        f"/coordinate/waves/{wave.id}/privacy",
        f"/privacy/{wave.slug}",
    ):
        page.goto(server_url + path)
        found[path] = _violations(page)
    assert found == {path: [] for path in found}
