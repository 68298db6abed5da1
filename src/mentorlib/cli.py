"""The ``mentorlib`` command: a thin layer over the library.

``mentorlib demo`` runs the library's main job on built-in sample data; it grows with each
capability (matching, scheduling and reports are to come).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

import mentorlib
from mentorlib import samples
from mentorlib.model import Mentee, Mentor, MentorlibError, ProgramData, Roster

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except MentorlibError as error:
        print(f"mentorlib: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mentorlib",
        description="Match, schedule and measure volunteer-mentoring programs.",
    )
    parser.add_argument("--version", action="version", version=f"mentorlib {mentorlib.__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="show a sample program end to end",
        description="Show a seeded sample program: the program, its people and its records.",
    )
    demo.add_argument("--seed", type=int, default=0, help="sample seed (default 0)")
    demo.add_argument(
        "--country",
        choices=("NO", "SE", "DK", "FI"),
        help="a generic sample program in this country instead of the Vinn, vinn! sample",
    )
    demo.add_argument("--mentees", type=int, default=60, help="with --country (default 60)")
    demo.add_argument("--mentors", type=int, default=60, help="with --country (default 60)")
    demo.add_argument(
        "--rows", type=int, default=12, help="people shown per table; 0 shows all (default 12)"
    )
    demo.set_defaults(run=_demo)
    return parser


def _demo(args: argparse.Namespace) -> int:
    if args.country is None:
        data = samples.vinn_vinn(seed=args.seed)
    else:
        data = samples.program(
            seed=args.seed, mentees=args.mentees, mentors=args.mentors, country=args.country
        )
    print(render_program(data, rows=args.rows))
    return 0


def render_program(data: ProgramData, *, rows: int = 12) -> str:
    """Return a program, its people and its record counts as plain-text tables."""
    program = data.program
    lines = [f"{program.name} — {program.country}, {program.time_zone}"]
    if program.starts_on is not None:
        span = f"from {program.starts_on}"
        if program.duration is not None:
            span += f" for {program.duration}"
        if program.cadence is not None:
            span += f", meeting {program.cadence}"
        lines.append(span)
    targets = [
        f"{value:,} {name}"
        for name, value in (
            ("meetings", program.targets.meetings),
            ("mentees", program.targets.mentees),
            ("mentors", program.targets.mentors),
            ("matches", program.targets.matches),
            ("gatherings", program.targets.gatherings),
        )
        if value is not None
    ]
    if targets:
        lines.append("Targets: " + " · ".join(targets))
    if program.sites:
        lines.append("Sites: " + ", ".join(program.sites))
    on = program.starts_on
    for title, roster in (("Mentees", data.mentees), ("Mentors", data.mentors)):
        lines += ["", f"{title} ({len(roster)})", _people_table(roster, on=on, rows=rows)]
    counts = [f"{name} {count:,}" for name, count in data.counts().items() if count]
    lines += ["", "Records: " + ", ".join(counts)]
    return "\n".join(lines)


def _people_table(roster: Roster[Mentee] | Roster[Mentor], *, on: dt.date | None, rows: int) -> str:
    import pandas as pd

    shown = list(roster) if rows <= 0 else list(roster)[:rows]
    records = []
    for person in shown:
        record: dict[str, object] = {
            "id": person.id,
            "name": person.display_name,
            "age": None if on is None else person.age_on(on),
            "gender": person.gender.value,
            "languages": ", ".join(str(s) for s in person.languages),
            "municipality": person.location.municipality if person.location else "",
            "interests": ", ".join(sorted(person.interests)),
        }
        if isinstance(person, Mentor):
            record["capacity"] = person.capacity
            check = None if on is None else person.valid_check_on(on)
            record["check valid at start"] = "yes" if check is not None else "no"
        records.append(record)
    table = pd.DataFrame.from_records(records).to_string(index=False, na_rep="")
    hidden = len(roster) - len(shown)
    return table if hidden <= 0 else f"{table}\n… {hidden} more (--rows 0 shows all)"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
