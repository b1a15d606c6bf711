"""Safe tabular downloads: cells neutralised against formula injection, UTF-8 with BOM."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def neutralise(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula (=, +, -, @, control chars) with '."""
    if isinstance(value, str) and value and (value[0] in FORMULA_START or ord(value[0]) < 32):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return "\ufeff" + out.getvalue()


def csv_download(filename: str, header, rows, delimiter: str = ",") -> Response:
    """A CSV attachment (UTF-8 with BOM so Excel reads accents correctly)."""
    return Response(
        csv_text(header, rows, delimiter).encode("utf-8"),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
