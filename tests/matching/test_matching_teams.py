"""Teams: a mentee is matched to a team only when every hard rule allows each member.

The oracle judges each (mentee, member) pair with the plain-Python rules of
``matching_support`` and combines them by hand: a team is allowed when all its members are
(``AvailabilityOverlap``: when the mentee and all members share a free stretch, minute by
minute), and scores its members' mean. The optimum comes from scipy's ``linear_sum_assignment``.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_support import (
    ON,
    PLAIN_BACKENDS,
    SCORE_TOLERANCE,
    free_spans,
    instances,
    not_eligible,
    plain_allows,
    plain_backend,
    plain_score,
    solve,
)
from scipy.optimize import linear_sum_assignment

from mentorlib import UnknownIdError, ValidationError
from mentorlib.matching import Pairs, UnmatchedReason, _candidates, match, rematch, rules
from mentorlib.matching._pairs import _together
from mentorlib.model import Location, Match, Mentee, Mentor, SafeguardingCheck, Team

OSLO = Location("Oslo", "NO", latitude=59.9139, longitude=10.7522)
CHECKED = [SafeguardingCheck("politiattest", dt.date(2026, 1, 5), dt.date(2029, 1, 5))]


def adult(mentor_id: str, **fields) -> Mentor:
    return Mentor(
        mentor_id,
        f"Adult {mentor_id}",
        birth_date=dt.date(1985, 3, 1),
        languages=fields.pop("languages", {"nb": "native"}),
        location=OSLO,
        **fields,
    )


def youth(mentee_id: str, born: dt.date = dt.date(2010, 5, 1), **fields) -> Mentee:
    return Mentee(
        mentee_id,
        f"Youth {mentee_id}",
        birth_date=born,
        languages=fields.pop("languages", {"nb": "B2"}),
        location=OSLO,
        **fields,
    )


# -- against the oracle ------------------------------------------------------------------------


@st.composite
def team_instances(draw: st.DrawFn):
    """A random instance whose mentors are grouped into teams of one to three."""
    es, ms, hard, scored = draw(instances(max_mentees=6, max_mentors=6))
    teams, rest = [], list(ms)
    while rest:
        size = draw(st.integers(1, min(3, len(rest))))
        members, rest = rest[:size], rest[size:]
        teams.append(
            Team(f"t{len(teams)}", "Team", members=members, capacity=draw(st.integers(0, 3)))
        )
    if es and teams and draw(st.booleans()):  # forbid whole teams by the team's id too
        pairs = draw(st.lists(st.tuples(st.sampled_from(es), st.sampled_from(teams)), max_size=3))
        hard.append(rules.ForbiddenPairs([(e.id, t.id) for e, t in pairs]))
    return es, teams, hard, scored


def free_minutes(person) -> np.ndarray:
    """A week of minutes, True where the person is free (all week if they gave no windows)."""
    free = np.zeros(7 * 1440, dtype=bool)
    for start, end in free_spans(person):
        free[start:end] = True
    return free


def longest_run(free: np.ndarray) -> int:
    edges = np.diff(np.concatenate([[0], free.astype(int), [0]]))
    return int((np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)).max(initial=0))


def allows(rule, e, team: Team) -> bool:
    if isinstance(rule, rules.ForbiddenPairs) and (e.id, team.id) in rule.pairs:
        return False
    if isinstance(rule, rules.AvailabilityOverlap):  # a time the mentee and all members share
        together = free_minutes(e)
        for member in team.members:
            together &= free_minutes(member)
        return rule.minutes <= 0 or longest_run(together) >= rule.minutes
    return all(plain_allows(rule, e, m) for m in team.members)


def team_score(scored, e, team: Team) -> float:
    return sum(
        r.weight * sum(plain_score(r, e, m) for m in team.members) / len(team.members)
        for r in scored
    )


def optimum(allowed: np.ndarray, steps: np.ndarray, capacity: list[int]) -> tuple[int, int]:
    """(most matched, then most score steps), capacity-expanded, by linear_sum_assignment."""
    slots = np.repeat(np.arange(len(capacity)), capacity)
    if not allowed.shape[0] or not len(slots):
        return 0, 0
    big = int(steps.clip(min=0).sum()) + 1
    value = np.where(allowed[:, slots], big + steps[:, slots], 0).astype(np.int64)
    rows, cols = linear_sum_assignment(value, maximize=True)
    picked = value[rows, cols]
    picked = picked[picked >= big]
    return len(picked), int((picked - big).sum())


@pytest.mark.parametrize("backend", PLAIN_BACKENDS)
@settings(max_examples=60)
@given(instance=team_instances())
def test_teams_are_allowed_through_every_member_and_matched_optimally(backend, instance) -> None:
    es, teams, hard, scored = instance
    with plain_backend(backend):
        result = solve(es, teams, [*hard, *scored])
    allowed = np.array(
        [[all(allows(r, e, t) for r in hard) for t in teams] for e in es], dtype=bool
    ).reshape(len(es), len(teams))
    scores = np.array([[team_score(scored, e, t) for t in teams] for e in es]).reshape(
        len(es), len(teams)
    )
    assert result.optimal
    assert result.candidate_pairs == int(allowed.sum())
    by_id = {x.id: x for x in [*es, *teams]}
    load: dict[str, int] = {}
    for pairing in result.pairings:
        e, team = by_id[pairing.mentee_id], by_id[pairing.mentor_id]
        assert all(allows(r, e, team) for r in hard), pairing
        assert math.isclose(pairing.score, team_score(scored, e, team), abs_tol=SCORE_TOLERANCE)
        load[team.id] = load.get(team.id, 0) + 1
    assert all(load[t.id] <= t.capacity for t in teams if t.id in load)
    assert result.spare_capacity == {t.id: t.capacity - load.get(t.id, 0) for t in teams}

    steps = np.rint(scores * 100).astype(np.int64)
    matched, best = optimum(allowed, steps, [t.capacity for t in teams])
    assert result.matched == matched
    position = {t.id: j for j, t in enumerate(teams)}
    got = sum(steps[es.index(by_id[p.mentee_id]), position[p.mentor_id]] for p in result.pairings)
    assert got == best
    for u in result.unmatched:
        i = es.index(by_id[u.mentee_id])
        if allowed[i].any():
            assert u.reason is UnmatchedReason.CAPACITY
        else:
            outside = not_eligible(by_id[u.mentee_id], hard)
            expected = UnmatchedReason.NOT_ELIGIBLE if outside else UnmatchedReason.NO_CANDIDATE
            assert u.reason is expected


@settings(max_examples=30)
@given(instance=team_instances())
def test_built_in_rules_keep_the_protocol_on_pairs_with_teams(instance) -> None:
    es, teams, hard, scored = instance
    if not es:
        return
    pairs = Pairs.every(es, teams, on=ON)
    for rule in [*hard, *scored]:
        rules.check_rule(rule, pairs)


# -- safeguarding and the other rules, member by member ---------------------------------------


def test_a_minor_gets_a_team_only_when_every_adult_holds_a_valid_check() -> None:
    lapsed_check = SafeguardingCheck("politiattest", dt.date(2023, 1, 5), dt.date(2026, 1, 5))
    teams = [
        Team(
            "half",
            "Half checked",
            members=[adult("m1", safeguarding_checks=CHECKED), adult("m2")],
            capacity=2,
        ),
        Team(
            "lapsed",
            "One lapsed",
            members=[
                adult("m3", safeguarding_checks=CHECKED),
                adult("m4", safeguarding_checks=[lapsed_check]),
            ],
            capacity=2,
        ),
    ]
    minor = youth("y1")
    result = match([minor], teams, [rules.SafeguardingForMinors()], on=ON)
    assert result.matched == 0
    assert result.unmatched[0].reason is UnmatchedReason.NO_CANDIDATE
    assert "safeguarding" in result.unmatched[0].message
    # The rule tried on a batch of teams, as Pairs.every offers, refuses them too.
    batch = Pairs.every([minor], teams, on=ON)
    assert not rules.SafeguardingForMinors().allows(batch).any()

    both = Team(
        "both",
        "Both checked",
        members=[
            adult("m5", safeguarding_checks=CHECKED),
            adult("m6", safeguarding_checks=CHECKED),
        ],
        capacity=2,
    )
    result = match([minor], [*teams, both], [rules.SafeguardingForMinors()], on=ON)
    assert [(p.mentee_id, p.mentor_id) for p in result.pairings] == [("y1", "both")]
    # An adult mentee needs no check, so any team will do.
    grown = youth("y2", born=dt.date(2000, 5, 1))
    result = match([grown], teams, [rules.SafeguardingForMinors()], on=ON)
    assert result.matched == 1


def test_a_subclass_of_team_is_judged_through_its_members_too() -> None:
    class NamedTeam(Team):
        pass

    team = NamedTeam("t1", "Team", members=[adult("m1"), adult("m2")], capacity=2)
    result = match([youth("y1")], [team], [rules.SafeguardingForMinors()], on=ON)
    assert result.matched == 0


@pytest.mark.parametrize(
    "hosts",
    [
        lambda a, b: [a, Team("t1", "Team", members=[a, b], capacity=2)],
        lambda a, b: [
            Team("t1", "Team", members=[a, b], capacity=2),
            Team("t2", "Team", members=[a], capacity=2),
        ],
    ],
    ids=["alone and in a team", "in two teams"],
)
def test_a_mentor_is_booked_one_way_only(hosts) -> None:
    a, b = adult("m1"), adult("m2")
    with pytest.raises(ValidationError, match=r"Team 't\d'.*member 'm1' is also among the mentors"):
        match([youth("y1")], hosts(a, b), [], on=ON)


def test_each_member_must_share_a_language_and_the_team_scores_their_mean() -> None:
    arabic = adult("m1", languages={"ar": "native"})
    tigrinya = adult("m2", languages={"ti": "native"})
    team = Team("t1", "Team", members=[arabic, tigrinya], capacity=2)
    both = youth("y1", languages={"ar": "B1", "ti": "native"})
    one = youth("y2", languages={"ar": "native"})
    result = match(
        [both, one], [team], [rules.SharedLanguage("B1"), rules.NativeLanguage(weight=3)], on=ON
    )
    assert [p.mentee_id for p in result.pairings] == ["y1"]
    # y1's native Tigrinya is the native language of one member of two.
    assert result.pairings[0].breakdown == {"NativeLanguage": pytest.approx(1.5)}
    [unmatched] = result.unmatched
    assert unmatched.mentee_id == "y2" and unmatched.reason is UnmatchedReason.NO_CANDIDATE
    assert unmatched.message == "no team speaks Arabic at B1 or better"
    mixed = match(
        [one], [team, adult("m3", languages={"ti": "native"})], [rules.SharedLanguage("B1")], on=ON
    )
    assert mixed.unmatched[0].message == "no mentor or team speaks Arabic at B1 or better"


def test_a_team_takes_up_to_its_own_capacity_whatever_its_members_capacities() -> None:
    team = Team(
        "t1", "Team", members=[adult("m1", capacity=0), adult("m2", capacity=5)], capacity=2
    )
    people = [youth(f"y{k}") for k in range(4)]
    result = match(people, [team], [rules.SharedLanguage("B1")], on=ON)
    assert result.matched == 2
    assert result.spare_capacity == {"t1": 0}
    assert {u.reason for u in result.unmatched} == {UnmatchedReason.CAPACITY}
    assert result.unmatched[0].message.startswith("all 1 allowed team(s) were full")


def test_forbidden_pairs_and_past_partners_name_a_team_or_a_member() -> None:
    a, b = adult("m1"), adult("m2")
    team = Team("t1", "Team", members=[a, b], capacity=2)
    solo = adult("m3")
    person = youth("y1")
    for forbidden in ([("y1", "t1")], [("y1", "m2")], [(person, team)]):
        result = match([person], [team, solo], [rules.ForbiddenPairs(forbidden)], on=ON)
        assert [p.mentor_id for p in result.pairings] == ["m3"], forbidden
    earlier = Match("x1", "y1", "t1", dt.date(2025, 8, 1))
    result = match([person], [team], [rules.ForbiddenPairs.past_partners([earlier])], on=ON)
    assert result.matched == 0


def test_past_partners_in_a_team_stay_apart_on_their_own_and_in_new_teams() -> None:
    a, b = adult("m1"), adult("m2")
    old_team = Team("t1", "Last year's team", members=[a, b], capacity=2)
    earlier = [Match("x1", "y1", "t1", dt.date(2025, 8, 1))]
    forbidden = rules.ForbiddenPairs.past_partners(earlier, teams=[old_team])
    assert forbidden.pairs == {("y1", "t1"), ("y1", "m1"), ("y1", "m2")}
    new_team = Team("t5", "This year's team", members=[a, adult("m7")], capacity=2)
    for hosts in ([a], [new_team], [b, adult("m8")]):
        result = match([youth("y1")], hosts, [forbidden], on=ON)
        assert [p.mentor_id for p in result.pairings] == (["m8"] if len(hosts) == 2 else [])
    # Without the teams, only the team itself stays apart.
    assert rules.ForbiddenPairs.past_partners(earlier).pairs == {("y1", "t1")}
    with pytest.raises(ValidationError, match="teams must be Team records"):
        rules.ForbiddenPairs.past_partners(earlier, teams=["t1"])


def test_mentors_places_and_teams_together_and_a_quota_by_the_team_s_municipality() -> None:
    bergen = Location("Bergen", "NO", latitude=60.3913, longitude=5.3221)
    team = Team("t1", "Team", members=[adult("m1"), adult("m2")], capacity=3, location=bergen)
    solo = adult("m3", capacity=3)
    people = [youth(f"y{k}") for k in range(4)]
    quota = rules.Quota(maximum={"Bergen": 1}, side="mentor")
    result = match(people, [team, solo], [rules.SharedLanguage("B1"), quota], on=ON)
    load = {}
    for p in result.pairings:
        load[p.mentor_id] = load.get(p.mentor_id, 0) + 1
    assert load == {"t1": 1, "m3": 3}


def test_rematch_keeps_a_team_s_pairs_and_replaces_a_withdrawn_team() -> None:
    one = Team("t1", "One", members=[adult("m1"), adult("m2")], capacity=1)
    three = Team("t3", "Three", members=[adult("m5"), adult("m6")], capacity=1)
    people = [youth("y1"), youth("y2")]
    previous = [("y1", "t1"), ("y2", "t2")]  # team t2 has withdrawn
    result = rematch(previous, people, [one, three], [rules.SharedLanguage("B1")], on=ON)
    assert {(p.mentee_id, p.mentor_id) for p in result.pairings} == {("y1", "t1"), ("y2", "t3")}
    assert any(p.locked for p in result.pairings if p.mentor_id == "t1")


def test_a_team_is_refused_among_the_mentees() -> None:
    team = Team("t1", "Team", members=[adult("m1")], capacity=1)
    with pytest.raises(ValidationError, match=r"Team 't1'.*pass it among the mentors"):
        match([team], [adult("m2")], [], on=ON)


def test_availability_overlap_asks_for_a_time_the_youth_and_every_adult_share() -> None:
    youth_free = ["mon 16:00-20:00", "wed 16:00-20:00"]
    early = ["mon 16:00-18:00", "wed 16:00-17:00"]
    late = adult("m2", availability=["mon 18:00-20:00", "wed 16:30-18:00"])
    anytime = adult("m3")  # gave no windows: limits nothing
    person = youth("y1", availability=youth_free)
    apart = Team(
        "apart",
        "Never together on Monday",
        members=[adult("m1", availability=early), late],
        capacity=1,
    )
    with_anytime = Team(
        "with-anytime",
        "Early and anytime",
        members=[adult("m5", availability=early), anytime],
        capacity=1,
    )
    # Each adult alone shares two hours with the youth on Monday; together they share 30
    # minutes, on Wednesday.
    for minutes, allowed in ((30, {"apart", "with-anytime"}), (60, {"with-anytime"})):
        result = match([person], [apart, with_anytime], [rules.AvailabilityOverlap(minutes)], on=ON)
        assert result.unmatched == () and result.candidate_pairs == len(allowed), minutes
        assert result.pairings[0].mentor_id in allowed
    result = match([person], [apart], [rules.AvailabilityOverlap(60)], on=ON)
    [unmatched] = result.unmatched
    assert unmatched.reason is UnmatchedReason.NO_CANDIDATE
    assert "free at the same time" in unmatched.message
    # Two adults who never are free at the same time have no time for anyone.
    never = Team(
        "never",
        "Never",
        members=[adult("m4", availability=["tue 10:00-11:00"]), adult("m6", availability=early)],
        capacity=1,
    )
    result = match([youth("y2")], [never], [rules.AvailabilityOverlap(15)], on=ON)
    assert result.matched == 0


# -- size: what a team costs grows with its members, not faster ----------------------------------


def test_combined_blocking_keys_of_a_team_grow_with_its_members_not_their_square() -> None:
    members = [adult(f"m{k:02}") for k in range(20)]
    team = Team("t1", "Big team", members=members, capacity=2)
    youths = [youth("y1"), youth("y2")]
    ruleset = [rules.SharedLanguage("B1"), rules.WithinDistance(25)]
    sizes: list[int] = []
    product = _candidates._product

    def spy(*args):
        out = product(*args)
        sizes.append(len(out[0]))
        return out

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_candidates, "_product", spy)
        match(youths, members, ruleset, on=ON)  # the members alone: their keys, combined
        alone, sizes[:] = max(sizes), []
        match(youths, [team], ruleset, on=ON)
    assert sizes, "the two rules' keys were not combined"
    assert max(sizes) <= alone, (max(sizes), alone)


def test_a_team_s_common_windows_stay_few_when_members_list_overlapping_windows() -> None:
    windows = ["mon 10:00-12:00", "mon 10:30-12:30", "mon 11:00-13:00"]  # 10:00-13:00
    members = [adult(f"m{k:02}", availability=windows) for k in range(10)]
    assert len(_together(members)) <= len(windows)
    team = Team("t1", "Big team", members=members, capacity=1)
    person = youth("y1", availability=["mon 12:00-14:00"])
    result = match([person], [team], [rules.AvailabilityOverlap(60)], on=ON)
    assert result.matched == 1


def test_locking_a_team_member_instead_of_the_team_says_which_team_to_name() -> None:
    team = Team("t1", "Team", members=[adult("m1"), adult("m2")], capacity=2)
    with pytest.raises(
        UnknownIdError, match=r"no mentor with id 'm2'; 'm2' is a member of team 't1'"
    ):
        match([youth("y1")], [team], [rules.Locked([("y1", "m2")])], on=ON)
    locked = match([youth("y1")], [team], [rules.Locked([("y1", "t1")])], on=ON)
    assert locked.pairings[0].locked
