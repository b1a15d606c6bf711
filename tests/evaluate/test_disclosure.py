"""The disclosure gate: each leak the outside review found, reproduced through the real pages."""

from __future__ import annotations

import io
import re

from docx import Document
from openpyxl import load_workbook

from surveyapp.models import Anonymity, WaveState
from tests.evaluate.conftest import (
    ITEM,
    add_response,
    fill,
    interviews,
    item_of,
    make_wave,
    summary,
)


def test_two_small_groups_get_a_complementary_cell(client, evaluator, session):
    wave = make_wave(session)
    fill(session, wave, {"provincie": 6, "gemeente": 20, "rijk": 3, "overig": 1})
    item = item_of(summary(client, wave))
    cells = {r["org_type"]: r for r in item["by_org_type"]}
    # Before: only rijk and overig hidden, so 30 − 6 − 20 = 4 answers and their mean leaked.
    assert cells["rijk"]["suppressed"] == cells["overig"]["suppressed"] == "primair"
    assert cells["provincie"]["suppressed"] == "secundair"
    visible = sum(r["n"] for r in item["by_org_type"] if r["suppressed"] is None)
    assert item["n"] - visible >= 5


def test_hidden_rows_carry_no_numbers(client, evaluator, session):
    wave = make_wave(session)
    fill(session, wave, {"provincie": 6, "gemeente": 20})
    add_response(session, wave, "rijk", {ITEM: "dk"}, "IenW")
    add_response(session, wave, "rijk", {ITEM: 4}, "IenW 2")
    session.commit()
    rows = {r["org_type"]: r for r in item_of(summary(client, wave))["by_org_type"]}
    # rijk (2 answers) is hidden, and provincie (6) with it, or rijk = total − gemeente.
    assert (rows["rijk"]["suppressed"], rows["provincie"]["suppressed"]) == ("primair", "secundair")
    assert rows["gemeente"]["suppressed"] is None and rows["gemeente"]["n"] == 20
    for row in (rows["rijk"], rows["provincie"]):  # before: n_dont_know was still published
        assert all(v is None for k, v in row.items() if k not in ("org_type", "suppressed"))


def test_charts_draw_only_published_groups(client, evaluator, session):
    wave = make_wave(session)
    fill(session, wave, {"provincie": 3, "gemeente": 2, "rijk": 1})
    base = f"/evaluate/waves/{wave.id}/grafiek/{ITEM}"
    # Before: groups of 3, 2 and 1 were drawn with their distributions.
    assert client.get(base + ".svg?soort=groepen").status_code == 404
    assert client.get(base + ".svg").status_code == 200  # the total of 6 may be drawn
    fill(session, wave, {"gemeente": 8})  # rijk 1 + provincie 3 hidden: 4 < 5, so gemeente too
    assert client.get(base + ".svg?soort=groepen").status_code == 404
    fill(session, wave, {"rijk": 1})  # the hidden cells now hold 5 answers together
    svg = client.get(base + ".svg?soort=groepen").get_data(as_text=True)
    assert "Gemeenten (n = 10)" in svg and "Provincies" not in svg


def test_survey_against_interviews_needs_min_n_on_both_sides(client, evaluator, session):
    wave = make_wave(session)
    fill(session, wave, {"provincie": 2, "gemeente": 2})  # 4 survey answers: hidden
    interviews(session, wave, [8] * 5)
    html = client.get(f"/evaluate/waves/{wave.id}").get_data(as_text=True)
    # Before: "8,0 tegen 4,0 in de enquête" beside a hidden survey mean.
    assert "in de enquête" not in html and "Enquête en interviews" not in html
    docx = client.get(f"/evaluate/waves/{wave.id}/hoofdstuk.docx").data
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "in de enquête" not in text
    assert summary(client, wave)["interviews"] == {}


