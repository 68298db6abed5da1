"""Referral funnels per partner and referrals against commitments."""

from __future__ import annotations

import datetime as dt

import pytest

from mentorlib import samples
from mentorlib.metrics import commitment_attainment, referral_funnel
from mentorlib.model import (
    Closure,
    Commitment,
    Match,
    Mentee,
    Mentor,
    Program,
    ProgramData,
    Referral,
)

START = dt.date(2026, 1, 10)
AS_OF = dt.date(2026, 12, 31)


def _data():
    mentees = [Mentee(f"y{i}", f"Y{i}") for i in range(1, 6)]
    matches = [
        Match("x1", "y1", "m1", START),  # running: active at 6 months
        Match("x2", "y2", "m1", START).close(
            Closure(START + dt.timedelta(days=40), "mismatch", "both")
        ),
        Match("x3", "y3", "m1", dt.date(2026, 11, 1)),  # not 6 months yet
    ]
    referrals = [
        Referral("r1", "Aarhus Kommune", START, "y1", "matched"),
        Referral("r2", "Aarhus Kommune", START, "y2", "matched"),
        Referral("r3", "Aarhus Kommune", START, None, "declined"),
        Referral("r4", "Vejle Kommune", START, "y3", "accepted"),
        Referral("r5", "Vejle Kommune", START, "y4", "accepted"),
        Referral("r6", "Vejle Kommune", dt.date(2027, 3, 1), "y5", "pending"),
    ]
    commitments = [
        Commitment("k1", "Aarhus Kommune", 10, dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        Commitment("k2", "Vejle Kommune", 2, dt.date(2026, 7, 1), dt.date(2027, 6, 30)),
    ]
    return ProgramData(
        Program("yc", "Young Connect", country="DK"),
        mentees=mentees,
        mentors=[Mentor("m1", "M", capacity=3)],
        matches=matches,
        referrals=referrals,
        commitments=commitments,
    )


def test_funnel_stages_per_partner():
    funnel = referral_funnel(_data(), as_of=AS_OF)
    assert funnel.loc["Aarhus Kommune"].iloc[:5].tolist() == [3, 2, 2, 1, 2]
    assert funnel.loc["Vejle Kommune"].iloc[:5].tolist() == [2, 2, 1, 0, 0]
    assert funnel.loc["total", "referred"] == 5  # the 2027 referral is after as_of
    assert funnel.loc["Aarhus Kommune", "retained share"] == 0.5
    assert list(funnel.columns) == [
        "referred",
        "accepted",
        "matched",
        "active at 6 months",
        "reached 6 months",
        "retained share",
    ]
    stages = funnel[["referred", "accepted", "matched"]]
    assert (stages.diff(axis=1).iloc[:, 1:] <= 0).all().all()


def test_referrals_against_commitments_with_pro_rata_expectation():
    table = commitment_attainment(_data(), as_of=AS_OF)
    assert table.loc["k1", ["committed", "referred", "shortfall"]].tolist() == [10, 3, 7]
    assert table.loc["k1", "share"] == pytest.approx(0.3)
    assert table.loc["k1", "expected by now"] == pytest.approx(10.0)
    # Vejle's commitment starts in July: the January referrals do not count toward it
    assert table.loc["k2", "referred"] == 0
    half = (AS_OF - dt.date(2026, 7, 1)).days + 1
    span = (dt.date(2027, 6, 30) - dt.date(2026, 7, 1)).days + 1
    assert table.loc["k2", "expected by now"] == pytest.approx(2 * half / span)
    assert table.loc["total", "committed"] == 12


def test_sample_partners_fell_short_of_their_commitments():
    data = samples.vinn_vinn(seed=0)
    table = commitment_attainment(data)
    assert (table["shortfall"] > 0).all()
    funnel = referral_funnel(data)
    assert funnel.loc["total", "referred"] == len(data.referrals)
