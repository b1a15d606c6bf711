"""Response-rate figures against a hand-counted fixture (the seed's 34 of 41)."""

from __future__ import annotations

from datetime import datetime

from surveyapp.coordinate.rates import wave_rate
from surveyapp.models import ContactRole, OrgType, ResponseUnit, WaveState
from tests import factories as f

DAY1, DAY2, DAY3 = datetime(2020, 10, 1, 9), datetime(2020, 10, 2, 9), datetime(2020, 10, 8, 9)


def make(wave, org_type, n, opened, started, completed, role=ContactRole.BEVOEGD_GEZAG):
    """n contacts of one type; the first `completed` completed, etc. (hand-countable)."""
    for i in range(n):
        org = f.OrganisationFactory(org_type=org_type)
        inv = f.InvitationFactory(
            wave=wave, contact=f.ContactFactory(organisation=org, role=role), sent_at=DAY1
        )
        if i < opened:
            inv.opened_at = DAY1
        if i < started:
            inv.started_at = DAY2
        if i < completed:
            inv.completed_at = DAY2 if i % 2 else DAY3


def test_seed_figures(session):
    wave = f.WaveFactory(state=WaveState.OPEN)
    make(wave, OrgType.PROVINCIE, 12, opened=11, started=10, completed=10)
    make(wave, OrgType.GEMEENTE, 29, opened=27, started=25, completed=24)
    withdrawn = f.InvitationFactory(wave=wave)
    withdrawn.withdraw()
    session.flush()
    rate = wave_rate(wave)
    assert rate.overall.sentence == "34 van 41 (83%)"
    assert (rate.overall.sent, rate.overall.opened, rate.overall.started) == (41, 38, 35)
    rows = {r.group: r for r in rate.by_org_type}
    assert list(rows) == ["Provincie", "Gemeente"]
    assert rows["Provincie"].sentence == "10 van 12 (83%)"
    assert rows["Gemeente"].sentence == "24 van 29 (83%)"
    assert [r.sentence for r in rate.by_role] == ["34 van 41 (83%)"]
    assert len(rate.missing) == 7
    # 5 + 12 complete on day 2 (odd indexes), the rest on day 3 (local dates).
    assert [(d.isoformat(), n) for d, n in rate.completions_by_day] == [
        ("2020-10-02", 17),
        ("2020-10-08", 34),
    ]


def test_per_organisation_unit(session):
    wave = f.WaveFactory(state=WaveState.OPEN, response_unit=ResponseUnit.ORGANISATION)
    ede = f.OrganisationFactory(name="Gemeente Ede")
    emmen = f.OrganisationFactory(name="Gemeente Emmen")
    f.InvitationFactory(
        wave=wave,
        contact=f.ContactFactory(organisation=ede),
        completed_at=DAY2,
        opened_at=DAY1,
        started_at=DAY1,
    )
    f.InvitationFactory(wave=wave, contact=f.ContactFactory(organisation=ede))
    f.InvitationFactory(wave=wave, contact=f.ContactFactory(organisation=emmen), opened_at=DAY1)
    session.flush()
    rate = wave_rate(wave)
    assert rate.overall.sentence == "1 van 2 (50%)"
    assert rate.overall.opened == 2
    assert [u.label for u in rate.missing] == ["Gemeente Emmen"]


def test_empty_wave(session):
    rate = wave_rate(f.WaveFactory())
    assert rate.overall.sentence == "0 van 0 (–)"
    assert rate.by_org_type == [] and rate.completions_by_day == []
