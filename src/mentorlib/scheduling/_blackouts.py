"""Blackout calendars: days a program does not meet, each with a reason.

Public holidays come from the ``holidays`` package. Its categories do not match what Nordic
programs treat as closed days, so :func:`public_holidays` adds the eves people take off:

* Sweden: Midsummer Eve, Christmas Eve and New Year's Eve are in the ``de_facto`` category;
* Denmark: Christmas Eve is in the ``optional`` category;
* Norway: Christmas Eve (*julaften*) is in no category at all; mentorlib adds it itself;
* Finland: Midsummer Eve and Christmas Eve are already public holidays.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol

import attrs

from mentorlib.model import (
    DateRange,
    MentorlibError,
    ValidationError,
    canonical_country,
    to_enum,
)

__all__ = [
    "Blackout",
    "BlackoutCalendar",
    "BlackoutKind",
    "ClosedDays",
    "HolidaysByYear",
    "check_blackouts",
    "public_holidays",
    "school_holidays",
]


class BlackoutKind(enum.StrEnum):
    """Why a day is closed: a public holiday, a school holiday, the program's own, or a person's."""

    PUBLIC_HOLIDAY = "public holiday"
    SCHOOL_HOLIDAY = "school holiday"
    PROGRAM = "program"
    PERSONAL = "personal"


def _kind(value: BlackoutKind | str) -> BlackoutKind:
    return to_enum(BlackoutKind, value, record="Blackout", field="kind")


def _check_day(instance: Blackout, attribute: attrs.Attribute[dt.date], value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError(
            f"expected a date, got {type(value).__name__} {value!r}",
            record="Blackout",
            field=attribute.name,
        )


def _check_reason(instance: Blackout, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            "say why the days are closed, e.g. 'autumn break'", record="Blackout", field="reason"
        )


@attrs.frozen
class Blackout:
    """Days on which a program does not meet, from ``start`` to ``end`` (both included).

    Parameters
    ----------
    start, end
        The first and the last closed day.
    reason
        What the days are, shown in a plan's record of skipped and moved meetings.
    kind
        A :class:`BlackoutKind`.

    Examples
    --------
    >>> import datetime as dt
    >>> from mentorlib.scheduling import Blackout
    >>> b = Blackout(dt.date(2026, 9, 28), dt.date(2026, 10, 2), "autumn break", "school holiday")
    >>> str(b), dt.date(2026, 9, 30) in b
    ('2026-09-28..2026-10-02 autumn break (school holiday)', True)
    """

    start: dt.date = attrs.field(validator=_check_day)
    end: dt.date = attrs.field(validator=_check_day)
    reason: str = attrs.field(validator=_check_reason)
    kind: BlackoutKind = attrs.field(default=BlackoutKind.PROGRAM, converter=_kind)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"ends on {self.end}, before it starts on {self.start}; swap the dates",
                record="Blackout",
                field="end",
            )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def days(self) -> Iterator[dt.date]:
        """Yield every closed day, in order."""
        day = self.start
        while day <= self.end:
            yield day
            day += dt.timedelta(days=1)

    def __str__(self) -> str:
        span = str(self.start) if self.start == self.end else f"{self.start}..{self.end}"
        return f"{span} {self.reason} ({self.kind.value})"


def _order(item: Blackout) -> tuple[dt.date, dt.date, BlackoutKind, str]:
    return (item.start, item.end, item.kind, item.reason)


class BlackoutCalendar:
    """An immutable set of :class:`Blackout` ranges with a fast look-up by day.

    Combine calendars with ``|``; ask which blackouts cover a day with :meth:`on`.

    Examples
    --------
    >>> import datetime as dt
    >>> from mentorlib.model import DateRange
    >>> from mentorlib.scheduling import public_holidays, school_holidays
    >>> closed = public_holidays("NO", years=[2026]) | school_holidays(
    ...     [DateRange(dt.date(2026, 9, 28), dt.date(2026, 10, 2), label="autumn break")])
    >>> [str(b) for b in closed.on(dt.date(2026, 12, 24))]
    ['2026-12-24 Christmas Eve (program)']
    >>> dt.date(2026, 9, 29) in closed, dt.date(2026, 9, 27) in closed
    (True, False)
    """

    __slots__ = ("_blackouts", "_by_day")

    def __init__(self, blackouts: Iterable[Blackout] = ()) -> None:
        items: list[Blackout] = []
        for item in blackouts:
            if not isinstance(item, Blackout):
                raise ValidationError(
                    f"expected a Blackout, got {type(item).__name__}; build one with "
                    "Blackout(start, end, reason) or use school_holidays([...])",
                    record="BlackoutCalendar",
                    field="blackouts",
                )
            if item not in items:
                items.append(item)
        items.sort(key=_order)
        by_day: dict[dt.date, tuple[Blackout, ...]] = {}
        for item in items:
            for day in item.days():
                by_day[day] = (*by_day.get(day, ()), item)
        self._blackouts = tuple(items)
        self._by_day: Mapping[dt.date, tuple[Blackout, ...]] = by_day

    def on(self, day: dt.date) -> tuple[Blackout, ...]:
        """Return the blackouts that cover ``day`` (empty when the day is free)."""
        return self._by_day.get(day, ())

    def __contains__(self, day: object) -> bool:
        return day in self._by_day

    def __iter__(self) -> Iterator[Blackout]:
        return iter(self._blackouts)

    def __len__(self) -> int:
        return len(self._blackouts)

    def __or__(self, other: BlackoutCalendar) -> BlackoutCalendar:
        if not isinstance(other, BlackoutCalendar):
            return NotImplemented
        return BlackoutCalendar((*self._blackouts, *other._blackouts))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BlackoutCalendar) and self._blackouts == other._blackouts

    def __hash__(self) -> int:
        return hash(self._blackouts)

    def __repr__(self) -> str:
        shown = ", ".join(str(b) for b in self._blackouts[:3])
        more = ", ..." if len(self._blackouts) > 3 else ""
        return f"BlackoutCalendar({len(self)} blackouts: {shown}{more})"


# The eves each country's programs keep closed, picked from the holidays package's categories by
# (month, day) so that the choice does not depend on the package's holiday names.
_EVES_FROM_CATEGORIES: dict[str, tuple[tuple[str, frozenset[tuple[int, int]] | None], ...]] = {
    "SE": (("de_facto", None),),  # Midsummer Eve, Christmas Eve, New Year's Eve
    "DK": (("optional", frozenset({(12, 24)})),),  # Christmas Eve only
}
_NORWAY_CHRISTMAS_EVE = (
    "Christmas Eve",
    # Julaften is not a public holiday in Norway and the holidays package lists it in no
    # category, but shops close at noon and families gather: programs do not meet.
)


def public_holidays(
    country: str,
    years: Iterable[int] | int,
    *,
    eves: bool = True,
    categories: Iterable[str] | None = None,
    language: str = "en_US",
) -> BlackoutCalendar:
    """Return a country's public holidays in ``years`` as a blackout calendar.

    Parameters
    ----------
    country
        An ISO 3166-1 alpha-2 code the ``holidays`` package knows (``"NO"``, ``"SE"``, ``"DK"``,
        ``"FI"``, ...).
    years
        The years to cover: a plan needs every year its meetings fall in.
    eves
        Also close the eves Nordic programs do not meet on, although the ``holidays`` package does
        not count them as public holidays: in Sweden Midsummer Eve, Christmas Eve and New Year's
        Eve (category ``de_facto``), in Denmark Christmas Eve (category ``optional``), in Norway
        Christmas Eve (in no category; added by mentorlib with kind ``program``). Finland's
        Midsummer Eve and Christmas Eve are public holidays already.
    categories
        The ``holidays`` categories to take whole; ``("public",)`` when omitted.
    language
        The language of the holiday names (the reasons in a plan).

    Raises
    ------
    ValidationError
        For an unknown country code, a country or category the ``holidays`` package does not
        cover, or no years.

    Examples
    --------
    >>> from mentorlib.scheduling import public_holidays
    >>> sweden = public_holidays("SE", years=2026)
    >>> import datetime as dt
    >>> [str(b) for b in sweden.on(dt.date(2026, 6, 19))]
    ['2026-06-19 Midsummer Eve (public holiday)']
    >>> len(public_holidays("SE", years=2026, eves=False).on(dt.date(2026, 6, 19)))
    0
    """
    import holidays

    try:
        code = canonical_country(country)
    except MentorlibError as error:
        raise ValidationError(f"{error}", record="BlackoutCalendar", field="country") from None
    year_list = sorted({years} if isinstance(years, int) else set(years))
    if not year_list or not all(isinstance(y, int) and 1900 <= y <= 2200 for y in year_list):
        raise ValidationError(
            f"give the years to cover as whole numbers, e.g. [2026, 2027]; got {years!r}",
            record="BlackoutCalendar",
            field="years",
        )
    wanted = ("public",) if categories is None else tuple(categories)
    picks: list[tuple[str, frozenset[tuple[int, int]] | None]] = [(c, None) for c in wanted]
    if eves:
        picks += [p for p in _EVES_FROM_CATEGORIES.get(code, ()) if p[0] not in wanted]
    found: list[Blackout] = []
    for category, only in picks:
        try:
            table = holidays.country_holidays(
                code, years=year_list, categories=(category,), language=language
            )
        except NotImplementedError:
            raise ValidationError(
                f"the holidays package has no public holidays for {code!r}; pass the closed "
                "days yourself with school_holidays() or Blackout(...)",
                record="BlackoutCalendar",
                field="country",
            ) from None
        except ValueError as error:
            raise ValidationError(
                f"{error} (country {code!r})", record="BlackoutCalendar", field="categories"
            ) from None
        for day in sorted(table):
            if only is not None and (day.month, day.day) not in only:
                continue
            for name in table.get_list(day):
                found.append(Blackout(day, day, name, BlackoutKind.PUBLIC_HOLIDAY))
    if eves and code == "NO":
        found += [
            Blackout(dt.date(y, 12, 24), dt.date(y, 12, 24), _NORWAY_CHRISTMAS_EVE[0])
            for y in year_list
        ]
    return BlackoutCalendar(found)


class ClosedDays(Protocol):
    """What a planner asks of closed days: the blackouts that cover a day."""

    def on(self, day: dt.date) -> tuple[Blackout, ...]: ...


@functools.lru_cache(maxsize=512)
def _holidays_in(country: str, year: int) -> BlackoutCalendar:
    """Return one year of :func:`public_holidays`, built once (calendars are immutable)."""
    return public_holidays(country, year)


class HolidaysByYear:
    """A country's public holidays (and eves) in whatever year a day asked about falls in.

    A plan's default closed days. Each year is loaded from the ``holidays`` package the first
    time a day in it is asked about, so the years covered follow the days actually planned (and
    every day a meeting could move to), however far a program without an end runs, rather than
    years guessed before planning. The ``holidays`` package adds a holiday to the year being
    populated only, so one year at a time gives the same days as a range of years; the eves
    mentorlib adds come with each year the same way.

    Combine it with a :class:`BlackoutCalendar` (school holidays, the program's own closed days)
    with ``|``: the result still loads the public holidays a year at a time and closes the
    calendar's days too; pass it as a plan's ``blackouts``. The years of the holidays are not
    fixed, so it has no length and cannot be listed; ask about days with :meth:`on` or ``in``.

    Examples
    --------
    >>> import datetime as dt
    >>> from mentorlib.model import DateRange
    >>> from mentorlib.scheduling import HolidaysByYear, school_holidays
    >>> closed = HolidaysByYear("NO") | school_holidays(
    ...     [DateRange(dt.date(2026, 9, 28), dt.date(2026, 10, 2), label="autumn break")])
    >>> [str(b) for b in closed.on(dt.date(2041, 4, 22))]
    ['2041-04-22 Easter Monday (public holiday)']
    >>> dt.date(2026, 9, 29) in closed, dt.date(2026, 9, 27) in closed
    (True, False)
    """

    __slots__ = ("_also", "_years", "country")

    def __init__(self, country: str) -> None:
        try:
            self.country: str = canonical_country(country)
        except MentorlibError as error:
            raise ValidationError(f"{error}", record="BlackoutCalendar", field="country") from None
        self._years: dict[int, BlackoutCalendar] = {}
        self._also = BlackoutCalendar()

    def on(self, day: dt.date) -> tuple[Blackout, ...]:
        """Return the public holidays and other closed days on ``day``, loading its year first."""
        calendar = self._years.get(day.year)
        if calendar is None:
            calendar = self._years[day.year] = _holidays_in(self.country, day.year)
        found = calendar.on(day)
        also = self._also.on(day)
        if not also:
            return found
        if not found:
            return also
        # In the order a BlackoutCalendar of both would give.
        return tuple(sorted(dict.fromkeys((*found, *also)), key=_order))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and bool(self.on(day))

    def __or__(self, other: BlackoutCalendar) -> HolidaysByYear:
        if not isinstance(other, BlackoutCalendar):
            return NotImplemented
        combined = HolidaysByYear(self.country)
        combined._also = self._also | other
        return combined

    __ror__ = __or__

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, HolidaysByYear)
            and self.country == other.country
            and self._also == other._also
        )

    def __hash__(self) -> int:
        return hash((self.country, self._also))

    def __repr__(self) -> str:
        also = f" | {self._also!r}" if len(self._also) else ""
        return f"HolidaysByYear({self.country!r}, loaded {sorted(self._years)}){also}"


def school_holidays(
    ranges: Iterable[DateRange | Blackout],
    *,
    kind: BlackoutKind | str = BlackoutKind.SCHOOL_HOLIDAY,
) -> BlackoutCalendar:
    """Return date ranges a program supplies (school holidays by default) as a calendar.

    A :class:`~mentorlib.model.DateRange` without a label is called ``"school holiday"``
    (or the ``kind``'s name).

    Examples
    --------
    >>> import datetime as dt
    >>> from mentorlib.model import DateRange
    >>> from mentorlib.scheduling import school_holidays
    >>> breaks = school_holidays([DateRange(dt.date(2027, 2, 22), dt.date(2027, 2, 26),
    ...                                     label="winter break")])
    >>> [str(b) for b in breaks]
    ['2027-02-22..2027-02-26 winter break (school holiday)']
    """
    chosen = to_enum(BlackoutKind, kind, record="BlackoutCalendar", field="kind")
    if isinstance(ranges, DateRange | Blackout):
        raise ValidationError(
            "expected a collection of date ranges; wrap one in a list",
            record="BlackoutCalendar",
            field="ranges",
        )
    items = []
    for item in ranges:
        if isinstance(item, Blackout):
            items.append(item)
        elif isinstance(item, DateRange):
            items.append(Blackout(item.start, item.end, item.label or chosen.value, chosen))
        else:
            raise ValidationError(
                f"expected a DateRange or a Blackout, got {type(item).__name__}",
                record="BlackoutCalendar",
                field="ranges",
            )
    return BlackoutCalendar(items)


def check_blackouts(value: object, country: str, *, record: str) -> ClosedDays:
    """Check a ``blackouts`` option, as the plan functions and :func:`spread_gatherings` take it.

    ``None`` is the public holidays (and eves) of ``country`` in every year a day asked about
    falls in (:class:`HolidaysByYear`); a :class:`BlackoutCalendar` or a
    :class:`HolidaysByYear` is used as given; anything else is refused with a
    :class:`ValidationError` on the field ``blackouts`` of ``record``.
    """
    if value is None:
        return HolidaysByYear(country)
    if not isinstance(value, BlackoutCalendar | HolidaysByYear):
        raise ValidationError(
            f"expected a BlackoutCalendar or HolidaysByYear, got {type(value).__name__}; "
            "combine HolidaysByYear(country) | school_holidays([...])",
            record=record,
            field="blackouts",
        )
    return value
