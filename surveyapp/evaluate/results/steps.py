"""Stage 1 of a wave's results, `compute`: every statistic from the answers frame, in small
named steps. Nothing here is publishable yet; `disclosure.disclose` decides what may be shown.

    frame → items → groups → distributions → comparisons → outliers → sources

Change and themes combine answers across items, so they are computed by the gate from the
answers it shows (`step_change`, `step_themes` on a filtered frame).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.change import paired_changes
from analysis.compare import CompareResult, compare_groups
from analysis.descriptive import STAT_COLUMNS, describe, distribution
from analysis.outliers import describe_without_outliers
from analysis.themes import describe_themes, theme_scores
from surveyapp.definitions import Survey, get_type
from surveyapp.evaluate.results.published import COMPARE_GROUPS, Item, survey_items
from surveyapp.models import Wave

# Answers to the questionnaire: given online, or imported from an earlier round's file. Both
# count alike (the number imported is shown beside the total); interviews stay a source apart.
ANSWERED = ("survey", "import")
MIN_CHANGE = 0.5  # scale points: smaller mean changes are never called "gestegen"/"gedaald"


@dataclass(frozen=True)
class Frame:
    """The answers of one wave, split the way the later steps read them."""

    all: pd.DataFrame  # every submitted answer, with an `item` column
    survey: pd.DataFrame  # rated answers from the survey itself
    interviews: pd.DataFrame  # rated answers from interviews
    texts: pd.DataFrame  # free-text survey answers
    group_sizes: dict[str, int]  # survey respondents per org type


@dataclass(frozen=True)
class Computed:
    """Every statistic of one wave before the gate: DataFrames, never shown as they are."""

    wave: Wave | None
    survey: Survey
    items: list[Item]
    frame: Frame
    n_responses: int
    n_imported: int
    stats: pd.DataFrame
    groups: pd.DataFrame
    distribution: pd.DataFrame
    group_distribution: pd.DataFrame
    comparisons: dict[str, CompareResult]
    outliers: pd.DataFrame
    sources: pd.DataFrame


def _item_id(df: pd.DataFrame) -> pd.Series:
    tp = df["timepoint"].astype(str)
    return df["question"].astype(str) + np.where(tp != "", "." + tp, "")


def step_frame(raw: pd.DataFrame, survey: Survey, items: list[Item]) -> Frame:
    df = raw.assign(item=_item_id(raw))
    source = df["source"].astype(str)
    rated = df[df["item"].isin({i.id for i in items})]
    text_keys = [q.key for q in survey.questions if get_type(q.type).free_text]
    texts = df[
        df["question"].astype(str).isin(text_keys) & df["text"].notna() & source.isin(ANSWERED)
    ]
    sizes = df[source.isin(ANSWERED)].groupby("org_type", observed=True)["response"].nunique()
    return Frame(
        df,
        rated[rated["source"].astype(str).isin(ANSWERED)],
        rated[rated["source"].astype(str) == "interview"],
        texts,
        {str(k): int(v) for k, v in sizes.items()},
    )


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


def step_change(answers: pd.DataFrame) -> pd.DataFrame:
    """Paired change per question with timepoints, from these (survey) answers."""
    rows = answers[answers["timepoint"].astype(str) != ""]
    return paired_changes(rows, min_change=MIN_CHANGE)


def step_themes(answers: pd.DataFrame, survey: Survey) -> pd.DataFrame:
    """Theme scores per respondent, then their statistics, from these (survey) answers."""
    theme_map = {q.key: q.theme for q in survey.questions if get_type(q.type).rated and q.theme}
    scores = theme_scores(answers, theme_map)
    return describe_themes(scores, by="timepoint") if len(scores) else describe_themes(scores)


def step_sources(frame: Frame) -> pd.DataFrame:
    """Per item the survey and interview statistics side by side (n and mean of each)."""
    answered = frame.survey.assign(source="survey")  # online and imported: the enquête
    both = pd.concat([answered, frame.interviews.assign(source="interview")])
    if frame.interviews.empty:
        return pd.DataFrame(columns=["item", "source", *STAT_COLUMNS])
    return describe(both, question="item", by="source")


def compute(wave: Wave | None, survey: Survey, raw: pd.DataFrame) -> Computed:
    """Run every step on a wave's answers frame (`frames.answers_frame`)."""
    items = survey_items(survey)
    f = step_frame(raw, survey, items)
    by_item, by_group = step_distributions(f)
    sources = f.all["source"].astype(str)
    return Computed(
        wave=wave,
        survey=survey,
        items=items,
        frame=f,
        n_responses=int(f.all.loc[sources.isin(ANSWERED), "response"].nunique()),
        n_imported=int(f.all.loc[sources == "import", "response"].nunique()),
        stats=step_items(f, items),
        groups=step_groups(f),
        distribution=by_item,
        group_distribution=by_group,
        comparisons=step_comparisons(f, items),
        outliers=step_outliers(f),
        sources=step_sources(f),
    )
