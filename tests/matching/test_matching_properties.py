"""Property tests on small random instances: hard rules, capacities, maximality, locks, determinism.

Every hard rule is re-checked per pair in plain Python (``matching_support.plain_allows``), never
through the library's ``allows``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_support import (
    ON,
    PLAIN_BACKENDS,
    SCORE_TOLERANCE,
    Oracle,
    assert_consistent,
    instances,
    not_eligible,
    plain_allows,
    plain_backend,
    plain_score,
    solve,
)

from mentorlib.matching import UnmatchedReason, match, rules


@pytest.mark.parametrize("backend", PLAIN_BACKENDS)
@given(instance=instances())
def test_every_match_keeps_every_hard_rule_and_capacity(backend, instance) -> None:
    es, ms, hard, scored = instance
    with plain_backend(backend):
        result = solve(es, ms, [*hard, *scored])
    oracle = Oracle(es, ms, hard, scored)
    by_id = {p.id: p for p in [*es, *ms]}

    assert_consistent(result, es, ms)
    assert result.backend == backend
    assert result.optimal
    assert result.gap == 0
    # Candidate generation (blocking keys and vectorised rules) finds exactly the allowed pairs.
    assert result.candidate_pairs == int(oracle.allowed.sum())
    for pairing in result.pairings:
        e, m = by_id[pairing.mentee_id], by_id[pairing.mentor_id]
        for rule in hard:
            assert plain_allows(rule, e, m), f"{rule!r} refuses {pairing}"
        assert not pairing.locked
        assert set(pairing.breakdown) == {r.name for r in scored}
        for rule in scored:
            expected = rule.weight * plain_score(rule, e, m)
            assert math.isclose(pairing.breakdown[rule.name], expected, abs_tol=SCORE_TOLERANCE), (
                rule
            )

    # No unmatched mentee has an allowed mentor with room, and the reason says which case it is.
    for u in result.unmatched:
        i = oracle.mentee_pos[u.mentee_id]
        allowed = [ms[j] for j in np.flatnonzero(oracle.allowed[i])]
        assert all(result.spare_capacity[m.id] == 0 for m in allowed), u
        assert u.candidates == len(allowed)
        if allowed:
            assert u.reason is UnmatchedReason.CAPACITY
            assert u.funnel == ()
        elif not_eligible(by_id[u.mentee_id], hard):
            assert u.reason is UnmatchedReason.NOT_ELIGIBLE
            assert u.funnel == ()
        else:
            assert u.reason is UnmatchedReason.NO_CANDIDATE
            _check_funnel(u, by_id[u.mentee_id], ms, hard)


def _check_funnel(u, mentee, ms, hard) -> None:
    """The funnel lists, rule by rule in the given order, the mentors still possible."""
    assert [name for name, _ in u.funnel] == [r.name for r in hard]
    counts = [count for _, count in u.funnel]
    assert counts == sorted(counts, reverse=True), "funnel counts must not increase"
    left = list(ms)
    for rule, count in zip(hard, counts, strict=True):
        left = [m for m in left if plain_allows(rule, mentee, m)]
        assert count == len(left), rule
    if hard:
        assert counts[-1] == 0
        assert u.message.startswith("no mentor ")


@settings(max_examples=25)
@given(instances(), st.integers(0, 2**16), st.randoms(use_true_random=False))
def test_same_seed_same_result_and_order_does_not_change_the_objective(
    instance, seed, random
) -> None:
    es, ms, hard, scored = instance
    ruleset = [*hard, *scored]
    first = solve(es, ms, ruleset, seed=seed)
    again = match(list(es), list(ms), list(ruleset), on=ON, seed=seed)
    assert first.pairings == again.pairings
    assert [p.breakdown for p in first.pairings] == [p.breakdown for p in again.pairings]
    assert first.unmatched == again.unmatched
    assert first.total_score == again.total_score

    shuffled_es, shuffled_ms = list(es), list(ms)
    random.shuffle(shuffled_es)
    random.shuffle(shuffled_ms)
    shuffled = match(shuffled_es, shuffled_ms, ruleset, on=ON, seed=seed)
    assert shuffled.matched == first.matched
    assert math.isclose(shuffled.total_score, first.total_score, abs_tol=1e-6)
    # The tie-break depends on ids and seed only, so even the pairs are the same, and so are
    # the reasons given to the unmatched.
    assert shuffled.pairings == first.pairings
    assert shuffled.unmatched == first.unmatched
    assert shuffled.spare_capacity == first.spare_capacity


@st.composite
def locked_instances(draw):
    es, ms, hard, scored = draw(instances())
    room = {m.id: m.capacity for m in ms}
    locks = []
    for e in es:
        open_ = [m.id for m in ms if room[m.id] > 0]
        if open_ and draw(st.integers(0, 2)) == 0:
            mentor_id = draw(st.sampled_from(open_))
            room[mentor_id] -= 1
            locks.append((e.id, mentor_id))
    return es, ms, hard, scored, locks


@pytest.mark.parametrize("backend", PLAIN_BACKENDS)
@settings(max_examples=40)
@given(instance=locked_instances())
def test_locked_pairs_stay_and_the_rest_is_optimal(backend, instance) -> None:
    es, ms, hard, scored, locks = instance
    with plain_backend(backend):
        result = solve(es, ms, [*hard, *scored, rules.Locked(locks)])
    oracle = Oracle(es, ms, hard, scored)
    by_id = {p.id: p for p in [*es, *ms]}

    assert_consistent(result, es, ms)
    assert result.backend == backend
    assert set(locks) <= set(result.pairs())
    for pairing in result.pairings:
        locked = (pairing.mentee_id, pairing.mentor_id) in set(locks)
        assert pairing.locked is locked
        if not locked:
            e, m = by_id[pairing.mentee_id], by_id[pairing.mentor_id]
            assert all(plain_allows(rule, e, m) for rule in hard)

    # The free part is optimal: the oracle on the mentees left and the capacity left.
    locked_mentees = {a for a, _ in locks}
    free_rows = [i for i, e in enumerate(es) if e.id not in locked_mentees]
    rest = Oracle([es[i] for i in free_rows], ms, hard, scored)
    for _, mentor_id in locks:
        rest.capacity[rest.mentor_pos[mentor_id]] -= 1
    count, steps = rest.lap_optimum()
    assert result.matched == len(locks) + count
    free_pairs = [p for p in result.pairs() if p[0] not in locked_mentees]
    assert steps - len(free_pairs) <= oracle.pair_steps(free_pairs) <= steps
