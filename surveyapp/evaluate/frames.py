"""The only code that turns stored answers into DataFrames: one Core query, no ORM objects."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import String, select, type_coerce

from surveyapp.extensions import db
from surveyapp.models import Answer, Response, ResponseStatus

COLUMNS = [
    "response",
    "wave",
    "org_type",
    "organisation",
    "source",
    "question",
    "timepoint",
    "value",
    "text",
    "dont_know",
]
CATEGORIES = ["org_type", "source", "question", "timepoint"]


def answers_frame(wave_ids: list[int], *, with_organisation: bool = True) -> pd.DataFrame:
    """Long frame of every submitted answer of the waves (survey, interview and imported).

    Columns: response, wave, org_type, organisation, source, question, timepoint, value (float,
    NaN for text and "weet niet"), text, dont_know. `with_organisation=False` leaves the
    organisation out (anonymous waves).
    """
    organisation = Response.organisation_name if with_organisation else type_coerce(None, String)
    stmt = (
        select(
            Answer.response_id,
            Response.wave_id,
            type_coerce(Response.org_type, String),  # plain strings: no enum objects per row
            organisation,
            type_coerce(Response.source, String),
            Answer.question_key,
            Answer.timepoint,
            Answer.value_num,
            Answer.value_text,
            Answer.dont_know,
        )
        .join(Response, Response.id == Answer.response_id)
        .where(Response.wave_id.in_(wave_ids), Response.status == ResponseStatus.SUBMITTED)
        .order_by(Answer.response_id, Answer.id)
    )
    with db.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    df = pd.DataFrame.from_records(rows, columns=COLUMNS)
    df["value"] = pd.to_numeric(df["value"], errors="coerce").astype(float)
    df["dont_know"] = df["dont_know"].astype(bool)
    for column in CATEGORIES:
        df[column] = df[column].astype("category")
    return df
