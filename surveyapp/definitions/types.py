"""Question-type registry: one class per type builds its inputs, validates values, summarises.

Respondent pages are generated from the definition through these classes. A type names its
form inputs, turns posted values into `AnswerValue`s (or a Dutch error), fills inputs back from
stored answers, shows an answer to people and summarises a set of answers.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from surveyapp.definitions.schema import Question

DONT_KNOW = "dk"
OTHER = "anders"
OTHER_SUFFIX = "__anders"
DONT_KNOW_LABEL = "Weet niet / geen oordeel"


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


class QuestionType:
    """Base class; subclasses set `name` and the YAML keys they accept."""

    name: ClassVar[str] = ""
    extra_keys: ClassVar[frozenset[str]] = frozenset()
    allows_timepoints: ClassVar[bool] = False
    numeric: ClassVar[bool] = False  # answers are numbers: rated items with statistics
    free_text: ClassVar[bool] = False  # answers are comments, shown only to groups ≥ min_n

    def input_names(self, q: Question) -> list[str]:
        return [input_name(q, tp) for tp in q.slots]

    def parse(self, q: Question, form: Mapping[str, Any]) -> tuple[list[AnswerValue], str | None]:
        raise NotImplementedError

    def form_values(self, q: Question, stored: StoredAnswers) -> dict[str, Any]:
        raise NotImplementedError

    def display(self, q: Question, stored: StoredAnswers, timepoint: str = "") -> str:
        raise NotImplementedError

    def is_complete(self, q: Question, stored: StoredAnswers) -> bool:
        """Every slot answered ("weet niet" counts as an answer)."""
        return all(("", tp) in stored for tp in q.slots)

    def summarise(self, q: Question, values: Iterable[AnswerValue]) -> dict[str, Any]:
        values = list(values)
        return {"n": len(values)}


def _first(form: Mapping[str, Any], name: str) -> str:
    getter = getattr(form, "getlist", None)
    if getter is not None:
        items = getter(name)
        return items[0].strip() if items else ""
    value = form.get(name, "")
    return str(value).strip()


class ScaleType(QuestionType):
    """An ordered scale of numbered options (grade, likert), optionally with "weet niet"."""

    allows_timepoints = True
    numeric = True

    def parse(self, q, form):
        values: list[AnswerValue] = []
        allowed = {opt.value for opt in q.options}
        for tp in q.slots:
            raw = _first(form, input_name(q, tp))
            if not raw:
                continue
            if raw == DONT_KNOW and q.dont_know:
                values.append(AnswerValue(timepoint=tp, dont_know=True))
            elif raw in allowed:
                values.append(AnswerValue(timepoint=tp, value_num=float(raw)))
            else:
                return [], self.invalid_message(q)
        return values, None

    def invalid_message(self, q: Question) -> str:
        return "Kies een van de antwoorden op de schaal."

    def form_values(self, q, stored):
        out = {}
        for tp in q.slots:
            v = stored.get(("", tp))
            if v is not None:
                out[input_name(q, tp)] = DONT_KNOW if v.dont_know else _int_text(v.value_num)
        return out

    def display(self, q, stored, timepoint=""):
        v = stored.get(("", timepoint))
        if v is None:
            return "Niet beantwoord"
        if v.dont_know:
            return DONT_KNOW_LABEL
        text = _int_text(v.value_num)
        label = next((o.label for o in q.options if o.value == text), text)
        return label if label == text else f"{text} – {label}"

    def summarise(self, q, values):
        values = list(values)
        numbers = [v.value_num for v in values if not v.dont_know and v.value_num is not None]
        return {
            "n": len(numbers),
            "n_dont_know": sum(v.dont_know for v in values),
            "mean": statistics.fmean(numbers) if numbers else None,
            "counts": dict(sorted(Counter(_int_text(x) for x in numbers).items())),
        }


def _int_text(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else str(x)


class GradeType(ScaleType):
    """A Dutch school grade, 1-10 by default."""

    name = "grade"
    extra_keys = frozenset({"min", "max", "dont_know", "timepoints"})

    def invalid_message(self, q):
        return f"Kies een cijfer van {q.min} tot en met {q.max}" + (
            " of ‘weet niet’." if q.dont_know else "."
        )


class LikertType(ScaleType):
    """An ordered scale with labels, e.g. 1-5 from "helemaal oneens" to "helemaal eens"."""

    name = "likert"
    extra_keys = frozenset({"labels", "scale", "dont_know", "timepoints"})


class ChoiceType(QuestionType):
    """One option from a list, with an optional "anders, namelijk" text."""

    name = "choice"
    extra_keys = frozenset({"options", "other"})

    def input_names(self, q):
        names = [input_name(q)]
        if q.other:
            names.append(input_name(q, suffix=OTHER_SUFFIX))
        return names

    def _chosen(self, q, form) -> list[str]:
        return [_first(form, input_name(q))] if _first(form, input_name(q)) else []

    def parse(self, q, form):
        chosen = self._chosen(q, form)
        allowed = {o.value for o in q.options} | ({OTHER} if q.other else set())
        if any(c not in allowed for c in chosen):
            return [], "Kies een van de genoemde antwoorden."
        other_text = _first(form, input_name(q, suffix=OTHER_SUFFIX)) if q.other else ""
        if len(other_text) > q.max_length:
            return [], f"Gebruik voor ‘anders, namelijk’ hooguit {q.max_length} tekens."
        if other_text and OTHER not in chosen:
            if self.name != "multi" and chosen:
                return [], (
                    "U vulde ‘anders, namelijk’ in maar koos een ander antwoord. Kies ‘Anders, "
                    "namelijk’ of maak het tekstveld leeg."
                )
            chosen = [*chosen, OTHER]  # typing in the box is choosing it
        if OTHER in chosen and not other_text:
            return [], "U koos ‘Anders, namelijk’: vul in wat u bedoelt."
        if not chosen:
            return [], None
        values = [AnswerValue(value_text=self._encode(chosen))]
        if other_text:
            values.append(AnswerValue(value_text=other_text, suffix=OTHER_SUFFIX))
        return values, None

    def _encode(self, chosen: list[str]) -> str:
        return chosen[0]

    def _decode(self, text: str | None) -> list[str]:
        return [text] if text else []

    def form_values(self, q, stored):
        out: dict[str, Any] = {}
        v = stored.get(("", ""))
        if v is not None:
            out[input_name(q)] = self._form_choice(self._decode(v.value_text))
        other = stored.get((OTHER_SUFFIX, ""))
        if other is not None:
            out[input_name(q, suffix=OTHER_SUFFIX)] = other.value_text
        return out

    def _form_choice(self, chosen: list[str]) -> Any:
        return chosen[0] if chosen else ""

    def display(self, q, stored, timepoint=""):
        v = stored.get(("", ""))
        if v is None:
            return "Niet beantwoord"
        labels = {o.value: o.label for o in q.options}
        other = stored.get((OTHER_SUFFIX, ""))
        parts = []
        for c in self._decode(v.value_text):
            if c == OTHER:
                parts.append("Anders, namelijk: " + (other.value_text if other else ""))
            else:
                parts.append(labels.get(c, c))
        return "; ".join(parts)

    def summarise(self, q, values):
        counts: Counter[str] = Counter()
        n = 0
        for v in values:
            if v.suffix:
                continue
            n += 1
            counts.update(self._decode(v.value_text))
        return {"n": n, "counts": dict(counts)}


class MultiType(ChoiceType):
    """Several options from a list, with an optional "anders, namelijk" text."""

    name = "multi"

    def _chosen(self, q, form):
        getter = getattr(form, "getlist", None)
        raw = getter(input_name(q)) if getter else form.get(input_name(q), [])
        if isinstance(raw, str):
            raw = [raw]
        seen: list[str] = []
        for item in raw:
            item = str(item).strip()
            if item and item not in seen:
                seen.append(item)
        return seen

    def _encode(self, chosen):
        return json.dumps(chosen, ensure_ascii=False)

    def _decode(self, text):
        if not text:
            return []
        try:
            value = json.loads(text)
        except ValueError:
            return [text]
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def _form_choice(self, chosen):
        return chosen


class TextType(QuestionType):
    """Free text, short (one line) or long; typically the "toelichting" beside a grade."""

    name = "text"
    extra_keys = frozenset({"long", "max_length"})
    free_text = True

    def parse(self, q, form):
        raw = _first(form, input_name(q)).replace("\r\n", "\n")
        if len(raw) > q.max_length:
            return [], (
                f"Uw tekst is {len(raw)} tekens lang; het maximum is {q.max_length}. "
                "Kort de tekst wat in."
            )
        if not q.long and "\n" in raw:
            raw = " ".join(raw.split())
        return ([AnswerValue(value_text=raw)] if raw else []), None

    def form_values(self, q, stored):
        v = stored.get(("", ""))
        return {input_name(q): v.value_text} if v is not None else {}

    def display(self, q, stored, timepoint=""):
        v = stored.get(("", ""))
        return v.value_text if v is not None and v.value_text else "Niet beantwoord"


REGISTRY: dict[str, QuestionType] = {
    t.name: t for t in (GradeType(), LikertType(), ChoiceType(), MultiType(), TextType())
}


def get_type(name: str) -> QuestionType:
    """The registered type called `name`."""
    return REGISTRY[name]
