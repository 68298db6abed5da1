"""Mentor-side quotas with teams: where a team counts, and a ``by`` that cannot read a team."""

from __future__ import annotations

import datetime as dt

import pytest

from mentorlib import MentorlibError, ValidationError
from mentorlib.matching import InfeasibleError, match, rules
from mentorlib.model import Location, Mentee, Mentor, Team

ON = dt.date(2026, 8, 17)
OSLO = Location("Oslo", "NO")
BERGEN = Location("Bergen", "NO")
VIK_NO = Location("Vik", "NO")
VIK_SE = Location("Vik", "SE")
SPEAK = rules.SharedLanguage("B1")


def adult(mentor_id: str, location: Location | None = OSLO, **fields) -> Mentor:
    return Mentor(
        mentor_id,
        f"Adult {mentor_id}",
        birth_date=dt.date(1985, 3, 1),
        languages={"nb": "native"},
        location=location,
        **fields,
    )


def youths(count: int) -> list[Mentee]:
    return [
        Mentee(f"y{k}", f"Youth {k}", languages={"nb": "B2"}, location=OSLO) for k in range(count)
    ]


def load(result) -> dict[str, int]:
    out: dict[str, int] = {}
    for pairing in result.pairings:
        out[pairing.mentor_id] = out.get(pairing.mentor_id, 0) + 1
    return out


# -- the default grouping: the team's location, else its members' common municipality ----------


def test_a_team_without_a_location_counts_under_the_municipality_its_members_share() -> None:
    team = Team("t1", "Team", members=[adult("m1", BERGEN), adult("m2", BERGEN)], capacity=3)
    solo = adult("m3", OSLO, capacity=3)
    at_most = rules.Quota(maximum={"Bergen": 1}, side="mentor")
    assert load(match(youths(4), [team, solo], [SPEAK, at_most], on=ON)) == {"t1": 1, "m3": 3}
    # A minimum only the team can fill: were it in no group, no assignment could meet it.
    at_least = rules.Quota(minimum={"Bergen": 3}, side="mentor")
    assert load(match(youths(4), [team, solo], [SPEAK, at_least], on=ON))["t1"] == 3


def test_a_team_s_own_location_comes_before_its_members_homes() -> None:
    team = Team(
        "t1",
        "Team",
        members=[adult("m1", BERGEN), adult("m2", BERGEN)],
        capacity=2,
        location=OSLO,
    )
    no_bergen = rules.Quota(maximum={"Bergen": 0}, side="mentor")
    assert load(match(youths(2), [team], [SPEAK, no_bergen], on=ON)) == {"t1": 2}
    no_oslo = rules.Quota(maximum={"Oslo": 0}, side="mentor")
    assert match(youths(2), [team], [SPEAK, no_oslo], on=ON).matched == 0


@pytest.mark.parametrize(
    "homes",
    [(BERGEN, OSLO), (BERGEN, None), (VIK_NO, VIK_SE)],
    ids=["two municipalities", "one unknown", "one name in two countries"],
)
def test_a_team_whose_members_live_apart_is_in_no_group(homes) -> None:
    members = [adult(f"m{k}", home) for k, home in enumerate(homes)]
    team = Team("t1", "Team", members=members, capacity=2)
    names = {home.municipality for home in homes if home is not None}
    none_anywhere = rules.Quota(maximum=dict.fromkeys(names, 0), side="mentor")
    # A bounded name two countries share is refused unless someone is in it: not the team.
    assert load(match(youths(2), [team], [SPEAK, none_anywhere], on=ON)) == {"t1": 2}
    first = rules.Quota(minimum={homes[0].municipality: 1}, side="mentor")
    with pytest.raises(InfeasibleError):
        match(youths(2), [team], [SPEAK, first], on=ON)


def test_a_name_two_countries_share_is_refused_through_a_team_s_members_too() -> None:
    team = Team("t1", "Team", members=[adult("m1", VIK_NO), adult("m2", VIK_NO)], capacity=2)
    swede = adult("m3", VIK_SE)
    vik = rules.Quota(maximum={"Vik": 1}, side="mentor")
    with pytest.raises(ValidationError, match="'Vik' names a municipality in NO and SE"):
        match(youths(2), [team, swede], [SPEAK, vik], on=ON)


# -- a user's by() that raises -------------------------------------------------------------------


def by_gender(person) -> str:
    return person.gender.value


def test_a_by_that_reads_a_field_teams_lack_names_the_quota_and_the_team() -> None:
    team = Team("t1", "Team", members=[adult("m1"), adult("m2")], capacity=2)
    quota = rules.Quota(maximum={"female": 1}, by=by_gender, side="mentor", label="gender")
    with pytest.raises(ValidationError) as caught:
        match(youths(2), [adult("m3"), team], [SPEAK, quota], on=ON)
    error = caught.value
    assert isinstance(error, MentorlibError)
    assert (error.record, error.field) == ("Quota by mentor gender", "by")
    message = str(error)
    assert "by() raised AttributeError (no attribute 'gender') for Team 't1'" in message
    assert "Team record, its members in .members" in message
    assert isinstance(error.__cause__, AttributeError)  # the original, chained


def test_an_error_in_by_names_its_type_and_the_person_but_not_its_text() -> None:
    private = {"Youth 0": "female"}  # Youth 1 is missing: the KeyError's text is their name

    def registered_gender(person) -> str:
        return private[person.display_name]

    quota = rules.Quota(maximum={"female": 1}, by=registered_gender, label="gender")
    with pytest.raises(ValidationError) as caught:
        match(youths(2), [adult("m1", capacity=2)], [SPEAK, quota], on=ON)
    message = str(caught.value)
    assert "by() raised KeyError for Mentee 'y1'" in message
    assert "Youth" not in message and ".members" not in message
    assert isinstance(caught.value.__cause__, KeyError)


def test_a_by_that_handles_teams_groups_them_as_it_says() -> None:
    women = Team(
        "t1",
        "Team",
        members=[adult("m1", gender="female"), adult("m2", gender="female")],
        capacity=2,
    )
    man = adult("m3", gender="male", capacity=2)

    def shared_gender(host) -> str | None:
        found = {m.gender.value for m in getattr(host, "members", [host])}
        return found.pop() if len(found) == 1 else None

    quota = rules.Quota(maximum={"female": 1}, by=shared_gender, side="mentor", label="gender")
    assert load(match(youths(3), [women, man], [SPEAK, quota], on=ON)) == {"t1": 1, "m3": 2}
