"""Custom rules through the protocol and the adapters; check_rule on built-in and broken rules."""

from __future__ import annotations

import datetime as dt
import math
from types import SimpleNamespace
from unittest import mock

import attrs
import numpy as np
import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matching_support import ON, Loose, all_pairs, plain_allows

import strategies
from mentorlib import samples
from mentorlib.matching import (
    HardRule,
    Pairs,
    RuleError,
    ScoreRule,
    Side,
    SideConstraint,
    UnmatchedReason,
    _candidates,
    _pairs,
    match,
    rules,
)
from mentorlib.matching._candidates import candidate_pairs
from mentorlib.matching._rules import keys_are_the_test
from mentorlib.model import (
    LanguageLevel,
    Mentee,
    Mentor,
    Period,
    Place,
    SafeguardingCheck,
    ValidationError,
    age_on,
)

# -- custom rules equivalent to built-ins ------------------------------------------------------


def b1_languages(person) -> frozenset[str]:
    return frozenset(s.code for s in person.languages if s.level >= LanguageLevel.B1)


class SharesALanguage(HardRule):
    """SharedLanguage("B1") written against the public protocol, with blocking keys."""

    def allows(self, pairs: Pairs) -> np.ndarray:
        mine = pairs.mentee_values(b1_languages, dtype=object)
        theirs = pairs.mentor_values(b1_languages, dtype=object)
        return np.fromiter(
            (bool(a & b) for a, b in zip(mine, theirs, strict=True)), bool, count=len(pairs)
        )

    def keys(self, side: Side):
        codes = side.code_sets("custom-language", b1_languages)
        return rules.keys_from_lists(codes)

    def describe(self, mentee) -> str:
        return "speaks one of " + ", ".join(sorted(b1_languages(mentee)))


class CommonInterests(ScoreRule):
    """SharedInterests(enough=2) written against the public protocol."""

    weight = 2.0

    def score(self, pairs: Pairs) -> np.ndarray:
        mine = pairs.mentee_values(lambda p: p.interests, dtype=object)
        theirs = pairs.mentor_values(lambda p: p.interests, dtype=object)
        return np.array([min(len(a & b), 2) / 2 for a, b in zip(mine, theirs, strict=True)])


@pytest.fixture(scope="module")
def data():
    return samples.program(seed=11, mentees=70, mentors=50, history=False)


def builtin_result(data):
    ruleset = [
        rules.SharedLanguage("B1"),
        rules.WithinDistance(25),
        rules.SharedInterests(weight=2),
    ]
    return match(data.mentees, data.mentors, ruleset, on=ON)


def test_a_protocol_rule_gives_the_builtin_result(data) -> None:
    expected = builtin_result(data)
    custom = match(
        data.mentees,
        data.mentors,
        [SharesALanguage(), rules.WithinDistance(25), CommonInterests()],
        on=ON,
    )
    assert custom.candidate_pairs == expected.candidate_pairs
    assert custom.pairs() == expected.pairs()
    assert custom.total_score == pytest.approx(expected.total_score)
    assert [p.breakdown["CommonInterests"] for p in custom.pairings] == pytest.approx(
        [p.breakdown["SharedInterests"] for p in expected.pairings]
    )


def test_adapted_functions_give_the_builtin_result(data) -> None:
    expected = builtin_result(data)
    speaks = rules.hard_rule(
        lambda e, m: bool(b1_languages(e) & b1_languages(m)),
        name="speaks",
        describe="speaks a common language",
    )
    interests = rules.score_rule(
        lambda e, m: min(len(e.interests & m.interests), 2) / 2, weight=2, name="interests"
    )
    custom = match(data.mentees, data.mentors, [rules.WithinDistance(25), speaks, interests], on=ON)
    assert custom.candidate_pairs == expected.candidate_pairs
    assert custom.pairs() == expected.pairs()
    assert custom.total_score == pytest.approx(expected.total_score)
    assert speaks.name == "speaks"
    assert interests.name == "interests"
    assert interests.weight == 2
    assert "speaks" in repr(speaks)
    lonely = [u for u in custom.unmatched if u.reason is UnmatchedReason.NO_CANDIDATE]
    assert any(name == "speaks" for u in lonely for name, _ in u.funnel)


def test_a_custom_rule_describes_itself_to_the_unmatched() -> None:
    es = [Mentee("e1", "A", languages={"ti": "native"})]
    ms = [Mentor("m1", "B", languages={"nb": "native"})]
    result = match(es, ms, [SharesALanguage()], on=ON)
    (unmatched,) = result.unmatched
    assert unmatched.funnel == (("SharesALanguage", 0),)
    assert "speaks one of ti" in unmatched.message


