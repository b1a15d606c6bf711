"""A wave's results, built in small named steps and published through one disclosure gate.

    frame → items → groups → comparisons → change → themes → sources → comments → raw answers
          → disclose (the gate) → sentences

Every step before the gate computes from the answers frame; `disclose` is the only code that
builds a `PublishedResults`, and every output (pages, charts, CSV/XLSX/JSON, the chapter, the
`flask results` commands) reads that object and nothing else. The rules are in docs/results.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.change import paired_changes
from analysis.compare import CompareResult, compare_groups
from analysis.descriptive import STAT_COLUMNS, describe, distribution
from analysis.disclosure import suppress
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
from surveyapp.definitions import Survey, get_type, survey_of
from surveyapp.evaluate.frames import answers_frame
from surveyapp.models import ORG_TYPE_LABELS, Anonymity, Wave, WaveState

COMPARE_GROUPS = ("provincie", "gemeente")
MIN_CHANGE = 0.5  # scale points: smaller mean changes are never called "gestegen"/"gedaald"
WITHHELD_OPEN_ANONYMOUS = (
    "Dit is een anonieme uitvraag die nog openstaat. Om te voorkomen dat één nieuwe "
    "inzending uit het verschil tussen twee momenten af te leiden is, ziet u hier pas "
    "resultaten als de uitvraag gesloten is. De respons staat op de pagina van de coördinator."
)


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

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)


def survey_items(survey: Survey) -> list[Item]:
    """Every rated (scale) question at each of its timepoints, in survey order."""
    return [
        Item(q.key, tp, q.text, q.theme, q.type, q.min or 1, q.max or 10)
        for q in survey.questions
        if get_type(q.type).rated
        for tp in q.slots
    ]


# --- 1. frame ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """The answers of one wave, split the way the later steps read them."""

    all: pd.DataFrame  # every submitted answer, with an `item` column
    survey: pd.DataFrame  # rated answers from the survey itself
    interviews: pd.DataFrame  # rated answers from interviews
    texts: pd.DataFrame  # free-text survey answers
    group_sizes: dict[str, int]  # survey respondents per org type


def _item_id(df: pd.DataFrame) -> pd.Series:
    tp = df["timepoint"].astype(str)
    return df["question"].astype(str) + np.where(tp != "", "." + tp, "")


def step_frame(raw: pd.DataFrame, survey: Survey, items: list[Item]) -> Frame:
    df = raw.assign(item=_item_id(raw))
    source = df["source"].astype(str)
    rated = df[df["item"].isin({i.id for i in items})]
    text_keys = [q.key for q in survey.questions if get_type(q.type).free_text]
    texts = df[
        df["question"].astype(str).isin(text_keys) & df["text"].notna() & (source == "survey")
    ]
    sizes = df[source == "survey"].groupby("org_type", observed=True)["response"].nunique()
    return Frame(
        df,
        rated[rated["source"].astype(str) == "survey"],
        rated[rated["source"].astype(str) == "interview"],
        texts,
        {str(k): int(v) for k, v in sizes.items()},
    )


# --- 2.-8. statistics (not yet publishable) -----------------------------------------------


def step_items(frame: Frame, items: list[Item]) -> pd.DataFrame:
    """One row per item: the statistics of the survey answers."""
    order = {i.id: n for n, i in enumerate(items)}
    stats = describe(frame.survey, question="item")
    return stats.assign(order=stats["item"].map(order)).sort_values("order").drop(columns="order")


def step_groups(frame: Frame) -> pd.DataFrame:
    """One row per item and org type that answered it."""
    groups = describe(frame.survey, question="item", by="org_type")
    return groups[groups["n"] + groups["n_dont_know"] > 0].reset_index(drop=True)


def step_distributions(frame: Frame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts per value: per item, and per item and org type."""
    return (
        distribution(frame.survey, question="item"),
        distribution(frame.survey, question="item", by="org_type"),
    )


