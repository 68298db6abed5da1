"""The assignment solver (problems without quotas): its limits, and the order it reads pairs in.

Its optimum is checked against scipy's dense ``linear_sum_assignment`` and against the flow in
test_matching_oracle.py and test_matching_properties.py; these tests cover what they cannot
reach through random instances.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

import numpy as np
import pytest
from matching_support import Oracle, assert_consistent, plain_backend
from scipy.sparse import csgraph

from mentorlib import samples
from mentorlib.matching import InfeasibleError, match, rules
from mentorlib.matching._assignment import solve_assignment
from mentorlib.matching._solve import SolverInput
from mentorlib.model import Mentee, Mentor, Place

START = dt.date(2026, 9, 1)


def problem(mentee, mentor, gain, capacity, locked=None) -> SolverInput:
    n_pairs = len(mentee)
    n, m = max(mentee, default=-1) + 1, len(capacity)
    return SolverInput(
        n_mentees=n,
        n_mentors=m,
        mentee=np.array(mentee, np.int32),
        mentor=np.array(mentor, np.int32),
        gain=np.array(gain, np.int64),
        capacity=np.array(capacity, np.int64),
        locked=np.zeros(n_pairs, bool) if locked is None else np.array(locked, bool),
        group_limits=(),
        bounds=(),
        mentee_labels=tuple(f"e{i}" for i in range(n)),
        mentor_labels=tuple(f"m{j}" for j in range(m)),
    )


def chosen_pairs(p: SolverInput, usable=None) -> set[tuple[int, int]]:
    usable = np.ones(len(p.mentee), bool) if usable is None else usable
    output = solve_assignment(p, usable)
    assert output is not None and output.optimal and output.backend == "assignment"
    return {(int(p.mentee[k]), int(p.mentor[k])) for k in np.flatnonzero(output.chosen)}


def test_one_more_match_beats_any_score() -> None:
    # Matching both mentees needs the pair with a large negative gain.
    p = problem([0, 0, 1], [0, 1, 0], [0, -1_000_000, -1], [1, 1])
    assert chosen_pairs(p) == {(0, 1), (1, 0)}


def test_pairs_out_of_order_give_the_same_assignment() -> None:
    mentee, mentor = [0, 0, 1, 1, 2, 2, 3], [0, 1, 0, 2, 1, 2, 2]
    gain = [5, 3, 4, 1, 6, 2, 7]
    in_order = chosen_pairs(problem(mentee, mentor, gain, [1, 2, 1]))
    shuffle = np.random.default_rng(3).permutation(len(mentee))
    shuffled = problem(
        [mentee[k] for k in shuffle],
        [mentor[k] for k in shuffle],
        [gain[k] for k in shuffle],
        [1, 2, 1],
    )
    # Mentee 3 can only have mentor 2, so mentee 1 needs mentor 0 and mentee 0 mentor 1.
    assert in_order == {(0, 1), (1, 0), (2, 1), (3, 2)}
    assert chosen_pairs(shuffled) == in_order


def test_locked_pairs_and_unusable_pairs_are_respected() -> None:
    # Mentor 0 (capacity 2) keeps its locked mentee 0, so one place is left for 1 or 2.
    p = problem([0, 0, 1, 2, 2], [0, 1, 0, 0, 1], [0, 9, 5, 4, 3], [2, 1], locked=[1, 0, 0, 0, 0])
    assert chosen_pairs(p) == {(0, 0), (1, 0), (2, 1)}
    usable = np.array([True, True, False, True, True])
    assert chosen_pairs(p, usable) == {(0, 0), (2, 0)}


def test_what_the_assignment_cannot_hold_is_left_to_the_flow() -> None:
    # Costs (with their common divisor taken out) too large for exact float64 sums.
    too_dear = problem([0, 1, 2], [0, 0, 0], [0, 2**52, 1], [1])
    assert solve_assignment(too_dear, np.ones(3, bool)) is None
    common_divisor = problem([0, 1], [0, 0], [0, 2**52], [1])
    assert chosen_pairs(common_divisor) == {(1, 0)}
    overfull = problem([0, 1], [0, 0], [1, 1], [1], locked=[True, True])
    assert solve_assignment(overfull, np.ones(2, bool)) is None


@pytest.mark.parametrize("backend", ["assignment", "flow"])
def test_the_largest_weights_give_the_optimum(backend) -> None:
    data = samples.program(seed=5, mentees=60, mentors=50, history=False)
    ruleset = [rules.SharedLanguage("B1"), rules.SharedInterests(weight=999_999)]
    with plain_backend(backend):
        result = match(data.mentees, data.mentors, ruleset, on=START)
    assert result.backend == backend and result.optimal
    oracle = Oracle(list(data.mentees), list(data.mentors), ruleset[:1], ruleset[1:], START)
    assert (result.matched, oracle.pair_steps(result.pairs())) == oracle.lap_optimum()
    assert_consistent(result, list(data.mentees), list(data.mentors))


def test_locked_pairs_above_capacity_are_explained_by_the_flow() -> None:
    es = [Mentee("e1", "A"), Mentee("e2", "B")]
    ms = [Mentor("m1", "X", capacity=1)]
    with pytest.raises(InfeasibleError, match="more locked pairs than capacity"):
        match(es, ms, [rules.Locked([("e1", "m1"), ("e2", "m1")])], on=START)


@pytest.mark.parametrize("backend", ["assignment", "flow"])
def test_empty_sides(backend) -> None:
    es, ms = [Mentee("e1", "A")], [Mentor("m1", "X", capacity=0)]
    with plain_backend(backend):
        for mentees, mentors in (([], ms), (es, []), (es, ms), ([], [])):
            result = match(mentees, mentors, [], on=START)
            assert result.matched == 0
            assert len(result.unmatched) == len(mentees)


def test_a_place_for_a_billion_costs_no_more_than_its_candidates() -> None:
    es = [Mentee(f"e{i}", "A") for i in range(3)]
    ms = [Place("p1", "Open course", kind="course", capacity=10**9), Mentor("m1", "X")]
    solve = csgraph.min_weight_full_bipartite_matching

    def small_only(matrix):
        # A column per place the candidates can fill and per mentee, not a billion.
        assert matrix.shape[1] <= 3 + 1 + 3
        return solve(matrix)

    with mock.patch.object(csgraph, "min_weight_full_bipartite_matching", small_only):
        result = match(es, ms, [], on=START)
    assert result.backend == "assignment"
    assert result.matched == 3
    assert sum(result.spare_capacity.values()) == 10**9 + 1 - 3
    refused = rules.hard_rule(lambda e, m: m.id != "p1", name="not the course")
    assert match(es, ms, [refused], on=START).matched == 1
