"""Bad rule parameters and bad answers from rules are refused with errors that name the rule.

Parameters are refused when the rule is built (a ValidationError naming the rule and the
field), not later as a bare TypeError or numpy error, or never at all; a function rule's wrong
answer is a RuleError naming the rule and the type of the answer, never a person's data.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from matching_support import ON

from mentorlib.matching import Pairs, RuleError, SideConstraint, match, rules
from mentorlib.model import Mentee, Mentor, Period, ValidationError

SECRET = "Anna Hemmelig"  # a person's name that no error message may show
ES = [Mentee("e1", SECRET, email="anna@example.org"), Mentee("e2", "B")]
MS = [Mentor("m1", "X"), Mentor("m2", "Y")]

# -- built-in rules' parameters --------------------------------------------------------------

REFUSED = {
    "WithinDistance km text": (lambda: rules.WithinDistance("25"), "km"),
    "WithinDistance km bool": (lambda: rules.WithinDistance(True), "km"),
    "WithinDistance km infinite": (lambda: rules.WithinDistance(float("inf")), "km"),
    "WithinDistance same_municipality text": (
        lambda: rules.WithinDistance(25, same_municipality="no"),
        "same_municipality",
    ),
    "AvailabilityOverlap minutes text": (lambda: rules.AvailabilityOverlap("60"), "minutes"),
    "AvailabilityOverlap minutes bool": (lambda: rules.AvailabilityOverlap(True), "minutes"),
    "AvailabilityOverlap minutes NaN": (
        lambda: rules.AvailabilityOverlap(float("nan")),
        "minutes",
    ),
    "AvailabilityOverlap minutes negative": (lambda: rules.AvailabilityOverlap(-5), "minutes"),
    "AvailabilityOverlap minutes above a week": (
        lambda: rules.AvailabilityOverlap(7 * 24 * 60 + 1),
        "minutes",
    ),
    "AgeGap minimum text": (lambda: rules.AgeGap("5"), "minimum"),
    "AgeGap maximum bool": (lambda: rules.AgeGap(maximum=True), "maximum"),
    "AgeGap maximum NaN": (lambda: rules.AgeGap(maximum=float("nan")), "maximum"),
    "SafeguardingForMinors through text": (
        lambda: rules.SafeguardingForMinors(through="1 year"),
        "through",
    ),
    "SafeguardingForMinors through datetime": (
        lambda: rules.SafeguardingForMinors(through=dt.datetime(2027, 1, 1)),
        "through",
    ),
    "SafeguardingForMinors adult_age bool": (
        lambda: rules.SafeguardingForMinors(adult_age=True),
        "adult_age",
    ),
    "SafeguardingForMinors adult_age text": (
        lambda: rules.SafeguardingForMinors(adult_age="18"),
        "adult_age",
    ),
    "SafeguardingForMinors adult_age negative": (
        lambda: rules.SafeguardingForMinors(adult_age=-1),
        "adult_age",
    ),
    "SharedLanguage minimum": (lambda: rules.SharedLanguage("B3"), "minimum"),
    "WithinAgeWindows mentees text": (lambda: rules.WithinAgeWindows("16-23"), "mentees"),
    "WithinAgeWindows mentors too old": (
        lambda: rules.WithinAgeWindows(mentors=(20, 200)),
        "mentors",
    ),
    "TrainingCompleted not text": (lambda: rules.TrainingCompleted([1]), "trainings"),
    "LifeSituation years negative": (lambda: rules.LifeSituation(years=-1), "years"),
    "LifeSituation years fraction": (lambda: rules.LifeSituation(years=1.5), "years"),
    "LifeSituation years bool": (lambda: rules.LifeSituation(years=True), "years"),
    "SharedBackground origin_share above 1": (
        lambda: rules.SharedBackground(origin_share=2),
        "origin_share",
    ),
    "SharedBackground origin_share negative": (
        lambda: rules.SharedBackground(origin_share=-0.5),
        "origin_share",
    ),
    "SharedBackground origin_share text": (
        lambda: rules.SharedBackground(origin_share="half"),
        "origin_share",
    ),
    "NativeLanguage minimum": (lambda: rules.NativeLanguage(minimum="B3"), "minimum"),
    "PreferredAgeGap years text": (lambda: rules.PreferredAgeGap(years="15"), "years"),
    "PreferredAgeGap years bool": (lambda: rules.PreferredAgeGap(years=True), "years"),
    "PreferredAgeGap tolerance infinite": (
        lambda: rules.PreferredAgeGap(tolerance=float("inf")),
        "tolerance",
    ),
    "Proximity km infinite": (lambda: rules.Proximity(km=float("inf")), "km"),
    "WaitingTime days bool": (lambda: rules.WaitingTime(days=True), "days"),
    "SharedInterests enough text": (lambda: rules.SharedInterests(enough="2"), "enough"),
    "SharedInterests weight bool": (lambda: rules.SharedInterests(weight=True), "weight"),
}
REFUSED_RULES = {name.split()[0] for name in REFUSED}


@pytest.mark.parametrize(("build", "field"), list(REFUSED.values()), ids=list(REFUSED))
def test_a_bad_parameter_is_refused_when_the_rule_is_built(build, field) -> None:
    with pytest.raises(ValidationError) as caught:
        build()
    assert caught.value.field == field
    assert caught.value.record is not None
    assert str(caught.value).startswith(f"{caught.value.record}, field {field!r}: ")
    assert caught.value.record in REFUSED_RULES


ACCEPTED = {
    "WithinDistance km fraction": lambda: rules.WithinDistance(2.5),
    "WithinDistance by distance alone": lambda: rules.WithinDistance(25, same_municipality=False),
    "AvailabilityOverlap minutes fraction": lambda: rules.AvailabilityOverlap(59.5),
    "AvailabilityOverlap a whole week": lambda: rules.AvailabilityOverlap(7 * 24 * 60),
    "AgeGap younger mentor, fraction": lambda: rules.AgeGap(-5.5, 40),
    "AgeGap maximum only": lambda: rules.AgeGap(maximum=30),
    "SafeguardingForMinors through a period": lambda: rules.SafeguardingForMinors(
        adult_age=16, through=Period(6, "month")
    ),
    "SafeguardingForMinors through a date": lambda: rules.SafeguardingForMinors(
        through=dt.date(2027, 6, 30)
    ),
    "SharedLanguage level in any case": lambda: rules.SharedLanguage("b1"),
    "WithinAgeWindows from pairs": lambda: rules.WithinAgeWindows(
        mentees=[14, 23], mentors=(20, 70)
    ),
    "TrainingCompleted one name": lambda: rules.TrainingCompleted("basic"),
    "LifeSituation same year": lambda: rules.LifeSituation(years=0),
    "SharedBackground origin_share 0": lambda: rules.SharedBackground(origin_share=0),
    "SharedBackground origin_share 1": lambda: rules.SharedBackground(weight=2.5, origin_share=1),
    "NativeLanguage level text": lambda: rules.NativeLanguage(weight=3, minimum="C1"),
    "PreferredAgeGap fractions": lambda: rules.PreferredAgeGap(years=-2.5, tolerance=7.5),
    "Proximity km fraction": lambda: rules.Proximity(km=0.5),
    "WaitingTime days": lambda: rules.WaitingTime(days=30),
    "SharedInterests weight just below a million": lambda: rules.SharedInterests(
        weight=999_999.5, enough=1
    ),
}


@pytest.mark.parametrize("build", list(ACCEPTED.values()), ids=list(ACCEPTED))
def test_sensible_parameters_are_still_accepted(build) -> None:
    build()


def test_a_bad_parameter_no_longer_waits_for_the_match() -> None:
    # These used to be accepted and fail inside match() with a bare numpy or attribute error.
    for build in (
        lambda: rules.AgeGap("5"),
        lambda: rules.SafeguardingForMinors(through="1 year"),
        lambda: rules.LifeSituation(years=-1),
    ):
        with pytest.raises(ValidationError):
            match(ES, MS, [build()], on=ON)


# -- ForbiddenPairs ---------------------------------------------------------------------------


def test_forbidden_pairs_given_as_records_forbid_them() -> None:
    forbidden = rules.ForbiddenPairs([(ES[0], MS[0]), [ES[1], MS[1]]])
    assert forbidden.pairs == {("e1", "m1"), ("e2", "m2")}
    result = match(ES, MS, [forbidden], on=ON)
    assert sorted(result.pairs()) == [("e1", "m2"), ("e2", "m1")]


def test_forbidden_pairs_given_as_ids_still_work() -> None:
    assert rules.ForbiddenPairs([("e1", "m1"), ("e1", MS[1])]).pairs == {
        ("e1", "m1"),
        ("e1", "m2"),
    }
    result = match(ES[:1], MS[:1], [rules.ForbiddenPairs([("e1", "m1")])], on=ON)
    assert result.matched == 0


@pytest.mark.parametrize(
    "entry",
    [("e1",), ("e1", "m1", "x"), (ES[0], MS[0], MS[1]), "e1m1", ("e1", 7), (ES[0], object())],
    ids=["one", "three", "three-records", "text", "number", "no-id"],
)
def test_a_forbidden_pair_of_another_shape_is_refused(entry) -> None:
    with pytest.raises(ValidationError, match="entry 1") as caught:
        rules.ForbiddenPairs([("e2", "m2"), entry])
    assert caught.value.record == "ForbiddenPairs"
    assert caught.value.field == "pairs"
    assert SECRET not in str(caught.value)


def test_forbidden_pairs_must_be_a_collection_of_pairs() -> None:
    with pytest.raises(ValidationError) as caught:
        rules.ForbiddenPairs("e1m1")
    assert caught.value.record == "ForbiddenPairs"


# -- function rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "kind"),
    [(None, "NoneType"), (np.array([True, False]), "ndarray"), (1, "int"), ("yes", "str")],
    ids=["none", "array", "int", "text"],
)
def test_a_hard_function_with_a_wrong_answer_is_named(answer, kind) -> None:
    rule = rules.hard_rule(lambda e, m: answer, name="my rule")
    with pytest.raises(RuleError, match=f"'my rule'.*got {kind}") as caught:
        match(ES, MS, [rule], on=ON)
    assert SECRET not in str(caught.value)


def test_a_hard_function_may_answer_a_numpy_bool() -> None:
    rule = rules.hard_rule(lambda e, m: np.bool_(e.id != "e2"), name="numpy")
    assert match(ES, MS, [rule], on=ON).pairs() == [("e1", "m1")]


@pytest.mark.parametrize(
    ("answer", "kind"),
    [(None, "NoneType"), ("high", "str"), ("0.5", "str"), (ES[0], "Mentee")],
    ids=["none", "text", "numeric-text", "record"],
)
def test_a_score_function_with_a_wrong_answer_is_named(answer, kind) -> None:
    rule = rules.score_rule(lambda e, m: answer, name="my score")
    with pytest.raises(RuleError, match=f"'my score'.*got {kind}") as caught:
        match(ES, MS, [rule], on=ON)
    assert SECRET not in str(caught.value)


def test_check_rule_names_a_function_with_a_wrong_answer() -> None:
    pairs = Pairs.every(ES, MS, on=ON)
    with pytest.raises(RuleError, match="'silent'"):
        rules.check_rule(rules.hard_rule(lambda e, m: None, name="silent"), pairs)
    with pytest.raises(RuleError, match="'empty'"):
        rules.check_rule(rules.score_rule(lambda e, m: None, name="empty"), pairs)


@pytest.mark.parametrize(
    "answer",
    [True, 1, 0.25, np.float32(0.5), np.int64(1)],
    ids=["bool", "int", "float", "f32", "i64"],
)
def test_a_score_function_may_answer_any_real_number(answer) -> None:
    rule = rules.score_rule(lambda e, m: answer, name="numbers")
    assert match(ES, MS, [rule], on=ON).matched == 2


@pytest.mark.parametrize("weight", [1e6, 1e12, float("inf"), float("nan"), True, "2"], ids=str)
def test_a_function_score_weight_is_validated_as_a_builtin_one(weight) -> None:
    with pytest.raises(ValidationError, match="from 0 up to a million") as caught:
        rules.score_rule(lambda e, m: 0.5, weight=weight, name="heavy")
    assert caught.value.field == "weight"
    assert "heavy" in str(caught.value)
    with pytest.raises(ValidationError, match="from 0 up to a million"):
        rules.SharedInterests(weight=weight)


def test_a_function_score_weight_below_a_million_is_accepted() -> None:
    assert rules.score_rule(lambda e, m: 0.5, weight=999_999).weight == 999_999


@pytest.mark.parametrize("make", [rules.hard_rule, rules.score_rule])
def test_a_function_rule_needs_a_function(make) -> None:
    with pytest.raises(ValidationError) as caught:
        make("not a function", name="typo")
    assert caught.value.field == "function"
    assert "typo" in str(caught.value)


# -- Assignment.bound -------------------------------------------------------------------------


class BoundOn(SideConstraint):
    """Bound the chosen pairs at the given positions to at most one."""

    def __init__(self, positions) -> None:
        self.positions = positions

    def constrain(self, assignment) -> None:
        positions = self.positions(len(assignment.pairs))
        assignment.bound("my bound", positions, at_most=1)


@pytest.mark.parametrize(
    "positions",
    [
        lambda n: [-1],
        lambda n: [0, -n],
        lambda n: [n],
        lambda n: np.array([0, n + 5]),
        lambda n: np.ones(n, dtype=bool),
        lambda n: [0.0, 1.0],
        lambda n: [[0, 1]],
    ],
    ids=["minus-one", "minus-all", "one-past", "far-past", "mask", "floats", "nested"],
)
def test_a_bound_refuses_positions_that_are_not_candidates(positions) -> None:
    with pytest.raises(ValidationError, match="'my bound'") as caught:
        match(ES, MS, [BoundOn(positions)], on=ON, workers=1)
    assert caught.value.field == "pairs"


def test_a_bound_on_valid_positions_still_holds() -> None:
    result = match(ES, MS, [BoundOn(lambda n: list(range(n)))], on=ON, workers=1)
    assert result.matched == 1
    empty = match(ES, MS, [BoundOn(lambda n: [])], on=ON, workers=1)
    assert empty.matched == 2


class _GroupBounds(SideConstraint):
    def __init__(self, minimum, maximum) -> None:
        self.minimum, self.maximum = minimum, maximum

    def constrain(self, assignment) -> None:
        assignment.group_bounds(
            "halves",
            side="mentee",
            groups=np.array([0, 0, 1, 1]),
            labels=["a", "b"],
            minimum=self.minimum,
            maximum=self.maximum,
        )


@pytest.mark.parametrize(
    ("minimum", "maximum"), [([0], [1]), ([0, 0, 0], [1, 1, 1]), ([0, 0, 0], [1, 1])]
)
def test_group_bounds_refuses_a_minimum_or_maximum_per_label_of_the_wrong_length(
    minimum, maximum
) -> None:
    """One minimum and one maximum per label: not broadcast, nor numpy's raw ValueError."""
    mentees = [Mentee(f"e{i}", "A") for i in range(4)]
    mentors = [Mentor(f"m{i}", "B", capacity=2) for i in range(2)]
    with pytest.raises(ValidationError, match="one minimum and maximum per label"):
        match(mentees, mentors, [_GroupBounds(minimum, maximum)], on=ON)
    assert match(mentees, mentors, [_GroupBounds([1, 1], [1, 1])], on=ON).matched == 2