def test_anonymous_raw_answers_hide_small_groups_and_their_comments(client, evaluator, session):
    wave = make_wave(session, anonymity=Anonymity.ANONYMOUS)
    fill(session, wave, {"provincie": 6, "gemeente": 20, "rijk": 2}, comment=True)
    book = load_workbook(io.BytesIO(client.get(f"/evaluate/waves/{wave.id}/export.xlsx").data))
    wide = book["Antwoorden"]
    long = client.get(f"/evaluate/waves/{wave.id}/antwoorden-lang.csv").get_data(as_text=True)
    header = [c.value for c in wide[1]]
    org = header.index("organisatietype")
    counts: dict = {}
    for row in wide.iter_rows(min_row=2, values_only=True):
        counts[row[org]] = counts.get(row[org], 0) + 1
    # Before: every answer listed its org type, and rijk's two comments were there.
    assert "rijk" not in counts and "provincie" not in counts  # provincie is the complement
    assert counts[None] == 8 and counts["gemeente"] == 20
    texts = [c for row in wide.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    texts += [cell for line in long.splitlines() for cell in line.split(",")]
    assert not any(t.startswith(("opmerking-rijk", "opmerking-provincie")) for t in texts)
    assert any(t.startswith("opmerking-gemeente") for t in texts)
    assert not any(t.startswith(("Provincie ", "Gemeente ", "Rijk ")) for t in texts)


def test_identified_waves_keep_raw_answers_for_evaluators(client, evaluator, session):
    wave = make_wave(session)
    fill(session, wave, {"provincie": 6, "gemeente": 20, "rijk": 2}, comment=True)
    book = load_workbook(io.BytesIO(client.get(f"/evaluate/waves/{wave.id}/export.xlsx").data))
    texts = [c for r in book["Antwoorden"].iter_rows(values_only=True) for c in r]
    assert "opmerking-rijk-0" in texts and "Rijk 0" in texts
    chapter = client.get(f"/evaluate/waves/{wave.id}/hoofdstuk.html").get_data(as_text=True)
    assert "opmerking-rijk" not in chapter


def test_an_open_anonymous_wave_publishes_only_its_response_count(app, client, evaluator, session):
    wave = make_wave(session, anonymity=Anonymity.ANONYMOUS)
    wave.state = WaveState.OPEN
    fill(session, wave, {"provincie": 6, "gemeente": 8})
    # Before: two exports, 14 and then 15 responses, gave the new grade as 15·m₂ − 14·m₁.
    for path in ("export.json", "export.csv", "export.xlsx", "hoofdstuk.html", "hoofdstuk.docx"):
        assert client.get(f"/evaluate/waves/{wave.id}/{path}").status_code == 409, path
    assert client.get(f"/evaluate/waves/{wave.id}/grafiek/{ITEM}.svg").status_code == 409
    html = client.get(f"/evaluate/waves/{wave.id}").get_data(as_text=True)
    assert (
        "14 ingevulde vragenlijsten" in html and "pas resultaten als de uitvraag gesloten" in html
    )
    assert not re.search(r"<strong>\d+,\d</strong>", html)
    result = app.test_cli_runner().invoke(args=["results", "summary", wave.slug])
    assert result.exit_code == 1 and "still open" in result.output
    other = make_wave(session, slug="ander", name="Andere meting")
    compare = client.get(f"/evaluate/vergelijk?a={other.id}&b={wave.id}").get_data(as_text=True)
    assert "pas resultaten als de uitvraag gesloten" in compare
    wave.state = WaveState.CLOSED
    session.commit()
    assert item_of(summary(client, wave))["n"] == 14


def test_wave_against_wave_hides_items_under_min_n(client, evaluator, session):
    a = make_wave(session, slug="a", name="Meting A")
    b = make_wave(session, slug="b", name="Meting B", version=a.survey_version)
    fill(session, a, {"gemeente": 4})
    fill(session, b, {"gemeente": 9})
    html = client.get(f"/evaluate/vergelijk?a={a.id}&b={b.id}").get_data(as_text=True)
    row = html.split("samenwerking met de convenantspartijen")[1].split("</tr>")[0]
    assert "minder dan 5 antwoorden" in row and "n = 4" not in row


def test_an_all_dont_know_item_is_not_set_beside_interviews(client, evaluator, session):
    wave = make_wave(session)
    for i in range(6):
        add_response(session, wave, "gemeente", {ITEM: "dk"}, f"Gemeente {i}")
    interviews(session, wave, [8] * 5)
    html = client.get(f"/evaluate/waves/{wave.id}").get_data(as_text=True)
    # Before: "waardering – punt lager (8,0 tegen – in de enquête)".
    assert "in de enquête" not in html and "– punt" not in html
    item = item_of(summary(client, wave))
    assert (item["n"], item["n_dont_know"], item["mean"]) == (0, 6, None)
