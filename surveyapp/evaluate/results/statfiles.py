"""Raw answers where the analysts are: SPSS (.sav) and Stata (.dta) with variable and value
labels, and for R a zip with the CSV, a codebook and `read.R` (docs/results.md).

One row per respondent, from the same published rows as the raw CSVs (`raw.published_rows`),
so the same disclosure plan holds. Each question type says which variables it becomes
(`QuestionType.stat_variables`); "weet niet" is a missing code, never a number in a mean.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from surveyapp.definitions import Survey, get_type, survey_of
from surveyapp.definitions.types import DONT_KNOW_VALUE, AnswerValue, StatVariable
from surveyapp.evaluate.results import raw
from surveyapp.exports import neutralise
from surveyapp.models import ORG_TYPE_LABELS, Wave

SPSS_MISSING = -9  # "weet niet" in SPSS and in the R CSV: a declared missing value
STATA_MISSING = "a"  # "weet niet" in Stata: the extended missing value .a
NAME_LIMITS = {"sav": 64, "dta": 32, "csv": 10_000}
SOURCES = {"survey": "online", "interview": "interview", "import": "geïmporteerd"}


@dataclass
class Layout:
    """The variables of one file, with the names as written and the ones that were shortened."""

    variables: list[StatVariable]
    names: list[str]
    shortened: dict[str, str] = field(default_factory=dict)  # question-key name → file name


def _meta(anonymous: bool) -> list[StatVariable]:
    org_codes = {float(i): label for i, label in enumerate(ORG_TYPE_LABELS.values(), 1)}
    source_codes = {float(i): label for i, label in enumerate(SOURCES.values(), 1)}
    out = [
        StatVariable("respondent", "Respondent (volgnummer)"),
        StatVariable("org_type", "Organisatietype", True, org_codes),
    ]
    if not anonymous:
        out.append(StatVariable("organisatie", "Organisatie", False))
    return [*out, StatVariable("bron", "Bron van de antwoorden", True, source_codes)]


def layout(survey: Survey, anonymous: bool, fmt: str) -> Layout:
    """Every variable in survey order, names fitted to the format's limit (and unique)."""
    variables = _meta(anonymous)
    for q in survey.questions:
        variables += get_type(q.type).stat_variables(q, survey.timepoint_label)
    limit, taken, names, shortened = NAME_LIMITS[fmt], set(), [], {}
    for v in variables:
        name = v.name[:limit]
        n = 2
        while name in taken:
            suffix = f"_{n}"
            name, n = v.name[: limit - len(suffix)] + suffix, n + 1
        taken.add(name)
        names.append(name)
        if name != v.name:
            shortened[v.name] = name
    return Layout(variables, names, shortened)


def respondent_rows(rows, anonymous: bool, survey: Survey) -> Iterator[list[Any]]:
    """One list of values per respondent (as `layout`), from published raw rows
    (`raw.iter_long` / `raw.published_rows`, sorted by respondent)."""
    org_codes = {getattr(key, "value", key): i for i, key in enumerate(ORG_TYPE_LABELS, 1)}
    source_codes = {key: i for i, key in enumerate(SOURCES, 1)}
    stored: dict[str, dict] = {}
    meta: list[Any] | None = None
    last = None
    for row in rows:
        respondent, _wave, org_type, organisation, source, key, tp, value, text, dk = row
        if respondent != last:
            if meta is not None:
                yield meta + _answers(survey, stored)
            last, stored = respondent, {}
            meta = [respondent, org_codes.get(str(org_type)) if org_type else None]
            meta += [] if anonymous else [organisation]
            meta.append(source_codes.get(str(source)))
        base, sep, rest = key.partition("__")
        stored.setdefault(base, {})[(sep + rest, tp or "")] = AnswerValue(
            tp or "", value, text, bool(dk), sep + rest
        )
    if meta is not None:
        yield meta + _answers(survey, stored)


def _answers(survey: Survey, stored: dict[str, dict]) -> list[Any]:
    out: list[Any] = []
    for q in survey.questions:
        out += get_type(q.type).stat_values(q, stored.get(q.key, {}))
    return out


def frame(wave: Wave, min_n: int, fmt: str) -> tuple[pd.DataFrame, Layout]:
    """The respondents' rows as a DataFrame with the format's variable names."""
    survey = survey_of(wave.survey_version)
    rows = raw.iter_long(wave.id, raw.raw_policy(wave, min_n))
    return frame_of(rows, survey, wave.anonymous, fmt)


def frame_of(rows, survey: Survey, anonymous: bool, fmt: str) -> tuple[pd.DataFrame, Layout]:
    """`frame` from given published rows (the property test feeds generated ones)."""
    plan = layout(survey, anonymous, fmt)
    df = pd.DataFrame(list(respondent_rows(rows, anonymous, survey)), columns=plan.names)
    for name, v in zip(plan.names, plan.variables, strict=True):
        if v.numeric:
            missing = (STATA_MISSING if fmt == "dta" else SPSS_MISSING) if v.dont_know else None
            values = df[name].map(lambda x, m=missing: m if x is DONT_KNOW_VALUE else x)
            df[name] = values if fmt == "dta" and v.dont_know else pd.to_numeric(values)
        else:
            df[name] = df[name].map(lambda x: "" if x is None else str(x))
    return df, plan


