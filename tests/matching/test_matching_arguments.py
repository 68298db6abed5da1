"""Bad arguments to match, rematch and the built-in side constraints get clear errors."""

from __future__ import annotations

import datetime as dt
import enum
from types import SimpleNamespace
from unittest import mock

import attrs
import numpy as np
import pytest
from matching_support import ON

from mentorlib import samples
from mentorlib.matching import InfeasibleError, RuleError, _match, match, rematch, rules
from mentorlib.model import Location, Mentee, Mentor, ValidationError

OSLO = Location("Oslo", "NO")


def people():
    es = [Mentee(f"e{i}", f"Mentee {i}", location=OSLO) for i in range(3)]
    ms = [Mentor(f"m{i}", f"Mentor {i}", location=OSLO) for i in range(2)]
    return es, ms


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("on", None),
        ("on", "2026-08-17"),
        ("on", dt.datetime(2026, 8, 17, 12, 0)),
        ("seed", "1"),
        ("seed", True),
        ("time_limit", -1),
        ("time_limit", 0),
        ("time_limit", float("nan")),
        ("time_limit", True),
        ("time_limit", float("inf")),
        ("time_limit", 10**400),  # too large for a float
        ("time_limit", "5"),
        ("workers", 0),
        ("workers", 1.5),
    ],
)
def test_match_names_a_bad_argument(argument, value) -> None:
    es, ms = people()
    arguments = {"on": ON, argument: value}
    with pytest.raises(ValidationError) as caught:
        match(es, ms, [rules.SameMunicipality()], **arguments)
    assert (caught.value.record, caught.value.field) == ("match", argument)


def test_rules_must_be_a_list() -> None:
    es, ms = people()
    with pytest.raises(RuleError, match="list of rules"):
        match(es, ms, None, on=ON)


def test_a_record_among_the_rules_is_refused_without_its_contents() -> None:
    es, ms = people()
    with pytest.raises(RuleError) as caught:
        match(es, ms, [rules.SameMunicipality(), es[0]], on=ON)
    assert "Mentee is not a rule" in str(caught.value)
    assert "Mentee 0" not in str(caught.value)  # the name stays out of logs


@pytest.mark.parametrize("capacity", [None, -1, 1.5, True])
def test_a_mentor_without_a_sound_capacity_is_named(capacity) -> None:
    es, _ = people()
    mentor = SimpleNamespace(id="x1", capacity=capacity, location=OSLO)
    with pytest.raises(ValidationError) as caught:
        match(es, [mentor], [rules.SameMunicipality()], on=ON)
    assert (caught.value.record_id, caught.value.field) == ("x1", "capacity")


@pytest.mark.parametrize("pair", [("e0",), ("e0", "m0", "m1"), "e0m0", ("e0", 7)])
def test_a_malformed_locked_pair_is_refused(pair) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.Locked([pair])
    assert caught.value.field == "pairs"


def test_locked_pairs_may_name_records() -> None:
    es, ms = people()
    assert rules.Locked([(es[0], ms[1])]).pairs == (("e0", "m1"),)
    result = match(es, ms, [rules.SameMunicipality(), rules.Locked([(es[0], ms[1])])], on=ON)
    assert ("e0", "m1") in result.pairs()


def test_quota_side_is_checked() -> None:
    with pytest.raises(ValidationError) as caught:
        rules.Quota(maximum={"Oslo": 1}, side="mentors")
    assert caught.value.field == "side"


def test_a_quota_on_a_group_that_differs_only_in_case_is_refused_as_a_typo() -> None:
    es, ms = people()
    with pytest.raises(ValidationError, match="did you mean 'Oslo'") as caught:
        match(es, ms, [rules.SameMunicipality(), rules.Quota(maximum={"oslo": 1})], on=ON)
    assert caught.value.field == "maximum"
    # A group nobody is in, with no near name, is allowed: it may fill in a later round.
    result = match(es, ms, [rules.SameMunicipality(), rules.Quota(maximum={"Bergen": 1})], on=ON)
    assert result.matched == 2


def test_a_quota_whose_by_gives_no_string_is_refused() -> None:
    class Colour(enum.Enum):
        RED = "red"

    es, ms = people()
    quota = rules.Quota(maximum={"red": 1}, by=lambda person: Colour.RED, label="colour")
    with pytest.raises(ValidationError, match="gave a Colour for 'e0'") as caught:
        match(es, ms, [quota], on=ON)
    assert caught.value.field == "by"


