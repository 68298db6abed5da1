"""Explanations: reasons for the unmatched, funnels, the shortage report and the result's views."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from matching_support import ON

from mentorlib import samples
from mentorlib.matching import MatchResult, UnmatchedReason, match, rules
from mentorlib.model import Location, Match, MatchStatus, Mentee, Mentor, Place

OSLO = Location("Oslo", "NO", latitude=59.9139, longitude=10.7522)
TRONDHEIM = Location("Trondheim", "NO", latitude=63.4305, longitude=10.3951)
LANGUAGE_AND_PLACE = [rules.SharedLanguage("B1"), rules.WithinDistance(25)]


def by_id(result: MatchResult, mentee_id: str):
    return next(u for u in result.unmatched if u.mentee_id == mentee_id)


def test_a_language_no_mentor_speaks_is_named() -> None:
    es = [
        Mentee("y1", "Amanuel", languages={"ti": "native"}, location=OSLO),
        Mentee("y2", "Sara", languages={"nb": "native"}, location=OSLO),
    ]
    ms = [
        Mentor("m1", "Ingrid", languages={"nb": "native", "en": "C1"}, location=OSLO),
        Mentor("m2", "Omar", languages={"ar": "native", "nb": "B2"}, location=OSLO),
    ]
    result = match(es, ms, LANGUAGE_AND_PLACE, on=ON)
    unmatched = by_id(result, "y1")
    assert unmatched.reason is UnmatchedReason.NO_CANDIDATE
    assert unmatched.candidates == 0
    assert "Tigrinya" in unmatched.message
    assert unmatched.funnel == (("SharedLanguage", 0), ("WithinDistance", 0))
    assert [p.mentee_id for p in result.pairings] == ["y2"]


def test_no_mentor_speaks_tigrinya_within_25_km_of_trondheim() -> None:
    es = [Mentee("y1", "Amanuel", languages={"ti": "native", "nb": "A2"}, location=TRONDHEIM)]
    ms = [
        Mentor("m1", "Yonas", languages={"ti": "native"}, location=OSLO),
        Mentor("m2", "Kari", languages={"nb": "native"}, location=TRONDHEIM),
        Mentor("m3", "Ola", languages={"nb": "native"}, location=OSLO),
    ]
    result = match(es, ms, LANGUAGE_AND_PLACE, on=ON)
    unmatched = by_id(result, "y1")
    assert unmatched.reason is UnmatchedReason.NO_CANDIDATE
    assert unmatched.funnel == (("SharedLanguage", 1), ("WithinDistance", 0))
    assert "Tigrinya" in unmatched.message
    assert "Trondheim" in unmatched.message
    assert "25 km" in unmatched.message


def test_the_only_allowed_mentor_taken_is_a_capacity_reason() -> None:
    es = [
        Mentee("y1", "A", languages={"ar": "native"}, location=OSLO, interests=["chess"]),
        Mentee("y2", "B", languages={"ar": "native"}, location=OSLO),
    ]
    ms = [Mentor("m1", "C", languages={"ar": "native"}, location=OSLO, interests=["chess"])]
    result = match(es, ms, [*LANGUAGE_AND_PLACE, rules.SharedInterests(enough=1)], on=ON)
    assert result.pairs() == [("y1", "m1")]
    unmatched = by_id(result, "y2")
    assert unmatched.reason is UnmatchedReason.CAPACITY
    assert unmatched.candidates == 1
    assert "m1" in unmatched.message
    assert unmatched.funnel == ()
    assert result.spare_capacity == {"m1": 0}


def test_a_paused_mentor_leaves_no_room() -> None:
    es = [Mentee("y1", "A", languages={"ar": "native"}, location=OSLO)]
    ms = [Mentor("m1", "C", languages={"ar": "native"}, location=OSLO, capacity=0)]
    result = match(es, ms, LANGUAGE_AND_PLACE, on=ON)
    assert result.matched == 0
    assert by_id(result, "y1").reason is UnmatchedReason.CAPACITY


@pytest.fixture(scope="module")
def sample_result() -> MatchResult:
    data = samples.program(seed=3, mentees=80, mentors=50, history=False)
    ruleset = [
        rules.SharedLanguage("B1"),
        rules.WithinDistance(25),
        rules.SafeguardingForMinors(),
        rules.AvailabilityOverlap(60),
        rules.SharedInterests(weight=2),
        rules.NativeLanguage(),
    ]
    return match(data.mentees, data.mentors, ruleset, on=ON)


def test_funnels_never_increase(sample_result: MatchResult) -> None:
    lonely = [u for u in sample_result.unmatched if u.reason is UnmatchedReason.NO_CANDIDATE]
    assert lonely
    for u in lonely:
        counts = [count for _, count in u.funnel]
        assert [name for name, _ in u.funnel] == [
            "SharedLanguage",
            "WithinDistance",
            "SafeguardingForMinors",
            "AvailabilityOverlap",
        ]
        assert counts == sorted(counts, reverse=True)
        assert counts[-1] == 0
        assert counts[0] <= 50


def test_shortage_lists_municipality_and_language() -> None:
    es = [
        Mentee("y1", "A", languages={"ti": "native"}, location=TRONDHEIM),
        Mentee("y2", "B", languages={"ti": "native"}, location=TRONDHEIM),
        Mentee("y3", "C", languages={"ar": "native"}, location=OSLO),
        Mentee("y4", "D", languages={"ar": "native"}, location=OSLO),
    ]
    ms = [Mentor("m1", "E", languages={"ar": "native"}, location=OSLO)]
    result = match(es, ms, LANGUAGE_AND_PLACE, on=ON)
    table = result.shortage()
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns) == [
        "municipality",
        "language",
        "no_candidate",
        "capacity_taken",
        "side_constraint",
        "not_eligible",
        "mentors_missing",
    ]
    rows = {(r.municipality, r.language): r for r in table.itertuples()}
    assert rows["Trondheim", "ti"].no_candidate == 2
    assert rows["Trondheim", "ti"].mentors_missing == 2
    assert rows["Oslo", "ar"].capacity_taken == 1
    assert int(table["mentors_missing"].sum()) == len(result.unmatched) == 3


def test_a_rule_named_like_a_column_does_not_overwrite_it() -> None:
    es = [Mentee("e1", "A", interests=["chess"])]
    ms = [Mentor("m1", "B", interests=["chess"])]
    ruleset = [
        rules.SharedInterests(weight=2),
        rules.score_rule(lambda mentee, mentor: 0.25, name="score"),
        rules.score_rule(lambda mentee, mentor: 0.5, name="locked"),
        rules.score_rule(lambda mentee, mentor: 0.125, name="score (rule)"),
    ]
    result = match(es, ms, ruleset, on=ON)
    frame = result.to_frame()
    assert frame.loc[0, "score"] == pytest.approx(result.pairings[0].score)
    assert result.pairings[0].score == pytest.approx(frame.loc[0, "SharedInterests"] + 0.875)
    assert not frame.loc[0, "locked"]
    assert frame.loc[0, "score (rule) (rule)"] == 0.25
    assert frame.loc[0, "score (rule)"] == 0.125
    assert frame.loc[0, "locked (rule)"] == 0.5


def test_frames_matches_and_summary(sample_result: MatchResult) -> None:
    result = sample_result
    frame = result.to_frame()
    assert list(frame.columns) == [
        "mentee_id",
        "mentor_id",
        "score",
        "locked",
        "SharedInterests",
        "NativeLanguage",
    ]
    assert len(frame) == result.matched
    assert frame["score"].sum() == pytest.approx(result.total_score)
    assert (frame["SharedInterests"] + frame["NativeLanguage"]).to_list() == pytest.approx(
        frame["score"].to_list()
    )
    unmatched = result.unmatched_frame()
    assert list(unmatched.columns) == ["mentee_id", "reason", "candidates", "message"]
    assert len(unmatched) == len(result.unmatched)
    assert set(unmatched["reason"]) <= {r.value for r in UnmatchedReason}

    proposed = result.to_matches(started_on=dt.date(2026, 9, 1))
    assert all(isinstance(m, Match) for m in proposed)
    assert [(m.mentee_id, m.mentor_id) for m in proposed] == result.pairs()
    assert len({m.id for m in proposed}) == len(proposed)
    assert {m.status for m in proposed} == {MatchStatus.PROPOSED}

    text = result.summary()
    assert f"{result.matched} matched" in text
    assert f"{len(result.unmatched)} unmatched" in text
    assert "proven optimal" in text
    assert text in repr(result)
    assert "<table" in result._repr_html_()
    assert set(result.timings) == {"candidates", "scores", "constraints", "solve", "explain"}
    assert all(seconds >= 0 for seconds in result.timings.values())
    for pairing in result.pairings[:5]:
        assert pairing.mentee_id in pairing.explain()


def test_two_score_rules_of_one_kind_get_distinct_names() -> None:
    es = [Mentee("y1", "A", interests=["chess", "music"])]
    ms = [Mentor("m1", "B", interests=["chess"])]
    ruleset = [rules.SharedInterests(weight=1, enough=1), rules.SharedInterests(weight=2)]
    result = match(es, ms, ruleset, on=ON)
    (pairing,) = result.pairings
    assert pairing.breakdown == {"SharedInterests": 1.0, "SharedInterests #2": 1.0}
    assert pairing.score == pytest.approx(2.0)
    assert list(result.to_frame().columns)[-2:] == ["SharedInterests", "SharedInterests #2"]


def test_pairings_and_unmatched_come_in_order_of_id_with_their_own_breakdowns() -> None:
    data = samples.program(seed=4, mentees=60, mentors=30, history=False)
    by_id = {p.id: p for p in [*data.mentees, *data.mentors]}

    def tag(mentee, mentor) -> float:
        return (sum(map(ord, mentee.id)) * 7 + sum(map(ord, mentor.id))) % 11 / 10

    ruleset = [*LANGUAGE_AND_PLACE, rules.score_rule(tag, weight=3, name="tag")]
    for seed in range(3):
        result = match(data.mentees, data.mentors, ruleset, on=ON, seed=seed)
        assert result.pairings and result.unmatched
        ids = [p.mentee_id for p in result.pairings]
        assert ids == sorted(ids)
        assert [u.mentee_id for u in result.unmatched] == sorted(
            u.mentee_id for u in result.unmatched
        )
        for p in result.pairings:
            assert p.breakdown == {"tag": 3 * tag(by_id[p.mentee_id], by_id[p.mentor_id])}
            assert p.score == p.breakdown["tag"]


def test_the_reason_describes_the_rules_up_to_the_first_that_leaves_no_mentor() -> None:
    described: list[str] = []

    def rule(name: str, test) -> rules.HardRule:
        class Rule(rules.HardRule):
            def allows(self, pairs):
                ms = pairs.mentors.people
                return np.array([test(ms[m]) for m in pairs.mentor], dtype=bool)

            @property
            def name(self) -> str:
                return name

            def describe(self, mentee) -> str:
                described.append(name)
                return f"is {name}"

        return Rule()

    es = [Mentee("y1", "A"), Mentee("y2", "B")]
    ms = [Mentor("m1", "C", capacity=1), Mentor("m2", "D", capacity=2)]
    first, second = rule("first", lambda m: True), rule("second", lambda m: m.capacity == 2)
    ruleset = [first, second, rule("never", lambda m: False), rule("last", lambda m: True)]
    result = match(es, ms, ruleset, on=ON)
    for u in result.unmatched:
        assert u.message == (
            "no mentor is first, is second and is never (is first: 2 → is second: 1 → is never: 0)"
        )
        assert u.funnel == (("first", 2), ("second", 1), ("never", 0), ("last", 0))
    assert "last" not in described
    alone = match(es[:1], ms, [ruleset[2], first], on=ON).unmatched[0]
    assert alone.message == "no mentor is never"
    assert alone.funnel == (("never", 0), ("first", 0))


def test_the_reason_reads_as_the_issue_asks() -> None:
    trondheim = Location("Trondheim", "NO", latitude=63.4305, longitude=10.3951)
    oslo = Location("Oslo", "NO", latitude=59.9139, longitude=10.7522)
    mentee = Mentee("y1", "A", languages={"ti": "native"}, location=trondheim)
    ms = [
        Mentor("m1", "B", languages={"ti": "native"}, location=oslo),
        Mentor("m2", "C", languages={"nb": "native"}, location=trondheim),
    ]
    ruleset = [rules.SharedLanguage("B1"), rules.WithinDistance(25)]
    (unmatched,) = match([mentee], ms, ruleset, on=ON).unmatched
    assert unmatched.message.startswith(
        "no mentor speaks Tigrinya at B1 or better and lives within 25 km of Trondheim ("
    )


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (rules.AgeGap(minimum=10), "is at least 10 years older"),
        (rules.AgeGap(maximum=30), "is at most 30 years older"),
        (rules.AgeGap(minimum=5, maximum=30), "is 5 to 30 years older"),
        (
            rules.WithinAgeWindows(mentees=(16, 30), mentors=(20, 75)),
            "fits the age windows (mentee 16–30, mentor 20–75 years old)",
        ),
        (rules.SharedLanguage("B1"), "shares a language with them at B1 or better"),
    ],
)
def test_rules_describe_what_a_mentor_must_be(rule, text) -> None:
    mentee = Mentee("y1", "A", birth_date=dt.date(1980, 1, 1), languages={"ti": "A1"})
    assert text in rule.describe(mentee)
    assert "no language" not in rule.describe(mentee)


def test_a_funnel_counts_a_mentor_who_shares_two_languages_once() -> None:
    es = [Mentee("y1", "A", languages={"ar": "native", "en": "C1"}, location=TRONDHEIM)]
    ms = [
        Mentor("m1", "B", languages={"ar": "native", "en": "C1"}, location=OSLO),
        Mentor("m2", "C", languages={"en": "B2", "ti": "A1"}, location=OSLO),
        Mentor("m3", "D", languages={"nb": "native"}, location=TRONDHEIM),
        Mentor("m4", "E", languages={"ar": "A2"}, location=OSLO),
    ]
    (unmatched,) = match(es, ms, LANGUAGE_AND_PLACE, on=ON).unmatched
    assert unmatched.funnel == (("SharedLanguage", 2), ("WithinDistance", 0))
    (unmatched,) = match(es, ms, LANGUAGE_AND_PLACE[::-1], on=ON).unmatched
    assert unmatched.funnel == (("WithinDistance", 1), ("SharedLanguage", 0))


def test_gender_preference_reason_does_not_say_something_false() -> None:
    """Two-sided rule, two-sided reason: the only mentor is female but accepts women only.

    "no mentor is female" would be false; the mentor must also accept the mentee's gender.
    """
    mentee = Mentee("e1", "Yonas", gender="male", gender_preference=["female"])
    mentor = Mentor("m1", "Ingrid", gender="female", gender_preference=["female"])
    result = match([mentee], [mentor], [rules.GenderPreference()], on=ON)
    (item,) = result.unmatched
    assert "accept" in item.message, item.message
    assert item.message == "no mentor is female and accepts a male mentee"
    anyone = Mentee("e1", "Yonas", gender="undisclosed")
    (item,) = match([anyone], [mentor], [rules.GenderPreference()], on=ON).unmatched
    assert item.message == "no mentor accepts a mentee of undisclosed gender"


def test_shortage_asks_no_mentor_for_a_mentee_outside_the_mentee_age_window() -> None:
    """A 36-year-old in a program for 16 to 25 year olds has no candidate whoever volunteers.

    More mentors would not help: the mentee is not eligible, and no mentor place is missing.
    """
    mentee = Mentee(
        "e1", "Amina", birth_date=dt.date(1990, 1, 1), languages={"ti": "native"}, location=OSLO
    )
    mentors = [
        Mentor(f"m{i}", "B", birth_date=dt.date(1980, 1, 1), languages={"ti": "native"})
        for i in range(3)
    ]
    result = match([mentee], mentors, [rules.WithinAgeWindows((16, 25), (20, 70))], on=ON)
    assert int(result.shortage()["mentors_missing"].sum()) == 0
    assert int(result.shortage()["not_eligible"].sum()) == 1
    (item,) = result.unmatched
    assert item.reason is UnmatchedReason.NOT_ELIGIBLE
    assert item.message == (
        "is outside what WithinAgeWindows allows for a mentee, whoever the mentor"
    )


def test_a_mentee_inside_the_window_without_a_mentor_there_still_counts_as_missing() -> None:
    mentee = Mentee("e1", "Amina", birth_date=dt.date(2006, 1, 1), location=OSLO)
    mentors = [Mentor("m1", "B", birth_date=dt.date(1950, 1, 1))]
    result = match([mentee], mentors, [rules.WithinAgeWindows((16, 25), (20, 70))], on=ON)
    assert result.unmatched[0].reason is UnmatchedReason.NO_CANDIDATE
    assert int(result.shortage()["mentors_missing"].sum()) == 1


def test_to_frame_has_a_column_per_score_rule_even_when_nobody_matched() -> None:
    """A report built on ``frame["SharedInterests"]`` must not break in a round with no match."""
    mentee = Mentee("e1", "Amina", languages={"ar": "native"})
    mentor = Mentor("m1", "Ingrid", languages={"nb": "native"})
    ruleset = [rules.SharedLanguage("B1"), rules.SharedInterests(weight=2), rules.Proximity()]
    result = match([mentee], [mentor], ruleset, on=ON)
    assert result.matched == 0
    assert list(result.to_frame().columns) == [
        "mentee_id",
        "mentor_id",
        "score",
        "locked",
        "SharedInterests",
        "Proximity",
    ]


def test_with_only_places_the_reasons_speak_of_places() -> None:
    mentees = [Mentee("e1", "A", languages={"ar": "native"}), Mentee("e2", "B")]
    course = Place("p1", "Course", "course", capacity=1)
    result = match(mentees[:1], [course], [rules.SharedLanguage("A1")], on=ON)
    assert [u.message for u in result.unmatched] == ["no place speaks Arabic at A1 or better"]
    full = match(mentees, [course], [], on=ON)
    assert full.unmatched[0].message.startswith("all 1 allowed place(s) were full")
    both = match(mentees, [course, Mentor("m1", "C")], [rules.SharedLanguage("A1")], on=ON)
    assert both.unmatched[0].message.startswith("no mentor or place speaks Arabic")
