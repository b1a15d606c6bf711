"""Stage 2, `disclose`: the single gate between computed statistics and anything published.
One `DisclosurePlan` per wave decides which groups, items and cells are hidden; every table,
the themes, the change and the raw answers take it from here (docs/results.md states the rules).
Themes and change are computed from the answers the plan shows, so no theme or pair mixes in a
hidden answer."""

from __future__ import annotations

import dataclasses

import pandas as pd

from analysis.disclosure import DisclosurePlan, blank_rows, plan_disclosure, suppress
from surveyapp.evaluate.results.published import (
    COMPARE_GROUPS,
    Distribution,
    PublishedResults,
    Table,
    plain,
)
from surveyapp.evaluate.results.steps import Computed, Frame, step_change, step_themes


def _plain_fields(result):
    """A result object (CompareResult) with Python numbers instead of numpy scalars (NaN stays
    NaN: it means "undefined" to the sentences)."""
    values = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
    return dataclasses.replace(
        result, **{k: v.item() if hasattr(v, "item") else v for k, v in values.items()}
    )


def _stat_columns(table: pd.DataFrame, *keys: str) -> list[str]:
    return [c for c in table.columns if c not in keys]


def _distributions(frame: pd.DataFrame, keys: list[str], keep) -> dict:
    """Counts per value of every published cell, keyed by item (and org type)."""
    out: dict = {}
    for key, part in frame.groupby(keys, observed=True):
        key = tuple(str(k) for k in (key if isinstance(key, tuple) else (key,)))
        if keep(key):
            rows: Distribution = [
                (float(r.value), int(r.count), float(r.share)) for r in part.itertuples()
            ]
            target = out
            for k in key[:-1]:
                target = target.setdefault(k, {})
            target[key[-1]] = rows
    return out


def _outliers(outliers: pd.DataFrame, hidden: set[str]) -> dict[str, dict]:
    return {
        str(k): {
            "n": int(o["n"]),
            "n_outliers": int(o["n_outliers"]),
            "values": [plain(v) for v in o["outliers"]],
            "mean": plain(o["mean"]),
            "sd": plain(o["sd"]),
            "mean_without": plain(o["mean_without"]),
            "sd_without": plain(o["sd_without"]),
        }
        for k, o in outliers.iterrows()
        if k not in hidden
    }


def _sources(sources: pd.DataFrame, hidden: set, min_n: int) -> dict[str, dict]:
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


def _comments(frame: Frame, plan: DisclosurePlan) -> dict[str, list[dict[str, str]]]:
    """Free text of org types with at least `min_n` respondents that the wave names."""
    out: dict[str, list[dict[str, str]]] = {}
    for row in frame.texts.itertuples():
        org_type = str(row.org_type)
        if frame.group_sizes.get(org_type, 0) >= plan.min_n and plan.group(org_type) == org_type:
            out.setdefault(str(row.question), []).append(
                {"org_type": str(row.org_type), "text": str(row.text)}
            )
    return out


def plan_of(c: Computed, min_n: int) -> DisclosurePlan:
    """The wave's plan from the answer counts per item and org type (the raw export makes the
    same plan from the same counts in SQL: `raw.raw_policy`)."""
    anonymous = c.wave is not None and c.wave.anonymous
    cells = c.groups[["item", "org_type", "n", "n_dont_know"]]
    return plan_disclosure(cells, c.frame.group_sizes, anonymous=anonymous, min_n=min_n)


def _changes(c: Computed, shown: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """Change from the shown answers, where the pairs hold `min_n` and each timepoint's answers
    outside the pairs are 0 or `min_n` (else its mean minus the paired mean gives them away)."""
    changes = step_change(shown)
    numbers = shown[~shown["dont_know"].astype(bool) & shown["value"].notna()]
    n_shown = numbers.groupby("item", observed=True).size()
    keep = []
    for row in changes.itertuples():
        outside = [
            n_shown.get(item.id, 0) - row.n_pairs for item in c.items if item.key == row.question
        ]
        keep.append(row.n_pairs >= min_n and all(d == 0 or d >= min_n for d in outside))
    return changes[keep].reset_index(drop=True)


def disclose(c: Computed, min_n: int) -> PublishedResults:
    """The single gate: small cells, their complements and everything derived from them go."""
    plan = plan_of(c, min_n)
    stats = blank_rows(
        c.stats, [plan.hidden_items.get(str(i)) for i in c.stats["item"]],
        columns=_stat_columns(c.stats, "item"),
    )  # fmt: skip
    hidden = set(plan.hidden_items)
    shown_groups = c.groups[~c.groups["item"].isin(hidden)].reset_index(drop=True)
    groups = blank_rows(
        shown_groups,
        [plan.cell_reason(str(r.item), r.org_type) for r in shown_groups.itertuples()],
        columns=_stat_columns(c.groups, "item", "org_type"),
    )
    visible = {(r.item, str(r.org_type)) for r in groups.itertuples() if r.suppressed is None}
    shown = c.frame.survey[plan.published(c.frame.survey)]
    computed_themes = step_themes(shown, c.survey)
    themes = suppress(
        computed_themes, within=("theme",), min_n=min_n, total_published=False,
        columns=_stat_columns(computed_themes, "theme", "timepoint"),
    )  # fmt: skip
    return PublishedResults(
        wave=c.wave,
        survey=c.survey,
        min_n=min_n,
        n_responses=c.n_responses,
        n_imported=c.n_imported,
        items=c.items,
        item_stats=Table.of(stats),
        group_stats=Table.of(groups),
        distributions=_distributions(c.distribution, ["item"], lambda k: k[0] not in hidden),
        group_distributions=_distributions(
            c.group_distribution, ["item", "org_type"], visible.__contains__
        ),
        comparisons={  # both groups shown, and each with min_n numbers ("weet niet" aside)
            k: _plain_fields(v)
            for k, v in c.comparisons.items()
            if all((k, g) in visible for g in COMPARE_GROUPS) and min(v.n1, v.n2) >= min_n
        },
        outliers=_outliers(c.outliers, hidden),
        changes=Table.of(_changes(c, shown, min_n)),
        theme_stats=Table.of(themes),
        sources=_sources(c.sources, hidden, min_n),
        comments=_comments(c.frame, plan),
        plan=plan,
    )
