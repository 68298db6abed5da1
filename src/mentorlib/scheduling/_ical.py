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
  Lines are folded at 75 octets without splitting a UTF-8 character (see ``_ical_text``).

The ``VEVENT`` lines are written as text (``_ical_events``) rather than through icalendar's
component tree, which is about twenty times slower for the 260,000 events of a large program;
icalendar builds the ``VTIMEZONE``, parses the output (:func:`to_calendar`), and checks it in the
tests. This module holds the export functions; ``_ical_options`` their option types and
``_ical_calendar`` the assembly of a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mentorlib.model import UnknownIdError, ValidationError

from ._changes import ChangeKind, changes, revised, seen_by
from ._events import Event
from ._ical_calendar import check_renders, render_calendar, select_events
from ._ical_events import dtstamp_value, event_writer
from ._ical_options import EventText, Method, parse_method
from ._ical_text import safe_filename
from ._plan import MeetingPlan

if TYPE_CHECKING:
    import icalendar

__all__ = ["to_calendar", "to_ics", "update_ics", "write_calendars"]


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
    chosen = parse_method(method)
    events = select_events(plan, chosen, person_id, uids)
    writer = event_writer(
        plan,
        method=chosen,
        organizer=organizer,
        organizer_name=organizer_name,
        text=text,
        stamp=dtstamp_value(dtstamp),
    )
    return render_calendar(writer, events, person_id=person_id)


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
    updated. Each event keeps its UID and has a higher SEQUENCE than in ``before``, so a client
    that has the event updates it; that holds for a plan made again with ``plan_program`` too,
    whose events start at SEQUENCE 0: the messages carry ``revised(before, after)``, which is
    the plan to keep and update from next time. With ``person_id``, only that person's changed
    events, and a gathering lists only them, as their invitation does; an event they were
    taken off (a gathering's guest list made shorter, a team's member replaced) comes as a
    ``CANCEL`` for them alone. Only their own update tells them: the program's messages go to
    those still invited.

    Send each message as an e-mail attachment (``text/calendar; method=REQUEST``): that is how
    Google Calendar, Outlook and Apple Calendar take updates. Importing a file again with the
    same UIDs does not update a Google calendar; a subscribed feed (``PUBLISH``) is refreshed by
    the client on its own schedule, in Google's case every few hours.

    Raises
    ------
    UnknownIdError
        For a ``person_id`` neither plan has.
    ValidationError
        When an event of ``before`` is gone from ``after`` (cancel it instead), or as
        :func:`to_ics` does.

    Examples
    --------
    >>> from mentorlib import samples
    >>> from mentorlib.scheduling import plan_program, update_ics
    >>> plan = plan_program(samples.vinn_vinn())
    >>> later = plan.cancel(plan.meetings[0])
    >>> sorted(update_ics(plan, later, organizer="coordinator@example.org"))
    [<Method.CANCEL: 'CANCEL'>]
    """
    if person_id is not None and person_id not in {
        p.id for plan in (before, after) for p in plan.participants
    }:
        raise UnknownIdError(person_id, record="Participant")
    view = revised(before, after)
    found = changes(before, view)
    if person_id is not None:
        found, view = seen_by(person_id, before, view, found)
    removed = [c for c in found if c.kind is ChangeKind.REMOVED]
    if removed:
        raise ValidationError(
            f"{len(removed)} events are gone from the later plan; cancel events instead of "
            "dropping them, so that calendars can be told",
            record="MeetingPlan",
            record_id=after.program_id,
            field="meetings",
        )
    cancelled: list[str] = []
    updated: list[str] = []
    for change in found:
        if change.kind is ChangeKind.CANCELLED:
            cancelled.append(change.uid)
        elif change.after is not None and not change.after.is_cancelled:
            updated.append(change.uid)  # one cancelled before has nothing left to tell
    messages: dict[Method, bytes] = {}
    for method, uids in ((Method.CANCEL, cancelled), (Method.REQUEST, updated)):
        if uids:
            messages[method] = to_ics(
                view,
                method=method,
                person_id=person_id,
                uids=uids,
                organizer=organizer,
                organizer_name=organizer_name,
                text=text,
                dtstamp=dtstamp,
            )
    return messages


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
    event for the ``method`` are left out, and with ``REQUEST`` or ``CANCEL`` so are people
    without an e-mail address: an invitation goes to an address, and the program's file has
    none for them either. Other options are those of :func:`to_ics`.

    Every option is checked, and every event rendered as its file will show it, before the
    folder is created or a file written: a bad option, or an event that cannot be sent, leaves
    nothing behind.

    Raises
    ------
    ValidationError
        As :func:`to_ics` does, whether ``per`` is ``"program"`` or ``"person"``: for a bad
        option, an event that cannot be sent, or nothing to export (e.g. ``CANCEL`` when no
        event is cancelled); then no folder is created and no file written.
    """
    chosen = parse_method(method)
    stamp = dtstamp_value(dtstamp)
    if per not in ("program", "person"):
        raise ValidationError(
            f"{per!r} is not a way to split calendars; use 'program' or 'person'",
            record="Calendar",
            field="per",
        )
    folder = Path(directory)
    everything = select_events(plan, chosen, None, None)
    groups: dict[str | None, list[Event]] = {}
    if per == "program":
        groups[None] = everything
    else:
        # An invitation goes to an address: people without one get no REQUEST or CANCEL file.
        invited = {
            p.id for p in plan.participants if chosen is Method.PUBLISH or p.email is not None
        }
        for event in everything:
            for someone in event.participant_ids:
                if someone in invited:
                    groups.setdefault(someone, []).append(event)
    writer = event_writer(
        plan,
        method=chosen,
        organizer=organizer,
        organizer_name=organizer_name,
        text=text,
        stamp=stamp,
    )
    # Refused as to_ics refuses the program's file, per program or per person: nothing for the
    # method (rather than an empty folder), or an event that nobody can be invited to.
    check_renders(writer, everything, person_id=None)
    files: list[tuple[Path, str | None, list[Event]]] = []
    for person_id, events in sorted(groups.items(), key=lambda item: item[0] or ""):
        stem = safe_filename(plan.program_id)
        if person_id is not None:
            stem += f"-{safe_filename(person_id)}"
        files.append((folder / f"{stem}.ics", person_id, events))
    for _, person_id, events in files:
        check_renders(writer, events, person_id=person_id)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for path, person_id, events in files:
        path.write_bytes(render_calendar(writer, events, person_id=person_id))
        paths.append(path)
    return paths
