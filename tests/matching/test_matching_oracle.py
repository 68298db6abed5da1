"""The optimum against independent oracles: scipy's linear_sum_assignment; the solvers agree.

The objective is lexicographic: first the most matched mentees, then the highest total score,
with scores resolved to 1/100. The oracle works on each pair's total score rounded to 1/100
("steps") and maximises ``BIG * matched + steps`` with BIG above any total, on a matrix with one
column per unit of mentor capacity.
"""

from __future__ import annotations

import datetime as dt
import math
import zlib
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_support import (
    ON,
    PLAIN_BACKENDS,
    SCORE_TOLERANCE,
    Loose,
    Oracle,
    assert_consistent,
    hard_rules,
    instances,
    language_maps,
    locations,
    longest_common_stretch,
    mentees,
    plain_allows,
    plain_backend,
    score_rules,
    solve,
    through_cp_sat,
    through_milp,
    windows,
)

from mentorlib import samples
from mentorlib.matching import Pairs, UnmatchedReason, _candidates, _match, match, rules
from mentorlib.model import Location, Mentee, Mentor, Place, WeeklyWindow


def assert_optimal(result, oracle: Oracle) -> None:
    """Most matched exactly; total score within 1/100 per pair of the rounded optimum."""
    count, steps = oracle.lap_optimum()
    assert result.matched == count
    got = oracle.pair_steps(result.pairs())
    assert got <= steps
    # The tie-break may cost up to one step per pair (see test_tie_break_never_costs_score).
    assert steps - got <= result.matched
    tolerance = SCORE_TOLERANCE * max(1, result.matched)
    assert math.isclose(result.total_score, oracle.scores_of(result.pairs()), abs_tol=tolerance)


@pytest.mark.parametrize("backend", PLAIN_BACKENDS)
@given(instance=instances())
def test_objective_equals_the_linear_sum_assignment_optimum(backend, instance) -> None:
    es, ms, hard, scored = instance
    with plain_backend(backend):
        result = solve(es, ms, [*hard, *scored])
    assert result.backend == backend
    assert_optimal(result, Oracle(es, ms, hard, scored))


@settings(max_examples=20)
@given(instances(max_mentees=6, max_mentors=4))
def test_assignment_flow_milp_and_cp_sat_reach_the_same_optimum(instance) -> None:
    es, ms, hard, scored = instance
    assignment = solve(es, ms, [*hard, *scored])
    with plain_backend("flow"):
        flow = solve(es, ms, [*hard, *scored])
    with through_milp():
        milp = solve(es, ms, [*hard, *scored, Loose()])
    with through_cp_sat():
        cp_sat = solve(es, ms, [*hard, *scored, Loose()], workers=1)
    backends = (assignment.backend, flow.backend, milp.backend, cp_sat.backend)
    assert backends == ("assignment", "flow", "milp", "cp-sat")
    oracle = Oracle(es, ms, hard, scored)
    for other in (flow, milp, cp_sat):
        assert other.optimal and other.gap == 0
        assert other.matched == assignment.matched
        assert oracle.pair_steps(other.pairs()) == oracle.pair_steps(assignment.pairs())
        assert_consistent(other, es, ms)
        assert_optimal(other, oracle)


def vinn_vinn_rules(data):
    return [
        rules.SharedLanguage("B1"),
        rules.WithinAgeWindows.from_program(data.program),
        rules.SafeguardingForMinors(),
        rules.WithinDistance(25),
        rules.AvailabilityOverlap(60),
        rules.SharedInterests(weight=2),
        rules.SharedBackground(),
        rules.NativeLanguage(),
        rules.Proximity(weight=0.5),
    ]


