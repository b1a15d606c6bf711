"""The check against last year's return, round two (issue 24 §3): last year's total beside the
new one, only the concerned cells marked, the explanation labelled as needed, and a note for
pages without JavaScript."""

from __future__ import annotations

import re

from surveyapp.demo import demo_links
from tests.conftest import csrf_from

ROWS, COLUMNS = ("niet_gestart", "in_uitvoering", "afgehandeld"), ("start", "nieuw")


def _page(client):
    *_, (_wave, _org, token) = demo_links(None)
    client.get(f"/r/{token}")
    return client.get("/r/p/1").get_data(as_text=True)


def test_last_years_total_sits_beside_the_new_one(demo, client):
    html = _page(client)
    start = re.search(r'data-total-col="start"[^>]*>(\d+)</output><span class="previous-total">'
                      r"vorige opgave: (\d+)</span>", html)  # fmt: skip
    assert start and start.group(1) == start.group(2)  # prefilled: the same until changed
    assert "(verplicht als de aantallen afwijken van uw vorige opgave)" in html
    assert "<noscript>" in html and "berekend bij het laatste opslaan" in html


def test_a_failed_check_marks_only_its_column(demo, client):
    html = _page(client)
    values = {
        name: re.search(rf'name="{name}" value="(\d*)"', html).group(1)
        for name in (f"q-spoedlocaties-{r}-{c}" for r in ROWS for c in COLUMNS)
    }
    values["q-spoedlocaties-afgehandeld-start"] = str(
        int(values["q-spoedlocaties-afgehandeld-start"]) + 5
    )
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    page = client.post("/r/p/1", data={**values, "csrf_token": csrf_from(html), "version": version,
                                       "action": "next"})  # fmt: skip
    body = page.get_data(as_text=True)
    assert page.status_code == 422 and "tellen op tot" in body
    invalid = re.findall(r'name="(q-spoedlocaties-[a-z_]+-[a-z]+)"[^>]*aria-invalid="true"', body)
    assert sorted(invalid) == sorted(f"q-spoedlocaties-{r}-start" for r in ROWS)
