"""Choices: one option (`choice`) or several (`multi`), with an optional "anders" text."""

from __future__ import annotations

import json
import re
from typing import Any

from surveyapp.definitions.types.base import (
    DONT_KNOW_WORDS,
    OTHER,
    OTHER_SUFFIX,
    AnswerValue,
    CellError,
    QuestionType,
    StatVariable,
    _first,
    input_name,
    join_path,
)


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

    def _codes(self, q) -> dict[str, int]:
        """Option values as the numbers a statistical file stores (1, 2, …; "anders" last)."""
        values = [o.value for o in q.options] + ([OTHER] if q.other else [])
        return {v: i for i, v in enumerate(values, 1)}

    def _other_variable(self, q) -> list[StatVariable]:
        if not q.other:
            return []
        return [StatVariable(f"{q.key}_anders_tekst", f"{q.text}: anders, namelijk", False)]

    def stat_variables(self, q, timepoint_label):
        labels = {o.value: o.label for o in q.options} | {OTHER: "Anders"}
        value_labels = {float(i): labels[v] for v, i in self._codes(q).items()}
        return [StatVariable(q.key, q.text, True, value_labels), *self._other_variable(q)]

    def stat_values(self, q, stored):
        v, other = stored.get(("", "")), stored.get((OTHER_SUFFIX, ""))
        chosen = self._decode(v.value_text) if v is not None else []
        code = self._codes(q).get(chosen[0]) if chosen else None
        return [code, *([other.value_text if other else None] if q.other else [])]

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

    def stat_variables(self, q, timepoint_label):
        """One 0/1 variable per option ("anders" too), then the "anders" text."""
        labels = {o.value: o.label for o in q.options} | {OTHER: "Anders"}
        yes_no = {0.0: "niet gekozen", 1.0: "gekozen"}
        return [
            StatVariable(f"{q.key}_{v}", f"{q.text}: {labels[v]}", True, yes_no)
            for v in self._codes(q)
        ] + self._other_variable(q)

    def stat_values(self, q, stored):
        v, other = stored.get(("", "")), stored.get((OTHER_SUFFIX, ""))
        chosen = set(self._decode(v.value_text)) if v is not None else None
        flags = [None if chosen is None else int(c in chosen) for c in self._codes(q)]
        return flags + ([other.value_text if other else None] if q.other else [])

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
