"""VEVENT lines for planned events: times, people's names and invitations, cached across files."""

from __future__ import annotations

import datetime as dt

from mentorlib.model import ValidationError

from ._events import Event, Participant, PlannedGathering, PlannedMeeting
from ._ical_options import EventText, Method, NameStyle
from ._ical_text import clean_text, escape_text, fold, mailto, param_value
from ._plan import MeetingPlan

__all__ = ["EventWriter", "dtstamp_value", "event_writer", "person_label"]

_UTC = dt.UTC

# -- names ------------------------------------------------------------------------------------

# Prefixes that are no given name alone ("Abd al-Rahman", "Abu Bakr"); not "Abdi", a whole
# Somali given name.
_COMPOUND = frozenset({"عبد", "abd", "abdel", "abdul", "abu", "ابو", "أبو"})


def _first_name(name: str) -> str:
    words = name.split()
    if len(words) > 1 and words[0].casefold() in _COMPOUND:
        return f"{words[0]} {words[1]}"
    return words[0] if words else name


def person_label(person: Participant, style: NameStyle) -> str | None:
    """Return the name event text uses for a person under ``style`` (``None``: no name)."""
    if style is NameStyle.NONE:
        return None
    if style is NameStyle.CODE:
        return person.id
    name = " ".join(clean_text(person.name).split())
    if style is NameStyle.DISPLAY_NAME or person.role == "place":
        return name
    return _first_name(name)


# -- date-times -------------------------------------------------------------------------------


def _utc_stamp(moment: dt.datetime) -> str:
    return moment.astimezone(_UTC).strftime("%Y%m%dT%H%M%SZ")


def dtstamp_value(dtstamp: dt.datetime | None) -> str:
    """Return the DTSTAMP of every event: ``dtstamp`` in UTC, or now."""
    if dtstamp is None:
        return _utc_stamp(dt.datetime.now(_UTC))
    if not isinstance(dtstamp, dt.datetime) or dtstamp.utcoffset() is None:
        raise ValidationError(
            f"{dtstamp!r} is not a time-zone aware datetime; use datetime.now(timezone.utc)",
            record="Calendar",
            field="dtstamp",
        )
    return _utc_stamp(dtstamp)


def _stamp_local(moment: dt.datetime) -> str:
    """Return the wall-clock time as ``YYYYMMDDTHHMMSS`` (seconds kept, microseconds dropped)."""
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    )


def _repeated(moment: dt.datetime) -> bool:
    return bool(moment.fold) and moment.utcoffset() != moment.replace(fold=0).utcoffset()


def _span(tzid: str, start: dt.datetime, end: dt.datetime) -> tuple[str, str]:
    """Return DTSTART and DTEND in local time with TZID, or both in UTC for a repeated hour.

    In the hour repeated when clocks go back, a local time names the first of its two
    instants (RFC 5545, section 3.3.5). An event with an instant in the second pass is written
    in UTC, both ends, so that expanders that add the length to DTSTART agree.
    """
    if (start.fold or end.fold) and (_repeated(start) or _repeated(end)):
        return f"DTSTART:{_utc_stamp(start)}", f"DTEND:{_utc_stamp(end)}"
    return (
        f"DTSTART;TZID={tzid}:{_stamp_local(start)}",
        f"DTEND;TZID={tzid}:{_stamp_local(end)}",
    )


# -- events -----------------------------------------------------------------------------------


