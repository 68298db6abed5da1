"""Matching at scale: mentorlib.matching.match against a bare min-cost flow of the same pairs.

Run: python benchmarks/bench_matching.py [--sizes 60 1000 5000 20000] [--quota-size 1000]
[--repeat 3] [--processes 1]

For each size it builds a seeded sample program (n mentees × n mentors), matches it with
Vinn, vinn!-style rules (shared language at B1, age windows, age gap, safeguarding for minors,
same municipality or ≤ 25 km, 60 minutes of shared weekly availability; interests, background and
native language scored; mentor capacity 1–3) and prints, per phase, the seconds spent; then it
solves the same allowed pairs as a bare OR-Tools min-cost flow (source → mentee → mentor → sink,
no explanations) for the reference. Below 20,000 a side both are timed ``--repeat`` times, in
turns, and the fastest of each is kept (the first run in a process also pays for fresh memory).
Peak RSS is the process's high-water mark after the first match() of a size, before the
reference is built. The quota run adds per-municipality minimum and maximum quotas. With
``--processes N`` each size below 20,000 is measured in N fresh processes, a row each, and the
spread of their match/flow is summed up: where the records and arrays land in memory differs
from one process to the next, and moves ``match()``'s fastest run by up to a third.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow

from mentorlib import samples
from mentorlib.matching import match, rules

START = dt.date(2026, 8, 17)
SECONDS = {"candidates", "scores", "constraints", "solve", "explain", "match s", "flow s"}


def ruleset(program, *quota):
    return [
        rules.SharedLanguage("B1"),
        rules.WithinAgeWindows.from_program(program),
        rules.AgeGap(minimum=5),
        rules.SafeguardingForMinors(),
        rules.WithinDistance(25),
        rules.AvailabilityOverlap(60),
        rules.SharedInterests(weight=2),
        rules.SharedBackground(weight=2),
        rules.NativeLanguage(weight=3),
        *quota,
    ]


def bare_flow(mentee, mentor, gain, capacity, n_mentees):
    """Min-cost max flow over the given pairs, built and solved with nothing else around it."""
    started = time.perf_counter()
    n, m = n_mentees, len(capacity)
    top = int(gain.max()) if len(gain) else 0
    source, sink = 0, 1
    tails = np.concatenate([np.zeros(n, np.int64), 2 + mentee, 2 + n + np.arange(m)])
    heads = np.concatenate([2 + np.arange(n), 2 + n + mentor, np.ones(m, np.int64)])
    caps = np.concatenate([np.ones(n, np.int64), np.ones(len(mentee), np.int64), capacity])
    costs = np.concatenate([np.zeros(n, np.int64), top - gain, np.zeros(m, np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_nodes_supplies(np.array([source, sink]), np.array([n, -n]))
    status = flow.solve_max_flow_with_min_cost()
    assert status == flow.OPTIMAL
    return time.perf_counter() - started, flow.maximum_flow()


class ReferenceFlow:
    """The reference: a bare flow over exactly the allowed pairs match() finds, ready to time."""

    def __init__(self, data, size):
        from mentorlib.matching._candidates import candidate_pairs
        from mentorlib.matching._pairs import Side, Vocabulary

        vocabulary = Vocabulary()
        mentees = Side(list(data.mentees), "mentee", vocabulary)
        mentors = Side(list(data.mentors), "mentor", vocabulary)
        hard = [r for r in ruleset(data.program) if isinstance(r, rules.HardRule)]
        scored = [r for r in ruleset(data.program) if isinstance(r, rules.ScoreRule)]
        pairs = candidate_pairs(hard, mentees, mentors, on=START)
        totals = sum(r.weight * r.score(pairs) for r in scored)
        self.arguments = (
            pairs.mentee,
            pairs.mentor,
            np.rint(totals * 100).astype(np.int64),  # the integer objective match() uses
            mentors.capacity,
            size,
        )
        self.matched = None

    def __call__(self):
        seconds, self.matched = bare_flow(*self.arguments)
        return seconds


def rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(size, *, quotas=False, time_limit=None, repeat=1):
    data = samples.program(seed=1, mentees=size, mentors=size, history=False)
    extra = []
    if quotas:
        # Binding but feasible quotas: cap every other town at 80 % of what it gets without
        # quotas, and ask the rest for all their candidates up to what they now get plus 10 %.
        plain = match(data.mentees, data.mentors, ruleset(data.program), on=START)
        got: dict[str, int] = {}
        for pairing in plain.pairings:
            town = data.mentees[pairing.mentee_id].location.municipality
            got[town] = got.get(town, 0) + 1
        towns = sorted(got)
        extra = [
            rules.Quota(
                minimum={t: got[t] for t in towns[::2]},
                maximum={t: int(got[t] * 0.8) for t in towns[1::2]},
            )
        ]
    total, result, flow_seconds, rss, reference = math.inf, None, math.inf, None, None
    for attempt_number in range(repeat):
        # The fastest of ``repeat`` runs of each, taken in turns (the flow first every other
        # time), so both meet the same state of the machine.
        if reference is not None and attempt_number % 2:
            flow_seconds = min(flow_seconds, reference())
        started = time.perf_counter()
        attempt = match(
            data.mentees,
            data.mentors,
            ruleset(data.program, *extra),
            on=START,
            time_limit=time_limit,
        )
        seconds = time.perf_counter() - started
        if seconds < total:
            total, result = seconds, attempt
        if rss is None:
            rss = rss_mib()  # match's peak, before the reference takes memory of its own
            reference = None if quotas else ReferenceFlow(data, size)
        if reference is not None and not attempt_number % 2:
            flow_seconds = min(flow_seconds, reference())
    row = {
        "people": f"{size}×{size}",
        "pairs": result.candidate_pairs,
        **{
            k: result.timings[k]
            for k in ("candidates", "scores", "constraints", "solve", "explain")
        },
        "match s": total,
        "rss MiB": rss,
        "matched": result.matched,
        "objective": result.total_score,
        "bound": result.bound,
        "gap": result.gap,
        "backend": result.backend,
    }
    if reference is not None:
        assert reference.matched == result.matched
        row["flow s"] = flow_seconds
        row["match/flow"] = total / flow_seconds
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[60, 1000, 5000, 20000])
    parser.add_argument("--quota-size", type=int, default=1000)
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="time match() and the flow this many times each, keep the fastest (sizes < 20,000)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="run each size below 20,000 in this many fresh processes, one row each, and sum up "
        "their match/flow (where records and arrays land in memory differs by process)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # one size in a fresh process, for --processes: the row as JSON
        print(json.dumps(run(args.sizes[0], repeat=args.repeat)))
        return
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, numpy {np.__version__}"
    )
    rows, spreads = [], []
    for size in args.sizes:
        if size >= 20_000:
            rows.append(run(size, repeat=1))
        elif args.processes > 1:
            runs = [in_fresh_process(size, args.repeat) for _ in range(args.processes)]
            rows += runs
            spreads.append((size, sorted(r["match/flow"] for r in runs)))
        else:
            rows.append(run(size, repeat=args.repeat))
    if args.quota_size:
        quota_row = run(args.quota_size, quotas=True, time_limit=10)
        quota_row["people"] += " +quotas"
        rows.append(quota_row)
    columns = [
        "people",
        "pairs",
        "candidates",
        "scores",
        "constraints",
        "solve",
        "explain",
        "match s",
        "flow s",
        "match/flow",
        "rss MiB",
        "matched",
        "objective",
        "bound",
        "gap",
        "backend",
    ]
    print(" | ".join(columns))
    print(" | ".join("---" for _ in columns))
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column, "")
            if isinstance(value, float):
                if column == "gap":
                    value = f"{value:.2%}"
                elif column in SECONDS:
                    value = f"{value:,.3f}"
                else:
                    value = f"{value:,.2f}"
            elif isinstance(value, int):
                value = f"{value:,}"
            cells.append(str(value))
        print(" | ".join(cells))
    for size, ratios in spreads:
        print(
            f"\n{size}×{size} over {len(ratios)} processes: match/flow {ratios[0]:.2f}–"
            f"{ratios[-1]:.2f}, median {statistics.median(ratios):.2f}, "
            f"{sum(r <= 1.5 for r in ratios)} of {len(ratios)} at or under 1.5"
        )


def in_fresh_process(size, repeat):
    """The row of one size, measured by this script in a process of its own."""
    command = [sys.executable, __file__, "--child", "--sizes", str(size), "--repeat", str(repeat)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
