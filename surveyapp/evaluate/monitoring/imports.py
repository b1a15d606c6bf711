"""Earlier years' monitoring returns from a spreadsheet: all or nothing, every bad row listed.
The format is the export's `opgaven` table (Jaar, Organisatie, one column per cell), so an export
imports again; the columns Type and Provincie are read from the database instead."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from surveyapp.definitions import get_type
from surveyapp.evaluate.monitoring.queries import (
    existing_returns,
    organisations_by_name,
    wave_states_by_year,
)
from surveyapp.models import WaveState, utcnow
from surveyapp.tables import Column, Parsed, TableImport, header_key

if TYPE_CHECKING:  # the results module needs pandas; the demo stores returns without it
    from surveyapp.evaluate.monitoring.results import MonitoringResults

Cell = tuple[str, str]
Return = tuple[tuple[int, int], dict[Cell, int]]  # (year, organisation id) → counts per cell


class ReturnsImport(TableImport[Return]):
    """Jaar, Organisatie and every cell of the survey's count table (by label or by code)."""

    columns = (
        Column("jaar", frozenset({"jaar", "peiljaar", "year"})),
        Column("organisatie", frozenset({"organisatie", "organisation", "bevoegd gezag"})),
    )
    no_rows = "Het bestand bevat geen opgaven."

    def __init__(self, results: MonitoringResults) -> None:
        self.results = results
        self.qtype = get_type(results.question.type)
        self.order = [(r["value"], c["value"]) for c in results.columns for r in results.rows]
        self.cells = {}
        for row in results.rows:
            for col in results.columns:
                cell = (row["value"], col["value"])
                self.cells[header_key(f"{row['label']} – {col['label']}")] = cell
                self.cells[header_key(f"{row['value']}.{col['value']}")] = cell

    def label(self, cell: Cell) -> str:
        return f"{self.results.row_label(cell[0])} – {self.results.column_label(cell[1])}"

    def find_columns(self, header):
        found = super().find_columns(header)
        found.update({self.cells[h]: i for i, h in enumerate(header) if h in self.cells})
        return found

    def missing(self, found):
        return super().missing(found) + [self.label(c) for c in self.order if c not in found]

    def start(self) -> None:
        self.waves = wave_states_by_year(self.results.slug)
        self.this_year = utcnow().year
        self.orgs = organisations_by_name()
        self.existing = existing_returns(self.results.slug)
        self.seen: dict[tuple[int, int], int] = {}

    def row(self, line, cell):
        problems = []
        year_text, name = cell("jaar"), re.sub(r"\s+", " ", cell("organisatie"))
        year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else None
        problems += self._year_problems(year, year_text)
        org = self.orgs.get(name.lower())
        if org is None:
            problems.append(
                f"onbekende organisatie ‘{name[:60]}’: voeg haar eerst toe (Veldwerk → "
                "Organisaties) of importeer haar contactpersonen"
            )
        counts, q = {}, self.results.question
        for c in self.order:
            text = cell(c)
            if (count := self.qtype.read_count(q, text)) is None:
                problems.append(
                    f"‘{self.label(c)}’ is geen heel getal van 0 tot en met {int(q.max or 0)}: "
                    f"‘{text[:20]}’"
                )
            else:
                counts[c] = count
        if year is not None and org is not None:
            problems += self._duplicate(line, year, org)
        return ((year, getattr(org, "id", 0)), counts), problems

    def _year_problems(self, year: int | None, text: str) -> list[str]:
        """A past year, or a year of one of the survey's waves; never a year still open."""
        if year is None or year < 1990:
            return [f"‘{text[:20]}’ is geen jaartal zoals 2019"]
        if year not in self.waves and year > self.this_year:
            return [
                f"{year} ligt in de toekomst en heeft geen uitvraag; importeer jaren tot en met "
                f"{self.this_year} of jaren waarvoor een uitvraag bestaat"
            ]
        if WaveState.OPEN in self.waves.get(year, []):
            return [
                f"de uitvraag van {year} staat nog open; laat deze opgave via de persoonlijke "
                "link invullen, dan telt ze mee in de respons"
            ]
        return []

    def _duplicate(self, line: int, year: int, org) -> list[str]:
        key = (year, org.id)
        if key in self.seen:
            return [f"{org.name} staat voor {year} ook op regel {self.seen[key]}"]
        self.seen[key] = line
        if key in self.existing:
            return [f"{org.name} heeft voor {year} al een opgave; die blijft staan"]
        return []


def parse_returns(table: list[list[str]], results: MonitoringResults) -> Parsed[Return]:
    """Check every row against the survey's table and the organisations; nothing is stored."""
    return ReturnsImport(results).parse(table)
