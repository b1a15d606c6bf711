"""Benchmark: surveyapp under gunicorn on PostgreSQL, as respondents and an evaluator use it.

Creates a scratch database (surveyapp_bench, dropped and made again), an open wave of the
competent-authority enquête with personal links, and a closed wave of --responses responses
(25 grades and 5 statements at two timepoints each). Starts gunicorn in production mode with
the limiter on Redis, drives it with a small asyncio HTTP client (--users at once, each with
its own keep-alive connection and cookies) and prints requests/s and p50/p95 per step with
its target. --instances 2 splits the workers over two gunicorns on two ports.

    .venv/bin/python bench/web.py [--seconds 10] [--workers 4] [--users 8] [--instances 1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # last: bench/analysis.py must not shadow analysis/

import sqlalchemy as sa  # noqa: E402
from _data import fill, scratch_database  # noqa: E402

REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
DB_NAME = "surveyapp_bench"
PASSWORD = "bench-wachtwoord-1"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION_RE = re.compile(r'name="version" value="(\d+)"')
RADIO_RE = re.compile(r'type="radio" id="[^"]*" name="([^"]+)" value="([^"]+)"')


# --- set-up ---------------------------------------------------------------------------------


def prepare(url: str, links: int, responses: int) -> dict:
    """Tables, the open wave with `links` invitations, the closed wave, an evaluator."""
    from config import BASE_DIR, TestConfig
    from surveyapp import create_app
    from surveyapp.coordinate.operations import store_survey_version
    from surveyapp.definitions import load_file
    from surveyapp.extensions import db
    from surveyapp.models import (
        Contact,
        ContactRole,
        Invitation,
        Organisation,
        OrgType,
        StaffRole,
        StaffUser,
        Wave,
        new_token,
        utcnow,
    )

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
        definition, _ = load_file(BASE_DIR / "surveys" / "bevoegde-overheden.yaml")
        version = store_survey_version(definition).version
        wave = Wave(slug="open", name="Bench open", survey_version=version)
        db.session.add(wave)
        db.session.flush()
        wave.open()
        orgs = [
            Organisation(name=f"Gemeente {i}", org_type=OrgType.GEMEENTE) for i in range(links // 2)
        ] + [
            Organisation(name=f"Provincie {i}", org_type=OrgType.PROVINCIE)
            for i in range(links // 2)
        ]
        db.session.add_all(orgs)
        db.session.flush()
        contacts = [
            Contact(
                name=f"Contact {i}",
                email=f"c{i}@bench.example.nl",
                organisation=o,
                role=ContactRole.BEVOEGD_GEZAG,
            )
            for i, o in enumerate(orgs)
        ]
        db.session.add_all(contacts)
        db.session.flush()
        now = utcnow()
        db.session.execute(
            Invitation.__table__.insert(),
            [
                {"wave_id": wave.id, "contact_id": c.id, "token": new_token(), "sent_at": now}
                for c in contacts
            ],
        )
        user = StaffUser(email="evaluator@bench.example.nl", name="Bench", role=StaffRole.EVALUATOR)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        closed = fill(responses, slug="closed")
        tokens = [t for (t,) in db.session.execute(sa.select(Invitation.token))]
        info = {"tokens": tokens, "closed": closed.id}
        db.session.remove()
    return info


def start_gunicorn(url: str, port: int, workers: int) -> subprocess.Popen:
    env = os.environ | {
        "SURVEYAPP_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": url,
        "RATELIMIT_STORAGE_URI": REDIS,
        "RESULTS_CACHE_URL": "database",
        "SURVEYAPP_INSTANCE": "/tmp/surveyapp-bench-instance",
    }
    command = [
        str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
        "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "120", "wsgi:app",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            status, _h, _b = asyncio.run(_once(port, "/login"))
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def worker_rss_mb(process: subprocess.Popen) -> dict[int, float]:
    """Resident memory of each gunicorn worker (the master's children)."""
    out = {}
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out[int(pid)] = int(line.split()[1]) / 1024
    return out


# --- a small HTTP/1.1 client ----------------------------------------------------------------


class Client:
    """One user: one keep-alive connection, its own cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.reader = self.writer = None

    async def request(self, method: str, path: str, form: dict | None = None):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        body = urllib.parse.urlencode(form or {}, doseq=True).encode() if form else b""
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
        if cookie:
            head += f"Cookie: {cookie}\r\n"
        if form is not None:
            head += "Content-Type: application/x-www-form-urlencoded\r\n"
            head += f"Content-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        status, headers, data = await _read_response(self.reader)
        for value in headers.get("set-cookie", []):
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        if headers.get("connection", [""])[0].lower() == "close":
            self.writer.close()
            self.writer = None
        return status, headers, data

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _read_response(reader):
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    headers: dict[str, list[str]] = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    if "content-length" in headers:
        data = await reader.readexactly(int(headers["content-length"][0]))
    elif headers.get("transfer-encoding", [""])[0] == "chunked":
        parts = []
        while size := int((await reader.readline()).strip(), 16):
            parts.append(await reader.readexactly(size))
            await reader.readline()
        await reader.readline()
        data = b"".join(parts)
    else:
        data = await reader.read()
    return status, headers, data


async def _once(port: int, path: str):
    client = Client(port)
    try:
        return await client.request("GET", path)
    finally:
        await client.close()


def answers_for(html: str) -> dict:
    """A plausible answer to every scale question on the page ("7", or the middle option)."""
    groups: dict[str, list[str]] = {}
    for name, value in RADIO_RE.findall(html):
        groups.setdefault(name, []).append(value)
    form = {
        name: ("7" if "7" in values else values[len(values) // 2])
        for name, values in groups.items()
    }
    form["csrf_token"] = CSRF_RE.search(html).group(1)
    if match := VERSION_RE.search(html):
        form["version"] = match.group(1)
    return form


# --- scenarios ------------------------------------------------------------------------------


async def timed(samples: list, coroutine):
    start = time.perf_counter()
    result = await coroutine
    samples.append(time.perf_counter() - start)
    return result


async def enter(client: Client, token: str) -> None:
    status, _h, _b = await client.request("GET", f"/r/{token}")
    assert status == 302, status


async def repeat(ports, tokens, users: int, seconds: float, step) -> list[float]:
    """Each user enters with its own link, then repeats `step(client, samples)` for `seconds`."""
    samples: list[float] = []

    async def user(i: int):
        client = Client(ports[i % len(ports)])
        await enter(client, tokens[i])
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            await step(client, samples)
        await client.close()

    await asyncio.gather(*(user(i) for i in range(users)))
    return samples


async def view_page(client: Client, samples: list[float]) -> None:
    status, _h, _b = await timed(samples, client.request("GET", "/r/p/1"))
    assert status == 200, status


async def save_page(client: Client, samples: list[float]) -> None:
    _s, _h, html = await client.request("GET", "/r/p/1")
    form = answers_for(html.decode()) | {"action": "save"}
    status, _h, _b = await timed(samples, client.request("POST", "/r/p/1", form))
    assert status == 302, status


async def completions(ports, tokens, users: int, seconds: float) -> tuple[int, list[float], int]:
    """Whole questionnaires: link, welcome, every page shown and saved, review, submit, thanks."""
    samples: list[float] = []
    requests = 0
    queue = list(tokens)

    async def user(i: int):
        nonlocal requests
        end = time.perf_counter() + seconds
        while time.perf_counter() < end and queue:
            client = Client(ports[i % len(ports)])
            start = time.perf_counter()
            await enter(client, queue.pop())
            await client.request("GET", "/r/")
            requests += 2
            path = "/r/p/1"
            while path.startswith("/r/p/"):
                _s, _h, html = await client.request("GET", path)
                status, headers, _b = await client.request(
                    "POST", path, answers_for(html.decode()) | {"action": "next"}
                )
                assert status == 302, (status, path)
                path = urllib.parse.urlsplit(headers["location"][0]).path
                requests += 2
            _s, _h, html = await client.request("GET", "/r/overzicht")
            csrf = CSRF_RE.search(html.decode()).group(1)
            status, _h, _b = await client.request("POST", "/r/insturen", {"csrf_token": csrf})
            assert status == 302, status
            status, _h, _b = await client.request("GET", "/r/bedankt")
            assert status == 200, status
            requests += 3
            samples.append(time.perf_counter() - start)
            await client.close()

    await asyncio.gather(*(user(i) for i in range(users)))
    return len(samples), samples, requests


async def evaluator(port: int, wave_id: int, process) -> list[tuple[str, float, str]]:
    client = Client(port)
    _s, _h, html = await client.request("GET", "/login")
    csrf = CSRF_RE.search(html.decode()).group(1)
    form = {"csrf_token": csrf, "email": "evaluator@bench.example.nl", "password": PASSWORD}
    status, _h, _b = await client.request("POST", "/login", form)
    assert status == 302, status
    base = f"/evaluate/waves/{wave_id}"
    rows = []

    async def get(label: str, path: str, target: str, repeat: int = 1):
        """The median of `repeat` requests (each worker answers some of them)."""
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            status, _h, body = await client.request("GET", path)
            assert status == 200, (status, path)
            times.append(time.perf_counter() - start)
        rows.append((label, statistics.median(times), target, len(body)))

    await get("results page, first computation", base, "≤ 0,5 s")
    await get("results page, unchanged (median of 20)", base, "≤ 0,1 s", 20)
    await get("export.json (median of 20)", base + "/export.json", "≤ 0,1 s", 20)
    await get("export.csv (median of 20)", base + "/export.csv", "≤ 0,1 s", 20)
    await get("chart PNG (median of 20)", base + "/grafiek/cijfer_0.png", "≤ 0,1 s", 20)
    before = max(worker_rss_mb(process).values())
    await get("export.xlsx", base + "/export.xlsx", "≤ 3 s")
    after = max(worker_rss_mb(process).values())
    await get("raw answers CSV (long)", base + "/antwoorden-lang.csv", "streamed")
    await get("raw answers CSV (wide)", base + "/antwoorden-breed.csv", "streamed")
    await client.close()
    rows.append(("largest worker RSS before/after XLSX", after - before, "≤ 100 MB", 0))
    return rows


def report(label: str, samples: list[float], seconds: float, target: str) -> None:
    rate = len(samples) / seconds
    if not samples:
        print(f"{label:38} no samples")
        return
    p50 = statistics.median(samples) * 1000
    p95 = statistics.quantiles(samples, n=20)[-1] * 1000 if len(samples) > 1 else p50
    print(f"{label:38} {rate:8.1f}/s  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms   target {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--instances", type=int, default=1)
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--links", type=int, default=4_000)
    args = parser.parse_args()
    url = scratch_database(DB_NAME)
    t0 = time.perf_counter()
    info = prepare(url, args.links, args.responses)
    print(f"database: PostgreSQL ({DB_NAME}), set-up {time.perf_counter() - t0:.0f} s")
    ports = [8100 + i for i in range(args.instances)]
    per_instance = max(1, args.workers // args.instances)
    processes = [start_gunicorn(url, port, per_instance) for port in ports]
    print(
        f"gunicorn: {args.instances} × {per_instance} workers, {args.users} users at once, "
        f"{args.seconds:g} s per step"
    )
    try:
        tokens = info["tokens"]
        s = args.seconds
        views = asyncio.run(repeat(ports, tokens, args.users, s, view_page))
        report("respondent page GET", views, s, "≥ 400/s, p95 ≤ 50 ms")
        saves = asyncio.run(repeat(ports, tokens, args.users, s, save_page))
        report("respondent page save (POST)", saves, s, "(was 65–136/s)")
        done, samples, requests = asyncio.run(
            completions(ports, tokens[args.users :], args.users, s)
        )
        report("whole questionnaire (completions)", samples, s, "≥ 150/s")
        print(f"{'':38} {requests / s:8.1f} requests/s ({requests // max(done, 1)} per completion)")
        if args.instances == 1:
            for label, value, target, size in asyncio.run(
                evaluator(ports[0], info["closed"], processes[0])
            ):
                unit = "MB" if "RSS" in label else "s"
                extra = f" ({size / 1e6:.1f} MB)" if size > 100_000 else ""
                print(f"{label:38} {value:8.2f} {unit}{extra:12}  target {target}")
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
