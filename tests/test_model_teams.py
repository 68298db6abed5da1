"""Teams: volunteer mentors who take mentees together, checked alone and within a program."""

from __future__ import annotations

import contextlib
import datetime as dt
import pickle
import re
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given

import mentorlib
from mentorlib import (
    DuplicateIdError,
    Match,
    Mentee,
    Mentor,
    MentorlibError,
    Place,
    Program,
    ProgramData,
    Roster,
    Team,
    ValidationError,
)
from mentorlib.model import GroupGathering, Outcome, Person
from strategies import teams

DAY = dt.date(2026, 8, 17)

LAPSED = {
    "kind": "politiattest",
    "issued": dt.date(2025, 3, 1),
    "valid_until": dt.date(2026, 2, 28),
}
RENEWED = {
    "kind": "politiattest",
    "issued": dt.date(2026, 3, 2),
    "valid_until": dt.date(2027, 3, 1),
}

INGRID = Mentor(
    "m01",
    "Ingrid",
    birth_date=dt.date(1979, 4, 23),
    languages={"nb": "native", "ti": "B1"},
    cultural_background="Eritrean-Norwegian",
    email="ingrid@example.org",
    safeguarding_checks=[LAPSED],
)
YONAS = Mentor("m02", "Yonas", languages={"nb": "C1", "ti": "native"})


@contextlib.contextmanager
def refused(
    record: str,
    record_id: str | None,
    field: str,
    match: str,
    error: type[ValidationError] = ValidationError,
) -> Iterator[pytest.ExceptionInfo[ValidationError]]:
    """Expect ``error`` addressed to ``record``/``record_id``/``field``, its message matching."""
    with pytest.raises(error, match=match) as info:
        yield info
    found = info.value
    assert isinstance(found, MentorlibError)
    assert isinstance(found, ValueError)
    assert (found.record, found.record_id, found.field) == (record, record_id, field)
    where = record if record_id is None else f"{record} {record_id!r}"
    assert str(found).startswith(f"{where}, field {field!r}: ")


def team(**changes: Any) -> Team:
    fields: dict[str, Any] = {
        "id": "t1",
        "name": "Oslo team 1",
        "members": [INGRID, YONAS],
        "capacity": 2,
    }
    return Team(**(fields | changes))


def program() -> Program:
    return Program("vinn-vinn", "Vinn, vinn!", country="NO")


def data(**collections: Any) -> ProgramData:
    parts: dict[str, Any] = {
        "mentees": [Mentee("y01", "Amina"), Mentee("y02", "Sara")],
        "mentors": [INGRID, YONAS],
        "teams": [team()],
    }
    return ProgramData(program(), **(parts | collections))


# -- a team on its own -----------------------------------------------------------------------------


def test_a_team_of_two_adults() -> None:
    pair = team(location={"municipality": "Oslo", "country": "no"})
    assert pair.member_ids == ("m01", "m02")
    assert pair.members == (INGRID, YONAS)
    assert pair.capacity == 2
    assert pair.location is not None
    assert (pair.location.municipality, pair.location.country) == ("Oslo", "NO")
    assert str(pair) == "Oslo team 1 (t1)"
    assert isinstance(mentorlib.Team, type)
    assert mentorlib.Team is mentorlib.model.Team


def test_members_may_be_given_as_mappings_of_mentor_fields() -> None:
    pair = team(
        members=[
            attrs.asdict(INGRID),
            {"id": "m02", "display_name": "Yonas", "languages": {"nb": "C1", "ti": "native"}},
        ]
    )
    assert pair.members == (INGRID, YONAS)
    assert all(type(m) is Mentor for m in pair.members)


def test_members_may_be_any_iterable_and_keep_their_order() -> None:
    assert team(members=iter([YONAS, INGRID])).member_ids == ("m02", "m01")
    assert team(members=(INGRID,)).member_ids == ("m01",)


def test_a_team_with_capacity_zero_is_paused_not_refused() -> None:
    assert team(capacity=0).capacity == 0


def test_a_team_round_trips_through_asdict_and_pickle() -> None:
    pair = team(location={"municipality": "Oslo", "country": "NO"})
    assert Team(**attrs.asdict(pair)) == pair
    assert pickle.loads(pickle.dumps(pair)) == pair
    assert hash(pair) == hash(Team(**attrs.asdict(pair)))


