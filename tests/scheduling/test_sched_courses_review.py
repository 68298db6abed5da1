"""Review of a course's phase and moves (51edb13, dfddd06, 99279fe): defects found, and a property.

Each test but the last showed a defect of those commits, fixed since: a course's closed day
now moves to one day for the whole course (``course_moves``), and a late youth's sessions are
the course's left.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from booking_oracle import clashes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sched_helpers import START, vinn_program

from mentorlib.model import Cadence, DateRange, Match, Mentee, Period, Place, ProgramData
from mentorlib.scheduling import (
    AdjustmentKind,
    Blackout,
    BlackoutCalendar,
    MeetingPlan,
    plan_program,
)

DAY = dt.timedelta(days=1)
WEEKDAYS = ["mon 16:00-21:00", "tue 16:00-21:00", "wed 16:00-21:00", "thu 16:00-21:00"]


def _closed(*days: dt.date) -> BlackoutCalendar:
    return BlackoutCalendar([Blackout(d, d, "staff day") for d in days])


def _days(plan: MeetingPlan, match_id: str) -> list[dt.date]:
    return sorted(m.start.date() for m in plan.meetings if m.match_id == match_id)


def _course(
    cadence: Cadence,
    mentees: list[Mentee],
    starts: list[dt.date],
    *,
    weeks: int = 3,
    place_windows: tuple[str, ...] = (),
    planned_end: dict[str, dt.date] | None = None,
) -> ProgramData:
    ends = planned_end or {}
    return ProgramData(
        vinn_program(cadence=cadence, duration=Period(weeks, "week"), starts_on=min(starts)),
        mentees,
        [],
        places=[Place("c1", "Course", "course", capacity=9, availability=list(place_windows))],
        matches=[
            Match(f"c1{m.id}", m.id, "c1", s, planned_end=ends.get(m.id))
            for m, s in zip(mentees, starts, strict=True)
        ],
    )


MONDAYS = Cadence(unit="week", weekdays=["mon"], meeting_minutes=90)


def test_a_closed_first_course_day_does_not_move_before_the_course_starts() -> None:
    wednesday = START + 2 * DAY
    cadence = Cadence(unit="week", weekdays=["wed"], meeting_minutes=90)
    data = _course(cadence, [Mentee("y1", "A", availability=WEEKDAYS)], [wednesday])

    plan = plan_program(data, blackouts=_closed(wednesday), policy="move")

    assert (
        _days(plan, "c1y1")[0] == wednesday + DAY
    )  # before the fix: skipped, "moves to 2026-08-18"


def test_the_course_moves_to_a_day_it_has_a_time_on() -> None:
    youths = [Mentee("y1", "A", availability=WEEKDAYS), Mentee("y2", "B", availability=WEEKDAYS)]
    windows = ("mon 16:00-21:00", "tue 08:00-09:00", "wed 16:00-21:00")
    data = _course(MONDAYS, youths, [START, START], place_windows=windows)

    plan = plan_program(data, blackouts=_closed(START), policy="move")

    assert _days(plan, "c1y1")[0] == START + 2 * DAY
    assert _days(plan, "c1y2") == _days(plan, "c1y1")


def test_a_one_youth_course_moves_to_a_day_its_youth_can_come() -> None:
    youth = Mentee("y1", "A", availability=["mon 16:00-21:00", "wed 16:00-21:00"])
    data = _course(MONDAYS, [youth], [START])

    plan = plan_program(data, blackouts=_closed(START), policy="move")

    assert _days(plan, "c1y1")[0] == START + 2 * DAY


@pytest.mark.parametrize("late", [False, True], ids=["away-on-the-first-move", "joins-wednesday"])
def test_two_closed_course_days_in_a_week_move_every_youth_alike(late: bool) -> None:
    tuesday, wednesday, thursday = START + DAY, START + 2 * DAY, START + 3 * DAY
    cadence = Cadence(unit="week", weekdays=["mon", "wed"], meeting_minutes=90)
    away = [] if late else [DateRange(tuesday, tuesday)]
    youths = [
        Mentee("y1", "A", availability=WEEKDAYS),
        Mentee("y2", "B", availability=WEEKDAYS, unavailable=away),
    ]
    data = _course(cadence, youths, [START, wednesday if late else START], weeks=2)

    plan = plan_program(data, blackouts=_closed(START, wednesday), policy="move")

    assert _days(plan, "c1y1")[:2] == [tuesday, thursday]  # the course's two moved sessions
    # Before the fix, y2 skipped Wednesday's: "the course moves to 2026-08-18: ..." (Monday's).
    assert thursday in _days(plan, "c1y2")


def test_a_youth_between_two_sessions_is_not_told_the_course_ended() -> None:
    second = START + dt.timedelta(weeks=1)
    cadence = Cadence(unit="week", interval=2, weekdays=["mon"], meeting_minutes=90)
    youths = [Mentee("y1", "A", availability=WEEKDAYS), Mentee("y2", "B", availability=WEEKDAYS)]
    data = _course(cadence, youths, [START, second], weeks=8, planned_end={"y2": second + 3 * DAY})

    plan = plan_program(data, blackouts=_closed())

    assert len(_days(plan, "c1y1")) == 4  # the course goes on to 2026-09-28
    (why,) = plan.unscheduled
    assert "sessions end on 2026-08-17" not in why.reason  # the message before the fix


def test_replace_skipped_a_late_youth_does_not_meet_after_the_course_ends() -> None:
    cadence = attrs.evolve(MONDAYS, sessions=3)
    youths = [Mentee("y1", "A", availability=WEEKDAYS), Mentee("y2", "B", availability=WEEKDAYS)]
    data = _course(cadence, youths, [START, START + dt.timedelta(weeks=1)], weeks=8)

    plan = plan_program(data, blackouts=_closed(), replace_skipped=True)

    assert _days(plan, "c1y1") == [START + dt.timedelta(weeks=w) for w in range(3)]
    assert set(_days(plan, "c1y2")) <= set(_days(plan, "c1y1"))  # before the fix: also 2026-09-07


def test_a_youth_without_time_on_the_course_day_does_not_meet_alone() -> None:
    youths = [
        Mentee("y1", "A", availability=WEEKDAYS),
        Mentee("y2", "B", availability=WEEKDAYS[1:]),  # no Monday window
    ]
    data = _course(MONDAYS, youths, [START, START], weeks=2)

    plan = plan_program(data, blackouts=_closed(), policy="move")

    assert set(_days(plan, "c1y2")) <= set(
        _days(plan, "c1y1")
    )  # before the fix: 18 and 25 Aug, alone


# ---------------------------------------------------------------- a property that holds

CADENCES = [
    Cadence(unit="week", meeting_minutes=90),
    Cadence(unit="week", interval=2, meeting_minutes=90),
    Cadence(unit="week", weekdays=["mon", "wed"], meeting_minutes=90),
    Cadence(unit="week", interval=2, weekdays=["tue"], meeting_minutes=90),
    Cadence(unit="month", meeting_minutes=90),
    Cadence(unit="month", weekdays=["wed"], week_of_month=2, meeting_minutes=90),
    Cadence(unit="day", interval=14, meeting_minutes=90),
]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    cadence=st.sampled_from(CADENCES),
    sessions=st.sampled_from([None, 3, 6]),
    policy=st.sampled_from(["skip", "move"]),
    extra=st.sets(st.sampled_from(["thu", "fri", "sat"])),
    place_windows=st.booleans(),
    starts=st.lists(st.integers(0, 40), min_size=1, max_size=3),
    away=st.lists(st.tuples(st.integers(1, 3), st.integers(0, 80), st.integers(0, 3)), max_size=4),
    closed=st.lists(st.tuples(st.integers(0, 80), st.integers(0, 2)), max_size=4),
)
def test_a_course_s_youths_meet_with_its_first_youth(
    cadence: Cadence,
    sessions: int | None,
    policy: str,
    extra: set[str],
    place_windows: bool,
    starts: list[int],
    away: list[tuple[int, int, int]],
    closed: list[tuple[int, int]],
) -> None:
    # Everyone shares the windows (the cadence's weekdays included), so the course has one time;
    # y0 starts the course and is never away: every session of the course is one of y0's.
    windows = [f"{d} 16:00-21:00" for d in ["mon", "tue", "wed", *sorted(extra)]]
    youths = [Mentee("y0", "Anchor", availability=windows)]
    firsts = [START]
    for k, offset in enumerate(starts, start=1):
        spans = [
            DateRange(START + a * DAY, START + (a + n) * DAY, label="secret label")
            for who, a, n in away
            if who == k
        ]
        youths.append(Mentee(f"y{k}", f"Name{k}", availability=windows, unavailable=spans))
        firsts.append(START + offset * DAY)
    data = ProgramData(
        vinn_program(cadence=attrs.evolve(cadence, sessions=sessions), duration=Period(4, "month")),
        youths,
        [],
        places=[Place("c1", "C", "course", capacity=9, availability=windows * place_windows)],
        matches=[
            Match(f"c1{y.id}", y.id, "c1", first) for y, first in zip(youths, firsts, strict=True)
        ],
    )
    shut = BlackoutCalendar(
        [Blackout(START + a * DAY, START + (a + n) * DAY, "shut") for a, n in closed]
    )

    plan = plan_program(data, blackouts=shut, policy=policy)

    course = {m.start for m in plan.meetings if m.match_id == "c1y0"}
    assert {m.start for m in plan.meetings} <= course  # same days, same time
    if sessions is not None:
        for match in data.matches:
            done = [m for m in plan.meetings if m.match_id == match.id]
            missed = [
                a
                for a in plan.adjustments
                if a.match_id == match.id and a.kind is AdjustmentKind.SKIPPED
            ]
            assert len(done) + len(missed) <= sessions
    for text in [a.reason for a in plan.adjustments] + [str(u) for u in plan.unscheduled]:
        assert "secret" not in text and "Name" not in text and "Anchor" not in text
    assert not clashes(plan)
