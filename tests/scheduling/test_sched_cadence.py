"""Cadences as days: every n days or weeks, n times a week, monthly, a number of sessions."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from dateutil import rrule

from mentorlib.model import Cadence, ValidationError
from mentorlib.scheduling import cadence_dates

D = dt.date


def test_every_14_days_for_a_year_on_the_start_weekday() -> None:
    days = cadence_dates(Cadence(interval=2), start=D(2026, 8, 17), until=D(2027, 8, 16))
    assert len(days) == 27
    assert {d.weekday() for d in days} == {0}
    assert days[0] == D(2026, 8, 17)
    assert days[-1] == D(2027, 8, 16)
    assert all((b - a).days == 14 for a, b in itertools.pairwise(days))


def test_an_open_weekday_is_the_first_chosen_weekday_on_or_after_the_start() -> None:
    days = cadence_dates(Cadence(interval=2), start=D(2026, 8, 17), count=3, weekday="thu")
    assert days == (D(2026, 8, 20), D(2026, 9, 3), D(2026, 9, 17))


def test_twice_a_week_for_four_weeks_is_eight_sessions() -> None:
    cycling = Cadence(unit="week", weekdays=["tue", "thu"], sessions=8, meeting_minutes=90)
    days = cadence_dates(cycling, start=D(2027, 4, 21))  # a Wednesday
    assert len(days) == 8
    assert days[0] == D(2027, 4, 22)
    assert days[-1] == D(2027, 5, 18)
    assert {d.weekday() for d in days} == {1, 3}


def test_a_twenty_week_course_and_the_smaller_of_count_and_sessions() -> None:
    course = Cadence(unit="week", sessions=20)
    assert len(cadence_dates(course, start=D(2026, 8, 17))) == 20
    assert len(cadence_dates(course, start=D(2026, 8, 17), count=5)) == 5
    assert len(cadence_dates(course, start=D(2026, 8, 17), until=D(2026, 9, 30))) == 7


def test_monthly_on_the_nth_and_the_last_weekday() -> None:
    first_wed = Cadence(unit="month", weekdays=["wed"], week_of_month=1)
    last_fri = Cadence(unit="month", weekdays=["fri"], week_of_month=-1)
    assert cadence_dates(first_wed, start=D(2026, 12, 1), count=3) == (
        D(2026, 12, 2),
        D(2027, 1, 6),
        D(2027, 2, 3),
    )
    assert cadence_dates(last_fri, start=D(2026, 12, 1), count=3) == (
        D(2026, 12, 25),
        D(2027, 1, 29),
        D(2027, 2, 26),
    )


def test_monthly_without_a_week_keeps_the_first_meetings_weekday_of_the_month() -> None:
    # "At least once a month" (Foreningen Nydansker): the third Monday, as the first meeting.
    monthly = Cadence(unit="month")
    days = cadence_dates(monthly, start=D(2026, 8, 17), count=4)
    assert days == (D(2026, 8, 17), D(2026, 9, 21), D(2026, 10, 19), D(2026, 11, 16))
    # A fifth weekday becomes the last one, so no month is left out.
    fifth = cadence_dates(monthly, start=D(2026, 8, 31), count=3)
    assert fifth == (D(2026, 8, 31), D(2026, 9, 28), D(2026, 10, 26))


def test_every_n_days_matches_rrule_across_a_leap_day() -> None:
    days = cadence_dates(Cadence(interval=3, unit="day"), start=D(2028, 2, 25), count=4)
    assert days == (D(2028, 2, 25), D(2028, 2, 28), D(2028, 3, 2), D(2028, 3, 5))
    expected = [
        d.date()
        for d in rrule.rrule(rrule.DAILY, interval=3, dtstart=dt.datetime(2028, 2, 25), count=4)
    ]
    assert list(days) == expected


def test_bad_bounds_are_refused() -> None:
    with pytest.raises(ValidationError, match="Cadence, field 'until': the series ends on"):
        cadence_dates(Cadence(), start=D(2026, 8, 17), until=D(2026, 8, 1))
    with pytest.raises(ValidationError, match="field 'sessions': the series has no end"):
        cadence_dates(Cadence(), start=D(2026, 8, 17))
    with pytest.raises(ValidationError, match="field 'start': expected a date"):
        cadence_dates(Cadence(), start=dt.datetime(2026, 8, 17), count=2)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="expected a Cadence"):
        cadence_dates("every week", start=D(2026, 8, 17), count=2)  # type: ignore[arg-type]


@pytest.mark.parametrize("count", [-1, 1.5, "3", True])
def test_a_count_that_is_no_number_of_days_is_refused_naming_count(count: object) -> None:
    """``count=-1`` raised a bare ValueError from itertools.islice ("Stop argument")."""
    with pytest.raises(ValidationError) as caught:
        cadence_dates(Cadence(unit="week"), start=D(2026, 8, 17), count=count)  # type: ignore[arg-type]
    assert caught.value.field == "count"


def test_a_count_of_zero_is_no_days() -> None:
    assert cadence_dates(Cadence(unit="week"), start=D(2026, 8, 17), count=0) == ()


def test_a_count_from_numpy_is_a_whole_number() -> None:
    """A frame's column gives numpy integers; ``Cadence(sessions=np.int64(3))`` takes them too."""
    import numpy as np

    plain = cadence_dates(Cadence(unit="week"), start=D(2026, 8, 17), count=3)
    assert cadence_dates(Cadence(unit="week"), start=D(2026, 8, 17), count=np.int64(3)) == plain
