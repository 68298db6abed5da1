"""Meeting times inside both parties' weekly windows, and whether a meeting fits them.

A window is local wall-clock time on a weekday. A person with no windows at all has stated no
limits and is taken to be free at any time of day. A person's windows on a weekday that touch
or overlap are one stretch of free time ("mon 16:00-17:00" and "mon 17:00-18:00" are 16:00 to
18:00), as matching takes them. A meeting *fits* a person on a day when its wall-clock start
and end (after any daylight-saving shift) lie inside one such stretch of the day's weekday.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from mentorlib.model import Weekday, WeeklyWindow

__all__ = [
    "common_windows",
    "local_datetime",
    "meeting_times",
    "slot_for",
    "starts",
    "wall_clock_fits",
]

_UTC = dt.UTC
_DAY = 24 * 60


def _minutes(clock: dt.time) -> int:
    return clock.hour * 60 + clock.minute


def _clock(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def _intervals(windows: Sequence[WeeklyWindow], weekday: int) -> list[tuple[int, int]]:
    """Return a person's stretches of free minutes on ``weekday``: touching windows joined."""
    if not windows:
        return [(0, _DAY - 1)]
    found: list[tuple[int, int]] = []
    for low, high in sorted(
        (_minutes(w.start), _minutes(w.end)) for w in windows if w.weekday == weekday
    ):
        if found and low <= found[-1][1]:
            found[-1] = (found[-1][0], max(found[-1][1], high))
        else:
            found.append((low, high))
    return found


def common_windows(*availabilities: Iterable[WeeklyWindow]) -> tuple[WeeklyWindow, ...]:
    """Return the windows in which everyone is free: the overlaps of one stretch of each.

    A person's windows that touch or overlap are one stretch of free time.

    A person without windows limits nothing. When nobody has windows, there is nothing to say
    and the result is empty.

    Examples
    --------
    >>> from mentorlib.model import WeeklyWindow
    >>> from mentorlib.scheduling import common_windows
    >>> mentee = [WeeklyWindow.parse("tue 16:00-19:00"), WeeklyWindow.parse("sat 10:00-12:00")]
    >>> mentor = [WeeklyWindow.parse("tue 17:30-20:00")]
    >>> [str(w) for w in common_windows(mentee, mentor)]
    ['Tue 17:30–19:00']
    """
    people = [tuple(a) for a in availabilities]
    limited = [p for p in people if p]
    if not limited:
        return ()
    found: set[WeeklyWindow] = set()
    for weekday in Weekday:
        spans = [(0, _DAY - 1)]
        for windows in limited:
            own = _intervals(windows, weekday)
            spans = [
                (max(a, c), min(b, d)) for a, b in spans for c, d in own if max(a, c) < min(b, d)
            ]
        found.update(WeeklyWindow(weekday, _clock(a), _clock(b)) for a, b in spans)
    return tuple(sorted(found, key=lambda w: (w.weekday, w.start, w.end)))


def _common(
    weekday: int, availabilities: Sequence[Sequence[WeeklyWindow]]
) -> tuple[tuple[int, int], ...]:
    """Return the spans of wall-clock minutes on ``weekday`` inside one stretch of everyone."""
    return _common_of(weekday, tuple(tuple(windows) for windows in availabilities))


@functools.lru_cache(maxsize=4096)
def _common_of(
    weekday: int, availabilities: tuple[tuple[WeeklyWindow, ...], ...]
) -> tuple[tuple[int, int], ...]:
    # Cached: a day planned around bookings asks again for each start it tries.
    spans = [(0, _DAY - 1)]
    for windows in availabilities:
        own = _intervals(windows, weekday)
        spans = [(max(a, c), min(b, d)) for a, b in spans for c, d in own if max(a, c) < min(b, d)]
    return tuple(spans)


def starts(
    weekday: int,
    minutes: int,
    availabilities: Sequence[Sequence[WeeklyWindow]],
    *,
    prefer: dt.time,
) -> list[dt.time]:
    """Return every whole-minute start inside one window of everyone, nearest ``prefer`` first.

    For the days on which clocks change, when wall-clock minutes say too little: a meeting of
    ``minutes`` from such a start may or may not fit (see ``wall_clock_fits``), so the caller
    checks each.
    """
    target = _minutes(prefer)
    found = {start for low, high in _common(weekday, availabilities) for start in range(low, high)}
    return [_clock(m) for m in sorted(found, key=lambda m: (abs(m - target), m))]


