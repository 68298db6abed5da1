"""Compare match() of the working tree with match() of an earlier commit, timed in turns.

Run: python benchmarks/ab_matching.py REV [--size 1000] [--rounds 60]

On a shared or virtual machine a timing taken in one process and a timing taken a minute later
in another can differ by a fifth, which hides changes of a few per cent. This script starts two
worker processes, one importing ``src/`` of the working tree and one importing ``src/`` of
``REV`` (exported with ``git archive``), lets each build the same seeded sample program, and then
asks them in turns (the other one first every other round) to run one ``match()`` with the
benchmark's rules. It prints, for each, the fastest run and the fastest time of each phase, and
says whether both found the same pairs.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tarfile
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

WORKER = """
import json, sys, time
sys.path.insert(0, {benchmarks!r})
from bench_matching import START, ruleset
from mentorlib import samples
from mentorlib.matching import match

data = samples.program(seed=1, mentees={size}, mentors={size}, history=False)
rules = ruleset(data.program)
print("ready", flush=True)
for _ in sys.stdin:
    started = time.perf_counter()
    result = match(data.mentees, data.mentors, rules, on=START)
    seconds = time.perf_counter() - started
    print(json.dumps({{"seconds": seconds, "phases": dict(result.timings),
                      "pairs": sorted(result.pairs())}}), flush=True)
"""


def export(rev: str, into: pathlib.Path) -> pathlib.Path:
    """Write ``src/`` of ``rev`` under ``into`` and return its path."""
    archive = into / "src.tar"
    subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--output", str(archive), rev, "src"], check=True
    )
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def worker(src: pathlib.Path, size: int) -> subprocess.Popen[str]:
    """Start a process that runs match() on request, importing mentorlib from ``src``."""
    code = WORKER.format(benchmarks=str(ROOT / "benchmarks"), size=size)
    env = {**os.environ, "PYTHONPATH": str(src)}
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    if process.stdout is None or process.stdout.readline().strip() != "ready":
        raise RuntimeError(f"the worker importing {src} did not start")
    return process


def run_once(process: subprocess.Popen[str]) -> dict:
    """Ask a worker for one match() and return its timings and pairs."""
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write("go\n")
    process.stdin.flush()
    return json.loads(process.stdout.readline())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the commit to compare with, e.g. HEAD~3")
    parser.add_argument("--size", type=int, default=1000, help="people a side")
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        old_src = export(args.rev, pathlib.Path(scratch))
        processes = {
            args.rev: worker(old_src, args.size),
            "working tree": worker(ROOT / "src", args.size),
        }
        best: dict[str, dict] = {
            name: {"seconds": float("inf"), "phases": {}} for name in processes
        }
        pairs = {}
        for round_number in range(args.rounds):
            names = list(processes)[:: 1 if round_number % 2 else -1]
            for name in names:
                answer = run_once(processes[name])
                pairs[name] = answer["pairs"]
                mine = best[name]
                mine["seconds"] = min(mine["seconds"], answer["seconds"])
                for phase, seconds in answer["phases"].items():
                    mine["phases"][phase] = min(mine["phases"].get(phase, float("inf")), seconds)
        for process in processes.values():
            process.terminate()
    print(f"{args.size}×{args.size}, fastest of {args.rounds} runs each, taken in turns (ms)")
    for name, mine in best.items():
        phases = ", ".join(f"{k} {v * 1000:.2f}" for k, v in mine["phases"].items())
        print(f"{name:>14}: match {mine['seconds'] * 1000:.2f} ({phases})")
    old, new = (best[name]["seconds"] for name in processes)
    print(f"working tree / {args.rev}: {new / old:.3f}")
    print("same pairs" if len({json.dumps(p) for p in pairs.values()}) == 1 else "PAIRS DIFFER")


if __name__ == "__main__":
    main()
