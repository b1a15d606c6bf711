"""Checks between questions: totals that must agree, unless the respondent explains why not.

A monitoring return says, for example, that the sites known at the start still add up to the
number this authority reported last year. The check compares the total of a count table (or
one of its columns) or a number question with the previous return or another question; a
filled-in `unless` text question accepts the difference. Pure functions of stored answers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from surveyapp.definitions.schema import Check, Question, Survey
from surveyapp.definitions.types import REGISTRY, QuestionType, StoredAnswers, get_type
from surveyapp.definitions.types.base import join_path

Answers = Mapping[str, StoredAnswers]
CHECK_KEYS = {"question", "column", "equals", "unless", "message"}


def total(q: Question, stored: StoredAnswers, column: str = "") -> int | float | None:
    """A count table's total (of one column, or all cells) or a number's value; None if open."""
    return get_type(q.type).total(q, stored, column)


def _what(survey: Survey, check: Check) -> str:
    q = survey.question(check.question)
    if check.column:
        columns = get_type(q.type).column_options(q)
        label = next(c["label"] for c in columns if c["value"] == check.column)
        return f"de kolom ‘{label}’"
    return f"‘{q.text}’"


def has_visible_text(text: str | None) -> bool:
    """Whether a text shows anything: spaces, zero-width and other format characters alone
    (U+200B, U+FEFF, …) do not explain a difference."""
    return any(
        not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zs", "Zl", "Zp")
        for ch in text or ""
    )


def _number(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def failed_checks(
    survey: Survey,
    stored: Answers,
    previous: Answers | None,
    previous_name: str = "",
    keys: set[str] | None = None,
) -> dict[str, str]:
    """Question key → Dutch message for every check that fails (on the questions `keys` only).

    A check is skipped while its numbers are not all filled in (the required check says that),
    and a check against the previous return is skipped when there is none.
    """
    errors: dict[str, str] = {}
    for check in survey.checks:
        if keys is not None and check.question not in keys:
            continue
        q = survey.question(check.question)
        mine = total(q, stored.get(q.key, {}), check.column)
        if check.equals == "previous":
            if previous is None:
                continue
            expected = total(q, previous.get(q.key, {}), check.column)
            source = f"in uw vorige opgave ({previous_name})" if previous_name else "eerder"
        else:
            other = survey.question(check.equals)
            expected = total(other, stored.get(other.key, {}))
            source = f"bij ‘{other.text}’"
        if mine is None or expected is None or mine == expected:
            continue
        explained = check.unless and any(
            has_visible_text(v.value_text) for v in stored.get(check.unless, {}).values()
        )
        if explained:
            continue
        how = ""
        if check.unless:
            how = f", of leg het verschil uit bij ‘{survey.question(check.unless).text}’"
        errors.setdefault(
            q.key,
            check.message
            or (
                f"De aantallen in {_what(survey, check)} tellen op tot {_number(mine)}, maar "
                f"{source} waren dat er {_number(expected)}. Controleer de aantallen{how}."
            ),
        )
    return errors


def validate_checks(raw: Any, c, sections: list[dict]) -> list[dict[str, str]]:
    """The `checks:` of a survey file, validated with the loader's checker `c`: a total that
    must equal the previous return or another question's total, unless a text question (on the
    same page) explains the difference."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        c.add("checks", "must be a list of checks such as {question: aantallen, equals: previous}")
        return []
    where = {q["key"]: (s["key"], q) for s in sections for q in s["questions"] if q.get("key")}
    out = []
    for i, check in enumerate(raw):
        path = f"checks[{i}]"
        if not isinstance(check, dict):
            c.add(path, "must be a mapping with question and equals")
            continue
        c.keys(check, CHECK_KEYS, path)
        key, equals = check.get("question"), check.get("equals", "previous")
        section, q = where.get(key, (None, None))
        if q is None or not _has_total(q):
            c.add(
                join_path(path, "question"),
                "must be a count table or number question of this survey",
            )
            continue
        column = check.get("column", "")
        if column and column not in {col["value"] for col in q.get("columns", [])}:
            c.add(join_path(path, "column"), f"{column!r} is not a column of {key!r}")
        if equals != "previous" and not _has_total(where.get(equals, (None, {}))[1]):
            c.add(join_path(path, "equals"), "must be previous or a count table or number question")
        unless = check.get("unless", "")
        target = where.get(unless, (None, {}))
        if unless and (not _kind(target[1]).free_text or target[0] != section):
            c.add(join_path(path, "unless"), f"must be a text question on the same page as {key!r}")
        message = check.get("message", "")
        if not isinstance(message, str):
            c.add(join_path(path, "message"), "must be a text")
            message = ""
        out.append({"question": key, "column": column or "", "equals": str(equals),
                    "unless": unless or "", "message": message.strip()})  # fmt: skip
    return out


def _kind(q: dict):
    """The registered type of a normalised question (the base type when it has none)."""
    return REGISTRY.get(q.get("type")) or QuestionType()


def _has_total(q: dict) -> bool:
    return _kind(q).has_total
