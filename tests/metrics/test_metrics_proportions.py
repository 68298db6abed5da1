"""Proportions against statsmodels and Newcombe's (1998) published tables."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from mentorlib.metrics import (
    IntervalMethod,
    clopper_pearson_interval,
    outcome_proportion,
    proportion,
    proportion_difference,
    wilson_interval,
)
from mentorlib.model import ValidationError

# Newcombe RG (1998a) Two-sided confidence intervals for the single proportion. Stat Med 17:857.
# Table I: method 3 (Wilson score) and method 5 (Clopper-Pearson "exact").
NEWCOMBE_SINGLE = [
    (81, 263, (0.2553, 0.3662), (0.2527, 0.3676)),
    (15, 148, (0.0624, 0.1605), (0.0578, 0.1617)),
    (0, 20, (0.0, 0.1611), (0.0, 0.1684)),
    (1, 29, (0.0061, 0.1718), (0.0009, 0.1776)),
]

# Newcombe RG (1998b) Interval estimation for the difference between independent proportions.
# Stat Med 17:873. Table II, method 10 (hybrid score, from Wilson intervals).
NEWCOMBE_DIFFERENCE = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((6, 7, 2, 7), (0.0582, 0.8062)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((0, 10, 0, 10), (-0.2775, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0000)),
    ((10, 10, 0, 10), (0.6075, 1.0000)),
]


@pytest.mark.parametrize(("x", "n", "wilson", "exact"), NEWCOMBE_SINGLE)
def test_single_proportion_matches_newcombe_1998_table_i(x, n, wilson, exact):
    assert [round(b, 4) for b in wilson_interval(x, n)] == list(wilson)
    assert [round(b, 4) for b in clopper_pearson_interval(x, n)] == list(exact)


@pytest.mark.parametrize(("counts", "expected"), NEWCOMBE_DIFFERENCE)
def test_difference_matches_newcombe_1998_table_ii_method_10(counts, expected):
    result = proportion_difference(*counts)
    assert (round(result.lower, 4), round(result.upper, 4)) == expected


@pytest.mark.parametrize("confidence", [0.8, 0.9, 0.95, 0.99])
@pytest.mark.parametrize(("x", "n"), [(0, 1), (1, 1), (3, 7), (129, 215), (40, 50), (0, 500)])
def test_intervals_match_statsmodels(x, n, confidence):
    alpha = 1 - confidence
    assert wilson_interval(x, n, confidence=confidence) == pytest.approx(
        proportion_confint(x, n, alpha=alpha, method="wilson"), abs=1e-12
    )
    assert clopper_pearson_interval(x, n, confidence=confidence) == pytest.approx(
        proportion_confint(x, n, alpha=alpha, method="beta"), abs=1e-10
    )


@given(
    st.integers(0, 300),
    st.integers(1, 300),
    st.integers(0, 300),
    st.integers(1, 300),
    st.sampled_from([0.9, 0.95, 0.99]),
)
def test_newcombe_matches_statsmodels(x1, n1, x2, n2, confidence):
    x1, x2 = min(x1, n1), min(x2, n2)
    ours = proportion_difference(x1, n1, x2, n2, confidence=confidence)
    low, high = confint_proportions_2indep(
        x1, n1, x2, n2, method="newcomb", compare="diff", alpha=1 - confidence
    )
    assert (ours.lower, ours.upper) == pytest.approx((low, high), abs=1e-10)
    assert -1 <= ours.lower <= ours.difference <= ours.upper <= 1


@given(
    st.integers(1, 2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.sampled_from(list(IntervalMethod)),
    st.floats(0.5, 0.999),
)
def test_bounds_stay_in_unit_interval_and_contain_the_estimate(counts, method, confidence):
    x, n = counts
    p = proportion(x, n, method=method, confidence=confidence)
    assert 0 <= p.lower <= p.estimate <= p.upper <= 1
    wider = proportion(x, n, method=method, confidence=min(confidence + 0.0005, 0.9995))
    assert wider.lower <= p.lower + 1e-12
    assert wider.upper >= p.upper - 1e-12


def test_clopper_pearson_is_wider_than_wilson_here():
    wilson, exact = proportion(3, 20), proportion(3, 20, method="clopper-pearson")
    assert exact.lower < wilson.lower
    assert exact.upper > wilson.upper


def test_no_observations_give_nan_and_say_so():
    p = proportion(0, 0)
    assert math.isnan(p.estimate)
    assert math.isnan(p.lower)
    assert str(p) == "no observations"


def test_bad_counts_and_options_are_refused_with_the_field():
    with pytest.raises(ValidationError, match="successes cannot exceed"):
        proportion(5, 4)
    with pytest.raises(ValidationError, match="field 'total'"):
        proportion(1, -2)
    with pytest.raises(ValidationError, match="'wilson', 'clopper-pearson'"):
        proportion(1, 2, method="wald")
    with pytest.raises(ValidationError, match="strictly between 0 and 1"):
        proportion(1, 2, confidence=95)


def test_rendering_names_the_method():
    assert str(proportion(129, 215)) == "60.0 % (95 % CI 53.3–66.3 %; 129 of 215, Wilson)"
    assert "Clopper–Pearson" in str(proportion(3, 9, method="clopper-pearson"))


def test_outcome_proportion_takes_each_persons_latest_outcome():
    import datetime as dt

    from mentorlib.model import Outcome

    day = dt.date(2027, 1, 1)
    later = dt.date(2027, 6, 1)
    outcomes = [
        Outcome("o1", "y1", day, "none"),
        Outcome("o2", "y1", later, "work"),
        Outcome("o3", "y2", day, "education"),
        Outcome("o4", "y3", day, "unknown"),
        Outcome("o5", "y4", later, "job seeking"),
    ]
    assert (outcome_proportion(outcomes).successes, outcome_proportion(outcomes).total) == (2, 4)
    excluded = outcome_proportion(outcomes, unknown="exclude")
    assert (excluded.successes, excluded.total) == (2, 3)
    early = outcome_proportion(outcomes, as_of=day, person_ids={"y1", "y2"})
    assert (early.successes, early.total) == (1, 2)
    with pytest.raises(ValidationError, match="'failure' or 'exclude'"):
        outcome_proportion(outcomes, unknown="drop")


def test_of_two_outcomes_on_one_day_the_one_listed_last_counts_in_both_views():
    """A later entry corrects an earlier one: the rule is stated, and the two views agree."""
    import datetime as dt

    from mentorlib.metrics import mentee_frame
    from mentorlib.model import Mentee, Outcome, Program, ProgramData

    day = dt.date(2027, 1, 1)
    first, second = Outcome("o1", "y1", day, "none"), Outcome("o2", "y1", day, "work")
    for listed, positive in (([first, second], 1), ([second, first], 0)):
        assert outcome_proportion(listed).successes == positive
        data = ProgramData(
            Program("p1", "Test", country="NO"), mentees=[Mentee("y1", "Amina")], outcomes=listed
        )
        assert mentee_frame(data, as_of=day).loc["y1", "positive_outcome"] == bool(positive)


def test_intervals_match_statsmodels_for_every_small_count():
    """Wilson, Clopper–Pearson and Newcombe agree with statsmodels (passes)."""
    for total in (1, 2, 5, 17):
        for successes in range(total + 1):
            for method, theirs in (("wilson", "wilson"), ("clopper-pearson", "beta")):
                p = proportion(successes, total, method=method, confidence=0.9)
                low, high = proportion_confint(successes, total, 0.1, method=theirs)
                assert np.allclose((p.lower, p.upper), (low, high), atol=1e-12)
    d = proportion_difference(3, 7, 0, 4)
    expected = confint_proportions_2indep(3, 7, 0, 4, method="newcomb")
    assert np.allclose((d.lower, d.upper), expected)
