"""Planning options: the blackout policy and the checked options every match is planned with."""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Callable, Container, Mapping
from typing import cast
from zoneinfo import ZoneInfo

import attrs

from mentorlib.model import Match, Place, Program, ValidationError, to_enum

from ._blackouts import BlackoutCalendar, ClosedDays, HolidaysByYear, check_blackouts

__all__ = [
    "DEFAULT_TIME",
    "BlackoutPolicy",
    "PlaceOption",
    "PlanOptions",
    "place_for_match",
    "plan_options",
]

DEFAULT_TIME = dt.time(17, 0)

PlaceOption = str | Mapping[str, "str | None"] | Callable[[Match], "str | None"] | None


class BlackoutPolicy(enum.StrEnum):
    """What happens to a meeting that falls on a closed day.

    ``SKIP``: the meeting does not take place. ``MOVE``: it moves to the nearest free day in
    the same week (Monday to Sunday) on which both parties (with a team, the mentee and every
    member) have a window, the earlier day on a tie; when the week has none it is skipped.
    Either way the plan records it.
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
    place_field: str = "place"


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


def _shown(value: object) -> str:
    """Describe a refused value briefly: its type and its id or a short repr."""
    if isinstance(value, str):
        return repr(value)
    record_id = getattr(value, "id", None)
    text = repr(record_id) if isinstance(record_id, str) else repr(value)
    return f"{type(value).__name__} {text if len(text) <= 60 else text[:57] + '...'}"


def _place_text(value: object, name: str, where: str) -> None:
    if not isinstance(value, str) or not value.strip():
        # A frame's missing cell is NaN: say what stands for "no place" instead.
        missing = isinstance(value, float) and math.isnan(value)
        raise ValidationError(
            f"{where} must be non-empty text, the meeting place's name; got {_shown(value)}"
            + ("; give None (or leave the match out) for no place" if missing else ""),
            record="MeetingPlan",
            field=name,
        )


def _place_option(value: object, name: str, known: Container[str] | None) -> PlaceOption:
    """Check a ``place`` option: text, a mapping from match id to text, a function, or None.

    A mapping's value may be ``None``: no place for that match, as when its id is left out.
    ``known`` are the match ids a mapping may name (every match of the program); ``None``
    when any id may appear, as for one match planned on its own with a program-wide mapping.
    """
    if value is None:
        return None
    if isinstance(value, str):
        _place_text(value, name, "the place")
        return value
    if isinstance(value, Mapping):
        for key, text in value.items():
            if not isinstance(key, str):
                raise ValidationError(
                    f"expected match ids as keys, got {_shown(key)}",
                    record="MeetingPlan",
                    field=name,
                )
            if known is not None and key not in known:
                raise ValidationError(
                    f"{key!r} is not the id of one of the program's matches",
                    record="MeetingPlan",
                    field=name,
                )
            if text is not None:  # None: no place, as for a match left out
                _place_text(text, name, f"the place of match {key!r}")
        return value
    if callable(value) and not isinstance(value, type):
        return cast("Callable[[Match], str | None]", value)  # its results are checked per match
    hint = ""
    if isinstance(value, Place):
        hint = "; a Place hosts a match as its mentor (the match's mentor_id) and names it itself"
    raise ValidationError(
        "expected the meeting place as text, a mapping from match id to text, or a function "
        f"of the match; got {_shown(value)}{hint}",
        record="MeetingPlan",
        field=name,
    )


def place_for_match(option: PlaceOption, name: str, match: Match) -> str | None:
    """Return the place a checked ``place`` option gives a match (``None``: not given).

    A function's result is checked here: text or ``None``.
    """
    if option is None:
        return None
    if isinstance(option, str):
        return option
    if isinstance(option, Mapping):
        return option.get(match.id)
    found = option(match)
    if found is not None:
        _place_text(found, name, f"the place the function gave match {match.id!r}")
    return found


def plan_options(
    program: Program,
    *,
    blackouts: BlackoutCalendar | HolidaysByYear | None,
    policy: BlackoutPolicy | str,
    prefer: dt.time,
    place: PlaceOption,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    replace_skipped: bool,
    place_field: str = "place",
    match_ids: Container[str] | None = None,
) -> PlanOptions:
    """Check the options of a planning call before anything is worked out from them.

    ``place_field`` is the name the caller gives the ``place`` option (``plan_program`` calls it
    ``places``), ``match_ids`` the ids a mapping of places may name (``None``: any).

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
    if not isinstance(replace_skipped, bool):
        raise ValidationError(
            f"expected True or False, got {_shown(replace_skipped)}",
            record="MeetingPlan",
            field="replace_skipped",
        )
    if replace_skipped and program.cadence.sessions is None:
        raise ValidationError(
            "adds meetings until the cadence's fixed number of sessions is planned, and the "
            "program's cadence has no sessions, so there is nothing to make up; leave it False, "
            "or give the cadence sessions=...",
            record="MeetingPlan",
            field="replace_skipped",
        )
    checked_place = _place_option(place, place_field, match_ids)
    return PlanOptions(
        program=program,
        zone=program.zone,
        blackouts=check_blackouts(blackouts, program.country, record="MeetingPlan"),
        policy=to_enum(BlackoutPolicy, policy, record="MeetingPlan", field="policy"),
        prefer=prefer,
        starts_on=starts_on,
        ends_on=ends_on,
        replace_skipped=replace_skipped,
        place=checked_place,
        place_field=place_field,
    )
