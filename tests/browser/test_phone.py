"""A respondent on a 390 px phone: the 1-10 scale in two even rows, "weet niet" apart."""

from __future__ import annotations


def test_the_grade_scale_fits_a_phone_in_two_even_rows(browser, server_url, invitations):
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{server_url}/r/{invitations['bo'].token}")
    page.get_by_role("link", name="Beginnen").click()
    labels = page.locator("#vraag-art2_cijfer .scale-option label")
    tops = [round(labels.nth(i).bounding_box()["y"]) for i in range(labels.count())]
    rows = sorted(set(tops))
    # Before: rows of 7 + 3, with "weet niet" squeezed in after them.
    assert [tops.count(r) for r in rows] == [5, 5, 1], tops
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out
    context.close()
