"""The generated chapter: tables and Dutch sentences of the kind in the evaluation report.

Rendered once as HTML (from a template) and once as DOCX (python-docx) from the same results.
"""

from __future__ import annotations

import base64
import hashlib
import io

from docx import Document
from docx.shared import Cm, Pt
from flask import render_template

from analysis.format import nl_number
from analysis.report import nl_pvalue
from config import BASE_DIR
from surveyapp.evaluate.queries import rounds_of_wave
from surveyapp.evaluate.summary import PublishedResults
from surveyapp.inputs import printable
from surveyapp.security import CSP


def chapter_title(results: PublishedResults) -> str:
    return f"Resultaten {results.wave.name}"


REPORT_CSS = (BASE_DIR / "static" / "report.css").read_text(encoding="utf-8")
# The chapter is one self-contained file; its inline style is allowed by hash, nothing else.
REPORT_CSP = CSP.replace(
    "style-src 'self'",
    "style-src 'self' 'sha256-"
    + base64.b64encode(hashlib.sha256(REPORT_CSS.encode()).digest()).decode()
    + "'",
)


def report_html(results: PublishedResults) -> str:
    """The chapter as one standalone HTML file (styles inline)."""
    return render_template(
        "evaluate/report.html",
        r=results,
        title=chapter_title(results),
        intro=intro(results),
        n_text=n_text,
        count_text=count_text,
        css=REPORT_CSS,
        rounds=rounds_of_wave(results.wave),
    )


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = printable(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = printable(text)


def report_docx(results: PublishedResults) -> bytes:
    """The same chapter as a Word document, from the same published results."""
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading(printable(chapter_title(results)), level=1)
    doc.add_paragraph(printable(intro(results)))
    doc.add_heading("Gemiddelde cijfers", level=2)
    rows = [
        [
            results.item_label(row.item),
            n_text(row, results.min_n),
            nl_number(row.stats["mean"]),
            nl_number(row.stats["sd"]),
            count_text(row.stats["n_dont_know"]),
        ]
        for row in results.item_rows()
    ]
    _table(doc, ["Vraag", "n", "Gemiddelde", "Standaardafwijking", "Weet niet"], rows)
    doc.add_heading("Toelichting per vraag", level=2)
    for paragraph in results.paragraphs():
        doc.add_paragraph(printable(paragraph))
    _charts(doc, results)
    if results.comparisons:
        doc.add_heading("Provincies en gemeenten", level=2)
        _table(
            doc,
            ["Vraag", "Provincies", "Gemeenten", "Verschil", "p (Mann–Whitney)"],
            [
                [
                    results.item(k).text,
                    f"{nl_number(c.mean1)} (n = {c.n1})",
                    f"{nl_number(c.mean2)} (n = {c.n2})",
                    nl_number(c.mean_difference),
                    nl_pvalue(c.pvalue),
                ]
                for k, c in results.comparisons.items()
            ],
        )
    if results.change_sentence:
        doc.add_heading("Verandering in de tijd", level=2)
        doc.add_paragraph(printable(results.change_sentence))
    for dashboard in rounds_of_wave(results.wave):
        doc.add_heading(f"Bijlage: dashboard {printable(dashboard.name)}", level=2)
        _table(doc, DASHBOARD_HEADER, dashboard_rows(dashboard))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _charts(doc, results: PublishedResults) -> None:
    """The distribution of every published item, and provinces against municipalities where
    they are compared: the same published charts as the web pages."""
    from surveyapp.evaluate import charts

    drawn = [
        (item, kind)
        for item in results.items
        for kind in ("verdeling", "groepen")
        if charts.available(results, item, kind)
        and (kind == "verdeling" or item.id in results.comparisons)
    ]
    if not drawn:
        return
    doc.add_heading("Grafieken", level=2)
    for item, kind in drawn:
        png = charts.chart(results, item, kind, "png")
        doc.add_picture(io.BytesIO(png), width=Cm(15))
        what = "verdeling" if kind == "verdeling" else "provincies en gemeenten"
        doc.add_paragraph(printable(f"{results.item_label(item)} ({what})"), style="Caption")


def intro(results: PublishedResults) -> str:
    return (
        f"{results.survey.title}. Er zijn {results.n_responses} vragenlijsten ingevuld. "
        f"Groepen met minder dan {results.min_n} antwoorden worden niet getoond, en ook niet "
        "de groepen waaruit die door aftrekken te herleiden zouden zijn."
    )


def n_text(row, min_n: int) -> str:
    """n of a published item; a hidden one reads "< min_n" (or "–" for a complementary cell)."""
    if row.suppressed == "primair":
        return f"< {min_n}"
    if row.hidden:
        return "–"
    return str(row.stats["n"])


def count_text(value) -> str:
    return "–" if value is None else str(int(value))


DASHBOARD_HEADER = [
    "Artikel",
    "Afspraak (verkorte weergave)",
    "Uitvoering op schema",
    "Toelichting",
]


def dashboard_rows(dashboard) -> list[list[str]]:
    """The source's Bijlage 1 table: the status as its word (Word tables carry no colour)."""
    return [[e.article, e.summary, e.status.label, e.explanation] for e in dashboard.entries]
