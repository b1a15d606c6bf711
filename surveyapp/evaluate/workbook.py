"""XLSX downloads written row by row (xlsxwriter's constant memory): numbers stay numbers, text
is neutralised against formulas, blanks stay blank. Every evaluator workbook goes through here."""

from __future__ import annotations

import io
import math
from typing import IO

import pandas as pd
import xlsxwriter

from surveyapp.exports import neutralise
from surveyapp.inputs import printable


def write_sheets(target: IO[bytes], sheets: dict, headers: dict[str, str] | None = None) -> None:
    """Sheets of (header, rows) into a workbook, row by row; cells typed and neutralised;
    `headers` renames columns (the documented keys to Dutch)."""
    options = {
        "constant_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
    }
    headers = headers or {}
    book = xlsxwriter.Workbook(target, options)
    bold = book.add_format({"bold": True})
    for title, (header, rows) in sheets.items():
        sheet = book.add_worksheet(title)
        sheet.write_row(0, 0, [headers.get(c, c) for c in header], bold)
        for number, row in enumerate(rows, 1):
            for column, value in enumerate(row):
                _write_cell(sheet, number, column, value)
    book.close()


def sheets_bytes(sheets: dict) -> bytes:
    """A small workbook in memory (monitoring tables, the dashboard)."""
    buffer = io.BytesIO()
    write_sheets(buffer, sheets)
    return buffer.getvalue()


def _write_cell(sheet, row: int, column: int, value) -> None:
    """One cell by its type (numbers stay numbers; text is neutralised; blanks are skipped)."""
    if value is None:
        return
    if type(value) is float:
        if math.isfinite(value):
            sheet.write_number(row, column, value)
        return
    value = _xlsx_cell(value)
    if value is None:
        return
    if isinstance(value, bool):  # Dutch sheets say ja/nee, not TRUE/FALSE
        sheet.write_string(row, column, "ja" if value else "nee")
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, value)


def _xlsx_cell(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return neutralise(printable(str(value)))
