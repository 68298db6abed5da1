"""Review of a7119f8/8e89c22: a meeting the clock change takes out of a window is retimed.

The first tests showed defects, fixed since; the others confirm behaviour. The oracle is the
tests' own: ``free_starts`` (second review) and the wall clock read minute by minute across the
change.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from zoneinfo import ZoneInfo

import pytest
from booking_oracle import clashes, plan_uncached
from sched_helpers import vinn_program, within_one_stretch
from test_sched_bookings_second_review import free_starts

from mentorlib.model import (
    Cadence,
    GroupGathering,
    Match,
    Mentee,
    Mentor,
    Period,
    Place,
    Program,
    ProgramData,
    WeeklyWindow,
)
from mentorlib.scheduling import (
    AdjustmentKind,
    BlackoutCalendar,
    MeetingPlan,
    PlannedMeeting,
    plan_program,
)

UTC = dt.UTC
NONE = BlackoutCalendar()
OSLO_AUTUMN = dt.date(2026, 10, 25)  # 03:00 CEST -> 02:00 CET
NY_SPRING = dt.date(2026, 3, 8)  # 02:00 EST -> 03:00 EDT
NY_AUTUMN = dt.date(2026, 11, 1)  # 02:00 EDT -> 01:00 EST


def _windows(data: ProgramData, match_id: str) -> list[tuple[WeeklyWindow, ...]]:
    match = next(m for m in data.matches if m.id == match_id)
    host = data.mentors.get(match.mentor_id) or data.places[match.mentor_id]
    return [data.mentees[match.mentee_id].availability, host.availability]


def three_weeks(minutes: int, first: dt.date, zone: str = "Europe/Oslo") -> Program:
    """A weekly program of ``minutes``-minute meetings for three weeks from ``first``."""
    return vinn_program(
        cadence=Cadence(unit="week", meeting_minutes=minutes),
        duration=Period(3, "week"),
        starts_on=first,
        time_zone=zone,
    )


def _outside(data: ProgramData, plan: MeetingPlan) -> list[str]:
    """Meetings whose wall clock, read each minute, leaves every free stretch of one person."""
    zone = ZoneInfo(data.program.time_zone)
    bad = []
    for meeting in plan.meetings:
        minutes = int((meeting.end_utc - meeting.start_utc) / dt.timedelta(minutes=1))
        shown = [
            (meeting.start_utc + dt.timedelta(minutes=k)).astimezone(zone) for k in range(minutes)
        ]
        day = meeting.start.date()
        values = [r.hour * 60 + r.minute for r in shown]
        fits = meeting.end.date() == day and all(r.date() == day for r in shown)
        for own in _windows(data, meeting.match_id):
            if not within_one_stretch(own, day.weekday(), min(values), max(values) + 1):
                fits = False
        if not fits:
            bad.append(f"{meeting.match_id} {meeting.start:%m-%d %H:%M %Z}-{meeting.end:%H:%M %Z}")
    return bad


# -- defects, fixed -----------------------------------------------------------------------------


def test_retime_review_a_meeting_at_the_series_time_has_no_shifted_reason() -> None:
    # m1's other mentee (x0, "sun 02:00-02:05") is skipped on the spring night; x1 meets at
    # 01:55 every week (x0 takes 02:00), 01:55 on 8 March too, which fits "sun 00:00-02:01".
    first = NY_SPRING - dt.timedelta(days=7)
    data = ProgramData(
        three_weeks(5, first, "America/New_York"),
        [
            Mentee("y0", "Ada", availability=["sun 02:00-02:05"]),
            Mentee("y1", "Ruta", availability=["sun 00:00-02:01"]),
        ],
        [Mentor("m1", "Ola", capacity=2)],
        matches=[Match("x0", "y0", "m1", first), Match("x1", "y1", "m1", first)],
    )
    options = {"blackouts": NONE, "prefer": dt.time(2)}

    plan = plan_program(data, **options)  # type: ignore[arg-type]

    assert {m.start.strftime("%H:%M") for m in plan.meetings if m.match_id == "x1"} == {"01:55"}
    # Before: "x1 #2 on 2026-03-08: shifted to 2026-03-08 01:55 (the clocks change during a
    # meeting at 01:56 ...; it starts at 01:55)"; with the settle cache emptied: no adjustment.
    assert [a.match_id for a in plan.adjustments] == ["x0"]
    assert plan_uncached(data, **options).adjustments == plan.adjustments


def test_retime_review_a_repeated_hour_time_does_not_become_the_series_time() -> None:
    # Ola ("sun 01:00-03:00") meets x0 at 01:30-02:30. x1 has no hour left on a normal Sunday;
    # on 25 October, 02:30 CEST to 02:30 CET shows 02:00-03:00 and fits. Before, x1 then met
    # 02:30-03:30 on 1 and 8 November, outside Ola's window (the same before a7119f8).
    data = ProgramData(
        three_weeks(60, OSLO_AUTUMN),
        [Mentee("y0", "Ada"), Mentee("y1", "Ruta")],
        [Mentor("m1", "Ola", capacity=2, availability=["sun 01:00-03:00"])],
        matches=[Match("x0", "y0", "m1", OSLO_AUTUMN), Match("x1", "y1", "m1", OSLO_AUTUMN)],
    )

    plan = plan_program(data, blackouts=NONE, prefer=dt.time(1, 30))

    assert clashes(plan) == []
    assert _outside(data, plan) == []


def test_retime_review_a_booked_clock_change_day_takes_the_nearest_fitting_start() -> None:
    # 02:45 CEST + 30 min shows 02:00-02:59, outside "sun 02:15-04:30". The walk ends at
    # 02:30 CET, so 03:00 CET is free and fits; slot_for counts the walk's 150 minutes from
    # 01:00 on the wall clock (to 03:30) and gives 03:30.
    walk = GroupGathering(
        "g1",
        "Night walk",
        dt.datetime(2026, 10, 24, 23, 0, tzinfo=UTC),  # 01:00 CEST
        dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # 02:30 CET
        ["y1"],
    )
    data = ProgramData(
        vinn_program(
            cadence=Cadence(unit="day", meeting_minutes=30, sessions=1),
            duration=Period(1, "week"),
            starts_on=OSLO_AUTUMN,
        ),
        [Mentee("y1", "Ruta", availability=["sun 02:15-04:30"])],
        [Mentor("m1", "Ola")],
        matches=[Match("x1", "y1", "m1", OSLO_AUTUMN)],
        gatherings=[walk],
    )

    plan = plan_program(data, blackouts=NONE, prefer=dt.time(2, 45))

    (shift,) = plan.adjustments
    assert shift.kind is AdjustmentKind.SHIFTED
    assert free_starts(data, plan, "x1", OSLO_AUTUMN)[0].strftime("%H:%M") == "03:00"
    assert shift.reason.endswith("; it starts at 03:00")  # before: 03:30


def test_retime_review_a_short_window_fits_the_autumn_night_when_the_weekday_has_a_time() -> None:
    # The weekday has a time (10:00-12:00), so its windows are tried minute by minute that
    # night: the brunch takes 10:00-12:00, and 01:38 EDT to 02:08 EST shows 01:00-02:08.
    brunch = GroupGathering(
        "g1",
        "Brunch",
        dt.datetime(2026, 11, 1, 15, 0, tzinfo=UTC),  # 10:00-12:00 EST
        dt.datetime(2026, 11, 1, 17, 0, tzinfo=UTC),
        ["y1"],
    )
    data = ProgramData(
        vinn_program(
            cadence=Cadence(unit="week", meeting_minutes=90),
            duration=Period(1, "week"),
            starts_on=NY_AUTUMN,
            time_zone="America/New_York",
        ),
        [Mentee("y1", "Ruta", availability=["sun 01:00-02:08", "sun 10:00-12:00"])],
        [Mentor("m1", "Ola")],
        matches=[Match("x1", "y1", "m1", NY_AUTUMN)],
        gatherings=[brunch],
    )

    plan = plan_program(data, blackouts=NONE, prefer=dt.time(10))

    (meeting,) = plan.meetings
    assert meeting.start == dt.datetime(2026, 11, 1, 1, 38, tzinfo=ZoneInfo("America/New_York"))
    assert meeting.end_utc == dt.datetime(2026, 11, 1, 7, 8, tzinfo=UTC)


# -- confirmed behaviour --------------------------------------------------------------------------


def _single(
    zone: str, day: dt.date, minutes: int, windows: list[str], mentor: list[str] | None = None
) -> ProgramData:
    first = day - dt.timedelta(days=7)
    return ProgramData(
        three_weeks(minutes, first, zone),
        [Mentee("y1", "Ruta", availability=windows)],
        [Mentor("m1", "Ola", availability=mentor or [])],
        matches=[Match("x1", "y1", "m1", first)],
    )


@pytest.mark.parametrize(
    ("zone", "day", "minutes", "window", "prefer", "expected"),
    [
        # Lord Howe goes back 02:00 -> 01:30: 01:45 + 30 min shows 01:30-02:00.
        (
            "Australia/Lord_Howe",
            dt.date(2026, 4, 5),
            30,
            "sun 01:40-02:40",
            dt.time(1, 45),
            "02:00",
        ),
        # Lord Howe goes forward 02:00 -> 02:30: 02:00 is 02:30-02:50; 01:40 ends at 02:30.
        ("Australia/Lord_Howe", dt.date(2026, 10, 4), 20, "sun 01:00-02:20", dt.time(2), "01:40"),
        # New York goes back 02:00 -> 01:00: 01:10 EDT + 60 min shows 01:00-02:00.
        ("America/New_York", NY_AUTUMN, 60, "sun 01:10-03:10", dt.time(1, 10), "02:00"),
    ],
)
def test_retime_review_retimed_meetings_fit_and_say_where(
    zone: str, day: dt.date, minutes: int, window: str, prefer: dt.time, expected: str
) -> None:
    data = _single(zone, day, minutes, [window])
    for policy in ("skip", "move"):
        plan = plan_program(data, blackouts=NONE, prefer=prefer, policy=policy)
        assert _outside(data, plan) == []
        (shift,) = plan.adjustments
        assert shift.kind is AdjustmentKind.SHIFTED
        assert shift.planned_on == day
        assert shift.reason.endswith(f"; it starts at {expected}")
        assert shift.start.strftime("%H:%M") == expected
        ours = [m for m in plan.meetings if m.start.date() == day]
        assert [m.start for m in ours] == [shift.start]
        # Nearest the slot (wall-clock minutes) among the oracle's fitting starts.
        slot = re.match(r"(?:the clocks change during a meeting at )?(\d\d:\d\d)", shift.reason)
        assert slot is not None
        target = int(slot.group(1)[:2]) * 60 + int(slot.group(1)[3:])
        best = min(
            free_starts(data, plan, "x1", day),
            key=lambda s: (abs(s.hour * 60 + s.minute - target), s.hour * 60 + s.minute),
        )
        assert best == shift.start
        assert plan.summary().shifted == 1


def test_retime_review_a_course_keeps_its_time_on_the_clock_change_night() -> None:
    day = dt.date(2026, 3, 8)
    first = day - dt.timedelta(days=7)
    data = ProgramData(
        three_weeks(5, first, "America/New_York"),
        [Mentee("y1", "Ruta", availability=["sun 00:00-02:01"])],
        [],
        places=[Place("c1", "Course", "course", capacity=20)],
        matches=[Match("x1", "y1", "c1", first)],
    )
    for policy in ("skip", "move"):
        plan = plan_program(data, blackouts=NONE, prefer=dt.time(2), policy=policy)
        assert [m.start.strftime("%m-%d %H:%M") for m in plan.meetings] == [
            "03-01 01:56",
            "03-15 01:56",
        ]
        (skipped,) = plan.adjustments
        assert skipped.kind is AdjustmentKind.SKIPPED


def _case(seed: int) -> tuple[ProgramData, dt.time]:
    rng = random.Random(seed)
    zone, day = rng.choice(
        [
            ("Europe/Oslo", dt.date(2026, 3, 29)),
            ("Europe/Oslo", OSLO_AUTUMN),
            ("America/New_York", NY_SPRING),
            ("America/New_York", NY_AUTUMN),
            ("Australia/Lord_Howe", dt.date(2026, 4, 5)),
            ("Australia/Lord_Howe", dt.date(2026, 10, 4)),
        ]
    )

    def windows() -> list[str]:
        found = []
        for _ in range(rng.randint(0, 2)):
            low = rng.randint(0, 300)
            high = min(low + rng.randint(5, 200), 23 * 60 + 59)
            found.append(f"sun {low // 60:02d}:{low % 60:02d}-{high // 60:02d}:{high % 60:02d}")
        return found

    minutes = rng.choice([5, 10, 30, 45, 60, 90, 120])
    prefer = dt.time(rng.randint(0, 5), rng.choice([0, 30, 56]))
    return _single(zone, day, minutes, windows(), windows()), prefer


@pytest.mark.parametrize("seed", range(60))
def test_retime_review_one_match_near_the_change_fits_and_skips_only_without_time(
    seed: int,
) -> None:
    data, prefer = _case(seed)
    for policy in ("skip", "move"):
        plan = plan_program(data, blackouts=NONE, prefer=prefer, policy=policy)
        assert _outside(data, plan) == []
        assert plan_program(data, blackouts=NONE, prefer=prefer, policy=policy) == plan
        for adjustment in plan.adjustments:
            if adjustment.kind is AdjustmentKind.SKIPPED and policy == "skip":
                assert free_starts(data, plan, "x1", adjustment.planned_on) == []
            if adjustment.kind is AdjustmentKind.SHIFTED:
                meeting: PlannedMeeting = next(
                    m for m in plan.meetings if m.number == adjustment.number
                )
                assert meeting.start == adjustment.start
                assert adjustment.reason.endswith(f"it starts at {meeting.start:%H:%M}") or (
                    "as calendar clients read it" in adjustment.reason
                )
