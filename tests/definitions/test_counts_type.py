"""The `counts` type (a table of whole numbers) and the checks between questions."""

from __future__ import annotations

import pytest

from surveyapp.definitions import AnswerValue, load_text
from surveyapp.definitions.checks import failed_checks
from surveyapp.definitions.schema import Survey
from surveyapp.definitions.types import CountsType

SURVEY = """
format: 1
slug: tellen
title: Tellen
prefill: true
sections:
  - key: s1
    title: Aantallen
    questions:
      - key: tabel
        type: counts
        text: Hoeveel locaties per status?
        max: 100
        rows: [{value: open, label: Open, phrase: "{pct} open"}, {value: klaar, label: Klaar}]
        columns: [{value: oud, label: Oud}, {value: nieuw, label: Nieuw}]
      - key: aantal
        type: number
        text: Hoeveel locaties in totaal?
      - key: uitleg
        type: text
        text: Uitleg bij een verschil
checks:
  - {question: tabel, column: oud, equals: previous, unless: uitleg}
  - {question: tabel, equals: aantal}
"""


def survey(text: str = SURVEY) -> Survey:
    definition, problems = load_text(text)
    assert not problems, problems
    return Survey.from_definition(definition)


def stored(table: dict[tuple[str, str], int]):
    return {
        (CountsType.suffix(r, c), ""): AnswerValue(
            value_num=float(n), suffix=CountsType.suffix(r, c)
        )
        for (r, c), n in table.items()
    }


def test_cells_are_read_checked_and_totalled():
    s = survey()
    q, qtype = s.question("tabel"), CountsType()
    form = {"q-tabel-open-oud": "3", "q-tabel-open-nieuw": "0", "q-tabel-klaar-oud": "5",
            "q-tabel-klaar-nieuw": " 2 "}  # fmt: skip
    values, error = qtype.parse(q, form)
    assert error is None
    assert {v.suffix: v.value_num for v in values} == {
        "__open.oud": 3.0, "__open.nieuw": 0.0, "__klaar.oud": 5.0, "__klaar.nieuw": 2.0,
    }  # fmt: skip
    answers = {(v.suffix, ""): v for v in values}
    assert qtype.totals(q, answers) == {
        "rows": {"open": 3, "klaar": 7}, "columns": {"oud": 8, "nieuw": 2}, "all": 10,
    }  # fmt: skip
    assert qtype.is_complete(q, answers)
    assert qtype.display(q, answers) == "Open: Oud 3 · Nieuw 0\nKlaar: Oud 5 · Nieuw 2\nTotaal: 10"
    assert qtype.parse(q, {}) == ([], None)  # empty table: unanswered, not an error
    assert qtype.answer_keys(q) == ["tabel__open.oud", "tabel__open.nieuw", "tabel__klaar.oud",
                                    "tabel__klaar.nieuw"]  # fmt: skip


@pytest.mark.parametrize("bad", ["-1", "1,5", "1.000", "101", "²", "drie"])
def test_a_cell_that_is_not_a_whole_number_in_range_is_refused(bad):
    s = survey()
    form = {n: "1" for n in CountsType().input_names(s.question("tabel"))}
    form["q-tabel-open-oud"] = bad
    assert CountsType().parse(s.question("tabel"), form) == (
        [],
        f"Vul in elke cel een heel getal van 0 tot en met 100 in (‘{bad}’ is dat niet).",
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("rows: [{value: Open, label: Open}]", "value: a-z, 0-9 and _"),
        ("rows: [{value: open, label: Open, phrase: open}]", "must contain {pct}"),
        ("rows: [{value: open, label: Open, kleur: rood}]", "mapping with label, phrase, value"),
        ("max: 0", "must be a whole number of at least 1"),
    ],
)
def test_bad_table_settings_are_reported(change, message):
    key = change.split(":")[0]
    lines = [ln for ln in SURVEY.splitlines() if not ln.strip().startswith(f"{key}:")]
    at = next(i for i, ln in enumerate(lines) if "type: counts" in ln)
    lines.insert(at + 1, "        " + change)
    _definition, problems = load_text("\n".join(lines))
    assert any(message in p.message for p in problems), problems


@pytest.mark.parametrize(
    ("check", "message"),
    [
        ("{question: uitleg, equals: previous}", "must be a count table or number question"),
        ("{question: tabel, column: zzz}", "'zzz' is not a column of 'tabel'"),
        ("{question: tabel, equals: uitleg}", "must be previous or a count table"),
        ("{question: tabel, unless: aantal}", "must be a text question on the same page"),
    ],
)
def test_bad_checks_are_reported(check, message):
    text = SURVEY.split("checks:")[0] + f"checks:\n  - {check}\n"
    _definition, problems = load_text(text)
    assert any(message in p.message for p in problems), problems


LAST = {("open", "oud"): 4, ("klaar", "oud"): 6, ("open", "nieuw"): 1, ("klaar", "nieuw"): 0}


def test_checks_compare_with_the_previous_return_and_another_question():
    s = survey()
    now = {"tabel": stored(LAST | {("open", "oud"): 2, ("klaar", "oud"): 8}),
           "aantal": {("", ""): AnswerValue(value_num=11.0)}}  # fmt: skip
    previous = {"tabel": stored(LAST)}
    assert failed_checks(s, now, previous, "Monitoring 2020") == {}
    now["tabel"] = stored(LAST | {("klaar", "oud"): 9})  # old column 13 ≠ 10; all 14 ≠ 11
    errors = failed_checks(s, now, previous, "Monitoring 2020")
    assert errors == {
        "tabel": "De aantallen in de kolom ‘Oud’ tellen op tot 13, maar in uw vorige opgave "
        "(Monitoring 2020) waren dat er 10. Controleer de aantallen, of leg het verschil uit bij "
        "‘Uitleg bij een verschil’."
    }
    now["uitleg"] = {("", ""): AnswerValue(value_text="Drie locaties erbij na onderzoek.")}
    assert failed_checks(s, now, previous, "Monitoring 2020") == {
        "tabel": "De aantallen in ‘Hoeveel locaties per status?’ tellen op tot 14, maar bij "
        "‘Hoeveel locaties in totaal?’ waren dat er 11. Controleer de aantallen."
    }
    # No previous return, or numbers not filled in yet: nothing to compare.
    assert "tabel" in failed_checks(s, now, None)  # the second check still runs
    assert failed_checks(s, {"tabel": stored(LAST)}, None) == {}
    assert failed_checks(s, now, previous, keys={"aantal"}) == {}
