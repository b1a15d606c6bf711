"""Charts as PNG or SVG (matplotlib, no pyplot state): distribution, groups, start vs now."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from surveyapp.evaluate.summary import Item, WaveResults

ACCENT, SECOND = "#01689b", "#e17000"
KINDS = ("verdeling", "groepen", "tijd")


def _axis_values(item: Item) -> np.ndarray:
    return np.arange(item.scale_min, item.scale_max + 1)


def _counts(values: pd.Series, scale: np.ndarray) -> np.ndarray:
    return np.array([(values == v).sum() for v in scale])


def chart(results: WaveResults, item: Item, kind: str, fmt: str) -> bytes:
    """One chart of one item; `kind` is verdeling, groepen or tijd; `fmt` png or svg."""
    if kind not in KINDS or fmt not in ("png", "svg"):
        raise ValueError("unknown chart kind or format")
    df = results.answers
    rows = df[(df["source"].astype(str) == "survey") & ~df["dont_know"] & df["value"].notna()]
    scale = _axis_values(item)
    fig = Figure(figsize=(6.4, 3.2), dpi=110)
    ax = fig.add_subplot()
    title = item.text if len(item.text) < 70 else item.text[:67] + "…"
    if kind == "verdeling":
        values = rows[(rows["item"] == item.id)]["value"]
        ax.bar(scale, _counts(values, scale), color=ACCENT)
        ax.set_ylabel("Aantal")
    elif kind == "groepen":
        values = rows[rows["item"] == item.id]
        width = 0.4
        for offset, (org_type, label, colour) in zip(
            (-width / 2, width / 2),
            (("provincie", "Provincies", ACCENT), ("gemeente", "Gemeenten", SECOND)),
            strict=True,
        ):
            part = values[values["org_type"].astype(str) == org_type]["value"]
            share = _counts(part, scale) / max(len(part), 1) * 100
            ax.bar(scale + offset, share, width, label=f"{label} (n = {len(part)})", color=colour)
        ax.set_ylabel("Percentage")
        ax.legend(frameon=False, fontsize=8)
    else:
        width = 0.4
        for offset, (tp, label, colour) in zip(
            (-width / 2, width / 2),
            (("start", "Bij de start", SECOND), ("nu", "Nu", ACCENT)),
            strict=True,
        ):
            part = rows[
                (rows["question"].astype(str) == item.key) & (rows["timepoint"].astype(str) == tp)
            ]["value"]
            ax.bar(scale + offset, _counts(part, scale), width, label=label, color=colour)
        ax.set_ylabel("Aantal")
        ax.legend(frameon=False, fontsize=8)
    ax.set_xticks(scale)
    ax.set_title(title, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()
