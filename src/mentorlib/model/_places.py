"""Places with a capacity: an association activity, a course or a care place."""

from __future__ import annotations

import enum

import attrs

from ._display import Displayable, brief_repr
from ._errors import ValidationError
from ._language import LanguageSkill, to_language_skills
from ._location import Location, to_location
from ._time import WeeklyWindow, to_windows
from ._validators import (
    identifier,
    integer,
    optional,
    plain_int,
    record,
    text,
    to_enum,
    to_tags,
)

__all__ = ["Place", "PlaceKind"]


class PlaceKind(enum.StrEnum):
    """What a place is.

    ``ACTIVITY``: an association's recurring activity newcomers join (Min väg, VIDA).
    ``COURSE``: a course with a fixed group size (Red Cross cycling school, 15–20 learners).
    ``CARE_PLACE``: a care place for an unaccompanied minor (SOS-barnebyer).
    ``GROUP``: any other group with a capacity.
    """

    ACTIVITY = "activity"
    COURSE = "course"
    CARE_PLACE = "care place"
    GROUP = "group"


def _kind(value: PlaceKind | str) -> PlaceKind:
    return to_enum(PlaceKind, value)


@record
@attrs.frozen
class Place(Displayable):
    """A place that takes several mentees up to its ``capacity``; matched like a mentor.

    ``minimum`` is the fewest participants the place runs with (a course of 15–20 has minimum 15
    and capacity 20). ``organisation`` is the association or partner that runs it.

    ``repr()`` shows the class, ``id`` and ``name`` only, as for people and teams: a care place's
    location is where a child lives.

    >>> Place("c1", "Cycling school, Tensta", kind="course", capacity=20, minimum=15)
    Place(id='c1', name='Cycling school, Tensta', ...)
    """

    id: str = attrs.field(validator=identifier())
    name: str = attrs.field(validator=text())
    kind: PlaceKind = attrs.field(repr=False, converter=_kind)
    capacity: int = attrs.field(repr=False, converter=plain_int, validator=integer(0))
    minimum: int = attrs.field(repr=False, default=0, converter=plain_int, validator=integer(0))
    organisation: str | None = attrs.field(repr=False, default=None, validator=optional(text()))
    location: Location | None = attrs.field(repr=False, default=None, converter=to_location)
    languages: tuple[LanguageSkill, ...] = attrs.field(
        repr=False, default=(), converter=to_language_skills
    )
    interests: frozenset[str] = attrs.field(repr=False, factory=frozenset, converter=to_tags)
    availability: tuple[WeeklyWindow, ...] = attrs.field(
        repr=False, default=(), converter=to_windows
    )

    def __attrs_post_init__(self) -> None:
        if self.minimum > self.capacity:
            raise ValidationError(
                f"minimum {self.minimum} is above the capacity {self.capacity}",
                record="Place",
                record_id=self.id,
                field="minimum",
            )

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"

    def __repr__(self) -> str:
        return brief_repr(self, id=self.id, name=self.name)
