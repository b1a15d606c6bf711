"""The article dashboard: import all or nothing, export and import again, edit, compare, chapter."""

from __future__ import annotations

import io
import re

import openpyxl
from docx import Document
from sqlalchemy import func, select

from surveyapp.models import ArticleStatus, DashboardEntry, DashboardRound
from tests.conftest import csrf_from, post_file


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def rounds(session) -> dict[str, DashboardRound]:
    return {d.name: d for d in session.scalars(select(DashboardRound))}


def upload(client, round_id: int, name: str, data: bytes):
    return post_file(client, f"/evaluate/dashboard/{round_id}/import", data, name)


def test_the_demo_has_bijlage_1_for_2020_and_what_changed_since_2018(client, demo_waves, session):
    final = rounds(session)["Eindevaluatie 2020"]
    assert len(final.entries) == 64
    assert [e.article for e in final.entries[:3]] == ["1", "2.1", "2.2"]
    assert final.entries[-1].article == "18.6"  # 2.10-style ordering: 18.x after 9.x
    page = client.get(f"/evaluate/dashboard/{final.id}").get_data(as_text=True)
    plain = text(page)
    assert "5 artikelen met een andere status dan in Tussenrapportage 2018" in plain
    assert re.search(r"11\.5 Partijen maken uiterlijk 2019 .*? Op schema Niet op schema", plain)
    # Status as colour and word; the grades of the linked wave beside the article.
    assert '<span class="status status-niet">Niet op schema</span>' in page
    # The question as people read it, not its key (issue 24 §12).
    assert re.search(r"gerealiseerd\?</a>: \d,\d / \d,\d", page) and "art2_cijfer</a>" not in page


def test_a_file_with_bad_rows_imports_nothing_and_lists_every_row(client, demo_waves, session):
    final = rounds(session)["Eindevaluatie 2020"]
    before = session.scalar(select(func.count(DashboardEntry.id)))
    bad = (
        b"artikel;afspraak;status;toelichting\n"
        b"4.1;Spoedlocaties gesaneerd;groen;Goed op weg\n"
        b"vier;Iets;op schema;\n"
        b"4.2;;paars;\n"
        b"4.1;Nog eens;rood;\n"
    )
    response = upload(client, final.id, "dashboard.csv", bad)
    assert response.status_code == 422
    page = text(response.get_data(as_text=True))
    assert "Er is niets geïmporteerd: 3 problemen gevonden" in page
    assert "3 artikel ‘vier’ is geen artikelnummer zoals 4 of 4.1" in page
    assert "4 de afspraak (verkorte weergave) ontbreekt; onbekende status ‘paars’" in page
    assert "5 artikel 4.1 staat ook op regel 2" in page
    session.expire_all()
    assert session.scalar(select(func.count(DashboardEntry.id))) == before
    assert upload(client, final.id, "leeg.csv", b"").status_code == 422
    assert "Kolommen ontbreken: status" in text(
        upload(client, final.id, "x.csv", b"artikel,afspraak\n1,x\n").get_data(as_text=True)
    )


def test_export_then_import_gives_the_same_dashboard(client, demo_waves, session):
    final = rounds(session)["Eindevaluatie 2020"]
    body = client.get(f"/evaluate/dashboard/{final.id}/export.xlsx").data
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book["Dashboard"]
    assert [c.value for c in sheet[1]] == [
        "artikel",
        "afspraak",
        "status",
        "toelichting",
        "cijfers",
    ]
    assert sheet.max_row == 65
    empty = client.post(
        "/evaluate/dashboard",
        data={"csrf_token": csrf_from(client.get("/evaluate/dashboard").get_data(as_text=True)),
              "name": "Kopie 2020", "year": "2021", "wave_id": "0"},
    )  # fmt: skip
    assert empty.status_code == 302
    copy = rounds(session)["Kopie 2020"]
    assert upload(client, copy.id, "export.xlsx", body).status_code == 302
    session.expire_all()
    fields = ("article", "summary", "status", "explanation", "grades")
    a = [[getattr(e, f) for f in fields] for e in rounds(session)["Eindevaluatie 2020"].entries]
    b = [[getattr(e, f) for f in fields] for e in rounds(session)["Kopie 2020"].entries]
    assert a == b
    csv_body = client.get(f"/evaluate/dashboard/{copy.id}/export.csv").get_data(as_text=True)
    assert csv_body.startswith("\ufeffartikel,afspraak,status,toelichting,cijfers\r\n1,")


