"""Whole numbers from pandas (numpy integers) are taken as plain ints; other numpy values are not.

``df.iterrows()`` and ``df.loc[...]`` give numpy scalars: a mentor's capacity read from a
spreadsheet is ``numpy.int64``. Records keep plain Python numbers, so they compare, hash and
export as if typed by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from mentorlib import ValidationError
from mentorlib.model import (
    AgeWindow,
    Assessment,
    Cadence,
    Commitment,
    Match,
    Mentee,
    Mentor,
    Period,
    Place,
    Targets,
    Team,
)

DAY = dt.date(2026, 8, 17)

#: (field, a plain value it takes, how to build a record with it, how to read it back)
WHOLE_NUMBER_FIELDS: list[tuple[str, int, Callable[[Any], Any], Callable[[Any], Any]]] = [
    ("Mentor.capacity", 2, lambda n: Mentor("m1", "Ingrid", capacity=n), lambda r: r.capacity),
    (
        "Place.capacity",
        20,
        lambda n: Place("p1", "Course", kind="course", capacity=n),
        lambda r: r.capacity,
    ),
    (
        "Place.minimum",
        15,
        lambda n: Place("p1", "Course", kind="course", capacity=20, minimum=n),
        lambda r: r.minimum,
    ),
    (
        "Team.capacity",
        2,
        lambda n: Team("t1", "Team", members=[Mentor("m1", "Ingrid")], capacity=n),
        lambda r: r.capacity,
    ),
    ("AgeWindow.maximum", 23, lambda n: AgeWindow(16, n), lambda r: r.maximum),
    ("Cadence.interval", 2, lambda n: Cadence(interval=n), lambda r: r.interval),
    (
        "Cadence.meeting_minutes",
        90,
        lambda n: Cadence(meeting_minutes=n),
        lambda r: r.meeting_minutes,
    ),
    ("Period.amount", 6, lambda n: Period(n, "month"), lambda r: r.amount),
    ("Targets.meetings", 1200, lambda n: Targets(meetings=n), lambda r: r.meetings),
    (
        "Commitment.referrals",
        20,
        lambda n: Commitment("k1", "Oslo", referrals=n, starts_on=DAY, ends_on=DAY),
        lambda r: r.referrals,
    ),
    ("Match.score", 3, lambda n: Match("x1", "y1", "m1", DAY, score=n), lambda r: r.score),
    (
        "Mentee.children_birth_years",
        2015,
        lambda n: Mentee("y1", "Amina", children_birth_years=[n]),
        lambda r: r.children_birth_years[0],
    ),
    (
        "Assessment.responses",
        2,
        lambda n: Assessment("a1", "y1", "WHO-5", "baseline", DAY, responses=[n, 3]),
        lambda r: r.responses[0],
    ),
]
IDS = [name for name, *_ in WHOLE_NUMBER_FIELDS]


@pytest.mark.parametrize(("name", "value", "build", "read"), WHOLE_NUMBER_FIELDS, ids=IDS)
@pytest.mark.parametrize("kind", [np.int64, np.int32, np.int16])
def test_a_numpy_integer_becomes_a_plain_int(name, value, build, read, kind) -> None:
    record = build(kind(value))
    assert read(record) == value
    assert type(read(record)) is int
    assert record == build(value)
    assert hash(record) == hash(build(value))


@pytest.mark.parametrize(("name", "value", "build", "read"), WHOLE_NUMBER_FIELDS, ids=IDS)
def test_a_numpy_bool_is_still_refused(name, value, build, read) -> None:
    with pytest.raises(ValidationError):
        build(np.bool_(True))


def test_mentors_read_from_a_data_frame_row_by_row() -> None:
    frame = pd.DataFrame(
        {"id": ["m1", "m2"], "display_name": ["Ingrid", "Tesfay"], "capacity": [1, 3]}
    )
    mentors = [Mentor(**row) for _, row in frame.iterrows()]
    assert [m.capacity for m in mentors] == [1, 3]
    assert all(type(m.capacity) is int for m in mentors)
    with pytest.raises(ValidationError, match="capacity"):
        Mentor("m3", "Ola", capacity=np.float64(2.0))
