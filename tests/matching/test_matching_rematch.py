"""Re-matching after a mentor withdraws: kept pairs, limited changes, nothing worse than needed."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_support import (
    ON,
    Oracle,
    assert_consistent,
    instances,
    plain_allows,
    solve,
    through_cp_sat,
    through_milp,
)

from mentorlib import samples
from mentorlib.matching import UnmatchedReason, match, rematch, rules
from mentorlib.model import (
    Closure,
    Location,
    Match,
    MatchStatus,
    Mentee,
    Mentor,
    SafeguardingCheck,
)

LATER = dt.date(2026, 9, 1)


def vinn_rules(data):
    return [
        rules.SharedLanguage("B1"),
        rules.WithinAgeWindows.from_program(data.program),
        rules.SafeguardingForMinors(),
        rules.WithinDistance(25),
        rules.SharedInterests(weight=2),
        rules.SharedBackground(),
    ]


@pytest.mark.parametrize("as_records", [False, True], ids=["pairs", "match-records"])
def test_a_withdrawn_mentor_leaves_every_other_pair_in_place(as_records) -> None:
    data = samples.vinn_vinn()
    ruleset = vinn_rules(data)
    first = match(data.mentees, data.mentors, ruleset, on=ON)
    assert first.matched > 10
    gone = first.pairings[0].mentor_id
    orphans = {a for a, b in first.pairs() if b == gone}
    previous = first.to_matches(started_on=ON) if as_records else first.pairs()
    staying = data.mentors.filter(lambda m: m.id != gone)
    again = rematch(previous, data.mentees, staying, ruleset, on=LATER)

    assert again.backend == "assignment"
    kept = [p for p in first.pairs() if p[1] != gone]
    assert set(kept) <= set(again.pairs())
    locked = {(p.mentee_id, p.mentor_id) for p in again.pairings if p.locked}
    assert locked == set(kept)
    assert gone not in {b for _, b in again.pairs()}
    assert_consistent(again, data.mentees, staying)
    people = {p.id: p for p in [*data.mentees, *staying]}
    hard = [r for r in ruleset if isinstance(r, rules.HardRule)]
    for a, b in set(again.pairs()) - set(kept):
        assert all(plain_allows(r, people[a], people[b], LATER) for r in hard)
    assert again.matched >= len(kept)
    for orphan in orphans:
        assert orphan in {a for a, _ in again.pairs()} or orphan in {
            u.mentee_id for u in again.unmatched
        }


def test_the_orphan_gets_the_new_free_mentor() -> None:
    oslo = Location("Oslo", "NO")
    es = [Mentee("e1", "A", location=oslo), Mentee("e2", "B", location=oslo)]
    ms = [Mentor("m1", "X", location=oslo), Mentor("m2", "Y", location=oslo)]
    first = match(es, ms, [rules.SameMunicipality()], on=ON)
    assert first.matched == 2
    (gone,) = [b for a, b in first.pairs() if a == "e1"]
    ms_now = [m for m in ms if m.id != gone] + [Mentor("m3", "Z", location=oslo)]
    again = rematch(first.pairs(), es, ms_now, [rules.SameMunicipality()], on=LATER)
    assert ("e1", "m3") in again.pairs()
    assert again.matched == 2


def test_max_changes_lets_one_pair_move_to_match_one_more() -> None:
    # e1 can take m1 or m2, e2 only m1; e1 was with m1 before and m2 is new.
    es = [Mentee("e1", "A"), Mentee("e2", "B")]
    ms = [Mentor("m1", "X"), Mentor("m2", "Y")]
    ruleset = [rules.ForbiddenPairs([("e2", "m2")])]
    previous = [("e1", "m1")]
    kept = rematch(previous, es, ms, ruleset, on=LATER, max_changes=0)
    assert kept.pairs() == [("e1", "m1")]
    assert by_reason(kept) == {"e2": UnmatchedReason.CAPACITY}
    moved = rematch(previous, es, ms, ruleset, on=LATER, max_changes=1)
    assert set(moved.pairs()) == {("e1", "m2"), ("e2", "m1")}
    assert moved.optimal
    # The optimum without the limit changes one pair, so it keeps the limit: no CP-SAT needed.
    assert moved.backend == "assignment"
    with through_cp_sat():
        moved = rematch(previous, es, ms, ruleset, on=LATER, max_changes=1)
    assert moved.backend == "cp-sat"
    assert set(moved.pairs()) == {("e1", "m2"), ("e2", "m1")}


def test_a_rematch_breaks_no_pair_for_nothing() -> None:
    """Other pairs score as well, but breaking pairs gains nothing: all stay (found in review)."""
    data = samples.program(seed=1, mentees=60, mentors=60, history=False)
    es, ms = list(data.mentees), list(data.mentors)
    ruleset = [
        rules.SharedLanguage("B1"),
        rules.WithinDistance(25),
        rules.SharedInterests(weight=2),
        rules.NativeLanguage(weight=3),
    ]
    first = match(es, ms, ruleset, on=ON)
    gone = first.pairings[0].mentor_id
    staying = [m for m in ms if m.id != gone]
    previous = {p for p in first.pairs() if p[1] != gone}
    kept = rematch(first.pairs(), es, staying, ruleset, on=LATER)
    for solver in (contextlib.nullcontext, through_milp, through_cp_sat):
        with solver():
            again = rematch(first.pairs(), es, staying, ruleset, on=LATER, max_changes=10)
        assert (again.matched, again.total_score) == (kept.matched, kept.total_score)
        assert previous <= set(again.pairs()), solver


def test_a_kept_pair_the_rules_now_refuse_is_flagged() -> None:
    """A mentor's safeguarding check lapses between rounds: the pair is kept, and flagged."""
    minor = Mentee("e1", "A", birth_date=dt.date(2011, 1, 1))
    check = SafeguardingCheck("politiattest", dt.date(2026, 1, 1), dt.date(2026, 8, 31))
    mentor = Mentor("m1", "X", safeguarding_checks=[check])
    ruleset = [rules.SafeguardingForMinors()]
    first = match([minor], [mentor], ruleset, on=ON)
    assert first.pairs() == [("e1", "m1")] and not first.pairings[0].refused_by
    kept = rematch(first.pairs(), [minor], [mentor], ruleset, on=LATER)
    (pairing,) = kept.pairings
    assert pairing.locked and pairing.refused_by == ("SafeguardingForMinors",)
    assert "now refused by SafeguardingForMinors" in pairing.explain()
    assert "1 locked that the hard rules now refuse" in kept.summary()
    # Allowed to change it, the rematch must: no rule allows the pair any more.
    moved = rematch(first.pairs(), [minor], [mentor], ruleset, on=LATER, max_changes=1)
    assert moved.matched == 0


