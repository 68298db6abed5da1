"""A mentoring program: who it serves, how often people meet, for how long, and its targets."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import Any

import attrs

from ._codes import canonical_country
from ._display import Displayable
from ._errors import ValidationError
from ._time import Period, PeriodUnit, Weekday, age_on
from ._validators import (
    a_date,
    between,
    collection,
    identifier,
    instance_of,
    integer,
    optional,
    plain_int,
    record,
    text,
    to_enum,
    to_record,
    unwritable,
)

__all__ = ["AgeWindow", "Cadence", "Program", "Targets"]


@record
@attrs.frozen
class AgeWindow:
    """Ages a program accepts on one side, both ends included, in whole years.

    >>> import datetime as dt
    >>> window = AgeWindow(16, 23)
    >>> window.contains(dt.date(2010, 9, 1), on=dt.date(2026, 8, 31))  # 15, turns 16 tomorrow
    False
    >>> window.contains(dt.date(2010, 9, 1), on=dt.date(2026, 9, 1))
    True
    """

    minimum: int = attrs.field(converter=plain_int, validator=integer(0, 130))
    maximum: int = attrs.field(converter=plain_int, validator=integer(0, 130))

    def __attrs_post_init__(self) -> None:
        if self.maximum < self.minimum:
            raise ValidationError(
                f"the window {self.minimum}–{self.maximum} is empty: maximum is below minimum",
                record="AgeWindow",
                field="maximum",
            )

    def contains(self, birth_date: dt.date, *, on: dt.date) -> bool:
        """Whether a person born on ``birth_date`` is inside the window on the day ``on``."""
        return self.minimum <= age_on(birth_date, on) <= self.maximum

    def __str__(self) -> str:
        return f"{self.minimum}–{self.maximum}"


def _unit(value: PeriodUnit | str) -> PeriodUnit:
    return to_enum(PeriodUnit, value)


def _weekdays(values: Iterable[Weekday | int | str]) -> tuple[Weekday, ...]:
    if isinstance(values, str | int):
        values = [values]
    values = collection(values, "weekdays")
    days = sorted({Weekday.parse(v) for v in values})
    return tuple(days)


@record
@attrs.frozen
class Cadence:
    """How often a match meets: every ``interval`` ``unit`` (days, weeks or months).

    ``weekdays`` pins meetings to days of the week (twice a week on Tuesday and Thursday);
    ``week_of_month`` with one weekday gives "the first Wednesday of every month" (``-1`` is the
    last); ``sessions`` caps the number of meetings (8 sessions of a cycling course);
    ``meeting_minutes`` is how long a meeting lasts.

    >>> str(Cadence(interval=2, unit="week"))  # Vinn, vinn!: every 14 days
    'every 2 weeks of 60 min'
    >>> str(Cadence(unit="week", weekdays=["tue", "thu"], sessions=8, meeting_minutes=90))
    'every week on Tue, Thu, 8 sessions of 90 min'
    """

    interval: int = attrs.field(default=1, converter=plain_int, validator=integer(1, 366))
    unit: PeriodUnit = attrs.field(default=PeriodUnit.WEEK, converter=_unit)
    weekdays: tuple[Weekday, ...] = attrs.field(default=(), converter=_weekdays)
    week_of_month: int | None = attrs.field(
        default=None, converter=plain_int, validator=optional(integer(-1, 5))
    )
    sessions: int | None = attrs.field(
        default=None, converter=plain_int, validator=optional(integer(1))
    )
    meeting_minutes: int = attrs.field(
        default=60, converter=plain_int, validator=integer(1, 24 * 60)
    )

    def __attrs_post_init__(self) -> None:
        if self.unit is PeriodUnit.YEAR:
            raise ValidationError(
                "a cadence repeats by day, week or month; use 12 months",
                record="Cadence",
                field="unit",
            )
        if self.week_of_month is not None and (
            self.week_of_month == 0 or self.unit is not PeriodUnit.MONTH or len(self.weekdays) != 1
        ):
            raise ValidationError(
                "week_of_month (1 to 5, or -1 for the last) needs a monthly cadence and one "
                "weekday",
                record="Cadence",
                field="week_of_month",
            )

    def __str__(self) -> str:
        unit = self.unit.value if self.interval == 1 else f"{self.interval} {self.unit.value}s"
        text_ = f"every {unit}"
        if self.weekdays:
            days = ", ".join(d.short for d in self.weekdays)
            if self.week_of_month is not None:
                nth = "last" if self.week_of_month == -1 else f"#{self.week_of_month}"
                days = f"{nth} {days}"
            text_ += f" on {days}"
        if self.sessions is not None:
            text_ += f", {self.sessions} sessions"
        return f"{text_} of {self.meeting_minutes} min"


def _count(instance: Any, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None:
        instance_of(int)(instance, attribute, value)
        between(0)(instance, attribute, value)


@record
@attrs.frozen
class Targets:
    """What a program has promised its funder; ``None`` where it promised nothing.

    >>> Targets(meetings=1200, mentees=60, mentors=60, gatherings=6)  # Vinn, vinn!
    Targets(meetings=1200, mentees=60, mentors=60, matches=None, gatherings=6)
    """

    meetings: int | None = attrs.field(default=None, converter=plain_int, validator=_count)
    mentees: int | None = attrs.field(default=None, converter=plain_int, validator=_count)
    mentors: int | None = attrs.field(default=None, converter=plain_int, validator=_count)
    matches: int | None = attrs.field(default=None, converter=plain_int, validator=_count)
    gatherings: int | None = attrs.field(default=None, converter=plain_int, validator=_count)


def _country(value: str) -> str:
    return canonical_country(value)


def _time_zone(value: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"a time zone is an IANA name like 'Europe/Oslo', got {value!r}")
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError(
            f"unknown time zone {value!r}; use an IANA name like 'Europe/Stockholm'"
        ) from None
    return value


def _age_window(value: AgeWindow | dict[str, Any] | tuple[int, int] | None) -> AgeWindow | None:
    if isinstance(value, tuple):
        return AgeWindow(*value)
    return None if value is None else to_record(AgeWindow, value)


def _cadence(value: Cadence | dict[str, Any] | None) -> Cadence | None:
    return None if value is None else to_record(Cadence, value)


def _period(value: Period | dict[str, Any] | None) -> Period | None:
    return None if value is None else to_record(Period, value)


def _targets(value: Targets | dict[str, Any] | None) -> Targets:
    return Targets() if value is None else to_record(Targets, value)


def _sites(values: Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str):
        raise ValidationError("expected a collection of municipality names; wrap one in a list")
    sites = tuple(collection(values, "municipality names"))
    for site in sites:
        if not isinstance(site, str) or not site.strip():
            raise ValidationError(f"a site is a municipality name, got {site!r}")
        bad = unwritable(site)
        if bad is not None:
            raise ValidationError(f"a site {bad}")
    if len(set(sites)) != len(sites):
        raise ValidationError("a municipality is listed more than once")
    return sites


@record
@attrs.frozen
class Program(Displayable):
    """A mentoring program: its country, time zone, who it takes, its cadence, length and targets.

    ``time_zone`` is the IANA zone every local time of the program is in (meetings, availability).
    ``sites`` are the municipalities it runs in.

    >>> import datetime as dt
    >>> vinn = Program(
    ...     "vinn-vinn", "Vinn, vinn!", country="NO", mentee_ages=(16, 23), mentor_ages=(25, 75),
    ...     cadence=Cadence(interval=2), duration=Period(1, "year"), starts_on=dt.date(2026, 8, 17),
    ...     targets=Targets(meetings=1200, mentees=60, mentors=60, gatherings=6),
    ...     sites=["Oslo", "Trondheim"])
    >>> vinn.ends_on
    datetime.date(2027, 8, 17)
    """

    id: str = attrs.field(validator=identifier())
    name: str = attrs.field(validator=text())
    country: str = attrs.field(converter=_country)
    time_zone: str = attrs.field(default="Europe/Oslo", converter=_time_zone)
    mentee_ages: AgeWindow | None = attrs.field(default=None, converter=_age_window)
    mentor_ages: AgeWindow | None = attrs.field(default=None, converter=_age_window)
    cadence: Cadence | None = attrs.field(default=None, converter=_cadence)
    duration: Period | None = attrs.field(default=None, converter=_period)
    starts_on: dt.date | None = attrs.field(default=None, validator=optional(a_date()))
    targets: Targets = attrs.field(default=None, converter=_targets)
    sites: tuple[str, ...] = attrs.field(default=(), converter=_sites)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The program's time zone as a ``ZoneInfo``."""
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def ends_on(self) -> dt.date | None:
        """The day the program ends (its start plus its duration), when both are known."""
        if self.starts_on is None or self.duration is None:
            return None
        return self.duration.after(self.starts_on)

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"
