"""One match's meetings: days from the cadence, a time inside everyone's windows, blackouts handled.

A match's host is a mentor, a place or a team. A team meets as its members: the meeting's time
must fit every member's windows as well as the mentee's, and each member's own unavailable days
close the day. Matches are planned in turn, and a meeting takes a time at which none of its
people is already booked by an earlier match's meeting or a gathering.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs
from dateutil.relativedelta import relativedelta

from mentorlib.model import (
    Match,
    Mentee,
    Mentor,
    PeriodUnit,
    Place,
    Team,
    ValidationError,
    Weekday,
    WeeklyWindow,
)

from ._availability import meeting_times, slot_for, starts, wall_clock_fits
from ._blackouts import Blackout, BlackoutKind
from ._bookings import Booking, Bookings, describe
from ._cadence import HORIZON, cadence_dates, needs_anchor
from ._events import Adjustment, AdjustmentKind, PlannedMeeting, SeriesUids, Unscheduled
from ._plan_options import BlackoutPolicy, PlanOptions, place_for_match

__all__ = ["Host", "Person", "host_people", "plan_matches"]

_UTC = dt.UTC

#: Someone who takes part in a match's meetings: a calendar participant.
Person = Mentee | Mentor | Place
#: What hosts a match (the match's ``mentor_id``).
Host = Mentor | Place | Team


def host_people(host: Host) -> tuple[Mentor | Place, ...]:
    """Return who takes part for a match's host: a team's members, else the host itself."""
    return host.members if isinstance(host, Team) else (host,)


def _bounds(options: PlanOptions, match: Match) -> tuple[dt.date, dt.date | None]:
    """Return the first and the last day (both included) a match's meetings may fall on."""
    program = options.program
    starts = [d for d in (match.started_on, program.starts_on, options.starts_on) if d]
    ends = [d for d in (match.planned_end, options.ends_on) if d is not None]
    if match.closure is not None:
        ends.append(match.closure.on)
    if program.ends_on is not None:
        ends.append(program.ends_on - dt.timedelta(days=1))  # a year from 17 Aug ends on 16 Aug
    return max(starts), (min(ends) if ends else None)


def _personal(people: Sequence[tuple[str, Person]]) -> dict[dt.date, tuple[Blackout, ...]]:
    """Return people's own unavailable days; the reason names role and id, never the label."""
    closed: dict[dt.date, tuple[Blackout, ...]] = {}
    for role, person in people:
        for span in getattr(person, "unavailable", ()):
            item = Blackout(
                span.start, span.end, f"{role} {person.id} unavailable", BlackoutKind.PERSONAL
            )
            for day in item.days():
                closed[day] = (*closed.get(day, ()), item)
    return closed


def _place_for(options: PlanOptions, match: Match, host: Host) -> str | None:
    """Return the place the ``place`` option gives a match: by default a place host's name.

    A mentor or a team hosts no place of its own: a team's ``location`` is a municipality, as a
    place's ``location`` is, and neither names where to meet.
    """
    found = place_for_match(options.place, options.place_field, match)
    if found is None and options.place is None and isinstance(host, Place):
        return host.name
    return found


class _Taken(str):
    """Why a day has no meeting: someone is booked. A place's meeting does not move for it."""

    __slots__ = ()


#: A meeting's aware start and end, why a clock change gave it another wall-clock time than
#: planned (``None``: it did not), and the wall-clock time it was placed at.
_Placed = tuple[dt.datetime, dt.datetime, str | None, dt.time]