@pytest.mark.parametrize("members", [[], (), iter(())], ids=["list", "tuple", "iterator"])
def test_a_team_without_members_is_refused(members: Any) -> None:
    with refused("Team", "t1", "members", match="at least one member"):
        team(members=members)


@pytest.mark.parametrize(
    "members",
    [
        [INGRID, YONAS, INGRID],
        [INGRID, attrs.evolve(INGRID, display_name="Inga")],
        [INGRID, {"id": "m01", "display_name": "Ingrid"}],
    ],
    ids=["same-record", "two-records-one-id", "record-and-mapping"],
)
def test_a_member_listed_twice_is_refused(members: list[Any]) -> None:
    with refused("Team", "t1", "members", match="member 'm01' is listed twice"):
        team(members=members)


def test_a_team_id_that_is_also_a_members_is_refused() -> None:
    with refused("Team", "m02", "id", match="team's id 'm02' is also a member's"):
        team(id="m02")


@pytest.mark.parametrize(
    ("member", "got"),
    [
        (Mentee("y01", "Amina"), "Mentee with id 'y01'"),
        (Person("p01", "Amina"), "Person with id 'p01'"),
        (Place("c1", "Cycling school", kind="course", capacity=20), "Place with id 'c1'"),
        ("m01", "str 'm01'"),
        (None, "NoneType None"),
        (7, "int 7"),
    ],
    ids=["mentee", "person", "place", "id-text", "None", "int"],
)
def test_a_member_that_is_not_a_mentor_is_refused(member: Any, got: str) -> None:
    with refused("Team", "t1", "members", match=f"expected a Mentor .*{re.escape(got)}"):
        team(members=[INGRID, member])


@pytest.mark.parametrize(
    ("members", "got"),
    [("m01", "'m01'"), (None, "None"), ({"id": "m01"}, "a dict of 1 item"), (INGRID, "a Mentor")],
    ids=["text", "None", "mapping", "one-mentor"],
)
def test_members_that_are_not_a_collection_are_refused(members: Any, got: str) -> None:
    with refused("Team", "t1", "members", match=f"collection of Mentor, got {re.escape(got)}"):
        team(members=members)


def test_a_bad_member_mapping_names_the_team_and_the_inner_field() -> None:
    with refused("Team", "t1", "members", match="capacity: must be at least 0, got -1"):
        team(members=[{"id": "m03", "display_name": "Ola", "capacity": -1}])
    with refused("Team", "t1", "members", match="id: .* without surrounding spaces"):
        team(members=[{"id": " m03", "display_name": "Ola"}])
    with refused("Team", "t1", "members", match=r"cannot build a Mentor from \['id', 'nmae'\]"):
        team(members=[{"id": "m03", "nmae": "Ola"}])


def test_a_bad_member_does_not_put_its_data_in_the_message() -> None:
    with pytest.raises(ValidationError) as info:
        team(members=[INGRID, Mentee("y01", "Amina", birth_date=dt.date(2009, 5, 1))])
    assert "Amina" not in str(info.value)
    assert "2009" not in str(info.value)


@pytest.mark.parametrize(
    ("capacity", "match"),
    [
        (-1, "must be at least 0, got -1"),
        (True, "expected a whole number, got bool"),
        (False, "expected a whole number, got bool"),
        (2.0, "expected a whole number, got float"),
        ("2", "expected a whole number, got str"),
        (None, "expected a whole number, got NoneType"),
    ],
    ids=["negative", "True", "False", "float", "text", "None"],
)
def test_a_bad_capacity_is_refused(capacity: Any, match: str) -> None:
    with refused("Team", "t1", "capacity", match=match):
        team(capacity=capacity)


@pytest.mark.parametrize("bad_id", [" t1", "t1 ", "t\n1", "t\t1", "t\x001"])
def test_an_id_with_spaces_or_control_characters_is_refused(bad_id: str) -> None:
    with refused("Team", bad_id, "id", match="one printable line without surrounding spaces"):
        team(id=bad_id)


@pytest.mark.parametrize("bad_id", ["", "   "])
def test_an_empty_id_is_refused(bad_id: str) -> None:
    with refused("Team", bad_id, "id", match="must not be empty"):
        team(id=bad_id)


def test_an_id_that_is_not_text_is_refused() -> None:
    with refused("Team", None, "id", match="expected text, got int"):
        team(id=1)


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("", "must not be empty"),
        (" \n", "must not be empty"),
        (None, "expected text, got NoneType"),
    ],
)
def test_a_bad_name_is_refused(name: Any, match: str) -> None:
    with refused("Team", "t1", "name", match=match):
        team(name=name)


