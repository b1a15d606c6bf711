"""Anonymous submissions, cut loose from who sent them: random ids, random order, and the move
from waiting submissions to responses in a transaction of their own (docs/deployment.md says
what a database still holds). Used by the respondent side, by closing a wave and by the worker.
"""

from __future__ import annotations

import json
import random

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from surveyapp.extensions import db
from surveyapp.models import (
    Answer,
    PendingSubmission,
    Response,
    ResponseSource,
    ResponseStatus,
    Wave,
    random_id,
)


def insert_with_random_id(model, values: dict) -> int:
    """Insert one row under a random primary key, drawing again on the rare collision."""
    for _ in range(10):
        row_id = random_id()
        try:
            with db.session.begin_nested():
                db.session.execute(insert(model).values(id=row_id, **values))
        except IntegrityError:
            continue
        return row_id
    raise RuntimeError("no free random id after 10 draws")


CHECK_CHUNK = 500  # ids per lookup: far below SQLite's limit on bound parameters


def free_random_ids(model, n: int) -> list[int]:
    """`n` distinct random primary keys that no row of `model` has yet."""
    ids: set[int] = set()
    while len(ids) < n:
        drawn = list({random_id() for _ in range(n - len(ids))} - ids)
        taken: set[int] = set()
        for start in range(0, len(drawn), CHECK_CHUNK):
            chunk = drawn[start : start + CHECK_CHUNK]
            taken |= set(db.session.scalars(select(model.id).where(model.id.in_(chunk))))
        ids |= set(drawn) - taken
    out = list(ids)
    random.SystemRandom().shuffle(out)
    return out


def release_pending(wave_id: int, min_n: int, force: bool = False) -> int:
    """Move a wave's waiting anonymous submissions into responses: all of them together, once
    at least `min_n` wait (or always, with `force`, as when the wave closes), with random ids,
    in random order, in two plain INSERT statements. Run it in a transaction of its own: then
    every response and answer it makes carries that transaction's id (PostgreSQL's xmin), shared
    by all of them and by no invitation. Returns how many moved."""
    waiting = list(
        db.session.scalars(
            select(PendingSubmission).where(PendingSubmission.wave_id == wave_id).with_for_update()
        )
    )
    if not waiting or (len(waiting) < min_n and not force):
        return 0
    rng = random.SystemRandom()
    rng.shuffle(waiting)
    responses, answers = [], []
    for pending, response_id in zip(waiting, free_random_ids(Response, len(waiting)), strict=True):
        responses.append({
            "id": response_id, "wave_id": wave_id, "status": ResponseStatus.SUBMITTED,
            "source": ResponseSource.SURVEY, "org_type": pending.org_type,
            "started_at": pending.day, "updated_at": pending.day, "submitted_at": pending.day,
            "version": 0,
        })  # fmt: skip
        for key, tp, num, text, dk in json.loads(pending.answers):
            answers.append({
                "response_id": response_id, "question_key": key, "timepoint": tp,
                "value_num": num, "value_text": text, "dont_know": dk,
            })  # fmt: skip
    rng.shuffle(answers)
    for row, answer_id in zip(answers, free_random_ids(Answer, len(answers)), strict=True):
        row["id"] = answer_id
    db.session.execute(insert(Response), responses)
    if answers:
        db.session.execute(insert(Answer), answers)
    moved = [p.id for p in waiting]  # exactly the rows read and locked above
    db.session.execute(delete(PendingSubmission).where(PendingSubmission.id.in_(moved)))
    db.session.flush()
    return len(waiting)


def release_due(min_n: int) -> int:
    """For the worker: every wave with at least `min_n` waiting, and every closed wave with
    any, released (each caller commits per wave)."""
    counts = db.session.execute(
        select(PendingSubmission.wave_id, func.count(PendingSubmission.id)).group_by(
            PendingSubmission.wave_id
        )
    ).all()
    moved = 0
    for wave_id, n in counts:
        wave = db.session.get(Wave, wave_id)
        if n >= min_n or (wave is not None and not wave.accepts_answers()):
            moved += release_pending(wave_id, min_n, force=True)
            db.session.commit()
    return moved
