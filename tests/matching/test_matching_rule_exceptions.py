"""What a user's rule raises becomes a RuleError naming the rule, and the pair where there is one.

The message gives the exception's type, never its text (which may hold a person's data); the
exception itself is the cause. A mentorlib error raised on purpose passes through unchanged.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from matching_support import ON

from mentorlib.matching import (
    HardRule,
    Pairs,
    RuleError,
    ScoreRule,
    SideConstraint,
    match,
    rematch,
    rules,
)
from mentorlib.model import Match, Mentee, Mentor, Team, ValidationError

SECRET = "Tigrinya"  # what a rule's own exception says: no error message may show it
ES = [Mentee("e1", "Anna"), Mentee("e2", "Bo")]
MS = [Mentor("m1", "Kari"), Mentor("m2", "Ola")]


def _lookup(mentee: Mentee, mentor: Mentor) -> bool:
    if mentee.id == "e2":
        raise KeyError(SECRET)
    return True


def test_a_hard_function_that_raises_is_named_with_its_pair() -> None:
    with pytest.raises(RuleError) as caught:
        match(ES, MS, [rules.hard_rule(_lookup, name="speaks")], on=ON)

    assert str(caught.value) == "hard rule 'speaks' raised KeyError for mentee 'e2' and mentor 'm1'"
    assert isinstance(caught.value.__cause__, KeyError)
    assert SECRET not in str(caught.value)
    assert isinstance(caught.value, TypeError)  # RuleError is still a TypeError


def test_a_score_function_that_raises_is_named_with_its_pair() -> None:
    def per_field(mentee: Mentee, mentor: Mentor) -> float:
        return {"m1": 1.0}[mentor.id]

    with pytest.raises(RuleError) as caught:
        match(ES, MS, [rules.score_rule(per_field, name="field")], on=ON)

    assert str(caught.value) in {
        f"score rule 'field' raised KeyError for mentee '{e}' and mentor 'm2'" for e in ("e1", "e2")
    }
    assert isinstance(caught.value.__cause__, KeyError)


def test_a_team_is_named_by_the_member_whose_pair_raised() -> None:
    team = Team("t1", "Kari and Ola", MS, capacity=2)

    def not_ola(mentee: Mentee, mentor: Mentor) -> bool:
        if mentor.id == "m2":
            raise AttributeError(SECRET)
        return True

    with pytest.raises(RuleError, match="for mentee 'e1' and mentor 'm2'") as caught:
        match(ES, [team], [rules.hard_rule(not_ola)], on=ON)
    assert SECRET not in str(caught.value)


class _Dividing(HardRule):
    def allows(self, pairs: Pairs):  # type: ignore[no-untyped-def]
        return pairs.mentee / 0 > 1 if len(pairs) else pairs.mentee > 0

    def describe(self, mentee: Mentee) -> str:
        return "divides"


class _Failing(ScoreRule):
    def score(self, pairs: Pairs):  # type: ignore[no-untyped-def]
        raise ValueError(SECRET)


def test_an_array_rule_that_raises_is_named() -> None:
    with (
        pytest.warns(RuntimeWarning),  # numpy's own warning about dividing by zero stays
        pytest.raises(RuleError, match=r"^_Failing\.score raised ValueError$") as caught,
    ):
        match(ES, MS, [_Dividing(), _Failing()], on=ON)
    assert isinstance(caught.value.__cause__, ValueError)


def test_check_rule_names_an_array_rule_that_raises() -> None:
    with pytest.raises(RuleError, match=r"^_Failing\.score raised ValueError$"):
        rules.check_rule(_Failing(), Pairs.every(ES, MS, on=ON))


def test_rematch_names_the_rule_too() -> None:
    earlier = [Match("x1", "e1", "m1", ON), Match("x2", "e2", "m2", ON)]
    with pytest.raises(RuleError, match="hard rule 'speaks' raised KeyError"):
        rematch(earlier, ES, MS[:1], [rules.hard_rule(_lookup, name="speaks")], on=ON)


def test_a_mentorlib_error_raised_by_a_rule_passes_through() -> None:
    refusal = ValidationError("no such language", record="Mentee", record_id="e2")

    def strict(mentee: Mentee, mentor: Mentor) -> bool:
        raise refusal

    with pytest.raises(ValidationError) as caught:
        match(ES, MS, [rules.hard_rule(strict)], on=ON)
    assert caught.value is refusal


# -- a rule's other methods (found in review: they passed their exception through bare) ----------


class _Everyone(HardRule):
    def allows(self, pairs: Pairs) -> Any:
        return np.ones(len(pairs), dtype=np.bool_)

    def describe(self, mentee: Any) -> str:
        return "is anyone"


class _FailingEligible(_Everyone):
    def eligible(self, side: Any, on: Any) -> Any:
        raise KeyError(SECRET)


class _FailingKeys(_Everyone):
    def keys(self, side: Any) -> Any:
        raise KeyError(SECRET)


class _FailingExactness(_Everyone):
    def keys(self, side: Any) -> Any:
        return np.arange(len(side)), np.zeros(len(side), dtype=np.int64)

    def keys_are_exact(self, mentees: Any, mentors: Any) -> bool:
        raise KeyError(SECRET)


class _FailingDescribe(_Everyone):
    def allows(self, pairs: Pairs) -> Any:
        return np.zeros(len(pairs), dtype=np.bool_)  # nobody matched: the reasons are asked

    def describe(self, mentee: Any) -> str:
        raise KeyError(SECRET)


class _FailingConstraint(SideConstraint):
    def constrain(self, assignment: Any) -> None:
        raise KeyError(SECRET)


@pytest.mark.parametrize(
    ("rule", "method"),
    [
        (_FailingEligible(), "eligible"),
        (_FailingKeys(), "keys"),
        (_FailingExactness(), "keys_are_exact"),
        (_FailingDescribe(), "describe"),
        (_FailingConstraint(), "constrain"),
    ],
    ids=["eligible", "keys", "keys_are_exact", "describe", "constrain"],
)
def test_any_method_of_a_rule_that_raises_is_a_rule_error_without_its_text(
    rule: HardRule | SideConstraint, method: str
) -> None:
    with pytest.raises(RuleError) as caught:
        match(ES, MS, [rule], on=ON)

    assert str(caught.value) == f"{type(rule).__name__}.{method} raised KeyError"
    assert isinstance(caught.value.__cause__, KeyError)


def _name(person: Any) -> str:
    return str(person.display_name)


class _ScoresNames(ScoreRule):
    """A buggy rule: it returns the mentees' names instead of numbers."""

    def score(self, pairs: Pairs) -> Any:
        return pairs.mentee_values(_name)


