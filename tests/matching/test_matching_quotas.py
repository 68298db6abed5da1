"""Quotas and other side constraints: bounds hold, optimum against a MILP, infeasibility named."""

from __future__ import annotations

import math
from types import SimpleNamespace
from unittest import mock

import numpy as np
import pytest
import scipy.optimize
from hypothesis import event, given, settings
from hypothesis import strategies as st
from matching_support import (
    MUNICIPALITIES,
    ON,
    SCORE_TOLERANCE,
    Loose,
    Oracle,
    assert_consistent,
    instances,
    milp_optimum,
    solve,
    through_cp_sat,
    through_milp,
)

from mentorlib.matching import InfeasibleError, SideConstraint, _match, match, rules
from mentorlib.model import Location, Mentee, Mentor, MentorlibError, ValidationError

NAMES = sorted({name for name, *_ in MUNICIPALITIES})


def municipality(person) -> str | None:
    where = getattr(person, "location", None)
    return None if where is None else where.municipality


def gender(person) -> str:
    return person.gender.value


@st.composite
def bounds(draw, labels):
    minimum, maximum = {}, {}
    for label in draw(st.lists(st.sampled_from(labels), unique=True, max_size=3)):
        kind = draw(st.sampled_from(["min", "max", "both"]))
        low = draw(st.integers(0, 3))
        if kind in ("min", "both"):
            minimum[label] = low
        if kind in ("max", "both"):
            maximum[label] = low + draw(st.integers(0, 2)) if kind == "both" else low
    return minimum, maximum


@st.composite
def quota_instances(draw):
    es, ms, hard, scored = draw(instances())
    quotas = []
    minimum, maximum = draw(bounds(NAMES))
    quotas.append(rules.Quota(minimum=minimum, maximum=maximum))
    if draw(st.booleans()):
        minimum, maximum = draw(bounds(NAMES))
        quotas.append(rules.Quota(minimum=minimum, maximum=maximum, side="mentor"))
    if draw(st.integers(0, 3)) == 0:
        minimum, maximum = draw(bounds(["female", "male", "non-binary", "undisclosed"]))
        quotas.append(rules.Quota(minimum=minimum, maximum=maximum, by=gender, label="gender"))
    return es, ms, hard, scored, quotas, draw(st.integers(0, 3)) == 0


def groups_of(quota, es, ms):
    people = es if quota.side == "mentee" else ms
    out = []
    for label in sorted(set(quota.minimum) | set(quota.maximum)):
        members = np.array([quota.by(p) == label for p in people], dtype=bool)
        high = quota.maximum.get(label, len(es) + sum(m.capacity for m in ms))
        out.append((quota.side, members, quota.minimum.get(label, 0), high))
    return out


def matched_in(result, quota, label, es, ms) -> int:
    people = {p.id: p for p in (es if quota.side == "mentee" else ms)}
    column = 0 if quota.side == "mentee" else 1
    return sum(
        1
        for pair in result.pairs()
        if pair[column] in people and quota.by(people[pair[column]]) == label
    )


def names_two_countries(quotas, es, ms) -> bool:
    """Whether a default (by municipality name) quota bounds a name found in two countries."""
    for quota in quotas:
        if quota.label != "municipality":
            continue
        people = es if quota.side == "mentee" else ms
        bounded = set(quota.minimum) | set(quota.maximum)
        for name in bounded:
            found = {p.location.country for p in people if municipality(p) == name}
            if len(found) > 1:
                return True
    return False


@settings(max_examples=40)
@given(quota_instances())
def test_quotas_hold_and_the_optimum_matches_a_milp(instance) -> None:
    es, ms, hard, scored, quotas, loose = instance
    extra = [Loose()] if loose else []
    if names_two_countries(quotas, es, ms):
        event("a bounded name in two countries")
        with pytest.raises(ValidationError) as caught:
            solve(es, ms, [*hard, *scored, *quotas, *extra], workers=1)
        assert (caught.value.record, caught.value.field) == ("Quota", "by")
        return
    oracle = Oracle(es, ms, hard, scored)
    expected = milp_optimum(oracle, [g for q in quotas for g in groups_of(q, es, ms)])
    if expected is None:
        event("infeasible")
        with pytest.raises(InfeasibleError) as caught:
            solve(es, ms, [*hard, *scored, *quotas, *extra], workers=1)
        assert any(c.startswith("Quota by") for c in caught.value.conflicts), caught.value
        return
    sides = [q.side for q in quotas]
    if loose:  # both general solvers, even where the flow's optimum would do
        with through_cp_sat():
            result = solve(es, ms, [*hard, *scored, *quotas, *extra], workers=1)
        assert result.backend == "cp-sat"
        check_quota_optimum(result, quotas, expected, es, ms, oracle)
        with through_milp():
            result = solve(es, ms, [*hard, *scored, *quotas, *extra], workers=1)
        assert result.backend == "milp"
    else:
        result = solve(es, ms, [*hard, *scored, *quotas, *extra], workers=1)
        if len(sides) == len(set(sides)):
            assert result.backend == "flow"
        else:  # the flow holding one quota per side, if its optimum keeps the rest; else MILP
            assert result.backend in ("assignment", "flow", "milp")
    event(result.backend)
    check_quota_optimum(result, quotas, expected, es, ms, oracle)


