"""XLSForm and LimeSurvey in and out, on our own surveys and on real files of both tools."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree
from openpyxl import Workbook, load_workbook

from config import BASE_DIR
from surveyapp.definitions import load_file
from surveyapp.interchange import read_survey
from surveyapp.interchange.xlsform import to_xlsform
from surveyapp.models.survey import definition_hash

SURVEYS = sorted((BASE_DIR / "surveys").glob("*.yaml"))
FIXTURES = Path(__file__).parent.parent / "fixtures" / "interchange"


@pytest.mark.parametrize("path", SURVEYS, ids=lambda p: p.stem)
def test_xlsform_round_trip_keeps_the_hash(path):
    definition, problems = load_file(path)
    assert not problems
    back, conversion = read_survey(f"{path.stem}.xlsx", to_xlsform(definition))
    assert conversion.problems == [] and conversion.notes == [] and conversion.skipped == []
    assert definition_hash(back) == definition_hash(definition)


@pytest.mark.parametrize("path", SURVEYS, ids=lambda p: p.stem)
def test_yaml_download_round_trip_keeps_the_hash(path):
    from surveyapp.definitions.source import to_yaml

    definition, _ = load_file(path)
    back, conversion = read_survey("x.yaml", to_yaml(definition).encode())
    assert conversion.problems == [] and definition_hash(back) == definition_hash(definition)


@pytest.mark.parametrize("path", SURVEYS, ids=lambda p: p.stem)
def test_pyxform_accepts_our_xlsform(path, tmp_path):
    from pyxform.xls2xform import xls2xform_convert

    definition, _ = load_file(path)
    source = tmp_path / f"{path.stem}.xlsx"
    source.write_bytes(to_xlsform(definition))
    xls2xform_convert(str(source), str(tmp_path / "form.xml"), validate=False)
    assert "<h:title>" in (tmp_path / "form.xml").read_text(encoding="utf-8")


def _lss_questions(content: bytes) -> int:
    """Independently: top-level questions of the base language in a LimeSurvey export."""
    root = ElementTree.fromstring(content)
    base = root.find("surveys/rows/row/language").text
    rows = root.findall("questions/rows/row")
    return sum(
        1
        for r in rows
        if (r.findtext("parent_qid") or "0") == "0" and (r.findtext("language") or base) == base
    )


def _xlsform_questions(path: Path) -> int:
    """Independently: rows of the survey sheet that are not group or repeat markers."""
    from pyxform.xls2json_backends import get_xlsform

    rows = get_xlsform(str(path)).survey
    markers = ("begin group", "end group", "begin repeat", "end repeat")
    count = 0
    for row in rows:
        kind = " ".join(str(next((v for k, v in row.items() if k.lower() == "type"), "")).split())
        if kind and kind.lower().replace("_", " ") not in markers:
            count += 1
    return count


@pytest.mark.parametrize(
    "path",
    sorted(p for p in FIXTURES.iterdir() if p.suffix in (".lss", ".xlsx", ".xls")),
    ids=lambda p: p.name,
)
def test_every_sample_accounts_for_every_question(path):
    content = path.read_bytes()
    definition, c = read_survey(path.name, content)
    expected = _lss_questions(content) if path.suffix == ".lss" else _xlsform_questions(path)
    assert len(c.carried) + len(c.skipped) == expected, (c.carried, c.skipped)
    if c.carried:
        assert definition is not None, c.problems
    else:  # nothing to carry: said in Dutch, with the list of what was not carried
        assert "geen enkele vraag" in c.problems[0] and c.skipped


def test_limesurvey_mapping_on_the_samples():
    _, c = read_survey("x.lss", (FIXTURES / "ls5_EM_question_attributes.lss").read_bytes())
    reasons = {s.reason for s in c.skipped}
    assert {"rangschikking (ranking)", "bestand uploaden", "datum"} <= reasons
    definition, c = read_survey("x.lss", (FIXTURES / "ls205_em_tailoring.lss").read_bytes())
    types = {q["type"] for s in definition["sections"] for q in s["questions"]}
    assert {"choice", "number", "text"} <= types
    assert "vergelijking (equation)" in {s.reason for s in c.skipped}


def _xlsform(rows, choices=(), name="form.xlsx") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in rows:
        sheet.append(list(row))
    choice_sheet = book.create_sheet("choices")
    choice_sheet.append(["list_name", "name", "label"])
    for row in choices:
        choice_sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ("type", "name", "label", "relevant")


@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    [
        ("form.xlsx", b"not a zip at all", "kan niet worden gelezen"),
        ("form.xlsx", b"", "leeg"),
        ("form.pdf", b"%PDF-1.4", "Kies een vragenlijst"),
        ("form.xlsm", b"PK", "macro"),
        ("form.lss", b"<document><x>", "geen leesbare LimeSurvey-export"),
        ("form.yaml", b"format: 1\nslug: a\nslug: b\n", "duplicate key"),
        ("form.xlsx", _xlsform([HEADER, ("select_one kleuren", "kleur", "Kleur?", "")]),
         "keuzelijst ‘kleuren’ staat niet op het blad choices"),
        ("form.xlsx", _xlsform([HEADER, ("text", "a", "A?", ""), ("text", "a", "A weer?", "")]),
         None),
    ],
)  # fmt: skip
def test_bad_uploads_get_a_dutch_message(filename, content, expected):
    definition, c = read_survey(filename, content)
    if expected is None:  # a duplicate name is renamed, and the rename is noted
        assert definition is not None and any("a_2" in n for n in c.notes)
        return
    assert definition is None
    assert any(expected in p for p in c.problems), c.problems


def test_a_relevance_that_points_forward_is_not_carried_and_says_so():
    rows = [HEADER, ("text", "a", "A?", "${b} = 'x'"), ("text", "b", "B?", "")]
    definition, c = read_survey("form.xlsx", _xlsform(rows))
    assert definition is not None and "show_if" not in definition["sections"][0]["questions"][0]
    assert any("survey, rij 2" in n and "voorwaarde" in n for n in c.notes)


def test_ten_thousand_questions_are_refused_with_a_message():
    rows = [HEADER] + [("text", f"q{i}", f"Vraag {i}", "") for i in range(10_000)]
    definition, c = read_survey("form.xlsx", _xlsform(rows))
    assert definition is None and "ten hoogste" in c.problems[0]


def test_a_formula_is_named_not_run():
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(list(HEADER))
    sheet.append(["text", "a", '=HYPERLINK("http://x", "klik")', ""])
    buffer = io.BytesIO()
    book.save(buffer)
    definition, c = read_survey("form.xlsx", buffer.getvalue())
    assert definition is None and c.problems == [
        "blad survey, cel C2: bevat een formule; surveyapp voert geen formules uit. "
        "Vervang de formule door de tekst zelf."
    ]


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;'
        b'&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><document>&c;'
        b"</document>",
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<document><LimeSurveyDocType>&e;</LimeSurveyDocType></document>",
    ],
    ids=["billion-laughs", "external-entity"],
)
def test_hostile_xml_is_refused(xml):
    definition, c = read_survey("form.lss", xml)
    assert definition is None and "LimeSurvey-export" in c.problems[0]


def test_a_zip_bomb_is_refused_before_parsing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a/>" + b" " * 300_000_000)
    definition, c = read_survey("form.xlsx", buffer.getvalue())
    assert definition is None and "pakt uit" in c.problems[0]


def test_our_xlsform_opens_in_a_spreadsheet_as_three_sheets():
    definition, _ = load_file(SURVEYS[0])
    book = load_workbook(io.BytesIO(to_xlsform(definition)))
    assert book.sheetnames == ["survey", "choices", "settings"]


BROKEN = [
    "format: 2\nslug: A B\ntitle: x\nsections: []\n",
    "format: 1\nslug: ok-slug\ntitle: ''\nsections:\n  - key: s\n    title: S\n    questions:\n"
    "      - {key: a, type: slider, text: A}\n"
    "      - {key: a, type: grade, text: B, min: 5, max: 2}\n"
    "      - {key: c, type: choice, text: C, options: []}\n"
    "      - {key: d, type: text, text: D, show_if: {question: e, equals: x}, colour: red}\n"
    "      - {key: e, type: likert, text: E, scale: nope}\n",
    "format: 1\nslug: ok-slug\ntitle: T\nsections:\n  - key: s\n    title: S\n    questions:\n"
    "      - {key: a, type: choice, text: A, options: [Ja, Ja]}\n"
    "      - {key: b, type: text, text: B, show_if: {question: a, equals: nee}}\n",
    "format: 1\nslug: [unclosed\n",
]


@pytest.mark.parametrize("text", BROKEN)
def test_the_upload_page_says_every_loader_problem_in_dutch(text):
    definition, c = read_survey("x.yaml", text.encode())
    assert definition is None and c.problems
    english = ("must", "unknown", "duplicate", "needs", "not valid", "line ", "points forward")
    for problem in c.problems:
        assert not any(word in problem for word in english), problem


def test_a_multilingual_export_carries_the_base_language_and_lists_the_others():
    content = (FIXTURES / "ls205_plurals_test.lss").read_bytes()
    content = content.replace(
        b"<additional_languages/>",
        b"<additional_languages><![CDATA[de fr]]></additional_languages>",
    )
    definition, c = read_survey("plurals.lss", content)
    assert definition is not None
    assert "Alleen de basistaal (en) is overgenomen; niet: de, fr." in c.notes
