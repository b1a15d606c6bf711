"""Wave against wave: every item both waves ask, compared as independent samples.

The same disclosure rules hold: an item with fewer than `min_n` answers in either wave shows
nothing, and an anonymous wave that is still open is not compared at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.waves import ItemInfo, compare_waves
from surveyapp.definitions import Survey, survey_of
from surveyapp.evaluate.results.frames import answers_frame
from surveyapp.evaluate.results.published import WITHHELD_OPEN_ANONYMOUS, survey_items
from surveyapp.evaluate.results.steps import ANSWERED
from surveyapp.models import Wave


@dataclass(frozen=True)
class WaveItemComparison:
    item_id: str
    text: str
    hidden: bool  # fewer than min_n answers in one of the waves: nothing of it is shown
    n_a: int | None
    n_b: int | None
    mean_a: float | None
    mean_b: float | None
    change: float | None  # b - a
    pvalue: float | None
    method: str | None


@dataclass(frozen=True)
class WaveComparison:
    a: Wave
    b: Wave
    rows: list[WaveItemComparison]
    not_comparable: list[tuple[str, str]]  # (item id, reason)
    withheld: str | None = None


def _info(survey: Survey, key: str) -> ItemInfo:
    q = survey.question(key)
    return ItemInfo(q.text, (q.min, q.max, q.dont_know, q.type))


def compare_wave_items(
    a: Wave, b: Wave, min_n: int, allow_different: bool = False
) -> WaveComparison:
    """Survey answers only; items whose text or scale differ are listed, not compared."""
    if a.results_withheld or b.results_withheld:
        return WaveComparison(a, b, [], [], WITHHELD_OPEN_ANONYMOUS)
    sa, sb = survey_of(a.survey_version), survey_of(b.survey_version)
    frames = answers_frame([a.id, b.id], with_organisation=False)
    frames = frames[frames["source"].astype(str).isin(ANSWERED)]
    fa, fb = frames[frames["wave"] == a.id], frames[frames["wave"] == b.id]
    items_b = {i.id for i in survey_items(sb)}
    rows, skipped = [], []
    for item in survey_items(sa):
        if item.id not in items_b:
            continue
        part_a = fa[fa["timepoint"].astype(str) == item.timepoint]
        part_b = fb[fb["timepoint"].astype(str) == item.timepoint]
        try:
            r = compare_waves(
                part_a,
                part_b,
                item.key,
                _info(sa, item.key),
                _info(sb, item.key),
                allow_different=allow_different,
            )
        except ValueError as err:
            skipped.append(
                (item.id, "tekst of schaal verschilt" if "differ" in str(err) else str(err))
            )
            continue
        if min(r.n1, r.n2) < min_n:
            rows.append(WaveItemComparison(item.id, item.text, True, *[None] * 7))
            continue
        rows.append(
            WaveItemComparison(
                item.id,
                item.text,
                False,
                r.n1,
                r.n2,
                r.mean1,
                r.mean2,
                -r.mean_difference,
                r.pvalue,
                r.method,
            )
        )
    return WaveComparison(a, b, rows, skipped)