def check_quota_optimum(result, quotas, expected, es, ms, oracle) -> None:
    assert_consistent(result, es, ms)
    assert result.optimal
    for quota in quotas:
        for label in set(quota.minimum) | set(quota.maximum):
            count = matched_in(result, quota, label, es, ms)
            assert count >= quota.minimum.get(label, 0), (quota, label)
            assert count <= quota.maximum.get(label, count), (quota, label)
    for a, b in result.pairs():
        assert oracle.pair_allowed(a, b)
    count, steps = expected
    assert result.matched == count
    got = oracle.pair_steps(result.pairs())
    assert steps - result.matched <= got <= steps
    tolerance = SCORE_TOLERANCE * max(1, result.matched)
    assert math.isclose(result.total_score, oracle.scores_of(result.pairs()), abs_tol=tolerance)


OSLO = Location("Oslo", "NO", latitude=59.9139, longitude=10.7522)
TRONDHEIM = Location("Trondheim", "NO", latitude=63.4305, longitude=10.3951)


def city_people():
    es = [Mentee(f"o{i}", "O", location=OSLO, languages={"nb": "native"}) for i in range(4)]
    es += [Mentee(f"t{i}", "T", location=TRONDHEIM, languages={"nb": "native"}) for i in range(3)]
    ms = [
        Mentor("mo", "MO", location=OSLO, languages={"nb": "native"}, capacity=3),
        Mentor("mt", "MT", location=TRONDHEIM, languages={"nb": "native"}, capacity=1),
    ]
    return es, ms


RULES = [rules.SharedLanguage(), rules.SameMunicipality()]


def count_by_city(result) -> dict[str, int]:
    out: dict[str, int] = {}
    for mentee_id, _ in result.pairs():
        city = "Oslo" if mentee_id.startswith("o") else "Trondheim"
        out[city] = out.get(city, 0) + 1
    return out


@pytest.mark.parametrize("extra", [[], [Loose()]], ids=["flow", "cp-sat"])
def test_minimum_and_maximum_per_municipality_hold(extra) -> None:
    es, ms = city_people()
    quota = rules.Quota(minimum={"Trondheim": 1}, maximum={"Oslo": 2})
    with through_cp_sat():
        result = match(es, ms, [*RULES, quota, *extra], on=ON, workers=1)
    assert count_by_city(result) == {"Oslo": 2, "Trondheim": 1}
    assert result.backend == ("cp-sat" if extra else "flow")
    oslo_left = [u for u in result.unmatched if u.mentee_id.startswith("o")]
    assert len(oslo_left) == 2
    # Mentor "mo" still has room: the quota, not capacity, kept these Oslo mentees out.
    assert result.spare_capacity["mo"] == 1
    assert all(u.reason.name == "SIDE_CONSTRAINT" for u in oslo_left)


def initial(person) -> str:
    return person.id[0]


@pytest.mark.parametrize(("most_o", "backend"), [(2, "flow"), (1, "milp")])
def test_the_milp_runs_only_when_the_flow_optimum_breaks_a_second_quota(most_o, backend) -> None:
    es, ms = city_people()
    cities = rules.Quota(minimum={"Trondheim": 1}, maximum={"Oslo": 2})
    initials = rules.Quota(maximum={"o": most_o}, by=initial, label="initial")
    result = match(es, ms, [*RULES, cities, initials], on=ON, workers=1)
    # Two quotas on one side are more than a flow holds; the flow's optimum with the first
    # keeps the second when it allows two "o"s, and is then optimal with both.
    assert result.backend == backend
    assert result.optimal and result.gap == 0
    assert count_by_city(result) == {"Oslo": most_o, "Trondheim": 1}
    with through_cp_sat():
        again = match(es, ms, [*RULES, cities, initials], on=ON, workers=1)
    assert again.backend == "cp-sat"
    assert (again.matched, again.total_score) == (result.matched, result.total_score)


