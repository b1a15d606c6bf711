"""docs/api.md's Python examples run as written, in order, against a live server on the demo:
the documentation cannot drift from the API."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from surveyapp.extensions import db
from surveyapp.models import Wave

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_the_worked_examples_run(demo, server_url, token_for, monkeypatch):
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 3
    monkeypatch.setenv("SURVEYAPP_API", f"{server_url}/api/v1")
    monkeypatch.setenv("COORDINATOR_TOKEN", token_for("coordinator")[1])
    monkeypatch.setenv("EVALUATOR_TOKEN", token_for("evaluator")[1])
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for block in blocks:
            exec(compile(block, str(DOC), "exec"), {})  # noqa: S102 - our own documentation
    out = printed.getvalue()
    assert "2 uitnodigingen staan klaar om te versturen." in out
    assert "Totaal: 0 van 2" in out
    assert "art2_cijfer" in out  # the grades' means by question
    wave = db.session.scalar(db.select(Wave).where(Wave.slug == "vervolg-2027"))
    assert wave is not None and wave.state.value == "open"
