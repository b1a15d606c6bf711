"""One input policy for all text: web forms, query strings, paths, imports and the CLI.

- A NUL character is refused: web requests get a 400 with a Dutch page, imports a row error,
  the CLI an English message. PostgreSQL cannot store it and nothing legitimate contains it.
- Other C0 control characters (all below 32 except tab, newline and carriage return) are
  stripped: they come from copy and paste, mean nothing to a reader and break XML exports.
- Sizes are checked before any database work: the body (MAX_CONTENT_LENGTH; 1 MB for ordinary
  forms), the number of fields (MAX_FORM_FIELDS) and the size of one field.

Exports strip what an older row may still hold (`printable`), so one stored answer can never
break an export. docs/limits.md lists every limit.
"""

from __future__ import annotations

import re

from flask import Flask, abort, current_app, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest

CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")
XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NUL_MESSAGE = (
    "Uw invoer bevat een ongeldig teken (een NUL-teken), vaak afkomstig uit een gekopieerde "
    "tekst. Verwijder dat teken of typ de tekst opnieuw en probeer het nog een keer."
)


class NulCharacter(ValueError):
    """Text with a NUL character: refused everywhere."""


class RefusedInput(BadRequest):
    """A 400 whose description is a Dutch message for the person who sent it."""

    dutch = True


def clean_text(value: str) -> str:
    """The text as stored: NUL refused, other control characters (but tab/newline) dropped.

    >>> clean_text("a\\x0bb\\tc")
    'ab\\tc'
    """
    if "\x00" in value:
        raise NulCharacter("text contains a NUL character")
    return CONTROL.sub("", value)


def printable(value: str) -> str:
    """Text fit for XML-based files (XLSX, DOCX, SVG): every control character removed."""
    return XML_UNSAFE.sub("", value)


def _clean_pairs(pairs) -> ImmutableMultiDict:
    return ImmutableMultiDict([(clean_text(k), clean_text(v)) for k, v in pairs])


def accepts_upload(view):
    """Mark a view whose form takes a file; every other view refuses a multipart body before
    reading it (a file sent to a form that takes none costs nothing)."""
    view.accepts_upload = True
    return view


def check_request() -> None:
    """Before anything else runs: refuse oversized or NUL-carrying input, strip the rest."""
    config = current_app.config
    if "\x00" in request.path and request.endpoint != "respond.enter":  # a link: its own check
        raise RefusedInput(NUL_MESSAGE)
    if request.mimetype == "multipart/form-data":
        view = current_app.view_functions.get(request.endpoint or "")
        if not getattr(view, "accepts_upload", False):
            raise RefusedInput(
                "Dit formulier neemt geen bestanden aan. Laad de pagina opnieuw en verstuur het "
                "formulier zonder bijlage."
            )
    if request.method in ("POST", "PUT", "PATCH"):
        if request.is_json:  # bounded while read: a chunked body declares no length
            limit = config["API_MAX_BODY_BYTES"]
            if (request.content_length or 0) > limit:
                abort(413)
            request.max_content_length = limit + 1  # the stream stops one byte past the limit
            if len(request.get_data()) > limit:  # read (and cached) here, before any work
                abort(413)
        if (
            request.mimetype == "application/x-www-form-urlencoded"
            and (request.content_length or 0) > config["MAX_FORM_BYTES"]
        ):
            abort(413)
        fields = request.form  # parsed here, before any database work
        if (
            len(fields) > config["MAX_FORM_FIELDS"]
            or len(request.files) > config["MAX_FORM_FIELDS"]
        ):
            abort(413)
        if sum(len(v) for _k, v in fields.items(multi=True)) > config["MAX_FORM_BYTES"]:
            abort(413)
    try:
        request.args = _clean_pairs(request.args.items(multi=True))
        if request.method in ("POST", "PUT", "PATCH"):
            request.form = _clean_pairs(request.form.items(multi=True))
    except NulCharacter:
        raise RefusedInput(NUL_MESSAGE) from None


def register_input_policy(app: Flask) -> None:
    """Run `check_request` after the extensions' hooks (CSRF, the rate limiter: no database)
    and before every blueprint's own hooks, which are the first to touch the database."""
    app.before_request(check_request)
