"""One disclosure rule for every output (issue 19 §2): the examples of the outside review,
reproduced through the real pages and downloads. Each failed before the wave's one plan."""

from __future__ import annotations

import csv
import io

from config import BASE_DIR
from surveyapp.coordinate.operations import store_survey_version
from surveyapp.definitions import load_file
from surveyapp.models import Anonymity
from tests.evaluate.conftest import add_response, make_wave, summary

MIN_N = 5


def raw_long(client, wave) -> list[dict]:
    body = client.get(f"/evaluate/waves/{wave.id}/antwoorden-lang.csv").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))


def numbers(rows, item: str, org_type: str | None = None) -> list[float]:
    return [
        float(r["value"])
        for r in rows
        if r["question"] == item and r["value"] and (org_type is None or r["org_type"] == org_type)
    ]


def assert_raw_agrees_with_tables(client, wave, item_id: str) -> None:
    """Every named group in the raw answers is a published cell with the same n and mean;
    the unnamed answers, and the answers left out, are each 0 or at least min_n."""
    rows = raw_long(client, wave)
    item = next(i for i in summary(client, wave)["items"] if i["id"] == item_id)
    shown = {c["org_type"]: c for c in item["by_org_type"] if c["suppressed"] is None}
    labels = {r["org_type"] for r in rows if r["question"] == item_id and r["org_type"]}
    assert labels <= set(shown), (labels, shown)
    for org_type, cell in shown.items():
        values = numbers(rows, item_id, org_type)
        assert len(values) == cell["n"], org_type
        assert round(sum(values) / len(values), 2) == round(cell["mean"], 2), org_type
    blank = [r for r in rows if r["question"] == item_id and not r["org_type"]]
    assert len(blank) == 0 or len(blank) >= MIN_N
    left_out = item["n"] - len(numbers(rows, item_id))
    assert left_out == 0 or left_out >= MIN_N, left_out


def test_raw_answers_and_items_hide_the_same_groups(client, evaluator, session):
    """Before: the raw CSV blanked rijk and waterschap, the item published waterschap, and the
    blank rows minus waterschap's cell gave rijk's mean, 2,33."""
    wave = make_wave(session, anonymity=Anonymity.ANONYMOUS)
    groups = {
        "provincie": [6, 7, 8, 7, 6] + ["dk"] * 7,
        "gemeente": [5, 6, 7, 8, 9] * 4,
        "rijk": [2, 3, 2],
        "waterschap": [7, 7, 8, 6, 7, 8],
    }
    for org_type, grades in groups.items():
        for i, grade in enumerate(grades):
            add_response(session, wave, org_type, {"uitvoeringsteam": grade}, f"{org_type} {i}")
    session.commit()
    item = next(i for i in summary(client, wave)["items"] if i["id"] == "uitvoeringsteam")
    cells = {c["org_type"]: c["suppressed"] for c in item["by_org_type"]}
    assert cells["rijk"] == "primair" and cells["waterschap"] == "secundair"
    assert_raw_agrees_with_tables(client, wave, "uitvoeringsteam")
    rows = raw_long(client, wave)
    assert sorted(numbers([r for r in rows if not r["org_type"]], "uitvoeringsteam")) == sorted(
        [2, 3, 2, 7, 7, 8, 6, 7, 8]
    )  # rijk and waterschap pooled: 9 answers, no group's own


def test_raw_answers_leave_out_a_hidden_cell(client, evaluator, session):
    """Before: 3 provincie numbers on art14 were hidden "primair" in the results, and the raw
    export listed them: 2, 3 and 2."""
    wave = make_wave(session, anonymity=Anonymity.ANONYMOUS)
    for i, grade in enumerate([2, 3, 2] + ["dk"] * 9):
        add_response(
            session, wave, "provincie", {"art14_cijfer": grade, "art13_cijfer": 7}, f"P{i}"
        )
    for i in range(20):
        add_response(
            session, wave, "gemeente", {"art14_cijfer": 5 + i % 4, "art13_cijfer": 6}, f"G{i}"
        )
    session.commit()
    rows = raw_long(client, wave)
    assert numbers(rows, "art14_cijfer", "provincie") == []
    assert not [r for r in rows if r["question"] == "art14_cijfer" and r["org_type"] == "provincie"]
    assert_raw_agrees_with_tables(client, wave, "art14_cijfer")
    assert len(numbers(rows, "art13_cijfer", "provincie")) == 12  # the group itself is named


