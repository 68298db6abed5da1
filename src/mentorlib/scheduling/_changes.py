"""Changes to a plan: cancel one event, move one, end a match's series; and what changed.

Every change keeps the event's UID and raises its SEQUENCE by one, as RFC 5545 asks, so a
calendar that already has the event updates it instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from mentorlib.model import MeetingStatus, UnknownIdError, ValidationError

from ._bookings import Booking, describe
from ._events import Event, PlannedGathering, PlannedMeeting
from ._plan import MeetingPlan

__all__ = ["ChangeKind", "EventChange", "cancel", "changes", "end_series", "move", "revised"]


class ChangeKind(enum.StrEnum):
    """How an event differs between two plans."""

    ADDED = "added"
    CANCELLED = "cancelled"
    MOVED = "moved"
    UPDATED = "updated"
    REMOVED = "removed"


@attrs.frozen
class EventChange:
    """One event that differs between an earlier and a later plan."""

    uid: str
    kind: ChangeKind
    before: PlannedMeeting | PlannedGathering | None
    after: PlannedMeeting | PlannedGathering | None

    def __str__(self) -> str:
        event = self.after if self.after is not None else self.before
        assert event is not None
        return f"{event.id} {self.kind.value} (SEQUENCE {event.sequence})"


def _resolve(plan: MeetingPlan, event: Event | str) -> Event:
    if isinstance(event, str):
        return plan.event(event)
    if not isinstance(event, PlannedMeeting | PlannedGathering):
        raise ValidationError(
            f"expected a planned meeting, a gathering or a UID, got {type(event).__name__}",
            record="MeetingPlan",
            field="event",
        )
    return plan.event(event.uid)


def _replace(plan: MeetingPlan, changed: dict[str, Event]) -> MeetingPlan:
    meetings = [m for m in changed.values() if isinstance(m, PlannedMeeting)]
    gatherings = [g for g in changed.values() if isinstance(g, PlannedGathering)]
    new_meetings = {m.uid: m for m in meetings}
    new_gatherings = {g.uid: g for g in gatherings}
    return attrs.evolve(
        plan,
        meetings=[new_meetings.get(m.uid, m) for m in plan.meetings],
        gatherings=[new_gatherings.get(g.uid, g) for g in plan.gatherings],
    )


def _refuse_cancelled(event: Event, action: str) -> None:
    if event.is_cancelled:
        raise ValidationError(
            f"cannot {action} a cancelled event; plan a new meeting instead",
            record=type(event).__name__,
            record_id=event.id,
            field="status",
        )


def cancel(plan: MeetingPlan, event: Event | str) -> MeetingPlan:
    """Return ``plan`` with one meeting or gathering cancelled; it keeps its UID, SEQUENCE + 1.

    Examples
    --------
    >>> from mentorlib import samples
    >>> from mentorlib.scheduling import cancel, changes, plan_program
    >>> plan = plan_program(samples.vinn_vinn())
    >>> later = cancel(plan, plan.meetings[0])
    >>> later.meetings[0].status.value, later.meetings[0].sequence
    ('cancelled', 1)
    """
    found = _resolve(plan, event)
    _refuse_cancelled(found, "cancel")
    updated = attrs.evolve(found, status=MeetingStatus.CANCELLED, sequence=found.sequence + 1)
    return _replace(plan, {found.uid: updated})


def move(
    plan: MeetingPlan,
    event: Event | str,
    *,
    start: dt.datetime,
    end: dt.datetime | None = None,
    double_book: bool = False,
) -> MeetingPlan:
    """Return ``plan`` with one event moved; it keeps its UID and its SEQUENCE is raised by one.

    ``start`` (and ``end``) must be time-zone aware; they are kept in the plan's time zone.
    ``end`` defaults to ``start`` plus the event's length. A move that puts someone in two of
    the plan's live events at once is refused with a ``ValidationError`` that says who is
    booked when, unless ``double_book=True`` (a place's events aside: a course meets together).
    The move is otherwise the coordinator's decision: it is not checked against blackouts,
    windows or other plans.
    """
    found = _resolve(plan, event)
    _refuse_cancelled(found, "move")
    for name, value in (("start", start), ("end", end)):
        if value is None and name == "end":
            continue
        if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
            raise ValidationError(
                f"{value!r} is not a time-zone aware datetime; give it a zone, e.g. "
                f"datetime(..., tzinfo=ZoneInfo({plan.time_zone!r}))",
                record=type(found).__name__,
                record_id=found.id,
                field=name,
            )
    zone = plan.zone
    new_start = start.astimezone(zone)
    new_end = (
        (new_start.astimezone(dt.UTC) + (found.end_utc - found.start_utc)).astimezone(zone)
        if end is None
        else end.astimezone(zone)
    )
    if new_end.astimezone(dt.UTC) <= new_start.astimezone(dt.UTC):
        raise ValidationError(
            f"ends at {new_end.isoformat()}, not after it starts at {new_start.isoformat()}",
            record=type(found).__name__,
            record_id=found.id,
            field="end",
        )
    updated = attrs.evolve(found, start=new_start, end=new_end, sequence=found.sequence + 1)
    clashes = [] if double_book else _clashes(plan, updated)
    if clashes:
        raise ValidationError(
            f"moving it to {new_start:%Y-%m-%d %H:%M} puts people in two events at once: "
            f"{describe(clashes)}; pass double_book=True to move it anyway",
            record=type(found).__name__,
            record_id=found.id,
            field="start",
        )
    return _replace(plan, {found.uid: updated})


def _clashes(plan: MeetingPlan, moved: Event) -> list[Booking]:
    """Return the bookings of ``moved``'s people (not places) in other live events it overlaps."""
    roles = {p.id: p.role for p in plan.participants}
    people = [p for p in moved.participant_ids if roles.get(p) != "place"]
    found = []
    for event in plan.events():
        if event.uid == moved.uid or event.is_cancelled:
            continue
        if not (event.start_utc < moved.end_utc and moved.start_utc < event.end_utc):
            continue
        kind = "meeting" if isinstance(event, PlannedMeeting) else "gathering"
        found += [
            Booking(
                person, roles.get(person, "person"), event.start, event.end, f"{kind} {event.id}"
            )
            for person in people
            if person in event.participant_ids
        ]
    return found


def end_series(plan: MeetingPlan, match_id: str, *, after: dt.date) -> MeetingPlan:
    """Return ``plan`` with a match's meetings on days after ``after`` cancelled (SEQUENCE + 1).

    Meetings already cancelled stay as they are. Use it when a match closes.
    """
    if not isinstance(after, dt.date) or isinstance(after, dt.datetime):
        raise ValidationError(
            f"expected the match's last day as a date, got {type(after).__name__}",
            record="Match",
            record_id=match_id,
            field="after",
        )
    if not any(m.match_id == match_id for m in plan.meetings):
        raise UnknownIdError(match_id, record="Match", hint="the plan has no meetings of it")
    changed: dict[str, Event] = {}
    for meeting in plan.meetings:
        if (
            meeting.match_id == match_id
            and not meeting.is_cancelled
            and meeting.start.date() > after
        ):
            changed[meeting.uid] = attrs.evolve(
                meeting, status=MeetingStatus.CANCELLED, sequence=meeting.sequence + 1
            )
    return _replace(plan, changed)


def changes(before: MeetingPlan, after: MeetingPlan) -> tuple[EventChange, ...]:
    """Return the events that differ between two versions of a plan, by UID.

    Examples
    --------
    >>> from mentorlib import samples
    >>> from mentorlib.scheduling import cancel, changes, plan_program
    >>> plan = plan_program(samples.vinn_vinn())
    >>> [str(c) for c in changes(plan, plan.cancel(plan.meetings[3]))]
    ['x26-02 cancelled (SEQUENCE 1)']
    """
    old = {e.uid: e for e in before.events()}
    new = {e.uid: e for e in after.events()}
    found: list[EventChange] = []
    for uid, item in new.items():
        previous = old.get(uid)
        if previous is None:
            found.append(EventChange(uid, ChangeKind.ADDED, None, item))
        elif previous != item:
            if item.is_cancelled and not previous.is_cancelled:
                kind = ChangeKind.CANCELLED
            elif (item.start, item.end) != (previous.start, previous.end):
                kind = ChangeKind.MOVED
            else:
                kind = ChangeKind.UPDATED
            found.append(EventChange(uid, kind, previous, item))
    found += [
        EventChange(uid, ChangeKind.REMOVED, item, None)
        for uid, item in old.items()
        if uid not in new
    ]
    return tuple(found)


def revised(before: MeetingPlan, after: MeetingPlan) -> MeetingPlan:
    """Return ``after`` as a revision of ``before``: each event's SEQUENCE carried on, by UID.

    An event that is the same in both but for its SEQUENCE keeps ``before``'s; one that
    differs gets one above ``before``'s (or keeps ``after``'s, if higher). A plan made again
    with ``plan_program`` starts every event at SEQUENCE 0, so this is what
    :func:`~mentorlib.scheduling.update_ics` sends; keep it as the plan you update from next
    time, so that every later update goes higher again.

    Examples
    --------
    >>> from mentorlib import samples
    >>> from mentorlib.scheduling import plan_program, revised
    >>> data = samples.vinn_vinn()
    >>> plan = plan_program(data)
    >>> moved = plan.move(plan.meetings[0], start=plan.meetings[0].start.replace(hour=18))
    >>> again = plan_program(data)          # the first meeting at its first time, SEQUENCE 0
    >>> revised(moved, again).meetings[0].sequence
    2
    """
    old = {e.uid: e for e in before.events()}
    carried: dict[str, Event] = {}
    for event in after.events():
        previous = old.get(event.uid)
        if previous is None:
            continue
        if attrs.evolve(event, sequence=previous.sequence) == previous:
            sequence = previous.sequence
        else:
            sequence = max(event.sequence, previous.sequence + 1)
        if sequence != event.sequence:
            carried[event.uid] = attrs.evolve(event, sequence=sequence)
    return _replace(after, carried)


def seen_by(
    person_id: str, before: MeetingPlan, after: MeetingPlan, found: Iterable[EventChange]
) -> tuple[tuple[EventChange, ...], MeetingPlan]:
    """Return the changes ``person_id`` is to be told of, and ``after`` as they are to see it.

    An event they were taken off (a gathering's guest list made shorter, a team's member
    replaced) is cancelled for them: they see the earlier event cancelled, naming only them,
    at the SEQUENCE of ``after`` (a :func:`revised` plan), so that being put back later is a
    higher one. Nobody else's message can carry that, as the event goes on for the others.
    """
    dropped: dict[str, Event] = {
        c.uid: attrs.evolve(
            c.before,
            participant_ids=(person_id,),  # cancelled for them alone: name no one who stays
            status=MeetingStatus.CANCELLED,
            sequence=max(c.before.sequence + 1, c.after.sequence),
        )
        for c in found
        if c.before is not None
        and c.after is not None
        and not c.before.is_cancelled
        and person_id in c.before.participant_ids
        and person_id not in c.after.participant_ids
    }
    mine = tuple(
        attrs.evolve(c, kind=ChangeKind.CANCELLED, after=dropped[c.uid]) if c.uid in dropped else c
        for c in found
        if c.uid in dropped or person_id in (c.after or c.before).participant_ids  # type: ignore[union-attr]
    )
    view = _replace(after, dropped)
    if dropped and all(p.id != person_id for p in view.participants):
        view = attrs.evolve(view, participants=[*view.participants, before.participant(person_id)])
    return mine, view
