"""The wave state machine: draft → open → closed, and nothing else."""

from datetime import datetime, timedelta

import pytest

from surveyapp.errors import DomainError, IllegalTransition
from surveyapp.models import Wave, WaveState

NOW = datetime(2020, 10, 1, 12, 0)


def make_wave(**kw) -> Wave:
    kw.setdefault("closes_at", NOW + timedelta(days=14))
    return Wave(name="Eindevaluatie 2020", slug="eind-2020", state=WaveState.DRAFT, **kw)


def test_draft_opens_and_closes():
    wave = make_wave()
    assert not wave.accepts_answers(NOW)
    wave.open(NOW)
    assert wave.state is WaveState.OPEN
    assert wave.opened_at == NOW and wave.opens_at == NOW
    assert wave.accepts_answers(NOW)
    wave.close(NOW + timedelta(days=1))
    assert wave.state is WaveState.CLOSED
    assert wave.closed_at == NOW + timedelta(days=1)
    assert not wave.accepts_answers(NOW + timedelta(days=1))


@pytest.mark.parametrize(
    ("state", "move"),
    [
        (WaveState.DRAFT, "close"),
        (WaveState.OPEN, "open"),
        (WaveState.CLOSED, "open"),
        (WaveState.CLOSED, "close"),
    ],
)
def test_illegal_moves_raise_and_change_nothing(state, move):
    wave = make_wave()
    wave.state = state
    with pytest.raises(IllegalTransition, match="kan niet naar"):
        getattr(wave, move)(NOW)
    assert wave.state is state


def test_cannot_open_after_closing_date():
    wave = make_wave(closes_at=NOW - timedelta(minutes=1))
    with pytest.raises(DomainError, match="sluitingsdatum"):
        wave.open(NOW)
    assert wave.state is WaveState.DRAFT


def test_open_wave_stops_accepting_at_closing_date():
    wave = make_wave()
    wave.open(NOW)
    assert wave.accepts_answers(wave.closes_at - timedelta(seconds=1))
    assert not wave.accepts_answers(wave.closes_at)


def test_extend_moves_closing_date_later_only():
    wave = make_wave()
    wave.open(NOW)
    later = wave.closes_at + timedelta(days=7)
    wave.extend(later, NOW)
    assert wave.closes_at == later
    with pytest.raises(DomainError, match="latere"):
        wave.extend(later - timedelta(days=1), NOW)
    with pytest.raises(DomainError, match="toekomst"):
        wave.extend(NOW - timedelta(days=1), NOW)
    wave.close(NOW)
    with pytest.raises(IllegalTransition):
        wave.extend(later + timedelta(days=1), NOW)
    assert wave.closes_at == later