def test_a_custom_side_constraint_bounds_the_assignment() -> None:
    class AtMostOneFromOslo(SideConstraint):
        def constrain(self, assignment) -> None:
            from_oslo = [
                k
                for k, e in enumerate(assignment.pairs.mentee)
                if assignment.mentees.ids[e].startswith("oslo")
            ]
            assignment.bound("one from Oslo", from_oslo, at_most=1)

    es = [Mentee("oslo1", "A"), Mentee("oslo2", "B"), Mentee("bergen1", "C")]
    ms = [Mentor("m1", "X", capacity=3)]
    result = match(es, ms, [AtMostOneFromOslo()], on=ON, workers=1)
    assert result.backend == "milp"
    assert result.optimal
    assert result.matched == 2
    assert sum(a.startswith("oslo") for a, _ in result.pairs()) == 1
    assert AtMostOneFromOslo().name == "AtMostOneFromOslo"


@pytest.mark.parametrize("wanted", ["e1", "e2"])
def test_a_custom_side_constraint_breaks_ties_towards_pairs_it_prefers(wanted) -> None:
    class Prefer(SideConstraint):
        def constrain(self, assignment) -> None:
            assignment.prefer(self.name, [assignment.pair_index(wanted, "m1")])

    es = [Mentee("e1", "A"), Mentee("e2", "B")]
    ms = [Mentor("m1", "X")]
    result = match(es, ms, [Prefer()], on=ON)
    assert result.pairs() == [(wanted, "m1")]
    assert result.optimal and result.gap == 0


def test_prefer_refuses_a_position_outside_the_candidates() -> None:
    class PreferLast(SideConstraint):
        def constrain(self, assignment) -> None:
            assignment.prefer("last", [-1])

    with pytest.raises(ValidationError) as caught:
        match([Mentee("e1", "A")], [Mentor("m1", "X")], [PreferLast()], on=ON)
    assert (caught.value.record, caught.value.field) == ("Assignment.prefer", "pairs")


def test_malformed_blocking_keys_are_refused() -> None:
    class Everyone(HardRule):
        def allows(self, pairs):
            return np.ones(len(pairs), dtype=bool)

        def keys(self, side):
            return [[0] for _ in side.people]  # one list per person: not the protocol

    es, ms = [Mentee("e0", "A"), Mentee("e1", "B")], [Mentor("m0", "X"), Mentor("m1", "Y")]
    with pytest.raises(RuleError):
        match(es, ms, [Everyone()], on=ON)


# -- check_rule ----------------------------------------------------------------------------------


HARD_RULES = [
    rules.SharedLanguage("B1"),
    rules.WithinAgeWindows(mentees=(16, 30), mentors=(20, 75)),
    rules.AgeGap(5, 40),
    rules.GenderPreference(),
    rules.SafeguardingForMinors(through=Period(1, "year")),
    rules.SameMunicipality(),
    rules.WithinDistance(25),
    rules.WithinDistance(10, same_municipality=False),
    rules.AvailabilityOverlap(60),
    rules.ForbiddenPairs([("e001", "m001"), ("e002", "m003")]),
    rules.TrainingCompleted("basic training"),
]
SCORE_RULES = [
    rules.SharedInterests(),
    rules.SameProfessionalField(),
    rules.SharedBackground(),
    rules.LifeSituation(),
    rules.NativeLanguage(),
    rules.LanguageFluency(),
    rules.Proximity(),
    rules.PreferredAgeGap(),
    rules.WaitingTime(),
]


@pytest.fixture(scope="module")
def sample_pairs():
    data = samples.program(seed=4, mentees=40, mentors=30, places=4, history=False)
    return all_pairs(data.mentees, data.mentors), all_pairs(data.mentees, data.places)


@pytest.mark.parametrize("rule", HARD_RULES + SCORE_RULES, ids=lambda r: type(r).__name__)
def test_every_builtin_rule_keeps_the_protocol(rule, sample_pairs) -> None:
    for pairs in sample_pairs:
        assert len(pairs) > 100
        rules.check_rule(rule, pairs)


@pytest.mark.parametrize("rule", HARD_RULES, ids=lambda r: type(r).__name__)
def test_builtin_hard_rules_agree_with_plain_python(rule, sample_pairs) -> None:
    for pairs in sample_pairs:
        answer = rule.allows(pairs)
        es, ms = pairs.mentees.people, pairs.mentors.people
        expected = [
            plain_allows(rule, es[a], ms[b])
            for a, b in zip(pairs.mentee, pairs.mentor, strict=True)
        ]
        assert answer.tolist() == expected


