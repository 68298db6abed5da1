"""VTIMEZONE components built from the IANA database (``zoneinfo``) for a file's span.

Each observance is written the way Outlook, Google and Apple write theirs: one ``STANDARD`` and
one ``DAYLIGHT`` observance with a yearly ``RRULE`` when the transitions follow a yearly rule
(the last Sunday of March, say), else one observance per transition, each with its own
``DTSTART``. No observance carries ``RDATE``: Thunderbird's parser (ical.js) reads only the first
value of a multi-valued ``RDATE``, and then shows summer meetings an hour late. (icalendar's
``Timezone.from_tzid`` writes such lists, so it is not used here.)

The rules cover the span from a year before the first event to the end of the year after the
last, so every instance in the file is right, and DTSTART of each observance precedes them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections import defaultdict
from typing import NamedTuple
from zoneinfo import ZoneInfo

import icalendar

__all__ = ["transitions", "vtimezone", "vtimezone_lines"]

_UTC = dt.UTC
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@functools.lru_cache(maxsize=64)
def transitions(
    tzid: str, first: dt.date, last: dt.date
) -> tuple[tuple[dt.datetime, dt.timedelta, dt.timedelta, str, bool], ...]:
    """Return the zone's offset changes from ``first`` to ``last`` (UTC days).

    Each is ``(instant in UTC, offset before, offset after, name after, clocks go forward)``.
    """
    zone = ZoneInfo(tzid)

    def offset(moment: dt.datetime) -> dt.timedelta:
        value = moment.astimezone(zone).utcoffset()
        assert value is not None
        return value

    found = []
    moment = dt.datetime.combine(first, dt.time(), _UTC)
    end = dt.datetime.combine(last, dt.time(), _UTC)
    step = dt.timedelta(hours=12)
    before = offset(moment)
    while moment < end:
        after_moment = moment + step
        after = offset(after_moment)
        if after != before:
            low, high = moment, after_moment  # offset(low) == before, offset(high) == after
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    break
                if offset(middle) == before:
                    low = middle
                else:
                    high = middle
            local = high.astimezone(zone)
            # DAYLIGHT when clocks go forward. zoneinfo's dst() is negative for zones such as
            # Europe/Dublin, whose winter time is the "daylight" one in the IANA data; clients
            # and Windows expect the larger offset to be the daylight one.
            found.append((high, before, after, local.tzname() or "", after > before))
            before = after
        moment = after_moment
    return tuple(found)


class _Rule(NamedTuple):
    daylight: bool
    before: dt.timedelta
    after: dt.timedelta
    name: str
    month: int
    weekday: int
    clock: dt.time
    week: int


def _week_spec(day: dt.date) -> int:
    if day.day + 7 > calendar.monthrange(day.year, day.month)[1]:
        return -1
    return (day.day - 1) // 7 + 1


def _observance(
    daylight: bool,
    onset: dt.datetime,
    before: dt.timedelta,
    after: dt.timedelta,
    name: str,
    rule: dict[str, object] | None = None,
) -> icalendar.Component:
    sub: icalendar.Component = (
        icalendar.TimezoneDaylight() if daylight else icalendar.TimezoneStandard()
    )
    sub.add("dtstart", onset)
    if rule is not None:
        sub.add("rrule", rule)
    if name:
        sub.add("tzname", name)
    sub.add("tzoffsetfrom", before)
    sub.add("tzoffsetto", after)
    return sub


def vtimezone(tzid: str, first: dt.datetime, last: dt.datetime) -> icalendar.Timezone:
    """Return a VTIMEZONE for ``tzid`` right for every instant from ``first`` to ``last``."""
    zone = ZoneInfo(tzid)
    begin = dt.date(first.astimezone(_UTC).year - 1, 1, 1)
    end = dt.date(last.astimezone(_UTC).year + 2, 1, 1)
    changes = transitions(tzid, begin, end)
    tz = icalendar.Timezone()
    tz.add("tzid", tzid)
    initial = dt.datetime.combine(begin, dt.time(), _UTC).astimezone(zone)
    if not changes or changes[0][0] > first.astimezone(_UTC):
        fixed = initial.utcoffset()
        assert fixed is not None
        tz.add_component(
            _observance(
                False,
                dt.datetime(1970, 1, 1),
                fixed,
                fixed,
                initial.tzname() or "",
            )
        )
    groups: dict[_Rule, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for instant, before, after, name, daylight in changes:
        onset = (instant + before).replace(tzinfo=None)  # local time in the old offset (RFC 5545)
        key = _Rule(
            daylight,
            before,
            after,
            name,
            onset.month,
            onset.weekday(),
            onset.time(),
            _week_spec(onset.date()),
        )
        groups[key].append((onset, instant))
    final_year = end.year - 1
    for key, items in groups.items():
        years = [onset.year for onset, _ in items]
        yearly = len(items) > 1 and years == list(range(years[0], years[0] + len(items)))
        if yearly:
            rule: dict[str, object] = {
                "freq": "YEARLY",
                "bymonth": key.month,
                "byday": f"{key.week}{_DAYS[key.weekday]}",
            }
            if years[-1] < final_year:
                rule["until"] = items[-1][1]
            tz.add_component(
                _observance(key.daylight, items[0][0], key.before, key.after, key.name, rule)
            )
        else:
            for onset, _ in items:
                tz.add_component(_observance(key.daylight, onset, key.before, key.after, key.name))
    return tz


@functools.lru_cache(maxsize=64)
def _lines(tzid: str, first_year: int, last_year: int) -> tuple[str, ...]:
    first = dt.datetime(first_year, 1, 2, tzinfo=_UTC)
    last = dt.datetime(last_year, 12, 30, tzinfo=_UTC)
    text = vtimezone(tzid, first, last).to_ical().decode()
    return tuple(line for line in text.split("\r\n") if line)


def vtimezone_lines(tzid: str, first: dt.datetime, last: dt.datetime) -> tuple[str, ...]:
    """Return the folded content lines of :func:`vtimezone`, cached by the span's years."""
    return _lines(tzid, first.astimezone(_UTC).year, last.astimezone(_UTC).year)