def test_sample_program_assignment_flow_milp_cp_sat_and_oracle_agree() -> None:
    data = samples.vinn_vinn()
    ruleset = vinn_vinn_rules(data)
    assignment = match(data.mentees, data.mentors, ruleset, on=ON)
    with plain_backend("flow"):
        flow = match(data.mentees, data.mentors, ruleset, on=ON)
    with through_milp():
        milp = match(data.mentees, data.mentors, [*ruleset, Loose()], on=ON)
    with through_cp_sat():
        cp_sat = match(data.mentees, data.mentors, [*ruleset, Loose()], on=ON, workers=2)
    hard = [r for r in ruleset if isinstance(r, rules.HardRule)]
    scored = [r for r in ruleset if isinstance(r, rules.ScoreRule)]
    oracle = Oracle(data.mentees, data.mentors, hard, scored)
    backends = (assignment.backend, flow.backend, milp.backend, cp_sat.backend)
    assert backends == ("assignment", "flow", "milp", "cp-sat")
    assert flow.candidate_pairs == cp_sat.candidate_pairs == int(oracle.allowed.sum())
    assert assignment.matched > 10
    for result in (assignment, flow, milp, cp_sat):
        # Equally good in hundredths; where several assignments tie, each may pick another.
        assert result.matched == assignment.matched
        assert oracle.pair_steps(result.pairs()) == oracle.pair_steps(assignment.pairs())
        assert_optimal(result, oracle)
        assert_consistent(result, data.mentees, data.mentors)


def _tie(mentee_id: str, mentor_id: str, seed: int = 0) -> int:
    """The tie-break the library adds below a score step, reproduced from its documentation."""
    a = zlib.crc32(f"{seed}:{mentee_id}".encode())
    b = zlib.crc32(f"{seed + 1}:{mentor_id}".encode())
    return ((a * 1_000_003) ^ b) % 100


def test_tie_break_never_costs_score() -> None:
    # e2/e4 and m2/m4 are ids whose crossed pairs carry 106 more tie-break units than the
    # straight pairs: more than one score step (100 units).
    assert _tie("e2", "m4") + _tie("e4", "m2") - _tie("e2", "m2") - _tie("e4", "m4") > 100
    scores = {("e2", "m2"): 0.51, ("e4", "m4"): 0.50, ("e2", "m4"): 0.50, ("e4", "m2"): 0.50}
    result = match(
        [Mentee("e2", "A"), Mentee("e4", "B")],
        [Mentor("m2", "X"), Mentor("m4", "Y")],
        [rules.score_rule(lambda e, m: scores[e.id, m.id], name="table")],
        on=ON,
    )
    assert result.optimal
    assert result.total_score == pytest.approx(1.01)
    assert set(result.pairs()) == {("e2", "m2"), ("e4", "m4")}


# -- places as mentors -------------------------------------------------------------------------


@st.composite
def places(draw, index: int, max_capacity: int) -> Place:
    kind = draw(st.sampled_from(["activity", "course", "group"]))
    return Place(
        f"p{index}",
        f"Place {index}",
        kind=kind,
        capacity=draw(st.integers(0, max_capacity)),
        location=draw(locations()),
        languages=draw(language_maps()),
        interests=draw(st.lists(st.sampled_from(["football", "chess", "music"]), max_size=2)),
        availability=draw(windows()),
    )


@st.composite
def place_instances(draw):
    es = [draw(mentees(i)) for i in range(draw(st.integers(0, 14)))]
    ps = [draw(places(j, 8)) for j in range(draw(st.integers(0, 3)))]
    hard = [
        r
        for r in draw(hard_rules([e.id for e in es], [p.id for p in ps]))
        if not isinstance(r, rules.WithinAgeWindows | rules.AgeGap)
    ]
    return es, ps, hard, draw(score_rules())


@settings(max_examples=30)
@given(place_instances())
def test_places_take_up_to_their_capacity_optimally(instance) -> None:
    es, ps, hard, scored = instance
    result = solve(es, ps, [*hard, *scored])
    oracle = Oracle(es, ps, hard, scored)
    assert_consistent(result, es, ps)
    for a, b in result.pairs():
        assert oracle.pair_allowed(a, b)
    assert_optimal(result, oracle)


