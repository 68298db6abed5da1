"""Meeting adherence, pooled and as the mean of match ratios, and targets."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import pytest

from mentorlib import samples
from mentorlib.metrics import meeting_adherence, target_attainment
from mentorlib.model import (
    Closure,
    GroupGathering,
    Match,
    Meeting,
    Mentee,
    Mentor,
    Program,
    ProgramData,
    Targets,
    Team,
    ValidationError,
)

OSLO = ZoneInfo("Europe/Oslo")
START = dt.date(2026, 8, 17)


def _meeting(match_id, number, day, status, moved_to=None):
    begin = dt.datetime.combine(day, dt.time(17), OSLO)
    return Meeting(
        f"{match_id}-{number}",
        match_id,
        begin,
        begin + dt.timedelta(hours=1),
        status=status,
        moved_to=moved_to,
    )


def _fixture():
    a = Match("a", "y1", "m1", START)
    b = Match("b", "y2", "m2", START).close(
        Closure(START + dt.timedelta(days=30), "lost contact", "coordinator")
    )
    meetings = [
        # a: 4 held of 5 (one moved and replaced by a held one; one cancelled), one in the future
        _meeting("a", 1, START, "held"),
        _meeting("a", 2, START + dt.timedelta(14), "moved", moved_to="a-2b"),
        _meeting("a", "2b", START + dt.timedelta(16), "held"),
        _meeting("a", 3, START + dt.timedelta(28), "cancelled"),
        _meeting("a", 4, START + dt.timedelta(42), "held"),
        _meeting("a", 5, START + dt.timedelta(56), "held"),
        _meeting("a", 6, START + dt.timedelta(200), "planned"),
        # b: 1 held of 2 before its closure; the meeting after the closure is not planned any more
        _meeting("b", 1, START, "held"),
        _meeting("b", 2, START + dt.timedelta(14), "no-show"),
        _meeting("b", 3, START + dt.timedelta(42), "planned"),
    ]
    return [a, b], meetings


def test_pooled_and_mean_of_ratios_differ_and_each_is_right():
    matches, meetings = _fixture()
    result = meeting_adherence(matches, meetings, as_of=START + dt.timedelta(days=100))
    frame = result.per_match
    assert frame.loc["a", ["planned", "held", "cancelled"]].tolist() == [5, 4, 1]
    assert frame.loc["b", ["planned", "held", "no_show"]].tolist() == [2, 1, 1]
    assert frame.loc["b", "cut_off"] == START + dt.timedelta(days=30)
    assert result.pooled == pytest.approx(5 / 7)
    assert result.mean_of_ratios == pytest.approx((4 / 5 + 1 / 2) / 2)
    assert result.summary.loc["held", "value"] == 5


def test_a_past_meeting_still_marked_planned_counts_as_unrecorded():
    matches, meetings = _fixture()
    result = meeting_adherence(matches, meetings, as_of=START + dt.timedelta(days=300))
    assert result.per_match.loc["a", "unrecorded"] == 1
    assert result.per_match.loc["a", "planned"] == 6


def test_a_moved_meeting_without_its_replacement_counts_as_not_held():
    matches, meetings = _fixture()
    kept = [m for m in meetings if m.id != "a-2b"]
    result = meeting_adherence(matches, kept, as_of=START + dt.timedelta(days=100))
    assert result.per_match.loc["a", ["planned", "held"]].tolist() == [5, 3]


def test_no_meetings_give_nan_ratios():
    result = meeting_adherence([Match("a", "y1", "m1", START)], [], as_of=START)
    assert math.isnan(result.pooled)
    assert math.isnan(result.mean_of_ratios)


def _program_data(as_meetings):
    matches, meetings = _fixture()
    program = Program(
        "p",
        "P",
        country="NO",
        starts_on=START,
        duration={"amount": 1, "unit": "year"},
        targets={"meetings": 20, "mentees": 4, "gatherings": 2},
    )
    gathering_day = dt.datetime.combine(START + dt.timedelta(days=20), dt.time(12), OSLO)
    later = gathering_day + dt.timedelta(days=200)
    return ProgramData(
        program,
        mentees=[Mentee("y1", "A"), Mentee("y2", "B")],
        mentors=[Mentor("m1", "C"), Mentor("m2", "D")],
        matches=matches,
        meetings=meetings if as_meetings else [],
        gatherings=[
            GroupGathering(
                "g1", "One", gathering_day, gathering_day + dt.timedelta(hours=2), status="held"
            ),
            GroupGathering("g2", "Two", later, later + dt.timedelta(hours=2)),
        ],
    )


def test_targets_with_projection_at_the_recent_pace():
    data = _program_data(True)
    as_of = START + dt.timedelta(days=83)  # the last 56 days hold 2 held meetings (days 42, 56)
    table = target_attainment(data, as_of=as_of, pace_days=56)
    remaining = (data.program.ends_on - as_of).days
    assert table.loc["meetings", "achieved"] == 5
    assert table.loc["meetings", "projected"] == pytest.approx(5 + 2 / 56 * remaining)
    assert table.loc["mentees", "achieved"] == 2
    assert table.loc["mentees", "share"] == 0.5
    assert math.isnan(table.loc["mentees", "projected"])
    assert table.loc["gatherings", ["achieved", "projected"]].tolist() == [1, 2]
    assert list(table.index) == ["meetings", "mentees", "gatherings"]
    with pytest.raises(ValidationError, match="pace_days"):
        target_attainment(data, pace_days=0)


def test_sample_program_against_vinn_vinn_targets():
    data = samples.vinn_vinn(seed=0)
    table = target_attainment(data)
    assert table.loc["meetings", "target"] == 1200
    assert table.loc["gatherings", "achieved"] == 6
    result = meeting_adherence(data.matches, data.meetings, as_of=dt.date(2027, 8, 16))
    assert table.loc["meetings", "achieved"] == result.held
    assert 0 < result.pooled < 1


def test_every_member_of_a_matched_team_counts_towards_the_mentor_target():
    adults = [Mentor(f"m{k}", f"Adult {k}") for k in range(5)]
    team = Team("t1", "Team", members=adults[:2], capacity=2)
    program = Program("vv", "Vinn, vinn!", "NO", starts_on=START, targets=Targets(mentors=60))
    data = ProgramData(
        program,
        mentees=[Mentee(f"y{k}", f"Youth {k}") for k in range(4)],
        mentors=adults,
        teams=[team],
        matches=[
            Match("x0", "y0", "t1", START),
            Match("x1", "y1", "t1", START),
            Match("x2", "y2", "m2", START),
            Match("x3", "y3", "m4", START + dt.timedelta(days=400)),  # not started yet
        ],
    )
    table = target_attainment(data, as_of=START + dt.timedelta(days=30))
    assert table.loc["mentors", "achieved"] == 3  # m0 and m1 through the team, and m2