@pytest.mark.parametrize("compress_up_to", [0, 1 << 20], ids=["indexed", "compressed"])
def test_pairs_are_taken_by_mask_or_by_position(compress_up_to, sample_pairs) -> None:
    pairs = sample_pairs[0]
    keep = np.arange(len(pairs)) % 3 == 1
    with mock.patch.object(_pairs, "_COMPRESS_UP_TO", compress_up_to):
        by_mask, by_position = pairs.take(keep), pairs.take(np.flatnonzero(keep))
        with pytest.raises(IndexError):
            pairs.take(keep[:-1])
    expected = list(zip(pairs.mentee[1::3].tolist(), pairs.mentor[1::3].tolist(), strict=True))
    as_lists = pairs.take(keep.tolist()), pairs.take(np.flatnonzero(keep).tolist())
    for taken in (by_mask, by_position, *as_lists):
        assert list(zip(taken.mentee.tolist(), taken.mentor.tolist(), strict=True)) == expected
        assert (taken.mentees, taken.mentors, taken.on) == (pairs.mentees, pairs.mentors, pairs.on)
    assert len(pairs.take([])) == 0


def test_a_language_shared_beyond_the_first_64_counts() -> None:
    """Language masks grow a 64-bit word per 64 languages; the last word is tested too."""
    codes = sorted(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))[:70]
    es = [Mentee(f"e{i}", "E", languages={code: "C1"}) for i, code in enumerate(codes)]
    ms = [Mentor("m", "M", languages={codes[-1]: "native", codes[0]: "A1"})]
    pairs = Pairs.every(es, ms, on=ON)
    expected = [code == codes[-1] for code in codes]
    assert pairs.share_language(LanguageLevel.B1, LanguageLevel.B1).tolist() == expected
    assert rules.SharedLanguage("B1").allows(pairs).tolist() == expected
    assert pairs.share_language(LanguageLevel.A1, LanguageLevel.A1).tolist()[0]


def test_adapters_keep_the_protocol(sample_pairs) -> None:
    pairs = sample_pairs[0]
    rules.check_rule(rules.hard_rule(lambda e, m: e.gender == m.gender), pairs)
    rules.check_rule(rules.score_rule(lambda e, m: len(e.interests) / 10), pairs)
    rules.check_rule(SharesALanguage(), pairs)
    rules.check_rule(CommonInterests(), pairs)


class Broken(HardRule):
    def __init__(self, answer) -> None:
        self.answer = answer

    def allows(self, pairs):
        return self.answer(pairs)


class BrokenScore(ScoreRule):
    def __init__(self, answer, weight: float = 1.0) -> None:
        self.answer, self.weight = answer, weight

    def score(self, pairs):
        return self.answer(pairs)


BROKEN = {
    "hard: too short": Broken(lambda p: np.ones(max(len(p) - 1, 0), dtype=bool)),
    "hard: ints": Broken(lambda p: np.ones(len(p), dtype=np.int64)),
    "hard: a list of lists": Broken(lambda p: np.ones((len(p), 1), dtype=bool)),
    "hard: depends on the batch": Broken(lambda p: np.arange(len(p)) % 2 == 0),
    "score: above one": BrokenScore(lambda p: np.full(len(p), 1.5)),
    "score: below zero": BrokenScore(lambda p: np.full(len(p), -0.1)),
    "score: not a number": BrokenScore(lambda p: np.full(len(p), np.nan)),
    "score: too long": BrokenScore(lambda p: np.zeros(len(p) + 1)),
    "score: depends on the batch": BrokenScore(
        lambda p: np.linspace(0, 1, len(p)) if len(p) > 1 else np.zeros(len(p))
    ),
    "score: negative weight": BrokenScore(lambda p: np.zeros(len(p)), weight=-1.0),
    "score: numbers as text": BrokenScore(lambda p: np.array(["0.5"] * len(p))),
    "score: complex": BrokenScore(lambda p: np.full(len(p), 0.5 + 0j)),
    "score: objects": BrokenScore(lambda p: np.array([None] * len(p), dtype=object)),
    "adapted score above one": rules.score_rule(lambda e, m: 2.0),
}


def test_a_function_score_rule_refuses_a_negative_weight_when_made() -> None:
    with pytest.raises(ValidationError) as caught:
        rules.score_rule(lambda e, m: 0.5, weight=-1)
    assert caught.value.field == "weight"


@pytest.mark.parametrize("rule", list(BROKEN.values()), ids=list(BROKEN))
def test_check_rule_refuses_a_broken_rule(rule, sample_pairs) -> None:
    with pytest.raises(RuleError):
        rules.check_rule(rule, sample_pairs[0])


def first_of_each_mentee(pairs: Pairs) -> np.ndarray:
    """Allow only each mentee's first pair in the batch: the answer depends on other pairs."""
    _, first = np.unique(pairs.mentee, return_index=True)
    answer = np.zeros(len(pairs), dtype=bool)
    answer[first] = True
    return answer


def first_half(pairs: Pairs) -> np.ndarray:
    return np.arange(len(pairs)) < len(pairs) // 2


@pytest.mark.parametrize("answer", [first_of_each_mentee, first_half])
def test_check_rule_refuses_answers_that_depend_on_the_batch(answer, sample_pairs) -> None:
    with pytest.raises(RuleError):
        rules.check_rule(Broken(answer), sample_pairs[0])


