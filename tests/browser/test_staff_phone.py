"""Staff pages on a 390 px phone (issue 24 §14): wide tables scroll inside their own box, the
page itself never sideways."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.demo import DEMO_PASSWORD
from surveyapp.models import DashboardRound
from tests.browser.conftest import log_in
from tests.browser.test_phone import phone


def test_staff_pages_do_not_scroll_sideways_on_a_phone(demo, browser, server_url, session):
    final_round = session.scalars(select(DashboardRound).where(DashboardRound.year == 2020)).one()
    wide = {}
    with phone(browser) as page:
        log_in(page, server_url, "admin@surveyapp.test", DEMO_PASSWORD)
        for path in (
            "/coordinate/contacts",
            "/coordinate/organisations",
            "/evaluate/monitoring/monitoring-spoedlocaties",
            f"/evaluate/dashboard/{final_round.id}",
            "/vragenlijsten/",
            "/admin/audit",
        ):
            page.goto(server_url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[path] = width
    assert wide == {}
