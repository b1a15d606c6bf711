"""Load and validate survey definition files (YAML), reporting every problem at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from surveyapp.definitions.checks import validate_checks
from surveyapp.definitions.schema import DEFAULT_TIMEPOINT_LABELS
from surveyapp.definitions.types import MAX_SCALE_POINTS, OTHER, REGISTRY

FORMAT = 1
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,98}$")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
TOP_KEYS = {
    "format",
    "slug",
    "title",
    "intro",
    "estimated_minutes",
    "timepoints",
    "scales",
    "themes",
    "prefill",
    "checks",
    "wave_defaults",
    "sections",
}
WAVE_DEFAULT_KEYS = {"response_unit", "yearly"}
SECTION_KEYS = {"key", "title", "intro", "questions"}
QUESTION_KEYS = {"key", "type", "text", "help", "required", "theme", "show_if"}
SHOW_IF_KEYS = {"question", "timepoint", "equals", "in", "at_most", "at_least"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition file, located by a path like sections[2].questions[0]."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path or '(top)'}: {self.message}"


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate mapping keys instead of keeping the last."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen[key] = True
        return super().construct_mapping(node, deep=deep)


class _Checker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.all_keys: set[str] = set()

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, message))

    def keys(self, obj: dict, allowed: set[str], path: str) -> None:
        for key in obj:
            if key not in allowed:
                self.add(
                    _join(path, str(key)),
                    f"unknown key {key!r}; allowed here: {', '.join(sorted(allowed))}",
                )

    def text(self, obj: dict, key: str, path: str, required: bool = True) -> str:
        value = obj.get(key)
        if value is None:
            if required:
                self.add(_join(path, key), "is required and must be a non-empty text")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(_join(path, key), "must be a non-empty text")
            return ""
        return value.strip()

    def boolean(self, obj: dict, key: str, path: str, default: bool = False) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            self.add(_join(path, key), "must be true or false")
            return default
        return value

    def integer(self, obj: dict, key: str, path: str, default: int | None) -> int | None:
        value = obj.get(key, default)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            self.add(_join(path, key), "must be a whole number")
            return default
        return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


MAX_FILE_BYTES = 1_000_000  # a survey of 200 sections with long texts stays far below
MAX_SECTIONS = 200
MAX_QUESTIONS = 1_000


def load_file(path: str | Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Read and validate one file; returns (normalised definition or None, problems)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [Problem(str(path), "", f"file larger than {MAX_FILE_BYTES:,} bytes")]
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return None, [Problem(str(path), "", f"cannot read the file: {err}")]
    return load_text(text, str(path))


def load_text(text: str, file: str = "<text>") -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parse and validate YAML text; the definition is None whenever there is any problem."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return None, [Problem(file, "", f"larger than {MAX_FILE_BYTES:,} bytes")]
    if "\x00" in text:
        return None, [Problem(file, "", "contains a NUL character")]
    try:
        raw = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        return None, [Problem(file, where, f"not valid YAML: {problem}")]
    return validate(raw, file)


def validate(raw: Any, file: str = "<definition>") -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check a parsed definition and return its normalised form (all defaults filled in)."""
    c = _Checker(file)
    if not isinstance(raw, dict):
        c.add("", "the file must contain a mapping with format, slug, title and sections")
        return None, c.problems
    c.keys(raw, TOP_KEYS, "")
    if raw.get("format") != FORMAT:
        c.add("format", f"must be {FORMAT} (the only format this version understands)")
    slug = raw.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        c.add("slug", "must be lower-case letters, digits and hyphens, e.g. bevoegde-overheden")
    out: dict[str, Any] = {
        "format": FORMAT,
        "slug": slug,
        "title": c.text(raw, "title", ""),
        "intro": c.text(raw, "intro", "", required=False),
        "estimated_minutes": c.integer(raw, "estimated_minutes", "", None),
    }
    if out["estimated_minutes"] is not None and not 1 <= out["estimated_minutes"] <= 240:
        c.add("estimated_minutes", "must be between 1 and 240")
    timepoints = _timepoints(raw.get("timepoints"), c)
    out["timepoints"] = timepoints
    scales = _scales(raw.get("scales"), c)
    themes = _themes(raw.get("themes"), c)
    if themes:
        out["themes"] = themes

    sections = raw.get("sections")
    if not isinstance(sections, list) or not sections:
        c.add("sections", "must be a non-empty list of sections")
        sections = []
    if len(sections) > MAX_SECTIONS:
        c.add("sections", f"has {len(sections)} sections; at most {MAX_SECTIONS} are allowed")
        return None, c.problems
    n_questions = sum(
        len(sec["questions"])
        for sec in sections
        if isinstance(sec, dict) and isinstance(sec.get("questions"), list)
    )
    if n_questions > MAX_QUESTIONS:
        c.add("sections", f"has {n_questions} questions; at most {MAX_QUESTIONS} are allowed")
        return None, c.problems
    c.all_keys = {
        q.get("key")
        for sec in sections
        if isinstance(sec, dict) and isinstance(sec.get("questions"), list)
        for q in sec["questions"]
        if isinstance(q, dict) and isinstance(q.get("key"), str)
    }
    seen_sections: set[str] = set()
    seen_questions: dict[str, dict[str, Any]] = {}
    out_sections = []
    for i, section in enumerate(sections):
        path = f"sections[{i}]"
        if not isinstance(section, dict):
            c.add(path, "must be a mapping with key, title and questions")
            continue
        c.keys(section, SECTION_KEYS, path)
        key = section.get("key")
        if not isinstance(key, str) or not KEY_RE.match(key):
            c.add(_join(path, "key"), "must start with a letter: a-z, 0-9 and _ only")
        elif key in seen_sections:
            c.add(_join(path, "key"), f"duplicate section key {key!r}")
        seen_sections.add(str(key))
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions:
            c.add(_join(path, "questions"), "must be a non-empty list of questions")
            questions = []
        out_questions = []
        for j, q in enumerate(questions):
            normalised = _question(
                q, f"{path}.questions[{j}]", c, timepoints, scales, seen_questions
            )
            if normalised is not None:
                out_questions.append(normalised)
        out_sections.append(
            {
                "key": key,
                "title": c.text(section, "title", path),
                "intro": c.text(section, "intro", path, required=False),
                "questions": out_questions,
            }
        )
    out["sections"] = out_sections
    if c.boolean(raw, "prefill", ""):  # optional keys stay out, so older hashes hold
        out["prefill"] = True
    checks = validate_checks(raw.get("checks"), c, out_sections)
    if checks:
        out["checks"] = checks
    defaults = _wave_defaults(raw.get("wave_defaults"), c)
    if defaults:
        out["wave_defaults"] = defaults
    return (None if c.problems else out), c.problems


