"""Checks between questions: totals that must agree, unless the respondent explains why not.

A monitoring return says, for example, that the sites known at the start still add up to the
number this authority reported last year. The check compares the total of a count table (or
one of its columns) or a number question with the previous return or another question; a
filled-in `unless` text question accepts the difference. Pure functions of stored answers.
"""

from __future__ import annotations

from collections.abc import Mapping

from surveyapp.definitions.schema import Check, Question, Survey
from surveyapp.definitions.types import StoredAnswers, get_type

Answers = Mapping[str, StoredAnswers]


def total(q: Question, stored: StoredAnswers, column: str = "") -> int | float | None:
    """A count table's total (of one column, or all cells) or a number's value; None if open."""
    return get_type(q.type).total(q, stored, column)


def _what(survey: Survey, check: Check) -> str:
    q = survey.question(check.question)
    if check.column:
        label = next(c["label"] for c in q.extra["columns"] if c["value"] == check.column)
        return f"de kolom ‘{label}’"
    return f"‘{q.text}’"


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
            (v.value_text or "").strip() for v in stored.get(check.unless, {}).values()
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
