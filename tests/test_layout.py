"""The layout the design promises, checked on the code itself (DESIGN.md, issue "one place
per idea"): thin views, reads in queries.py, writes in operations, analysis free of Flask."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import surveyapp

PACKAGE = Path(surveyapp.__file__).resolve().parent
ROUTE_MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "routes" in p.name)


def views():
    for path in ROUTE_MODULES:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and getattr(d.func, "attr", "") == "route"
                for d in node.decorator_list
            ):
                yield path, node


def test_there_are_route_modules_to_check():
    assert len(ROUTE_MODULES) >= 6 and len(list(views())) >= 35


def test_every_view_is_short_and_says_what_it_does():
    for path, node in views():
        assert ast.get_docstring(node), f"{path.name}:{node.name} has no docstring"
        assert node.end_lineno - node.lineno + 1 <= 25, f"{path.name}:{node.name} is too long"


def test_no_view_module_queries_or_changes_the_database_itself():
    for path in ROUTE_MODULES:
        text = path.read_text(encoding="utf-8")
        assert "select(" not in text, f"{path.name} runs a query; use the area's queries.py"
        assert "populate_obj" not in text, f"{path.name} changes a model without an operation"


def test_a_template_given_a_dataframe_or_numpy_value_fails_the_suite(app):
    """The context check of every rendered template (tests/conftest.py) can fail."""
    import numpy as np
    import pandas as pd
    from flask import render_template_string

    from surveyapp.evaluate.results.published import Table

    with app.test_request_context():
        assert render_template_string("{{ n }}", n=3, rows=[{"a": 1.5}]) == "3"
        for bad in (
            pd.DataFrame({"a": [1]}),
            [{"n": np.int64(3)}],
            Table(("a",), ({"a": np.float64(1.5)},)),
        ):
            with pytest.raises(AssertionError, match="pandas/numpy"):
                render_template_string("x", r=bad)


def test_module_and_function_sizes():
    """No module over 400 lines, no function over 60 (the exceptions say why)."""
    exceptions = {
        "validate": "the loader's one pass over a survey file, a check per line in file order",
        "compare_values": "one test with all its statistics, kept together as scipy does",
    }
    root = PACKAGE.parent
    for path in [*PACKAGE.rglob("*.py"), *(root / "analysis").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert text.count("\n") <= 400, f"{path.relative_to(root)} has over 400 lines"
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef) and node.name not in exceptions:
                length = node.end_lineno - node.lineno + 1
                assert length <= 60, f"{path.relative_to(root)}:{node.name} has {length} lines"
