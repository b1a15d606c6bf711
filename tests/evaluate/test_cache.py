"""Results computed once per change of a wave's answers, shared by every worker, never stale."""

from __future__ import annotations

import csv
import io
import json

import pytest
import redis
from sqlalchemy import select

from surveyapp.evaluate.results import cache, exports, pipeline
from surveyapp.models import Anonymity, ResultsCache, WaveState
from tests.evaluate.conftest import ITEM, add_response, fill, interviews, item_of, make_wave

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def computations(monkeypatch):
    """How often the statistics were really computed (the real function, counted)."""
    calls = []
    real = pipeline.wave_results

    def counted(wave, min_n):
        calls.append(wave.id)
        return real(wave, min_n)

    monkeypatch.setattr(pipeline, "wave_results", counted)
    return calls


def figures(client, wave) -> dict:
    return json.loads(client.get(f"/evaluate/waves/{wave.id}/export.json").data)


def test_every_page_of_an_unchanged_wave_reads_one_computation(
    client, evaluator, session, computations
):
    wave = make_wave(session)
    fill(session, wave, {"provincie": 6, "gemeente": 8})
    base = f"/evaluate/waves/{wave.id}"
    for path in ("", "/export.json", "/export.csv", f"/grafiek/{ITEM}.svg", "/hoofdstuk.html"):
        assert client.get(base + path).status_code == 200, path
    assert computations == [wave.id]
    stored = session.scalars(select(ResultsCache)).one()
    assert stored.wave_id == wave.id and stored.stamp == cache.answers_stamp(wave, 5)


def test_a_second_worker_reads_what_the_first_computed(
    app, client, evaluator, session, computations
):
    wave = make_wave(session)
    fill(session, wave, {"provincie": 6, "gemeente": 8})
    first = figures(client, wave)
    app.extensions.pop("results_cache")  # what another worker has: the store, no memory
    again = cache.cached_results(wave, 5)
    assert exports.results_json(again) == first
    assert computations == [wave.id]


@pytest.mark.parametrize("change", ["submit", "interview", "edit", "close", "delete"])
def test_results_follow_every_change_of_the_answers(client, evaluator, session, change):
    wave = make_wave(session)
    fill(session, wave, {"provincie": 6, "gemeente": 8})
    before = item_of(figures(client, wave))
    assert before["n"] == 14
    if change == "submit":
        add_response(session, wave, "gemeente", {ITEM: 10}, "Gemeente nieuw")
    elif change == "interview":
        interviews(session, wave, [9, 9, 9, 9, 9])
    elif change == "edit":  # an answer changed after submitting: the save bumps the version
        from surveyapp.models import Answer, Response

        response = session.scalars(select(Response).order_by(Response.id)).first()
        answer = session.scalars(select(Answer).where(Answer.response_id == response.id)).one()
        answer.value_num = 1.0
        response.version += 1
    elif change == "close":  # an anonymous wave publishes nothing while open
        wave.anonymity, wave.state = Anonymity.ANONYMOUS, WaveState.OPEN
    else:
        from surveyapp.models import Response

        session.delete(session.scalars(select(Response).order_by(Response.id)).first())
    session.commit()
    after = figures(client, wave) if change != "close" else None
    if change == "submit":
        assert item_of(after)["n"] == 15
    elif change == "interview":
        assert after["interviews"][ITEM]["n_interview"] == 5
    elif change == "edit":
        assert item_of(after)["mean"] < before["mean"]
    elif change == "close":
        assert client.get(f"/evaluate/waves/{wave.id}/export.json").status_code == 409
    else:
        assert item_of(after)["n"] == 13


def test_redis_can_hold_the_results(app, client, evaluator, session, computations):
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    app.config["RESULTS_CACHE_URL"] = REDIS_URL
    app.extensions.pop("results_cache", None)
    wave = make_wave(session)
    fill(session, wave, {"provincie": 6, "gemeente": 8})
    store = cache.RedisStore(REDIS_URL)
    store.clear(wave.id)
    first = figures(client, wave)
    app.extensions.pop("results_cache")  # a fresh worker: nothing in memory
    assert figures(client, wave) == first
    assert computations == [wave.id]
    assert session.scalars(select(ResultsCache)).all() == []  # not in the database
    store.clear(wave.id)


