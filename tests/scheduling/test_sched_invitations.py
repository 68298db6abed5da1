"""Invitations and updates: who an iTIP message names, its SEQUENCE, and per-person files.

From review s13: a person's update named every guest of a gathering, an update after planning
again kept SEQUENCE 0, an unknown person id passed silently, and one youth without an address
stopped every per-person invitation.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from pathlib import Path

import attrs
import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sched_helpers import STAMP, START, vinn_program

import mentorlib
from mentorlib.model import GroupGathering, Match, Mentee, Mentor, ProgramData, Team
from mentorlib.scheduling import (
    Method,
    PlannedGathering,
    PlannedMeeting,
    plan_match,
    plan_program,
    revised,
    spread_gatherings,
    to_ics,
    update_ics,
    write_calendars,
)

ORGANIZER = "c@example.org"


def _three_pairs_with_gatherings(*, youth_without_email: int | None = None):  # type: ignore[no-untyped-def]
    program = vinn_program()
    youths = [
        Mentee(
            f"y{n}",
            f"Youth {n}",
            availability=["mon 16:00-19:00"],
            email=None if n == youth_without_email else f"y{n}@example.org",
        )
        for n in range(1, 4)
    ]
    adults = [
        Mentor(f"m{n}", f"Adult {n}", availability=["mon 17:00-20:00"], email=f"m{n}@example.org")
        for n in range(1, 4)
    ]
    matches = [Match(f"x{n}", f"y{n}", f"m{n}", START) for n in range(1, 4)]
    data = ProgramData(program, youths, adults, matches=matches)
    gatherings = spread_gatherings(
        program, participant_ids=[*data.mentees.ids, *data.mentors.ids], place="Youth centre"
    )
    return data, plan_program(data, gatherings=gatherings)


DATA, PLAN = _three_pairs_with_gatherings()


def _gatherings():  # type: ignore[no-untyped-def]
    return spread_gatherings(
        DATA.program,
        participant_ids=[*DATA.mentees.ids, *DATA.mentors.ids],
        place="Youth centre",
    )


def _attendees(ics: bytes) -> dict[str, list[str]]:
    calendar = icalendar.Calendar.from_ical(ics)
    found = {}
    for event in calendar.events:
        value = event.get("ATTENDEE", [])
        values = value if isinstance(value, list) else [value]
        found[str(event["UID"])] = sorted(str(a) for a in values)
    return found


def _one_pair(email: str = "y01@example.org"):  # type: ignore[no-untyped-def]
    youth = Mentee("y01", "Amina Hassan", availability=["mon 16:00-19:00"], email=email)
    adult = Mentor("m01", "Ingrid Berg", availability=["mon 17:00-20:00"], email="m01@example.org")
    return plan_match(vinn_program(), Match("x01", "y01", "m01", START), youth, adult)


# -- who an update names ----------------------------------------------------------------------


def test_update_ics_for_one_person_does_not_reveal_the_gathering_guest_list() -> None:
    """A person's update about a gathering lists that person only, as their invitation does.

    ``update_ics(person_id=...)`` is how a coordinator tells one person that a gathering moved
    or was cancelled; it must not send that youth every other guest's e-mail address.
    """
    gathering = PLAN.gatherings[0]
    own = _attendees(to_ics(PLAN, method="REQUEST", organizer=ORGANIZER, person_id="y1"))
    assert own[gathering.uid] == ["mailto:y1@example.org"]

    moved = PLAN.move(gathering, start=gathering.start + dt.timedelta(hours=1))
    cancelled = PLAN.cancel(gathering)
    for later in (moved, cancelled):
        messages = update_ics(PLAN, later, organizer=ORGANIZER, person_id="y1")
        assert messages
        for message in messages.values():
            assert _attendees(message)[gathering.uid] == ["mailto:y1@example.org"]


@settings(max_examples=40)
@given(
    person=st.sampled_from([p.id for p in PLAN.participants]),
    event=st.sampled_from(PLAN.gatherings) | st.sampled_from(PLAN.meetings),
    cancel=st.booleans(),
    hours=st.integers(-48, 48).filter(bool),
)
def test_a_persons_update_names_no_address_outside_their_own_events(
    person: str, event: PlannedGathering | PlannedMeeting, cancel: bool, hours: int
) -> None:
    """Whatever changed, a person's update names them, and no one they do not meet."""
    later = (
        PLAN.cancel(event)
        if cancel
        else PLAN.move(event, start=event.start + dt.timedelta(hours=hours), double_book=True)
    )
    messages = update_ics(PLAN, later, organizer=ORGANIZER, person_id=person, dtstamp=STAMP)
    assert bool(messages) == (person in event.participant_ids)
    own = f"mailto:{person}@example.org"
    for message in messages.values():
        for uid, attendees in _attendees(message).items():
            changed = later.event(uid)
            allowed = changed.participant_ids if uid in {m.uid for m in PLAN.meetings} else ()
            assert own in attendees
            assert set(attendees) <= {own, *(f"mailto:{p}@example.org" for p in allowed)}


