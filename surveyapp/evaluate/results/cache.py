"""A wave's published results, computed once per change of its answers and shared by workers.

The key (`answers_stamp`) is read from the responses themselves, so every writer refreshes it
without knowing about the cache: a submit, an edit after submitting (each save bumps the
response's version), an import (new ids), an interview, closing the wave. The results live in
the `results_cache` table, or in Redis when RESULTS_CACHE_URL names one; each worker also keeps
the last few in memory, so twenty chart requests unpickle nothing.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import pickle
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError

from surveyapp.extensions import db
from surveyapp.models import (
    Response,
    ResponseStatus,
    ResultsCache,
    Wave,
    utcnow,
)

if TYPE_CHECKING:
    from surveyapp.evaluate.results.published import PublishedResults

FORMAT = 5  # bump when PublishedResults changes shape: older entries are then never read
MEMORY_ENTRIES = 8
REDIS_TTL = 7 * 24 * 3600


@functools.cache
def code_fingerprint() -> str:
    """A hash of the code that computes results: a deploy that changes it recomputes them."""
    root = Path(__file__).resolve().parent.parent.parent
    digest = hashlib.sha256()
    for path in sorted(
        [*root.glob("analysis/*.py"), *root.glob("surveyapp/evaluate/results/*.py")]
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def answers_stamp(wave: Wave, min_n: int) -> str:
    """What the results depend on, in one aggregate over the wave's submitted responses, as an
    HMAC under the app's secret: two stamps differ, but never by a response's id or count."""
    count, id_sum, version_sum, last = db.session.execute(
        select(
            func.count(Response.id),
            func.coalesce(func.sum(Response.id), 0),
            func.coalesce(func.sum(Response.version), 0),
            func.max(Response.updated_at),
        ).where(Response.wave_id == wave.id, Response.status == ResponseStatus.SUBMITTED)
    ).one()
    last = last.isoformat() if last else "-"
    parts = (
        f"{FORMAT}:{code_fingerprint()}:{wave.survey_version_id}:{wave.state.value}"
        f":{wave.anonymity.value}:{min_n}:{count}:{id_sum}:{version_sum}:{last}"
    )
    return hmac.new(_key(), parts.encode(), hashlib.sha256).hexdigest()[:40]


def _key() -> bytes:
    return str(current_app.config["SECRET_KEY"]).encode()


def _sign(payload: bytes) -> bytes:
    """A stored value: its HMAC, then the pickle. Whoever can write to the store cannot make a
    worker unpickle what surveyapp did not write."""
    return hmac.new(_key(), payload, hashlib.sha256).digest() + payload


def _unsign(value: bytes):
    """The results in a signed value, or None (a forged or foreign value is never unpickled)."""
    mac, payload = value[:32], value[32:]
    if not hmac.compare_digest(mac, hmac.new(_key(), payload, hashlib.sha256).digest()):
        return None
    return pickle.loads(payload)  # noqa: S301 - signed by this app: written by surveyapp only


class _Memory:
    """The last few results of this process, by wave id, each with its stamp."""

    def __init__(self) -> None:
        self._entries: OrderedDict[int, tuple[str, PublishedResults]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, wave_id: int, stamp: str) -> PublishedResults | None:
        with self._lock:
            entry = self._entries.get(wave_id)
            if entry is None or entry[0] != stamp:
                return None
            self._entries.move_to_end(wave_id)
            return entry[1]

    def put(self, wave_id: int, stamp: str, results: PublishedResults) -> None:
        with self._lock:
            self._entries[wave_id] = (stamp, results)
            self._entries.move_to_end(wave_id)
            while len(self._entries) > MEMORY_ENTRIES:
                self._entries.popitem(last=False)


class DatabaseStore:
    """One row per wave in `results_cache`, written in its own short transaction."""

    def get(self, wave_id: int, stamp: str) -> bytes | None:
        with db.engine.connect() as conn:
            return conn.scalar(
                select(ResultsCache.payload).where(
                    ResultsCache.wave_id == wave_id, ResultsCache.stamp == stamp
                )
            )

    def put(self, wave_id: int, stamp: str, payload: bytes) -> None:
        values = {"stamp": stamp, "payload": payload, "computed_at": utcnow()}
        table = ResultsCache.__table__
        try:
            with db.engine.begin() as conn:
                done = conn.execute(update(table).where(table.c.wave_id == wave_id), values)
                if done.rowcount == 0:
                    conn.execute(table.insert(), {"wave_id": wave_id, **values})
        except DBAPIError:  # another worker stored it first, or the wave just went
            pass


class RedisStore:
    """A key per wave and stamp, expiring after a week."""

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)

    @staticmethod
    def _key(wave_id: int, stamp: str) -> str:
        return f"surveyapp:results:{wave_id}:{stamp}"

    def get(self, wave_id: int, stamp: str) -> bytes | None:
        return self._redis.get(self._key(wave_id, stamp))

    def put(self, wave_id: int, stamp: str, payload: bytes) -> None:
        self._redis.set(self._key(wave_id, stamp), payload, ex=REDIS_TTL)

    def clear(self, wave_id: int) -> None:
        """Forget a wave's entries (the table's rows go with the wave, ON DELETE CASCADE)."""
        for key in self._redis.scan_iter(f"surveyapp:results:{wave_id}:*"):
            self._redis.delete(key)


def _cache():
    """The app's (store, memory); RESULTS_CACHE_URL 'off' computes every time."""
    state = current_app.extensions.get("results_cache")
    if state is None:
        url = current_app.config.get("RESULTS_CACHE_URL", "database")
        if url == "off":
            store = None
        elif url.startswith(("redis://", "rediss://", "unix://")):
            store = RedisStore(url)
        else:
            store = DatabaseStore()
        state = current_app.extensions["results_cache"] = (store, _Memory())
    return state


def cached_results(wave: Wave, min_n: int) -> PublishedResults:
    """The wave's published results: from memory, from the shared store, or computed now."""
    from surveyapp.evaluate.results.pipeline import wave_results, withheld_results

    store, memory = _cache()
    if wave.results_withheld:
        return withheld_results(wave, min_n)  # publishes nothing: computed and kept nowhere
    if store is None:
        return wave_results(wave, min_n)
    stamp = answers_stamp(wave, min_n)
    results = memory.get(wave.id, stamp)
    if results is None:
        payload = store.get(wave.id, stamp)
        results = _unsign(payload) if payload is not None else None
        if results is None:
            # Neither store nor memory keeps this request's ORM object of the wave.
            results = dataclasses.replace(wave_results(wave, min_n), wave=None)
            pickled = pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
            store.put(wave.id, stamp, _sign(pickled))
        memory.put(wave.id, stamp, results)
    return dataclasses.replace(results, wave=wave)


def results_for(wave: Wave) -> PublishedResults:
    """The wave's published results at the app's RESULTS_MIN_N, computed once per change."""
    return cached_results(wave, current_app.config["RESULTS_MIN_N"])


def published_results(wave: Wave) -> PublishedResults | None:
    """The same for a page beside the wave's own (the dashboard): None while it is withheld."""
    results = results_for(wave)
    return None if results.withheld else results
