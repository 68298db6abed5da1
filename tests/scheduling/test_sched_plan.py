"""Meeting plans: cadence, blackouts and their policy, both parties' windows, DST, counts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
import holidays
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sched_helpers import OSLO, START, pair, program_data, vinn_program

from mentorlib.model import (
    Cadence,
    Closure,
    DateRange,
    DuplicateIdError,
    GroupGathering,
    Match,
    Meeting,
    MeetingStatus,
    Mentee,
    Period,
    Place,
    ProgramData,
    UnknownIdError,
    ValidationError,
)
from mentorlib.scheduling import (
    AdjustmentKind,
    Blackout,
    BlackoutCalendar,
    ChangeKind,
    HolidaysByYear,
    MeetingPlan,
    Participant,
    changes,
    common_windows,
    plan_match,
    plan_program,
    public_holidays,
    school_holidays,
    spread_gatherings,
)

D = dt.date
OSLO_ZONE = ZoneInfo(OSLO)

#: School holidays a Norwegian program supplies for 2026/27 (given by the program, not looked up).
SCHOOL = (
    DateRange(D(2026, 9, 28), D(2026, 10, 2), label="autumn break"),
    DateRange(D(2026, 12, 21), D(2027, 1, 1), label="Christmas break"),
    DateRange(D(2027, 2, 22), D(2027, 2, 26), label="winter break"),
    DateRange(D(2027, 3, 22), D(2027, 3, 26), label="Easter break"),
    DateRange(D(2027, 6, 21), D(2027, 8, 13), label="summer break"),
)


def norwegian_closed_days() -> set[dt.date]:
    """Closed days derived independently: the holidays package, Christmas Eve, the breaks."""
    closed = set(holidays.country_holidays("NO", years=[2026, 2027]))
    closed |= {D(2026, 12, 24), D(2027, 12, 24)}
    for span in SCHOOL:
        day = span.start
        while day <= span.end:
            closed.add(day)
            day += dt.timedelta(days=1)
    return closed


def vinn_blackouts() -> BlackoutCalendar:
    return public_holidays("NO", years=[2026, 2027]) | school_holidays(SCHOOL)


# -- Vinn, vinn! -------------------------------------------------------------------------------


def test_vinn_vinn_biweekly_for_a_year_around_holidays_and_school_breaks() -> None:
    match, mentee, mentor = pair()
    plan = plan_match(vinn_program(), match, mentee, mentor, blackouts=vinn_blackouts())

    # Every 14 days from Monday 17 August 2026 for a year (to 16 August 2027), by hand.
    cadence = [START + dt.timedelta(days=14 * k) for k in range(27)]
    assert cadence[-1] == D(2027, 8, 16)
    closed = norwegian_closed_days()
    expected = [d for d in cadence if d not in closed]
    assert len(expected) == 20  # autumn, Christmas, Easter Monday and four summer Mondays
    assert [m.start.date() for m in plan.meetings] == expected
    assert plan.summary().meetings == 20
    assert {m.start.time() for m in plan.meetings} == {dt.time(17, 0)}
    skipped = {a.planned_on: a.reason for a in plan.adjustments}
    assert set(skipped) == set(cadence) - set(expected)
    assert skipped[D(2027, 3, 29)] == "2027-03-29 Easter Monday (public holiday)"
    assert "autumn break (school holiday)" in skipped[D(2026, 9, 28)]
    assert all(a.kind is AdjustmentKind.SKIPPED for a in plan.adjustments)


def test_sixty_vinn_vinn_pairs_yield_the_programs_1200_target_meetings() -> None:
    data = program_data(60)
    plan = plan_program(data, blackouts=vinn_blackouts(), gatherings=())
    summary = plan.summary()
    assert (summary.meetings, summary.matches, summary.target) == (1200, 60, 1200)
    assert str(summary) == (
        "1,200 meetings planned for 60 matches (target 1,200: 100%); "
        "420 skipped, 0 moved, 0 shifted; 0 gatherings"
    )
    assert set(plan.counts().values()) == {20}


# -- both parties' windows ---------------------------------------------------------------------


def test_the_time_is_inside_both_windows_nearest_the_preferred_time() -> None:
    match, mentee, mentor = pair(
        mentee_windows=["wed 15:00-18:00", "sat 10:00-12:00"],
        mentor_windows=["wed 16:30-21:00"],
    )
    plan = plan_match(vinn_program(), match, mentee, mentor, prefer=dt.time(19))
    first = plan.meetings[0]
    assert first.start == dt.datetime(2026, 8, 19, 16, 30, tzinfo=OSLO_ZONE)
    assert first.end == dt.datetime(2026, 8, 19, 18, 0, tzinfo=OSLO_ZONE)
    assert first.minutes == 90
    assert {m.start.weekday() for m in plan.meetings} == {2}


def test_no_common_time_says_so_instead_of_inventing_one() -> None:
    match, mentee, mentor = pair(
        mentee_windows=["tue 17:00-18:00"], mentor_windows=["tue 17:30-20:00", "fri 10:00-12:00"]
    )
    plan = plan_match(vinn_program(), match, mentee, mentor)
    assert plan.meetings == ()
    (missing,) = plan.unscheduled
    assert missing.match_id == "x01"
    assert "no time of 90 min inside both parties' weekly windows" in missing.reason
    assert plan.counts() == {"x01": 0}
    assert plan.summary().unscheduled == 1


def test_touching_windows_of_one_person_are_one_stretch_of_free_time() -> None:
    """Windows "mon 16:00-17:00", "mon 17:00-18:00", "mon 18:00-19:00" leave 16:00-19:00 free.

    Availability collected as hourly slots is common, and matching joins a person's touching
    windows; planning said "no time of 90 min inside both parties' weekly windows".
    """
    match, mentee, mentor = pair(
        mentee_windows=["mon 16:00-17:00", "mon 17:00-18:00", "mon 18:00-19:00"],
        mentor_windows=["mon 16:00-19:00"],
    )
    plan = plan_match(vinn_program(), match, mentee, mentor, blackouts=BlackoutCalendar())
    assert not plan.unscheduled
    assert plan.meetings[0].start.strftime("%H:%M") == "17:00"
    assert [str(w) for w in common_windows(mentee.availability, mentor.availability)] == [
        "Mon 16:00–19:00"
    ]


@settings(max_examples=40)
@given(
    start=st.integers(8 * 4, 16 * 4),
    length=st.integers(2, 24),
    cuts=st.lists(st.tuples(st.integers(1, 23), st.integers(0, 4)), max_size=4),
    minutes=st.sampled_from([30, 60, 90, 120]),
    prefer=st.integers(0, 23),
)
def test_a_window_cut_into_touching_or_overlapping_pieces_plans_the_same(
    start: int, length: int, cuts: list[tuple[int, int]], minutes: int, prefer: int
) -> None:
    """One window, or the same time as pieces that touch or overlap, give the same plan."""

    def text(low: int, high: int) -> str:
        return f"tue {low // 60:02d}:{low % 60:02d}-{high // 60:02d}:{high % 60:02d}"

    low, high = start * 15, (start + length) * 15
    edges = sorted({low + 15 * (c % length) for c, _ in cuts} - {low})
    pieces, begin = [], low
    for edge, (_, overlap) in zip([*edges, high], [*cuts, (0, 0)], strict=False):
        pieces.append(text(begin, min(edge + 15 * overlap, high)))
        begin = edge
    program = vinn_program(cadence=Cadence(interval=2, unit="week", meeting_minutes=minutes))
    plans = [
        plan_match(
            program,
            *pair(mentee_windows=windows, mentor_windows=["tue 10:00-22:00"]),
            blackouts=BlackoutCalendar(),
            prefer=dt.time(prefer),
        )
        for windows in ([text(low, high)], pieces)
    ]
    assert plans[0] == plans[1]


def test_people_without_windows_meet_at_the_preferred_time() -> None:
    match, mentee, mentor = pair(mentee_windows=(), mentor_windows=())
    plan = plan_match(vinn_program(), match, mentee, mentor, prefer=dt.time(18, 15))
    assert {m.start.time() for m in plan.meetings} == {dt.time(18, 15)}
    assert plan.meetings[0].start.date() == START


# -- blackout policy ---------------------------------------------------------------------------


def test_move_goes_to_the_nearest_free_day_in_the_same_week_with_a_common_time() -> None:
    match, mentee, mentor = pair(
        mentee_windows=["mon 16:00-19:00", "thu 16:00-19:00"],
        mentor_windows=["mon 17:00-20:00", "thu 17:30-21:00"],
    )
    plan = plan_match(
        vinn_program(), match, mentee, mentor, blackouts=vinn_blackouts(), policy="move"
    )
    moved = {a.planned_on: a for a in plan.adjustments if a.kind is AdjustmentKind.MOVED}
    easter = moved[D(2027, 3, 29)]
    assert easter.start == dt.datetime(2027, 4, 1, 17, 30, tzinfo=OSLO_ZONE)  # Thursday's time
    assert easter.reason == "2027-03-29 Easter Monday (public holiday)"
    assert plan.meeting("x01", easter.number).start == easter.start
    # A closed week (the autumn break) has no free day: skipped, and the plan says why.
    autumn = next(a for a in plan.adjustments if a.planned_on == D(2026, 9, 28))
    assert autumn.kind is AdjustmentKind.SKIPPED
    assert autumn.reason.endswith("no free day in the same week")
    assert autumn.start is None


def test_a_persons_own_absence_closes_days_without_revealing_the_label() -> None:
    match, mentee, mentor = pair(
        unavailable=[DateRange(D(2026, 8, 30), D(2026, 9, 2), label="hospital stay")]
    )
    plan = plan_match(vinn_program(), match, mentee, mentor, blackouts=BlackoutCalendar())
    (skip,) = plan.adjustments
    assert skip.planned_on == D(2026, 8, 31)
    assert skip.reason == "2026-08-30..2026-09-02 mentee y01 unavailable (personal)"
    assert "hospital" not in repr(plan)
    assert "hospital" not in plan.to_frame("adjustments").to_string()


def test_replace_skipped_keeps_a_course_at_its_number_of_sessions() -> None:
    course = vinn_program(cadence=Cadence(unit="week", weekdays=["mon"], sessions=8), duration=None)
    match, mentee, mentor = pair(started_on=D(2027, 3, 15))
    short = plan_match(course, match, mentee, mentor)
    assert len(short.meetings) == 7  # Easter Monday skipped
    full = plan_match(course, match, mentee, mentor, replace_skipped=True)
    assert len(full.meetings) == 8
    assert [m.number for m in full.meetings] == [1, 2, 4, 5, 6, 7, 8, 9]
    assert full.meetings[-1].start.date() == D(2027, 5, 10)


def test_replace_skipped_without_sessions_is_refused_not_ignored() -> None:
    match, mentee, mentor = pair()
    program = vinn_program()  # every 14 days for a year: no number of sessions to make up
    assert program.cadence is not None and program.cadence.sessions is None
    message = (
        r"MeetingPlan, field 'replace_skipped': adds meetings until the cadence's fixed number "
        r"of sessions is planned, and the program's cadence has no sessions"
    )
    with pytest.raises(ValidationError, match=message):
        plan_match(program, match, mentee, mentor, replace_skipped=True)
    with pytest.raises(ValidationError, match=message):
        plan_program(program_data(2), replace_skipped=True)
    # False stays the default's plan, with or without sessions.
    assert plan_match(program, match, mentee, mentor, replace_skipped=False).meetings


# -- daylight saving time ----------------------------------------------------------------------


def test_the_local_wall_clock_time_stays_the_same_across_both_dst_changes() -> None:
    program = vinn_program(cadence=Cadence(unit="week"), duration=Period(8, "month"))
    match, mentee, mentor = pair(mentee_windows=["wed 16:00-19:00"], mentor_windows=[])
    plan = plan_match(program, match, mentee, mentor, blackouts=BlackoutCalendar())
    assert {m.start.time() for m in plan.meetings} == {dt.time(17, 0)}
    utc_hours = {m.start_utc.hour for m in plan.meetings}
    assert utc_hours == {15, 16}  # summer time, winter time
    assert {m.minutes for m in plan.meetings} == {60}


def test_a_time_in_the_spring_gap_is_shifted_forward_and_recorded() -> None:
    program = vinn_program(
        cadence=Cadence(unit="week", meeting_minutes=30),
        duration=Period(3, "week"),
        starts_on=D(2027, 3, 21),
    )
    match, mentee, mentor = pair(
        mentee_windows=["sun 02:00-04:00"],
        mentor_windows=["sun 02:00-04:00"],
        started_on=D(2027, 3, 21),
    )
    plan = plan_match(
        program, match, mentee, mentor, prefer=dt.time(2, 30), blackouts=BlackoutCalendar()
    )
    starts = [m.start for m in plan.meetings]
    assert [s.time() for s in starts] == [dt.time(2, 30), dt.time(3, 30), dt.time(2, 30)]
    assert starts[1].utcoffset() == dt.timedelta(hours=2)
    assert plan.meetings[1].start_utc == dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.UTC)
    (shift,) = plan.adjustments
    assert shift.kind is AdjustmentKind.SHIFTED
    assert shift.reason == (
        "02:30 does not exist on 2027-03-28 in Europe/Oslo (clocks go forward); it starts at "
        "03:30, as calendar clients read it"
    )
    assert plan.summary().shifted == 1


def test_a_shift_that_leaves_the_window_skips_the_meeting() -> None:
    program = vinn_program(
        cadence=Cadence(unit="week", meeting_minutes=90),
        duration=Period(3, "week"),
        starts_on=D(2027, 3, 21),
    )
    match, mentee, mentor = pair(
        mentee_windows=["sun 02:00-04:00"],
        mentor_windows=["sun 02:30-04:00"],
        started_on=D(2027, 3, 21),
    )
    plan = plan_match(program, match, mentee, mentor, blackouts=BlackoutCalendar())
    assert [m.start.date() for m in plan.meetings] == [D(2027, 3, 21), D(2027, 4, 4)]
    (skip,) = plan.adjustments
    assert skip.kind is AdjustmentKind.SKIPPED
    assert "does not exist on 2027-03-28" in skip.reason


def test_a_meeting_in_the_repeated_autumn_hour_is_the_first_one_and_lasts_its_length() -> None:
    program = vinn_program(
        cadence=Cadence(unit="week", meeting_minutes=60),
        duration=Period(1, "week"),
        starts_on=D(2026, 10, 25),
    )
    match, mentee, mentor = pair(
        mentee_windows=["sun 01:00-04:00"], mentor_windows=[], started_on=D(2026, 10, 25)
    )
    plan = plan_match(
        program, match, mentee, mentor, prefer=dt.time(2, 30), blackouts=BlackoutCalendar()
    )
    (meeting,) = plan.meetings
    assert meeting.start_utc == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)  # 02:30 CEST
    assert meeting.end_utc == dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)  # 02:30 CET
    assert meeting.minutes == 60
    assert plan.adjustments == ()
    assert meeting.to_meeting().minutes == 60


# -- programs, places, gatherings, shapes ------------------------------------------------------


def test_plan_program_stops_closed_matches_at_their_closure_and_leaves_proposed_out() -> None:
    data = program_data(3)
    closed = data.matches["x02"].close(Closure(D(2026, 11, 1), "mentee moved", "mentee"))
    proposed = attrs.evolve(data.matches["x03"], status="proposed")
    data = attrs.evolve(data, matches=[data.matches["x01"], closed, proposed])
    plan = plan_program(data, blackouts=BlackoutCalendar())
    assert set(plan.counts()) == {"x01", "x02"}
    assert max(m.start.date() for m in plan.meetings if m.match_id == "x02") <= D(2026, 11, 1)


def test_a_place_hosts_a_match_and_names_the_meeting_place() -> None:
    mentee = Mentee("y01", "Amina", availability=["tue 17:00-20:00"])
    club = Place(
        "p1", "Chess club, Tensta", kind="activity", capacity=10, availability=["tue 18:00-20:00"]
    )
    data = ProgramData(
        vinn_program(cadence=Cadence(unit="week")),
        [mentee],
        [],
        [club],
        [Match("x01", "y01", "p1", START)],
    )
    plan = plan_program(data, blackouts=BlackoutCalendar())
    assert {m.place for m in plan.meetings} == {"Chess club, Tensta"}
    assert plan.participant("p1").role == "place"
    assert plan.meetings[0].start == dt.datetime(2026, 8, 18, 18, tzinfo=OSLO_ZONE)


def test_places_can_be_given_as_text_mapping_or_function() -> None:
    data = program_data(2)
    by_text = plan_program(data, places="Oslo library", blackouts=BlackoutCalendar())
    assert {m.place for m in by_text.meetings} == {"Oslo library"}
    by_map = plan_program(data, places={"x01": "Café"}, blackouts=BlackoutCalendar())
    assert {(m.match_id, m.place) for m in by_map.meetings} == {("x01", "Café"), ("x02", None)}
    by_fn = plan_program(data, places=lambda m: f"room {m.id}", blackouts=BlackoutCalendar())
    assert {m.place for m in by_fn.meetings} == {"room x01", "room x02"}


def test_a_place_mapped_to_none_is_no_place_as_a_match_left_out() -> None:
    data = program_data(2)
    left_out = plan_program(data, places={"x01": "Café"}, blackouts=BlackoutCalendar())
    with_none = plan_program(
        data, places={"x01": "Café", "x02": None}, blackouts=BlackoutCalendar()
    )
    assert with_none == left_out
    assert {(m.match_id, m.place) for m in with_none.meetings} == {("x01", "Café"), ("x02", None)}
    # As from a frame whose place column has a gap.
    frame = pd.DataFrame({"match": ["x01", "x02"], "place": ["Café", None]})
    from_frame = plan_program(
        data,
        places=dict(zip(frame["match"], frame["place"], strict=True)),
        blackouts=BlackoutCalendar(),
    )
    assert from_frame == left_out
    # A place that hosts the match is not named either: a mapping overrides the default.
    mentee = Mentee("y01", "Amina")
    club = Place("p1", "Chess club, Tensta", kind="activity", capacity=10)
    hosted = ProgramData(vinn_program(), [mentee], [], [club], [Match("x01", "y01", "p1", START)])
    for places in ({}, {"x01": None}):
        plan = plan_program(hosted, places=places, blackouts=BlackoutCalendar())
        assert {m.place for m in plan.meetings} == {None}
    match, mentee, mentor = pair()
    plan = plan_match(vinn_program(), match, mentee, mentor, place={"x01": None})
    assert {m.place for m in plan.meetings} == {None}


def test_gatherings_are_their_own_events_with_all_participants() -> None:
    data = program_data(3)
    people = [*data.mentees.ids, *data.mentors.ids]
    gatherings = spread_gatherings(data.program, participant_ids=people, place="Youth centre")
    assert len(gatherings) == 6
    assert all(g.start.weekday() == 5 for g in gatherings)
    plan = plan_program(data, gatherings=gatherings)
    assert len(plan.gatherings) == 6
    assert all(set(g.participant_ids) == set(people) for g in plan.gatherings)
    assert len(plan.for_person("y02").gatherings) == 6
    assert plan.summary().gatherings == 6
    frame = plan.to_frame("gatherings")
    assert list(frame["participants"]) == [6] * 6


def test_gathering_spreading_avoids_closed_days_and_needs_a_span() -> None:
    program = vinn_program()
    closed = school_holidays([DateRange(D(2026, 9, 19), D(2026, 9, 19), label="x")])
    first = spread_gatherings(program, count=6, blackouts=closed)[0]
    assert first.start.date() == D(2026, 9, 26)
    with pytest.raises(ValidationError, match="field 'duration'"):
        spread_gatherings(vinn_program(duration=None))
    with pytest.raises(ValidationError, match="field 'count'"):
        spread_gatherings(program, count=0)


@pytest.mark.parametrize(
    "value",
    [
        [D(2026, 9, 19)],  # days alone: no reason to record
        DateRange(D(2026, 9, 19), D(2026, 9, 19), label="x"),
        "NO",
        holidays.country_holidays("NO", years=2026),
    ],
    ids=["list of dates", "DateRange", "country code", "holidays package calendar"],
)
def test_gathering_blackouts_are_checked_as_a_plans_are(value: object) -> None:
    program = vinn_program()
    match, mentee, mentor = pair()
    message = (
        "field 'blackouts': expected a BlackoutCalendar or HolidaysByYear, got "
        f"{type(value).__name__}; combine HolidaysByYear"
    )
    with pytest.raises(ValidationError, match=rf"^Program, {message}"):
        spread_gatherings(program, blackouts=value)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=rf"^MeetingPlan, {message}"):
        plan_match(program, match, mentee, mentor, blackouts=value)  # type: ignore[arg-type]


def test_gatherings_take_the_blackouts_a_plan_takes() -> None:
    program = vinn_program()
    autumn = school_holidays([DateRange(D(2026, 9, 19), D(2026, 9, 19), label="x")])
    combined = spread_gatherings(program, blackouts=HolidaysByYear("NO") | autumn)
    assert combined[0].start.date() == D(2026, 9, 26)
    default = spread_gatherings(program)
    assert default[0].start.date() == D(2026, 9, 19)
    assert spread_gatherings(program, blackouts=HolidaysByYear("NO")) == default


def test_to_frame_to_meetings_and_summary() -> None:
    data = program_data(2)
    plan = plan_program(data, blackouts=vinn_blackouts())
    frame = plan.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert frame.index.name == "id"
    assert list(frame.columns) == [
        "uid",
        "match_id",
        "number",
        "start",
        "end",
        "start_utc",
        "weekday",
        "local_time",
        "minutes",
        "status",
        "sequence",
        "place",
        "participant_ids",
    ]
    assert len(frame) == 40
    assert str(frame["start"].dt.tz) == OSLO
    assert set(frame["local_time"]) == {"17:00"}
    assert frame.loc["x01-01", "weekday"] == "Mon"
    adjustments = plan.to_frame("adjustments")
    assert list(adjustments.columns)[:3] == ["match_id", "number", "kind"]
    assert len(adjustments) == 14
    meetings = plan.to_meetings()
    assert all(isinstance(m, Meeting) for m in meetings)
    assert meetings[0].id == "x01-01"
    with pytest.raises(ValidationError, match="field 'what'"):
        plan.to_frame("people")  # type: ignore[arg-type]


def test_lookups_and_subsets() -> None:
    plan = plan_program(program_data(2), blackouts=BlackoutCalendar())
    first = plan.meeting("x01", 1)
    assert plan.event(first.uid) is first
    assert first.id == "x01-01"
    assert len(plan.for_match("x02").meetings) == 27
    assert plan.for_person("m01").participants[0].id in {"m01", "y01"}
    with pytest.raises(UnknownIdError):
        plan.meeting("x01", 99)
    with pytest.raises(UnknownIdError):
        plan.event("no-such-uid")
    with pytest.raises(UnknownIdError):
        plan.for_match("x99")
    with pytest.raises(UnknownIdError):
        plan.for_person("nobody")
    assert repr(plan).startswith("MeetingPlan('Vinn, vinn!', meetings=54")


# -- changes -----------------------------------------------------------------------------------


def test_cancel_move_and_end_series_keep_uids_and_raise_sequence() -> None:
    plan = plan_program(program_data(2), blackouts=BlackoutCalendar())
    third = plan.meeting("x01", 3)
    cancelled = plan.cancel(third)
    assert cancelled.meeting("x01", 3).status is MeetingStatus.CANCELLED
    assert cancelled.meeting("x01", 3).sequence == 1
    assert cancelled.meeting("x01", 3).uid == third.uid
    assert cancelled.summary().meetings == plan.summary().meetings - 1
    with pytest.raises(ValidationError, match="cannot cancel a cancelled event"):
        cancelled.cancel(third.uid)

    later = third.start + dt.timedelta(days=1, hours=1)
    moved = plan.move(third.uid, start=later.astimezone(dt.UTC))
    new = moved.meeting("x01", 3)
    assert (new.start, new.start.tzinfo, new.minutes, new.sequence) == (later, OSLO_ZONE, 90, 1)

    ended = plan.end_series("x02", after=D(2026, 12, 31))
    after_end = [
        m for m in ended.meetings if m.match_id == "x02" and m.start.date() > D(2026, 12, 31)
    ]
    assert after_end and all(m.is_cancelled and m.sequence == 1 for m in after_end)
    found = changes(plan, ended)
    assert {c.kind for c in found} == {ChangeKind.CANCELLED}
    assert {c.uid for c in found} == {m.uid for m in after_end}
    assert [c.kind for c in changes(plan, moved)] == [ChangeKind.MOVED]


def test_changes_refuse_bad_input() -> None:
    plan = plan_program(program_data(1), blackouts=BlackoutCalendar())
    first = plan.meetings[0]
    with pytest.raises(ValidationError, match=r"PlannedMeeting 'x01-01', field 'start': .*aware"):
        plan.move(first, start=dt.datetime(2026, 8, 20, 17))
    with pytest.raises(ValidationError, match="field 'end': ends at"):
        plan.move(first, start=first.start, end=first.start)
    with pytest.raises(ValidationError, match="field 'after'"):
        plan.end_series("x01", after=dt.datetime(2026, 9, 1))  # type: ignore[arg-type]
    with pytest.raises(UnknownIdError):
        plan.end_series("x99", after=D(2026, 9, 1))
    with pytest.raises(ValidationError, match="expected a planned meeting"):
        plan.cancel(3)  # type: ignore[arg-type]


# -- bad input ---------------------------------------------------------------------------------


def test_bad_plan_input_is_refused_with_the_record_and_field() -> None:
    match, mentee, mentor = pair()
    program = vinn_program()
    with pytest.raises(ValidationError, match="MeetingPlan, field 'ends_on': ends on 2026-08-01"):
        plan_match(program, match, mentee, mentor, starts_on=D(2026, 9, 1), ends_on=D(2026, 8, 1))
    with pytest.raises(ValidationError, match="Program 'vinn', field 'cadence'"):
        plan_match(vinn_program(cadence=None), match, mentee, mentor)
    with pytest.raises(ValidationError, match="Match 'x01', field 'mentor_id'"):
        plan_match(program, match, mentee, pair(2)[2])
    with pytest.raises(
        ValidationError,
        match=r"^MeetingPlan, field 'policy': 'ignore' is not a BlackoutPolicy; use one of "
        r"'skip', 'move'$",
    ):
        plan_match(program, match, mentee, mentor, policy="ignore")
    with pytest.raises(ValidationError, match="field 'prefer'"):
        plan_match(program, match, mentee, mentor, prefer=dt.time(17, tzinfo=dt.UTC))
    with pytest.raises(ValidationError, match="field 'blackouts'"):
        plan_match(program, match, mentee, mentor, blackouts=[])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="field 'starts_on': expected a date"):
        plan_match(program, match, mentee, mentor, starts_on=dt.datetime(2026, 9, 1))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="field 'match'"):
        plan_match(program, "x01", mentee, mentor)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "ends_on", ["2027-01-01", dt.datetime(2027, 1, 1), 20270101], ids=["text", "datetime", "int"]
)
def test_an_end_that_is_not_a_date_is_refused_naming_the_field(ends_on: object) -> None:
    match, mentee, mentor = pair()
    for program in (vinn_program(), vinn_program(duration=None)):
        with pytest.raises(ValidationError, match="MeetingPlan, field 'ends_on': expected a date"):
            plan_match(program, match, mentee, mentor, ends_on=ends_on)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="MeetingPlan, field 'ends_on': expected a date"):
            plan_program(program_data(2, program=program), ends_on=ends_on)  # type: ignore[arg-type]


@pytest.mark.parametrize("program", ["vinn", None, object()])
def test_a_program_that_is_not_a_program_is_refused_naming_the_field(program: object) -> None:
    match, mentee, mentor = pair()
    with pytest.raises(ValidationError, match="MeetingPlan, field 'program': expected a Program"):
        plan_match(program, match, mentee, mentor)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="field 'program'"):
        plan_match(program, match, mentee, mentor, ends_on="later")  # type: ignore[arg-type]


def test_an_empty_program_is_refused_and_a_plan_without_days_says_so() -> None:
    empty = ProgramData(vinn_program())
    with pytest.raises(
        ValidationError, match="ProgramData 'vinn', field 'matches': nothing to plan"
    ):
        plan_program(empty)
    match, mentee, mentor = pair(started_on=D(2028, 1, 1))
    plan = plan_match(vinn_program(), match, mentee, mentor)
    assert plan.meetings == ()
    assert "no days to meet" in plan.unscheduled[0].reason
    with pytest.raises(
        ValidationError, match="MeetingPlan 'vinn', field 'meetings': the plan is empty"
    ):
        plan.span()


def test_a_naive_datetime_cannot_enter_a_plan() -> None:
    from mentorlib.scheduling import PlannedMeeting

    with pytest.raises(ValidationError, match="PlannedMeeting 'u1', field 'start'"):
        PlannedMeeting(
            "u1",
            "x01",
            1,
            dt.datetime(2026, 8, 17, 17),
            dt.datetime(2026, 8, 17, 18, tzinfo=OSLO_ZONE),
            ("a", "b"),
        )


def test_gathering_participants_must_be_the_programs_people() -> None:
    data = program_data(1)
    stranger = GroupGathering(
        "g1",
        "Gathering",
        dt.datetime(2026, 9, 19, 12, tzinfo=OSLO_ZONE),
        dt.datetime(2026, 9, 19, 15, tzinfo=OSLO_ZONE),
        participant_ids=["zz"],
    )
    with pytest.raises(ValidationError, match="GroupGathering 'g1', field 'participant_ids'"):
        plan_program(data, gatherings=[stranger])


def test_duplicate_uids_are_refused() -> None:
    plan = plan_program(program_data(1), blackouts=BlackoutCalendar())
    with pytest.raises(ValidationError, match="two events share a UID"):
        MeetingPlan("p", "P", OSLO, [plan.meetings[0], plan.meetings[0]])


# -- options that are not what they say --------------------------------------------------------


@pytest.mark.parametrize("value", ["yes", "False", 1, 0, None, [True]], ids=repr)
def test_replace_skipped_must_be_true_or_false(value: object) -> None:
    match, mentee, mentor = pair()
    message = r"MeetingPlan, field 'replace_skipped': expected True or False"
    with pytest.raises(ValidationError, match=message):
        plan_match(vinn_program(), match, mentee, mentor, replace_skipped=value)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=message):
        plan_program(program_data(2), replace_skipped=value)  # type: ignore[arg-type]


PLACE = Place("p1", "Chess club, Tensta", kind="activity", capacity=10)
BAD_PLACES: list[tuple[object, str]] = [
    (PLACE, "got Place 'p1'; a Place hosts a match as its mentor"),
    (42, "got int 42"),
    (["Oslo library"], "got list"),
    ("", "the place must be non-empty text"),
    ("   ", "the place must be non-empty text"),
    ({"x01": PLACE}, "the place of match 'x01' must be non-empty text.*; got Place 'p1'"),
    ({"x01": ""}, "the place of match 'x01' must be non-empty text"),
    (
        {"x01": float("nan")},  # a frame's missing cell
        "the place of match 'x01' must be non-empty text.*; got float nan; give None",
    ),
    ({1: "Café"}, "expected match ids as keys, got int 1"),
    (lambda m: PLACE, "the place the function gave match 'x01' must be non-empty text"),
    (lambda m: "", "the place the function gave match 'x01' must be non-empty text"),
    (str, "got type"),
]


@pytest.mark.parametrize(("value", "message"), BAD_PLACES, ids=[m for _, m in BAD_PLACES])
def test_a_place_that_is_not_text_a_mapping_or_a_function_is_refused(
    value: object, message: str
) -> None:
    match, mentee, mentor = pair()
    with pytest.raises(ValidationError, match=f"MeetingPlan, field 'place': .*{message}"):
        plan_match(vinn_program(), match, mentee, mentor, place=value)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=f"MeetingPlan, field 'places': .*{message}"):
        plan_program(program_data(2), places=value)  # type: ignore[arg-type]


def test_places_may_name_only_the_programs_matches() -> None:
    data = program_data(2)
    with pytest.raises(
        ValidationError,
        match="MeetingPlan, field 'places': 'x03' is not the id of one of the program's matches",
    ):
        plan_program(data, places={"x01": "Café", "x03": "Library"})
    # plan_match takes a program-wide mapping: other matches' places are not its concern.
    match, mentee, mentor = pair()
    plan = plan_match(
        vinn_program(), match, mentee, mentor, place={"x01": "Café", "x03": "Library"}
    )
    assert {m.place for m in plan.meetings} == {"Café"}
    # A proposed match is the program's, although it is not planned.
    proposed = attrs.evolve(data.matches["x02"], status="proposed")
    data = ProgramData(
        data.program, data.mentees, data.mentors, matches=[data.matches["x01"], proposed]
    )
    plan = plan_program(data, places={"x01": "Café", "x02": "Library"})
    assert {m.place for m in plan.meetings} == {"Café"}


class WatchedCalendar(BlackoutCalendar):
    """No closed days; remembers every day the planner asks about."""

    asked: list[dt.date]

    def on(self, day: dt.date) -> tuple[Blackout, ...]:
        self.asked.append(day)
        return ()


def test_a_bad_place_is_refused_before_any_match_is_planned() -> None:
    data = program_data(3)
    watched = WatchedCalendar()
    watched.asked = []

    def place(match: Match) -> str | None:
        return 7 if match.id == "x03" else None  # type: ignore[return-value]

    with pytest.raises(ValidationError, match="field 'places': the place the function gave"):
        plan_program(data, places=place, blackouts=watched)
    assert watched.asked == []  # x01 and x02 were not planned either
    assert plan_program(data, places=lambda m: None, blackouts=watched).meetings
    assert watched.asked


# -- review s13: inputs -----------------------------------------------------------------------


def test_duplicate_gathering_ids_are_named() -> None:
    """Two gatherings with one id given to plan_program are refused naming the gathering.

    ``spread_gatherings`` numbers its gatherings ``<program>-g1``..., so two calls (youth days,
    mentor evenings) collide; the error named a UID and advised plan_program, which was used.
    """
    data = program_data(1)
    youth = spread_gatherings(data.program, count=2, participant_ids=["y01", "m01"])
    mentors = spread_gatherings(
        data.program,
        count=2,
        weekday="sun",
        participant_ids=["m01"],
        title="Mentor evening {number}",
    )
    with pytest.raises(ValidationError) as caught:
        plan_program(data, gatherings=[*youth, *mentors])
    assert isinstance(caught.value, DuplicateIdError)
    assert caught.value.record == "GroupGathering"
    assert caught.value.record_id == "vinn-g1"
    assert caught.value.field == "id"


@pytest.mark.parametrize("title", ["Sommerfest {2027}", "Kick-off {Oslo}", "{} {number} {0}"])
def test_spread_gatherings_title_with_braces_is_kept(title: str) -> None:
    """Braces other than ``{number}`` are the title's own (str.format raised Key/IndexError)."""
    (first, second) = spread_gatherings(vinn_program(), count=2, title=title)
    assert first.title == title.replace("{number}", "1")
    assert second.title == title.replace("{number}", "2")


