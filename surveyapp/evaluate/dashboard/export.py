"""The article dashboard as the import format (CSV or XLSX): a file exported can be imported
again unchanged; and the annex table of the wave's chapter."""

from __future__ import annotations

from surveyapp.evaluate.dashboard.parse import HEADER
from surveyapp.models import DashboardRound


def export_rows(dashboard: DashboardRound) -> tuple[list[str], list[list[str]]]:
    """The round as the import format: a file exported can be imported again unchanged."""
    return HEADER, [
        [e.article, e.summary, e.status.label, e.explanation, e.grades] for e in dashboard.entries
    ]


ANNEX_HEADER = ["Artikel", "Afspraak (verkorte weergave)", "Uitvoering op schema", "Toelichting"]
# The Word chapter's annex: one short line per article (the explanations made it 20 of 33
# pages); the full text stays on the dashboard page and in its export.
COMPACT_HEADER = ["Art.", "Afspraak (verkorte weergave)", "Op schema", "Cijfers"]
COMPACT_NOTE = (
    "Compacte weergave: de toelichting per artikel staat op de dashboardpagina en in de export "
    "van het dashboard (CSV of Excel)."
)


def annex_rows(dashboard: DashboardRound) -> list[list[str]]:
    """The source's Bijlage 1 table: the status as its word (Word tables carry no colour)."""
    return [[e.article, e.summary, e.status.label, e.explanation] for e in dashboard.entries]


def compact_rows(dashboard: DashboardRound) -> list[list[str]]:
    """The annex in one short row per article: number, agreement, status word, linked grades."""
    return [
        [e.article, e.summary, e.status.label, ", ".join(e.grade_keys)] for e in dashboard.entries
    ]
