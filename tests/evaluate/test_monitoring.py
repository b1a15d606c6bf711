"""Monitoring results on the demo returns: the source's Tabel 1 and 2, sentences, exports, map."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
from docx import Document
from sqlalchemy import func, select

from surveyapp.models import Response, Wave
from tests.conftest import csrf_from

SLUG = "monitoring-spoedlocaties"
URL = f"/evaluate/monitoring/{SLUG}"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_national_tables_are_the_sources_figures(client, demo_waves):
    from surveyapp.evaluate.monitoring.results import monitoring_results

    r = monitoring_results(SLUG)
    assert r.years == [2015, 2016, 2017, 2018, 2019, 2020]
    start = r.table("start")
    assert start[0] == (2015, [(591, 43), (792, 57), (0, 0)], 1383)
    assert start[-1] == (2020, [(100, 7), (604, 44), (679, 49)], 1383)
    assert all(total == 1383 for _y, _c, total in start)  # the start list neither grows nor shrinks
    new = r.table("nieuw")
    assert new[-1] == (2020, [(64, 27), (66, 28), (106, 45)], 236)
    assert [total for _y, _c, total in new] == [75, 147, 177, 206, 236]  # ~75 a year, then ~30
    assert {n for _y, _w, n in r.reports()} == {41}
    assert r.sentence() == (
        "In tabel 1 zijn de 1383 spoedlocaties opgenomen die bij aanvang van het convenant waren "
        "geïdentificeerd. Van die locaties is in 2020 49% afgehandeld, 44% in uitvoering en 7% "
        "van de locaties moet nog in uitvoering worden gebracht."
    )
    # Every authority's own history moves forward only: done never decreases.
    cells = r.cells[(r.cells["row"] == "afgehandeld")]
    per_org = cells.groupby(["organisation", "period"])["count"].sum().unstack()
    assert (per_org.diff(axis=1).fillna(0) >= 0).all().all()


def test_the_page_shows_tables_trend_map_and_authorities(client, demo_waves):
    html = client.get(URL).get_data(as_text=True)
    page = text(html)
    assert "2015 591 (43 %) 792 (57 %) 0 (0 %) 1383 (100 %)" in page
    assert "2020 100 (7 %) 604 (44 %) 679 (49 %) 1383 (100 %)" in page
    assert "2016 t/m 2020 64 (27 %) 66 (28 %) 106 (45 %) 236 (100 %)" in page
    assert f'src="{URL}/trend.svg"' in html
    assert 'role="img" aria-labelledby="kaart-titel kaart-tekst"' in html
    assert page.count("% afgehandeld van") == 12  # the map's text alternative, every province
    assert "Gemeente Amsterdam" in page and "Provincie Zeeland" in page
    svg = client.get(f"{URL}/trend.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert "Niet gestart" in svg.get_data(as_text=True)


def test_provinces_add_up_to_the_national_table(client, demo_waves):
    from surveyapp.evaluate.monitoring.output import map_tiles
    from surveyapp.evaluate.monitoring.results import monitoring_results

    r = monitoring_results(SLUG)
    provinces = r.progress("province")
    assert len(provinces) == 12
    assert provinces["total"].sum() == 1383
    assert provinces["afgehandeld"].sum() == 679
    tiles = {t.name: t for t in map_tiles(r)}
    assert set(tiles) == set(provinces.index)
    for name, tile in tiles.items():
        assert tile.pct == provinces.loc[name, "pct_done"]
        assert tile.ink == ("#ffffff" if tile.pct >= 50 else "#000000")


def test_exports_have_one_row_per_authority_per_year(client, demo_waves):
    body = client.get(f"{URL}/opgaven.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["Jaar", "Organisatie", "Type", "Provincie"]
    assert len(rows) == 1 + 41 * 6
    in_2020 = [r for r in rows[1:] if r[0] == "2020"]
    assert sum(int(r[4]) for r in in_2020) == 100 and sum(int(r[6]) for r in in_2020) == 679
    national = client.get(f"{URL}/landelijk.csv").get_data(as_text=True).lstrip("\ufeff")
    assert "Bekend bij de start (2015),2020,100,7,604,44,679,49,1383" in national
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{URL}/opgaven.xlsx").data))
    assert book.sheetnames == ["Opgaven", "Landelijk"]
    assert book["Opgaven"].max_row == 1 + 41 * 6
    assert book["Opgaven"].cell(2, 1).value == 2015  # numbers stay numbers


def test_the_chapter_has_the_sentence_and_tables_in_html_and_word(client, demo_waves):
    page = client.get(f"{URL}/hoofdstuk.html")
    assert "Content-Security-Policy" in page.headers
    html = text(page.get_data(as_text=True))
    assert "Van die locaties is in 2020 49% afgehandeld, 44% in uitvoering en 7%" in html
    assert "Tabel 2: Status van aanpak van spoedlocaties die na aanvang" in html
    doc = Document(io.BytesIO(client.get(f"{URL}/hoofdstuk.docx").data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "591 (43 %)" in cells and "679 (49 %)" in cells and "106 (45 %)" in cells
    assert any("49% afgehandeld" in p.text for p in doc.paragraphs)
    assert len(doc.inline_shapes) == 2  # the trend and Figuur 1, the map
    assert any(p.text.startswith("Figuur 1: aandeel afgehandeld") for p in doc.paragraphs)
    assert 'aria-labelledby="kaart-titel kaart-tekst"' in page.get_data(as_text=True)


def test_the_evaluator_index_links_the_monitoring_and_unknown_slugs_are_404(client, demo_waves):
    assert f'href="{URL}"' in client.get("/evaluate/").get_data(as_text=True)
    assert client.get("/evaluate/monitoring/bevoegde-overheden").status_code == 404
    assert client.get("/evaluate/monitoring/bestaat-niet.csv").status_code == 404


def test_a_monitoring_wave_page_and_its_exports_still_work(client, demo_waves):
    wave = demo_waves["monitoring-2020"]
    assert client.get(f"/evaluate/waves/{wave.id}/export.xlsx").status_code == 200
    long = client.get(f"/evaluate/waves/{wave.id}/antwoorden-lang.csv").get_data(as_text=True)
    assert "spoedlocaties__afgehandeld.start" in long


def test_a_yearly_wave_leads_to_the_monitoring(client, demo_waves):
    """Issue 24 §12: the wave's own results page showed empty tables."""
    response = client.get(f"/evaluate/waves/{demo_waves['monitoring-2019'].id}")
    assert response.status_code == 302 and response.location.endswith(f"{URL}?jaar=2019")
    final = demo_waves["eind-2020-bevoegde-overheden"].id
    assert "jaarlijkse opgave" not in client.get(f"/evaluate/waves/{final}").get_data(as_text=True)