def test_previous_pairs_the_rules_now_refuse_do_not_use_up_max_changes() -> None:
    # e0-m0 and e1-m1 are refused now; allowing one change must not make the rematch fail.
    es = [Mentee(f"e{i}", "A") for i in range(3)]
    ms = [Mentor(f"m{i}", "X") for i in range(3)]
    allowed = {("e0", "m2"), ("e1", "m2"), ("e2", "m2"), ("e2", "m0")}
    ruleset = [rules.hard_rule(lambda e, m: (e.id, m.id) in allowed, name="allowed")]
    previous = [("e0", "m0"), ("e1", "m1")]
    kept = rematch(previous, es, ms, ruleset, on=LATER)
    assert [p.refused_by for p in kept.pairings if p.locked] == [("allowed",), ("allowed",)]
    for k in (1, 2):
        moved = rematch(previous, es, ms, ruleset, on=LATER, max_changes=k)
        assert moved.matched == 2 and moved.optimal
        assert not set(previous) & set(moved.pairs())
    # A pair both locked and limited by MaxChanges is simply kept.
    both = [*ruleset, rules.Locked(previous[:1]), rules.MaxChanges(previous[:1], at_most=0)]
    assert ("e0", "m0") in match(es, ms, both, on=LATER).pairs()


def by_reason(result):
    return {u.mentee_id: u.reason for u in result.unmatched}


