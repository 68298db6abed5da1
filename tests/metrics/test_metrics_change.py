"""Change: paired t-test and effect size against scipy/statsmodels; reliable and clinical change."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import optimize, stats
from statsmodels.stats.weightstats import DescrStatsW

from mentorlib.metrics import (
    Norms,
    assessment_change,
    change,
    clinical_cutoff,
    hedges_correction,
    paired_effect_size,
    paired_t_test,
    reliable_change_index,
)
from mentorlib.model import Assessment, ValidationError


def _pairs(seed, n):
    rng = np.random.default_rng(seed)
    before = rng.normal(20, 6, size=n).round()
    after = (before + rng.normal(-2, 4, size=n)).round()
    return before, after


@pytest.mark.parametrize(("seed", "n"), [(0, 5), (1, 12), (2, 40), (3, 200)])
@pytest.mark.parametrize("confidence", [0.9, 0.95])
def test_paired_t_test_matches_scipy_and_statsmodels(seed, n, confidence):
    before, after = _pairs(seed, n)
    ours = paired_t_test(before, after, confidence=confidence)
    theirs = stats.ttest_rel(after, before)
    assert ours.t == pytest.approx(theirs.statistic, rel=1e-12)
    assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-10)
    assert ours.df == n - 1
    low, high = DescrStatsW(after - before).tconfint_mean(alpha=1 - confidence)
    assert (ours.lower, ours.upper) == pytest.approx((low, high), rel=1e-10)


def _nct_interval(t, df, confidence):
    """The noncentral-t inversion, computed independently with scipy's root finder."""
    alpha = 1 - confidence

    def limit(target):
        return optimize.root_scalar(
            lambda ncp: stats.nct.cdf(t, df, ncp) - target, bracket=(t - 8, t + 8)
        ).root

    return limit(1 - alpha / 2), limit(alpha / 2)


@pytest.mark.parametrize(("seed", "n"), [(0, 5), (1, 12), (2, 40), (3, 150)])
def test_paired_effect_size_and_its_interval(seed, n):
    before, after = _pairs(seed, n)
    ours = paired_effect_size(before, after)
    d = after - before
    d_z = d.mean() / d.std(ddof=1)
    assert ours.d_z == pytest.approx(d_z, rel=1e-12)
    # Hedges' exact J against its closed-form approximation 1 - 3 / (4 df - 1)
    assert ours.g_z / ours.d_z == pytest.approx(1 - 3 / (4 * (n - 1) - 1), rel=5e-3)
    t = stats.ttest_rel(after, before).statistic
    low, high = _nct_interval(t, n - 1, 0.95)
    assert (ours.lower, ours.upper) == pytest.approx(
        (low / math.sqrt(n), high / math.sqrt(n)), abs=1e-7
    )
    assert ours.lower < ours.d_z < ours.upper
    # The large-sample normal approximation sqrt(1/n + d^2 / (2n)) agrees for large n.
    if n >= 100:
        se = math.sqrt(1 / n + d_z**2 / (2 * n))
        assert ours.lower == pytest.approx(d_z - 1.96 * se, abs=0.02)


def test_hedges_correction_matches_its_gamma_definition():
    for df in (2, 5, 9, 30, 200):
        exact = math.gamma(df / 2) / (math.sqrt(df / 2) * math.gamma((df - 1) / 2))
        assert hedges_correction(df) == pytest.approx(exact, rel=1e-12)


def test_reliable_change_index_of_jacobson_and_truax():
    # SD 7.5 and reliability 0.8: S_diff = sqrt(2) * 7.5 * sqrt(0.2) = 4.743; 1.96 S_diff = 9.30.
    rci = reliable_change_index([20, 20, 20], [10.8, 10.6, 30], sd=7.5, reliability=0.8)
    s_diff = math.sqrt(2 * (7.5 * math.sqrt(1 - 0.8)) ** 2)
    assert rci.tolist() == pytest.approx([-9.2 / s_diff, -9.4 / s_diff, 10 / s_diff])
    assert abs(rci[0]) < 1.96 < abs(rci[1])
    with pytest.raises(ValidationError, match="between 0 and 1"):
        reliable_change_index([1], [2], sd=1, reliability=1.2)


def test_clinical_cutoffs_follow_the_direction():
    norms = Norms(dysfunctional_mean=30, dysfunctional_sd=6, functional_mean=10, functional_sd=4)
    assert clinical_cutoff(norms, criterion="a", higher_is_worse=True) == 18
    assert clinical_cutoff(norms, criterion="b", higher_is_worse=True) == 18
    assert clinical_cutoff(norms, criterion="c", higher_is_worse=True) == pytest.approx(18)
    well = Norms(dysfunctional_mean=8, dysfunctional_sd=3, functional_mean=17, functional_sd=4)
    assert clinical_cutoff(well, criterion="a", higher_is_worse=False) == 14
    assert clinical_cutoff(well, criterion="b", higher_is_worse=False) == 9
    assert clinical_cutoff(well, criterion="c", higher_is_worse=False) == pytest.approx(
        (4 * 8 + 3 * 17) / 7
    )
    with pytest.raises(ValidationError, match="functional population"):
        clinical_cutoff(Norms(30, 6), criterion="c", higher_is_worse=True)


