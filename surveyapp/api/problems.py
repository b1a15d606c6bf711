"""Errors of the API as `application/problem+json` (RFC 9457): a stable `type`, a Dutch
`detail` that says what to do, and for invalid input every problem with its place."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request
from werkzeug.exceptions import HTTPException

PROBLEM = "application/problem+json"
TYPE_BASE = "https://surveyapp.invalid/problems/"  # names, not pages: stable per kind of error

# status -> (type, title, default Dutch detail)
KINDS = {
    400: (
        "bad-request",
        "Ongeldig verzoek",
        "Het verzoek kon niet worden gelezen. Controleer "
        "de JSON en de parameters en probeer het opnieuw.",
    ),
    401: (
        "unauthorized",
        "Niet aangemeld",
        "Stuur een geldige API-sleutel mee in de kop "
        "'Authorization: Bearer …'. Maak een sleutel aan op de pagina API-sleutels.",
    ),
    403: (
        "forbidden",
        "Geen toegang",
        "Uw rol mag dit niet. Gebruik een sleutel van een account met de juiste rol.",
    ),
    404: (
        "not-found",
        "Niet gevonden",
        "Dit adres of dit object bestaat niet. Controleer het adres en het nummer.",
    ),
    405: (
        "method-not-allowed",
        "Methode niet toegestaan",
        "Deze methode kan hier niet. Zie /api/v1/openapi.json voor wat wel kan.",
    ),
    406: (
        "not-acceptable",
        "Niet beschikbaar in dit formaat",
        "Vraag een formaat aan dat deze bron levert (zie de documentatie).",
    ),
    409: (
        "conflict",
        "Niet in deze toestand",
        "Dit kan niet in de huidige toestand van het object.",
    ),
    412: ("precondition-failed", "Voorwaarde niet vervuld", "De voorwaarde in de kop klopt niet."),
    413: ("too-large", "Te groot", "Wat u stuurde is te groot. Stuur minder gegevens per verzoek."),
    415: (
        "unsupported-media-type",
        "Verkeerd formaat",
        "Stuur de gegevens als JSON (Content-Type: application/json).",
    ),
    422: (
        "invalid-input",
        "Ongeldige invoer",
        "De invoer klopt niet. Zie 'errors' voor elk probleem en waar het zit.",
    ),
    429: (
        "rate-limited",
        "Te veel verzoeken",
        "U stuurde te veel verzoeken. Wacht een minuut en probeer het opnieuw.",
    ),
    500: (
        "server-error",
        "Er ging iets mis",
        "Er ging aan onze kant iets mis; er is niets half "
        "opgeslagen. Probeer het over enkele minuten opnieuw.",
    ),
}


class ProblemError(Exception):
    """Raised in an API view: answered as a problem with this status, detail and errors."""

    def __init__(self, status: int, detail: str | None = None, errors=None, headers=None):
        super().__init__(detail or str(status))
        self.status, self.detail, self.errors, self.headers = status, detail, errors, headers

    def response(self) -> Response:
        return problem(self.status, self.detail, errors=self.errors, headers=self.headers)


def invalid(errors: list[dict[str, str]]) -> ProblemError:
    """A 422 with every field's message, for rules beyond the schema (the forms' rules)."""
    places = ", ".join(sorted({e["field"] for e in errors}))[:300]
    return ProblemError(
        422, f"De invoer klopt niet bij: {places}. Zie 'errors' voor wat er mis is.", errors
    )


def problem(
    status: int,
    detail: str | None = None,
    *,
    kind: str | None = None,
    errors: Any = None,
    headers: dict | None = None,
) -> Response:
    """One problem document; `kind` overrides the type name of the status."""
    name, title, default = KINDS.get(status, KINDS[500] if status >= 500 else KINDS[400])
    body: dict[str, Any] = {
        "type": TYPE_BASE + (kind or name),
        "title": title,
        "status": status,
        "detail": detail or default,
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _field_errors(messages: Any, path: str = "") -> list[dict[str, str]]:
    """marshmallow's nested messages as a flat list of {field, message} in Dutch."""
    found: list[dict[str, str]] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key in ("json", "query", "headers", "path") and not path:
                found += _field_errors(value, "")
                continue
            key = "" if key == "_schema" else str(key)  # marshmallow's name for the whole
            found += _field_errors(value, f"{path}.{key}" if path and key else path or key)
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        found += [{"field": path or "(body)", "message": dutch_message(m)} for m in messages]
    elif isinstance(messages, list):
        for value in messages:
            found += _field_errors(value, path)
    else:
        found.append({"field": path or "(body)", "message": dutch_message(str(messages))})
    return found


# marshmallow's and webargs' English messages, as the API's users read them.
DUTCH = {
    "Missing data for required field.": "Dit veld is verplicht.",
    "Unknown field.": "Onbekend veld; laat het weg (zie het schema in openapi.json).",
    "Not a valid integer.": "Geef een geheel getal.",
    "Not a valid string.": "Geef een tekst.",
    "Not a valid boolean.": "Geef true of false.",
    "Not a valid date.": "Geef een datum als JJJJ-MM-DD.",
    "Not a valid list.": "Geef een lijst.",
    "Not a valid email address.": "Geef een geldig e-mailadres.",
    "Field may not be null.": "Dit veld mag niet leeg (null) zijn.",
    "Invalid input type.": "Verkeerd type: stuur een JSON-object (zie het schema).",
    "Invalid value.": "Ongeldige waarde.",
    "Not a valid mapping type.": "Geef een object.",
    "Invalid JSON body.": "Dit is geen geldige JSON.",
}


def dutch_message(message: str) -> str:
    if message in DUTCH:
        return DUTCH[message]
    if message.startswith("Must be one of:"):
        return "Kies uit: " + message.removeprefix("Must be one of:").strip().rstrip(".")
    if message.startswith("Must be greater than or equal to") or message.startswith("Must be"):
        return "Buiten het toegestane bereik: " + message
    if (
        message.startswith("Length must be")
        or message.startswith("Shorter than")
        or (message.startswith("Longer than"))
    ):
        return "Verkeerde lengte: " + message
    return message


def from_http_exception(err: HTTPException) -> Response:
    """Any HTTP error raised in an API view (flask-smorest's 422 included) as a problem."""
    data = getattr(err, "data", None) or {}
    status = err.code or 500
    messages = data.get("messages") if isinstance(data, dict) else None
    detail = err.description if getattr(err, "dutch", False) else None
    errors = _field_errors(messages) if messages else None
    if status == 422 and errors:
        return invalid(errors).response()
    headers = {}
    if status == 405 and getattr(err, "valid_methods", None):
        headers["Allow"] = ", ".join(err.valid_methods)
    return problem(status, detail, errors=errors, headers=headers)


def is_api_request() -> bool:
    return request.path == "/api/v1" or request.path.startswith("/api/")
