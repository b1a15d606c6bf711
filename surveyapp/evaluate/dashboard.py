"""The article dashboard per evaluation round: import (all or nothing), export, edit, compare.

File format (docs/dashboard.md): one row per article with the columns artikel, afspraak,
status, toelichting and cijfers (question keys such as art2_cijfer, comma-separated). A file
with one bad row imports nothing and lists every bad row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from surveyapp.audit import audit
from surveyapp.errors import InvalidInput
from surveyapp.extensions import db
from surveyapp.models import ArticleStatus, DashboardEntry, DashboardRound, Wave
from surveyapp.models.dashboard import STATUS_ALIASES

ARTICLE_RE = re.compile(r"^\d{1,3}(\.\d{1,3})?[a-z]?$")
KEYS_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
HEADER = ["artikel", "afspraak", "status", "toelichting", "cijfers"]
HEADER_ALIASES = {
    "artikel": {"artikel", "article", "nr", "nummer"},
    "afspraak": {"afspraak", "verkorte weergave", "tekst", "summary", "artikel convenant"},
    "status": {"status", "uitvoering op schema", "op schema", "kleur"},
    "toelichting": {"toelichting", "explanation", "uitleg"},
    "cijfers": {"cijfers", "grades", "vragen", "koppeling"},
}
MAX_SUMMARY, MAX_EXPLANATION, MAX_GRADES = 1000, 5000, 500


@dataclass
class DashboardRows:
    """Parsed articles, or every problem with its line number."""

    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def article_key(article: str) -> tuple:
    """Sort 2.10 after 2.9 and 10 after 9."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.]", article))


def read_entry(article: str, summary: str, status: str, explanation: str, grades: str):
    """One article's fields checked: (values, problems) with Dutch problems."""
    problems = []
    article, summary, explanation = article.strip(), summary.strip(), explanation.strip()
    if not ARTICLE_RE.match(article):
        problems.append(f"artikel ‘{article[:20]}’ is geen artikelnummer zoals 4 of 4.1")
    if not summary:
        problems.append("de afspraak (verkorte weergave) ontbreekt")
    elif len(summary) > MAX_SUMMARY:
        problems.append(f"de afspraak is langer dan {MAX_SUMMARY} tekens")
    if len(explanation) > MAX_EXPLANATION:
        problems.append(f"de toelichting is langer dan {MAX_EXPLANATION} tekens")
    chosen = STATUS_ALIASES.get(status.strip().lower())
    if chosen is None:
        problems.append(
            f"onbekende status ‘{status.strip()[:30]}’ (kies: op schema, deels op schema, niet "
            "op schema of niet van toepassing; groen, oranje en rood mag ook)"
        )
    keys = [k.strip() for k in re.split(r"[,;\s]+", grades) if k.strip()]
    wrong = [k for k in keys if not KEYS_RE.match(k)]
    if wrong:
        problems.append(f"‘{wrong[0][:30]}’ is geen vraagcode zoals art2_cijfer")
    elif len(", ".join(keys)) > MAX_GRADES:
        problems.append(f"de vraagcodes zijn samen langer dan {MAX_GRADES} tekens")
    values = {
        "article": article, "summary": summary, "status": chosen,
        "explanation": explanation, "grades": ", ".join(keys),
    }  # fmt: skip
    return values, problems


def parse_dashboard(table: list[list[str]]) -> DashboardRows:
    """Check every row of an uploaded dashboard; nothing is stored here."""
    result = DashboardRows()
    if not table or not any(c.strip() for c in table[0]):
        result.errors.append((1, "Het bestand is leeg."))
        return result
    header = [c.strip().lower() for c in table[0]]
    columns = {}
    for name, aliases in HEADER_ALIASES.items():
        found = [i for i, h in enumerate(header) if h in aliases]
        if found:
            columns[name] = found[0]
    missing = [n for n in ("artikel", "afspraak", "status") if n not in columns]
    if missing:
        result.errors.append(
            (1, "Kolommen ontbreken: " + ", ".join(missing) + ". Verwacht: " + ", ".join(HEADER))
        )
        return result
    seen: dict[str, int] = {}
    for line, row in enumerate(table[1:], 2):
        if not any(c.strip() for c in row):
            continue

        def cell(name: str, row=row) -> str:
            i = columns.get(name)
            return row[i] if i is not None and i < len(row) else ""

        values, problems = read_entry(
            cell("artikel"), cell("afspraak"), cell("status"), cell("toelichting"), cell("cijfers")
        )
        if values["article"] in seen:
            problems.append(
                f"artikel {values['article']} staat ook op regel {seen[values['article']]}"
            )
        seen.setdefault(values["article"], line)
        if problems:
            result.errors.append((line, "; ".join(problems)))
        else:
            result.rows.append(values)
    if not result.rows and not result.errors:
        result.errors.append((2, "Het bestand bevat geen artikelen."))
    return result


