"""Shared fixtures and helpers."""

from __future__ import annotations

import pytest

from surveyapp.extensions import db
from surveyapp.models import (
    Invitation,
    WaveState,
)
from tests import factories as f


@pytest.fixture
def wave(session):
    wave = f.WaveFactory(
        name="Eindevaluatie 2020", state=WaveState.OPEN, max_reminders=2, reminder_interval_days=7
    )
    session.commit()
    return wave


def invite(wave, n: int, org=None) -> list[Invitation]:
    out = [
        f.InvitationFactory(
            wave=wave, contact=f.ContactFactory(**({"organisation": org} if org else {}))
        )
        for _ in range(n)
    ]
    db.session.commit()
    return out
