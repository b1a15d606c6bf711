"""What every generated chapter shares: the report stylesheet with its CSP, and Word documents
with the house style and tables (the wave chapter, the monitoring chapter, the dashboard annex)."""

from __future__ import annotations

import base64
import hashlib
import io
import re

from config import BASE_DIR
from surveyapp.inputs import printable
from surveyapp.security import CSP

REPORT_CSS = (BASE_DIR / "static" / "report.css").read_text(encoding="utf-8")
# The chapter is one self-contained file; its inline style is allowed by hash, nothing else.
REPORT_CSP = CSP.replace(
    "style-src 'self'",
    "style-src 'self' 'sha256-"
    + base64.b64encode(hashlib.sha256(REPORT_CSS.encode()).digest()).decode()
    + "'",
)


def new_document(title: str):
    """A Word document in the chapter's style, opened with its title."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading(printable(title), level=1)
    return doc


PAGE_WIDTH_CM = 16.0  # A4 within Word's default margins
CHAR_CM, PADDING_CM = 0.22, 0.45  # a character of 10,5 pt Calibri, roughly; cell margins
_NUMERIC = re.compile(r"^[\d.,%()=n \u2212–<>p-]*$")


def column_widths(header: list[str], rows: list[list[str]]) -> list[float]:
    """Number columns as wide as their longest figure ("6,5 (n = 21)" on one line), each text
    column at least as wide as its longest word (never "instrumenta/rium" or "art2_cijf/er"),
    and the rest of the page shared by the text columns by the length of their texts."""
    columns = [[str(header[i]), *(str(r[i]) for r in rows)] for i in range(len(header))]
    numeric = [bool(rows) and all(_NUMERIC.match(c) for c in col[1:]) for col in columns]

    def need(text: str, bold: bool = False) -> float:  # a bold header's letters are wider
        return min(6.0, PADDING_CM + CHAR_CM * len(text) * (1.2 if bold else 1.0))

    def words(text: str) -> list[str]:
        return re.split(r"[\s\u00ad]+", text)  # a soft hyphen is where a header may break

    widths = [
        max([need(w, bold=True) for w in words(col[0])] + [need(c) for c in col[1:]])
        if numeric[i]
        else max(
            [need(w, bold=True) for w in words(col[0])]
            + [need(w) for c in col[1:] for w in words(c)]
        )
        for i, col in enumerate(columns)
    ]  # the least each column needs: whole figures, whole words
    texts = [i for i, n in enumerate(numeric) if not n]
    free = PAGE_WIDTH_CM - sum(widths)
    if free > 0 and texts:
        weight = {i: max(len(c) for c in columns[i]) ** 0.5 for i in texts}
        total = sum(weight.values())
        for i in texts:
            widths[i] += free * weight[i] / total
    elif free < 0:
        widths = [w * PAGE_WIDTH_CM / sum(widths) for w in widths]
    return widths


def add_table(doc, header: list[str], rows: list[list[str]], font_pt: float | None = None) -> None:
    """A grid table with set column widths (Word's equal columns broke words); every cell
    printable text; `font_pt` sets a smaller type for a long annex."""
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    table.autofit = False
    widths = [Cm(w) for w in column_widths(header, rows)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the table grid: LibreOffice (and Word on reflow) read this one
    for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
        cell.text = printable(text)
        cell.width = width
    for row in rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, row, widths, strict=True):
            cell.text = printable(text)
            cell.width = width
    if font_pt is not None:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = Pt(0)
                    for run in paragraph.runs:
                        run.font.size = Pt(font_pt)


def add_picture(doc, png: bytes, width_cm: float, caption: str) -> None:
    """A drawn figure with its caption under it."""
    from docx.shared import Cm

    doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
    doc.add_paragraph(printable(caption), style="Caption")


def document_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
