"""The Vragenlijsten area through the test client: upload, check, publish, versions, preview."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from sqlalchemy import func, select

from config import BASE_DIR
from surveyapp.models import AuditEvent, Response, SurveyVersion
from tests.conftest import csrf_from

YAML = (BASE_DIR / "surveys" / "samenwerking-stuurgroep.yaml").read_bytes()


def upload(client, filename: str, content: bytes):
    token = csrf_from(client.get("/vragenlijsten/").get_data(as_text=True))
    data = {"csrf_token": token, "file": (io.BytesIO(content), filename)}
    return client.post("/vragenlijsten/controleren", data=data, content_type="multipart/form-data")


def publish(client, check_page: str):
    checked = re.search(r'name="checked"[^>]*value="([^"]+)"', check_page)
    checked = checked or re.search(r'value="([^"]+)"[^>]*name="checked"', check_page)
    token = csrf_from(check_page)
    return client.post("/vragenlijsten/publiceren", data={"csrf_token": token,
                       "checked": checked.group(1)})  # fmt: skip


def test_upload_check_publish_and_the_next_version(client, login_as, session):
    user = login_as("coordinator")
    page = upload(client, "stuurgroep.yaml", YAML)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Dit is een nieuwe vragenlijst" in html and "toegevoegd" in html
    assert session.scalar(select(func.count(SurveyVersion.id))) == 0  # nothing stored yet
    response = publish(client, html)
    version = session.scalar(select(SurveyVersion))
    assert response.status_code == 302 and version.version == 1
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "survey.stored"))
    assert event.actor == user.email and event.object_id == version.id
    listing = client.get("/vragenlijsten/").get_data(as_text=True)
    assert user.email in listing and "concept: nog aan te passen" in listing

    # Download as XLSForm, reword a question in the spreadsheet, upload: the change is listed.
    xlsx = client.get(f"/vragenlijsten/{version.id}/download.xlsx").data
    book = load_workbook(io.BytesIO(xlsx))
    sheet = book["survey"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "urgentie")
    row[2].value = "Er is urgentie om samen te werken."
    buffer = io.BytesIO()
    book.save(buffer)
    html = upload(client, "stuurgroep.xlsx", buffer.getvalue()).get_data(as_text=True)
    assert "anders geformuleerd" in html and "Er is urgentie om samen te werken." in html
    assert "zij wordt bijgewerkt" in html  # version 1 is not in use yet


def test_a_bad_upload_stores_nothing_and_says_where(client, login_as, session):
    login_as("evaluator")
    bad = YAML.replace(b"type: likert", b"type: slider", 1)
    page = upload(client, "stuurgroep.yaml", bad)
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "Er is niets opgeslagen" in html
    assert "sections[0].questions[0].type" in html
    assert session.scalar(select(func.count(SurveyVersion.id))) == 0
    page = upload(client, "macro.xlsm", b"PK")
    assert page.status_code == 422 and "macro" in page.get_data(as_text=True)


def test_a_tampered_publish_is_refused(client, login_as, session):
    login_as("coordinator")
    html = upload(client, "stuurgroep.yaml", YAML).get_data(as_text=True)
    token = csrf_from(html)
    response = client.post(
        "/vragenlijsten/publiceren", data={"csrf_token": token, "checked": "eyJmb3JtYXQiOjF9.x"}
    )
    assert response.status_code == 302
    assert session.scalar(select(func.count(SurveyVersion.id))) == 0


def test_preview_follows_skip_logic_and_saves_nothing(client, login_as, session):
    login_as("coordinator")
    publish(client, upload(client, "stuurgroep.yaml", YAML).get_data(as_text=True))
    version = session.scalar(select(SurveyVersion))
    survey_pages = len(version.definition["sections"])
    page = client.get(f"/vragenlijsten/{version.id}/voorbeeld/1")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "er wordt niets opgeslagen" in html
    # Going on without answers shows the required-answer messages, as a respondent sees them.
    token = csrf_from(html)
    state = re.search(r'name="preview_answers" value="([^"]*)"', html).group(1)
    missing = client.post(
        f"/vragenlijsten/{version.id}/voorbeeld/1",
        data={"csrf_token": token, "preview_answers": state, "action": "next"},
    )
    assert missing.status_code == 422
    assert session.scalar(select(func.count(Response.id))) == 0
    phone = client.get(f"/vragenlijsten/{version.id}/voorbeeld/{survey_pages}?breedte=telefoon")
    assert "max-width: 390px" in phone.get_data(as_text=True)


def test_cli_import_and_export(app, session, tmp_path):
    from tests.fixtures_paths import INTERCHANGE

    runner = app.test_cli_runner()
    out = tmp_path / "tailoring.yaml"
    result = runner.invoke(
        args=["surveys", "import", str(INTERCHANGE / "ls205_em_tailoring.lss"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "31 questions in the file: 20 carried, 11 not carried." in result.output
    assert "slug: ls205-em-tailoring" in out.read_text(encoding="utf-8")
    failed = runner.invoke(args=["surveys", "import", str(INTERCHANGE / "hidden.xls")])
    assert failed.exit_code == 1 and "No valid survey" in failed.output
    assert runner.invoke(args=["surveys", "load", str(out)]).exit_code == 0
    xlsx = tmp_path / "t.xlsx"
    result = runner.invoke(
        args=["surveys", "export", "ls205-em-tailoring", "--format", "xlsform", "--out", str(xlsx)]
    )
    assert result.exit_code == 0 and xlsx.stat().st_size > 0
    missing = runner.invoke(args=["surveys", "export", "nope", "--out", str(xlsx)])
    assert missing.exit_code == 2 and "No survey 'nope'" in missing.output


SKIPPING = b"""format: 1
slug: overslaan
title: Overslaan
sections:
  - key: een
    title: Betrokkenheid
    questions:
      - {key: betrokken, type: choice, text: "Was u betrokken?", options: [Ja, Nee], required: true}
  - key: twee
    title: Alleen voor betrokkenen
    questions:
      - {key: rol, type: text, text: "Wat was uw rol?", show_if: {question: betrokken, equals: ja}}
  - key: drie
    title: Tot slot
    questions:
      - {key: opmerking, type: text, text: "Nog iets?"}
