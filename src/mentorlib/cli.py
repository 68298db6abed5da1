"""The ``mentorlib`` command: a thin layer over the library.

``mentorlib demo`` runs the library's main job on built-in sample data: it shows a sample
program and its people, matches them and explains the result, plans the new matches' meetings
around public and school holidays and writes them as iCalendar files, and prints the report of
the sample program's year, small cells suppressed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs

import mentorlib
from mentorlib import metrics, samples
from mentorlib.matching import HardRule, ScoreRule, match, rules
from mentorlib.model import (
    MatchStatus,
    Mentee,
    Mentor,
    MentorlibError,
    Program,
    ProgramData,
    Roster,
)
from mentorlib.scheduling import demo_plan, write_demo_calendars

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
    except OSError as error:  # a file or folder it was asked to write: not a bug to trace
        what = f"cannot write {error.filename}: {error.strerror}" if error.filename else error
        print(f"mentorlib: {what}", file=sys.stderr)
        return 1


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
    demo.add_argument(
        "--calendars",
        type=Path,
        default=Path("mentorlib-demo"),
        metavar="DIR",
        help="folder for the .ics files (default: ./mentorlib-demo)",
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
    print()
    text, matched = render_matching(data, rows=args.rows)
    print(text)
    print()
    print(render_calendars(matched, args.calendars))
    print()
    print(render_report(data))
    return 0


def demo_rules(program: Program) -> list[HardRule | ScoreRule]:
    """Return the rules the demo matches with: Vinn, vinn!-style hard rules and preferences.

    A pair must share a weekly window long enough for one of the program's meetings.
    """
    minutes = program.cadence.meeting_minutes if program.cadence else 60
    return [
        rules.SharedLanguage("B1"),
        rules.WithinAgeWindows.from_program(program),
        rules.SafeguardingForMinors(),
        rules.WithinDistance(25),
        rules.AvailabilityOverlap(minutes),
        rules.GenderPreference(),
        rules.SharedInterests(weight=2),
        rules.SharedBackground(weight=2),
        rules.NativeLanguage(weight=3),
    ]


def render_matching(data: ProgramData, *, rows: int = 12) -> tuple[str, ProgramData]:
    """Match a program's people with the demo rules.

    Returns the text on the matches and the unmatched, and the program with the new matches as
    its (active) matches and no history, ready to be planned.
    """
    program = data.program
    on = program.starts_on or dt.date.today()
    result = match(data.mentees, data.mentors, demo_rules(program), on=on)
    accepted = [
        attrs.evolve(m, status=MatchStatus.ACTIVE) for m in result.to_matches(started_on=on)
    ]
    matched = ProgramData(program, data.mentees, data.mentors, data.places, accepted)
    lines = [f"Matching on {on}: {result.summary()}", ""]
    lines.append(f"Matches ({result.matched}), best first")
    best = sorted(result.pairings, key=lambda p: (-p.score, p.mentee_id))
    shown = best if rows <= 0 else best[:rows]
    for pairing in shown:
        mentee, mentor = data.mentees[pairing.mentee_id], data.mentors[pairing.mentor_id]
        lines.append(f"  {pairing.explain()}  [{mentee.display_name} ↔ {mentor.display_name}]")
    if len(shown) < len(best):
        lines.append(f"  … {len(best) - len(shown)} more (--rows 0 shows all)")
    lines += ["", f"Unmatched ({len(result.unmatched)})"]
    left = result.unmatched if rows <= 0 else result.unmatched[:rows]
    for item in left:
        lines.append(f"  {item.mentee_id} ({item.reason.value}): {item.message}")
    if len(left) < len(result.unmatched):
        lines.append(f"  … {len(result.unmatched) - len(left)} more (--rows 0 shows all)")
    shortage = result.shortage()
    if len(shortage):
        lines += ["", "Mentors missing, by municipality and language (top 5)"]
        lines.append(shortage.head(5).to_string(index=False))
    return "\n".join(lines), matched


def render_report(data: ProgramData) -> str:
    """Return the program report of a program with history, as Markdown for a funder."""
    report = metrics.program_report(data)
    return "Report on the sample's history (small cells suppressed)\n\n" + report.to_markdown()


def render_calendars(data: ProgramData, directory: Path) -> str:
    """Plan the matches' meetings, write the calendars into ``directory``; say what was done."""
    plan = demo_plan(data)
    paths = write_demo_calendars(data, directory, plan=plan)
    return (
        f"Meetings: {plan.summary()}\n"
        f"Wrote {len(paths)} calendars (.ics) to {directory.resolve()}: "
        f"{paths[0].name} for the program, one per person"
    )


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
