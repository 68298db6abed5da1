"""A mentor in one team at most, and reprs that name people without their data."""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pytest
from hypothesis import given

from mentorlib import (
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
from mentorlib.model import Assessment, Person
from strategies import mentees, mentors, places, teams

PROGRAM = Program("vinn-vinn", "Vinn, vinn!", country="NO")

INGRID = Mentor(
    "m01",
    "Ingrid",
    birth_date=dt.date(1979, 4, 23),
    languages={"nb": "native", "ti": "B1"},
    cultural_background="Eritrean-Norwegian",
    email="ingrid@example.org",
    trainings=["trauma-informed care"],
    unavailable=[
        {"start": dt.date(2026, 11, 2), "end": dt.date(2026, 11, 20), "label": "hospital stay"}
    ],
    safeguarding_checks=[
        {
            "kind": "politiattest",
            "issued": dt.date(2026, 3, 2),
            "valid_until": dt.date(2027, 3, 1),
        }
    ],
)
YONAS = Mentor("m02", "Yonas", languages={"nb": "C1", "ti": "native"})
SARA = Mentor("m03", "Sara")

AMINA = Mentee(
    "y01",
    "Amina",
    birth_date=dt.date(2009, 5, 1),
    gender="female",
    origin_country="ER",
    cultural_background="Tigrinya",
    location={"municipality": "Bærum", "country": "NO", "latitude": 59.91, "longitude": 10.75},
    interests=["football"],
    children_birth_years=[2024],
    email="amina@example.org",
    unavailable=[
        {"start": dt.date(2026, 10, 5), "end": dt.date(2026, 10, 9), "label": "asylum interview"}
    ],
    registered_on=dt.date(2026, 1, 12),
)

#: Values of INGRID's and AMINA's fields that a repr must not show.
PRIVATE = (
    "1979",
    "04-23",
    "2009",
    "05-01",
    "ingrid@example.org",
    "amina@example.org",
    "example.org",
    "Eritrean",
    "Tigrinya",
    "politiattest",
    "2027",
    "trauma",
    "hospital stay",
    "asylum interview",
    "59.91",
    "10.75",
    "Bærum",
    "football",
    "2024",
    "female",
    "'ER'",
    "native",
    "B1",
)


def _program(*crews: Team, mentors: tuple[Mentor, ...] = (INGRID, YONAS, SARA)) -> ProgramData:
    return ProgramData(PROGRAM, mentors=mentors, teams=crews)


# -- a mentor in one team at most -----------------------------------------------------------------


def test_a_mentor_in_two_teams_is_refused_naming_the_mentor_and_both_teams() -> None:
    first = Team("t1", "Oslo team 1", members=[INGRID, YONAS], capacity=2)
    second = Team("t2", "Oslo team 2", members=[SARA, INGRID], capacity=2)
    with pytest.raises(ValidationError) as info:
        _program(first, second)
    error = info.value
    assert isinstance(error, MentorlibError)
    assert isinstance(error, ValueError)
    assert (error.record, error.record_id, error.field) == ("Team", "t2", "members")
    assert str(error) == (
        "Team 't2', field 'members': member 'm01' is also a member of team 't1'; "
        "a mentor can be in one team only"
    )
    for named in ("'m01'", "'t1'", "'t2'"):
        assert named in str(error)


def test_a_mentor_in_two_teams_is_refused_whichever_the_order() -> None:
    first = Team("t1", "Oslo team 1", members=[YONAS], capacity=1)
    second = Team("t2", "Oslo team 2", members=[SARA, YONAS], capacity=2)
    with pytest.raises(ValidationError, match=r"^Team 't1', .*'m02'.*team 't2'"):
        _program(second, first)


def test_the_refusal_names_the_first_mentor_found_in_two_teams() -> None:
    first = Team("t1", "Oslo team 1", members=[INGRID, YONAS], capacity=2)
    second = Team("t2", "Oslo team 2", members=[YONAS, INGRID], capacity=2)
    with pytest.raises(ValidationError, match="member 'm02' is also a member of team 't1'"):
        _program(first, second)


def test_the_refusal_holds_no_one_s_data() -> None:
    first = Team("t1", "Oslo team 1", members=[INGRID], capacity=1)
    second = Team("t2", "Oslo team 2", members=[INGRID], capacity=1)
    with pytest.raises(ValidationError) as info:
        _program(first, second)
    for private in (*PRIVATE, "Ingrid"):
        assert private not in str(info.value)


def test_one_mentor_in_one_team_is_accepted() -> None:
    crew = Team("t1", "Oslo team 1", members=[INGRID], capacity=1)
    data = _program(crew)
    assert data.teams.ids == ("t1",)
    assert data.teams["t1"].member_ids == ("m01",)


def test_teams_with_distinct_members_are_accepted() -> None:
    first = Team("t1", "Oslo team 1", members=[INGRID, YONAS], capacity=2)
    second = Team("t2", "Oslo team 2", members=[SARA], capacity=1)
    assert _program(first, second).counts()["teams"] == 2


def test_a_program_with_a_mentor_in_two_teams_cannot_be_made_by_evolve() -> None:
    first = Team("t1", "Oslo team 1", members=[INGRID], capacity=1)
    data = _program(first)
    with pytest.raises(ValidationError, match="'m01' is also a member of team 't1'"):
        attrs.evolve(data, teams=[first, Team("t2", "Oslo team 2", members=[INGRID], capacity=1)])


# -- reprs show id and name only ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (AMINA, "Mentee(id='y01', display_name='Amina', ...)"),
        (INGRID, "Mentor(id='m01', display_name='Ingrid', ...)"),
        (
            Person("p01", "Amina", email="amina@example.org"),
            "Person(id='p01', display_name='Amina', ...)",
        ),
        (
            Team("t1", "Oslo team 1", members=[INGRID, YONAS], capacity=2),
            "Team(id='t1', name='Oslo team 1', member_ids=('m01', 'm02'), ...)",
        ),
        (
            Place("c1", "Care place", kind="care place", capacity=1, location=AMINA.location),
            "Place(id='c1', name='Care place', ...)",
        ),
    ],
    ids=["mentee", "mentor", "person", "team", "place"],
)
def test_a_repr_shows_the_kind_id_and_name_only(record: object, expected: str) -> None:
    assert repr(record) == expected
    for private in PRIVATE:
        assert private not in repr(record)


