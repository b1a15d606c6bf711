"""Uploads that could exhaust a worker: zip bombs, sheets too wide, a CSV of commas, a file
sent to a form that takes none, and a count of 5,000 digits in an import."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook
from sqlalchemy import func, select

from surveyapp.models import Contact
from tests.conftest import csrf_from, post_file
from tests.respond.conftest import BO_COMPLETE

HEADER = ["organisatie", "org_type", "naam", "e-mail", "rol"]


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bomb() -> bytes:
    """A small XLSX whose one sheet unpacks to 40 MB: one cell of one letter repeated."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx([HEADER]))) as good,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bad,
    ):
        for item in good.infolist():
            data = good.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<t>rol</t>", b"<t>" + b"a" * 40_000_000 + b"</t>")
            bad.writestr(item, data)
    return buffer.getvalue()


def post_large(client, url: str, data: bytes, filename: str):
    """`post_file` for a body the test client spools to a temporary file, closed afterwards."""
    from werkzeug.test import EnvironBuilder

    token = csrf_from(client.get(url).get_data(as_text=True))
    builder = EnvironBuilder(
        path=url, method="POST", data={"csrf_token": token, "file": (io.BytesIO(data), filename)}
    )
    environ = builder.get_environ()
    try:
        return client.open(environ)
    finally:
        builder.close()
        environ["wsgi.input"].close()


def problem(response) -> str:
    return response.get_data(as_text=True)


def test_an_xlsx_bomb_is_refused_before_it_is_parsed(client, login_as, session):
    login_as("coordinator")
    data = bomb()
    assert len(data) < 200_000
    response = post_file(client, "/coordinate/import", data, "contacten.xlsx")
    # Before: openpyxl unpacked it (a 1 MB file took a worker to 2.26 GB).
    assert response.status_code == 422
    assert "pakt uit tot veel meer gegevens" in problem(response)
    assert session.scalar(select(func.count(Contact.id))) == 0


def test_a_sheet_wider_than_the_limit_stops_at_its_first_row(client, login_as):
    login_as("coordinator")
    wide = xlsx([HEADER + [f"kolom {i}" for i in range(400)]])
    response = post_file(client, "/coordinate/import", wide, "breed.xlsx")
    assert response.status_code == 422
    assert "meer dan 300 kolommen" in problem(response)


def test_a_csv_of_commas_is_refused_while_reading(client, login_as):
    login_as("coordinator")
    commas = ",".join(HEADER).encode() + b"\n" + b"," * 7_000_000
    response = post_large(client, "/coordinate/import", commas, "komma.csv")
    assert response.status_code == 422
    assert "meer cellen dan 20000 rijen van 300 kolommen" in problem(response)


def test_a_file_sent_to_a_form_without_one_is_refused_before_any_work(respondent, session):
    token = respondent.csrf("/r/p/1")
    with respondent._context():
        response = respondent.client.post(
            "/r/p/1",
            data={"csrf_token": token, **BO_COMPLETE[1], "f": (io.BytesIO(b"x" * 400_000), "f")},
            content_type="multipart/form-data",
        )
    # Before: a 302, after the page was saved.
    assert response.status_code == 400
    assert "Dit formulier neemt geen bestanden aan" in problem(response)
    from tests.respond.conftest import answers

    assert answers(session) == {}


def test_the_imports_still_take_their_files(client, login_as, session):
    login_as("coordinator")
    row = ["Provincie Zeeland", "provincie", "Zee Land", "z@zeeland.example.nl", "overig"]
    response = post_file(client, "/coordinate/import", xlsx([HEADER, row]), "ok.xlsx")
    assert response.status_code == 200 and "1 contactpersonen" in problem(response)


def patched_sheet(change) -> bytes:
    """A real XLSX whose sheet XML is changed by `change` (bytes → bytes)."""
    buffer = io.BytesIO()
    good = xlsx([HEADER, ["Provincie Zeeland", "provincie", "Z", "z@zeeland.example.nl", "rol"]])
    with (
        zipfile.ZipFile(io.BytesIO(good)) as src,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            out.writestr(item, data)
    return buffer.getvalue()


def with_entities(sheet: bytes) -> bytes:
    at = sheet.index(b"<worksheet")
    dtd = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>'
    return sheet[:at] + dtd + sheet[at:].replace(b"<t>naam</t>", b"<t>&b;</t>")


def test_a_broken_or_entity_laden_sheet_is_refused_not_a_500(client, login_as, session):
    """The sheet is parsed while it is read (read-only mode): before, malformed sheet XML
    escaped as a ParseError, a 500."""
    login_as("coordinator")
    for data in (patched_sheet(lambda sheet: sheet[:-40]), patched_sheet(with_entities)):
        response = post_file(client, "/coordinate/import", data, "contacten.xlsx")
        assert response.status_code == 422
        assert "Het Excel-bestand kan niet worden gelezen" in problem(response)
    assert session.scalar(select(func.count(Contact.id))) == 0