def test_spread_gatherings_refuses_one_id_given_as_text() -> None:
    """``participant_ids="y01"`` invited the people "y", "0" and "1"."""
    with pytest.raises(ValidationError) as caught:
        spread_gatherings(vinn_program(), count=1, participant_ids="y01")
    assert caught.value.field == "participant_ids"
    with pytest.raises(ValidationError) as caught:
        spread_gatherings(vinn_program(), count=1, title=None)  # type: ignore[arg-type]
    assert caught.value.field == "title"


def test_meetings_without_any_end_point_at_what_would_end_them() -> None:
    """No duration, no planned_end, no sessions: the error names the program's duration and
    the other ends, not ``Cadence.sessions`` alone."""
    program = vinn_program(duration=None)
    with pytest.raises(ValidationError) as caught:
        plan_match(program, *pair())
    assert (caught.value.record, caught.value.field) == ("Program", "duration")
    for end in ("planned_end", "ends_on", "sessions"):
        assert end in str(caught.value)
    match, mentee, mentor = pair()
    bounded = attrs.evolve(match, planned_end=START + dt.timedelta(weeks=4))
    assert len(plan_match(program, bounded, mentee, mentor).meetings) == 3


def test_a_participants_repr_leaves_the_address_out() -> None:
    """Like a person's repr: reprs travel into logs and tracebacks."""
    person = Participant("y01", "Amina", "y01@example.org", "mentee")
    assert repr(person) == "Participant(id='y01', name='Amina', role='mentee')"
