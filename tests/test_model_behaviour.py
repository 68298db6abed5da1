"""Behaviour of the model's helpers: ages, languages, validity, periods, matches and rosters."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mentorlib.model import (
    AgeWindow,
    Closure,
    LanguageLevel,
    LanguageSkill,
    Location,
    Match,
    MatchStatus,
    Mentee,
    Mentor,
    Period,
    PeriodUnit,
    Person,
    Program,
    ProgramData,
    Roster,
    SafeguardingCheck,
    UnknownIdError,
    ValidationError,
)
from strategies import (
    CANONICAL_OF,
    LANGUAGE_SPELLINGS,
    birth_dates,
    dates,
    languages,
    locations,
    matches,
    mentees,
    program_data,
)

DAY = dt.date(2026, 8, 17)


def simple_age(birth: dt.date, day: dt.date) -> int:
    """Whole years from ``birth`` to ``day``: the birthday counts from its month and day on.

    Someone born on 29 February has not had their birthday until 1 March in a common year.
    """
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def is_feb_29(day: dt.date) -> bool:
    return (day.month, day.day) == (2, 29)


# -- ages ------------------------------------------------------------------------------------------


@given(birth=birth_dates(), days=st.integers(0, 100 * 366))
def test_age_on_matches_a_simple_computation(birth: dt.date, days: int) -> None:
    assume(not is_feb_29(birth))
    day = birth + dt.timedelta(days=days)
    assert Person("y1", "Amina", birth_date=birth).age_on(day) == simple_age(birth, day)


@given(birth=birth_dates(), years=st.integers(1, 90))
def test_age_turns_on_the_birthday_not_the_day_before(birth: dt.date, years: int) -> None:
    assume(not is_feb_29(birth))
    person = Person("y1", "Amina", birth_date=birth)
    birthday = birth.replace(year=birth.year + years)
    assert person.age_on(birthday) == years
    assert person.age_on(birthday - dt.timedelta(days=1)) == years - 1
    assert person.age_on(birthday + dt.timedelta(days=1)) == years


def test_age_on_without_birth_date_is_none() -> None:
    assert Person("y1", "Amina").age_on(DAY) is None


LEAP_BIRTH = dt.date(2008, 2, 29)


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (dt.date(2008, 2, 29), 0),
        (dt.date(2012, 2, 28), 3),  # leap year: the birthday is tomorrow
        (dt.date(2012, 2, 29), 4),
        (dt.date(2012, 3, 1), 4),
        (dt.date(2026, 2, 27), 17),
        (dt.date(2026, 3, 1), 18),  # common year: birthday passed by 1 March
        (dt.date(2028, 2, 29), 20),
    ],
)
def test_age_of_someone_born_on_29_february(day: dt.date, age: int) -> None:
    assert simple_age(LEAP_BIRTH, day) == age
    assert Person("y1", "Amina", birth_date=LEAP_BIRTH).age_on(day) == age


@pytest.mark.parametrize("year", [2009, 2026])
def test_born_on_29_february_is_not_a_year_older_on_28_february(year: int) -> None:
    # In a common year the 29 February birthday has not come yet on 28 February; the simple
    # computation (and e.g. the UK rule) counts the birthday from 1 March. age_on and
    # AgeWindow.contains must agree with it: an 18-to-25 program must not take a mentee born on
    # 29 February 2008 on 28 February 2026, the day before they turn 18.
    day = dt.date(year, 2, 28)
    expected = simple_age(LEAP_BIRTH, day)
    assert Person("y1", "Amina", birth_date=LEAP_BIRTH).age_on(day) == expected
    assert not AgeWindow(expected + 1, 130).contains(LEAP_BIRTH, on=day)


@given(birth=birth_dates(), days=st.integers(0, 100 * 366))
def test_age_window_agrees_with_age_on(birth: dt.date, days: int) -> None:
    day = birth + dt.timedelta(days=days)
    age = Person("y1", "Amina", birth_date=birth).age_on(day)
    assert age is not None
    assert AgeWindow(age, age).contains(birth, on=day)
    assert not AgeWindow(age + 1, 130).contains(birth, on=day)
    if age > 0:
        assert not AgeWindow(0, age - 1).contains(birth, on=day)


def test_age_window_boundaries() -> None:
    window = AgeWindow(16, 23)
    born = dt.date(2010, 9, 1)
    assert not window.contains(born, on=dt.date(2026, 8, 31))  # 15
    assert window.contains(born, on=dt.date(2026, 9, 1))  # 16 today
    assert window.contains(born, on=dt.date(2034, 8, 31))  # 23, the last day
    assert not window.contains(born, on=dt.date(2034, 9, 1))  # 24 today
    assert AgeWindow(0, 0).contains(born, on=born)


@given(minimum=st.integers(0, 60), span=st.integers(0, 20), birth=birth_dates())
def test_age_window_contains_matches_simple_ages(minimum: int, span: int, birth: dt.date) -> None:
    assume(not is_feb_29(birth))
    window = AgeWindow(minimum, minimum + span)
    for day in (
        birth.replace(year=birth.year + minimum) - dt.timedelta(days=1),
        birth.replace(year=birth.year + minimum),
        birth.replace(year=birth.year + minimum + span + 1) - dt.timedelta(days=1),
        birth.replace(year=birth.year + minimum + span + 1),
    ):
        if day < birth:
            continue  # see test_not_yet_born_is_in_no_age_window
        expected = minimum <= simple_age(birth, day) <= minimum + span
        assert window.contains(birth, on=day) == expected


@pytest.mark.parametrize("days_before", [1, 200, 364])
def test_not_yet_born_is_in_no_age_window(days_before: int) -> None:
    # A birth date after the day asked about (a typo, or a child not yet born) is no age at all;
    # it must not count as 0 years old. relativedelta truncates towards zero, so any day up to a
    # year before the birth gives years == 0.
    birth = dt.date(2026, 8, 17)
    day = birth - dt.timedelta(days=days_before)
    assert simple_age(birth, day) == -1
    assert not AgeWindow(0, 17).contains(birth, on=day)
    age = Person("y1", "Amina", birth_date=birth).age_on(day)
    assert age is None or age < 0


# -- languages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", sorted(CANONICAL_OF))
def test_language_codes_canonicalise(spelling: str) -> None:
    canonical = CANONICAL_OF[spelling]
    assert LanguageSkill(spelling, "B1").code == canonical
    assert LanguageSkill(f" {spelling.upper()} ", "B1").code == canonical
    assert LanguageSkill(spelling, "b1") == LanguageSkill(canonical, LanguageLevel.B1)


def test_speaks_finds_a_language_by_any_spelling() -> None:
    mentor = Mentor("m1", "Ingrid", languages={"nb": "native", "ar": "B1"})
    for spelling in ("ar", "ara", "ARA", " ar "):
        skill = mentor.speaks(spelling)
        assert skill is not None
        assert (skill.code, skill.level) == ("ar", LanguageLevel.B1)
    assert mentor.speaks("nob") == LanguageSkill("nb", "native")
    assert mentor.speaks("ti") is None
    assert mentor.speaks("no") is None  # Norwegian is not Bokmål: macrolanguages stay apart
    with pytest.raises(ValidationError, match="'xx'"):
        mentor.speaks("xx")


@given(spoken=languages())
def test_speaks_and_native_languages_follow_the_languages_given(
    spoken: dict[str, LanguageLevel | str],
) -> None:
    person = Mentee("y1", "Amina", languages=spoken)
    levels = {CANONICAL_OF[code]: LanguageLevel.parse(level) for code, level in spoken.items()}
    assert {s.code: s.level for s in person.languages} == levels
    for canonical in LANGUAGE_SPELLINGS:
        for spelling in LANGUAGE_SPELLINGS[canonical]:
            skill = person.speaks(spelling)
            assert (skill.level if skill else None) == levels.get(canonical)
    natives = sorted(c for c, level in levels.items() if level is LanguageLevel.NATIVE)
    assert list(person.native_languages) == natives
    # Ordered from the best-spoken language, then by code.
    assert [(-s.level, s.code) for s in person.languages] == sorted(
        (-level, code) for code, level in levels.items()
    )


def test_native_languages() -> None:
    person = Mentee("y1", "Amanuel", languages={"tir": "native", "ar": "NATIVE", "nb": "A2"})
    assert person.native_languages == ("ar", "ti")
    assert Mentee("y2", "Sara").native_languages == ()


# -- safeguarding --------------------------------------------------------------------------------


def test_safeguarding_check_is_valid_between_issue_and_lapse_inclusive() -> None:
    check = SafeguardingCheck("politiattest", dt.date(2026, 1, 10), dt.date(2027, 1, 9))
    assert not check.is_valid_on(dt.date(2026, 1, 9))
    assert check.is_valid_on(dt.date(2026, 1, 10))
    assert check.is_valid_on(dt.date(2027, 1, 9))
    assert not check.is_valid_on(dt.date(2027, 1, 10))
    assert check.covers(dt.date(2026, 1, 10), dt.date(2027, 1, 9))
    assert not check.covers(dt.date(2026, 1, 10), dt.date(2027, 1, 10))
    assert not check.covers(dt.date(2026, 1, 9), dt.date(2026, 6, 1))


def test_safeguarding_check_without_end_never_lapses() -> None:
    check = SafeguardingCheck("rikostaustaote", DAY)
    assert check.is_valid_on(dt.date(2099, 12, 31))
    assert not check.is_valid_on(DAY - dt.timedelta(days=1))
    one_day = SafeguardingCheck("børneattest", DAY, DAY)
    assert one_day.is_valid_on(DAY)
    assert not one_day.is_valid_on(DAY + dt.timedelta(days=1))


@given(issued=dates(), length=st.integers(0, 1000), offset=st.integers(-1000, 2000))
def test_safeguarding_validity_by_offset(issued: dt.date, length: int, offset: int) -> None:
    check = SafeguardingCheck("belastningsregisterutdrag", issued, issued + dt.timedelta(length))
    assert check.is_valid_on(issued + dt.timedelta(offset)) == (0 <= offset <= length)


def test_mentor_valid_check_on() -> None:
    old = SafeguardingCheck("politiattest", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    new = SafeguardingCheck("politiattest", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    mentor = Mentor("m1", "Ingrid", safeguarding_checks=[old, new])
    assert mentor.valid_check_on(dt.date(2024, 6, 1)) == old
    assert mentor.valid_check_on(dt.date(2026, 6, 1)) == new
    assert mentor.valid_check_on(dt.date(2025, 6, 1)) is None


# -- periods ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "day", "after"),
    [
        (Period(1, "month"), dt.date(2027, 1, 31), dt.date(2027, 2, 28)),
        (Period(1, "month"), dt.date(2028, 1, 31), dt.date(2028, 2, 29)),
        (Period(1, "month"), dt.date(2026, 3, 31), dt.date(2026, 4, 30)),
        (Period(3, "month"), dt.date(2026, 11, 30), dt.date(2027, 2, 28)),
        (Period(12, "month"), dt.date(2028, 2, 29), dt.date(2029, 2, 28)),
        (Period(1, "year"), dt.date(2028, 2, 29), dt.date(2029, 2, 28)),
        (Period(4, "year"), dt.date(2028, 2, 29), dt.date(2032, 2, 29)),
        (Period(2, "week"), dt.date(2026, 12, 25), dt.date(2027, 1, 8)),
        (Period(3, "day"), dt.date(2028, 2, 27), dt.date(2028, 3, 1)),
    ],
    ids=str,
)
def test_period_after_month_ends(period: Period, day: dt.date, after: dt.date) -> None:
    assert period.after(day) == after


@given(amount=st.integers(1, 120), unit=st.sampled_from(tuple(PeriodUnit)), day=dates())
def test_period_after_agrees_with_relativedelta(
    amount: int, unit: PeriodUnit, day: dt.date
) -> None:
    expected = day + relativedelta(**{f"{unit.value}s": amount})
    assert Period(amount, unit).after(day) == expected
    assert Period(amount, unit.value).after(day) == expected


@given(months=st.integers(1, 48), day=dates())
def test_months_after_a_month_end_land_on_a_month_end(months: int, day: dt.date) -> None:
    month_end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    after = Period(months, "month").after(month_end)
    last = calendar.monthrange(after.year, after.month)[1]
    assert after.day == min(month_end.day, last)
    assert (after.year * 12 + after.month) - (day.year * 12 + day.month) == months


def test_program_ends_on() -> None:
    start = dt.date(2027, 1, 31)
    program = Program("p1", "P", "NO", duration={"amount": 1, "unit": "month"}, starts_on=start)
    assert program.ends_on == dt.date(2027, 2, 28)
    assert Program("p1", "P", "NO", starts_on=start).ends_on is None
    assert Program("p1", "P", "NO", duration=Period(1, "year")).ends_on is None


# -- matches ---------------------------------------------------------------------------------------


def a_match(**changes: Any) -> Match:
    fields = {"id": "x1", "mentee_id": "y1", "mentor_id": "m1", "started_on": DAY} | changes
    return Match(**fields)


def test_active_match_is_active_from_its_start() -> None:
    match = a_match()
    assert not match.is_active_on(DAY - dt.timedelta(days=1))
    assert match.is_active_on(DAY)
    assert match.is_active_on(dt.date(2099, 1, 1))
    assert a_match(status="paused").is_active_on(DAY)


def test_proposed_match_is_never_active() -> None:
    match = a_match(status="proposed")
    assert not any(match.is_active_on(DAY + dt.timedelta(days=n)) for n in range(-2, 400, 7))


def test_closed_match_is_active_through_its_last_day() -> None:
    last = dt.date(2026, 10, 1)
    match = a_match().close(Closure(last, "lost contact", "coordinator"))
    assert match.is_active_on(DAY)
    assert match.is_active_on(last)
    assert not match.is_active_on(last + dt.timedelta(days=1))


def test_duration_days() -> None:
    running = a_match()
    assert running.duration_days(as_of=DAY) == 0
    assert running.duration_days(as_of=DAY + dt.timedelta(days=45)) == 45
    assert running.duration_days(as_of=DAY - dt.timedelta(days=10)) == 0
    closed = running.close(Closure(DAY + dt.timedelta(days=30), "completed", "both"))
    assert closed.duration_days(as_of=DAY + dt.timedelta(days=400)) == 30
    assert closed.duration_days(as_of=DAY) == 30


def test_close_returns_a_new_closed_match() -> None:
    match = a_match(score=0.8, planned_end=dt.date(2027, 8, 17))
    closure = Closure(dt.date(2027, 2, 1), "mentee moved", "mentee")
    closed = match.close(closure)
    assert closed.status is MatchStatus.CLOSED
    assert closed.closure == closure
    assert closed != match
    assert match.status is MatchStatus.ACTIVE  # the original is untouched
    assert match.closure is None
    assert attrs.evolve(closed, status="active", closure=None) == match
    for field in ("id", "mentee_id", "mentor_id", "started_on", "planned_end", "score"):
        assert getattr(closed, field) == getattr(match, field)


@given(match=matches(), offset=st.integers(-30, 800))
def test_is_active_on_and_duration_agree(match: Match, offset: int) -> None:
    day = match.started_on + dt.timedelta(days=offset)
    active = match.is_active_on(day)
    if match.status is MatchStatus.PROPOSED or offset < 0:
        assert not active
    elif match.closure is None:
        assert active
        assert match.duration_days(as_of=day) == offset
    else:
        assert active == (day <= match.closure.on)
        assert match.duration_days(as_of=day) == (match.closure.on - match.started_on).days


# -- rosters ---------------------------------------------------------------------------------------


@settings(max_examples=30)
@given(people=st.lists(mentees(), unique_by=lambda m: m.id, max_size=6), data=st.data())
def test_roster_indexing(people: list[Mentee], data: st.DataObject) -> None:
    roster = Roster(people)
    assert len(roster) == len(people)
    assert list(roster) == people
    assert roster.ids == tuple(p.id for p in people)
    for position, person in enumerate(people):
        assert roster[person.id] is person
        assert roster[position] is person
        assert roster[position - len(people)] is person
        assert roster.get(person.id) is person
        assert person.id in roster
        assert person in roster
    window = data.draw(st.slices(len(people)))
    sliced = roster[window]
    assert isinstance(sliced, Roster)
    assert list(sliced) == people[window]
    with pytest.raises(IndexError):
        roster[len(people)]


def test_roster_lookup() -> None:
    amina, yonas = Mentee("y1", "Amina"), Mentee("y2", "Yonas")
    roster = Roster([amina, yonas])
    assert roster["y2"] is yonas
    assert roster[-1] is yonas
    assert roster[:1] == Roster([amina])
    assert roster[::-1].ids == ("y2", "y1")
    assert roster.get("y3") is None
    assert roster.get("y3", amina) is amina
    with pytest.raises(UnknownIdError):
        roster["y3"]
    with pytest.raises(UnknownIdError, match="no record with id"):
        Roster()["y1"]


def test_roster_contains() -> None:
    amina = Mentee("y1", "Amina")
    roster = Roster([amina])
    assert "y1" in roster
    assert amina in roster
    assert Mentee("y1", "Amina") in roster  # an equal record
    assert Mentee("y1", "Sara") not in roster  # same id, another record
    assert Mentor("y1", "Amina") not in roster  # same fields, another kind
    assert "y2" not in roster
    assert 1 not in roster
    assert None not in roster


@settings(max_examples=30)
@given(people=st.lists(mentees(), unique_by=lambda m: m.id, max_size=6))
def test_roster_filter_keeps_order(people: list[Mentee]) -> None:
    roster = Roster(people)
    kept = roster.filter(lambda p: p.birth_date is not None)
    assert isinstance(kept, Roster)
    assert list(kept) == [p for p in people if p.birth_date is not None]
    assert roster.filter(lambda p: True) == roster
    assert len(roster.filter(lambda p: False)) == 0
    assert len(roster) == len(people)  # filtering makes a new roster


def test_roster_repr() -> None:
    roster = Roster([Mentee(f"y{n}", "Amina") for n in range(7)])
    assert repr(roster) == "Roster[Mentee](7 records: 'y0', 'y1', 'y2', 'y3', 'y4', ...)"


LOCATION_COLUMNS = [
    "location.municipality",
    "location.country",
    "location.code",
    "location.latitude",
    "location.longitude",
]


@settings(max_examples=30)
@given(
    people=st.lists(
        st.tuples(mentees(), locations(with_coordinates=True)),
        unique_by=lambda pair: pair[0].id,
        min_size=1,
        max_size=6,
    )
)
def test_to_frame_has_one_row_per_record(people: list[tuple[Mentee, Location]]) -> None:
    roster = Roster(attrs.evolve(m, location=where) for m, where in people)
    frame = roster.to_frame()
    assert len(frame) == len(roster)
    assert frame.index.name == "id"
    assert list(frame.index) == list(roster.ids)
    assert "id" not in frame.columns
    assert "location" not in frame.columns
    assert set(LOCATION_COLUMNS) <= set(frame.columns)
    field_names = [f.name for f in attrs.fields(Mentee) if f.name not in {"id", "location"}]
    assert set(frame.columns) == set(field_names) | set(LOCATION_COLUMNS)
    for mentee in roster:
        row = frame.loc[mentee.id]
        assert row["display_name"] == mentee.display_name
        assert row["location.municipality"] == mentee.location.municipality
        assert row["location.country"] == mentee.location.country
        assert row["location.latitude"] == mentee.location.latitude
        assert row["gender"] == mentee.gender.value


def test_to_frame_cells() -> None:
    mentee = Mentee(
        "y1",
        "Amanuel",
        birth_date=dt.date(2008, 2, 29),
        gender="male",
        languages={"ti": "native", "nb": "A2"},
        interests=["Football", "chess"],
        location=Location("Trondheim", "no", code="5001", latitude=63.43, longitude=10.39),
        availability=["tue 17:00-19:30"],
    )
    frame = Roster([mentee]).to_frame()
    row = frame.loc["y1"]
    assert row["languages"] == "ti:native, nb:A2"
    assert row["interests"] == "chess, football"
    assert row["gender"] == "male"
    assert row["birth_date"] == dt.date(2008, 2, 29)
    assert row["availability"] == "Tue 17:00–19:30"
    assert (row["location.municipality"], row["location.country"]) == ("Trondheim", "NO")
    assert row["location.code"] == "5001"


def test_to_frame_columns_do_not_depend_on_missing_nested_records() -> None:
    # A mentee without a location must give empty location.* cells, not a separate "location"
    # column: the columns of a frame should not depend on which rows happen to hold a location.
    with_location = Mentee("y1", "Amina", location=Location("Oslo", "NO"))
    without = Mentee("y2", "Yonas")
    mixed = Roster([with_location, without]).to_frame()
    full = Roster([with_location]).to_frame()
    assert len(mixed) == 2
    assert list(mixed.columns) == list(full.columns)
    assert mixed.loc["y1", "location.municipality"] == "Oslo"


@given(match_list=st.lists(matches(), unique_by=lambda m: m.id, max_size=5))
def test_to_frame_of_matches(match_list: list[Match]) -> None:
    frame = Roster(match_list).to_frame()
    assert len(frame) == len(match_list)
    if match_list:
        assert list(frame.index) == [m.id for m in match_list]
        assert list(frame["status"]) == [m.status.value for m in match_list]


def test_repr_html_escapes_names() -> None:
    evil = "<script>alert('x')</script>"
    mentee = Mentee("y1", evil, interests=["<b>bold</b>"])
    for html in (
        mentee._repr_html_(),
        Roster([mentee])._repr_html_(),
        Program("p1", evil, "NO")._repr_html_(),
        ProgramData(Program("p1", evil, "NO"), mentees=[mentee])._repr_html_(),
    ):
        assert "<script>" not in html
        assert "<b>" not in html
        assert "&lt;script&gt;" in html
        assert html.startswith("<table>")


def test_repr_html_of_a_large_roster_shows_a_preview() -> None:
    roster = Roster([Mentee(f"y{n:02}", "Amina") for n in range(25)])
    html = roster._repr_html_()
    assert "25 Mentee records (first 20 shown)" in html
    assert html.count("<tr>") == 21  # the header and 20 rows
    assert ">y19<" in html
    assert ">y20<" not in html


# -- ProgramData -----------------------------------------------------------------------------------

COLLECTIONS = [
    "mentees",
    "mentors",
    "places",
    "matches",
    "meetings",
    "gatherings",
    "referrals",
    "commitments",
    "assessments",
    "outcomes",
    "teams",
]


@settings(max_examples=30)
@given(data=program_data())
def test_counts(data: ProgramData) -> None:
    counts = data.counts()
    assert list(counts) == COLLECTIONS
    assert counts == {name: len(getattr(data, name)) for name in COLLECTIONS}


def test_counts_of_a_small_program() -> None:
    data = ProgramData(
        Program("vv", "Vinn, vinn!", "NO"),
        mentees=[Mentee("y1", "Amanuel"), Mentee("y2", "Hawa")],
        mentors=[Mentor("m1", "Ingrid")],
        matches=[Match("x1", "y1", "m1", DAY)],
    )
    assert data.counts() == {
        "mentees": 2,
        "mentors": 1,
        "places": 0,
        "matches": 1,
        "meetings": 0,
        "gatherings": 0,
        "referrals": 0,
        "commitments": 0,
        "assessments": 0,
        "outcomes": 0,
        "teams": 0,
    }
    assert repr(data) == "ProgramData('Vinn, vinn!', mentees=2, mentors=1, matches=1)"
    assert isinstance(data.mentees, Roster)
    assert data.mentees["y2"].display_name == "Hawa"
