"""Pricing (solving on a sample of pairs, then pricing out the rest) never changes the optimum.

``match`` prices only large problems; these tests force it on small ones, from an empty or a
one-pair-per-person first sample so that pairs must enter, and compare with the whole-network
solve and with scipy's optimum.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_support import Oracle, assert_consistent, instances, solve
from test_matching_quotas import quota_instances

from mentorlib import samples
from mentorlib.matching import InfeasibleError, _assignment, _flow, match, rules
from mentorlib.model import ValidationError


@contextlib.contextmanager
def priced(per_person: int = 0, **limits: int) -> Iterator[None]:
    """Price every problem, from ``per_person`` random and best pairs a person (0: none).

    Problems without quotas go to the assignment solver first: make them all too large for it.
    """
    settings_ = {"_PRICING_FROM_PAIRS": 0, "_SAMPLE_PER_PERSON": per_person, **limits}
    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch.object(_assignment, "_MAX_EDGES", -1))
        for name, value in settings_.items():
            stack.enter_context(mock.patch.object(_flow, name, value))
        yield


def steps(result) -> int:
    """The objective the solvers see: each pair's score in whole hundredths."""
    return sum(round(p.score * 100) for p in result.pairings)


def assert_same_optimum(priced_result, whole_result) -> None:
    """As many matched and as many hundredths; among ties each may pick another assignment."""
    assert priced_result.optimal and priced_result.backend == "flow"
    assert priced_result.matched == whole_result.matched
    assert steps(priced_result) == steps(whole_result)


PER_PERSON = st.sampled_from([0, 1, 2])


@settings(max_examples=60)
@given(instances(max_mentees=14, max_mentors=8), PER_PERSON)
def test_pricing_reaches_the_linear_sum_assignment_optimum(instance, per_person) -> None:
    es, ms, hard, scored = instance
    whole = solve(es, ms, [*hard, *scored])
    with priced(per_person):
        result = solve(es, ms, [*hard, *scored])
    assert_consistent(result, es, ms)
    assert_same_optimum(result, whole)
    count, steps = Oracle(es, ms, hard, scored).lap_optimum()
    assert result.matched == count
    assert Oracle(es, ms, hard, scored).pair_steps(result.pairs()) == steps


def outcome(es, ms, ruleset) -> tuple[object, ...]:
    """(backend, matched, total score), or the conflicts named when the quotas cannot hold."""
    try:
        result = solve(es, ms, ruleset, workers=1)
    except InfeasibleError as error:
        return error.conflicts
    except ValidationError as error:
        return error.record, error.field
    return result.backend, result.matched, round(result.total_score, 9)


@settings(max_examples=40)
@given(quota_instances(), PER_PERSON)
def test_pricing_keeps_quotas_and_their_infeasibility(instance, per_person) -> None:
    es, ms, hard, scored, quotas, _ = instance
    ruleset = [*hard, *scored, *quotas]
    whole = outcome(es, ms, ruleset)
    with priced(per_person):
        assert outcome(es, ms, ruleset) == whole


START = dt.date(2026, 8, 17)


def sample_ruleset(data):
    return [
        rules.SharedLanguage("B1"),
        rules.WithinAgeWindows.from_program(data.program),
        rules.SafeguardingForMinors(),
        rules.WithinDistance(25),
        rules.SharedInterests(weight=2),
        rules.SharedBackground(weight=2),
        rules.NativeLanguage(weight=3),
    ]


def test_pricing_on_a_sample_program_prices_in_pairs_and_ends_at_the_optimum() -> None:
    data = samples.program(seed=3, mentees=150, mentors=120, history=False)
    ruleset = sample_ruleset(data)
    whole = match(data.mentees, data.mentors, ruleset, on=START)
    solves = mock.patch.object(
        _flow._Network, "solve", autospec=True, side_effect=_flow._Network.solve
    )
    with priced(per_person=1), solves as spy:
        result = match(data.mentees, data.mentors, ruleset, on=START)
    # The first sample was not enough: pairs were priced in and the flow solved again.
    assert spy.call_count >= 2
    assert_same_optimum(result, whole)


@pytest.mark.parametrize(
    "limits", [{"_RELAX_ROUNDS": 1}, {"_PRICING_ROUNDS": 1}], ids=["no potentials", "one round"]
)
def test_when_pricing_gives_up_the_whole_network_is_solved(limits) -> None:
    data = samples.program(seed=4, mentees=80, mentors=60, history=False)
    ruleset = sample_ruleset(data)
    whole = match(data.mentees, data.mentors, ruleset, on=START)
    with priced(per_person=1, **limits):
        result = match(data.mentees, data.mentors, ruleset, on=START)
    assert_same_optimum(result, whole)


def test_huge_weights_still_give_the_whole_networks_optimum() -> None:
    """Prices near the 64-bit limit make match() solve the whole network instead."""
    data = samples.program(seed=5, mentees=60, mentors=50, history=False)
    ruleset = [
        rules.SharedLanguage("B1"),
        rules.SharedInterests(weight=999_999.0),
        rules.NativeLanguage(weight=0.5),
    ]
    whole = match(data.mentees, data.mentors, ruleset, on=START)
    with priced(per_person=1):
        result = match(data.mentees, data.mentors, ruleset, on=START)
    assert_same_optimum(result, whole)


def test_pricing_prices_with_the_dearest_pair_even_when_a_gain_is_negative() -> None:
    """Solver-level: matching both mentees needs the pair with a large negative gain."""
    import numpy as np

    from mentorlib.matching._solve import SolverInput

    problem = SolverInput(
        n_mentees=2,
        n_mentors=2,
        mentee=np.array([0, 0, 1], np.int32),
        mentor=np.array([0, 1, 0], np.int32),
        gain=np.array([0, -1_000_000, -1], np.int64),
        capacity=np.array([1, 1], np.int64),
        locked=np.zeros(3, bool),
        group_limits=(),
        bounds=(),
        mentee_labels=("A", "B"),
        mentor_labels=("M1", "M2"),
    )
    usable = np.ones(3, bool)
    whole = _flow.solve_flow(problem, usable).chosen
    with priced():
        assert (
            _flow.solve_flow(problem, usable).chosen.tolist()
            == whole.tolist()
            == [False, True, True]
        )
