"""XLSForm in and out: the spreadsheet format of KoboToolbox and ODK (docs/interchange.md).

Out: a `survey`, `choices` and `settings` sheet that `pyxform`'s xls2xform accepts, with
surveyapp's own types and settings in extra `surveyapp_*` columns, so that a form downloaded
here comes back identical. In: any XLSForm, read with pyxform's own reader; what surveyapp
cannot hold is listed in the conversion's report, never dropped silently.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

from openpyxl import Workbook

from surveyapp.definitions.source import to_source
from surveyapp.definitions.types import get_type

SURVEY_COLUMNS = [
    "type", "name", "label", "hint", "required", "relevant", "constraint", "appearance",
    "surveyapp_type", "surveyapp_theme", "surveyapp_timepoints", "surveyapp_dont_know",
    "surveyapp_intro", "surveyapp_settings",
]  # fmt: skip
SETTINGS_COLUMNS = [
    "form_title", "form_id", "version", "surveyapp_format", "surveyapp_intro",
    "surveyapp_estimated_minutes", "surveyapp_timepoints", "surveyapp_themes",
    "surveyapp_prefill", "surveyapp_checks", "surveyapp_wave_defaults",
]  # fmt: skip
# XLSForm types without a counterpart here, with the reason the report gives.
NOT_CARRIED = {
    "calculate": "berekening", "hidden": "verborgen veld", "geopoint": "locatie",
    "geotrace": "locatie", "geoshape": "locatie", "image": "bestand uploaden",
    "audio": "bestand uploaden", "video": "bestand uploaden", "file": "bestand uploaden",
    "background-audio": "bestand uploaden", "barcode": "barcode", "date": "datum",
    "time": "tijd", "datetime": "datum en tijd", "range": "schuifregelaar", "rank": "rangschikking",
    "acknowledge": "bevestiging", "trigger": "bevestiging", "xml-external": "externe gegevens",
    "csv-external": "externe gegevens", "audit": "metagegeven", "start": "metagegeven",
    "end": "metagegeven", "today": "metagegeven", "deviceid": "metagegeven",
    "phonenumber": "metagegeven", "username": "metagegeven", "email": "metagegeven",
    "simserial": "metagegeven", "subscriberid": "metagegeven", "start-geopoint": "metagegeven",
}  # fmt: skip


# --- out ------------------------------------------------------------------------------------


# Our option types and the XLSForm select each is written as.
SELECTS = {"choice": "select_one", "multi": "select_multiple"}


def _relevant(show_if: dict[str, Any], questions: dict[str, dict]) -> str:
    """show_if as an XLSForm relevance expression."""
    ref = "${" + show_if["question"] + "}"
    if "equals" in show_if:
        target = questions.get(show_if["question"], {})
        if SELECTS.get(target.get("type")) == "select_multiple":
            return f"selected({ref}, '{show_if['equals']}')"
        return f"{ref} = '{show_if['equals']}'"
    if "in" in show_if:
        return " or ".join(f"{ref} = '{v}'" for v in show_if["in"])
    parts = []
    if "at_least" in show_if:
        parts.append(f"{ref} >= {show_if['at_least']}")
    if "at_most" in show_if:
        parts.append(f"{ref} <= {show_if['at_most']}")
    return " and ".join(parts)


def _bounds(q: dict[str, Any]) -> str:
    parts = []
    if q.get("min") is not None:
        parts.append(f". >= {q['min']}")
    if q.get("max") is not None:
        parts.append(f". <= {q['max']}")
    return " and ".join(parts)


def _typed(q: dict[str, Any], settings: dict, row: dict, choices: list) -> None:
    """The XLSForm type of a question, by what its type is (not by its name), and the settings
    the standard columns carry taken out of `settings`."""
    qtype = get_type(q["type"])
    if qtype.rated:  # a scale: an integer with bounds, or a select of its labelled positions
        row["surveyapp_type"] = q["type"]
        row["surveyapp_timepoints"] = " ".join(settings.pop("timepoints", []))
        row["surveyapp_dont_know"] = "yes" if settings.pop("dont_know", False) else ""
        if "labels" in settings:
            row["type"] = f"select_one {q['key']}"
            labels = settings.pop("labels")
            choices += [(q["key"], str(i), label) for i, label in enumerate(labels, 1)]
        else:
            row["type"] = "integer"
            row["constraint"] = _bounds({"min": settings.pop("min", 1),
                                         "max": settings.pop("max", 10)})  # fmt: skip
    elif q["type"] in SELECTS:
        other = " or_other" if settings.pop("other", False) else ""
        row["type"] = f"{SELECTS[q['type']]} {q['key']}{other}"
        choices += [(q["key"], o["value"], o["label"]) for o in settings.pop("options")]
    elif qtype.free_text:
        row["type"] = "text"
        row["appearance"] = "multiline" if settings.pop("long", False) else ""
    elif qtype.numeric and not qtype.count_table:
        row["type"] = "decimal" if settings.get("decimals") else "integer"
        row["constraint"] = _bounds({"min": settings.pop("min", None),
                                     "max": settings.pop("max", None)})  # fmt: skip
    else:  # a counts table, or a later type: a text field elsewhere, all in the settings
        row["type"] = "text"
        row["surveyapp_type"] = q["type"]


def _question_row(q: dict[str, Any], questions: dict, choices: list) -> dict[str, Any]:
    """One question of the source form as a survey row (and its choices)."""
    row: dict[str, Any] = {"name": q["key"], "label": q["text"], "hint": q.get("help", "")}
    row["required"] = "yes" if q.get("required") else ""
    row["surveyapp_theme"] = q.get("theme", "")
    common = {"key", "type", "text", "help", "required", "theme"}
    settings = {k: v for k, v in q.items() if k not in common}
    if q.get("show_if"):
        row["relevant"] = _relevant(q["show_if"], questions)
    _typed(q, settings, row, choices)
    if settings:
        row["surveyapp_settings"] = json.dumps(settings, ensure_ascii=False, sort_keys=True)
    return row


def to_xlsform(definition: dict[str, Any]) -> bytes:
    """The definition as an XLSForm workbook (.xlsx)."""
    source = to_source(definition)
    questions = {q["key"]: q for s in source["sections"] for q in s["questions"]}
    rows, choices = [], []
    for section in source["sections"]:
        rows.append({"type": "begin group", "name": section["key"], "label": section["title"],
                     "surveyapp_intro": section.get("intro", "")})  # fmt: skip
        rows += [_question_row(q, questions, choices) for q in section["questions"]]
        rows.append({"type": "end group"})
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(SURVEY_COLUMNS)
    for row in rows:
        sheet.append([row.get(c, "") for c in SURVEY_COLUMNS])
    choice_sheet = book.create_sheet("choices")
    choice_sheet.append(["list_name", "name", "label"])
    for choice in choices:
        choice_sheet.append(list(choice))
    settings = book.create_sheet("settings")
    settings.append(SETTINGS_COLUMNS)
    top = {
        "form_title": source["title"], "form_id": source["slug"], "version": "1",
        "surveyapp_format": source["format"], "surveyapp_intro": source.get("intro", ""),
        "surveyapp_estimated_minutes": source.get("estimated_minutes", ""),
        "surveyapp_prefill": "yes" if source.get("prefill") else "",
    }  # fmt: skip
    for key in ("timepoints", "themes", "checks", "wave_defaults"):
        top[f"surveyapp_{key}"] = (
            json.dumps(source[key], ensure_ascii=False) if key in source else ""
        )
    settings.append([top.get(c, "") for c in SETTINGS_COLUMNS])
    for ws in book.worksheets:  # every cell as text: no formula is ever written
        for cells in ws.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- in -------------------------------------------------------------------------------------


def _text(row: dict, column: str) -> str:
    """A cell as text; a column with languages ("label::Nederlands (nl)") falls back to the
    first language when the plain column is missing."""
    value = row.get(column)
    if value in (None, ""):
        for key in sorted(row):
            if key.lower().startswith(column + "::") and row[key] not in (None, ""):
                value = row[key]
                break
    return "" if value is None else str(value).strip()


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "true", "true()", "1", "ja", "y"}


_BOUND = re.compile(r"^\s*\.\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$")


def _parse_bounds(constraint: str) -> dict[str, float] | None:
    """ ". >= 1 and . <= 10" as {min, max}; None when the constraint says more than that."""
    if not constraint.strip():
        return {}
    out: dict[str, float] = {}
    for part in re.split(r"\s+and\s+", constraint.strip()):
        match = _BOUND.match(part)
        if not match:
            return None
        number = float(match.group(2))
        number = int(number) if number.is_integer() else number
        out["min" if match.group(1).startswith(">") else "max"] = number
    return out


_REF = r"\$\{([A-Za-z_][\w.-]*)\}"
_EQUALS = re.compile(rf"^\s*{_REF}\s*=\s*'([^']*)'\s*$")
_SELECTED = re.compile(rf"^\s*selected\(\s*{_REF}\s*,\s*'([^']*)'\s*\)\s*$")
_COMPARE = re.compile(rf"^\s*{_REF}\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)\s*$")


def parse_relevance(expression: str, keys: dict[str, str]) -> dict[str, Any] | None:
    """A relevance expression as show_if, where it maps: one question compared with a value
    (=, selected(), >=, <=), or one question equal to one of several values joined by "or"."""
    expression = expression.strip()
    alternatives = re.split(r"\s+or\s+", expression)
    if len(alternatives) > 1:
        matches = [_EQUALS.match(a) for a in alternatives]
        if all(matches) and len({m.group(1) for m in matches}) == 1:  # type: ignore[union-attr]
            target = keys.get(matches[0].group(1))  # type: ignore[union-attr]
            values = [m.group(2) for m in matches]  # type: ignore[union-attr]
            return {"question": target, "in": values} if target else None
        return None
    for pattern in (_EQUALS, _SELECTED):
        match = pattern.match(expression)
        if match and match.group(1) in keys:
            return {"question": keys[match.group(1)], "equals": match.group(2)}
    parts = re.split(r"\s+and\s+", expression)
    out: dict[str, Any] = {}
    for part in parts:
        match = _COMPARE.match(part)
        if not match or match.group(1) not in keys:
            return None
        if out and out["question"] != keys[match.group(1)]:
            return None
        out["question"] = keys[match.group(1)]
        number = float(match.group(3))
        out["at_least" if match.group(2) == ">=" else "at_most"] = (
            int(number) if number.is_integer() else number
        )
    return out or None
