"""What every generated chapter shares: the report stylesheet with its CSP, and Word documents
with the house style and tables (the wave chapter, the monitoring chapter, the dashboard annex)."""

from __future__ import annotations

import base64
import hashlib
import io

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


def add_table(doc, header: list[str], rows: list[list[str]]) -> None:
    """A plain grid table; every cell printable text."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = printable(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = printable(text)


def add_picture(doc, png: bytes, width_cm: float, caption: str) -> None:
    """A drawn figure with its caption under it."""
    from docx.shared import Cm

    doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
    doc.add_paragraph(printable(caption), style="Caption")


def document_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
