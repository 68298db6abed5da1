"""A meeting fits a window when the wall clock stays inside it all through the meeting.

When the clocks go back during a meeting, the clock shows the repeated hour twice: a meeting
from 02:30 CEST to 02:30 CET (one hour) shows 02:00 to 03:00 on the clock.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sched_helpers import vinn_program

from mentorlib.model import Cadence, GroupGathering, Match, Mentee, Mentor, Period, ProgramData
from mentorlib.scheduling import AdjustmentKind, BlackoutCalendar, plan_program

OSLO = ZoneInfo("Europe/Oslo")
NEW_YORK = ZoneInfo("America/New_York")
AUTUMN = dt.date(2026, 10, 25)  # Oslo: 03:00 CEST -> 02:00 CET
NONE = BlackoutCalendar()


def _data(window: str, *, booked_until: dt.datetime | None = None) -> ProgramData:
    program = vinn_program(
        cadence=Cadence(unit="day", meeting_minutes=60, sessions=1),
        duration=Period(1, "week"),
        starts_on=AUTUMN,
    )
    gatherings = []
    if booked_until is not None:
        start = dt.datetime.combine(AUTUMN, dt.time(0), OSLO)
        gatherings.append(GroupGathering("g1", "Night walk", start, booked_until, ["y1"]))
    return ProgramData(
        program,
        [Mentee("y1", "Ruta", availability=[window])],
        [Mentor("m1", "Ola", availability=[window])],
        matches=[Match("x1", "y1", "m1", AUTUMN)],
        gatherings=gatherings,
    )


def test_a_meeting_over_the_repeated_hour_fits_the_window_the_clock_shows() -> None:
    # Booked until 02:30 CEST; 02:30 CEST to 02:30 CET shows 02:00-03:00, inside the window.
    booked_until = dt.datetime(2026, 10, 25, 2, 30, tzinfo=OSLO)
    plan = plan_program(_data("sun 02:00-03:00", booked_until=booked_until), blackouts=NONE)

    (meeting,) = plan.meetings
    assert meeting.start_utc == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)  # 02:30 CEST
    assert meeting.end_utc == dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)  # 02:30 CET
    # Before: skipped, "no free time inside the windows", as 02:30-03:30 leaves the window.


def test_a_meeting_that_shows_times_before_the_window_does_not_fit_it() -> None:
    # 02:30 CEST to 02:30 CET shows 02:00-02:29 in its second half: before the window opens.
    plan = plan_program(_data("sun 02:30-03:30"), blackouts=NONE)

    assert plan.meetings == ()
    (skipped,) = plan.adjustments
    assert skipped.kind is AdjustmentKind.SKIPPED
    assert "the clocks change during a meeting at 02:30" in skipped.reason
    # Before: planned at 02:30 CEST, as its start and end clocks both read 02:30.


def test_a_meeting_from_a_window_s_end_into_the_repeated_hour_is_outside_it() -> None:
    # What CI's hypothesis run found in the tests' own oracle: in New York on 1 November, a
    # meeting at 01:00 EDT ends at 01:00 EST; its clock shows 01:00-02:00, not 00:00-01:00.
    day = dt.date(2026, 11, 1)
    program = vinn_program(
        cadence=Cadence(unit="day", meeting_minutes=60, sessions=1),
        duration=Period(1, "week"),
        starts_on=day,
        time_zone="America/New_York",
    )
    midnight = dt.datetime.combine(day, dt.time(0), NEW_YORK)
    data = ProgramData(
        program,
        [Mentee("y1", "Ruta", availability=["sun 00:00-01:00"])],
        [Mentor("m1", "Ola")],
        matches=[Match("x1", "y1", "m1", day)],
        gatherings=[
            GroupGathering("g1", "Night walk", midnight, midnight + dt.timedelta(hours=1), ["y1"])
        ],
    )

    plan = plan_program(data, blackouts=NONE)

    assert plan.meetings == ()
    (skipped,) = plan.adjustments
    assert skipped.reason.endswith("mentee y1 is booked 00:00–01:00 (gathering g1)")


def _spring(zone: str, day: dt.date, minutes: int, window: str) -> ProgramData:
    program = vinn_program(
        cadence=Cadence(unit="week", meeting_minutes=minutes),
        duration=Period(3, "week"),
        starts_on=day - dt.timedelta(days=7),
        time_zone=zone,
    )
    return ProgramData(
        program,
        [Mentee("y1", "Ruta", availability=[window])],
        [Mentor("m1", "Ola")],
        matches=[Match("x1", "y1", "m1", day - dt.timedelta(days=7))],
    )


def test_a_meeting_the_clocks_push_out_of_its_window_takes_another_time_that_day() -> None:
    # What CI's hypothesis run found: a 5-minute meeting at 01:56 on 8 March in New York ends at
    # 03:01 EDT, outside "sun 00:00-02:01"; one at 01:55 ends at 03:00 and fits. Before: skipped.
    data = _spring("America/New_York", dt.date(2026, 3, 8), 5, "sun 00:00-02:01")
    plan = plan_program(data, blackouts=NONE, prefer=dt.time(2))

    assert [m.start.strftime("%m-%d %H:%M") for m in plan.meetings] == [
        "03-01 01:56",
        "03-08 01:55",
        "03-15 01:56",
    ]
    (shift,) = plan.adjustments
    assert shift.kind is AdjustmentKind.SHIFTED
    assert (shift.number, shift.planned_on) == (2, dt.date(2026, 3, 8))
    assert shift.reason == (
        "the clocks change during a meeting at 01:56 on 2026-03-08 in America/New_York, and it "
        "leaves a window; it starts at 01:55"
    )


def test_a_shifted_meeting_that_leaves_its_window_takes_the_nearest_time_that_fits() -> None:
    # 02:30 does not exist on 28 March 2027 in Oslo; 03:30-05:00 leaves "sun 01:00-04:00".
    # 01:30 CET to 03:00 CEST is the nearest start that stays inside. Before: skipped.
    data = _spring("Europe/Oslo", dt.date(2027, 3, 28), 90, "sun 01:00-04:00")
    plan = plan_program(data, blackouts=NONE, prefer=dt.time(2, 30))

    spring = [m for m in plan.meetings if m.start.date() == dt.date(2027, 3, 28)]
    assert [m.start.strftime("%H:%M") for m in spring] == ["01:30"]
    assert spring[0].end_utc - spring[0].start_utc == dt.timedelta(minutes=90)
    assert [a.reason for a in plan.adjustments] == [
        "02:30 does not exist on 2027-03-28 in Europe/Oslo (clocks go forward) and the shifted "
        "time leaves a window; it starts at 01:30"
    ]
    assert plan.summary().shifted == 1


def test_a_window_shorter_than_the_meeting_gives_no_time_even_the_night_the_clocks_go_back() -> (
    None
):
    # 01:38 EDT to 02:08 EST is 90 minutes, and the clock shows 01:00-02:08 meanwhile; but
    # "sun 01:00-02:08" is too short for a 90-minute meeting on every other Sunday. One
    # meeting a year would be no series: the match has no time, and the plan says so.
    day = dt.date(2026, 11, 1)
    program = vinn_program(
        cadence=Cadence(unit="day", meeting_minutes=90),
        duration=Period(2, "week"),
        starts_on=day,
        time_zone="America/New_York",
    )
    data = ProgramData(
        program,
        [Mentee("y1", "Ruta", availability=["sun 01:00-02:08"])],
        [Mentor("m1", "Ola")],
        matches=[Match("x1", "y1", "m1", day)],
    )
    plan = plan_program(data, blackouts=NONE)

    assert plan.meetings == ()
    (unscheduled,) = plan.unscheduled
    assert unscheduled.reason.startswith("no time of 90 min inside both parties' weekly windows")
