"""The three kinds of matching rule, the adapters for plain functions, and a conformance check.

- A :class:`HardRule` allows a pair or not (:meth:`HardRule.allows`).
- A :class:`ScoreRule` scores an allowed pair between 0 and 1; its ``weight`` scales it
  (:meth:`ScoreRule.score`).
- A :class:`SideConstraint` bounds the whole assignment (:meth:`SideConstraint.constrain`).

Hard and score rules receive a :class:`~mentorlib.matching.Pairs` batch and answer with one
array entry per pair, so a rule costs a few numpy operations however many pairs there are. The
built-in rules implement exactly the same methods a user's rule does.
"""

from __future__ import annotations

import abc
import datetime as dt
import decimal
import math
import numbers
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import attrs
import numpy as np

from mentorlib.model import MentorlibError, ValidationError

from ._pairs import BoolArray, FloatArray, Keys, Members, Pairs, Side

if TYPE_CHECKING:
    from ._problem import Assignment

__all__ = [
    "HardRule",
    "RuleError",
    "ScoreRule",
    "SideConstraint",
    "call_rule",
    "check_rule",
    "hard_rule",
    "score_rule",
]


class RuleError(MentorlibError, TypeError):
    """A rule broke the rule protocol (wrong shape or type of answer, score outside [0, 1]).

    Also raised when a rule's own code raises: the message names the rule, the exception's
    type and, for a rule made from a per-pair function, the pair. It leaves out the exception's
    text, which may hold a person's data; the exception itself is the cause, so a traceback
    shows it in full.
    """


_WEIGHT_LIMIT = 1e6
"""Every weight lies below this: a million times the highest score."""


def weight_problem(value: object) -> str | None:
    """Say what is wrong with a score rule's weight, or None if it is a number in [0, 10⁶)."""
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | float | np.integer | np.floating
    ):
        return f"a weight is a number from 0 up to a million, got {type(value).__name__}"
    if not 0 <= float(value) < _WEIGHT_LIMIT:  # NaN fails too
        return f"a weight is a number from 0 up to a million, got {value!r}"
    return None


def refuse_weight(value: object, *, record: str, record_id: str | None = None) -> None:
    """Refuse a score rule's weight that is not a number from 0 up to (not including) a million.

    A bool is not a number here. The :class:`~mentorlib.ValidationError` names the rule
    (``record``, and ``record_id`` for a rule known by its name) and the field ``weight``.
    """
    problem = weight_problem(value)
    if problem is not None:
        raise ValidationError(problem, record=record, record_id=record_id, field="weight")


def plain_number(value: Any) -> Any:
    """Turn a numpy number (from a pandas column, say) into an int or float; leave the rest.

    Bools stay as they are, for the validators to refuse.
    """
    if isinstance(value, bool | np.bool_ | int | float):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return value


