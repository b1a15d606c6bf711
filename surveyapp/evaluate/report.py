"""The generated chapter: tables and Dutch sentences of the kind in the evaluation report.

Rendered once as HTML (from a template) and once as DOCX (python-docx) from the same results.
"""

from __future__ import annotations

import base64
import hashlib
import io

from docx import Document
from docx.shared import Pt
from flask import render_template

from analysis.format import nl_number
from config import BASE_DIR
from surveyapp.evaluate.summary import WaveResults, org_type_label
from surveyapp.security import CSP


def chapter_title(results: WaveResults) -> str:
    return f"Resultaten {results.wave.name}"


REPORT_CSS = (BASE_DIR / "static" / "report.css").read_text(encoding="utf-8")
# The chapter is one self-contained file; its inline style is allowed by hash, nothing else.
REPORT_CSP = CSP.replace(
    "style-src 'self'",
    "style-src 'self' 'sha256-"
    + base64.b64encode(hashlib.sha256(REPORT_CSS.encode()).digest()).decode()
    + "'",
)


def report_html(results: WaveResults) -> str:
    """The chapter as one standalone HTML file (styles inline)."""
    return render_template(
        "evaluate/report.html",
        r=results,
        title=chapter_title(results),
        org_type_label=org_type_label,
        css=REPORT_CSS,
    )


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def report_docx(results: WaveResults) -> bytes:
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading(chapter_title(results), level=1)
    doc.add_paragraph(
        f"{results.survey.title}. Er zijn {results.n_responses} vragenlijsten ingevuld. "
        f"Groepen met minder dan {results.min_n} antwoorden worden niet getoond."
    )
    stats = results.item_stats.set_index("item")
    doc.add_heading("Gemiddelde cijfers", level=2)
    rows = []
    for item in results.items:
        if item.id not in stats.index:
            continue
        s = stats.loc[item.id]
        label = item.text + (
            f" ({results.survey.timepoint_label(item.timepoint)})" if item.timepoint else ""
        )
        rows.append(
            [
                label,
                _n(s["n"], results.min_n),
                nl_number(s["mean"]),
                nl_number(s["sd"]),
                str(int(s["n_dont_know"])),
            ]
        )
    _table(doc, ["Vraag", "n", "Gemiddelde", "Standaardafwijking", "Weet niet"], rows)
    doc.add_heading("Toelichting per vraag", level=2)
    for item in results.items:
        lines = results.sentences.get(item.id) or []
        source = results.sources.get(item.id)
        if source:
            lines = [*lines, source["sentence"]]
        if lines:
            doc.add_paragraph(" ".join(lines))
    if results.comparisons:
        doc.add_heading("Provincies en gemeenten", level=2)
        _table(
            doc,
            ["Vraag", "Provincies", "Gemeenten", "Verschil", "p (Mann–Whitney)"],
            [
                [
                    results.item(k).text,
                    nl_number(v["provincie_mean"]),
                    nl_number(v["gemeente_mean"]),
                    nl_number(v["difference"]),
                    nl_number(v["pvalue"], 3),
                ]
                for k, v in results.comparisons.items()
            ],
        )
    if results.change_sentence:
        doc.add_heading("Verandering in de tijd", level=2)
        doc.add_paragraph(results.change_sentence)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _n(value, min_n: int) -> str:
    return f"< {min_n}" if value != value else str(int(value))
