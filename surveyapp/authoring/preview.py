"""Preview as a respondent: the real question pages and checks, with the answers so far carried
in the form from page to page. Nothing is saved, no response or invitation exists."""

from __future__ import annotations

import json
from collections import defaultdict

from flask import abort, render_template, request
from werkzeug.datastructures import MultiDict

from surveyapp.definitions import get_type, survey_of
from surveyapp.definitions.types.base import AnswerValue
from surveyapp.respond.operations import TamperedForm, read_page
from surveyapp.respond.queries import page_numbers, visible

STATE_FIELD = "preview_answers"


def _load(text: str | None):
    """The answers carried so far; anything unreadable starts the preview afresh."""
    stored: dict = defaultdict(dict)
    try:
        rows = json.loads(text or "[]")
        for key, suffix, tp, number, value_text, dont_know in rows:
            stored[str(key)][(str(suffix), str(tp))] = AnswerValue(
                str(tp), number, value_text, bool(dont_know), str(suffix)
            )
    except (ValueError, TypeError):
        return defaultdict(dict)
    return stored


def _dump(stored) -> str:
    return json.dumps(
        [
            [k, v.suffix, v.timepoint, v.value_num, v.value_text, v.dont_know]
            for k, values in stored.items()
            for v in values.values()
        ]
    )


def preview_page(version, number: int, phone: bool):
    survey = survey_of(version)
    if not 1 <= number <= len(survey.sections):
        abort(404)
    stored = _load(request.form.get(STATE_FIELD)) if request.method == "POST" else defaultdict(dict)
    errors: dict = {}
    values: dict = {}
    if request.method == "POST":
        section = survey.sections[number - 1]
        action = request.form.get("action", "next")
        form = MultiDict([(k, v) for k, v in request.form.items(multi=True) if k != STATE_FIELD])
        try:
            result = read_page(survey, section, form, stored, require=action == "next")
        except TamperedForm:
            abort(400)
        if result.errors:
            errors, values = result.errors, result.form_values
        else:
            for q in section.questions:
                stored[q.key] = {(v.suffix, v.timepoint): v for v in result.parsed.get(q.key, [])}
            pages = page_numbers(survey, visible(survey, stored))
            later = [p for p in pages if (p > number if action == "next" else p < number)]
            if action == "next" and not later:
                return _render(version, survey, stored, None, {}, {}, phone)
            number = (later[0] if action == "next" else later[-1]) if later else number
    section = survey.sections[number - 1]
    if not errors:
        for q in section.questions:
            values.update(get_type(q.type).form_values(q, stored.get(q.key, {})))
    return _render(version, survey, stored, number, values, errors, phone)


def _render(version, survey, stored, number, values, errors, phone):
    shown = visible(survey, stored)
    pages = page_numbers(survey, shown)
    return render_template(
        "authoring/preview.html", v=version, survey=survey, number=number,
        section=survey.sections[number - 1] if number else None,
        position=pages.index(number) + 1 if number in pages else len(pages), total=len(pages),
        values=values, errors=errors, shown=shown, stored=stored, state=_dump(stored),
        phone=phone, get_type=get_type,
    ), 422 if errors else 200  # fmt: skip