def test_someone_taken_off_a_gathering_gets_a_cancel_and_the_others_a_request() -> None:
    """A guest list made shorter: the person left out is told, in their own update only."""
    chosen = _gatherings()
    shorter = attrs.evolve(
        chosen[0], participant_ids=[p for p in chosen[0].participant_ids if p != "y2"]
    )
    replanned = plan_program(DATA, gatherings=[shorter, *chosen[1:]])
    uid = PLAN.gatherings[0].uid
    for_y2 = update_ics(PLAN, replanned, organizer=ORGANIZER, person_id="y2", dtstamp=STAMP)
    assert list(for_y2) == [Method.CANCEL]
    (event,) = icalendar.Calendar.from_ical(for_y2[Method.CANCEL]).events
    assert str(event["UID"]) == uid and str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) > max(PLAN.event(uid).sequence, replanned.event(uid).sequence)
    assert _attendees(for_y2[Method.CANCEL])[uid] == ["mailto:y2@example.org"]
    for_y1 = update_ics(PLAN, replanned, organizer=ORGANIZER, person_id="y1", dtstamp=STAMP)
    assert list(for_y1) == [Method.REQUEST]  # the gathering goes on for them
    everyone = update_ics(PLAN, replanned, organizer=ORGANIZER, dtstamp=STAMP)
    assert list(everyone) == [Method.REQUEST]
    assert "mailto:y2@example.org" not in _attendees(everyone[Method.REQUEST])[uid]


def test_someone_taken_off_their_only_event_is_still_told() -> None:
    """A youth on the waiting list, invited to one gathering and then not: gone from the
    later plan altogether, they are found in the earlier one and told."""
    waiting = Mentee("y9", "Waiting youth", email="y9@example.org")
    data = attrs.evolve(DATA, mentees=[*DATA.mentees, waiting])
    chosen = _gatherings()
    first = attrs.evolve(chosen[0], participant_ids=[*chosen[0].participant_ids, "y9"])
    plan = plan_program(data, gatherings=[first, *chosen[1:]])
    later = plan_program(data, gatherings=chosen)
    assert "y9" not in {p.id for p in later.participants}
    messages = update_ics(plan, later, organizer=ORGANIZER, person_id="y9", dtstamp=STAMP)
    uid = plan.gatherings[0].uid
    assert _attendees(messages[Method.CANCEL]) == {uid: ["mailto:y9@example.org"]}


def _retimed(days: int) -> list[GroupGathering]:
    chosen = _gatherings()
    shift = dt.timedelta(days=days)
    first = chosen[0]
    return [attrs.evolve(first, start=first.start + shift, end=first.end + shift), *chosen[1:]]


def _sequences(ics: bytes) -> dict[str, int]:
    events = icalendar.Calendar.from_ical(ics).events
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in events}


