"""A wave of the competent-authority enquête with hand-made answers (hand-countable)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from config import BASE_DIR
from surveyapp.coordinate.operations import store_survey_version
from surveyapp.definitions import AnswerValue, load_file
from surveyapp.evaluate.results.operations import add_submitted_response
from surveyapp.models import (
    ResponseSource,
    ResponseStatus,
    Wave,
    WaveState,
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
    """A response as the product stores one (`add_submitted_response`); `answers` maps
    "key" or "key@timepoint" to a number, a text or "dk". A draft is the same, unsubmitted."""
    values = []
    for key, value in answers.items():
        key, _, tp = key.partition("@")
        if value == "dk":
            values.append((key, AnswerValue(tp, dont_know=True)))
        elif isinstance(value, str):
            values.append((key, AnswerValue(tp, value_text=value)))
        else:
            values.append((key, AnswerValue(tp, value_num=float(value))))
    response = add_submitted_response(wave.id, org_type, organisation, source, values)
    if status is not ResponseStatus.SUBMITTED:
        response.status, response.submitted_at = status, None
    session.flush()
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
def evaluator(login_as):
    return login_as("evaluator")


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


@pytest.fixture
def demo_waves(demo, session, login_as) -> dict[str, Wave]:
    """The covenant demo loaded, an evaluator logged in, and the demo's waves by slug."""
    login_as("evaluator")
    return {w.slug: w for w in session.scalars(select(Wave))}


ITEM = "samenwerking_partijen"


def fill(session, wave, sizes, grade=7, comment=False):
    """`sizes` respondents per org type, each with a grade (and a comment naming its group)."""
    for org_type, n in sizes.items():
        for i in range(n):
            answers = {ITEM: grade + (i % 3) - 1}
            if comment:
                answers["samenwerken_toelichting"] = f"opmerking-{org_type}-{i}"
            add_response(session, wave, org_type, answers, f"{org_type.title()} {i}")
    session.commit()


def interviews(session, wave, grades):
    """Interview grades for the item, entered as a separate source."""
    for i, grade in enumerate(grades):
        add_response(
            session,
            wave,
            "provincie",
            {ITEM: grade},
            f"Interview {i}",
            source=ResponseSource.INTERVIEW,
        )
    session.commit()


def summary(client, wave) -> dict:
    return json.loads(client.get(f"/evaluate/waves/{wave.id}/export.json").data)


def item_of(data: dict) -> dict:
    return next(i for i in data["items"] if i["id"] == ITEM)
