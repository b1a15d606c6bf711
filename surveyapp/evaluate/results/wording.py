"""Stage 3, `words`: the Dutch sentences of a wave's results, written from what the gate let
through and nothing else (analysis/report.py holds the sentence rules)."""

from __future__ import annotations

import dataclasses

import pandas as pd

from analysis.report import (
    sentence_change,
    sentence_compare,
    sentence_mean,
    sentence_mode,
    sentence_outliers,
    sentence_sources,
)
from surveyapp.evaluate.results.published import PublishedResults, Words

LOCALES = ("nl",)


def _item_sentences(results: PublishedResults, comparisons: dict[str, str]) -> dict:
    out = {}
    for row in results.item_rows():
        s = row.stats
        if row.hidden or not s["n"]:
            continue
        item = row.item
        moment = results.survey.timepoint_label(item.timepoint).lower() if item.timepoint else ""
        subject = f"‘{item.text}’" + (f" ({moment})" if moment else "")
        lines = [sentence_mean(subject, s["mean"], int(s["n"]))]
        if s["mode_share"] >= 0.4:
            lines.append(sentence_mode(s["mode"], s["mode_share"]))
        if item.id in comparisons:
            lines.append(comparisons[item.id])
        o = results.outliers.get(item.id)
        if o is not None:
            text = sentence_outliers(pd.Series({**o, "outliers": o["values"]}))
            if text:
                lines.append(text)
        out[item.id] = lines
    return out


def words(results: PublishedResults, locale: str = "nl") -> PublishedResults:
    """The same published results with their sentences in `locale` (Dutch is the reference)."""
    if locale not in LOCALES:
        raise ValueError(f"no wording for locale {locale!r}; known: {', '.join(LOCALES)}")
    comparisons = {k: sentence_compare(c) for k, c in results.comparisons.items()}
    sources = {
        k: sentence_sources(s["survey_mean"], s["interview_mean"])
        for k, s in results.sources.items()
    }
    change = ""
    if results.changes.rows:
        labels = {q.key: q.key.replace("_", " ") for q in results.survey.questions}
        change = sentence_change(results.changes.rows, labels)
    written = Words(_item_sentences(results, comparisons), comparisons, sources, change)
    return dataclasses.replace(results, words=written, memo={})
