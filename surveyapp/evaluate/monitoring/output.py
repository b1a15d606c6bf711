"""What the monitoring results look like to people: the trend chart, the province map, the
export rows and the chapter (HTML and DOCX), all from one MonitoringResults."""

from __future__ import annotations

import io
from dataclasses import dataclass

from surveyapp.evaluate.chapter import add_picture, add_table, document_bytes, new_document
from surveyapp.evaluate.monitoring.results import MonitoringResults
from surveyapp.inputs import printable

STATUS_COLOURS = ["#e17000", "#f9c87a", "#01689b"]  # not started, in progress, done

# One tile per province, laid out roughly as the country lies: (column, row).
TILES = {
    "Fryslân": (1, 0), "Groningen": (2, 0),
    "Noord-Holland": (0, 1), "Flevoland": (1, 1), "Drenthe": (2, 1),
    "Zuid-Holland": (0, 2), "Utrecht": (1, 2), "Overijssel": (2, 2),
    "Zeeland": (0, 3), "Noord-Brabant": (1, 3), "Gelderland": (2, 3),
    "Limburg": (2, 4),
}  # fmt: skip
# Share done → fill and a text colour with at least 4.5:1 contrast on it.
MAP_CLASSES = [
    (25, "#deebf7", "#000000", "minder dan 25%"),
    (50, "#9ecae1", "#000000", "25% tot 50%"),
    (75, "#2171b5", "#ffffff", "50% tot 75%"),
    (101, "#08306b", "#ffffff", "75% of meer"),
]
NO_DATA = ("#f0f0f0", "#000000", "geen opgave")


@dataclass(frozen=True)
class Tile:
    name: str
    x: int
    y: int
    fill: str
    ink: str
    pct: int | None
    total: int


def map_tiles(results: MonitoringResults, size: int = 110) -> list[Tile]:
    """The tile map of the share done per province (first column, last year)."""
    progress = results.progress("province")
    tiles = []
    for name, (col, row) in TILES.items():
        pct, total = None, 0
        if name in progress.index:
            pct, total = progress.loc[name, "pct_done"], int(progress.loc[name, "total"])
        if pct is None or total == 0:
            fill, ink = NO_DATA[:2]
            pct = None
        else:
            fill, ink = next((f, i) for top, f, i, _ in MAP_CLASSES if pct < top)
        tiles.append(Tile(name, col * size, row * size, fill, ink, pct, total))
    return tiles


def trend_chart(results: MonitoringResults, fmt: str = "svg") -> bytes:
    """Stacked bars per year of the first column's statuses (the source's trend)."""
    import matplotlib as mpl
    import numpy as np
    from matplotlib.figure import Figure

    table = results.table(results.columns[0]["value"])
    years = [str(y) for y, _c, _t in table]
    fig = Figure(figsize=(6.4, 3.4), dpi=110)
    ax = fig.add_subplot()
    bottom = np.zeros(len(years))
    for i, row in enumerate(results.rows):
        values = np.array([cells[i][0] for _y, cells, _t in table], dtype=float)
        ax.bar(years, values, bottom=bottom, label=row["label"], color=STATUS_COLOURS[i % 3])
        bottom += values
    ax.set_ylabel(f"Aantal {results.unit}")
    ax.set_title(printable(f"{results.columns[0]['label']}: status per jaar"), fontsize=9)
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def map_chart(results: MonitoringResults, fmt: str = "png") -> bytes:
    """The tile map drawn by matplotlib, for the Word chapter (the pages draw it as SVG)."""
    import matplotlib as mpl
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    fig = Figure(figsize=(3.4, 5.6), dpi=110)
    ax = fig.add_axes((0, 0, 1, 1))
    for t in map_tiles(results, size=1):
        ax.add_patch(FancyBboxPatch((t.x + 0.04, -t.y - 0.96), 0.92, 0.92,
                                    boxstyle="round,pad=0,rounding_size=0.06",
                                    facecolor=t.fill, edgecolor="#333333"))  # fmt: skip
        ax.text(t.x + 0.5, -t.y - 0.38, t.name, ha="center", va="center", fontsize=6.5,
                color=t.ink)  # fmt: skip
        label = f"{t.pct}%" if t.pct is not None else "–"
        ax.text(t.x + 0.5, -t.y - 0.66, label, ha="center", va="center", fontsize=11,
                fontweight="bold", color=t.ink)  # fmt: skip
    ax.set_xlim(0, 3.1)
    ax.set_ylim(-5.1, 0)
    ax.set_axis_off()
    buffer = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def return_rows(results: MonitoringResults) -> tuple[list[str], list[list]]:
    """One row per authority per year with every cell (the exports' main table)."""
    cells = [(r["value"], c["value"]) for c in results.columns for r in results.rows]
    header = ["Jaar", "Organisatie", "Type", "Provincie"] + [
        f"{results.row_label(r)} – {results.column_label(c)}" for r, c in cells
    ]
    wide = results.cells.pivot_table(
        index=["period", "organisation", "org_type", "province"], columns=["row", "column"],
        values="count", aggfunc="sum", fill_value=0,
    )  # fmt: skip
    rows = [
        [int(key[0]), key[1], key[2], key[3]] + [int(values.get((r, c), 0)) for r, c in cells]
        for key, values in ((k, row.to_dict()) for k, row in wide.iterrows())
    ]
    return header, rows


