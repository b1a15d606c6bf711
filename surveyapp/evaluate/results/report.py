"""The generated chapter: tables and Dutch sentences of the kind in the evaluation report.

Rendered once as HTML (from a template) and once as DOCX (python-docx) from the same results.
"""

from __future__ import annotations

from flask import render_template

from analysis.format import nl_number, shown_difference
from analysis.report import COMPARISON_METHOD, nl_pvalue
from surveyapp.evaluate.chapter import (
    REPORT_CSS,
    add_picture,
    add_table,
    document_bytes,
    new_document,
)
from surveyapp.evaluate.dashboard.export import (
    COMPACT_HEADER,
    COMPACT_NOTE,
    compact_rows,
)
from surveyapp.evaluate.dashboard.queries import rounds_of_wave
from surveyapp.evaluate.results import charts
from surveyapp.evaluate.results.published import PublishedResults
from surveyapp.inputs import printable


def chapter_title(results: PublishedResults) -> str:
    return f"Resultaten {results.wave.name}"


def report_html(results: PublishedResults) -> str:
    """The chapter as one standalone HTML file (styles inline)."""
    return render_template(
        "evaluate/results/report.html",
        r=results,
        title=chapter_title(results),
        intro=intro(results),
        n_text=n_text,
        count_text=count_text,
        css=REPORT_CSS,
        rounds=rounds_of_wave(results.wave),
        comparison_method=COMPARISON_METHOD,
    )


def report_docx(results: PublishedResults) -> bytes:
    """The same chapter as a Word document, from the same published results."""
    doc = new_document(chapter_title(results))
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
    # A soft hyphen lets Word break the long header where Dutch does: standaard-afwijking.
    header = ["Vraag", "n", "Gemiddelde", "Standaard\u00adafwijking", "Weet niet"]
    add_table(doc, header, rows)
    doc.add_heading("Toelichting per vraag", level=2)
    for paragraph in results.paragraphs():
        doc.add_paragraph(printable(paragraph))
    _charts(doc, results)
    if results.comparisons:
        doc.add_heading("Provincies en gemeenten", level=2)
        add_table(
            doc,
            ["Vraag", "Provincies", "Gemeenten", "Verschil", "p (Mann–Whitney)"],
            [
                [
                    results.item(k).text,
                    f"{nl_number(c.mean1)} (n = {c.n1})",
                    f"{nl_number(c.mean2)} (n = {c.n2})",
                    nl_number(shown_difference(c.mean1, c.mean2)),
                    nl_pvalue(c.pvalue),
                ]
                for k, c in results.comparisons.items()
            ],
        )
        doc.add_paragraph(COMPARISON_METHOD)
    if results.words.change:
        doc.add_heading("Verandering in de tijd", level=2)
        doc.add_paragraph(printable(results.words.change))
    for dashboard in rounds_of_wave(results.wave):
        doc.add_heading(f"Bijlage: dashboard {printable(dashboard.name)}", level=2)
        add_table(doc, COMPACT_HEADER, compact_rows(dashboard), font_pt=8)
        doc.add_paragraph(COMPACT_NOTE)
    return document_bytes(doc)


def _charts(doc, results: PublishedResults) -> None:
    """The distribution of every published item, and provinces against municipalities where
    they are compared: the same published charts as the web pages."""

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
        what = "verdeling" if kind == "verdeling" else "provincies en gemeenten"
        # The same memo as the chart URLs: a chart drawn once serves the page and the chapter.
        png = results.remember(
            ("chart", item.id, kind, "png"),
            lambda i=item, k=kind: charts.chart(results, i, k, "png"),
        )
        add_picture(doc, png, 15, f"{results.item_label(item)} ({what})")


def intro(results: PublishedResults) -> str:
    """The chapter's opening: how many answered (imported ones named), and the disclosure rule."""
    n = results.n_responses
    count = "Er is 1 vragenlijst ingevuld" if n == 1 else f"Er zijn {n} vragenlijsten ingevuld"
    if results.n_imported:
        count += f", waarvan {results.n_imported} geïmporteerd uit een eerdere ronde"
    return (
        f"{results.survey.title}. {count}. Groepen met minder dan {results.min_n} antwoorden "
        "worden niet getoond, en ook niet de groepen waaruit die door aftrekken te herleiden "
        "zouden zijn."
    )


def n_text(row, min_n: int) -> str:
    """n of a published item; a hidden one reads "< min_n" (or "–" for a complementary cell)."""
    if row.suppressed == "primair":
        return f"< {min_n}"
    if row.hidden:
        return "–"
    return count_text(row.stats["n"])


def count_text(value) -> str:
    return "–" if value is None else str(int(value))