def test_a_monitoring_survey_without_returns_says_so(client, session, login_as):
    from surveyapp.models.wave import ResponseUnit
    from tests.respond.conftest import open_wave

    open_wave(session, SLUG, slug="m-2021", period=2021, response_unit=ResponseUnit.ORGANISATION)
    session.commit()
    login_as("evaluator")
    assert "Er is nog geen volledig jaar met opgaven" in client.get(URL).get_data(as_text=True)
    for suffix in ("/hoofdstuk.html", "/hoofdstuk.docx", "/opgaven.csv", "/opgaven.xlsx"):
        assert client.get(URL + suffix).status_code == 200, suffix
    assert client.get(f"{URL}/landelijk.csv").get_data(as_text=True).count("\n") == 1  # header
    assert client.get(f"{URL}/trend.svg").status_code == 404


def upload(client, data: bytes, name: str = "opgaven.csv"):
    from tests.conftest import post_file

    return post_file(client, f"{URL}/import", data, name)


def test_an_export_of_earlier_years_imports_again_as_another_year(client, demo_waves, session):
    """The 2015 returns, exported and relabelled 2014, come back as the year 2014."""
    from surveyapp.evaluate.monitoring.results import monitoring_results

    body = client.get(f"{URL}/opgaven.xlsx").data
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book["Opgaven"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    earlier = [rows[0]] + [[2014, *r[1:]] for r in rows[1:] if r[0] == 2015]
    out = openpyxl.Workbook()
    for r in earlier:
        out.active.append(r)
    buffer = io.BytesIO()
    out.save(buffer)
    response = upload(client, buffer.getvalue(), "eerder.xlsx")
    assert response.status_code == 302, text(response.get_data(as_text=True))[:2000]
    session.expire_all()
    r = monitoring_results(SLUG)
    assert r.years[0] == 2014
    assert r.table("start")[0] == (2014, [(591, 43), (792, 57), (0, 0)], 1383)
    assert {n for y, _w, n in r.reports() if y == 2014} == {41}
    assert "Monitoring spoedlocaties – jaarlijkse opgave bevoegd gezag 2014 (geïmporteerd)" in {
        w for _y, w, _n in r.reports()
    }
    # The same file again: every authority already has its 2014 return; nothing changes.
    again = upload(client, buffer.getvalue(), "eerder.xlsx")
    assert again.status_code == 422
    page = text(again.get_data(as_text=True))
    assert "Er is niets geïmporteerd: 41 problemen gevonden" in page
    # What the import added is listed, and it can be undone (before: no undo in the UI).
    assert "Eerdere imports" in page and "2014: 41" in page
    html = again.get_data(as_text=True)
    moment = re.search(r'name="moment" value="([^"]+)"', html).group(1)
    undo = {"csrf_token": csrf_from(html), "moment": moment}
    done = client.post(f"{URL}/import/ongedaan", data=undo, follow_redirects=True)
    assert "De import is ongedaan gemaakt: 41 opgaven verwijderd." in done.get_data(as_text=True)
    session.expire_all()
    r = monitoring_results(SLUG)
    assert r.years[0] == 2015 and r.table("start")[-1][2] == 1383
    assert not any("geïmporteerd" in w for _y, w, _n in r.reports())
    assert session.scalar(select(func.count(Wave.id)).where(Wave.slug.like("%-import%"))) == 0
    twice = client.post(f"{URL}/import/ongedaan", data=undo, follow_redirects=True)
    assert "al ongedaan gemaakt" in twice.get_data(as_text=True)
    for garbage in ("", "gisteren", "9999-99-99"):
        odd = client.post(f"{URL}/import/ongedaan", data={**undo, "moment": garbage})
        assert odd.status_code == 302  # a Dutch message on the import page, never a 500
        page = client.get(odd.headers["Location"]).get_data(as_text=True)
        assert "Kies een import uit de lijst." in page


def test_a_bad_returns_file_imports_nothing_and_lists_every_row(client, demo_waves, session):
    from sqlalchemy import func, select

    from surveyapp.models import Response

    before = session.scalar(select(func.count(Response.id)))
    statuses = ("niet_gestart", "in_uitvoering", "afgehandeld")
    header = "jaar;organisatie;" + ";".join(
        f"{r}.{c}" for c in ("start", "nieuw") for r in statuses
    )
    body = "\n".join([
        header,
        "2014;Provincie Zeeland;1;2;3;0;0;0",
        "14;Provincie Zeeland;1;2;3;0;0;0",
        "2014;Gemeente Atlantis;1;2;3;0;0;0",
        "2014;Gemeente Delft;1;-2;3;0;;0",
        "2014;Provincie Zeeland;1;2;3;0;0;0",
        "2020;Provincie Zeeland;1;2;3;0;0;0",
        "2013;Provincie Zeeland;" + "9" * 5000 + ";2;3;0;0;0",  # before: a 500 (int digits)
    ]).encode()  # fmt: skip
    response = upload(client, body)
    assert response.status_code == 422
    page = text(response.get_data(as_text=True))
    assert "Er is niets geïmporteerd: 6 problemen gevonden" in page
    assert "8 ‘Niet gestart – Bekend bij de start (2015)’ is geen heel getal van 0 tot en" in page
    assert "3 ‘14’ is geen jaartal zoals 2019" in page
    assert "4 onbekende organisatie ‘Gemeente Atlantis’" in page
    assert (
        "5 ‘In uitvoering – Bekend bij de start (2015)’ is geen heel getal van 0 tot en met "
        "5000: ‘-2’; ‘In uitvoering – Nieuw sinds 2016’"
    ) in page
    assert "6 Provincie Zeeland staat voor 2014 ook op regel 2" in page
    assert "7 Provincie Zeeland heeft voor 2020 al een opgave; die blijft staan" in page
    assert session.scalar(select(func.count(Response.id))) == before
    missing = upload(client, b"jaar;organisatie;niet_gestart.start\n2014;Provincie Zeeland;1\n")
    assert "Kolommen ontbreken: In uitvoering – Bekend bij de start (2015)" in text(
        missing.get_data(as_text=True)
    )


def test_an_authority_with_a_draft_this_year_keeps_it(client, demo_waves, session):
    """The open 2021 wave: a draft saved through the link blocks an import for 2021 (no 500)."""
    from surveyapp.demo import demo_links
    from tests.respond.conftest import Respondent

    *_, (_wave, organisation, token) = demo_links(None)
    respondent = Respondent(client.application.test_client(), token, client.application)
    respondent.open_link()
    assert respondent.post_page(1, {}, action="save").status_code == 302
    statuses = ("niet_gestart", "in_uitvoering", "afgehandeld")
    header = "jaar;organisatie;" + ";".join(
        f"{r}.{c}" for c in ("start", "nieuw") for r in statuses
    )
    response = upload(client, f"{header}\n2021;{organisation};1;2;3;0;0;0\n".encode())
    assert response.status_code == 422
    page = text(response.get_data(as_text=True))
    assert (
        "2 de uitvraag van 2021 staat nog open; laat deze opgave via de persoonlijke link" in page
    )
    assert f"{organisation} heeft voor 2021 al een opgave; die blijft staan" in page


def test_no_future_year_and_no_open_year_is_imported(client, demo_waves, session):
    """Before: a 2100 row made the chapter say "in 2100 33% afgehandeld", and a return for the
    open year counted as submitted while the response rate ignored it."""
    before = session.scalar(select(func.count(Response.id)))
    statuses = ("niet_gestart", "in_uitvoering", "afgehandeld")
    header = "jaar;organisatie;" + ";".join(
        f"{r}.{c}" for c in ("start", "nieuw") for r in statuses
    )
    rows = "2100;Provincie Zeeland;1;2;3;0;0;0\n2021;Provincie Utrecht;1;2;3;0;0;0\n"
    page = text(upload(client, f"{header}\n{rows}".encode()).get_data(as_text=True))
    assert "2 2100 ligt in de toekomst en heeft geen uitvraag" in page
    assert "3 de uitvraag van 2021 staat nog open" in page
    assert session.scalar(select(func.count(Response.id))) == before


def test_an_unfinished_year_is_provisional_and_never_the_national_figure(
    client, demo_waves, session
):
    """Issue 19's example: Zeeland alone sends its 2021 return (1/2/9 and 0/1/2). Before, Tabel 1
    said "2021 … 12 (100 %)", the chapter "de 12 spoedlocaties … in 2021 75% afgehandeld", Tabel 2
    "2016 t/m 2021 … 3", landelijk.csv switched and the map showed only Zeeland."""
    from surveyapp.demo import demo_links
    from tests.respond.conftest import Respondent

    token = next(t for w, org, t in demo_links(None) if "2021" in w and org == "Provincie Zeeland")
    zeeland = Respondent(client.application.test_client(), token, client.application)
    zeeland.open_link()
    cells = {"niet_gestart": (1, 0), "in_uitvoering": (2, 1), "afgehandeld": (9, 2)}
    page = {f"q-spoedlocaties-{r}-{c}": str(n[i]) for r, n in cells.items()
            for i, c in enumerate(("start", "nieuw"))}  # fmt: skip
    page["q-toelichting_start"] = "Eén locatie is opnieuw beoordeeld."
    assert zeeland.post_page(1, page).status_code == 302
    assert zeeland.submit().status_code == 302
    html = text(client.get(URL).get_data(as_text=True))
    assert "Voorlopig: 2021 – 1 van 41 bevoegde gezagen hebben hun opgave ingestuurd" in html
    assert "Van die locaties is in 2020 49% afgehandeld" in html  # the last complete year
    assert "in 2021" not in html.split("Voorlopig")[1].split("Opgaven per jaar")[0]
    assert "Voortgang per provincie (2020)" in html
    national = client.get(f"{URL}/landelijk.csv").get_data(as_text=True)
    assert "2021" not in national and "2020" in national
    chapter = text(client.get(f"{URL}/hoofdstuk.html").get_data(as_text=True))
    assert "de 1383 spoedlocaties" in chapter and "in 2020 49% afgehandeld" in chapter
    assert "2016 t/m 2020" in chapter and "2016 t/m 2021" not in chapter
    # The evaluator chooses the year the sentences and the map speak of.
    earlier = text(client.get(f"{URL}?jaar=2019").get_data(as_text=True))
    assert "Van die locaties is in 2019" in earlier and "Voortgang per provincie (2019)" in earlier


def test_dutch_workbooks_say_ja_and_nee():
    """Issue 24 §12: exports mixed "False" with Dutch headers and values."""
    import io

    from openpyxl import load_workbook

    from surveyapp.evaluate.results.exports import _nl
    from surveyapp.evaluate.workbook import sheets_bytes

    book = load_workbook(io.BytesIO(sheets_bytes({"blad": (["weet niet"], [[True], [False]])})))
    assert [c.value for c in book["blad"]["A"]] == ["weet niet", "ja", "nee"]
    assert (_nl(True), _nl(False), _nl(6.5)) == ("ja", "nee", "6,5")
