r"""RFC 5545 iCalendar export of a plan, with RFC 5546 methods for invitations and updates.

Choices, each made once and kept:

* **Explicit instances.** Every meeting is its own ``VEVENT`` with its own UID (derived from the
  program, the match and the meeting's number) and no ``RRULE``. Skipped, moved and cancelled
  meetings then need no ``EXDATE`` or ``RECURRENCE-ID``, which clients handle unevenly, and one
  meeting can be changed or cancelled on its own.
* **Local times with a TZID.** ``DTSTART``/``DTEND`` carry ``TZID`` and a ``VTIMEZONE`` built from
  the IANA database for the file's span (see ``_vtimezone``); never floating times (Google reads
  those as UTC). ``DTSTAMP`` is in UTC.
* **Text is cleaned and escaped.** Control characters other than line breaks and tabs are
  dropped, every kind of line break becomes an escaped ``\\n``, and ``\\``, ``;`` and ``,`` are
  escaped, so a name or a place cannot end a line or add a property. Parameter values (``CN``)
  are quoted, with quotes and carets escaped as in RFC 6868 and line breaks turned into spaces.
  Lines are folded at 75 octets without splitting a UTF-8 character.

The ``VEVENT`` lines are written here rather than through icalendar's component tree, which is
about twenty times slower for the 260,000 events of a large program; icalendar builds the
``VTIMEZONE``, parses the output (:func:`to_calendar`), and checks it in the tests.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from mentorlib.model import ValidationError

from ._changes import ChangeKind, changes
from ._events import Event, Participant, PlannedGathering, PlannedMeeting
from ._plan import MeetingPlan
from ._vtimezone import vtimezone_lines

if TYPE_CHECKING:
    import icalendar

__all__ = [
    "EventText",
    "Method",
    "NameStyle",
    "to_calendar",
    "to_ics",
    "update_ics",
    "write_calendars",
]

_UTC = dt.UTC
PRODID = "-//mentorlib//mentorlib scheduling//EN"


class Method(enum.StrEnum):
    """The iTIP method of a calendar file (RFC 5546, section 1.4).

    ``PUBLISH``: a plain feed or file to import; no attendees. ``REQUEST``: invitations and
    updates, with ``ORGANIZER`` and ``ATTENDEE``; cancelled events are left out. ``CANCEL``:
    cancellations of events sent before, with the same UID and a higher ``SEQUENCE``.
    """

    PUBLISH = "PUBLISH"
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


class NameStyle(enum.StrEnum):
    """How people are named in event text.

    ``FIRST_NAME``: the first word of the display name (an Arabic-script ``عبد`` or a Latin
    ``Abdul``/``Abd``/``Abu`` stays with the word after it). ``DISPLAY_NAME``: as recorded.
    ``CODE``: the person's id. ``NONE``: no names at all.
    """

    FIRST_NAME = "first name"
    DISPLAY_NAME = "display name"
    CODE = "code"
    NONE = "none"


def _name_style(value: NameStyle | str) -> NameStyle:
    try:
        return NameStyle(value)
    except ValueError:
        allowed = ", ".join(repr(s.value) for s in NameStyle)
        raise ValidationError(
            f"{value!r} is not a name style; use one of {allowed}",
            record="EventText",
            field="names",
        ) from None


@attrs.frozen
class EventText:
    """What event text says. The defaults carry the least personal data that still helps.

    An event's ``SUMMARY`` is ``title`` and the two parties' names (``"Mentoring meeting: Amina &
    Ingrid"``); a gathering's is its own title. ``DESCRIPTION`` names the program and the meeting's
    number, then ``note``. ``LOCATION`` is the place when ``place`` is true. ``CLASS:PRIVATE``
    asks calendar apps to hide the details from people the calendar is shared with.

    A plan holds only each person's id, display name, e-mail and role, so health, case,
    referral or background data cannot reach a calendar whatever is chosen here.

    Examples
    --------
    >>> from mentorlib.scheduling import EventText
    >>> EventText(names="code", title="Meeting").title
    'Meeting'
    """

    title: str = "Mentoring meeting"
    names: NameStyle = attrs.field(default=NameStyle.FIRST_NAME, converter=_name_style)
    place: bool = True
    program_name: bool = True
    note: str | None = None
    private: bool = True


# -- text ------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]")
_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85|\x0b|\x0c")
_COMPOUND = frozenset({"عبد", "abd", "abdel", "abdul", "abdi", "abu", "ابو", "أبو"})


def clean_text(value: str) -> str:
    r"""Return text with every line break as ``\\n`` and other control characters dropped."""
    return _CONTROL.sub("", _BREAKS.sub("\n", value))


def escape_text(value: str) -> str:
    r"""Return a TEXT value escaped as RFC 5545, section 3.3.11 asks.

    >>> from mentorlib.scheduling._ical import escape_text
    >>> print(escape_text("Ali\r\nATTENDEE:mailto:x@evil; a,b \\"))
    Ali\nATTENDEE:mailto:x@evil\; a\,b \\
    """
    text = clean_text(value)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _param(value: str) -> str:
    """Quote a parameter value: one line, quotes and carets escaped as RFC 6868."""
    text = " ".join(clean_text(value).split())
    return '"' + text.replace("^", "^^").replace('"', "^'") + '"'


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545, section 3.1), never inside a character."""
    if line.isascii() and len(line) <= 75:
        return line
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


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


_EMAIL = re.compile(r"^[^\s\"<>\\:;,()\[\]@\x00-\x1f\x7f]+@[^\s\"<>\\:;,()\[\]@\x00-\x1f\x7f]+$")


def _mailto(email: str, *, record: str, record_id: str | None) -> str:
    if not _EMAIL.match(email):
        raise ValidationError(
            f"{email!r} cannot go into a calendar as an address; use a plain "
            "name@example.org address",
            record=record,
            record_id=record_id,
            field="email",
        )
    return f"mailto:{email}"


def _utc_stamp(moment: dt.datetime) -> str:
    return moment.astimezone(_UTC).strftime("%Y%m%dT%H%M%SZ")


# -- building --------------------------------------------------------------------------------


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


class _Writer:
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
        self.organizer_line: str | None = None
        if organizer is not None:
            cn = "" if organizer_name is None else f";CN={_param(organizer_name)}"
            address = _mailto(organizer, record="Organizer", record_id=organizer_name)
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
                cn = "" if label is None else f";CN={_param(label)}"
                reply = ";RSVP=TRUE" if self.method is Method.REQUEST else ""
                address = _mailto(person.email, record="Person", record_id=person.id)
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
            labels = [self.label(p) for p in key]
            named = " & ".join(label for label in labels if label)
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
        lines = [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{self.stamp}",
            *_span(tzid, event.start, event.end),
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


def _select(
    plan: MeetingPlan, method: Method, person_id: str | None, uids: Iterable[str] | None
) -> list[Event]:
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


def _method(value: Method | str) -> Method:
    try:
        return Method(value.upper() if isinstance(value, str) else value)
    except ValueError:
        raise ValidationError(
            f"{value!r} is not an iTIP method; use 'PUBLISH', 'REQUEST' or 'CANCEL'",
            record="Calendar",
            field="method",
        ) from None


def _stamp(dtstamp: dt.datetime | None) -> str:
    if dtstamp is None:
        return _utc_stamp(dt.datetime.now(_UTC))
    if not isinstance(dtstamp, dt.datetime) or dtstamp.utcoffset() is None:
        raise ValidationError(
            f"{dtstamp!r} is not a time-zone aware datetime; use datetime.now(timezone.utc)",
            record="Calendar",
            field="dtstamp",
        )
    return _utc_stamp(dtstamp)


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


def to_ics(
    plan: MeetingPlan,
    *,
    method: Method | str = Method.PUBLISH,
    person_id: str | None = None,
    organizer: str | None = None,
    organizer_name: str | None = None,
    text: EventText | None = None,
    dtstamp: dt.datetime | None = None,
    uids: Iterable[str] | None = None,
) -> bytes:
    r"""Return a plan as an iCalendar file (RFC 5545), UTF-8 with CRLF line ends.

    Parameters
    ----------
    plan
        The plan to export.
    method
        ``"PUBLISH"`` (a feed or a file to import, no attendees; cancelled events are kept with
        ``STATUS:CANCELLED``), ``"REQUEST"`` (invitations: ``ORGANIZER`` and an ``ATTENDEE`` for
        every participant with an e-mail address; cancelled events left out) or ``"CANCEL"``
        (the cancelled events only).
    person_id
        Only the events of this person: their calendar.
    organizer, organizer_name
        The coordinator's e-mail address and name; required for ``REQUEST`` and ``CANCEL``.
    text
        What event text says (:class:`EventText`); first names, the place and the program by
        default.
    dtstamp
        The ``DTSTAMP`` of every event; now by default (fix it for reproducible files).
    uids
        Only these events.

    Raises
    ------
    ValidationError
        When nothing is left to export, ``REQUEST``/``CANCEL`` lacks an organizer or an event has
        nobody to invite, or an e-mail address or ``dtstamp`` is unusable.

    Examples
    --------
    >>> import datetime as dt
    >>> from mentorlib import samples
    >>> from mentorlib.scheduling import plan_program, to_ics
    >>> plan = plan_program(samples.vinn_vinn())
    >>> ics = to_ics(plan, person_id="e01", dtstamp=dt.datetime(2026, 8, 1, tzinfo=dt.UTC))
    >>> for line in ics.decode().splitlines()[:6]:
    ...     print(line)
    BEGIN:VCALENDAR
    VERSION:2.0
    PRODID:-//mentorlib//mentorlib scheduling//EN
    CALSCALE:GREGORIAN
    METHOD:PUBLISH
    NAME:Vinn\, vinn! (sample)
    """
    chosen = _method(method)
    events = _select(plan, chosen, person_id, uids)
    writer = _writer(
        plan,
        method=chosen,
        organizer=organizer,
        organizer_name=organizer_name,
        text=text,
        stamp=_stamp(dtstamp),
    )
    return _render(writer, events, person_id=person_id)


def _writer(
    plan: MeetingPlan,
    *,
    method: Method,
    organizer: str | None,
    organizer_name: str | None,
    text: EventText | None,
    stamp: str,
) -> _Writer:
    if method is not Method.PUBLISH and organizer is None:
        raise ValidationError(
            f"a {method.value} needs an organizer: pass organizer='coordinator@example.org'",
            record="Calendar",
            field="organizer",
        )
    return _Writer(
        plan, method, organizer, organizer_name, EventText() if text is None else text, stamp
    )


def _render(writer: _Writer, events: Sequence[Event], *, person_id: str | None) -> bytes:
    plan, method = writer.plan, writer.method
    if not events:
        who = "" if person_id is None else f" for {person_id!r}"
        raise ValidationError(
            f"nothing to export{who} with {method.value}: the selection has no events"
            + (" (CANCEL takes cancelled events only)" if method is Method.CANCEL else ""),
            record="MeetingPlan",
            record_id=plan.program_id,
            field="meetings",
        )
    parts = _header(plan, events, method)
    parts += [writer.render(event, person_id) for event in events]
    parts.append("END:VCALENDAR\r\n")
    return "\r\n".join(parts).encode()


def to_calendar(plan: MeetingPlan, **options: Any) -> icalendar.Calendar:
    """Return :func:`to_ics`'s file parsed into an ``icalendar.Calendar`` (same options).

    Examples
    --------
    >>> from mentorlib import samples
    >>> from mentorlib.scheduling import plan_program, to_calendar
    >>> plan = plan_program(samples.vinn_vinn())
    >>> mentor = plan.meetings[0].participant_ids[1]
    >>> calendar = to_calendar(plan, person_id=mentor)
    >>> len(calendar.events), [tz.tz_name for tz in calendar.timezones]
    (17, ['Europe/Oslo'])
    """
    import icalendar

    parsed = icalendar.Calendar.from_ical(to_ics(plan, **options))
    assert isinstance(parsed, icalendar.Calendar)
    return parsed


def update_ics(
    before: MeetingPlan,
    after: MeetingPlan,
    *,
    organizer: str,
    organizer_name: str | None = None,
    person_id: str | None = None,
    text: EventText | None = None,
    dtstamp: dt.datetime | None = None,
) -> dict[Method, bytes]:
    """Return the iTIP messages that carry the changes from ``before`` to ``after``.

    ``CANCEL`` holds the events cancelled since; ``REQUEST`` the ones moved, added or otherwise
    updated. Each event keeps its UID and has a higher SEQUENCE, so a client that has the event
    updates it. Send each as an e-mail attachment (``text/calendar; method=REQUEST``): that is
    how Google Calendar, Outlook and Apple Calendar take updates. Importing a file again with
    the same UIDs does not update a Google calendar; a subscribed feed (``PUBLISH``) is refreshed
    by the client on its own schedule, in Google's case every few hours.

    Examples
    --------
    >>> from mentorlib import samples
    >>> from mentorlib.scheduling import plan_program, update_ics
    >>> plan = plan_program(samples.vinn_vinn())
    >>> later = plan.cancel(plan.meetings[0])
    >>> sorted(update_ics(plan, later, organizer="coordinator@example.org"))
    [<Method.CANCEL: 'CANCEL'>]
    """
    found = changes(before, after)
    if person_id is not None:
        found = tuple(
            c
            for c in found
            if person_id in (c.after or c.before).participant_ids  # type: ignore[union-attr]
        )
    cancelled = [c.uid for c in found if c.kind is ChangeKind.CANCELLED]
    updated = [
        c.uid for c in found if c.kind in (ChangeKind.MOVED, ChangeKind.UPDATED, ChangeKind.ADDED)
    ]
    removed = [c for c in found if c.kind is ChangeKind.REMOVED]
    if removed:
        raise ValidationError(
            f"{len(removed)} events are gone from the later plan; cancel events instead of "
            "dropping them, so that calendars can be told",
            record="MeetingPlan",
            record_id=after.program_id,
            field="meetings",
        )
    messages: dict[Method, bytes] = {}
    for method, uids in ((Method.CANCEL, cancelled), (Method.REQUEST, updated)):
        if uids:
            messages[method] = to_ics(
                after,
                method=method,
                uids=uids,
                organizer=organizer,
                organizer_name=organizer_name,
                text=text,
                dtstamp=dtstamp,
            )
    return messages


_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def safe_filename(stem: str) -> str:
    """Return a file name for an id: unsafe characters replaced, plus a hash when any were."""
    cleaned = _SAFE.sub("_", stem)
    if cleaned != stem or cleaned.startswith("."):
        cleaned = f"{cleaned.lstrip('.')}-{hashlib.sha256(stem.encode()).hexdigest()[:8]}"
    return cleaned


def write_calendars(
    plan: MeetingPlan,
    directory: str | Path,
    *,
    per: Literal["program", "person"] = "person",
    method: Method | str = Method.PUBLISH,
    organizer: str | None = None,
    organizer_name: str | None = None,
    text: EventText | None = None,
    dtstamp: dt.datetime | None = None,
) -> list[Path]:
    """Write ``.ics`` files into ``directory`` (created if missing) and return their paths.

    ``per="program"`` writes one file with every event, ``<program id>.ics``; ``per="person"``
    one file for each person with events, ``<program id>-<person id>.ics``. People without any
    event for the ``method`` are left out. Other options are those of :func:`to_ics`.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    chosen = _method(method)
    stamp = _stamp(dtstamp)
    if per not in ("program", "person"):
        raise ValidationError(
            f"{per!r} is not a way to split calendars; use 'program' or 'person'",
            record="Calendar",
            field="per",
        )
    everything = _select(plan, chosen, None, None)
    groups: dict[str | None, list[Event]] = {}
    if per == "program":
        groups[None] = everything
    else:
        for event in everything:
            for someone in event.participant_ids:
                groups.setdefault(someone, []).append(event)
    writer = _writer(
        plan,
        method=chosen,
        organizer=organizer,
        organizer_name=organizer_name,
        text=text,
        stamp=stamp,
    )
    paths = []
    for person_id, events in sorted(groups.items(), key=lambda item: item[0] or ""):
        stem = safe_filename(plan.program_id)
        if person_id is not None:
            stem += f"-{safe_filename(person_id)}"
        path = folder / f"{stem}.ics"
        path.write_bytes(_render(writer, events, person_id=person_id))
        paths.append(path)
    return paths