def test_each_update_from_the_revised_plan_goes_higher_than_the_last() -> None:
    """Planned again twice: the second update, made from the plan the first one sent
    (``revised``), carries a SEQUENCE above the first's, so calendars take both moves."""
    first = plan_program(DATA, gatherings=_gatherings())
    second = plan_program(DATA, gatherings=_retimed(1))
    third = plan_program(DATA, gatherings=_retimed(2))
    uid = first.gatherings[0].uid
    sent = update_ics(first, second, organizer=ORGANIZER, dtstamp=STAMP)[Method.REQUEST]
    kept = revised(first, second)
    again = update_ics(kept, third, organizer=ORGANIZER, dtstamp=STAMP)[Method.REQUEST]
    assert _sequences(sent) == {uid: 1} and _sequences(again) == {uid: 2}
    assert kept.event(uid).sequence == 1  # what was sent is what is kept


def test_revised_keeps_the_sequence_of_what_did_not_change() -> None:
    """A moved event planned again at its moved time is no change: no message, same SEQUENCE."""
    gathering = PLAN.gatherings[0]
    moved = PLAN.move(gathering, start=gathering.start + dt.timedelta(days=1))
    again = plan_program(DATA, gatherings=_retimed(1))
    assert again.event(gathering.uid).sequence == 0
    assert revised(moved, again).event(gathering.uid).sequence == 1
    assert update_ics(moved, again, organizer=ORGANIZER, dtstamp=STAMP) == {}


def test_someone_taken_off_and_put_back_gets_a_higher_sequence_each_time() -> None:
    chosen = _gatherings()
    without = [
        attrs.evolve(
            chosen[0], participant_ids=[p for p in chosen[0].participant_ids if p != "y2"]
        ),
        *chosen[1:],
    ]
    first = plan_program(DATA, gatherings=chosen)
    shorter = plan_program(DATA, gatherings=without)
    uid = first.gatherings[0].uid
    off = update_ics(first, shorter, organizer=ORGANIZER, person_id="y2", dtstamp=STAMP)
    kept = revised(first, shorter)
    back = update_ics(kept, first, organizer=ORGANIZER, person_id="y2", dtstamp=STAMP)
    assert _sequences(off[Method.CANCEL])[uid] < _sequences(back[Method.REQUEST])[uid]


def test_a_team_member_taken_off_gets_a_cancel_naming_only_them() -> None:
    """RFC 5546 3.2.5: a CANCEL lists the attendees it removes; the youth and the member who
    stay must not be named, or their clients would cancel meetings that go on."""
    youth = Mentee("y1", "Youth", availability=["mon 16:00-20:00"], email="y1@example.org")
    ann, bo, cy = (
        Mentor(f"m{n}", name, availability=["mon 16:00-20:00"], email=f"m{n}@example.org")
        for n, name in ((1, "Ann"), (2, "Bo"), (3, "Cy"))
    )

    def plan(*members: Mentor):  # type: ignore[no-untyped-def]
        team = Team("t1", "Team", members=members, capacity=1)
        data = ProgramData(
            vinn_program(),
            [youth],
            [ann, bo, cy],
            teams=[team],
            matches=[Match("x1", "y1", "t1", START)],
        )
        return plan_program(data)

    before, after = plan(ann, bo), plan(ann, cy)
    messages = update_ics(before, after, organizer=ORGANIZER, person_id="m2", dtstamp=STAMP)
    assert list(messages) == [Method.CANCEL]
    assert set(map(tuple, _attendees(messages[Method.CANCEL]).values())) == {
        ("mailto:m2@example.org",)
    }
    for_y1 = update_ics(before, after, organizer=ORGANIZER, person_id="y1", dtstamp=STAMP)
    assert Method.CANCEL not in for_y1  # the meetings go on for the youth


