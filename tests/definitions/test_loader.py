"""The survey definition loader: both seed enquêtes load; every problem is reported at once."""

import textwrap

import pytest

from config import BASE_DIR
from surveyapp.definitions import Survey, load_file, load_text
from surveyapp.models import definition_hash

SEED = sorted((BASE_DIR / "surveys").glob("*.yaml"))


def yaml(text: str) -> str:
    return textwrap.dedent(text)


GOOD = yaml("""
    format: 1
    slug: mini
    title: Mini
    sections:
      - key: s1
        title: Eerste
        questions:
          - {key: cijfer, type: grade, text: "Cijfer?", dont_know: true, required: true}
          - {key: waarom, type: text, text: "Waarom?", show_if: {question: cijfer, at_most: 5}}
""")


@pytest.mark.parametrize("path", SEED, ids=lambda p: p.name)
def test_seed_surveys_are_valid(path):
    definition, problems = load_file(path)
    assert problems == []
    survey = Survey.from_definition(definition)
    assert survey.slug == path.stem
    assert len({q.key for q in survey.questions}) == len(survey.questions)


def test_bevoegde_overheden_asks_the_seed_articles_and_collaboration_grades():
    survey = Survey.from_definition(load_file(BASE_DIR / "surveys/bevoegde-overheden.yaml")[0])
    grades = {q.key: q for q in survey.questions if q.type == "grade"}
    assert {q.theme for q in grades.values()} >= {"art2", "art3", "art12", "art13", "art14"}
    assert {"samenwerking_partijen", "uitvoeringsteam", "eigen_organisatie"} <= set(grades)
    assert all(q.dont_know and (q.min, q.max) == (1, 10) for q in grades.values())


def test_samenwerking_has_the_four_quadrants_rated_at_both_timepoints():
    survey = Survey.from_definition(load_file(BASE_DIR / "surveys/samenwerking-stuurgroep.yaml")[0])
    rated = [q for q in survey.questions if q.type == "likert"]
    assert {q.theme for q in rated} == {"motivatie", "organisatie", "interactie", "resultaten"}
    assert all(q.timepoints == ("start", "nu") for q in rated)
    keys = {q.key for q in rated}
    assert {"urgentie", "gedeelde_ambitie", "gelijkwaardigheid", "uitgesproken_belangen"} <= keys
    assert survey.timepoint_label("start").startswith("Bij de start")


def test_normalisation_fills_defaults():
    definition, problems = load_text(GOOD)
    assert problems == []
    cijfer = definition["sections"][0]["questions"][0]
    assert [o["value"] for o in cijfer["options"]] == [str(i) for i in range(1, 11)]
    assert cijfer["timepoints"] == [] and cijfer["theme"] == ""
    waarom = definition["sections"][0]["questions"][1]
    assert waarom["show_if"] == {"question": "cijfer", "timepoint": "", "at_most": 5}
    assert waarom["max_length"] == 300 and waarom["required"] is False


def test_hash_is_stable_for_the_same_content():
    a, _ = load_text(GOOD)
    b, _ = load_text(GOOD.replace("title: Mini", "title:    Mini"))
    assert definition_hash(a) == definition_hash(b)


def test_every_problem_is_reported_at_once_with_a_path():
    bad = yaml("""
        format: 2
        slug: Bad Slug
        title: ""
        colour: blue
        sections:
          - key: s1
            title: Eerste
            questions:
              - {key: a, type: grade, text: A, min: 5, max: 5}
              - {key: b, type: likert, text: B, labels: []}
              - {key: a, type: text, text: Dubbel}
              - {key: c, type: text, text: C, show_if: {question: d, equals: ja}}
              - {key: d, type: choice, text: D, options: [Ja, Nee]}
              - {key: e, type: text, text: E, show_if: {question: zz, equals: 1}}
              - {key: f, type: slider, text: F}
              - {key: g, type: grade, text: G, timepoints: [start, later]}
              - {key: h, type: text, text: H, placeholder: x}
    """)
    definition, problems = load_text(bad, "bad.yaml")
    assert definition is None
    messages = [str(p) for p in problems]
    expected = [
        "bad.yaml: format: must be 1",
        "bad.yaml: slug: must be lower-case",
        "bad.yaml: colour: unknown key 'colour'",
        "bad.yaml: title: must be a non-empty text",
        "bad.yaml: sections[0].questions[0]: empty scale: min (5) must be below max (5)",
        "bad.yaml: sections[0].questions[1].labels: empty scale",
        "bad.yaml: sections[0].questions[2].key: duplicate question key 'a'",
        "bad.yaml: sections[0].questions[3].show_if.question: 'd' points forward",
        "bad.yaml: sections[0].questions[5].show_if.question: 'zz' is not a question",
        "bad.yaml: sections[0].questions[6].type: must be one of: choice, counts, grade, likert",
        "bad.yaml: sections[0].questions[7].timepoints: unknown timepoint 'later'",
        "bad.yaml: sections[0].questions[8].placeholder: unknown key 'placeholder'",
    ]
    for start in expected:
        assert any(m.startswith(start) for m in messages), (start, messages)
    assert len(messages) == len(expected)