def test_score_rule_answering_with_text_is_a_rule_error_without_the_text() -> None:
    """Not numpy's "could not convert string to float: 'Amina'": the type, not the data."""
    with pytest.raises(RuleError) as caught:
        match([Mentee("e1", "Amina")], [Mentor("m1", "Ingrid")], [_ScoresNames()], on=ON)
    assert (
        str(caught.value)
        == "_ScoresNames.score must return numbers (bool, integer or real), got text"
    )


class _ScoresText(ScoreRule):
    def score(self, pairs: Pairs) -> Any:
        return np.array(["0.5"] * len(pairs))


def test_score_rule_answering_with_numeric_text_is_refused() -> None:
    """Scores are numbers in [0, 1]; text such as "0.5" is not, as hard rules refuse ints."""
    with pytest.raises(RuleError):
        match([Mentee("e1", "Amina")], [Mentor("m1", "Ingrid")], [_ScoresText()], on=ON)


class _ScoresExactly(ScoreRule):
    """Scores as exact numbers: Fractions and Decimals are real numbers too."""

    def score(self, pairs: Pairs) -> Any:
        return [Fraction(1, 2), Decimal("0.25")][: len(pairs)]


def test_score_rule_answering_with_fractions_or_decimals_is_read() -> None:
    mentees = [Mentee("e1", "Amina"), Mentee("e2", "Yonas")]
    result = match(mentees, [Mentor("m1", "Ingrid", capacity=2)], [_ScoresExactly()], on=ON)
    assert result.total_score == pytest.approx(0.75)