def test_a_course_of_twenty_takes_twenty() -> None:
    data = samples.program(seed=5, mentees=70, mentors=0, places=0, sites=["Oslo"], history=False)
    course = Place(
        "c1",
        "Cycling school",
        kind="course",
        capacity=20,
        minimum=15,
        location=data.mentees[0].location,
    )
    club = Place("c2", "Chess club", kind="activity", capacity=7, location=data.mentees[0].location)
    result = match(
        data.mentees,
        [course, club],
        [rules.SameMunicipality(), rules.SafeguardingForMinors()],
        on=ON,
    )
    assert result.backend == "assignment"
    assert result.matched == 27
    assert result.spare_capacity == {"c1": 0, "c2": 0}
    assert sum(1 for _, b in result.pairs() if b == "c1") == 20
    assert all(u.reason.name == "CAPACITY" for u in result.unmatched)
    assert len(result.unmatched) == len(data.mentees) - 27


def test_sample_places_match_with_language_and_distance() -> None:
    data = samples.program(seed=2, mentees=120, mentors=0, places=12, history=False)
    assert max(p.capacity for p in data.places) >= 15
    hard = [rules.SharedLanguage("A2"), rules.WithinDistance(25), rules.SafeguardingForMinors()]
    scored = [rules.SharedInterests(), rules.LanguageFluency()]
    result = match(data.mentees, data.places, [*hard, *scored], on=ON)
    oracle = Oracle(data.mentees, data.places, hard, scored)
    assert result.matched > 0
    assert_consistent(result, data.mentees, data.places)
    assert_optimal(result, oracle)


# -- max-min fairness --------------------------------------------------------------------------


def _fair_optimum(oracle: Oracle, count: int) -> tuple[int, int]:
    """The highest floor (in steps) that still matches ``count``, and the best total above it."""
    best_floor = None
    for floor in sorted(set(oracle.steps[oracle.allowed].tolist())):
        if oracle.lap_optimum(oracle.allowed & (oracle.steps >= floor))[0] == count:
            best_floor = floor
    assert best_floor is not None
    return best_floor, oracle.lap_optimum(oracle.allowed & (oracle.steps >= best_floor))[1]


@settings(max_examples=30)
@given(instances())
def test_raise_lowest_score_raises_the_minimum_without_matching_fewer(instance) -> None:
    es, ms, hard, scored = instance
    plain = solve(es, ms, [*hard, *scored])
    fair = solve(es, ms, [*hard, *scored, rules.RaiseLowestScore()])
    oracle = Oracle(es, ms, hard, scored)
    assert_consistent(fair, es, ms)
    assert fair.matched == plain.matched
    for a, b in fair.pairs():
        assert oracle.pair_allowed(a, b)
    if not plain.matched:
        return
    lowest = min(p.score for p in fair.pairings)
    assert lowest >= min(p.score for p in plain.pairings) - 0.005
    floor, steps = _fair_optimum(oracle, plain.matched)
    got = [oracle.pair_steps([pair]) for pair in fair.pairs()]
    assert min(got) == floor
    assert steps - fair.matched <= sum(got) <= steps


def test_raise_lowest_score_on_a_known_case() -> None:
    # Plain optimum: e1-m1 (1.0) and e2-m2 (0.0), total 1.0. Fair: e1-m2 and e2-m1, 0.4 each.
    table = {("e1", "m1"): 1.0, ("e1", "m2"): 0.4, ("e2", "m1"): 0.4, ("e2", "m2"): 0.0}
    ruleset = [rules.score_rule(lambda e, m: table[e.id, m.id], name="table")]
    es, ms = [Mentee("e1", "A"), Mentee("e2", "B")], [Mentor("m1", "X"), Mentor("m2", "Y")]
    plain = match(es, ms, ruleset, on=ON)
    fair = match(es, ms, [*ruleset, rules.RaiseLowestScore()], on=ON)
    assert set(plain.pairs()) == {("e1", "m1"), ("e2", "m2")}
    assert set(fair.pairs()) == {("e1", "m2"), ("e2", "m1")}
    assert fair.total_score == pytest.approx(0.8)