def test_yaml_syntax_errors_and_duplicate_keys_name_the_line():
    _, problems = load_text("format: 1\nslug: [unclosed\n", "x.yaml")
    assert len(problems) == 1 and "not valid YAML" in problems[0].message
    assert problems[0].path.startswith("line ")
    _, problems = load_text("format: 1\nformat: 1\n", "y.yaml")
    assert "duplicate key 'format'" in problems[0].message
    assert problems[0].path == "line 2, column 1"


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("{key: q, type: choice, text: Q, options: []}", "non-empty list of options"),
        ("{key: q, type: choice, text: Q, options: [Ja, Ja]}", "duplicate option value 'ja'"),
        (
            "{key: q, type: choice, text: Q, options: [{value: anders, label: A}], other: true}",
            "reserved",
        ),
        ("{key: q, type: likert, text: Q, scale: nope}", "unknown scale 'nope'"),
        ("{key: q, type: text, text: Q, max_length: 0}", "between 1 and 20000"),
        ("{key: Q-1, type: text, text: Q}", "must start with a letter"),
        ("{key: a__b, type: text, text: Q}", "single _ only"),
        ("{key: q, type: grade, text: Q, timepoints: [nu]}", "at least two different"),
        ("{key: q, type: grade, text: Q, required: ja}", "must be true or false"),
        ("{key: q, type: text, text: ''}", "non-empty text"),
    ],
)
def test_single_problems(snippet, message):
    text = GOOD.replace(
        '- {key: waarom, type: text, text: "Waarom?", show_if: {question: cijfer, at_most: 5}}',
        "- " + snippet,
    )
    _, problems = load_text(text)
    assert any(message in p.message for p in problems), [str(p) for p in problems]


def test_show_if_checks_values_and_timepoints():
    text = yaml("""
        format: 1
        slug: cond
        title: Voorwaarden
        sections:
          - key: s
            title: S
            questions:
              - {key: rol, type: choice, text: "Rol?", options: [Stuurgroep, Programmateam]}
              - {key: a, type: text, text: A, show_if: {question: rol, equals: bestuur}}
              - {key: t, type: likert, text: T, labels: [Laag, Hoog], timepoints: [start, nu]}
              - {key: b, type: text, text: B, show_if: {question: t, at_least: 2}}
              - {key: c, type: text, text: C, show_if: {question: rol, at_most: 1}}
              - {key: d, type: text, text: D, show_if: {question: t, timepoint: nu}}
    """)
    _, problems = load_text(text)
    messages = {p.path: p.message for p in problems}
    assert "among the question's values" in messages["sections[0].questions[1].show_if.equals"]
    assert "timepoints" in messages["sections[0].questions[3].show_if.timepoint"]
    assert (
        "only works on questions whose answers are numbers"
        in messages["sections[0].questions[4].show_if.at_most"]
    )
    assert "needs one of" in messages["sections[0].questions[5].show_if"]


def test_unreadable_file(tmp_path):
    _, problems = load_file(tmp_path / "missing.yaml")
    assert "cannot read the file" in problems[0].message


def test_the_documented_example_is_valid():
    doc = (BASE_DIR / "docs" / "survey-format.md").read_text(encoding="utf-8")
    example = doc.split("## Complete example")[1].split("```yaml")[1].split("```")[0]
    definition, problems = load_text(example, "docs/survey-format.md")
    assert problems == []
    assert [q["type"] for s in definition["sections"] for q in s["questions"]] == [
        "grade",
        "text",
        "likert",
        "choice",
        "multi",
    ]


@pytest.mark.parametrize(
    ("themes", "message"),
    [("[art2]", "must map theme tags to labels"), ("{art2: ''}", "needs a non-empty label")],
)
def test_theme_labels_are_checked(themes, message):
    _, problems = load_text(GOOD.replace("sections:", f"themes: {themes}\nsections:", 1))
    assert any(message in p.message and p.path.startswith("themes") for p in problems), problems


def test_theme_labels_are_kept():
    definition, problems = load_text(
        GOOD.replace("sections:", "themes: {art2: Artikel 2}\nsections:", 1)
    )
    assert problems == [] and definition["themes"] == {"art2": "Artikel 2"}