def step_comparisons(frame: Frame, items: list[Item]) -> dict[str, CompareResult]:
    """Provinces against municipalities on every item both answered, in survey order."""
    parts = dict(list(frame.survey.groupby("item", observed=True)))
    out = {}
    for item in items:
        part = parts.get(item.id)
        if part is not None and set(COMPARE_GROUPS) <= set(part["org_type"].astype(str)):
            out[item.id] = compare_groups(part, groups=COMPARE_GROUPS)
    return out


def step_outliers(frame: Frame) -> pd.DataFrame:
    return describe_without_outliers(frame.survey, question="item").set_index("item")


def step_change(frame: Frame) -> pd.DataFrame:
    rows = frame.survey[frame.survey["timepoint"].astype(str) != ""]
    return paired_changes(rows, min_change=MIN_CHANGE)


def step_themes(frame: Frame, survey: Survey) -> pd.DataFrame:
    theme_map = {q.key: q.theme for q in survey.questions if get_type(q.type).rated and q.theme}
    scores = theme_scores(frame.survey, theme_map)
    return describe_themes(scores, by="timepoint") if len(scores) else describe_themes(scores)


def step_sources(frame: Frame) -> pd.DataFrame:
    """Per item the survey and interview statistics side by side (n and mean of each)."""
    both = pd.concat([frame.survey, frame.interviews])
    if frame.interviews.empty:
        return pd.DataFrame(columns=["item", "source", *STAT_COLUMNS])
    return describe(both, question="item", by="source")


# --- 9. the gate ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemRow:
    """One item as published: its statistics, or the reason they are hidden."""

    item: Item
    stats: dict[str, Any]  # STAT_COLUMNS; all None when hidden
    suppressed: str | None

    @property
    def hidden(self) -> bool:
        return self.suppressed is not None


