"""Meetings of a match and group gatherings of a program."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from ._display import Displayable
from ._errors import ValidationError
from ._validators import aware_datetime, collection, identifier, optional, record, text, to_enum

__all__ = ["GroupGathering", "Meeting", "MeetingStatus"]


class MeetingStatus(enum.StrEnum):
    """What became of a meeting: planned, held, cancelled, a no-show, or moved to another time."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"
    NO_SHOW = "no-show"
    MOVED = "moved"


def _status(value: MeetingStatus | str) -> MeetingStatus:
    return to_enum(MeetingStatus, value)


def _check_span(record_name: str, record_id: str, start: dt.datetime, end: dt.datetime) -> None:
    # Compare instants, not wall clocks: in one zone Python compares aware times by wall clock.
    if end.astimezone(dt.UTC) <= start.astimezone(dt.UTC):
        raise ValidationError(
            f"ends at {end.isoformat()}, not after it starts at {start.isoformat()}",
            record=record_name,
            record_id=record_id,
            field="end",
        )


def _ids(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if isinstance(values, str):
        raise ValidationError("expected a collection of person ids; wrap one in a list")
    ids = tuple(collection(values, "person ids"))
    for person_id in ids:
        if not isinstance(person_id, str) or not person_id or person_id != person_id.strip():
            raise ValidationError(f"{person_id!r} is not a person id")
    if len(set(ids)) != len(ids):
        raise ValidationError("a participant is listed more than once")
    return ids


@record
@attrs.frozen
class Meeting(Displayable):
    """One meeting of a match, from ``start`` to ``end`` (time-zone aware).

    ``moved_to`` is the id of the meeting that replaced this one when its status is ``MOVED``.

    >>> import datetime as dt
    >>> from zoneinfo import ZoneInfo
    >>> oslo = ZoneInfo("Europe/Oslo")
    >>> m = Meeting("x1-01", "x1", dt.datetime(2026, 8, 20, 17, tzinfo=oslo),
    ...             dt.datetime(2026, 8, 20, 18, 30, tzinfo=oslo), status="held")
    >>> m.minutes
    90
    """

    id: str = attrs.field(validator=identifier())
    match_id: str = attrs.field(validator=identifier())
    start: dt.datetime = attrs.field(validator=aware_datetime())
    end: dt.datetime = attrs.field(validator=aware_datetime())
    status: MeetingStatus = attrs.field(default=MeetingStatus.PLANNED, converter=_status)
    place: str | None = attrs.field(default=None, validator=optional(text()))
    moved_to: str | None = attrs.field(default=None, validator=optional(identifier()))

    def __attrs_post_init__(self) -> None:
        _check_span("Meeting", self.id, self.start, self.end)
        if self.moved_to is not None and self.status is not MeetingStatus.MOVED:
            raise ValidationError(
                f"only a moved meeting says where it moved to; status is {self.status.value!r}",
                record="Meeting",
                record_id=self.id,
                field="moved_to",
            )
        if self.moved_to == self.id:
            raise ValidationError(
                "a meeting cannot be moved to itself; give the id of the meeting that replaced it",
                record="Meeting",
                record_id=self.id,
                field="moved_to",
            )

    @property
    def minutes(self) -> int:
        """The meeting's length in whole minutes."""
        elapsed = self.end.astimezone(dt.UTC) - self.start.astimezone(dt.UTC)
        return int(elapsed.total_seconds() // 60)


@record
@attrs.frozen
class GroupGathering(Displayable):
    """A gathering of many of a program's people at once (Vinn, vinn! holds six a year).

    ``participant_ids`` names mentees and mentors; a team's id stands for all its members, and
    a plan invites and books each of them.
    """

    id: str = attrs.field(validator=identifier())
    title: str = attrs.field(validator=text())
    start: dt.datetime = attrs.field(validator=aware_datetime())
    end: dt.datetime = attrs.field(validator=aware_datetime())
    participant_ids: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    status: MeetingStatus = attrs.field(default=MeetingStatus.PLANNED, converter=_status)
    place: str | None = attrs.field(default=None, validator=optional(text()))

    def __attrs_post_init__(self) -> None:
        _check_span("GroupGathering", self.id, self.start, self.end)
