"""The assignment solver (problems without quotas): its limits, and the order it reads pairs in.

Its optimum is checked against scipy's dense ``linear_sum_assignment`` and against the flow in
test_matching_oracle.py and test_matching_properties.py; these tests cover what they cannot
reach through random instances.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_support import Oracle, assert_consistent, plain_backend
from scipy.optimize import linear_sum_assignment
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


@st.composite
def assignment_problems(draw) -> tuple[SolverInput, np.ndarray]:
    """Random pairs in any order with gains, capacities and a mask of usable pairs, often with
    more mentees than places."""
    n, m = draw(st.integers(1, 8)), draw(st.integers(1, 5))
    edges = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, m - 1)),
            min_size=1,
            max_size=20,
            unique=True,
        )
    )
    gains = draw(st.lists(st.integers(-50, 50), min_size=len(edges), max_size=len(edges)))
    capacity = draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))
    usable = draw(st.lists(st.booleans(), min_size=len(edges), max_size=len(edges)))
    p = problem([e for e, _ in edges], [j for _, j in edges], gains, capacity)
    p = attrs.evolve(p, n_mentees=n, mentee_labels=tuple(f"e{i}" for i in range(n)))
    return p, np.array(usable, dtype=bool)


def dense_optimum(p: SolverInput, usable: np.ndarray) -> tuple[int, int]:
    """(matched, total gain) of the best assignment, from a dense matrix with every place and
    an unmatched column for every mentee, solved by scipy's linear_sum_assignment."""
    columns = [j for j in range(p.n_mentors) for _ in range(int(p.capacity[j]))]
    forbidden, unmatched = 10**9, 10**6  # never chosen; dearer than any change in gain
    costs = np.full((p.n_mentees, len(columns) + p.n_mentees), float(forbidden))
    for k in np.flatnonzero(usable):
        for c, owner in enumerate(columns):
            if owner == p.mentor[k]:
                costs[p.mentee[k], c] = -p.gain[k]
    costs[:, len(columns) :] = np.where(np.eye(p.n_mentees), unmatched, forbidden)
    rows, cols = linear_sum_assignment(costs)
    matched = [(r, c) for r, c in zip(rows, cols, strict=True) if c < len(columns)]
    return len(matched), int(-sum(costs[r, c] for r, c in matched))


@settings(max_examples=300)
@given(assignment_problems())
def test_unmatched_columns_only_for_mentees_that_may_stay_unmatched(instance) -> None:
    # Only mentees some maximum matching leaves out get an unmatched column; the optimum is
    # still the one with an unmatched column for everyone.
    p, usable = instance
    output = solve_assignment(p, usable)
    assert output is not None
    chosen = np.flatnonzero(output.chosen)
    assert usable[chosen].all()
    load = np.bincount(p.mentor[chosen], minlength=p.n_mentors)
    assert (load <= p.capacity).all()
    assert len(set(p.mentee[chosen].tolist())) == len(chosen)
    assert (len(chosen), int(p.gain[chosen].sum())) == dense_optimum(p, usable)


def test_mentees_sure_to_be_matched_get_no_unmatched_column() -> None:
    # e0 and e1 each have a mentor of their own; e2 and e3 compete for one place.
    p = problem([0, 1, 2, 3], [0, 1, 2, 2], [1, 1, 1, 2], [1, 1, 1])
    solve = csgraph.min_weight_full_bipartite_matching
    shapes = []

    def record(matrix):
        shapes.append(matrix.shape)
        return solve(matrix)

    with mock.patch.object(csgraph, "min_weight_full_bipartite_matching", record):
        assert chosen_pairs(p) == {(0, 0), (1, 1), (3, 2)}
    assert shapes == [(4, 3 + 2)]  # three places, and an unmatched column for e2 and e3
