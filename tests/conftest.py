"""Shared test configuration: the hypothesis profile the suite runs under.

``MENTORLIB_STRESS=N`` runs every property with N times its examples and no example database,
to look for the rare cases a CI run may draw (``MENTORLIB_STRESS=20 pytest tests/scheduling``).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci")

_STRESS = int(os.environ.get("MENTORLIB_STRESS", "1"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under ``MENTORLIB_STRESS``, scale each property's own ``max_examples`` (once per test)."""
    if _STRESS <= 1:
        return
    scaled: set[int] = set()
    for item in items:
        test = getattr(item, "obj", None)
        # A test's own @settings win over a profile, so they are replaced here: hypothesis
        # keeps them on the test function, shared by all its parametrized items.
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is None or id(test) in scaled:
            continue
        scaled.add(id(test))
        test._hypothesis_internal_use_settings = settings(  # type: ignore[union-attr]
            own, max_examples=own.max_examples * _STRESS, database=None
        )
