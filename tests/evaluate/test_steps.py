"""Each step of the results pipeline on a small hand-made frame, checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from config import BASE_DIR
from surveyapp.definitions import load_file
from surveyapp.definitions.schema import Survey
from surveyapp.evaluate.results import pipeline, published, steps
from surveyapp.evaluate.results.frames import CATEGORIES, COLUMNS
from surveyapp.models import Anonymity, SurveyVersion, Wave, WaveState

ITEM = "samenwerking_partijen"


@pytest.fixture(scope="module")
def survey() -> Survey:
    definition, _ = load_file(BASE_DIR / "surveys" / "bevoegde-overheden.yaml")
    return Survey.from_definition(definition)


def frame(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["value"] = df["value"].astype(float)
    df["dont_know"] = df["dont_know"].astype(bool)
    for column in CATEGORIES:
        df[column] = df[column].astype("category")
    return df


@pytest.fixture
def raw():
    rows = []
    grades = {"provincie": [7, 8, 9, 8, 7], "gemeente": [5, 6, 4, 6, 5, 1], "rijk": [6, 6]}
    rid = 0
    for org_type, values in grades.items():
        for v in values:
            rid += 1
            rows.append((rid, 1, org_type, f"O{rid}", "survey", ITEM, "", float(v), None, False))
            rows.append((rid, 1, org_type, f"O{rid}", "survey", "samenwerken_toelichting", "",
                         None, f"tekst {org_type} {rid}", False))  # fmt: skip
    rows.append((99, 1, "gemeente", "O99", "survey", ITEM, "", None, None, True))
    for i in range(5):
        rows.append((100 + i, 1, "provincie", "IPO", "interview", ITEM, "", 8.0, None, False))
    return frame(rows)


def test_frame_splits_survey_interviews_and_texts(raw, survey):
    f = steps.step_frame(raw, survey, published.survey_items(survey))
    assert len(f.survey) == 14 and len(f.interviews) == 5 and len(f.texts) == 13
    assert f.group_sizes == {"gemeente": 7, "provincie": 5, "rijk": 2}


def test_items_groups_and_distributions(raw, survey):
    items = published.survey_items(survey)
    f = steps.step_frame(raw, survey, items)
    stats = steps.step_items(f, items).set_index("item")
    assert stats.loc[ITEM, "n"] == 13 and stats.loc[ITEM, "n_dont_know"] == 1
    assert stats.loc[ITEM, "mean"] == pytest.approx(78 / 13)
    groups = steps.step_groups(f).set_index("org_type")
    assert groups.loc["rijk", "n"] == 2 and groups.loc["gemeente", "n_dont_know"] == 1
    by_item, by_group = steps.step_distributions(f)
    assert by_item[by_item["value"] == 6.0]["count"].iloc[0] == 4
    assert set(by_group["org_type"].astype(str)) == {"provincie", "gemeente", "rijk"}


def test_comparisons_follow_the_survey_order(raw, survey):
    items = published.survey_items(survey)
    f = steps.step_frame(raw, survey, items)
    comparisons = steps.step_comparisons(f, items)
    assert list(comparisons) == [ITEM]
    assert comparisons[ITEM].n1 == 5 and comparisons[ITEM].method == "exact"


def test_outliers_change_themes_and_sources(raw, survey):
    items = published.survey_items(survey)
    f = steps.step_frame(raw, survey, items)
    assert steps.step_outliers(f).loc[ITEM, "n_outliers"] == 1  # the municipality's 1
    assert steps.step_change(f.survey).empty  # no timepoints in this survey
    assert "samenwerking" in set(steps.step_themes(f.survey, survey)["theme"])
    sources = steps.step_sources(f).set_index("source")
    assert sources.loc["interview", "n"] == 5 and sources.loc["interview", "mean"] == 8.0


def test_the_gate_and_the_sentences(raw, survey):
    version = SurveyVersion(id=-2, slug="bo", version=1, title="t", definition={}, content_hash="x")
    wave = Wave(id=-2, slug="w", name="W", survey_version=version, state=WaveState.CLOSED,
                anonymity=Anonymity.IDENTIFIED)  # fmt: skip
    results = pipeline.build_results(wave, survey, 5, frame=raw)
    cells = {r["org_type"]: r for r in results.group_rows(ITEM)}
    assert cells["rijk"]["suppressed"] == "primair"
    assert cells["provincie"]["suppressed"] == "secundair"  # 2 hidden alone is not enough
    assert cells["gemeente"]["n"] == 6
    assert results.comparisons == {}  # provinces hidden: no comparison
    assert results.sources[ITEM]["n_interview"] == 5
    assert results.words.items[ITEM][0].startswith("Op de vraag")
    assert "rijk" not in {c["org_type"] for c in results.comments.get("samenwerken_toelichting")}


def test_themes_use_section_titles_in_survey_order(raw, survey):
    labels = published.theme_labels(survey)
    assert list(labels)[:3] == ["art2", "art3", "art12"]  # before: sorted as text
    assert labels["art2"] == "Artikel 2: de transitie"  # before: "Art2"


def test_themes_sharing_a_section_keep_apart(survey):
    labels = published.theme_labels(survey)
    # Before: art13 and art14 share a section, so both read "Artikelen 13 en 14: …".
    assert labels["art13"] == "Artikel 13: kennis"
    assert labels["art14"] == "Artikel 14: bodeminformatiebeheer"
    definition, _ = load_file(BASE_DIR / "surveys" / "bevoegde-overheden.yaml")
    definition.pop("themes")
    unlabelled = published.theme_labels(Survey.from_definition(definition))
    assert (unlabelled["art13"], unlabelled["art14"]) == ("Art13", "Art14")  # never the same
    assert unlabelled["art2"] == "Artikel 2: de transitie"
