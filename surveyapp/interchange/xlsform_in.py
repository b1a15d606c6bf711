"""Read an XLSForm (.xlsx or .xls) into surveyapp's source form, with a report of every row."""

from __future__ import annotations

import io
import json
from typing import Any

from surveyapp.interchange.report import Conversion, safe_key
from surveyapp.interchange.xlsform import NOT_CARRIED, _parse_bounds, _text, _yes, parse_relevance

XLSFORM_TEXT = "text"  # XLSForm's type name (ours happens to be the same word)
MAX_ROWS = 5_000  # rows of the survey sheet; the loader allows 1,000 questions


def _rated(own: str) -> bool:
    """Whether a surveyapp_type names one of our scales (an unknown name: the loader says so)."""
    from surveyapp.definitions.types import REGISTRY

    return own in REGISTRY and REGISTRY[own].rated


class _Reader:
    """The survey sheet, row by row, into sections of questions."""

    def __init__(self, data, conversion: Conversion) -> None:
        self.c = conversion
        self.choices: dict[str, list[dict[str, str]]] = {}
        for i, row in enumerate(data.choices or [], 2):
            row = {str(k).strip().lower(): v for k, v in row.items()}
            name = _text(row, "list_name") or _text(row, "list name")
            if name:
                self.choices.setdefault(name, []).append(
                    {"value": _text(row, "name"), "label": _text(row, "label"), "row": str(i)}
                )
        self.sections: list[dict[str, Any]] = []
        self.section: dict[str, Any] | None = None
        self.keys: dict[str, str] = {}  # XLSForm name → surveyapp key
        self.section_keys: set[str] = set()
        self.question_keys: set[str] = set()
        self.repeat_depth = 0

    def open_section(self, name: str, title: str, intro: str, where: str) -> None:
        key = safe_key(name or f"deel_{len(self.sections) + 1}", self.section_keys, self.c, where)
        self.section = {"key": key, "title": title or name or "Vragen", "questions": []}
        if intro:
            self.section["intro"] = intro
        self.sections.append(self.section)

    def add(self, question: dict[str, Any], where: str, name: str) -> None:
        if self.section is None or (self.section["questions"] and self.section.get("_closed")):
            self.open_section("vragen", "Vragen", "", where)
        assert self.section is not None
        self.section["questions"].append(question | {"_where": where})
        self.c.carried.append(name)

    def options(self, list_name: str, where: str) -> list[dict[str, str]] | None:
        options = self.choices.get(list_name)
        if not options:
            self.c.problems.append(
                f"{where}: de keuzelijst ‘{list_name}’ staat niet op het blad choices. "
                "Voeg de lijst toe of verbeter de naam."
            )
            return None
        out, seen = [], set()
        for o in options:
            if o["value"] in seen:  # a choice filter may list a value twice: keep the first
                self.c.notes.append(
                    f"{where}: keuzewaarde ‘{o['value']}’ staat dubbel in lijst ‘{list_name}’ "
                    "(keuzefilter); de eerste is overgenomen."
                )
                continue
            seen.add(o["value"])
            out.append({"value": o["value"], "label": o["label"] or o["value"]})
        return out

    def row(self, row: dict, where: str) -> None:
        kind = " ".join(_text(row, "type").split()).lower()
        name = _text(row, "name")
        marker = kind.replace("_", " ").split()[:2]
        if marker in (["begin", "group"], ["end", "group"], ["begin", "repeat"], ["end", "repeat"]):
            self.structure(marker, row, name, where)
            return
        words = kind.split()
        if not kind:
            return
        if self.repeat_depth:
            self.c.skip(where, name or kind, "in een herhaling (repeat)")
            return
        base = words[0]
        if base in NOT_CARRIED or kind.startswith(
            ("select_one_from_file", "select_multiple_from_file")
        ):
            self.c.skip(where, name or kind, NOT_CARRIED.get(base, "keuzelijst uit een bestand"))
            return
        if base == "note":
            self.note(row, where, name)
            return
        question = self.question(row, kind, words, where, name)
        if question is not None:
            self.add(question, where, name)

    def structure(self, words: list[str], row: dict, name: str, where: str) -> None:
        if words[1] == "repeat":
            self.repeat_depth += 1 if words[0] == "begin" else -1
        elif words[0] == "begin" and not self.repeat_depth:
            intro = _text(row, "surveyapp_intro") or _text(row, "hint")
            self.open_section(name, _text(row, "label"), intro, where)
        elif words[0] == "end" and self.section is not None:
            self.section["_closed"] = True

    def note(self, row: dict, where: str, name: str) -> None:
        """A note is intro text: of the section it opens, else a note to the evaluator."""
        text = _text(row, "label")
        if self.section is not None and not self.section["questions"] and text:
            self.section["intro"] = "\n\n".join(filter(None, [self.section.get("intro"), text]))
            self.c.carried.append(name or "note")
        else:
            self.c.skip(where, name or "note", "toelichtende tekst tussen de vragen")

    def question(self, row, kind, words, where, name) -> dict[str, Any] | None:
        key = safe_key(name or "vraag", self.question_keys, self.c, where)
        self.keys[name] = key
        q: dict[str, Any] = {"key": key, "type": "text", "text": _text(row, "label") or name}
        settings_text = _text(row, "surveyapp_settings")
        try:
            settings = json.loads(settings_text) if settings_text else {}
        except json.JSONDecodeError:
            self.c.problems.append(f"{where}: de kolom surveyapp_settings is geen geldige JSON.")
            return None
        own = _text(row, "surveyapp_type")
        if _text(row, "hint"):
            q["help"] = _text(row, "hint")
        if _yes(_text(row, "required")):
            q["required"] = True
        if _text(row, "surveyapp_theme"):
            q["theme"] = _text(row, "surveyapp_theme")
        bounds = _parse_bounds(_text(row, "constraint"))
        if words[0] in ("select_one", "select_multiple"):
            if len(words) < 2:
                self.c.problems.append(f"{where}: bij {words[0]} hoort de naam van een keuzelijst.")
                return None
            options = self.options(words[1], where)
            if options is None:
                return None
            if own and _rated(own):  # our labelled scale, written as a select of positions
                q.update(type=own, labels=[o["label"] for o in options])
            else:
                q.update(type="choice" if words[0] == "select_one" else "multi", options=options)
                if "or_other" in words[2:]:
                    q["other"] = True
        elif words[0] in ("integer", "decimal", "int"):
            if own and _rated(own):
                q["type"] = own
            else:
                q["type"] = "number"
                q.update({"decimals": 2} if words[0] == "decimal" else {})
            if bounds is None:
                self.c.notes.append(
                    f"{where}: de constraint ‘{_text(row, 'constraint')}’ is niet overgenomen "
                    "(alleen grenzen zoals . >= 1 and . <= 10)."
                )
            else:
                q.update(bounds)
        elif words[0] == XLSFORM_TEXT:
            if own:
                q["type"] = own
            elif "multiline" in _text(row, "appearance").lower():
                q["long"] = True
        else:
            self.c.skip(where, name or kind, f"type ‘{kind}’ kent surveyapp niet")
            return None
        if own and _rated(own):
            if _text(row, "surveyapp_timepoints"):
                q["timepoints"] = _text(row, "surveyapp_timepoints").split()
            if _yes(_text(row, "surveyapp_dont_know")):
                q["dont_know"] = True
        q.update({k: v for k, v in settings.items() if k != "show_if"})
        self.relevance(q, row, settings.get("show_if"), where)
        return q

    def relevance(self, q: dict, row: dict, own_show_if, where: str) -> None:
        expression = _text(row, "relevant")
        if not expression:
            return
        show_if = parse_relevance(expression, self.keys)
        if own_show_if and show_if and all(own_show_if.get(k) == v for k, v in show_if.items()):
            show_if = own_show_if  # ours, with what XLSForm cannot say (a timepoint)
        if show_if is None:
            self.c.notes.append(f"{where}: de voorwaarde ‘{expression}’ is niet overgenomen "
                                "(te ingewikkeld of verwijst niet naar een eerdere vraag); "
                                "de vraag wordt altijd getoond.")  # fmt: skip
        else:
            q["show_if"] = show_if


