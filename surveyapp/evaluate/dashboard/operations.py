"""Writes of the article dashboard: a new round, a round's articles replaced by an import, one
article edited; they flush and audit, the request commits."""

from __future__ import annotations

from sqlalchemy import delete, select

from surveyapp.audit import audit
from surveyapp.errors import InvalidInput
from surveyapp.evaluate.dashboard.parse import article_key, read_entry
from surveyapp.extensions import db
from surveyapp.models import DashboardEntry, DashboardRound, Wave


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