LABEL_LIMITS = {"sav": 256, "dta": 80}  # characters of a variable label in each format


def _labels(plan: Layout, fmt: str) -> tuple[dict, dict]:
    limit = LABEL_LIMITS[fmt]
    column_labels = dict(zip(plan.names, (v.label[:limit] for v in plan.variables), strict=True))
    value_labels = {}
    for name, v in zip(plan.names, plan.variables, strict=True):
        labels = dict(v.value_labels)
        if v.dont_know and fmt == "sav":
            labels[float(SPSS_MISSING)] = "weet niet"
        if labels:
            value_labels[name] = labels
    return column_labels, value_labels


def _written(write, suffix: str) -> bytes:
    """pyreadstat writes to a path: a temporary file, read back and removed."""
    handle, path = tempfile.mkstemp(suffix=suffix)
    os.close(handle)
    try:
        write(path)
        with open(path, "rb") as f:
            return f.read()
    finally:
        os.unlink(path)


def _statistical_file(wave: Wave, min_n: int, fmt: str) -> tuple[bytes, Layout]:
    """SPSS ("sav": "weet niet" the user-missing −9) or Stata ("dta": the extended missing .a),
    with a label on every variable and value."""
    import pyreadstat

    df, plan = frame(wave, min_n, fmt)
    column_labels, value_labels = _labels(plan, fmt)
    code = SPSS_MISSING if fmt == "sav" else STATA_MISSING
    missing = {n: [code] for n, v in zip(plan.names, plan.variables, strict=True) if v.dont_know}
    if fmt == "sav":
        write = lambda path: pyreadstat.write_sav(  # noqa: E731
            df, path, file_label=wave.name[:64], column_labels=column_labels,
            variable_value_labels=value_labels, missing_ranges=missing,
        )  # fmt: skip
    else:
        write = lambda path: pyreadstat.write_dta(  # noqa: E731
            df, path, file_label=wave.name[:80], column_labels=column_labels,
            variable_value_labels=value_labels, missing_user_values=missing,
        )  # fmt: skip
    return _written(write, f".{fmt}"), plan


def sav_bytes(wave: Wave, min_n: int) -> tuple[bytes, Layout]:
    """SPSS: labels on every variable and value; "weet niet" a user-missing −9."""
    return _statistical_file(wave, min_n, "sav")


def dta_bytes(wave: Wave, min_n: int) -> tuple[bytes, Layout]:
    """Stata: labels on every variable and value; "weet niet" the extended missing .a."""
    return _statistical_file(wave, min_n, "dta")


READ_R = """# Reads data.csv with the labels of codebook.csv (base R; no packages needed).
# "weet niet" is the code -9 in data.csv: it becomes NA. Variables with value labels become
# factors; every variable gets its question text as the attribute "label".
data <- read.csv("data.csv", fileEncoding = "UTF-8-BOM", stringsAsFactors = FALSE,
                 check.names = FALSE, na.strings = "")
codebook <- read.csv("codebook.csv", fileEncoding = "UTF-8-BOM", stringsAsFactors = FALSE,
                     na.strings = "")
for (v in unique(codebook$variable)) {
  rows <- codebook[codebook$variable == v, ]
  if (!is.na(rows$missing[1])) data[[v]][data[[v]] %in% rows$missing[1]] <- NA
  labelled <- rows[!is.na(rows$value), ]
  if (nrow(labelled) > 0) {
    data[[v]] <- factor(data[[v]], levels = labelled$value, labels = labelled$value_label)
  }
  attr(data[[v]], "label") <- rows$label[1]
}
"""


def r_zip(wave: Wave, min_n: int) -> tuple[bytes, Layout]:
    """data.csv (cells neutralised), codebook.csv (one row per variable and value label) and
    read.R, which applies the labels."""
    df, plan = frame(wave, min_n, "csv")
    data = io.StringIO()
    data.write("\ufeff")
    df.map(lambda x: neutralise(x) if isinstance(x, str) else x).to_csv(
        data, index=False, lineterminator="\r\n"
    )
    book = io.StringIO()
    book.write("\ufeff")
    writer = csv.writer(book, lineterminator="\r\n")
    writer.writerow(["variable", "label", "type", "value", "value_label", "missing"])
    for name, v in zip(plan.names, plan.variables, strict=True):
        kind = "numeric" if v.numeric else "text"
        missing = SPSS_MISSING if v.dont_know else ""
        labels = sorted(v.value_labels.items()) or [("", "")]
        for value, label in labels:
            shown = "" if value == "" else f"{value:g}"
            writer.writerow([name, neutralise(v.label), kind, shown, neutralise(label), missing])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", data.getvalue().encode("utf-8"))
        archive.writestr("codebook.csv", book.getvalue().encode("utf-8"))
        archive.writestr("read.R", READ_R)
    return buffer.getvalue(), plan


WRITERS = {"sav": sav_bytes, "dta": dta_bytes, "zip": r_zip}
MIMETYPES = {
    "sav": "application/x-spss-sav",
    "dta": "application/x-stata-dta",
    "zip": "application/zip",
}
