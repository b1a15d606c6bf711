"""Every statistic against values computed independently: by hand, or recorded from R with
the call written beside it. Edge cases: ties, all-equal groups, n = 1, n = 0, all "weet niet"."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import change, compare, descriptive, disclosure, outliers, ranktests, themes, waves
from analysis.report import compare_warning, sentence_compare, sentence_mode, sentence_outliers

approx = pytest.approx


def frame(values, question="q", dont_know=None, **extra):
    dk = dont_know or [False] * len(values)
    return pd.DataFrame({"question": question, "value": values, "dont_know": dk, **extra})


def phi(z: float) -> float:
    """Standard normal CDF from the error function (independent of scipy)."""
    return 0.5 * math.erfc(-z / math.sqrt(2))


def t_sf(t: float, df: float) -> float:
    """Upper tail of Student's t by numeric integration of its density (independent of scipy)."""
    c = math.gamma((df + 1) / 2) / (math.sqrt(df * math.pi) * math.gamma(df / 2))
    xs = np.linspace(t, t + 400, 2_000_001)
    ys = c * (1 + xs**2 / df) ** (-(df + 1) / 2)
    return float(np.sum((ys[1:] + ys[:-1]) / 2 * np.diff(xs)))


# --- descriptive --------------------------------------------------------------------------


def test_describe_by_hand():
    df = frame([4, 6, 6, 8, None], dont_know=[False, False, False, False, True])
    row = descriptive.describe(df).iloc[0]
    assert (row.n, row.n_dont_know) == (4, 1)
    assert row["mean"] == 6.0
    assert row.sd == approx(math.sqrt(8 / 3))
    assert (row["median"], row.q1, row.q3, row.iqr) == (6.0, 5.5, 6.5, 1.0)  # R: quantile(type=7)
    assert (row["min"], row["max"], row["mode"], row.mode_share) == (4.0, 8.0, 6.0, 0.5)


def test_describe_by_group_and_edge_cases():
    df = pd.concat(
        [
            frame([7], question="een", org_type="provincie"),
            frame([None, None], question="dk", dont_know=[True, True], org_type="gemeente"),
        ]
    )
    out = descriptive.describe(df, by="org_type").set_index("question")
    assert out.loc["een", "n"] == 1 and out.loc["een", "mean"] == 7.0
    assert math.isnan(out.loc["een", "sd"])  # undefined for n = 1
    assert out.loc["dk", "n"] == 0 and out.loc["dk", "n_dont_know"] == 2
    assert math.isnan(out.loc["dk", "mean"])  # all "weet niet": nothing averaged
    empty = descriptive.describe(frame([]))
    assert empty.empty and list(empty.columns)[:3] == ["question", "n", "n_dont_know"]


def test_dont_know_is_never_averaged_even_with_a_value():
    df = frame([1, 9], dont_know=[True, False])
    assert descriptive.describe(df).iloc[0]["mean"] == 9.0


def test_distribution_counts_and_shares():
    df = frame([7, 7, 7, 6, 5, None], dont_know=[False] * 5 + [True])
    dist = descriptive.distribution(df)
    assert dist[["value", "count"]].values.tolist() == [[5, 1], [6, 1], [7, 3]]
    assert dist["share"].tolist() == approx([0.2, 0.2, 0.6])


def test_bad_arguments_raise_value_error():
    with pytest.raises(ValueError, match="missing column"):
        descriptive.describe(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="expected a pandas DataFrame"):
        descriptive.describe([1, 2])
    with pytest.raises(ValueError, match="alternative"):
        compare.compare_values([1], [2], alternative="bigger")
    with pytest.raises(ValueError, match="confidence_level"):
        compare.compare_values([1], [2], confidence_level=95)
    with pytest.raises(ValueError, match="two different values"):
        compare.compare_groups(frame([1], org_type="x"), groups=("x", "x"))


# --- compare ------------------------------------------------------------------------------


def test_mann_whitney_exact_without_ties():
    r = compare.compare_values([7, 8, 9], [4, 5, 6])
    assert (r.statistic, r.method) == (9.0, "exact")
    assert r.pvalue == approx(2 / 20)  # the most extreme of C(6, 3) = 20 arrangements, twice
    assert r.cliffs_delta == 1.0 and r.rank_biserial == 1.0


