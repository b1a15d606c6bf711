"""Demo article dashboards: the source's Bijlage 1 for 2020, and the 2018 mid-term round.

The 2020 articles, agreements and explanations are the source's (data/, the import
format). The source's colours did not survive into its text, so the statuses are read from
each explanation ("Gedaan" is on schedule; "aandachtspunt", "nog niet" partly). The 2018 round
is the same dashboard with a few articles that changed colour by 2020, as the explanations
say (4.1 "lastiger … dan bij de MTR ingeschat", 4.4 "ten opzichte van de MTR meer beschikt").
"""

from __future__ import annotations

from sqlalchemy import select

from config import BASE_DIR
from surveyapp.evaluate.dashboard.operations import create_round, replace_entries
from surveyapp.evaluate.dashboard.parse import parse_dashboard
from surveyapp.extensions import db
from surveyapp.models import DashboardRound, Wave
from surveyapp.models.dashboard import STATUS_ALIASES
from surveyapp.tables import read_table

SOURCE = BASE_DIR / "surveyapp" / "demo" / "data" / "dashboard-eindevaluatie-2020.csv"
# article → (status in 2018, explanation in 2018): what the mid-term review said differently.
CHANGED_2018 = {
    "4.1": ("op schema", "Veel locaties zijn afgerond of in uitvoering; de verwachting is dat "
            "vrijwel alle spoedlocaties in 2020 gesaneerd of beheerst zijn."),
    "4.4": ("deels op schema", "De lijst van KRW-spoedlocaties is opgesteld; een deel van de "
            "locaties is nog niet beschikt."),
    "11.5": ("op schema", "Werkgroepen Kosten en Financiering bodembeheer na 2020 zijn gestart; "
             "een voorstel volgt in 2019."),
    "12.2": ("op schema", "De eerste regionale processen voor de warme overdracht zijn "
             "gestart."),
    "17.6": ("deels op schema", "De tussenbalans wordt in het najaar van 2018 opgesteld."),
}  # fmt: skip


def _wave(slug: str) -> Wave | None:
    return db.session.scalar(select(Wave).where(Wave.slug == slug))


def load_dashboards() -> int:
    """The 2018 and 2020 rounds, each linked to its enquête wave; 0 when already there."""
    if db.session.scalar(select(DashboardRound.id).limit(1)) is not None:
        return 0
    parsed = parse_dashboard(read_table(SOURCE.name, SOURCE.read_bytes()))
    if parsed.errors:
        raise ValueError(f"{SOURCE}: {parsed.errors}")
    earlier = []
    for row in parsed.rows:
        status, explanation = CHANGED_2018.get(row["article"], (None, None))
        if status is None:
            earlier.append(row)
        else:
            earlier.append({**row, "status": STATUS_ALIASES[status], "explanation": explanation})
    mtr = create_round("Tussenrapportage 2018", 2018, _wave("mtr-2018-bevoegde-overheden"))
    replace_entries(mtr, earlier)
    final = create_round("Eindevaluatie 2020", 2020, _wave("eind-2020-bevoegde-overheden"))
    replace_entries(final, parsed.rows)
    return 2
