"""What an export writes from what it is given: names, text options, odd text and times.

From review s13: "Abdi" was kept with the next word, ``EventText(note=123)`` and a lone
surrogate failed deep in the export, and a meeting built by hand in UTC was written at its UTC
wall clock with the plan's TZID.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
import icalendar
import pytest
import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st
from sched_helpers import STAMP, START, vinn_program

import mentorlib
from mentorlib.model import Match, Mentee, Mentor
from mentorlib.scheduling import (
    EventText,
    PlannedGathering,
    PlannedMeeting,
    event_uid,
    plan_match,
    to_ics,
)


def _plan(name: str = "Amina Hassan", *, place: str | None = None):  # type: ignore[no-untyped-def]
    youth = Mentee(
        "y01", name, availability=["mon 16:00-19:00", "thu 16:00-19:00"], email="y01@example.org"
    )
    adult = Mentor(
        "m01",
        "Ingrid Berg",
        availability=["mon 17:00-20:00", "thu 17:30-21:00"],
        email="m01@example.org",
    )
    return plan_match(vinn_program(), Match("x01", "y01", "m01", START), youth, adult, place=place)


PLAN = _plan()


def _summaries(ics: bytes) -> set[str]:
    return {line for line in ics.decode().split("\r\n") if line.startswith("SUMMARY")}


# -- first names ------------------------------------------------------------------------------


def test_first_name_of_abdi_is_abdi_alone() -> None:
    """ "Abdi Warsame" is shown as "Abdi": Abdi is a Somali given name, not a prefix like Abdul.

    Keeping the next word put the family or father's name into every event by default.
    """
    ics = to_ics(_plan("Abdi Warsame"), dtstamp=STAMP)
    assert _summaries(ics) == {"SUMMARY:Mentoring meeting: Abdi & Ingrid"}


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Abd Allah Omar", "Abd Allah"),
        ("Abdel Kader Ali", "Abdel Kader"),
        ("Abdul Rahman Ali", "Abdul Rahman"),
        ("Abu Bakr Said", "Abu Bakr"),
        ("أبو بكر سعيد", "أبو بكر"),
        ("Abdirahman Ali", "Abdirahman"),
    ],
)
def test_the_documented_prefixes_keep_the_next_word(name: str, shown: str) -> None:
    """Exactly the prefixes docs/scheduling.md lists keep the word after them."""
    ics = to_ics(_plan(name), dtstamp=STAMP)
    assert _summaries(ics) == {f"SUMMARY:Mentoring meeting: {shown} & Ingrid"}


# -- text options -----------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["note", "title"])
@pytest.mark.parametrize("value", [123, b"bytes", ["a"]])
def test_event_text_that_is_not_text_is_a_validation_error(field: str, value: object) -> None:
    """``EventText(note=123)`` is refused naming the field, not a TypeError in the export."""
    with pytest.raises(mentorlib.ValidationError) as caught:
        to_ics(PLAN, text=EventText(**{field: value}), dtstamp=STAMP)  # type: ignore[arg-type]
    assert (caught.value.record, caught.value.field) == ("EventText", field)


def test_event_text_note_may_be_left_out() -> None:
    assert EventText(note=None).note is None


# -- text the model does not check ------------------------------------------------------------


def test_name_with_lone_surrogate_is_a_mentorlib_error_or_cleaned() -> None:
    """A lone surrogate (text read with surrogateescape) is written as U+FFFD.

    The model refuses one in a display name, but a plan's participants, its places, notes and
    titles can still carry one; the export raised UnicodeEncodeError.
    """
    plan = _plan(place="Caf\udce9 Nord")
    participants = [
        attrs.evolve(p, name="Ali\udcc3 Y") if p.id == "y01" else p for p in plan.participants
    ]
    plan = attrs.evolve(plan, participants=participants)
    try:
        ics = to_ics(
            plan,
            dtstamp=STAMP,
            text=EventText(names="display name", note="Ring \udce9", title="M\udcf8te"),
        )
    except mentorlib.MentorlibError:
        return
    event = icalendar.Calendar.from_ical(ics).events[0]
    assert str(event["SUMMARY"]) == "M\ufffdte: Ali\ufffd Y & Ingrid Berg"
    assert str(event["LOCATION"]) == "Caf\ufffd Nord"
    assert str(event["DESCRIPTION"]).endswith("Ring \ufffd")


def test_an_address_with_a_lone_surrogate_is_refused_naming_the_person() -> None:
    participants = [
        attrs.evolve(p, email="y\udce9@example.org") if p.id == "y01" else p
        for p in PLAN.participants
    ]
    plan = attrs.evolve(PLAN, participants=participants)
    with pytest.raises(mentorlib.ValidationError) as caught:
        to_ics(plan, method="REQUEST", organizer="c@example.org", dtstamp=STAMP)
    assert (caught.value.record, caught.value.record_id, caught.value.field) == (
        "Person",
        "y01",
        "email",
    )


# Any character, lone surrogates (as surrogateescape leaves them) included.
_ANY_TEXT = st.text(st.one_of(st.characters(), st.sampled_from("\udce9\ud83d")), max_size=30)


@settings(max_examples=60)
@given(_ANY_TEXT.filter(str.strip))
def test_any_text_in_a_hand_built_plan_exports(text: str) -> None:
    """Any text as a name, a place, a note or a gathering title gives a file icalendar reads."""
    start = PLAN.meetings[0].start + dt.timedelta(days=2)
    gathering = PlannedGathering(
        event_uid("vinn", "gathering", "g1"),
        "g1",
        text,
        start,
        start + dt.timedelta(hours=2),
        ("y01", "m01"),
        text,
    )
    participants = [attrs.evolve(p, name=text) for p in PLAN.participants]
    plan = attrs.evolve(PLAN, gatherings=[gathering], participants=participants)
    for names in ("first name", "display name"):
        ics = to_ics(plan, dtstamp=STAMP, text=EventText(names=names, note=text))
        assert len(icalendar.Calendar.from_ical(ics).events) == len(plan.events())


def test_hostile_text_round_trips_through_icalendar_and_expands() -> None:
    """Names, places and notes with line breaks, ; , \\ emoji and long text survive intact.

    (Pinned in review s13.)
    """
    place = 'Café; "Nord",\n2. etg \\ 😀' * 3
    plan = _plan('Ali\\ "x" ; a,b\r\nATTENDEE:mailto:x@evil 😀 ' + "ø" * 60, place=place)
    text = EventText(names="display name", note="Ring 999;,\\\nline2", title="Møte, nytt")
    ics = to_ics(
        plan,
        method="REQUEST",
        organizer="c@example.org",
        organizer_name='Co "ord"; ^x',
        text=text,
        dtstamp=STAMP,
    )
    assert all(len(line.encode()) <= 75 for line in ics.decode().split("\r\n"))
    calendar = icalendar.Calendar.from_ical(ics)
    event = calendar.events[0]
    assert str(event["LOCATION"]) == place
    assert str(event["DESCRIPTION"]).endswith("Ring 999;,\\\nline2")
    assert str(event["ORGANIZER"].params["CN"]) == 'Co "ord"; ^x'
    assert len(event["ATTENDEE"]) == 2
    expanded = recurring_ical_events.of(calendar).between(
        dt.datetime(2026, 1, 1), dt.datetime(2028, 1, 1)
    )
    assert sorted(e["DTSTART"].dt for e in expanded) == [m.start for m in plan.meetings]


# -- times of events built by hand ------------------------------------------------------------


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_hand_built_meeting_in_another_zone_is_exported_at_its_instant(zone: str) -> None:
    """A PlannedMeeting given in UTC (or any zone) is written at the right instant.

    ``event_uid`` and ``PlannedMeeting`` are public, so a coordinator can add a meeting by
    hand; its UTC wall clock was written with ``TZID=Europe/Oslo``, two hours early.
    """
    first = PLAN.meetings[0]
    start = (first.start + dt.timedelta(days=1)).astimezone(ZoneInfo(zone))
    extra = PlannedMeeting(
        event_uid("vinn", "x01", "extra"),
        "x01",
        99,
        start,
        start + dt.timedelta(minutes=90),
        first.participant_ids,
    )
    both = attrs.evolve(PLAN, meetings=[*PLAN.meetings, extra])
    calendar = icalendar.Calendar.from_ical(to_ics(both, dtstamp=STAMP))
    (event,) = [e for e in calendar.events if str(e["UID"]) == extra.uid]
    assert event["DTSTART"].dt.astimezone(dt.UTC) == extra.start_utc
    assert event["DTEND"].dt.astimezone(dt.UTC) == extra.end_utc
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
