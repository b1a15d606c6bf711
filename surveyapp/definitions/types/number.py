"""Numbers (`number`): whole or with decimals, within bounds, with a unit."""

from __future__ import annotations

import re

from surveyapp.definitions.schema import Question
from surveyapp.definitions.types.base import (
    AnswerValue,
    CellError,
    QuestionType,
    _first,
    input_name,
    join_path,
    read_unit,
)

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
        out["unit"] = read_unit(q, path, c, "ha or locaties")

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
