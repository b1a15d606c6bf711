"""Demo monitoring returns 2015-2020 of the 41 authorities, adding up to the source's tables.

Per authority the numbers are invented; nationally they are the source's exactly: 1383 sites
known at the start (2015: 591 not started, 792 in progress; 2020: 100 / 604 / 679) and 236
sites identified in 2016-2020 (about 75 a year at first, about 30 later; 2020: 64 / 66 / 106).
They are made site by site (when it started, when it was done) so every authority's history is
consistent: a site never goes back to an earlier status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import select

from surveyapp.clock import end_of_day
from surveyapp.coordinate.operations import invite_contacts
from surveyapp.definitions import survey_of
from surveyapp.evaluate.monitoring.operations import add_return
from surveyapp.extensions import db
from surveyapp.models import (
    Contact,
    ContactRole,
    Organisation,
    OrgType,
    ResponseSource,
    SurveyVersion,
    Wave,
    WaveState,
)
from surveyapp.models.wave import ResponseUnit

SURVEY = "monitoring-spoedlocaties"
YEARS = range(2015, 2021)
START_2015 = {"niet_gestart": 591, "in_uitvoering": 792}
START_2020 = {"niet_gestart": 100, "in_uitvoering": 604, "afgehandeld": 679}
NEW_PER_YEAR = {2016: 75, 2017: 72, 2018: 30, 2019: 29, 2020: 30}  # 236
NEW_2020 = {"niet_gestart": 64, "in_uitvoering": 66, "afgehandeld": 106}
NEVER = 9999

# The province each demo municipality lies in (monitoring groups authorities by province).
MUNICIPALITY_PROVINCE = {
    "Amsterdam": "Noord-Holland", "Rotterdam": "Zuid-Holland", "Den Haag": "Zuid-Holland",
    "Utrecht": "Utrecht", "Eindhoven": "Noord-Brabant", "Groningen": "Groningen",
    "Tilburg": "Noord-Brabant", "Almere": "Flevoland", "Breda": "Noord-Brabant",
    "Nijmegen": "Gelderland", "Apeldoorn": "Gelderland", "Haarlem": "Noord-Holland",
    "Arnhem": "Gelderland", "Enschede": "Overijssel", "Amersfoort": "Utrecht",
    "Zaanstad": "Noord-Holland", "'s-Hertogenbosch": "Noord-Brabant",
    "Haarlemmermeer": "Noord-Holland", "Zwolle": "Overijssel", "Zoetermeer": "Zuid-Holland",
    "Leiden": "Zuid-Holland", "Maastricht": "Limburg", "Dordrecht": "Zuid-Holland",
    "Ede": "Gelderland", "Emmen": "Drenthe", "Deventer": "Overijssel", "Delft": "Zuid-Holland",
    "Leeuwarden": "Fryslân", "Alkmaar": "Noord-Holland",
}  # fmt: skip


@dataclass
class Site:
    """One spoedlocatie: who reports it, when it was identified, started and done."""

    authority: int
    identified: int  # 2015 for the start cohort
    started: int = NEVER  # the year it went in progress (≤ 2015: already in 2015)
    done: int = NEVER

    def status(self, year: int) -> str | None:
        if year < self.identified:
            return None
        if self.done <= year:
            return "afgehandeld"
        return "in_uitvoering" if self.started <= year else "niet_gestart"


def _pick(rng, candidates: list[Site], n: int) -> list[Site]:
    return [candidates[i] for i in rng.choice(len(candidates), size=n, replace=False)]


def make_sites(n_authorities: int, seed: int = 2016) -> list[Site]:
    """The sites of both cohorts with exactly the source's national totals."""
    rng = np.random.default_rng(seed)
    weights = rng.gamma(1.6, 1.0, n_authorities)
    weights /= weights.sum()

    def owners(n: int, at_least_one: bool) -> list[int]:
        first = list(range(n_authorities)) if at_least_one else []
        rest = rng.choice(n_authorities, size=n - len(first), p=weights).tolist()
        return first + rest

    start = [Site(a, 2015) for a in owners(1383, at_least_one=True)]
    rng.shuffle(start)
    in_progress_2015 = start[: START_2015["in_uitvoering"]]
    not_started_2015 = start[START_2015["in_uitvoering"] :]
    for site in in_progress_2015:
        site.started = 2015
    late = not_started_2015[START_2020["niet_gestart"] :]  # 491 that start in 2016-2020
    for site in late:
        site.started = int(rng.choice(range(2016, 2021), p=[0.3, 0.25, 0.2, 0.15, 0.1]))
    can_finish = [s for s in start if s.started <= 2019]
    for site in _pick(rng, can_finish, START_2020["afgehandeld"]):
        site.done = int(rng.integers(max(site.started + 1, 2016), 2021))

    new: list[Site] = []
    for year, n in NEW_PER_YEAR.items():
        new += [Site(a, year) for a in owners(n, at_least_one=False)]
    early = [s for s in new if s.identified <= 2019]
    done = _pick(rng, early, NEW_2020["afgehandeld"])
    for site in done:
        site.started = int(rng.integers(site.identified, 2020))
        site.done = int(rng.integers(site.started + 1, 2021))
    rest = [s for s in new if s.done == NEVER]
    for site in _pick(rng, rest, NEW_2020["in_uitvoering"]):
        site.started = int(rng.integers(site.identified, 2021))
    return start + new


