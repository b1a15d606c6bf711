"""The respondent fixtures, shared with tests/respond, and the demo data."""

from __future__ import annotations

from tests.respond.conftest import (  # noqa: F401 - fixtures
    bo_wave,
    complete_answers,
    invitation,
    province,
    respondent,
)