def create_round(name: str, year: int, wave: Wave | None, actor=None) -> DashboardRound:
    """A new, empty round; names are unique."""
    name = name.strip()
    if db.session.scalar(select(DashboardRound.id).where(DashboardRound.name == name)):
        raise InvalidInput(f"Er bestaat al een dashboard met de naam {name}. Kies een andere naam.")
    dashboard = DashboardRound(name=name, year=year, wave=wave)
    db.session.add(dashboard)
    db.session.flush()
    audit(actor, "dashboard.create", None, name=name)
    return dashboard


def replace_entries(dashboard: DashboardRound, rows: list[dict], actor=None) -> int:
    """Replace the round's articles by the parsed rows (the request commits them at once)."""
    db.session.execute(delete(DashboardEntry).where(DashboardEntry.round_id == dashboard.id))
    ordered = sorted(rows, key=lambda r: article_key(r["article"]))
    for position, values in enumerate(ordered):
        db.session.add(DashboardEntry(round_id=dashboard.id, position=position, **values))
    db.session.flush()
    db.session.expire(dashboard, ["entries"])
    audit(actor, "dashboard.import", None, name=dashboard.name, articles=len(rows))
    return len(rows)


def entry_or_none(round_id: int, entry_id: int) -> DashboardEntry | None:
    """The article `entry_id` of round `round_id` (None for an article of another round)."""
    entry = db.session.get(DashboardEntry, entry_id)
    return entry if entry is not None and entry.round_id == round_id else None


def save_entry(entry: DashboardEntry, data: dict, actor=None) -> list[str]:
    """Check and store an edited article; returns the Dutch problems (nothing saved then)."""
    values, problems = read_entry(
        data.get("article") or "", data.get("summary") or "", data.get("status") or "",
        data.get("explanation") or "", data.get("grades") or "",
    )  # fmt: skip
    if problems:
        return problems
    try:
        update_entry(entry, values, actor)
    except InvalidInput as err:
        return [str(err)]
    return []


def update_entry(entry: DashboardEntry, values: dict, actor=None) -> None:
    """Change one article's text, status, explanation or grade links."""
    other = db.session.scalar(
        select(DashboardEntry.id).where(
            DashboardEntry.round_id == entry.round_id,
            DashboardEntry.article == values["article"],
            DashboardEntry.id != entry.id,
        )
    )
    if other is not None:
        raise InvalidInput(f"Artikel {values['article']} staat al in dit dashboard.")
    for key, value in values.items():
        setattr(entry, key, value)
    db.session.flush()
    audit(actor, "dashboard.edit", None, name=entry.round.name, article=entry.article)


def export_rows(dashboard: DashboardRound) -> tuple[list[str], list[list[str]]]:
    """The round as the import format: a file exported can be imported again unchanged."""
    return HEADER, [
        [e.article, e.summary, e.status.label, e.explanation, e.grades] for e in dashboard.entries
    ]


@dataclass(frozen=True)
class Change:
    article: str
    summary: str
    before: ArticleStatus | None
    after: ArticleStatus | None


def changes(before: DashboardRound, after: DashboardRound) -> list[Change]:
    """Articles whose status differs between two rounds (new and dropped articles too)."""
    old = {e.article: e for e in before.entries}
    new = {e.article: e for e in after.entries}
    out = []
    for article in sorted(set(old) | set(new), key=article_key):
        a, b = old.get(article), new.get(article)
        if a is None or b is None or a.status is not b.status:
            summary = (b or a).summary
            out.append(Change(article, summary, a.status if a else None, b.status if b else None))
    return out


def grade_cells(dashboard: DashboardRound, results) -> dict[str, list[tuple[str, str, str]]]:
    """Per article its linked grades from the round's wave, as published: (key, enquête
    mean, interview mean); a hidden or unknown item reads "–" (the gate decides, not us)."""
    from analysis.format import nl_number

    if results is None:
        return {}
    means = {row.item.id: row.stats.get("mean") for row in results.item_rows() if not row.hidden}
    out = {}
    for entry in dashboard.entries:
        cells = []
        for key in entry.grade_keys:
            survey = means.get(key)
            interview = results.sources.get(key, {}).get("interview_mean")
            cells.append((
                key,
                nl_number(survey) if survey is not None else "–",
                nl_number(interview) if interview is not None else "–",
            ))  # fmt: skip
        out[entry.article] = cells
    return out
