"""Calendar building blocks: weekdays, weekly availability windows, date ranges and periods."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from ._errors import ValidationError
from ._validators import (
    a_date,
    collection,
    instance_of,
    integer,
    optional,
    plain_int,
    record,
    text,
    to_enum,
)

__all__ = ["DateRange", "Period", "PeriodUnit", "Weekday", "WeeklyWindow", "age_on"]


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Return the age in whole years on ``day`` of someone born on ``birth_date``.

    A birthday counts from its date; someone born on 29 February has it on 1 March in common
    years. Before the birth date the age is negative, so no age window contains it.

    >>> leapling = dt.date(2008, 2, 29)
    >>> age_on(leapling, dt.date(2026, 2, 28)), age_on(leapling, dt.date(2026, 3, 1))
    (17, 18)
    """
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class Weekday(enum.IntEnum):
    """A day of the week, numbered as :meth:`datetime.date.weekday` numbers it (Monday is 0)."""

    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6

    @classmethod
    def parse(cls, value: Weekday | int | str) -> Weekday:
        """Return the weekday for a member, its number, its name or a prefix of three letters.

        >>> Weekday.parse("tue"), Weekday.parse(6)
        (<Weekday.TUESDAY: 1>, <Weekday.SUNDAY: 6>)
        """
        if isinstance(value, str):
            key = value.strip().upper()
            for day in cls:
                if len(key) >= 3 and day.name.startswith(key):
                    return day
            raise ValidationError(f"{value!r} is not a weekday; use e.g. 'mon' or 'monday'")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
            raise ValidationError(f"{value!r} is not a weekday number 0 (Monday) to 6 (Sunday)")
        return cls(value)

    @property
    def short(self) -> str:
        """The three-letter English abbreviation, e.g. ``"Tue"``."""
        return self.name[:3].title()


def _weekday(value: Weekday | int | str) -> Weekday:
    return Weekday.parse(value)


def _clock(value: dt.time | str) -> dt.time:
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(f"{value!r} is not a clock time like '17:30'") from None
    return value


_WINDOW = re.compile(r"^\s*(\w+)\s+(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*$")


@record
@attrs.frozen
class WeeklyWindow:
    """A window of local wall-clock time on one weekday, when a person can meet.

    Times are local to the program's time zone and carry no tzinfo; a window ends on the day it
    starts (split an overnight window in two).

    >>> WeeklyWindow.parse("tue 17:00-19:30").minutes
    150
    >>> str(WeeklyWindow(Weekday.SATURDAY, "10:00", "12:00"))
    'Sat 10:00–12:00'
    """

    weekday: Weekday = attrs.field(converter=_weekday)
    start: dt.time = attrs.field(converter=_clock, validator=instance_of(dt.time))
    end: dt.time = attrs.field(converter=_clock, validator=instance_of(dt.time))

    @start.validator
    @end.validator
    def _check_naive(self, attribute: attrs.Attribute[Any], value: dt.time) -> None:
        if value.tzinfo is not None:
            raise ValidationError(
                "a weekly window is local wall-clock time; drop the tzinfo",
                record="WeeklyWindow",
                field=attribute.name,
            )

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise ValidationError(
                f"ends at {self.end:%H:%M}, not after it starts at {self.start:%H:%M}",
                record="WeeklyWindow",
                field="end",
            )

    @classmethod
    def parse(cls, value: str) -> WeeklyWindow:
        """Build a window from text such as ``"tue 17:00-19:30"``."""
        found = _WINDOW.match(value)
        if found is None:
            raise ValidationError(f"{value!r} is not a weekly window like 'tue 17:00-19:30'")
        return cls(found[1], found[2], found[3])

    @property
    def minutes(self) -> int:
        """The window's length in minutes."""
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    def __str__(self) -> str:
        return f"{self.weekday.short} {self.start:%H:%M}–{self.end:%H:%M}"


WindowsLike = Iterable[WeeklyWindow | Mapping[str, Any] | str]


def to_windows(values: WindowsLike) -> tuple[WeeklyWindow, ...]:
    """Return weekly windows from windows, mappings of their fields or text ("mon 9:00-11:00")."""
    if isinstance(values, str | Mapping):
        raise ValidationError("expected a collection of weekly windows; wrap one in a list")
    windows = []
    for value in collection(values, "weekly windows"):
        if isinstance(value, WeeklyWindow):
            windows.append(value)
        elif isinstance(value, str):
            windows.append(WeeklyWindow.parse(value))
        elif isinstance(value, Mapping):
            windows.append(WeeklyWindow(**value))
        else:
            raise ValidationError(f"expected a weekly window, got {type(value).__name__}")
    return tuple(sorted(set(windows), key=lambda w: (w.weekday, w.start, w.end)))


@record
@attrs.frozen
class DateRange:
    """An inclusive range of calendar dates, such as a school holiday or a person's absence.

    >>> import datetime as dt
    >>> r = DateRange(dt.date(2026, 10, 5), dt.date(2026, 10, 9), label="autumn break")
    >>> r.days, dt.date(2026, 10, 9) in r
    (5, True)
    """

    start: dt.date = attrs.field(validator=a_date())
    end: dt.date = attrs.field(validator=a_date())
    label: str | None = attrs.field(default=None, validator=optional(text()))

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"ends on {self.end}, before it starts on {self.start}",
                record="DateRange",
                field="end",
            )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        """How many calendar days the range covers, both ends included."""
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        span = f"{self.start}..{self.end}"
        return span if self.label is None else f"{span} ({self.label})"


class PeriodUnit(enum.StrEnum):
    """The unit of a :class:`Period` or of a cadence."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


def _period_unit(value: PeriodUnit | str) -> PeriodUnit:
    return to_enum(PeriodUnit, value)


@record
@attrs.frozen
class Period:
    """A length of calendar time such as 12 months or 20 weeks.

    Months and years are calendar months and years (dateutil's ``relativedelta``), so one month
    after 31 January is the last day of February.

    >>> import datetime as dt
    >>> Period(1, "month").after(dt.date(2027, 1, 31))
    datetime.date(2027, 2, 28)
    """

    amount: int = attrs.field(converter=plain_int, validator=integer(1))
    unit: PeriodUnit = attrs.field(converter=_period_unit)

    def after(self, day: dt.date) -> dt.date:
        """Return the date this period after ``day``."""
        return day + self.as_relativedelta()

    def as_relativedelta(self) -> relativedelta:
        """Return the period as a dateutil ``relativedelta``."""
        amount = self.amount
        if self.unit is PeriodUnit.DAY:
            return relativedelta(days=amount)
        if self.unit is PeriodUnit.WEEK:
            return relativedelta(weeks=amount)
        if self.unit is PeriodUnit.MONTH:
            return relativedelta(months=amount)
        return relativedelta(years=amount)

    def __str__(self) -> str:
        return f"{self.amount} {self.unit.value}{'' if self.amount == 1 else 's'}"
