"""Teams, second look: the funnel's join, a team's common free time, whole-team rules.

Funnels are checked against the plain-Python rules of ``matching_support`` for every mentee
(not only the unmatched), with each keyed rule placed first; a team's common free time against
a minute-by-minute oracle.
"""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_support import ON, hard_rules, people, plain_allows
from test_matching_teams import CHECKED, adult, team_instances, youth
from test_matching_teams import allows as team_allows

from mentorlib import ValidationError
from mentorlib.matching import HardRule, Pairs, match, rematch, rules
from mentorlib.matching._match import _funnels
from mentorlib.matching._pairs import Side, Vocabulary, _together
from mentorlib.matching._rules import _members, side_keys, validated_allows
from mentorlib.model import Mentor, Place, SafeguardingCheck, Team, WeeklyWindow

# -- 1. the funnel's first rule: a join on its keys, then its test ------------------------------


def _interests(person):
    return getattr(person, "interests", ())


class SharedInterestKeys(HardRule):
    """Keys are interests, but the test asks more (so the keys are not exact)."""

    def keys(self, side):
        return side.code_keys("interest", _interests)

    def allows(self, pairs):
        mine = pairs.mentees.code_sets("interest", _interests)
        theirs = pairs.mentors.code_sets("interest", _interests)
        capacity = pairs.mentors.capacity
        return np.array(
            [
                bool(set(mine[a]) & set(theirs[b])) and capacity[b] >= 1
                for a, b in zip(pairs.mentee.tolist(), pairs.mentor.tolist(), strict=True)
            ],
            dtype=np.bool_,
        )


class StricterLanguage(rules.SharedLanguage):
    """Overrides allows: exact_keys is not inherited, so the join is filtered."""

    def allows(self, pairs):
        return super().allows(pairs) & (pairs.mentors.capacity[pairs.mentor] >= 1)


class StricterOverlap(rules.AvailabilityOverlap):
    def allows(self, pairs):
        return super().allows(pairs) & (pairs.mentors.capacity[pairs.mentor] >= 1)


def _same_gender_or_interests(e, m) -> bool:
    return e.gender == m.gender or bool(m.interests)


def oracle(rule, e, m) -> bool:
    if isinstance(rule, SharedInterestKeys):
        return bool(set(e.interests) & set(m.interests)) and m.capacity >= 1
    if type(rule) is StricterLanguage:
        return plain_allows(rules.SharedLanguage(rule.minimum), e, m) and m.capacity >= 1
    if type(rule) is StricterOverlap:
        return plain_allows(rules.AvailabilityOverlap(rule.minutes), e, m) and m.capacity >= 1
    if rule.name == "same gender or interests":
        return _same_gender_or_interests(e, m)
    return plain_allows(rule, e, m)


FIRST_RULES = st.one_of(
    st.builds(
        rules.WithinDistance,
        st.sampled_from([0.5, 2.0, 5.0, 15.0, 25.0, 40.0, 500.0]),
        same_municipality=st.booleans(),
    ),
    st.just(rules.SameMunicipality()),
    st.builds(rules.SharedLanguage, st.sampled_from(["A1", "B1", "C2"])),
    # Windows lie on the half hour or any minute: most of these grains leave keys inexact.
    st.builds(
        rules.AvailabilityOverlap, st.sampled_from([1, 7, 29.5, 30, 45, 60, 61, 90, 179.5, 600])
    ),
    st.just(SharedInterestKeys()),
    st.builds(StricterLanguage, st.sampled_from(["A1", "B1"])),
    st.builds(StricterOverlap, st.sampled_from([15, 45, 60, 90])),
    st.just(rules.hard_rule(_same_gender_or_interests, name="same gender or interests")),
)


def _expected_funnel(hard, e, ms) -> list[int]:
    left, out = list(ms), []
    for rule in hard:
        left = [m for m in left if oracle(rule, e, m)]
        out.append(len(left))
        if not left:
            break
    return out


@settings(max_examples=150)
@given(st.data())
def test_funnel_counts_match_the_oracle_with_each_keyed_rule_first(data) -> None:
    es, ms = data.draw(people(7, 6))
    if not es or not ms:
        return
    hard = [data.draw(FIRST_RULES), *data.draw(hard_rules([e.id for e in es], [m.id for m in ms]))]
    vocabulary = Vocabulary()
    mentees, mentors = Side(es, "mentee", vocabulary), Side(ms, "mentor", vocabulary)
    got = _funnels(hard, np.arange(len(es)), mentees, mentors, ON)
    for i, e in enumerate(es):
        want = _expected_funnel(hard, e, ms)
        assert got[i][: len(want)] == want, (hard, e.id)


