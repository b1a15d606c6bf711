"""Count tables (`counts`): whole numbers per row × column, with totals."""

from __future__ import annotations

import re
from typing import Any

from surveyapp.definitions.schema import Question
from surveyapp.definitions.types.base import (
    AnswerValue,
    CellError,
    QuestionType,
    StatVariable,
    StoredAnswers,
    _first,
    _int_text,
    join_path,
    read_unit,
)
from surveyapp.definitions.types.choice import parse_options

CELL_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
MAX_CELLS = 100
MAX_DIGITS = 9  # the inputs' maxlength; a longer cell is refused before it becomes a number


def count_value(text: str) -> int | None:
    """A cell's count: ASCII digits only ("1.000", "2,5", "-1", "٣" and "²" are not), at most
    MAX_DIGITS of them; None otherwise. The one cell rule of the form, the imports and the
    totals a page draws."""
    text = str(text).strip()
    if not text or len(text) > MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


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
        out["unit"] = read_unit(q, path, c, "locaties")

    @staticmethod
    def row_options(q: Question) -> list[dict]:
        """The table's rows: value, label and an optional phrase for the chapter."""
        return q.extra["rows"]

    @staticmethod
    def column_options(q: Question) -> list[dict]:
        """The table's columns: value, label and an optional phrase for the chapter."""
        return q.extra["columns"]

    @staticmethod
    def unit(q: Question) -> str:
        """What is counted ("locaties"), or "" when the survey does not say."""
        return q.extra.get("unit", "")

    def cell_of_key(self, q: Question) -> dict[str, tuple[str, str]]:
        """Each stored answer key (`key__row.col`) to its (row, column)."""
        return {q.key + self.suffix(r, col): (r, col) for r, col in self.cells(q)}

    @staticmethod
    def cells(q: Question) -> list[tuple[str, str]]:
        """(row, column) of every cell, row by row."""
        return [(r["value"], col["value"]) for r in q.extra["rows"] for col in q.extra["columns"]]

    def stat_variables(self, q, timepoint_label):
        return [
            StatVariable(
                f"{q.key}_{r['value']}_{c['value']}", f"{q.text}: {r['label']}, {c['label']}"
            )
            for r in self.row_options(q)
            for c in self.column_options(q)
        ]

    def stat_values(self, q, stored):
        return [
            getattr(stored.get((self.suffix(r["value"], c["value"]), "")), "value_num", None)
            for r in self.row_options(q)
            for c in self.column_options(q)
        ]

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

    def read_count(self, q: Question, text: str) -> int | None:
        """A cell's whole number from 0 to the question's `max`, or None."""
        value = count_value(text)
        return value if value is not None and value <= (q.max or 0) else None

    def form_totals(self, q: Question, values: dict[str, str]) -> dict[str, Any]:
        """Row, column and grand totals of the values shown in the form (None where a cell
        is empty or not a count): what the page draws before respond.js keeps them live."""
        number = {
            (r, col): count_value(values.get(self.cell_name(q, r, col)) or "")
            for r, col in self.cells(q)
        }
        return self._add_up(q, number)

    def read_cell(self, q, text, timepoint=""):
        raise CellError(f"{q.key}: een tabel met aantallen kan niet uit één cel worden gelezen")

    def parse(self, q, form):
        values, empty, wrong = [], [], []
        for r, col in self.cells(q):
            raw = _first(form, self.cell_name(q, r, col))
            if not raw:
                empty.append((r, col))
            elif (count := self.read_count(q, raw)) is None:
                wrong.append(raw)
            else:
                values.append(AnswerValue(value_num=float(count), suffix=self.suffix(r, col)))
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
        return self._add_up(
            q, {k: (v.value_num if v is not None else None) for k, v in value.items()}
        )

    def _add_up(self, q: Question, number: dict[tuple[str, str], float | None]) -> dict[str, Any]:
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
