"""Default public holidays cover every year a plan's days fall in, whatever the program's span.

The ``holidays`` package is the oracle: no planned meeting falls on one of the country's public
holidays, nor on an eve mentorlib promises to close (see ``public_holidays``), in any year,
whether the program has an end or not, and wherever ``starts_on`` or a late match puts the days.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sched_helpers import pair, vinn_program

from mentorlib.model import (
    Cadence,
    DateRange,
    Match,
    Mentee,
    Mentor,
    Period,
    Program,
    ProgramData,
    ValidationError,
)
from mentorlib.scheduling import (
    AdjustmentKind,
    BlackoutCalendar,
    BlackoutPolicy,
    HolidaysByYear,
    MeetingPlan,
    demo_plan,
    plan_match,
    plan_program,
    public_holidays,
    school_holidays,
)

D = dt.date
ZONES = {
    "NO": "Europe/Oslo",
    "SE": "Europe/Stockholm",
    "DK": "Europe/Copenhagen",
    "FI": "Europe/Helsinki",
}
MONDAYS = Cadence(interval=1, unit="week", weekdays=["mon"], sessions=30, meeting_minutes=60)
EASTER_MONDAY_2030 = D(2030, 4, 22)


@functools.cache
def public(country: str, year: int) -> frozenset[dt.date]:
    """The country's public holidays in ``year``, straight from the holidays package."""
    return frozenset(holidays.country_holidays(country, years=year))


@functools.cache
def eves(country: str, year: int) -> frozenset[dt.date]:
    """The eves mentorlib promises to close on top of the public holidays."""
    if country == "SE":
        return frozenset(holidays.country_holidays("SE", years=year, categories=("de_facto",)))
    if country == "DK":
        optional = holidays.country_holidays("DK", years=year, categories=("optional",))
        assert D(year, 12, 24) in optional
        return frozenset({D(year, 12, 24)})
    if country == "NO":
        return frozenset({D(year, 12, 24)})  # julaften: in no category of the holidays package
    return frozenset()


def meeting_days(plan: MeetingPlan) -> list[dt.date]:
    return [m.start.date() for m in plan.meetings]


def test_the_holidays_package_agrees_about_easter_monday_2030() -> None:
    assert holidays.country_holidays("NO", years=2030).get(EASTER_MONDAY_2030) == "Easter Monday"


def test_starts_on_years_get_their_holidays_in_a_program_without_an_end() -> None:
    program = vinn_program(duration=None, cadence=MONDAYS)
    match, mentee, mentor = pair()  # the match started in 2026
    plan = plan_match(program, match, mentee, mentor, starts_on=D(2030, 3, 18))
    days = meeting_days(plan)
    assert days[0] == D(2030, 3, 18)
    assert EASTER_MONDAY_2030 not in days
    (skipped,) = [a for a in plan.adjustments if a.planned_on == EASTER_MONDAY_2030]
    assert skipped.kind is AdjustmentKind.SKIPPED
    assert skipped.reason == "2030-04-22 Easter Monday (public holiday)"


def test_a_match_starting_years_after_an_open_ended_program_keeps_clear_of_holidays() -> None:
    program = vinn_program(duration=None, cadence=MONDAYS)  # starts 2026-08-17, no end
    late = pair(2, started_on=D(2029, 11, 5))
    early = pair(1)
    data = ProgramData(
        program, [early[1], late[1]], [early[2], late[2]], matches=[early[0], late[0]]
    )
    plan = plan_program(data)
    late_days = [m.start.date() for m in plan.meetings if m.match_id == late[0].id]
    assert late_days[0] == D(2029, 11, 5) and late_days[-1].year == 2030
    assert EASTER_MONDAY_2030 not in late_days
    assert D(2030, 4, 29) in late_days  # the cadence goes on after Easter
    for day in meeting_days(plan):
        assert day not in public("NO", day.year)


def test_moving_keeps_clear_of_holidays_in_later_years_too() -> None:
    program = vinn_program(duration=None, cadence=MONDAYS)
    match, mentee, mentor = pair(
        mentee_windows=("mon 16:00-19:00", "tue 16:00-19:00"),
        mentor_windows=("mon 17:00-20:00", "tue 17:00-20:00"),
        started_on=D(2035, 3, 1),
    )
    plan = plan_match(program, match, mentee, mentor, policy="move")
    moved = {a.planned_on: a.start for a in plan.adjustments if a.kind is AdjustmentKind.MOVED}
    easter_monday = D(2035, 3, 26)
    assert "Easter Monday" in holidays.country_holidays("NO", years=2035).get_list(easter_monday)
    assert moved[easter_monday] is not None and moved[easter_monday].date() == D(2035, 3, 27)


