"""Survey definitions: the YAML format, its validator and the question-type registry."""

from surveyapp.definitions.loader import Problem, load_file, load_text
from surveyapp.definitions.schema import Option, Question, Section, ShowIf, Survey, survey_of
from surveyapp.definitions.types import REGISTRY, AnswerValue, get_type

__all__ = [
    "REGISTRY",
    "AnswerValue",
    "Option",
    "Problem",
    "Question",
    "Section",
    "ShowIf",
    "Survey",
    "get_type",
    "load_file",
    "load_text",
    "survey_of",
]
