"""Every question type: parse posted values, refuse bad ones, fill forms, display."""

import pytest
from werkzeug.datastructures import MultiDict

from surveyapp.definitions import AnswerValue, Survey, get_type, load_text
from surveyapp.definitions.types import OTHER_SUFFIX

DEFINITION = """
format: 1
slug: types
title: Alle typen
sections:
  - key: s
    title: S
    questions:
      - {key: cijfer, type: grade, text: Cijfer, dont_know: true}
      - {key: streng, type: grade, text: Zonder weet-niet, min: 0, max: 5}
      - {key: eens, type: likert, text: Eens, labels: [Oneens, Neutraal, Eens],
         timepoints: [start, nu], dont_know: true}
      - {key: rol, type: choice, text: Rol, options: [Stuurgroep, Programmateam], other: true}
      - {key: punten, type: multi, text: Punten, options: [Ambitie, Rollen, Belangen], other: true}
      - {key: kort, type: text, text: Kort, max_length: 10}
      - {key: lang, type: text, text: Lang, long: true}
"""


@pytest.fixture(scope="module")
def survey():
    definition, problems = load_text(DEFINITION)
    assert problems == []
    return Survey.from_definition(definition)


def parse(survey, key, **form):
    """Post `form` (keyword names with _ for -; keys here have no _) to question `key`."""
    q = survey.question(key)
    data = MultiDict()
    for name, value in form.items():
        for v in value if isinstance(value, list) else [value]:
            data.add(name.replace("_", "-"), v)  # q_eens_start -> q-eens-start
    return get_type(q.type).parse(q, data)


def test_grade(survey):
    assert parse(survey, "cijfer", q_cijfer="7") == ([AnswerValue(value_num=7.0)], None)
    assert parse(survey, "cijfer", q_cijfer="dk") == ([AnswerValue(dont_know=True)], None)
    assert parse(survey, "cijfer", q_cijfer="") == ([], None)
    for bad in ("0", "11", "6.5", "zes"):
        values, error = parse(survey, "cijfer", q_cijfer=bad)
        assert values == [] and error == "Kies een cijfer van 1 tot en met 10 of ‘weet niet’."
    values, error = parse(survey, "streng", q_streng="dk")
    assert error == "Kies een cijfer van 0 tot en met 5."
    assert parse(survey, "streng", q_streng="0") == ([AnswerValue(value_num=0.0)], None)


def test_likert_with_timepoints(survey):
    values, error = parse(survey, "eens", q_eens_start="1", q_eens_nu="dk")
    assert error is None
    assert values == [AnswerValue("start", 1.0), AnswerValue("nu", dont_know=True)]
    q = survey.question("eens")
    stored = {(v.suffix, v.timepoint): v for v in values}
    t = get_type("likert")
    assert t.form_values(q, stored) == {"q-eens-start": "1", "q-eens-nu": "dk"}
    assert t.display(q, stored, "start") == "1 – Oneens"
    assert t.display(q, stored, "nu") == "Weet niet / geen oordeel"
    assert t.is_complete(q, stored)
    assert not t.is_complete(q, {("", "start"): values[0]})
    assert parse(survey, "eens", q_eens_start="4")[1] == "Kies een van de antwoorden op de schaal."


def test_choice_with_other(survey):
    assert parse(survey, "rol", q_rol="stuurgroep") == (
        [AnswerValue(value_text="stuurgroep")],
        None,
    )
    values, error = parse(survey, "rol", q_rol="anders", q_rol_anders="Secretaris")
    assert error is None
    assert values == [
        AnswerValue(value_text="anders"),
        AnswerValue(value_text="Secretaris", suffix=OTHER_SUFFIX),
    ]
    # Typing in the box without ticking "anders" is choosing it.
    assert parse(survey, "rol", q_rol_anders="Secretaris")[0][0].value_text == "anders"
    assert "vul in wat u bedoelt" in parse(survey, "rol", q_rol="anders")[1]
    assert (
        "koos een ander antwoord" in parse(survey, "rol", q_rol="stuurgroep", q_rol_anders="x")[1]
    )
    assert parse(survey, "rol", q_rol="bestuur")[1] == "Kies een van de genoemde antwoorden."
    q, t = survey.question("rol"), get_type("choice")
    stored = {(v.suffix, v.timepoint): v for v in values}
    assert t.display(q, stored) == "Anders, namelijk: Secretaris"
    assert t.form_values(q, stored) == {"q-rol": "anders", "q-rol-anders": "Secretaris"}


def test_multi(survey):
    values, error = parse(survey, "punten", q_punten=["rollen", "ambitie", "rollen"])
    assert error is None and values == [AnswerValue(value_text='["rollen", "ambitie"]')]
    q, t = survey.question("punten"), get_type("multi")
    stored = {("", ""): values[0]}
    assert t.display(q, stored) == "Rollen; Ambitie"
    assert t.form_values(q, stored) == {"q-punten": ["rollen", "ambitie"]}
    values, _ = parse(survey, "punten", q_punten=["belangen"], q_punten_anders="Geld")
    assert values[0].value_text == '["belangen", "anders"]'
    assert parse(survey, "punten", q_punten=["rollen", "x"])[1] is not None


def test_text(survey):
    assert parse(survey, "kort", q_kort="  ja  ") == ([AnswerValue(value_text="ja")], None)
    assert parse(survey, "kort", q_kort="a\r\nb") == ([AnswerValue(value_text="a b")], None)
    assert parse(survey, "lang", q_lang="a\r\nb") == ([AnswerValue(value_text="a\nb")], None)
    values, error = parse(survey, "kort", q_kort="x" * 11)
    assert values == [] and "11 tekens lang; het maximum is 10" in error
    assert parse(survey, "kort", q_kort="   ") == ([], None)