class KeyedBy(HardRule):
    """SharedLanguage("B1") with keys from a chosen language set, and exact or not."""

    def __init__(self, languages, *, exact: bool) -> None:
        self.languages, self.exact_keys = languages, exact

    def allows(self, pairs: Pairs) -> np.ndarray:
        return rules.SharedLanguage("B1").allows(pairs)

    def keys(self, side: Side):
        return rules.keys_from_lists(side.code_sets("keyed", self.languages))


def test_built_in_exact_keys_are_exact(sample_pairs) -> None:
    exact = [rules.SharedLanguage("A2"), rules.SameMunicipality()]
    for rule in exact:
        assert rule.exact_keys
        rules.check_rule(rule, sample_pairs[0])
    rules.check_rule(KeyedBy(b1_languages, exact=True), sample_pairs[0])


def test_check_rule_refuses_keys_that_shut_out_allowed_pairs(sample_pairs) -> None:
    with pytest.raises(RuleError, match="shut out"):
        rules.check_rule(
            KeyedBy(lambda p: sorted(b1_languages(p))[:1], exact=False), sample_pairs[0]
        )


def any_language(person) -> frozenset[str]:
    return frozenset(s.code for s in person.languages)


class ClaimsExactKeys(KeyedBy):
    def keys_are_exact(self, mentees: Side, mentors: Side) -> bool:
        return True


@pytest.mark.parametrize(
    "claimed",
    [lambda keys: KeyedBy(keys, exact=True), lambda keys: ClaimsExactKeys(keys, exact=False)],
    ids=["exact_keys", "keys_are_exact"],
)
def test_check_rule_refuses_keys_said_to_be_exact_that_propose_refused_pairs(
    claimed, sample_pairs
) -> None:
    rules.check_rule(claimed(b1_languages), sample_pairs[0])  # a true claim passes
    rules.check_rule(KeyedBy(any_language, exact=False), sample_pairs[0])
    with pytest.raises(RuleError, match="exact_keys or keys_are_exact"):
        rules.check_rule(claimed(any_language), sample_pairs[0])


class ShareAnHour(rules.AvailabilityOverlap):
    """AvailabilityOverlap(60) that hides whether its keys are exact: its filter always runs."""

    def allows(self, pairs: Pairs) -> np.ndarray:
        return super().allows(pairs)


def half_hour_later(person):
    """The person's first window moved half an hour later (edges off the hour)."""
    first, *rest = person.availability
    start = dt.datetime.combine(ON, first.start) + dt.timedelta(minutes=30)
    end = min(
        dt.datetime.combine(ON, first.end) + dt.timedelta(minutes=30),
        dt.datetime.combine(ON, dt.time(23, 59)),
    )
    moved = attrs.evolve(first, start=start.time(), end=end.time())
    return attrs.evolve(person, availability=(moved, *rest))


def test_availability_keys_are_exact_when_windows_lie_on_a_grid_as_coarse(sample_pairs) -> None:
    pairs = sample_pairs[0]  # sample windows start and end on the hour
    exact = [rules.AvailabilityOverlap(m) for m in (60, 45, 30, 59.5)]
    loose = [rules.AvailabilityOverlap(m) for m in (61, 90)]
    for rule in exact:
        assert rule.keys_are_exact(pairs.mentees, pairs.mentors)
    for rule in loose:
        assert not rule.keys_are_exact(pairs.mentees, pairs.mentors)
    for rule in exact + loose:
        rules.check_rule(rule, pairs)  # exact keys propose no pair the rule refuses
    # A subclass with its own allows() does not inherit the promise.
    assert not keys_are_the_test(ShareAnHour(60), pairs.mentees, pairs.mentors)


def test_exact_availability_keys_skip_the_test_of_each_proposed_pair() -> None:
    data = samples.program(seed=5, mentees=80, mentors=60, history=False)
    batch = Pairs.every(data.mentees, data.mentors, on=ON)
    rule = rules.AvailabilityOverlap(60)
    allowed = rule.allows(batch)
    expected = set(zip(batch.mentee[allowed].tolist(), batch.mentor[allowed].tolist(), strict=True))
    with mock.patch.object(rules.AvailabilityOverlap, "allows", side_effect=AssertionError):
        found = candidate_pairs([rule], batch.mentees, batch.mentors, on=ON)
    assert set(zip(found.mentee.tolist(), found.mentor.tolist(), strict=True)) == expected != set()


