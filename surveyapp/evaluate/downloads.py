"""Files the evaluator downloads: attachments from bytes, text or streamed chunks, a workbook
spooled through a temporary file, and a standalone chapter page with its own CSP."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from typing import IO

from flask import Response, stream_with_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"


def download(body, mimetype: str, filename: str) -> Response:
    """An attachment from bytes, text, or an iterator of byte chunks (streamed)."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    if not isinstance(data, bytes):
        data = stream_with_context(data)
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _file_chunks(spool: IO[bytes], size: int = 256 * 1024) -> Iterator[bytes]:
    """Read a temporary file out in chunks and close (so remove) it at the end."""
    try:
        spool.seek(0)
        while chunk := spool.read(size):
            yield chunk
    finally:
        spool.close()


def spooled_download(write: Callable[[IO[bytes]], None], mimetype: str, filename: str) -> Response:
    """What `write` puts in an anonymous temporary file, sent from disk and then deleted
    (a workbook of 30,000 respondents never sits in memory)."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _file_chunks
    write(spool)
    response = download(_file_chunks(spool), mimetype, filename)
    response.content_length = spool.tell()
    return response


def chapter_page(html: str) -> Response:
    """A generated chapter as one standalone page; its inline style is allowed by hash only."""
    from surveyapp.evaluate.chapter import REPORT_CSP

    page = Response(html, mimetype="text/html")
    page.headers["Content-Security-Policy"] = REPORT_CSP
    return page
