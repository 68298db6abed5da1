"""The plan: planned meetings and gatherings with what was adjusted, and what it counts."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

import attrs

from mentorlib.model import Meeting, UnknownIdError, ValidationError

from ._events import (
    Adjustment,
    AdjustmentKind,
    Event,
    Participant,
    PlannedGathering,
    PlannedMeeting,
    Unscheduled,
)
from ._plan_frames import plan_frame

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MeetingPlan", "PlanSummary"]


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

    def double_bookings(self) -> list[tuple[str, str, str]]:
        """Return ``(person id, event id, event id)`` for two live events of one person at once.

        A plan made by :func:`plan_program` has none, and :meth:`move` refuses to make one
        unless told ``double_book=True``; a plan built or changed by other means may have
        some. A place is no person: its events together are a course. Meeting back to back is
        no overlap.

        >>> from mentorlib import samples
        >>> from mentorlib.scheduling import plan_program
        >>> plan_program(samples.vinn_vinn(seed=0)).double_bookings()
        []
        """
        places = {p.id for p in self.participants if p.role == "place"}
        mine: dict[str, list[Event]] = {}
        for event in self._ordered:
            if not event.is_cancelled:
                for person in event.participant_ids:
                    if person not in places:
                        mine.setdefault(person, []).append(event)
        found = []
        for person in sorted(mine):
            running: list[Event] = []  # started earlier, maybe not ended yet
            for event in mine[person]:  # by start
                running = [e for e in running if e.end_utc > event.start_utc]
                found += [(person, e.id, event.id) for e in running]
                running.append(event)
        return found

    # -- other shapes ------------------------------------------------------------------------

    def to_meetings(self) -> tuple[Meeting, ...]:
        """Return the meetings as :class:`~mentorlib.model.Meeting` records, for metrics."""
        return tuple(m.to_meeting() for m in self.meetings)

    def to_frame(
        self, what: Literal["meetings", "adjustments", "gatherings"] = "meetings"
    ) -> pd.DataFrame:
        """Return the meetings (or the adjustments, or the gatherings) as a DataFrame.

        Meetings: one row per meeting, indexed by meeting id, with local and UTC start, the
        weekday and local clock time, length, status, SEQUENCE, place and the participants
        (the mentee and the mentor, place or each member of a team).
        """
        return plan_frame(self, what)

    # -- changes (see _changes.py) -----------------------------------------------------------

    def cancel(self, event: Event | str) -> MeetingPlan:
        """Return the plan with one meeting or gathering cancelled (same UID, SEQUENCE + 1)."""
        from ._changes import cancel

        return cancel(self, event)

    def move(
        self,
        event: Event | str,
        *,
        start: dt.datetime,
        end: dt.datetime | None = None,
        double_book: bool = False,
    ) -> MeetingPlan:
        """Return the plan with one event moved to ``start`` (same UID, SEQUENCE + 1).

        ``end`` defaults to ``start`` plus the event's length. A move that puts someone in two
        live events at once is refused unless ``double_book=True`` (see :func:`move`).
        """
        from ._changes import move

        return move(self, event, start=start, end=end, double_book=double_book)

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
