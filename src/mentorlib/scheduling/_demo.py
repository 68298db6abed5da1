"""The scheduling part of ``mentorlib demo``: plan a sample program and write its calendars."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mentorlib.model import DateRange, MatchStatus, ProgramData

from ._blackouts import HolidaysByYear, school_holidays
from ._gatherings import spread_gatherings
from ._ical import write_calendars
from ._plan import MeetingPlan
from ._planning import plan_program

__all__ = ["demo_plan", "write_demo_calendars"]

#: Illustrative school holidays for the 2026/27 school year in Norway, in the usual weeks
#: (autumn break in week 40, Christmas, winter break in week 8, Easter, summer). They show how a
#: program passes its municipality's holidays; take real ones from the municipality's school
#: calendar (skolerute).
EXAMPLE_SCHOOL_HOLIDAYS: dict[str, tuple[DateRange, ...]] = {
    "NO": (
        DateRange(dt.date(2026, 9, 28), dt.date(2026, 10, 2), label="autumn break (example)"),
        DateRange(dt.date(2026, 12, 21), dt.date(2027, 1, 1), label="Christmas break (example)"),
        DateRange(dt.date(2027, 2, 22), dt.date(2027, 2, 26), label="winter break (example)"),
        DateRange(dt.date(2027, 3, 22), dt.date(2027, 3, 26), label="Easter break (example)"),
        DateRange(dt.date(2027, 6, 21), dt.date(2027, 8, 13), label="summer break (example)"),
    ),
}


def demo_plan(data: ProgramData) -> MeetingPlan:
    """Plan a sample program as ``mentorlib demo`` shows it.

    Public holidays of the program's country, in every year the plan reaches, and, in Norway,
    the example school holidays are closed; a meeting on a closed day moves to another day of
    its week when both parties can. The program's gatherings are used, or as many as its
    target spread over the year.

    Examples
    --------
    >>> from mentorlib import samples
    >>> from mentorlib.scheduling import demo_plan
    >>> print(demo_plan(samples.vinn_vinn()).summary())  # doctest: +ELLIPSIS
    161 meetings planned for 12 matches (target 1,200: 13%); 40 matches without a common
    time; 53 skipped, 0 moved, 0 shifted; 6 gatherings
    """
    program = data.program
    # The public holidays of every year the plan reaches, loaded as the planner gets there
    # (however long an open-ended program runs), with the example school holidays on top.
    closed = HolidaysByYear(program.country) | school_holidays(
        EXAMPLE_SCHOOL_HOLIDAYS.get(program.country, ())
    )
    gatherings = tuple(data.gatherings)
    if not gatherings and program.starts_on and program.ends_on:
        active = [m for m in data.matches if m.status is not MatchStatus.PROPOSED]
        people = [m.mentee_id for m in active]
        adults: set[str] = set()
        for match in active:  # a team's members come as themselves
            team = data.teams.get(match.mentor_id)
            if team is not None:
                adults.update(team.member_ids)
            elif match.mentor_id in data.mentors:
                adults.add(match.mentor_id)
        people += sorted(adults - set(people))
        gatherings = spread_gatherings(
            program,
            count=program.targets.gatherings or 6,
            participant_ids=people,
            blackouts=closed,
            place=f"{program.sites[0]} youth centre" if program.sites else None,
        )
    return plan_program(data, blackouts=closed, policy="move", gatherings=gatherings)


def write_demo_calendars(
    data: ProgramData, directory: str | Path, *, plan: MeetingPlan | None = None
) -> list[Path]:
    """Write a sample program's calendars into ``directory``; return the paths, program first.

    One ``PUBLISH`` file with every event of the program, then one per person (first names
    and places only). ``plan`` defaults to :func:`demo_plan`'s.

    Examples
    --------
    >>> import tempfile
    >>> from mentorlib import samples
    >>> from mentorlib.scheduling import write_demo_calendars
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = write_demo_calendars(samples.vinn_vinn(), folder)
    ...     print(paths[0].name, len(paths))
    vinn-vinn.ics 94
    """
    chosen = demo_plan(data) if plan is None else plan
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    paths = write_calendars(chosen, directory, per="program", dtstamp=stamp)
    paths += write_calendars(chosen, directory, per="person", dtstamp=stamp)
    return paths