def slot_for(
    weekday: int,
    minutes: int,
    availabilities: Sequence[Sequence[WeeklyWindow]],
    *,
    prefer: dt.time,
    busy: Sequence[tuple[int, int]] = (),
) -> dt.time | None:
    """Return the start time on ``weekday`` nearest ``prefer`` inside one window of everyone.

    ``busy`` are spans of wall-clock minutes already taken that day (someone's other meeting).
    ``None`` when no start lets a meeting of ``minutes`` fit inside a window of each person
    and outside every busy span.
    """
    spans = list(_common(weekday, availabilities))
    for low, high in busy:
        spans = [
            piece
            for a, b in spans
            for piece in ((a, min(b, low)), (max(a, high), b))
            if piece[0] < piece[1]
        ]
    target = _minutes(prefer)
    best: int | None = None
    for low, high in spans:
        if high - low < minutes:
            continue
        start = min(max(target, low), high - minutes)
        if best is None or (abs(start - target), start) < (abs(best - target), best):
            best = start
    return None if best is None else _clock(best)


def local_datetime(day: dt.date, clock: dt.time, zone: ZoneInfo) -> tuple[dt.datetime, bool]:
    """Return the aware local datetime of ``clock`` on ``day``, and whether it had to shift.

    A wall-clock time inside a daylight-saving gap (02:30 on the last Sunday of March in
    Europe/Oslo) does not exist. RFC 5545 reads such a time with the offset before the gap, so
    calendar clients show it one gap later (03:30); mentorlib does the same and reports the shift.
    An ambiguous time (02:30 on the last Sunday of October) is the first of the two, as in
    RFC 5545.
    """
    naive = dt.datetime.combine(day, clock)
    aware = naive.replace(tzinfo=zone)
    real = aware.astimezone(_UTC).astimezone(zone)
    if real.replace(tzinfo=None) == naive:
        return aware, False
    return real, True


@functools.lru_cache(maxsize=65536)
def meeting_times(
    day: dt.date, clock: dt.time, tzid: str, minutes: int
) -> tuple[dt.datetime, dt.datetime, bool, bool]:
    """Return a meeting's aware start and end, whether it shifted, and whether it is exact.

    *Exact* means the wall-clock span is ``clock`` to ``clock + minutes`` on ``day``: no
    daylight-saving change moved either end, so a start chosen inside the windows still fits.
    Cached: the meetings of many matches share days and times.
    """
    zone = ZoneInfo(tzid)
    start, shifted = local_datetime(day, clock, zone)
    end = (start.astimezone(_UTC) + dt.timedelta(minutes=minutes)).astimezone(zone)
    expected = _minutes(clock) + minutes
    exact = (
        not shifted
        and end.date() == day
        and end.hour * 60 + end.minute == expected
        and end.fold == 0
        and start.fold == 0
    )
    return start, end, shifted, exact


def wall_clock_fits(
    start: dt.datetime, end: dt.datetime, availabilities: Sequence[Sequence[WeeklyWindow]]
) -> bool:
    """Whether the wall clock stays inside one stretch of each person all through a meeting."""
    shown = _wall_clock_span(start, end)
    if shown is None:
        return False
    first, last = shown
    weekday = start.weekday()
    for windows in availabilities:
        if windows and not any(
            low <= first and last <= high for low, high in _intervals(windows, weekday)
        ):
            return False
    return True


def _wall_clock_span(start: dt.datetime, end: dt.datetime) -> tuple[int, int] | None:
    """Return the wall-clock minutes a meeting shows, from the first to the end of the last.

    ``None`` when the clock shows another day at some point or at the end. Without a clock
    change the span is simply start to end; across one, each minute's reading is looked at.
    """
    if end.date() != start.date():
        return None
    if start.utcoffset() == end.utcoffset():
        return _minutes(start.time()), _minutes(end.time())
    minute = dt.timedelta(minutes=1)
    begin = start.astimezone(_UTC)
    count = (end.astimezone(_UTC) - begin) // minute  # not end - start: that is wall-clock
    shown = [(begin + k * minute).astimezone(start.tzinfo) for k in range(count)]
    if any(reading.date() != start.date() for reading in shown):
        return None
    readings = [_minutes(reading.time()) for reading in shown]
    return min(readings), max(readings) + 1
