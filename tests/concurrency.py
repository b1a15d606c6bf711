"""Run the same action in several threads at once, each in its own app context."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from surveyapp.extensions import db


def at_once(app, action: Callable[[], Any], n: int = 2, timeout: float = 60) -> list[Any]:
    """Start `n` threads together (a barrier) and return what each `action()` returned."""
    results: list[Any] = []
    barrier = threading.Barrier(n)

    def run():
        with app.app_context():
            barrier.wait()
            try:
                results.append(action())
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return results


class LiveBrowser:
    """One browser against a live test server (stdlib HTTP, its own cookies, no redirects
    followed): what two tabs or two colleagues send at the same moment really interleaves."""

    def __init__(self, base_url: str) -> None:
        import http.cookiejar
        import urllib.request

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.base = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        import urllib.error
        import urllib.parse

        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode("utf-8", "replace")

    def form(self, path: str) -> dict[str, str]:
        """The CSRF token and the version a page was opened at."""
        import re

        status, html = self.request(path)
        assert status == 200, (path, status)
        fields = dict(re.findall(r'name="(csrf_token|version)"[^>]*value="([^"]*)"', html))
        return fields


def together(*calls):
    """Run the calls in threads released at the same moment; their results in order."""
    results: list = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results
