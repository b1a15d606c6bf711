"""Results as files: CSV (UTF-8 with BOM, or Dutch Excel with ; and decimal commas), XLSX, JSON.

This module owns the documented shapes (docs/results.md) of the published results. Every text
cell goes through `neutralise` (in `csv_text` and the workbook), so a comment that starts with
= + - @ can never run as a formula in a spreadsheet.
"""

from __future__ import annotations

import io
import json
import math
from typing import IO, Any

import pandas as pd

from analysis.descriptive import STAT_COLUMNS
from analysis.report import compare_warning
from surveyapp.evaluate.results import raw
from surveyapp.evaluate.results.published import PublishedResults, Table, plain
from surveyapp.evaluate.workbook import write_sheets
from surveyapp.exports import csv_text

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
    stats = pd.DataFrame(list(results.item_stats.rows), columns=list(results.item_stats.columns))
    table = info.merge(stats, on="item", how="left")[ITEM_COLUMNS]
    for column in ("n", "n_dont_know"):  # counts; n is empty when suppressed
        table[column] = table[column].astype("Int64")
    return table


def comparison_table(results: PublishedResults) -> pd.DataFrame:
    rows = [{"item": k, **comparison_dict(results, k)} for k in results.comparisons]
    return pd.DataFrame(rows)


def _table_rows(table: Table) -> tuple[list[str], list[list[Any]]]:
    return list(table.columns), table.values()


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
    """Dutch Excel: decimal comma, no thousands separator, ja/nee."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
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


def _frame_rows(frame: pd.DataFrame) -> tuple[list[str], Any]:
    return [str(c) for c in frame.columns], frame.itertuples(index=False)


def write_xlsx(results: PublishedResults, target: IO[bytes]) -> None:
    """The workbook, written row by row (xlsxwriter's constant memory) into `target`.

    The raw answers come as one row per respondent, streamed from the database; one row per
    answer would pass Excel's 1,048,576 rows at 30,000 respondents, so that table is the CSV
    `antwoorden-lang.csv` instead.
    """
    columns = raw.wide_columns(results.wave)
    policy = raw.policy_of(results.wave, results.plan, results.n_responses)
    sheets = {
        "Itemstatistieken": _frame_rows(item_table(results)),
        "Provincie vs gemeente": _frame_rows(comparison_table(results)),
        "Per organisatietype": _table_rows(results.group_stats),  # hidden: labels and reason
        "Verandering in de tijd": _table_rows(results.changes),
        "Antwoorden": (
            raw.META_COLUMNS + columns,
            raw.iter_wide(results.wave.id, policy, columns),
        ),
        "Codeboek": _frame_rows(codebook(results)),
    }
    write_sheets(target, sheets, XLSX_HEADERS)


def xlsx_bytes(results: PublishedResults) -> bytes:
    """The workbook in memory (the CLI and tests; the web streams it from a temporary file)."""
    buffer = io.BytesIO()
    write_xlsx(results, buffer)
    return buffer.getvalue()


def results_json(results: PublishedResults) -> dict[str, Any]:
    """The documented JSON form (docs/results.md): plain numbers, None for hidden values."""
    items = []
    for row in results.item_rows():
        item = row.item
        items.append(
            {
                "id": item.id,
                "question": item.key,
                "timepoint": item.timepoint,
                "text": item.text,
                "theme": item.theme,
                "scale": [item.scale_min, item.scale_max],
                **row.stats,
                "suppressed": row.suppressed,
                "distribution": [
                    {"value": v, "count": c, "share": s}
                    for v, c, s in results.distributions.get(item.id, [])
                ],
                "by_org_type": results.group_rows(item.id),
                "comparison": (
                    comparison_dict(results, item.id) if item.id in results.comparisons else {}
                ),
                "sentences": results.words.items.get(item.id, []),
            }
        )
    return {
        "wave": {
            "id": results.wave.id,
            "slug": results.wave.slug,
            "name": results.wave.name,
            "survey": results.survey.slug,
            "survey_version": results.wave.survey_version.version,
        },
        "min_n": results.min_n,
        "n_responses": results.n_responses,
        "n_imported": results.n_imported,
        "withheld": results.withheld,
        "items": items,
        "change": results.change_rows(),
        "change_sentence": results.words.change,
        "themes": results.theme_rows(),
        "interviews": {
            k: v | {"sentence": results.words.sources.get(k, "")}
            for k, v in results.sources.items()
        },
    }


def comparison_dict(results: PublishedResults, item_id: str) -> dict[str, Any]:
    """One published comparison as plain values (JSON, XLSX)."""
    r = results.comparisons[item_id]
    values = {
        "provincie_mean": r.mean1,
        "gemeente_mean": r.mean2,
        "n_provincie": r.n1,
        "n_gemeente": r.n2,
        "difference": r.mean_difference,
        "mann_whitney_u": r.statistic,
        "pvalue": r.pvalue,
        "method": r.method,
        "welch_t": r.welch_statistic,
        "welch_pvalue": r.welch_pvalue,
        "cliffs_delta": r.cliffs_delta,
        "hodges_lehmann": r.hl_estimate,
        "ci_low": r.hl_low,
        "ci_high": r.hl_high,
        "warning": compare_warning(r),
        "sentence": results.words.comparisons.get(item_id, ""),
    }
    return {k: plain(v) for k, v in values.items()}