class EventWriter:
    """Renders events as folded content lines, caching what repeats across events and files."""

    def __init__(
        self,
        plan: MeetingPlan,
        method: Method,
        organizer: str | None,
        organizer_name: str | None,
        text: EventText,
        stamp: str,
    ) -> None:
        self.plan = plan
        self.method = method
        self.text = text
        self.stamp = stamp
        self.tzid = plan.time_zone
        self.zone = plan.zone
        self.organizer_line: str | None = None
        if organizer is not None:
            cn = "" if organizer_name is None else f";CN={param_value(organizer_name)}"
            address = mailto(organizer, record="Organizer", record_id=organizer_name)
            self.organizer_line = fold(f"ORGANIZER{cn}:{address}")
        about = [plan.program_name] if text.program_name else []
        self.program_text = escape_text(plan.program_name) if text.program_name else None
        self.note = escape_text(text.note) if text.note else None
        self.gathering_about = (
            None
            if not about and not self.note
            else "\\n".join(x for x in (self.program_text, self.note) if x)
        )
        self.labels: dict[str, str | None] = {}
        self.attendee_lines: dict[str, str | None] = {}
        self.summaries: dict[tuple[str, ...], str] = {}
        self.rendered: dict[tuple[str, str | None], str] = {}

    def label(self, person_id: str) -> str | None:
        if person_id not in self.labels:
            person = self.plan.participant(person_id)
            self.labels[person_id] = person_label(person, self.text.names)
        return self.labels[person_id]

    def attendee(self, person_id: str) -> str | None:
        if person_id not in self.attendee_lines:
            person = self.plan.participant(person_id)
            line = None
            if person.email is not None:
                label = self.label(person_id)
                cn = "" if label is None else f";CN={param_value(label)}"
                reply = ";RSVP=TRUE" if self.method is Method.REQUEST else ""
                address = mailto(person.email, record="Person", record_id=person.id)
                line = fold(
                    f"ATTENDEE{cn};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION{reply}:{address}"
                )
            self.attendee_lines[person_id] = line
        return self.attendee_lines[person_id]

    def summary(self, event: Event) -> str:
        if isinstance(event, PlannedGathering):
            return fold(f"SUMMARY:{escape_text(event.title)}")
        key = event.participant_ids
        if key not in self.summaries:
            labels = [label for label in map(self.label, key) if label]
            # "Amina & Ingrid"; with a team's members, "Amina, Ingrid & Yonas".
            named = " & ".join(filter(None, [", ".join(labels[:-1]), *labels[-1:]]))
            title = self.text.title
            self.summaries[key] = fold(
                f"SUMMARY:{escape_text(f'{title}: {named}' if named else title)}"
            )
        return self.summaries[key]

    def render(self, event: Event, person_id: str | None) -> str:
        """Return the event's folded lines joined by CRLF (without a final line end)."""
        hidden = (
            person_id
            if person_id is not None
            and self.method is not Method.PUBLISH
            and isinstance(event, PlannedGathering)
            else None
        )
        key = (event.uid, hidden)
        found = self.rendered.get(key)
        if found is None:
            found = "\r\n".join(self.lines(event, hidden))
            self.rendered[key] = found
        return found

    def lines(self, event: Event, only: str | None) -> list[str]:
        tzid = self.tzid
        if isinstance(event, PlannedMeeting):
            about = [x for x in (self.program_text, f"Meeting {event.number}", self.note) if x]
            description: str | None = "\\n".join(about)
        else:
            description = self.gathering_about
        start, end = event.start, event.end
        if start.tzinfo is not self.zone or end.tzinfo is not self.zone:
            # An event built by hand may be in another zone: written as the plan's TZID, its
            # times must be the plan's wall clock at the same instants.
            start, end = start.astimezone(self.zone), end.astimezone(self.zone)
        lines = [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{self.stamp}",
            *_span(tzid, start, end),
            f"SEQUENCE:{event.sequence}",
            "STATUS:CANCELLED" if event.is_cancelled else "STATUS:CONFIRMED",
            self.summary(event),
        ]
        if description:
            lines.append(fold(f"DESCRIPTION:{description}"))
        if self.text.place and event.place:
            lines.append(fold(f"LOCATION:{escape_text(event.place)}"))
        if self.text.private:
            lines.append("CLASS:PRIVATE")
        if self.organizer_line is not None:
            lines.append(self.organizer_line)
        if self.method is not Method.PUBLISH:
            # A person's own invitation to a gathering does not show the guest list.
            people = event.participant_ids if only is None else (only,)
            attendees = [line for line in map(self.attendee, people) if line is not None]
            if not attendees and only is not None:
                raise ValidationError(
                    f"has no e-mail address, so their invitation to {event.id} cannot be sent "
                    f"as {self.method.value}; add one or export with method='PUBLISH'",
                    record="Participant",
                    record_id=only,
                    field="email",
                )
            if not attendees:
                raise ValidationError(
                    "no participant of this event has an e-mail address, so it cannot be "
                    f"sent as {self.method.value}; add addresses or export with "
                    "method='PUBLISH'",
                    record=type(event).__name__,
                    record_id=event.id,
                    field="participant_ids",
                )
            lines += attendees
        lines.append("END:VEVENT")
        return lines


def event_writer(
    plan: MeetingPlan,
    *,
    method: Method,
    organizer: str | None,
    organizer_name: str | None,
    text: EventText | None,
    stamp: str,
) -> EventWriter:
    """Return the writer of an export, after checking that a REQUEST or CANCEL has an organizer."""
    if method is not Method.PUBLISH and organizer is None:
        raise ValidationError(
            f"a {method.value} needs an organizer: pass organizer='coordinator@example.org'",
            record="Calendar",
            field="organizer",
        )
    return EventWriter(
        plan, method, organizer, organizer_name, EventText() if text is None else text, stamp
    )