def from_xlsform(content: bytes, filename: str) -> Conversion:
    """An XLSForm upload as a conversion: the source form, or Dutch problems with the row."""
    from pyxform.xls2json_backends import get_xlsform

    c = Conversion()
    suffix = "." + filename.rsplit(".", 1)[-1].lower()
    if suffix == ".xlsx" and _formulas(content, c):
        return c
    try:
        data = get_xlsform(io.BytesIO(content), file_type=suffix)
    except Exception as err:
        c.problems.append(f"Het bestand is geen leesbaar XLSForm ({type(err).__name__}). "
                          "Sla het op als .xlsx met de bladen survey en choices.")  # fmt: skip
        return c
    rows = data.survey or []
    if not rows:
        c.problems.append("Het blad survey ontbreekt of is leeg.")
        return c
    if len(rows) > MAX_ROWS:
        c.problems.append(
            f"Het blad survey heeft {len(rows)} rijen; surveyapp leest er ten hoogste {MAX_ROWS}."
        )
        return c
    reader = _Reader(data, c)
    for i, row in enumerate(rows, 2):
        reader.row({str(k).strip().lower() if "::" not in str(k) else str(k).strip(): v
                    for k, v in row.items()}, f"survey, rij {i}")  # fmt: skip
    settings = (data.settings or [{}])[0] if data.settings else {}
    c.source = _top(settings, reader.sections, filename, c)
    if not c.source["sections"] and not c.problems:
        c.problems.append("Er staat geen enkele vraag in die surveyapp kan overnemen; "
                          "zie de lijst ‘niet overgenomen’.")  # fmt: skip
    return c


