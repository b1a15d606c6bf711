"""Generated, closed demo waves (MTR 2018 and eindevaluatie 2020) so every results page shows
something: realistic spreads, some "weet niet", provinces more positive than municipalities,
a few extremely negative municipalities, change over time, interviews a point higher.

Deterministic (a fixed seed), so `flask demo` stays idempotent.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import select

from surveyapp.clock import end_of_day
from surveyapp.coordinate.operations import invite_contacts
from surveyapp.definitions import AnswerValue
from surveyapp.evaluate.results.operations import add_submitted_response
from surveyapp.extensions import db
from surveyapp.models import (
    Contact,
    ContactRole,
    Organisation,
    OrgType,
    ResponseSource,
    SurveyVersion,
    Wave,
)

# Means the final evaluation reports (chapter 3) for the competent authorities.
BO_TARGETS_2020 = {
    "art2_cijfer": 6.2,
    "art3_cijfer": 5.5,
    "art12_cijfer": 5.9,
    "art13_cijfer": 6.5,
    "art14_cijfer": 5.6,
    "samenwerking_partijen": 6.5,
    "uitvoeringsteam": 7.0,
    "eigen_organisatie": 6.9,
}
BO_SHIFT_2018 = -0.3
# Samenwerkingsscan items: (start, nu) means on the 1-5 scale; chapter 4 says what moved.
SG_TARGETS = {
    "urgentie": (3.0, 4.0),
    "wederzijdse_afhankelijkheid": (3.8, 3.9),
    "gedeelde_ambitie": (4.0, 3.0),
    "richtinggevende_doelen": (3.9, 3.0),
    "governance": (3.4, 3.3),
    "besluitvorming": (3.1, 3.0),
    "rollen": (3.2, 3.3),
    "heldere_kaders": (3.1, 3.2),
    "gelijkwaardigheid": (3.8, 2.9),
    "vertrouwen": (3.6, 3.4),
    "uitgesproken_belangen": (2.8, 3.8),
    "benutten_verschillen": (3.0, 3.0),
    "krachtig_team": (3.3, 3.1),
    "resultaten_zichtbaar": (3.0, 3.6),
    "resultaten_meerwaarde": (3.2, 3.5),
}
COMMENTS = [
    "De samenwerking met de provincie verliep goed; wij zijn goed meegenomen.",
    "Wij zijn als gemeente onvoldoende op de hoogte van de uitvoering van deze afspraak.",
    "Veel bereikt bij de spoedlocaties, maar de transitie is nog niet af.",
    "De financiering na 2020 is nog steeds onduidelijk.",
    "Het uitvoeringsprogramma heeft veel kennis opgeleverd die wij gebruiken.",
    "Bodeminformatie is versnipperd; een landelijke voorziening ontbreekt nog.",
    "Meer aandacht voor de communicatie met de achterban zou helpen.",
]

DEMO_WAVES = [
    # slug, name, survey, year, respondents (provinces, municipalities) or steering count
    (
        "mtr-2018-bevoegde-overheden",
        "Tussenrapportage 2018 – bevoegde overheden",
        "bevoegde-overheden",
        2018,
        (10, 20),
    ),
    (
        "eind-2020-bevoegde-overheden",
        "Eindevaluatie 2020 – bevoegde overheden",
        "bevoegde-overheden",
        2020,
        (10, 24),
    ),
    (
        "mtr-2018-samenwerking",
        "Tussenrapportage 2018 – samenwerking stuurgroep",
        "samenwerking-stuurgroep",
        2018,
        9,
    ),
    (
        "eind-2020-samenwerking",
        "Eindevaluatie 2020 – samenwerking stuurgroep",
        "samenwerking-stuurgroep",
        2020,
        8,
    ),
]


def _grade(rng, mean: float, sd: float, n: int, low: int = 1, high: int = 10) -> np.ndarray:
    return np.clip(np.rint(rng.normal(mean, sd, n)), low, high)


def _nudge_to(values: np.ndarray, target: float, rng, low: int, high: int) -> np.ndarray:
    """Move single answers one point until the mean is within 0.05 of the target."""
    values = values.copy()
    for _ in range(500):
        gap = target - values.mean()
        if abs(gap) < 0.05:
            break
        step = 1 if gap > 0 else -1
        candidates = np.where(
            (values + step >= low) & (values + step <= high) & (values > low + 1)
        )[0]
        values[rng.choice(candidates)] += step
    return values


def load_result_waves() -> int:
    """Create the closed demo waves with responses; returns how many waves were added."""
    added = 0
    for index, (slug, name, survey_slug, year, size) in enumerate(DEMO_WAVES):
        if db.session.scalar(select(Wave.id).where(Wave.slug == slug)) is not None:
            continue
        rng = np.random.default_rng(2020 + index)
        start = datetime(year, 9, 1, 8, 0)
        wave = Wave(
            slug=slug,
            name=name,
            survey_version=SurveyVersion.latest(survey_slug),
            closes_at=end_of_day((start + timedelta(days=42)).date()),
        )
        db.session.add(wave)
        db.session.flush()
        wave.open(now=start)
        if survey_slug == "bevoegde-overheden":
            _fill_authorities(wave, rng, size, year, start)
        else:
            _fill_steering(wave, rng, size, year, start)
        wave.close(now=start + timedelta(days=43))
        added += 1
    db.session.flush()
    return added


def _respond(wave, invitation, answers, when, source=ResponseSource.SURVEY, org=None):
    """Store generated (key, timepoint, number, text, weet niet) rows as a submitted response."""
    org = org or invitation.contact.organisation
    add_submitted_response(
        wave.id,
        org.org_type,
        org.name,
        source,
        [(key, AnswerValue(tp, num, text, dk)) for key, tp, num, text, dk in answers],
        when,
        invitation.id if invitation else None,
    )
    if invitation is not None:
        invitation.sent_at = wave.opened_at
        invitation.mark_completed(when)


def _fieldwork_day(rng, start, late: bool) -> datetime:
    day = int(rng.integers(15, 40)) if late else int(rng.integers(0, 14))
    return start + timedelta(days=day, hours=int(rng.integers(0, 9)))


def _fill_authorities(wave, rng, size, year, start) -> None:
    contacts = db.session.scalars(
        select(Contact)
        .join(Organisation)
        .where(Contact.role == ContactRole.BEVOEGD_GEZAG)
        .order_by(Organisation.org_type, Organisation.name)
    ).all()
    invitations = {i.contact_id: i for i in invite_contacts(wave, list(contacts))}
    n_prov, n_gem = size
    provinces = [c for c in contacts if c.organisation.org_type is OrgType.PROVINCIE][:n_prov]
    municipalities = [c for c in contacts if c.organisation.org_type is OrgType.GEMEENTE][:n_gem]
    people = provinces + municipalities
    shift = BO_SHIFT_2018 if year == 2018 else 0.0
    grades: dict[str, np.ndarray] = {}
    for key, target in BO_TARGETS_2020.items():
        prov = _grade(rng, target + shift + 0.6, 0.7, len(provinces), 4, 9)
        gem = _grade(rng, target + shift - 0.2, 1.0, len(municipalities), 3, 9)
        gem[: 2 if key != "uitvoeringsteam" else 1] = [2, 1][: 2 if key != "uitvoeringsteam" else 1]
        values = _nudge_to(np.concatenate([prov, gem]), target + shift, rng, 1, 10)
        grades[key] = values
    for i, person in enumerate(people):
        answers = []
        for key, values in grades.items():
            dont_know = rng.random() < 0.06 and i >= 3
            answers.append((key, "", None if dont_know else float(values[i]), None, dont_know))
        if rng.random() < 0.45:
            answers.append(("art2_toelichting", "", None, str(rng.choice(COMMENTS)), False))
        if rng.random() < 0.3:
            answers.append(("samenwerken_toelichting", "", None, str(rng.choice(COMMENTS)), False))
        grade = next(a for a in answers if a[0] == "eigen_organisatie")
        if grade[2] is not None and grade[2] <= 5:
            answers.append(
                (
                    "eigen_organisatie_laag",
                    "",
                    None,
                    "Meer capaciteit en kennis in de eigen organisatie.",
                    False,
                )
            )
        late = i % 3 == 0
        _respond(wave, invitations.get(person.id), answers, _fieldwork_day(rng, start, late))
        if late and person.id in invitations:
            invitations[person.id].reminder_count = 1
            invitations[person.id].last_reminded_at = start + timedelta(days=14)
    if year == 2020:
        _add_interviews(wave, rng, start)


def _add_interviews(wave, rng, start) -> None:
    """Ten interviews, a full point more positive than the enquête (as the source found)."""
    interviewees = db.session.scalars(
        select(Organisation).where(Organisation.code.is_not(None)).order_by(Organisation.id)
    ).all()
    for j in range(10):
        org = interviewees[j % len(interviewees)]
        answers = [
            (
                key,
                "",
                float(np.clip(round(target + 1 + rng.normal(0, 0.6)), 1, 10)),
                None,
                False,
            )
            for key, target in BO_TARGETS_2020.items()
        ]
        _respond(wave, None, answers, start + timedelta(days=20 + j), ResponseSource.INTERVIEW, org)


def _fill_steering(wave, rng, size, year, start) -> None:
    contacts = db.session.scalars(
        select(Contact)
        .where(Contact.role.in_([ContactRole.STUURGROEP, ContactRole.PROGRAMMATEAM]))
        .order_by(Contact.id)
    ).all()
    invitations = {i.contact_id: i for i in invite_contacts(wave, list(contacts))}
    people = contacts[:size]
    factor = 0.5 if year == 2018 else 1.0  # by the MTR half of the change had happened
    for i, person in enumerate(people):
        answers = []
        for key, (before, after) in SG_TARGETS.items():
            now_mean = before + (after - before) * factor
            for tp, mean in (("start", before), ("nu", now_mean)):
                dont_know = rng.random() < 0.05
                value = float(np.clip(round(rng.normal(mean, 0.7)), 1, 5))
                answers.append((key, tp, None if dont_know else value, None, dont_know))
        answers.append(("rol", "", None, "stuurgroep" if i % 2 else "programmateam", False))
        answers.append(
            (
                "cijfer_samenwerking",
                "",
                float(np.clip(round(rng.normal(6.5, 0.9)), 1, 10)),
                None,
                False,
            )
        )
        if i % 3 == 0:
            answers.append(
                (
                    "interactie_toelichting",
                    "",
                    None,
                    "Bij de start verschilde het gevoel van gelijkwaardigheid sterk.",
                    False,
                )
            )
        _respond(wave, invitations.get(person.id), answers, _fieldwork_day(rng, start, i % 4 == 0))