def test_raw_answers_stream_as_csv_long_and_wide(client, evaluator, session):
    wave = make_wave(session)
    fill(session, wave, {"provincie": 6, "gemeente": 8}, comment=True)
    add_response(session, wave, "gemeente", {ITEM: "dk", "samenwerken_toelichting": "=1+1"}, "G")
    session.commit()
    base = f"/evaluate/waves/{wave.id}/antwoorden-"
    long = client.get(base + "lang.csv")
    assert long.headers["Content-Disposition"].endswith('eind-antwoorden-lang.csv"')
    rows = list(csv.DictReader(io.StringIO(long.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 15 * 2
    assert {r["organisation"] for r in rows} >= {"Provincie 0", "G"}
    assert "'=1+1" in {r["text"] for r in rows}  # never a formula
    wide = client.get(base + "breed.csv").get_data(as_text=True).lstrip("\ufeff")
    table = list(csv.reader(io.StringIO(wide)))
    assert table[0][:4] == ["respondent", "org_type", "organisation", "source"]
    assert table[0].index(ITEM) < table[0].index("samenwerken_toelichting")  # survey order
    assert len(table) == 1 + 15
    last = dict(zip(table[0], table[-1], strict=True))
    assert last[ITEM] == "weet niet" and last["organisation"] == "G"


def test_raw_answers_of_an_anonymous_wave_hide_small_groups(client, evaluator, session):
    wave = make_wave(session, anonymity=Anonymity.ANONYMOUS)
    fill(session, wave, {"provincie": 6, "gemeente": 20, "rijk": 2}, comment=True)
    text = client.get(f"/evaluate/waves/{wave.id}/antwoorden-breed.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["respondent"] for r in rows] == [str(i) for i in range(1, 29)]
    assert {r["org_type"] for r in rows} == {"", "gemeente"}  # rijk, and provincie beside it
    assert not any(r["organisation"] for r in rows)
    assert not any(r["samenwerken_toelichting"].startswith("opmerking-rijk") for r in rows)


def test_raw_answers_stream_from_a_real_server(server_url, session):
    """Through a real server the body is sent after the request's session has ended."""
    import http.cookiejar
    import re
    import urllib.request

    from tests import factories

    wave = make_wave(session)
    fill(session, wave, {"provincie": 6, "gemeente": 8})
    user = factories.StaffUserFactory(role="evaluator")
    session.commit()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    login = opener.open(f"{server_url}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
    form = {"csrf_token": token, "email": user.email, "password": factories.PASSWORD}
    opener.open(f"{server_url}/login", data=urllib.parse.urlencode(form).encode())
    for shape, rows in (("lang", 1 + 14), ("breed", 1 + 14)):
        with opener.open(f"{server_url}/evaluate/waves/{wave.id}/antwoorden-{shape}.csv") as r:
            assert r.status == 200
            assert len(r.read().decode("utf-8-sig").splitlines()) == rows
    with opener.open(f"{server_url}/evaluate/waves/{wave.id}/export.xlsx") as r:
        assert r.read()[:2] == b"PK"


FORGED = []


class Forged:
    """A pickle that runs code when loaded: what a writer to Redis could plant."""

    def __reduce__(self):
        return (FORGED.append, ("ran",))


def test_a_value_planted_in_the_store_is_never_unpickled(app, client, evaluator, session):
    import pickle

    wave = make_wave(session)
    fill(session, wave, {"provincie": 6, "gemeente": 8})
    first = figures(client, wave)
    row = session.scalars(select(ResultsCache)).one()
    row.payload = pickle.dumps(Forged())  # before: unpickled by the next worker that looked
    session.commit()
    app.extensions.pop("results_cache")  # a fresh worker: nothing in memory
    assert figures(client, wave) == first  # recomputed instead
    assert FORGED == []


def test_the_stamp_gives_away_no_count_or_id(session):
    wave = make_wave(session)
    stamps = []
    for i in range(3):
        add_response(session, wave, "gemeente", {ITEM: 7}, f"G{i}")
        session.commit()
        stamps.append(cache.answers_stamp(wave, 5))
    # Before: "…:count:sum of ids:…", so two stamps differed by the new response's id.
    assert len(set(stamps)) == 3
    assert all(len(s) == 40 and set(s) <= set("0123456789abcdef") for s in stamps)


def test_an_open_anonymous_wave_computes_and_stores_nothing(client, evaluator, session):
    wave = make_wave(session, anonymity=Anonymity.ANONYMOUS)
    fill(session, wave, {"provincie": 6, "gemeente": 8})
    wave.state = WaveState.OPEN
    session.commit()
    page = client.get(f"/evaluate/waves/{wave.id}").get_data(as_text=True)
    assert "nog openstaat" in page
    # Before: every evaluator view wrote a cache entry (in Redis with a telling TTL).
    assert session.scalars(select(ResultsCache)).all() == []