def test_reprs_inside_containers_and_errors_stay_brief() -> None:
    crew = Team("t1", "Oslo team 1", members=[INGRID], capacity=1)
    shown = repr([AMINA, INGRID, crew]) + repr({"pair": (AMINA, INGRID)}) + f"{INGRID!r}"
    for private in PRIVATE:
        assert private not in shown
    assert re.fullmatch(r"\[Mentee\(.*\), Mentor\(.*\), Team\(.*\)\]", repr([AMINA, INGRID, crew]))


def test_str_is_unchanged() -> None:
    assert str(INGRID) == "Ingrid (m01)"
    assert str(Team("t1", "Oslo team 1", members=[INGRID], capacity=1)) == "Oslo team 1 (t1)"


def test_equality_and_hashing_still_compare_every_field() -> None:
    twin = attrs.evolve(INGRID, email="other@example.org")
    assert repr(twin) == repr(INGRID)
    assert twin != INGRID
    assert attrs.evolve(twin, email=INGRID.email) == INGRID
    assert hash(attrs.evolve(twin, email=INGRID.email)) == hash(INGRID)
    assert attrs.evolve(AMINA, birth_date=dt.date(2009, 5, 2)) != AMINA
    assert attrs.evolve(AMINA, unavailable=[]) != AMINA
    assert attrs.evolve(INGRID, safeguarding_checks=[]) != INGRID
    crew = Team("t1", "Oslo team 1", members=[INGRID], capacity=1)
    assert Team("t1", "Oslo team 1", members=[twin], capacity=1) != crew
    assert Team("t1", "Oslo team 1", members=[INGRID], capacity=2) != crew
    assert len({crew, Team("t1", "Oslo team 1", members=[INGRID], capacity=1)}) == 1


