"""A stored (normalised) definition back in the form a person writes: what YAML and XLSForm
downloads hold. Loading that form again gives the same definition and so the same hash."""

from __future__ import annotations

from typing import Any

import yaml

from surveyapp.definitions.schema import DEFAULT_TIMEPOINT_LABELS
from surveyapp.definitions.types import REGISTRY

_DEFAULTS: dict[str, Any] = {"help": "", "required": False, "theme": "", "other": False}


def question_source(q: dict[str, Any]) -> dict[str, Any]:
    """One normalised question as written: defaults and derived keys left out."""
    qtype = REGISTRY[q["type"]]
    allowed = {"key", "type", "text", "help", "required", "theme", "show_if"} | qtype.extra_keys
    out: dict[str, Any] = {}
    for key, value in q.items():
        if key not in allowed or key in qtype.derived_keys:
            continue
        if key in _DEFAULTS and value == _DEFAULTS[key]:
            continue
        out[key] = value
    qtype.written(q, out)
    if q.get("show_if"):
        out["show_if"] = {k: v for k, v in q["show_if"].items() if v != "" or k != "timepoint"}
    return out


def to_source(definition: dict[str, Any]) -> dict[str, Any]:
    """The whole definition as written (`validate(to_source(d))` gives `d` back)."""
    out: dict[str, Any] = {"format": definition["format"], "slug": definition["slug"]}
    out["title"] = definition["title"]
    if definition.get("intro"):
        out["intro"] = definition["intro"]
    if definition.get("estimated_minutes") is not None:
        out["estimated_minutes"] = definition["estimated_minutes"]
    if definition.get("timepoints", DEFAULT_TIMEPOINT_LABELS) != DEFAULT_TIMEPOINT_LABELS:
        out["timepoints"] = definition["timepoints"]
    for key in ("themes", "prefill", "wave_defaults"):
        if definition.get(key):
            out[key] = definition[key]
    if definition.get("checks"):
        out["checks"] = [{k: v for k, v in c.items() if v != ""} for c in definition["checks"]]
    out["sections"] = [
        {
            "key": s["key"],
            "title": s["title"],
            **({"intro": s["intro"]} if s.get("intro") else {}),
            "questions": [question_source(q) for q in s["questions"]],
        }
        for s in definition["sections"]
    ]
    return out


def to_yaml(definition: dict[str, Any]) -> str:
    """The definition as a YAML file for `surveys/` or the upload form."""
    return yaml.safe_dump(
        to_source(definition), allow_unicode=True, sort_keys=False, width=100, indent=2
    )