def test_update_ics_refuses_an_unknown_person_id() -> None:
    """A typo in ``person_id`` is refused as ``to_ics`` refuses it, not read as "no changes"."""
    plan = _one_pair()
    later = plan.cancel(plan.meetings[0])
    with pytest.raises(mentorlib.UnknownIdError):
        to_ics(later, person_id="Y01")
    with pytest.raises(mentorlib.UnknownIdError):
        update_ics(plan, later, organizer=ORGANIZER, person_id="Y01")
    assert update_ics(plan, later, organizer=ORGANIZER, person_id="y01")


# -- SEQUENCE after planning again ------------------------------------------------------------


def test_update_ics_after_replanning_raises_the_sequence() -> None:
    """A change found by planning again goes out with a SEQUENCE above the one sent before.

    ``plan_program`` starts every event at SEQUENCE 0, so a gathering marked cancelled in the
    program's data and planned again would be cancelled at the invitation's SEQUENCE, and
    clients may keep the event.
    """
    chosen = _gatherings()
    assert [g.start for g in chosen] == [g.start for g in PLAN.gatherings]
    replanned = plan_program(
        DATA, gatherings=[attrs.evolve(chosen[0], status="cancelled"), *chosen[1:]]
    )
    messages = update_ics(PLAN, replanned, organizer=ORGANIZER, dtstamp=STAMP)
    (event,) = icalendar.Calendar.from_ical(messages[Method.CANCEL]).events
    sent = PLAN.event(str(event["UID"]))
    assert int(event["SEQUENCE"]) > sent.sequence


def test_replanning_a_moved_event_raises_the_sequence_above_the_move() -> None:
    """An event moved (SEQUENCE 1) and then planned again at its first time goes out at 2."""
    meeting = PLAN.meetings[0]
    moved = PLAN.move(meeting, start=meeting.start + dt.timedelta(hours=2), double_book=True)
    replanned = plan_program(DATA, gatherings=_gatherings())
    messages = update_ics(moved, replanned, organizer=ORGANIZER, dtstamp=STAMP)
    (event,) = icalendar.Calendar.from_ical(messages[Method.REQUEST]).events
    assert str(event["UID"]) == meeting.uid
    assert int(event["SEQUENCE"]) == 2
    assert replanned.event(meeting.uid).sequence == 0  # the plan itself is left as made


def test_an_event_cancelled_before_and_planned_again_cancelled_sends_nothing() -> None:
    """Cancelled by ``plan.cancel`` (SEQUENCE 1), then in the data: nothing is left to tell.

    It used to go into a REQUEST, which leaves cancelled events out, and the REQUEST was then
    refused as empty.
    """
    chosen = _gatherings()
    cancelled = PLAN.cancel(PLAN.gatherings[0])
    replanned = plan_program(
        DATA, gatherings=[attrs.evolve(chosen[0], status="cancelled"), *chosen[1:]]
    )
    assert update_ics(cancelled, replanned, organizer=ORGANIZER, dtstamp=STAMP) == {}


# -- per-person files -------------------------------------------------------------------------


def test_per_person_invitations_when_one_youth_has_no_email(tmp_path: Path) -> None:
    """Per-person REQUEST files are written for everyone with an address.

    Youths often have no e-mail address. The program's REQUEST was fine, but the per-person
    one refused everything with "no participant of this event has an e-mail address" about a
    gathering with five addressed guests, so nobody got an invitation.
    """
    _, plan = _three_pairs_with_gatherings(youth_without_email=2)
    program_file = to_ics(plan, method="REQUEST", organizer=ORGANIZER)
    paths = write_calendars(
        plan, tmp_path / "out", per="person", method="REQUEST", organizer=ORGANIZER
    )
    names = {p.name for p in paths}
    assert "vinn-y1.ics" in names
    assert names == {f"vinn-{p}.ics" for p in ("y1", "y3", "m1", "m2", "m3")}
    own = _attendees((tmp_path / "out" / "vinn-y1.ics").read_bytes())
    assert own[plan.gatherings[0].uid] == ["mailto:y1@example.org"]
    # The youth without an address is no attendee of the program's file either.
    assert "mailto:y2" not in program_file.decode()


