"""Matching to teams: mentees against teams of two mentors, next to the same mentors alone.

Run: python benchmarks/bench_teams.py [--sizes 1000 5000] [--repeat 3]

For each size it builds the seeded sample program of benchmarks/bench_matching.py (n mentees ×
n mentors, the same Vinn, vinn!-style rules), groups the mentors two by two into n/2 teams of
capacity 2, and times match() against the teams and against the mentors alone (the fastest of
``--repeat`` runs each), with the seconds per phase. Every hard rule judges a team through
each member (AvailabilityOverlap through the time both are free), so far fewer pairs are
allowed: the figures show what teams cost, not a like-for-like race.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from bench_matching import START, rss_mib, ruleset

from mentorlib import Team, samples
from mentorlib.matching import match

PHASES = ("candidates", "scores", "solve", "explain")


def fastest(mentees, hosts, rules, repeat):
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = match(mentees, hosts, rules, on=START)
        seconds = time.perf_counter() - started
        if best is None or seconds < best[0]:
            best = (seconds, result)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}"
    )
    columns = ["people", "hosts", "pairs", *PHASES, "match s", "matched", "optimal", "rss MiB"]
    print(" | ".join(columns))
    print(" | ".join("---" for _ in columns))
    for size in args.sizes:
        data = samples.program(seed=1, mentees=size, mentors=size, history=False)
        mentors = list(data.mentors)
        teams = [
            Team(f"team-{k}", f"Team {k}", members=mentors[2 * k : 2 * k + 2], capacity=2)
            for k in range(size // 2)
        ]
        rules = ruleset(data.program)
        for label, hosts in ((f"{len(teams)} teams of 2", teams), (f"{size} mentors", mentors)):
            seconds, result = fastest(data.mentees, hosts, rules, args.repeat)
            cells = [
                f"{size}×{len(hosts)}",
                label,
                f"{result.candidate_pairs:,}",
                *(f"{result.timings[p]:.3f}" for p in PHASES),
                f"{seconds:.3f}",
                f"{result.matched:,}",
                str(result.optimal),
                f"{rss_mib():,.0f}",
            ]
            print(" | ".join(cells))


if __name__ == "__main__":
    main()
