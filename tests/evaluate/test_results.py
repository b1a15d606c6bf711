"""The evaluator's results against independently computed figures."""

from __future__ import annotations

import io
import json
import math
import re
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select

from surveyapp.evaluate.results.frames import answers_frame
from surveyapp.models import Anonymity, Response, ResponseSource
from tests.conftest import brute_mann_whitney
from tests.evaluate.conftest import add_response, make_wave


def phi(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2))


def expected_p() -> float:
    """Provinces 7, 8, 9, 8, 7 against municipalities 5, 6, 4, 6, 5, 1: U = 30 of 30.
    11 answers: the exact test. Only this split of the 462 is as extreme (the lowest five rank
    sums come to 15.5, not 15, below the mean), so p = 1/462. The normal approximation said
    0,0075."""
    assert brute_mann_whitney([7, 8, 9, 8, 7], [5, 6, 4, 6, 5, 1]) == pytest.approx(1 / 462)
    return 1 / 462


def test_frame_has_submitted_answers_only(app, results_wave):
    df = answers_frame([results_wave.id])
    assert list(df.columns) == [
        "response",
        "wave",
        "org_type",
        "organisation",
        "source",
        "question",
        "timepoint",
        "value",
        "text",
        "dont_know",
    ]
    grades = df[df["question"] == "samenwerking_partijen"]
    assert len(grades) == 12 and grades["dont_know"].sum() == 1
    assert sorted(grades["value"].dropna()) == sorted([7, 8, 9, 8, 7, 5, 6, 4, 6, 5, 1])
    assert answers_frame([results_wave.id], with_organisation=False)["organisation"].isna().all()


def test_results_page_matches_hand_computation(client, evaluator, results_wave):
    html = client.get(f"/evaluate/waves/{results_wave.id}").get_data(as_text=True)
    assert "(p\u00a0=\u00a00,002)" in html  # kept on one line
    html = html.replace("\u00a0", " ")
    assert "12 ingevulde vragenlijsten" in html
    row = html.split("Welk cijfer geeft u de samenwerking met de convenantspartijen?")[1]
    assert '<td class="num">11</td><td class="num">1</td>' in row  # n and weet niet
    assert "<strong>6,0</strong>" in row  # 66 / 11
    assert "Provincies oordelen gemiddeld 3,3 punt positiever dan gemeenten (p = 0,002)." in html
    assert "7,8 <span" in html and "4,5 <span" in html
    assert '<svg class="bars"' in html


def test_small_groups_are_suppressed_with_a_secondary_cell(
    client, evaluator, session, results_wave
):
    for i in range(2):
        add_response(session, results_wave, "rijk", {"samenwerking_partijen": 6}, f"IenW {i}")
    session.commit()
    from surveyapp.evaluate.results.cache import results_for

    results = results_for(results_wave)
    groups = {r["org_type"]: r for r in results.group_rows("samenwerking_partijen")}
    assert groups["rijk"]["suppressed"] == "primair"
    assert groups["provincie"]["suppressed"] == "secundair"  # 5 < 6: the smaller one
    assert groups["rijk"]["mean"] is None and groups["gemeente"]["mean"] == 4.5
    assert "samenwerking_partijen" not in results.comparisons
    data = json.loads(client.get(f"/evaluate/waves/{results_wave.id}/export.json").data)
    item = next(i for i in data["items"] if i["id"] == "samenwerking_partijen")
    rijk = next(g for g in item["by_org_type"] if g["org_type"] == "rijk")
    assert rijk["n"] is None and rijk["mean"] is None and rijk["suppressed"] == "primair"


