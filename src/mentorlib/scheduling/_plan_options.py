"""Planning options: the blackout policy and the checked options every match is planned with."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from zoneinfo import ZoneInfo

import attrs

from mentorlib.model import Match, Program, ValidationError

from ._blackouts import BlackoutCalendar, ClosedDays, HolidaysByYear

__all__ = [
    "DEFAULT_TIME",
    "BlackoutPolicy",
    "PlaceOption",
    "PlanOptions",
    "plan_options",
]

DEFAULT_TIME = dt.time(17, 0)

PlaceOption = str | Mapping[str, str] | Callable[[Match], "str | None"] | None


class BlackoutPolicy(enum.StrEnum):
    """What happens to a meeting that falls on a closed day.

    ``SKIP``: the meeting does not take place. ``MOVE``: it moves to the nearest free day in
    the same week (Monday to Sunday) on which both parties have a window, the earlier day on a
    tie; when the week has none it is skipped. Either way the plan records it.
    """

    SKIP = "skip"
    MOVE = "move"


@attrs.frozen
class PlanOptions:
    """The options of one planning call, checked; shared by the planners of all its matches."""

    program: Program
    zone: ZoneInfo
    blackouts: ClosedDays
    policy: BlackoutPolicy
    prefer: dt.time
    starts_on: dt.date | None
    ends_on: dt.date | None
    replace_skipped: bool
    place: PlaceOption


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


def plan_options(
    program: Program,
    *,
    blackouts: BlackoutCalendar | None,
    policy: BlackoutPolicy | str,
    prefer: dt.time,
    place: PlaceOption,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    replace_skipped: bool,
) -> PlanOptions:
    """Check the options of a planning call before anything is worked out from them.

    ``blackouts`` defaults to the public holidays (and eves) of the program's country in every
    year a day being planned falls in: each year is loaded when a day in it is first asked
    about (:class:`HolidaysByYear`), so no year is guessed up front.
    """
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
        closed: ClosedDays = HolidaysByYear(program.country)
    elif not isinstance(blackouts, BlackoutCalendar):
        raise ValidationError(
            f"expected a BlackoutCalendar, got {type(blackouts).__name__}; combine "
            "public_holidays(...) | school_holidays([...])",
            record="MeetingPlan",
            field="blackouts",
        )
    else:
        closed = blackouts
    return PlanOptions(
        program=program,
        zone=program.zone,
        blackouts=closed,
        policy=_policy(policy),
        prefer=prefer,
        starts_on=starts_on,
        ends_on=ends_on,
        replace_skipped=replace_skipped,
        place=place,
    )