def test_a_theme_takes_no_answers_of_a_hidden_item(client, evaluator, session):
    """Before: 33 × the theme mean − (30 m_a + 30 m_b) / 2 gave the 3 answers to the hidden
    item eigen_organisatie (n = 3, mean 5,0), and the theme's min and max were theirs."""
    wave = make_wave(session, anonymity=Anonymity.ANONYMOUS)
    for i in range(30):
        answers = {"samenwerking_partijen": 6 + i % 3, "uitvoeringsteam": 7 + i % 2}
        add_response(session, wave, "provincie" if i < 12 else "gemeente", answers, f"O{i}")
    for i in range(3):
        add_response(session, wave, "gemeente", {"eigen_organisatie": 5}, f"E{i}")
    session.commit()
    data = summary(client, wave)
    hidden = next(i for i in data["items"] if i["id"] == "eigen_organisatie")
    assert hidden["suppressed"] == "primair"
    theme = next(t for t in data["themes"] if t["theme"] == "samenwerking")
    assert theme["n"] == 30 and theme["min"] >= 6.5


def _stuurgroep_wave(session, anonymity=Anonymity.IDENTIFIED):
    definition, problems = load_file(BASE_DIR / "surveys" / "samenwerking-stuurgroep.yaml")
    assert not problems
    version = store_survey_version(definition).version
    return make_wave(session, slug="sg", name="Stuurgroep", version=version, anonymity=anonymity)


def test_no_change_when_one_answer_lies_outside_the_pairs(client, evaluator, session):
    """Before: start n 8 and 7 pairs, so 8 × the start mean − 7 × the paired start mean was
    the eighth answer."""
    wave = _stuurgroep_wave(session)
    for i in range(7):
        add_response(session, wave, "provincie", {"urgentie@start": 2, "urgentie@nu": 4}, f"S{i}")
    add_response(session, wave, "rijk", {"urgentie@start": 1}, "Alleen start")
    session.commit()
    data = summary(client, wave)
    start = next(i for i in data["items"] if i["id"] == "urgentie.start")
    assert start["n"] == 8
    assert not [c for c in data["change"] if c["question"] == "urgentie"]
    for i in range(4):  # five answers outside the pairs: the change may be shown
        add_response(session, wave, "gemeente", {"urgentie@start": 3}, f"Extra {i}")
    session.commit()
    assert [
        c["n_pairs"] for c in summary(client, wave)["change"] if c["question"] == "urgentie"
    ] == [7]


def test_the_raw_export_makes_the_plan_the_results_make(demo_waves, session):
    """The CSVs plan from SQL counts, the pages from the answers frame: the same plan."""
    from surveyapp.evaluate.results import raw
    from surveyapp.evaluate.results.pipeline import wave_results

    wave = make_wave(session, slug="plan", anonymity=Anonymity.ANONYMOUS)
    for org_type, n in {"provincie": 12, "gemeente": 20, "rijk": 3, "waterschap": 6}.items():
        for i in range(n):
            answers = {"uitvoeringsteam": "dk" if i % 4 == 0 else 6 + i % 3}
            if org_type != "gemeente" or i < 3:
                answers["art14_cijfer"] = 4 + i % 5
            add_response(session, wave, org_type, answers, f"{org_type} {i}")
    session.commit()
    anonymous = [w for w in demo_waves.values() if w.anonymous and not w.results_withheld]
    for w in [wave, *anonymous]:
        assert raw.raw_policy(w, MIN_N).plan == wave_results(w, MIN_N).plan, w.slug
    assert raw.raw_policy(wave, MIN_N).plan.hidden_cells  # the case is not trivial
