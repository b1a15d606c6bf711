"""Monitoring results: yearly returns of a survey with a count table, added up per year.

The returns of all waves of one survey that have a reference year (peiljaar) are read with one
query into a long frame (period, organisation, org_type, province, row, column, count); the
statistics are analysis/monitoring.py. Only identified waves count: a return is an authority's
own public account of its sites, not an opinion, so per-authority figures are shown. Answers
of anonymous waves have no authority and are left out.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from analysis.monitoring import group_progress, status_tables
from surveyapp.definitions import Question, Survey, get_type, survey_of
from surveyapp.evaluate.monitoring.queries import counts_question, year_completeness
from surveyapp.evaluate.results.frames import returns_frame
from surveyapp.models import SurveyVersion

CELL_COLUMNS = ["period", "wave", "organisation", "org_type", "province", "row", "column", "count"]


def cells_frame(slug: str, q: Question) -> pd.DataFrame:
    """Every cell of the latest submitted return per authority and year."""
    cell_of = get_type(q.type).cell_of_key(q)
    raw = returns_frame(slug, list(cell_of))
    if raw.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    latest = raw.groupby(["period", "organisation"])["submitted_at"].transform("max")
    raw = raw[raw["submitted_at"] == latest]
    cells = raw["key"].map(cell_of)
    raw = raw.assign(
        row=cells.str[0], column=cells.str[1], count=raw["count"].fillna(0).astype(int),
        province=raw["province"].fillna("(onbekend)"),
    )  # fmt: skip
    return raw[CELL_COLUMNS].reset_index(drop=True)


@dataclass
class MonitoringResults:
    """The national tables, trend, provinces and authorities of one monitoring survey."""

    slug: str
    survey: Survey
    question: Question
    cells: pd.DataFrame
    # Per peiljaar: (a wave of it is closed, authorities invited); see `complete`.
    completeness: dict[int, tuple[bool, int]] = field(default_factory=dict)
    chosen: int | None = None  # the year the sentences and the map speak of (?jaar=)
    _progress: dict[str, pd.DataFrame] = field(default_factory=dict, init=False, repr=False)

    @property
    def rows(self) -> list[dict]:
        return get_type(self.question.type).row_options(self.question)

    @property
    def columns(self) -> list[dict]:
        return get_type(self.question.type).column_options(self.question)

    @property
    def row_keys(self) -> list[str]:
        return [r["value"] for r in self.rows]

    @property
    def done(self) -> str:
        """The row that counts as finished: the last one (say "afgehandeld")."""
        return self.row_keys[-1]

    @property
    def unit(self) -> str:
        return get_type(self.question.type).unit(self.question) or "eenheden"

    @cached_property
    def national(self) -> pd.DataFrame:
        """The national tables of the complete years only."""
        return status_tables(self.cells[self.cells["period"].isin(self.years)], self.row_keys)

    @cached_property
    def reported(self) -> dict[int, int]:
        """Authorities with a return, per year."""
        counts = self.cells.groupby("period")["organisation"].nunique()
        return {int(y): int(n) for y, n in counts.items()}

    def complete(self, year: int) -> bool:
        """A year counts nationally once its wave is closed or every invited authority has
        sent its return; until then its figures are provisional and shown apart."""
        closed, invited = self.completeness.get(year, (True, 0))
        return closed or (invited > 0 and self.reported.get(year, 0) >= invited)

    @property
    def years(self) -> list[int]:
        """The complete years that have returns."""
        return sorted(y for y in self.reported if self.complete(y))

    @property
    def provisional(self) -> list[tuple[int, int, int]]:
        """(year, authorities reported, invited) of every year still under way."""
        return [
            (y, n, self.completeness.get(y, (True, 0))[1])
            for y, n in sorted(self.reported.items())
            if not self.complete(y)
        ]

    @property
    def last_year(self) -> int | None:
        """The year the sentences, the map and the per-authority tables speak of: the chosen
        complete year, else the last complete one."""
        if self.chosen in self.years:
            return self.chosen
        return self.years[-1] if self.years else None

    def at(self, year: int | None) -> MonitoringResults:
        """The same results, speaking of `year` (when complete)."""
        return dataclasses.replace(self, chosen=year)

    def reports(self) -> list[tuple[int, str, int]]:
        """(year, wave name, authorities that reported) per year."""
        seen = self.cells.groupby(["period", "wave"])["organisation"].nunique()
        return [(int(p), w, int(n)) for (p, w), n in seen.items()]

    @cached_property
    def tables(self) -> dict[str, list[tuple[int, list[tuple[int, int]], int]]]:
        """Per column: (year, [(count, pct) per row], total), years with any site only."""
        out: dict[str, list] = {c["value"]: [] for c in self.columns}
        for (column, year), rows in self.national.groupby(["column", "period"]):
            rows = rows.set_index("row").loc[self.row_keys]
            total = int(rows["total"].iloc[0])
            if total and column in out:
                out[column].append(
                    (int(year), list(zip(rows["count"], rows["pct"], strict=True)), total)
                )
        return out

    def table(self, column: str) -> list[tuple[int, list[tuple[int, int]], int]]:
        """(year, [(count, pct) per row], total) for one column, years with any site only."""
        return self.tables.get(column, [])

    def progress(self, by: str) -> pd.DataFrame:
        """Counts per province (`by="province"`) or authority (`"organisation"`) in the first
        column and the last year; computed once per grouping (the map and its table share it)."""
        if by not in self._progress:
            column = self.columns[0]["value"]
            part = self.cells[
                (self.cells["period"] == self.last_year) & (self.cells["column"] == column)
            ]
            self._progress[by] = group_progress(
                part.rename(columns={by: "group"}), self.row_keys, self.done
            )
        return self._progress[by]

    def row_label(self, key: str) -> str:
        return next(r["label"] for r in self.rows if r["value"] == key)

    def column_label(self, key: str) -> str:
        return next(c["label"] for c in self.columns if c["value"] == key)

    def _cohort(self, index: int) -> tuple[dict, list[tuple[int, list[tuple[int, int]], int]]]:
        """A column and its table up to the year spoken of."""
        column = self.columns[index] if index < len(self.columns) else None
        table = self.table(column["value"]) if column else []
        return column, [row for row in table if row[0] <= (self.last_year or 0)]

    def _shares(self, cells: list[tuple[int, int]]) -> str:
        """ "49% afgehandeld, 44% in uitvoering en 7% …": the rows from done to not started."""
        parts = [
            (row.get("phrase") or "{pct} " + row["label"].lower()).replace("{pct}", f"{pct}%")
            for row, (_count, pct) in zip(self.rows, cells, strict=True)
        ][::-1]
        return ", ".join(parts[:-1]) + " en " + parts[-1] if len(parts) > 1 else parts[0]

    def _what(self, column: dict) -> str:
        return column.get("phrase") or f"uit de kolom ‘{column['label']}’"

    def sentence(self) -> str:
        """The source's sentence about the first column (the start cohort) in the last year."""
        column, table = self._cohort(0)
        if not table:
            return ""
        year, cells, total = table[-1]
        return (
            f"In tabel 1 zijn de {total} {self.unit} opgenomen {self._what(column)}. "
            f"Van die locaties is in {year} {self._shares(cells)}."
        )

    def second_sentence(self) -> str:
        """The same for the second column (sites identified later), at the last year."""
        column, table = self._cohort(1)
        if not table:
            return ""
        year, cells, total = table[-1]
        return (
            f"Tabel 2 bevat de {total} {self.unit} {self._what(column)} "
            f"({table[0][0]} tot en met {year}). Daarvan is in {year} {self._shares(cells)}."
        )


def monitoring_results(slug: str) -> MonitoringResults | None:
    """The monitoring results of the survey `slug`, or None if it has no count table."""
    version = SurveyVersion.latest(slug)
    if version is None:
        return None
    survey = survey_of(version)
    q = counts_question(survey)
    if q is None:
        return None
    return MonitoringResults(slug, survey, q, cells_frame(slug, q), year_completeness(slug))
