"""A wave's results in three stages: compute(frame) → disclose(computed, min_n) → words."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from surveyapp.definitions import Survey, survey_of
from surveyapp.evaluate.results.disclosure import disclose
from surveyapp.evaluate.results.frames import answers_frame
from surveyapp.evaluate.results.published import (
    WITHHELD_OPEN_ANONYMOUS,
    PublishedResults,
    Table,
    survey_items,
)
from surveyapp.evaluate.results.steps import ANSWERED, compute
from surveyapp.evaluate.results.wording import words
from surveyapp.extensions import db
from surveyapp.models import Response, ResponseStatus, Wave


def build_results(
    wave: Wave, survey: Survey, min_n: int = 5, frame: pd.DataFrame | None = None
) -> PublishedResults:
    """Every stage for one wave (from `frame` when already loaded); for a wave whose results
    are withheld, nothing is loaded or computed."""
    if wave.results_withheld:
        return withheld_results(wave, min_n, survey)
    raw = (
        frame
        if frame is not None
        else answers_frame([wave.id], with_organisation=not wave.anonymous)
    )
    return words(disclose(compute(wave, survey, raw), min_n))


def withheld_results(wave: Wave, min_n: int, survey: Survey | None = None) -> PublishedResults:
    """An anonymous wave that is still open: its response count and nothing computed."""
    n = db.session.scalar(
        select(func.count(Response.id)).where(
            Response.wave_id == wave.id,
            Response.status == ResponseStatus.SUBMITTED,
            Response.source.in_(ANSWERED),
        )
    )
    empty = Table((), ())
    survey = survey or survey_of(wave.survey_version)
    return PublishedResults(
        wave, survey, min_n, int(n or 0), survey_items(survey), item_stats=empty,
        group_stats=empty, changes=empty, theme_stats=empty, withheld=WITHHELD_OPEN_ANONYMOUS,
    )  # fmt: skip


def wave_results(wave: Wave, min_n: int) -> PublishedResults:
    """The published results of a wave from its stored answers and its own survey version."""
    return build_results(wave, survey_of(wave.survey_version), min_n)
