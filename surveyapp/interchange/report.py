"""What a conversion from another tool's file carried, what it did not, and why."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


@dataclass(frozen=True)
class Skipped:
    """One question of the source that is not in the survey, with where it sat and why."""

    where: str  # "survey, rij 12" or "groep 3, vraag Q07"
    name: str
    reason: str


@dataclass
class Conversion:
    """The source form of a survey (`definitions.source`) plus the account of every question.

    `problems` (Dutch, located) block the import: nothing is stored while there are any.
    `notes` are changes a person should know of (a key renamed, a condition dropped)."""

    source: dict[str, Any] | None = None
    carried: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # sections[i].questions[j] → where the question sat in the source, for the loader's problems
    places: dict[str, str] = field(default_factory=dict)

    @property
    def questions_in_file(self) -> int:
        return len(self.carried) + len(self.skipped)

    def skip(self, where: str, name: str, reason: str) -> None:
        self.skipped.append(Skipped(where, name, reason))

    def place_of(self, path: str) -> str:
        """A loader path such as sections[1].questions[2].options as a place in the source."""
        match = re.match(r"sections\[\d+\]\.questions\[\d+\]", path)
        if match and match.group(0) in self.places:
            return f"{self.places[match.group(0)]} ({path})"
        return path or "(vragenlijst)"


def safe_key(raw: str, taken: set[str], conversion: Conversion, where: str) -> str:
    """A question or section key as surveyapp allows it (a-z, 0-9, single _), unique; a
    renamed key is noted, since analysis joins waves on keys."""
    key = re.sub(r"[^a-z0-9]+", "_", str(raw).strip().lower()).strip("_")
    key = re.sub(r"_+", "_", key)
    if not key or not key[0].isalpha():
        key = f"v_{key}" if key else "vraag"
    key = key[:60].rstrip("_")
    base, n = key, 2
    while key in taken:
        key = f"{base[:56]}_{n}"
        n += 1
    taken.add(key)
    if key != raw:
        conversion.notes.append(f"{where}: naam ‘{raw}’ is ‘{key}’ geworden.")
    return key
