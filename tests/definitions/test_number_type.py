"""The `number` type: one class in the registry plus one macro, through a real respondent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from surveyapp.definitions import REGISTRY, get_type, load_text
from surveyapp.definitions.schema import Survey
from surveyapp.definitions.types import CellError
from surveyapp.evaluate.results.imports import parse_historical
from surveyapp.models import Answer, Wave, WaveState, definition_hash
from tests import factories as f
from tests.respond.conftest import Respondent

SURVEY = """
format: 1
slug: monitoring
title: Monitoring spoedlocaties
sections:
  - key: locaties
    title: Locaties
    questions:
      - key: aantal
        type: number
        text: Hoeveel spoedlocaties heeft u?
        required: true
        min: 0
        max: 5000
        unit: locaties
      - key: oppervlakte
        type: number
        text: Welke oppervlakte is gesaneerd?
        decimals: 1
        min: 0
        unit: ha
      - key: toelichting
        type: text
        text: Toelichting
        show_if: {question: aantal, at_least: 10}
"""


def definition() -> dict:
    out, problems = load_text(SURVEY)
    assert not problems, problems
    return out


ONE_NUMBER = """
format: 1
slug: een
title: Een getal
sections:
  - key: s
    title: S
    questions:
      - key: getal
        type: number
        text: Hoeveel?
        {settings}
"""


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("min: 10\n        max: 5", "empty range"),
        ("decimals: 9", "between 0 and 6"),
        ("min: veel", "must be a number"),
        ("unit: [ha]", "short text"),
    ],
)
def test_settings_are_checked_by_the_type(settings, message):
    _, problems = load_text(ONE_NUMBER.format(settings=settings))
    assert any(message in p.message for p in problems), problems


def test_the_type_reads_values_and_cells():
    survey = Survey.from_definition(definition())
    aantal, oppervlakte = survey.question("aantal"), survey.question("oppervlakte")
    number = get_type("number")
    assert number.numeric and not number.rated and not number.free_text
    assert number.parse(oppervlakte, {"q-oppervlakte": "12,5"})[0][0].value_num == 12.5
    assert number.parse(oppervlakte, {"q-oppervlakte": "12,55"})[1] == (
        "Gebruik hooguit 1 cijfer(s) achter de komma."
    )
    assert number.parse(aantal, {"q-aantal": "3,5"})[1] == "Vul een heel getal in."
    assert (
        number.parse(aantal, {"q-aantal": "6000"})[1] == "Vul een getal vanaf 0 tot en met 5000 in."
    )
    assert "zonder punten" in number.parse(aantal, {"q-aantal": "1.234"})[1]
    assert number.read_cell(aantal, "42").value_num == 42.0
    with pytest.raises(CellError, match="aantal: Vul een getal in"):
        number.read_cell(aantal, "veel")
    assert number.required_message(aantal) == "Vul een getal in."


def test_a_respondent_answers_number_questions(app, session):
    version = f.SurveyVersionFactory(
        slug="monitoring", definition=definition(), content_hash=definition_hash(definition())
    )
    wave = f.WaveFactory(survey_version=version, state=WaveState.OPEN)
    inv = f.InvitationFactory(wave=wave)
    session.commit()
    r = Respondent(app.test_client(), inv.token, app)
    r.open_link()
    page = r.get("/r/p/1").get_data(as_text=True)
    assert 'inputmode="decimal"' in page and '<span class="unit">locaties</span>' in page
    bad = r.post_page(1, {"q-aantal": "veel", "q-oppervlakte": "1,25"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Vul een getal in" in html and "achter de komma" in html
    assert 'value="veel"' in html  # what was typed stays
    assert r.post_page(1, {"q-aantal": "12", "q-oppervlakte": "3,5"}).status_code == 302
    stored = dict(session.execute(select(Answer.question_key, Answer.value_num)).all())
    assert stored == {"aantal": 12.0, "oppervlakte": 3.5}
    review = r.get("/r/overzicht").get_data(as_text=True)
    assert "12 locaties" in review and "3,5 ha" in review
    assert 'value="3,5"' in r.get("/r/p/1").get_data(as_text=True)  # decimal comma back
    assert session.get(Wave, wave.id).survey_version.definition["sections"][0]


def test_import_of_an_earlier_round_reads_numbers():
    survey = Survey.from_definition(definition())
    table = [
        ["organisatie", "org_type", "aantal", "oppervlakte"],
        ["Gemeente A", "gemeente", "7", "2,5"],
    ]
    parsed = parse_historical(table, survey)
    assert parsed.errors == []
    ((_org, _type, answers),) = parsed.rows
    assert sorted((key, a.value_num) for key, a in answers) == [
        ("aantal", 7.0),
        ("oppervlakte", 2.5),
    ]


def test_adding_the_type_touched_only_its_class_and_macro():
    """No module outside the registry names a question type (the registry's own promise)."""
    root = Path(__file__).resolve().parents[2]
    names = "|".join(REGISTRY)
    pattern = re.compile(rf"""(==|!=|\bin\s*[(\[])\s*['"]({names})['"]""")
    for path in [
        *root.joinpath("surveyapp").rglob("*.py"),
        *root.joinpath("templates").rglob("*.html"),
    ]:
        if path.parent.name == "types" and path.parent.parent.name == "definitions":
            continue  # the registry itself
        text = path.read_text(encoding="utf-8")
        assert not pattern.search(text), f"{path} switches on a question type's name"
    assert root.joinpath("templates/respond/types/number.html").exists()
    assert root.joinpath("surveyapp/definitions/types/number.py").exists()