def test_a_bad_location_is_refused() -> None:
    with refused("Team", "t1", "location", match="expected a Location or a mapping"):
        team(location="Oslo")
    with refused("Team", "t1", "location", match="country: unknown ISO 3166-1"):
        team(location={"municipality": "Oslo", "country": "NOR"})


def test_a_changed_team_is_checked_again() -> None:
    with refused("Team", "t1", "members", match="at least one member"):
        attrs.evolve(team(), members=[])
    with refused("Team", "t1", "capacity", match="must be at least 0"):
        attrs.evolve(team(), capacity=-2)


# -- a team within a program -----------------------------------------------------------------------


def test_a_program_with_a_team_built_from_its_mentors() -> None:
    program_data = data()
    assert program_data.teams["t1"].members == (INGRID, YONAS)
    assert isinstance(program_data.teams, Roster)
    assert program_data.counts()["teams"] == 1
    assert repr(program_data) == "ProgramData('Vinn, vinn!', mentees=2, mentors=2, teams=1)"
    assert ProgramData(**attrs.asdict(program_data, recurse=False)) == program_data


def test_a_team_built_from_mappings_equal_to_the_program_records_is_accepted() -> None:
    from_rows = team(members=[attrs.asdict(INGRID), attrs.asdict(YONAS)])
    assert data(teams=[from_rows]).teams["t1"] == team()


def test_a_mentor_may_serve_in_a_team_of_one() -> None:
    assert data(teams=[team(members=[YONAS], capacity=1)]).teams["t1"].member_ids == ("m02",)


def test_a_member_who_is_not_one_of_the_programs_mentors_is_refused() -> None:
    with refused("Team", "t1", "members", match="member 'm02' is not one of the program's mentors"):
        data(mentors=[INGRID])


def test_a_member_who_is_a_mentee_of_the_program_is_refused() -> None:
    stranger = team(members=[INGRID, Mentor("y01", "Amina")])
    with refused("Team", "t1", "members", match="member 'y01' is not one of the program's mentors"):
        data(teams=[stranger])


def test_a_stale_member_record_is_refused() -> None:
    # The team was built before Ingrid renewed her politiattest; data.mentors holds the renewal.
    # Accepting the team's copy would let matching judge her by the lapsed certificate.
    renewed = attrs.evolve(INGRID, safeguarding_checks=[RENEWED])
    with refused(
        "Team",
        "t1",
        "members",
        match=r"member 'm01' differs from the program's record .*"
        r"\(in safeguarding_checks\); build the team from data\.mentors",
    ) as info:
        data(mentors=[renewed, YONAS])
    for private in ("2025-03-01", "2026-02-28", "2027", "politiattest", "1979", "example.org"):
        assert private not in str(info.value)
    rebuilt = team(members=[renewed, YONAS])
    assert data(mentors=[renewed, YONAS], teams=[rebuilt]).teams["t1"].members[0] == renewed


def test_a_stale_member_names_every_field_that_differs() -> None:
    moved = attrs.evolve(INGRID, capacity=3, email="ingrid@example.net")
    with refused("Team", "t1", "members", match=r"\(in email, capacity\)"):
        data(mentors=[moved, YONAS])


@pytest.mark.parametrize(
    ("collections", "clash"),
    [
        ({"mentees": [Mentee("t1", "Amina")]}, "a mentee has it too"),
        ({"mentors": [INGRID, YONAS, Mentor("t1", "Ola")]}, "a mentor has it too"),
        (
            {"places": [Place("t1", "Cycling school", kind="course", capacity=20)]},
            "a place has it too",
        ),
    ],
    ids=["mentee", "mentor", "place"],
)
def test_a_team_id_used_by_another_record_is_refused(
    collections: dict[str, Any], clash: str
) -> None:
    with refused("Team", "t1", "id", match=rf"used on both sides \({clash}\); .*places and teams"):
        data(**collections)


def test_a_place_id_used_by_a_mentor_is_still_refused() -> None:
    with refused("Place", "m01", "id", match=r"both sides \(a mentor has it too\)"):
        data(places=[Place("m01", "Cycling school", kind="course", capacity=20)])


def test_two_teams_with_one_id_are_refused() -> None:
    other = team(members=[YONAS], capacity=1)
    with refused("Team", "t1", "id", match="more than one record", error=DuplicateIdError):
        data(teams=[team(), other])


