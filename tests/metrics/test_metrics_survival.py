"""Kaplan–Meier against lifelines and the Freireich 6-MP table; match durations and closures."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st
from lifelines import KaplanMeierFitter
from lifelines.utils import median_survival_times

from mentorlib.metrics import (
    add_months,
    closure_reasons,
    duration_bands,
    early_closure,
    kaplan_meier,
    match_survival,
    months_between,
    retention,
)
from mentorlib.model import Closure, Match, ValidationError

# Freireich et al. (1963), 6-MP arm: weeks of remission, True where the patient relapsed.
SIX_MP = [
    (6, True), (6, True), (6, True), (6, False), (7, True), (9, False), (10, True), (10, False),
    (11, False), (13, True), (16, True), (17, False), (19, False), (20, False), (22, True),
    (23, True), (25, False), (32, False), (32, False), (34, False), (35, False),
]  # fmt: skip
# The textbook table (e.g. Kleinbaum & Klein, Survival Analysis, Table 2.1 / Cox & Oakes):
# time, at risk, relapses, S(t).
SIX_MP_TABLE = [
    (6, 21, 3, 0.8571),
    (7, 17, 1, 0.8067),
    (10, 15, 1, 0.7529),
    (13, 12, 1, 0.6902),
    (16, 11, 1, 0.6275),
    (22, 7, 1, 0.5378),
    (23, 6, 1, 0.4482),
]


def test_freireich_six_mp_table():
    weeks, relapsed = zip(*SIX_MP, strict=True)
    curve = kaplan_meier(weeks, relapsed, unit="weeks")
    table = curve.table
    for time, at_risk, events, survival in SIX_MP_TABLE:
        row = table.loc[float(time)]
        assert (row["at_risk"], row["events"]) == (at_risk, events)
        assert round(row["survival"], 4) == survival
    assert curve.median == 23.0
    assert table["survival"].iloc[-1] == pytest.approx(0.4482, abs=1e-4)


def _lifelines(durations, observed, confidence=0.95):
    fitter = KaplanMeierFitter(alpha=1 - confidence)
    fitter.fit(durations, observed)
    return fitter


def _check_against_lifelines(durations, observed, confidence=0.95):
    ours = kaplan_meier(durations, observed, confidence=confidence)
    theirs = _lifelines(durations, observed, confidence)
    survival = theirs.survival_function_.iloc[:, 0]
    bands = theirs.confidence_interval_
    np.testing.assert_allclose(ours.timeline, survival.index.to_numpy(), rtol=0, atol=0)
    np.testing.assert_allclose(ours.survival, survival.to_numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours.lower, bands.iloc[:, 0].to_numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.upper, bands.iloc[:, 1].to_numpy(), rtol=1e-9, atol=1e-12)
    table = theirs.event_table
    np.testing.assert_array_equal(ours.at_risk, table["at_risk"].to_numpy())
    np.testing.assert_array_equal(ours.events, table["observed"].to_numpy())
    np.testing.assert_array_equal(ours.censored, table["censored"].to_numpy())
    assert ours.median == theirs.median_survival_time_
    low, high = median_survival_times(bands).iloc[0]
    assert ours.median_ci == (low, high)
    return ours


def test_six_mp_matches_lifelines_including_bands_and_median_interval():
    weeks, relapsed = zip(*SIX_MP, strict=True)
    curve = _check_against_lifelines(np.array(weeks, float), np.array(relapsed))
    assert curve.median_ci == (13.0, math.inf)


@pytest.mark.parametrize("seed", range(6))
def test_random_data_matches_lifelines(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 400))
    durations = rng.integers(0, 40, size=n).astype(float)  # many ties, zeros included
    observed = rng.random(n) < rng.uniform(0.2, 1.0)
    _check_against_lifelines(durations, observed, confidence=float(rng.choice([0.9, 0.95])))


def test_median_rule_when_the_curve_sits_at_one_half():
    # Four subjects, events at 1, 2, 3, 4: S = 0.75, 0.5, 0.25, 0. S is exactly 0.5 on [2, 3).
    curve = kaplan_meier([1, 2, 3, 4], [1, 1, 1, 1])
    assert curve.median == 2.0  # lifelines' rule; R's survfit would report 2.5
    assert _lifelines([1, 2, 3, 4], [1, 1, 1, 1]).median_survival_time_ == 2.0


def test_the_median_is_where_the_curve_is_exactly_one_half_despite_rounding():
    """Five of ten closed by 3: S(3) = 0.8 · 7/8 · 5/7 = 0.5, in floats 0.5000000000000001."""
    durations = [5, 3, 6, 1, 4, 3, 6, 0, 6, 0]
    assert kaplan_meier(durations).median == 3.0
    assert _lifelines(durations, [1] * 10).median_survival_time_ == 3.0


def _exact_median(durations, observed):
    """The product-limit median in exact fractions: the first time S(t) <= 1/2, else inf."""
    survival = Fraction(1)
    for time in sorted(set(durations)):
        at_risk = sum(d >= time for d in durations)
        events = sum(o for d, o in zip(durations, observed, strict=True) if d == time)
        survival *= 1 - Fraction(events, at_risk)
        if survival <= Fraction(1, 2):
            return float(time)
    return math.inf


@given(st.lists(st.tuples(st.integers(0, 12), st.booleans()), min_size=1, max_size=40))
def test_the_median_agrees_with_exact_fractions(rows):
    """lifelines is no oracle here: its own rounding puts some exact halves above 0.5."""
    durations, observed = zip(*rows, strict=True)
    assert kaplan_meier(durations, observed).median == _exact_median(durations, observed)


@pytest.mark.parametrize(
    ("observed", "item", "shown"),
    [(["0", "1", "0"], 0, "'0'"), ([0.0, math.nan, 1.0], 1, "nan"), ([1, 0, 2], 2, "2"),
     ([True, None, False], 1, "None")],
)  # fmt: skip
def test_event_flags_that_are_not_true_false_1_or_0_are_refused(observed, item, shown):
    """Text read from a CSV, NaN and other numbers were all counted as events before."""
    with pytest.raises(ValidationError, match=f"item {item} is {shown}") as caught:
        kaplan_meier([1, 2, 3], observed)
    assert caught.value.field == "observed"


def test_event_flags_as_numbers_or_a_column_of_objects_are_read():
    expected = kaplan_meier([1, 2, 3], [True, False, True]).events.tolist()
    assert kaplan_meier([1, 2, 3], [1, 0, 1]).events.tolist() == expected
    assert kaplan_meier([1, 2, 3], np.array([1.0, 0.0, 1.0])).events.tolist() == expected
    flags = pd.Series([True, False, True], dtype=object)
    assert kaplan_meier([1, 2, 3], flags).events.tolist() == expected


@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.booleans()),
        min_size=1,
        max_size=80,
    )
)
def test_survival_is_non_increasing_and_inside_its_band(rows):
    durations, observed = zip(*rows, strict=True)
    curve = kaplan_meier(durations, observed)
    assert np.all(np.diff(curve.survival) <= 1e-15)
    assert np.all((curve.survival >= 0) & (curve.survival <= 1))
    assert np.all(curve.lower <= curve.survival + 1e-12)
    assert np.all(curve.upper >= curve.survival - 1e-12)
    assert np.all((curve.lower >= 0) & (curve.upper <= 1))


def test_at_is_a_right_continuous_step_and_unknown_beyond_follow_up():
    curve = kaplan_meier([2, 4, 6], [1, 1, 0])
    frame = curve.at([0, 1.9, 2, 5, 6, 7])
    assert frame["survival"].iloc[:5].round(4).tolist() == [1.0, 1.0, 0.6667, 0.3333, 0.3333]
    assert math.isnan(frame["survival"].iloc[5])
    assert frame["at_risk"].tolist() == [3, 3, 2, 1, 0, 0]


def test_bad_input_is_refused():
    with pytest.raises(ValidationError, match="one flag a duration"):
        kaplan_meier([1, 2], [True])
    with pytest.raises(ValidationError, match="at least 0"):
        kaplan_meier([-1, 2])


@given(
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    st.integers(0, 800),
)
def test_months_between_counts_anniversaries_as_relativedelta(start, days):
    end = start + dt.timedelta(days=days)
    months = months_between(
        np.array([start], dtype="datetime64[D]"), np.array([end], dtype="datetime64[D]")
    )[0]
    whole = math.floor(months)
    # The whole part is the last anniversary reached (relativedelta clips 31 Jan + 1 month to
    # 28 Feb, as the anniversary rule does).
    assert start + relativedelta(months=whole) <= end < start + relativedelta(months=whole + 1)
    k = int(np.random.default_rng(days).integers(0, 30))
    shifted = add_months(np.array([start], dtype="datetime64[D]"), k)[0]
    assert shifted == np.datetime64(start + relativedelta(months=k))


@given(
    st.lists(
        st.tuples(st.dates(dt.date(1960, 1, 1), dt.date(2040, 12, 31)), st.integers(0, 2000)),
        min_size=1,
        max_size=40,
    ),
    st.integers(-30, 30),
)
def test_month_arithmetic_over_arrays_spanning_many_months(pairs, k):
    # Each element of an array is counted as it would be alone (relativedelta as the oracle).
    starts = np.array([s for s, _ in pairs], dtype="datetime64[D]")
    ends = np.array([s + dt.timedelta(days=d) for s, d in pairs], dtype="datetime64[D]")
    months = months_between(starts, ends)
    shifted = add_months(starts, k)
    for (start, days), value, moved in zip(pairs, months, shifted, strict=True):
        whole = math.floor(value)
        end = start + dt.timedelta(days=days)
        assert start + relativedelta(months=whole) <= end < start + relativedelta(months=whole + 1)
        assert moved == np.datetime64(start + relativedelta(months=k))


AS_OF = dt.date(2027, 8, 16)
START = dt.date(2026, 8, 17)


def _match(number, days=None, *, start=START, reason="lost contact", by="coordinator"):
    match = Match(f"x{number}", f"y{number}", f"m{number}", start)
    if days is None:
        return match
    return match.close(Closure(start + dt.timedelta(days=days), reason, by))


def test_match_survival_censors_running_matches_and_ignores_later_and_proposed_ones():
    matches = [
        _match(1, 30),
        _match(2, 92),  # 17 Aug -> 17 Nov: exactly 3 months
        _match(3),
        _match(4, 400),  # closes after as_of: censored at as_of
        Match("x5", "y5", "m5", AS_OF + dt.timedelta(days=1)),
        Match("x6", "y6", "m6", START, status="proposed"),
    ]
    days = match_survival(matches, as_of=AS_OF, unit="days")
    assert days.at_risk[0] == 4
    assert days.events.sum() == 2
    theirs = _lifelines([30, 92, 364, 364], [1, 1, 0, 0])
    np.testing.assert_allclose(days.survival, theirs.survival_function_.iloc[:, 0].to_numpy())
    months = match_survival(matches, as_of=AS_OF)
    assert 3.0 in months.timeline
    kept = retention(months, months=(3, 6, 12))
    # the match closed on its 3-month anniversary is not retained at 3 months
    assert kept["survival"].tolist()[:2] == [0.5, 0.5]
    assert math.isnan(kept["survival"].iloc[2])  # 12 months: beyond every follow-up
    assert retention(matches, as_of=AS_OF).equals(kept)


def test_duration_bands_count_calendar_months():
    matches = [
        _match(1, 91),  # 16 Nov: 2.97 months
        _match(2, 92),  # 17 Nov: 3 months -> 3–6
        _match(3, 180),
        _match(4, 365 - 1),  # 16 Aug 2027: under 12 months
        _match(5),
    ]
    bands = duration_bands(matches, as_of=AS_OF)
    assert bands["matches"].tolist() == [1, 2, 1, 0]
    assert bands["share"].sum() == pytest.approx(1.0)
    assert duration_bands([_match(6, 365)], as_of=AS_OF + dt.timedelta(days=1))[
        "matches"
    ].tolist() == [0, 0, 0, 1]


def test_early_closure_uses_matches_whose_fate_at_three_months_is_known():
    recent = AS_OF - dt.timedelta(days=20)
    matches = [
        _match(1, 20),
        _match(2, 150),
        _match(3),
        _match(4, start=recent),  # running 20 days: not known yet
        _match(5, 5, start=recent),  # closed early, known
    ]
    early = early_closure(matches, as_of=AS_OF)
    assert (early.successes, early.total) == (2, 4)


def test_closure_reasons_by_who_ended_the_match():
    matches = [
        _match(1, 20, reason="mentee moved", by="mentee"),
        _match(2, 40, reason="mentee moved", by="mentee"),
        _match(3, 50, reason="mismatch", by="both"),
        _match(4),
    ]
    table = closure_reasons(matches, as_of=AS_OF)
    assert table.loc["mentee moved", "mentee"] == 2
    assert table.loc["mismatch", "both"] == 1
    assert table["total"].sum() == 3
    assert list(table.columns) == ["mentee", "mentor", "both", "coordinator", "total"]
    assert isinstance(table, pd.DataFrame)


def test_kaplan_meier_matches_lifelines_on_freireich_bands():
    """Pins the curve and bands against lifelines on the 6-MP data (passes)."""
    weeks = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
    relapse = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    ours = kaplan_meier(weeks, relapse).table
    fitter = KaplanMeierFitter().fit(weeks, relapse)
    theirs = fitter.survival_function_.iloc[:, 0]
    band = fitter.confidence_interval_
    assert np.allclose(ours.loc[theirs.index, "survival"], theirs)
    assert np.allclose(ours.loc[band.index, "lower"], band.iloc[:, 0])
    assert np.allclose(ours.loc[band.index, "upper"], band.iloc[:, 1])
