"""Meeting plans: a program's cadence turned into dated meetings around blackouts and windows."""

from __future__ import annotations

import datetime as dt
import enum
import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

import attrs

from mentorlib.model import (
    GroupGathering,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    Mentee,
    Mentor,
    Place,
    Program,
    ProgramData,
    UnknownIdError,
    ValidationError,
    Weekday,
    WeeklyWindow,
)

from ._availability import meeting_times, slot_for, wall_clock_fits
from ._blackouts import Blackout, BlackoutCalendar, BlackoutKind, public_holidays
from ._cadence import HORIZON, cadence_dates, needs_anchor
from ._events import (
    Adjustment,
    AdjustmentKind,
    Participant,
    PlannedGathering,
    PlannedMeeting,
    SeriesUids,
    Unscheduled,
    event_uid,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BlackoutPolicy", "MeetingPlan", "PlanSummary", "plan_match", "plan_program"]

_UTC = dt.UTC
_DEFAULT_TIME = dt.time(17, 0)

Event = PlannedMeeting | PlannedGathering
PlaceOption = str | Mapping[str, str] | Callable[[Match], "str | None"] | None


class BlackoutPolicy(enum.StrEnum):
    """What happens to a meeting that falls on a closed day.

    ``SKIP``: the meeting does not take place. ``MOVE``: it moves to the nearest free day in
    the same week (Monday to Sunday) on which both parties have a window, the earlier day on a
    tie; when the week has none it is skipped. Either way the plan records it.
    """

    SKIP = "skip"
    MOVE = "move"


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return f"1 {noun}"
    return f"{count:,} {noun}{'es' if noun.endswith('ch') else 's'}"


@attrs.frozen
class PlanSummary:
    """Counts of a plan: meetings planned against the program's target, and what was adjusted."""

    matches: int
    unscheduled: int
    meetings: int
    cancelled: int
    skipped: int
    moved: int
    shifted: int
    gatherings: int
    target: int | None

    def __str__(self) -> str:
        text = f"{_plural(self.meetings, 'meeting')} planned for {_plural(self.matches, 'match')}"
        if self.target:
            text += f" (target {self.target:,}: {self.meetings / self.target:.0%})"
        parts = [text]
        if self.unscheduled:
            parts.append(f"{_plural(self.unscheduled, 'match')} without a common time")
        parts.append(f"{self.skipped} skipped, {self.moved} moved, {self.shifted} shifted")
        if self.cancelled:
            parts.append(f"{self.cancelled} cancelled")
        parts.append(_plural(self.gatherings, "gathering"))
        return "; ".join(parts)


def _index(meetings: Iterable[PlannedMeeting]) -> tuple[PlannedMeeting, ...]:
    return tuple(sorted(meetings, key=lambda m: (m.start_utc, m.match_id, m.number)))


def _gather(gatherings: Iterable[PlannedGathering]) -> tuple[PlannedGathering, ...]:
    return tuple(sorted(gatherings, key=lambda g: (g.start_utc, g.gathering_id)))


def _adjustments(values: Iterable[Adjustment]) -> tuple[Adjustment, ...]:
    return tuple(values)


def _unscheduled(values: Iterable[Unscheduled]) -> tuple[Unscheduled, ...]:
    return tuple(values)


def _participants(values: Iterable[Participant]) -> tuple[Participant, ...]:
    return tuple(values)


@attrs.frozen(eq=True)
class MeetingPlan:
    """Planned meetings and gatherings of a program, with what was skipped, moved and why.

    A plan is immutable. The change methods (:meth:`cancel`, :meth:`move`, :meth:`end_series`)
    return a new plan in which the changed events keep their UID and have their SEQUENCE raised
    by one; export the plan again (or just the changes, with
    :func:`~mentorlib.scheduling.update_ics`) to deliver them.

    Attributes
    ----------
    program_id, program_name, time_zone
        Of the program planned; every time in the plan is in ``time_zone``.
    meetings
        Every planned meeting, cancelled ones included, by start time.
    gatherings
        Group gatherings, each its own event with all its participants.
    adjustments
        Meetings the cadence gave that were skipped, moved or shifted, with the reason.
    unscheduled
        Matches that got no meeting at all, with the reason (no common time, no days left).
    participants
        The people in the plan: id, display name, e-mail and role only.
    target
        The program's target number of meetings, if it has one.
    """

    program_id: str
    program_name: str
    time_zone: str
    meetings: tuple[PlannedMeeting, ...] = attrs.field(converter=_index)
    gatherings: tuple[PlannedGathering, ...] = attrs.field(default=(), converter=_gather)
    adjustments: tuple[Adjustment, ...] = attrs.field(default=(), converter=_adjustments)
    unscheduled: tuple[Unscheduled, ...] = attrs.field(default=(), converter=_unscheduled)
    participants: tuple[Participant, ...] = attrs.field(default=(), converter=_participants)
    target: int | None = None
    _people: dict[str, Participant] = attrs.field(init=False, eq=False, repr=False)
    _events: dict[str, Event] = attrs.field(init=False, eq=False, repr=False)
    _ordered: tuple[Event, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_people", {p.id: p for p in self.participants})
        events: dict[str, Event] = {}
        everything: list[Event] = [*self.meetings, *self.gatherings]
        for event in everything:
            if event.uid in events:
                raise ValidationError(
                    "two events share a UID; build plans with plan_match or plan_program",
                    record="MeetingPlan",
                    record_id=event.uid,
                    field="meetings",
                )
            events[event.uid] = event
        object.__setattr__(self, "_events", events)
        # Both are sorted by start already; merging keeps meetings before gatherings on a tie.
        ordered: tuple[Event, ...] = self.meetings
        if self.gatherings:
            ordered = tuple(heapq.merge(self.meetings, self.gatherings, key=lambda e: e.start_utc))
        object.__setattr__(self, "_ordered", ordered)

    # -- looking things up -------------------------------------------------------------------

    @property
    def zone(self) -> ZoneInfo:
        """The plan's time zone as a ``ZoneInfo``."""
        return ZoneInfo(self.time_zone)

    def participant(self, person_id: str) -> Participant:
        """Return a participant by id."""
        try:
            return self._people[person_id]
        except KeyError:
            raise UnknownIdError(person_id, record="Participant") from None

    def event(self, uid: str) -> Event:
        """Return the meeting or gathering with this UID."""
        try:
            return self._events[uid]
        except KeyError:
            raise UnknownIdError(
                uid, record="event", hint="look meetings up with plan.meeting(match_id, number)"
            ) from None

    def meeting(self, match_id: str, number: int) -> PlannedMeeting:
        """Return meeting ``number`` (counted from 1, as the cadence gave it) of a match."""
        for item in self.meetings:
            if item.match_id == match_id and item.number == number:
                return item
        raise UnknownIdError(
            f"{match_id}-{number:02d}",
            record="PlannedMeeting",
            hint="it may have been skipped; see plan.adjustments",
        )

    def events(self) -> tuple[Event, ...]:
        """Meetings and gatherings together, by start time."""
        return self._ordered

    @property
    def planned(self) -> tuple[PlannedMeeting, ...]:
        """The meetings not cancelled."""
        return tuple(m for m in self.meetings if not m.is_cancelled)

    def for_person(self, person_id: str) -> MeetingPlan:
        """Return the part of the plan one person takes part in."""
        self.participant(person_id)
        meetings = [m for m in self.meetings if person_id in m.participant_ids]
        gatherings = [g for g in self.gatherings if person_id in g.participant_ids]
        matches = {m.match_id for m in meetings}
        return self._subset(meetings, gatherings, matches)

    def for_match(self, match_id: str) -> MeetingPlan:
        """Return the part of the plan of one match (its gatherings not included)."""
        meetings = [m for m in self.meetings if m.match_id == match_id]
        known = {m.match_id for m in self.meetings} | {u.match_id for u in self.unscheduled}
        if match_id not in known:
            raise UnknownIdError(match_id, record="Match")
        return self._subset(meetings, [], {match_id})

    def _subset(
        self,
        meetings: Sequence[PlannedMeeting],
        gatherings: Sequence[PlannedGathering],
        matches: set[str],
    ) -> MeetingPlan:
        chosen: list[Event] = [*meetings, *gatherings]
        ids = {p for e in chosen for p in e.participant_ids}
        return attrs.evolve(
            self,
            meetings=meetings,
            gatherings=gatherings,
            adjustments=[a for a in self.adjustments if a.match_id in matches],
            unscheduled=[u for u in self.unscheduled if u.match_id in matches],
            participants=[p for p in self.participants if p.id in ids],
        )

    # -- counting ----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Meetings planned (not cancelled) per match; 0 for an unscheduled match."""
        found = Counter(m.match_id for m in self.planned)
        result = {match_id: found[match_id] for match_id in sorted(found)}
        for item in self.unscheduled:
            result.setdefault(item.match_id, 0)
        return result

    def summary(self) -> PlanSummary:
        """Count what the plan holds, against the program's target for meetings."""
        kinds = Counter(a.kind for a in self.adjustments)
        return PlanSummary(
            matches=len({m.match_id for m in self.planned}),
            unscheduled=len(self.unscheduled),
            meetings=len(self.planned),
            cancelled=sum(1 for m in self.meetings if m.is_cancelled),
            skipped=kinds[AdjustmentKind.SKIPPED],
            moved=kinds[AdjustmentKind.MOVED],
            shifted=kinds[AdjustmentKind.SHIFTED],
            gatherings=sum(1 for g in self.gatherings if not g.is_cancelled),
            target=self.target,
        )

    def span(self) -> tuple[dt.datetime, dt.datetime]:
        """Return the first start and the last end of all events."""
        events = self.events()
        if not events:
            raise ValidationError(
                "the plan is empty: it has no meetings or gatherings",
                record="MeetingPlan",
                record_id=self.program_id,
                field="meetings",
            )
        return min(e.start for e in events), max(e.end for e in events)

    # -- other shapes ------------------------------------------------------------------------

    def to_meetings(self) -> tuple[Meeting, ...]:
        """Return the meetings as :class:`~mentorlib.model.Meeting` records, for metrics."""
        return tuple(m.to_meeting() for m in self.meetings)

    def to_frame(
        self, what: Literal["meetings", "adjustments", "gatherings"] = "meetings"
    ) -> pd.DataFrame:
        """Return the meetings (or the adjustments, or the gatherings) as a DataFrame.

        Meetings: one row per meeting, indexed by meeting id, with local and UTC start, the
        weekday and local clock time, length, status, SEQUENCE, place and the two parties.
        """
        import pandas as pd

        rows: list[dict[str, Any]]
        if what == "meetings":
            rows = [
                {
                    "id": m.id,
                    "uid": m.uid,
                    "match_id": m.match_id,
                    "number": m.number,
                    "start": m.start,
                    "end": m.end,
                    "start_utc": m.start_utc,
                    "weekday": Weekday(m.start.weekday()).short,
                    "local_time": f"{m.start:%H:%M}",
                    "minutes": m.minutes,
                    "status": m.status.value,
                    "sequence": m.sequence,
                    "place": m.place,
                    "participant_ids": ", ".join(m.participant_ids),
                }
                for m in self.meetings
            ]
            columns = ["id", "uid", "match_id", "number", "start", "end", "start_utc"]
            columns += ["weekday", "local_time", "minutes", "status", "sequence", "place"]
            columns += ["participant_ids"]
            return pd.DataFrame.from_records(rows, columns=columns).set_index("id")
        if what == "adjustments":
            rows = [
                {
                    "match_id": a.match_id,
                    "number": a.number,
                    "kind": a.kind.value,
                    "planned_on": a.planned_on,
                    "start": a.start,
                    "reason": a.reason,
                }
                for a in self.adjustments
            ]
            columns = ["match_id", "number", "kind", "planned_on", "start", "reason"]
            return pd.DataFrame.from_records(rows, columns=columns)
        if what == "gatherings":
            rows = [
                {
                    "id": g.gathering_id,
                    "uid": g.uid,
                    "title": g.title,
                    "start": g.start,
                    "end": g.end,
                    "participants": len(g.participant_ids),
                    "status": g.status.value,
                    "sequence": g.sequence,
                    "place": g.place,
                }
                for g in self.gatherings
            ]
            columns = ["id", "uid", "title", "start", "end", "participants", "status"]
            columns += ["sequence", "place"]
            return pd.DataFrame.from_records(rows, columns=columns).set_index("id")
        raise ValidationError(
            f"{what!r} is not a table of the plan; use 'meetings', 'adjustments' or 'gatherings'",
            record="MeetingPlan",
            field="what",
        )

    # -- changes (see _changes.py) -----------------------------------------------------------

    def cancel(self, event: Event | str) -> MeetingPlan:
        """Return the plan with one meeting or gathering cancelled (same UID, SEQUENCE + 1)."""
        from ._changes import cancel

        return cancel(self, event)

    def move(
        self, event: Event | str, *, start: dt.datetime, end: dt.datetime | None = None
    ) -> MeetingPlan:
        """Return the plan with one event moved to ``start`` (same UID, SEQUENCE + 1).

        ``end`` defaults to ``start`` plus the event's length.
        """
        from ._changes import move

        return move(self, event, start=start, end=end)

    def end_series(self, match_id: str, *, after: dt.date) -> MeetingPlan:
        """Return the plan with a match's meetings after the day ``after`` cancelled.

        Use it when a match closes: ``plan.end_series(match.id, after=match.closure.on)``.
        """
        from ._changes import end_series

        return end_series(self, match_id, after=after)

    def __repr__(self) -> str:
        return (
            f"MeetingPlan({self.program_name!r}, meetings={len(self.meetings)}, "
            f"gatherings={len(self.gatherings)}, adjustments={len(self.adjustments)}, "
            f"unscheduled={len(self.unscheduled)})"
        )


# -- planning ---------------------------------------------------------------------------------

Person = Mentee | Mentor | Place


@attrs.frozen
class _Options:
    program: Program
    zone: ZoneInfo
    blackouts: BlackoutCalendar
    policy: BlackoutPolicy
    prefer: dt.time
    starts_on: dt.date | None
    ends_on: dt.date | None
    replace_skipped: bool


def _policy(value: BlackoutPolicy | str) -> BlackoutPolicy:
    try:
        return BlackoutPolicy(value)
    except ValueError:
        raise ValidationError(
            f"{value!r} is not a blackout policy; use 'skip' or 'move'",
            record="MeetingPlan",
            field="policy",
        ) from None


def _day_option(name: str, value: object) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError(
            f"expected a date, got {type(value).__name__} {value!r}",
            record="MeetingPlan",
            field=name,
        )
    return value


def _options(
    program: Program,
    *,
    blackouts: BlackoutCalendar | None,
    policy: BlackoutPolicy | str,
    prefer: dt.time,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    replace_skipped: bool,
    years: Iterable[int],
) -> _Options:
    if not isinstance(program, Program):
        raise ValidationError(
            f"expected a Program, got {type(program).__name__}",
            record="MeetingPlan",
            field="program",
        )
    if program.cadence is None:
        raise ValidationError(
            "the program has no cadence; give it one, e.g. Cadence(interval=2, unit='week')",
            record="Program",
            record_id=program.id,
            field="cadence",
        )
    if not isinstance(prefer, dt.time) or prefer.tzinfo is not None:
        raise ValidationError(
            f"expected a local clock time without tzinfo, e.g. time(17, 0); got {prefer!r}",
            record="MeetingPlan",
            field="prefer",
        )
    starts_on = _day_option("starts_on", starts_on)
    ends_on = _day_option("ends_on", ends_on)
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise ValidationError(
            f"ends on {ends_on}, before it starts on {starts_on}",
            record="MeetingPlan",
            field="ends_on",
        )
    if blackouts is None:
        blackouts = public_holidays(program.country, years)
    elif not isinstance(blackouts, BlackoutCalendar):
        raise ValidationError(
            f"expected a BlackoutCalendar, got {type(blackouts).__name__}; combine "
            "public_holidays(...) | school_holidays([...])",
            record="MeetingPlan",
            field="blackouts",
        )
    return _Options(
        program=program,
        zone=program.zone,
        blackouts=blackouts,
        policy=_policy(policy),
        prefer=prefer,
        starts_on=starts_on,
        ends_on=ends_on,
        replace_skipped=replace_skipped,
    )


def _bounds(options: _Options, match: Match) -> tuple[dt.date, dt.date | None]:
    """Return the first and the last day (both included) a match's meetings may fall on."""
    program = options.program
    starts = [d for d in (match.started_on, program.starts_on, options.starts_on) if d]
    ends = [d for d in (match.planned_end, options.ends_on) if d is not None]
    if match.closure is not None:
        ends.append(match.closure.on)
    if program.ends_on is not None:
        ends.append(program.ends_on - dt.timedelta(days=1))  # a year from 17 Aug ends on 16 Aug
    return max(starts), (min(ends) if ends else None)


def _years(program: Program, matches: Iterable[Match], ends_on: dt.date | None) -> list[int]:
    days = [m.started_on for m in matches]
    days += [d for d in (program.starts_on, program.ends_on, ends_on) if d is not None]
    if not days:
        return []
    first, last = min(days), max(days)
    if program.ends_on is None and ends_on is None:
        last = max(last, first + HORIZON)
    return list(range(first.year, last.year + 1))


def _participant(person: Person, role: Literal["mentee", "mentor", "place"]) -> Participant:
    if isinstance(person, Place):
        return Participant(person.id, person.name, None, "place")
    return Participant(person.id, person.display_name, person.email, role)


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


def _place_for(option: PlaceOption, match: Match, host: Person) -> str | None:
    if option is None:
        return host.name if isinstance(host, Place) else None
    if isinstance(option, str):
        return option
    if isinstance(option, Mapping):
        return option.get(match.id)
    return option(match)


class _MatchPlanner:
    """Plans one match: days from the cadence, a time inside both windows, blackouts handled."""

    def __init__(
        self,
        options: _Options,
        match: Match,
        mentee: Person,
        host: Person,
        place: str | None,
    ) -> None:
        assert options.program.cadence is not None
        self.options = options
        self.cadence = options.program.cadence
        self.match = match
        self.place = place
        self.people = (match.mentee_id, match.mentor_id)
        self.windows: tuple[tuple[WeeklyWindow, ...], ...] = (
            mentee.availability,
            host.availability,
        )
        self.minutes = dt.timedelta(minutes=self.cadence.meeting_minutes)
        self.slots = [
            slot_for(day, self.cadence.meeting_minutes, self.windows, prefer=options.prefer)
            for day in range(7)
        ]
        self.personal = _personal((("mentee", mentee), ("mentor", host)))
        self.first, self.last = _bounds(options, match)

    def closed(self, day: dt.date) -> tuple[Blackout, ...]:
        found = self.options.blackouts.on(day)
        own = self.personal.get(day)
        return found + own if own else found

    def place_on(self, day: dt.date) -> tuple[dt.datetime, dt.datetime, bool] | str:
        """Return the start, end and whether it shifted; or why there is no time that day."""
        clock = self.slots[day.weekday()]
        if clock is None:
            return f"no time inside both parties' windows on {Weekday(day.weekday()).short}"
        start, end, shifted, exact = meeting_times(
            day, clock, self.options.program.time_zone, self.cadence.meeting_minutes
        )
        if not exact and not wall_clock_fits(start, end, self.windows):
            return (
                f"{clock:%H:%M} does not exist on {day} in {self.options.program.time_zone} "
                "(clocks go forward) and the shifted time leaves a window"
            )
        return start, end, shifted

    def dates(self) -> Iterable[dt.date]:
        anchor = None
        if needs_anchor(self.cadence):
            allowed = {int(d) for d in self.cadence.weekdays} or set(range(7))
            for offset in range(7):
                day = self.first + dt.timedelta(days=offset)
                if day.weekday() in allowed and self.slots[day.weekday()] is not None:
                    anchor = day.weekday()
                    break
        last = self.last
        if self.options.replace_skipped and self.cadence.sessions is not None:
            limit = self.first + HORIZON
            return cadence_dates(
                attrs.evolve(self.cadence, sessions=None),
                start=self.first,
                until=limit if last is None else last,
                weekday=anchor,
            )
        return cadence_dates(self.cadence, start=self.first, until=last, weekday=anchor)

    def plan(self) -> tuple[list[PlannedMeeting], list[Adjustment], Unscheduled | None]:
        match_id = self.match.id
        if all(slot is None for slot in self.slots):
            return (
                [],
                [],
                Unscheduled(
                    match_id,
                    f"no time of {self.cadence.meeting_minutes} min inside both parties' weekly "
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
        taken = set(days)
        wanted = self.cadence.sessions if self.options.replace_skipped else None
        meetings: list[PlannedMeeting] = []
        adjustments: list[Adjustment] = []
        uids = SeriesUids(self.options.program.id, match_id)
        for number, day in enumerate(days, start=1):
            if wanted is not None and len(meetings) >= wanted:
                break
            closed = self.closed(day)
            placed = None if closed else self.place_on(day)
            kind = AdjustmentKind.SHIFTED
            if placed is None or isinstance(placed, str):
                reason = "; ".join(str(b) for b in closed) if closed else str(placed)
                moved = (
                    self.move(day, taken) if self.options.policy is BlackoutPolicy.MOVE else None
                )
                if moved is None:
                    why = reason
                    if self.options.policy is BlackoutPolicy.MOVE:
                        why += "; no free day in the same week"
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
            start, end, shifted = placed
            if shifted and kind is AdjustmentKind.SHIFTED:
                clock = self.slots[day.weekday()]
                assert clock is not None
                adjustments.append(
                    Adjustment(
                        match_id,
                        number,
                        AdjustmentKind.SHIFTED,
                        day,
                        start,
                        f"{clock:%H:%M} does not exist on {day} in "
                        f"{self.options.program.time_zone} (clocks go forward); it starts at "
                        f"{start:%H:%M}, as calendar clients read it",
                    )
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
        if not meetings:
            return (
                [],
                adjustments,
                Unscheduled(match_id, "every meeting the cadence gave fell on a closed day"),
            )
        return meetings, adjustments, None

    def move(
        self, day: dt.date, taken: set[dt.date]
    ) -> tuple[dt.date, tuple[dt.datetime, dt.datetime, bool]] | None:
        monday = day - dt.timedelta(days=day.weekday())
        week = [monday + dt.timedelta(days=i) for i in range(7)]
        week.sort(key=lambda d: (abs((d - day).days), d))
        for other in week:
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


def _check_person(value: object, kinds: tuple[type, ...], name: str) -> None:
    if not isinstance(value, kinds):
        expected = " or ".join(k.__name__ for k in kinds)
        raise ValidationError(
            f"expected a {expected}, got {type(value).__name__}", record="MeetingPlan", field=name
        )


def plan_match(
    program: Program,
    match: Match,
    mentee: Mentee,
    mentor: Mentor | Place,
    *,
    blackouts: BlackoutCalendar | None = None,
    policy: BlackoutPolicy | str = BlackoutPolicy.SKIP,
    prefer: dt.time = _DEFAULT_TIME,
    place: PlaceOption = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    replace_skipped: bool = False,
) -> MeetingPlan:
    """Plan one match's meetings on the program's cadence.

    Parameters
    ----------
    program
        Gives the cadence, the time zone, the first day (``starts_on``) and, with its duration,
        the end (``ends_on`` is the first day after the program).
    match
        Its meetings run from ``started_on`` to ``planned_end`` or the closure day, inside the
        program's days.
    mentee, mentor
        Their weekly windows choose the time; their ``unavailable`` ranges close days. A place
        can stand in for the mentor (its name becomes the meeting place).
    blackouts
        Closed days; by default the public holidays (and eves) of the program's country, see
        :func:`public_holidays`. Pass ``BlackoutCalendar()`` for none.
    policy
        ``"skip"`` or ``"move"`` a meeting that falls on a closed day (:class:`BlackoutPolicy`).
    prefer
        The local time to meet at when both windows allow it; otherwise the nearest start inside
        both windows. Used as is when neither party has windows.
    place
        The meeting place: text for every match, a mapping from match id, or a function of the
        match.
    starts_on, ends_on
        Narrow the days further (both included).
    replace_skipped
        With a cadence of a fixed number of ``sessions``: add occurrences at the end until
        that many meetings are planned (a course keeps its 8 sessions).

    Returns
    -------
    MeetingPlan
        With the match's meetings, or the reason it has none in ``unscheduled``.

    Examples
    --------
    >>> import datetime as dt
    >>> from mentorlib.model import Cadence, Match, Mentee, Mentor, Period, Program
    >>> from mentorlib.scheduling import plan_match
    >>> program = Program("vinn", "Vinn, vinn!", country="NO", cadence=Cadence(interval=2),
    ...                   duration=Period(1, "year"), starts_on=dt.date(2026, 8, 17))
    >>> amina = Mentee("y01", "Amina", availability=["mon 16:00-19:00", "tue 16:00-19:00"])
    >>> ingrid = Mentor("m01", "Ingrid", availability=["mon 17:30-21:00", "tue 17:00-20:00"])
    >>> match = Match("x01", "y01", "m01", dt.date(2026, 8, 17))
    >>> plan = plan_match(program, match, amina, ingrid)
    >>> first = plan.meetings[0]
    >>> first.start.isoformat(), first.end.isoformat()
    ('2026-08-17T17:30:00+02:00', '2026-08-17T18:30:00+02:00')
    >>> plan.summary().meetings, [str(a) for a in plan.adjustments]
    (26, ['x01 #17 on 2027-03-29: skipped (2027-03-29 Easter Monday (public holiday))'])
    >>> moved = plan_match(program, match, amina, ingrid, policy="move")
    >>> [str(a) for a in moved.adjustments]
    ['x01 #17 on 2027-03-29: moved to 2027-03-30 17:00 (2027-03-29 Easter Monday (public holiday))']
    """
    _check_person(match, (Match,), "match")
    _check_person(mentee, (Mentee,), "mentee")
    _check_person(mentor, (Mentor, Place), "mentor")
    for role, person in (("mentee_id", mentee), ("mentor_id", mentor)):
        if getattr(match, role) != person.id:
            raise ValidationError(
                f"the match names {getattr(match, role)!r}, but {person.id!r} was given",
                record="Match",
                record_id=match.id,
                field=role,
            )
    options = _options(
        program,
        blackouts=blackouts,
        policy=policy,
        prefer=prefer,
        starts_on=starts_on,
        ends_on=ends_on,
        replace_skipped=replace_skipped,
        years=_years(program, [match], ends_on),
    )
    planner = _MatchPlanner(options, match, mentee, mentor, _place_for(place, match, mentor))
    meetings, adjustments, unscheduled = planner.plan()
    return MeetingPlan(
        program.id,
        program.name,
        program.time_zone,
        meetings,
        (),
        adjustments,
        () if unscheduled is None else (unscheduled,),
        (_participant(mentee, "mentee"), _participant(mentor, "mentor")),
        program.targets.meetings,
    )


def _planned_gathering(program: Program, gathering: GroupGathering) -> PlannedGathering:
    zone = program.zone
    return PlannedGathering(
        event_uid(program.id, "gathering", gathering.id),
        gathering.id,
        gathering.title,
        gathering.start.astimezone(zone),
        gathering.end.astimezone(zone),
        gathering.participant_ids,
        gathering.place,
        MeetingStatus.CANCELLED
        if gathering.status is MeetingStatus.CANCELLED
        else MeetingStatus.PLANNED,
    )


def plan_program(
    data: ProgramData,
    *,
    blackouts: BlackoutCalendar | None = None,
    policy: BlackoutPolicy | str = BlackoutPolicy.SKIP,
    prefer: dt.time = _DEFAULT_TIME,
    places: PlaceOption = None,
    gatherings: Iterable[GroupGathering] | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    replace_skipped: bool = False,
) -> MeetingPlan:
    """Plan the meetings of every match of a program, and its group gatherings.

    Matches still proposed are left out; a closed match is planned up to its closure day.
    ``gatherings`` are the program's own (``data.gatherings``) unless given; make evenly spread
    ones with :func:`spread_gatherings`. The other options are those of :func:`plan_match`.

    Raises
    ------
    ValidationError
        When there is nothing to plan (no matches and no gatherings), or for a bad option.

    Examples
    --------
    >>> from mentorlib import samples
    >>> from mentorlib.scheduling import plan_program
    >>> plan = plan_program(samples.vinn_vinn(seed=0))
    >>> print(plan.summary())
    204 meetings planned for 12 matches (target 1,200: 17%); 40 matches without a common
    time; 10 skipped, 0 moved, 0 shifted; 6 gatherings

    The sample's matches were made on language alone, so most pairs share no 90-minute
    window; matching on availability first avoids that.
    """
    if not isinstance(data, ProgramData):
        raise ValidationError(
            f"expected a ProgramData, got {type(data).__name__}",
            record="MeetingPlan",
            field="data",
        )
    program = data.program
    matches = [m for m in data.matches if m.status is not MatchStatus.PROPOSED]
    chosen = list(data.gatherings if gatherings is None else gatherings)
    for item in chosen:
        _check_person(item, (GroupGathering,), "gatherings")
    if not matches and not chosen:
        raise ValidationError(
            "nothing to plan: the program has no matches and no gatherings; match people "
            "first, or give gatherings",
            record="ProgramData",
            record_id=program.id,
            field="matches",
        )
    options = _options(
        program,
        blackouts=blackouts,
        policy=policy,
        prefer=prefer,
        starts_on=starts_on,
        ends_on=ends_on,
        replace_skipped=replace_skipped,
        years=_years(program, matches, ends_on),
    )
    meetings: list[PlannedMeeting] = []
    adjustments: list[Adjustment] = []
    unscheduled: list[Unscheduled] = []
    people: dict[str, Participant] = {}
    for match in matches:
        mentee = data.mentees[match.mentee_id]
        host: Person = data.mentors.get(match.mentor_id) or data.places[match.mentor_id]
        people.setdefault(mentee.id, _participant(mentee, "mentee"))
        people.setdefault(host.id, _participant(host, "mentor"))
        planner = _MatchPlanner(options, match, mentee, host, _place_for(places, match, host))
        found, adjusted, missing = planner.plan()
        meetings += found
        adjustments += adjusted
        if missing is not None:
            unscheduled.append(missing)
    for gathering in chosen:
        for person_id in gathering.participant_ids:
            if person_id not in people:
                person: Person | None = data.mentees.get(person_id) or data.mentors.get(person_id)
                if person is None:
                    raise ValidationError(
                        f"participant {person_id!r} is not one of the program's people",
                        record="GroupGathering",
                        record_id=gathering.id,
                        field="participant_ids",
                    )
                role: Literal["mentee", "mentor"] = (
                    "mentee" if isinstance(person, Mentee) else "mentor"
                )
                people[person_id] = _participant(person, role)
    return MeetingPlan(
        program.id,
        program.name,
        program.time_zone,
        meetings,
        [_planned_gathering(program, g) for g in chosen],
        adjustments,
        unscheduled,
        sorted(people.values(), key=lambda p: p.id),
        program.targets.meetings,
    )
