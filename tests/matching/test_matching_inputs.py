"""Bad input is refused with the library's errors; empty input gives a valid, empty result."""

from __future__ import annotations

import pytest
from matching_support import ON, Loose, through_cp_sat, through_milp

from mentorlib.matching import MatchResult, RuleError, UnmatchedReason, match, rules
from mentorlib.model import (
    DuplicateIdError,
    Location,
    Mentee,
    Mentor,
    UnknownIdError,
    ValidationError,
)

ES = [Mentee("e1", "A", languages={"nb": "native"}), Mentee("e2", "B", languages={"nb": "B2"})]
MS = [Mentor("m1", "X", languages={"nb": "native"}), Mentor("m2", "Y", languages={"nb": "C1"})]


def test_duplicate_mentee_ids_are_refused() -> None:
    with pytest.raises(DuplicateIdError, match="e1"):
        match([*ES, Mentee("e1", "C")], MS, [], on=ON)


def test_duplicate_mentor_ids_are_refused() -> None:
    with pytest.raises(DuplicateIdError, match="m2"):
        match(ES, [*MS, Mentor("m2", "Z")], [], on=ON)


def test_a_mentee_and_a_mentor_may_share_an_id() -> None:
    result = match([Mentee("x", "A")], [Mentor("x", "B")], [], on=ON)
    assert result.pairs() == [("x", "x")]


@pytest.mark.parametrize(
    "bad",
    [object(), "SharedLanguage", lambda e, m: True, rules.SharedLanguage],
    ids=["object", "text", "function", "class"],
)
def test_a_non_rule_is_refused(bad) -> None:
    with pytest.raises(RuleError):
        match(ES, MS, [rules.SharedLanguage(), bad], on=ON)


def test_a_single_rule_must_be_wrapped_in_a_list() -> None:
    with pytest.raises(RuleError, match="list"):
        match(ES, MS, rules.SharedLanguage(), on=ON)  # type: ignore[arg-type]


def test_mentors_without_capacity_are_refused() -> None:
    with pytest.raises(ValidationError, match="capacity"):
        match(ES, [Mentee("m1", "Not a mentor")], [], on=ON)


def test_people_without_text_ids_are_refused() -> None:
    with pytest.raises(ValidationError):
        match([object()], MS, [], on=ON)


def assert_empty(result: MatchResult, unmatched: int) -> None:
    assert result.matched == 0
    assert result.pairings == ()
    assert result.total_score == 0
    assert result.optimal
    assert result.gap == 0
    assert result.candidate_pairs == 0
    assert len(result.unmatched) == unmatched
    assert all(u.reason is UnmatchedReason.NO_CANDIDATE for u in result.unmatched)
    assert all(u.candidates == 0 for u in result.unmatched)
    assert result.to_frame().empty
    assert list(result.to_frame().columns)[:4] == ["mentee_id", "mentor_id", "score", "locked"]
    assert len(result.unmatched_frame()) == unmatched
    assert int(result.shortage()["mentors_missing"].sum()) == unmatched
    assert result.to_matches(started_on=ON) == []
    assert "0 matched" in result.summary()


@pytest.mark.parametrize(
    "extra", [[], [Loose()], [rules.RaiseLowestScore()]], ids=["flow", "cp-sat", "fair"]
)
@pytest.mark.parametrize(
    "ruleset", [[], [rules.SharedLanguage(), rules.SharedInterests()]], ids=["no-rules", "rules"]
)
def test_no_mentees_give_an_empty_result(ruleset, extra) -> None:
    result = match([], MS, [*ruleset, *extra], on=ON, workers=1)
    assert_empty(result, 0)
    assert result.spare_capacity == {"m1": 1, "m2": 1}


@pytest.mark.parametrize("extra", [[], [Loose()]], ids=["flow", "cp-sat"])
def test_no_mentors_give_everyone_unmatched(extra) -> None:
    result = match(ES, [], [rules.AvailabilityOverlap(60), *extra], on=ON, workers=1)
    assert_empty(result, 2)
    assert result.spare_capacity == {}


