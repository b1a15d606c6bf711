"""Words that say what the numbers say: the issue's examples, each with its before in a comment."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import change, compare
from analysis.format import nl_number, nl_percent
from analysis.report import (
    nl_p,
    nl_pvalue,
    sentence_change,
    sentence_compare,
    sentence_mode,
    sentence_sources,
    share_phrase,
)
from analysis.themes import describe_themes, theme_scores


def test_a_small_mean_change_is_not_called_a_rise():
    # 8 steering-group members, one moves up a point: before "gestegen".
    before = [5, 5, 5, 5, 5, 5, 5, 5]
    after = [5, 5, 5, 5, 5, 5, 5, 6]
    r = change.paired_change(before, after, min_change=0.5)
    assert r.mean_change == 0.125 and r.direction == "geen aantoonbare verandering"


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ([4] * 8, [2] * 8, "gedaald"),  # p = 0,0078, −2 points
        ([4] * 8, [5] * 4 + [4] * 4, "gestegen (niet significant)"),  # p = 0,125, +0,5: small
        ([4] * 12, [5] * 4 + [4] * 8, "geen aantoonbare verandering"),  # p = 0,125, +0,33
        ([4] * 30, [5] * 10 + [4] * 20, "licht gestegen"),  # p = 0,002, +0,33
        ([4] * 5, [1] * 3 + [4] * 2, "gedaald (niet significant)"),  # −1,8 but p = 0,25
    ],
)
def test_direction_words_need_significance_and_size(before, after, expected):
    r = change.paired_change(before, after, min_change=0.5)
    if expected == "gestegen (niet significant)":
        r = change.paired_change(before, after, min_change=0.4)
    assert r.direction == expected, (r.pvalue, r.mean_change)


def test_the_change_sentence_lists_only_what_the_test_shows():
    t = pd.DataFrame(
        {
            "question": ["ambitie", "urgentie", "rust"],
            "direction": ["gedaald", "gestegen (niet significant)", "geen aantoonbare verandering"],
        }
    )
    assert sentence_change(t.to_dict("records"), {"ambitie": "gedeelde ambitie"}) == (
        "Gedaald: gedeelde ambitie. Hoger, maar niet significant: urgentie."
    )


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (0.0496, "p = 0,0496"),  # before "p = 0,05" for a significant result
        (0.0504, "p = 0,0504"),
        (0.0312, "p = 0,03"),
        (0.0004, "p < 0,001"),  # tables printed "0,000"
        (0.05, "p = 0,05"),
        (0.0095, "p = 0,010"),  # 3 decimals below 0,01, still on the right side of 0,05
        (float("nan"), "p onbekend"),
    ],
)
def test_p_values_never_contradict_the_verdict(p, expected):
    assert nl_p(p) == expected


def test_table_p_values():
    assert nl_pvalue(0.00002) == "< 0,001"
    assert nl_pvalue(0.04999) == "0,04999"
    assert nl_pvalue(None) == "–"


def _result(x, y):
    return compare.compare_values(x, y, labels=("provincie", "gemeente"))


def test_a_significant_but_tiny_difference_is_not_called_equal():
    x = [7] * 850 + [1] * 150  # mean 6,1: mostly above the other group
    y = [6] * 960 + [8] * 40  # mean 6,08
    r = _result(x, y)
    assert abs(r.mean_difference) < 0.05 and r.pvalue < 0.05
    text = sentence_compare(r)
    # Before: "Provincies en gemeenten oordelen gemiddeld gelijk (p = 0,01)."
    assert "vrijwel gelijk (verschil kleiner dan 0,1 punt), maar hun verdelingen" in text


def test_small_groups_carry_their_caveat():
    text = sentence_compare(_result([8, 8, 9, 7, 8], [5, 6, 5, 6, 4]))
    assert "(p = 0,008)." in text  # exact: 2 of 252 splits
    assert text.endswith(
        "Let op: kleine groepen (provincie n = 5, gemeente n = 5). De uitkomst rust op weinig "
        "antwoorden."
    )


def test_share_phrases_and_percentages_agree():
    assert sentence_mode(7.0, 1.0) == "Iedereen gaf een 7."  # before: "Vrijwel iedereen"
    assert share_phrase(0.4) == "40%"  # before: "bijna de helft"
    assert share_phrase(29 / 200) == nl_percent(29, 200) == "15%"  # before: 14% against 15%
    assert share_phrase(16 / 34) == "bijna de helft"


def test_numbers_round_half_up_without_float_artefacts():
    assert nl_number(-0.04) == "0,0"  # before "-0,0"
    assert nl_number(float("inf")) == "∞"  # before: an error
    answers = [[2, 3, 8], [10, 7, 5], [2, 5, 8, 6, 8, 1], [5, 9, 6, 3, 10, 5]]  # mean 23/4
    df = pd.DataFrame(
        [
            {"response": r, "question": f"q{i}", "value": v, "dont_know": False}
            for r, values in enumerate(answers)
            for i, v in enumerate(values)
        ]
    )
    themes = describe_themes(theme_scores(df, {f"q{i}": "t" for i in range(6)}, timepoint=None))
    mean = themes["mean"].iloc[0]
    assert mean != 5.75 and abs(mean - 5.75) < 1e-12  # the float is 5,7499…
    assert nl_number(mean) == "5,8"  # before: "5,7"


def test_source_sentence_needs_two_means():
    assert sentence_sources(6.5, 7.5).startswith("Bij de geïnterviewden was de waardering een vol")
    assert sentence_sources(7.0, 6.96) == "Bij de geïnterviewden was de waardering gelijk (7,0)."


def test_a_direction_only_where_mean_ranks_and_test_agree():
    """Issue 19: x = [5]*40 + [10]*12 against y = [6]*50 read "Provincies oordelen gemiddeld
    0,2 punt positiever (p < 0,001)" while Cliff's delta is -0,54."""
    from analysis.compare import compare_values

    r = compare_values([5] * 40 + [10] * 12, [6] * 50)
    text = sentence_compare(r)
    assert "positiever dan gemeenten (p" not in text and "gemiddeld 0,2 punt" not in text
    assert "niet in één richting" in text
    assert "de meeste provincies oordelen negatiever dan gemeenten" in text
    # Agreeing mean, ranks and test still give a direction.
    agree = compare_values([7, 8, 8, 9, 9, 8, 7, 9, 8, 8], [5, 6, 5, 4, 6, 5, 6, 5, 4, 5])
    assert sentence_compare(agree).startswith("Provincies oordelen gemiddeld 3,0 punt positiever")