@st.composite
def rematch_instances(draw):
    es, ms, hard, scored = draw(instances(max_mentees=6, max_mentors=5))
    leaving = (
        draw(st.lists(st.sampled_from([m.id for m in ms]), unique=True, max_size=2)) if ms else []
    )
    newcomers = draw(st.integers(0, 2))
    return es, ms, hard, scored, leaving, newcomers


@settings(max_examples=25)
@given(rematch_instances())
def test_at_most_max_changes_previous_pairs_change(instance) -> None:
    es, ms, hard, scored, leaving, newcomers = instance
    ruleset = [*hard, *scored]
    first = solve(es, ms, ruleset)
    staying = [m for m in ms if m.id not in leaving]
    # Newcomers: mentees joining the waiting list since the first round.
    joined = [
        e.__class__(
            f"new{k}",
            "N",
            birth_date=e.birth_date,
            languages=e.languages,
            location=e.location,
            availability=e.availability,
        )
        for k, e in enumerate(es[:newcomers])
    ]
    everyone = [*es, *joined]
    previous = [p for p in first.pairs() if p[1] not in leaving]
    oracle = Oracle(everyone, staying, hard, scored, ON)
    best_count, _ = oracle.lap_optimum()

    outcomes = []
    for k in (0, 1, 2, len(previous)):
        again = rematch(first.pairs(), everyone, staying, ruleset, on=ON, max_changes=k, workers=1)
        assert_consistent(again, everyone, staying)
        changed = set(previous) - set(again.pairs())
        assert len(changed) <= k
        if k == 0:
            assert again.backend == "assignment"
            assert not changed
        steps = oracle.pair_steps(again.pairs())
        if outcomes and (again.matched, steps) == outcomes[0]:
            # No better than keeping every pair: then every pair is kept.
            assert not changed
        outcomes.append((again.matched, steps))
    # More freedom never matches fewer (nor, at equal count, scores lower beyond tie-breaks).
    for (count, steps), (next_count, next_steps) in itertools.pairwise(outcomes):
        assert next_count >= count
        if next_count == count:
            assert next_steps >= steps - count
    # With every previous pair free to change, it is the unconstrained optimum.
    assert outcomes[-1][0] == best_count


@pytest.mark.parametrize(
    ("solver", "backend"), [(contextlib.nullcontext, "milp"), (through_cp_sat, "cp-sat")]
)
def test_a_time_limit_too_short_for_the_solver_still_returns_an_assignment(solver, backend) -> None:
    """The limit runs out before the solver finds an assignment (CP-SAT's presolve alone takes
    longer); its start (no pair changed) is returned."""
    data = samples.program(seed=1, mentees=120, mentors=80, history=False)
    es, ms = list(data.mentees), list(data.mentors)
    first = match(es, ms, [rules.SharedLanguage("B1"), rules.WithinDistance(25)], on=ON)
    looser = [rules.SharedLanguage("B1"), rules.SharedInterests()]
    with solver():
        again = rematch(first.pairs(), es, ms[1:], looser, on=ON, max_changes=3, time_limit=0.001)
    staying = [p for p in first.pairs() if p[1] != ms[0].id]
    assert len(set(staying) - set(again.pairs())) <= 3
    assert again.matched >= len(staying)
    assert not again.optimal and again.bound >= again.total_score
    assert again.backend == backend
    assert_consistent(again, es, ms[1:])