def test_mann_whitney_with_ties_uses_tie_correction():
    x, y = [1, 2, 2, 3], [2, 3, 4, 4, 5]
    normal = ranktests.mann_whitney(x, y, exact=False)
    assert normal.method == "normal" and normal.statistic == 2.5
    # By hand: E[U] = 10; Var = 20/12 * (10 - (24 + 6 + 6) / 72) = 15.8333; continuity 0.5.
    z = (2.5 - 10 + 0.5) / math.sqrt(20 / 12 * (10 - 36 / 72))
    assert normal.pvalue == approx(2 * phi(z), abs=1e-9)
    assert normal.pvalue == approx(0.07855, abs=1e-4)  # R: wilcox.test(x, y, exact=FALSE)
    r = compare.compare_values(x, y)  # 9 answers: the exact test, conditional on the ties
    assert r.method == "exact" and r.statistic == 2.5
    assert r.pvalue == approx(11 / 126)  # 11 of the C(9, 4) = 126 splits are as extreme
    assert r.cliffs_delta == approx((1 - 16) / 20)


def test_welch_t_against_the_t_distribution():
    r = compare.compare_values([7, 8, 9], [4, 5, 6])
    assert r.welch_statistic == approx(3 / math.sqrt(2 / 3))
    assert r.welch_df == approx(4.0)
    assert r.welch_pvalue == approx(2 * t_sf(r.welch_statistic, 4), abs=1e-6)
    assert r.welch_pvalue == approx(0.02131, abs=1e-4)  # R: t.test(c(7,8,9), c(4,5,6))


def test_hodges_lehmann_estimate_and_interval_by_hand():
    estimate, low, high = compare.hodges_lehmann(range(1, 11), range(10))
    # Differences i - j: 100 values from -8 to 10, symmetric around 1. k = floor(50 - 1.96 *
    # sqrt(100 * 21 / 12)) = 24, so the interval is the 24th smallest and 24th largest: -2, 4.
    assert (estimate, low, high) == (1.0, -2.0, 4.0)
    r = compare.compare_values(range(1, 11), range(10))
    assert r.confidence_interval() == (-2.0, 4.0)
    tiny = compare.hodges_lehmann([7, 8, 9], [5, 6, 7])
    assert tiny[0] == 2.0 and math.isnan(tiny[1])  # 9 pairs: too few for a 95% interval


def test_all_equal_groups():
    r = compare.compare_values([6, 6, 6], [6, 6])
    assert r.mean_difference == 0 and r.pvalue == 1.0 and r.welch_pvalue == 1.0
    assert r.cliffs_delta == 0.0


def test_tiny_and_empty_groups():
    one = compare.compare_values([7], [5])
    assert one.n1 == one.n2 == 1 and one.mean_difference == 2.0
    assert math.isnan(one.welch_pvalue) and one.small_sample
    assert "kleine groepen" in compare_warning(one)
    five = compare.compare_values(range(5), range(5, 10))
    assert compare_warning(five) == "Let op: kleine groepen (groep 1 n = 5, groep 2 n = 5)."
    empty = compare.compare_values([], [5, 6])
    assert empty.n1 == 0 and math.isnan(empty.pvalue) and math.isnan(empty.mean_difference)
    big = compare.compare_values(range(10), range(10, 20))
    assert compare_warning(big) is None and not big.small_sample


def test_compare_groups_from_a_long_frame_ignores_dont_know():
    df = pd.concat(
        [
            frame([7, 8, 9, None], org_type="provincie", dont_know=[False, False, False, True]),
            frame([4, 5, 6], org_type="gemeente"),
        ]
    )
    r = compare.compare_groups(df)
    assert (r.n1, r.n2, r.mean1, r.mean2) == (3, 3, 8.0, 5.0)
    assert sentence_compare(r) == (
        "Provincies oordelen gemiddeld 3,0 punt positiever dan "
        "gemeenten (p = 0,10); dat verschil is niet significant. Let op: kleine groepen "
        "(provincie n = 3, gemeente n = 3). Een verschil moet dan groot zijn om significant te "
        "zijn; dit bewijst dus niet dat er geen verschil is."
    )


# --- outliers, change, waves, themes -------------------------------------------------------


