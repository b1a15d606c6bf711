"""Import earlier years' monitoring returns from a spreadsheet: all or nothing, every bad row
listed. The format is the export's `opgaven` table (Jaar, Organisatie, one column per cell), so
an export imports again; the columns Type and Provincie are read from the database instead.

Each return is stored as a submitted response (source `import`) of its authority in the wave of
that survey with that peiljaar; a year without a wave gets a closed one, "… (geïmporteerd)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select

from surveyapp.audit import audit
from surveyapp.definitions import AnswerValue, get_type
from surveyapp.extensions import db
from surveyapp.models import (
    Answer,
    Organisation,
    Response,
    ResponseSource,
    ResponseStatus,
    SurveyVersion,
    Wave,
    utcnow,
)
from surveyapp.models.wave import ResponseUnit

if TYPE_CHECKING:  # the results module needs pandas; the demo stores returns without it
    from surveyapp.evaluate.monitoring import MonitoringResults

YEAR_HEADERS = {"jaar", "peiljaar", "year"}
ORG_HEADERS = {"organisatie", "organisation", "bevoegd gezag"}


@dataclass
class ParsedReturns:
    """Returns by (year, organisation id): cells → count; or every problem with its line."""

    returns: dict[tuple[int, int], dict[tuple[str, str], int]] = field(default_factory=dict)
    errors: list[tuple[int, str]] = field(default_factory=list)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("–", "-")).strip().lower()


def _cell_columns(results: MonitoringResults, header: list[str]) -> dict[tuple[str, str], int]:
    """Where each cell is: by the export's label ("Niet gestart – Bekend bij de start (2015)")
    or by its code (niet_gestart.start)."""
    wanted = {}
    for row in results.rows:
        for col in results.columns:
            cell = (row["value"], col["value"])
            wanted[_key(f"{row['label']} – {col['label']}")] = cell
            wanted[_key(f"{row['value']}.{col['value']}")] = cell
    return {wanted[_key(h)]: i for i, h in enumerate(header) if _key(h) in wanted}


def parse_returns(table: list[list[str]], results: MonitoringResults) -> ParsedReturns:
    """Check every row against the survey's table and the organisations; nothing is stored."""
    out = ParsedReturns()
    if not table or not any(c.strip() for c in table[0]):
        out.errors.append((1, "Het bestand is leeg."))
        return out
    header = [c.strip() for c in table[0]]
    lower = [_key(h) for h in header]
    year_at = next((i for i, h in enumerate(lower) if h in YEAR_HEADERS), None)
    org_at = next((i for i, h in enumerate(lower) if h in ORG_HEADERS), None)
    cells = _cell_columns(results, header)
    expected = [(r["value"], c["value"]) for c in results.columns for r in results.rows]
    missing = [f"{results.row_label(r)} – {results.column_label(c)}" for r, c in expected
               if (r, c) not in cells]  # fmt: skip
    if year_at is None or org_at is None or missing:
        names = (["jaar"] if year_at is None else []) + (["organisatie"] if org_at is None else [])
        out.errors.append((1, "Kolommen ontbreken: " + ", ".join(names + missing) + "."))
        return out
    orgs = {o.name.lower(): o for o in db.session.scalars(select(Organisation))}
    existing = _existing_returns(results.slug)
    top = int(results.question.max or 0)
    seen: dict[tuple[int, int], int] = {}
    for line, row in enumerate(table[1:], 2):
        if not any(c.strip() for c in row):
            continue

        def value(i: int, row=row) -> str:
            return row[i].strip() if i < len(row) else ""

        problems = []
        year_text, name = value(year_at), re.sub(r"\s+", " ", value(org_at))
        year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else None
        if year is None or not 1990 <= year <= 2100:
            problems.append(f"‘{year_text[:20]}’ is geen jaartal zoals 2019")
        org = orgs.get(name.lower())
        if org is None:
            problems.append(
                f"onbekende organisatie ‘{name[:60]}’: voeg haar eerst toe (Veldwerk → "
                "Organisaties) of importeer haar contactpersonen"
            )
        counts = {}
        for cell, i in cells.items():
            text = value(i)
            if not (text.isascii() and text.isdigit()) or int(text) > top:
                label = f"{results.row_label(cell[0])} – {results.column_label(cell[1])}"
                problems.append(
                    f"‘{label}’ is geen heel getal van 0 tot en met {top}: ‘{text[:20]}’"
                )
            else:
                counts[cell] = int(text)
        if year is not None and org is not None:
            key = (year, org.id)
            if key in seen:
                problems.append(f"{org.name} staat voor {year} ook op regel {seen[key]}")
            elif key in existing:
                problems.append(f"{org.name} heeft voor {year} al een opgave; die blijft staan")
            seen.setdefault(key, line)
        if problems:
            out.errors.append((line, "; ".join(problems)))
        else:
            out.returns[(year, org.id)] = counts
    if not out.returns and not out.errors:
        out.errors.append((2, "Het bestand bevat geen opgaven."))
    return out


