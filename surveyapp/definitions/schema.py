"""The runtime shape of a validated survey definition (built from its stored JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_TIMEPOINT_LABELS = {"start": "Bij de start van het convenant", "nu": "Nu"}


@dataclass(frozen=True)
class Option:
    """One answer option; rating scales use numeric values."""

    value: str
    label: str


@dataclass(frozen=True)
class ShowIf:
    """Show a question only when an earlier answer matches (checked by the server too)."""

    question: str
    timepoint: str = ""
    equals: Any = None
    in_: tuple[Any, ...] | None = None
    at_most: float | None = None
    at_least: float | None = None

    def matches(self, value: Any, dont_know: bool = False) -> bool:
        """True when `value` (the stored answer of `question`; None: unanswered) satisfies this."""
        if value is None or dont_know:
            return False
        values = value if isinstance(value, list) else [value]
        if self.equals is not None:
            return any(_same(v, self.equals) for v in values)
        if self.in_ is not None:
            return any(_same(v, w) for v in values for w in self.in_)
        try:
            number = float(values[0])
        except (TypeError, ValueError):
            return False
        if self.at_most is not None and number > self.at_most:
            return False
        return not (self.at_least is not None and number < self.at_least)

    def describe(self, survey: Survey) -> str:
        """A Dutch description for people, e.g. "alleen als u bij 'Betrokken?' Ja koos"."""
        q = survey.question(self.question)
        label = q.text if q else self.question
        if self.equals is not None:
            cond = f"‘{_label(q, self.equals)}’ antwoordde"
        elif self.in_ is not None:
            cond = "‘" + "’ of ‘".join(_label(q, v) for v in self.in_) + "’ antwoordde"
        elif self.at_most is not None and self.at_least is not None:
            cond = f"tussen {_num(self.at_least)} en {_num(self.at_most)} gaf"
        elif self.at_most is not None:
            cond = f"{_num(self.at_most)} of lager gaf"
        else:
            cond = f"{_num(self.at_least)} of hoger gaf"
        return f"Alleen als u bij ‘{label}’ {cond}."


def _num(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) or isinstance(b, int | float):
        try:
            return float(a) == float(b)
        except (TypeError, ValueError):
            return False
    return str(a) == str(b)


def _label(q: Question | None, value: Any) -> str:
    if q is not None:
        for opt in q.options:
            if _same(opt.value, value):
                return opt.label
    return str(value)


QUESTION_FIELDS = {
    "key", "type", "text", "help", "required", "theme", "show_if", "timepoints", "options",
    "dont_know", "other", "long", "max_length", "min", "max",
}  # fmt: skip


@dataclass(frozen=True)
class Question:
    """One question; type-specific settings are None/empty where they do not apply."""

    key: str
    type: str
    text: str
    help: str = ""
    required: bool = False
    theme: str = ""
    show_if: ShowIf | None = None
    timepoints: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    dont_know: bool = False
    other: bool = False
    long: bool = False
    max_length: int = 2000
    min: float | None = None
    max: float | None = None
    # Settings only one type knows (say a number's unit): the type reads them from here.
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def slots(self) -> tuple[str, ...]:
        """The timepoints answered separately; ("",) for a question asked once."""
        return self.timepoints or ("",)


@dataclass(frozen=True)
class Check:
    """A total that must equal the previous return ("previous") or another question's total,
    unless the text question `unless` explains the difference (see definitions/checks.py)."""

    question: str
    column: str = ""
    equals: str = "previous"
    unless: str = ""
    message: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Survey:
    """A validated survey definition."""

    slug: str
    title: str
    intro: str
    estimated_minutes: int | None
    timepoint_labels: dict[str, str]
    sections: tuple[Section, ...]
    theme_names: dict[str, str] = field(default_factory=dict, compare=False)
    prefill: bool = False  # number and count questions start from the previous return
    checks: tuple[Check, ...] = ()
    wave_defaults: dict[str, Any] = field(default_factory=dict, compare=False)
    _index: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for section in self.sections:
            for q in section.questions:
                self._index[q.key] = q

    @property
    def questions(self) -> list[Question]:
        return list(self._index.values())

    def question(self, key: str) -> Question | None:
        return self._index.get(key)

    def section_of(self, key: str) -> Section | None:
        return next((s for s in self.sections if any(q.key == key for q in s.questions)), None)

    def timepoint_label(self, timepoint: str) -> str:
        return self.timepoint_labels.get(timepoint, timepoint)

    @classmethod
    def from_definition(cls, d: dict[str, Any]) -> Survey:
        """Build from a stored (already validated and normalised) definition."""
        sections = []
        for s in d["sections"]:
            questions = []
            for q in s["questions"]:
                show_if = None
                if q.get("show_if"):
                    si = dict(q["show_if"])
                    if "in" in si:
                        si["in_"] = tuple(si.pop("in"))
                    show_if = ShowIf(**si)
                questions.append(
                    Question(
                        key=q["key"],
                        type=q["type"],
                        text=q["text"],
                        help=q.get("help", ""),
                        required=q.get("required", False),
                        theme=q.get("theme", ""),
                        show_if=show_if,
                        timepoints=tuple(q.get("timepoints", ())),
                        options=tuple(
                            Option(str(o["value"]), o["label"]) for o in q.get("options", ())
                        ),
                        dont_know=q.get("dont_know", False),
                        other=q.get("other", False),
                        long=q.get("long", False),
                        max_length=q.get("max_length", 2000),
                        min=q.get("min"),
                        max=q.get("max"),
                        extra={k: v for k, v in q.items() if k not in QUESTION_FIELDS},
                    )
                )
            sections.append(Section(s["key"], s["title"], s.get("intro", ""), tuple(questions)))
        labels = {**DEFAULT_TIMEPOINT_LABELS, **d.get("timepoints", {})}
        return cls(
            slug=d["slug"],
            title=d["title"],
            intro=d.get("intro", ""),
            estimated_minutes=d.get("estimated_minutes"),
            timepoint_labels=labels,
            sections=tuple(sections),
            theme_names=dict(d.get("themes", {})),
            prefill=d.get("prefill", False),
            checks=tuple(Check(**c) for c in d.get("checks", ())),
            wave_defaults=dict(d.get("wave_defaults", {})),
        )


_PARSED: dict[tuple[int, str], Survey] = {}


def survey_of(version) -> Survey:
    """The parsed survey of a stored version (anything with id, content_hash and definition).

    Cached per version and content: a version is frozen once used, so parse it once.
    """
    key = (version.id, version.content_hash)
    if key not in _PARSED:
        _PARSED[key] = Survey.from_definition(version.definition)
    return _PARSED[key]
