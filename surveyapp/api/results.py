"""A wave's published results and raw answers (evaluators): the same JSON as export.json,
through the same disclosure gate and cache, with an ETag from the results stamp."""

from __future__ import annotations

import hashlib
import re

from flask import Response, current_app, request, stream_with_context
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from surveyapp.api.auth import protect, roles
from surveyapp.api.lists import get_or_404
from surveyapp.api.problems import ProblemError
from surveyapp.api.schemas import AnswersQuery
from surveyapp.models import StaffRole, Wave

bp = Blueprint("api_results", __name__, description="Resultaten en ruwe antwoorden")
protect(bp)
ETAG_LIST = re.compile(r'\s*(W/)?"[\x21\x23-\x7e]*"\s*(,\s*(W/)?"[\x21\x23-\x7e]*"\s*)*')
WITHHELD = (
    "Deze anonieme uitvraag staat nog open. Resultaten en ruwe antwoorden komen beschikbaar "
    "zodra de uitvraag gesloten is."
)


class ResultsOut(Schema):
    """As export.json; docs/results.md describes every field."""

    wave = fields.Dict(required=True)
    min_n = fields.Integer(required=True)
    n_responses = fields.Integer(required=True)
    n_imported = fields.Integer(required=True)
    withheld = fields.String(
        allow_none=True, required=True, metadata={"description": "Why nothing is published."}
    )
    items = fields.List(fields.Dict(), required=True)
    change = fields.List(fields.Dict(), required=True)
    change_sentence = fields.String(allow_none=True, required=True)
    themes = fields.List(fields.Dict(), required=True)
    interviews = fields.Dict(required=True)


def _published_wave(wave_id: int) -> Wave:
    wave = get_or_404(Wave, wave_id)
    if wave.results_withheld:
        raise ProblemError(409, WITHHELD)
    return wave


IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "The ETag of an earlier answer: 304 when the results did not change.",
}


@bp.get("/waves/<int:wave_id>/results")
@roles(StaffRole.EVALUATOR)
@bp.doc(parameters=[IF_NONE_MATCH])
@bp.response(200, ResultsOut, headers={"ETag": {"schema": {"type": "string"}}})
@bp.alt_response(304, description="Niet gewijzigd sinds de ETag in If-None-Match")
def results(wave_id: int):
    """The published results; the ETag changes when an answer, the wave or the code does."""
    from surveyapp.evaluate.results import cache, exports

    wave = _published_wave(wave_id)
    min_n = current_app.config["RESULTS_MIN_N"]
    stamp = f"{cache.answers_stamp(wave, min_n)}:{wave.name}:{wave.slug}"
    etag = '"' + hashlib.sha256(stamp.encode()).hexdigest()[:32] + '"'
    sent = request.headers.get("If-None-Match")
    if sent is not None and not ETAG_LIST.fullmatch(sent) and sent.strip() != "*":
        raise ProblemError(
            400, "De kop If-None-Match moet een ETag tussen aanhalingstekens zijn, zoals "
            'die in de kop ETag van een eerder antwoord ("…").'
        )  # fmt: skip
    if sent is not None and (sent.strip() == "*" or etag in re.findall(r'"[^"]*"', sent)):
        return Response(status=304, headers={"ETag": etag})
    published = cache.results_for(wave)
    key = ("json", wave.name, wave.slug)
    body = published.remember(key, lambda: exports.summary_json(published))
    return Response(body, mimetype="application/json", headers={"ETag": etag})


ANSWERS_DOC = {
    200: {
        "description": "One line (NDJSON) or row (CSV) per answer (long) or respondent (wide)",
        "content": {
            "application/x-ndjson": {"schema": {"type": "string"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


@bp.get("/waves/<int:wave_id>/answers")
@roles(StaffRole.EVALUATOR)
@bp.arguments(AnswersQuery, location="query")
@bp.doc(responses=ANSWERS_DOC)
def answers(query, wave_id: int):
    """The raw answers as the raw CSVs publish them, streamed as NDJSON or CSV."""
    from surveyapp.evaluate.results import raw

    wave = _published_wave(wave_id)
    min_n = current_app.config["RESULTS_MIN_N"]
    header, rows = (raw.long_table if query["shape"] == "long" else raw.wide_table)(wave, min_n)
    if query["format"] == "csv":
        body, mimetype = raw.csv_chunks(header, rows), "text/csv; charset=utf-8"
    else:
        body, mimetype = raw.ndjson_chunks(header, rows), "application/x-ndjson"
    return Response(stream_with_context(body), mimetype=mimetype)
