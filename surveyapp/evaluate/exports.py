"""Results as files: CSV (UTF-8 with BOM, or Dutch Excel with ; and decimal commas), XLSX, JSON.

Every text cell goes through `neutralise`, so a comment that starts with = + - @ can never run
as a formula in a spreadsheet. Every sheet reads the published results (the disclosure gate).
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable
from typing import IO

import pandas as pd
import xlsxwriter

from analysis.descriptive import STAT_COLUMNS
from surveyapp.evaluate import raw
from surveyapp.evaluate.summary import PublishedResults, comparison_dict, results_json
from surveyapp.exports import csv_text, neutralise
from surveyapp.inputs import printable

ITEM_COLUMNS = ["item", "question", "timepoint", "text", "theme", *STAT_COLUMNS, "suppressed"]
# Column headers of the XLSX sheets in Dutch (CSV and JSON keep the documented English keys;
# question keys stay as they are, and the codebook links them to the questions).
XLSX_HEADERS = {
    "item": "item", "question": "vraag", "timepoint": "moment", "text": "tekst",
    "theme": "thema", "n": "n", "n_dont_know": "aantal weet niet", "mean": "gemiddelde",
    "sd": "standaardafwijking", "median": "mediaan", "q1": "eerste kwartiel",
    "q3": "derde kwartiel", "iqr": "interkwartielafstand", "min": "minimum", "max": "maximum",
    "mode": "meest gegeven", "mode_share": "aandeel meest gegeven", "suppressed": "verborgen",
    "org_type": "organisatietype", "provincie_mean": "gemiddelde provincies",
    "gemeente_mean": "gemiddelde gemeenten", "n_provincie": "n provincies",
    "n_gemeente": "n gemeenten", "difference": "verschil", "mann_whitney_u": "Mann-Whitney U",
    "pvalue": "p-waarde", "method": "methode", "welch_t": "Welch t",
    "welch_pvalue": "p-waarde Welch", "cliffs_delta": "Cliff's delta",
    "hodges_lehmann": "verschuiving (Hodges-Lehmann)", "ci_low": "95%-BI ondergrens",
    "ci_high": "95%-BI bovengrens", "warning": "waarschuwing", "sentence": "zin",
    "n_pairs": "paren", "mean_before": "gemiddelde bij de start", "mean_after": "gemiddelde nu",
    "mean_change": "gemiddelde verandering", "median_change": "mediaan verandering",
    "statistic": "Wilcoxon W", "estimate": "geschatte verandering", "direction": "richting",
    "respondent": "respondent", "wave": "uitvraag", "organisation": "organisatie",
    "source": "bron", "value": "waarde", "dont_know": "weet niet", "section": "onderdeel",
    "type": "type", "timepoints": "momenten", "values": "antwoordwaarden",
    "weet_niet": "weet niet mogelijk", "show_if": "alleen als",
}  # fmt: skip


def item_table(results: PublishedResults) -> pd.DataFrame:
    """One row per item (question and timepoint) with its statistics."""
    info = pd.DataFrame(
        [
            {
                "item": i.id,
                "question": i.key,
                "timepoint": i.timepoint,
                "text": i.text,
                "theme": i.theme,
            }
            for i in results.items
        ]
    )
    if info.empty:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    table = info.merge(results.item_stats, on="item", how="left")[ITEM_COLUMNS]
    for column in ("n", "n_dont_know"):  # counts; n is empty when suppressed
        table[column] = table[column].astype("Int64")
    return table


def comparison_table(results: PublishedResults) -> pd.DataFrame:
    rows = [{"item": k, **comparison_dict(results, k)} for k in results.comparisons]
    return pd.DataFrame(rows)


def codebook(results: PublishedResults) -> pd.DataFrame:
    rows = []
    for section in results.survey.sections:
        for q in section.questions:
            rows.append(
                {
                    "question": q.key,
                    "section": section.title,
                    "type": q.type,
                    "text": q.text,
                    "theme": q.theme,
                    "timepoints": ", ".join(q.timepoints),
                    "values": "; ".join(f"{o.value} = {o.label}" for o in q.options),
                    "weet_niet": "ja" if q.dont_know else "",
                    "show_if": q.show_if.describe(results.survey) if q.show_if else "",
                }
            )
    return pd.DataFrame(rows)


def _nl(value) -> object:
    """Dutch Excel: decimal comma, no thousands separator."""
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(round(value, 6)).replace(".", ",")
    return value


def summary_csv(results: PublishedResults, dutch_excel: bool = False) -> str:
    table = item_table(results)
    rows = table.astype(object).where(table.notna(), None).values.tolist()
    if dutch_excel:
        rows = [[_nl(v) for v in row] for row in rows]
    return csv_text(list(table.columns), rows, delimiter=";" if dutch_excel else ",")


def summary_json(results: PublishedResults) -> str:
    return json.dumps(results_json(results), ensure_ascii=False, indent=2, allow_nan=False)


def _frame_rows(frame: pd.DataFrame) -> tuple[list[str], Iterable]:
    return [str(c) for c in frame.columns], frame.itertuples(index=False)


def write_xlsx(results: PublishedResults, target: IO[bytes]) -> None:
    """The workbook, written row by row (xlsxwriter's constant memory) into `target`.

    The raw answers come as one row per respondent, streamed from the database; one row per
    answer would pass Excel's 1,048,576 rows at 30,000 respondents, so that table is the CSV
    `antwoorden-lang.csv` instead.
    """
    columns = raw.wide_columns(results.wave)
    policy = raw.raw_policy(results.wave, results.min_n)
    sheets = {
        "Itemstatistieken": _frame_rows(item_table(results)),
        "Provincie vs gemeente": _frame_rows(comparison_table(results)),
        "Per organisatietype": _frame_rows(results.group_stats),  # hidden: labels and reason
        "Verandering in de tijd": _frame_rows(results.changes),
        "Antwoorden": (
            raw.META_COLUMNS + columns,
            raw.iter_wide(results.wave.id, policy, columns),
        ),
        "Codeboek": _frame_rows(codebook(results)),
    }
    write_sheets(target, sheets, XLSX_HEADERS)


def write_sheets(target: IO[bytes], sheets: dict, headers: dict[str, str] | None = None) -> None:
    """Sheets of (header, rows) into a workbook, row by row; cells typed and neutralised."""
    options = {
        "constant_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
    }
    headers = headers or {}
    book = xlsxwriter.Workbook(target, options)
    bold = book.add_format({"bold": True})
    for title, (header, rows) in sheets.items():
        sheet = book.add_worksheet(title)
        sheet.write_row(0, 0, [headers.get(c, c) for c in header], bold)
        for number, row in enumerate(rows, 1):
            for column, value in enumerate(row):
                _write_cell(sheet, number, column, value)
    book.close()


def sheets_bytes(sheets: dict) -> bytes:
    """A small workbook in memory (monitoring tables, the dashboard)."""
    buffer = io.BytesIO()
    write_sheets(buffer, sheets)
    return buffer.getvalue()


def _write_cell(sheet, row: int, column: int, value) -> None:
    """One cell by its type (numbers stay numbers; text is neutralised; blanks are skipped)."""
    if value is None:
        return
    if type(value) is float:
        if math.isfinite(value):
            sheet.write_number(row, column, value)
        return
    value = _xlsx_cell(value)
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, value)


def xlsx_bytes(results: PublishedResults) -> bytes:
    """The workbook in memory (the CLI and tests; the web streams it from a temporary file)."""
    buffer = io.BytesIO()
    write_xlsx(results, buffer)
    return buffer.getvalue()


def _xlsx_cell(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return neutralise(printable(str(value)))