def test_nobody_at_all() -> None:
    assert_empty(match([], [], [], on=ON), 0)


@pytest.mark.parametrize(
    ("mentors", "rule"),
    [
        ([], rules.SharedLanguage()),
        ([Mentor("m1", "X", languages={"ti": "A1"})], rules.SharedLanguage("B1")),
        ([Mentor("m1", "X")], rules.TrainingCompleted("basic")),
        ([Mentor("m1", "X")], rules.SameMunicipality()),
    ],
    ids=["no-mentors", "no-mentor-at-the-level", "nobody-trained", "no-mentor-location"],
)
def test_no_mentor_with_a_blocking_key_gives_an_empty_result(mentors, rule) -> None:
    es = [Mentee("e1", "A", languages={"nb": "native"}, location=Location("Oslo", "NO"))]
    result = match(es, mentors, [rule], on=ON)
    assert_empty(result, 1)


def test_locks_are_checked() -> None:
    with pytest.raises(UnknownIdError, match="e9"):
        match(ES, MS, [rules.Locked([("e9", "m1")])], on=ON)
    with pytest.raises(ValidationError, match="two mentors"):
        match(ES, MS, [rules.Locked([("e1", "m1"), ("e1", "m2")])], on=ON)


def test_a_pair_locked_twice_is_kept_once() -> None:
    # The hard rule refuses the pair, so the lock adds it to the candidates: once.
    ruleset = [rules.AgeGap(200, 300), rules.Locked([("e1", "m1"), ("e1", "m1")])]
    result = match(ES, MS, ruleset, on=ON)
    assert result.pairs() == [("e1", "m1")]
    assert result.matched == 1


def test_rule_parameters_are_validated() -> None:
    with pytest.raises(ValidationError):
        rules.WithinDistance(0)
    with pytest.raises(ValidationError):
        rules.AgeGap(10, 5)
    with pytest.raises(ValidationError):
        rules.SharedInterests(weight=-1)
    with pytest.raises(ValidationError):
        rules.Proximity(km=0)
    with pytest.raises(ValidationError):
        rules.Quota(minimum={"Oslo": -1})
    with pytest.raises(ValidationError):
        rules.Quota(minimum={"Oslo": 3}, maximum={"Oslo": 2})
    with pytest.raises(ValidationError):
        rules.SharedLanguage("B3")


@pytest.mark.parametrize(
    ("solver", "backend"), [(through_cp_sat, "cp-sat"), (through_milp, "milp")]
)
def test_the_same_seed_gives_the_same_result_from_either_general_solver(solver, backend) -> None:
    es = [Mentee(f"e{i}", "A", interests=["chess"] if i % 2 else []) for i in range(12)]
    ms = [Mentor(f"m{i}", "B", capacity=1 + i % 2, interests=["chess"]) for i in range(5)]
    ruleset = [rules.SharedInterests(), Loose()]
    with solver():
        first = match(es, ms, ruleset, on=ON, seed=7)
        assert first.backend == backend
        for _ in range(3):
            assert match(es, ms, ruleset, on=ON, seed=7).pairings == first.pairings


def test_a_time_limit_still_returns_a_result_with_its_bound() -> None:
    es = [Mentee(f"e{i}", "A") for i in range(6)]
    ms = [Mentor(f"m{i}", "B") for i in range(4)]
    with through_cp_sat():
        result = match(es, ms, [Loose()], on=ON, time_limit=5.0, workers=1)
    assert result.backend == "cp-sat"
    assert result.optimal
    assert result.bound == pytest.approx(result.total_score)
    assert result.matched == 4


def test_ids_whose_order_hashes_collide_are_ordered_by_id() -> None:
    # crc32("0:mets6w3") == crc32("0:m4zawow"): the seeded order falls back on the ids.
    es = [Mentee("e1", "A")]
    ms = [Mentor("mets6w3", "B"), Mentor("m4zawow", "C")]
    forward = match(es, ms, [], on=ON)
    backward = match(es, ms[::-1], [], on=ON)
    assert forward.pairs() == backward.pairs()
