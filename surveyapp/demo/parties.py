"""Demo data: the covenant "Bodem en Ondergrond 2016-2020" evaluation as the source describes it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from config import BASE_DIR
from surveyapp.clock import end_of_day, local_day
from surveyapp.coordinate.operations import invite_contacts, store_survey_version
from surveyapp.definitions import load_file
from surveyapp.demo.dashboard import load_dashboards
from surveyapp.demo.enquetes import load_result_waves
from surveyapp.demo.monitoring import (
    MUNICIPALITY_PROVINCE,
    load_monitoring_waves,
    open_monitoring_wave,
)
from surveyapp.extensions import db
from surveyapp.models import (
    PROVINCES,
    Contact,
    ContactRole,
    Invitation,
    Organisation,
    OrgType,
    StaffRole,
    StaffUser,
    SurveyVersion,
    Wave,
    WaveState,
    utcnow,
)

# The large municipalities that were competent authority under the Wbb (29 in the source).
MUNICIPALITIES = [
    "Amsterdam",
    "Rotterdam",
    "Den Haag",
    "Utrecht",
    "Eindhoven",
    "Groningen",
    "Tilburg",
    "Almere",
    "Breda",
    "Nijmegen",
    "Apeldoorn",
    "Haarlem",
    "Arnhem",
    "Enschede",
    "Amersfoort",
    "Zaanstad",
    "'s-Hertogenbosch",
    "Haarlemmermeer",
    "Zwolle",
    "Zoetermeer",
    "Leiden",
    "Maastricht",
    "Dordrecht",
    "Ede",
    "Emmen",
    "Deventer",
    "Delft",
    "Leeuwarden",
    "Alkmaar",
]

# The umbrella bodies (koepels) among them: counted apart from the authorities of their type.
UMBRELLAS = {"IPO", "VNG", "UvW", "VNO-NCW"}

# Steering group and programme team (15 in the source), by organisation.
STEERING = [
    (
        "Ministerie van Infrastructuur en Waterstaat",
        OrgType.RIJK,
        "IenW",
        [
            ("Anne de Vries", ContactRole.STUURGROEP),
            ("Bas Jansen", ContactRole.STUURGROEP),
            ("Carla Bakker", ContactRole.PROGRAMMATEAM),
            ("Dirk Visser", ContactRole.PROGRAMMATEAM),
        ],
    ),
    (
        "Interprovinciaal Overleg",
        OrgType.PROVINCIE,
        "IPO",
        [
            ("Esther Smit", ContactRole.STUURGROEP),
            ("Frank Meijer", ContactRole.STUURGROEP),
            ("Gerda de Boer", ContactRole.PROGRAMMATEAM),
        ],
    ),
    (
        "Vereniging van Nederlandse Gemeenten",
        OrgType.GEMEENTE,
        "VNG",
        [
            ("Hans Mulder", ContactRole.STUURGROEP),
            ("Ilse de Groot", ContactRole.STUURGROEP),
            ("Jeroen Bos", ContactRole.PROGRAMMATEAM),
        ],
    ),
    (
        "Unie van Waterschappen",
        OrgType.WATERSCHAP,
        "UvW",
        [
            ("Karin Vos", ContactRole.STUURGROEP),
            ("Luuk Peters", ContactRole.PROGRAMMATEAM),
        ],
    ),
    (
        "VNO-NCW / MKB-Nederland",
        OrgType.BEDRIJFSLEVEN,
        "VNO-NCW",
        [
            ("Marieke Hendriks", ContactRole.STUURGROEP),
            ("Niels van Dijk", ContactRole.STUURGROEP),
            ("Olga Dekker", ContactRole.PROGRAMMATEAM),
        ],
    ),
]

DEMO_PASSWORD = "bodem-en-ondergrond"  # noqa: S105 - printed on purpose; demo only
DEMO_STAFF = [
    ("admin@surveyapp.test", "Beheerder (demo)", StaffRole.ADMIN),
    ("coordinator@surveyapp.test", "Coördinator (demo)", StaffRole.COORDINATOR),
    ("evaluator@surveyapp.test", "Evaluator (demo)", StaffRole.EVALUATOR),
]


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class DemoResult:
    """What `load_demo` added; all zero on a second run."""

    organisations: int
    contacts: int
    staff: int
    waves: int = 0
    invitations: int = 0


def _get_or_add_org(name: str, org_type: OrgType, code: str | None) -> tuple[Organisation, bool]:
    org = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if org is not None:
        return org, False
    org = Organisation(name=name, org_type=org_type, code=code)
    db.session.add(org)
    db.session.flush()
    return org, True


def _get_or_add_contact(name: str, email: str, org: Organisation, role: ContactRole) -> bool:
    if db.session.scalar(select(Contact.id).where(Contact.email == email)) is not None:
        return False
    db.session.add(Contact(name=name, email=email, organisation=org, role=role))
    return True


def load_demo() -> DemoResult:
    """Add the demo organisations, contacts and staff that are missing; flushes, never commits."""
    orgs = contacts = staff = 0
    authorities = [(f"Provincie {p}", OrgType.PROVINCIE) for p in PROVINCES] + [
        (f"Gemeente {m}", OrgType.GEMEENTE) for m in MUNICIPALITIES
    ]
    for name, org_type in authorities:
        org, added = _get_or_add_org(name, org_type, None)
        orgs += added
        place = name.split(" ", 1)[1]
        org.province = place if org_type is OrgType.PROVINCIE else MUNICIPALITY_PROVINCE[place]
        email = f"bodem@{_slug(name)}.example.nl"
        contacts += _get_or_add_contact(f"Team bodem {name}", email, org, ContactRole.BEVOEGD_GEZAG)
    for org_name, org_type, code, people in STEERING:
        org, added = _get_or_add_org(org_name, org_type, code)
        orgs += added
        org.umbrella = code in UMBRELLAS
        for person, role in people:
            email = f"{_slug(person).replace('-', '.')}@{_slug(code)}.example.nl"
            contacts += _get_or_add_contact(person, email, org, role)
    for email, name, role in DEMO_STAFF:
        if db.session.scalar(select(StaffUser.id).where(StaffUser.email == email)) is None:
            user = StaffUser(email=email, name=name, role=role)
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
            staff += 1
    db.session.flush()
    _store_surveys()
    waves = load_result_waves() + load_monitoring_waves()
    opened, invitations = _load_open_waves()
    monitoring, invited = open_monitoring_wave(end_of_day(local_day(utcnow()) + timedelta(days=60)))
    load_dashboards()
    return DemoResult(orgs, contacts, staff, waves + opened + monitoring, invitations + invited)


# A follow-up round of both enquêtes, open now, to try the respondent flow and the fieldwork.
OPEN_WAVES = [
    (
        "vervolg-2026-bevoegde-overheden",
        "Vervolgmeting 2026 – bevoegde overheden",
        "bevoegde-overheden",
        [ContactRole.BEVOEGD_GEZAG],
    ),
    (
        "vervolg-2026-samenwerking",
        "Vervolgmeting 2026 – samenwerking stuurgroep",
        "samenwerking-stuurgroep",
        [ContactRole.STUURGROEP, ContactRole.PROGRAMMATEAM],
    ),
]


# The follow-up round asks the same questions (so waves compare item by item) but greets the
# respondent as a follow-up, after the covenant ended, instead of as the final evaluation.
FOLLOW_UP_TEXTS = {
    "bevoegde-overheden": (
        "Vervolgmeting convenant Bodem en Ondergrond – bevoegde overheden",
        "Het convenant Bodem en Ondergrond 2016-2020 is afgelopen. Met deze vervolgmeting vragen "
        "wij u als bevoegd gezag bodem opnieuw hoe ver de ambities uit het convenant volgens u nu "
        "zijn gerealiseerd, en hoe u de samenwerking sindsdien ervaart. We vergelijken de "
        "uitkomsten met de eindevaluatie van 2020.\n\n"
        "Geef per onderwerp een rapportcijfer van 1 tot en met 10 (5,5 is voldoende). Kunt u een "
        "onderwerp niet beoordelen, kies dan ‘weet niet / geen oordeel’. Een toelichting bij uw "
        "cijfer helpt ons het cijfer goed te duiden.",
    ),
    "samenwerking-stuurgroep": (
        "Vervolgmeting convenant Bodem en Ondergrond – de samenwerking",
        "Het convenant Bodem en Ondergrond 2016-2020 is afgelopen; de partijen werken sindsdien "
        "verder samen. Deze vervolgmeting stelt dezelfde vragen als de eindevaluatie van 2020, "
        "zodat we kunnen zien wat er in de samenwerking is veranderd.\n\n"
        "De vragen volgen de samenwerkingsscan: motivatie, organisatie, interactie en "
        "resultaten. Geef bij elke uitspraak aan in hoeverre u het ermee eens bent, zowel voor de "
        "start van het convenant (2016) als voor nu.",
    ),
}


def _definitions() -> dict[str, dict]:
    """The seed enquêtes in surveys/*.yaml by slug."""
    out = {}
    for path in sorted((BASE_DIR / "surveys").glob("*.yaml")):
        definition, problems = load_file(path)
        if problems:
            raise ValueError("; ".join(str(p) for p in problems))
        out[definition["slug"]] = definition
    return out


def _store_surveys() -> None:
    """Store each seed enquête as it is in surveys/ (the closed 2018 and 2020 waves use it)."""
    for definition in _definitions().values():
        store_survey_version(definition)


def _load_open_waves() -> tuple[int, int]:
    """Open the follow-up waves on a follow-up version of each enquête; invite every contact."""
    for slug, definition in _definitions().items():
        if slug not in FOLLOW_UP_TEXTS:
            continue
        title, intro = FOLLOW_UP_TEXTS[slug]
        store_survey_version({**definition, "title": title, "intro": intro})
    waves = invitations = 0
    for slug, name, survey_slug, roles in OPEN_WAVES:
        wave = db.session.scalar(select(Wave).where(Wave.slug == slug))
        if wave is None:
            wave = Wave(
                slug=slug,
                name=name,
                survey_version=SurveyVersion.latest(survey_slug),
                closes_at=end_of_day(local_day(utcnow()) + timedelta(days=60)),
            )
            db.session.add(wave)
            db.session.flush()
            wave.open()
            waves += 1
        if wave.state is WaveState.OPEN:
            audience = db.session.scalars(
                select(Contact).where(Contact.role.in_(roles), Contact.active.is_(True))
            ).all()
            invitations += len(invite_contacts(wave, list(audience)))
    db.session.flush()
    return waves, invitations


def demo_links(limit: int | None = 2) -> list[tuple[str, str, str]]:
    """(wave name, organisation, token) of demo invitations; `limit` per wave, None for all."""
    out = []
    for slug in [w[0] for w in OPEN_WAVES] + ["monitoring-2021"]:
        rows = db.session.execute(
            select(Wave.name, Organisation.name, Invitation.token)
            .join(Invitation, Invitation.wave_id == Wave.id)
            .join(Contact, Contact.id == Invitation.contact_id)
            .join(Organisation, Organisation.id == Contact.organisation_id)
            .where(Wave.slug == slug)
            .order_by(Organisation.org_type, Organisation.name, Contact.name)
        ).all()
        if limit is not None:  # one example per organisation type: a province, a municipality…
            seen: set[str] = set()
            rows = [r for r in rows if not (r[1].split()[0] in seen or seen.add(r[1].split()[0]))]
        out.extend(rows if limit is None else rows[:limit])
    return [tuple(r) for r in out]
