"""Reading uploaded tables (CSV or XLSX) as text cells, for every import in the app.

Every cell is read as text, never evaluated: a formula in a spreadsheet arrives as its literal
text. Limits (docs/limits.md): 16 MB, 20,000 rows, 10,000 characters per cell; control
characters are dropped and a NUL is refused, as the input policy of `inputs` says.
"""

from __future__ import annotations

import csv
import io
import zipfile

from surveyapp.errors import UnreadableFile
from surveyapp.inputs import NulCharacter, clean_text

MAX_ROWS = 20_000
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_CELL_CHARS = 10_000


def read_table(filename: str, data: bytes) -> list[list[str]]:
    """The file's cells as text; raises UnreadableFile (Dutch message) if it cannot be read.

    Limits (docs/limits.md): 16 MB, 20,000 rows, 10,000 characters per cell. Control
    characters are dropped from cells and a NUL is refused (the input policy of `inputs`).
    """
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"Het bestand is groter dan {MAX_FILE_BYTES // (1024 * 1024)} MB; splits het op."
        )
    name = filename.lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        table = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")) or not name:
        table = _read_csv(data)
    else:
        raise UnreadableFile("Upload een CSV-bestand (.csv) of een Excel-bestand (.xlsx).")
    try:
        return [[clean_text(cell) for cell in row] for row in table]
    except NulCharacter:
        raise UnreadableFile(
            "Een cel in het bestand bevat een ongeldig teken (NUL). Verwijder het en probeer "
            "het opnieuw."
        ) from None


def _check_size(rows: list[list[str]], row: list[str]) -> None:
    if len(rows) > MAX_ROWS:
        raise UnreadableFile(f"Het bestand heeft meer dan {MAX_ROWS} rijen; splits het op.")
    if any(len(cell) > MAX_CELL_CHARS for cell in row):
        raise UnreadableFile(
            f"Regel {len(rows)} heeft een cel van meer dan {MAX_CELL_CHARS} tekens. Controleer "
            "of het scheidingsteken en de aanhalingstekens in het bestand kloppen."
        )


def _read_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise UnreadableFile("Dit lijkt geen tekstbestand. Upload een CSV- of Excel-bestand.")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            rows.append(list(row))
            _check_size(rows, row)
    except csv.Error:  # a field beyond csv's own limit (131,072 characters)
        raise UnreadableFile(
            f"Regel {len(rows) + 1} heeft een cel van meer dan {MAX_CELL_CHARS} tekens. "
            "Controleer of het scheidingsteken en de aanhalingstekens in het bestand kloppen."
        ) from None
    return rows


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula is read as its text ("=HYPERLINK(...)"), never computed.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise UnreadableFile(f"Het Excel-bestand kan niet worden gelezen ({err}).") from None
    sheet = book.worksheets[0]
    rows: list[list[str]] = []
    try:
        for row in sheet.iter_rows(values_only=True):
            rows.append(["" if v is None else _cell_text(v) for v in row])
            _check_size(rows, rows[-1])
    finally:
        book.close()
    return rows


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
