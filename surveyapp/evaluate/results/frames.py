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


def _fetch_columns(stmt) -> list[tuple]:
    """Run `stmt` on the driver's own cursor and return its columns.

    A million answers as SQLAlchemy Row objects cost seconds; the DB-API cursor's plain tuples,
    transposed once, cost a fraction of that. The SQL is SQLAlchemy's own compilation.
    """
    with db.engine.connect() as conn:
        compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
        positions = getattr(compiled, "positiontup", None)
        params = compiled.params
        bound = tuple(params[name] for name in positions) if positions else params
        cursor = conn.connection.cursor()
        try:
            cursor.execute(str(compiled), bound)
            rows = cursor.fetchall()
        finally:
            cursor.close()
    return list(zip(*rows, strict=True))


def _copy_frame(stmt) -> pd.DataFrame:
    """PostgreSQL: the rows as one CSV stream (COPY … TO STDOUT), parsed by pandas in C.

    Several times faster than building a Python tuple per answer. An empty text reads as
    missing (as NULL does): organisations always have a name, and an empty answer is none.
    """
    import io

    with db.engine.connect() as conn:
        sql = stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
        buffer = io.BytesIO()
        cursor = conn.connection.cursor()
        try:
            with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
                for block in copy:
                    buffer.write(block)
        finally:
            cursor.close()
    buffer.seek(0)
    text = {c: "str" for c in ("org_type", "organisation", "source", "question", "timepoint")}
    df = pd.read_csv(
        buffer,
        names=COLUMNS,
        header=None,
        dtype={**text, "text": "str", "response": "int64", "wave": "int64"},
        keep_default_na=False,
        na_values={c: [""] for c in ("value", "org_type", "organisation", "text")},
        converters={"dont_know": lambda v: v == "t"},
    )
    if df["text"].isna().all():  # as pandas infers it from tuples: no text at all is object
        df["text"] = pd.Series([None] * len(df), dtype=object)
    return df


def answers_select(*where, with_organisation: bool = True):
    """The answers of the responses matching `where`, in the order of COLUMNS; without the
    organisation's name (NULL) when `with_organisation` is false. Also the raw exports' query."""
    organisation = Response.organisation_name if with_organisation else type_coerce(None, String)
    return (
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
        .where(*where)
    )


def answers_frame(wave_ids: list[int], *, with_organisation: bool = True) -> pd.DataFrame:
    """Long frame of every submitted answer of the waves (survey, interview and imported).

    Columns: response, wave, org_type, organisation, source, question, timepoint, value (float,
    NaN for text and "weet niet"), text, dont_know. `with_organisation=False` leaves the
    organisation out (anonymous waves).
    """
    stmt = answers_select(
        Response.wave_id.in_(wave_ids),
        Response.status == ResponseStatus.SUBMITTED,
        with_organisation=with_organisation,
    )
    if db.engine.dialect.name == "postgresql":
        df = _copy_frame(stmt)
    else:
        columns = _fetch_columns(stmt) or [()] * len(COLUMNS)
        df = pd.DataFrame(dict(zip(COLUMNS, columns, strict=True)))
    df["value"] = pd.to_numeric(df["value"], errors="coerce").astype(float)
    df["dont_know"] = df["dont_know"].astype(bool)
    for column in CATEGORIES:
        df[column] = df[column].astype("category")
    return df.sort_values(["response", "question", "timepoint"], ignore_index=True)


RETURN_COLUMNS = [
    "period", "wave", "organisation", "org_type", "province", "response", "submitted_at", "key",
    "count",
]  # fmt: skip


def returns_frame(slug: str, keys: list[str]) -> pd.DataFrame:
    """Every stored cell (`keys`) of the submitted yearly returns of the survey `slug`, in
    identified waves with a peiljaar, with the authority each return is of; one query.
    Columns: RETURN_COLUMNS (org_type as its plain value)."""
    from sqlalchemy.orm import aliased

    from surveyapp.models import Anonymity, Organisation, SurveyVersion, Wave

    org = aliased(Organisation)
    stmt = (
        select(
            Wave.period, Wave.name, org.name, type_coerce(org.org_type, String), org.province,
            Response.id, Response.submitted_at, Answer.question_key, Answer.value_num,
        )
        .join(Wave, Wave.id == Response.wave_id)
        .join(SurveyVersion, SurveyVersion.id == Wave.survey_version_id)
        .join(org, org.id == Response.organisation_id_expr())
        .join(Answer, Answer.response_id == Response.id)
        .where(
            SurveyVersion.slug == slug,
            Wave.period.is_not(None),
            Wave.anonymity != Anonymity.ANONYMOUS,
            Response.status == ResponseStatus.SUBMITTED,
            Answer.question_key.in_(keys),
        )
    )  # fmt: skip
    columns = _fetch_columns(stmt) or [()] * len(RETURN_COLUMNS)
    return pd.DataFrame(dict(zip(RETURN_COLUMNS, columns, strict=True)))
