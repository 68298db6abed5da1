"""Plan a Vinn, vinn!-style program for a year and write its calendars.

Every 14 days from 17 August 2026 in Europe/Oslo, around Norwegian public holidays (with
Christmas Eve) and the school holidays the program gives, moving a meeting to another day of
its week when both people can; six group gatherings; one .ics file for the program and one per
person.

Run:  python examples/plan_vinn_vinn.py [DIRECTORY]   (a temporary directory by default)
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from mentorlib.model import (
    Cadence,
    DateRange,
    Match,
    Mentee,
    Mentor,
    Period,
    Program,
    ProgramData,
    Targets,
)
from mentorlib.scheduling import (
    plan_program,
    public_holidays,
    school_holidays,
    spread_gatherings,
    write_calendars,
)

START = dt.date(2026, 8, 17)
SCHOOL_HOLIDAYS = [  # the program's own list, from the municipality's school calendar
    DateRange(dt.date(2026, 9, 28), dt.date(2026, 10, 2), label="autumn break"),
    DateRange(dt.date(2026, 12, 21), dt.date(2027, 1, 1), label="Christmas break"),
    DateRange(dt.date(2027, 2, 22), dt.date(2027, 2, 26), label="winter break"),
    DateRange(dt.date(2027, 3, 22), dt.date(2027, 3, 26), label="Easter break"),
    DateRange(dt.date(2027, 6, 21), dt.date(2027, 8, 13), label="summer break"),
]
PAIRS = [  # mentee, mentor, their weekly windows (local time)
    (
        "Amanuel",
        "Ingrid",
        ["mon 16:00-19:00", "thu 16:00-19:00"],
        ["mon 17:00-20:00", "thu 17:00-21:00"],
    ),
    ("فاطمة", "Lars", ["tue 17:00-20:00"], ["tue 18:00-21:00", "sat 10:00-13:00"]),
    ("زهرا", "Solveig", ["wed 15:00-18:00", "sat 11:00-14:00"], ["sat 10:00-12:30"]),
    ("Олександр", "Bjørn", ["thu 18:00-21:00"], ["thu 17:00-19:30", "sun 14:00-16:00"]),
    ("Hodan", "Kari", ["fri 16:00-18:00"], ["mon 17:00-19:00"]),  # no common time
]


def build() -> ProgramData:
    program = Program(
        "vinn-vinn-oslo",
        "Vinn, vinn! Oslo",
        country="NO",
        time_zone="Europe/Oslo",
        cadence=Cadence(interval=2, unit="week", meeting_minutes=90),
        duration=Period(1, "year"),
        starts_on=START,
        targets=Targets(meetings=100, gatherings=6),
        sites=["Oslo"],
    )
    mentees, mentors, matches = [], [], []
    for number, (young, adult, young_windows, adult_windows) in enumerate(PAIRS, start=1):
        mentees.append(
            Mentee(f"y{number}", young, availability=young_windows, email=f"y{number}@example.org")
        )
        mentors.append(
            Mentor(f"m{number}", adult, availability=adult_windows, email=f"m{number}@example.org")
        )
        matches.append(Match(f"x{number}", f"y{number}", f"m{number}", START))
    return ProgramData(program, mentees, mentors, matches=matches)


def main(argv: list[str]) -> int:
    data = build()
    program = data.program
    closed = public_holidays("NO", years=[2026, 2027]) | school_holidays(SCHOOL_HOLIDAYS)
    gatherings = spread_gatherings(
        program,
        participant_ids=[*data.mentees.ids, *data.mentors.ids],
        blackouts=closed,
        place="Grønland youth centre",
    )
    plan = plan_program(
        data,
        blackouts=closed,
        policy="move",
        places="Deichman Grünerløkka",
        gatherings=gatherings,
    )
    print(plan.summary())
    for item in plan.unscheduled:
        print(f"  not scheduled: {item}")
    for item in plan.adjustments[:6]:
        print(f"  {item}")
    print(plan.to_frame()[["match_id", "start", "local_time", "place"]].head(6).to_string())

    directory = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="vinn-vinn-"))
    paths = write_calendars(plan, directory, per="program")
    paths += write_calendars(plan, directory, per="person")
    print(f"wrote {len(paths)} calendars to {directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
