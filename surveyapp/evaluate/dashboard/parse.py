"""The article dashboard's file format (docs/results.md): one row per article with the columns
artikel, afspraak, status, toelichting and cijfers (question keys such as art2_cijfer,
comma-separated). A file with one bad row imports nothing and lists every bad row. The same rule
checks an article edited on its page."""

from __future__ import annotations

import re

from surveyapp.models.dashboard import STATUS_ALIASES
from surveyapp.tables import Column, Parsed, TableImport

HEADER = ["artikel", "afspraak", "status", "toelichting", "cijfers"]
ARTICLE_RE = re.compile(r"^\d{1,3}(\.\d{1,3})?[a-z]?$")
KEYS_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
HEADER_ALIASES = {
    "artikel": {"artikel", "article", "nr", "nummer"},
    "afspraak": {"afspraak", "verkorte weergave", "tekst", "summary", "artikel convenant"},
    "status": {"status", "uitvoering op schema", "op schema", "kleur"},
    "toelichting": {"toelichting", "explanation", "uitleg"},
    "cijfers": {"cijfers", "grades", "vragen", "koppeling"},
}
MAX_SUMMARY, MAX_EXPLANATION, MAX_GRADES = 1000, 5000, 500


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


class DashboardImport(TableImport[dict]):
    """Artikel, afspraak and status (toelichting and cijfers may be left out)."""

    columns = tuple(
        Column(name, frozenset(aliases), required=name in ("artikel", "afspraak", "status"))
        for name, aliases in HEADER_ALIASES.items()
    )
    expected = " Verwacht: " + ", ".join(HEADER)
    no_rows = "Het bestand bevat geen artikelen."

    def start(self) -> None:
        self.seen: dict[str, int] = {}

    def row(self, line, cell):
        values, problems = read_entry(
            cell("artikel"), cell("afspraak"), cell("status"), cell("toelichting"), cell("cijfers")
        )
        if values["article"] in self.seen:
            problems.append(
                f"artikel {values['article']} staat ook op regel {self.seen[values['article']]}"
            )
        self.seen.setdefault(values["article"], line)
        return values, problems


def parse_dashboard(table: list[list[str]]) -> Parsed[dict]:
    """Check every row of an uploaded dashboard; nothing is stored here."""
    return DashboardImport().parse(table)
