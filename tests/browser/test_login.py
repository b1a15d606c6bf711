"""A staff member logs in and out through real Chromium."""

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
    assert page.get_by_text("klopt niet").is_visible()

    page.get_by_label("Wachtwoord").fill(f.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/coordinate/")
    assert page.get_by_role("heading", name="Veldwerk").is_visible()
    assert page.get_by_role("cell", name="Provincie", exact=True).is_visible()

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login")
    assert page.get_by_text("U bent uitgelogd").is_visible()
