"""What a wave publishes: plain rows and numbers only (no DataFrames), built by
`disclosure.disclose` alone and worded by `wording.words`. Every output (pages, charts,
CSV/XLSX/JSON, the chapter, the `flask results` commands) reads a PublishedResults and nothing
else, so the disclosure rules hold in one place (docs/results.md)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from surveyapp.definitions import Survey, get_type
from surveyapp.models import ORG_TYPE_LABELS, Wave

WITHHELD_OPEN_ANONYMOUS = (
    "Dit is een anonieme uitvraag die nog openstaat. Om te voorkomen dat één nieuwe "
    "inzending uit het verschil tussen twee momenten af te leiden is, ziet u hier pas "
    "resultaten als de uitvraag gesloten is. De respons staat op de pagina van de coördinator."
)

COMPARE_GROUPS = ("provincie", "gemeente")  # the org types a wave compares

Distribution = list[tuple[float, int, float]]  # (value, count, share)


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


def plain(value: Any) -> Any:
    """A numpy scalar as its Python value, NaN as None: what templates and JSON receive."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@dataclass(frozen=True)
class Table:
    """Published rows of one kind, as plain dicts, with their column order."""

    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]

    @classmethod
    def of(cls, frame) -> Table:
        """A DataFrame's records with plain values (numpy scalars and NaN converted)."""
        records = frame.to_dict("records")
        rows = tuple({k: plain(v) for k, v in r.items()} for r in records)
        return cls(tuple(str(c) for c in frame.columns), rows)

    def values(self) -> list[list[Any]]:
        return [[r.get(c) for c in self.columns] for r in self.rows]


@dataclass(frozen=True)
class ItemRow:
    """One item as published: its statistics, or the reason they are hidden."""

    item: Item
    stats: dict[str, Any]  # STAT_COLUMNS; all None when hidden
    suppressed: str | None

    @property
    def hidden(self) -> bool:
        return self.suppressed is not None


@dataclass(frozen=True)
class Words:
    """The Dutch sentences, written from published figures only (`wording.words`)."""

    items: dict[str, list[str]] = field(default_factory=dict)
    comparisons: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    change: str = ""


@dataclass(frozen=True)
class PublishedResults:
    """Everything of a wave that may be shown: only `disclose` builds one."""

    wave: Wave | None
    survey: Survey
    min_n: int
    n_responses: int  # online and imported
    items: list[Item]
    item_stats: Table  # one row per item, hidden rows emptied
    group_stats: Table  # per item and org type, hidden cells emptied
    changes: Table
    theme_stats: Table
    withheld: str | None = None  # why nothing but the response count is shown
    n_imported: int = 0  # of n_responses, imported from an earlier round's file
    distributions: dict[str, Distribution] = field(default_factory=dict)
    group_distributions: dict[str, dict[str, Distribution]] = field(default_factory=dict)
    comparisons: dict[str, Any] = field(default_factory=dict)  # item id → CompareResult
    outliers: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)  # both sources ≥ min_n
    comments: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    words: Words = field(default_factory=Words)
    plan: Any = None  # the DisclosurePlan every output obeys (None when withheld)
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
        from analysis.descriptive import STAT_COLUMNS

        stats = {r["item"]: r for r in self.item_stats.rows}
        return [
            ItemRow(
                item, {k: stats[item.id][k] for k in STAT_COLUMNS}, stats[item.id]["suppressed"]
            )
            for item in self.items
            if item.id in stats
        ]

    def item_label(self, item: Item) -> str:
        if not item.timepoint:
            return item.text
        return f"{item.text} ({self.survey.timepoint_label(item.timepoint)})"

    def change_rows(self) -> list[dict[str, Any]]:
        return list(self.changes.rows)

    def theme_rows(self) -> list[dict[str, Any]]:
        """Themes in survey order with the label of their section, "bij de start" before "nu"."""
        return self.remember("theme_rows", self._theme_rows)

    def _theme_rows(self) -> list[dict[str, Any]]:
        labels = theme_labels(self.survey)
        order = {t: i for i, t in enumerate(labels)}
        moments = {tp: i for i, tp in enumerate(self.survey.timepoint_labels)}
        rows = [r | {"label": labels.get(r["theme"], r["theme"])} for r in self.theme_stats.rows]
        return sorted(
            rows,
            key=lambda r: (order.get(r["theme"], len(order)), moments.get(r.get("timepoint"), 0)),
        )

    def group_rows(self, item_id: str) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in r.items() if k != "item"}
            for r in self.group_stats.rows
            if r["item"] == item_id
        ]

    def paragraphs(self) -> list[str]:
        """The item sentences, one paragraph per item, with the interview sentence if any."""
        out = []
        for item in self.items:
            lines = list(self.words.items.get(item.id, []))
            if item.id in self.words.sources:
                lines.append(self.words.sources[item.id])
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


def org_type_label(value: str | None) -> str:
    """Provincie for "provincie"; an unknown value as it is; a hidden one as "–"."""
    if value is None or value != value:
        return "–"
    return ORG_TYPE_LABELS.get(value, value)