class _MatchPlanner:
    """Plans one match: days from the cadence, a time inside everyone's windows, blackouts."""

    def __init__(
        self,
        options: PlanOptions,
        match: Match,
        mentee: Mentee,
        host: Host,
        place: str | None,
        bookings: Bookings,
        booked: Sequence[tuple[str, str]],
        shared: Sequence[dt.time | None] = (),
        phase: dt.date | None = None,
    ) -> None:
        assert options.program.cadence is not None
        self.options = options
        self.cadence = options.program.cadence
        self.match = match
        self.place = place
        hosts = host_people(host)
        self.people = (mentee.id, *(p.id for p in hosts))
        self.bookings = bookings
        self.booked = booked  # (id, role) of those with other events; see calendar_people
        self.booked_ids = [person for person, _ in booked]
        self.fixed = isinstance(host, Place)  # a course meets at its time, whoever is booked
        self.course_days: set[dt.date] = set()  # a course's days, from its start (see dates)
        self.course_moves: dict[dt.date, dt.date] = {}  # see course_moves
        self.wanted = self.cadence.sessions  # a late youth's share of a course's (see dates)
        self.settled: dict[dt.date, _Placed] = {}  # see settle
        # One entry per person: a member without windows limits nothing, as a mentor without.
        self.windows: tuple[tuple[WeeklyWindow, ...], ...] = (
            mentee.availability,
            *(p.availability for p in hosts),
        )
        self.whose = (
            "the mentee's and every team member's" if isinstance(host, Team) else "both parties'"
        )
        self.minutes = dt.timedelta(minutes=self.cadence.meeting_minutes)
        self.slots = [
            slot_for(day, self.cadence.meeting_minutes, self.windows, prefer=options.prefer)
            for day in range(7)
        ]
        # A place's time on a weekday, where it fits all its mentees (see _place_slots).
        self.slots = [common or own for common, own in itertools.zip_longest(shared, self.slots)]
        self.personal = _personal((("mentee", mentee), *(("mentor", p) for p in hosts)))
        self.absent = _personal((("mentee", mentee),))  # the mentee's own, for a course's days
        self.hosts_away = _personal(tuple(("mentor", p) for p in hosts))
        self.first, self.last = _bounds(options, match)
        # A course's weeks (every other week, say) are the course's: its first match's.
        self.phase = phase if phase is not None and phase < self.first else None

    def closed(self, day: dt.date) -> tuple[Blackout, ...]:
        found = self.options.blackouts.on(day)
        own = self.personal.get(day)
        return found + own if own else found

    def host_closed(self, day: dt.date) -> tuple[Blackout, ...]:
        """Return what closes ``day`` for the host (a course: all its youths), not the mentee."""
        return self.options.blackouts.on(day) + self.hosts_away.get(day, ())

    def can_come(self, day: dt.date) -> bool:
        """Whether ``day`` is in the match's days, the mentee is not away and has a time."""
        return (
            self.first <= day
            and (self.last is None or day <= self.last)
            and day not in self.absent
            and self.slots[day.weekday()] is not None
        )

    def place_on(self, day: dt.date) -> _Placed | str:
        """Return where a meeting falls on ``day`` (see ``_Placed``), or why it cannot.

        The time is the weekday's slot, unless someone is booked then or the clocks change
        and the slot no longer fits a window: then the start nearest it that fits and leaves
        everyone's other events alone (a clock change says so: see ``_Placed``). A place's
        meeting keeps its time, and is off for whoever cannot come then (booked: the reason is
        a ``_Taken``).
        """
        slot = self.slots[day.weekday()]
        if slot is None:  # even the night the clocks go back: a weekday has a time, or none
            return f"no time inside {self.whose} windows on {Weekday(day.weekday()).short}"
        taken = self.bookings.on(self.booked_ids, day) if self.booked_ids else []
        placed = self._at(day, slot, taken)
        if isinstance(placed, tuple):
            return placed
        if self.fixed:
            return (
                placed
                if isinstance(placed, str)
                else _Taken("its time is taken: " + describe(placed))
            )
        minutes = self.cadence.meeting_minutes
        changes = self._clocks_change(day)
        if taken and not changes:
            busy = [b.minutes_on(day) for b in taken]
            clock = slot_for(day.weekday(), minutes, self.windows, prefer=slot, busy=busy)
            if clock is not None:
                found = self._at(day, clock, taken)
                if isinstance(found, tuple):
                    return found
        if changes:  # wall-clock minutes only approximate the day: try each start in turn
            for clock in starts(day.weekday(), minutes, self.windows, prefer=slot):
                found = self._at(day, clock, taken, check=True)
                # A start in the spring gap is the same instant as a real one an hour later.
                if isinstance(found, tuple) and found[2] is None:
                    return self._retimed(placed, found)
        if taken:
            return _Taken("no free time inside the windows: " + describe(taken))
        assert isinstance(placed, str)
        return placed

    def _at(
        self, day: dt.date, clock: dt.time, taken: Sequence[Booking], *, check: bool = False
    ) -> _Placed | str | list[Booking]:
        """Return the meeting at ``clock`` on ``day``, why not (a clock change), or its clashes.

        The clashes are the bookings it would overlap; the caller words them only if it must.
        A clock from the windows' slots fits unless the clocks change; ``check`` any other.
        """
        start, end, shifted, exact = meeting_times(
            day, clock, self.options.program.time_zone, self.cadence.meeting_minutes
        )
        if not check and not exact and not wall_clock_fits(start, end, self.windows):
            return self._clock_change(day, clock, shifted)
        clashes = []
        if taken:
            start_utc, end_utc = start.astimezone(_UTC), end.astimezone(_UTC)
            clashes = [b for b in taken if b.overlaps(start_utc, end_utc)]
        if clashes:
            return clashes
        # Checked last: on the busy day of a clock change, most starts tried clash.
        if check and not wall_clock_fits(start, end, self.windows):
            return self._clock_change(day, clock, shifted)
        if not shifted:
            return start, end, None, clock
        zone = self.options.program.time_zone
        why = (
            f"{clock:%H:%M} does not exist on {day} in {zone} (clocks go forward); it starts at "
            f"{start:%H:%M}, as calendar clients read it"
        )
        return start, end, why, clock

    @staticmethod
    def _retimed(at_slot: str | list[Booking], found: _Placed) -> _Placed:
        """Return ``found``, saying why it is not at the slot if a clock change moved it.

        ``at_slot`` is why the slot itself failed: the clock change, or who is booked then.
        """
        if isinstance(at_slot, list) or found[2] is not None:
            return found  # someone is booked at the slot, or ``found`` says why it shifted
        return found[0], found[1], f"{at_slot}; it starts at {found[0]:%H:%M}", found[3]

    def _clocks_change(self, day: dt.date) -> bool:
        zone = self.options.program.zone
        midnight = dt.datetime.combine(day, dt.time(), zone)
        return midnight.utcoffset() != (midnight + dt.timedelta(days=1)).utcoffset()

    def _clock_change(self, day: dt.date, clock: dt.time, shifted: bool) -> str:
        zone = self.options.program.time_zone
        if shifted:
            return (
                f"{clock:%H:%M} does not exist on {day} in {zone} (clocks go forward) and the "
                "shifted time leaves a window"
            )
        return (
            f"the clocks change during a meeting at {clock:%H:%M} on {day} in {zone}, and it "
            "leaves a window"
        )

    def first_day(self) -> dt.date | None:
        """Return the day a cadence that leaves the weekday open starts on; None: the first day.

        The first day of the match's first week (a course's: its first match's) with a time
        inside everyone's windows. When someone has other events (and the host is not a place,
        whose time stays put): the first day inside the cadence's first period (two weeks, for
        every two weeks; a month, for monthly) with a time at which nobody is booked, so a
        mentor who meets one mentee on Mondays every other week meets the next on the Mondays
        between. Such a monthly series avoids starting on a fifth weekday of the month, which
        would make it meet on the last one, where others meet on the fourth. When every day is
        booked, the first with a time inside the windows, so the plan says what was booked.
        """
        allowed = {int(d) for d in self.cadence.weekdays} or set(range(7))
        around = bool(self.booked_ids) and not self.fixed
        monthly = self.cadence.unit is PeriodUnit.MONTH
        if monthly:
            period = relativedelta(months=self.cadence.interval)
        else:
            period = relativedelta(weeks=self.cadence.interval)
        begin = self.phase or self.first
        reach = (begin + period - begin).days if around else 7
        fallback = fifth = None
        for offset in range(reach):
            day = begin + dt.timedelta(days=offset)
            if self.last is not None and day > self.last:
                break
            if day.weekday() not in allowed or self.slots[day.weekday()] is None:
                continue
            if not around:
                return day
            fallback = fallback or day
            if not self._series_time(day, self.place_on(day)):
                continue
            if not monthly or day.day <= 28:
                return day
            fifth = fifth or day
        return fifth or fallback

    def _series_time(self, day: dt.date, placed: _Placed | str) -> bool:
        """Whether ``placed`` is a time the series may keep, its weekday or its clock.

        Another time found the night the clocks change may fit that night alone (with the
        repeated hour, a meeting fits a window it is longer than).
        """
        if isinstance(placed, str):
            return False
        return placed[3] == self.slots[day.weekday()] or not self._clocks_change(day)

    def settle(self, days: Sequence[dt.date]) -> None:
        """Give the series, on each weekday, the time its days most often find free.

        Each open day finds the free start nearest the slot (nearest ``prefer``); the series
        takes the most common of these (the earliest day's, on a tie). Without bookings that
        is the slot itself. A mentor's second mentee meets after the first every week, and a
        one-off event (a gathering) moves that day's meeting only.
        """
        found: dict[int, Counter[dt.time]] = {}
        placements: dict[dt.date, _Placed] = {}
        wanted = self.cadence.sessions if self.options.replace_skipped else None
        held = 0
        for day in days:
            if wanted is not None and held >= wanted:
                break  # the days made up for skipped ones are not the series' own
            if self.closed(day):
                continue
            placed = self.place_on(day)
            if isinstance(placed, str):
                continue
            held += 1
            if not self._series_time(day, placed):
                continue  # neither voted for nor kept for later
            found.setdefault(day.weekday(), Counter())[placed[3]] += 1
            placements[day] = placed
        for weekday, clocks in found.items():
            self.slots[weekday] = clocks.most_common(1)[0][0]
        # Days already placed at the series' time need no second look: the series' own
        # meetings fall on other days, so nothing booked on them changes meanwhile.
        self.settled = {
            day: placed
            for day, placed in placements.items()
            if placed[3] == self.slots[day.weekday()]
        }

    def dates(self) -> Iterable[dt.date]:
        start, anchor = self.phase or self.first, None
        if needs_anchor(self.cadence):
            day = self.first_day()
            if day is not None:
                start, anchor = day, day.weekday()
        last = self.last
        if self.phase is not None:  # the course's days from its start, this match's from its own
            every = cadence_dates(
                attrs.evolve(self.cadence, sessions=None),
                start=start,
                until=self.first + HORIZON if last is None else last,
                weekday=anchor,
            )
            # The course's sessions count from its start: a youth who joins late gets the rest.
            sessions = self.cadence.sessions
            if sessions is not None:
                held = [d for d in every if d < self.first and not self.host_closed(d)]
                self.wanted = max(0, sessions - len(held))
            course = every if self.options.replace_skipped or sessions is None else every[:sessions]
            self.course_days = set(course)
            return [day for day in course if day >= self.first]
        if self.options.replace_skipped:  # checked: only with a number of sessions
            limit = self.first + HORIZON
            found = cadence_dates(
                attrs.evolve(self.cadence, sessions=None),
                start=start,
                until=limit if last is None else last,
                weekday=anchor,
            )
        else:
            if last is None and self.cadence.sessions is None:
                raise ValidationError(
                    f"match {self.match.id}'s meetings have no end: give the program a duration "
                    "(Program.ends_on), the match a planned_end, the plan ends_on=..., or the "
                    "cadence sessions=...",
                    record="Program",
                    record_id=self.options.program.id,
                    field="duration",
                )
            found = cadence_dates(self.cadence, start=start, until=last, weekday=anchor)
        if self.fixed:
            self.course_days = set(found)
        return found

    def plan(self) -> tuple[list[PlannedMeeting], list[Adjustment], Unscheduled | None]:
        match_id = self.match.id
        if all(slot is None for slot in self.slots):
            return (
                [],
                [],
                Unscheduled(
                    match_id,
                    f"no time of {self.cadence.meeting_minutes} min inside {self.whose} weekly "
                    "windows; widen a window or plan this match by hand",
                ),
            )
        if self.last is not None and self.last < self.first:
            return (
                [],
                [],
                Unscheduled(
                    match_id,
                    f"no days to meet: the match's days end on {self.last}, before {self.first}",
                ),
            )
        days = list(self.dates())
        if self.phase is not None and (not days or self.wanted == 0):
            return [], [], Unscheduled(match_id, self._no_course_days())
        if self.booked_ids and not self.fixed:
            self.settle(days)
        taken = set(days)
        wanted = self.wanted if self.options.replace_skipped else None
        meetings: list[PlannedMeeting] = []
        adjustments: list[Adjustment] = []
        uids = SeriesUids(self.options.program.id, match_id)
        for number, day in enumerate(days, start=1):
            if wanted is not None and len(meetings) >= wanted:
                break
            closed = self.closed(day)
            placed = None if closed else (self.settled.pop(day, None) or self.place_on(day))
            kind = AdjustmentKind.SHIFTED
            if placed is None or isinstance(placed, str):
                reason = "; ".join(str(b) for b in closed) if closed else str(placed)
                # A course meets when it meets: a youth who cannot come then misses it, unless
                # the course itself moves.
                movable = self.options.policy is BlackoutPolicy.MOVE and (
                    not self.fixed or bool(self.host_closed(day))
                )
                moved = self.move(day, taken) if movable else None
                if moved is None or isinstance(moved, str):
                    why = reason
                    if movable:
                        why += f"; {moved or 'no free day in the same week'}"
                    adjustments.append(
                        Adjustment(match_id, number, AdjustmentKind.SKIPPED, day, None, why, closed)
                    )
                    continue
                new_day, placed = moved
                taken.add(new_day)
                adjustments.append(
                    Adjustment(
                        match_id, number, AdjustmentKind.MOVED, day, placed[0], reason, closed
                    )
                )
                kind = AdjustmentKind.MOVED
            start, end, retimed, _ = placed
            if retimed and kind is AdjustmentKind.SHIFTED:
                adjustments.append(
                    Adjustment(match_id, number, AdjustmentKind.SHIFTED, day, start, retimed)
                )
            meetings.append(
                PlannedMeeting(
                    uids(number),
                    match_id,
                    number,
                    start,
                    end,
                    self.people,
                    self.place,
                )
            )
            if self.booked:
                self.bookings.add(self.booked, start, end, f"match {match_id}")
        if not meetings:
            return (
                [],
                adjustments,
                Unscheduled(
                    match_id,
                    "every meeting the cadence gave fell on a closed day or a day without free "
                    "time (see the adjustments)",
                ),
            )
        return meetings, adjustments, None

    def _no_course_days(self) -> str:
        """Say why a youth who joins a course has no session in the match's days."""
        sessions = self.cadence.sessions
        if self.wanted == 0 and sessions is not None:
            ended = max(d for d in self.course_days if d < self.first)
            return f"the course's {sessions} sessions end on {ended}, before the match starts"
        until = "on" if self.last is None else f"to {self.last}"
        return f"no session of the course falls in the match's days, {self.first} {until}"

    def move(self, day: dt.date, taken: set[dt.date]) -> tuple[dt.date, _Placed] | str | None:
        """Return the nearest free day in ``day``'s week and the meeting on it.

        ``None`` when there is none; for a course, why this youth misses the day it moves to.
        """
        if self.fixed:
            return self._move_course(day)
        for other in _week_around(day):
            if other in taken or other < self.first:
                continue
            if self.last is not None and other > self.last:
                continue
            if self.closed(other):
                continue
            placed = self.place_on(other)
            if not isinstance(placed, str):
                return other, placed
        return None

    def _move_course(self, day: dt.date) -> tuple[dt.date, _Placed] | str | None:
        """Return the day and meeting a course's session moves to, or why this youth misses it.

        The day is the course's (see ``course_moves``); ``None`` when it has none.
        """
        other = self.course_moves.get(day)
        if other is None:
            return None
        if other < self.first or (self.last is not None and other > self.last):
            return f"the course moves to {other}, outside the match's days"
        closed = self.closed(other)
        if closed:
            return f"the course moves to {other}: " + "; ".join(str(b) for b in closed)
        placed = self.place_on(other)
        if isinstance(placed, str):
            return f"the course moves to {other}: {placed}"
        return other, placed


