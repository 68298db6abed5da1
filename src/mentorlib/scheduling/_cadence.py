"""The days a cadence falls on, built on dateutil's ``rrule`` (RFC 5545 recurrence rules)."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import numbers

from dateutil import rrule

from mentorlib.model import Cadence, PeriodUnit, ValidationError, Weekday

__all__ = ["cadence_dates", "needs_anchor"]

_RRULE_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
#: How far a series without an end may run when it has to make up skipped sessions.
HORIZON = dt.timedelta(days=3 * 366)


def needs_anchor(cadence: Cadence) -> bool:
    """Whether the cadence leaves the weekday open (every n weeks, or monthly without a day).

    The planner then picks the weekday from both parties' availability.
    """
    if cadence.unit is PeriodUnit.DAY:
        return False
    if cadence.unit is PeriodUnit.WEEK:
        return not cadence.weekdays
    return cadence.week_of_month is None


def _first_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _rule(
    cadence: Cadence, start: dt.date, until: dt.date | None, count: int | None, anchor: int | None
) -> rrule.rrule:
    begin = dt.datetime.combine(start, dt.time())
    end = None if until is None else dt.datetime.combine(until, dt.time())
    days = [int(d) for d in cadence.weekdays]
    if cadence.unit is PeriodUnit.DAY:
        return rrule.rrule(
            rrule.DAILY,
            dtstart=begin,
            interval=cadence.interval,
            byweekday=[_RRULE_DAYS[d] for d in days] or None,
            until=end,
            count=count,
        )
    if cadence.unit is PeriodUnit.WEEK and days:
        return rrule.rrule(
            rrule.WEEKLY,
            dtstart=begin,
            interval=cadence.interval,
            byweekday=[_RRULE_DAYS[d] for d in days],
            wkst=rrule.MO,
            until=end,
            count=count,
        )
    if cadence.unit is PeriodUnit.MONTH and cadence.week_of_month is not None:
        return rrule.rrule(
            rrule.MONTHLY,
            dtstart=begin,
            interval=cadence.interval,
            byweekday=[_RRULE_DAYS[days[0]](cadence.week_of_month)],
            until=end,
            count=count,
        )
    if anchor is None:
        anchor = days[0] if days else start.weekday()
    first = dt.datetime.combine(_first_on_or_after(start, anchor), dt.time())
    if cadence.unit is PeriodUnit.WEEK:
        return rrule.rrule(
            rrule.WEEKLY, dtstart=first, interval=cadence.interval, until=end, count=count
        )
    nth = (first.day - 1) // 7 + 1
    return rrule.rrule(
        rrule.MONTHLY,
        dtstart=first,
        interval=cadence.interval,
        byweekday=[_RRULE_DAYS[anchor](nth if nth < 5 else -1)],
        until=end,
        count=count,
    )


@functools.lru_cache(maxsize=4096)
def _dates(
    cadence: Cadence, start: dt.date, until: dt.date | None, count: int | None, anchor: int | None
) -> tuple[dt.date, ...]:
    # dateutil refuses COUNT with UNTIL (RFC 5545 forbids both): bound by UNTIL, then cut.
    rule = _rule(cadence, start, until, None if until is not None else count, anchor)
    days = (d.date() for d in rule)
    return tuple(itertools.islice(days, count) if count is not None else days)


def cadence_dates(
    cadence: Cadence,
    *,
    start: dt.date,
    until: dt.date | None = None,
    count: int | None = None,
    weekday: Weekday | int | str | None = None,
) -> tuple[dt.date, ...]:
    """Return the days a cadence falls on from ``start``, up to ``until`` or ``count`` days.

    Parameters
    ----------
    cadence
        Every ``interval`` days, weeks or months (:class:`~mentorlib.model.Cadence`).
        ``sessions`` caps the count.
    start
        The first day a meeting may fall on.
    until
        The last day a meeting may fall on (included).
    count
        At most this many days; the smaller of this and ``cadence.sessions``.
    weekday
        For a cadence that leaves the weekday open (every n weeks; monthly without
        ``week_of_month``): the weekday to meet on, by default ``start``'s. A monthly cadence
        then meets on the same weekday of the month as the first meeting (the third Wednesday,
        say; the last one when the first is a fifth).

    Raises
    ------
    ValidationError
        When ``until`` is before ``start``, ``count`` is not a whole number from 0, or neither
        ``until`` nor a count bounds the series.

    Examples
    --------
    >>> import datetime as dt
    >>> from mentorlib.model import Cadence
    >>> from mentorlib.scheduling import cadence_dates
    >>> cycling = Cadence(unit="week", weekdays=["tue", "thu"], sessions=8, meeting_minutes=90)
    >>> [d.isoformat() for d in cadence_dates(cycling, start=dt.date(2027, 4, 19))]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['2027-04-20', '2027-04-22', '2027-04-27', '2027-04-29', '2027-05-04', '2027-05-06',
     '2027-05-11', '2027-05-13']
    >>> monthly = Cadence(unit="month", weekdays=["wed"], week_of_month=1)
    >>> [d.isoformat() for d in cadence_dates(monthly, start=dt.date(2026, 8, 17), count=3)]
    ['2026-09-02', '2026-10-07', '2026-11-04']
    """
    if not isinstance(cadence, Cadence):
        raise ValidationError(
            f"expected a Cadence, got {type(cadence).__name__}", record="Cadence", field="cadence"
        )
    for name, value in (("start", start), ("until", until)):
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise ValidationError(
                f"expected a date, got {type(value).__name__} {value!r}",
                record="Cadence",
                field=name,
            )
    if until is not None and until < start:
        raise ValidationError(
            f"the series ends on {until}, before it starts on {start}",
            record="Cadence",
            field="until",
        )
    if count is not None:  # a frame's column gives numpy integers: whole numbers too
        if isinstance(count, bool) or not isinstance(count, numbers.Integral):
            raise ValidationError(
                f"expected a whole number of dates, got {count!r}", record="Cadence", field="count"
            )
        if count < 0:
            raise ValidationError(
                f"expected 0 dates or more, got {count}", record="Cadence", field="count"
            )
        count = int(count)
    limits = [n for n in (count, cadence.sessions) if n is not None]
    if until is None and not limits:
        raise ValidationError(
            "the series has no end: give an end date, a count, or a cadence with sessions",
            record="Cadence",
            field="sessions",
        )
    anchor = None if weekday is None else int(Weekday.parse(weekday))
    return _dates(cadence, start, until, min(limits) if limits else None, anchor)