def test_mentor_and_mentee_quotas_have_different_names() -> None:
    mentee_side = rules.Quota(maximum={"Oslo": 1})
    mentor_side = rules.Quota(maximum={"Oslo": 1}, side="mentor")
    assert mentee_side.name != mentor_side.name


def test_a_conflict_the_flow_finds_is_named_beside_constraints_it_cannot_hold() -> None:
    # A mentor locked beyond capacity, with two quotas on the mentee side (more than a flow
    # holds): the flow with the first quota already fails, and names the locks.
    es, ms = people()
    ruleset = [
        rules.SameMunicipality(),
        rules.Locked([("e0", "m0"), ("e1", "m0")]),
        rules.Quota(maximum={"Oslo": 3}),
        rules.Quota(maximum={"e": 3}, by=lambda person: person.id[0], label="initial"),
    ]
    with pytest.raises(InfeasibleError) as caught:
        match(es, ms, ruleset, on=ON)
    assert caught.value.conflicts
    assert "m0" in str(caught.value)


@pytest.mark.parametrize("max_changes", [-1, 1.5, True])
def test_rematch_refuses_a_bad_max_changes(max_changes) -> None:
    es, ms = people()
    with pytest.raises(ValidationError) as caught:
        rematch([], es, ms, [rules.SameMunicipality()], on=ON, max_changes=max_changes)
    assert (caught.value.record, caught.value.field) == ("rematch", "max_changes")


def test_rematch_releases_the_pairs_of_a_paused_mentor() -> None:
    es, ms = people()
    paused = Mentor("m0", "Mentor 0", location=OSLO, capacity=0)
    again = rematch([("e0", "m0"), ("e1", "m1")], es, [paused, ms[1]], [], on=ON)
    assert ("e1", "m1") in again.pairs()
    assert "m0" not in {b for _, b in again.pairs()}


def test_rematch_keeps_the_first_pairs_when_a_capacity_went_down() -> None:
    es, _ = people()
    mentor = Mentor("m0", "Mentor 0", location=OSLO, capacity=1)
    again = rematch([("e1", "m0"), ("e0", "m0")], es, [mentor], [], on=ON)
    assert again.pairs() == [("e1", "m0")]


def test_rematch_keeps_an_allowed_pair_over_a_refused_one_when_a_capacity_went_down() -> None:
    es, _ = people()
    mentor = Mentor("m0", "Mentor 0", location=OSLO, capacity=1)
    not_e0 = rules.hard_rule(lambda e, m: e.id != "e0", name="not e0")
    for changes in (0, 1):
        again = rematch(
            [("e0", "m0"), ("e1", "m0")], es, [mentor], [not_e0], on=ON, max_changes=changes
        )
        assert again.pairs() == [("e1", "m0")]
        assert not again.pairings[0].refused_by


def test_raise_lowest_score_shares_one_time_limit() -> None:
    data = samples.program(seed=1, mentees=30, mentors=20, history=False)
    ruleset = [
        rules.SharedLanguage("B1"),
        rules.SharedInterests(),
        rules.NativeLanguage(),
        rules.RaiseLowestScore(),
    ]
    limits = []
    solve = _match._solve

    def timed(*args, **kwargs):
        limits.append(kwargs["time_limit"])
        return solve(*args, **kwargs)

    with mock.patch.object(_match, "_solve", side_effect=timed):
        result = match(data.mentees, data.mentors, ruleset, on=ON, time_limit=5.0)
    assert len(limits) > 2 and result.matched
    assert limits[0] == 5.0
    assert all(0 < later < 5.0 for later in limits[1:])
    assert limits[1:] == sorted(limits[1:], reverse=True)


def test_a_mentee_whose_only_mentor_is_paused_is_told_so() -> None:
    es, ms = people()
    paused = Mentor("m9", "Mentor 9", location=OSLO, capacity=0)
    result = match(es[:1], [paused], [rules.SameMunicipality()], on=ON)
    (unmatched,) = result.unmatched
    assert unmatched.reason.value == "capacity taken"
    assert "1 take no mentees now (capacity 0)" in unmatched.message
    assert "taken by others" not in unmatched.message
    both = match(es[:2], [ms[0], paused], [rules.SameMunicipality()], on=ON)
    (unmatched,) = both.unmatched
    assert "1 were taken by others (m0); 1 take no mentees now" in unmatched.message