def _week_around(day: dt.date) -> list[dt.date]:
    """Return the days of ``day``'s week (Monday to Sunday), nearest first, earlier on a tie."""
    monday = day - dt.timedelta(days=day.weekday())
    week = [monday + dt.timedelta(days=i) for i in range(7)]
    return sorted(week, key=lambda d: (abs((d - day).days), d))


def course_moves(course: Sequence[_MatchPlanner]) -> dict[dt.date, dt.date]:
    """Return, for each closed day of a course (one planner a youth), the day it moves to.

    The nearest day that week, in the course's span and not a day it meets on already, on
    which the course is open and one of its youths at least can come (see ``can_come``): so
    every youth moves to the same day, and a youth who cannot come then misses it. A closed
    day with no such day is left out: skipped.
    """
    course = [p for p in course if p.last is None or p.first <= p.last]  # others: no days
    if not course:
        return {}
    days = sorted(set().union(*(set(p.dates()) for p in course)))
    meets = set().union(*(p.course_days for p in course))
    first = min(p.first for p in course)
    lasts = [p.last for p in course]
    last = None if None in lasts else max(d for d in lasts if d is not None)
    host = course[0]
    moves: dict[dt.date, dt.date] = {}
    for day in days:
        if not host.host_closed(day):
            continue
        for other in _week_around(day):
            if other in meets or other in moves.values() or host.host_closed(other):
                continue
            if other < first or (last is not None and other > last):
                continue
            if any(p.can_come(other) for p in course):
                moves[day] = other
                break
    return moves


