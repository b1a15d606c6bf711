"""Raw answers as they may be published, streamed from the database in chunks.

Identified waves: every submitted answer as stored (evaluators know who answered). Anonymous
waves: survey answers only, without response id or organisation; the org type is blank for
groups under `min_n` respondents (and the complementary groups that would reveal them), whose
free text is left out altogether; with fewer than `min_n` respondents in all there are no rows
(who answered is known from the response rate). Respondents are numbered 1…n in the order of
their random ids, so the numbering says nothing about who answered when.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, select

from analysis.disclosure import cells_to_hide
from surveyapp.definitions import survey_of
from surveyapp.evaluate.results.frames import answers_select
from surveyapp.exports import neutralise
from surveyapp.extensions import db
from surveyapp.models import (
    Anonymity,
    Answer,
    Response,
    ResponseSource,
    ResponseStatus,
    Wave,
)

LONG_COLUMNS = [
    "respondent", "wave", "org_type", "organisation", "source", "question", "timepoint",
    "value", "text", "dont_know",
]  # fmt: skip
META_COLUMNS = ["respondent", "org_type", "organisation", "source"]
CHUNK = 10_000


@dataclass(frozen=True)
class RawPolicy:
    """What of a wave's raw answers may be shown."""

    anonymous: bool
    hidden_org_types: frozenset[str] = frozenset()
    nothing: bool = False  # an anonymous wave with fewer than min_n respondents


def raw_policy(wave: Wave, min_n: int) -> RawPolicy:
    """The policy from the group sizes, in one aggregate query."""
    if wave.anonymity is not Anonymity.ANONYMOUS:
        return RawPolicy(anonymous=False)
    sizes = {
        str(org_type.value if org_type else None): n
        for org_type, n in db.session.execute(
            select(Response.org_type, func.count(Response.id))
            .where(*_submitted(wave.id, survey_only=True))
            .group_by(Response.org_type)
        )
    }
    if sum(sizes.values()) < min_n:
        return RawPolicy(anonymous=True, nothing=True)
    hidden = frozenset(str(k) for k in cells_to_hide(sizes, min_n=min_n))
    return RawPolicy(anonymous=True, hidden_org_types=hidden)


def _submitted(wave_id: int, survey_only: bool) -> list:
    """The wave's submitted responses; in anonymous waves only those from the survey itself."""
    where = [Response.wave_id == wave_id, Response.status == ResponseStatus.SUBMITTED]
    if survey_only:
        where.append(Response.source == ResponseSource.SURVEY)
    return where


def iter_long(wave_id: int, policy: RawPolicy) -> Iterator[tuple]:
    """One tuple per answer (LONG_COLUMNS), by respondent, question and timepoint.

    Takes the wave's id, not the wave: a streamed response runs this after the request's
    session has ended."""
    if policy.nothing:
        return
    stmt = answers_select(
        *_submitted(wave_id, survey_only=policy.anonymous),
        with_organisation=not policy.anonymous,  # anonymous: names never leave the database
    ).order_by(Answer.response_id, Answer.question_key, Answer.timepoint)
    number, last = 0, None
    with db.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(stmt)
        for row in result:
            response, wave_id, org_type, organisation, source, *answer = row
            value, text = answer[2], answer[3]
            if policy.anonymous:
                if org_type in policy.hidden_org_types:
                    if text is not None:
                        continue
                    org_type = None
                if response != last:
                    number, last = number + 1, response
                response, organisation = number, None
            value = None if value is None else float(value)
            yield (response, wave_id, org_type, organisation, source, answer[0], answer[1],
                   value, text, bool(answer[4]))  # fmt: skip


def wide_columns(wave: Wave) -> list[str]:
    """The item columns of the wide table: the survey's questions in order, then any other
    stored keys (say an "anders" text), alphabetically."""
    survey = survey_of(wave.survey_version)
    ordered = [f"{q.key}.{tp}" if tp else q.key for q in survey.questions for tp in q.slots]
    stored = db.session.execute(
        select(Answer.question_key, Answer.timepoint)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.wave_id == wave.id, Response.status == ResponseStatus.SUBMITTED)
        .distinct()
    ).all()
    present = {f"{key}.{tp}" if tp else key for key, tp in stored}
    return [c for c in ordered if c in present] + sorted(present - set(ordered))


def iter_wide(wave_id: int, policy: RawPolicy, columns: list[str]) -> Iterator[list]:
    """One row per respondent: META_COLUMNS, then a value per column ("weet niet" written out)."""
    position = {c: i for i, c in enumerate(columns)}
    row: list | None = None
    last = None
    for respondent, _wave, org_type, organisation, source, key, tp, value, text, dk in iter_long(
        wave_id, policy
    ):
        if respondent != last:
            if row is not None:
                yield row
            row = [respondent, org_type, organisation, source] + [None] * len(columns)
            last = respondent
        cell = "weet niet" if dk else (value if value is not None else text)
        row[4 + position[f"{key}.{tp}" if tp else key]] = cell
    if row is not None:
        yield row


def csv_chunks(header: list[str], rows: Iterator, delimiter: str = ",") -> Iterator[bytes]:
    """A streamed CSV (UTF-8 with BOM), cells neutralised, about 1,000 rows per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(header)
    for n, row in enumerate(rows, 1):
        writer.writerow(["" if v is None else neutralise(v) for v in row])
        if n % 1000 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def long_csv(wave: Wave, min_n: int) -> Iterator[bytes]:
    """The long table as CSV chunks; what needs the wave is read now, the rows when sent."""
    return csv_chunks(LONG_COLUMNS, iter_long(wave.id, raw_policy(wave, min_n)))


def wide_csv(wave: Wave, min_n: int) -> Iterator[bytes]:
    """The wide table as CSV chunks (see `long_csv`)."""
    columns = wide_columns(wave)
    rows = iter_wide(wave.id, raw_policy(wave, min_n), columns)
    return csv_chunks(META_COLUMNS + columns, rows)
