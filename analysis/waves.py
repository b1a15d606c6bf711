"""The same item in two waves (e.g. MTR 2018 against the final evaluation 2020).

Waves are independent samples, so this is `compare_values` with the waves as groups. Items are
only compared when their wording and scale are the same in both waves; pass
``allow_different=True`` to compare anyway (the report should then say so).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis._checks import numeric_answers, require_columns
from analysis.compare import CompareResult, compare_values

__all__ = ["ItemInfo", "compare_waves"]


@dataclass(frozen=True)
class ItemInfo:
    """What makes two items comparable: their text and scale."""

    text: str
    scale: tuple  # e.g. (1, 10, True) for a 1-10 grade with "weet niet"


def compare_waves(
    a: pd.DataFrame,
    b: pd.DataFrame,
    item: str,
    info_a: ItemInfo,
    info_b: ItemInfo,
    *,
    labels: tuple[str, str] = ("eerste meting", "tweede meting"),
    value: str = "value",
    question: str = "question",
    dont_know: str | None = "dont_know",
    allow_different: bool = False,
) -> CompareResult:
    """Compare `item` between two waves' answer frames (second minus first is `-difference`).

    >>> a = pd.DataFrame({"question": ["q"] * 3, "value": [5, 6, 7], "dont_know": [False] * 3})
    >>> b = a.assign(value=[6, 7, 8])
    >>> info = ItemInfo("Cijfer?", (1, 10, True))
    >>> compare_waves(a, b, "q", info, info).mean_difference
    -1.0
    """
    if not allow_different:
        if info_a.text.strip() != info_b.text.strip():
            raise ValueError(
                f"item {item!r} is worded differently in the two waves; "
                "pass allow_different=True to compare anyway"
            )
        if tuple(info_a.scale) != tuple(info_b.scale):
            raise ValueError(
                f"item {item!r} has a different scale in the two waves "
                f"({info_a.scale} vs {info_b.scale}); pass allow_different=True"
            )
    values = []
    for frame in (a, b):
        require_columns(frame, [value, question, dont_know])
        part = numeric_answers(frame[frame[question] == item], value, dont_know)
        values.append(part[value])
    return compare_values(values[0], values[1], labels=labels)
