"""The examples in analysis/ docstrings run as doctests."""

import doctest
import importlib
import pkgutil
import sys

import pytest

import analysis

MODULES = [m.name for m in pkgutil.iter_modules(analysis.__path__) if not m.name.startswith("_")]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"analysis.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0, f"analysis.{name} has no docstring examples"


def test_analysis_is_free_of_flask_and_sqlalchemy():
    """analysis/ imports only pandas, numpy, scipy and itself (and the standard library)."""
    import ast
    import pathlib

    allowed = {"pandas", "numpy", "scipy", "analysis"}
    paths = list(pathlib.Path(analysis.__file__).parent.glob("*.py"))
    assert len(paths) > 5  # the package itself, wherever the tests run from
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top in allowed or top in sys.stdlib_module_names, (path, name)
