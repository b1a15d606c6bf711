"""PostgreSQL reads answers with COPY: the frame must equal the one built from row tuples."""

from __future__ import annotations

import pandas as pd
import pytest

from surveyapp.evaluate.results import frames
from surveyapp.extensions import db
from tests.conftest import USE_PG
from tests.evaluate.conftest import add_response, make_wave

pytestmark = pytest.mark.skipif(not USE_PG, reason="COPY is PostgreSQL's (DATABASE_URL)")


def test_copy_and_tuples_give_the_same_frame(session, monkeypatch):
    wave = make_wave(session)
    awkward = 'een "komma", een\nnieuwe regel; en \\ een backslash'
    add_response(session, wave, "provincie", {"samenwerking_partijen": 7,
                 "samenwerken_toelichting": awkward}, 'Provincie "Zuid", Holland')  # fmt: skip
    add_response(session, wave, "gemeente", {"samenwerking_partijen": "dk"}, "Ede")
    add_response(session, wave, None, {"art2_cijfer": 5.5, "samenwerken_toelichting": "x"}, None)
    session.commit()
    copied = frames.answers_frame([wave.id])
    monkeypatch.setattr(db.engine.dialect, "name", "tuples")  # the SQLite path, on PostgreSQL
    built = frames.answers_frame([wave.id])
    pd.testing.assert_frame_equal(copied, built)
    assert awkward in set(copied["text"]) and copied["dont_know"].sum() == 1