def calendar_people(mentee: Mentee, host: Host) -> list[tuple[str, str]]:
    """Return the ``(id, role)`` of whose calendars a match's meetings take.

    A place's matches (a course, an activity) meet together by design: its time is not booked.
    """
    hosts = [(p.id, "mentor") for p in host_people(host) if isinstance(p, Mentor)]
    return list(dict.fromkeys([(mentee.id, "mentee"), *hosts]))


def _place_slots(
    options: PlanOptions, pairs: Sequence[tuple[Mentee, Host]]
) -> dict[str, list[dt.time | None]]:
    """Return each place's time on each weekday inside its windows and all its mentees'.

    A course meets at one time: the start nearest ``prefer`` that fits the place and every
    mentee it hosts. On a weekday with no such start, each mentee's own time is used (None).
    """
    assert options.program.cadence is not None
    minutes = options.program.cadence.meeting_minutes
    hosted: dict[str, tuple[Place, list[Mentee]]] = {}
    for mentee, host in pairs:
        if isinstance(host, Place):
            hosted.setdefault(host.id, (host, []))[1].append(mentee)
    return {
        place_id: [
            slot_for(
                weekday,
                minutes,
                [place.availability, *(m.availability for m in mentees)],
                prefer=options.prefer,
            )
            for weekday in range(7)
        ]
        for place_id, (place, mentees) in hosted.items()
    }


