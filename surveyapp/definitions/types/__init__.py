"""Question-type registry: one class per type owns everything that differs between types.

A type validates its own settings in a survey file (`settings`), names its form inputs, reads a
posted page (`raw_form`, `parse`) and an import cell (`read_cell`), fills inputs back from stored
answers, shows an answer to people, says what is missing (`required_message`), and declares
what the analysis may do with it (`numeric`, `rated`, `free_text`). It is rendered by one macro
file, `templates/respond/types/<template>.html`. Callers ask the type; they never switch on its
name. Adding a type is one class here plus one macro file (the `number` type shows it).
"""

from __future__ import annotations

from surveyapp.definitions.types.base import (
    DONT_KNOW,
    DONT_KNOW_LABEL,
    DONT_KNOW_VALUE,
    DONT_KNOW_WORDS,
    MAX_SCALE_POINTS,
    OTHER,
    OTHER_SUFFIX,
    AnswerValue,
    CellError,
    QuestionType,
    StatVariable,
    StoredAnswers,
    input_name,
)
from surveyapp.definitions.types.choice import ChoiceType, MultiType
from surveyapp.definitions.types.counts import CountsType
from surveyapp.definitions.types.number import NumberType
from surveyapp.definitions.types.scale import GradeType, LikertType
from surveyapp.definitions.types.text import TextType

__all__ = [
    "DONT_KNOW",
    "DONT_KNOW_LABEL",
    "DONT_KNOW_VALUE",
    "DONT_KNOW_WORDS",
    "MAX_SCALE_POINTS",
    "OTHER",
    "OTHER_SUFFIX",
    "REGISTRY",
    "AnswerValue",
    "CellError",
    "ChoiceType",
    "CountsType",
    "GradeType",
    "LikertType",
    "MultiType",
    "NumberType",
    "QuestionType",
    "StatVariable",
    "StoredAnswers",
    "TextType",
    "get_type",
    "input_name",
]

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
