"""Who is already booked when, so that no person is planned into two meetings at once.

A mentor with two mentees, a team member whose team meets two youths, or a mentee who also
goes to a gathering has one calendar: a meeting of one match must not overlap a meeting of
another, nor a gathering the person takes part in. A place is not a person: the matches of a
course or an activity meet together by design, so the planner books its mentees, not it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

import attrs

__all__ = ["Booking", "Bookings", "describe"]

_UTC = dt.UTC
_DAY = 24 * 60


@attrs.frozen
class Booking:
    """One person's time taken by one event: ``what`` names it ("match x02", "gathering g1")."""

    person: str
    role: str
    start: dt.datetime
    end: dt.datetime
    what: str
    # In UTC: two local times of one zone compare by wall clock, which is wrong in the hour
    # that repeats when clocks go back. Kept, as a day planned around bookings compares often.
    start_utc: dt.datetime = attrs.field(init=False, eq=False, repr=False)
    end_utc: dt.datetime = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "start_utc", self.start.astimezone(_UTC))
        object.__setattr__(self, "end_utc", self.end.astimezone(_UTC))

    def overlaps(self, start_utc: dt.datetime, end_utc: dt.datetime) -> bool:
        """Whether ``start_utc``–``end_utc`` overlaps this booking; back to back does not."""
        return start_utc < self.end_utc and self.start_utc < end_utc

    def minutes_on(self, day: dt.date) -> tuple[int, int]:
        """Return the wall-clock minutes of local ``day`` this booking takes, rounded outwards.

        From the start's wall clock on for the booking's elapsed length, so an event in the
        hour that repeats when clocks go back still takes its minutes.
        """
        if self.start.date() == day:
            low = _exact_minutes(self.start)
            length = (self.end.astimezone(_UTC) - self.start.astimezone(_UTC)).total_seconds()
            return math.floor(low), min(_DAY, math.ceil(low + length / 60))
        if self.end.date() > day:
            return 0, _DAY
        return 0, math.ceil(_exact_minutes(self.end))


def _exact_minutes(moment: dt.datetime) -> float:
    """Minutes since local midnight, seconds and microseconds included."""
    seconds = moment.second + moment.microsecond / 1_000_000
    return moment.hour * 60 + moment.minute + seconds / 60


class Bookings:
    """The bookings of a plan being made, by person and local day, in the program's time zone."""

    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone
        self._days: dict[str, dict[dt.date, list[Booking]]] = {}

    def add(
        self, people: Iterable[tuple[str, str]], start: dt.datetime, end: dt.datetime, what: str
    ) -> None:
        """Book ``(person id, role)`` pairs from ``start`` to ``end`` (aware datetimes)."""
        start, end = start.astimezone(self._zone), end.astimezone(self._zone)
        span = (end.date() - start.date()).days
        days = [start.date() + dt.timedelta(days=n) for n in range(span + 1)]
        for person, role in people:
            booking = Booking(person, role, start, end, what)
            own = self._days.setdefault(person, {})
            for day in days:
                own.setdefault(day, []).append(booking)

    def knows(self, person: str) -> bool:
        """Whether ``person`` has a booking."""
        return person in self._days

    def on(self, people: Sequence[str], day: dt.date) -> list[Booking]:
        """Return the bookings of ``people`` that touch local ``day``, in order of start."""
        found = [b for person in people for b in self._days.get(person, {}).get(day, ())]
        return sorted(found, key=lambda b: (b.start, b.person))


def describe(bookings: Sequence[Booking]) -> str:
    """Say who is booked when, an event at a time.

    "mentor m3 and mentee y3 are booked 12:00–15:00 (gathering g1)".
    """
    events: dict[tuple[dt.datetime, dt.datetime, str], list[str]] = {}
    for b in bookings:
        events.setdefault((b.start, b.end, b.what), []).append(f"{b.role} {b.person}")
    return "; ".join(
        f"{' and '.join(people)} {'is' if len(people) == 1 else 'are'} booked "
        f"{_span(start, end)} ({what})"
        for (start, end, what), people in events.items()
    )


def _span(start: dt.datetime, end: dt.datetime) -> str:
    """``17:00–18:30``, with the dates when it runs over midnight."""
    if start.date() == end.date():
        return f"{start:%H:%M}–{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M}"