@pytest.mark.parametrize("side", ["mentees", "mentors"])
def test_availability_keys_off_the_hour_are_tested_again(side) -> None:
    data = samples.program(seed=5, mentees=80, mentors=60, history=False)
    mentees, mentors = data.mentees, data.mentors
    moved = [half_hour_later(p) if p.availability else p for p in getattr(data, side)]
    for people in (None, moved):  # as they are, then one side's first windows off the hour
        if people is not None:
            mentees, mentors = (people, mentors) if side == "mentees" else (mentees, people)
        batch = Pairs.every(mentees, mentors, on=ON)
        exact = rules.AvailabilityOverlap(60).keys_are_exact(batch.mentees, batch.mentors)
        assert exact == (people is None)
        trusted = match(mentees, mentors, [rules.AvailabilityOverlap(60)], on=ON)
        tested = match(mentees, mentors, [ShareAnHour(60)], on=ON)
        assert trusted.pairs() == tested.pairs()
        assert trusted.candidate_pairs == tested.candidate_pairs


class ExactByAttribute(KeyedBy):
    keys_are_exact = True


def test_keys_are_exact_set_as_an_attribute_is_refused_with_the_way_to_say_it(sample_pairs):
    with pytest.raises(RuleError, match="set exact_keys = True"):
        rules.check_rule(ExactByAttribute(b1_languages, exact=False), sample_pairs[0])


def test_check_rule_refuses_what_is_not_a_rule(sample_pairs) -> None:
    with pytest.raises(RuleError):
        rules.check_rule(lambda e, m: True, sample_pairs[0])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name",
    [
        "hard: too short",
        "hard: ints",
        "score: above one",
        "score: not a number",
        "adapted score above one",
    ],
)
def test_match_refuses_a_broken_rule(name) -> None:
    es = [Mentee(f"e{i}", "A") for i in range(3)]
    ms = [Mentor(f"m{i}", "B") for i in range(2)]
    with pytest.raises(RuleError):
        match(es, ms, [BROKEN[name]], on=ON)


def test_match_refuses_a_negative_weight() -> None:
    es = [Mentee(f"e{i}", "A") for i in range(3)]
    ms = [Mentor(f"m{i}", "B") for i in range(2)]
    negative = BrokenScore(lambda p: np.ones(len(p)), weight=-1.0)
    with pytest.raises(RuleError):
        match(es, ms, [negative, Loose()], on=ON, workers=1)


# -- a few built-in rules on hand-made edge cases ----------------------------------------------


def test_a_29_february_birthday_counts_from_1_march() -> None:
    # Born 29 February 2008: still 17 on 28 February 2026, 18 on 1 March 2026.
    youth = Mentee("e1", "A", birth_date=dt.date(2008, 2, 29))
    unchecked = Mentor("m1", "B")
    for day, adult in ((dt.date(2026, 2, 28), False), (dt.date(2026, 3, 1), True)):
        result = match([youth], [unchecked], [rules.SafeguardingForMinors()], on=day)
        assert (result.matched == 1) is adult, day
        result = match([youth], [unchecked], [rules.WithinAgeWindows(mentees=(18, 25))], on=day)
        assert (result.matched == 1) is adult, day