def test_tukey_fences_by_hand():
    values = [6, 6, 7, 7, 7, 8, 1]  # Q1 = 6, Q3 = 7, fences 4.5 and 8.5
    assert outliers.outlier_mask(values).tolist() == [False] * 6 + [True]
    assert not outliers.outlier_mask([1, 9, 5]).any()  # fewer than 4 answers: nothing flagged
    row = outliers.describe_without_outliers(frame(values)).iloc[0]
    assert row.n_outliers == 1 and row["mean"] == 6.0
    assert row.mean_without == approx(41 / 6)
    assert row.sd_without < row.sd
    # Seven answers are too few for a sentence about leaving some out (issue 24 §10).
    assert sentence_outliers(row, ("de", "gemeente", "gemeenten")) is None
    more = [*values, 6, 7, 7]  # ten answers: Q1 = 6, Q3 = 7 still
    row = outliers.describe_without_outliers(frame(more)).iloc[0]
    text = sentence_outliers(row, ("de", "gemeente", "gemeenten"))
    # Before: "Zonder de 1 extreem lage gemeenten".
    assert text.startswith("Zonder de ene extreem lage gemeente zou het gemiddelde 6,8 zijn")
    two = outliers.describe_without_outliers(frame([*more, 1])).iloc[0]
    assert sentence_outliers(two).startswith("Zonder de 2 extreem lage antwoorden zou")
    # IQR 0: a 6 and an 8 around many 7s are not "extreme" (before: "7,0 in plaats van 7,0").
    flat = outliers.describe_without_outliers(frame([7, 7, 7, 7, 7, 6, 8])).iloc[0]
    assert flat.n_outliers == 0 and sentence_outliers(flat) is None
    # Before: "Zonder de 3 extreme antwoorden … standaardafwijking 0,0" (n = 8, a 1-5 scale).
    few = outliers.describe_without_outliers(frame([3, 3, 3, 3, 3, 1, 5, 5])).iloc[0]
    assert few.n_outliers == 3 and few.sd_without == 0 and sentence_outliers(few) is None
    flat_rest = pd.Series({"n": 40, "n_outliers": 2, "outliers": [1.0, 9.0], "mean": 5.0,
                           "sd": 1.2, "mean_without": 5.01, "sd_without": 0.04})  # fmt: skip
    assert sentence_outliers(flat_rest) is None  # "standaardafwijking 0,0" says nothing
    with pytest.raises(ValueError):
        outliers.outlier_mask([1, 2], k=0)


def test_wilcoxon_signed_rank_by_hand():
    before, after = [4, 4, 5, 3, 5, 4], [3, 2, 4, 3, 4, 4]
    r = change.paired_change(before, after, "gedeelde_ambitie")
    assert (r.n_pairs, r.statistic, r.method) == (6, 0.0, "exact")
    assert r.mean_change == approx(-5 / 6)
    # Zeros dropped: four differences, all down; 1 of 16 sign patterns, twice: 0,125.
    assert r.pvalue == approx(2 / 16) and r.direction == "gedaald (niet significant)"
    # Zeros dropped: |d| = 1, 2, 1, 1 -> ranks 2, 4, 2, 2. E[W] = 5, Var = 7.5 - (27 - 3) / 48.
    normal = ranktests.signed_rank(np.subtract(after, before), exact=False)
    z = (0 - 5 + 0.5) / math.sqrt(7.5 - 24 / 48)
    assert normal.pvalue == approx(2 * phi(z), abs=1e-9)  # R: wilcox.test(a, b, paired=TRUE,
    #                                                         exact=FALSE) (continuity corrected)


def test_change_edge_cases():
    same = change.paired_change([5, 5], [5, 5])
    assert same.direction == "geen aantoonbare verandering" and same.pvalue == 1.0
    none = change.paired_change([np.nan], [4])
    assert none.n_pairs == 0 and none.direction == "onbekend"
    with pytest.raises(ValueError, match="same length"):
        change.paired_change([1, 2], [1])


def test_paired_changes_from_long_frame_lists_decreases_first():
    rows = []
    for resp, (u0, u1, a0, a1) in enumerate([(3, 4, 4, 3), (3, 5, 4, 2), (2, 4, 5, 4)]):
        rows += [
            (resp, "urgentie", "start", u0),
            (resp, "urgentie", "nu", u1),
            (resp, "gedeelde_ambitie", "start", a0),
            (resp, "gedeelde_ambitie", "nu", a1),
        ]
    rows.append((9, "urgentie", "nu", 5))  # no start: not a pair
    df = pd.DataFrame(rows, columns=["response", "question", "timepoint", "value"])
    df["dont_know"] = False
    out = change.paired_changes(df)
    assert out["question"].tolist() == ["gedeelde_ambitie", "urgentie"]
    assert out["n_pairs"].tolist() == [3, 3]
    assert out["mean_change"].tolist() == approx([-4 / 3, 5 / 3])


def test_waves_refuse_different_items_unless_told():
    a, b = frame([5, 6, 7]), frame([6, 7, 8])
    same = waves.ItemInfo("Cijfer?", (1, 10, True))
    assert waves.compare_waves(a, b, "q", same, same).mean_difference == -1.0
    with pytest.raises(ValueError, match="worded differently"):
        waves.compare_waves(a, b, "q", same, waves.ItemInfo("Ander cijfer?", (1, 10, True)))
    with pytest.raises(ValueError, match="different scale"):
        waves.compare_waves(a, b, "q", same, waves.ItemInfo("Cijfer?", (1, 5, True)))
    forced = waves.compare_waves(
        a, b, "q", same, waves.ItemInfo("Cijfer?", (1, 5, True)), allow_different=True
    )
    assert forced.n1 == forced.n2 == 3


