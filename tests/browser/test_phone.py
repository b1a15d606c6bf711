"""A respondent on a 390 px phone: the 1-10 scale in two even rows, "weet niet" apart."""

from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def phone(browser):
    """A 390 px wide page in its own context, closed afterwards."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 800})
    try:
        yield context.new_page()
    finally:
        context.close()


def test_the_grade_scale_fits_a_phone_in_two_even_rows(browser, server_url, invitations):
    with phone(browser) as page:
        page.goto(f"{server_url}/r/{invitations['bo'].token}")
        page.get_by_role("link", name="Beginnen").click()
        labels = page.locator("#vraag-art2_cijfer .scale-option label")
        tops = [round(labels.nth(i).bounding_box()["y"]) for i in range(labels.count())]
        rows = sorted(set(tops))
        # Before: rows of 7 + 3, with "weet niet" squeezed in after them.
        assert [tops.count(r) for r in rows] == [5, 5, 1], tops
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def _fits(page, selector: str) -> list[str]:
    """What of `selector` is clipped or sticks out of a 390 px screen (text included)."""
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)].filter(el => {
            const box = el.getBoundingClientRect();
            return box.left < 0 || box.right > 390 || el.scrollWidth > el.clientWidth + 1;
        }).map(el => el.textContent.trim() || el.outerHTML.slice(0, 60))""",
        selector,
    )


def test_worded_scale_labels_are_never_clipped_on_a_phone(browser, server_url, invitations):
    """Issue 24 §1: "Helemaa", "Neutraa" at 390 px."""
    with phone(browser) as page:
        page.goto(f"{server_url}/r/{invitations['sg'].token}")
        page.get_by_role("link", name="Beginnen").click()
        assert page.locator(".scale-option label").count() >= 6
        assert _fits(page, ".scale-option label") == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_counts_table_fits_a_phone_with_every_cell_and_label(demo, browser, server_url):
    """Issue 24 §2: "Nieuw sinds 2016" and "Totaal" were off-screen at 390 px."""
    from surveyapp.demo import demo_links

    *_, (_wave, _org, token) = demo_links(None)
    with phone(browser) as page:
        page.goto(f"{server_url}/r/{token}")
        page.get_by_role("link", name="Beginnen").click()
        assert page.locator(".counts-table td").count() >= 12
        assert _fits(page, ".counts-table td, .counts-table th, .counts-table input") == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # Every body cell shows its column's name as text on the screen (not a CSS pseudo
        # element, whose computed content differs between Chromium versions).
        cells = page.locator(".counts-table tbody td")
        shown = [cells.nth(i).locator(".cell-label").inner_text() for i in range(cells.count())]
        assert all(shown), shown
        assert {"Nieuw sinds 2016", "Totaal"} <= set(shown)
        labels = page.locator(".counts-table tbody .cell-label").all()
        assert all(label.is_visible() for label in labels)
        assert _fits(page, ".counts-table .cell-label") == []


def test_the_counts_table_keeps_its_column_headings_on_a_wide_screen(demo, browser, server_url):
    """The per-cell column names are for phones only; at 1280 px the table has its headings."""
    from surveyapp.demo import demo_links

    *_, (_wave, _org, token) = demo_links(None)
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{server_url}/r/{token}")
        page.get_by_role("link", name="Beginnen").click()
        assert page.locator(".counts-table .cell-label").count() >= 12
        labels = page.locator(".counts-table .cell-label").all()
        assert not any(label.is_visible() for label in labels)
        assert page.get_by_role("columnheader", name="Nieuw sinds 2016").is_visible()
    finally:
        context.close()