def returns(sites: list[Site], n_authorities: int) -> dict[int, list[dict[tuple[str, str], int]]]:
    """Year → per authority the cells (status, cohort) → count."""
    out = {}
    for year in YEARS:
        tables = [
            {(r, c): 0 for r in START_2020 for c in ("start", "nieuw")}
            for _ in range(n_authorities)
        ]
        for site in sites:
            status = site.status(year)
            if status is not None:
                cohort = "start" if site.identified == 2015 else "nieuw"
                tables[site.authority][(status, cohort)] += 1
        out[year] = tables
    return out


def load_monitoring_waves() -> int:
    """The closed yearly waves 2015-2020 with all 41 returns; returns how many were added."""
    authorities = db.session.scalars(
        select(Organisation)
        .where(Organisation.org_type.in_([OrgType.PROVINCIE, OrgType.GEMEENTE]),
               Organisation.code.is_(None))
        .order_by(Organisation.org_type, Organisation.name)
    ).all()  # fmt: skip
    if db.session.scalar(select(Wave.id).where(Wave.slug == f"monitoring-{YEARS[0]}")):
        return 0
    contacts = db.session.scalars(
        select(Contact).where(
            Contact.role == ContactRole.BEVOEGD_GEZAG,
            Contact.organisation_id.in_([a.id for a in authorities]),
        )
    ).all()
    tables = returns(make_sites(len(authorities)), len(authorities))
    version = SurveyVersion.latest(SURVEY)
    question = survey_of(version).question("spoedlocaties")
    added = 0
    for year in YEARS:
        start = datetime(year + 1, 1, 15, 8, 0)
        wave = Wave(
            slug=f"monitoring-{year}",
            name=f"Monitoring spoedlocaties {year}",
            survey_version=version,
            period=year,
            response_unit=ResponseUnit.ORGANISATION,
            closes_at=end_of_day((start + timedelta(days=45)).date()),
        )
        db.session.add(wave)
        db.session.flush()
        wave.open(now=start)
        invitations = {i.contact.organisation_id: i for i in invite_contacts(wave, list(contacts))}
        for index, org in enumerate(authorities):
            when = start + timedelta(days=2 + index % 30, hours=index % 7)
            add_return(wave.id, org, question, tables[year][index], ResponseSource.SURVEY, when)
            invitation = invitations.get(org.id)
            if invitation is not None:
                invitation.sent_at = wave.opened_at
                invitation.mark_completed(when)
        wave.close(now=start + timedelta(days=46))
        added += 1
    db.session.flush()
    return added


def open_monitoring_wave(closes_at: datetime) -> tuple[int, int]:
    """This year's return (peiljaar 2021), open, every authority invited: (waves, invitations)."""
    slug = "monitoring-2021"
    wave = db.session.scalar(select(Wave).where(Wave.slug == slug))
    added = 0
    if wave is None:
        wave = Wave(
            slug=slug,
            name="Monitoring spoedlocaties 2021",
            survey_version=SurveyVersion.latest(SURVEY),
            period=2021,
            response_unit=ResponseUnit.ORGANISATION,
            closes_at=closes_at,
        )
        db.session.add(wave)
        db.session.flush()
        wave.open()
        added = 1
    invited = 0
    if wave.state is WaveState.OPEN:
        contacts = db.session.scalars(
            select(Contact)
            .join(Organisation)
            .where(Contact.role == ContactRole.BEVOEGD_GEZAG, Organisation.code.is_(None))
        ).all()
        invited = len(invite_contacts(wave, list(contacts)))
    return added, invited
