"""An earlier round's answers from a spreadsheet: one row per respondent with the columns
organisation and org_type, then one column per question key of the wave's survey (`key.start` /
`key.nu` for timepoints). "weet niet" (or "wn", "dk") and empty cells are accepted; the question
type reads each cell. All or nothing: every bad row is listed."""

from __future__ import annotations

from surveyapp.definitions import AnswerValue, Survey
from surveyapp.evaluate.results.operations import answer_columns, read_answer
from surveyapp.models import ORG_TYPE_ALIASES, OrgType
from surveyapp.tables import Column, Parsed, TableImport

Respondent = tuple[str, OrgType, list[tuple[str, AnswerValue]]]
BASE = (
    Column("organisatie", frozenset({"organisation", "organisatie"})),
    Column("org_type", frozenset({"org_type", "type"})),
)


class HistoricalImport(TableImport[Respondent]):
    """The wave's answer columns, each read by its question type."""

    columns = BASE
    no_rows = "Het bestand bevat geen antwoorden."

    def __init__(self, survey: Survey) -> None:
        self.known = answer_columns(survey)

    def find_columns(self, header):
        found = super().find_columns(header)
        found.update({h: i for i, h in enumerate(header) if h in self.known})
        return found

    def header_problems(self, header, found):
        names = {a for c in BASE for a in c.aliases} | set(self.known)
        unknown = [h for h in header if h and h not in names]
        if not unknown:
            return []
        return ["Onbekende kolommen (geen vraag van deze vragenlijst): " + ", ".join(unknown)]

    def row(self, line, cell):
        problems: list[str] = []
        organisation = " ".join(cell("organisatie").split())
        org_type = ORG_TYPE_ALIASES.get(cell("org_type").lower())
        if not organisation:
            problems.append("organisatie ontbreekt")
        if org_type is None:
            problems.append(f"onbekend org_type ‘{cell('org_type')[:30]}’")
        answers = []
        for name, (q, tp) in self.known.items():
            text = cell(name)
            if text and (answer := read_answer(q, tp, text, problems)) is not None:
                answers.append(answer)
        return (organisation, org_type, answers), problems


def parse_historical(table: list[list[str]], survey: Survey) -> Parsed[Respondent]:
    """Check every row of an earlier round against the wave's survey; nothing is stored."""
    return HistoricalImport(survey).parse(table)
