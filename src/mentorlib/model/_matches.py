"""Matches between a mentee and a mentor or place, and how a match ends."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from ._display import Displayable
from ._errors import ValidationError
from ._validators import (
    a_date,
    between,
    identifier,
    instance_of,
    optional,
    plain_int,
    record,
    to_enum,
    to_record,
)

__all__ = ["Closure", "ClosureReason", "Match", "MatchStatus", "Party"]


class MatchStatus(enum.StrEnum):
    """Where a match stands: proposed by matching, active, paused, or closed."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class ClosureReason(enum.StrEnum):
    """Why a match ended. The set is fixed so that reports can count closures by reason.

    ``COMPLETED``: ran its planned length. ``GOAL_REACHED``: ended early because the mentee got
    what they came for (a job, a school place). ``MENTEE_MOVED`` / ``MENTOR_MOVED``: one of them
    moved away. ``MENTEE_WITHDREW`` / ``MENTOR_WITHDREW``: one of them chose to stop.
    ``LOST_CONTACT``: one side stopped answering. ``MISMATCH``: the pair did not work.
    ``SAFEGUARDING``: ended for a safeguarding reason. ``PROGRAM_ENDED``: the program stopped
    before the match's planned end. ``OTHER``: anything else.
    """

    COMPLETED = "completed"
    GOAL_REACHED = "goal reached"
    MENTEE_MOVED = "mentee moved"
    MENTOR_MOVED = "mentor moved"
    MENTEE_WITHDREW = "mentee withdrew"
    MENTOR_WITHDREW = "mentor withdrew"
    LOST_CONTACT = "lost contact"
    MISMATCH = "mismatch"
    SAFEGUARDING = "safeguarding"
    PROGRAM_ENDED = "program ended"
    OTHER = "other"


class Party(enum.StrEnum):
    """Who ended a match."""

    MENTEE = "mentee"
    MENTOR = "mentor"
    BOTH = "both"
    COORDINATOR = "coordinator"


def _reason(value: ClosureReason | str) -> ClosureReason:
    return to_enum(ClosureReason, value)


def _party(value: Party | str) -> Party:
    return to_enum(Party, value)


@record
@attrs.frozen
class Closure:
    """How a match ended: the last day, the reason and who ended it.

    No free-text note is kept: closure notes tend to hold case data that must not travel.

    >>> import datetime as dt
    >>> print(Closure(dt.date(2027, 2, 1), "mentee moved", ended_by="mentee"))
    2027-02-01 mentee moved (by mentee)
    """

    on: dt.date = attrs.field(validator=a_date())
    reason: ClosureReason = attrs.field(converter=_reason)
    ended_by: Party = attrs.field(converter=_party)

    def __str__(self) -> str:
        return f"{self.on} {self.reason.value} (by {self.ended_by.value})"


def _status(value: MatchStatus | str) -> MatchStatus:
    return to_enum(MatchStatus, value)


def _closure(value: Closure | dict[str, Any] | None) -> Closure | None:
    return None if value is None else to_record(Closure, value)


@record
@attrs.frozen
class Match(Displayable):
    """A mentee matched to a mentor (or a place), from ``started_on``.

    A closed match has a :class:`Closure`, and only a closed match has one. ``score`` is the
    matching score the pair had when it was made, if it came from matching.

    >>> import datetime as dt
    >>> m = Match("x1", mentee_id="y01", mentor_id="m01", started_on=dt.date(2026, 8, 17))
    >>> m.close(Closure(dt.date(2026, 10, 1), "lost contact", "coordinator")).status
    <MatchStatus.CLOSED: 'closed'>
    """

    id: str = attrs.field(validator=identifier())
    mentee_id: str = attrs.field(validator=identifier())
    mentor_id: str = attrs.field(validator=identifier())
    started_on: dt.date = attrs.field(validator=a_date())
    status: MatchStatus = attrs.field(default=MatchStatus.ACTIVE, converter=_status)
    closure: Closure | None = attrs.field(default=None, converter=_closure)
    planned_end: dt.date | None = attrs.field(default=None, validator=optional(a_date()))
    score: float | None = attrs.field(
        default=None, converter=plain_int, validator=optional(instance_of(int, float), between())
    )

    def __attrs_post_init__(self) -> None:
        closed = self.status is MatchStatus.CLOSED
        if closed != (self.closure is not None):
            raise ValidationError(
                "a closed match needs a closure, and only a closed match has one",
                record="Match",
                record_id=self.id,
                field="closure",
            )
        closed_on = None if self.closure is None else self.closure.on
        for name, day in (("closure", closed_on), ("planned_end", self.planned_end)):
            if day is not None and day < self.started_on:
                raise ValidationError(
                    f"{day} is before the match started on {self.started_on}",
                    record="Match",
                    record_id=self.id,
                    field=name,
                )

    def close(self, closure: Closure) -> Match:
        """Return this match closed with ``closure``."""
        return attrs.evolve(self, status=MatchStatus.CLOSED, closure=closure)

    def is_active_on(self, day: dt.date) -> bool:
        """Whether the match had started and not yet ended on ``day`` (paused counts as active)."""
        if day < self.started_on or self.status is MatchStatus.PROPOSED:
            return False
        return self.closure is None or day <= self.closure.on

    def duration_days(self, *, as_of: dt.date) -> int:
        """Days from the start to the closure, or to ``as_of`` for a match still running."""
        end = self.closure.on if self.closure is not None else as_of
        return max((end - self.started_on).days, 0)