def test_the_milp_skips_its_second_stage_when_time_is_up() -> None:
    from mentorlib.matching import _milp

    es, ms = city_people()
    cities = rules.Quota(minimum={"Trondheim": 1}, maximum={"Oslo": 2})
    initials = rules.Quota(maximum={"o": 1}, by=initial, label="initial")
    clock = iter(range(0, 1000, 10))  # every look at the clock, ten seconds later
    fake_time = mock.Mock(monotonic=lambda: next(clock))
    calls = []
    highs = scipy.optimize.milp

    def counted(*args, **kwargs):
        calls.append(kwargs["options"]["time_limit"])
        return highs(*args, **kwargs)

    with (
        mock.patch.object(_milp, "time", fake_time),
        mock.patch("scipy.optimize.milp", side_effect=counted),
    ):
        result = match(es, ms, [*RULES, cities, initials], on=ON, time_limit=15)
    assert calls == [pytest.approx(5, abs=0.5)]  # stage two would start too late: skipped
    assert result.backend == "milp" and not result.optimal
    assert result.matched == 2


def test_no_assignment_within_the_time_limit_says_to_raise_it() -> None:
    es, ms = city_people()
    cities = rules.Quota(minimum={"Trondheim": 1}, maximum={"Oslo": 2})
    o3 = rules.Quota(minimum={"o3": 1}, by=lambda person: person.id, label="id")
    favour = rules.score_rule(lambda e, m: 1.0 if e.id in ("o0", "o1") else 0.0, name="favour")
    # As if HiGHS found nothing in time; the flow's answer (o0, o1) leaves o3 out, and leaving
    # pairs out cannot mend a minimum.
    with (
        mock.patch.object(_match, "solve_milp", return_value=None),
        pytest.raises(MentorlibError, match="raise time_limit") as caught,
    ):
        match(es, ms, [*RULES, favour, cities, o3], on=ON, time_limit=1e-9)
    assert "within time_limit=1e-09 s" in str(caught.value)


def test_a_start_over_a_second_maximum_is_cut_down_to_fall_back_on() -> None:
    es, ms = city_people()
    cities = rules.Quota(minimum={"Trondheim": 1}, maximum={"Oslo": 2})
    initials = rules.Quota(maximum={"o": 1}, by=initial, label="initial")
    # As if HiGHS found nothing in time: the flow's answer (two from Oslo) is cut to one.
    out_of_time = SimpleNamespace(status=1, x=None)
    with mock.patch("scipy.optimize.milp", return_value=out_of_time):
        result = match(es, ms, [*RULES, cities, initials], on=ON, time_limit=5)
    assert (result.backend, result.optimal) == ("milp", False)
    assert count_by_city(result) == {"Oslo": 1, "Trondheim": 1}
    assert result.bound >= result.total_score


def test_mentor_side_quota_counts_matches_per_mentor_municipality() -> None:
    es, ms = city_people()
    quota = rules.Quota(maximum={"Oslo": 1}, side="mentor")
    result = match(es, ms, [*RULES, quota], on=ON)
    assert result.backend == "flow"
    assert count_by_city(result) == {"Oslo": 1, "Trondheim": 1}


def test_impossible_minimum_names_the_quota() -> None:
    es, ms = city_people()
    quota = rules.Quota(minimum={"Trondheim": 2})
    with pytest.raises(InfeasibleError) as caught:
        match(es, ms, [*RULES, quota], on=ON)
    assert caught.value.conflicts == ("Quota by municipality",)
    assert "Trondheim" in str(caught.value)
    assert "needs 2" in str(caught.value)


def test_impossible_minimum_names_the_quota_beside_other_side_constraints() -> None:
    # The flow without the loose bound already fails the quota, and names it.
    es, ms = city_people()
    quota = rules.Quota(minimum={"Trondheim": 2})
    with pytest.raises(InfeasibleError) as caught:
        match(es, ms, [*RULES, quota, Loose()], on=ON, workers=1)
    assert caught.value.conflicts == ("Quota by municipality",)
    assert "'Trondheim' needs 2" in str(caught.value)


def test_impossible_minimum_names_the_quota_under_cp_sat() -> None:
    es, ms = city_people()
    quota = rules.Quota(minimum={"Trondheim": 2})
    # CP-SAT alone (as when the flow fails otherwise) names the quota's group.
    failing = mock.patch.object(_match, "_solve_network", side_effect=RuntimeError)
    with through_cp_sat(), failing, pytest.raises(InfeasibleError) as caught:
        match(es, ms, [*RULES, quota, Loose()], on=ON, workers=1)
    assert "Quota by municipality for 'Trondheim'" in caught.value.conflicts


def test_locked_pairs_above_a_maximum_are_named() -> None:
    es, ms = city_people()
    locks = rules.Locked([("o0", "mo"), ("o1", "mo")])
    with pytest.raises(InfeasibleError) as caught:
        match(es, ms, [*RULES, locks, rules.Quota(maximum={"Oslo": 1})], on=ON)
    assert set(caught.value.conflicts) == {"Quota by municipality", "locked pairs"}