def _formulas(content: bytes, c: Conversion) -> bool:
    """Formulas are not run: a cell that holds one is named, so the person types the text."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # pyxform's reader reports an unreadable file next
        return False
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", "") != "f":
                        continue
                    c.problems.append(
                        f"blad {sheet.title}, cel {cell.coordinate}: bevat een formule; "
                        "surveyapp voert geen formules uit. Vervang de formule door de tekst zelf."
                    )
                    if len(c.problems) >= 20:
                        return True
    finally:
        book.close()
    return bool(c.problems)


def _top(settings: dict, sections: list[dict], filename: str, c: Conversion) -> dict[str, Any]:
    """The survey's top level from the settings sheet (our own columns where present)."""
    sections = [s for s in sections if s["questions"]]
    for i, s in enumerate(sections):
        s.pop("_closed", None)
        for j, q in enumerate(s["questions"]):
            c.places[f"sections[{i}].questions[{j}]"] = q.pop("_where")
    slug_source = _text(settings, "form_id") or filename.rsplit(".", 1)[0]
    slug = safe_key(slug_source, set(), Conversion(), "").replace("_", "-")[:99]
    out: dict[str, Any] = {"format": 1, "slug": slug if len(slug) > 1 else f"{slug}-survey"}
    out["title"] = _text(settings, "form_title") or slug_source
    if _text(settings, "surveyapp_intro"):
        out["intro"] = _text(settings, "surveyapp_intro")
    minutes = _text(settings, "surveyapp_estimated_minutes")
    if minutes:
        out["estimated_minutes"] = int(float(minutes))
    for key in ("timepoints", "themes", "checks", "wave_defaults"):
        value = _text(settings, f"surveyapp_{key}")
        if value:
            try:
                out[key] = json.loads(value)
            except json.JSONDecodeError:
                c.problems.append(f"settings: de kolom surveyapp_{key} is geen geldige JSON.")
    if _yes(_text(settings, "surveyapp_prefill")):
        out["prefill"] = True
    out["sections"] = sections
    return out
