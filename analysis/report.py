"""Dutch sentences of the kind the evaluation report uses, built from analysis results."""

from __future__ import annotations

import math

import pandas as pd

from analysis.compare import CompareResult
from analysis.format import nl_number

__all__ = [
    "nl_p",
    "sentence_change",
    "sentence_compare",
    "sentence_mean",
    "sentence_mode",
    "sentence_outliers",
    "sentence_sources",
    "share_phrase",
]

ALPHA = 0.05


def nl_p(p: float) -> str:
    """p = 0,03; p < 0,001; p = 1,00.

    >>> nl_p(0.0312), nl_p(0.0004), nl_p(0.5)
    ('p = 0,03', 'p < 0,001', 'p = 0,50')
    """
    if p is None or math.isnan(p):
        return "p onbekend"
    if p < 0.001:
        return "p < 0,001"
    return f"p = {nl_number(p, 3 if p < 0.01 else 2)}"


def share_phrase(share: float) -> str:
    """A share in words, as the report writes it.

    >>> share_phrase(0.47), share_phrase(0.5), share_phrase(0.26), share_phrase(0.1)
    ('bijna de helft', 'de helft', 'ongeveer een kwart', '10%')
    """
    if share == 0.5:
        return "de helft"
    bands = [
        (0.95, 1.01, "vrijwel iedereen"),
        (0.72, 0.78, "ongeveer driekwart"),
        (0.6, 0.67, "bijna twee derde"),
        (0.5, 0.6, "ruim de helft"),
        (0.4, 0.5, "bijna de helft"),
        (0.3, 0.37, "ongeveer een derde"),
        (0.2, 0.3, "ongeveer een kwart"),
    ]
    for low, high, words in bands:
        if low <= share < high:
            return words
    return f"{nl_number(share * 100, 0)}%"


def sentence_mean(subject: str, mean: float, n: int) -> str:
    """ "Op de vraag … is gemiddeld een 6,5 gegeven (n = 34)."

    >>> sentence_mean("hoe men de samenwerking heeft gewaardeerd", 6.5, 34)
    'Op de vraag hoe men de samenwerking heeft gewaardeerd is gemiddeld een 6,5 gegeven (n = 34).'
    """
    return f"Op de vraag {subject} is gemiddeld een {nl_number(mean)} gegeven (n = {n})."


def sentence_mode(mode: float, share: float) -> str:
    """ "Bijna de helft gaf een 7."

    >>> sentence_mode(7.0, 0.47)
    'Bijna de helft gaf een 7.'
    """
    phrase = share_phrase(share)
    return f"{phrase[0].upper()}{phrase[1:]} gaf een {nl_number(mode, 0)}."


def sentence_compare(
    result: CompareResult, label1: str = "Provincies", label2: str = "gemeenten"
) -> str:
    """ "Provincies oordelen gemiddeld 1,2 punt positiever dan gemeenten (p = 0,03)."

    The p-value is the Mann–Whitney test's; without a significant difference that is said.
    """
    d = result.mean_difference
    if math.isnan(d):
        return f"{label1} en {label2} zijn niet te vergelijken: een van beide groepen is leeg."
    if round(d, 1) == 0:
        core = f"{label1} en {label2} oordelen gemiddeld gelijk"
    else:
        word = "positiever" if d > 0 else "negatiever"
        core = f"{label1} oordelen gemiddeld {nl_number(abs(d))} punt {word} dan {label2}"
    if math.isnan(result.pvalue):
        return core + "."
    tail = "" if result.pvalue < ALPHA else "; dat verschil is niet significant"
    return f"{core} ({nl_p(result.pvalue)}){tail}."


def sentence_outliers(row: pd.Series, what: str = "antwoorden") -> str | None:
    """What the flagged answers do to mean and spread, or None when there are none."""
    k = int(row["n_outliers"])
    if k == 0:
        return None
    low = all(v < row["mean_without"] for v in row["outliers"])
    kind = "extreem lage" if low else "extreme"
    return (
        f"Zonder de {k} {kind} {what} zou het gemiddelde {nl_number(row['mean_without'])} "
        f"zijn in plaats van {nl_number(row['mean'])}, met een kleinere spreiding "
        f"(standaardafwijking {nl_number(row['sd_without'])} in plaats van "
        f"{nl_number(row['sd'])})."
    )


def sentence_change(changes: pd.DataFrame, labels: dict[str, str]) -> str:
    """ "Gedaald: gedeelde ambitie, …. Gestegen: gevoelde urgentie, …." from `paired_changes`."""
    parts = []
    for direction, word in (("gedaald", "Gedaald"), ("gestegen", "Gestegen")):
        items = changes.loc[changes["direction"] == direction, "question"]
        if len(items):
            parts.append(f"{word}: " + ", ".join(labels.get(q, q) for q in items) + ".")
    return " ".join(parts) or "Er is geen verandering in de tijd gemeten."


def sentence_sources(survey_mean: float, interview_mean: float) -> str:
    """ "Bij de geïnterviewden was de waardering een vol punt hoger (7,5 tegen 6,5)."

    >>> sentence_sources(6.5, 7.5)
    'Bij de geïnterviewden was de waardering een vol punt hoger (7,5 tegen 6,5 in de enquête).'
    """
    d = interview_mean - survey_mean
    if abs(round(d, 1)) == 1.0:
        size = "een vol punt"
    elif round(d, 1) == 0:
        return f"Bij de geïnterviewden was de waardering gelijk ({nl_number(interview_mean)})."
    else:
        size = f"{nl_number(abs(d))} punt"
    word = "hoger" if d > 0 else "lager"
    return (
        f"Bij de geïnterviewden was de waardering {size} {word} "
        f"({nl_number(interview_mean)} tegen {nl_number(survey_mean)} in de enquête)."
    )
