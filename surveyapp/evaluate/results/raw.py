"""Raw answers as they may be published, streamed from the database in chunks.

Identified waves: every submitted answer as stored (evaluators know who answered). Anonymous
waves follow the wave's `DisclosurePlan`, the same one the tables follow: answers given online
or imported (no interviews), without response id or organisation; the org type is blank for the
groups the wave does not name, whose free text is left out altogether; the answers of a hidden
item or cell are left out, so that no table minus the raw answers gives a small group. With
fewer than `min_n` respondents in all there are no rows (who answered is known from the
response rate). Respondents are numbered 1…n in the order of their random ids, so the
numbering says nothing about who answered when.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import String, case, func, select, type_coerce

from analysis.disclosure import DisclosurePlan, plan_disclosure
from surveyapp.definitions import survey_of
from surveyapp.evaluate.results.frames import answers_select
from surveyapp.evaluate.results.published import survey_items
from surveyapp.exports import neutralise
from surveyapp.extensions import db
from surveyapp.models import Anonymity, Answer, Response, ResponseSource, ResponseStatus, Wave

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
    plan: DisclosurePlan | None = None  # anonymous waves: the wave's one disclosure plan
    items: frozenset[str] = frozenset()  # the rated items the plan's cells are about
    nothing: bool = False  # an anonymous wave with fewer than min_n respondents


def policy_of(wave: Wave, plan: DisclosurePlan | None, n_responses: int) -> RawPolicy:
    """The policy of computed results (their plan), for the workbook's answers sheet."""
    if wave.anonymity is not Anonymity.ANONYMOUS or plan is None:
        return RawPolicy(anonymous=False)
    items = frozenset(i.id for i in survey_items(survey_of(wave.survey_version)))
    return RawPolicy(True, plan, items, nothing=n_responses < plan.min_n)


def raw_policy(wave: Wave, min_n: int) -> RawPolicy:
    """The policy without computing results: the plan from answer counts per item and org
    type, in two aggregate queries (`disclosure.plan_of` makes it from the same counts)."""
    if wave.anonymity is not Anonymity.ANONYMOUS:
        return RawPolicy(anonymous=False)
    where = _submitted(wave.id, anonymous=True)
    sizes = {
        str(org_type): n
        for org_type, n in db.session.execute(
            select(
                type_coerce(Response.org_type, String),
                func.count(func.distinct(Answer.response_id)),
            )
            .join(Response, Response.id == Answer.response_id)
            .where(*where)
            .group_by(Response.org_type)
        )
    }
    numbers = case((Answer.value_num.is_not(None) & ~Answer.dont_know, 1), else_=0)
    counts = db.session.execute(
        select(
            Answer.question_key, Answer.timepoint, type_coerce(Response.org_type, String),
            func.sum(numbers), func.sum(case((Answer.dont_know, 1), else_=0)),
        )
        .join(Response, Response.id == Answer.response_id)
        .where(*where)
        .group_by(Answer.question_key, Answer.timepoint, Response.org_type)
    ).all()  # fmt: skip
    items = frozenset(i.id for i in survey_items(survey_of(wave.survey_version)))
    cells = pd.DataFrame(
        [
            (f"{k}.{tp}" if tp else k, org, int(n or 0), int(dk or 0))
            for k, tp, org, n, dk in counts
        ],
        columns=["item", "org_type", "n", "n_dont_know"],
    )
    cells = cells[cells["item"].isin(items) & (cells["n"] + cells["n_dont_know"] > 0)]
    plan = plan_disclosure(cells, sizes, anonymous=True, min_n=min_n)
    return RawPolicy(True, plan, items, nothing=sum(sizes.values()) < min_n)


def _submitted(wave_id: int, anonymous: bool) -> list:
    """The wave's submitted responses; in anonymous waves those answered online or imported."""
    where = [Response.wave_id == wave_id, Response.status == ResponseStatus.SUBMITTED]
    if anonymous:
        where.append(Response.source.in_([ResponseSource.SURVEY, ResponseSource.IMPORT]))
    return where


def iter_long(wave_id: int, policy: RawPolicy) -> Iterator[tuple]:
    """One tuple per answer (LONG_COLUMNS), by respondent, question and timepoint.

    Takes the wave's id, not the wave: a streamed response runs this after the request's
    session has ended."""
    if policy.nothing:
        return
    stmt = answers_select(
        *_submitted(wave_id, anonymous=policy.anonymous),
        with_organisation=not policy.anonymous,  # anonymous: names never leave the database
    ).order_by(Answer.response_id, Answer.question_key, Answer.timepoint)
    with db.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(stmt)
        yield from published_rows(result, policy)


def published_rows(rows, policy: RawPolicy) -> Iterator[tuple]:
    """The answer rows (COLUMNS order, sorted by response) as the policy lets them out."""
    plan = policy.plan
    number, last = 0, None
    for row in rows:
        response, wave_id, org_type, organisation, source, *answer = row
        value, text = answer[2], answer[3]
        if policy.anonymous and plan is not None:
            item = f"{answer[0]}.{answer[1]}" if answer[1] else answer[0]
            if item in policy.items and not plan.shows(item, org_type):
                continue
            if plan.group(org_type) != (org_type or ""):
                if text is not None:
                    continue
                org_type = None
            if response != last:
                number, last = number + 1, response
            response, organisation = number, None
        value = None if value is None or value != value else float(value)
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


def ndjson_chunks(header: list[str], rows: Iterator) -> Iterator[bytes]:
    """The same rows as newline-delimited JSON objects (the API), about 1,000 per chunk."""
    lines: list[str] = []
    for row in rows:
        lines.append(json.dumps(dict(zip(header, row, strict=True)), ensure_ascii=False))
        if len(lines) == 1000:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")


def long_table(wave: Wave, min_n: int) -> tuple[list[str], Iterator[tuple]]:
    """The long table's header and rows; what needs the wave is read now, the rows when sent."""
    return LONG_COLUMNS, iter_long(wave.id, raw_policy(wave, min_n))


def wide_table(wave: Wave, min_n: int) -> tuple[list[str], Iterator[list]]:
    """The wide table's header and rows (see `long_table`)."""
    columns = wide_columns(wave)
    return META_COLUMNS + columns, iter_wide(wave.id, raw_policy(wave, min_n), columns)


def long_csv(wave: Wave, min_n: int) -> Iterator[bytes]:
    """The long table as CSV chunks."""
    return csv_chunks(*long_table(wave, min_n))


def wide_csv(wave: Wave, min_n: int) -> Iterator[bytes]:
    """The wide table as CSV chunks."""
    return csv_chunks(*wide_table(wave, min_n))
