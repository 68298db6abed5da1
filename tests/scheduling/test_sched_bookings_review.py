"""Review of d420c7d ("nobody is planned into two events at once; booked=").

The first tests showed defects found in review (fixed since); the others confirm
behaviour. The property tests use their own oracle: every pair of one person's events compared
as UTC instants, and (for skips) a brute-force search of the day's minutes for a free start.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
import pytest
from booking_oracle import DST_DAYS, clashes, window_texts
from hypothesis import given, settings
from hypothesis import strategies as st
from sched_helpers import START, vinn_program

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
    Team,
)
from mentorlib.scheduling import (
    BlackoutCalendar,
    MeetingPlan,
    plan_match,
    plan_program,
)

OSLO = ZoneInfo("Europe/Oslo")
UTC = dt.UTC
NONE = BlackoutCalendar()
WEEKLY = Cadence(unit="week", meeting_minutes=90)
EVENING = ["mon 16:00-21:00"]


# -- the oracle ---------------------------------------------------------------------------------


def _one_week_with(gathering: GroupGathering) -> ProgramData:
    """Amina and Ingrid, free Monday evenings, meet once, around ``gathering``."""
    return ProgramData(
        vinn_program(cadence=WEEKLY, duration=Period(1, "week")),
        [Mentee("y1", "Amina", availability=EVENING)],
        [Mentor("m1", "Ingrid", availability=EVENING)],
        matches=[Match("x1", "y1", "m1", START)],
        gatherings=[gathering],
    )


def _times(plan: MeetingPlan, match_id: str) -> list[str]:
    return [m.start.strftime("%m-%d %H:%M") for m in plan.meetings if m.match_id == match_id]


def _night(day: dt.date, zone: str, minutes: int = 60) -> Program:
    return vinn_program(
        cadence=Cadence(unit="day", meeting_minutes=minutes, sessions=1),
        duration=Period(1, "week"),
        starts_on=day,
        time_zone=zone,
    )


# -- defects ------------------------------------------------------------------------------------


def test_review_a_gathering_on_the_first_day_moves_that_day_only() -> None:
    party = dt.datetime.combine(START, dt.time(16, 30), OSLO)
    gathering = GroupGathering(
        "g1", "Party", party, party + dt.timedelta(hours=2), participant_ids=["y1", "m1"]
    )
    data = ProgramData(
        vinn_program(cadence=WEEKLY, duration=Period(4, "week")),
        [Mentee("y1", "Amina", availability=EVENING)],
        [Mentor("m1", "Ingrid", availability=EVENING)],
        matches=[Match("x1", "y1", "m1", START)],
        gatherings=[gathering],
    )

    plan = plan_program(data, blackouts=NONE)

    assert clashes(plan) == []
    # Before the fix: ['08-17 18:30', '08-24 18:30', '08-31 18:30', '09-07 18:30'].
    assert _times(plan, "x1") == ["08-17 18:30", "08-24 17:00", "08-31 17:00", "09-07 17:00"]


@pytest.mark.parametrize(
    ("zone", "day", "prefer"),
    [
        ("Europe/Oslo", dt.date(2026, 3, 29), dt.time(2, 0)),
        ("Africa/Cairo", dt.date(2026, 4, 24), dt.time(0, 0)),  # clocks jump at midnight
        ("America/Havana", dt.date(2026, 3, 8), dt.time(0, 0)),
    ],
)
def test_review_the_spring_gap_does_not_cost_a_free_day(
    zone: str, day: dt.date, prefer: dt.time
) -> None:
    data = ProgramData(
        _night(day, zone),
        [Mentee("y1", "Ruta"), Mentee("y2", "Sara")],
        [Mentor("m1", "Ola", capacity=2)],  # nobody has windows: the whole day is free
        matches=[Match("x1", "y1", "m1", day), Match("x2", "y2", "m1", day)],
    )

    plan = plan_program(data, blackouts=NONE, prefer=prefer)

    assert clashes(plan) == []
    # Before the fix, x2 is skipped: "no free time inside the windows: mentor m1 is booked ...".
    assert {m.match_id for m in plan.meetings} == {"x1", "x2"}


def test_review_a_gathering_with_microseconds_does_not_cost_the_day() -> None:
    start = dt.datetime.combine(START, dt.time(15, 30), OSLO).replace(microsecond=500_000)
    gathering = GroupGathering(
        "g1", "Party", start, start + dt.timedelta(minutes=90), participant_ids=["y1", "m1"]
    )
    data = _one_week_with(gathering)

    plan = plan_program(data, blackouts=NONE)

    assert clashes(plan) == []
    # Before the fix: skipped, "mentor m1 and mentee y1 are booked 15:30–17:00 (gathering g1)".
    assert len(plan.meetings) == 1


def test_review_a_multi_day_gathering_is_described_truthfully() -> None:
    camp = dt.datetime.combine(START - dt.timedelta(days=1), dt.time(9), OSLO)
    gathering = GroupGathering(
        "g1", "Camp", camp, camp + dt.timedelta(days=2, hours=8), participant_ids=["y1", "m1"]
    )
    data = _one_week_with(gathering)

    plan = plan_program(data, blackouts=NONE)

    (skipped,) = plan.adjustments
    assert skipped.planned_on == START  # right to skip: booked all Monday
    assert "09:00–17:00" not in skipped.reason


def test_review_a_course_still_meets_together_when_one_youth_is_booked() -> None:
    course = Place("c1", "Norwegian course", "course", capacity=20)
    youths = [Mentee(f"y{n}", f"Youth {n}", availability=EVENING) for n in (1, 2)]
    data = ProgramData(
        vinn_program(cadence=WEEKLY, duration=Period(2, "week")),
        youths,
        [Mentor("m1", "Ingrid", availability=EVENING)],
        places=[course],
        # The mentor match first: y1's own meeting takes 17:00, the course's usual time.
        matches=[
            Match("x1", "y1", "m1", START),
            Match("x2", "y1", "c1", START),
            Match("x3", "y2", "c1", START),
        ],
    )

    plan = plan_program(data, blackouts=NONE)

    assert clashes(plan) == []
    for day in {m.start.date() for m in plan.meetings}:
        sessions = {m.start for m in plan.meetings if m.place and m.start.date() == day}
        assert len(sessions) <= 1, sessions  # before the fix: {17:00 (y2), 18:30 (y1)}


def test_review_a_monthly_series_finds_the_free_week_of_its_first_month() -> None:
    window = ["mon 17:00-18:30"]
    youths = [Mentee(f"y{n}", f"Youth {n}", availability=window) for n in range(1, 6)]
    data = ProgramData(
        vinn_program(
            cadence=Cadence(unit="month", meeting_minutes=90), duration=Period(6, "month")
        ),
        youths,
        [Mentor("m1", "Ingrid", capacity=5, availability=window)],
        matches=[Match(f"x{n}", f"y{n}", "m1", START) for n in range(1, 6)],
    )

    plan = plan_program(data, blackouts=NONE)

    assert clashes(plan) == []
    # x1 and x2 take the 3rd and 4th Mondays. x3 would start on 31 August, a 5th Monday, and
    # so meet on the last Monday: the 4th, x2's, in most months. It takes the 1st Monday of
    # September instead, and x4 the 2nd (the first search reaches a month, not 28 days). Only
    # the last Monday is left for x5, which is free in the months that have five.
    assert _times(plan, "x3")[:1] == ["09-07 17:00"]
    assert _times(plan, "x4")[:1] == ["09-14 17:00"]
    assert [len(_times(plan, x)) for x in ("x1", "x2", "x3", "x4")] == [7, 6, 6, 6]
    assert _times(plan, "x5") == ["08-31 17:00", "11-30 17:00"]


def test_review_booked_from_another_program_with_the_same_match_id() -> None:
    ingrid = Mentor("m1", "Ingrid", capacity=2, availability=EVENING)
    y1 = Mentee("y1", "Amina", availability=EVENING)
    y2 = Mentee("y2", "Sara", availability=EVENING)
    homework = Program(
        "lekse",
        "Homework help",
        country="NO",
        cadence=WEEKLY,
        duration=Period(4, "week"),
        starts_on=START,
    )
    earlier = plan_match(homework, Match("x1", "y1", "m1", START), y1, ingrid, blackouts=NONE)
    vinn = vinn_program(cadence=WEEKLY, duration=Period(4, "week"))

    later = plan_match(
        vinn, Match("x1", "y2", "m1", START), y2, ingrid, blackouts=NONE, booked=earlier
    )

    assert clashes(later, earlier) == []  # before the fix: m1 at 17:00 in both programs


def test_review_the_fall_back_day_is_not_called_a_gap() -> None:
    day = dt.date(2026, 10, 25)
    window = ["sun 02:00-03:00"]
    data = ProgramData(
        _night(day, "Europe/Oslo", minutes=30),
        [Mentee("y1", "Ruta", availability=window), Mentee("y2", "Sara", availability=window)],
        [Mentor("m1", "Ola", capacity=2, availability=window)],
        matches=[Match("x1", "y1", "m1", day), Match("x2", "y2", "m1", day)],
    )

    plan = plan_program(data, blackouts=NONE, prefer=dt.time(2, 0))

    assert clashes(plan) == []
    assert all("clocks go forward" not in a.reason for a in plan.adjustments)


# -- confirmed behaviour ------------------------------------------------------------------------


def test_review_a_gathering_with_whole_seconds_leaves_the_next_minute_free() -> None:
    start = dt.datetime.combine(START, dt.time(15, 30, 30), OSLO)
    gathering = GroupGathering(
        "g1", "Party", start, start + dt.timedelta(minutes=90), participant_ids=["y1", "m1"]
    )
    data = _one_week_with(gathering)

    plan = plan_program(data, blackouts=NONE)

    assert clashes(plan) == []
    assert _times(plan, "x1") == ["08-17 17:01"]


def test_review_a_gathering_over_midnight_books_the_next_morning() -> None:
    start = dt.datetime.combine(START - dt.timedelta(days=1), dt.time(20), OSLO)
    gathering = GroupGathering(
        "g1", "Night", start, start + dt.timedelta(hours=22, minutes=30), participant_ids=["y1"]
    )
    data = _one_week_with(gathering)

    plan = plan_program(data, blackouts=NONE)

    assert clashes(plan) == []
    assert _times(plan, "x1") == ["08-17 18:30"]


def test_review_booked_from_a_plan_in_another_zone() -> None:
    weekly = Cadence(unit="week", meeting_minutes=90)
    new_york = Program(
        "nyc",
        "NYC",
        country="US",
        time_zone="America/New_York",
        cadence=weekly,
        duration=Period(4, "week"),
        starts_on=START,
    )
    morning = ["mon 10:00-12:00"]
    earlier = plan_match(
        new_york,
        Match("n1", "y1", "m1", START),
        Mentee("y1", "Amina", availability=morning),
        Mentor("m1", "Ingrid", availability=morning),
        blackouts=NONE,
        prefer=dt.time(11),
    )  # 10:30-12:00 in New York is 16:30-18:00 in Oslo
    ingrid = Mentor("m1", "Ingrid", capacity=2, availability=EVENING)
    y2 = Mentee("y2", "Sara", availability=EVENING)
    vinn = vinn_program(cadence=weekly, duration=Period(4, "week"))

    later = plan_match(
        vinn, Match("x2", "y2", "m1", START), y2, ingrid, blackouts=NONE, booked=earlier
    )

    assert clashes(later, earlier) == []
    assert set(_times(later, "x2")) >= {"08-17 18:00"}


def test_review_booked_keeps_a_course_open_to_new_youths_but_books_its_youths() -> None:
    course = Place("c1", "Norwegian course", "course", capacity=20)
    vinn = vinn_program(cadence=WEEKLY, duration=Period(4, "week"))
    y1 = Mentee("y1", "Amina", availability=EVENING)
    y2 = Mentee("y2", "Sara", availability=EVENING)
    earlier = plan_match(vinn, Match("x1", "y1", "c1", START), y1, course, blackouts=NONE)
    assert {p.role for p in earlier.participants} == {"mentee", "place"}

    classmate = plan_match(
        vinn, Match("x2", "y2", "c1", START), y2, course, blackouts=NONE, booked=earlier
    )
    mentor = plan_match(
        vinn,
        Match("x3", "y1", "m1", START),
        y1,
        Mentor("m1", "Ingrid", availability=EVENING),
        blackouts=NONE,
        booked=earlier,
    )

    assert [m.start for m in classmate.meetings] == [m.start for m in earlier.meetings]
    assert clashes(mentor, earlier) == []
    assert set(_times(mentor, "x3")) == {"08-17 18:30", "08-24 18:30", "08-31 18:30", "09-07 18:30"}


def test_review_replanning_with_its_own_plan_as_booked_changes_nothing() -> None:
    ingrid = Mentor("m1", "Ingrid", capacity=3, availability=EVENING)
    youths = [Mentee(f"y{n}", f"Youth {n}", availability=EVENING) for n in (1, 2, 3)]
    party = dt.datetime.combine(START + dt.timedelta(weeks=1), dt.time(17), OSLO)
    data = ProgramData(
        vinn_program(cadence=WEEKLY, duration=Period(4, "week")),
        youths,
        [ingrid],
        matches=[Match(f"x{n}", f"y{n}", "m1", START) for n in (1, 2, 3)],
        gatherings=[
            GroupGathering("g1", "Party", party, party + dt.timedelta(hours=1), ["y1", "m1"])
        ],
    )

    plan = plan_program(data, blackouts=NONE)
    again = plan_program(data, blackouts=NONE, booked=plan)

    assert again.meetings == plan.meetings and again.adjustments == plan.adjustments


@pytest.mark.parametrize("policy", ["skip", "move"])
def test_review_replace_skipped_makes_up_a_booked_session(policy: str) -> None:
    window = ["mon 17:00-18:30"]
    party = dt.datetime.combine(START + dt.timedelta(weeks=3), dt.time(17), OSLO)
    data = ProgramData(
        vinn_program(
            cadence=Cadence(unit="week", interval=2, meeting_minutes=90, sessions=4),
            duration=Period(6, "month"),
        ),
        [Mentee(f"y{n}", f"Youth {n}", availability=window) for n in (1, 2)],
        [Mentor("m1", "Ingrid", capacity=2, availability=window)],
        matches=[Match(f"x{n}", f"y{n}", "m1", START) for n in (1, 2)],
        gatherings=[GroupGathering("g1", "P", party, party + dt.timedelta(hours=1), ["y2"])],
    )

    plan = plan_program(data, blackouts=NONE, replace_skipped=True, policy=policy)

    assert clashes(plan) == []
    assert _times(plan, "x1") == ["08-17 17:00", "08-31 17:00", "09-14 17:00", "09-28 17:00"]
    assert _times(plan, "x2") == ["08-24 17:00", "09-21 17:00", "10-05 17:00", "10-19 17:00"]
    (skipped,) = plan.adjustments
    assert "mentee y2 is booked 17:00–18:00 (gathering g1)" in skipped.reason


# -- properties ---------------------------------------------------------------------------------


@st.composite
def near_clock_changes(draw: st.DrawFn, prefix: str = "") -> tuple[ProgramData, dt.time]:
    """Mentors with several mentees, a course, maybe a team, gatherings of any length."""
    zone = draw(st.sampled_from(sorted(DST_DAYS)))
    start = draw(st.sampled_from(DST_DAYS[zone])) - dt.timedelta(days=draw(st.integers(0, 9)))
    minutes = draw(st.sampled_from([30, 45, 60, 90, 120]))
    cadence = draw(
        st.sampled_from(
            [
                Cadence(unit="day", meeting_minutes=minutes),
                Cadence(unit="week", meeting_minutes=minutes),
                Cadence(unit="week", interval=2, meeting_minutes=minutes),
                Cadence(unit="week", weekdays=["sun", "mon"], meeting_minutes=minutes),
                Cadence(unit="month", meeting_minutes=minutes),
            ]
        )
    )
    program = vinn_program(
        cadence=cadence, duration=Period(3, "week"), starts_on=start, time_zone=zone
    )
    mentors = [
        Mentor(f"m{i}", f"M{i}", capacity=5, availability=draw(window_texts(2)))
        for i in range(draw(st.integers(1, 3)))
    ]
    youths = [
        Mentee(f"y{i}", f"Y{i}", availability=draw(window_texts(2)))
        for i in range(draw(st.integers(1, 4)))
    ]
    hosts = [m.id for m in mentors] + ["c1"]
    teams = []
    if len(mentors) >= 2 and draw(st.booleans()):
        teams.append(Team("t1", "Team", mentors[:2], capacity=5))
        hosts.append("t1")
    matches: list[Match] = []
    for youth in youths:
        for host in draw(st.lists(st.sampled_from(hosts), min_size=1, max_size=2, unique=True)):
            on = start + dt.timedelta(days=draw(st.integers(0, 3)))
            matches.append(Match(f"{prefix}x{len(matches)}", youth.id, host, on))
    gatherings = []
    midnight = dt.datetime.combine(start, dt.time(), ZoneInfo(zone)).astimezone(UTC)
    people = [y.id for y in youths] + [m.id for m in mentors]
    for i in range(draw(st.integers(0, 3))):
        begin = midnight + dt.timedelta(seconds=draw(st.integers(0, 12 * 86400)))
        length = draw(st.one_of(st.integers(60, 4 * 3600), st.integers(60, 3 * 86400)))
        gatherings.append(
            GroupGathering(
                f"{prefix}g{i}",
                "Gathering",
                begin.astimezone(draw(st.sampled_from([ZoneInfo(zone), UTC]))),
                begin + dt.timedelta(seconds=length),
                participant_ids=draw(st.lists(st.sampled_from(people), min_size=1, unique=True)),
            )
        )
    data = ProgramData(
        program,
        youths,
        mentors,
        places=[Place("c1", "Course", "course", capacity=20, availability=draw(window_texts(2)))],
        matches=matches,
        gatherings=gatherings,
        teams=teams,
    )
    return data, dt.time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 30])))


@settings(max_examples=80, deadline=None)
@given(near_clock_changes(), st.sampled_from(["skip", "move"]))
def test_review_nobody_is_in_two_events_near_clock_changes(
    case: tuple[ProgramData, dt.time], policy: str
) -> None:
    data, prefer = case
    plan = plan_program(data, blackouts=NONE, policy=policy, prefer=prefer)
    assert clashes(plan) == []


@settings(max_examples=60, deadline=None)
@given(near_clock_changes(), near_clock_changes(prefix="n"), st.sampled_from(["skip", "move"]))
def test_review_booked_from_another_zone_is_respected(
    first: tuple[ProgramData, dt.time], second: tuple[ProgramData, dt.time], policy: str
) -> None:
    # The same people (ids m0, y0, ...) in two programs, maybe in two zones; match and
    # gathering ids differ (see test_review_booked_from_another_program_with_the_same_match_id).
    (one, early), (two, late) = first, second
    earlier = plan_program(one, blackouts=NONE, prefer=early)
    program = attrs.evolve(two.program, starts_on=one.program.starts_on)
    plan = plan_program(
        attrs.evolve(two, program=program),
        blackouts=NONE,
        prefer=late,
        policy=policy,
        booked=earlier,
    )
    assert clashes(plan, earlier) == []
