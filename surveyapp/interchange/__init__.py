"""Surveys to and from other tools: YAML, XLSForm and LimeSurvey (docs/interchange.md).

`read_survey(filename, content)` is the one way in for the upload page and the CLI: every
format ends as the canonical definition and passes every check of the YAML loader."""

from __future__ import annotations

from typing import Any

from surveyapp.errors import UnreadableFile
from surveyapp.interchange.report import Conversion

FORMATS = {"yaml": "YAML", "yml": "YAML", "xlsx": "XLSForm", "xls": "XLSForm", "lss": "LimeSurvey"}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def read_survey(filename: str, content: bytes) -> tuple[dict[str, Any] | None, Conversion]:
    """(the validated definition or None, the conversion with its report and Dutch problems)."""
    from surveyapp.definitions.dutch import in_dutch
    from surveyapp.definitions.loader import load_text, validate

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    c = Conversion()
    if extension == "xlsm":
        c.problems.append("Een Excel-bestand met macro’s (.xlsm) wordt niet gelezen. "
                          "Sla het op als .xlsx zonder macro’s.")  # fmt: skip
        return None, c
    if extension not in FORMATS:
        c.problems.append("Kies een vragenlijst als .yaml, een XLSForm (.xlsx of .xls) of een "
                          "LimeSurvey-export (.lss).")  # fmt: skip
        return None, c
    if not content:
        c.problems.append("Het bestand is leeg.")
        return None, c
    if len(content) > MAX_UPLOAD_BYTES:
        c.problems.append(f"Het bestand is groter dan {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
        return None, c
    if extension in ("yaml", "yml"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            c.problems.append("Het YAML-bestand is geen UTF-8-tekst.")
            return None, c
        definition, problems = load_text(text, filename)
        c.problems += [
            f"{in_dutch(p.path) if p.path else '(vragenlijst)'}: {in_dutch(p.message)}"
            for p in problems
        ]
        return definition, c
    if extension == "lss":
        from surveyapp.interchange.limesurvey import from_lss

        c = from_lss(content, filename)
    else:
        from surveyapp.interchange.xlsform_in import from_xlsform

        if extension == "xlsx":
            from surveyapp.tables import check_zip

            try:
                check_zip(content)
            except UnreadableFile as err:
                c.problems.append(str(err))
                return None, c
        c = from_xlsform(content, filename)
    if c.problems or c.source is None:
        return None, c
    definition, problems = validate(c.source, filename)
    c.problems += [f"{c.place_of(p.path)}: {in_dutch(p.message)}" for p in problems]
    return definition, c