@dataclass
class PublishedResults:
    """Everything of a wave that may be shown: only `disclose` builds one."""

    wave: Wave
    survey: Survey
    min_n: int
    n_responses: int
    items: list[Item]
    item_stats: pd.DataFrame  # one row per item, hidden rows emptied
    group_stats: pd.DataFrame  # per item and org type, hidden cells emptied
    changes: pd.DataFrame
    theme_stats: pd.DataFrame
    withheld: str | None = None  # why nothing but the response count is shown
    distributions: dict[str, list[tuple[float, int, float]]] = field(default_factory=dict)
    # per item, the published org-type cells only
    group_distributions: dict[str, dict[str, list[tuple[float, int, float]]]] = field(
        default_factory=dict
    )
    comparisons: dict[str, CompareResult] = field(default_factory=dict)
    outliers: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)  # both sources ≥ min_n
    comments: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    sentences: dict[str, list[str]] = field(default_factory=dict)
    comparison_sentences: dict[str, str] = field(default_factory=dict)
    change_sentence: str = ""
    # Values derived once per computation (table rows, charts): a cached copy of the results
    # (dataclasses.replace with the request's wave) shares this dict with the others.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def remember(self, key: Any, compute: Callable[[], Any]) -> Any:
        """`compute()` the first time, the same value after that."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def item_rows(self) -> list[ItemRow]:
        return self.remember("item_rows", self._item_rows)

    def _item_rows(self) -> list[ItemRow]:
        stats = {r["item"]: r for r in self.item_stats.to_dict("records")}
        rows = []
        for item in self.items:
            if item.id in stats:
                r = stats[item.id]
                rows.append(ItemRow(item, {k: _clean(r[k]) for k in STAT_COLUMNS}, r["suppressed"]))
        return rows

    def item_label(self, item: Item) -> str:
        if not item.timepoint:
            return item.text
        return f"{item.text} ({self.survey.timepoint_label(item.timepoint)})"

    def change_rows(self) -> list[dict[str, Any]]:
        return self.remember("change_rows", self._change_rows)

    def _change_rows(self) -> list[dict[str, Any]]:
        return [{k: _clean(v) for k, v in r.items()} for r in self.changes.to_dict("records")]

    def theme_rows(self) -> list[dict[str, Any]]:
        """Themes in survey order with the label of their section, "bij de start" before "nu"."""
        return self.remember("theme_rows", self._theme_rows)

    def _theme_rows(self) -> list[dict[str, Any]]:
        labels = theme_labels(self.survey)
        order = {t: i for i, t in enumerate(labels)}
        moments = {tp: i for i, tp in enumerate(self.survey.timepoint_labels)}
        rows = [
            {k: _clean(v) for k, v in r.items()} | {"label": labels.get(r["theme"], r["theme"])}
            for r in self.theme_stats.to_dict("records")
        ]
        return sorted(
            rows,
            key=lambda r: (order.get(r["theme"], len(order)), moments.get(r.get("timepoint"), 0)),
        )

    def group_rows(self, item_id: str) -> list[dict[str, Any]]:
        return self.remember(("group_rows", item_id), lambda: self._group_rows(item_id))

    def _group_rows(self, item_id: str) -> list[dict[str, Any]]:
        part = self.group_stats[self.group_stats["item"] == item_id]
        return [
            {k: _clean(v) for k, v in r.items() if k != "item"} for r in part.to_dict("records")
        ]

    def paragraphs(self) -> list[str]:
        """The item sentences, one paragraph per item, with the interview sentence if any."""
        out = []
        for item in self.items:
            lines = list(self.sentences.get(item.id, []))
            if item.id in self.sources:
                lines.append(self.sources[item.id]["sentence"])
            if lines:
                out.append(" ".join(lines))
        return out


def theme_labels(survey: Survey) -> dict[str, str]:
    """Each theme in order of first appearance, labelled from the survey's `themes:` mapping,
    else with the title of the section that holds it (when it holds that theme alone and all of
    the theme's questions), else the theme tag itself, capitalised."""
    sections: dict[str, set[str]] = {}
    themes_in: dict[str, set[str]] = {}
    for section in survey.sections:
        for q in section.questions:
            if q.theme:
                sections.setdefault(q.theme, set()).add(section.title)
                themes_in.setdefault(section.title, set()).add(q.theme)

    def label(theme: str, titles: set[str]) -> str:
        if theme in survey.theme_names:
            return survey.theme_names[theme]
        if len(titles) == 1 and len(themes_in[next(iter(titles))]) == 1:
            return next(iter(titles))
        return theme.capitalize()

    return {theme: label(theme, titles) for theme, titles in sections.items()}


def _clean(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _stat_columns(table: pd.DataFrame, *keys: str) -> list[str]:
    return [c for c in table.columns if c not in keys]


def disclose(
    wave: Wave,
    survey: Survey,
    min_n: int,
    frame: Frame,
    items: list[Item],
    stats: pd.DataFrame,
    groups: pd.DataFrame,
    dist: tuple[pd.DataFrame, pd.DataFrame],
    comparisons: dict[str, CompareResult],
    outliers: pd.DataFrame,
    changes: pd.DataFrame,
    themes: pd.DataFrame,
    sources: pd.DataFrame,
) -> PublishedResults:
    """The single gate: small cells, their complements and everything derived from them go."""
    anonymous = wave.anonymity is Anonymity.ANONYMOUS
    n_responses = int(
        frame.all.loc[frame.all["source"].astype(str) == "survey", "response"].nunique()
    )
    if anonymous and wave.state is WaveState.OPEN:  # only the empty shape of every table
        return PublishedResults(
            wave, survey, min_n, n_responses, items,
            item_stats=stats.head(0).assign(suppressed=None),
            group_stats=groups.head(0).assign(suppressed=None),
            changes=changes.head(0),
            theme_stats=themes.head(0).assign(suppressed=None),
            withheld=WITHHELD_OPEN_ANONYMOUS,
        )  # fmt: skip
    stats = suppress(
        stats, within=(), dont_know="n_dont_know", min_n=min_n, total_published=False,
        columns=_stat_columns(stats, "item"),
    )  # fmt: skip
    hidden_items = set(stats.loc[stats["suppressed"].notna(), "item"])
    groups = groups[~groups["item"].isin(hidden_items)]
    groups = suppress(
        groups, within=("item",), dont_know="n_dont_know", min_n=min_n,
        columns=_stat_columns(groups, "item", "org_type"),
    )  # fmt: skip
    visible_cells = {(r.item, str(r.org_type)) for r in groups.itertuples() if r.suppressed is None}
    by_item, by_group = dist
    distributions = {
        str(item_id): [(float(r.value), int(r.count), float(r.share)) for r in part.itertuples()]
        for item_id, part in by_item.groupby("item", observed=True)
        if item_id not in hidden_items
    }
    group_distributions: dict[str, dict[str, list]] = {}
    for (item_id, org_type), part in by_group.groupby(["item", "org_type"], observed=True):
        if (item_id, str(org_type)) in visible_cells:
            group_distributions.setdefault(str(item_id), {})[str(org_type)] = [
                (float(r.value), int(r.count), float(r.share)) for r in part.itertuples()
            ]
    comparisons = {
        k: v for k, v in comparisons.items() if all((k, g) in visible_cells for g in COMPARE_GROUPS)
    }
    published_outliers = {
        str(k): {
            "n_outliers": int(o["n_outliers"]),
            "values": o["outliers"],
            "mean": o["mean"],
            "sd": o["sd"],
            "mean_without": o["mean_without"],
            "sd_without": o["sd_without"],
        }
        for k, o in outliers.iterrows()
        if k not in hidden_items
    }
    changes = changes[changes["n_pairs"] >= min_n].reset_index(drop=True)
    themes = suppress(
        themes, within=("theme",), min_n=min_n, total_published=False,
        columns=_stat_columns(themes, "theme", "timepoint"),
    )  # fmt: skip
    published_sources = _published_sources(sources, hidden_items, min_n)
    return PublishedResults(
        wave=wave,
        survey=survey,
        min_n=min_n,
        n_responses=n_responses,
        items=items,
        item_stats=stats,
        group_stats=groups.reset_index(drop=True),
        distributions=distributions,
        group_distributions=group_distributions,
        comparisons=comparisons,
        outliers=published_outliers,
        changes=changes,
        theme_stats=themes,
        sources=published_sources,
        comments=_comments(frame, min_n),
    )


def _published_sources(sources: pd.DataFrame, hidden: set, min_n: int) -> dict[str, dict]:
    """Survey against interviews, only where both sources have at least `min_n` numbers."""
    out = {}
    for item_id, part in sources.groupby("item", observed=True):
        part = part.set_index("source")
        if item_id in hidden or not {"survey", "interview"} <= set(part.index):
            continue
        if min(part.loc["survey", "n"], part.loc["interview", "n"]) < min_n:
            continue
        out[str(item_id)] = {
            "survey_mean": float(part.loc["survey", "mean"]),
            "interview_mean": float(part.loc["interview", "mean"]),
            "n_survey": int(part.loc["survey", "n"]),
            "n_interview": int(part.loc["interview", "n"]),
        }
    return out


def _comments(frame: Frame, min_n: int) -> dict[str, list[dict[str, str]]]:
    """Free text of org types with at least `min_n` respondents; others are left out."""
    out: dict[str, list[dict[str, str]]] = {}
    for row in frame.texts.itertuples():
        if frame.group_sizes.get(str(row.org_type), 0) >= min_n:
            out.setdefault(str(row.question), []).append(
                {"org_type": str(row.org_type), "text": str(row.text)}
            )
    return out


# --- 10. sentences, from published figures only ---------------------------------------------


def step_sentences(results: PublishedResults) -> PublishedResults:
    """The Dutch sentences, written from what the gate let through."""
    for row in results.item_rows():
        s = row.stats
        if row.hidden or not s["n"]:
            continue
        item = row.item
        subject = f"‘{item.text}’" + (
            f" ({results.survey.timepoint_label(item.timepoint).lower()})" if item.timepoint else ""
        )
        lines = [sentence_mean(subject, s["mean"], int(s["n"]))]
        if s["mode_share"] >= 0.4:
            lines.append(sentence_mode(s["mode"], s["mode_share"]))
        if item.id in results.comparisons:
            text = sentence_compare(results.comparisons[item.id])
            results.comparison_sentences[item.id] = text
            lines.append(text)
        o = results.outliers.get(item.id)
        if o is not None:
            text = sentence_outliers(pd.Series({**o, "outliers": o["values"]}))
            if text:
                lines.append(text)
        results.sentences[item.id] = lines
    for source in results.sources.values():
        source["sentence"] = sentence_sources(source["survey_mean"], source["interview_mean"])
    if len(results.changes):
        labels = {q.key: q.key.replace("_", " ") for q in results.survey.questions}
        results.change_sentence = sentence_change(results.changes, labels)
    return results


def build_results(
    wave: Wave, survey: Survey, min_n: int = 5, frame: pd.DataFrame | None = None
) -> PublishedResults:
    """Run every step for one wave (from `frame` when already loaded) and publish the result."""
    anonymous = wave.anonymity is Anonymity.ANONYMOUS
    raw = frame if frame is not None else answers_frame([wave.id], with_organisation=not anonymous)
    items = survey_items(survey)
    f = step_frame(raw, survey, items)
    published = disclose(
        wave,
        survey,
        min_n,
        f,
        items,
        step_items(f, items),
        step_groups(f),
        step_distributions(f),
        step_comparisons(f, items),
        step_outliers(f),
        step_change(f),
        step_themes(f, survey),
        step_sources(f),
    )
    return step_sentences(published)


def wave_results(wave: Wave, min_n: int) -> PublishedResults:
    """The published results of a wave from its stored answers and its own survey version."""
    return build_results(wave, survey_of(wave.survey_version), min_n)


def results_json(results: PublishedResults) -> dict[str, Any]:
    """The documented JSON form (docs/results.md): plain numbers, None for hidden values."""
    items = []
    for row in results.item_rows():
        item = row.item
        comparison = results.comparisons.get(item.id)
        items.append(
            {
                "id": item.id,
                "question": item.key,
                "timepoint": item.timepoint,
                "text": item.text,
                "theme": item.theme,
                "scale": [item.scale_min, item.scale_max],
                **row.stats,
                "suppressed": row.suppressed,
                "distribution": [
                    {"value": v, "count": c, "share": s}
                    for v, c, s in results.distributions.get(item.id, [])
                ],
                "by_org_type": results.group_rows(item.id),
                "comparison": comparison_dict(results, item.id) if comparison else {},
                "sentences": results.sentences.get(item.id, []),
            }
        )
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
        "withheld": results.withheld,
        "items": items,
        "change": results.change_rows(),
        "change_sentence": results.change_sentence,
        "themes": results.theme_rows(),
        "interviews": {
            k: {kk: _clean(vv) for kk, vv in v.items()} for k, v in results.sources.items()
        },
    }


def comparison_dict(results: PublishedResults, item_id: str) -> dict[str, Any]:
    """One published comparison as plain values (JSON, XLSX)."""
    r = results.comparisons[item_id]
    values = {
        "provincie_mean": r.mean1,
        "gemeente_mean": r.mean2,
        "n_provincie": r.n1,
        "n_gemeente": r.n2,
        "difference": r.mean_difference,
        "mann_whitney_u": r.statistic,
        "pvalue": r.pvalue,
        "method": r.method,
        "welch_t": r.welch_statistic,
        "welch_pvalue": r.welch_pvalue,
        "cliffs_delta": r.cliffs_delta,
        "hodges_lehmann": r.hl_estimate,
        "ci_low": r.hl_low,
        "ci_high": r.hl_high,
        "warning": r.warning,
        "sentence": results.comparison_sentences.get(item_id, ""),
    }
    return {k: _clean(v) for k, v in values.items()}


def org_type_label(value: str | None) -> str:
    """Provincie for "provincie"; an unknown value as it is; a hidden one as "–"."""
    if value is None or value != value:
        return "–"
    return ORG_TYPE_LABELS.get(value, value)
