"""Time Kaplan–Meier, meeting adherence and the program report over 100,000 matches.

Kaplan–Meier is set next to lifelines; meeting adherence is timed from the records, from the
DataFrames ``to_frame()`` gives for them, and from those frames written to CSV and read back
with every cell as text (``dtype=str``), as an analyst reads a coordinator's export.

Run: ``python benchmarks/bench_metrics.py [--matches N] [--meetings-per-match K]``.
lifelines is optional (it is a test dependency); without it its row is skipped.
The data are synthetic records built directly (building them is not timed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import time
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from mentorlib import metrics
from mentorlib.model import (
    Closure,
    Match,
    Meeting,
    Mentee,
    Mentor,
    Program,
    ProgramData,
)

START = dt.date(2026, 1, 5)
AS_OF = dt.date(2027, 6, 30)


def build(matches: int, per_match: int, seed: int = 0) -> ProgramData:
    rng = np.random.default_rng(seed)
    zone = ZoneInfo("Europe/Oslo")
    starts = rng.integers(0, 365, size=matches)
    lasted = rng.exponential(200, size=matches).astype(int) + 7
    closes = rng.random(matches) < 0.6
    mentees = [Mentee(f"y{i}", f"Y{i}") for i in range(matches)]
    mentors = [Mentor(f"m{i}", f"M{i}") for i in range(matches)]
    records = []
    meetings = []
    for i in range(matches):
        start = START + dt.timedelta(days=int(starts[i]))
        match = Match(f"x{i}", f"y{i}", f"m{i}", start)
        end = start + dt.timedelta(days=int(lasted[i]))
        if closes[i] and end <= AS_OF:
            match = match.close(Closure(end, "lost contact", "coordinator"))
        records.append(match)
        for k in range(per_match):
            begin = dt.datetime.combine(start + dt.timedelta(days=14 * k), dt.time(17), zone)
            status = "held" if rng.random() < 0.85 else "cancelled"
            meetings.append(
                Meeting(f"x{i}-{k}", f"x{i}", begin, begin + dt.timedelta(hours=1), status=status)
            )
    program = Program(
        "bench", "Benchmark", country="NO", starts_on=START, duration={"amount": 2, "unit": "year"}
    )
    return ProgramData(program, mentees, mentors, matches=records, meetings=meetings)


def best_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        run()
        times.append(time.perf_counter() - begin)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matches", type=int, default=100_000)
    parser.add_argument("--meetings-per-match", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(f"building {args.matches:,} matches with {args.meetings_per_match} meetings each ...")
    begin = time.perf_counter()
    data = build(args.matches, args.meetings_per_match)
    print(f"built in {time.perf_counter() - begin:.1f} s (not timed below)\n")
    curve = metrics.match_survival(data.matches, as_of=AS_OF, unit="days")
    durations = curve.timeline.repeat(curve.events + curve.censored)
    observed = np.concatenate(
        [
            np.r_[np.ones(e, bool), np.zeros(c, bool)]
            for e, c in zip(curve.events, curve.censored, strict=True)
        ]
    )

    rows = [
        (
            "Kaplan–Meier, arrays (mentorlib)",
            best_of(args.repeat, lambda: metrics.kaplan_meier(durations, observed)),
        ),
        (
            "Kaplan–Meier from Match records (mentorlib)",
            best_of(
                args.repeat,
                lambda: metrics.match_survival(data.matches, as_of=AS_OF, unit="months"),
            ),
        ),
    ]
    try:
        from lifelines import KaplanMeierFitter
    except ImportError:
        rows.append(("Kaplan–Meier, arrays (lifelines)", float("nan")))
    else:
        rows.append(
            (
                "Kaplan–Meier, arrays (lifelines)",
                best_of(args.repeat, lambda: KaplanMeierFitter().fit(durations, observed)),
            )
        )
    matches_frame, meetings_frame = data.matches.to_frame(), data.meetings.to_frame()
    matches_csv, meetings_csv = (
        pd.read_csv(io.StringIO(f.to_csv()), dtype=str, keep_default_na=False)
        for f in (matches_frame, meetings_frame)
    )
    for source, matches, meetings in (
        ("records", data.matches, data.meetings),
        ("DataFrames", matches_frame, meetings_frame),
        ("CSV text frames", matches_csv, meetings_csv),
    ):
        rows.append(
            (
                f"meeting adherence from {source}",
                best_of(
                    args.repeat,
                    lambda m=matches, g=meetings: metrics.meeting_adherence(m, g, as_of=AS_OF),
                ),
            )
        )
    rows.append(
        (
            f"program report ({len(data.meetings):,} meetings)",
            best_of(1, lambda: metrics.program_report(data, as_of=AS_OF)),
        )
    )

    print(f"{'what':<48} {'seconds':>9}")
    print(f"{'-' * 48} {'-' * 9}")
    for name, seconds in rows:
        print(f"{name:<48} {seconds:>9.3f}")
    print()
    print(f"matches: {args.matches:,}; best of {args.repeat} (report: one run)")
    print(f"python {platform.python_version()} on {platform.platform()}")
    print(f"processor: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs")
    print(f"numpy {np.__version__}, pandas {pd.__version__}")


if __name__ == "__main__":
    main()
