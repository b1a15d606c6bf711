"""Everything an evaluator sees of a wave, computed once from the answers frame.

The web pages, the exports (CSV, XLSX, JSON), the report chapter and `flask results summary`
all read this one object, so they always show the same numbers. Every published group
statistic passes small-cell suppression first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.change import paired_changes
from analysis.compare import compare_groups
from analysis.descriptive import STAT_COLUMNS, describe, distribution
from analysis.disclosure import hide_small_group_comments, suppress
from analysis.outliers import describe_without_outliers
from analysis.report import (
    sentence_change,
    sentence_compare,
    sentence_mean,
    sentence_mode,
    sentence_outliers,
    sentence_sources,
)
from analysis.themes import describe_themes, theme_scores
from surveyapp.definitions import Survey, survey_of
from surveyapp.evaluate.frames import answers_frame
from surveyapp.models import ORG_TYPE_LABELS, Anonymity, Wave

RATING_TYPES = ("grade", "likert")
COMPARE_GROUPS = ("provincie", "gemeente")
MIN_CHANGE = 0.5  # scale points: smaller mean changes are reported as "gelijk gebleven"


@dataclass(frozen=True)
class Item:
    """One rated item: a question, at one timepoint ("" when asked once)."""

    key: str
    timepoint: str
    text: str
    theme: str
    type: str
    scale_min: int
    scale_max: int

    @property
    def id(self) -> str:
        return f"{self.key}.{self.timepoint}" if self.timepoint else self.key


@dataclass
class WaveResults:
    wave: Wave
    survey: Survey
    min_n: int
    n_responses: int
    items: list[Item]
    item_stats: pd.DataFrame  # one row per item (survey answers only), suppressed
    group_stats: pd.DataFrame  # per item and org type, suppressed
    distributions: dict[str, list[tuple[float, int, float]]]
    comparisons: dict[str, dict[str, Any]]  # item id -> provincie vs gemeente
    outliers: dict[str, dict[str, Any]]
    changes: pd.DataFrame
    change_sentence: str
    theme_stats: pd.DataFrame
    sources: dict[str, dict[str, Any]]  # item id -> survey vs interview means
    comments: dict[str, list[dict[str, str]]]
    sentences: dict[str, list[str]]
    answers: pd.DataFrame = field(repr=False)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


def survey_items(survey: Survey) -> list[Item]:
    items = []
    for q in survey.questions:
        if q.type in RATING_TYPES:
            for tp in q.slots:
                items.append(Item(q.key, tp, q.text, q.theme, q.type, q.min or 1, q.max or 10))
    return items


def _item_id(df: pd.DataFrame) -> pd.Series:
    tp = df["timepoint"].astype(str)
    return df["question"].astype(str) + np.where(tp != "", "." + tp, "")


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return _clean(value.item())
    return value


def build_results(
    wave: Wave, survey: Survey, min_n: int = 5, frame: pd.DataFrame | None = None
) -> WaveResults:
    """Compute the whole results object for one wave (from `frame` when already loaded)."""
    anonymous = wave.anonymity is Anonymity.ANONYMOUS
    df = frame if frame is not None else answers_frame([wave.id], with_organisation=not anonymous)
    items = survey_items(survey)
    item_ids = {i.id for i in items}
    df = df.assign(item=_item_id(df))
    rated = df[df["item"].isin(item_ids)]
    survey_rows = rated[rated["source"].astype(str) == "survey"]
    n_responses = int(df.loc[df["source"].astype(str) == "survey", "response"].nunique())

    order = {i.id: n for n, i in enumerate(items)}
    stats = describe(survey_rows, question="item")
    stats = stats.assign(order=stats["item"].map(order)).sort_values("order").drop(columns="order")
    stats = suppress(
        stats,
        within=(),
        min_n=min_n,
        total_published=False,
        columns=[c for c in stats.columns if c not in ("item", "n_dont_know")],
    )
    groups = describe(survey_rows, question="item", by="org_type")
    groups = groups[groups["n"] + groups["n_dont_know"] > 0]
    groups = suppress(
        groups,
        within=("item",),
        min_n=min_n,
        columns=[c for c in groups.columns if c not in ("item", "org_type", "n_dont_know")],
    )
    hidden = set(stats.loc[stats["suppressed"].notna(), "item"])
    dist = distribution(survey_rows, question="item")
    distributions = {
        item: [(float(r.value), int(r.count), float(r.share)) for r in part.itertuples()]
        for item, part in dist.groupby("item", observed=True)
        if item not in hidden
    }

    comparisons, sentences = {}, {}
    outlier_rows = describe_without_outliers(survey_rows, question="item").set_index("item")
    outliers = {}
    for item in items:
        lines = []
        row = stats[stats["item"] == item.id]
        if row.empty or row["suppressed"].notna().iloc[0] or not row["n"].iloc[0]:
            sentences[item.id] = lines
            continue
        r = row.iloc[0]
        subject = f"‘{item.text}’" + (
            f" ({survey.timepoint_label(item.timepoint).lower()})" if item.timepoint else ""
        )
        lines.append(sentence_mean(subject, r["mean"], int(r["n"])))
        if r["mode_share"] >= 0.4:
            lines.append(sentence_mode(r["mode"], r["mode_share"]))
        part = survey_rows[survey_rows["item"] == item.id]
        g = groups[groups["item"] == item.id].set_index("org_type")
        visible = [t for t in COMPARE_GROUPS if t in g.index and pd.isna(g.loc[t, "suppressed"])]
        if len(visible) == 2:
            res = compare_groups(part, groups=COMPARE_GROUPS)
            comparisons[item.id] = {
                "provincie_mean": res.mean1,
                "gemeente_mean": res.mean2,
                "n_provincie": res.n1,
                "n_gemeente": res.n2,
                "difference": res.mean_difference,
                "mann_whitney_u": res.statistic,
                "pvalue": res.pvalue,
                "method": res.method,
                "welch_t": res.welch_statistic,
                "welch_pvalue": res.welch_pvalue,
                "cliffs_delta": res.cliffs_delta,
                "hodges_lehmann": res.hl_estimate,
                "ci_low": res.hl_low,
                "ci_high": res.hl_high,
                "sentence": sentence_compare(res),
            }
            lines.append(comparisons[item.id]["sentence"])
        if item.id in outlier_rows.index:
            o = outlier_rows.loc[item.id]
            outliers[item.id] = {
                "n_outliers": int(o["n_outliers"]),
                "values": o["outliers"],
                "mean_without": o["mean_without"],
                "sd_without": o["sd_without"],
            }
            text = sentence_outliers(o)
            if text:
                lines.append(text)
        sentences[item.id] = lines

    timepoint_rows = survey_rows[survey_rows["timepoint"].astype(str) != ""]
    changes = (
        paired_changes(timepoint_rows)
        if len(timepoint_rows)
        else paired_changes(timepoint_rows.head(0))
    )
    changes = changes[changes["n_pairs"] >= min_n] if len(changes) else changes
    labels = {q.key: q.key.replace("_", " ") for q in survey.questions}
    change_sentence = sentence_change(changes, labels) if len(changes) else ""

    theme_map = {q.key: q.theme for q in survey.questions if q.type in RATING_TYPES and q.theme}
    scores = theme_scores(survey_rows, theme_map)
    theme_stats = (
        describe_themes(scores, by="timepoint") if len(scores) else describe_themes(scores)
    )
    theme_stats = suppress(
        theme_stats,
        within=("theme",),
        min_n=min_n,
        total_published=False,
        columns=[c for c in theme_stats.columns if c not in ("theme", "timepoint", "n_dont_know")],
    )

    sources = {}
    interviews = rated[rated["source"].astype(str) == "interview"]
    if len(interviews):
        by_source = describe(pd.concat([survey_rows, interviews]), question="item", by="source")
        for item_id, part in by_source.groupby("item"):
            part = part.set_index("source")
            if {"survey", "interview"} <= set(part.index) and part.loc["interview", "n"] >= min_n:
                s_mean, i_mean = part.loc["survey", "mean"], part.loc["interview", "mean"]
                sources[item_id] = {
                    "survey_mean": s_mean,
                    "interview_mean": i_mean,
                    "n_interview": int(part.loc["interview", "n"]),
                    "sentence": sentence_sources(s_mean, i_mean),
                }

    comments = _comments(df, survey, min_n)
    return WaveResults(
        wave,
        survey,
        min_n,
        n_responses,
        items,
        stats,
        groups,
        distributions,
        comparisons,
        outliers,
        changes,
        change_sentence,
        theme_stats,
        sources,
        comments,
        sentences,
        df,
    )


def wave_results(wave: Wave, min_n: int) -> WaveResults:
    """The results of a wave from its stored answers and its own survey version."""
    return build_results(wave, survey_of(wave.survey_version), min_n)


def _comments(df: pd.DataFrame, survey: Survey, min_n: int) -> dict[str, list[dict[str, str]]]:
    text_keys = [q.key for q in survey.questions if q.type == "text"]
    texts = df[
        df["question"].astype(str).isin(text_keys)
        & df["text"].notna()
        & (df["source"].astype(str) == "survey")
    ]
    sizes = (
        df[df["source"].astype(str) == "survey"]
        .groupby("org_type", observed=True)["response"]
        .nunique()
        .to_dict()
    )
    texts = hide_small_group_comments(texts, sizes, min_n=min_n)
    out: dict[str, list[dict[str, str]]] = {}
    for row in texts.itertuples():
        out.setdefault(str(row.question), []).append(
            {"org_type": str(row.org_type), "text": str(row.text)}
        )
    return out


def results_json(results: WaveResults) -> dict[str, Any]:
    """The documented JSON form (docs/results.md): plain numbers, None for hidden values."""
    items = []
    stats = results.item_stats.set_index("item")
    for item in results.items:
        row = stats.loc[item.id] if item.id in stats.index else None
        entry = {
            "id": item.id,
            "question": item.key,
            "timepoint": item.timepoint,
            "text": item.text,
            "theme": item.theme,
            "scale": [item.scale_min, item.scale_max],
        }
        if row is not None:
            entry.update({k: _clean(row[k]) for k in STAT_COLUMNS})
            entry["suppressed"] = _clean(row["suppressed"])
            entry["n"] = None if entry["n"] is None else int(entry["n"])
        entry["distribution"] = [
            {"value": v, "count": c, "share": s}
            for v, c, s in results.distributions.get(item.id, [])
        ]
        entry["by_org_type"] = [
            {k: _clean(v) for k, v in r.items() if k != "item"}
            for r in results.group_stats[results.group_stats["item"] == item.id].to_dict("records")
        ]
        entry["comparison"] = {
            k: _clean(v) for k, v in results.comparisons.get(item.id, {}).items()
        }
        entry["sentences"] = results.sentences.get(item.id, [])
        items.append(entry)
    return {
        "wave": {
            "id": results.wave.id,
            "slug": results.wave.slug,
            "name": results.wave.name,
            "survey": results.survey.slug,
            "survey_version": results.wave.survey_version.version,
        },
        "min_n": results.min_n,
        "n_responses": results.n_responses,
        "items": items,
        "change": [
            {k: _clean(v) for k, v in r.items()} for r in results.changes.to_dict("records")
        ],
        "change_sentence": results.change_sentence,
        "themes": [
            {k: _clean(v) for k, v in r.items()} for r in results.theme_stats.to_dict("records")
        ],
        "interviews": {
            k: {kk: _clean(vv) for kk, vv in v.items()} for k, v in results.sources.items()
        },
    }


def org_type_label(value: str) -> str:
    """Provincie for "provincie"; an unknown value as it is."""
    return ORG_TYPE_LABELS.get(value, value)