def test_raise_lowest_score_keeps_a_later_step_that_matches_more() -> None:
    """A first solve cut short by the time limit may match fewer than the best: a later,
    proven step that matches more is kept, not thrown away as 'matching a different count'."""
    es = [Mentee(f"e{i}", "A") for i in range(3)]
    ms = [Mentor(f"m{i}", "X") for i in range(3)]
    diagonal = rules.score_rule(lambda e, m: 1.0 if e.id[1:] == m.id[1:] else 0.5, name="diagonal")
    solve = _match._solve
    calls = []

    def first_cut_short(problem, usable, **kwargs):
        output = solve(problem, usable, **kwargs)
        calls.append(output)
        if len(calls) == 1:  # as if the limit stopped it with one mentee fewer
            chosen = output.chosen.copy()
            chosen[np.flatnonzero(chosen)[0]] = False
            return attrs.evolve(output, chosen=chosen, optimal=False)
        return output

    with mock.patch.object(_match, "_solve", side_effect=first_cut_short):
        result = match(es, ms, [diagonal, rules.RaiseLowestScore()], on=ON)
    assert len(calls) > 1
    assert result.matched == 3
    assert not result.optimal  # the first solve was not proven


def test_a_record_passed_as_an_argument_stays_out_of_the_message() -> None:
    es, ms = people()
    with pytest.raises(ValidationError) as caught:
        match(es, ms, [rules.SameMunicipality()], on=es[0])
    assert "a Mentee with id 'e0'" in str(caught.value)
    assert "Mentee 0" not in str(caught.value)
    for make in (
        lambda: rules.ForbiddenPairs(es[0]),
        lambda: rules.SafeguardingForMinors(through=es[0]),
        lambda: rules.WithinDistance(25, same_municipality=ms[0]),
    ):
        with pytest.raises(ValidationError) as caught:
            make()
        assert "Mentee 0" not in str(caught.value) and "Mentor 0" not in str(caught.value)


def test_numpy_numbers_and_arrays_from_pandas_are_taken() -> None:
    row = {"km": np.int64(25), "minutes": np.int64(60), "gap": np.int64(5), "years": np.int64(3)}
    assert rules.WithinDistance(row["km"]).km == 25
    assert rules.AvailabilityOverlap(row["minutes"]).minutes == 60
    assert rules.AgeGap(row["gap"]).minimum == 5
    assert rules.LifeSituation(years=row["years"]).years == 3
    assert rules.SafeguardingForMinors(adult_age=np.int64(18)).adult_age == 18
    assert rules.Quota(maximum={"Oslo": np.int64(3)}).maximum == {"Oslo": 3}
    assert rules.Locked(np.array([["e0", "m0"]])).pairs == (("e0", "m0"),)
    es, ms = people()
    result = match(
        es, ms, [rules.SameMunicipality()], on=ON, seed=np.int64(7), time_limit=np.float32(5)
    )
    assert result.matched == 2
    again = rematch(result.pairs(), es, ms, [], on=ON, max_changes=np.int64(1))
    assert again.matched == 2
    with pytest.raises(ValidationError):
        rules.WithinDistance(np.bool_(True))


def test_a_table_row_passed_by_mistake_stays_out_of_the_message() -> None:
    import pandas as pd

    row = next(pd.DataFrame([{"id": "e1", "name": "Ola Nordmann"}]).itertuples())
    with pytest.raises(ValidationError) as caught:
        match([], [], [], on=row)
    assert "Ola Nordmann" not in str(caught.value)
    assert "of 3 items" in str(caught.value)


def test_quota_counts_may_come_as_pairs_and_weights_must_be_numbers_numpy_can_add() -> None:
    from fractions import Fraction

    assert rules.Quota(maximum=[("Oslo", 2)]).maximum == {"Oslo": 2}
    with pytest.raises(ValidationError) as caught:
        rules.score_rule(lambda e, m: 1.0, name="half", weight=Fraction(1, 2))
    assert caught.value.field == "weight"


def test_a_custom_score_rules_weight_is_capped_like_the_built_ins() -> None:
    class Huge(rules.ScoreRule):
        weight = 1e14

        def score(self, pairs):
            return np.ones(len(pairs))

    es, ms = people()
    with pytest.raises(RuleError, match="Huge: a weight is a number from 0 up to a million"):
        match(es, ms, [Huge()], on=ON)
