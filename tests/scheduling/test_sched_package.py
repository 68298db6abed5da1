"""The public face of mentorlib.scheduling: names, docs, types, and one-way dependencies."""

from __future__ import annotations

import ast
import subprocess
import sys
import typing
from pathlib import Path

import mentorlib.scheduling as scheduling

PACKAGE = Path(scheduling.__file__).parent


def test_public_names_are_sorted_documented_and_their_annotations_resolve() -> None:
    assert scheduling.__doc__
    assert scheduling.__all__ == sorted(scheduling.__all__)
    for name in scheduling.__all__:
        obj = getattr(scheduling, name)
        assert getattr(obj, "__doc__", None), f"{name} has no docstring"
        assert obj.__module__.startswith("mentorlib.scheduling._"), name
        if isinstance(obj, type):
            typing.get_type_hints(obj)


def test_scheduling_imports_the_model_only() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module.startswith("mentorlib"):
                    assert node.module == "mentorlib.model", f"{path.name}: {node.module}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("mentorlib"), f"{path.name}: {alias.name}"


def test_importing_scheduling_does_not_load_pandas() -> None:
    code = "import sys, mentorlib.scheduling; print('pandas' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