def test_one_persons_invitation_without_an_address_names_the_person() -> None:
    """``to_ics(person_id=...)`` for someone without an address says so about them."""
    _, plan = _three_pairs_with_gatherings(youth_without_email=2)
    with pytest.raises(mentorlib.ValidationError) as caught:
        to_ics(plan, method="REQUEST", organizer=ORGANIZER, person_id="y2")
    assert (caught.value.record, caught.value.record_id, caught.value.field) == (
        "Participant",
        "y2",
        "email",
    )
    assert "no participant of this event" not in str(caught.value)


def test_per_person_invitations_refuse_what_the_programs_file_refuses(tmp_path: Path) -> None:
    """A meeting nobody in it has an address for cannot be sent per program or per person."""
    youth = Mentee("y01", "Amina", availability=["mon 16:00-19:00"])
    adult = Mentor("m01", "Ingrid", availability=["mon 17:00-20:00"])
    plan = plan_match(vinn_program(), Match("x01", "y01", "m01", START), youth, adult)
    for per in ("program", "person"):
        with pytest.raises(mentorlib.ValidationError, match="no participant of this event"):
            write_calendars(plan, tmp_path / per, per=per, method="REQUEST", organizer=ORGANIZER)
        assert not (tmp_path / per).exists()


def test_per_person_files_hold_only_that_persons_events(tmp_path: Path) -> None:
    """Each per-person file has exactly the events the person takes part in (pinned, s13)."""
    paths = write_calendars(PLAN, tmp_path, per="person", dtstamp=STAMP)
    for path in paths:
        person = path.stem.split("-", 1)[1]
        uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(path.read_bytes()).events}
        assert uids == {e.uid for e in PLAN.events() if person in e.participant_ids}


# -- addresses as URIs ------------------------------------------------------------------------


def test_attendee_mailto_uri_names_the_persons_address() -> None:
    """An ATTENDEE's ``mailto:`` URI, read as a URI (RFC 6068), is the person's address.

    ``?`` may stand in an address's local part, but in a mailto URI it starts the headers:
    ``mailto:a?cc=x@example.org`` is the address ``a`` with a Cc.
    """
    plan = _one_pair(email="a?cc=x@example.org")
    ics = to_ics(plan, method="REQUEST", organizer=ORGANIZER, dtstamp=STAMP)
    event = icalendar.Calendar.from_ical(ics).events[0]
    uris = [str(a) for a in event["ATTENDEE"]]
    addresses = {urllib.parse.unquote(urllib.parse.urlsplit(u).path) for u in uris}
    assert "a?cc=x@example.org" in addresses
    assert "mailto:a%3Fcc%3Dx@example.org" in uris


_LOCAL = st.text(
    st.sampled_from("abcXYZ019.!#$%&'*+/=?^_`{|}~-æø"), min_size=1, max_size=12
).filter(lambda s: not s.startswith(".") and not s.endswith("."))


@settings(max_examples=60)
@given(local=_LOCAL, organizer=_LOCAL)
def test_every_accepted_address_reads_back_from_its_uri(local: str, organizer: str) -> None:
    """Attendee and organizer URIs read back (split, then unquoted) as the addresses given."""
    address = f"{local}@example.org"
    plan = _one_pair(email=address)
    ics = to_ics(plan, method="REQUEST", organizer=f"{organizer}@example.org", dtstamp=STAMP)
    event = icalendar.Calendar.from_ical(ics).events[0]
    uris = [str(a) for a in event["ATTENDEE"]] + [str(event["ORGANIZER"])]
    for uri in uris:
        parts = urllib.parse.urlsplit(uri)
        assert parts.scheme == "mailto" and not parts.query and not parts.fragment
    read = {urllib.parse.unquote(urllib.parse.urlsplit(u).path) for u in uris}
    assert read == {address, "m01@example.org", f"{organizer}@example.org"}
