"""A staff member logs in and out through real Chromium."""

from playwright.sync_api import expect

from tests import factories as f


def test_coordinator_logs_in_sees_overview_and_logs_out(page, server_url, session):
    f.StaffUserFactory(email="coordinator@example.nl", role="coordinator")
    f.OrganisationFactory(name="Provincie Zeeland", org_type="provincie")
    session.commit()

    page.goto(server_url + "/coordinate/")
    assert "/login" in page.url
    page.get_by_label("E-mailadres").fill("coordinator@example.nl")
    page.get_by_label("Wachtwoord").fill("wrong password")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("klopt niet")).to_be_visible()

    page.get_by_label("Wachtwoord").fill(f.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/coordinate/")
    expect(page.get_by_role("heading", name="Veldwerk")).to_be_visible()
    expect(page.get_by_role("cell", name="Provincie", exact=True)).to_be_visible()

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login")
    expect(page.get_by_text("U bent uitgelogd")).to_be_visible()