def test_an_exported_cell_that_looks_like_a_formula_is_neutralised(client, demo_waves, session):
    final = rounds(session)["Eindevaluatie 2020"]
    upload(client, final.id, "f.csv", b'artikel,afspraak,status\n1,"=HYPERLINK(""x"")",groen\n')
    body = client.get(f"/evaluate/dashboard/{final.id}/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in body
    # Imported again, the cell is what was typed: before, the apostrophe was stored with it.
    assert upload(client, final.id, "again.csv", body.encode()).status_code == 302
    session.expire_all()
    assert [e.summary for e in rounds(session)["Eindevaluatie 2020"].entries] == ['=HYPERLINK("x")']
    for name in ("again.xlsx", "again.csv"):
        path = "export.xlsx" if name.endswith("xlsx") else "export.csv"
        export = client.get(f"/evaluate/dashboard/{final.id}/{path}").data
        assert upload(client, final.id, name, export).status_code == 302
        session.expire_all()
        assert rounds(session)["Eindevaluatie 2020"].entries[0].summary == '=HYPERLINK("x")'


def test_editing_an_article_changes_it_and_bad_input_is_refused(client, demo_waves, session):
    final = rounds(session)["Eindevaluatie 2020"]
    entry = next(e for e in final.entries if e.article == "11.5")
    url = f"/evaluate/dashboard/{final.id}/artikel/{entry.id}"
    page = client.get(url).get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="niet"', page)
    data = {
        "csrf_token": csrf_from(page),
        "article": "11.5",
        "summary": entry.summary,
        "status": "deels",
        "explanation": "Afspraken volgen medio 2021.",
        "grades": "art3_cijfer",
    }
    assert client.post(url, data=data).status_code == 302
    session.expire_all()
    assert session.get(DashboardEntry, entry.id).status is ArticleStatus.DEELS
    bad = client.post(url, data={**data, "article": "2.1"})
    assert bad.status_code == 422
    assert "Artikel 2.1 staat al in dit dashboard." in bad.get_data(as_text=True)
    bad = client.post(url, data={**data, "grades": "Art-3"})
    assert "‘Art-3’ is geen vraagcode zoals art2_cijfer." in bad.get_data(as_text=True)
    other = rounds(session)["Tussenrapportage 2018"]
    assert client.get(f"/evaluate/dashboard/{other.id}/artikel/{entry.id}").status_code == 404


def test_the_wave_chapter_carries_the_dashboard_as_an_annex(client, demo_waves, session):
    wave = demo_waves["eind-2020-bevoegde-overheden"]
    html = client.get(f"/evaluate/waves/{wave.id}/hoofdstuk.html").get_data(as_text=True)
    assert "Bijlage: dashboard Eindevaluatie 2020" in html
    assert '<span class="status status-op_schema">Op schema</span>' in html
    doc = Document(io.BytesIO(client.get(f"/evaluate/waves/{wave.id}/hoofdstuk.docx").data))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert {"Op schema", "Deels op schema", "Niet op schema"} <= cells


def test_the_word_annex_is_one_short_row_per_article(client, demo_waves, session):
    """Issue 24 §11: the explanations made the annex 20 of the chapter's 33 pages."""
    wave = demo_waves["eind-2020-bevoegde-overheden"]
    final = rounds(session)["Eindevaluatie 2020"]
    doc = Document(io.BytesIO(client.get(f"/evaluate/waves/{wave.id}/hoofdstuk.docx").data))
    annex = doc.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == [
        "Art.",
        "Afspraak (verkorte weergave)",
        "Op schema",
        "Cijfers",
    ]
    assert len(annex.rows) == 1 + len(final.entries) == 65
    text = " ".join(c.text for row in annex.rows for c in row.cells)
    explanations = " ".join(e.explanation for e in final.entries)
    assert not any(e.explanation[:40] in text for e in final.entries if e.explanation)
    assert len(text) < len(explanations)  # they were more than half of the annex's text
    sizes = {
        run.font.size.pt
        for row in annex.rows
        for c in row.cells
        for p in c.paragraphs
        for run in p.runs
    }
    assert sizes == {8.0}
    assert "de toelichting per artikel staat op de dashboardpagina" in doc.paragraphs[-1].text


def test_a_round_name_is_unique(client, demo_waves):
    page = client.get("/evaluate/dashboard").get_data(as_text=True)
    response = client.post(
        "/evaluate/dashboard",
        data={"csrf_token": csrf_from(page), "name": "Eindevaluatie 2020", "year": "2020",
              "wave_id": "0"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "Er bestaat al een dashboard met de naam Eindevaluatie 2020." in response.get_data(
        as_text=True
    )
