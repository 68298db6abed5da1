"""Builders shared by the scheduling tests."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from mentorlib.model import (
    Cadence,
    Match,
    Mentee,
    Mentor,
    Period,
    Program,
    ProgramData,
    Targets,
    WeeklyWindow,
)

OSLO = "Europe/Oslo"
START = dt.date(2026, 8, 17)  # a Monday


def vinn_program(**changes: object) -> Program:
    options: dict[str, object] = {
        "country": "NO",
        "time_zone": OSLO,
        "cadence": Cadence(interval=2, unit="week", meeting_minutes=90),
        "duration": Period(1, "year"),
        "starts_on": START,
        "targets": Targets(meetings=1200, mentees=60, mentors=60, gatherings=6),
    }
    options.update(changes)
    return Program("vinn", "Vinn, vinn!", **options)  # type: ignore[arg-type]


def pair(
    number: int = 1,
    *,
    mentee_windows: Sequence[str] = ("mon 16:00-19:00",),
    mentor_windows: Sequence[str] = ("mon 17:00-20:00",),
    started_on: dt.date = START,
    mentee_name: str = "Amina Hassan",
    mentor_name: str = "Ingrid Berg",
    **mentee_fields: object,
) -> tuple[Match, Mentee, Mentor]:
    mentee = Mentee(
        f"y{number:02d}",
        mentee_name,
        availability=list(mentee_windows),
        email=f"y{number:02d}@example.org",
        **mentee_fields,  # type: ignore[arg-type]
    )
    mentor = Mentor(
        f"m{number:02d}",
        mentor_name,
        availability=list(mentor_windows),
        email=f"m{number:02d}@example.org",
    )
    return Match(f"x{number:02d}", mentee.id, mentor.id, started_on), mentee, mentor


def program_data(
    count: int = 3, program: Program | None = None, **pair_options: object
) -> ProgramData:
    pairs = [pair(n, **pair_options) for n in range(1, count + 1)]  # type: ignore[arg-type]
    return ProgramData(
        program or vinn_program(),
        [p[1] for p in pairs],
        [p[2] for p in pairs],
        matches=[p[0] for p in pairs],
    )


STAMP = dt.datetime(2026, 8, 1, 12, 0, tzinfo=dt.UTC)


@functools.lru_cache(maxsize=1024)
def free_stretches(windows: tuple[WeeklyWindow, ...], weekday: int) -> tuple[tuple[int, int], ...]:
    """The oracle's stretches of one person's free wall-clock minutes on a weekday.

    Read minute by minute, so windows that touch or overlap are one stretch, as matching and
    scheduling take them.
    """
    free = [
        any(
            w.weekday == weekday
            and w.start.hour * 60 + w.start.minute <= m < w.end.hour * 60 + w.end.minute
            for w in windows
        )
        for m in range(24 * 60)
    ]
    found: list[tuple[int, int]] = []
    for minute, inside in enumerate(free):
        if inside and (not found or found[-1][1] < minute):
            found.append((minute, minute + 1))
        elif inside:
            found[-1] = (found[-1][0], minute + 1)
    return tuple(found)


def within_one_stretch(windows: Sequence[WeeklyWindow], weekday: int, low: int, high: int) -> bool:
    """Whether wall-clock minutes ``low`` to ``high`` lie in one free stretch (no windows: free)."""
    return not windows or any(
        a <= low and high <= b for a, b in free_stretches(tuple(windows), weekday)
    )


def unfold(ics: bytes) -> list[str]:
    """Return the content lines of a file, unfolded as RFC 5545 says (CRLF + space or tab)."""
    text = ics.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def components(lines: list[str], name: str) -> list[list[str]]:
    """Return the content lines of each component ``name`` (BEGIN/END excluded)."""
    found: list[list[str]] = []
    current: list[str] | None = None
    depth = 0
    for line in lines:
        if line == f"BEGIN:{name}":
            current, depth = [], 0
            continue
        if current is not None:
            if line == f"END:{name}" and depth == 0:
                found.append(current)
                current = None
                continue
            depth += line.startswith("BEGIN:") - line.startswith("END:")
            current.append(line)
    return found


def property_names(lines: list[str]) -> list[str]:
    """Return each line's property name (before the first ``;`` or ``:``)."""
    names = []
    for line in lines:
        cut = min(i for i in (line.find(";"), line.find(":"), len(line)) if i >= 0)
        names.append(line[:cut])
    return names