def test_availability_needs_an_unbroken_stretch_and_no_windows_limit_nothing() -> None:
    e = Mentee("e1", "A", availability=["mon 17:00-18:10", "tue 10:00-10:40"])
    place = Place("p1", "Club", kind="activity", capacity=3, availability=["mon 17:05-19:00"])
    split = Mentor(
        "m1", "M", availability=["mon 17:00-17:30", "mon 17:40-18:10", "tue 10:00-10:40"]
    )
    free = Mentor("m2", "N")
    rule = rules.AvailabilityOverlap(60)
    assert plain_allows(rule, e, place)  # 65 minutes in a row
    assert not plain_allows(rule, e, split)  # 100 minutes in all, at most 40 in a row
    assert plain_allows(rule, e, free)  # no windows: free all week
    assert match([e], [place], [rule], on=ON).pairs() == [("e1", "p1")]
    assert match([e], [split], [rule], on=ON).pairs() == []
    assert match([e], [free], [rule], on=ON).pairs() == [("e1", "m2")]


def test_raise_lowest_score_on_the_sample_program() -> None:
    data = samples.vinn_vinn()
    ruleset = vinn_vinn_rules(data)
    plain = match(data.mentees, data.mentors, ruleset, on=ON)
    fair = match(data.mentees, data.mentors, [*ruleset, rules.RaiseLowestScore()], on=ON)
    assert fair.matched == plain.matched
    assert min(p.score for p in fair.pairings) >= min(p.score for p in plain.pairings)
    assert fair.total_score <= plain.total_score + 1e-9
    assert_consistent(fair, data.mentees, data.mentors)


