"""Hypothesis strategies for the domain model, one per public type (as attrs' tests/strategies.py).

Every strategy builds valid records through the public constructors. Sizes are kept small so the
property tests stay fast; ``program_data()`` builds a small ProgramData whose references are
consistent (matches point at existing people, meetings at existing matches, ...).

Strategies are built once (``functools.cache``, module constants) and composites draw with the
helpers ``_pick`` and ``_maybe`` rather than building new strategy objects on every draw: building
and validating strategies per draw made the suite several times slower.
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Sequence
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs
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
    Gender,
    GroupGathering,
    LanguageLevel,
    LanguageSkill,
    Location,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    Mentee,
    Mentor,
    Outcome,
    OutcomeStatus,
    Party,
    Period,
    PeriodUnit,
    Person,
    Place,
    PlaceKind,
    Program,
    ProgramData,
    Referral,
    ReferralOutcome,
    SafeguardingCheck,
    Targets,
    Team,
    Weekday,
    WeeklyWindow,
)

T = TypeVar("T")

# -- codes and vocabularies ----------------------------------------------------------------------

#: Canonical ISO 639 code -> every spelling that must canonicalise to it (639-1 and 639-3).
LANGUAGE_SPELLINGS: dict[str, tuple[str, ...]] = {
    "ar": ("ar", "ara"),
    "ti": ("ti", "tir"),
    "prs": ("prs",),
    "so": ("so", "som"),
    "uk": ("uk", "ukr"),
    "nb": ("nb", "nob"),
    "nn": ("nn", "nno"),
    "no": ("no", "nor"),
    "sv": ("sv", "swe"),
    "da": ("da", "dan"),
    "fi": ("fi", "fin"),
    "ckb": ("ckb",),
    "kmr": ("kmr",),
    "ps": ("ps", "pus"),
    "am": ("am", "amh"),
    "fa": ("fa", "fas"),
    "en": ("en", "eng"),
    "ru": ("ru", "rus"),
    "tr": ("tr", "tur"),
    "vi": ("vi", "vie"),
    "my": ("my", "mya"),
}
CANONICAL_LANGUAGES = tuple(LANGUAGE_SPELLINGS)
#: Spelling -> canonical code.
CANONICAL_OF = {s: c for c, spellings in LANGUAGE_SPELLINGS.items() for s in spellings}

COUNTRIES = ("NO", "SE", "DK", "FI", "ER", "SY", "AF", "UA", "SO", "IQ", "ET", "MM", "VN")
NORDIC_COUNTRIES = ("NO", "SE", "DK", "FI")
TIME_ZONES = ("Europe/Oslo", "Europe/Stockholm", "Europe/Copenhagen", "Europe/Helsinki")
ZONES = tuple(ZoneInfo(name) for name in TIME_ZONES)

MUNICIPALITIES = (
    "Oslo",
    "Trondheim",
    "Tromsø",
    "Bærum",
    "Stockholm",
    "Malmö",
    "Göteborg",
    "Aarhus",
    "København",
    "Helsinki",
    "Jyväskylä",
    "Vaasa",
)
PARTNERS = ("Trondheim kommune", "Aarhus Kommune", "Malmö stad", "Helsingin kaupunki", "NAV")
ORGANISATIONS = ("Røde Kors", "Rädda Barnen", "VIDA", "Kirkens Bymisjon")
INSTRUMENTS = ("CRIES-8", "HSCL-25", "WHO-5", "own-survey")
TIME_POINTS = ("baseline", "3 months", "6 months", "12 months", "follow-up")
HOLIDAYS = ("autumn break", "summer", "sick leave", "travel")
BACKGROUNDS = ("Tigrinya", "Hazara", "Somali", "Kurdish")
FIELDS_OF_WORK = ("nursing", "IT", "carpentry", "teaching")
MEETING_PLACES = ("library", "café", "Deichman Bjørvika", "youth club")
GATHERING_TITLES = ("Summer party", "Bowling", "Julebord", "Hiking day")

EARLIEST = dt.date(2018, 1, 1)
LATEST = dt.date(2032, 12, 31)

# -- drawing helpers -----------------------------------------------------------------------------


def _pick(draw: st.DrawFn, options: Sequence[T]) -> T:
    """One of ``options`` (shrinks towards the first)."""
    return options[draw(st.integers(0, len(options) - 1))]


def _maybe(draw: st.DrawFn, strategy: st.SearchStrategy[T]) -> T | None:
    """``None`` or a value of ``strategy``."""
    return draw(strategy) if draw(st.booleans()) else None


def _days_after(draw: st.DrawFn, day: dt.date, max_days: int) -> dt.date:
    """A date from ``day`` to ``max_days`` later."""
    return day + dt.timedelta(days=draw(st.integers(0, max_days)))


def _optional_days_after(draw: st.DrawFn, day: dt.date, max_days: int) -> dt.date | None:
    return _days_after(draw, day, max_days) if draw(st.booleans()) else None


# -- scalars -------------------------------------------------------------------------------------

_ID_ALPHABET = string.ascii_lowercase + string.digits + "-_.øæåäö"


@functools.cache
def identifiers() -> st.SearchStrategy[str]:
    """Valid ids: one printable line, no surrounding spaces."""
    return st.text(alphabet=_ID_ALPHABET, min_size=1, max_size=8)


def _letters(low: int, high: int, extra: str = "") -> st.SearchStrategy[str]:
    return st.characters(
        min_codepoint=low,
        max_codepoint=high,
        categories=("Lu", "Ll", "Lo"),
        include_characters=extra,
    )


#: Letters of the scripts names are written in: Latin, Arabic, Persian, Ethiopic, Cyrillic.
SCRIPTS: dict[str, st.SearchStrategy[str]] = {
    "latin": st.sampled_from(string.ascii_letters + "æøåÆØÅäöÄÖéüçñşğıÇŞĞ"),
    "arabic": _letters(0x0621, 0x064A),
    "persian": st.one_of(_letters(0x0621, 0x064A), st.sampled_from("پچژگکی")),
    "ethiopic": _letters(0x1200, 0x135A),
    "cyrillic": _letters(0x0410, 0x044F, extra="ЁёІіЇїЄєҐґ"),
}
_WORDS = {
    script: st.lists(st.text(alphabet=letters, min_size=1, max_size=8), min_size=1, max_size=2)
    for script, letters in SCRIPTS.items()
}
_SCRIPT_NAMES = tuple(SCRIPTS)


@functools.cache
@st.composite
def display_names(draw: st.DrawFn) -> str:
    """A first name, or two words, in one script (letters only, so never empty after strip)."""
    return " ".join(draw(_WORDS[_pick(draw, _SCRIPT_NAMES)]))


@functools.cache
def texts() -> st.SearchStrategy[str]:
    """Short free text that is not empty after strip."""
    return st.one_of(display_names(), st.sampled_from(PARTNERS + MUNICIPALITIES))


_TAG = st.lists(
    st.text(alphabet=string.ascii_lowercase + "æøåäö", min_size=1, max_size=6),
    min_size=1,
    max_size=2,
).map(" ".join)


@functools.cache
def tags() -> st.SearchStrategy[frozenset[str]]:
    """Free-text tags already in normal form (lower case, single spaces)."""
    return st.frozensets(_TAG, max_size=3)


@functools.cache
def dates(min_value: dt.date = EARLIEST, max_value: dt.date = LATEST) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=min_value, max_value=max_value)


@functools.cache
def birth_dates() -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2016, 12, 31))


@functools.cache
def emails() -> st.SearchStrategy[str]:
    local = st.text(alphabet=string.ascii_lowercase + string.digits + ".", min_size=1, max_size=8)
    domain = st.sampled_from(("example.org", "frivillig.no", "rodakorset.se", "mail.dk"))
    return st.builds(lambda user, host: f"{user}@{host}", local, domain)


@functools.cache
def aware_datetimes(zone: ZoneInfo | None = None) -> st.SearchStrategy[dt.datetime]:
    """Aware datetimes in daytime hours (08:00 to 19:45), far from any DST change.

    Staying clear of the small hours keeps every instant unambiguous, so a datetime compares
    equal to its ISO text read back with a fixed offset.
    """
    zones = st.just(zone) if zone is not None else st.sampled_from(ZONES)
    return st.builds(
        lambda day, hour, quarter, tz: dt.datetime.combine(
            day, dt.time(hour, 15 * quarter), tzinfo=tz
        ),
        dates(),
        st.integers(8, 19),
        st.integers(0, 3),
        zones,
    )


# -- languages, time, places ---------------------------------------------------------------------

_SPELLINGS = tuple(sorted(CANONICAL_OF))
_LEVELS = tuple(LanguageLevel)


@functools.cache
def language_codes() -> st.SearchStrategy[str]:
    """Any spelling (639-1 or 639-3) of a supported language."""
    return st.sampled_from(_SPELLINGS)


@functools.cache
def levels() -> st.SearchStrategy[LanguageLevel]:
    return st.sampled_from(_LEVELS)


@st.composite
def _level_like(draw: st.DrawFn) -> LanguageLevel | str:
    level = _pick(draw, _LEVELS)
    return _pick(draw, (level, level.name.lower(), str(level)))


@functools.cache
def level_likes() -> st.SearchStrategy[LanguageLevel | str]:
    """A level as a member or as its name in any case."""
    return _level_like()


@functools.cache
def language_skills() -> st.SearchStrategy[LanguageSkill]:
    return st.builds(LanguageSkill, language_codes(), level_likes())


@functools.cache
@st.composite
def languages(draw: st.DrawFn, max_size: int = 3) -> dict[str, LanguageLevel | str]:
    """``{code: level}`` with distinct languages, each written in any of its spellings."""
    canonical = draw(st.lists(st.sampled_from(CANONICAL_LANGUAGES), unique=True, max_size=max_size))
    return {_pick(draw, LANGUAGE_SPELLINGS[code]): draw(level_likes()) for code in canonical}


_WEEKDAY_LIKES = (*Weekday, 0, 1, 2, 3, 4, 5, 6, "mon", "tuesday", "WED", "Sun")


@functools.cache
@st.composite
def weekly_windows(draw: st.DrawFn) -> WeeklyWindow:
    start = draw(st.integers(6 * 4, 22 * 4 - 1))  # in quarter hours from midnight
    end = draw(st.integers(start + 1, 22 * 4))
    return WeeklyWindow(
        _pick(draw, _WEEKDAY_LIKES),
        dt.time(start // 4, 15 * (start % 4)),
        dt.time(end // 4, 15 * (end % 4)),
    )


_HOLIDAYS = st.sampled_from(HOLIDAYS)


@functools.cache
@st.composite
def date_ranges(draw: st.DrawFn) -> DateRange:
    start = draw(dates())
    return DateRange(start, _days_after(draw, start, 60), label=_maybe(draw, _HOLIDAYS))


_LATITUDES = st.floats(-90, 90, allow_nan=False)
_LONGITUDES = st.floats(-180, 180, allow_nan=False)
_MUNICIPALITY_CODES = st.from_regex(r"[0-9]{3,4}", fullmatch=True)


@functools.cache
@st.composite
def locations(draw: st.DrawFn, with_coordinates: bool | None = None) -> Location:
    """A location; ``with_coordinates`` forces coordinates on or off (``None``: either)."""
    if with_coordinates is None:
        with_coordinates = draw(st.booleans())
    latitude = longitude = None
    if with_coordinates:
        latitude = draw(_LATITUDES)
        longitude = draw(_LONGITUDES)
    country = _pick(draw, COUNTRIES)
    return Location(
        _pick(draw, MUNICIPALITIES),
        _pick(draw, (country, country.lower())),
        code=_maybe(draw, _MUNICIPALITY_CODES),
        latitude=latitude,
        longitude=longitude,
    )


@functools.cache
@st.composite
def safeguarding_checks(draw: st.DrawFn) -> SafeguardingCheck:
    issued = draw(dates())
    kind = _pick(draw, tuple(CheckKind))
    return SafeguardingCheck(
        _pick(draw, (kind, kind.value)), issued, _optional_days_after(draw, issued, 3 * 365)
    )


# -- people and places ---------------------------------------------------------------------------

_GENDERS = tuple(Gender)
_CHILDREN = st.lists(st.integers(1990, 2025), max_size=3)
_AVAILABILITY = st.lists(weekly_windows(), max_size=3)
_UNAVAILABLE = st.lists(date_ranges(), max_size=2)
_PREFERENCES = st.frozensets(st.sampled_from(_GENDERS), max_size=2)


@st.composite
def _person_fields(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "id": draw(identifiers()),
        "display_name": draw(display_names()),
        "birth_date": _maybe(draw, birth_dates()),
        "gender": _pick(draw, _GENDERS),
        "languages": draw(languages()),
        "origin_country": _pick(draw, (None, *COUNTRIES)),
        "cultural_background": _pick(draw, (None, *BACKGROUNDS)),
        "location": _maybe(draw, locations()),
        "interests": draw(tags()),
        "professional_field": _pick(draw, (None, *FIELDS_OF_WORK)),
        "children_birth_years": draw(_CHILDREN),
        "availability": draw(_AVAILABILITY),
        "unavailable": draw(_UNAVAILABLE),
        "gender_preference": draw(_PREFERENCES),
        "email": _maybe(draw, emails()),
    }


_PERSON_FIELDS = _person_fields()


@functools.cache
def persons() -> st.SearchStrategy[Person]:
    return _PERSON_FIELDS.map(lambda fields: Person(**fields))


@functools.cache
@st.composite
def mentees(draw: st.DrawFn) -> Mentee:
    return Mentee(**draw(_PERSON_FIELDS), registered_on=_maybe(draw, dates()))


_CHECKS = st.lists(safeguarding_checks(), max_size=2)


@functools.cache
@st.composite
def mentors(draw: st.DrawFn) -> Mentor:
    return Mentor(
        **draw(_PERSON_FIELDS),
        capacity=draw(st.integers(0, 4)),
        trainings=draw(tags()),
        safeguarding_checks=draw(_CHECKS),
    )


_PLACE_AVAILABILITY = st.lists(weekly_windows(), max_size=2)


@functools.cache
@st.composite
def places(draw: st.DrawFn) -> Place:
    capacity = draw(st.integers(0, 25))
    return Place(
        draw(identifiers()),
        draw(texts()),
        kind=_pick(draw, tuple(PlaceKind)),
        capacity=capacity,
        minimum=draw(st.integers(0, capacity)),
        organisation=_pick(draw, (None, *ORGANISATIONS)),
        location=_maybe(draw, locations()),
        languages=draw(languages(max_size=2)),
        interests=draw(tags()),
        availability=draw(_PLACE_AVAILABILITY),
    )


def _some_of(records: Sequence[Mentor]) -> st.SearchStrategy[list[Mentor]]:
    return st.lists(st.sampled_from(records), min_size=1, max_size=2, unique_by=lambda m: m.id)


@functools.cache
@st.composite
def teams(draw: st.DrawFn) -> Team:
    members = draw(st.lists(mentors(), min_size=1, max_size=3, unique_by=lambda m: m.id))
    team_id = draw(identifiers().filter(lambda i: i not in {m.id for m in members}))
    return Team(
        team_id,
        draw(texts()),
        members=members,
        capacity=draw(st.integers(0, 4)),
        location=_maybe(draw, locations()),
    )


# -- programs ------------------------------------------------------------------------------------


@functools.cache
@st.composite
def age_windows(draw: st.DrawFn) -> AgeWindow:
    minimum = draw(st.integers(0, 130))
    return AgeWindow(minimum, draw(st.integers(minimum, 130)))


_CADENCE_UNITS = (PeriodUnit.WEEK, PeriodUnit.DAY, PeriodUnit.MONTH)
_WEEKDAY_SETS = st.lists(st.sampled_from(tuple(Weekday)), unique=True, max_size=3)


@functools.cache
@st.composite
def cadences(draw: st.DrawFn) -> Cadence:
    unit = _pick(draw, _CADENCE_UNITS)
    weekdays = draw(_WEEKDAY_SETS)
    week_of_month = None
    if unit is PeriodUnit.MONTH and len(weekdays) == 1:
        week_of_month = _pick(draw, (None, 1, 2, 3, 4, 5, -1))
    return Cadence(
        interval=draw(st.integers(1, 4)),
        unit=_pick(draw, (unit, unit.value)),
        weekdays=weekdays,
        week_of_month=week_of_month,
        sessions=_maybe(draw, st.integers(1, 40)),
        meeting_minutes=draw(st.integers(1, 24 * 60)),
    )


@functools.cache
def period_units() -> st.SearchStrategy[PeriodUnit]:
    return st.sampled_from(tuple(PeriodUnit))


@functools.cache
def periods() -> st.SearchStrategy[Period]:
    return st.builds(Period, st.integers(1, 36), period_units())


@functools.cache
def targets() -> st.SearchStrategy[Targets]:
    count = st.none() | st.integers(0, 5000)
    return st.builds(
        Targets, meetings=count, mentees=count, mentors=count, matches=count, gatherings=count
    )


_SITES = st.lists(st.sampled_from(MUNICIPALITIES), unique=True, max_size=3)


@functools.cache
@st.composite
def programs(draw: st.DrawFn) -> Program:
    return Program(
        draw(identifiers()),
        draw(texts()),
        country=_pick(draw, NORDIC_COUNTRIES),
        time_zone=_pick(draw, TIME_ZONES),
        mentee_ages=_maybe(draw, age_windows()),
        mentor_ages=_maybe(draw, age_windows()),
        cadence=_maybe(draw, cadences()),
        duration=_maybe(draw, periods()),
        starts_on=_maybe(draw, dates()),
        targets=draw(targets()),
        sites=draw(_SITES),
    )


# -- matches, meetings, referrals, follow-up -----------------------------------------------------

_REASONS = tuple(ClosureReason)
_PARTIES = tuple(Party)


def _closure(draw: st.DrawFn, started_on: dt.date) -> Closure:
    return Closure(_days_after(draw, started_on, 400), _pick(draw, _REASONS), _pick(draw, _PARTIES))


@functools.cache
@st.composite
def closures(draw: st.DrawFn) -> Closure:
    return _closure(draw, draw(dates()))


def _reference(draw: st.DrawFn, ids: tuple[str, ...] | None) -> str:
    """One of ``ids`` (the records of a ProgramData), or any valid id when ``ids`` is None."""
    return draw(identifiers()) if ids is None else _pick(draw, ids)


_MATCH_STATUSES = tuple(MatchStatus)
_SCORES = st.floats(-100, 100, allow_nan=False) | st.integers(0, 100)


@functools.cache
@st.composite
def matches(
    draw: st.DrawFn,
    mentee_ids: tuple[str, ...] | None = None,
    mentor_ids: tuple[str, ...] | None = None,
) -> Match:
    """A match whose status and closure agree and whose dates fall on or after its start."""
    started_on = draw(dates())
    status = _pick(draw, _MATCH_STATUSES)
    return Match(
        draw(identifiers()),
        mentee_id=_reference(draw, mentee_ids),
        mentor_id=_reference(draw, mentor_ids),
        started_on=started_on,
        status=_pick(draw, (status, status.value)),
        closure=_closure(draw, started_on) if status is MatchStatus.CLOSED else None,
        planned_end=_optional_days_after(draw, started_on, 2 * 365),
        score=_maybe(draw, _SCORES),
    )


_MEETING_STATUSES = tuple(MeetingStatus)


@functools.cache
@st.composite
def meetings(draw: st.DrawFn, match_ids: tuple[str, ...] | None = None) -> Meeting:
    start = draw(aware_datetimes())
    status = _pick(draw, _MEETING_STATUSES)
    meeting_id = draw(identifiers())
    moved_to = None
    if status is MeetingStatus.MOVED:
        moved_to = _maybe(draw, identifiers().filter(lambda other: other != meeting_id))
    return Meeting(
        meeting_id,
        _reference(draw, match_ids),
        start,
        start + dt.timedelta(minutes=draw(st.integers(1, 180))),
        status=status,
        place=_pick(draw, (None, *MEETING_PLACES)),
        moved_to=moved_to,
    )


_ANY_PARTICIPANTS = st.lists(identifiers(), unique=True, max_size=4)


@functools.cache
@st.composite
def gatherings(draw: st.DrawFn, people_ids: tuple[str, ...] | None = None) -> GroupGathering:
    """A gathering; inside a program ``people_ids`` are the people who may take part."""
    start = draw(aware_datetimes())
    if people_ids is None:
        participants = draw(_ANY_PARTICIPANTS)
    elif people_ids:
        participants = draw(st.lists(st.sampled_from(people_ids), unique=True, max_size=4))
    else:
        participants = []
    return GroupGathering(
        draw(identifiers()),
        _pick(draw, GATHERING_TITLES),
        start,
        start + dt.timedelta(minutes=draw(st.integers(1, 240))),
        participant_ids=participants,
        status=_pick(draw, _MEETING_STATUSES),
        place=_maybe(draw, texts()),
    )


@functools.cache
@st.composite
def referrals(draw: st.DrawFn, person_ids: tuple[str, ...] | None = None) -> Referral:
    """A referral; ``person_ids`` are the mentees it may name (``()``: it names nobody)."""
    referred_on = draw(dates())
    named = person_ids != () and draw(st.booleans())
    return Referral(
        draw(identifiers()),
        _pick(draw, PARTNERS),
        referred_on,
        person_id=_reference(draw, person_ids) if named else None,
        outcome=_pick(draw, tuple(ReferralOutcome)),
        decided_on=_optional_days_after(draw, referred_on, 120),
    )


@functools.cache
@st.composite
def commitments(draw: st.DrawFn) -> Commitment:
    starts_on = draw(dates())
    return Commitment(
        draw(identifiers()),
        _pick(draw, PARTNERS),
        draw(st.integers(0, 200)),
        starts_on,
        _days_after(draw, starts_on, 2 * 365),
    )


@functools.cache
def responses() -> st.SearchStrategy[list[float | int | None]]:
    item = st.none() | st.integers(0, 5) | st.floats(0, 5, allow_nan=False)
    return st.lists(item, min_size=1, max_size=25)


_INSTRUMENTS = st.sampled_from(INSTRUMENTS)
_TIME_POINTS = st.sampled_from(TIME_POINTS)
_OUTCOME_STATUSES = tuple(OutcomeStatus)


@functools.cache
@st.composite
def assessments(draw: st.DrawFn, person_ids: tuple[str, ...] | None = None) -> Assessment:
    return Assessment(
        draw(identifiers()),
        _reference(draw, person_ids),
        draw(_INSTRUMENTS),
        draw(_TIME_POINTS),
        draw(dates()),
        draw(responses()),
    )


@functools.cache
@st.composite
def outcomes(draw: st.DrawFn, person_ids: tuple[str, ...] | None = None) -> Outcome:
    return Outcome(
        draw(identifiers()),
        _reference(draw, person_ids),
        draw(dates()),
        _pick(draw, _OUTCOME_STATUSES),
    )


# -- whole programs ------------------------------------------------------------------------------


def _numbered(
    draw: st.DrawFn, strategy: st.SearchStrategy[T], prefix: str, max_size: int
) -> list[T]:
    """Draw up to ``max_size`` records and give them distinct ids ``prefix0``, ``prefix1``, ..."""
    items = draw(st.lists(strategy, max_size=max_size))
    return [attrs.evolve(item, id=f"{prefix}{n}") for n, item in enumerate(items)]  # type: ignore[misc]


@functools.cache
@st.composite
def program_data(draw: st.DrawFn) -> ProgramData:
    """A small ProgramData in which every reference names an existing record."""
    mentee_list = _numbered(draw, mentees(), "y", 4)
    mentor_list = _numbered(draw, mentors(), "m", 3)
    place_list = _numbered(draw, places(), "p", 2)
    team_list: list[Team] = []
    free = mentor_list  # a mentor is a member of one team at most
    for k in range(draw(st.integers(0, 2) if mentor_list else st.just(0))):
        if not free:
            break
        members = draw(_some_of(free))
        team_list.append(Team(f"t{k}", "Team", members=members, capacity=2))
        free = [m for m in free if m.id not in {member.id for member in members}]
    mentee_ids = tuple(m.id for m in mentee_list)
    host_ids = tuple(h.id for h in (*mentor_list, *place_list, *team_list))
    people_ids = mentee_ids + tuple(m.id for m in mentor_list)

    match_list: list[Match] = []
    if mentee_ids and host_ids:
        match_list = _numbered(draw, matches(mentee_ids, host_ids), "x", 4)
    match_ids = tuple(m.id for m in match_list)
    meeting_list = _numbered(draw, meetings(match_ids), "x-", 4) if match_ids else []
    return ProgramData(
        draw(programs()),
        mentees=mentee_list,
        mentors=mentor_list,
        places=place_list,
        teams=team_list,
        matches=match_list,
        meetings=meeting_list,
        gatherings=_numbered(draw, gatherings(people_ids), "g", 2),
        referrals=_numbered(draw, referrals(mentee_ids), "r", 2),
        commitments=_numbered(draw, commitments(), "k", 2),
        assessments=_numbered(draw, assessments(people_ids), "a", 3) if people_ids else [],
        outcomes=_numbered(draw, outcomes(people_ids), "o", 2) if people_ids else [],
    )


#: Every public attrs domain type with its strategy (ProgramData has its own tests).
RECORD_STRATEGIES: dict[type, st.SearchStrategy[Any]] = {
    LanguageSkill: language_skills(),
    WeeklyWindow: weekly_windows(),
    DateRange: date_ranges(),
    Period: periods(),
    Location: locations(),
    SafeguardingCheck: safeguarding_checks(),
    Person: persons(),
    Mentee: mentees(),
    Mentor: mentors(),
    Place: places(),
    Team: teams(),
    AgeWindow: age_windows(),
    Cadence: cadences(),
    Targets: targets(),
    Program: programs(),
    Closure: closures(),
    Match: matches(),
    Meeting: meetings(),
    GroupGathering: gatherings(),
    Referral: referrals(),
    Commitment: commitments(),
    Assessment: assessments(),
    Outcome: outcomes(),
}