def score_weight(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a score rule's ``weight`` as attrs does (see :func:`refuse_weight`)."""
    refuse_weight(value, record=type(instance).__name__)


def positive_number(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse, as an attrs validator, anything but a finite number above 0 (a bool too)."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        problem = f"got {type(value).__name__}"
    elif not 0 < float(value) < math.inf:  # NaN fails too
        problem = f"got {value!r}"
    else:
        return
    raise ValidationError(
        f"must be a finite number above 0, {problem}",
        record=type(instance).__name__,
        field=attribute.name,
    )


class HardRule(abc.ABC):
    """A rule every match must satisfy: implement :meth:`allows`.

    Optional: :meth:`describe` says in words what the rule asks of a mentee's partner (it
    appears in the reasons given to the unmatched), :meth:`keys` lets candidate generation
    skip pairs that cannot pass (blocking) instead of testing every pair, and :meth:`eligible`
    leaves out, before any pair is built, people the rule refuses whoever their partner.
    """

    exact_keys: ClassVar[bool] = False
    """Whether a pair passes exactly when its mentee and mentor share a key of :meth:`keys`.

    Then the pairs the keys propose need no second test by :meth:`allows`. A subclass that
    overrides :meth:`allows` or :meth:`keys` must set it again, or its own test still runs.
    """

    exact_eligible: ClassVar[bool] = False
    """Whether a pair passes exactly when its mentee and mentor are both :meth:`eligible`.

    Then the rule is a test of each person alone (an age window, a completed training), and
    pairs built among eligible people need no second test by :meth:`allows`. As with
    ``exact_keys``, a subclass that overrides :meth:`allows` or :meth:`eligible` must set it
    again.
    """

    whole_teams: ClassVar[bool] = False
    """Whether the rule judges a :class:`~mentorlib.model.Team` as a whole.

    By default a rule sees a team's members, each paired with the mentee, and allows the team
    when it allows every member. A rule that sets this sees the teams themselves instead: the
    team's record, and the columns :class:`Side` gives for it: ``availability`` is the time
    every member is free, ``cleared`` holds only if every member is, and a team has no age
    (NaN). Other columns read the team record's own fields, which it mostly lacks (its gender
    and languages are unknown, as a place's are): judge those member by member.
    ``AvailabilityOverlap`` does, so the mentee and the whole team share a time to meet. As
    with ``exact_keys``, a subclass that overrides :meth:`allows`, :meth:`keys` or
    :meth:`eligible` must set it again.
    """

    @abc.abstractmethod
    def allows(self, pairs: Pairs) -> BoolArray:
        """Return, for each pair, whether the rule allows it (a bool array of ``len(pairs)``)."""

    @property
    def name(self) -> str:
        """A short name for tables and explanations (the class name by default)."""
        return type(self).__name__

    def describe(self, mentee: Any) -> str:
        """Say what this rule asks of a partner of ``mentee``, e.g. "within 25 km of Oslo"."""
        return f"passes {self.name}"

    def keys(self, side: Side) -> Keys | None:
        """Return blocking keys, or ``None`` (the default) to test every pair.

        Keys are two arrays: a person's position in ``side`` and one key of theirs (a person may
        have several rows; :func:`~mentorlib.matching.rules.keys_from_lists` builds them from
        lists). A pair can pass only if its mentee and mentor share a key; keys of both sides
        live in one space (``side.vocabulary`` gives shared codes). Keys may let through pairs
        the rule then refuses, never the reverse.
        """
        return None

    def keys_are_exact(self, mentees: Side, mentors: Side) -> bool:
        """Whether, for these two sides, sharing a key of :meth:`keys` is the whole test.

        Override it when that depends on the people (``AvailabilityOverlap``'s keys are exact
        when every window edge lies on a grid at least as coarse as its minutes); when it holds
        for every problem, set ``exact_keys`` instead (which then holds whatever this says).
        The default answers ``exact_keys``. Matching trusts the answer only from the class that
        defines it or a subclass that changes neither :meth:`allows` nor :meth:`keys`: a
        subclass that overrides either must override this again, or its own test still runs.
        """
        return self.exact_keys

    def eligible(self, side: Side, on: dt.date) -> BoolArray | None:
        """Return who on ``side`` can be in a pair this rule allows, or ``None`` (everyone).

        For a rule that judges some of its test per person (an age window on the matching
        date ``on``, a completed training): a bool array of ``len(side)``. Candidate generation
        never builds a pair with someone marked ``False``; :meth:`allows` still tests the pairs
        it builds, unless ``exact_eligible`` says it need not. Mark ``False`` only people the
        rule refuses with every partner.
        """
        return None


class ScoreRule(abc.ABC):
    """A weighted preference among allowed pairs: implement :meth:`score`.

    A pair's total score is the sum over score rules of ``weight * score``; each score lies in
    [0, 1], so the weight is the most a rule can add.
    """

    weight: float = 1.0

    @abc.abstractmethod
    def score(self, pairs: Pairs) -> FloatArray:
        """Return, for each pair, a score from 0 (no fit) to 1 (best fit)."""

    @property
    def name(self) -> str:
        """A short name for tables and explanations (the class name by default)."""
        return type(self).__name__


class SideConstraint(abc.ABC):
    """A constraint on the whole assignment: implement :meth:`constrain`.

    ``constrain`` receives the :class:`~mentorlib.matching.Assignment` being built and states
    bounds through its methods (``bound``, ``group_bounds``, ``lock``, ``raise_lowest_score``);
    no OR-Tools knowledge is needed.
    """

    @abc.abstractmethod
    def constrain(self, assignment: Assignment) -> None:
        """Add this constraint's bounds to ``assignment``."""

    @property
    def name(self) -> str:
        """A short name for explanations and diagnoses (the class name by default)."""
        return type(self).__name__


class _FunctionHardRule(HardRule):
    def __init__(self, function: Callable[[Any, Any], bool], name: str, text: str | None) -> None:
        _refuse_uncallable(function, "hard_rule", name)
        self.function = function
        self._name = name
        self._text = text

    @property
    def name(self) -> str:
        return self._name

    def describe(self, mentee: Any) -> str:
        return self._text or f"passes {self._name}"

    def allows(self, pairs: Pairs) -> BoolArray:
        return np.fromiter(self._answers(pairs), dtype=np.bool_, count=len(pairs))

    def _answers(self, pairs: Pairs) -> Iterator[bool]:
        function = self.function
        mentees, mentors = pairs.mentees.people, pairs.mentors.people
        for a, b in zip(pairs.mentee, pairs.mentor, strict=True):
            answer = _call(function, mentees[a], mentors[b], f"hard rule {self._name!r}")
            if not isinstance(answer, bool | np.bool_):
                # The type alone: the answer may hold a person's data.
                raise RuleError(
                    f"hard rule {self._name!r} must return True or False for each pair, "
                    f"got {type(answer).__name__}"
                )
            yield bool(answer)

    def __repr__(self) -> str:
        return f"hard_rule({self._name!r})"


class _FunctionScoreRule(ScoreRule):
    def __init__(self, function: Callable[[Any, Any], float], name: str, weight: float) -> None:
        _refuse_uncallable(function, "score_rule", name)
        refuse_weight(weight, record="score_rule", record_id=name)
        self.function = function
        self._name = name
        self.weight = weight

    @property
    def name(self) -> str:
        return self._name

    def score(self, pairs: Pairs) -> FloatArray:
        return np.fromiter(self._answers(pairs), dtype=np.float64, count=len(pairs))

    def _answers(self, pairs: Pairs) -> Iterator[float]:
        function = self.function
        mentees, mentors = pairs.mentees.people, pairs.mentors.people
        for a, b in zip(pairs.mentee, pairs.mentor, strict=True):
            answer = _call(function, mentees[a], mentors[b], f"score rule {self._name!r}")
            if not isinstance(answer, numbers.Real | decimal.Decimal | np.bool_):
                # The type alone: the answer may hold a person's data.
                raise RuleError(
                    f"score rule {self._name!r} must return a number from 0 to 1 for each pair, "
                    f"got {type(answer).__name__}"
                )
            yield float(answer)

    def __repr__(self) -> str:
        return f"score_rule({self._name!r}, weight={self.weight})"


def _call(function: Callable[[Any, Any], Any], mentee: Any, mentor: Any, rule: str) -> Any:
    """Return ``function(mentee, mentor)``; what it raises becomes a RuleError naming the pair."""
    try:
        return function(mentee, mentor)
    except MentorlibError:
        raise
    except Exception as error:
        raise RuleError(
            f"{rule} raised {type(error).__name__} for mentee {mentee.id!r} and "
            f"{type(mentor).__name__.lower()} {mentor.id!r}"
        ) from error


def _refuse_uncallable(function: object, record: str, name: str) -> None:
    if not callable(function):
        raise ValidationError(
            f"expected a function of (mentee, mentor), got {type(function).__name__}",
            record=record,
            record_id=name,
            field="function",
        )


def hard_rule(
    function: Callable[[Any, Any], bool], *, name: str | None = None, describe: str | None = None
) -> HardRule:
    """Make a hard rule from a plain ``function(mentee, mentor) -> bool``.

    Simple, but it calls Python once per candidate pair: fine for thousands of pairs; for
    millions write :meth:`HardRule.allows` over arrays. The function must return ``True`` or
    ``False`` (a numpy bool will do); any other answer, ``None`` included, is a
    :class:`RuleError` that names the rule, and so is an exception the function raises (which
    also names the pair).

    >>> same_city = hard_rule(lambda e, m: e.location == m.location, name="same address")
    >>> same_city.name
    'same address'
    """
    return _FunctionHardRule(
        function, name or str(getattr(function, "__name__", "hard rule")), describe
    )


def score_rule(
    function: Callable[[Any, Any], float], *, weight: float = 1.0, name: str | None = None
) -> ScoreRule:
    """Make a score rule from a plain ``function(mentee, mentor) -> float`` in [0, 1].

    The function must return a number (``True`` and ``False`` count as 1 and 0); any other
    answer, ``None`` or text included, is a :class:`RuleError` that names the rule, and so is
    an exception the function raises (which also names the pair). ``weight`` is a number from
    0 up to a million, as for the built-in rules: any other is a
    :class:`~mentorlib.ValidationError` here.
    """
    return _FunctionScoreRule(
        function, name or str(getattr(function, "__name__", "score rule")), weight
    )


def check_rule(rule: HardRule | ScoreRule, pairs: Pairs) -> None:
    """Check that a rule keeps the protocol on ``pairs``; raise :class:`RuleError` if not.

    Run it on your own rule in your tests (the built-in rules pass it): the answer has one
    entry per pair of the right type, scores lie in [0, 1], the answer for a subset of pairs is
    the same subset of the answer (rules judge each pair on its own), an empty batch works,
    blocking keys propose every pair the rule allows (and, with ``exact_keys``, only those), and
    :meth:`HardRule.eligible` leaves out nobody in an allowed pair (and, with
    ``exact_eligible``, everyone else in a refused pair).
    """
    subsets = [
        np.arange(0, len(pairs), 2),
        np.arange(1, len(pairs), 2),
        np.arange(len(pairs))[::-1],
        np.random.default_rng(0).permutation(len(pairs))[: max(1, len(pairs) // 3)],
    ]
    if isinstance(rule, HardRule):
        answer = validated_allows(rule, pairs)
        for subset in subsets:
            if not np.array_equal(validated_allows(rule, pairs.take(subset)), answer[subset]):
                raise RuleError(f"{rule.name}: the answer for a pair depends on the other pairs")
        validated_allows(rule, pairs.take(np.zeros(0, dtype=np.int64)))
        _check_keys(rule, pairs, answer)
        _check_eligible(rule, pairs, answer)
    elif isinstance(rule, ScoreRule):
        scores = validated_score(rule, pairs)
        for subset in subsets:
            if not np.allclose(validated_score(rule, pairs.take(subset)), scores[subset]):
                raise RuleError(f"{rule.name}: the score of a pair depends on the other pairs")
        validated_score(rule, pairs.take(np.zeros(0, dtype=np.int64)))
        if isinstance(rule.weight, bool) or not np.isfinite(rule.weight) or rule.weight < 0:
            raise RuleError(f"{rule.name}: weight must be a finite number ≥ 0, got {rule.weight!r}")
    else:
        raise RuleError(f"{rule!r} is neither a HardRule nor a ScoreRule")


def is_per_pair(rule: HardRule) -> bool:
    """Whether the rule calls a plain Python function once per pair (see :func:`hard_rule`)."""
    return isinstance(rule, _FunctionHardRule)


def keys_are_the_test(rule: HardRule, mentees: Side, mentors: Side) -> bool:
    """Whether sharing a key is the rule's whole test for these sides.

    ``rule.exact_keys`` or ``rule.keys_are_exact`` must say so, and hold for the ``allows`` and
    ``keys`` the rule has.
    """
    if _members(rule, mentees) is not None or _members(rule, mentors) is not None:
        return False  # a team has its members' keys: sharing one does not clear them all
    if _promised(rule, "exact_keys", "keys"):
        return True
    if not callable(rule.keys_are_exact):
        raise RuleError(
            f"{rule.name}.keys_are_exact must be a method of (mentees, mentors); to say the keys "
            "are exact for every problem, set exact_keys = True"
        )
    return _promised(rule, "keys_are_exact", "keys") and bool(
        call_rule(rule, "keys_are_exact", mentees, mentors)
    )


def _members(rule: HardRule, side: Side) -> Members | None:
    """Return the members the rule judges the side's teams by (``None``: the side as it is).

    ``whole_teams`` counts only from a class that defines or keeps ``allows``, ``keys`` and
    ``eligible``, as the other promises do.
    """
    members = side.members
    if members is None or (
        _promised(rule, "whole_teams", "keys") and _promised(rule, "whole_teams", "eligible")
    ):
        return None
    return members


def eligibility_is_the_test(rule: HardRule) -> bool:
    """Whether ``rule.exact_eligible`` holds for the ``allows`` and ``eligible`` it has."""
    return _promised(rule, "exact_eligible", "eligible")


def _promised(rule: HardRule, promise: str, method: str) -> bool:
    """Whether ``promise`` holds for the rule's ``allows`` and ``method``.

    ``promise`` is a class attribute (``exact_keys``, ``exact_eligible``: is it true?) or the
    method ``keys_are_exact`` (is it defined?). Either must be set at or below the classes that
    define ``allows`` and ``method``: a subclass that overrides :meth:`HardRule.allows` (say, to
    be stricter) or the method the promise is about, without setting the promise itself, does
    not inherit it, and its own test still runs.
    """
    if promise in getattr(rule, "__dict__", {}):  # set on this very rule
        return bool(getattr(rule, promise))
    mro = type(rule).__mro__

    def defined(name: str) -> int:
        return next(k for k, c in enumerate(mro) if name in vars(c))

    return bool(getattr(rule, promise)) and defined(promise) <= min(
        defined("allows"), defined(method)
    )


def _check_keys(rule: HardRule, pairs: Pairs, allowed: BoolArray) -> None:
    """Keys must propose every allowed pair, and (if exact) only those."""
    mentee_keys, mentor_keys = side_keys(rule, pairs.mentees), side_keys(rule, pairs.mentors)
    if mentee_keys is None or mentor_keys is None:
        return
    mine: dict[int, set[int]] = {}
    theirs: dict[int, set[int]] = {}
    for keys, found in ((mentee_keys, mine), (mentor_keys, theirs)):
        for owner, key in zip(*(np.asarray(k).tolist() for k in keys), strict=True):
            found.setdefault(owner, set()).add(key)
    shared = np.array(
        [
            bool(mine.get(e, set()) & theirs.get(m, set()))
            for e, m in zip(pairs.mentee.tolist(), pairs.mentor.tolist(), strict=True)
        ],
        dtype=np.bool_,
    )
    if (allowed & ~shared).any():
        raise RuleError(f"{rule.name}: keys shut out pairs the rule allows")
    if keys_are_the_test(rule, pairs.mentees, pairs.mentors) and (shared & ~allowed).any():
        raise RuleError(
            f"{rule.name}: exact_keys or keys_are_exact says its keys are the test, but they "
            "propose pairs it refuses"
        )


def _check_eligible(rule: HardRule, pairs: Pairs, allowed: BoolArray) -> None:
    """Nobody marked ineligible may be in a pair the rule allows (nor, if exact, any other)."""
    both = np.ones(len(pairs), dtype=np.bool_)
    for side, positions in ((pairs.mentees, pairs.mentee), (pairs.mentors, pairs.mentor)):
        eligible = validated_eligible(rule, side, pairs.on)
        if eligible is not None:
            both &= eligible[positions]
    if (allowed & ~both).any():
        raise RuleError(f"{rule.name}: eligible() leaves out people in pairs the rule allows")
    if eligibility_is_the_test(rule) and (both & ~allowed).any():
        raise RuleError(f"{rule.name}: exact_eligible is set but it refuses eligible pairs")


def validated_eligible(rule: HardRule, side: Side, on: dt.date) -> BoolArray | None:
    """Call ``rule.eligible`` and check its answer is None or one bool per person.

    A team is eligible when every member is.
    """
    members = _members(rule, side)
    asked = side if members is None else members.side
    answer = call_rule(rule, "eligible", asked, on)
    if answer is None:
        return None
    answer = np.asarray(answer)
    if answer.shape != (len(asked),) or answer.dtype != np.bool_:
        raise RuleError(
            f"{rule.name}.eligible must return None or a bool array of shape ({len(asked)},), "
            f"got {answer.dtype} of shape {answer.shape}"
        )
    if members is None or not len(side):
        return answer
    return np.asarray(np.logical_and.reduceat(answer, members.start))


def side_keys(rule: HardRule, side: Side) -> Keys | None:
    """Call ``rule.keys`` and check its answer; ``None`` when the rule offers no keys.

    A team has every key of each of its members.
    """
    members = _members(rule, side)
    asked = side if members is None else members.side
    keys = call_rule(rule, "keys", asked)
    if keys is None:
        return None
    owners, values = validated_keys(rule, keys, asked)
    if members is None:
        return owners, values
    # Members share keys (a language, a town): each team keeps one of each, so combining two
    # rules' keys does not multiply the repeats.
    teams = np.repeat(np.arange(len(side)), members.size)[owners]
    order = np.lexsort((values, teams))
    teams, values = teams[order], values[order]
    first = np.ones(len(teams), dtype=np.bool_)
    first[1:] = (teams[1:] != teams[:-1]) | (values[1:] != values[:-1])
    return teams[first], values[first]


def validated_keys(rule: HardRule, keys: Keys, side: Side) -> Keys:
    """Check a rule's keys: two equal-length arrays of whole numbers, owners inside the side."""
    problem = None
    if not isinstance(keys, tuple) or len(keys) != 2:
        problem = f"a pair (owners, keys) of arrays, got {type(keys).__name__}"
    else:
        owners, values = (np.asarray(k) for k in keys)
        if owners.ndim != 1 or values.shape != owners.shape:
            problem = f"two 1-D arrays of one length, got shapes {owners.shape}, {values.shape}"
        elif len(owners) and not (
            np.issubdtype(owners.dtype, np.integer) and np.issubdtype(values.dtype, np.integer)
        ):
            problem = f"whole numbers, got {owners.dtype} and {values.dtype}"
        elif len(owners) and (owners.min() < 0 or owners.max() >= len(side)):
            problem = f"owners between 0 and {len(side) - 1}"
    if problem is not None:
        raise RuleError(f"{rule.name}.keys must return {problem}; see keys_from_lists()")
    return owners.astype(np.int64), values.astype(np.int64)


def call_rule(rule: HardRule | ScoreRule | SideConstraint, method: str, *args: Any) -> Any:
    """Return ``rule.<method>(*args)``; what the rule's own code raises, as a RuleError."""
    try:
        return getattr(rule, method)(*args)
    except MentorlibError:
        raise
    except Exception as error:
        raise RuleError(f"{rule.name}.{method} raised {type(error).__name__}") from error


def validated_allows(rule: HardRule, pairs: Pairs) -> BoolArray:
    """Call ``rule.allows`` and check the shape and type of its answer.

    A pair with a team is allowed when the rule allows the mentee with every member.
    """
    spread = None if _members(rule, pairs.mentors) is None else pairs.of_members()
    asked = pairs if spread is None else spread[0]
    answer = np.asarray(call_rule(rule, "allows", asked))
    if answer.shape != (len(asked),) or answer.dtype != np.bool_:
        raise RuleError(
            f"{rule.name}.allows must return a bool array of shape ({len(asked)},), "
            f"got {answer.dtype} of shape {answer.shape}"
        )
    if spread is None or not len(pairs):
        return answer
    return np.asarray(np.logical_and.reduceat(answer, spread[1]))


_KINDS = {"U": "text", "S": "bytes", "O": "Python objects", "c": "complex numbers"}


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real | decimal.Decimal)


def validated_score(rule: ScoreRule, pairs: Pairs) -> FloatArray:
    """Call ``rule.score`` and check its answer is one finite number in [0, 1] per pair.

    Numbers only (bool, integer or real): text such as "0.5" is refused by its type, before
    any cast could pass it or raise an error that quotes it (it may be a person's data).
    A pair with a team scores the mean of the mentee's scores with its members.
    """
    spread = pairs.of_members()
    asked = pairs if spread is None else spread[0]
    answer = np.asarray(call_rule(rule, "score", asked))
    if answer.dtype.kind == "O" and all(map(_is_real, answer.ravel().tolist())):
        answer = answer.astype(np.float64)  # Fractions, Decimals, a list of mixed numbers
    if answer.dtype.kind not in "biuf":
        got = _KINDS.get(answer.dtype.kind, "other values")  # not the dtype: its width is data
        raise RuleError(f"{rule.name}.score must return numbers (bool, integer or real), got {got}")
    answer = answer.astype(np.float64, copy=False)
    if answer.shape != (len(asked),):
        raise RuleError(
            f"{rule.name}.score must return one number per pair ({len(asked)}), "
            f"got shape {answer.shape}"
        )
    if not ((answer >= 0) & (answer <= 1)).all():  # NaN fails both comparisons
        raise RuleError(f"{rule.name}.score must lie in [0, 1] for every pair")
    if spread is None or not len(pairs):
        return answer
    return np.add.reduceat(answer, spread[1]) / np.diff(spread[1], append=len(answer))