def test_a_change_with_mean_and_most_pairs_apart_has_no_direction():
    """33 pairs go 9 -> 10 and 6 go 10 -> 1: mean -0,54 and p 0,007, but HL +1 (was "gedaald")."""
    r = change.paired_change([9] * 33 + [10] * 6, [10] * 33 + [1] * 6, min_change=0.5)
    assert r.direction == "veranderd, niet in één richting"
    assert "Veranderd, maar niet in één richting" in sentence_change([r.__dict__], {})


def test_a_printed_half_point_is_never_called_a_rise():
    """0,52 prints as "0,5", and half a point is not a rise by the threshold."""
    assert change.direction(0.52, 0.001, 0.5) == "licht gestegen"
    assert change.direction(0.56, 0.001, 0.5) == "gestegen"


def test_comparisons_are_worded_from_the_printed_numbers():
    from analysis.report import nl_p, sentence_outliers, sentence_sources

    # (6,95; 7,04) read "0,1 punt hoger (7,0 tegen 7,0 …)".
    assert sentence_sources(6.95, 7.04) == "Bij de geïnterviewden was de waardering gelijk (7,0)."
    # "Zonder … 7,1 in plaats van 7,1": nothing a reader could see is no sentence.
    same = pd.Series({"n_outliers": 3, "outliers": [1, 2, 1], "mean": 7.12, "mean_without": 7.08,
                      "sd": 0.04, "sd_without": 0.03})  # fmt: skip
    assert sentence_outliers(same) is None
    kept = same.copy()
    kept["sd"], kept["sd_without"] = 1.5, 0.6
    assert sentence_outliers(kept) == (
        "Zonder de 3 extreem lage antwoorden blijft het gemiddelde 7,1, met een kleinere "
        "spreiding (standaardafwijking 0,6 in plaats van 1,5)."
    )
    # "p = 0,050000" appeared: the side of 0,05 is what a reader needs.
    assert nl_p(0.0500000001) == "p > 0,05" and nl_p(0.0499999999) == "p < 0,05"


def test_nearly_equal_groups_are_not_called_equal():
    """Issue 24 §10: "oordelen gemiddeld gelijk" claimed more than a test that found nothing."""
    from analysis.compare import compare_values
    from analysis.report import sentence_compare

    r = compare_values([7, 6, 8, 7, 7, 6, 8], [7, 7, 6, 8, 7, 8, 6])
    text = sentence_compare(r, "Provincies", "gemeenten")
    assert "gelijk" not in text
    assert text.startswith("Provincies en gemeenten verschillen gemiddeld minder dan 0,1 punt")
    assert "een verschil is niet aangetoond" in text
