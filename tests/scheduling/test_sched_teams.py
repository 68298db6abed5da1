"""Teams host matches: meetings fit every member, members' absences close days, all are invited.

A :class:`~mentorlib.model.Team` (Vinn, vinn!'s two adults who meet a youth together) is a
match's host like a mentor or a place. Its meetings must fit the mentee's and every member's
weekly windows, each member's own unavailable days close the day, and every member is a
participant of their own: an attendee of invitations and the owner of a per-person calendar.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sched_helpers import STAMP, START, components, unfold, vinn_program, within_one_stretch

from mentorlib.model import (
    Cadence,
    DateRange,
    GroupGathering,
    Location,
    Match,
    Mentee,
    Mentor,
    Place,
    Program,
    ProgramData,
    Team,
    UnknownIdError,
    ValidationError,
    WeeklyWindow,
)
from mentorlib.scheduling import (
    AdjustmentKind,
    BlackoutCalendar,
    MeetingPlan,
    plan_match,
    plan_program,
    to_calendar,
    to_ics,
    write_calendars,
)

OSLO = ZoneInfo("Europe/Oslo")
ORGANIZER = "coordinator@example.org"
OPEN = BlackoutCalendar()
WEEKLY = vinn_program(cadence=Cadence(unit="week", weekdays=["mon", "thu"], meeting_minutes=90))


def mentee(**fields: object) -> Mentee:
    options: dict[str, object] = {
        "availability": ["mon 16:00-20:00", "thu 16:00-20:00"],
        "email": "y01@example.org",
    }
    options.update(fields)
    return Mentee("y01", "Amina Hassan", **options)  # type: ignore[arg-type]


def members(
    first: tuple[str, ...] = ("mon 16:00-19:00", "thu 16:00-20:00"),
    second: tuple[str, ...] = ("mon 17:30-21:00",),
    **second_fields: object,
) -> tuple[Mentor, Mentor]:
    ingrid = Mentor("m01", "Ingrid Berg", availability=list(first), email="m01@example.org")
    yonas = Mentor(
        "m02",
        "Yonas Tesfaye",
        availability=list(second),
        email="m02@example.org",
        **second_fields,  # type: ignore[arg-type]
    )
    return ingrid, yonas


def team(*people: Mentor, **fields: object) -> Team:
    return Team("t1", "Oslo team 1", members=people or members(), capacity=2, **fields)  # type: ignore[arg-type]


MATCH = Match("x01", "y01", "t1", START)


def team_plan(
    host: Team | None = None, program: Program = WEEKLY, **options: object
) -> MeetingPlan:
    options.setdefault("blackouts", OPEN)
    return plan_match(program, MATCH, mentee(), host or team(), **options)  # type: ignore[arg-type]


# -- times -------------------------------------------------------------------------------------


def test_meetings_fall_only_inside_the_window_every_member_shares() -> None:
    # Mondays: mentee 16-20, Ingrid 16-19, Yonas 17:30-21, so 17:30-19:00 is common to all.
    # Thursdays: Yonas has no window, so there is no meeting at all.
    plan = team_plan()
    assert plan.meetings
    assert {(m.start.weekday(), f"{m.start:%H:%M}", f"{m.end:%H:%M}") for m in plan.meetings} == {
        (0, "17:30", "19:00")
    }
    thursdays = [a for a in plan.adjustments if a.planned_on.weekday() == 3]
    assert thursdays
    assert {a.kind for a in thursdays} == {AdjustmentKind.SKIPPED}
    assert {a.reason for a in thursdays} == {
        "no time inside the mentee's and every team member's windows on Thu"
    }
    # Ingrid alone would meet at the preferred 17:00, and on Thursdays too.
    ingrid = members()[0]
    alone = plan_match(WEEKLY, Match("x01", "y01", "m01", START), mentee(), ingrid, blackouts=OPEN)
    assert {f"{m.start:%H:%M}" for m in alone.meetings} == {"17:00"}
    assert {m.start.weekday() for m in alone.meetings} == {0, 3}


def test_a_member_without_windows_limits_nothing_as_a_mentor_without_windows() -> None:
    ingrid, _ = members()
    free = Mentor("m02", "Yonas Tesfaye", email="m02@example.org")
    plan = team_plan(team(ingrid, free))
    # Ingrid and the mentee share Mondays 16-19 and Thursdays 16-20; 17:00 is preferred.
    assert {(m.start.weekday(), f"{m.start:%H:%M}") for m in plan.meetings} == {
        (0, "17:00"),
        (3, "17:00"),
    }
    assert plan.adjustments == ()


def test_a_team_without_a_common_time_is_unscheduled_with_a_reason() -> None:
    plan = team_plan(team(*members(second=("fri 10:00-12:00",))))
    assert plan.meetings == ()
    assert [str(u) for u in plan.unscheduled] == [
        "x01: no time of 90 min inside the mentee's and every team member's weekly windows; "
        "widen a window or plan this match by hand"
    ]


# -- absences --------------------------------------------------------------------------------


ABSENT = DateRange(dt.date(2026, 8, 31), dt.date(2026, 8, 31), label="surgery at Ullevål")


def test_a_members_unavailable_day_is_skipped_naming_role_and_id_only() -> None:
    program = vinn_program()  # every other Monday, 90 minutes
    host = team(*members(first=("mon 16:00-19:00",), unavailable=[ABSENT]))
    plan = team_plan(host, program)
    assert [m.start.date() for m in plan.meetings[:2]] == [START, dt.date(2026, 9, 14)]
    (skipped,) = [a for a in plan.adjustments if a.planned_on == ABSENT.start]
    assert skipped.kind is AdjustmentKind.SKIPPED
    assert skipped.number == 2
    assert skipped.reason == "2026-08-31 mentor m02 unavailable (personal)"
    assert "surgery" not in str(plan.adjustments) + str(plan.to_frame("adjustments"))
    assert b"surgery" not in to_ics(plan, dtstamp=STAMP)


def test_a_members_unavailable_day_moves_when_the_policy_says_so() -> None:
    # Everyone can meet on Thursdays too: the meeting moves to Thursday 3 September.
    host = team(
        *members(
            first=("mon 16:00-19:00", "thu 16:00-20:00"),
            second=("mon 17:30-21:00", "thu 18:00-21:00"),
            unavailable=[ABSENT],
        )
    )
    plan = team_plan(host, vinn_program(), policy="move")
    moved = plan.meeting("x01", 2)
    assert moved.start == dt.datetime(2026, 9, 3, 18, tzinfo=OSLO)
    assert moved.end == dt.datetime(2026, 9, 3, 19, 30, tzinfo=OSLO)
    assert [(a.kind, a.reason) for a in plan.adjustments] == [
        (AdjustmentKind.MOVED, "2026-08-31 mentor m02 unavailable (personal)")
    ]


# -- places ------------------------------------------------------------------------------------


def test_a_team_names_no_meeting_place_unless_the_place_option_does() -> None:
    host = team(location=Location("Oslo", "NO"))
    assert {m.place for m in team_plan(host).meetings} == {None}
    given_place = team_plan(host, place="Deichman Grünerløkka")
    assert {m.place for m in given_place.meetings} == {"Deichman Grünerløkka"}


# -- participants and calendars ------------------------------------------------------------------


def test_every_member_is_a_participant_and_the_team_is_not() -> None:
    plan = team_plan()
    assert {m.participant_ids for m in plan.meetings} == {("y01", "m01", "m02")}
    assert [(p.id, p.name, p.email, p.role) for p in plan.participants] == [
        ("y01", "Amina Hassan", "y01@example.org", "mentee"),
        ("m01", "Ingrid Berg", "m01@example.org", "mentor"),
        ("m02", "Yonas Tesfaye", "m02@example.org", "mentor"),
    ]
    with pytest.raises(UnknownIdError):
        plan.participant("t1")
    assert plan.for_person("m02").meetings == plan.meetings
    frame = plan.to_frame()
    assert set(frame["participant_ids"]) == {"y01, m01, m02"}


def test_an_invitation_has_every_member_as_an_attendee_and_keeps_private_data_out() -> None:
    ingrid, yonas = members()
    yonas = Mentor(
        yonas.id,
        yonas.display_name,
        availability=yonas.availability,
        email=yonas.email,
        cultural_background="Tigrinya-speaking Eritrean",
        unavailable=[ABSENT],
    )
    plan = team_plan(team(ingrid, yonas), place="Deichman Grünerløkka")
    ics = to_ics(plan, method="REQUEST", organizer=ORGANIZER, dtstamp=STAMP)
    events = components(unfold(ics), "VEVENT")
    assert len(events) == len(plan.meetings)
    for lines in events:
        attendees = sorted(line.rsplit(":", 1)[1] for line in lines if line.startswith("ATTENDEE"))
        assert attendees == ["m01@example.org", "m02@example.org", "y01@example.org"]
        assert "SUMMARY:Mentoring meeting: Amina\\, Ingrid & Yonas" in lines
        assert "CLASS:PRIVATE" in lines
    text = ics.decode()
    for secret in ("Eritrean", "Tigrinya", "surgery", "t1", "Oslo team 1"):
        assert secret not in text
    # The same, read back by icalendar.
    calendar = to_calendar(plan, method="REQUEST", organizer=ORGANIZER, dtstamp=STAMP)
    first = calendar.events[0]
    assert sorted(str(a) for a in first.get("ATTENDEE")) == [
        "mailto:m01@example.org",
        "mailto:m02@example.org",
        "mailto:y01@example.org",
    ]
    # A published file has no attendees at all.
    assert b"ATTENDEE" not in to_ics(plan, dtstamp=STAMP)


def test_each_member_gets_a_calendar_of_their_own(tmp_path: Path) -> None:
    plan = team_plan()
    paths = write_calendars(plan, tmp_path, dtstamp=STAMP)
    assert sorted(p.name for p in paths) == ["vinn-m01.ics", "vinn-m02.ics", "vinn-y01.ics"]
    for path in paths:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        assert len(calendar.events) == len(plan.meetings)
    one = to_calendar(plan, person_id="m01", method="REQUEST", organizer=ORGANIZER, dtstamp=STAMP)
    assert len(one.events) == len(plan.meetings)


# -- a whole program ---------------------------------------------------------------------------


def test_plan_program_plans_team_matches_from_data_teams() -> None:
    ingrid, yonas = members()
    kari = Mentor("m03", "Kari", availability=["mon 16:00-20:00"], email="m03@example.org")
    sara = Mentee("y02", "Sara", availability=["mon 16:00-20:00"], email="y02@example.org")
    club = Place("p1", "Chess club", kind="activity", capacity=5)
    hana = Mentee("y03", "Hana", availability=["mon 16:00-20:00"])
    data = ProgramData(
        WEEKLY,
        [mentee(), sara, hana],
        [ingrid, yonas, kari],
        [club],
        [MATCH, Match("x02", "y02", "m03", START), Match("x03", "y03", "p1", START)],
        teams=[Team("t1", "Oslo team 1", members=[ingrid, yonas], capacity=2)],
    )
    plan = plan_program(data, blackouts=OPEN)
    assert set(plan.counts()) == {"x01", "x02", "x03"}
    team_meetings = [m for m in plan.meetings if m.match_id == "x01"]
    assert team_meetings == list(team_plan().meetings)
    assert {(p.id, p.role) for p in plan.participants} == {
        ("y01", "mentee"),
        ("y02", "mentee"),
        ("y03", "mentee"),
        ("m01", "mentor"),
        ("m02", "mentor"),
        ("m03", "mentor"),
        ("p1", "place"),
    }
    assert {m.place for m in plan.meetings if m.match_id == "x03"} == {"Chess club"}
    assert {m.place for m in team_meetings} == {None}
    assert {m.match_id for m in plan.for_person("m02").meetings} == {"x01"}


def test_a_member_in_a_team_and_on_their_own_is_one_participant() -> None:
    ingrid, yonas = members()
    sara = Mentee("y02", "Sara", availability=["thu 16:00-20:00"], email="y02@example.org")
    data = ProgramData(
        WEEKLY,
        [mentee(), sara],
        [ingrid, yonas],
        matches=[MATCH, Match("x02", "y02", "m01", START)],
        teams=[Team("t1", "Oslo team 1", members=[ingrid, yonas], capacity=2)],
    )
    plan = plan_program(data, blackouts=OPEN)
    assert [p.id for p in plan.participants] == ["m01", "m02", "y01", "y02"]
    assert {m.match_id for m in plan.for_person("m01").meetings} == {"x01", "x02"}


# -- refusals ----------------------------------------------------------------------------------


def test_a_host_of_another_kind_is_refused_naming_the_kinds_expected() -> None:
    with pytest.raises(ValidationError, match=r"expected a Mentor, Place or Team, got Mentee"):
        plan_match(WEEKLY, MATCH, mentee(), mentee())  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"expected a Mentor, Place or Team, got str"):
        plan_match(WEEKLY, MATCH, mentee(), "t1")  # type: ignore[arg-type]
    other = Team("t2", "Oslo team 2", members=members(), capacity=2)
    with pytest.raises(ValidationError, match=r"the match names 't1', but 't2' was given"):
        plan_match(WEEKLY, MATCH, mentee(), other)


# -- a property ----------------------------------------------------------------------------------


@st.composite
def weekly_windows(draw: st.DrawFn) -> list[WeeklyWindow]:
    found = []
    if draw(st.booleans()):  # a Wednesday evening, which overlaps everyone else's
        start, end = draw(st.integers(15, 17)), draw(st.integers(19, 21))
        found.append(WeeklyWindow(2, dt.time(start), dt.time(end, draw(st.sampled_from([0, 30])))))
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(12 * 4, 20 * 4)) * 15
        end = min(start + draw(st.integers(2, 16)) * 15, 23 * 60 + 59)
        found.append(
            WeeklyWindow(
                draw(st.integers(0, 6)),
                dt.time(start // 60, start % 60),
                dt.time(end // 60, end % 60),
            )
        )
    return found


def inside(windows: tuple[WeeklyWindow, ...], start: dt.datetime, end: dt.datetime) -> bool:
    """The oracle: the wall-clock span lies inside one free stretch of the day (none: free)."""
    first, last = (t.hour * 60 + t.minute for t in (start.time(), end.time()))
    return start.date() == end.date() and within_one_stretch(windows, start.weekday(), first, last)


@settings(max_examples=60, deadline=None)
@given(
    youth=weekly_windows(),
    adults=st.lists(weekly_windows(), min_size=1, max_size=3),
    absent=st.lists(st.integers(0, 60), max_size=3),
    minutes=st.sampled_from([30, 60, 90]),
    policy=st.sampled_from(["skip", "move"]),
)
def test_no_meeting_falls_outside_any_members_window_or_on_their_absence(
    youth: list[WeeklyWindow],
    adults: list[list[WeeklyWindow]],
    absent: list[int],
    minutes: int,
    policy: str,
) -> None:
    days = [START + dt.timedelta(days=k) for k in absent]
    people = [
        Mentor(
            f"m{n}",
            f"Adult {n}",
            availability=windows,
            unavailable=[DateRange(d, d) for d in days if n == 1],
        )
        for n, windows in enumerate(adults, start=1)
    ]
    program = vinn_program(cadence=Cadence(unit="week", meeting_minutes=minutes, sessions=8))
    plan = plan_match(
        program,
        MATCH,
        Mentee("y01", "Amina", availability=youth),
        Team("t1", "Team", members=people, capacity=2),
        blackouts=OPEN,
        policy=policy,
    )
    for meeting in plan.meetings:
        assert inside(tuple(youth), meeting.start, meeting.end)
        for person in people:
            assert inside(person.availability, meeting.start, meeting.end)
        assert meeting.start.date() not in days
        assert meeting.participant_ids == ("y01", *(p.id for p in people))
    assert len(plan.meetings) + len(plan.unscheduled) > 0


def test_a_team_in_a_gathering_stands_for_its_members(tmp_path: Path) -> None:
    ingrid, yonas = members()
    other = Mentor("m03", "Kari Nilsen", availability=["mon 16:00-21:00"], email="m03@example.org")
    start = dt.datetime(2026, 8, 17, 16, tzinfo=OSLO)  # the first Monday, 16:00-17:30
    walk = GroupGathering("g1", "Walk", start, start + dt.timedelta(minutes=90), ["t1", "m02"])
    data = ProgramData(
        WEEKLY,
        [mentee(), Mentee("y02", "Sara", availability=["mon 16:00-20:00"])],
        [ingrid, yonas, other],
        teams=[team(ingrid, yonas)],
        matches=[Match("x1", "y01", "t1", START), Match("x2", "y02", "m03", START)],
        gatherings=[walk],
    )

    plan = plan_program(data, blackouts=OPEN)

    (gathering,) = plan.gatherings
    assert gathering.participant_ids == ("m01", "m02")  # the team's members, each once
    first = plan.meeting("x1", 1)
    assert first.start.date() == START and first.start >= walk.end  # around the walk
    assert plan.double_bookings() == []
    calendars = write_calendars(plan, tmp_path, per="person", dtstamp=STAMP)
    ingrid_ics = next(p for p in calendars if p.stem.endswith("m01")).read_text()
    assert f"UID:{gathering.uid}" in ingrid_ics