def test_safeguarding_must_last_through_the_planned_match() -> None:
    youth = Mentee("e1", "A", birth_date=dt.date(2010, 5, 1))
    lapsing = Mentor(
        "m1",
        "B",
        safeguarding_checks=[
            SafeguardingCheck("politiattest", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        ],
    )
    on_the_day = match([youth], [lapsing], [rules.SafeguardingForMinors()], on=ON)
    assert on_the_day.matched == 1
    for through in (Period(1, "year"), dt.date(2027, 6, 30)):
        result = match([youth], [lapsing], [rules.SafeguardingForMinors(through=through)], on=ON)
        assert result.matched == 0
        assert "safeguarding" in result.unmatched[0].message


def test_training_names_are_compared_without_case_or_extra_spaces() -> None:
    ms = [Mentor("m1", "B", trainings=["Basic  Training"]), Mentor("m2", "C")]
    result = match([Mentee("e1", "A")], ms, [rules.TrainingCompleted("basic training")], on=ON)
    assert result.pairs() == [("e1", "m1")]


class SharedLanguageButNotEvenMentors(rules.SharedLanguage):
    """A stricter built-in: its own allows() must run although SharedLanguage's keys are exact."""

    def allows(self, pairs: Pairs) -> np.ndarray:
        even = np.array([m.id[-1] in "02468" for m in pairs.mentors.people])[pairs.mentor]
        return super().allows(pairs) & ~even


def test_a_subclass_that_narrows_allows_does_not_inherit_exact_keys() -> None:
    data = samples.program(seed=1, mentees=60, mentors=60, history=False)
    result = match(data.mentees, data.mentors, [SharedLanguageButNotEvenMentors("B1")], on=ON)
    assert result.matched
    assert not [b for _, b in result.pairs() if b[-1] in "02468"]


class BadlyKeyed(HardRule):
    def allows(self, pairs: Pairs) -> np.ndarray:
        return np.ones(len(pairs), dtype=bool)

    def keys(self, side: Side):
        return np.arange(len(side)), np.zeros(len(side) + 1, dtype=np.int64)


def test_check_rule_refuses_malformed_keys(sample_pairs) -> None:
    with pytest.raises(RuleError, match="keys must return"):
        rules.check_rule(BadlyKeyed(), sample_pairs[0])


# -- eligibility: people a rule refuses whoever their partner ----------------------------------


class MentorsOverThirty(HardRule):
    """A per-person rule; with ``early``, eligible() leaves younger mentors out of the join."""

    def __init__(self, *, early: bool) -> None:
        self.early = early
        self.batches: list[set[str]] = []  # the mentors each call saw

    def allows(self, pairs: Pairs) -> np.ndarray:
        self.batches.append({pairs.mentors.ids[j] for j in pairs.mentor.tolist()})
        with np.errstate(invalid="ignore"):
            return np.asarray(pairs.mentors.age_on(pairs.on)[pairs.mentor] >= 30)

    def eligible(self, side: Side, on: dt.date):
        if not self.early or side.role == "mentee":
            return None
        with np.errstate(invalid="ignore"):
            return np.asarray(side.age_on(on) >= 30)


def test_eligible_leaves_people_out_before_pairs_are_built() -> None:
    data = samples.program(seed=3, mentees=60, mentors=60, history=False)
    young = {m.id for m in data.mentors if m.age_on(ON) < 30}
    assert 5 < len(young) < 55
    early, late = MentorsOverThirty(early=True), MentorsOverThirty(early=False)
    ruleset = [rules.SharedLanguage("B1"), rules.SharedInterests()]
    with_early = match(data.mentees, data.mentors, [*ruleset, early], on=ON)
    with_late = match(data.mentees, data.mentors, [*ruleset, late], on=ON)
    assert with_early.pairs() == with_late.pairs()
    assert with_early.candidate_pairs == with_late.candidate_pairs
    # Candidate generation is the first batch the rule sees.
    assert young & late.batches[0]
    assert not young & early.batches[0]
    rules.check_rule(early, all_pairs(data.mentees, data.mentors))


class Ineligible(HardRule):
    def __init__(self, answer) -> None:
        self.answer = answer

    def allows(self, pairs: Pairs) -> np.ndarray:
        return np.ones(len(pairs), dtype=bool)

    def eligible(self, side: Side, on: dt.date):
        return self.answer(len(side))


def test_check_rule_refuses_eligible_that_leaves_out_allowed_pairs(sample_pairs) -> None:
    with pytest.raises(RuleError, match="leaves out people"):
        rules.check_rule(Ineligible(lambda n: np.zeros(n, dtype=bool)), sample_pairs[0])


@pytest.mark.parametrize(
    "answer", [lambda n: np.ones(n, dtype=int), lambda n: np.ones(n + 1, dtype=bool)]
)
def test_malformed_eligible_answers_are_refused(answer, sample_pairs) -> None:
    with pytest.raises(RuleError, match="eligible must return"):
        rules.check_rule(Ineligible(answer), sample_pairs[0])
    es, ms = [Mentee("e1", "A")], [Mentor("m1", "B")]
    with pytest.raises(RuleError, match="eligible must return"):
        match(es, ms, [Ineligible(answer)], on=ON)


class ExactlyOverThirty(MentorsOverThirty):
    """MentorsOverThirty promising that eligibility is its whole test."""

    exact_eligible = True

    def __init__(self, *, exact_in_truth: bool = True) -> None:
        super().__init__(early=True)
        self.exact_in_truth = exact_in_truth

    def allows(self, pairs: Pairs) -> np.ndarray:
        allowed = super().allows(pairs)
        if not self.exact_in_truth:  # also refuses a mentee: not a per-person test of mentors
            allowed &= pairs.mentee != 0
        return allowed


def test_built_in_exact_eligibility_is_exact(sample_pairs) -> None:
    exact = [rules.WithinAgeWindows((15, 25), (20, 70)), rules.TrainingCompleted("intro")]
    for rule in exact:
        assert rule.exact_eligible
        rules.check_rule(rule, sample_pairs[0])


def test_exact_eligibility_skips_the_pair_test_with_the_same_result() -> None:
    data = samples.program(seed=3, mentees=60, mentors=60, history=False)
    exact, tested = ExactlyOverThirty(), MentorsOverThirty(early=True)
    ruleset = [rules.SharedLanguage("B1"), rules.SharedInterests()]
    with_exact = match(data.mentees, data.mentors, [*ruleset, exact], on=ON)
    with_test = match(data.mentees, data.mentors, [*ruleset, tested], on=ON)
    assert with_exact.pairs() == with_test.pairs()
    assert with_exact.candidate_pairs == with_test.candidate_pairs
    assert tested.batches  # candidate generation tested the pairs ...
    # ... and with the promise it did not (only the funnels of the unmatched may ask).
    assert len(exact.batches) < len(tested.batches)


def test_check_rule_refuses_exact_eligibility_that_is_not_the_whole_test(sample_pairs) -> None:
    rules.check_rule(ExactlyOverThirty(), sample_pairs[0])
    with pytest.raises(RuleError, match="exact_eligible"):
        rules.check_rule(ExactlyOverThirty(exact_in_truth=False), sample_pairs[0])


class WithinAgeWindowsButNotEvenMentors(rules.WithinAgeWindows):
    def allows(self, pairs: Pairs) -> np.ndarray:
        even = np.array([pairs.mentors.ids[j][-1] in "02468" for j in pairs.mentor.tolist()])
        return super().allows(pairs) & ~even


def test_a_subclass_that_narrows_allows_does_not_inherit_exact_eligible() -> None:
    data = samples.program(seed=1, mentees=60, mentors=60, history=False)
    rule = WithinAgeWindowsButNotEvenMentors.from_program(data.program)
    assert isinstance(rule, WithinAgeWindowsButNotEvenMentors)
    result = match(data.mentees, data.mentors, [rules.SharedLanguage("B1"), rule], on=ON)
    assert result.matched
    assert not [b for _, b in result.pairs() if b[-1] in "02468"]


class WithinAgeWindowsWithoutEligibility(rules.WithinAgeWindows):
    def eligible(self, side: Side, on: dt.date):
        return None  # everyone: the pairs must then be tested


def test_a_subclass_that_drops_eligible_does_not_inherit_exact_eligible() -> None:
    data = samples.program(seed=1, mentees=60, mentors=60, history=False)
    ages = {"mentees": (16, 18), "mentors": None}
    lazy = match(data.mentees, data.mentors, [WithinAgeWindowsWithoutEligibility(**ages)], on=ON)
    strict = match(data.mentees, data.mentors, [rules.WithinAgeWindows(**ages)], on=ON)
    assert lazy.pairs() == strict.pairs()
    assert all(16 <= data.mentees[e].age_on(ON) <= 18 for e, _ in lazy.pairs())


class SharedLanguageWithOtherKeys(rules.SharedLanguage):
    def keys(self, side: Side):
        return rules.keys_from_lists([[0]] * len(side))  # everyone shares one key


def test_a_subclass_that_changes_keys_does_not_inherit_exact_keys() -> None:
    data = samples.program(seed=1, mentees=60, mentors=60, history=False)
    loose = match(data.mentees, data.mentors, [SharedLanguageWithOtherKeys("B1")], on=ON)
    strict = match(data.mentees, data.mentors, [rules.SharedLanguage("B1")], on=ON)
    assert loose.pairs() == strict.pairs()
    assert loose.candidate_pairs == strict.candidate_pairs


# -- the order filters run in ------------------------------------------------------------------


def test_a_per_pair_function_runs_after_the_array_rules() -> None:
    data = samples.program(seed=2, mentees=200, mentors=200, history=False)
    calls = []

    def allow_all(e, m) -> bool:
        calls.append(1)
        return True

    array_rules = [rules.AgeGap(10, 20), rules.SharedInterests()]
    listed_first = match(
        data.mentees, data.mentors, [rules.hard_rule(allow_all), *array_rules], on=ON
    )
    without = match(data.mentees, data.mentors, array_rules, on=ON)
    # Listed first, it still sees only the pairs AgeGap allows (and those of the funnels).
    assert 0 < len(calls) < 200 * 200 / 2
    assert listed_first.pairs() == without.pairs()
    assert listed_first.candidate_pairs == without.candidate_pairs


def test_value_sets_may_come_from_a_generator() -> None:
    people = [Mentee("e1", "A", interests={"chess", "music"}), Mentee("e2", "B")]
    side = Pairs.every(people, [Mentor("m1", "X")], on=ON).mentees

    def interests(person):
        yield from sorted(person.interests)

    assert side.code_sets("generated", interests) == side.code_sets("listed", sorted_interests)


def sorted_interests(person) -> list[str]:
    return sorted(person.interests)


# -- per-person arrays agree with the model's own answers ----------------------------------------


@given(
    st.lists(st.lists(strategies.safeguarding_checks(), max_size=3), min_size=1, max_size=6),
    strategies.dates(),
    strategies.dates(),
)
def test_cleared_agrees_with_every_check_covering_the_days(held, start, end) -> None:
    mentors = [Mentor(f"m{i}", "M", safeguarding_checks=checks) for i, checks in enumerate(held)]
    places = [Place("p1", "Course", kind="course", capacity=5)]
    side = Pairs.every([Mentee("e1", "E")], [*mentors, *places], on=start).mentors
    expected = [any(c.covers(start, end) for c in checks) for checks in held] + [True]
    assert side.cleared(start, end).tolist() == expected


@given(st.lists(st.one_of(st.none(), strategies.birth_dates()), min_size=1), strategies.dates())
def test_ages_agree_with_the_models_age_on(births, day) -> None:
    people = [Mentee(f"e{i}", "E", birth_date=born) for i, born in enumerate(births)]
    side = Pairs.every(people, [Mentor("m1", "M")], on=day).mentees
    got = side.age_on(day)
    for person, age in zip(people, got.tolist(), strict=True):
        if person.birth_date is None:
            assert math.isnan(age)
        else:
            assert age == age_on(person.birth_date, day)


def test_places_have_no_age_and_pass_the_mentor_age_rules() -> None:
    young = Mentee("e1", "E", birth_date=dt.date(2008, 5, 1))
    old = Mentee("e2", "E", birth_date=dt.date(1980, 5, 1))
    unknown_mentor = Mentor("m1", "M")  # a person whose birth date is unknown
    course = Place("p1", "Course", kind="course", capacity=5)
    windows = rules.WithinAgeWindows(mentees=(15, 25), mentors=(20, 75))
    for rule in (windows, rules.AgeGap(minimum=5)):
        result = match([young, old], [unknown_mentor, course], [rule], on=ON)
        # The place passes; the mentor without a birth date still fails.
        assert ("e1", "p1") in result.pairs(), rule
        assert all(b != "m1" for _, b in result.pairs()), rule
    result = match([young, old], [course], [windows], on=ON)
    assert [u.mentee_id for u in result.unmatched] == ["e2"]  # the mentee window still holds
    rules.check_rule(windows, Pairs.every([young, old], [unknown_mentor, course], on=ON))
    # A mentee record without a birth_date field has no age to check: outside, fail safe.
    applicant = SimpleNamespace(id="a1", name="A")
    assert match([applicant], [course], [windows], on=ON).matched == 0
    every = Pairs.every([young, old], [unknown_mentor, course], on=ON)
    rules.check_rule(rules.AgeGap(minimum=5), every)


class LastFirst(HardRule):
    """A built-in keyed rule whose keys come last person first (the protocol allows any order)."""

    def __init__(self, inner: HardRule) -> None:
        self.inner = inner

    def allows(self, pairs: Pairs) -> np.ndarray:
        return self.inner.allows(pairs)

    def keys(self, side: Side):
        owners, keys = self.inner.keys(side)
        return owners[::-1].copy(), keys[::-1].copy()


def test_blocking_keys_in_any_order_propose_every_allowed_pair() -> None:
    """Two rules' keys are combined person by person, however each rule orders them."""
    data = samples.program(seed=5, mentees=80, mentors=70, history=False)
    inner = [rules.WithinDistance(25), rules.AvailabilityOverlap(60), rules.SharedLanguage("B1")]
    every = Pairs.every(list(data.mentees), list(data.mentors), on=ON)
    allowed = np.ones(len(every), dtype=np.bool_)
    for rule in inner:
        allowed &= rule.allows(every)
    expected = match(data.mentees, data.mentors, inner, on=ON)
    with mock.patch.object(_candidates, "_product", wraps=_candidates._product) as product:
        found = match(data.mentees, data.mentors, [LastFirst(r) for r in inner], on=ON)
    assert product.call_count == 2  # the two most selective rules' keys were combined
    assert found.candidate_pairs == expected.candidate_pairs == int(allowed.sum()) > 50
    assert found.pairings == expected.pairings


@pytest.mark.parametrize("code", ["und", "zxx", "mul", "mis"])
def test_codes_that_name_no_language_are_not_a_shared_language(code) -> None:
    """ISO 639's special codes name no language both can speak: no pair, no score."""
    mentee = Mentee("e1", "Amina", languages={code: "native"})
    mentor = Mentor("m1", "Ingrid", languages={code: "native"})
    result = match([mentee], [mentor], [rules.SharedLanguage("B1")], on=ON)
    assert result.pairs() == []
    assert result.unmatched[0].message == (
        "no mentor shares a language with them at B1 or better "
        "(they speak no named language that well)"
    )
    assert result.shortage()["language"].tolist() == ["none"]
    scored = [rules.NativeLanguage(), rules.LanguageFluency()]
    assert match([mentee], [mentor], scored, on=ON).pairings[0].score == 0.0


def test_a_special_code_beside_a_real_language_leaves_the_real_one() -> None:
    mentee = Mentee("e1", "Amina", languages={"mul": "native", "ti": "B2"})
    mentor = Mentor("m1", "Ingrid", languages={"mul": "native", "nb": "native"})
    result = match([mentee], [mentor], [rules.SharedLanguage("B1")], on=ON)
    assert result.unmatched[0].message == "no mentor speaks Tigrinya at B1 or better"
    assert result.shortage()["language"].tolist() == ["ti"]


def test_same_professional_field_ignores_case_as_the_other_text_rules_do() -> None:
    """Interests, trainings and backgrounds compare with case folded; so do fields."""
    mentee = Mentee("e1", "Amina", professional_field="Nursing")
    mentor = Mentor("m1", "Ingrid", professional_field=" nursing")
    result = match([mentee], [mentor], [rules.SameProfessionalField()], on=ON)
    assert result.pairings[0].score == 1.0
