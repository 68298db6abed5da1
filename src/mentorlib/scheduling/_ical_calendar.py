"""A VCALENDAR file: the events a method carries, the header and time zone, then the events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mentorlib.model import ValidationError

from ._events import Event
from ._ical_events import EventWriter
from ._ical_options import Method
from ._ical_text import escape_text, fold
from ._plan import MeetingPlan
from ._vtimezone import vtimezone_lines

__all__ = ["PRODID", "check_renders", "check_some", "render_calendar", "select_events"]

PRODID = "-//mentorlib//mentorlib scheduling//EN"


def select_events(
    plan: MeetingPlan, method: Method, person_id: str | None, uids: Iterable[str] | None
) -> list[Event]:
    """Return the events of a plan (or of one person, or the ``uids``) that ``method`` carries."""
    if person_id is not None:
        plan = plan.for_person(person_id)
    events = list(plan.events())
    if uids is not None:
        wanted = set(uids)
        for uid in wanted:
            plan.event(uid)
        events = [e for e in events if e.uid in wanted]
    if method is Method.REQUEST:
        events = [e for e in events if not e.is_cancelled]
    elif method is Method.CANCEL:
        events = [e for e in events if e.is_cancelled]
    return events


def _header(plan: MeetingPlan, events: Sequence[Event], method: Method) -> list[str]:
    first = min(e.start for e in events)  # the zone's rules are kept by the year: wall
    last = max(e.end for e in events)  # clocks are precise enough to pick the years
    name = escape_text(plan.program_name)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method.value}",
        fold(f"NAME:{name}"),
        fold(f"X-WR-CALNAME:{name}"),
    ]
    lines += vtimezone_lines(plan.time_zone, first, last)
    return lines


def check_some(writer: EventWriter, events: Sequence[Event], person_id: str | None) -> None:
    """Raise when there is nothing to export: a calendar file needs at least one event."""
    if not events:
        method = writer.method
        who = "" if person_id is None else f" for {person_id!r}"
        raise ValidationError(
            f"nothing to export{who} with {method.value}: the selection has no events"
            + (" (CANCEL takes cancelled events only)" if method is Method.CANCEL else ""),
            record="MeetingPlan",
            record_id=writer.plan.program_id,
            field="meetings",
        )


def check_renders(writer: EventWriter, events: Sequence[Event], *, person_id: str | None) -> None:
    """Raise what :func:`render_calendar` would for these events, without building the file.

    The events' text stays in the writer's cache, so rendering the file afterwards repeats
    no work.
    """
    check_some(writer, events, person_id)
    for event in events:
        writer.render(event, person_id)


def render_calendar(
    writer: EventWriter, events: Sequence[Event], *, person_id: str | None
) -> bytes:
    """Return the calendar file of ``events``, as ``person_id`` gets it when one is given."""
    check_some(writer, events, person_id)
    plan, method = writer.plan, writer.method
    parts = _header(plan, events, method)
    parts += [writer.render(event, person_id) for event in events]
    parts.append("END:VCALENDAR\r\n")
    return "\r\n".join(parts).encode()
