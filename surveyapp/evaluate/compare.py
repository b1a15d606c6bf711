"""Wave against wave: every item both waves ask, compared as independent samples."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.report import nl_p
from analysis.waves import ItemInfo, compare_waves
from surveyapp.definitions import Survey, survey_of
from surveyapp.evaluate.frames import answers_frame
from surveyapp.evaluate.summary import survey_items
from surveyapp.models import Wave


@dataclass(frozen=True)
class WaveItemComparison:
    item_id: str
    text: str
    n_a: int
    n_b: int
    mean_a: float
    mean_b: float
    change: float  # b - a
    pvalue: float
    p_text: str


@dataclass(frozen=True)
class WaveComparison:
    a: Wave
    b: Wave
    rows: list[WaveItemComparison]
    not_comparable: list[tuple[str, str]]  # (item id, reason)


def _info(survey: Survey, key: str) -> ItemInfo:
    q = survey.question(key)
    return ItemInfo(q.text, (q.min, q.max, q.dont_know, q.type))


def compare_wave_items(a: Wave, b: Wave, allow_different: bool = False) -> WaveComparison:
    """Survey answers only; items whose text or scale differ are listed, not compared."""
    sa, sb = survey_of(a.survey_version), survey_of(b.survey_version)
    frames = answers_frame([a.id, b.id], with_organisation=False)
    frames = frames[frames["source"].astype(str) == "survey"]
    fa, fb = frames[frames["wave"] == a.id], frames[frames["wave"] == b.id]
    items_b = {i.id: i for i in survey_items(sb)}
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
        rows.append(
            WaveItemComparison(
                item.id,
                item.text,
                r.n1,
                r.n2,
                r.mean1,
                r.mean2,
                -r.mean_difference,
                r.pvalue,
                nl_p(r.pvalue),
            )
        )
    return WaveComparison(a, b, rows, skipped)
