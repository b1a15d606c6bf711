"""Charts as PNG or SVG (matplotlib, no pyplot state): distribution, groups, start vs now.

Charts draw the published distributions only: a hidden item or group cell has no chart, and a
group chart shows only the groups that passed the disclosure gate.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from surveyapp.evaluate.results.published import COMPARE_GROUPS, Item, PublishedResults
from surveyapp.inputs import printable

ACCENT, SECOND = "#01689b", "#e17000"
KINDS = ("verdeling", "groepen", "tijd")
GROUP_STYLE = {"provincie": ("Provincies", ACCENT), "gemeente": ("Gemeenten", SECOND)}


def _series(dist: list[tuple[float, int, float]], scale: np.ndarray, share: bool) -> np.ndarray:
    lookup = {v: (s * 100 if share else c) for v, c, s in dist}
    return np.array([lookup.get(float(v), 0) for v in scale])


def available(results: PublishedResults, item: Item, kind: str) -> bool:
    """Whether the gate lets this chart be drawn at all."""
    if kind == "verdeling":
        return item.id in results.distributions
    if kind == "groepen":
        cells = results.group_distributions.get(item.id, {})
        return any(g in cells for g in COMPARE_GROUPS)
    if kind == "tijd":
        return all(f"{item.key}.{tp}" in results.distributions for tp in ("start", "nu"))
    return False


def chart(results: PublishedResults, item: Item, kind: str, fmt: str) -> bytes:
    """One chart of one item; `kind` is verdeling, groepen or tijd; `fmt` png or svg."""
    if kind not in KINDS or fmt not in ("png", "svg") or not available(results, item, kind):
        raise ValueError("unknown or unpublished chart")
    scale = np.arange(item.scale_min, item.scale_max + 1)
    fig = Figure(figsize=(6.4, 3.4), dpi=110)
    ax = fig.add_subplot()
    title = "\n".join(textwrap.wrap(printable(item.text), 70)[:3])  # wrapped, never cut mid-word
    width = 0.4
    if kind == "verdeling":
        ax.bar(scale, _series(results.distributions[item.id], scale, False), color=ACCENT)
        ax.set_ylabel("Aantal")
    elif kind == "groepen":
        cells = results.group_distributions[item.id]
        shown = [g for g in COMPARE_GROUPS if g in cells]
        offsets = [0.0] if len(shown) == 1 else [-width / 2, width / 2]
        for offset, org_type in zip(offsets, shown, strict=True):
            label, colour = GROUP_STYLE[org_type]
            n = sum(c for _v, c, _s in cells[org_type])
            ax.bar(
                scale + offset,
                _series(cells[org_type], scale, True),
                width,
                label=f"{label} (n = {n})",
                color=colour,
            )
        ax.set_ylabel("Percentage")
        ax.legend(frameon=False, fontsize=8)
    else:
        for offset, (tp, label, colour) in zip(
            (-width / 2, width / 2),
            (("start", "Bij de start", SECOND), ("nu", "Nu", ACCENT)),
            strict=True,
        ):
            dist = results.distributions[f"{item.key}.{tp}"]
            ax.bar(scale + offset, _series(dist, scale, False), width, label=label, color=colour)
        ax.set_ylabel("Aantal")
        ax.legend(frameon=False, fontsize=8)
    ax.set_xticks(scale)
    ax.set_title(title, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "none"}):  # real text in SVG: searchable, accessible
        fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()