class AtLeast(SideConstraint):
    def __init__(self, name: str, count: int, *, most: bool = False) -> None:
        self.label, self.count, self.most = name, count, most

    @property
    def name(self) -> str:
        return self.label

    def constrain(self, assignment) -> None:
        every = np.arange(len(assignment.pairs))
        if self.most:
            assignment.bound(self.label, every, at_most=self.count)
        else:
            assignment.bound(self.label, every, at_least=self.count)


def test_contradictory_bounds_are_both_named() -> None:
    es, ms = city_people()
    with pytest.raises(InfeasibleError) as caught:
        match(
            es,
            ms,
            [*RULES, AtLeast("at least 3", 3), AtLeast("at most 2", 2, most=True)],
            on=ON,
            workers=1,
        )
    assert set(caught.value.conflicts) == {"at least 3", "at most 2"}
    assert "at least 3" in str(caught.value)
    assert "at most 2" in str(caught.value)


def test_a_custom_bound_that_holds_is_kept() -> None:
    es, ms = city_people()
    result = match(es, ms, [*RULES, AtLeast("at most 2", 2, most=True)], on=ON, workers=1)
    assert result.backend == "milp"
    assert result.optimal
    assert result.matched == 2


def test_a_bound_that_never_binds_is_not_named_as_conflicting() -> None:
    es, ms = city_people()
    with pytest.raises(InfeasibleError) as caught:
        match(
            es,
            ms,
            [*RULES, Loose(), AtLeast("at least 3", 3), AtLeast("at most 2", 2, most=True)],
            on=ON,
            workers=1,
        )
    assert set(caught.value.conflicts) == {"at least 3", "at most 2"}


@pytest.mark.parametrize(
    ("mentees", "capacity", "side"),
    [(1, 1, "mentee"), (0, 1, "mentee"), (1, 0, "mentor")],
    ids=["two-wanted-one-there", "no-mentees", "no-capacity"],
)
def test_a_minimum_above_the_number_of_people_is_infeasible_not_a_solver_failure(
    mentees, capacity, side
) -> None:
    asker = Location("Asker", "NO")
    es = [Mentee(f"e{i}", "E", location=asker) for i in range(mentees)]
    ms = [Mentor("m", "M", location=asker, capacity=capacity)]
    quota = rules.Quota(minimum={"Asker": 2}, side=side)
    with pytest.raises(InfeasibleError) as caught:
        match(es, ms, [quota], on=ON)
    assert caught.value.conflicts == (quota.name,)
    assert quota.name == (
        "Quota by mentor municipality" if side == "mentor" else "Quota by municipality"
    )


def test_a_quota_on_a_name_two_countries_share_is_refused_until_by_tells_them_apart() -> None:
    vik_no = Location("Vik", "NO", latitude=61.087, longitude=6.586)
    vik_se = Location("Vik", "SE", latitude=55.61, longitude=14.28)
    es = [Mentee("n", "N", location=vik_no), Mentee("s", "S", location=vik_se)]
    ms = [Mentor("m", "M", location=vik_no, capacity=2)]
    with pytest.raises(ValidationError, match="NO and SE") as caught:
        match(es, ms, [rules.Quota(maximum={"Vik": 1})], on=ON)
    assert caught.value.field == "by"
    by_country = rules.Quota(
        maximum={"NO Vik": 1}, by=lambda p: f"{p.location.country} {p.location.municipality}"
    )
    assert match(es, ms, [by_country], on=ON).matched == 2


def test_infeasible_error_names_the_locked_pairs_it_clashes_with() -> None:
    """Locks put two women in, a second quota allows one: the lock and that quota clash.

    The quota alone holds easily (match one woman), so naming it alone sends the coordinator
    to the wrong place.
    """
    oslo, bergen = Location("Oslo", "NO"), Location("Bergen", "NO")
    mentees = [
        Mentee("e1", "A", location=oslo, gender="female"),
        Mentee("e2", "B", location=oslo, gender="female"),
        Mentee("e3", "C", location=bergen, gender="male"),
    ]
    mentors = [Mentor(f"m{i}", "D", location=oslo) for i in range(3)]
    women = rules.Quota(maximum={"female": 1}, by=lambda p: p.gender.value, label="gender")
    ruleset = [
        rules.Locked([("e1", "m0"), ("e2", "m1")]),
        rules.Quota(minimum={"Bergen": 1}),
        women,
    ]
    with pytest.raises(InfeasibleError) as caught:
        match(mentees, mentors, ruleset, on=ON)
    assert caught.value.conflicts == ("locked pairs", "Quota by gender for 'female'")
    assert match(mentees, mentors, ruleset[1:], on=ON).matched == 2
