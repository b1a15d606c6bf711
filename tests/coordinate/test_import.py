"""Contact imports: all or nothing, every bad row listed, hostile files harmless."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from surveyapp.coordinate.imports import parse_contacts
from surveyapp.models import Contact, Organisation
from surveyapp.tables import read_table
from tests import factories as f
from tests.conftest import csrf_from, post_file

HEADER = "organisation,org_type,name,email,role\n"
GOOD = HEADER + (
    "Provincie Utrecht,provincie,Anna Bos,anna@utrecht.example.nl,bevoegd_gezag\n"
    "Gemeente Utrecht,gemeente,Bram Smit,bram@gemeente-utrecht.example.nl,bevoegd_gezag\n"
    "Gemeente Utrecht,gemeente,Cor Visser,cor@gemeente-utrecht.example.nl,overig\n"
)


def counts(session):
    return (
        session.scalar(select(func.count(Organisation.id))),
        session.scalar(select(func.count(Contact.id))),
    )


def upload(client, content: bytes, filename="contacten.csv"):
    return post_file(client, "/coordinate/import", content, filename)


def test_good_file_imports_and_reimport_changes_nothing(client, login_as, session):
    login_as("coordinator")
    response = upload(client, GOOD.encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "2 organisaties en 3 contactpersonen toegevoegd" in html
    assert counts(session) == (2, 3)
    again = upload(client, GOOD.encode()).get_data(as_text=True)
    assert (
        "0 organisaties en 0 contactpersonen toegevoegd, 0 contactpersonen bijgewerkt, "
        "3 ongewijzigd" in again
    )
    assert counts(session) == (2, 3)


def test_dutch_headers_semicolons_bom_and_windows_encoding():
    text = (
        "\ufeffOrganisatie;Type;Naam;E-mailadres;Rol\r\n"
        "Gemeente ’s-Hertogenbosch;Gemeente;José Müller;jose@shertogenbosch.example.nl;"
        "Bevoegd gezag\r\n"
    )
    for data in (text.encode("utf-8"), text.lstrip("\ufeff").encode("cp1252")):
        parsed = parse_contacts(read_table("x.csv", data))
        assert parsed.errors == []
        (row,) = parsed.rows
        assert row.organisation == "Gemeente ’s-Hertogenbosch" and row.name == "José Müller"
        assert (row.org_type.value, row.role.value) == ("gemeente", "bevoegd_gezag")


def test_one_bad_file_imports_nothing_and_lists_every_bad_row(client, login_as, session):
    login_as("coordinator")
    bad = HEADER + (
        "Provincie Utrecht,provincie,Anna Bos,anna@utrecht.example.nl,bevoegd_gezag\n"
        "Gemeente Ede,stadsdeel,Bas,bas@ede.example.nl,overig\n"
        "Gemeente Ede,gemeente,Cas,geen-adres,overig\n"
        "Gemeente Ede,gemeente,Dirk,ANNA@utrecht.example.nl,overig\n"
        "Provincie Utrecht,gemeente,Eva,eva@example.nl,overig\n"
        ",gemeente,,fien@example.nl,baas\n"
    )
    response = upload(client, bad.encode())
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Er is niets geïmporteerd" in html
    for line, reason in [
        (3, "onbekend org_type ‘stadsdeel’"),
        (4, "ongeldig e-mailadres ‘geen-adres’"),
        (5, "e-mailadres anna@utrecht.example.nl staat ook op regel 2"),
        (6, "Provincie Utrecht is op regel 2 een provincie, hier een gemeente"),
        (7, "organisatie ontbreekt; naam ontbreekt; onbekende rol ‘baas’"),
    ]:
        assert f'<td class="num">{line}</td><td>{reason}' in html, (line, reason)
    assert counts(session) == (0, 0)


def test_clash_with_an_existing_organisation_type_imports_nothing(session):
    from surveyapp.coordinate.operations import import_contacts

    f.OrganisationFactory(name="Gemeente Utrecht", org_type="provincie")
    session.commit()
    summary = import_contacts(parse_contacts(read_table("x.csv", GOOD.encode())).rows)
    assert summary.errors == (
        (3, "Gemeente Utrecht bestaat al als provincie, niet als gemeente"),
        (4, "Gemeente Utrecht bestaat al als provincie, niet als gemeente"),
    )
    assert counts(session) == (1, 0)


def test_hostile_cells(client, login_as, session):
    login_as("coordinator")
    hostile = HEADER + (
        'Gemeente Ede,gemeente,"=HYPERLINK(""http://evil"")",a@ede.example.nl,overig\n'
        "Gemeente Ede,gemeente,<script>alert(1)</script>,b@ede.example.nl,overig\n"
        '"Gemeente Ede",gemeente,Cor,"c@ede.example.nl\r\nBcc: x@evil.example",overig\n'
    )
    html = upload(client, hostile.encode()).get_data(as_text=True)
    assert '<td class="num">4</td><td>ongeldig e-mailadres' in html
    assert counts(session) == (0, 0)
    upload(client, "\n".join(hostile.splitlines()[:3]).encode())
    names = set(session.scalars(select(Contact.name)))
    assert names == {'=HYPERLINK("http://evil")', "<script>alert(1)</script>"}  # text, not code
    page = client.get("/coordinate/contacts").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_xlsx_formulas_are_read_as_text(client, login_as, session):
    login_as("coordinator")
    book = Workbook()
    sheet = book.active
    sheet.append(["organisatie", "org_type", "naam", "e-mail", "rol"])
    sheet.append(["Provincie Zeeland", "provincie", "=1+1", "z@zeeland.example.nl", "overig"])
    sheet.append(["Provincie Zeeland", "provincie", 12345, "y@zeeland.example.nl", "overig"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(client, buffer.getvalue(), "contacten.xlsx")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert set(session.scalars(select(Contact.name))) == {"=1+1", "12345"}


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "leeg.csv", "Het bestand is leeg"),
        (b"a,b\n1,2\n", "x.csv", "Kolommen ontbreken: organisation, org_type, name, email, role"),
        (b"PK\x03\x04garbage", "x.xlsx", "Het Excel-bestand kan niet worden gelezen"),
        (b"%PDF-1.4", "x.pdf", "Upload een CSV-bestand"),
    ],
)
def test_unreadable_files_get_a_clear_message(client, login_as, content, filename, message):
    login_as("coordinator")
    response = upload(client, content, filename)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_ten_thousand_rows(session):
    from surveyapp.coordinate.operations import import_contacts

    lines = [HEADER.strip()] + [
        f"Gemeente {i % 300},gemeente,Persoon {i},p{i}@example.nl,bevoegd_gezag"
        for i in range(10_000)
    ]
    parsed = parse_contacts(read_table("big.csv", "\n".join(lines).encode()))
    assert parsed.errors == [] and len(parsed.rows) == 10_000
    summary = import_contacts(parsed.rows)
    session.commit()
    assert (summary.organisations_added, summary.contacts_added) == (300, 10_000)
    assert counts(session) == (300, 10_000)


def test_cli_import(app, tmp_path, session):
    path = tmp_path / "contacten.csv"
    path.write_text(GOOD, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["contacts", "import", str(path)])
    assert result.exit_code == 0 and "3 contacts added" in result.output
    path.write_text(GOOD + "X,planeet,Y,z@example.nl,overig\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["contacts", "import", str(path)])
    assert result.exit_code == 1
    assert "line 5: onbekend org_type" in result.output
    assert "Nothing was imported" in result.output


def test_no_file_chosen(client, login_as):
    login_as("coordinator")
    token = csrf_from(client.get("/coordinate/import").get_data(as_text=True))
    response = client.post("/coordinate/import", data={"csrf_token": token})
    assert response.status_code == 422
    assert "Kies een bestand om te importeren." in response.get_data(as_text=True)


def test_the_province_column_is_optional_checked_and_stored(client, login_as, session):
    login_as("coordinator")
    text = (
        "organisatie;org_type;naam;e-mail;rol;provincie\n"
        "Gemeente Utrecht;gemeente;Bram Smit;bram@utrecht.example.nl;bevoegd_gezag;utrecht\n"
        "Provincie Fryslân;provincie;Fenna;fenna@fryslan.example.nl;bevoegd_gezag;Friesland\n"
        "Gemeente Delft;gemeente;Dirk;dirk@delft.example.nl;bevoegd_gezag;\n"
    )
    assert upload(client, text.encode()).status_code == 200
    provinces = dict(session.execute(select(Organisation.name, Organisation.province)).all())
    assert provinces == {
        "Gemeente Utrecht": "Utrecht", "Provincie Fryslân": "Fryslân", "Gemeente Delft": None,
    }  # fmt: skip
    bad = text.replace(";utrecht\n", ";Utrechtse Heuvelrug\n")
    html = upload(client, bad.encode()).get_data(as_text=True)
    assert "onbekende provincie ‘Utrechtse Heuvelrug’ (kies uit: Groningen, Fryslân," in html


def test_the_example_file_of_the_41_authorities_imports_with_their_provinces(session):
    from config import BASE_DIR
    from surveyapp.coordinate.operations import import_contact_table

    path = BASE_DIR / "docs" / "examples" / "bevoegde-overheden.csv"
    parsed = parse_contacts(read_table(path.name, path.read_bytes()))
    assert parsed.errors == [] and len(parsed.rows) == 41
    import_contact_table(parsed)
    per_province = session.execute(
        select(Organisation.province, func.count()).group_by(Organisation.province)
    ).all()
    assert len(per_province) == 12 and sum(n for _p, n in per_province) == 41


def test_a_clash_with_stored_data_is_listed_with_the_files_own_problems(session):
    """Issue 24 §8: the clash came only after the other errors had been fixed."""
    from surveyapp.coordinate.operations import import_contact_table

    f.OrganisationFactory(name="Gemeente Utrecht", org_type="provincie")
    session.commit()
    bad = GOOD + "Gemeente Ede,gemeente,,geen-adres,bevoegd_gezag\n"
    summary = import_contact_table(parse_contacts(read_table("x.csv", bad.encode())))
    lines = [line for line, _ in summary.errors]
    assert lines == [3, 4, 5]  # the two clashes and the bad row, in one pass
    assert "bestaat al als provincie" in summary.errors[0][1]
    assert counts(session) == (1, 0)
