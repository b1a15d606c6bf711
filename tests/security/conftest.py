"""The respondent fixtures, shared with tests/respond, and the demo data."""

from __future__ import annotations

import pytest

from surveyapp.demo import load_demo
from tests.respond.conftest import (  # noqa: F401 - fixtures
    bo_wave,
    complete_answers,
    invitation,
    province,
    respondent,
)


@pytest.fixture
def demo(session):
    load_demo()
    session.commit()