def test_a_wave_with_fewer_than_five_answers_publishes_nothing(client, evaluator, session):
    wave = make_wave(session, slug="klein", name="Klein")
    for grade in (3, 9, 6):
        add_response(session, wave, "gemeente", {"samenwerking_partijen": grade})
    session.commit()
    html = client.get(f"/evaluate/waves/{wave.id}").get_data(as_text=True)
    row = html.split("Welk cijfer geeft u de samenwerking met de convenantspartijen?")[1]
    assert '<td class="num">&lt; 5</td>' in row and "<strong>–</strong>" in row
    assert (
        client.get(f"/evaluate/waves/{wave.id}/grafiek/samenwerking_partijen.png").status_code
        == 404
    )


def test_comments_filter_and_small_group_hiding(client, evaluator, session, results_wave):
    add_response(session, results_wave, "rijk", {"samenwerken_toelichting": "Geheim van IenW"})
    session.commit()
    base = f"/evaluate/waves/{results_wave.id}/toelichtingen"
    html = client.get(base).get_data(as_text=True)
    assert len(re.findall(r"opmerking \d", html)) == 5 and "Geheim van IenW" not in html
    assert "=HYPERLINK(&#34;x&#34;)" in html or "=HYPERLINK(&quot;x&quot;)" in html
    provinces = client.get(base + "?org_type=provincie").get_data(as_text=True)
    assert not re.findall(r"opmerking \d", provinces)
    assert client.get(base + "?org_type=bestaat-niet").status_code == 404


