"""Scoring of CRIES-8, HSCL-25 and WHO-5, the missing-item rule, and a program's own scale."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorlib import samples
from mentorlib.metrics import (
    CRIES_8,
    HSCL_25,
    INSTRUMENTS,
    WHO_5,
    Cutoff,
    Instrument,
    ItemScale,
    Subscale,
    check_instrument,
    score_assessments,
)
from mentorlib.model import Assessment, ValidationError


def test_cries_8_total_parts_and_cutoff():
    responses = [5, 0, 3, 1, 0, 5, 3, 0]  # intrusion items 1, 3, 6, 7; avoidance 2, 4, 5, 8
    scores = CRIES_8.score(responses)
    assert scores == {"total": 17.0, "intrusion": 16.0, "avoidance": 1.0}
    assert CRIES_8.screen(scores) == {"probable PTSD": True}
    assert CRIES_8.screen(CRIES_8.score([5, 0, 3, 1, 0, 5, 1, 1])) == {"probable PTSD": False}


def test_hscl_25_means_and_cutoff():
    responses = [2] * 10 + [1] * 15
    scores = HSCL_25.score(responses)
    assert scores["anxiety"] == 2.0
    assert scores["depression"] == 1.0
    assert scores["total"] == pytest.approx(35 / 25)
    assert HSCL_25.screen(scores) == {"clinical distress": False}
    assert HSCL_25.screen(HSCL_25.score([2] * 19 + [1] * 6)) == {"clinical distress": True}


def test_who_5_raw_percentage_and_cutoffs():
    assert WHO_5.score([3, 3, 2, 2, 2]) == {"total": 12.0, "percentage": 48.0}
    assert WHO_5.screen(WHO_5.score([3, 3, 2, 2, 2])) == {
        "poor wellbeing": True,
        "likely depression": False,
    }
    assert WHO_5.screen(WHO_5.score([3, 3, 3, 2, 2])) == {
        "poor wellbeing": False,
        "likely depression": False,
    }
    assert WHO_5.screen(WHO_5.score([2, 2, 1, 1, 1])) == {
        "poor wellbeing": True,
        "likely depression": True,
    }


def test_missing_item_rule_prorates_with_at_least_80_percent_answered():
    assert CRIES_8.score([5, 5, 5, 5, 5, 5, 5, None])["total"] == 40.0
    # a 4-item part with one item missing has 75 % answered: not scored
    one_missing = CRIES_8.score([5, 5, 5, 5, 5, 5, 5, None])
    assert math.isnan(one_missing["avoidance"])
    assert one_missing["intrusion"] == 20.0
    assert math.isnan(CRIES_8.score([5, 5, 5, 5, 5, 5, None, None])["total"])
    five_missing = [None] * 5 + [2] * 20
    assert HSCL_25.score(five_missing)["total"] == 2.0
    assert math.isnan(HSCL_25.score(five_missing)["anxiety"])  # 5 of 10 missing
    assert math.isnan(HSCL_25.score([None] * 6 + [2] * 19)["total"])
    assert CRIES_8.screen(CRIES_8.score([None] * 8)) == {"probable PTSD": None}


@given(st.lists(st.sampled_from([0, 1, 2, 3, 4, 5, None]), min_size=5, max_size=5))
def test_who_5_scores_stay_in_range(responses):
    scores = WHO_5.score(responses)
    answered = sum(r is not None for r in responses)
    if answered >= 4:
        assert 0 <= scores["total"] <= 25
        assert scores["percentage"] == scores["total"] * 4
    else:
        assert math.isnan(scores["total"])


def test_wrong_responses_are_refused_naming_the_item():
    with pytest.raises(ValidationError, match="item 2 is 2; CRIES-8 items take 0, 1, 3, 5"):
        CRIES_8.score([0, 2, 0, 0, 0, 0, 0, 0])
    with pytest.raises(ValidationError, match="has 5 items, got 4"):
        WHO_5.score([1, 2, 3, 4])
    with pytest.raises(ValidationError, match="subscale 'x' names items outside"):
        ItemScale("own", items=3, values=(0, 1), subscales=[Subscale("x", (1, 4))])


def test_score_assessments_names_the_assessment_with_bad_responses():
    bad = Assessment("a9", "y1", "WHO-5", "baseline", dt.date(2026, 9, 1), [9, 1, 1, 1, 1])
    with pytest.raises(ValidationError, match="Assessment 'a9', field 'responses'"):
        score_assessments([bad], "WHO-5")
    with pytest.raises(ValidationError, match="no built-in instrument"):
        score_assessments([bad], "PHQ-9")


def test_builtins_pass_the_instrument_checks():
    for instrument in INSTRUMENTS.values():
        assert isinstance(instrument, Instrument)
        low = instrument.values[0]
        check_instrument(
            instrument,
            examples=[[low] * instrument.items, [None] + [low] * (instrument.items - 1)],
        )


def test_a_program_adds_its_own_instrument():
    # A data-described scale: a 4-item "sense of belonging" 1–5, higher is better.
    belonging = ItemScale(
        "BELONG-4",
        items=4,
        values=(1, 2, 3, 4, 5),
        scoring="mean",
        higher_is_worse=False,
        cutoffs=[Cutoff("low belonging", "total", "<", 2.5)],
    )
    check_instrument(belonging, examples=[[1, 2, 3, 4], [5, 5, None, 5]])
    rows = [Assessment("a1", "y1", "BELONG-4", "baseline", dt.date(2026, 9, 1), [1, 2, 2, 3])]
    frame = score_assessments(rows, belonging)
    assert frame.loc["a1", "total"] == 2.0
    assert bool(frame.loc["a1", "low belonging"]) is True

    # Or any object with name, higher_is_worse and score(): the protocol.
    @attrs.frozen
    class Count:
        name: str = "COUNT"
        higher_is_worse: bool = True

        def score(self, responses):
            if len(responses) != 3:
                raise ValidationError("COUNT has 3 items")
            return {"total": float(sum(r or 0 for r in responses))}

    check_instrument(Count(), examples=[[1, 0, 1]])

    @attrs.frozen
    class Lenient:
        name: str = "LENIENT"
        higher_is_worse: bool = False

        def score(self, responses):
            return {"total": float(len(responses))}

    with pytest.raises(AssertionError, match="not refused"):
        check_instrument(Lenient(), examples=[[1, 1]])


def test_scoring_the_sample_program():
    data = samples.vinn_vinn(seed=0)
    frame = score_assessments(data.assessments, "CRIES-8")
    assert set(frame["time_point"]) == {"baseline", "end"}
    assert frame["total"].dropna().between(0, 40).all()
    assert frame["probable PTSD"].dtype == "boolean"
    assert len(score_assessments([], "HSCL-25")) == 0


# Worked examples from the published scoring rules (sources in docs/metrics.md, Instruments).


def test_cries_8_items_belong_to_the_published_parts():
    # Children and War Foundation scoring sheet: intrusion 1, 3, 6, 7; avoidance 2, 4, 5, 8.
    for item in range(1, 9):
        responses = [0] * 8
        responses[item - 1] = 5
        scores = CRIES_8.score(responses)
        part = "intrusion" if item in (1, 3, 6, 7) else "avoidance"
        other = "avoidance" if part == "intrusion" else "intrusion"
        assert (scores[part], scores[other], scores["total"]) == (5.0, 0.0, 5.0)
    assert CRIES_8.score([5] * 8) == {"total": 40.0, "intrusion": 20.0, "avoidance": 20.0}
    assert CRIES_8.score([0] * 8) == {"total": 0.0, "intrusion": 0.0, "avoidance": 0.0}


def test_cries_8_response_values_are_0_1_3_5():
    # not at all 0, rarely 1, sometimes 3, often 5: there is no 2 or 4
    assert CRIES_8.values == (0.0, 1.0, 3.0, 5.0)
    for wrong in (2, 4, 6):
        with pytest.raises(ValidationError, match="items take 0, 1, 3, 5"):
            CRIES_8.score([wrong] + [0] * 7)


def test_cries_8_cutoff_is_17_or_more():
    # Perrin, Meiser-Stedman & Smith (2005): a CRIES-8 total of 17 flags probable PTSD.
    seventeen = [5, 5, 3, 3, 1, 0, 0, 0]
    sixteen = [5, 5, 3, 3, 0, 0, 0, 0]
    assert CRIES_8.score(seventeen)["total"] == 17.0
    assert CRIES_8.screen(CRIES_8.score(seventeen)) == {"probable PTSD": True}
    assert CRIES_8.score(sixteen)["total"] == 16.0
    assert CRIES_8.screen(CRIES_8.score(sixteen)) == {"probable PTSD": False}


def test_hscl_25_parts_are_items_1_to_10_and_11_to_25():
    # Harvard Program in Refugee Trauma: part I, 10 anxiety items; part II, 15 depression items.
    anxious = [4] * 10 + [1] * 15
    assert HSCL_25.score(anxious) == {"total": 2.2, "anxiety": 4.0, "depression": 1.0}
    low_mood = [1] * 10 + [4] * 15
    assert HSCL_25.score(low_mood) == {"total": 2.8, "anxiety": 1.0, "depression": 4.0}
    assert HSCL_25.score([1] * 25)["total"] == 1.0
    assert HSCL_25.score([4] * 25)["total"] == 4.0


def test_hscl_25_cutoff_is_a_mean_of_1_75_or_more():
    # Statistics Norway: "a mean score of 1.75 or above" on the 25 items.
    items_44 = [2] * 19 + [1] * 6  # sum 44, mean 1.76
    items_43 = [2] * 18 + [1] * 7  # sum 43, mean 1.72
    assert HSCL_25.score(items_44)["total"] == pytest.approx(1.76)
    assert HSCL_25.screen(HSCL_25.score(items_44)) == {"clinical distress": True}
    assert HSCL_25.score(items_43)["total"] == pytest.approx(1.72)
    assert HSCL_25.screen(HSCL_25.score(items_43)) == {"clinical distress": False}
    # a complete form cannot score exactly 1.75, so >= and > agree on complete forms...
    assert all(total / 25 != 1.75 for total in range(25, 101))
    # ...but a mean of 24 answered items can, and it is flagged (>=, not >)
    exactly = [None] + [2] * 18 + [1] * 6  # 24 answered, sum 42
    assert HSCL_25.score(exactly)["total"] == 1.75
    assert HSCL_25.screen(HSCL_25.score(exactly)) == {"clinical distress": True}


def test_who_5_percentage_is_raw_times_4():
    # WHO (1998): raw 0–25, "multiplied by 4" for a percentage 0–100.
    assert WHO_5.score([0] * 5) == {"total": 0.0, "percentage": 0.0}
    assert WHO_5.score([5] * 5) == {"total": 25.0, "percentage": 100.0}
    assert WHO_5.score([3, 2, 4, 1, 3]) == {"total": 13.0, "percentage": 52.0}


def test_who_5_cutoffs_at_their_boundaries():
    # WHO (1998): raw below 13 is poor wellbeing; percentage 28 or less (raw 7) likely depression.
    flags = {raw: WHO_5.screen(WHO_5.score(_who_5_summing_to(raw))) for raw in range(26)}
    assert flags[12] == {"poor wellbeing": True, "likely depression": False}
    assert flags[13] == {"poor wellbeing": False, "likely depression": False}
    assert flags[7] == {"poor wellbeing": True, "likely depression": True}
    assert flags[8] == {"poor wellbeing": True, "likely depression": False}
    assert [raw for raw, f in flags.items() if f["poor wellbeing"]] == list(range(13))
    assert [raw for raw, f in flags.items() if f["likely depression"]] == list(range(8))


def _who_5_summing_to(raw):
    responses = []
    for _ in range(5):
        responses.append(min(5, raw))
        raw -= responses[-1]
    return responses


def test_who_5_raw_below_13_is_percentage_50_or_less_for_every_score():
    # Topp et al. (2015) give percentage <= 50; the WHO guidance raw < 13. For every score the
    # built-in WHO-5 returns (complete, or one item missing and prorated) they agree.
    values = [0, 1, 2, 3, 4, 5]
    cases = [list(c) for c in itertools.product(values, repeat=5)]
    cases += [[*c[:i], None, *c[i + 1 :]] for c in cases for i in range(5) if c[i] == 0]
    for responses in cases:
        scores = WHO_5.score(responses)
        assert (scores["total"] < 13) == (scores["percentage"] <= 50), responses


def test_missing_item_rule_can_be_made_complete_case():
    # The manuals give no missing-item rule; min_answered=1.0 scores complete forms only.
    strict = attrs.evolve(WHO_5, min_answered=1.0)
    assert math.isnan(strict.score([3, 4, None, 2, 3])["total"])
    assert strict.score([3, 4, 3, 2, 3]) == WHO_5.score([3, 4, 3, 2, 3])
    assert WHO_5.score([3, 4, None, 2, 3])["total"] == 15.0  # the default prorates
