"""What changed between two versions of a survey, question by question: the list evaluators need,
because analysis joins waves on question keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = {
    "added": "toegevoegd",
    "removed": "verwijderd",
    "reworded": "anders geformuleerd",
    "retyped": "ander vraagtype",
    "options": "andere antwoordopties",
    "changed": "andere instellingen",
}


@dataclass(frozen=True)
class Change:
    kind: str  # a key of KINDS
    key: str
    detail: str  # Dutch: what it was and what it is

    @property
    def label(self) -> str:
        return KINDS[self.kind]


def _questions(definition: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {q["key"]: q for s in definition["sections"] for q in s["questions"]}


def _options(q: dict[str, Any]) -> list[tuple[str, str]]:
    return [(o["value"], o["label"]) for o in q.get("options", [])] + (
        [("anders", "Anders, namelijk")] if q.get("other") else []
    )


def _describe(before: list[tuple[str, str]], after: list[tuple[str, str]]) -> str:
    old, new = dict(before), dict(after)
    parts = [f"+ {new[v]}" for v in new if v not in old]
    parts += [f"− {old[v]}" for v in old if v not in new]
    parts += [f"{old[v]} → {new[v]}" for v in new if v in old and old[v] != new[v]]
    if not parts and list(old) != list(new):
        parts.append("andere volgorde")
    return "; ".join(parts)


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> list[Change]:
    """Questions added, removed, reworded or retyped, and options or settings changed."""
    old = _questions(before) if before else {}
    new = _questions(after)
    changes = [Change("added", k, q["text"]) for k, q in new.items() if k not in old]
    changes += [Change("removed", k, q["text"]) for k, q in old.items() if k not in new]
    for key in [k for k in new if k in old]:
        a, b = old[key], new[key]
        if a["type"] != b["type"]:
            changes.append(Change("retyped", key, f"{a['type']} → {b['type']}"))
        if a["text"] != b["text"]:
            changes.append(Change("reworded", key, f"‘{a['text']}’ → ‘{b['text']}’"))
        if a["type"] == b["type"] and _options(a) != _options(b):
            changes.append(Change("options", key, _describe(_options(a), _options(b))))
        ignore = {"text", "type", "options", "other"}
        settings = sorted(k for k in set(a) | set(b) if k not in ignore and a.get(k) != b.get(k))
        if settings:
            changes.append(Change("changed", key, ", ".join(settings)))
    return changes
