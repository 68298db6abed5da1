"""AgeGap and PreferredAgeGap: the gap in whole years as ages count them, at its boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from matching_support import ON, years_older

from mentorlib.matching import Pairs, match, rules
from mentorlib.model import Mentee, Mentor, Place

LEAP_DAYS = st.sampled_from([dt.date(y, 2, 29) for y in range(1952, 2012, 4)])
NEAR_LEAP_DAYS = st.sampled_from(
    [dt.date(y, 2, d) for y in range(1950, 2012) for d in (27, 28)]
    + [dt.date(y, 3, 1) for y in range(1950, 2012)]
)
BIRTHS = st.one_of(st.dates(dt.date(1950, 1, 1), dt.date(2012, 12, 31)), LEAP_DAYS, NEAR_LEAP_DAYS)


def test_agegap_mentor_exactly_maximum_years_older_is_allowed() -> None:
    """AgeGap(0, 10): a mentor born exactly 10 years before the mentee is 10 years older.

    (1 January 2000 and 2010: three leap days lie between, 10.0015 years of 365.2425 days.)
    """
    mentee = Mentee("e1", "Amina", birth_date=dt.date(2010, 1, 1))
    mentor = Mentor("m1", "Ingrid", birth_date=dt.date(2000, 1, 1))
    assert mentor.age_on(ON) - mentee.age_on(ON) == 10
    result = match([mentee], [mentor], [rules.AgeGap(0, 10)], on=ON)
    assert result.pairs() == [("e1", "m1")], [u.message for u in result.unmatched]


def test_a_fractional_minimum_is_met_to_the_day() -> None:
    """AgeGap(1.5, 40): 1 year and 11 months older is a year and a half or more."""
    mentee = Mentee("y1", "Youth", birth_date=dt.date(2010, 6, 1))
    mentor = Mentor("m1", "Adult", birth_date=dt.date(2008, 7, 1))
    assert match([mentee], [mentor], [rules.AgeGap(1.5, 40)], on=ON).matched == 1
    closer = Mentor("m2", "Adult", birth_date=dt.date(2009, 1, 1))  # 1 year and 5 months
    assert match([mentee], [closer], [rules.AgeGap(1.5, 40)], on=ON).matched == 0


def test_agegap_mentor_exactly_minimum_years_older_is_allowed() -> None:
    """AgeGap(5, 20): born exactly five years before (1,826 days, 4.9993 "years") is 5 older."""
    mentee = Mentee("e1", "Amina", birth_date=dt.date(2010, 1, 1))
    mentor = Mentor("m1", "Ingrid", birth_date=dt.date(2005, 1, 1))
    result = match([mentee], [mentor], [rules.AgeGap(5, 20)], on=ON)
    assert result.pairs() == [("e1", "m1")], [u.message for u in result.unmatched]


@pytest.mark.parametrize(
    ("mentor_born", "allowed"),
    [
        (dt.date(2000, 1, 2), True),  # 9 years and 364 days older
        (dt.date(1999, 1, 2), True),  # 10 years and 364 days: still 10, as an age is
        (dt.date(1999, 1, 1), False),  # 11 years
        (dt.date(2010, 1, 1), True),  # born the same day: 0 years
        (dt.date(2010, 1, 2), False),  # a day younger: -1, as the age before a birth
    ],
)
def test_agegap_counts_whole_years_as_ages_do(mentor_born, allowed) -> None:
    mentee = Mentee("e1", "Amina", birth_date=dt.date(2010, 1, 1))
    mentor = Mentor("m1", "Ingrid", birth_date=mentor_born)
    result = match([mentee], [mentor], [rules.AgeGap(0, 10)], on=ON)
    assert (result.matched == 1) is allowed


def test_a_leapling_mentor_turns_a_year_older_on_1_march_in_common_years() -> None:
    """Born 29 February 2000: 1 year older than a mentee born 1 March 2001, 0 on 28 February."""
    mentor = Mentor("m1", "Ingrid", birth_date=dt.date(2000, 2, 29))
    for born, matched in ((dt.date(2001, 2, 28), 0), (dt.date(2001, 3, 1), 1)):
        mentee = Mentee("e1", "Amina", birth_date=born)
        assert match([mentee], [mentor], [rules.AgeGap(1, 5)], on=ON).matched == matched


@given(mentee=BIRTHS, mentor=BIRTHS, low=st.integers(-5, 30), span=st.integers(0, 10))
@example(mentee=dt.date(2001, 2, 28), mentor=dt.date(2000, 2, 29), low=1, span=0)
@example(mentee=dt.date(2003, 2, 28), mentor=dt.date(2004, 2, 29), low=-1, span=0)
@settings(max_examples=300, deadline=None)
def test_agegap_agrees_with_relativedelta_whole_years(mentee, mentor, low, span) -> None:
    """Whole years by relativedelta (rounded down; a leapling's birthday on 1 March)."""
    batch = Pairs.every(
        [Mentee("e1", "A", birth_date=mentee)], [Mentor("m1", "B", birth_date=mentor)], on=ON
    )
    whole, exact = years_older(mentee, mentor)
    allowed = bool(rules.AgeGap(low, low + span).allows(batch)[0])
    assert allowed == (low <= whole <= low + span), (whole, exact)
    half = low + 0.5  # a fraction: the minimum met to the day, the maximum in whole years
    allowed = bool(rules.AgeGap(half, half + span).allows(batch)[0])
    assert allowed == (exact >= half and whole <= half + span), (whole, exact)
    score = rules.PreferredAgeGap(years=low, tolerance=5).score(batch)[0]
    assert score == pytest.approx(max(0.0, 1 - abs(exact - low) / 5), abs=1e-12)


def test_preferred_age_gap_scores_exactly_the_preferred_years_as_one() -> None:
    """The same gap as AgeGap's: born exactly 15 years earlier (four leap days between) is 15."""
    mentee = Mentee("e1", "A", birth_date=dt.date(2010, 1, 1))
    mentor = Mentor("m1", "B", birth_date=dt.date(1995, 1, 1))
    result = match([mentee], [mentor], [rules.PreferredAgeGap(years=15)], on=ON)
    assert result.pairings[0].score == 1.0


def test_places_and_unknown_birth_dates() -> None:
    mentee = Mentee("e1", "A", birth_date=dt.date(2010, 1, 1))
    hosts = [Mentor("m1", "B"), Place("p1", "Course", "course", capacity=1)]
    result = match([mentee], hosts, [rules.AgeGap(0, 10), rules.PreferredAgeGap()], on=ON)
    assert result.pairs() == [("e1", "p1")]
    assert result.pairings[0].score == 0.0