def test_a_record_that_is_not_a_team_is_refused() -> None:
    with refused("ProgramData", None, "teams", match="expected Team, got Mentor"):
        data(teams=[INGRID])
    with refused("ProgramData", None, "teams", match="expected Team, got Place"):
        data(teams=[Place("c1", "Cycling school", kind="course", capacity=20)])


def test_a_match_may_name_a_team_as_its_mentor() -> None:
    matches = [
        Match("x01", mentee_id="y01", mentor_id="t1", started_on=DAY),
        Match("x02", mentee_id="y02", mentor_id="t1", started_on=DAY),
    ]
    program_data = data(matches=matches)
    assert [m.mentor_id for m in program_data.matches] == ["t1", "t1"]


def test_a_match_naming_an_unknown_team_is_refused() -> None:
    with refused("Match", "x01", "mentor_id", match="no mentor, place or team with id 't2'"):
        data(matches=[Match("x01", mentee_id="y01", mentor_id="t2", started_on=DAY)])


def test_a_team_stands_for_its_members_in_a_gathering_but_is_no_person_for_follow_up() -> None:
    gathering = GroupGathering(
        "g1",
        "Autumn gathering",
        dt.datetime(2026, 9, 12, 12, tzinfo=dt.UTC),
        dt.datetime(2026, 9, 12, 15, tzinfo=dt.UTC),
        participant_ids=["y01", "t1"],
    )
    assert data(gatherings=[gathering]).gatherings["g1"].participant_ids == ("y01", "t1")
    with refused("GroupGathering", "g1", "participant_ids", match="people or teams"):
        data(gatherings=[attrs.evolve(gathering, participant_ids=["y01", "t9"])])
    with refused("Outcome", "o1", "person_id", match="'t1'"):
        data(outcomes=[Outcome("o1", "t1", DAY, "work")])


# -- display ---------------------------------------------------------------------------------------

PRIVATE = (
    "1979-04-23",  # birth date
    "1979",
    "ingrid@example.org",
    "Eritrean",
    "politiattest",
    "2026-02-28",
    "ti:native",
)


def test_a_teams_html_shows_members_by_name_and_id_only() -> None:
    html = team(location={"municipality": "Oslo", "country": "NO"})._repr_html_()
    assert html.startswith("<table><caption>Team</caption>")
    assert "<td>members</td><td>Ingrid (m01), Yonas (m02)</td>" in html
    assert "<td>capacity</td><td>2</td>" in html
    assert "<td>location.municipality</td><td>Oslo</td>" in html
    for private in PRIVATE:
        assert private not in html


def test_a_roster_of_teams_as_a_frame_shows_members_by_name_and_id_only() -> None:
    other = Team("t2", "Trondheim team", members=[YONAS], capacity=1)
    roster = Roster([team(location={"municipality": "Oslo", "country": "NO"}), other])
    frame = roster.to_frame()
    assert frame.index.name == "id"
    assert list(frame.index) == ["t1", "t2"]
    assert frame.loc["t1", "members"] == "Ingrid (m01), Yonas (m02)"
    assert frame.loc["t2", "members"] == "Yonas (m02)"
    assert list(frame["capacity"]) == [2, 1]
    assert frame.loc["t1", "location.municipality"] == "Oslo"
    assert set(frame.columns) >= {"name", "members", "capacity", "location.municipality"}
    shown = frame.to_string() + roster._repr_html_()
    assert "2 Team records" in shown
    for private in PRIVATE:
        assert private not in shown


def test_a_teams_html_escapes_names() -> None:
    evil = "<script>alert('x')</script>"
    crew = Team("t1", evil, members=[Mentor("m09", "<b>Ola</b>")], capacity=1)
    for html in (crew._repr_html_(), Roster([crew])._repr_html_()):
        assert "<script>" not in html
        assert "<b>" not in html
        assert "&lt;b&gt;Ola&lt;/b&gt; (m09)" in html


def test_a_programs_html_counts_its_teams() -> None:
    assert "<td>teams</td><td>1</td>" in data()._repr_html_()


@given(crew=teams())
def test_any_teams_row_lists_its_members_by_name_and_id(crew: Team) -> None:
    row = Roster([crew]).to_records()[0]
    assert row["members"] == ", ".join(f"{m.display_name} ({m.id})" for m in crew.members)
    assert row["capacity"] == crew.capacity
    for member in crew.members:
        if member.birth_date is not None:
            assert member.birth_date.isoformat() not in crew._repr_html_()
