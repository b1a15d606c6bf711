"""Question-type registry: one class per type owns everything that differs between types.

A type validates its own settings in a survey file (`settings`), names its form inputs, reads a
posted page (`raw_form`, `parse`) and an import cell (`read_cell`), fills inputs back from stored
answers, shows an answer to people, says what is missing (`required_message`), and declares
what the analysis may do with it (`numeric`, `rated`, `free_text`). It is rendered by one macro
file, `templates/respond/types/<template>.html`. Callers ask the type; they never switch on its
name. Adding a type is one class here plus one macro file (the `number` type shows it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from surveyapp.definitions.schema import Question

MAX_SCALE_POINTS = 21
DONT_KNOW = "dk"
DONT_KNOW_WORDS = {"weet niet", "wn", "dk", "weet niet / geen oordeel", "geen oordeel"}
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


class CellError(ValueError):
    """An import cell that does not fit its question; the message is Dutch and names it."""


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


class ScaleType(QuestionType):
    """An ordered scale of numbered options (grade, likert), optionally with "weet niet"."""

    template = "scale"
    allows_timepoints = True
    numeric = True
    rated = True
    what = "een antwoord"

    def settings(self, q, path, c, out, timepoints, scales):
        out["dont_know"] = c.boolean(q, "dont_know", path)
        tps = q.get("timepoints", [])
        if not isinstance(tps, list) or not all(isinstance(t, str) for t in tps):
            c.add(join_path(path, "timepoints"), "must be a list such as [start, nu]")
            tps = []
        elif len(set(tps)) != len(tps) or len(tps) == 1:
            c.add(join_path(path, "timepoints"), "needs at least two different timepoints")
        for tp in tps:
            if tp not in timepoints:
                c.add(join_path(path, "timepoints"), f"unknown timepoint {tp!r}; define it first")
        out["timepoints"] = list(tps)

    def required_message(self, q):
        alt = " of ‘weet niet’" if q.dont_know else ""
        return f"Kies {self.what}{alt}" + (" voor elk moment." if q.timepoints else ".")

    def read_value(self, q, text):
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise CellError(f"{q.key}: ‘{text[:30]}’ is geen getal") from None
        if not (q.min <= number <= q.max):
            raise CellError(f"{q.key}: {text} ligt niet tussen {q.min} en {q.max}")
        return (number, None)

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


def _int_text(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else str(x)


class GradeType(ScaleType):
    """A Dutch school grade, 1-10 by default."""

    name = "grade"
    extra_keys = frozenset({"min", "max", "dont_know", "timepoints"})
    what = "een cijfer"

    def settings(self, q, path, c, out, timepoints, scales):
        lo, hi = c.integer(q, "min", path, 1), c.integer(q, "max", path, 10)
        if lo is not None and hi is not None:
            if lo >= hi:
                c.add(path, f"empty scale: min ({lo}) must be below max ({hi})")
            elif hi - lo + 1 > MAX_SCALE_POINTS:
                c.add(path, f"a grade scale has at most {MAX_SCALE_POINTS} points")
            out.update(min=lo, max=hi)
            out["options"] = [{"value": str(v), "label": str(v)} for v in range(lo, hi + 1)]
        super().settings(q, path, c, out, timepoints, scales)

    def invalid_message(self, q):
        return f"Kies een cijfer van {q.min} tot en met {q.max}" + (
            " of ‘weet niet’." if q.dont_know else "."
        )


class LikertType(ScaleType):
    """An ordered scale with labels, e.g. 1-5 from "helemaal oneens" to "helemaal eens"."""

    name = "likert"
    extra_keys = frozenset({"labels", "scale", "dont_know", "timepoints"})

    def settings(self, q, path, c, out, timepoints, scales):
        labels = q.get("labels")
        if "scale" in q:
            if labels is not None:
                c.add(path, "use either labels or scale, not both")
            labels = scales.get(q["scale"])
            if labels is None:
                c.add(
                    join_path(path, "scale"),
                    f"unknown scale {q['scale']!r}; define it under scales",
                )
                labels = []
        if not isinstance(labels, list) or len(labels) < 2:
            if "scale" not in q:
                c.add(join_path(path, "labels"), "empty scale: give a list of at least two labels")
            labels = []
        elif not all(isinstance(label, str) and label.strip() for label in labels):
            c.add(join_path(path, "labels"), "every label must be a non-empty text")
            labels = []
        out["options"] = [{"value": str(i), "label": lab} for i, lab in enumerate(labels, 1)]
        out.update(min=1, max=len(labels))
        super().settings(q, path, c, out, timepoints, scales)


def parse_options(raw, path: str, c, extra: frozenset[str] = frozenset()) -> list[dict[str, str]]:
    """The options of a choice question: texts, or mappings with value and label (and the
    `extra` text keys a type allows, such as a count table row's `phrase`)."""
    if not isinstance(raw, list) or not raw:
        c.add(path, "must be a non-empty list of options")
        return []
    out, seen = [], set()
    for i, opt in enumerate(raw):
        more: dict[str, str] = {}
        if isinstance(opt, str) and opt.strip():
            value, label = re.sub(r"[^a-z0-9]+", "_", opt.lower()).strip("_"), opt.strip()
        elif isinstance(opt, dict) and set(opt) <= {"value", "label"} | extra and opt.get("label"):
            value, label = str(opt.get("value", "")).strip(), str(opt["label"]).strip()
            more = {k: str(opt[k]).strip() for k in extra if k in opt}
        else:
            keys = ", ".join(sorted({"value", "label"} | extra))
            c.add(f"{path}[{i}]", f"must be a text or a mapping with {keys}")
            continue
        if not value:
            c.add(f"{path}[{i}]", "needs a value")
        elif value in seen:
            c.add(f"{path}[{i}]", f"duplicate option value {value!r}")
        seen.add(value)
        out.append({"value": value, "label": label, **more})
    return out


class ChoiceType(QuestionType):
    """One option from a list, with an optional "anders, namelijk" text."""

    name = "choice"
    template = "choice"
    input_kind = "radio"
    extra_keys = frozenset({"options", "other"})

    def settings(self, q, path, c, out, timepoints, scales):
        out["options"] = parse_options(q.get("options"), join_path(path, "options"), c)
        out["other"] = c.boolean(q, "other", path)
        if out["other"] and any(o["value"] == OTHER for o in out["options"]):
            c.add(join_path(path, "options"), f"value {OTHER!r} is reserved for other: true")

    def required_message(self, q):
        return "Kies een antwoord."

    def raw_form(self, q, form):
        names = self.input_names(q)
        return {
            names[0]: self._form_choice(self._chosen(q, form)),
            **{n: form.get(n, "") for n in names[1:]},
        }

    def read_cell(self, q, text):
        if text.lower() in DONT_KNOW_WORDS:
            return (
                (None, None, True) if q.dont_know else f"‘weet niet’ is bij {q.key} geen antwoord"
            )
        labels = {o.label.lower(): o.value for o in q.options} | {
            o.value: o.value for o in q.options
        }
        chosen = self._split_cell(text)
        values = [labels.get(c.lower(), labels.get(c)) for c in chosen]
        if any(v is None for v in values) and not q.other:
            raise CellError(f"{q.key}: ‘{text[:30]}’ is geen van de antwoordopties")
        return (None, self._encode([v if v is not None else OTHER for v in values]))

    def _split_cell(self, text: str) -> list[str]:
        return [text]

    def condition_value(self, answer):
        chosen = self._decode(answer.value_text)
        return chosen[0] if chosen else None

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


class MultiType(ChoiceType):
    """Several options from a list, with an optional "anders, namelijk" text."""

    name = "multi"
    input_kind = "checkbox"

    def _split_cell(self, text):
        return [c.strip() for c in re.split(r"[;|]", text) if c.strip()]

    def condition_value(self, answer):
        return self._decode(answer.value_text)

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
    template = "text"
    extra_keys = frozenset({"long", "max_length"})
    free_text = True

    def settings(self, q, path, c, out, timepoints, scales):
        out["long"] = c.boolean(q, "long", path)
        max_length = c.integer(q, "max_length", path, 2000 if out["long"] else 300)
        if max_length is not None and not 1 <= max_length <= 20000:
            c.add(join_path(path, "max_length"), "must be between 1 and 20000")
        out["max_length"] = max_length

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


NUMBER_RE = re.compile(r"^-?\d+(?:[.,](\d+))?$")
THOUSANDS_RE = re.compile(r"^-?\d{1,3}\.\d{3}$")  # 1.234: a Dutch thousands point, not 1,234


class NumberType(QuestionType):
    """A whole or decimal number with an optional minimum, maximum and unit (say "ha")."""

    name = "number"
    template = "number"
    extra_keys = frozenset({"min", "max", "decimals", "unit"})
    numeric = True
    prefill = True

    def settings(self, q, path, c, out, timepoints, scales):
        for key in ("min", "max"):
            value = q.get(key)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                c.add(join_path(path, key), "must be a number")
            else:
                out[key] = value
        if out.get("min") is not None and out.get("max") is not None and out["min"] >= out["max"]:
            c.add(path, f"empty range: min ({out['min']}) must be below max ({out['max']})")
        decimals = c.integer(q, "decimals", path, 0)
        if decimals is not None and not 0 <= decimals <= 6:
            c.add(join_path(path, "decimals"), "must be between 0 and 6")
        out["decimals"] = decimals
        unit = q.get("unit", "")
        if not isinstance(unit, str) or len(unit) > 20:
            c.add(join_path(path, "unit"), "must be a short text such as ha or locaties")
            unit = ""
        out["unit"] = unit.strip()

    def _check(self, q: Question, text: str) -> float | str:
        """The number in `text` (decimal comma or point), or what is wrong with it, in Dutch."""
        decimals = q.extra.get("decimals", 0)
        match = NUMBER_RE.match(text)
        if not match or THOUSANDS_RE.match(text):
            return "Vul een getal in, zonder punten tussen de duizendtallen (bijvoorbeeld 12,5)."
        if match.group(1) and len(match.group(1)) > decimals:
            return (
                "Vul een heel getal in."
                if not decimals
                else f"Gebruik hooguit {decimals} cijfer(s) achter de komma."
            )
        number = float(text.replace(",", "."))
        lo, hi = q.min, q.max
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            bounds = [
                f"vanaf {self._show(q, lo)}" if lo is not None else "",
                f"tot en met {self._show(q, hi)}" if hi is not None else "",
            ]
            return "Vul een getal " + " ".join(b for b in bounds if b) + " in."
        return number

    def _show(self, q: Question, number: float | None) -> str:
        if number is None:
            return ""
        text = f"{number:.{q.extra.get('decimals', 0)}f}".replace(".", ",")
        return text

    def parse(self, q, form):
        raw = _first(form, input_name(q))
        if not raw:
            return [], None
        number = self._check(q, raw)
        if isinstance(number, str):
            return [], number
        return [AnswerValue(value_num=number)], None

    def form_values(self, q, stored):
        v = stored.get(("", ""))
        return {input_name(q): self._show(q, v.value_num)} if v is not None else {}

    def display(self, q, stored, timepoint=""):
        v = stored.get(("", ""))
        if v is None or v.value_num is None:
            return "Niet beantwoord"
        unit = q.extra.get("unit", "")
        return self._show(q, v.value_num) + (f" {unit}" if unit else "")

    def required_message(self, q):
        return "Vul een getal in."

    def total(self, q, stored, column=""):
        value = stored.get(("", ""))
        return value.value_num if value is not None else None

    def read_value(self, q, text):
        number = self._check(q, text)
        if isinstance(number, str):
            raise CellError(f"{q.key}: {number}")
        return (number, None)


CELL_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
MAX_CELLS = 100


class CountsType(QuestionType):
    """A table of whole numbers, rows × columns (say status × cohort), with live totals.

    Each cell is stored as its own answer row under the suffix `__<row>.<col>`; a table is
    answered completely or not at all ("0" where there is nothing), so totals always mean
    what they say. `phrase` words a row or column in the chapter's sentences: on a row with
    {pct} ("{pct} afgehandeld"), on a column after its total ("die bij de start bekend waren").
    """

    name = "counts"
    template = "counts"
    extra_keys = frozenset({"rows", "columns", "unit", "max"})
    numeric = True
    prefill = True
    count_table = True

    def settings(self, q, path, c, out, timepoints, scales):
        for key in ("rows", "columns"):
            options = parse_options(q.get(key), join_path(path, key), c, frozenset({"phrase"}))
            for i, opt in enumerate(options):
                if not CELL_KEY_RE.match(opt["value"]):
                    c.add(f"{join_path(path, key)}[{i}]", "value: a-z, 0-9 and _, starting with "
                          "a letter, at most 30 characters")  # fmt: skip
                phrase = opt.get("phrase")
                if key == "rows" and phrase is not None and "{pct}" not in phrase:
                    c.add(f"{join_path(path, key)}[{i}].phrase", "must contain {pct}")
            out[key] = options
        if len(out["rows"]) * max(len(out["columns"]), 1) > MAX_CELLS:
            c.add(path, f"a count table has at most {MAX_CELLS} cells")
        top = c.integer(q, "max", path, 1_000_000)
        if top is not None and top < 1:
            c.add(join_path(path, "max"), "must be a whole number of at least 1")
        out["max"] = top
        unit = q.get("unit", "")
        if not isinstance(unit, str) or len(unit) > 20:
            c.add(join_path(path, "unit"), "must be a short text such as locaties")
            unit = ""
        out["unit"] = unit.strip()

    @staticmethod
    def cells(q: Question) -> list[tuple[str, str]]:
        """(row, column) of every cell, row by row."""
        return [(r["value"], col["value"]) for r in q.extra["rows"] for col in q.extra["columns"]]

    @staticmethod
    def suffix(row: str, col: str) -> str:
        return f"__{row}.{col}"

    @staticmethod
    def cell_name(q: Question, row: str, col: str) -> str:
        return f"q-{q.key}-{row}-{col}"

    def answer_keys(self, q):
        return [q.key + self.suffix(r, col) for r, col in self.cells(q)]

    def input_names(self, q):
        return [self.cell_name(q, r, col) for r, col in self.cells(q)]

    def required_message(self, q):
        return "Vul de tabel in; zet 0 in een cel als er niets te melden is."

    def read_cell(self, q, text, timepoint=""):
        raise CellError(f"{q.key}: een tabel met aantallen kan niet uit één cel worden gelezen")

    def parse(self, q, form):
        values, empty, wrong = [], [], []
        for r, col in self.cells(q):
            raw = _first(form, self.cell_name(q, r, col))
            if not raw:
                empty.append((r, col))
            elif not raw.isascii() or not raw.isdigit() or int(raw) > (q.max or 0):
                wrong.append(raw)
            else:
                values.append(AnswerValue(value_num=float(int(raw)), suffix=self.suffix(r, col)))
        if wrong:
            return [], (
                f"Vul in elke cel een heel getal van 0 tot en met {_int_text(q.max)} in "
                f"(‘{wrong[0][:20]}’ is dat niet)."
            )
        if empty and values:
            return [], "Vul in elke cel van de tabel een aantal in; zet 0 als er geen zijn."
        return values, None

    def totals(self, q: Question, stored: StoredAnswers) -> dict[str, Any]:
        """Row, column and grand totals of the stored cells (None where a cell is missing)."""
        value = {(r, col): stored.get((self.suffix(r, col), "")) for r, col in self.cells(q)}
        number = {k: (v.value_num if v is not None else None) for k, v in value.items()}

        def add(keys):
            items = [number[k] for k in keys]
            return None if any(x is None for x in items) else int(sum(items))

        rows = [r["value"] for r in q.extra["rows"]]
        cols = [col["value"] for col in q.extra["columns"]]
        return {
            "rows": {r: add([(r, col) for col in cols]) for r in rows},
            "columns": {col: add([(r, col) for r in rows]) for col in cols},
            "all": add(list(number)),
        }

    def total(self, q, stored, column=""):
        totals = self.totals(q, stored)
        return totals["columns"].get(column) if column else totals["all"]

    def form_values(self, q, stored):
        out = {}
        for r, col in self.cells(q):
            v = stored.get((self.suffix(r, col), ""))
            if v is not None and v.value_num is not None:
                out[self.cell_name(q, r, col)] = str(int(v.value_num))
        return out

    def is_complete(self, q, stored):
        return all((self.suffix(r, col), "") in stored for r, col in self.cells(q))

    def condition_value(self, answer):
        return answer.value_num

    def display(self, q, stored, timepoint=""):
        if not any((self.suffix(r, col), "") in stored for r, col in self.cells(q)):
            return "Niet beantwoord"
        totals = self.totals(q, stored)
        lines = []
        for r in q.extra["rows"]:
            parts = []
            for col in q.extra["columns"]:
                v = stored.get((self.suffix(r["value"], col["value"]), ""))
                parts.append(f"{col['label']} {_int_text(v.value_num) if v else '–'}")
            lines.append(f"{r['label']}: " + " · ".join(parts))
        total = totals["all"]
        unit = q.extra.get("unit", "")
        lines.append(
            f"Totaal: {total if total is not None else '–'}" + (f" {unit}" if unit else "")
        )
        return "\n".join(lines)


REGISTRY: dict[str, QuestionType] = {
    t.name: t
    for t in (
        GradeType(), LikertType(), ChoiceType(), MultiType(), TextType(), NumberType(),
        CountsType(),
    )
}  # fmt: skip


def get_type(name: str) -> QuestionType:
    """The registered type called `name`."""
    return REGISTRY[name]
