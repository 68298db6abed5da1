"""A coordinator's move that puts someone in two events at once is refused unless asked for."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sched_helpers import START, vinn_program

from mentorlib.model import (
    Cadence,
    GroupGathering,
    Match,
    Mentee,
    Mentor,
    Period,
    Place,
    ProgramData,
    ValidationError,
)
from mentorlib.scheduling import BlackoutCalendar, MeetingPlan, plan_program

OSLO = ZoneInfo("Europe/Oslo")
EVENING = ["mon 16:00-21:00"]
NIGHT_WALK = dt.datetime(2026, 8, 24, 19, tzinfo=OSLO)  # the second Monday


def _plan() -> MeetingPlan:
    data = ProgramData(
        vinn_program(cadence=Cadence(unit="week", meeting_minutes=90), duration=Period(4, "week")),
        [Mentee(f"y{i}", f"Y{i}", availability=EVENING) for i in (1, 2, 3)],
        [Mentor("m1", "Kari", capacity=2, availability=EVENING)],
        places=[Place("c1", "Norwegian course", "course", capacity=20)],
        matches=[
            Match("x1", "y1", "m1", START),
            Match("x2", "y2", "m1", START),
            Match("c1y2", "y2", "c1", START),
            Match("c1y3", "y3", "c1", START),
        ],
        gatherings=[
            GroupGathering("g1", "Walk", NIGHT_WALK, NIGHT_WALK + dt.timedelta(hours=2), ["y1"])
        ],
    )
    return plan_program(data, blackouts=BlackoutCalendar())


def test_a_move_onto_a_gathering_is_refused_naming_who_is_booked_when() -> None:
    plan = _plan()
    first = plan.meeting("x1", 1)

    with pytest.raises(ValidationError) as caught:
        plan.move(first, start=NIGHT_WALK + dt.timedelta(hours=1))

    assert caught.value.record == "PlannedMeeting"
    assert caught.value.record_id == first.id
    assert caught.value.field == "start"
    assert "mentee y1 is booked 19:00–21:00 (gathering g1)" in str(caught.value)
    assert plan.double_bookings() == []  # the plan itself is unchanged


def test_double_book_moves_it_anyway_and_double_bookings_shows_it() -> None:
    plan = _plan()
    first = plan.meeting("x1", 1)

    moved = plan.move(first, start=NIGHT_WALK, double_book=True)

    assert moved.meeting("x1", 1).start == NIGHT_WALK
    # Onto the walk, and onto the mentor's meeting with y2 that evening.
    assert moved.double_bookings() == [("m1", "x2-02", "x1-01"), ("y1", "x1-01", "g1")]


def test_back_to_back_and_cancelled_events_are_no_clash() -> None:
    plan = _plan()
    first, other = plan.meeting("x1", 1), plan.meeting("x2", 1)
    assert first.end <= other.start or other.end <= first.start  # the mentor's two mentees

    right_after = plan.move(first, start=other.end)
    assert right_after.double_bookings() == []
    freed = plan.cancel(other).move(first, start=other.start)
    assert freed.meeting("x1", 1).start == other.start


def test_a_course_s_meetings_at_one_time_are_no_clash_but_its_youth_s_are() -> None:
    plan = _plan()
    y3 = plan.meeting("c1y3", 1)
    y2 = plan.meeting("c1y2", 1)
    assert y2.start == y3.start  # the course meets together: the place is no person

    assert plan.move(y3, start=y3.start + dt.timedelta(minutes=30)).double_bookings() == []
    mentor_meeting = plan.meeting("x2", 1)  # y2 also meets the mentor that evening
    with pytest.raises(ValidationError, match="mentee y2 is booked"):
        plan.move(y2, start=mentor_meeting.start)