def _existing_returns(slug: str) -> set[tuple[int, int]]:
    """(year, organisation id) of every return already stored, drafts and empty ones included
    (a second response in a wave answered per organisation would break its uniqueness)."""
    organisation = Response.organisation_id_expr()
    rows = db.session.execute(
        select(Wave.period, organisation)
        .join(Wave, Wave.id == Response.wave_id)
        .join(SurveyVersion, SurveyVersion.id == Wave.survey_version_id)
        .where(
            SurveyVersion.slug == slug,
            Wave.period.is_not(None),
            organisation.is_not(None),
        )
    ).all()
    return {(int(p), int(o)) for p, o in rows}


def _wave_for(results: MonitoringResults, year: int) -> Wave:
    """The survey's wave with this peiljaar, or a new closed one for the imported returns."""
    version_ids = select(SurveyVersion.id).where(SurveyVersion.slug == results.slug)
    wave = db.session.scalar(
        select(Wave)
        .where(Wave.survey_version_id.in_(version_ids), Wave.period == year)
        .order_by(Wave.id)
        .limit(1)
    )
    if wave is not None:
        return wave
    version = SurveyVersion.latest(results.slug)
    name, slug = f"{version.title} {year} (geïmporteerd)"[:200], f"{results.slug}-{year}-import"
    taken = db.session.scalar(
        select(func.count(Wave.id)).where((Wave.slug == slug) | (Wave.name == name))
    )
    if taken:
        slug, name = f"{slug}-{taken + 1}", f"{name[:190]} ({taken + 1})"
    wave = Wave(name=name, slug=slug, survey_version=version, period=year,
                response_unit=ResponseUnit.ORGANISATION)  # fmt: skip
    db.session.add(wave)
    db.session.flush()
    now = utcnow()
    wave.open(now=now)
    wave.close(now=now)
    return wave


def add_return(wave_id: int, org: Organisation, question, counts, source, when) -> Response:
    """One authority's submitted return: its response and a stored row per cell."""
    suffix = get_type(question.type).suffix
    response = Response(
        wave_id=wave_id, organisation_id=org.id, status=ResponseStatus.SUBMITTED, source=source,
        org_type=org.org_type, organisation_name=org.name, started_at=when, updated_at=when,
        submitted_at=when,
    )  # fmt: skip
    db.session.add(response)
    db.session.flush()
    rows = [
        Answer.row(response.id, question.key, AnswerValue(value_num=float(n), suffix=suffix(r, c)))
        for (r, c), n in counts.items()
    ]
    db.session.execute(insert(Answer), rows)
    return response


def import_returns(results: MonitoringResults, parsed: ParsedReturns, actor=None) -> int:
    """Store every parsed return; the request commits them together (all or nothing)."""
    orgs = {o.id: o for o in db.session.scalars(select(Organisation))}
    waves: dict[int, Wave] = {}
    now = utcnow()
    for (year, org_id), counts in sorted(parsed.returns.items()):
        wave = waves.get(year) or waves.setdefault(year, _wave_for(results, year))
        add_return(wave.id, orgs[org_id], results.question, counts, ResponseSource.IMPORT, now)
    db.session.flush()
    audit(actor, "monitoring.import", None, survey=results.slug, returns=len(parsed.returns))
    return len(parsed.returns)
