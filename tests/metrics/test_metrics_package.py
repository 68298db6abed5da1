"""The metrics package: public names, lazy heavy imports, and the layering rule."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys
import typing

import mentorlib.metrics as metrics

PACKAGE = pathlib.Path(metrics.__file__).parent


def test_public_names_are_sorted_documented_and_shown_under_the_package():
    # isort-style, as ruff's RUF022: CONSTANTS, then Classes, then functions
    def kind(name):
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert metrics.__all__ == sorted(metrics.__all__, key=kind)
    assert len(set(metrics.__all__)) == len(metrics.__all__)
    for name in metrics.__all__:
        obj = getattr(metrics, name)
        if typing.get_origin(obj) is not None:  # Criterion, TimeUnit: Literal aliases
            continue
        if isinstance(obj, type) or callable(obj):
            assert obj.__doc__, f"{name} has no docstring"
            module = getattr(obj, "__module__", "mentorlib.metrics")
            if module.startswith("mentorlib"):
                assert module == "mentorlib.metrics", name


def test_importing_metrics_loads_neither_scipy_nor_ortools():
    code = (
        "import sys, mentorlib.metrics; "
        "print(','.join(m for m in ('scipy', 'ortools', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_metrics_imports_only_the_model_of_the_library():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and (node.module or "").startswith("mentorlib")
            ):
                assert node.module == "mentorlib.model", (path.name, node.module)
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("mentorlib."), (path.name, alias.name)
