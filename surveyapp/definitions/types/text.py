"""Free text (`text`): a comment beside a grade, or an open question."""

from __future__ import annotations

from surveyapp.definitions.types.base import (
    AnswerValue,
    QuestionType,
    _first,
    input_name,
    join_path,
)


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
