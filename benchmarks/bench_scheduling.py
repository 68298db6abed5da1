"""Benchmark: plan 10,000 matches meeting every 14 days for a year, and export them as .ics.

Prints a table: seconds for each step and the figure per 1,000 events, and the machine.

With ``--per-mentor K`` each mentor takes K mentees, so every meeting is planned around the
mentor's other meetings (nobody is booked twice).

Run:  python benchmarks/bench_scheduling.py [--matches N] [--repeat R] [--per-mentor K]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from typing import TypeVar

import attrs

from mentorlib import samples
from mentorlib.model import Match, ProgramData, WeeklyWindow
from mentorlib.scheduling import MeetingPlan, plan_program, public_holidays, to_ics, write_calendars

T = TypeVar("T")
EVENINGS = tuple(WeeklyWindow(day, "16:00", "21:00") for day in range(5))


def build(matches: int, per_mentor: int = 1) -> ProgramData:
    """A generic Norwegian sample with one match per mentee, all free on weekday evenings.

    Each mentor takes ``per_mentor`` mentees, whose matches start on the same day.
    """
    count = -(-matches // per_mentor)
    data = samples.program(seed=1, mentees=matches, mentors=count, history=False)
    mentees = [attrs.evolve(p, availability=EVENINGS) for p in data.mentees]
    mentors = [attrs.evolve(p, availability=EVENINGS, capacity=per_mentor) for p in data.mentors]
    start = data.program.starts_on
    assert start is not None
    pairs = []
    for n, mentee in enumerate(mentees):
        m = n // per_mentor
        pairs.append(
            Match(f"x{n:05d}", mentee.id, mentors[m].id, start + dt.timedelta(days=m % 14))
        )
    return ProgramData(data.program, mentees, mentors, matches=pairs)


def best(repeat: int, step: Callable[[], T]) -> tuple[float, T]:
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - began)
    assert result is not None
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matches", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1, help="best of R runs (default 1)")
    parser.add_argument("--per-mentor", type=int, default=1, help="mentees per mentor (default 1)")
    args = parser.parse_args(argv)

    data = build(args.matches, args.per_mentor)
    program = data.program
    closed = public_holidays(program.country, years=[2026, 2027])
    stamp = dt.datetime(2026, 8, 1, tzinfo=dt.UTC)

    plan_s, plan = best(args.repeat, lambda: plan_program(data, blackouts=closed))
    events = len(plan.meetings)
    ics_s, ics = best(args.repeat, lambda: to_ics(plan, dtstamp=stamp))
    with tempfile.TemporaryDirectory() as folder:
        files_s, paths = best(args.repeat, lambda: _people(plan, folder, stamp))

    rows = [
        ("plan (plan_program)", plan_s, f"{events:,} meetings"),
        ("one program .ics (to_ics)", ics_s, f"{len(ics) / 1e6:,.1f} MB"),
        ("plan + program .ics", plan_s + ics_s, ""),
        ("one .ics per person (write_calendars)", files_s, f"{len(paths):,} files"),
    ]
    print(
        f"{args.matches:,} matches ({args.per_mentor} per mentor), every 14 days for a year: "
        f"{events:,} events"
    )
    print(f"{'step':<40} {'seconds':>8} {'s / 1,000 events':>17}  output")
    for name, seconds, note in rows:
        print(f"{name:<40} {seconds:>8.2f} {seconds / events * 1000:>17.3f}  {note}")
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, "
        f"{platform.processor() or platform.machine()}, Python {sys.version.split()[0]}"
    )
    return 0


def _people(plan: MeetingPlan, folder: str, stamp: dt.datetime) -> list[object]:
    return list(write_calendars(plan, folder, per="person", dtstamp=stamp))


if __name__ == "__main__":
    raise SystemExit(main())
