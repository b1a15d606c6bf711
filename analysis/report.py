"""Dutch sentences of the kind the evaluation report uses, built from analysis results.

The words never claim more than the test shows: a p-value is printed so that its digits never
contradict the verdict, a difference is only "positiever" or "gedaald" when the test says so,
small groups get a caveat, and singular and plural are right.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd

from analysis.change import ALPHA
from analysis.compare import CompareResult
from analysis.format import decimal_round, nl_number, nl_percent, shown_difference

__all__ = [
    "CHANGE_WORDS",
    "COMPARISON_METHOD",
    "compare_warning",
    "nl_p",
    "nl_pvalue",
    "sentence_change",
    "sentence_compare",
    "sentence_mean",
    "sentence_mode",
    "sentence_outliers",
    "sentence_sources",
    "share_phrase",
]


def nl_pvalue(p: float | None) -> str:
    """A p-value for a table cell: "0,03", "< 0,001", "0,0496"; decided on the unrounded p.

    Where rounding would put the printed value on the other side of 0,05 than p itself (or on
    0,05 exactly while p is not), digits are added until it does not.

    >>> nl_pvalue(0.0312), nl_pvalue(0.0004), nl_pvalue(0.0496), nl_pvalue(0.0504), nl_pvalue(0.5)
    ('0,03', '< 0,001', '0,0496', '0,0504', '0,50')
    """
    if p is None or p != p:
        return "–"
    if p < 0.001:
        return "< 0,001"
    decimals = 3 if p < 0.01 else 2
    while decimals <= 5:
        shown = float(decimal_round(p, decimals))
        if (shown < ALPHA) == (p < ALPHA) and (shown != ALPHA or p == ALPHA):
            return nl_number(p, decimals)
        decimals += 1
    return "< 0,05" if p < ALPHA else "> 0,05"  # never "0,050000": the side is what counts


def nl_p(p: float | None) -> str:
    """ "p = 0,03", "p < 0,001", "p = 0,0496" (see `nl_pvalue`).

    >>> nl_p(0.0312), nl_p(0.0004), nl_p(0.5)
    ('p = 0,03', 'p < 0,001', 'p = 0,50')
    """
    if p is None or p != p:
        return "p onbekend"
    text = nl_pvalue(p)
    return f"p {text}" if text.startswith(("<", ">")) else f"p = {text}"


def share_phrase(share: float) -> str:
    """A share in words, as the report writes it; other shares as a percentage.

    >>> share_phrase(0.47), share_phrase(0.5), share_phrase(0.26), share_phrase(1.0)
    ('bijna de helft', 'de helft', 'ongeveer een kwart', 'iedereen')
    >>> share_phrase(0.4), share_phrase(29 / 200), share_phrase(0.97)
    ('40%', '15%', 'vrijwel iedereen')
    """
    if share >= 1:
        return "iedereen"
    if share == 0.5:
        return "de helft"
    bands = [
        (0.95, 1.0, "vrijwel iedereen"),
        (0.72, 0.78, "ongeveer driekwart"),
        (0.62, 0.667, "bijna twee derde"),
        (0.5, 0.55, "ruim de helft"),
        (0.45, 0.5, "bijna de helft"),
        (0.3, 0.37, "ongeveer een derde"),
        (0.22, 0.28, "ongeveer een kwart"),
    ]
    for low, high, words in bands:
        if low <= share < high:
            return words
    return nl_percent(share)


def sentence_mean(subject: str, mean: float, n: int) -> str:
    """ "Op de vraag … is gemiddeld een 6,5 gegeven (n = 34)."

    >>> sentence_mean("hoe men de samenwerking heeft gewaardeerd", 6.5, 34)
    'Op de vraag hoe men de samenwerking heeft gewaardeerd is gemiddeld een 6,5 gegeven (n = 34).'
    """
    return f"Op de vraag {subject} is gemiddeld een {nl_number(mean)} gegeven (n = {n})."


def sentence_mode(mode: float, share: float) -> str:
    """ "Bijna de helft gaf een 7."

    >>> sentence_mode(7.0, 0.47), sentence_mode(7.0, 1.0)
    ('Bijna de helft gaf een 7.', 'Iedereen gaf een 7.')
    """
    phrase = share_phrase(share)
    return f"{phrase[0].upper()}{phrase[1:]} gaf een {nl_number(mode, 0)}."


def sentence_compare(
    result: CompareResult, label1: str = "Provincies", label2: str = "gemeenten"
) -> str:
    """ "Provincies oordelen gemiddeld 1,2 punt positiever dan gemeenten (p = 0,03)."

    The verdict is the Mann–Whitney test's: without a significant difference the sentence says
    so, and a significant difference too small to show in one decimal is called that. Small
    groups get the caveat of `compare_warning`.
    """
    d = shown_difference(result.mean1, result.mean2)  # as the table beside it prints it
    if math.isnan(d):
        return f"{label1} en {label2} zijn niet te vergelijken: een van beide groepen is leeg."
    significant = not math.isnan(result.pvalue) and result.pvalue < ALPHA
    p_text = "" if math.isnan(result.pvalue) else f" ({nl_p(result.pvalue)})"
    if decimal_round(abs(d)) == 0:
        if significant:
            text = (
                f"{label1} en {label2} oordelen gemiddeld vrijwel gelijk (verschil kleiner dan "
                f"0,1 punt), maar hun verdelingen verschillen wel{p_text}."
            )
        else:
            text = (
                f"{label1} en {label2} verschillen gemiddeld minder dan 0,1 punt; een verschil "
                f"is niet aangetoond{p_text}."
            )
    elif significant and _against(result.mean_difference, result.cliffs_delta, result.hl_estimate):
        most = "positiever" if result.cliffs_delta > 0 else "negatiever"
        some = "negatiever" if most == "positiever" else "positiever"
        text = (
            f"{label1} en {label2} oordelen verschillend{p_text}, maar niet in één richting: "
            f"de meeste {label1.lower()} oordelen {most} dan {label2}, enkele juist veel "
            f"{some}, zodat het gemiddelde de andere kant op wijst."
        )
    else:
        word = "positiever" if d > 0 else "negatiever"
        text = f"{label1} oordelen gemiddeld {nl_number(abs(d))} punt {word} dan {label2}{p_text}"
        text += "." if significant else "; dat verschil is niet significant."
    warning = compare_warning(result)
    if warning:
        caveat = (
            "De uitkomst rust op weinig antwoorden."
            if significant
            else "Een verschil moet dan groot zijn om significant te zijn; dit bewijst dus "
            "niet dat er geen verschil is."
        )
        text += f" {warning} {caveat}"
    return text


COMPARISON_METHOD = (
    "Het verschil is dat tussen de getoonde (afgeronde) gemiddelden van provincies en "
    "gemeenten. Of het verschil meer is dan toeval, toetst de Mann–Whitney-toets op de "
    "rangorde van alle cijfers: exact bij kleine groepen, anders met de normale benadering. "
    "De verschuiving van de mediaan (Hodges–Lehmann) is de mediaan van alle verschillen "
    "tussen een cijfer van een provincie en een cijfer van een gemeente: hoeveel hoger of "
    "lager een provincie doorgaans oordeelt, met het 95%-betrouwbaarheidsinterval van "
    "dezelfde toets. Die verschuiving kan 0 zijn terwijl de gemiddelden verschillen, "
    "bijvoorbeeld als enkele cijfers ver afwijken."
)


def _against(mean_difference: float, delta: float, shift: float) -> bool:
    """Whether the rank effect (Cliff's delta, or else the Hodges–Lehmann shift) points the
    other way than the difference of the means."""
    rank = delta if delta == delta and delta != 0 else shift
    return (
        rank == rank and rank != 0 and math.copysign(1, rank) != math.copysign(1, mean_difference)
    )


def compare_warning(result: CompareResult) -> str | None:
    """The caveat for groups under `analysis.compare.SMALL_SAMPLE` answers, else None."""
    if not result.small_sample:
        return None
    return (
        f"Let op: kleine groepen ({result.label1} n = {result.n1}, "
        f"{result.label2} n = {result.n2})."
    )


OUTLIER_MIN_N = 10  # fewer answers: leaving some out says nothing a reader can use


def sentence_outliers(
    row: pd.Series, what: tuple[str, str, str] = ("het", "antwoord", "antwoorden")
) -> str | None:
    """What the flagged answers do to mean and spread, or None when there are none, when
    there are fewer than OUTLIER_MIN_N answers, or when nothing but identical answers would
    remain (a spread of 0,0 says nothing).

    `what` is (article, singular, plural): ("de", "gemeente", "gemeenten").
    """
    k = int(row["n_outliers"])
    if k == 0 or row.get("n", OUTLIER_MIN_N) < OUTLIER_MIN_N:
        return None
    if nl_number(row["sd_without"]) in ("0,0", "–"):
        return None
    article, singular, plural = what
    low = all(v < row["mean_without"] for v in row["outliers"])
    kind = "extreem lage" if low else "extreme"
    who = f"{article} ene {kind} {singular}" if k == 1 else f"de {k} {kind} {plural}"
    mean, mean_without = nl_number(row["mean"]), nl_number(row["mean_without"])
    sd, sd_without = nl_number(row["sd"]), nl_number(row["sd_without"])
    if mean == mean_without and sd == sd_without:
        return None  # nothing a reader could see: never "7,1 in plaats van 7,1"
    size = "kleinere" if row["sd_without"] < row["sd"] else "grotere"
    spread = (
        f"met een {size} spreiding (standaardafwijking {sd_without} in plaats van {sd})"
        if sd != sd_without
        else f"met dezelfde spreiding (standaardafwijking {sd})"
    )
    if mean == mean_without:
        return f"Zonder {who} blijft het gemiddelde {mean}, {spread}."
    return f"Zonder {who} zou het gemiddelde {mean_without} zijn in plaats van {mean}, {spread}."


# The change words of `analysis.change.direction`, in the order the sentence lists them.
CHANGE_WORDS = {
    "gedaald": "Gedaald",
    "gestegen": "Gestegen",
    "licht gedaald": "Licht gedaald (significant, maar niet meer dan een half punt)",
    "licht gestegen": "Licht gestegen (significant, maar niet meer dan een half punt)",
    "gedaald (niet significant)": "Lager, maar niet significant",
    "gestegen (niet significant)": "Hoger, maar niet significant",
    "veranderd, niet in één richting": (
        "Veranderd, maar niet in één richting (de meeste antwoorden en het gemiddelde wijzen "
        "verschillende kanten op)"
    ),
}


def sentence_change(changes: Iterable[Mapping], labels: dict[str, str]) -> str:
    """ "Gedaald: gedeelde ambitie, …. Gestegen: …." from the rows of `paired_changes`
    (mappings with `question` and `direction`), by direction.

    >>> words = ["gedaald", "gedaald (niet significant)", "geen aantoonbare verandering"]
    >>> rows = [{"question": q, "direction": w} for q, w in zip("abc", words)]
    >>> sentence_change(rows, {"a": "gedeelde ambitie"})
    'Gedaald: gedeelde ambitie. Lager, maar niet significant: b.'
    """
    changes = list(changes)
    parts = []
    for direction, word in CHANGE_WORDS.items():
        items = [r["question"] for r in changes if r["direction"] == direction]
        if items:
            parts.append(f"{word}: " + ", ".join(labels.get(q, q) for q in items) + ".")
    return " ".join(parts) or "Er is geen verandering in de tijd gemeten."


def sentence_sources(survey_mean: float, interview_mean: float) -> str:
    """ "Bij de geïnterviewden was de waardering een vol punt hoger (7,5 tegen 6,5)."

    Only for means that both exist; the caller shows it only when both sources reach min_n.

    >>> sentence_sources(6.5, 7.5)
    'Bij de geïnterviewden was de waardering een vol punt hoger (7,5 tegen 6,5 in de enquête).'
    """
    d = decimal_round(interview_mean) - decimal_round(survey_mean)  # as the means are printed
    if d == 0:
        return f"Bij de geïnterviewden was de waardering gelijk ({nl_number(interview_mean)})."
    size = "een vol punt" if abs(d) == 1 else f"{nl_number(abs(d))} punt"
    word = "hoger" if d > 0 else "lager"
    return (
        f"Bij de geïnterviewden was de waardering {size} {word} "
        f"({nl_number(interview_mean)} tegen {nl_number(survey_mean)} in de enquête)."
    )
