"""A wave of the competent-authority enquête with hand-made answers (hand-countable)."""

from __future__ import annotations

import pytest

from config import BASE_DIR
from surveyapp.coordinate.operations import store_survey_version
from surveyapp.definitions import load_file
from surveyapp.models import (
    Answer,
    Response,
    ResponseSource,
    ResponseStatus,
    Wave,
    WaveState,
    utcnow,
)

PROVINCES = [7, 8, 9, 8, 7, "dk"]
MUNICIPALITIES = [5, 6, 4, 6, 5, 1]


def bo_version(session):
    definition, problems = load_file(BASE_DIR / "surveys" / "bevoegde-overheden.yaml")
    assert not problems
    return store_survey_version(definition).version


def add_response(
    session,
    wave,
    org_type,
    answers,
    organisation="Org",
    source=ResponseSource.SURVEY,
    status=ResponseStatus.SUBMITTED,
):
    now = utcnow()
    response = Response(
        wave=wave,
        org_type=org_type,
        organisation_name=organisation,
        source=source,
        status=status,
        submitted_at=now,
    )
    session.add(response)
    session.flush()
    for key, value in answers.items():
        key, _, tp = key.partition("@")
        if value == "dk":
            session.add(Answer(response=response, question_key=key, timepoint=tp, dont_know=True))
        elif isinstance(value, str):
            session.add(Answer(response=response, question_key=key, timepoint=tp, value_text=value))
        else:
            session.add(
                Answer(response=response, question_key=key, timepoint=tp, value_num=float(value))
            )
    return response


def make_wave(session, slug="eind", name="Eindevaluatie 2020", version=None, **kw):
    wave = Wave(
        slug=slug,
        name=name,
        survey_version=version or bo_version(session),
        state=WaveState.CLOSED,
        **kw,
    )
    session.add(wave)
    session.flush()
    return wave


@pytest.fixture
def results_wave(session):
    wave = make_wave(session)
    for i, grade in enumerate(PROVINCES):
        add_response(session, wave, "provincie", {"samenwerking_partijen": grade}, f"Provincie {i}")
    for i, grade in enumerate(MUNICIPALITIES):
        answers = {"samenwerking_partijen": grade}
        if i < 5:
            answers["samenwerken_toelichting"] = f'=HYPERLINK("x") opmerking {i}'
        add_response(session, wave, "gemeente", answers, f"Gemeente {i}")
    add_response(
        session, wave, "gemeente", {"samenwerking_partijen": 10}, status=ResponseStatus.DRAFT
    )  # drafts never count
    session.commit()
    return wave