@st.composite
def grid_windows(draw: st.DrawFn) -> list[WeeklyWindow]:
    """Up to four windows across the week with edges on one grid (1 to 60 minutes)."""
    grain = draw(st.sampled_from([1, 5, 15, 20, 30, 60]))
    out = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, (1440 - grain) // grain)) * grain
        end = min(1440 - 1, start + draw(st.integers(1, 300 // grain)) * grain)
        if end > start:
            out.append(
                WeeklyWindow(
                    draw(st.integers(0, 6)),
                    dt.time(start // 60, start % 60),
                    dt.time(end // 60, end % 60),
                )
            )
    return out


@given(
    st.lists(grid_windows(), min_size=1, max_size=4),
    st.lists(grid_windows(), min_size=1, max_size=4),
    st.one_of(st.integers(-5, 400), st.sampled_from([15, 30, 60, 120])),  # often exactly met
)
def test_a_shared_stretch_is_found_whatever_the_grid_and_length(mine, theirs, minutes) -> None:
    es = [Mentee(f"e{i}", "E", availability=w) for i, w in enumerate(mine)]
    ms = [Mentor(f"m{j}", "M", availability=w) for j, w in enumerate(theirs)]
    pairs = Pairs.every(es, ms, on=ON)
    expected = [
        longest_common_stretch(es[i], ms[j]) >= minutes
        for i, j in zip(pairs.mentee, pairs.mentor, strict=True)
    ]
    # A single pair is tested window by window; a batch with at least as many pairs as people
    # by bits, and once they exist single pairs are too.
    single = [bool(pairs.take(np.array([k])).share_stretch(minutes)[0]) for k in range(len(pairs))]
    assert single == expected
    assert pairs.share_stretch(minutes).tolist() == expected
    single = [bool(pairs.take(np.array([k])).share_stretch(minutes)[0]) for k in range(len(pairs))]
    assert single == expected
    # Its blocking keys propose every pair that shares a stretch.
    rules.check_rule(rules.AvailabilityOverlap(max(minutes, 0)), pairs)


@st.composite
def places_near(draw, center: tuple[float, float], km: float) -> Location:
    """A point up to about ``2 km`` from ``center``: many pairs near ``km`` apart."""
    reach = 2 * km / 111  # degrees of latitude
    lat = min(90.0, center[0] + draw(st.floats(-reach, reach, allow_nan=False)))
    lon = center[1] + draw(st.floats(-reach, reach, allow_nan=False))
    lon = (lon + 180) % 360 - 180  # across the date line
    return Location("Somewhere", "NO", latitude=lat, longitude=lon)


@st.composite
def scattered(draw) -> tuple[float, list[Location], list[Location]]:
    km = draw(st.one_of(st.floats(0.5, 60), st.floats(0.0005, 0.01)))
    center = draw(st.sampled_from([(59.91, 10.75), (69.65, 18.96), (0.0, 179.99), (89.9, 0.0)]))
    people = st.lists(places_near(center, km), min_size=1, max_size=25)
    return km, draw(people), draw(people)


@settings(max_examples=80)
@given(scattered())
def test_distance_keys_propose_every_pair_within_reach(instance) -> None:
    km, mine, theirs = instance
    es = [Mentee(f"e{i}", "E", location=where) for i, where in enumerate(mine)]
    ms = [Mentor(f"m{j}", "M", location=where) for j, where in enumerate(theirs)]
    rule = rules.WithinDistance(km, same_municipality=False)
    rules.check_rule(rule, Pairs.every(es, ms, on=ON))


@pytest.mark.parametrize("km", [10.0, 0.0005], ids=["10 km", "half a metre"])
@pytest.mark.parametrize("center", [(59.91, 10.75), (0.0, 179.99), (89.9, 0.0)])
def test_distance_keys_reach_the_edge_of_the_distance(center, km) -> None:
    # Dense random points: many pairs lie just inside km, in cells only a corner of the reach
    # touches, which sparse examples rarely hit.
    rng = np.random.default_rng(7)
    reach = 2 * km / 111

    def people(kind, n):
        lat = np.minimum(90.0, center[0] + rng.uniform(-reach, reach, n))
        lon = (center[1] + rng.uniform(-reach, reach, n) + 180) % 360 - 180
        return [
            kind(f"{kind.__name__}{i}", "P", location=Location("X", "NO", latitude=a, longitude=b))
            for i, (a, b) in enumerate(zip(lat.tolist(), lon.tolist(), strict=True))
        ]

    pairs = Pairs.every(people(Mentee, 250), people(Mentor, 250), on=ON)
    rules.check_rule(rules.WithinDistance(km, same_municipality=False), pairs)


def test_a_fractional_stretch_length_finds_the_same_pairs_as_checked_one_by_one() -> None:
    data = samples.program(seed=2, mentees=60, mentors=60, history=False)
    pairs = Pairs.every(list(data.mentees), list(data.mentors), on=ON)
    for minutes in (59.5, 0.5):
        rule = rules.AvailabilityOverlap(minutes)
        rules.check_rule(rule, pairs)
        found = match(data.mentees, data.mentors, [rule], on=ON).candidate_pairs
        assert found == int(rule.allows(pairs).sum()) > 0


def test_hundreds_of_shared_interests_count_in_full() -> None:
    interests = [f"interest {i}" for i in range(300)]
    es = [Mentee("e", "E", interests=interests)]
    ms = [Mentor("m", "M", interests=interests)]
    pairs = Pairs.every(es, ms, on=ON)
    assert rules.SharedInterests(enough=2).score(pairs).tolist() == [1.0]
    assert rules.SharedInterests(enough=300).score(pairs).tolist() == [1.0]


def test_records_with_no_availability_at_all_are_free_all_week() -> None:
    """Duck-typed people may carry ``availability=None``: like no windows, free all week."""
    from types import SimpleNamespace

    es = [SimpleNamespace(id="e1", availability=None)]
    ms = [SimpleNamespace(id="m1", capacity=1, availability=None)]
    result = match(es, ms, [rules.AvailabilityOverlap(60)], on=ON)
    assert result.pairs() == [("e1", "m1")]


def test_pairs_scored_in_chunks_give_the_same_result() -> None:
    """Large problems are scored a chunk of pairs at a time; the chunks must not show."""
    data = samples.program(seed=3, mentees=80, mentors=70, history=False)
    ruleset = [
        rules.SharedLanguage("A2"),
        rules.SharedInterests(weight=2),
        rules.NativeLanguage(weight=3),
        rules.Proximity(weight=1, km=40),
    ]
    whole = match(data.mentees, data.mentors, ruleset, on=ON)
    with mock.patch.object(_match, "_SCORE_CHUNK", 7):
        chunked = match(data.mentees, data.mentors, ruleset, on=ON)
    assert whole.candidate_pairs > 7 * 10
    assert chunked.pairings == whole.pairings


@pytest.mark.parametrize(
    ("small_join", "per_chunk"),
    [(0, 4_000_000), (0, 100), (1 << 16, 4_000_000)],
    ids=["sparse product", "sparse product in chunks", "sorted matches"],
)
def test_joins_of_any_size_find_the_same_pairs_and_reasons(small_join, per_chunk) -> None:
    """A small join sorts its key matches, a large one multiplies sparse matrices in chunks."""
    data = samples.program(seed=4, mentees=90, mentors=80, history=False)
    ruleset = [
        rules.SharedLanguage("B1"),
        rules.WithinDistance(25),
        rules.AvailabilityOverlap(60),
        rules.SharedInterests(weight=2),
    ]
    every = Pairs.every(list(data.mentees), list(data.mentors), on=ON)
    allowed = np.ones(len(every), dtype=np.bool_)
    for rule in ruleset[:3]:
        allowed &= rule.allows(every)
    with (
        mock.patch.object(_candidates, "_SMALL_JOIN", small_join),
        mock.patch.object(_candidates, "_PAIRS_PER_CHUNK", per_chunk),
    ):
        result = match(data.mentees, data.mentors, ruleset, on=ON)
    assert result.candidate_pairs == int(allowed.sum()) > 200
    assert result.pairings == match(data.mentees, data.mentors, ruleset, on=ON).pairings
    lonely = [u for u in result.unmatched if u.reason is UnmatchedReason.NO_CANDIDATE]
    assert lonely  # their funnels start with a join on the languages
    assert result.unmatched == match(data.mentees, data.mentors, ruleset, on=ON).unmatched


@pytest.mark.parametrize("bits_first", [False, True], ids=["window by window", "by bits"])
@pytest.mark.parametrize(("minutes", "shared"), [(90, True), (91, False), (60.5, True)])
def test_a_stretch_exactly_as_long_as_asked_is_enough(minutes, shared, bits_first) -> None:
    free = WeeklyWindow(1, dt.time(17, 0), dt.time(19, 0))
    later = WeeklyWindow(1, dt.time(17, 30), dt.time(20, 0))  # 90 minutes together
    es = [Mentee(f"e{i}", "E", availability=[free]) for i in range(3)]
    ms = [Mentor(f"m{j}", "M", availability=[later]) for j in range(3)]
    pairs = Pairs.every(es, ms, on=ON)
    if bits_first:
        pairs.share_stretch(minutes)  # nine pairs for six people: the bits get built
    assert pairs.take(np.array([4])).share_stretch(minutes).tolist() == [shared]


@given(instance=instances(max_mentees=9, max_mentors=7))
@settings(max_examples=40)
def test_a_sparse_join_and_a_sorted_one_find_the_same_pairs(instance) -> None:
    es, ms, hard, scored = instance
    sorted_join = solve(es, ms, [*hard, *scored])
    with mock.patch.object(_candidates, "_SMALL_JOIN", 0):
        sparse_join = solve(es, ms, [*hard, *scored])
    assert sparse_join.candidate_pairs == sorted_join.candidate_pairs
    assert sparse_join.pairings == sorted_join.pairings
    assert sparse_join.unmatched == sorted_join.unmatched


def test_pairs_are_ordered_by_rank_whatever_the_integer_width() -> None:
    mentee = np.array([0, 1, 1, 2], dtype=np.int32)
    mentor = np.array([0, 2, 1, 0], dtype=np.int32)
    for dtype in (np.int32, np.int64):
        rank = np.array([2, 0, 1], dtype=dtype), np.array([0, 2, 1], dtype=dtype)
        first, second = _candidates._in_order(mentee, mentor, rank)
        # Mentee 1 (place 0) first, its mentors by place: 1 (place 2) after 2 (place 1).
        assert list(zip(first.tolist(), second.tolist(), strict=True)) == [
            (1, 2),
            (1, 1),
            (2, 0),
            (0, 0),
        ]
