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
NUMBER_WIDTH_CM = 2.6
_NUMERIC = re.compile(r"^[\d.,%()=n \u2212–<>p-]*$")


def column_widths(header: list[str], rows: list[list[str]]) -> list[float]:
    """Number columns narrow, text columns sharing the rest by their longest word-run, so a
    question never breaks mid-word ("instrumenta/rium") while figures sit in a narrow column."""
    numeric = [all(_NUMERIC.match(str(r[i])) for r in rows) and rows for i in range(len(header))]
    narrow = sum(NUMBER_WIDTH_CM for n in numeric if n)
    texts = [i for i, n in enumerate(numeric) if not n]
    weight = {i: max([len(str(header[i])), *(len(str(r[i])) for r in rows)]) ** 0.5 for i in texts}
    rest = max(PAGE_WIDTH_CM - narrow, 4.0 * len(texts))
    total = sum(weight.values()) or 1.0
    return [NUMBER_WIDTH_CM if numeric[i] else rest * weight[i] / total for i in range(len(header))]


def add_table(doc, header: list[str], rows: list[list[str]], font_pt: float | None = None) -> None:
    """A grid table with set column widths (Word's equal columns broke words); every cell
    printable text; `font_pt` sets a smaller type for a long annex."""
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    table.autofit = False
    widths = [Cm(w) for w in column_widths(header, rows)]
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
