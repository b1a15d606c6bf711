"""Reading uploaded tables (CSV or XLSX) as text cells, and checking them row by row
(`TableImport`), for every import in the app.

Every cell is read as text, never evaluated: a formula in a spreadsheet arrives as its literal
text. Limits (docs/limits.md): 16 MB, 20,000 rows, 300 columns, 10,000 characters per cell,
an XLSX's unpacked size checked before parsing; control characters are dropped and a NUL is
refused, as the input policy of `inputs` says.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar
from xml.etree import ElementTree as ET

from surveyapp.errors import UnreadableFile
from surveyapp.exports import FORMULA_START
from surveyapp.inputs import NulCharacter, clean_text

MAX_ROWS = 20_000
MAX_COLUMNS = 300
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_CELL_CHARS = 10_000
# An XLSX is a zip: what it unpacks to is checked before anything parses it (zip bombs).
MAX_XLSX_PART_BYTES = 64 * 1024 * 1024
MAX_XLSX_BYTES = 128 * 1024 * 1024
MAX_XLSX_RATIO = 100  # uncompressed / compressed, for parts over 1 MB

Row = TypeVar("Row")


def read_table(filename: str, data: bytes) -> list[list[str]]:
    """The file's cells as text; raises UnreadableFile (Dutch message) if it cannot be read.

    Limits (docs/limits.md): 16 MB, 20,000 rows, 300 columns, 10,000 characters per cell, each
    checked while reading. Control characters are dropped from cells and a NUL is refused (the
    input policy of `inputs`).
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
        return [[unneutralise(clean_text(cell)) for cell in row] for row in table]
    except NulCharacter:
        raise UnreadableFile(
            "Een cel in het bestand bevat een ongeldig teken (NUL). Verwijder het en probeer "
            "het opnieuw."
        ) from None


def unneutralise(cell: str) -> str:
    """Undo `exports.neutralise`: an apostrophe before =, +, - or @ is how the app's own exports
    keep a text from running as a formula, so a file exported and imported again comes back
    unchanged. The text is stored as text either way; nothing is ever evaluated."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_START:
        return cell[1:]
    return cell


def _check_size(rows: list[list[str]], row: list[str]) -> None:
    """Called per row while reading, so a file over a limit stops there."""
    if len(rows) > MAX_ROWS:
        raise UnreadableFile(f"Het bestand heeft meer dan {MAX_ROWS} rijen; splits het op.")
    if len(row) > MAX_COLUMNS and any(str(c).strip() for c in row[MAX_COLUMNS:]):
        raise UnreadableFile(
            f"Regel {len(rows)} heeft meer dan {MAX_COLUMNS} kolommen. Controleer het "
            "scheidingsteken, of laat de overbodige kolommen weg."
        )
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
    if text.count(delimiter) > (MAX_ROWS + 1) * MAX_COLUMNS:  # more cells than any file may hold
        raise UnreadableFile(
            f"Het bestand heeft meer cellen dan {MAX_ROWS} rijen van {MAX_COLUMNS} kolommen; "
            "controleer het scheidingsteken of splits het op."
        )
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            rows.append(row[:MAX_COLUMNS])
            _check_size(rows, row)
    except csv.Error:  # a field beyond csv's own limit (131,072 characters)
        raise UnreadableFile(
            f"Regel {len(rows) + 1} heeft een cel van meer dan {MAX_CELL_CHARS} tekens. "
            "Controleer of het scheidingsteken en de aanhalingstekens in het bestand kloppen."
        ) from None
    return rows


def check_zip(data: bytes) -> None:
    """Refuse an XLSX whose parts unpack to more than the limits, before parsing any of it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise UnreadableFile(f"Het Excel-bestand kan niet worden gelezen ({err}).") from None
    total = sum(p.file_size for p in parts)
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > MAX_XLSX_PART_BYTES or (
            part.file_size > 1024 * 1024 and ratio > MAX_XLSX_RATIO
        ):
            raise UnreadableFile(
                "Het Excel-bestand pakt uit tot veel meer gegevens dan een lijst van "
                f"{MAX_ROWS} rijen bevat ({part.file_size // (1024 * 1024)} MB in één deel). "
                "Sla het opnieuw op als CSV of verwijder lege rijen en kolommen."
            )
    if total > MAX_XLSX_BYTES:
        raise UnreadableFile(
            f"Het Excel-bestand pakt uit tot meer dan {MAX_XLSX_BYTES // (1024 * 1024)} MB. "
            "Sla het op als CSV of splits het op."
        )


