"""Bad values are refused with an error that names the record, its id and the field."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import pickle
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pycountry
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mentorlib.model import (
    AgeWindow,
    Assessment,
    Cadence,
    CheckKind,
    Closure,
    ClosureReason,
    Commitment,
    DateRange,
    DuplicateIdError,
    Gender,
    GroupGathering,
    LanguageSkill,
    Location,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    Mentee,
    Mentor,
    MentorlibError,
    Outcome,
    OutcomeStatus,
    Party,
    Period,
    PeriodUnit,
    Place,
    PlaceKind,
    Program,
    ProgramData,
    Referral,
    ReferralOutcome,
    Roster,
    SafeguardingCheck,
    Targets,
    UnknownIdError,
    ValidationError,
    WeeklyWindow,
    canonical_country,
    canonical_language,
)
from strategies import dates, identifiers, mentees

OSLO = ZoneInfo("Europe/Oslo")
DAY = dt.date(2026, 8, 17)
AT_FIVE = dt.datetime(2026, 8, 20, 17, 0, tzinfo=OSLO)
AT_SIX = dt.datetime(2026, 8, 20, 18, 0, tzinfo=OSLO)

ISO_639 = {lang.alpha_3 for lang in pycountry.languages} | {
    lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")
}
ISO_3166 = {country.alpha_2 for country in pycountry.countries}


def check_error(
    error: BaseException, record: str, record_id: str | None, field: str
) -> ValidationError:
    """Assert ``error`` is a ValidationError addressed to ``record``/``record_id``/``field``."""
    assert isinstance(error, ValidationError)
    assert isinstance(error, ValueError)
    assert isinstance(error, MentorlibError)
    assert (error.record, error.record_id, error.field) == (record, record_id, field)
    where = record if record_id is None else f"{record} {record_id!r}"
    assert str(error).startswith(f"{where}, field {field!r}: ")
    assert error.message
    return error


@contextlib.contextmanager
def refused(
    record: str,
    record_id: str | None,
    field: str,
    match: str | None = None,
    error: type[ValidationError] = ValidationError,
) -> Iterator[pytest.ExceptionInfo[ValidationError]]:
    """Expect the block to raise ``error`` naming ``record``, ``record_id`` and ``field``."""
    with pytest.raises(error, match=match) as info:
        yield info
    check_error(info.value, record, record_id, field)


def meeting(**changes: Any) -> Meeting:
    fields = {"id": "x1-01", "match_id": "x1", "start": AT_FIVE, "end": AT_SIX} | changes
    return Meeting(**fields)


def gathering(**changes: Any) -> GroupGathering:
    fields = {"id": "g1", "title": "Summer party", "start": AT_FIVE, "end": AT_SIX} | changes
    return GroupGathering(**fields)


def place(**changes: Any) -> Place:
    fields = {"id": "c1", "name": "Cycling school", "kind": "course", "capacity": 20} | changes
    return Place(**fields)


def program(**changes: Any) -> Program:
    return Program(**({"id": "p1", "name": "Vinn, vinn!", "country": "NO"} | changes))


def match(**changes: Any) -> Match:
    fields = {"id": "x1", "mentee_id": "y1", "mentor_id": "m1", "started_on": DAY} | changes
    return Match(**fields)


# -- the error itself --------------------------------------------------------------------------


def test_message_names_record_id_and_field() -> None:
    with refused("Mentor", "m9", "capacity") as info:
        Mentor("m9", "Ingrid", capacity=-1)
    assert str(info.value) == "Mentor 'm9', field 'capacity': must be at least 0, got -1"


@pytest.mark.parametrize(
    "error",
    [
        ValidationError("must be at least 0, got -1", record="Mentor", record_id="m9", field="c"),
        DuplicateIdError("the id is used twice", record="Mentee", record_id="y1", field="id"),
        UnknownIdError("y9", record="Mentee", hint="check the spelling"),
    ],
    ids=["ValidationError", "DuplicateIdError", "UnknownIdError"],
)
def test_errors_survive_pickling(error: MentorlibError) -> None:
    # Errors cross process boundaries (multiprocessing, joblib, pytest-xdist) by pickling.
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)


# -- naive datetimes ---------------------------------------------------------------------------


def test_naive_meeting_start_is_refused() -> None:
    with refused("Meeting", "x1-01", "start", match="naive datetime"):
        meeting(start=dt.datetime(2026, 8, 20, 17, 0))


def test_naive_gathering_end_is_refused() -> None:
    with refused("GroupGathering", "g1", "end", match="naive datetime"):
        gathering(end=dt.datetime(2026, 8, 20, 18, 0))


@pytest.mark.parametrize(
    ("build", "record", "record_id"),
    [(meeting, "Meeting", "x1-01"), (gathering, "GroupGathering", "g1")],
    ids=["Meeting", "GroupGathering"],
)
@pytest.mark.parametrize("field", ["start", "end"])
@given(naive=st.datetimes())
def test_any_naive_datetime_is_refused(
    build: Callable[..., Any], record: str, record_id: str, field: str, naive: dt.datetime
) -> None:
    with refused(record, record_id, field, match="naive datetime"):
        build(**{field: naive})


def test_date_is_not_a_datetime() -> None:
    with refused("Meeting", "x1-01", "start", match="expected a datetime"):
        meeting(start=dt.date(2026, 8, 20))


# -- numbers: negative, bool, float, NaN ------------------------------------------------------


def test_negative_mentor_capacity_is_refused() -> None:
    with refused("Mentor", "m9", "capacity", match="at least 0"):
        Mentor("m9", "Ingrid", capacity=-1)


def test_negative_place_capacity_is_refused() -> None:
    with refused("Place", "c1", "capacity", match="at least 0"):
        place(capacity=-1)


@given(capacity=st.integers(max_value=-1))
def test_any_negative_capacity_is_refused(capacity: int) -> None:
    with refused("Mentor", "m9", "capacity", match=f"got {capacity}"):
        Mentor("m9", "Ingrid", capacity=capacity)
    with refused("Place", "c1", "capacity", match=f"got {capacity}"):
        place(capacity=capacity, minimum=0)


def test_minimum_above_capacity_is_refused() -> None:
    with refused("Place", "c1", "minimum", match="minimum 20 is above the capacity 15"):
        place(capacity=15, minimum=20)


@given(capacity=st.integers(0, 1000), extra=st.integers(1, 1000))
def test_any_minimum_above_capacity_is_refused(capacity: int, extra: int) -> None:
    with refused("Place", "c1", "minimum"):
        place(capacity=capacity, minimum=capacity + extra)


@pytest.mark.parametrize(
    ("build", "record", "record_id", "field"),
    [
        (lambda v: Mentor("m9", "Ingrid", capacity=v), "Mentor", "m9", "capacity"),
        (lambda v: place(capacity=v), "Place", "c1", "capacity"),
        (lambda v: place(capacity=5, minimum=v), "Place", "c1", "minimum"),
        (lambda v: Cadence(interval=v), "Cadence", None, "interval"),
        (lambda v: Cadence(meeting_minutes=v), "Cadence", None, "meeting_minutes"),
        (lambda v: Targets(meetings=v), "Targets", None, "meetings"),
        (lambda v: Period(v, "month"), "Period", None, "amount"),
        (lambda v: AgeWindow(v, 20), "AgeWindow", None, "minimum"),
        (
            lambda v: Commitment("k1", "NAV", v, DAY, DAY),
            "Commitment",
            "k1",
            "referrals",
        ),
    ],
    ids=[
        "Mentor.capacity",
        "Place.capacity",
        "Place.minimum",
        "Cadence.interval",
        "Cadence.meeting_minutes",
        "Targets.meetings",
        "Period.amount",
        "AgeWindow.minimum",
        "Commitment.referrals",
    ],
)
@pytest.mark.parametrize("value", [True, False, 1.0, "1"], ids=["True", "False", "1.0", "'1'"])
def test_int_fields_refuse_bools_floats_and_text(
    build: Callable[[Any], Any], record: str, record_id: str | None, field: str, value: Any
) -> None:
    with refused(record, record_id, field):
        build(value)


def test_bool_birth_year_is_refused() -> None:
    with refused("Mentee", "y1", "children_birth_years", match="not a birth year"):
        Mentee("y1", "Amina", children_birth_years=[2015, True])


def test_nan_latitude_is_refused() -> None:
    with refused("Location", None, "latitude", match="NaN"):
        Location("Oslo", "NO", latitude=math.nan, longitude=10.75)


def test_nan_longitude_is_refused() -> None:
    with refused("Location", None, "longitude", match="NaN"):
        Location("Oslo", "NO", latitude=59.9, longitude=math.nan)


def test_nan_coordinate_inside_a_person_names_the_location_field() -> None:
    with refused("Mentee", "y1", "location", match="NaN"):
        Mentee(
            "y1",
            "Amina",
            location={
                "municipality": "Oslo",
                "country": "NO",
                "latitude": math.nan,
                "longitude": 1,
            },
        )


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        (90.5, 10.0, "latitude"),
        (-91, 10.0, "latitude"),
        (60.0, 180.5, "longitude"),
        (math.inf, 10.0, "latitude"),
        (True, 10.0, "latitude"),
        (60.0, None, "longitude"),
        (None, 10.0, "latitude"),
    ],
)
def test_bad_coordinates_are_refused(latitude: Any, longitude: Any, field: str) -> None:
    with refused("Location", None, field):
        Location("Oslo", "NO", latitude=latitude, longitude=longitude)


def test_nan_and_bool_responses_are_refused() -> None:
    for bad in (math.nan, True, "3"):
        with refused("Assessment", "a1", "responses", match="item 2"):
            Assessment("a1", "y1", "WHO-5", "baseline", DAY, [3, bad, 4])
    with refused("Assessment", "a1", "responses", match="at least one"):
        Assessment("a1", "y1", "WHO-5", "baseline", DAY, [])


def test_nan_score_is_refused() -> None:
    with refused("Match", "x1", "score", match="NaN"):
        match(score=math.nan)


# -- codes: languages, countries, time zones --------------------------------------------------


def test_unknown_language_code_is_refused() -> None:
    with refused("LanguageSkill", None, "code", match="unknown ISO 639 language code 'xx'"):
        LanguageSkill("xx", "B1")


def test_unknown_language_inside_a_mentor_names_the_languages_field() -> None:
    with refused("Mentor", "m9", "languages") as info:
        Mentor("m9", "Ingrid", languages={"nb": "native", "xx": "B1"})
    assert str(info.value) == (
        "Mentor 'm9', field 'languages': code: unknown ISO 639 language code 'xx'"
    )


@pytest.mark.parametrize(
    "languages",
    [{"xx": "B1"}, [("xx", "B1")], [{"code": "xx", "level": "B1"}]],
    ids=["mapping", "pairs", "records"],
)
def test_unknown_language_inside_a_place_names_the_languages_field(languages: Any) -> None:
    with refused("Place", "c1", "languages", match="'xx'"):
        place(languages=languages)


@given(code=st.from_regex(r"[a-z]{2,3}", fullmatch=True))
def test_any_non_iso_639_code_is_refused(code: str) -> None:
    assume(code not in ISO_639)
    with refused("LanguageSkill", None, "code", match=repr(code)):
        LanguageSkill(code, "native")
    with pytest.raises(ValidationError, match="unknown ISO 639"):
        canonical_language(code)


def test_unknown_level_lists_the_levels() -> None:
    with refused("LanguageSkill", None, "level") as info:
        LanguageSkill("ar", "fluent")
    for name in ("'A1'", "'A2'", "'B1'", "'B2'", "'C1'", "'C2'", "'NATIVE'"):
        assert name in info.value.message


@pytest.mark.parametrize(
    "languages",
    [
        {"ar": "native", "ara": "B1"},
        [("ti", "native"), ("tir", "C1")],
        [("nb", "native"), ("NOB", "native")],
    ],
    ids=["ar-ara", "ti-tir", "nb-NOB"],
)
def test_same_language_twice_in_one_person_is_refused(languages: Any) -> None:
    with refused("Mentee", "y1", "languages", match="listed more than once"):
        Mentee("y1", "Amanuel", languages=languages)


def test_unknown_country_is_refused() -> None:
    with refused("Location", None, "country", match="'XX'"):
        Location("Oslo", "XX")
    with refused("Mentee", "y1", "origin_country", match="'XX'"):
        Mentee("y1", "Amina", origin_country="XX")
    with refused("Program", "p1", "country", match="'ZZ'"):
        program(country="ZZ")
    with refused("Mentee", "y1", "location", match="country"):
        Mentee("y1", "Amina", location={"municipality": "Oslo", "country": "XX"})


@given(code=st.from_regex(r"[A-Za-z]{2}", fullmatch=True))
def test_any_non_iso_3166_code_is_refused(code: str) -> None:
    assume(code.upper() not in ISO_3166)
    with refused("Location", None, "country", match="unknown ISO 3166"):
        Location("Oslo", code)
    with pytest.raises(ValidationError):
        canonical_country(code)


@pytest.mark.parametrize(
    "zone",
    ["Europe/Atlantis", "Mars/Olympus_Mons", "", "Europe/Oslo ", "../Europe/Oslo", "Europe", 42],
)
def test_unknown_time_zone_is_refused(zone: Any) -> None:
    with refused("Program", "p1", "time_zone"):
        program(time_zone=zone)


# -- ends before starts ------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end"), [("18:00", "17:00"), ("17:00", "17:00")])
def test_weekly_window_ending_before_it_starts_is_refused(start: str, end: str) -> None:
    with refused("WeeklyWindow", None, "end", match="not after it starts"):
        WeeklyWindow("mon", start, end)


def test_date_range_ending_before_it_starts_is_refused() -> None:
    with refused("DateRange", None, "end", match="before it starts"):
        DateRange(dt.date(2026, 10, 9), dt.date(2026, 10, 5))
    with refused("Mentee", "y1", "unavailable", match="before it starts"):
        Mentee("y1", "Amina", unavailable=[{"start": DAY, "end": DAY - dt.timedelta(days=1)}])


@given(start=dates(), back=st.integers(1, 1000))
def test_any_date_range_ending_before_it_starts_is_refused(start: dt.date, back: int) -> None:
    with refused("DateRange", None, "end"):
        DateRange(start, start - dt.timedelta(days=back))


@pytest.mark.parametrize(
    "end", [AT_FIVE, AT_FIVE - dt.timedelta(minutes=1)], ids=["equal", "before"]
)
def test_meeting_ending_before_it_starts_is_refused(end: dt.datetime) -> None:
    with refused("Meeting", "x1-01", "end", match="not after it starts"):
        meeting(start=AT_FIVE, end=end)
    with refused("GroupGathering", "g1", "end", match="not after it starts"):
        gathering(start=AT_FIVE, end=end)


def test_meeting_end_compares_across_zones() -> None:
    # 17:30 in Helsinki is 16:30 in Oslo: before the 17:00 Oslo start.
    helsinki = dt.datetime(2026, 8, 20, 17, 30, tzinfo=ZoneInfo("Europe/Helsinki"))
    with refused("Meeting", "x1-01", "end"):
        meeting(start=AT_FIVE, end=helsinki)


def test_commitment_ending_before_it_starts_is_refused() -> None:
    with refused("Commitment", "k1", "ends_on", match="before it starts"):
        Commitment("k1", "Aarhus Kommune", 25, dt.date(2026, 12, 31), dt.date(2026, 1, 1))


def test_referral_decided_before_it_was_made_is_refused() -> None:
    with refused("Referral", "r1", "decided_on", match="before the referral"):
        Referral("r1", "NAV", dt.date(2026, 3, 20), decided_on=dt.date(2026, 3, 2))


def test_safeguarding_check_valid_until_before_issued_is_refused() -> None:
    with refused("SafeguardingCheck", None, "valid_until", match="before it was issued"):
        SafeguardingCheck("politiattest", dt.date(2026, 1, 10), dt.date(2026, 1, 9))
    with refused("Mentor", "m1", "safeguarding_checks", match="valid_until"):
        Mentor(
            "m1",
            "Ingrid",
            safeguarding_checks=[
                {"kind": "politiattest", "issued": DAY, "valid_until": DAY - dt.timedelta(1)}
            ],
        )


def test_match_closed_before_it_started_is_refused() -> None:
    closure = Closure(DAY - dt.timedelta(days=1), "mismatch", "coordinator")
    with refused("Match", "x1", "closure", match="before the match started"):
        match(status="closed", closure=closure)
    with refused("Match", "x1", "planned_end", match="before the match started"):
        match(planned_end=DAY - dt.timedelta(days=1))
    with refused("Match", "x1", "closure"):
        match().close(closure)


# -- ids -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["m1\n", "m\n1", " m1", "m1 ", "m\t1", "", "   ", "m\x001"])
def test_bad_ids_are_refused(bad_id: str) -> None:
    with refused("Mentor", bad_id, "id"):
        Mentor(bad_id, "Ingrid")


def test_bad_reference_ids_are_refused() -> None:
    with refused("Match", "x1", "mentee_id"):
        match(mentee_id="y1\n")
    with refused("Meeting", "x1-01", "match_id"):
        meeting(match_id=" x1")
    with refused("GroupGathering", "g1", "participant_ids"):
        gathering(participant_ids=["y1", "y2 "])


@given(
    core=identifiers(),
    pad=st.sampled_from(["\n", " ", "\t", "\r", "\x00", "\x1b", "\u2028", "\xa0"]),
    where=st.sampled_from(["before", "after", "inside"]),
)
def test_any_id_with_control_characters_or_surrounding_space_is_refused(
    core: str, pad: str, where: str
) -> None:
    bad = {"before": pad + core, "after": core + pad, "inside": core[:1] + pad + core[1:]}[where]
    assume(not (pad in " \xa0" and where == "inside"))  # inner spaces are fine in an id
    with refused("Mentee", bad, "id"):
        Mentee(bad, "Amina")


@pytest.mark.parametrize("name", ["", " ", "\n\t "])
def test_empty_names_are_refused(name: str) -> None:
    with refused("Mentee", "y1", "display_name", match="must not be empty"):
        Mentee("y1", name)
    with refused("Place", "c1", "name", match="must not be empty"):
        place(name=name)
    with refused("Program", "p1", "name", match="must not be empty"):
        program(name=name)


def test_name_that_is_not_text_is_refused() -> None:
    with refused("Mentor", "m1", "display_name", match="expected text"):
        Mentor("m1", None)  # type: ignore[arg-type]


@given(
    name=st.text(st.characters(exclude_categories=["Cc", "Cs"]), min_size=1).filter(str.strip),
    bad=st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\ud800", "\udfff"]),
    at=st.integers(0, 5),
)
def test_a_name_with_a_control_character_or_lone_surrogate_is_refused_without_showing_it(
    name: str, bad: str, at: int
) -> None:
    """A NUL from a broken export or half a UTF-16 pair can reach no calendar or UTF-8 file."""
    spoiled = name[:at] + bad + name[at:]
    with refused("Mentee", "y1", "display_name", match=f"U\\+{ord(bad):04X} at position"):
        Mentee("y1", spoiled)
    messages = []
    for text in (name, "x" * len(name)):  # someone's name stays out of the logs
        with pytest.raises(ValidationError) as caught:
            Mentee("y1", text[:at] + bad + text[at:])
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize(
    ("build", "record", "field"),
    [
        (lambda: Mentee("y1", "Youth", interests=["chess\x00"]), "Mentee", "interests"),
        (lambda: Mentee("y1", "Youth", interests=["chess\ud800"]), "Mentee", "interests"),
        (lambda: Mentor("m1", "Adult", trainings=["basic\x1b[31m"]), "Mentor", "trainings"),
        (lambda: Mentee("y1", "Youth", email="y1\x00@example.org"), "Mentee", "email"),
        (lambda: program(sites=["Oslo\x00"]), "Program", "sites"),
    ],
    ids=["interest-nul", "interest-surrogate", "training-escape", "email-nul", "site-nul"],
)
def test_labels_sites_and_addresses_refuse_control_characters_too(
    build: Callable[[], object], record: str, field: str
) -> None:
    """Tags, sites and e-mail addresses reach tables and calendar files as names do."""
    with pytest.raises(ValidationError, match=r"U\+[0-9A-F]{4} at position") as caught:
        build()
    assert (caught.value.record, caught.value.field) == (record, field)


@given(
    st.text(st.characters(exclude_categories=["Cc", "Cs"]) | st.sampled_from("\n\r\t")).filter(
        str.strip
    )
)
def test_any_name_of_printable_text_tabs_and_line_breaks_is_accepted(name: str) -> None:
    """Every script, joiners such as the Persian ZWNJ, and multi-line text stay allowed."""
    assert Mentee("y1", name).display_name == name
    assert Mentee("y1", "Ali\u200cReza\nline two\tend").display_name.count("\u200c") == 1


# -- duplicate ids and dangling references -----------------------------------------------------


def test_duplicate_ids_in_a_roster_are_refused() -> None:
    with refused("Mentee", "y1", "id", match="items 0 and 2", error=DuplicateIdError):
        Roster([Mentee("y1", "Amina"), Mentee("y2", "Yonas"), Mentee("y1", "Sara")])


@settings(max_examples=30)
@given(people=st.lists(mentees(), min_size=1, max_size=4), data=st.data())
def test_any_repeated_id_is_refused(people: list[Mentee], data: st.DataObject) -> None:
    twin = data.draw(st.sampled_from(people))
    shuffled = data.draw(st.permutations([*people, twin]))
    with pytest.raises(DuplicateIdError) as info:
        Roster(shuffled)
    assert info.value.field == "id"
    assert info.value.record == "Mentee"
    ids = [p.id for p in shuffled]
    assert info.value.record_id == next(i for n, i in enumerate(ids) if i in ids[:n])


def test_duplicate_ids_in_program_data_are_refused() -> None:
    with refused("Mentor", "m1", "id", error=DuplicateIdError):
        ProgramData(program(), mentors=[Mentor("m1", "Ingrid"), Mentor("m1", "Ola")])


@pytest.mark.parametrize(
    ("others", "record"),
    [
        ({"mentors": [Mentor("p1", "Ingrid")]}, "Mentor"),
        ({"places": [Place("p1", "Cycling school", "course", 20)]}, "Place"),
    ],
    ids=["mentor", "place"],
)
def test_mentee_id_reused_on_the_other_side_is_refused(others: dict[str, Any], record: str) -> None:
    with refused(record, "p1", "id", match="both sides"):
        ProgramData(program(), mentees=[Mentee("p1", "Amina")], **others)


def test_place_id_reused_as_mentor_id_is_refused() -> None:
    with refused("Place", "m1", "id", match="both sides"):
        ProgramData(program(), mentors=[Mentor("m1", "Ingrid")], places=[place(id="m1")])


PEOPLE = {"mentees": [Mentee("y1", "Amina")], "mentors": [Mentor("m1", "Ingrid")]}


@pytest.mark.parametrize(
    ("collections", "record", "record_id", "field", "missing"),
    [
        ({"matches": [match(mentee_id="y9")]}, "Match", "x1", "mentee_id", "y9"),
        ({"matches": [match(mentor_id="m9")]}, "Match", "x1", "mentor_id", "m9"),
        ({"matches": [match(mentee_id="m1")]}, "Match", "x1", "mentee_id", "m1"),
        (
            {"matches": [match()], "meetings": [meeting(match_id="x9")]},
            "Meeting",
            "x1-01",
            "match_id",
            "x9",
        ),
        (
            {"assessments": [Assessment("a1", "y9", "WHO-5", "baseline", DAY, [3])]},
            "Assessment",
            "a1",
            "person_id",
            "y9",
        ),
        ({"outcomes": [Outcome("o1", "z1", DAY, "work")]}, "Outcome", "o1", "person_id", "z1"),
        (
            {"referrals": [Referral("r1", "NAV", DAY, person_id="m1")]},
            "Referral",
            "r1",
            "person_id",
            "m1",
        ),
        (
            {"gatherings": [gathering(participant_ids=["y1", "q7"])]},
            "GroupGathering",
            "g1",
            "participant_ids",
            "q7",
        ),
    ],
    ids=[
        "match-mentee",
        "match-mentor",
        "match-mentee-is-a-mentor",
        "meeting-match",
        "assessment-person",
        "outcome-person",
        "referral-person-not-a-mentee",
        "gathering-participant",
    ],
)
def test_dangling_references_are_refused(
    collections: dict[str, Any], record: str, record_id: str, field: str, missing: str
) -> None:
    with refused(record, record_id, field, match=repr(missing)):
        ProgramData(program(), **PEOPLE, **collections)


def test_matching_a_mentee_to_a_place_is_accepted() -> None:
    data = ProgramData(program(), **PEOPLE, places=[place()], matches=[match(mentor_id="c1")])
    assert data.matches["x1"].mentor_id == "c1"


def test_record_of_the_wrong_kind_is_refused() -> None:
    with refused("ProgramData", None, "mentees", match="Mentor"):
        ProgramData(program(), mentees=[Mentor("m1", "Ingrid")])
    with refused("ProgramData", None, "program"):
        ProgramData("p1")  # type: ignore[arg-type]


# -- ages ----------------------------------------------------------------------------------------


def test_empty_age_window_is_refused() -> None:
    with refused("AgeWindow", None, "maximum", match="empty"):
        AgeWindow(30, 20)
    with refused("Program", "p1", "mentee_ages", match="empty"):
        program(mentee_ages=(30, 20))
    with refused("Program", "p1", "mentor_ages", match="empty"):
        program(mentor_ages={"minimum": 30, "maximum": 20})


@given(minimum=st.integers(0, 130), gap=st.integers(1, 130))
def test_any_empty_age_window_is_refused(minimum: int, gap: int) -> None:
    assume(minimum - gap >= 0)
    with refused("AgeWindow", None, "maximum"):
        AgeWindow(minimum, minimum - gap)


@pytest.mark.parametrize(
    ("minimum", "maximum", "field"),
    [(-1, 20, "minimum"), (16, -3, "maximum"), (16, 131, "maximum")],
)
def test_ages_outside_0_to_130_are_refused(minimum: int, maximum: int, field: str) -> None:
    with refused("AgeWindow", None, field):
        AgeWindow(minimum, maximum)


def test_datetime_is_not_a_date() -> None:
    when = dt.datetime(2008, 2, 29, 12, 0)
    with refused("Mentee", "y1", "birth_date", match="got datetime"):
        Mentee("y1", "Amina", birth_date=when)
    with refused("Match", "x1", "started_on", match="got datetime"):
        match(started_on=when)
    with refused("DateRange", None, "start", match="got datetime"):
        DateRange(when, dt.date(2008, 3, 1))
    with refused("Outcome", "o1", "on", match="got datetime"):
        Outcome("o1", "y1", when, "work")


def test_date_as_text_is_refused() -> None:
    with refused("Mentee", "y1", "birth_date", match="got str"):
        Mentee("y1", "Amina", birth_date="2008-02-29")


# -- matches and cadences -------------------------------------------------------------------


def test_closed_match_without_closure_is_refused() -> None:
    with refused("Match", "x1", "closure", match="needs a closure"):
        match(status="closed")


@pytest.mark.parametrize("status", ["active", "paused", "proposed"])
def test_open_match_with_closure_is_refused(status: str) -> None:
    with refused("Match", "x1", "closure", match="only a closed match"):
        match(status=status, closure=Closure(DAY, "completed", "both"))


def test_yearly_cadence_is_refused() -> None:
    with refused("Cadence", None, "unit", match="12 months"):
        Cadence(unit="year")
    with refused("Program", "p1", "cadence", match="12 months"):
        program(cadence={"unit": "year"})


@pytest.mark.parametrize(
    "fields",
    [
        {"unit": "week", "weekdays": ["wed"], "week_of_month": 1},
        {"unit": "day", "weekdays": ["wed"], "week_of_month": -1},
        {"unit": "month", "weekdays": ["tue", "thu"], "week_of_month": 1},
        {"unit": "month", "week_of_month": 2},
        {"unit": "month", "weekdays": ["wed"], "week_of_month": 0},
        {"unit": "month", "weekdays": ["wed"], "week_of_month": 6},
        {"unit": "month", "weekdays": ["wed"], "week_of_month": -2},
    ],
    ids=["weekly", "daily", "two-weekdays", "no-weekday", "zero", "six", "minus-two"],
)
def test_week_of_month_needs_a_monthly_cadence_and_one_weekday(fields: dict[str, Any]) -> None:
    with refused("Cadence", None, "week_of_month"):
        Cadence(**fields)


def test_moved_to_needs_a_moved_meeting() -> None:
    with refused("Meeting", "x1-01", "moved_to", match="only a moved meeting"):
        meeting(status="held", moved_to="x1-02")


def test_a_meeting_cannot_be_moved_to_itself() -> None:
    with refused("Meeting", "x1-01", "moved_to", match="moved to itself"):
        meeting(status="moved", moved_to="x1-01")


def test_bad_email_is_refused() -> None:
    for email in ("ingrid", "ingrid@", "@example.org", "in grid@example.org", "a@b,c@d.no"):
        with refused("Mentor", "m1", "email"):
            Mentor("m1", "Ingrid", email=email)


# -- enums ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "record", "record_id", "field", "allowed"),
    [
        (lambda v: Mentee("y1", "Amina", gender=v), "Mentee", "y1", "gender", Gender),
        (
            lambda v: Mentee("y1", "Amina", gender_preference=[v]),
            "Mentee",
            "y1",
            "gender_preference",
            Gender,
        ),
        (lambda v: match(status=v), "Match", "x1", "status", MatchStatus),
        (lambda v: Closure(DAY, v, "mentee"), "Closure", None, "reason", ClosureReason),
        (lambda v: Closure(DAY, "other", v), "Closure", None, "ended_by", Party),
        (lambda v: place(kind=v), "Place", "c1", "kind", PlaceKind),
        (lambda v: meeting(status=v), "Meeting", "x1-01", "status", MeetingStatus),
        (
            lambda v: Referral("r1", "NAV", DAY, outcome=v),
            "Referral",
            "r1",
            "outcome",
            ReferralOutcome,
        ),
        (lambda v: Outcome("o1", "y1", DAY, v), "Outcome", "o1", "status", OutcomeStatus),
        (lambda v: SafeguardingCheck(v, DAY), "SafeguardingCheck", None, "kind", CheckKind),
        (lambda v: Period(3, v), "Period", None, "unit", PeriodUnit),
    ],
    ids=lambda p: p.__name__ if isinstance(p, type) else None,
)
def test_unknown_enum_value_lists_the_allowed_values(
    build: Callable[[Any], Any], record: str, record_id: str | None, field: str, allowed: Any
) -> None:
    with refused(record, record_id, field, match="use one of") as info:
        build("surely-not-a-member")
    assert "'surely-not-a-member'" in info.value.message
    for member in allowed:
        assert repr(member.value) in info.value.message


def test_enum_values_given_as_text_are_accepted() -> None:
    assert match(status="paused").status is MatchStatus.PAUSED
    assert Closure(DAY, "goal reached", "mentee").reason is ClosureReason.GOAL_REACHED
    assert place(kind="care place").kind is PlaceKind.CARE_PLACE
    assert SafeguardingCheck("børneattest", DAY).kind is CheckKind.BORNEATTEST


@pytest.mark.parametrize("weekday", ["mo", "funday", 7, -1, True, 1.0])
def test_unknown_weekday_is_refused(weekday: Any) -> None:
    with refused("WeeklyWindow", None, "weekday"):
        WeeklyWindow(weekday, "17:00", "18:00")


def test_bad_clock_time_is_refused() -> None:
    with refused("WeeklyWindow", None, "start", match="clock time"):
        WeeklyWindow("mon", "half past five", "18:00")
    with refused("WeeklyWindow", None, "end", match="tzinfo"):
        WeeklyWindow("mon", dt.time(17), dt.time(18, tzinfo=OSLO))


# -- lookups -----------------------------------------------------------------------------------


def test_unknown_id_lookup_is_a_lookup_error() -> None:
    roster = Roster([Mentee("y1", "Amina"), Mentee("y2", "Yonas")])
    with pytest.raises(UnknownIdError, match="no Mentee with id 'y9'") as info:
        roster["y9"]
    error = info.value
    assert isinstance(error, LookupError)
    assert isinstance(error, MentorlibError)
    assert not isinstance(error, ValidationError)
    assert (error.record, error.record_id) == ("Mentee", "y9")
    assert roster.get("y9") is None


def test_unknown_id_in_program_data_collections() -> None:
    data = ProgramData(program(), **PEOPLE)
    with pytest.raises(LookupError, match="'m9'"):
        data.mentors["m9"]
    with pytest.raises(UnknownIdError):
        data.matches["x1"]


# -- malformed collections and nested records ----------------------------------------------------
# A value of the wrong shape is as bad as a value out of range: it must be refused with a
# ValidationError naming the field, not escape as a bare TypeError from inside a converter.


@pytest.mark.parametrize(
    ("build", "record", "record_id", "field"),
    [
        (lambda: Mentee("y1", "A", unavailable=None), "Mentee", "y1", "unavailable"),
        (lambda: Mentor("m1", "A", safeguarding_checks=5), "Mentor", "m1", "safeguarding_checks"),
        (lambda: Mentee("y1", "A", languages=None), "Mentee", "y1", "languages"),
        (lambda: Mentee("y1", "A", languages=[42]), "Mentee", "y1", "languages"),
        (lambda: Mentee("y1", "A", availability=None), "Mentee", "y1", "availability"),
        (lambda: Mentee("y1", "A", interests=5), "Mentee", "y1", "interests"),
        (lambda: Mentee("y1", "A", gender_preference=5), "Mentee", "y1", "gender_preference"),
        (
            lambda: Mentee("y1", "A", children_birth_years=None),
            "Mentee",
            "y1",
            "children_birth_years",
        ),
        (
            lambda: Mentee("y1", "A", children_birth_years=[2010, "2012"]),
            "Mentee",
            "y1",
            "children_birth_years",
        ),
        (lambda: Cadence(weekdays=None), "Cadence", None, "weekdays"),
        (lambda: program(sites=None), "Program", "p1", "sites"),
        (lambda: gathering(participant_ids=None), "GroupGathering", "g1", "participant_ids"),
        (
            lambda: Assessment("a1", "y1", "WHO-5", "baseline", DAY, None),
            "Assessment",
            "a1",
            "responses",
        ),
        (lambda: Mentee("y1", "A", location={"city": "Oslo"}), "Mentee", "y1", "location"),
        (lambda: Mentee("y1", "A", location="Oslo"), "Mentee", "y1", "location"),
        (
            lambda: Mentor("m1", "A", safeguarding_checks=[{"kind": "politiattest"}]),
            "Mentor",
            "m1",
            "safeguarding_checks",
        ),
        (lambda: match(status="closed", closure={"on": DAY}), "Match", "x1", "closure"),
    ],
    ids=[
        "unavailable=None",
        "safeguarding_checks=5",
        "languages=None",
        "languages=[42]",
        "availability=None",
        "interests=5",
        "gender_preference=5",
        "children_birth_years=None",
        "children_birth_years-mixed",
        "weekdays=None",
        "sites=None",
        "participant_ids=None",
        "responses=None",
        "location-unknown-key",
        "location-text",
        "check-missing-field",
        "closure-missing-field",
    ],
)
def test_malformed_values_are_refused_with_the_field(
    build: Callable[[], Any], record: str, record_id: str | None, field: str
) -> None:
    with refused(record, record_id, field):
        build()
