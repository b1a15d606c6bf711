"""The question type's base class and what every type shares: the value to store, input
names, the cell error and the "weet niet" words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from surveyapp.definitions.schema import Question

MAX_SCALE_POINTS = 21
DONT_KNOW = "dk"
DONT_KNOW_WORDS = {"weet niet", "wn", "dk", "weet niet / geen oordeel", "geen oordeel"}
OTHER = "anders"
OTHER_SUFFIX = "__anders"
DONT_KNOW_LABEL = "Weet niet / geen oordeel"


class _DontKnow:
    """The value of a "weet niet" answer in a statistical file (a missing code, never a number)."""

    def __repr__(self) -> str:
        return "DONT_KNOW_VALUE"


DONT_KNOW_VALUE = _DontKnow()


@dataclass(frozen=True)
class StatVariable:
    """One variable of an SPSS, Stata or R file: its name (from the question key, before any
    shortening), label, whether it holds numbers, its value labels, and whether "weet niet"
    can occur (a missing code)."""

    name: str
    label: str
    numeric: bool = True
    value_labels: dict[float, str] = field(default_factory=dict)
    dont_know: bool = False


@dataclass(frozen=True)
class AnswerValue:
    """One value to store: a row of the long answers table (question key + suffix, timepoint)."""

    timepoint: str = ""
    value_num: float | None = None
    value_text: str | None = None
    dont_know: bool = False
    suffix: str = ""


def input_name(q: Question, timepoint: str = "", suffix: str = "") -> str:
    """The form input name of a question slot, e.g. q-urgentie-start."""
    name = f"q-{q.key}"
    if timepoint:
        name += f"-{timepoint}"
    if suffix:
        name += f"-{suffix.strip('_')}"
    return name


StoredAnswers = Mapping[tuple[str, str], AnswerValue]  # (suffix, timepoint) -> value


class CellError(ValueError):
    """An import cell that does not fit its question; the message is Dutch and names it."""


def read_unit(q: dict, path: str, c, example: str) -> str:
    """A question's optional `unit` (say "ha"): a short text; a bad one is reported as `c`
    does for every setting, with an example that fits the type."""
    unit = q.get("unit", "")
    if not isinstance(unit, str) or len(unit) > 20:
        c.add(join_path(path, "unit"), f"must be a short text such as {example}")
        unit = ""
    return unit.strip()


def join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class QuestionType:
    """Base class; subclasses set `name` and the YAML keys they accept."""

    name: ClassVar[str] = ""
    template: ClassVar[str] = ""  # templates/respond/types/<template>.html renders it
    extra_keys: ClassVar[frozenset[str]] = frozenset()
    allows_timepoints: ClassVar[bool] = False
    numeric: ClassVar[bool] = False  # answers are numbers (value_num)
    rated: ClassVar[bool] = False  # a scale item: statistics, charts, group comparisons
    free_text: ClassVar[bool] = False  # answers are comments, shown only to groups ≥ min_n
    prefill: ClassVar[bool] = False  # filled in from the organisation's previous return
    count_table: ClassVar[bool] = False  # rows × columns of counts: what monitoring adds up
    # Normalised keys the loader derives from others (left out of the written form).
    derived_keys: ClassVar[frozenset[str]] = frozenset()

    def written(self, q: dict, out: dict) -> None:
        """Put back in `out` what a person writes for this type but the stored form derived
        (see `definitions.source`); most types store exactly what was written."""

    def stat_variables(self, q: Question, timepoint_label) -> list[StatVariable]:
        """The question as variables of a statistical file: one per timepoint by default."""
        return [
            StatVariable(
                f"{q.key}_{tp}" if tp else q.key,
                f"{q.text} ({timepoint_label(tp)})" if tp else q.text,
                self.numeric,
                dont_know=q.dont_know,
            )
            for tp in q.slots
        ]

    def stat_values(self, q: Question, stored: StoredAnswers) -> list[Any]:
        """One respondent's values for `stat_variables`, in the same order (None: no answer)."""
        out: list[Any] = []
        for tp in q.slots:
            v = stored.get(("", tp))
            if v is None:
                out.append(None)
            elif v.dont_know:
                out.append(DONT_KNOW_VALUE)
            else:
                out.append(v.value_num if self.numeric else v.value_text)
        return out

    def settings(self, q: dict, path: str, c, out: dict, timepoints: dict, scales: dict) -> None:
        """Check this type's keys of a survey file and put the normalised values in `out`.

        `c` is the loader's checker: `c.add(path, message)`, `c.boolean`, `c.integer`.
        """

    def input_names(self, q: Question) -> list[str]:
        return [input_name(q, tp) for tp in q.slots]

    def answer_keys(self, q: Question) -> list[str]:
        """The stored question keys of this question (with suffixes), e.g. for deleting them."""
        return [q.key, q.key + OTHER_SUFFIX]

    def total(self, q: Question, stored: StoredAnswers, column: str = "") -> float | None:
        """The number a check between questions compares (None: nothing to compare)."""
        return None

    @property
    def has_total(self) -> bool:
        """Whether checks between questions can compare this type's answers."""
        return type(self).total is not QuestionType.total

    def raw_form(self, q: Question, form) -> dict[str, Any]:
        """The posted inputs of this question as they are put back in the form on an error."""
        return {n: form.get(n, "") for n in self.input_names(q)}

    def required_message(self, q: Question) -> str:
        """The Dutch message for an unanswered required question."""
        return "Vul deze vraag in."

    def read_cell(self, q: Question, text: str, timepoint: str = "") -> AnswerValue:
        """One cell of an imported earlier round; raises CellError (Dutch) when it does not fit."""
        if text.lower() in DONT_KNOW_WORDS:
            if q.dont_know or self.rated:
                return AnswerValue(timepoint=timepoint, dont_know=True)
            raise CellError(f"‘weet niet’ is bij {q.key} geen antwoord")
        number, words = self.read_value(q, text)
        return AnswerValue(timepoint=timepoint, value_num=number, value_text=words)

    def read_value(self, q: Question, text: str) -> tuple[float | None, str | None]:
        """(number, text) of a cell that is not "weet niet"; raises CellError."""
        if len(text) > q.max_length:
            raise CellError(f"{q.key}: tekst langer dan {q.max_length} tekens")
        return (None, text)

    def condition_value(self, answer: AnswerValue) -> Any:
        """What a show_if condition on this question compares with."""
        return answer.value_num if answer.value_num is not None else answer.value_text

    def parse(self, q: Question, form: Mapping[str, Any]) -> tuple[list[AnswerValue], str | None]:
        raise NotImplementedError

    def form_values(self, q: Question, stored: StoredAnswers) -> dict[str, Any]:
        raise NotImplementedError

    def display(self, q: Question, stored: StoredAnswers, timepoint: str = "") -> str:
        raise NotImplementedError

    def is_complete(self, q: Question, stored: StoredAnswers) -> bool:
        """Every slot answered ("weet niet" counts as an answer)."""
        return all(("", tp) in stored for tp in q.slots)


def _first(form: Mapping[str, Any], name: str) -> str:
    getter = getattr(form, "getlist", None)
    if getter is not None:
        items = getter(name)
        return items[0].strip() if items else ""
    value = form.get(name, "")
    return str(value).strip()


def _int_text(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else str(x)
