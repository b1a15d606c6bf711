"""The layout the design promises, checked on the code itself (DESIGN.md, issue "one place
per idea"): thin views, reads in queries.py, writes in operations, analysis free of Flask."""

from __future__ import annotations

import ast
from pathlib import Path

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


def test_templates_only_format():
    """Results reach templates as plain rows; no template calls a pandas method."""
    templates = Path(surveyapp.__file__).resolve().parent.parent / "templates"
    pandas_calls = ("set_index", "itertuples", ".loc[", ".iloc", "to_dict", "item_stats")
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not any(call in text for call in pandas_calls), path.name
