"""A course meets together: in its own weeks, and a youth who is away misses a session."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sched_helpers import START, vinn_program

from mentorlib.model import (
    Cadence,
    DateRange,
    GroupGathering,
    Match,
    Mentee,
    Period,
    Place,
    ProgramData,
)
from mentorlib.scheduling import AdjustmentKind, Blackout, BlackoutCalendar, plan_program

EVENING = ["mon 16:00-21:00", "tue 16:00-21:00"]
SECOND_MONDAY = START + dt.timedelta(weeks=1)
OPEN = BlackoutCalendar()


def _course(blackouts: BlackoutCalendar = OPEN) -> dict[str, list[str]]:
    away = DateRange(SECOND_MONDAY, SECOND_MONDAY, label="at the doctor's")
    data = ProgramData(
        vinn_program(
            cadence=Cadence(unit="week", weekdays=["mon"], meeting_minutes=90),
            duration=Period(3, "week"),
        ),
        [
            Mentee("y1", "Amina", availability=EVENING, unavailable=[away]),
            Mentee("y2", "Sara", availability=EVENING),
        ],
        [],
        places=[Place("c1", "Norwegian course", "course", capacity=20)],
        matches=[Match("c1y1", "y1", "c1", START), Match("c1y2", "y2", "c1", START)],
    )
    plan = plan_program(data, blackouts=blackouts, policy="move")
    days: dict[str, list[str]] = {}
    for meeting in plan.meetings:
        days.setdefault(meeting.match_id, []).append(meeting.start.strftime("%a %d %H:%M"))
    days["skipped"] = [
        f"{a.match_id} {a.planned_on:%d}: {a.reason}"
        for a in plan.adjustments
        if a.kind is AdjustmentKind.SKIPPED
    ]
    return days


def test_a_youth_who_is_away_misses_the_session_under_policy_move() -> None:
    days = _course()

    assert days["c1y2"] == ["Mon 17 17:00", "Mon 24 17:00", "Mon 31 17:00"]
    assert days["c1y1"] == ["Mon 17 17:00", "Mon 31 17:00"]  # before: also "Tue 25 17:00", alone
    assert days["skipped"] == ["c1y1 24: 2026-08-24 mentee y1 unavailable (personal)"]


def test_a_day_the_course_is_closed_moves_every_youth_to_the_same_day() -> None:
    closed = BlackoutCalendar([Blackout(SECOND_MONDAY, SECOND_MONDAY, "staff day")])

    days = _course(closed)

    assert days["c1y2"] == ["Mon 17 17:00", "Tue 25 17:00", "Mon 31 17:00"]
    assert days["c1y1"] == days["c1y2"]  # away on the Monday only: the course moved from it
    assert days["skipped"] == []


@pytest.mark.parametrize(
    "cadence",
    [
        Cadence(unit="week", interval=2, meeting_minutes=90, sessions=3),
        Cadence(unit="week", interval=2, weekdays=["mon"], meeting_minutes=90, sessions=3),
        Cadence(unit="day", interval=14, meeting_minutes=90, sessions=3),
    ],
    ids=["every-other-week", "every-other-monday", "every-14-days"],
)
def test_a_youth_who_joins_later_meets_in_the_course_s_weeks(cadence: Cadence) -> None:
    data = ProgramData(
        vinn_program(cadence=cadence, duration=Period(3, "month")),
        [Mentee("y1", "Amina", availability=EVENING), Mentee("y2", "Sara", availability=EVENING)],
        [],
        places=[Place("c1", "Norwegian course", "course", capacity=20)],
        matches=[Match("c1y1", "y1", "c1", START), Match("c1y2", "y2", "c1", SECOND_MONDAY)],
    )

    plan = plan_program(data, blackouts=OPEN)

    days = {m: [x.start.date() for x in plan.meetings if x.match_id == m] for m in ("c1y1", "c1y2")}
    assert [d.isoformat() for d in days["c1y1"]] == ["2026-08-17", "2026-08-31", "2026-09-14"]
    # Before: 24 August, 7 and 21 September, the weeks between the course's. The course's
    # three sessions count from its start: the youth who joins late gets the last two.
    assert [d.isoformat() for d in days["c1y2"]] == ["2026-08-31", "2026-09-14"]


def test_a_youth_who_joins_after_the_course_s_last_session_is_told_so() -> None:
    data = ProgramData(
        vinn_program(cadence=Cadence(unit="week", meeting_minutes=90, sessions=2)),
        [Mentee("y1", "Amina", availability=EVENING), Mentee("y2", "Sara", availability=EVENING)],
        [],
        places=[Place("c1", "Norwegian course", "course", capacity=20)],
        matches=[
            Match("c1y1", "y1", "c1", START),
            Match("c1y2", "y2", "c1", START + dt.timedelta(weeks=3)),
        ],
    )

    plan = plan_program(data, blackouts=OPEN)

    assert {m.match_id for m in plan.meetings} == {"c1y1"}
    (late,) = plan.unscheduled
    assert str(late) == "c1y2: the course's 2 sessions end on 2026-08-24, before the match starts"


@pytest.mark.parametrize("why", ["away", "booked"])
def test_a_youth_who_cannot_come_on_the_day_the_course_moves_to_misses_it(why: str) -> None:
    # Found in review: y1 moved on to Wednesday, alone, while the course met on Tuesday.
    tuesday = SECOND_MONDAY + dt.timedelta(days=1)
    party = dt.datetime.combine(tuesday, dt.time(16), ZoneInfo("Europe/Oslo"))
    weekdays = ["mon 16:00-21:00", "tue 16:00-21:00", "wed 16:00-21:00"]
    data = ProgramData(
        vinn_program(
            cadence=Cadence(unit="week", weekdays=["mon"], meeting_minutes=90),
            duration=Period(3, "week"),
        ),
        [
            Mentee(
                "y1",
                "Amina",
                availability=weekdays,
                unavailable=[DateRange(tuesday, tuesday)] if why == "away" else [],
            ),
            Mentee("y2", "Sara", availability=weekdays),
        ],
        [],
        places=[Place("c1", "Norwegian course", "course", capacity=20)],
        matches=[Match("c1y1", "y1", "c1", START), Match("c1y2", "y2", "c1", START)],
        gatherings=[GroupGathering("g1", "Party", party, party + dt.timedelta(hours=4), ["y1"])]
        if why == "booked"
        else [],
    )
    staff_day = BlackoutCalendar([Blackout(SECOND_MONDAY, SECOND_MONDAY, "staff day")])

    plan = plan_program(data, blackouts=staff_day, policy="move")

    days = {m: {x.start.date() for x in plan.meetings if x.match_id == m} for m in ("c1y1", "c1y2")}
    assert tuesday in days["c1y2"]  # the course moved from the closed Monday to Tuesday
    assert days["c1y1"] == days["c1y2"] - {tuesday}
    (missed,) = [a for a in plan.adjustments if a.match_id == "c1y1"]
    assert missed.kind is AdjustmentKind.SKIPPED
    expected = {
        "away": "mentee y1 unavailable (personal)",
        "booked": "mentee y1 is booked 16:00–20:00 (gathering g1)",
    }[why]
    assert missed.reason.startswith(
        "2026-08-24 staff day (program); the course moves to 2026-08-25"
    )
    assert missed.reason.endswith(expected)


def test_a_course_match_that_starts_after_the_program_ends_does_not_stop_the_others() -> None:
    # Found by the hypothesis tests: working out the course's moves read its days first.
    data = ProgramData(
        vinn_program(cadence=Cadence(unit="week", meeting_minutes=90), duration=Period(2, "week")),
        [Mentee("y1", "Amina", availability=EVENING), Mentee("y2", "Sara", availability=EVENING)],
        [],
        places=[Place("c1", "Norwegian course", "course", capacity=20)],
        matches=[
            Match("c1y1", "y1", "c1", START),
            Match("c1y2", "y2", "c1", START + dt.timedelta(weeks=5)),
        ],
    )

    plan = plan_program(data, blackouts=OPEN, policy="move")

    assert len(plan.meetings) == 2
    (late,) = plan.unscheduled
    assert late.match_id == "c1y2" and "no days to meet" in late.reason
