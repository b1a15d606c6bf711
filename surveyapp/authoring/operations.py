"""Publishing an uploaded survey: a signed copy of what was checked, stored as a version."""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from surveyapp.audit import audit
from surveyapp.coordinate.operations import StoredVersion, store_survey_version
from surveyapp.definitions.loader import validate
from surveyapp.definitions.source import to_source
from surveyapp.errors import InvalidInput


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="survey-upload")


def sign(definition: dict[str, Any]) -> str:
    """The checked definition for the publish form: nothing is stored before "Publiceren"."""
    return _serializer().dumps(to_source(definition))


def publish(signed: str, actor) -> StoredVersion:
    """Store what the person checked (a new version, or the unused latest replaced)."""
    try:
        source = _serializer().loads(signed)
    except BadSignature:
        raise InvalidInput("De gecontroleerde vragenlijst is niet meer te herkennen. "
                           "Upload het bestand opnieuw.") from None  # fmt: skip
    definition, problems = validate(source)
    if definition is None:
        raise InvalidInput("De vragenlijst bevat fouten: " + "; ".join(str(p) for p in problems))
    stored = store_survey_version(definition)
    if stored.outcome != "unchanged":
        audit(actor, "survey.stored", stored.version, outcome=stored.outcome,
              version=stored.version.version)  # fmt: skip
    return stored