def test_the_notebook_table_still_shows_every_field() -> None:
    html = INGRID._repr_html_()
    assert "<td>email</td><td>ingrid@example.org</td>" in html
    assert "<td>birth_date</td><td>1979-04-23</td>" in html
    assert "hospital stay" in html
    crew = Team("t1", "Oslo team 1", members=[INGRID], capacity=1)
    assert "<td>members</td><td>Ingrid (m01)</td>" in crew._repr_html_()
    assert "<td>Ingrid (m01)</td>" in Roster([crew])._repr_html_()


@given(person=mentees() | mentors())
def test_any_persons_repr_is_its_id_and_display_name(person: Mentee | Mentor) -> None:
    expected = (
        f"{type(person).__name__}(id={person.id!r}, display_name={person.display_name!r}, ...)"
    )
    assert repr(person) == expected


@given(crew=teams())
def test_any_teams_repr_is_its_id_name_and_member_ids(crew: Team) -> None:
    assert repr(crew) == (
        f"Team(id={crew.id!r}, name={crew.name!r}, member_ids={crew.member_ids!r}, ...)"
    )


@given(place=places())
def test_any_places_repr_is_its_id_and_name(place: Place) -> None:
    assert repr(place) == f"Place(id={place.id!r}, name={place.name!r}, ...)"


def test_an_assessment_s_repr_leaves_out_the_item_responses() -> None:
    scored = Assessment("a1", "y01", "CRIES-8", "baseline", dt.date(2026, 8, 17), [5, 3, 1, 0])
    shown = repr(scored)
    assert (
        shown
        == "Assessment(id='a1', person_id='y01', instrument='CRIES-8', time_point='baseline', ...)"
    )
    assert "5" not in shown.replace("y01", "")
    assert scored != attrs.evolve(scored, responses=(5, 3, 1, 1))


# -- a user's own subclass, decorated with attrs, keeps the library's fields out of its repr ------


@attrs.frozen
class CaseMentee(Mentee):
    """A program's own mentee record, as an NGO's system might add to it."""

    caseworker: str = "Kari"


@attrs.frozen
class CaseMentor(Mentor):
    shirt_size: str = "M"


@attrs.frozen
class OwnPlace(Place):
    room: str = "2B"


@attrs.frozen
class OwnTeam(Team):
    colour: str = "blue"


@attrs.frozen
class OwnAssessment(Assessment):
    rater: str = "r1"


def test_a_users_attrs_subclass_of_a_person_shows_no_field_of_the_library_but_id_and_name() -> None:
    """attrs writes a subclass its own repr: it must leave out what Person's repr leaves out."""
    amina = CaseMentee(**{f.name: getattr(AMINA, f.name) for f in attrs.fields(Mentee)})
    ingrid = CaseMentor(**{f.name: getattr(INGRID, f.name) for f in attrs.fields(Mentor)})
    assert repr(amina) == "CaseMentee(id='y01', display_name='Amina', caseworker='Kari')"
    assert repr(ingrid) == "CaseMentor(id='m01', display_name='Ingrid', shirt_size='M')"
    for private in PRIVATE:
        assert private not in repr(amina) + repr(ingrid)
    assert amina != attrs.evolve(amina, email="other@example.org")  # still compared


def test_a_users_attrs_subclass_of_a_place_team_or_assessment_keeps_their_data_out() -> None:
    place = OwnPlace("c1", "Care place", kind="care place", capacity=1, location=AMINA.location)
    crew = OwnTeam("t1", "Oslo team 1", members=[INGRID], capacity=1)
    scored = OwnAssessment("a1", "y01", "CRIES-8", "baseline", dt.date(2026, 8, 17), [5, 3, 1, 0])
    assert repr(place) == "OwnPlace(id='c1', name='Care place', room='2B')"
    assert repr(crew) == "OwnTeam(id='t1', name='Oslo team 1', colour='blue')"
    assert repr(scored) == (
        "OwnAssessment(id='a1', person_id='y01', instrument='CRIES-8', time_point='baseline', "
        "rater='r1')"
    )
