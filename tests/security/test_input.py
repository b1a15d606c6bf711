"""Control characters and size limits: a clear 4xx before any database work, never a 500."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, select

from surveyapp.definitions.loader import load_text
from surveyapp.extensions import db
from surveyapp.models import Answer, Organisation
from tests import factories as f
from tests.conftest import csrf_from
from tests.evaluate.conftest import add_response, make_wave
from tests.respond.conftest import BO_COMPLETE

NUL_PAGE = "ongeldig teken (een NUL-teken)"


class StatementCounter:
    """Counts the SQL statements sent while it is active."""

    def __init__(self):
        self.count = 0

    def __call__(self, *args, **kwargs):
        self.count += 1

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self)


def test_a_nul_in_a_respondent_answer_is_a_400_and_nothing_is_stored(respondent, session):
    # Before: a 500 on PostgreSQL (psycopg DataError); SQLite stored the NUL.
    token = respondent.csrf("/r/p/1")
    response = respondent.client.post(
        "/r/p/1", data={"csrf_token": token, "q-art2_cijfer": "7", "q-art2_toelichting": "a\x00b"}
    )
    assert response.status_code == 400 and NUL_PAGE in response.get_data(as_text=True)
    assert session.scalars(select(Answer)).all() == []


def test_other_control_characters_are_stripped(respondent, session):
    answers = {**BO_COMPLETE[1], "q-art2_toelichting": "Goed\x1b op\x0b weg.\nEcht."}
    assert respondent.post_page(1, answers).status_code == 302
    stored = session.scalar(
        select(Answer.value_text).where(Answer.question_key == "art2_toelichting")
    )
    assert stored == "Goed op weg.\nEcht."


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/coordinate/organisations/new", "name"),
        ("/coordinate/contacts/new", "name"),
        ("/coordinate/waves/new", "name"),
    ],
)
def test_a_nul_in_staff_forms_is_a_400(client, login_as, path, field):
    login_as("coordinator")
    token = csrf_from(client.get(path).get_data(as_text=True))
    response = client.post(path, data={"csrf_token": token, field: "Naam\x00"})
    assert response.status_code == 400 and NUL_PAGE in response.get_data(as_text=True)


def test_a_nul_in_login_search_and_path_is_a_400(client, login_as, invitation):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    login = client.post(
        "/login", data={"csrf_token": token, "email": "a\x00@b.nl", "password": "x"}
    )
    assert login.status_code == 400
    login_as("coordinator")
    assert client.get("/coordinate/contacts?q=a%00b").status_code == 400
    assert client.get("/r/%00").status_code == 400  # before: a 500, not counted by the throttle


def test_the_link_throttle_counts_refused_tokens(client):
    codes = [client.get(f"/r/%00guess{i}").status_code for i in range(11)]
    assert codes == [400] * 10 + [429]  # 10 per minute, as for unknown tokens


def test_an_export_writes_whatever_was_stored(client, login_as, session):
    wave = make_wave(session)
    for i in range(6):
        add_response(session, wave, "gemeente", {"samenwerking_partijen": 7,
                     "samenwerken_toelichting": f"tekst\x1b\x0b met escape {i}"})  # fmt: skip
    session.commit()  # stored before the input policy existed
    login_as("evaluator")
    response = client.get(f"/evaluate/waves/{wave.id}/export.xlsx")
    assert response.status_code == 200  # before: a 500 (openpyxl IllegalCharacterError)
    book = load_workbook(io.BytesIO(response.data))
    texts = [c for r in book["Antwoorden"].iter_rows(values_only=True) for c in r]
    assert "tekst met escape 0" in texts
    assert client.get(f"/evaluate/waves/{wave.id}/hoofdstuk.docx").status_code == 200


def test_a_huge_text_field_is_a_413_before_the_database(respondent, app):
    token = respondent.csrf("/r/p/1")
    with StatementCounter() as sql:
        response = respondent.client.post(
            "/r/p/1", data={"csrf_token": token, "q-art2_toelichting": "x" * 10_000_000}
        )
    assert response.status_code == 413 and "Te veel gegevens" in response.get_data(as_text=True)
    assert len(response.data) < 20_000  # before: the 422 page sent all 10 MB back
    assert sql.count == 0


def test_too_many_fields_are_a_413_before_the_database(respondent, app):
    token = respondent.csrf("/r/p/1")
    data = {"csrf_token": token} | {f"f{i}": "1" for i in range(100_000)}
    with StatementCounter() as sql:
        response = respondent.client.post("/r/p/1", data=data)
    assert response.status_code == 413
    assert sql.count == 0  # before: refused only after the database was queried


def test_a_csv_field_beyond_the_csv_limit_is_a_clear_message(client, login_as, session, app):
    login_as("admin")
    path = "/coordinate/import"
    token = csrf_from(client.get(path).get_data(as_text=True))
    body = "organisatie,org_type,naam,e-mail,rol\n" + '"' + "x" * 140_000 + '",gemeente,A,a@b.nl,\n'
    response = client.post(
        path,
        data={"csrf_token": token, "file": (io.BytesIO(body.encode()), "c.csv")},
        content_type="multipart/form-data",
    )
    # Before: a 500 (_csv.Error: field larger than field limit (131072)).
    assert response.status_code == 422
    assert "meer dan 10000 tekens" in response.get_data(as_text=True)
    assert session.scalars(select(Organisation)).all() == []
    wave = make_wave(session)
    path = f"/evaluate/waves/{wave.id}/import"
    token = csrf_from(client.get(path).get_data(as_text=True))
    response = client.post(
        path,
        data={"csrf_token": token, "file": (io.BytesIO(body.encode()), "c.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "meer dan 10000 tekens" in response.get_data(
        as_text=True
    )


def test_the_cli_import_refuses_a_huge_field_with_an_exit_code(app, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("organisatie,org_type,naam,e-mail,rol\n" + '"' + "x" * 140_000 + '",a,b,c,d\n')
    result = app.test_cli_runner().invoke(args=["contacts", "import", str(path)])
    assert result.exit_code != 0 and "10000" in result.output
    assert "Traceback" not in result.output


def test_a_survey_file_with_thousands_of_sections_is_refused():
    sections = "".join(
        f"  - key: s{i}\n    title: S\n    questions:\n      - key: q{i}\n        type: text\n"
        "        text: T\n"
        for i in range(18_008)
    )
    text = f"format: 1\nslug: groot\ntitle: Groot\nsections:\n{sections}"
    definition, problems = load_text(text)
    assert definition is None  # before: a 5 MB survey with 18,008 sections was stored
    assert any("larger than" in p.message or "at most 200" in p.message for p in problems)


def test_interview_and_mail_text_forms_refuse_nul(client, login_as, session, demo):
    from surveyapp.models import Wave

    wave = session.scalars(select(Wave)).first()
    login_as("admin")
    for path, field in (
        (f"/evaluate/waves/{wave.id}/interviews", "organisation"),
        (f"/coordinate/waves/{wave.id}/mail", "invitation_subject"),
    ):
        token = csrf_from(client.get(path).get_data(as_text=True))
        response = client.post(path, data={"csrf_token": token, field: "x\x00y"})
        assert response.status_code == 400, path


def test_nothing_of_a_refused_page_is_saved(respondent, session):
    f.OrganisationFactory()
    token = respondent.csrf("/r/p/1")
    respondent.client.post("/r/p/1", data={"csrf_token": token, "q-art2_cijfer": "7\x00"})
    assert session.scalars(select(Answer)).all() == []