def _wave_defaults(raw: Any, c: _Checker) -> dict[str, Any]:
    """What a new wave of this survey starts from: who counts as a response, and whether it
    is a yearly return (then the wave needs its peiljaar)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        c.add(
            "wave_defaults", "must be a mapping such as {response_unit: organisation, yearly: true}"
        )
        return {}
    c.keys(raw, WAVE_DEFAULT_KEYS, "wave_defaults")
    out: dict[str, Any] = {}
    if "response_unit" in raw:
        if raw["response_unit"] not in ("contact", "organisation"):
            c.add("wave_defaults.response_unit", "must be contact or organisation")
        else:
            out["response_unit"] = raw["response_unit"]
    if c.boolean(raw, "yearly", "wave_defaults"):
        out["yearly"] = True
    return out


def _timepoints(raw: Any, c: _Checker) -> dict[str, str]:
    return _labels(raw, c, "timepoints", "timepoint key", "start: Bij de start",
                   DEFAULT_TIMEPOINT_LABELS)  # fmt: skip


def _themes(raw: Any, c: _Checker) -> dict[str, str]:
    """Optional labels for the theme tags, e.g. art13: "Artikel 13: kennis"."""
    return _labels(raw, c, "themes", "theme tag", "art2: Artikel 2: de transitie")


def _labels(
    raw: Any, c: _Checker, field: str, noun: str, example: str, defaults=None
) -> dict[str, str]:
    """A top-level mapping of keys to labels (timepoints, themes), every bad entry reported."""
    labels = dict(defaults or {})
    if raw is None:
        return labels
    if not isinstance(raw, dict):
        c.add(field, f"must map {noun}s to labels, e.g. {example}")
        return labels
    for key, label in raw.items():
        if not isinstance(key, str) or not KEY_RE.match(key):
            c.add(f"{field}.{key}", f"{noun}s are a-z, 0-9 and _, starting with a letter")
        elif not isinstance(label, str) or not label.strip():
            c.add(f"{field}.{key}", "needs a non-empty label")
        else:
            labels[key] = label.strip()
    return labels


def _scales(raw: Any, c: _Checker) -> dict[str, list[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        c.add("scales", "must map scale names to lists of labels")
        return {}
    scales = {}
    for name, labels in raw.items():
        path = f"scales.{name}"
        if not isinstance(labels, list) or len(labels) < 2:
            c.add(path, "a scale needs a list of at least two labels")
        elif not all(isinstance(label, str) and label.strip() for label in labels):
            c.add(path, "every label must be a non-empty text")
        elif len(labels) > MAX_SCALE_POINTS:
            c.add(path, f"a scale has at most {MAX_SCALE_POINTS} points")
        else:
            scales[str(name)] = [label.strip() for label in labels]
    return scales


def _question(q, path, c, timepoints, scales, seen) -> dict[str, Any] | None:
    if not isinstance(q, dict):
        c.add(path, "must be a mapping with key, type and text")
        return None
    qtype = REGISTRY.get(q.get("type"))  # type: ignore[arg-type]
    if qtype is None:
        c.add(_join(path, "type"), f"must be one of: {', '.join(sorted(REGISTRY))}")
        c.keys(q, QUESTION_KEYS | {k for t in REGISTRY.values() for k in t.extra_keys}, path)
    else:
        c.keys(q, QUESTION_KEYS | qtype.extra_keys, path)
    key = q.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key) or "__" in key:
        c.add(_join(path, "key"), "must start with a letter: a-z, 0-9 and single _ only")
        key = None
    elif key in seen:
        c.add(_join(path, "key"), f"duplicate question key {key!r}")
    out: dict[str, Any] = {
        "key": key,
        "type": q.get("type"),
        "text": c.text(q, "text", path),
        "help": c.text(q, "help", path, required=False),
        "required": c.boolean(q, "required", path),
        "theme": "",
    }
    theme = q.get("theme", "")
    if not isinstance(theme, str) or (theme and not re.match(r"^[a-z0-9][a-z0-9_-]*$", theme)):
        c.add(_join(path, "theme"), "must be a short tag such as motivatie or art2")
    else:
        out["theme"] = theme
    if qtype is not None:
        qtype.settings(q, path, c, out, timepoints, scales)
    if "show_if" in q:
        out["show_if"] = _show_if(q["show_if"], path, c, seen)
    if key and key not in seen:
        seen[key] = out
    return out


def _show_if(raw, path, c, seen) -> dict[str, Any] | None:
    path = _join(path, "show_if")
    if not isinstance(raw, dict):
        c.add(path, "must be a mapping such as {question: betrokken, equals: ja}")
        return None
    c.keys(raw, SHOW_IF_KEYS, path)
    target_key = raw.get("question")
    target = seen.get(target_key) if isinstance(target_key, str) else None
    if target is None:
        if target_key in c.all_keys:
            why = "points forward (or to itself); show_if can only refer to an earlier question"
        else:
            why = "is not a question of this survey"
        c.add(_join(path, "question"), f"{target_key!r} {why}")
        return None
    out: dict[str, Any] = {"question": target_key, "timepoint": raw.get("timepoint", "")}
    target_tps = target.get("timepoints") or []
    if target_tps and out["timepoint"] not in target_tps:
        c.add(_join(path, "timepoint"), f"choose one of the question's timepoints: {target_tps}")
    elif not target_tps and out["timepoint"]:
        c.add(_join(path, "timepoint"), "the question has no timepoints")
    conditions = [k for k in ("equals", "in", "at_most", "at_least") if k in raw]
    if not conditions:
        c.add(path, "needs one of equals, in, at_most or at_least")
    elif ("equals" in conditions or "in" in conditions) and len(conditions) > 1:
        c.add(path, "use one of equals or in, or at_most/at_least")
    allowed_values = {o["value"] for o in target.get("options", [])}
    if target.get("other"):
        allowed_values.add(OTHER)
    for key in ("equals", "in"):
        if key not in raw:
            continue
        values = raw[key] if key == "in" else [raw[key]]
        if key == "in" and (not isinstance(raw[key], list) or not raw[key]):
            c.add(_join(path, key), "must be a non-empty list")
            continue
        values = [str(v) for v in values]
        if allowed_values and not set(values) <= allowed_values:
            c.add(_join(path, key), f"must be among the question's values {sorted(allowed_values)}")
        out[key] = values if key == "in" else values[0]
    for key in ("at_most", "at_least"):
        if key in raw:
            if isinstance(raw[key], bool) or not isinstance(raw[key], int | float):
                c.add(_join(path, key), "must be a number")
            elif not REGISTRY[target["type"]].numeric:
                c.add(_join(path, key), "only works on questions whose answers are numbers")
            else:
                out[key] = raw[key]
    return out