def test_theme_scores_by_hand():
    df = pd.DataFrame(
        {
            "response": [1, 1, 1, 2, 2, 3],
            "question": ["a", "b", "c", "a", "b", "a"],
            "timepoint": [""] * 6,
            "value": [4, 2, 5, None, 3, None],
            "dont_know": [False, False, False, True, False, True],
        }
    )
    scores = themes.theme_scores(df, {"a": "motivatie", "b": "motivatie", "c": "interactie"})
    got = {(r.response, r.theme): (r.value, r.n_items) for r in scores.itertuples()}
    assert got == {
        (1, "interactie"): (5.0, 1),
        (1, "motivatie"): (3.0, 2),
        (2, "motivatie"): (3.0, 1),
    }  # respondent 3 only said "weet niet"
    strict = themes.theme_scores(df, {"a": "m", "b": "m"}, min_items=2)
    assert strict["response"].tolist() == [1]
    summary = themes.describe_themes(scores).set_index("theme")
    assert summary.loc["motivatie", "n"] == 2 and summary.loc["motivatie", "mean"] == 3.0


# --- disclosure ---------------------------------------------------------------------------


def test_secondary_suppression_protects_a_lone_small_group():
    table = pd.DataFrame(
        {
            "question": ["q"] * 3,
            "org_type": ["provincie", "gemeente", "rijk"],
            "n": [12, 29, 2],
            "mean": [7.0, 6.0, 3.0],
        }
    )
    out = disclosure.suppress(table).set_index("org_type")
    assert out.loc["rijk", "suppressed"] == "primair"
    assert out.loc["provincie", "suppressed"] == "secundair"  # else total - others = rijk
    assert out.loc["gemeente", "mean"] == 6.0 and out["mean"].isna().sum() == 2


def test_suppression_edge_cases():
    two_small = pd.DataFrame(
        {"question": "q", "g": ["a", "b", "c"], "n": [3, 2, 20], "mean": [1.0, 2.0, 3.0]}
    )
    out = disclosure.suppress(two_small).set_index("g")
    assert out["suppressed"].tolist() == ["primair", "primair", None]  # already safe
    no_total = disclosure.suppress(two_small.iloc[[0, 2]], total_published=False).set_index("g")
    assert no_total.loc["c", "suppressed"] is None
    empty = pd.DataFrame({"question": "q", "g": ["a", "b"], "n": [0, 9], "mean": [np.nan, 5.0]})
    assert disclosure.suppress(empty)["suppressed"].tolist() == [None, None]
    per_question = pd.DataFrame(
        {
            "question": ["q1", "q1", "q2", "q2"],
            "g": ["a", "b"] * 2,
            "n": [2, 9, 8, 9],
            "mean": [1.0, 2.0, 3.0, 4.0],
        }
    )
    out = disclosure.suppress(per_question)
    assert out["suppressed"].tolist() == ["primair", "secundair", None, None]
    assert disclosure.suppress(per_question, min_n=1)["suppressed"].isna().all()
    with pytest.raises(ValueError, match="min_n"):
        disclosure.suppress(per_question, min_n=0)


def test_comments_of_small_groups_are_hidden():
    comments = pd.DataFrame(
        {"org_type": ["provincie", "rijk", "gemeente"], "text": ["a", "b", "c"]}
    )
    kept = disclosure.hide_small_group_comments(
        comments, {"provincie": 5, "rijk": 4, "gemeente": 29}
    )
    assert kept["text"].tolist() == ["a", "c"]


def test_mode_sentence_matches_the_report():
    assert sentence_mode(7.0, 16 / 34) == "Bijna de helft gaf een 7."


def test_small_changes_count_as_unchanged_with_a_threshold():
    small = change.paired_change([3, 3, 4], [3, 4, 4], min_change=0.5)
    assert small.mean_change == approx(1 / 3) and small.direction == "geen aantoonbare verandering"
    one_up = change.paired_change([3, 3, 4], [3, 4, 4])  # one nonzero difference: p = 1
    assert one_up.pvalue == 1.0 and one_up.direction == "gestegen (niet significant)"
    with pytest.raises(ValueError, match="min_change"):
        change.paired_change([1, 2], [2, 3], min_change=-1)


def test_pairwise_shortcuts_equal_the_brute_force():
    """Hodges–Lehmann and Cliff's delta work on value counts; check against all pairs."""
    rng = np.random.default_rng(7)
    for _ in range(25):
        x = rng.integers(1, 11, rng.integers(1, 40)).astype(float)
        y = rng.integers(1, 11, rng.integers(1, 40)).astype(float)
        diffs = np.sort((x[:, None] - y[None, :]).ravel())
        estimate, _low, _high = compare.hodges_lehmann(x, y)
        assert estimate == np.median(diffs)
        assert compare.cliffs_delta(x, y) == approx(np.sign(x[:, None] - y[None, :]).mean())
