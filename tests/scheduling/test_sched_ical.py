"""iCalendar export: structure, methods, privacy, escaping, folding, updates and files."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import icalendar
import pytest
from sched_helpers import (
    STAMP,
    components,
    pair,
    program_data,
    property_names,
    unfold,
    vinn_program,
)

from mentorlib.model import DateRange, Mentee, Mentor, ProgramData, ValidationError
from mentorlib.scheduling import (
    BlackoutCalendar,
    EventText,
    Method,
    NameStyle,
    plan_match,
    plan_program,
    spread_gatherings,
    to_calendar,
    to_ics,
    update_ics,
    write_calendars,
)

OSLO = ZoneInfo("Europe/Oslo")
ORGANIZER = "coordinator@example.org"


def small_plan(**pair_options: object):  # type: ignore[no-untyped-def]
    match, mentee, mentor = pair(**pair_options)  # type: ignore[arg-type]
    return plan_match(
        vinn_program(),
        match,
        mentee,
        mentor,
        blackouts=BlackoutCalendar(),
        place="Deichman Grünerløkka",
    )


def test_a_published_calendar_has_the_expected_shape() -> None:
    plan = small_plan()
    lines = unfold(to_ics(plan, dtstamp=STAMP))
    assert lines[:7] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//mentorlib//mentorlib scheduling//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "NAME:Vinn\\, vinn!",
        "X-WR-CALNAME:Vinn\\, vinn!",
    ]
    events = components(lines, "VEVENT")
    assert len(events) == 27
    first = events[0]
    assert first == [
        f"UID:{plan.meetings[0].uid}",
        "DTSTAMP:20260801T120000Z",
        "DTSTART;TZID=Europe/Oslo:20260817T170000",
        "DTEND;TZID=Europe/Oslo:20260817T183000",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        "SUMMARY:Mentoring meeting: Amina & Ingrid",
        "DESCRIPTION:Vinn\\, vinn!\\nMeeting 1",
        "LOCATION:Deichman Grünerløkka",
        "CLASS:PRIVATE",
    ]
    assert "ATTENDEE" not in "".join(lines)


def test_every_tzid_has_a_vtimezone_and_no_time_is_floating() -> None:
    plan = small_plan()
    lines = unfold(to_ics(plan, dtstamp=STAMP))
    used = set(re.findall(r"TZID=([^:;]+)", "\n".join(lines)))
    defined = {
        line[5:] for tz in components(lines, "VTIMEZONE") for line in tz if line.startswith("TZID:")
    }
    assert used == defined == {"Europe/Oslo"}
    for line in lines:
        if line.startswith(("DTSTART", "DTEND")) and not line.startswith("DTSTART:19700101"):
            in_event = "TZID=" in line or line.endswith("Z")
            in_zone = re.fullmatch(r"DTSTART:\d{8}T\d{6}", line) is not None
            assert in_event or in_zone, line
    assert all(re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", x) for x in lines if x.startswith("DTSTAMP"))


def test_no_vtimezone_observance_uses_rdate_lists() -> None:
    """Thunderbird (ical.js) reads only the first value of a multi-valued RDATE."""
    plan = small_plan()
    lines = unfold(to_ics(plan, dtstamp=STAMP))
    (zone,) = components(lines, "VTIMEZONE")
    assert not [line for line in zone if line.startswith("RDATE")]
    assert zone == [
        "TZID:Europe/Oslo",
        "BEGIN:DAYLIGHT",
        "DTSTART:20250330T020000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "TZNAME:CEST",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:20251026T030000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "TZNAME:CET",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
    ]
    # icalendar's own VTIMEZONE for a longer span would carry such a list: the trap is real.
    trap = (
        icalendar.Timezone.from_tzid(
            "Europe/Oslo", first_date=dt.date(2026, 1, 1), last_date=dt.date(2030, 1, 1)
        )
        .to_ical()
        .decode()
    )
    assert re.search(r"RDATE:[^\r]*,", trap.replace("\r\n ", ""))


def test_request_has_organizer_and_attendees_and_cancel_only_cancelled_events() -> None:
    plan = small_plan()
    ics = to_ics(plan, method="request", organizer=ORGANIZER, organizer_name="Kari", dtstamp=STAMP)
    lines = unfold(ics)
    assert "METHOD:REQUEST" in lines
    first = components(lines, "VEVENT")[0]
    assert 'ORGANIZER;CN="Kari":mailto:coordinator@example.org' in first
    assert [line for line in first if line.startswith("ATTENDEE")] == [
        'ATTENDEE;CN="Amina";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:'
        "mailto:y01@example.org",
        'ATTENDEE;CN="Ingrid";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:'
        "mailto:m01@example.org",
    ]
    later = plan.cancel(plan.meetings[2])
    assert (
        len(components(unfold(to_ics(later, method="REQUEST", organizer=ORGANIZER)), "VEVENT"))
        == 26
    )
    cancel = unfold(to_ics(later, method=Method.CANCEL, organizer=ORGANIZER, dtstamp=STAMP))
    (event,) = components(cancel, "VEVENT")
    assert "METHOD:CANCEL" in cancel
    assert f"UID:{plan.meetings[2].uid}" in event
    assert "SEQUENCE:1" in event and "STATUS:CANCELLED" in event
    published = components(unfold(to_ics(later, dtstamp=STAMP)), "VEVENT")
    assert sum("STATUS:CANCELLED" in e for e in published) == 1


def test_methods_refuse_what_they_cannot_send() -> None:
    plan = small_plan()
    with pytest.raises(ValidationError, match="Calendar, field 'organizer': a REQUEST needs"):
        to_ics(plan, method="REQUEST")
    with pytest.raises(ValidationError, match="field 'meetings': nothing to export with CANCEL"):
        to_ics(plan, method="CANCEL", organizer=ORGANIZER)
    methods = "'PUBLISH', 'REQUEST', 'CANCEL'"
    with pytest.raises(
        ValidationError,
        match=f"^Calendar, field 'method': 'send' is not a Method; use one of {methods}$",
    ):
        to_ics(plan, method="send")
    with pytest.raises(ValidationError, match="field 'dtstamp'"):
        to_ics(plan, dtstamp=dt.datetime(2026, 8, 1))
    with pytest.raises(ValidationError, match="Organizer, field 'email'"):
        to_ics(plan, organizer="not an address")
    match, mentee, mentor = pair()
    silent = plan_match(
        vinn_program(),
        match,
        attrs.evolve(mentee, email=None),
        attrs.evolve(mentor, email=None),
        blackouts=BlackoutCalendar(),
    )
    with pytest.raises(ValidationError, match="PlannedMeeting 'x01-01', field 'participant_ids'"):
        to_ics(silent, method="REQUEST", organizer=ORGANIZER)
    one_side = plan_match(
        vinn_program(),
        match,
        attrs.evolve(mentee, email=None),
        mentor,
        blackouts=BlackoutCalendar(),
    )
    lines = components(unfold(to_ics(one_side, method="REQUEST", organizer=ORGANIZER)), "VEVENT")[0]
    assert sum(line.startswith("ATTENDEE") for line in lines) == 1


def test_an_empty_plan_or_selection_cannot_be_exported() -> None:
    match, mentee, mentor = pair(mentee_windows=["tue 10:00-11:00"])
    empty = plan_match(vinn_program(), match, mentee, mentor)
    with pytest.raises(
        ValidationError, match="MeetingPlan 'vinn', field 'meetings': nothing to export"
    ):
        to_ics(empty)
    with pytest.raises(ValidationError, match="nothing to export for 'y01'"):
        to_ics(empty, person_id="y01")


# -- privacy ----------------------------------------------------------------------------------


def test_calendars_carry_first_names_and_the_place_and_nothing_else_of_people() -> None:
    match, mentee, mentor = pair(
        mentee_name="Amanuel Tesfay Gebremedhin",
        cultural_background="Eritrean, Tigrinya-speaking",
        origin_country="ER",
        interests=["football"],
        unavailable=[DateRange(dt.date(2026, 9, 1), dt.date(2026, 9, 3), label="trauma clinic")],
    )
    plan = plan_match(vinn_program(), match, mentee, mentor, place="Oslo library")
    text = to_ics(plan, method="REQUEST", organizer=ORGANIZER, dtstamp=STAMP).decode()
    for secret in (
        "Tesfay",
        "Gebremedhin",
        "Eritrean",
        "Tigrinya",
        "ER\r",
        "football",
        "trauma",
        "clinic",
        "Berg",
    ):
        assert secret not in text
    assert "Amanuel & Ingrid" in text.replace("\r\n ", "")
    assert "Oslo library" in text


@pytest.mark.parametrize(
    ("style", "summary", "cn"),
    [
        (NameStyle.FIRST_NAME, "Visit: Amina & Ingrid", 'CN="Amina"'),
        (NameStyle.DISPLAY_NAME, "Visit: Amina Hassan & Ingrid Berg", 'CN="Amina Hassan"'),
        (NameStyle.CODE, "Visit: y01 & m01", 'CN="y01"'),
        (NameStyle.NONE, "Visit", None),
    ],
)
def test_event_text_is_configurable(style: NameStyle, summary: str, cn: str | None) -> None:
    plan = small_plan()
    text = EventText(
        title="Visit",
        names=style,
        place=False,
        program_name=False,
        note="Call Kari at 22 33 44 55 if you cannot come",
        private=False,
    )
    lines = components(
        unfold(to_ics(plan, method="REQUEST", organizer=ORGANIZER, text=text)), "VEVENT"
    )[0]
    assert f"SUMMARY:{summary}" in lines
    assert "DESCRIPTION:Meeting 1\\nCall Kari at 22 33 44 55 if you cannot come" in lines
    assert not [line for line in lines if line.startswith(("LOCATION", "CLASS"))]
    attendee = next(line for line in lines if line.startswith("ATTENDEE"))
    assert (cn in attendee) if cn else ("CN=" not in attendee)
    styles = "'first name', 'display name', 'code', 'none'"
    with pytest.raises(
        ValidationError,
        match=f"^EventText, field 'names': 'nickname' is not a NameStyle; use one of {styles}$",
    ):
        EventText(names="nickname")


def test_first_names_keep_compound_arabic_names_whole() -> None:
    plan = small_plan(mentee_name="عبد الله محمد", mentor_name="Abdul Rahman Ali")
    lines = components(unfold(to_ics(plan)), "VEVENT")[0]
    assert "SUMMARY:Mentoring meeting: عبد الله & Abdul Rahman" in lines


def test_a_persons_gathering_invitation_does_not_show_the_guest_list() -> None:
    data = program_data(3)
    people = [*data.mentees.ids, *data.mentors.ids]
    gatherings = spread_gatherings(data.program, participant_ids=people)
    plan = plan_program(data, gatherings=gatherings, blackouts=BlackoutCalendar())
    mine = unfold(to_ics(plan, person_id="y02", method="REQUEST", organizer=ORGANIZER))
    for event in components(mine, "VEVENT"):
        attendees = [line for line in event if line.startswith("ATTENDEE")]
        if "SUMMARY:Group gathering 1" in event:
            assert attendees == [
                'ATTENDEE;CN="Amina";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:'
                "mailto:y02@example.org"
            ]
    everyone = components(unfold(to_ics(plan, method="REQUEST", organizer=ORGANIZER)), "VEVENT")
    gathering = next(e for e in everyone if "SUMMARY:Group gathering 1" in e)
    assert sum(line.startswith("ATTENDEE") for line in gathering) == 6


# -- escaping, injection, folding ---------------------------------------------------------------

HOSTILE = [
    "Ali\r\nATTENDEE:mailto:x@evil",
    "Ali\nEND:VEVENT\nBEGIN:VEVENT",
    "Ali\rATTENDEE:mailto:x@evil",
    'Ali"; ROLE=CHAIR:mailto:x@evil',
    "Ali, Bob; Carl \\ Dan",
    "Ali\u2028ATTENDEE:mailto:x@evil",
    "Ali\x00\x1b[31m\x7f",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_names_and_places_cannot_break_the_file_or_inject_properties(name: str) -> None:
    # The model refuses control characters in a name; a place, a note and an organizer name
    # are the calendar's own text and still get them.
    written = "".join(c for c in name if c not in "\x00\x1b\x7f")
    mentee = Mentee("y01", written, availability=["mon 16:00-19:00"], email="y01@example.org")
    mentor = Mentor("m01", "Ingrid", availability=["mon 17:00-20:00"], email="m01@example.org")
    match = pair()[0]
    plan = plan_match(
        vinn_program(), match, mentee, mentor, place=name, blackouts=BlackoutCalendar()
    )
    text = EventText(names="display name", note=name)
    ics = to_ics(
        plan, method="REQUEST", organizer=ORGANIZER, organizer_name=name, text=text, dtstamp=STAMP
    )
    lines = unfold(ics)
    events = components(lines, "VEVENT")
    assert len(events) == 27
    expected = [
        "UID",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SEQUENCE",
        "STATUS",
        "SUMMARY",
        "DESCRIPTION",
        "LOCATION",
        "CLASS",
        "ORGANIZER",
        "ATTENDEE",
        "ATTENDEE",
    ]
    for event in events:
        assert property_names(event) == expected
    addresses = [line.rsplit(":", 2)[-2:] for line in lines if line.startswith("ATTENDEE")]
    assert {tuple(a) for a in addresses} == {
        ("mailto", "y01@example.org"),
        ("mailto", "m01@example.org"),
    }
    parsed = icalendar.Calendar.from_ical(ics)
    event = parsed.events[0]
    assert sorted(event.keys()) == sorted(set(expected))
    attendees = event["ATTENDEE"]
    assert [str(a) for a in attendees] == ["mailto:y01@example.org", "mailto:m01@example.org"]
    clean = " ".join("".join(c for c in name if c.isprintable() or c in "\r\n\u2028").split())
    assert attendees[0].params["CN"] == clean
    summary = str(event["SUMMARY"])
    assert summary.startswith("Mentoring meeting: ") and summary.endswith(" & Ingrid")
    assert "\x00" not in summary and "\x1b" not in summary
    assert str(event["LOCATION"]).replace("\n", "") == name.replace("\r\n", "").replace(
        "\r", ""
    ).replace("\n", "").replace("\u2028", "").replace("\x00", "").replace("\x1b", "").replace(
        "\x7f", ""
    )


def test_long_lines_in_any_script_fold_at_75_octets_and_unfold_exactly() -> None:
    names = {
        "Arabic": "عبد الرحمن بن محمد بن عبد الله الهاشمي القرشي",
        "Tigrinya": "ኣማኑኤል ተስፋይ ገብረመድህን ወልደሚካኤል ሃብተማርያም",
        "Dari": "محمد نادر شاه فرهاد احمدزی کابلی هراتی",
        "Ukrainian": "Олександра-Вікторія Шевченко-Коваленко-Бондаренко",
    }
    place = " · ".join(names.values())
    plan = small_plan(mentee_name=names["Arabic"], mentor_name=names["Tigrinya"])
    plan = attrs.evolve(plan, meetings=[attrs.evolve(m, place=place) for m in plan.meetings])
    text = EventText(names="display name", note=f"{names['Dari']} / {names['Ukrainian']}")
    ics = to_ics(plan, text=text, dtstamp=STAMP)
    for raw in ics.split(b"\r\n"):
        assert len(raw) <= 75
        raw.decode("utf-8")  # no character is split between lines
    event = icalendar.Calendar.from_ical(ics).events[0]
    assert str(event["LOCATION"]) == place
    assert str(event["SUMMARY"]) == f"Mentoring meeting: {names['Arabic']} & {names['Tigrinya']}"
    assert str(event["DESCRIPTION"]).endswith(f"{names['Dari']} / {names['Ukrainian']}")


# -- parsing, updates, files -------------------------------------------------------------------


def test_to_calendar_parses_back_with_the_right_instants() -> None:
    plan = small_plan()
    calendar = to_calendar(plan, dtstamp=STAMP)
    starts = [e.DTSTART for e in calendar.events]
    assert starts == [m.start for m in plan.meetings]
    assert [e.DTSTART.utcoffset() for e in calendar.events][:1] == [dt.timedelta(hours=2)]


def test_an_event_ending_in_the_repeated_autumn_hour_is_written_in_utc() -> None:
    plan = small_plan()
    first = plan.meetings[0]
    start = dt.datetime(2026, 10, 25, 0, 15, tzinfo=dt.UTC)  # 02:15 CEST, the first 02:15
    moved = plan.move(first, start=start, end=start + dt.timedelta(hours=1))  # 02:15 CET
    lines = components(unfold(to_ics(moved, dtstamp=STAMP)), "VEVENT")
    event = next(e for e in lines if f"UID:{first.uid}" in e)
    assert "DTSTART:20261025T001500Z" in event
    assert "DTEND:20261025T011500Z" in event
    parsed = next(e for e in to_calendar(moved).events if str(e["UID"]) == first.uid)
    assert dt.timedelta(hours=1) == parsed.DTEND - parsed.DTSTART


def test_update_messages_carry_the_changes_with_raised_sequences() -> None:
    plan = small_plan()
    second, third = plan.meetings[1], plan.meetings[2]
    later = plan.cancel(second).move(third, start=third.start + dt.timedelta(hours=1))
    messages = update_ics(plan, later, organizer=ORGANIZER, dtstamp=STAMP)
    assert set(messages) == {Method.CANCEL, Method.REQUEST}
    (cancel,) = components(unfold(messages[Method.CANCEL]), "VEVENT")
    (request,) = components(unfold(messages[Method.REQUEST]), "VEVENT")
    assert f"UID:{second.uid}" in cancel and "SEQUENCE:1" in cancel
    assert f"UID:{third.uid}" in request and "SEQUENCE:1" in request
    assert "DTSTART;TZID=Europe/Oslo:20260914T180000" in request
    assert update_ics(plan, plan, organizer=ORGANIZER) == {}
    mine = update_ics(plan, later, organizer=ORGANIZER, person_id="m01")
    assert set(mine) == {Method.CANCEL, Method.REQUEST}
    dropped = attrs.evolve(later, meetings=later.meetings[1:])
    with pytest.raises(ValidationError, match="events are gone from the later plan"):
        update_ics(plan, dropped, organizer=ORGANIZER)


def test_write_calendars_per_program_and_per_person(tmp_path: Path) -> None:
    data = program_data(2)
    odd = attrs.evolve(data.mentees["y01"], id="y/01")
    data = ProgramData(
        data.program,
        [odd, data.mentees["y02"]],
        data.mentors,
        matches=[attrs.evolve(data.matches["x01"], mentee_id="y/01"), data.matches["x02"]],
    )
    plan = plan_program(data, blackouts=BlackoutCalendar())
    (program_file,) = write_calendars(plan, tmp_path / "out", per="program", dtstamp=STAMP)
    assert program_file.name == "vinn.ics"
    people = write_calendars(plan, tmp_path / "out", dtstamp=STAMP)
    names = sorted(p.name for p in people)
    assert names[:3] == ["vinn-m01.ics", "vinn-m02.ics", "vinn-y02.ics"]
    assert re.fullmatch(r"vinn-y_01-[0-9a-f]{8}\.ics", names[3])
    assert all(p.parent == tmp_path / "out" for p in people)
    assert len(components(unfold(people[0].read_bytes()), "VEVENT")) == 27
    with pytest.raises(ValidationError, match="field 'per'"):
        write_calendars(plan, tmp_path, per="team")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "options",
    [
        {"per": "team"},
        {"per": None},
        {"method": "SEND"},
        {"dtstamp": dt.datetime(2026, 8, 1)},
        {"dtstamp": "2026-08-01T00:00:00Z"},
        {"method": "REQUEST"},
        {"method": "REQUEST", "organizer": "not an address"},
        {"method": "CANCEL", "organizer": ORGANIZER, "per": "program"},
        {"method": "CANCEL", "organizer": ORGANIZER, "per": "person"},
        {"method": "CANCEL", "organizer": ORGANIZER},
    ],
    ids=repr,
)
def test_write_calendars_checks_its_options_before_creating_the_folder(
    tmp_path: Path, options: dict[str, object]
) -> None:
    plan = small_plan()
    folder = tmp_path / "out" / "calendars"
    with pytest.raises(ValidationError):
        write_calendars(plan, folder, **options)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()
    (tmp_path / "out").mkdir()
    with pytest.raises(ValidationError):
        write_calendars(plan, tmp_path / "out", **options)  # type: ignore[arg-type]
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("per", ["program", "person"])
def test_write_calendars_refuses_nothing_to_export_as_to_ics_does(tmp_path: Path, per: str) -> None:
    plan = small_plan()
    with pytest.raises(ValidationError) as expected:
        to_ics(plan, method="CANCEL", organizer=ORGANIZER)
    assert "nothing to export with CANCEL" in str(expected.value)
    folder = tmp_path / "out"
    with pytest.raises(ValidationError) as raised:
        write_calendars(plan, folder, per=per, method="CANCEL", organizer=ORGANIZER)  # type: ignore[arg-type]
    assert str(raised.value) == str(expected.value)
    assert not folder.exists()
    # With one meeting cancelled, each of its two people gets a file with just that meeting.
    later = plan.cancel(plan.meetings[0])
    paths = write_calendars(later, folder, per=per, method="CANCEL", organizer=ORGANIZER)  # type: ignore[arg-type]
    assert len(paths) == (1 if per == "program" else 2)
    for path in paths:
        assert len(components(unfold(path.read_bytes()), "VEVENT")) == 1


def test_write_calendars_writes_no_file_when_a_later_one_cannot_be_made(tmp_path: Path) -> None:
    data = program_data(2)
    silent = [attrs.evolve(data.mentees["y02"], email=None), data.mentees["y01"]]
    mute = [attrs.evolve(data.mentors["m02"], email=None), data.mentors["m01"]]
    data = ProgramData(data.program, silent, mute, matches=data.matches)
    plan = plan_program(data, blackouts=BlackoutCalendar())
    # m01's file comes first and could be written; m02's meetings have nobody to invite.
    with pytest.raises(ValidationError, match="PlannedMeeting 'x02-01', field 'participant_ids'"):
        write_calendars(plan, tmp_path / "out", method="REQUEST", organizer=ORGANIZER)
    assert not (tmp_path / "out").exists()
    written = write_calendars(plan, tmp_path / "out", dtstamp=STAMP)
    assert sorted(p.name for p in written) == [
        "vinn-m01.ics",
        "vinn-m02.ics",
        "vinn-y01.ics",
        "vinn-y02.ics",
    ]


def test_uids_are_stable_across_runs_and_distinct_across_programs() -> None:
    a = small_plan()
    b = small_plan()
    assert [m.uid for m in a.meetings] == [m.uid for m in b.meetings]
    match, mentee, mentor = pair()
    other = plan_match(vinn_program(), match, mentee, mentor, blackouts=BlackoutCalendar())
    assert [m.uid for m in other.meetings] == [m.uid for m in a.meetings]
    renamed = attrs.evolve(vinn_program(), id="vinn-2")
    c = plan_match(renamed, match, mentee, mentor, blackouts=BlackoutCalendar())
    assert not {m.uid for m in c.meetings} & {m.uid for m in a.meetings}
    assert len({m.uid for m in a.meetings}) == 27
    assert OSLO
