"""Properties over cadences, time zones and dates around DST changes, leap days and year ends.

* no planned meeting falls on a closed day or outside a window of either party;
* the local wall-clock time stays the same across DST (apart from recorded shifts and moves);
* the exported file, expanded in UTC by an independent expander (``recurring-ical-events``),
  gives exactly the planned meetings, also when the VTIMEZONE alone defines the zone;
* exporting, changing one meeting and exporting again raises that event's SEQUENCE, no other.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict

import icalendar
import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st
from sched_helpers import within_one_stretch

from mentorlib.model import Cadence, DateRange, Match, Mentee, Mentor, Period, Program, WeeklyWindow
from mentorlib.scheduling import (
    AdjustmentKind,
    Blackout,
    BlackoutCalendar,
    BlackoutPolicy,
    MeetingPlan,
    plan_match,
    public_holidays,
    to_ics,
)

UTC = dt.UTC
STAMP = dt.datetime(2026, 1, 1, tzinfo=UTC)
ZONES = (
    "Europe/Oslo",
    "Europe/Stockholm",
    "Europe/Copenhagen",
    "Europe/Helsinki",
    "Australia/Sydney",
    "America/New_York",
)


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() - 6) % 7)


ANCHORS = (
    *[_last_sunday(y, m) for y in (2026, 2027, 2028) for m in (3, 10)],
    dt.date(2028, 2, 29),
    dt.date(2027, 12, 31),
    dt.date(2026, 12, 31),
    dt.date(2026, 10, 4),  # Sydney's spring change (first Sunday of October)
    dt.date(2027, 3, 14),  # New York's spring change (second Sunday of March)
)

starts = st.sampled_from(ANCHORS).flatmap(
    lambda anchor: st.integers(-16, 3).map(lambda k: anchor + dt.timedelta(days=k))
)


@st.composite
def cadences(draw: st.DrawFn) -> Cadence:
    unit = draw(st.sampled_from(["day", "week", "month"]))
    minutes = draw(st.sampled_from([30, 45, 60, 90, 120]))
    sessions = draw(st.integers(2, 10))
    if unit == "day":
        weekdays = draw(st.lists(st.integers(0, 6), max_size=3, unique=True))
        return Cadence(draw(st.integers(1, 4)), "day", weekdays, None, sessions, minutes)
    if unit == "week":
        weekdays = draw(st.lists(st.integers(0, 6), max_size=3, unique=True))
        return Cadence(draw(st.integers(1, 2)), "week", weekdays, None, sessions, minutes)
    if draw(st.booleans()):
        return Cadence(
            1,
            "month",
            [draw(st.integers(0, 6))],
            draw(st.sampled_from([1, 2, 4, -1])),
            min(sessions, 4),
            minutes,
        )
    return Cadence(1, "month", (), None, min(sessions, 4), minutes)


@st.composite
def windows(draw: st.DrawFn) -> list[WeeklyWindow]:
    found = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, 22 * 4)) * 15  # any quarter hour, the night included
        length = draw(st.integers(2, 16)) * 15
        end = min(start + length, 23 * 60 + 59)
        found.append(
            WeeklyWindow(
                draw(st.integers(0, 6)),
                dt.time(start // 60, start % 60),
                dt.time(end // 60, end % 60),
            )
        )
    return found


@st.composite
def closed_days(draw: st.DrawFn, first: dt.date) -> BlackoutCalendar:
    items = []
    for _ in range(draw(st.integers(0, 3))):
        offset = draw(st.integers(0, 90))
        length = draw(st.integers(0, 6))
        day = first + dt.timedelta(days=offset)
        items.append(Blackout(day, day + dt.timedelta(days=length), f"closed {offset}"))
    calendar = BlackoutCalendar(items)
    if draw(st.booleans()):
        calendar |= public_holidays("NO", years=range(first.year, first.year + 2))
    return calendar


@st.composite
def plans(draw: st.DrawFn) -> tuple[MeetingPlan, BlackoutCalendar, Mentee, Mentor]:
    zone = draw(st.sampled_from(ZONES))
    first = draw(starts)
    cadence = draw(cadences())
    program = Program(
        "prop",
        "Property program",
        country="NO",
        time_zone=zone,
        cadence=cadence,
        starts_on=first,
        duration=Period(draw(st.integers(2, 12)), "week"),
    )
    absent = []
    if draw(st.booleans()):
        day = first + dt.timedelta(days=draw(st.integers(0, 40)))
        absent.append(DateRange(day, day + dt.timedelta(days=draw(st.integers(0, 5)))))
    # Sometimes both can meet only on Sunday nights, when clocks change.
    night = [WeeklyWindow(6, dt.time(1), dt.time(draw(st.integers(3, 5))))]
    choose = st.one_of(windows(), st.just(night))
    mentee = Mentee(
        "y1", "Ruta", availability=draw(choose), unavailable=absent, email="y1@example.org"
    )
    mentor = Mentor("m1", "Ola", availability=draw(choose), email="m1@example.org")
    blackouts = draw(closed_days(first))
    plan = plan_match(
        program,
        Match("x1", "y1", "m1", first),
        mentee,
        mentor,
        blackouts=blackouts,
        policy=draw(st.sampled_from(BlackoutPolicy)),
        prefer=draw(
            st.one_of(
                st.builds(dt.time, st.integers(0, 23), st.sampled_from([0, 30])),
                st.sampled_from([dt.time(2, 15), dt.time(2, 30)]),  # inside the spring gap
            )
        ),
        replace_skipped=draw(st.booleans()),
    )
    return plan, blackouts, mentee, mentor


def inside(windows: tuple[WeeklyWindow, ...], start: dt.datetime, end: dt.datetime) -> bool:
    """The oracle: the clock stays in one free stretch of the day all through (no windows: free).

    Read minute by minute: across the autumn change the clock shows the repeated hour.
    """
    if not windows:
        return True
    minutes = int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60)
    shown = [
        (start.astimezone(UTC) + dt.timedelta(minutes=k)).astimezone(start.tzinfo)
        for k in range(minutes)
    ]
    if end.date() != start.date() or any(r.date() != start.date() for r in shown):
        return False
    low = min(r.hour * 60 + r.minute for r in shown)
    high = max(r.hour * 60 + r.minute for r in shown) + 1
    return within_one_stretch(windows, start.weekday(), low, high)


@settings(max_examples=70)
@given(plans())
def test_meetings_avoid_closed_days_and_stay_inside_both_windows(case) -> None:  # type: ignore[no-untyped-def]
    plan, blackouts, mentee, mentor = case
    absent = {r.start + dt.timedelta(days=k) for r in mentee.unavailable for k in range(r.days)}
    zone = plan.zone
    for meeting in plan.meetings:
        day = meeting.start.date()
        assert day not in blackouts
        assert day not in absent
        assert meeting.start.tzinfo is zone and meeting.end.tzinfo is zone
        assert inside(mentee.availability, meeting.start, meeting.end)
        assert inside(mentor.availability, meeting.start, meeting.end)
        assert meeting.end_utc - meeting.start_utc == dt.timedelta(
            minutes=plan_minutes(plan, meeting.match_id)
        )
        # Every aware time exists: it round-trips through UTC unchanged.
        assert meeting.start.astimezone(UTC).astimezone(zone) == meeting.start


def plan_minutes(plan: MeetingPlan, match_id: str) -> int:
    return {m.minutes for m in plan.meetings if m.match_id == match_id}.pop()


@settings(max_examples=70)
@given(plans())
def test_the_local_time_is_the_same_on_each_weekday_across_dst(case) -> None:  # type: ignore[no-untyped-def]
    plan = case[0]
    adjusted = {a.number for a in plan.adjustments if a.kind is not AdjustmentKind.SKIPPED}
    clocks: dict[int, set[dt.time]] = defaultdict(set)
    for meeting in plan.meetings:
        if meeting.number not in adjusted:
            clocks[meeting.start.weekday()].add(meeting.start.time())
    assert all(len(times) == 1 for times in clocks.values())
    for shift in (a for a in plan.adjustments if a.kind is AdjustmentKind.SHIFTED):
        assert shift.start is not None and shift.start.date() == shift.planned_on


def expand(ics: bytes) -> set[tuple[str, dt.datetime, dt.datetime]]:
    calendar = icalendar.Calendar.from_ical(ics)
    events = recurring_ical_events.of(calendar).between(
        dt.datetime(2020, 1, 1, tzinfo=UTC), dt.datetime(2035, 1, 1, tzinfo=UTC)
    )
    return {
        (str(e["UID"]), e["DTSTART"].dt.astimezone(UTC), e["DTEND"].dt.astimezone(UTC))
        for e in events
    }


@settings(max_examples=50)
@given(plans())
def test_the_expanded_calendar_gives_exactly_the_planned_meetings(case) -> None:  # type: ignore[no-untyped-def]
    plan = case[0]
    if not plan.meetings:
        return
    planned = {(m.uid, m.start_utc, m.end_utc) for m in plan.meetings}
    ics = to_ics(plan, dtstamp=STAMP)
    assert expand(ics) == planned
    # The same with a TZID no client can look up: only the file's VTIMEZONE defines the zone.
    # (icalendar keeps zones by TZID for the whole process, so each example needs a new one.)
    unknown = f"X-Unknown-{uuid.uuid4().hex}".encode()
    renamed = ics.replace(f"TZID={plan.time_zone}".encode(), b"TZID=" + unknown).replace(
        f"TZID:{plan.time_zone}".encode(), b"TZID:" + unknown
    )
    assert b"Europe/" not in renamed and b"America/" not in renamed
    assert expand(renamed) == planned


def sequences(ics: bytes) -> dict[str, int]:
    calendar = icalendar.Calendar.from_ical(ics)
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in calendar.events}


@settings(max_examples=50)
@given(plans(), st.data())
def test_changing_one_meeting_raises_its_sequence_and_no_other(case, data) -> None:  # type: ignore[no-untyped-def]
    plan = case[0]
    if not plan.meetings:
        return
    target = data.draw(st.sampled_from(plan.meetings))
    before = sequences(to_ics(plan, dtstamp=STAMP))
    if data.draw(st.booleans()):
        changed = plan.cancel(target)
    else:
        hours = data.draw(st.integers(-48, 48).filter(bool))
        changed = plan.move(
            target, start=target.start_utc + dt.timedelta(hours=hours), double_book=True
        )
    after = sequences(to_ics(changed, dtstamp=STAMP))
    assert set(after) == set(before)
    raised = {uid for uid in after if after[uid] != before[uid]}
    assert raised == {target.uid}
    assert after[target.uid] == before[target.uid] + 1