def test_a_time_limit_bounds_the_score_by_the_optimum_without_the_limit_on_changes() -> None:
    """All pairs kept match as many as the best rematch without a limit on changes: then
    that rematch's score bounds the answer's, far below the most any assignment could score."""
    data = samples.program(seed=1, mentees=120, mentors=80, history=False)
    es, ms = list(data.mentees), list(data.mentors)
    hard = [rules.SharedLanguage("B1"), rules.WithinDistance(25)]
    first = match(es, ms, [*hard, rules.SharedInterests()], on=ON)
    other = [*hard, rules.SharedBackground(), rules.NativeLanguage()]
    free = match(es, ms, other, on=ON)
    assert free.matched == first.matched  # the same hard rules and people
    again = rematch(first.pairs(), es, ms, other, on=ON, max_changes=3, time_limit=0.001)
    assert again.matched == first.matched
    assert len(set(first.pairs()) - set(again.pairs())) <= 3
    assert again.total_score <= again.bound
    # Scores count in hundredths: the bound is the free optimum's, give or take their rounding.
    assert again.bound <= free.total_score + 0.005 * free.matched


def test_the_start_handed_to_cp_sat_is_returned_only_if_it_keeps_every_constraint() -> None:
    from mentorlib.matching._problem import Bound, GroupBounds
    from mentorlib.matching._solve import SolverInput, holds

    def problem(**changes):
        fields = {
            "n_mentees": 3,
            "n_mentors": 2,
            "mentee": np.array([0, 1, 2, 2], np.int32),
            "mentor": np.array([0, 0, 1, 0], np.int32),
            "gain": np.array([5, 4, 3, 2]),
            "capacity": np.array([1, 1]),
            "locked": np.zeros(4, bool),
            "group_limits": (),
            "bounds": (),
            "mentee_labels": ("a", "b", "c"),
            "mentor_labels": ("x", "y"),
        }
        return SolverInput(**{**fields, **changes})

    usable = np.ones(4, bool)
    good = np.array([True, False, True, False])
    assert holds(problem(), usable, good)
    assert not holds(problem(), usable, np.array([True, True, False, False]))  # mentor over
    assert not holds(problem(), usable, np.array([False, False, True, True]))  # mentee twice
    assert not holds(problem(), np.array([True, True, False, True]), good)  # unusable pair
    assert not holds(problem(locked=np.array([False, True, False, False])), usable, good)
    keep_two = Bound("keep", np.array([1, 3]), np.array([1, 1]), at_least=1, at_most=None)
    assert not holds(problem(bounds=(keep_two,)), usable, good)
    at_most = Bound("few", np.array([0, 2]), np.array([1, 1]), at_least=None, at_most=1)
    assert not holds(problem(bounds=(at_most,)), usable, good)
    groups = GroupBounds(
        "quota", "mentee", np.array([0, 0, -1]), ("g",), np.array([2]), np.array([2])
    )
    assert not holds(problem(group_limits=(groups,)), usable, good)


def test_the_tie_break_is_dropped_where_scaled_gains_could_overflow() -> None:
    from mentorlib.matching._match import _with_preferences

    preferred = np.array([True, False, True])
    gain, scale = _with_preferences(np.array([5, 7, 9]), preferred)
    assert scale == 3 and gain.tolist() == [16, 21, 28]
    huge = np.array([1 << 48, 7, 9])
    gain, scale = _with_preferences(huge, preferred)
    assert scale == 1 and gain is huge


def _closed(match_id: str, mentee_id: str, mentor_id: str) -> Match:
    return Match(
        match_id,
        mentee_id,
        mentor_id,
        dt.date(2025, 9, 1),
        status=MatchStatus.CLOSED,
        closure=Closure(dt.date(2026, 3, 1), "safeguarding", "coordinator"),
    )


def test_rematch_does_not_keep_a_closed_match() -> None:
    """A closed match (here for safeguarding) is history, not a pair to lock back in."""
    mentee = Mentee("e1", "Amina")
    mentors = [Mentor("m1", "Ingrid"), Mentor("m2", "Kari")]
    result = rematch([_closed("x1", "e1", "m1")], [mentee], mentors, [], on=ON)
    assert not any(p.locked for p in result.pairings), result.pairings