def test_change_categories_are_direction_aware():
    before = [30, 30, 30, 30, 10]
    after = [10, 28, 45, 22, 12]
    symptoms = change(before, after, higher_is_worse=True, reliability=0.8, sd=7.5, cutoff=17)
    assert symptoms.per_person["category"].tolist() == [
        "improved",
        "unchanged",
        "deteriorated",
        "unchanged",
        "unchanged",
    ]
    assert symptoms.per_person["recovered"].tolist() == [True, False, False, False, False]
    wellbeing = change(before, after, higher_is_worse=False, reliability=0.8, sd=7.5)
    assert wellbeing.per_person["category"].tolist()[:3] == [
        "deteriorated",
        "unchanged",
        "improved",
    ]
    assert wellbeing.counts.to_dict() == {
        "improved": 1,
        "unchanged": 3,
        "deteriorated": 1,
        "recovered": 0,
    }


def test_without_reliability_no_reliable_change_is_claimed():
    result = change([10, 12, 14, 9], [8, 9, 13, 5], higher_is_worse=True)
    assert result.per_person["category"].isna().all()
    assert result.t_test is not None
    assert result.effect_size is not None
    assert "d_z" in result.summary.index


def test_default_sd_is_the_sample_sd_before():
    before, after = [10.0, 14.0, 18.0], [9.0, 12.0, 20.0]
    result = change(before, after, higher_is_worse=True, reliability=0.9)
    assert result.sd == pytest.approx(np.std(before, ddof=1))


@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=3, max_size=30),
    st.booleans(),
)
def test_improved_and_deteriorated_mirror_when_direction_flips(pairs, worse):
    before, after = zip(*pairs, strict=True)
    if np.std(before) == 0:
        return
    one = change(before, after, higher_is_worse=worse, reliability=0.85)
    other = change(before, after, higher_is_worse=not worse, reliability=0.85)
    assert one.counts["improved"] == other.counts["deteriorated"]
    assert one.counts["unchanged"] == other.counts["unchanged"]


def test_assessment_change_pairs_people_and_uses_the_instrument_cutoff():
    day, end = dt.date(2026, 9, 1), dt.date(2027, 6, 1)
    rows = []
    scores = {"y1": (5, 0), "y2": (5, 3), "y3": (3, 3), "y4": (5, 5)}
    for number, (person, (first, last)) in enumerate(scores.items()):
        rows.append(Assessment(f"b{number}", person, "CRIES-8", "baseline", day, [first] * 8))
        rows.append(Assessment(f"e{number}", person, "CRIES-8", "end", end, [last] * 8))
    rows.append(Assessment("lonely", "y9", "CRIES-8", "baseline", day, [1] * 8))
    result = assessment_change(rows, "CRIES-8", reliability=0.8, sd=8.0)
    assert sorted(result.per_person.index) == ["y1", "y2", "y3", "y4"]
    assert result.cutoff == 17
    frame = result.per_person
    assert frame.loc["y1", "category"] == "improved"
    assert bool(frame.loc["y1", "recovered"]) is True  # 40 -> 0 crosses 17
    assert bool(frame.loc["y2", "recovered"]) is False  # 40 -> 24 improved, still above 17
    with pytest.raises(ValidationError, match="no scale"):
        assessment_change(rows, "CRIES-8", scale="arousal")


def test_too_few_pairs_are_refused():
    with pytest.raises(ValidationError, match="at least 2 pairs"):
        paired_t_test([1], [2])
    with pytest.raises(ValidationError, match="in pairs"):
        paired_t_test([1, 2], [2])
    with pytest.raises(ValidationError, match="undefined"):
        paired_effect_size([1, 2, 3], [2, 3, 4])


def test_paired_t_test_matches_scipy():
    """The paired t-test and its interval agree with scipy.stats.ttest_rel (passes)."""
    before = [10, 12, 9, 14, 11, 13, 8]
    after = [8, 11, 9, 10, 10, 14, 6]
    ours = paired_t_test(before, after, confidence=0.9)
    theirs = stats.ttest_rel(after, before)
    interval = theirs.confidence_interval(0.9)
    assert np.isclose(ours.t, theirs.statistic)
    assert np.isclose(ours.p_value, theirs.pvalue)
    assert np.allclose((ours.lower, ours.upper), (interval.low, interval.high))


def test_assessment_change_leaves_out_a_person_whose_latest_form_cannot_be_scored():
    """ "Each person's latest assessment of each time point is used; people ... with a scale
    that could not be scored ... are left out" (assessment_change's docstring).

    y1's latest end form has two of five WHO-5 items missing, so it cannot be scored. The
    change uses y1's older end form instead (pandas' groupby ``last()`` skips NaN), so y1 is
    counted with a score that is not their latest.
    """
    forms = [
        Assessment("a1", "y1", "WHO-5", "baseline", dt.date(2026, 1, 1), [1, 1, 1, 1, 1]),
        Assessment("a2", "y1", "WHO-5", "end", dt.date(2026, 6, 1), [5, 5, 5, 5, 5]),
        Assessment("a3", "y1", "WHO-5", "end", dt.date(2026, 9, 1), [2, None, None, 2, 2]),
    ]
    for i in range(2, 6):
        baseline = [i % 5, 1, 2, 1, 1]
        forms.append(
            Assessment(f"b{i}", f"y{i}", "WHO-5", "baseline", dt.date(2026, 1, 1), baseline)
        )
        forms.append(
            Assessment(f"c{i}", f"y{i}", "WHO-5", "end", dt.date(2026, 6, 1), [3, 2, i % 5, 2, 2])
        )
    result = assessment_change(forms, "WHO-5")
    assert "y1" not in result.per_person.index, result.per_person.loc["y1"].to_dict()