def test_christmas_eve_is_closed_by_default_in_every_year_of_a_long_program() -> None:
    daily = Cadence(interval=1, unit="day", meeting_minutes=60)
    for country in ("NO", "SE", "DK"):
        program = Program(
            "long",
            "Long program",
            country=country,
            time_zone=ZONES[country],
            cadence=daily,
            starts_on=D(2026, 12, 1),
        )
        mentee = Mentee("y1", "Amina")
        mentor = Mentor("m1", "Ingrid")
        match = Match("x1", "y1", "m1", D(2026, 12, 1))
        for year in (2026, 2031, 2039):
            plan = plan_match(
                program, match, mentee, mentor, starts_on=D(year, 12, 20), ends_on=D(year, 12, 27)
            )
            days = meeting_days(plan)
            assert D(year, 12, 23) in days, country
            assert D(year, 12, 24) not in days, country


def test_an_empty_blackout_calendar_still_plans_on_holidays() -> None:
    """Holidays are closed by default only: a program that passes no closed days meets on them."""
    program = vinn_program(duration=None, cadence=MONDAYS)
    match, mentee, mentor = pair()
    plan = plan_match(
        program, match, mentee, mentor, starts_on=D(2030, 3, 18), blackouts=BlackoutCalendar()
    )
    assert EASTER_MONDAY_2030 in meeting_days(plan)


# -- public holidays of every year with a program's own closed days ----------------------------

BREAKS = school_holidays(
    [
        DateRange(D(2026, 9, 28), D(2026, 10, 2), label="autumn break"),
        DateRange(D(2030, 4, 15), D(2030, 4, 26), label="Easter break"),
        DateRange(D(2031, 12, 22), D(2032, 1, 2), label="Christmas break"),
    ]
)


@pytest.mark.parametrize("country", sorted(ZONES))
def test_holidays_by_year_with_school_holidays_close_what_a_calendar_of_the_years_would(
    country: str,
) -> None:
    lazy = HolidaysByYear(country) | BREAKS
    assert BREAKS | HolidaysByYear(country) == lazy
    years = range(2026, 2033)
    fixed = public_holidays(country, years) | BREAKS
    day = D(2026, 1, 1)
    while day.year in years:
        assert lazy.on(day) == fixed.on(day), day
        assert (day in lazy) == (day in fixed), day
        day += dt.timedelta(days=1)
    assert HolidaysByYear(country).on(D(2030, 4, 16)) == ()  # the breaks are the combined one's


def test_holidays_by_year_refuses_what_it_cannot_cover() -> None:
    with pytest.raises(ValidationError, match="BlackoutCalendar, field 'country'"):
        HolidaysByYear("XX")
    with pytest.raises(TypeError):
        HolidaysByYear("NO") | [D(2026, 9, 28)]  # type: ignore[operator]
    with pytest.raises(TypeError):
        HolidaysByYear("NO") | HolidaysByYear("SE")  # type: ignore[operator]


def test_a_plan_with_school_holidays_keeps_clear_of_public_holidays_in_every_year() -> None:
    program = vinn_program(duration=None, cadence=MONDAYS)
    early = pair(1)
    late = pair(2, started_on=D(2029, 11, 5))
    data = ProgramData(
        program, [early[1], late[1]], [early[2], late[2]], matches=[early[0], late[0]]
    )
    plan = plan_program(data, blackouts=HolidaysByYear("NO") | BREAKS)
    days = meeting_days(plan)
    assert max(days).year == 2030
    for day in days:
        assert day not in public("NO", day.year) and day not in BREAKS, day
    reasons = {(a.match_id, a.planned_on): a.reason for a in plan.adjustments}
    assert reasons["x01", D(2026, 9, 28)] == "2026-09-28..2026-10-02 autumn break (school holiday)"
    assert reasons["x02", EASTER_MONDAY_2030] == (
        "2030-04-15..2030-04-26 Easter break (school holiday); "
        "2030-04-22 Easter Monday (public holiday)"
    )


