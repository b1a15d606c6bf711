"""The evaluator's heavy modules (pandas, scipy, matplotlib, xlsxwriter, python-docx behind
them), imported on first use: the CLI and the respondent side start without them.

Route modules name what they use once, at the top (`exports = lazy("…results.exports")`), instead
of importing inside every view; gunicorn.conf.py still loads them per worker before the first
request, so no visitor pays for the import.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """A module that is imported when one of its attributes is first read."""

    __slots__ = ("_module", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy(name: str) -> Any:
    """`name` (a dotted module path), imported on first attribute access."""
    return LazyModule(name)