# What openpyxl raises for a file that is not a readable workbook, while opening it or while
# streaming a sheet: a broken zip, a missing part, malformed XML, or XML that defusedxml refuses
# (entities, a DTD: its errors are ValueErrors).
BROKEN_XLSX = (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, ET.ParseError)


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    check_zip(data)
    rows: list[list[str]] = []
    try:
        # data_only=False: a formula is read as its text ("=HYPERLINK(...)"), never computed.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:  # read-only: the sheet is parsed while it is iterated, so errors come here too
            for row in book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
                cells = ["" if v is None else _cell_text(v) for v in row]
                rows.append(cells[:MAX_COLUMNS])
                _check_size(rows, cells)
        finally:
            book.close()
    except BROKEN_XLSX as err:
        raise UnreadableFile(f"Het Excel-bestand kan niet worden gelezen ({err}).") from None
    return rows


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def header_key(text: str) -> str:
    """A header cell as it is matched: lower case, dashes unified, spaces folded."""
    return re.sub(r"\s+", " ", str(text).replace("–", "-")).strip().lower()


@dataclass(frozen=True)
class Column:
    """A column an import reads: its name in the row rule and the headers that name it."""

    name: str
    aliases: frozenset[str]
    required: bool = True


@dataclass
class Parsed(Generic[Row]):
    """An import's rows, or every problem with its line (1 = the header); `rows` is only
    complete when `errors` is empty."""

    rows: list[Row] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


Cell = Callable[[str], str]


class TableImport(Generic[Row]):
    """Every table import: the header is matched, each non-blank row goes through `row`, and
    every problem is collected with its line, so a file with one bad row imports nothing.

    An import declares its `columns` (or finds them in `find_columns`), optionally checks the
    header as a whole (`header_problems`), and gives its row rule (`row`), which returns the row
    or its Dutch problems. It never stores anything."""

    columns: tuple[Column, ...] = ()
    expected: str = ""  # names the columns in the "missing" message
    no_rows: str = "Het bestand bevat geen regels."

    def find_columns(self, header: list[str]) -> dict[str, int]:
        """Where each declared column is (the first header that names it)."""
        found: dict[str, int] = {}
        for column in self.columns:
            at = next((i for i, h in enumerate(header) if h in column.aliases), None)
            if at is not None:
                found[column.name] = at
        return found

    def missing(self, found: dict[str, int]) -> list[str]:
        return [c.name for c in self.columns if c.required and c.name not in found]

    def header_problems(self, header: list[str], found: dict[str, int]) -> list[str]:
        """Problems of the header as a whole (unknown columns, say); none by default."""
        return []

    def start(self) -> None:
        """Called once before the rows: load what the row rule compares with."""

    def row(self, line: int, cell: Cell) -> tuple[Row | None, list[str]]:
        raise NotImplementedError

    def parse(self, table: list[list[str]]) -> Parsed[Row]:
        """Check every row; nothing is stored here."""
        out: Parsed[Row] = Parsed()
        if not table or not any(str(c).strip() for c in table[0]):
            out.errors.append((1, "Het bestand is leeg."))
            return out
        header = [header_key(h) for h in table[0]]
        found = self.find_columns(header)
        problems = []
        if missing := self.missing(found):
            problems.append("Kolommen ontbreken: " + ", ".join(missing) + "." + self.expected)
        problems += self.header_problems(header, found)
        if problems:
            out.errors.extend((1, p) for p in problems)
            return out
        self.start()
        for line, raw in enumerate(table[1:], start=2):
            if not any(str(c).strip() for c in raw):
                continue

            def cell(name: str, raw=raw) -> str:
                i = found.get(name)
                return str(raw[i]).strip() if i is not None and i < len(raw) else ""

            value, row_problems = self.row(line, cell)
            if row_problems:
                out.errors.append((line, "; ".join(row_problems)))
            else:
                out.rows.append(value)
        if not out.rows and not out.errors:
            out.errors.append((2, self.no_rows))
        return out