def test_the_demo_plan_keeps_clear_of_public_holidays_in_an_open_ended_program() -> None:
    # The demo closed the public holidays of the program's first 366 days only: a match of an
    # open-ended program starting in 2030 met on Easter Monday.
    program = vinn_program(duration=None, cadence=MONDAYS)
    late = pair(1, started_on=D(2030, 3, 18))
    data = ProgramData(program, [late[1]], [late[2]], matches=[late[0]])
    plan = demo_plan(data)
    days = meeting_days(plan)
    assert days[0] == D(2030, 3, 18) and len(days) == 28  # 30 sessions, 2 on public holidays
    for day in days:
        assert day not in public("NO", day.year) and day not in eves("NO", day.year), day
    (skipped,) = [a for a in plan.adjustments if a.planned_on == EASTER_MONDAY_2030]
    assert skipped.reason.startswith("2030-04-22 Easter Monday (public holiday)")


# -- the property ------------------------------------------------------------------------------

years_2026_2040 = st.dates(D(2026, 1, 1), D(2040, 12, 31))


@st.composite
def cadences(draw: st.DrawFn, *, open_ended: bool) -> Cadence:
    """Daily, weekly or monthly; a number of sessions when nothing else would end the series."""
    unit = draw(st.sampled_from(["day", "week", "month"]))
    sessions = draw(st.integers(5, 120)) if open_ended or draw(st.booleans()) else None
    if unit == "day":
        days = draw(st.lists(st.integers(0, 6), max_size=3, unique=True))
        return Cadence(draw(st.integers(1, 3)), "day", days, None, sessions, 60)
    if unit == "week":
        days = draw(st.lists(st.integers(0, 6), max_size=3, unique=True))
        return Cadence(draw(st.integers(1, 2)), "week", days, None, sessions, 60)
    if draw(st.booleans()):
        week = draw(st.sampled_from([1, 2, 3, -1]))
        return Cadence(1, "month", [draw(st.integers(0, 6))], week, sessions, 60)
    return Cadence(1, "month", (), None, sessions, 60)


@st.composite
def programs(draw: st.DrawFn) -> tuple[ProgramData, dict[str, object]]:
    country = draw(st.sampled_from(sorted(ZONES)))
    start = draw(years_2026_2040)
    open_ended = draw(st.booleans())
    duration = None if open_ended else Period(draw(st.integers(1, 4)), "year")
    program = Program(
        "prop",
        "Property program",
        country=country,
        time_zone=ZONES[country],
        cadence=draw(cadences(open_ended=open_ended)),
        starts_on=start,
        duration=duration,
    )
    # Days of a program without an end may fall in any later year.
    last = D(2040, 12, 31) if program.ends_on is None else program.ends_on - dt.timedelta(days=1)
    mentees, mentors, matches = [], [], []
    for n in range(draw(st.integers(1, 3))):
        began = draw(st.dates(start, max(start, last)))  # years after the program started
        windows = draw(
            st.sampled_from(
                [
                    (),
                    ("mon 16:00-19:00", "wed 16:00-19:00", "fri 15:00-18:00"),
                    ("tue 17:00-20:00",),
                ]
            )
        )
        mentees.append(Mentee(f"y{n}", "Amina", availability=list(windows)))
        mentors.append(Mentor(f"m{n}", "Ingrid", availability=list(windows)))
        matches.append(Match(f"x{n}", f"y{n}", f"m{n}", began))
    options: dict[str, object] = {
        "policy": draw(st.sampled_from(BlackoutPolicy)),
        # Making up skipped meetings needs a number of sessions to make up.
        "replace_skipped": program.cadence.sessions is not None and draw(st.booleans()),
    }
    if draw(st.booleans()):
        options["starts_on"] = draw(st.dates(start, max(start, last)))
    if draw(st.booleans()):
        first = options.get("starts_on", start)
        assert isinstance(first, dt.date)
        options["ends_on"] = first + dt.timedelta(days=draw(st.integers(0, 3 * 366)))
    return ProgramData(program, mentees, mentors, matches=matches), options


@settings(max_examples=150, deadline=None)
@given(programs())
def test_no_meeting_falls_on_a_public_holiday_or_a_closed_eve_in_any_year(case) -> None:  # type: ignore[no-untyped-def]
    data, options = case
    country = data.program.country
    plan = plan_program(data, **options)  # type: ignore[arg-type]
    for meeting in plan.meetings:
        day = meeting.start.date()
        assert day not in public(country, day.year), (meeting, data.program)
        assert day not in eves(country, day.year), (meeting, data.program)
    for adjustment in plan.adjustments:
        if adjustment.kind is AdjustmentKind.MOVED:
            assert adjustment.start is not None
            moved_to = adjustment.start.date()
            assert moved_to not in public(country, moved_to.year)
