"""Side constraints a network flow cannot hold: rematch with ``max_changes`` and two quotas.

Run: python benchmarks/bench_side_constraints.py [--size 1000] [--time-limit 30]

On a seeded sample program (size × size, the Vinn, vinn!-style rules of bench_matching.py) it
times ``rematch`` after some mentors withdraw, letting a few earlier pairs change, and
``match`` with two quotas on the mentee side. Each needs more than a flow can state; where the
flow's optimum without the extra constraint keeps it anyway, that optimum is returned as proven
(backend ``assignment`` or ``flow``), else CP-SAT runs up to ``--time-limit`` seconds.
Prints one row per case: backend, whether proven optimal, matched, score, bound, gap, seconds.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

from bench_matching import START, ruleset

from mentorlib import samples
from mentorlib.matching import match, rematch, rules


def gender(person):
    return None if person.gender is None else person.gender.value


def cases(data, time_limit):
    """Yield (case, thunk) pairs; each thunk runs one match or rematch."""
    vinn = ruleset(data.program)
    first = match(data.mentees, data.mentors, vinn, on=START)
    for withdrawn, changes in ((1, 3), (5, 10), (20, 50)):
        gone = {p.mentor_id for p in first.pairings[:withdrawn]}
        staying = [m for m in data.mentors if m.id not in gone]
        yield (
            f"rematch, {withdrawn} mentors gone, max_changes={changes}",
            lambda staying=staying, changes=changes: rematch(
                first.pairs(),
                data.mentees,
                staying,
                vinn,
                on=START,
                max_changes=changes,
                time_limit=time_limit,
            ),
        )
    towns: dict[str, int] = {}
    for pairing in first.pairings:
        town = data.mentees[pairing.mentee_id].location.municipality
        towns[town] = towns.get(town, 0) + 1
    busiest = max(towns, key=towns.__getitem__)
    women = sum(gender(data.mentees[p.mentee_id]) == "female" for p in first.pairings)
    for share, label in ((1.0, "does not bind"), (0.5, "binds")):
        quotas = [
            rules.Quota(maximum={busiest: int(towns[busiest] * 0.8)}),
            rules.Quota(maximum={"female": int(women * share)}, by=gender, label="gender"),
        ]
        yield (
            f"town and gender quotas (gender {label})",
            lambda quotas=quotas: match(
                data.mentees, data.mentors, [*vinn, *quotas], on=START, time_limit=time_limit
            ),
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()
    data = samples.program(seed=1, mentees=args.size, mentors=args.size, history=False)
    print(
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}; {args.size}×{args.size}, time limit {args.time_limit:g} s\n"
    )
    print("case | backend | optimal | matched | score | bound | gap | s")
    print("--- | --- | --- | --- | --- | --- | --- | ---")
    for name, run in cases(data, args.time_limit):
        started = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - started
        print(
            f"{name} | {result.backend} | {result.optimal} | {result.matched} | "
            f"{result.total_score:,.2f} | {result.bound:,.2f} | {result.gap:.2%} | {seconds:.2f}"
        )


if __name__ == "__main__":
    main()
