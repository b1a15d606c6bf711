"""Injection into every output: page, CSV, XLSX, DOCX, SVG (mail: test_mail.py); tokens; CSRF."""

from __future__ import annotations

import io
import re

from docx import Document
from openpyxl import load_workbook

from tests.conftest import csrf_from
from tests.evaluate.conftest import add_response, make_wave

EVIL = '=HYPERLINK("http://evil.example","klik")<script>alert(1)</script>'


def evil_wave(session):
    wave = make_wave(session)
    for i in range(6):
        add_response(
            session,
            wave,
            "gemeente",
            {"samenwerking_partijen": 6 + i % 2, "samenwerken_toelichting": f"{EVIL} {i}"},
            f"{EVIL} org {i}",
        )
    session.commit()
    return wave


def test_pages_escape_what_respondents_wrote(client, login_as, session):
    wave = evil_wave(session)
    login_as("evaluator")
    html = client.get(f"/evaluate/waves/{wave.id}/toelichtingen").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


def test_csv_and_xlsx_cells_are_never_formulas(client, login_as, session):
    wave = evil_wave(session)
    login_as("evaluator")
    book = load_workbook(io.BytesIO(client.get(f"/evaluate/waves/{wave.id}/export.xlsx").data))
    cells = [c for s in book for r in s.iter_rows() for c in r if isinstance(c.value, str)]
    assert any(c.value.startswith("'=HYPERLINK") for c in cells)
    assert not any(c.data_type == "f" or c.value.startswith("=") for c in cells)
    csv = client.get(f"/evaluate/waves/{wave.id}/export.csv").get_data(as_text=True)
    assert not re.search(r"(^|,)=", csv, re.M)


def test_docx_and_svg_carry_text_as_text(client, login_as, session):
    wave = evil_wave(session)
    login_as("evaluator")
    docx = client.get(f"/evaluate/waves/{wave.id}/hoofdstuk.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    assert "Resultaten" in text
    svg = client.get(f"/evaluate/waves/{wave.id}/grafiek/samenwerking_partijen.svg")
    body = svg.get_data(as_text=True)
    assert svg.status_code == 200 and "<script" not in body and "javascript:" not in body
    assert svg.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_personal_link_guessing_is_throttled(client):
    codes = [client.get(f"/r/guess{i:030d}").status_code for i in range(11)]
    assert codes == [404] * 10 + [429]


def test_staff_and_respondent_forms_need_the_csrf_token(client, login_as, respondent):
    login_as("coordinator")
    response = client.post("/coordinate/organisations/new", data={"name": "Zonder token"})
    assert response.status_code == 400 and "verlopen" in response.get_data(as_text=True)
    page = respondent.client.post("/r/p/1", data={"q-art2_cijfer": "7"})
    assert page.status_code == 400


def test_a_csrf_token_of_one_session_is_worthless_in_another(app, client, login_as):
    login_as("coordinator")
    token = csrf_from(client.get("/coordinate/organisations/new").get_data(as_text=True))
    other = app.test_client()
    with app.app_context():
        response = other.post("/login", data={"csrf_token": token, "email": "a@b.nl"})
    assert response.status_code == 400
