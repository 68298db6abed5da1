"""What a plan holds: planned meetings and gatherings, the people in them, and adjustments."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import uuid
from typing import Any, Literal
from zoneinfo import ZoneInfo

import attrs

from mentorlib.model import Meeting, MeetingStatus, ValidationError

from ._blackouts import Blackout

__all__ = [
    "Adjustment",
    "AdjustmentKind",
    "Participant",
    "PlannedGathering",
    "PlannedMeeting",
    "Unscheduled",
    "event_uid",
]

_UTC = dt.UTC
#: The namespace of every UID mentorlib derives (uuid5), so the same input gives the same UID.
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://mentorlib.readthedocs.io/scheduling")
_NAMESPACE_BYTES = UID_NAMESPACE.bytes


def event_uid(program_id: str, *parts: str | int) -> str:
    """Return the stable UID of an event: a UUID derived from the program and the event's key.

    >>> from mentorlib.scheduling import event_uid
    >>> event_uid("vinn-vinn", "x01", 3)
    '7caacabf-e019-501a-b02a-83d80853d9d6'
    """
    key = "\x1f".join([program_id, *map(str, parts)])
    return _uuid5(hashlib.sha1(_NAMESPACE_BYTES + key.encode(), usedforsecurity=False))


def _uuid5(hasher: Any) -> str:
    """Format a SHA-1 of namespace and name as ``uuid.uuid5`` does, without the UUID object."""
    digest = bytearray(hasher.digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class SeriesUids:
    """UIDs of one match's meetings, as :func:`event_uid` gives them, hashing the prefix once."""

    __slots__ = ("_prefix",)

    def __init__(self, program_id: str, match_id: str) -> None:
        key = f"{program_id}\x1f{match_id}\x1f".encode()
        self._prefix = hashlib.sha1(_NAMESPACE_BYTES + key, usedforsecurity=False)

    def __call__(self, number: int) -> str:
        hasher = self._prefix.copy()
        hasher.update(str(number).encode())
        return _uuid5(hasher)


Role = Literal["mentee", "mentor", "place"]


@attrs.frozen
class Participant:
    """Who takes part in a planned event, with only what a calendar needs.

    A plan keeps the person's id, display name, e-mail address and role and nothing else of
    the person, so health, case or referral data cannot reach a calendar through it. The
    repr leaves the address out, as a person's does: reprs travel into logs.
    """

    id: str
    name: str
    email: str | None = attrs.field(default=None, repr=False)
    role: Role = "mentee"


class AdjustmentKind(enum.StrEnum):
    """What the planner did with a meeting the cadence gave.

    ``SKIPPED``: no meeting (a blackout, or no time inside both parties' windows that day).
    ``MOVED``: moved to another day of the same week. ``SHIFTED``: kept that day, at another
    wall-clock time because the clocks change: its start fell into the spring gap and starts
    one gap later (as calendar clients read it), or the change took it out of a window and it
    starts at the nearest time that day that stays inside.
    """

    SKIPPED = "skipped"
    MOVED = "moved"
    SHIFTED = "shifted"


@attrs.frozen
class Adjustment:
    """A meeting the cadence gave that was skipped, moved or shifted, and why.

    ``planned_on`` is the day the cadence gave; ``start`` is where the meeting went (``None``
    when skipped); ``blackouts`` are the closed days that caused it, if any.
    """

    match_id: str
    number: int
    kind: AdjustmentKind
    planned_on: dt.date
    start: dt.datetime | None
    reason: str
    blackouts: tuple[Blackout, ...] = ()

    def __str__(self) -> str:
        where = "" if self.start is None else f" to {self.start:%Y-%m-%d %H:%M}"
        return (
            f"{self.match_id} #{self.number} on {self.planned_on}: {self.kind.value}{where} "
            f"({self.reason})"
        )


@attrs.frozen
class Unscheduled:
    """A match the planner could not give any meeting, and why."""

    match_id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.match_id}: {self.reason}"


def _check_aware(instance: object, attribute: attrs.Attribute[dt.datetime], value: object) -> None:
    if type(value) is dt.datetime and isinstance(value.tzinfo, ZoneInfo):
        return  # the planner's own datetimes: aware by construction
    if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        record_id = getattr(instance, "uid", None)
        raise ValidationError(
            f"{value!r} is not a time-zone aware datetime; give it a zone, e.g. "
            "datetime(..., tzinfo=ZoneInfo('Europe/Oslo'))",
            record=type(instance).__name__,
            record_id=record_id if isinstance(record_id, str) else None,
            field=attribute.name,
        )


class _Timed:
    """What every calendar event derives from its aware ``start``, ``end`` and ``status``."""

    __slots__ = ()
    start: dt.datetime
    end: dt.datetime
    status: MeetingStatus

    @property
    def start_utc(self) -> dt.datetime:
        """The start in UTC."""
        return self.start.astimezone(_UTC)

    @property
    def end_utc(self) -> dt.datetime:
        """The end in UTC."""
        return self.end.astimezone(_UTC)

    @property
    def minutes(self) -> int:
        """The length in minutes (elapsed time, so right across a daylight-saving change)."""
        return int((self.end_utc - self.start_utc).total_seconds() // 60)

    @property
    def is_cancelled(self) -> bool:
        """Whether the event was cancelled."""
        return self.status is MeetingStatus.CANCELLED


@attrs.frozen
class PlannedMeeting(_Timed):
    """One planned meeting of a match, as it goes into a calendar.

    ``number`` counts the cadence's occurrences from 1, skipped ones included, so a meeting
    keeps its number and its UID when other meetings are skipped, moved or cancelled.
    ``sequence`` is the iCalendar SEQUENCE: 0 as planned, raised by one at every change.
    ``start`` and ``end`` are aware datetimes in the program's time zone.
    """

    uid: str
    match_id: str
    number: int
    start: dt.datetime = attrs.field(validator=_check_aware)
    end: dt.datetime = attrs.field(validator=_check_aware)
    participant_ids: tuple[str, ...]
    place: str | None = None
    status: MeetingStatus = MeetingStatus.PLANNED
    sequence: int = 0

    @property
    def id(self) -> str:
        """The meeting's id as a :class:`~mentorlib.model.Meeting` record has it: ``x01-03``."""
        return f"{self.match_id}-{self.number:02d}"

    def to_meeting(self) -> Meeting:
        """Return the meeting as a :class:`~mentorlib.model.Meeting` record (for metrics)."""
        return Meeting(
            self.id, self.match_id, self.start, self.end, status=self.status, place=self.place
        )


@attrs.frozen
class PlannedGathering(_Timed):
    """A group gathering as it goes into a calendar: its own event with all its participants."""

    uid: str
    gathering_id: str
    title: str
    start: dt.datetime = attrs.field(validator=_check_aware)
    end: dt.datetime = attrs.field(validator=_check_aware)
    participant_ids: tuple[str, ...]
    place: str | None = None
    status: MeetingStatus = MeetingStatus.PLANNED
    sequence: int = 0

    @property
    def id(self) -> str:
        """The gathering's id."""
        return self.gathering_id


#: A planned event of either kind.
Event = PlannedMeeting | PlannedGathering