def test_rematch_with_a_history_of_closed_and_active_matches() -> None:
    """A mentee whose first match closed and who is in an active one keeps the active one."""
    mentee = Mentee("e1", "Amina")
    mentors = [Mentor("m1", "Ingrid"), Mentor("m2", "Kari")]
    active = Match("x2", "e1", "m2", dt.date(2026, 3, 10))
    history = [_closed("x1", "e1", "m1"), active]
    result = rematch(history, [mentee], mentors, [], on=ON)
    assert result.pairs() == [("e1", "m2")]
    assert [p.locked for p in result.pairings] == [True]


@given(
    statuses=st.lists(st.sampled_from(list(MatchStatus)), min_size=1, max_size=4),
    changes=st.integers(0, 1),
)
@settings(max_examples=30, deadline=None)
def test_only_current_matches_are_kept(statuses, changes) -> None:
    """Closed matches are never kept or locked; proposed, active and paused ones are kept."""
    mentees = [Mentee(f"e{k}", "A") for k in range(len(statuses))]
    mentors = [Mentor(f"m{k}", "B") for k in range(len(statuses) + 1)]
    history = [
        _closed(f"x{k}", f"e{k}", f"m{k}")
        if status is MatchStatus.CLOSED
        else Match(f"x{k}", f"e{k}", f"m{k}", dt.date(2026, 1, 5), status=status)
        for k, status in enumerate(statuses)
    ]
    current = {(m.mentee_id, m.mentor_id) for m in history if m.status is not MatchStatus.CLOSED}
    for constraint in (rules.Locked(history), rules.MaxChanges(history, at_most=changes)):
        pairs = constraint.pairs if isinstance(constraint, rules.Locked) else constraint.previous
        assert set(pairs) == current
    result = rematch(history, mentees, mentors, [], on=ON, max_changes=changes)
    assert current <= set(result.pairs())
    assert {(p.mentee_id, p.mentor_id) for p in result.pairings if p.locked} <= current


def test_max_changes_counts_a_pair_listed_twice_once() -> None:
    """``max_changes=1``: a previous pair listed twice is still one pair, one change to break.

    Moving e1 from m2 to m1 is one change and matches everyone.
    """
    mentees = [Mentee("e1", "A"), Mentee("e2", "B"), Mentee("e3", "C")]
    mentors = [Mentor("m1", "D", capacity=1), Mentor("m2", "E", capacity=2)]
    allowed = {("e1", "m1"), ("e1", "m2"), ("e2", "m2"), ("e3", "m2")}
    ruleset = [rules.hard_rule(lambda e, m: (e.id, m.id) in allowed, name="allowed")]
    once = rematch([("e1", "m2")], mentees, mentors, ruleset, on=ON, max_changes=1)
    assert once.matched == 3
    twice = rematch([("e1", "m2"), ("e1", "m2")], mentees, mentors, ruleset, on=ON, max_changes=1)
    assert twice.matched == 3, twice.pairs()
    assert rules.MaxChanges([("e1", "m2"), ("e1", "m2")], at_most=1).previous == (("e1", "m2"),)


def test_rematch_mentor_with_two_mentees_withdraws() -> None:
    """A withdrawn mentor's two mentees find new mentors; everyone else is kept."""
    mentees = [Mentee(f"e{i}", "A") for i in range(4)]
    mentors = [Mentor("m1", "B", capacity=2), Mentor("m2", "C", capacity=3), Mentor("m3", "D")]
    previous = [("e0", "m1"), ("e1", "m1"), ("e2", "m2"), ("e3", "m3")]
    staying = [m for m in mentors if m.id != "m1"]
    again = rematch(previous, mentees, staying, [], on=ON)
    assert set(again.pairs()) == {("e0", "m2"), ("e1", "m2"), ("e2", "m2"), ("e3", "m3")}
    assert [p.locked for p in again.pairings] == [False, False, True, True]
