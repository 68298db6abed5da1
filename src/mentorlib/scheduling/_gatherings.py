"""Group gatherings spread evenly over a program, away from closed days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from mentorlib.model import GroupGathering, Program, ValidationError, Weekday

from ._availability import local_datetime
from ._blackouts import BlackoutCalendar, HolidaysByYear, check_blackouts

__all__ = ["spread_gatherings"]


def spread_gatherings(
    program: Program,
    *,
    count: int | None = None,
    weekday: Weekday | int | str = Weekday.SATURDAY,
    at: dt.time = dt.time(12, 0),
    minutes: int = 180,
    participant_ids: Iterable[str] = (),
    blackouts: BlackoutCalendar | HolidaysByYear | None = None,
    title: str = "Group gathering {number}",
    place: str | None = None,
) -> tuple[GroupGathering, ...]:
    """Return ``count`` group gatherings spread evenly over the program's days.

    Gathering *k* of *n* falls on the ``weekday`` nearest the middle of the *k*-th of *n* equal
    parts of the program; on a closed day it moves to the nearest free one a whole number of
    weeks away (the later one on a tie).

    Parameters
    ----------
    program
        Needs ``starts_on`` and a duration.
    count
        How many; the program's target for gatherings (Vinn, vinn!: 6) when omitted.
    weekday, at, minutes
        When the gatherings are and how long they last, in the program's local time.
    participant_ids
        Who is invited: usually every mentee and mentor of the program's active matches.
    blackouts
        Closed days, as a plan takes them (a :class:`BlackoutCalendar` or
        :class:`HolidaysByYear`); the country's public holidays by default. Anything else is
        refused with a :class:`~mentorlib.ValidationError` on ``blackouts``.
    title
        Each gathering's title; ``{number}`` is replaced by its number, other braces are
        kept ("Sommerfest {2027}").
    place
        Where the gatherings are.

    Examples
    --------
    >>> from mentorlib import samples
    >>> from mentorlib.scheduling import spread_gatherings
    >>> program = samples.vinn_vinn().program
    >>> [g.start.date().isoformat() for g in spread_gatherings(program)]
    ['2026-09-19', '2026-11-14', '2027-01-16', '2027-03-20', '2027-05-15', '2027-07-17']
    """
    first, end = program.starts_on, program.ends_on
    if first is None or end is None:
        raise ValidationError(
            "spreading gatherings needs the program's start and duration",
            record="Program",
            record_id=program.id,
            field="starts_on" if first is None else "duration",
        )
    number = program.targets.gatherings if count is None else count
    if number is None or isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValidationError(
            f"give how many gatherings to plan (1 or more), got {number!r}",
            record="Program",
            record_id=program.id,
            field="count",
        )
    if not isinstance(at, dt.time) or at.tzinfo is not None:
        raise ValidationError(
            f"expected a local clock time without tzinfo, got {at!r}", record="Program", field="at"
        )
    if not isinstance(title, str):
        raise ValidationError(
            f"expected text, got {type(title).__name__}",
            record="Program",
            record_id=program.id,
            field="title",
        )
    if isinstance(participant_ids, str):
        raise ValidationError(
            f"expected a collection of ids, got the text {participant_ids!r}; wrap one id in a "
            "list",
            record="Program",
            record_id=program.id,
            field="participant_ids",
        )
    day_of_week = int(Weekday.parse(weekday))
    closed = check_blackouts(blackouts, program.country, record="Program")
    people = tuple(participant_ids)
    span = (end - first).days
    found: list[GroupGathering] = []
    zone = program.zone
    for k in range(number):
        middle = first + dt.timedelta(days=round(span * (2 * k + 1) / (2 * number)))
        shift = (day_of_week - middle.weekday()) % 7
        day = middle + dt.timedelta(days=shift if shift <= 3 else shift - 7)
        weeks = span // 7 + 1
        steps = [0, *(w for k in range(1, weeks + 1) for w in (k, -k))]
        tries = [day + dt.timedelta(weeks=w) for w in steps]
        usable = [d for d in tries if first <= d < end and not closed.on(d)]
        if not usable:
            raise ValidationError(
                f"no free {Weekday(day_of_week).short} near {day} for gathering {k + 1}",
                record="Program",
                record_id=program.id,
                field="count",
            )
        start, _ = local_datetime(usable[0], at, zone)
        stop = (start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(zone)
        found.append(
            GroupGathering(
                f"{program.id}-g{k + 1}",
                title.replace("{number}", str(k + 1)),  # other braces are the title's own
                start,
                stop,
                participant_ids=people,
                place=place,
            )
        )
    return tuple(found)