def test_exports(client, evaluator, app, results_wave):
    base = f"/evaluate/waves/{results_wave.id}/export"
    as_json = json.loads(client.get(base + ".json").data)
    cli = app.test_cli_runner().invoke(args=["results", "summary", "eind"])
    assert json.loads(cli.output) == as_json
    item = next(i for i in as_json["items"] if i["id"] == "samenwerking_partijen")
    assert (item["n"], item["n_dont_know"], item["mean"]) == (11, 1, 6.0)
    assert item["comparison"]["pvalue"] == pytest.approx(expected_p())

    csv = client.get(base + ".csv")
    assert csv.data.startswith(b"\xef\xbb\xbfitem,question,timepoint")
    line = next(
        x for x in csv.get_data(as_text=True).splitlines() if x.startswith("samenwerking_partijen")
    )
    assert ",11,1,6.0," in line
    nl = client.get(base + ".csv?excel=nl").get_data(as_text=True)
    line = next(x for x in nl.splitlines() if x.startswith("samenwerking_partijen"))
    assert ";11;1;6,0;" in line

    book = load_workbook(io.BytesIO(client.get(base + ".xlsx").data))
    assert book.sheetnames == [
        "Itemstatistieken",
        "Provincie vs gemeente",
        "Per organisatietype",
        "Verandering in de tijd",
        "Antwoorden",
        "Codeboek",
    ]
    header = [c.value for c in book["Itemstatistieken"][1]]
    assert header[:7] == ["item", "vraag", "moment", "tekst", "thema", "n", "aantal weet niet"]
    assert "gemiddelde" in header  # before: English column names under Dutch sheet names
    texts = [
        c.value for row in book["Antwoorden"].iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert '\'=HYPERLINK("x") opmerking 0' in texts  # neutralised, not a formula
    assert all(not t.startswith("=") for t in texts)
    wide = book["Antwoorden"]
    assert "samenwerking_partijen" in [c.value for c in wide[1]]
    assert wide.max_row == 13  # header and the 12 submitted responses


def test_charts(client, evaluator, results_wave):
    base = f"/evaluate/waves/{results_wave.id}/grafiek/samenwerking_partijen"
    png = client.get(base + ".png")
    assert png.data[:8] == b"\x89PNG\r\n\x1a\n" and png.mimetype == "image/png"
    svg = client.get(base + ".svg?soort=groepen")
    assert b"<svg" in svg.data and svg.mimetype == "image/svg+xml"
    assert svg.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(base + ".png?soort=taart").status_code == 404
    assert (
        client.get(f"/evaluate/waves/{results_wave.id}/grafiek/bestaat_niet.png").status_code == 404
    )


def test_report_chapter_html_and_docx(client, evaluator, app, results_wave, tmp_path):
    page = client.get(f"/evaluate/waves/{results_wave.id}/hoofdstuk.html")
    html = page.get_data(as_text=True).replace("\u00a0", " ")
    assert (
        "Op de vraag ‘Welk cijfer geeft u de samenwerking met de convenantspartijen?’ is "
        "gemiddeld een 6,0 gegeven (n = 11)." in html
    )
    assert "'sha256-" in page.headers["Content-Security-Policy"]
    docx = client.get(f"/evaluate/waves/{results_wave.id}/hoofdstuk.docx")
    assert zipfile.is_zipfile(io.BytesIO(docx.data))
    document = Document(io.BytesIO(docx.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "is gemiddeld een 6,0 gegeven (n = 11)." in text
    # Before: the Word chapter had no charts; now the distribution and the group chart.
    assert len(document.inline_shapes) == 2 and "Grafieken" in text
    assert "Provincies oordelen gemiddeld 3,3 punt positiever" in text
    grades = document.tables[0]
    n_column = [row.cells[1].text for row in grades.rows[1:]]
    assert "11" in n_column and not any(".0" in n for n in n_column)  # before: "11.0"
    out = tmp_path / "hoofdstuk.docx"
    result = app.test_cli_runner().invoke(args=["results", "report", "eind", "--out", str(out)])
    assert result.exit_code == 0 and zipfile.is_zipfile(out)
    result = app.test_cli_runner().invoke(args=["results", "report", "eind", "--out", "x.pdf"])
    assert result.exit_code == 2 and ".html or .docx" in result.output


def test_interviews_are_a_separate_source(client, evaluator, session, results_wave):
    from tests.conftest import csrf_from

    path = f"/evaluate/waves/{results_wave.id}/interviews"
    token = csrf_from(client.get(path).get_data(as_text=True))
    bad = client.post(
        path,
        data={
            "csrf_token": token,
            "organisation": "IPO",
            "org_type": "provincie",
            "g-samenwerking_partijen": "12",
        },
    )
    assert bad.status_code == 422 and "ligt niet tussen 1 en 10" in bad.get_data(as_text=True)
    for grade in (7, 7, 7, 7, 7):  # survey mean 6,0: interviews a full point higher
        response = client.post(
            path,
            data={
                "csrf_token": token,
                "organisation": "IPO",
                "org_type": "provincie",
                "g-samenwerking_partijen": str(grade),
            },
        )
        assert response.status_code == 302
    assert (
        session.scalar(
            select(func.count(Response.id)).where(Response.source == ResponseSource.INTERVIEW)
        )
        == 5
    )
    html = client.get(f"/evaluate/waves/{results_wave.id}").get_data(as_text=True)
    assert (
        "Bij de geïnterviewden was de waardering een vol punt hoger (7,0 tegen 6,0 in de enquête)."
    ) in html
    assert "12 ingevulde vragenlijsten" in html  # interviews are not enquête responses


def test_anonymous_wave_exports_no_organisations(client, evaluator, session, results_wave):
    results_wave.anonymity = Anonymity.ANONYMOUS
    session.commit()
    book = load_workbook(
        io.BytesIO(client.get(f"/evaluate/waves/{results_wave.id}/export.xlsx").data)
    )
    values = [c.value for row in book["Antwoorden"].iter_rows() for c in row]
    assert not any(isinstance(v, str) and v.startswith(("Provincie ", "Gemeente ")) for v in values)


def test_steering_group_themes_put_the_start_before_now(client, demo_waves):
    wave = demo_waves["eind-2020-samenwerking"]
    html = client.get(f"/evaluate/waves/{wave.id}").get_data(as_text=True)
    themes = html.split("<h2>Thema’s</h2>")[1].split("</table>")[0]
    assert themes.index("Bij de start") < themes.index("<td>Nu</td>")
    assert "Motivatie: waarom werken we samen?" in themes
