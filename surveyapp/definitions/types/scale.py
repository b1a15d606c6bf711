"""Rated scales: the 1-10 grade (with "weet niet") and the named likert scales."""

from __future__ import annotations

import dataclasses

from surveyapp.definitions.schema import Question
from surveyapp.definitions.types.base import (
    DONT_KNOW,
    DONT_KNOW_LABEL,
    MAX_SCALE_POINTS,
    AnswerValue,
    CellError,
    QuestionType,
    _first,
    _int_text,
    input_name,
    join_path,
)


class ScaleType(QuestionType):
    """An ordered scale of numbered options (grade, likert), optionally with "weet niet"."""

    template = "scale"
    allows_timepoints = True
    numeric = True
    rated = True
    what = "een antwoord"

    def stat_variables(self, q, timepoint_label):
        labels = {float(o.value): o.label for o in q.options if o.label != o.value}
        return [
            dataclasses.replace(v, value_labels=labels, dont_know=True)  # imports may say "wn"
            for v in super().stat_variables(q, timepoint_label)
        ]

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


class GradeType(ScaleType):
    derived_keys = frozenset({"options"})  # from min and max
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
    derived_keys = frozenset({"options", "min", "max"})  # from the labels

    def written(self, q, out):
        out["labels"] = [o["label"] for o in q["options"]]

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