def plan_matches(
    options: PlanOptions,
    pairs: Iterable[tuple[Match, Mentee, Host]],
    bookings: Bookings | None = None,
) -> tuple[list[PlannedMeeting], list[Adjustment], list[Unscheduled]]:
    """Plan each match, with its mentee and its host (a mentor, a place or a team), in turn.

    Each meeting is booked in ``bookings`` (the gatherings' times, say) as it is planned, so a
    later match's meetings leave it alone. The matches of places (courses, activities) go
    first, as they keep their time; the others, in order, plan around them. Only people with
    another event are booked: most people have one match, and nothing to clash with.
    """
    if bookings is None:
        bookings = Bookings(options.program.zone)
    # Every match's place first: a function's bad result is refused before anything is planned.
    placed = [
        (match, mentee, host, _place_for(options, match, host)) for match, mentee, host in pairs
    ]
    people = [calendar_people(mentee, host) for _, mentee, host, _ in placed]
    shared = _place_slots(options, [(mentee, host) for _, mentee, host, _ in placed])
    phases: dict[str, dt.date] = {}  # each place's first day: its series' weeks start there
    for match, _, host, _ in placed:
        if isinstance(host, Place):
            first = _bounds(options, match)[0]
            phases[host.id] = min(phases.get(host.id, first), first)

    events = Counter(person for own in people for person, _ in own)
    order = sorted(range(len(placed)), key=lambda k: not isinstance(placed[k][2], Place))

    def planner_for(k: int) -> _MatchPlanner:
        match, mentee, host, place = placed[k]
        booked = [(i, role) for i, role in people[k] if events[i] > 1 or bookings.knows(i)]
        own = shared[host.id] if isinstance(host, Place) else []
        return _MatchPlanner(
            options, match, mentee, host, place, bookings, booked, own, phases.get(host.id)
        )

    # A course's planners first, together: a closed day moves all its youths to one day.
    planners = {k: planner_for(k) for k in order if isinstance(placed[k][2], Place)}
    if options.policy is BlackoutPolicy.MOVE:
        courses: dict[str, list[_MatchPlanner]] = {}
        for k, planner in planners.items():
            courses.setdefault(placed[k][2].id, []).append(planner)
        for course in courses.values():
            moves = course_moves(course)
            for planner in course:
                planner.course_moves = moves
    results: dict[int, tuple[list[PlannedMeeting], list[Adjustment], Unscheduled | None]] = {}
    for k in order:
        results[k] = (planners.get(k) or planner_for(k)).plan()
    meetings: list[PlannedMeeting] = []
    adjustments: list[Adjustment] = []
    unscheduled: list[Unscheduled] = []
    for k in range(len(placed)):  # reported in the order the matches came in
        found, adjusted, missing = results[k]
        meetings += found
        adjustments += adjusted
        if missing is not None:
            unscheduled.append(missing)
    return meetings, adjustments, unscheduled