def national_rows(results: MonitoringResults) -> tuple[list[str], list[list]]:
    """The national tables: one row per column and year, counts and whole percentages."""
    header = ["Kolom", "Jaar"]
    for row in results.rows:
        header += [row["label"], f"{row['label']} (%)"]
    header.append("Totaal")
    rows = []
    for column in results.columns:
        for year, cells, total in results.table(column["value"]):
            line = [column["label"], year]
            for count, pct in cells:
                line += [count, pct]
            rows.append([*line, total])
    return header, rows


def tables_for_chapter(results: MonitoringResults) -> list[tuple[str, list[str], list[list[str]]]]:
    """Tabel 1 (first column: first and last year) and Tabel 2 (second column: its whole
    period in one row), as (caption, header, rows) with the source's "591 (43 %)" cells."""
    header = ["Jaar"] + [r["label"] for r in results.rows] + ["Totaal"]
    out = []
    for index, column in enumerate(results.columns[:2]):
        table = results.table(column["value"])
        if not table:
            continue
        chosen = [table[0], table[-1]] if index == 0 and len(table) > 1 else [table[-1]]
        rows = []
        for year, cells, total in chosen:
            label = str(year) if index == 0 else f"{table[0][0]} t/m {year}"
            rows.append([label] + [f"{c} ({p} %)" for c, p in cells] + [f"{total} (100 %)"])
        what = column.get("phrase") or f"uit de kolom ‘{column['label']}’"
        caption = f"Tabel {index + 1}: Status van aanpak van {results.unit} {what}."
        out.append((caption, header, rows))
    return out


@dataclass(frozen=True)
class MonitoringView:
    """What the monitoring page and its HTML chapter show, as plain values (no DataFrames)."""

    slug: str
    title: str
    rows: list[dict]
    columns: list[dict]
    unit: str
    years: list[int]
    last_year: int | None
    provisional: list[tuple[int, int, int]]
    reports: list[tuple[int, str, int]]
    tables: dict[str, list]
    sentence: str
    second_sentence: str

    def table(self, column: str) -> list:
        return self.tables.get(column, [])


def view(results: MonitoringResults) -> MonitoringView:
    return MonitoringView(
        results.slug, results.survey.title, results.rows, results.columns, results.unit,
        results.years, results.last_year, results.provisional, results.reports(),
        results.tables, results.sentence(), results.second_sentence(),
    )  # fmt: skip


def figures(results: MonitoringResults) -> dict:
    """What the monitoring page and its HTML chapter both show: the results as plain values,
    the map, its table, every authority and the chapter's Tabel 1 and 2."""
    return {
        "r": view(results),
        "tiles": map_tiles(results),
        "classes": MAP_CLASSES,
        "no_data": NO_DATA,
        "provinces": province_rows(results),
        "authorities": authority_rows(results),
        "report_tables": tables_for_chapter(results),
    }


def chapter_docx(results: MonitoringResults) -> bytes:
    """The monitoring chapter as a Word document: sentences, tables, trend chart, provinces."""
    doc = new_document(f"Monitoring: {results.survey.title}")
    doc.add_paragraph(printable(results.sentence()))
    for caption, header, rows in tables_for_chapter(results):
        doc.add_paragraph(printable(caption), style="Caption")
        add_table(doc, header, rows)
    if results.second_sentence():
        doc.add_paragraph(printable(results.second_sentence()))
    if results.years:
        add_picture(doc, trend_chart(results, "png"), 15, "Figuur: status per jaar")
        doc.add_heading("Voortgang per provincie", level=2)
        add_picture(
            doc, map_chart(results, "png"), 7,
            f"Figuur 1: aandeel afgehandeld per provincie in {results.last_year}, elke provincie "
            "samen met haar gemeenten",
        )  # fmt: skip
        add_table(doc, *province_rows(results))
    return document_bytes(doc)


def province_rows(results: MonitoringResults) -> tuple[list[str], list[list[str]]]:
    """Per province (with its municipalities), last year, first column: the map's text."""
    return _progress_rows(results, "province", "Provincie")


def authority_rows(results: MonitoringResults) -> tuple[list[str], list[list[str]]]:
    """Per authority, last year, first column."""
    return _progress_rows(results, "organisation", "Bevoegd gezag")


def _progress_rows(results: MonitoringResults, by: str, title: str):
    header = [title] + [r["label"] for r in results.rows] + ["Totaal", "Afgehandeld (%)"]
    progress = results.progress(by)
    rows = [
        [name] + [str(int(line[r["value"]])) for r in results.rows]
        + [str(int(line["total"])), "–" if line["pct_done"] is None else f"{line['pct_done']}%"]
        for name, line in progress.iterrows()
    ]  # fmt: skip
    return header, rows
