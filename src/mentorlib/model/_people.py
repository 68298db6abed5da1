"""Mentees and mentors: the two sides a program matches."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import attrs

from ._codes import canonical_country, canonical_language
from ._display import Displayable, brief_repr
from ._errors import ValidationError
from ._language import LanguageLevel, LanguageSkill, to_language_skills
from ._location import Location, to_location
from ._safeguarding import SafeguardingCheck
from ._time import DateRange, WeeklyWindow, age_on, to_windows
from ._validators import (
    a_date,
    collection,
    each,
    identifier,
    instance_of,
    integer,
    optional,
    plain_int,
    record,
    text,
    to_enum,
    to_records,
    to_tags,
    unwritable,
)

__all__ = ["Gender", "Mentee", "Mentor", "Person"]


class Gender(enum.StrEnum):
    """A person's gender as the person states it; ``UNDISCLOSED`` when they do not."""

    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non-binary"
    UNDISCLOSED = "undisclosed"


def _gender(value: Gender | str) -> Gender:
    return to_enum(Gender, value)


def _genders(values: Iterable[Gender | str] | None) -> frozenset[Gender]:
    if values is None:
        return frozenset()
    if isinstance(values, str):
        return frozenset({to_enum(Gender, values)})
    return frozenset(to_enum(Gender, v) for v in collection(values, "genders"))


def _optional_country(value: str | None) -> str | None:
    return None if value is None else canonical_country(value)


def _unavailable(values: Iterable[DateRange | dict[str, Any]]) -> tuple[DateRange, ...]:
    return to_records(DateRange, values)


def _checks(values: Iterable[SafeguardingCheck | dict[str, Any]]) -> tuple[SafeguardingCheck, ...]:
    return to_records(SafeguardingCheck, values)


def _years(values: Iterable[int]) -> tuple[int, ...]:
    years = tuple(map(plain_int, collection(values, "birth years")))
    for year in years:
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
            raise ValidationError(f"{year!r} is not a birth year")
    return tuple(sorted(years))


def _email(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is None:
        return
    bad = unwritable(value)
    if bad is not None:
        raise ValidationError(
            bad, record=type(instance).__name__, record_id=instance.id, field=attribute.name
        )
    local, at, domain = value.partition("@")
    if not (at and local and "." in domain) or any(c.isspace() for c in value) or "," in value:
        raise ValidationError(
            f"{value!r} is not an e-mail address",
            record=type(instance).__name__,
            record_id=instance.id,
            field=attribute.name,
        )


@record
@attrs.frozen
class Person(Displayable):
    """What mentees and mentors have in common.

    Only ``id`` and ``display_name`` are required. ``display_name`` is what calendars and lists
    show: a first name or a code, in any script. ``cultural_background`` is special-category data
    under the GDPR (ethnic origin): use it only when the program matches on it, and it never leaves
    the library in a calendar or a report by default.

    Weekly ``availability`` windows are in the program's local time. ``gender_preference`` lists
    the genders this person accepts on the other side; empty means no preference.

    ``repr()`` shows the class, ``id`` and ``display_name`` only, since a repr ends up in logs and
    tracebacks; equality still compares every field.

    >>> Person("p01", "Amina", birth_date=dt.date(2008, 3, 14), email="amina@example.org")
    Person(id='p01', display_name='Amina', ...)
    """

    id: str = attrs.field(validator=identifier())
    display_name: str = attrs.field(validator=text())
    birth_date: dt.date | None = attrs.field(repr=False, default=None, validator=optional(a_date()))
    gender: Gender = attrs.field(repr=False, default=Gender.UNDISCLOSED, converter=_gender)
    languages: tuple[LanguageSkill, ...] = attrs.field(
        repr=False, default=(), converter=to_language_skills
    )
    origin_country: str | None = attrs.field(repr=False, default=None, converter=_optional_country)
    cultural_background: str | None = attrs.field(
        repr=False, default=None, validator=optional(text())
    )
    location: Location | None = attrs.field(repr=False, default=None, converter=to_location)
    interests: frozenset[str] = attrs.field(repr=False, factory=frozenset, converter=to_tags)
    professional_field: str | None = attrs.field(
        repr=False, default=None, validator=optional(text())
    )
    children_birth_years: tuple[int, ...] = attrs.field(repr=False, default=(), converter=_years)
    availability: tuple[WeeklyWindow, ...] = attrs.field(
        repr=False, default=(), converter=to_windows
    )
    unavailable: tuple[DateRange, ...] = attrs.field(repr=False, default=(), converter=_unavailable)
    gender_preference: frozenset[Gender] = attrs.field(
        repr=False, factory=frozenset, converter=_genders
    )
    email: str | None = attrs.field(
        repr=False, default=None, validator=optional(instance_of(str), _email)
    )

    def age_on(self, day: dt.date) -> int | None:
        """Return the person's age in whole years on ``day`` (``None`` without a birth date)."""
        if self.birth_date is None:
            return None
        return age_on(self.birth_date, day)

    def speaks(self, code: str) -> LanguageSkill | None:
        """Return the person's skill in the language ``code``, or ``None``."""
        wanted = canonical_language(code)
        return next((s for s in self.languages if s.code == wanted), None)

    @property
    def native_languages(self) -> tuple[str, ...]:
        """Codes of the languages the person speaks natively."""
        return tuple(s.code for s in self.languages if s.level is LanguageLevel.NATIVE)

    def __str__(self) -> str:
        return f"{self.display_name} ({self.id})"

    def __repr__(self) -> str:
        return brief_repr(self, id=self.id, display_name=self.display_name)


@record
@attrs.frozen(repr=False)  # keep Person's repr: id and display name only
class Mentee(Person):
    """A person to be supported: a young refugee, a newcomer, a young person outside work.

    ``registered_on`` is when the person joined the waiting list (matching can favour those who
    have waited longest).

    >>> Mentee("y01", "Amanuel", languages={"ti": "native", "nb": "A2"}, gender="male")
    Mentee(id='y01', display_name='Amanuel', ...)
    """

    registered_on: dt.date | None = attrs.field(
        repr=False, default=None, validator=optional(a_date())
    )


@record
@attrs.frozen(repr=False)  # keep Person's repr: id and display name only
class Mentor(Person):
    """A volunteer who supports mentees.

    ``capacity`` is how many mentees the mentor takes at once (0 pauses them). ``trainings`` are
    the names of trainings completed; ``safeguarding_checks`` the certificates held.

    >>> Mentor("m01", "Ingrid", capacity=2, languages={"nb": "native", "ti": "B1"})
    Mentor(id='m01', display_name='Ingrid', ...)
    """

    capacity: int = attrs.field(repr=False, default=1, converter=plain_int, validator=integer(0))
    trainings: frozenset[str] = attrs.field(repr=False, factory=frozenset, converter=to_tags)
    safeguarding_checks: tuple[SafeguardingCheck, ...] = attrs.field(
        repr=False, default=(), converter=_checks, validator=each(instance_of(SafeguardingCheck))
    )

    def valid_check_on(self, day: dt.date) -> SafeguardingCheck | None:
        """Return a safeguarding certificate valid on ``day``, or ``None`` if none is."""
        return next((c for c in self.safeguarding_checks if c.is_valid_on(day)), None)
