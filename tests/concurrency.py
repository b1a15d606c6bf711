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