"""


def test_preview_skips_a_page_whose_questions_do_not_apply(client, login_as, session):
    login_as("evaluator")
    publish(client, upload(client, "overslaan.yaml", SKIPPING).get_data(as_text=True))
    version = session.scalar(select(SurveyVersion))

    def answer(choice: str) -> str:
        html = client.get(f"/vragenlijsten/{version.id}/voorbeeld/1").get_data(as_text=True)
        state = re.search(r'name="preview_answers" value="([^"]*)"', html).group(1)
        page = client.post(
            f"/vragenlijsten/{version.id}/voorbeeld/1",
            data={"csrf_token": csrf_from(html), "preview_answers": state, "action": "next",
                  "q-betrokken": choice},
        )  # fmt: skip
        return page.get_data(as_text=True)

    assert "<h1>Tot slot</h1>" in answer("nee") and "Stap 2 van 2" in answer("nee")
    assert "<h1>Alleen voor betrokkenen</h1>" in answer("ja")
    assert session.scalar(select(func.count(Response.id))) == 0


def test_a_50_mb_upload_is_refused_before_it_is_read(app, client, login_as):
    login_as("coordinator")
    token = csrf_from(client.get("/vragenlijsten/").get_data(as_text=True))
    boundary = "grens"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="g.xlsx"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + b"x" * (50 * 1024 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(  # a prepared body: the test client spools nothing to a file
        "/vragenlijsten/controleren",
        input_stream=io.BytesIO(body),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413 and "Te veel gegevens" in response.get_data(as_text=True)