@settings(max_examples=100)
@given(team_instances(), st.data())
def test_funnel_counts_with_teams_match_the_oracle_in_any_rule_order(instance, data) -> None:
    es, teams, hard, _ = instance
    if not es or not teams or not hard:
        return
    hard = data.draw(st.permutations(hard))
    vocabulary = Vocabulary()
    mentees, mentors = Side(es, "mentee", vocabulary), Side(teams, "mentor", vocabulary)
    got = _funnels(hard, np.arange(len(es)), mentees, mentors, ON)
    for i, e in enumerate(es):
        left, want = list(teams), []
        for rule in hard:
            left = [t for t in left if team_allows(rule, e, t)]
            want.append(len(left))
            if not left:
                break
        assert got[i][: len(want)] == want, (hard, e.id)


# -- 2. a team's common free time, minute by minute ---------------------------------------------


def _window(day: int, start: int, end: int) -> WeeklyWindow:
    return WeeklyWindow(day, dt.time(start // 60, start % 60), dt.time(end // 60, end % 60))


@st.composite
def any_windows(draw) -> list[WeeklyWindow]:
    """Up to four windows anywhere in the week; edges often at midnight, 23:59 or touching."""
    out = []
    edges = [0, 60, 120, 1380, 1410, 1438, 1439]
    for _ in range(draw(st.integers(0, 4))):
        day = draw(st.integers(0, 6))
        if draw(st.booleans()):
            start = draw(st.sampled_from(edges[:-1]))
            end = draw(st.sampled_from([e for e in edges if e > start]))
        else:
            start = draw(st.integers(0, 1438))
            end = draw(st.integers(start + 1, 1439))
        out.append(_window(day, start, end))
    return out


def _minutes(windows) -> np.ndarray:
    free = np.zeros(7 * 1440, dtype=bool)
    if not windows:
        free[:] = True
    for w in windows:
        day = int(w.weekday) * 1440
        free[day + w.start.hour * 60 + w.start.minute : day + w.end.hour * 60 + w.end.minute] = 1
    return free


@settings(max_examples=300)
@given(st.lists(any_windows(), min_size=1, max_size=4))
def test_a_team_s_free_time_is_the_minutes_every_member_is_free(member_windows) -> None:
    members = [Mentor(f"m{k}", "Adult", availability=w) for k, w in enumerate(member_windows)]
    expected = np.logical_and.reduce([_minutes(w) for w in member_windows])
    spans = _together(members)
    got = np.zeros(7 * 1440, dtype=bool)
    if not spans:
        got[:] = True
    for start, end in spans:
        got[start:end] = True
    assert np.array_equal(got, expected)
    assert all(b < c for (_, b), (c, _) in itertools.pairwise(spans))
    # The team's column of Side.availability says the same.
    side = Side([Team("t", "Team", members=members, capacity=1)], "mentor", Vocabulary())
    starts, ends = side.availability
    column = np.zeros(7 * 1440, dtype=bool)
    for k in range(starts.shape[0]):
        column[starts[k, 0] : ends[k, 0]] = True
    assert np.array_equal(column, expected)


def test_touching_windows_of_two_members_give_no_common_time() -> None:
    a = Mentor("m1", "A", availability=["mon 10:00-11:00"])
    b = Mentor("m2", "B", availability=["mon 11:00-12:00"])
    lone = Mentor("m3", "C")  # no windows: limits nothing
    assert _together([a, b, lone]) == [(0, 0)]
    assert _together([a, lone]) == [(600, 660)]
    assert _together([lone]) == []
    late = Mentor("m4", "D", availability=["sun 22:00-23:59", "sun 20:00-22:00"])
    assert _together([late]) == [(6 * 1440 + 1200, 6 * 1440 + 1439)]


# -- 3. whole teams: what a custom rule sees, and when whole_teams is kept ----------------------


class TeamCleared(HardRule):
    whole_teams = True

    def allows(self, pairs):
        return pairs.mentors.cleared(pairs.on, pairs.on)[pairs.mentor]


class TeamHasAge(HardRule):
    whole_teams = True

    def allows(self, pairs):
        known = np.isfinite(pairs.mentors.birth_ordinal[pairs.mentor])
        return known | pairs.mentors.ageless[pairs.mentor]


def test_a_whole_team_rule_sees_a_team_cleared_only_if_every_member_is_and_with_no_age() -> None:
    lapsed = [SafeguardingCheck("politiattest", dt.date(2023, 1, 5), dt.date(2026, 1, 5))]
    checked, unchecked = adult("m1", safeguarding_checks=CHECKED), adult("m2")
    hosts = [
        Team("half", "Half", members=[checked, unchecked], capacity=1),
        Team("one", "One", members=[adult("m3", safeguarding_checks=CHECKED)], capacity=1),
        Team(
            "lapsed",
            "Lapsed",
            members=[checked, adult("m4", safeguarding_checks=lapsed)],
            capacity=1,
        ),
        Place("p1", "Place", kind="group", capacity=1),
        adult("m5"),
    ]
    batch = Pairs.every([youth("y1")], hosts, on=ON)
    assert validated_allows(TeamCleared(), batch).tolist() == [False, True, False, True, False]
    assert validated_allows(TeamHasAge(), batch).tolist() == [False, False, False, True, True]


class PerMemberOverlap(rules.AvailabilityOverlap):
    def allows(self, pairs):  # overrides allows: whole_teams is not inherited
        return super().allows(pairs)


class Reworded(rules.AvailabilityOverlap):
    def describe(self, mentee):  # changes only the words: whole_teams is kept
        return "has time"


class OwnKeys(rules.AvailabilityOverlap):
    def keys(self, side):
        return super().keys(side)


class OwnEligible(rules.AvailabilityOverlap):
    def eligible(self, side, on):
        return None


class WholeAgain(rules.AvailabilityOverlap):
    whole_teams = True

    def allows(self, pairs):
        return super().allows(pairs)


@pytest.mark.parametrize(
    ("kind", "whole"),
    [
        (rules.AvailabilityOverlap, True),
        (Reworded, True),
        (WholeAgain, True),
        (PerMemberOverlap, False),
        (OwnKeys, False),
        (OwnEligible, False),
    ],
)
def test_whole_teams_is_kept_only_by_a_class_that_keeps_allows_keys_and_eligible(
    kind, whole
) -> None:
    early = ["mon 16:00-18:00", "wed 16:00-17:00"]
    late = ["mon 18:00-20:00", "wed 16:30-18:00"]
    apart = Team(
        "apart",
        "Apart",
        members=[adult("m1", availability=early), adult("m2", availability=late)],
        capacity=1,
    )
    person = youth("y1", availability=["mon 16:00-20:00", "wed 16:00-20:00"])
    rule = kind(60)
    assert (_members(rule, Side([apart], "mentor", Vocabulary())) is None) is whole
    # Together the adults share 30 minutes; each alone shares two hours with the youth.
    result = match([person], [apart], [rule], on=ON)
    assert result.matched == (0 if whole else 1)
    if whole:
        assert result.unmatched[0].funnel == ((rule.name, 0),)


# -- 4. booked once --------------------------------------------------------------------------------


def test_mentors_in_different_teams_and_mentors_alone_are_not_refused() -> None:
    teams = [
        Team("t1", "One", members=[adult("m1"), adult("m2")], capacity=1),
        Team("t2", "Two", members=[adult("m3")], capacity=1),
    ]
    result = match([youth("y1"), youth("y2")], [*teams, adult("m4")], [], on=ON)
    assert result.matched == 2
    again = rematch([("y1", "t1")], [youth("y1")], [*teams, adult("m4")], [], on=ON)
    assert [(p.mentee_id, p.mentor_id) for p in again.pairings] == [("y1", "t1")]
    with pytest.raises(ValidationError, match="member 'm1' is also among the mentors"):
        rematch([("y1", "t1")], [youth("y1")], [*teams, adult("m1")], [], on=ON)


def test_a_place_whose_id_equals_a_member_s_id_is_not_a_double_booking() -> None:
    team = Team("t1", "Team", members=[adult("m1"), adult("m2")], capacity=1)
    course = Place("m1", "Cycling school", kind="course", capacity=3)  # ids from another register
    result = match([youth("y1"), youth("y2")], [team, course], [], on=ON)
    assert result.matched == 2


# -- 5. a team's keys, deduplicated ------------------------------------------------------------


class FixedKeys(HardRule):
    """Keys as a rule might give them: odd dtypes, repeats, or none at all."""

    def __init__(self, owners, values) -> None:
        self.owners, self.values = owners, values

    def keys(self, side):
        return self.owners[: len(side)], self.values[: len(side)]

    def allows(self, pairs):
        return np.ones(len(pairs), dtype=np.bool_)


def test_a_team_s_keys_are_deduplicated_whatever_their_dtype_and_when_empty() -> None:
    team = Team("t1", "Team", members=[adult("m1"), adult("m2")], capacity=1)
    side = Side([team, adult("m3")], "mentor", Vocabulary())  # three member rows
    empty = FixedKeys(np.zeros(0, dtype=np.float64), np.zeros(0, dtype=np.float64))
    owners, values = side_keys(empty, side)
    assert owners.shape == values.shape == (0,)
    assert owners.dtype == values.dtype == np.int64
    mixed = FixedKeys(np.array([0, 1, 2], dtype=np.int32), np.array([7, 7, 255], dtype=np.uint8))
    owners, values = side_keys(mixed, side)
    assert list(zip(owners.tolist(), values.tolist(), strict=True)) == [(0, 7), (1, 255)]
    big = FixedKeys(np.array([1, 0, 2], dtype=np.int64), np.array([-5, 2**40, -5], dtype=np.int64))
    owners, values = side_keys(big, side)
    assert list(zip(owners.tolist(), values.tolist(), strict=True)) == [
        (0, -5),
        (0, 2**40),
        (1, -5),
    ]
