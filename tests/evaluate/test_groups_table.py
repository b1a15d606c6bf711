"""The provinces-against-municipalities table agrees with itself (issue 24 §9)."""

from __future__ import annotations

import io

from docx import Document

from tests.evaluate.conftest import ITEM, add_response, make_wave

MINUS = "\u2212"


def _wave(session, provinces, municipalities):
    wave = make_wave(session)
    for org_type, grades in (("provincie", provinces), ("gemeente", municipalities)):
        for i, grade in enumerate(grades):
            add_response(session, wave, org_type, {ITEM: grade}, f"{org_type} {i}")
    session.commit()
    return wave


def test_the_difference_is_that_of_the_shown_means(client, evaluator, session):
    """Before: 6,7 against 6,2 read "Verschil 0,4" (from 6,68 − 6,24) and "0,4 punt"."""
    wave = _wave(session, [7] * 17 + [6] * 8, [6] * 19 + [7] * 6)
    html = client.get(f"/evaluate/waves/{wave.id}").get_data(as_text=True)
    row = html.split("Verschuiving van de mediaan (Hodges–Lehmann, 95%-BI)")[1].split("</tr>")[1]
    cells = [c.split("<")[0] for c in row.split('<td class="num">')[1:]]
    assert [c.strip() for c in cells[:3]] == ["6,7", "6,2", "0,5"]
    assert "gemiddeld 0,5 punt positiever" in html
    chapter = client.get(f"/evaluate/waves/{wave.id}/hoofdstuk.docx").data
    doc = Document(io.BytesIO(chapter))
    table = next(t for t in doc.tables if t.rows[0].cells[3].text == "Verschil")
    assert [c.text for c in table.rows[1].cells][1:4] == ["6,7 (n = 25)", "6,2 (n = 25)", "0,5"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "verschuiving van de mediaan (hodges–lehmann)" in text.lower()


def test_negative_numbers_carry_a_minus_sign(client, evaluator, session):
    wave = _wave(session, [6] * 19 + [7] * 6, [7] * 17 + [6] * 8)
    html = client.get(f"/evaluate/waves/{wave.id}").get_data(as_text=True)
    assert f">{MINUS}0,5<" in html and ">-0,5<" not in html
    chapter = client.get(f"/evaluate/waves/{wave.id}/hoofdstuk.html").get_data(as_text=True)
    assert f"{MINUS}0,5" in chapter and "Hodges–Lehmann" in chapter


def test_word_tables_have_a_wide_question_column_and_narrow_numbers(client, evaluator, session):
    """Issue 24 §11: equal-width columns broke words ("instrumenta/rium")."""
    from docx.shared import Cm

    wave = _wave(session, [7] * 17 + [6] * 8, [6] * 19 + [7] * 6)
    doc = Document(io.BytesIO(client.get(f"/evaluate/waves/{wave.id}/hoofdstuk.docx").data))
    for table in doc.tables:
        widths = [c.width for c in table.rows[0].cells]
        assert all(w is not None for w in widths)
        assert sum(widths) <= Cm(16.1)
    first = doc.tables[0]  # vraag, n, gemiddelde, sd, weet niet
    widths = [c.width for c in first.rows[1].cells]
    assert widths[0] >= Cm(5.5) and max(widths[1:]) <= Cm(3.2)
    # The table grid carries the same widths (LibreOffice and Word's reflow read the grid).
    assert [c.width for c in first.columns] == widths
    # A header word ("Gemiddelde") and a figure ("6,5 (n = 21)") each fit their column.
    assert widths[2] >= Cm(2.6) and widths[1] >= Cm(0.8)
    assert first.rows[0].cells[3].text == "Standaard\u00adafwijking"  # breaks as Dutch does


def test_the_chapter_draws_each_chart_once_for_page_and_word(client, evaluator, session, app):
    """Issue 24 §11: every Word download drew every chart again (11-12 s on the demo)."""
    from surveyapp.evaluate.results import cache

    wave = _wave(session, [7] * 17 + [6] * 8, [6] * 19 + [7] * 6)
    client.get(f"/evaluate/waves/{wave.id}/hoofdstuk.docx")
    with app.test_request_context():
        memo = cache.results_for(wave).memo
    drawn = {k for k in memo if isinstance(k, tuple) and k[0] == "chart"}
    assert (("chart", ITEM, "verdeling", "png") in drawn) and len(drawn) >= 2


def test_one_questionnaire_is_counted_in_the_singular(client, evaluator, session):
    """Issue 19 §3: "Er zijn 1 vragenlijsten" appeared."""
    wave = make_wave(session)
    add_response(session, wave, "provincie", {ITEM: 7}, "Provincie 0")
    session.commit()
    page = client.get(f"/evaluate/waves/{wave.id}").get_data(as_text=True)
    assert "1 ingevulde vragenlijst ·" in page and "1 ingevulde vragenlijsten" not in page
    chapter = client.get(f"/evaluate/waves/{wave.id}/hoofdstuk.html").get_data(as_text=True)
    assert "Er is 1 vragenlijst ingevuld" in chapter and "Er zijn 1" not in chapter
