"""Seeded synthetic programs: people, places and, optionally, a year of history.

Every draw comes from one ``numpy.random.Generator`` seeded by the caller, in a fixed order, so
the same arguments always give the same data.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Sequence
from typing import Any

import numpy as np

from mentorlib.model import (
    AgeWindow,
    Assessment,
    Cadence,
    CheckKind,
    Closure,
    ClosureReason,
    Commitment,
    GroupGathering,
    LanguageLevel,
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
    Place,
    PlaceKind,
    Program,
    ProgramData,
    Referral,
    ReferralOutcome,
    SafeguardingCheck,
    Targets,
    ValidationError,
    WeeklyWindow,
)

from . import _data

__all__ = ["program", "vinn_vinn"]

_ZONES = {
    "NO": "Europe/Oslo",
    "SE": "Europe/Stockholm",
    "DK": "Europe/Copenhagen",
    "FI": "Europe/Helsinki",
}
_CHECKS = {
    "NO": CheckKind.POLITIATTEST,
    "SE": CheckKind.BELASTNINGSREGISTERUTDRAG,
    "DK": CheckKind.BORNEATTEST,
    "FI": CheckKind.RIKOSTAUSTAOTE,
}
_MUNICIPALITY_WORD = {"NO": "kommune", "SE": "kommun", "DK": "Kommune", "FI": "kaupunki"}
_START = dt.date(2026, 8, 17)
_LEVELS = (LanguageLevel.A1, LanguageLevel.A2, LanguageLevel.B1, LanguageLevel.B2)
_HIGH = (LanguageLevel.C1, LanguageLevel.C2)
_EVENING_STARTS = (dt.time(16), dt.time(17), dt.time(18), dt.time(19))
_WEEKEND_STARTS = (dt.time(10), dt.time(12), dt.time(14))
_CLOSURE_REASONS = (
    (ClosureReason.MENTEE_MOVED, Party.MENTEE, 0.16),
    (ClosureReason.MENTOR_WITHDREW, Party.MENTOR, 0.18),
    (ClosureReason.MENTEE_WITHDREW, Party.MENTEE, 0.14),
    (ClosureReason.LOST_CONTACT, Party.COORDINATOR, 0.22),
    (ClosureReason.GOAL_REACHED, Party.BOTH, 0.12),
    (ClosureReason.MISMATCH, Party.BOTH, 0.08),
    (ClosureReason.MENTOR_MOVED, Party.MENTOR, 0.06),
    (ClosureReason.OTHER, Party.COORDINATOR, 0.04),
)
_OUTCOMES = (
    (OutcomeStatus.WORK, 0.24),
    (OutcomeStatus.EDUCATION, 0.26),
    (OutcomeStatus.INTERNSHIP, 0.08),
    (OutcomeStatus.TRAINING, 0.05),
    (OutcomeStatus.JOB_SEEKING, 0.2),
    (OutcomeStatus.NONE, 0.1),
    (OutcomeStatus.UNKNOWN, 0.07),
)
# Items, and the values each item takes, of the instruments the history assesses with.
_INSTRUMENTS = {
    "CRIES-8": (8, (0, 1, 3, 5)),
    "HSCL-25": (25, (1, 2, 3, 4)),
    "WHO-5": (5, (0, 1, 2, 3, 4, 5)),
}


def vinn_vinn(seed: int = 0) -> ProgramData:
    """Return a synthetic program shaped like Vinn, vinn! (Redd Barna, Norway).

    60 refugee youths aged 16–23 and 60 adult volunteers in Oslo and Trondheim, meeting every
    14 days for a year from 17 August 2026, with targets of 1,200 meetings and 6 gatherings,
    and a year of history (matches, meetings, closures, referrals, assessments, outcomes).

    >>> data = vinn_vinn()
    >>> data.program.name, len(data.mentees), len(data.mentors)
    ('Vinn, vinn! (sample)', 60, 60)
    """
    setup = Program(
        "vinn-vinn",
        "Vinn, vinn! (sample)",
        country="NO",
        time_zone="Europe/Oslo",
        mentee_ages=(16, 23),
        mentor_ages=(25, 75),
        cadence=Cadence(interval=2, unit="week", meeting_minutes=90),
        duration=Period(1, "year"),
        starts_on=_START,
        targets=Targets(meetings=1200, mentees=60, mentors=60, gatherings=6),
        sites=("Oslo", "Trondheim"),
    )
    return _Generator(np.random.default_rng(seed), setup).build(60, 60, 0, history=True)


def program(
    seed: int = 0,
    *,
    mentees: int = 60,
    mentors: int = 60,
    places: int = 0,
    country: str = "NO",
    sites: Sequence[str] | None = None,
    starts_on: dt.date = _START,
    history: bool = True,
) -> ProgramData:
    """Return a seeded synthetic program of any size, from 60×60 up to 20,000×20,000.

    Parameters
    ----------
    seed
        The same seed and arguments give the same data.
    mentees, mentors, places
        How many of each to make. Places are association activities and courses.
    country
        ``"NO"``, ``"SE"``, ``"DK"`` or ``"FI"``: the municipalities, local language, names,
        time zone and kind of safeguarding certificate.
    sites
        Municipalities of that country the program runs in; all in the sample tables if omitted.
    starts_on
        The program's first day; it runs for a year.
    history
        Also make a year of matches, meetings, closures, gatherings, referrals, commitments,
        assessments and outcomes. Turn off for large matching instances.

    Examples
    --------
    >>> data = program(seed=7, mentees=200, mentors=150, country="SE", history=False)
    >>> data.program.time_zone, len(data.mentees), len(data.matches)
    ('Europe/Stockholm', 200, 0)
    """
    country = country.upper()
    if country not in _ZONES:
        raise ValidationError(
            f"no sample data for {country!r}; use one of {', '.join(_ZONES)}",
            record="samples.program",
            field="country",
        )
    for name, value in (("mentees", mentees), ("mentors", mentors), ("places", places)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(
                f"must be a whole number of at least 0, got {value!r}",
                record="samples.program",
                field=name,
            )
    known = [m.name for m in _data.MUNICIPALITIES if m.country == country]
    chosen = tuple(known) if sites is None else tuple(sites)
    unknown = [s for s in chosen if s not in known]
    if unknown or not chosen:
        raise ValidationError(
            f"no sample municipality {unknown[0] if unknown else '(none given)'!r} in "
            f"{country}; use some of {', '.join(known)}",
            record="samples.program",
            field="sites",
        )
    setup = Program(
        f"sample-{country.lower()}",
        f"Sample program ({country})",
        country=country,
        time_zone=_ZONES[country],
        mentee_ages=(16, 30),
        mentor_ages=(20, 75),
        cadence=Cadence(interval=2, unit="week", meeting_minutes=90),
        duration=Period(1, "year"),
        starts_on=starts_on,
        targets=Targets(mentees=mentees, mentors=mentors, meetings=20 * min(mentees, mentors)),
        sites=chosen,
    )
    return _Generator(np.random.default_rng(seed), setup).build(
        mentees, mentors, places, history=history
    )


class _Generator:
    """Draws one program's records; a new instance per call keeps the draws in a fixed order."""

    def __init__(self, rng: np.random.Generator, setup: Program) -> None:
        # Both callers build programs with a start and both age windows.
        assert setup.starts_on is not None
        assert setup.mentee_ages is not None
        assert setup.mentor_ages is not None
        self.rng = rng
        self.setup = setup
        self.start: dt.date = setup.starts_on
        self.mentee_ages: AgeWindow = setup.mentee_ages
        self.mentor_ages: AgeWindow = setup.mentor_ages
        self.zone = zoneinfo.ZoneInfo(setup.time_zone)
        self.local = _data.LOCAL_LANGUAGES[setup.country]
        self.local_pool = _data.LOCAL_NAME_POOLS[setup.country]
        self.towns = [
            m for m in _data.MUNICIPALITIES if m.country == setup.country and m.name in setup.sites
        ]
        weights = np.array([m.weight for m in self.towns])
        self.town_p = weights / weights.sum()
        shares = np.array([share.weight for share in _data.LANGUAGES])
        self.language_p = shares / shares.sum()

    def build(self, mentees: int, mentors: int, places: int, *, history: bool) -> ProgramData:
        people = self._mentees(mentees)
        volunteers = self._mentors(mentors)
        hosts = self._places(places)
        if not history:
            return ProgramData(self.setup, people, volunteers, hosts)
        return _History(self, people, volunteers, hosts).build()

    # -- people -----------------------------------------------------------------------------
    # Each attribute is drawn for all people at once (numpy arrays), then records are built.

    def _ids(self, prefix: str, count: int) -> list[str]:
        width = max(len(str(count)), 2)
        return [f"{prefix}{n:0{width}d}" for n in range(1, count + 1)]

    def _names(self, pools: list[str], genders: list[str]) -> list[str]:
        given_roll, family_roll = self.rng.random((2, len(pools)))
        names = []
        for pool, gender, g, f in zip(pools, genders, given_roll, family_roll, strict=True):
            given = _by_gender(pool, gender)
            family = _data.FAMILY_NAMES[pool]
            names.append(f"{given[int(g * len(given))]} {family[int(f * len(family))]}")
        return names

    def _birth_dates(self, count: int, youngest: int, oldest: int) -> list[dt.date]:
        days = self.rng.integers(youngest * 365 + 1, (oldest + 1) * 365 - 1, size=count)
        return [self.start - dt.timedelta(days=int(d)) for d in days]

    def _locations(self, count: int) -> list[Location]:
        towns = self.rng.choice(len(self.towns), size=count, p=self.town_p)
        jitter = self.rng.normal(0.0, 0.03, size=(count, 2))
        locations = []
        for town_index, (dlat, dlon) in zip(towns, jitter, strict=True):
            town = self.towns[int(town_index)]
            locations.append(
                Location(
                    town.name,
                    town.country,
                    code=town.code,
                    latitude=round(town.latitude + float(dlat), 4),
                    longitude=round(town.longitude + 2 * float(dlon), 4),
                )
            )
        return locations

    def _availability(self, count: int) -> list[list[WeeklyWindow]]:
        """One to three windows a person, on different days: evenings, or weekend daytime."""
        sizes = self.rng.integers(1, 4, size=count)
        days = self.rng.random((count, 7)).argsort(axis=1)
        starts = self.rng.random((count, 3))
        hours = self.rng.integers(2, 4, size=(count, 3))
        result = []
        for person in range(count):
            windows = []
            for k in range(int(sizes[person])):
                weekday = int(days[person, k])
                choices = _WEEKEND_STARTS if weekday >= 5 else _EVENING_STARTS
                start = choices[int(starts[person, k] * len(choices))]
                end = start.replace(hour=start.hour + int(hours[person, k]))
                windows.append(WeeklyWindow(weekday, start, end))
            result.append(windows)
        return result

    def _tags(self, count: int, pool: tuple[str, ...], low: int, high: int) -> list[list[str]]:
        sizes = self.rng.integers(low, high + 1, size=count)
        order = self.rng.random((count, len(pool))).argsort(axis=1)
        return [[pool[int(i)] for i in order[p, : int(sizes[p])]] for p in range(count)]

    def _genders(self, count: int, p_female: float) -> list[str]:
        roll = self.rng.random(count)
        return [
            "non-binary"
            if r < 0.02
            else "undisclosed"
            if r < 0.05
            else "female"
            if r < 0.05 + p_female * 0.95
            else "male"
            for r in roll
        ]

    def _languages(self, count: int) -> list[_data.LanguageShare]:
        picks = self.rng.choice(len(_data.LANGUAGES), size=count, p=self.language_p)
        return [_data.LANGUAGES[int(i)] for i in picks]

    def _mentees(self, count: int) -> list[Mentee]:
        ages = self.mentee_ages
        ids = self._ids("e", count)
        shares = self._languages(count)
        pool_roll, origin_roll, english, field_roll, child_roll, prefers = self.rng.random(
            (6, count)
        )
        pools = [s.scripts[int(r * len(s.scripts))] for s, r in zip(shares, pool_roll, strict=True)]
        genders = self._genders(count, 0.42)
        names = self._names(pools, genders)
        births = self._birth_dates(count, ages.minimum, ages.maximum)
        local_levels = self.rng.integers(len(_LEVELS), size=count)
        english_levels = self.rng.integers(1, len(_LEVELS), size=count)
        locations = self._locations(count)
        interests = self._tags(count, _data.INTERESTS, 1, 4)
        fields = self._tags(count, _data.PROFESSIONAL_FIELDS, 1, 1)
        child_ages = self.rng.integers(0, 6, size=count)
        availability = self._availability(count)
        waited = self.rng.integers(0, 365, size=count)
        people = []
        for i, person_id in enumerate(ids):
            share = shares[i]
            age = (self.start - births[i]).days // 365
            languages: dict[str, Any] = {share.code: LanguageLevel.NATIVE}
            languages.setdefault(self.local, _LEVELS[int(local_levels[i])])
            if english[i] < 0.45:
                languages.setdefault("en", _LEVELS[int(english_levels[i])])
            adult = age >= 20
            people.append(
                Mentee(
                    person_id,
                    names[i],
                    birth_date=births[i],
                    gender=genders[i],
                    languages=languages,
                    origin_country=share.origin_countries[
                        int(origin_roll[i] * len(share.origin_countries))
                    ],
                    location=locations[i],
                    interests=interests[i],
                    professional_field=fields[i][0] if adult and field_roll[i] < 0.5 else None,
                    children_birth_years=(
                        [self.start.year - int(child_ages[i])]
                        if adult and child_roll[i] < 0.12
                        else []
                    ),
                    availability=availability[i],
                    gender_preference=(
                        ["female"] if genders[i] == "female" and prefers[i] < 0.35 else []
                    ),
                    email=f"{person_id}@example.org",
                    registered_on=self.start - dt.timedelta(days=int(waited[i])),
                )
            )
        return people

    def _mentors(self, count: int) -> list[Mentor]:
        ages = self.mentor_ages
        kind = _CHECKS[self.setup.country]
        ids = self._ids("m", count)
        shares = self._languages(count)
        (
            immigrant,
            pool_roll,
            learned,
            english,
            has_check,
            long_check,
            has_field,
            has_children,
            trained,
            trauma,
        ) = self.rng.random((10, count))
        high_levels = self.rng.integers(2, size=(count, 2))
        learned_levels = self.rng.integers(2, 4, size=count)
        learned_shares = self._languages(count)
        genders = self._genders(count, 0.58)
        pools = [
            s.scripts[int(r * len(s.scripts))] if roll < 0.3 else self.local_pool
            for s, r, roll in zip(shares, pool_roll, immigrant, strict=True)
        ]
        names = self._names(pools, genders)
        births = self._birth_dates(count, ages.minimum, min(ages.maximum, 70))
        issued_days = self.rng.integers(0, 700, size=count)
        locations = self._locations(count)
        interests = self._tags(count, _data.INTERESTS, 1, 4)
        fields = self._tags(count, _data.PROFESSIONAL_FIELDS, 1, 1)
        children = self.rng.integers(0, 25, size=(count, 3))
        child_counts = self.rng.integers(1, 4, size=count)
        availability = self._availability(count)
        capacities = self.rng.choice(3, size=count, p=(0.75, 0.2, 0.05)) + 1
        people = []
        for i, person_id in enumerate(ids):
            languages: dict[str, Any] = {}
            if immigrant[i] < 0.3:
                languages[shares[i].code] = LanguageLevel.NATIVE
                languages.setdefault(self.local, _HIGH[int(high_levels[i, 0])])
                origin = shares[i].origin_countries[0]
            else:
                languages[self.local] = LanguageLevel.NATIVE
                if learned[i] < 0.15:
                    languages.setdefault(learned_shares[i].code, _LEVELS[int(learned_levels[i])])
                origin = self.setup.country
            if english[i] < 0.8:
                languages.setdefault("en", _HIGH[int(high_levels[i, 1])])
            checks = []
            if has_check[i] < 0.9:
                issued = self.start - dt.timedelta(days=int(issued_days[i]))
                # Some certificates lapse before or during the program year.
                years = 3 if long_check[i] < 0.7 else 1
                checks.append(SafeguardingCheck(kind, issued, issued + dt.timedelta(365 * years)))
            people.append(
                Mentor(
                    person_id,
                    names[i],
                    birth_date=births[i],
                    gender=genders[i],
                    languages=languages,
                    origin_country=origin,
                    location=locations[i],
                    interests=interests[i],
                    professional_field=fields[i][0] if has_field[i] < 0.85 else None,
                    children_birth_years=(
                        [self.start.year - int(a) for a in children[i, : int(child_counts[i])]]
                        if has_children[i] < 0.4
                        else []
                    ),
                    availability=availability[i],
                    email=f"{person_id}@example.org",
                    capacity=int(capacities[i]),
                    trainings=(
                        ["basic mentor training"]
                        + (["trauma awareness"] if trauma[i] < 0.4 else [])
                        if trained[i] < 0.85
                        else []
                    ),
                    safeguarding_checks=checks,
                )
            )
        return people

    def _places(self, count: int) -> list[Place]:
        ids = self._ids("p", count)
        course = self.rng.random(count) < 0.3
        interests = self._tags(count, _data.INTERESTS, 1, 1)
        locations = self._locations(count)
        sizes = self.rng.integers(3, 16, size=count)
        availability = self._availability(count)
        places = []
        for i, place_id in enumerate(ids):
            interest, town = interests[i][0], locations[i].municipality
            places.append(
                Place(
                    place_id,
                    f"{'Course' if course[i] else 'Club'}: {interest}, {town}",
                    kind=PlaceKind.COURSE if course[i] else PlaceKind.ACTIVITY,
                    capacity=20 if course[i] else int(sizes[i]),
                    minimum=15 if course[i] else 0,
                    organisation=f"{town} {interest} association",
                    location=locations[i],
                    languages={self.local: "native"},
                    interests=[interest],
                    availability=availability[i],
                )
            )
        return places


@functools.cache
def _by_gender(pool: str, gender: str) -> tuple[str, ...]:
    """Given names of a pool for a gender (any name when the gender is not female or male)."""
    names = _data.GIVEN_NAMES[pool]
    return tuple(n for n, g in names if g == gender) or tuple(n for n, _ in names)


class _History:
    """A year of a program's life: who was matched, met, left, was referred and assessed."""

    def __init__(
        self,
        gen: _Generator,
        mentees: list[Mentee],
        mentors: list[Mentor],
        places: list[Place],
    ) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.mentees = mentees
        self.mentors = mentors
        self.places = places
        self.end = gen.start + dt.timedelta(days=364)

    def build(self) -> ProgramData:
        matches = self._matches()
        return ProgramData(
            self.gen.setup,
            self.mentees,
            self.mentors,
            self.places,
            matches,
            self._meetings(matches),
            self._gatherings(matches),
            *self._referrals(matches),
            self._assessments(matches),
            self._outcomes(matches),
        )

    def _matches(self) -> list[Match]:
        """Pair most mentees with a mentor who shares a language and has room (greedy)."""
        room = {m.id: m.capacity for m in self.mentors}
        by_language: dict[str, list[str]] = {}
        for mentor in self.mentors:
            for skill in mentor.languages:
                by_language.setdefault(skill.code, []).append(mentor.id)
        matches: list[Match] = []
        order = self.rng.permutation(len(self.mentees))
        ids = self.gen._ids("x", len(self.mentees))
        reasons = [r for r, _, _ in _CLOSURE_REASONS]
        reason_p = np.array([p for _, _, p in _CLOSURE_REASONS])
        for index in order:
            mentee = self.mentees[int(index)]
            if self.rng.random() < 0.15:
                continue  # still waiting
            candidates = [
                mentor_id
                for skill in mentee.languages
                for mentor_id in by_language.get(skill.code, ())
                if room[mentor_id] > 0
            ]
            if not candidates:
                continue
            mentor_id = candidates[int(self.rng.integers(len(candidates)))]
            room[mentor_id] -= 1
            started = self.gen.start + dt.timedelta(days=int(self.rng.integers(0, 60)))
            match = Match(
                ids[len(matches)],
                mentee.id,
                mentor_id,
                started,
                planned_end=started + dt.timedelta(days=364),
            )
            if self.rng.random() < 0.35:
                lasted = int(self.rng.exponential(120)) + 7
                if started + dt.timedelta(days=lasted) < self.end:
                    pick = int(self.rng.choice(len(reasons), p=reason_p / reason_p.sum()))
                    _, party, _ = _CLOSURE_REASONS[pick]
                    match = match.close(
                        Closure(started + dt.timedelta(days=lasted), reasons[pick], party)
                    )
            matches.append(match)
        return sorted(matches, key=lambda m: m.id)

    def _meetings(self, matches: list[Match]) -> list[Meeting]:
        """Meetings every 14 days at 17:00 local time until the match closed or the year ended."""
        meetings = []
        statuses = (
            MeetingStatus.HELD,
            MeetingStatus.CANCELLED,
            MeetingStatus.NO_SHOW,
            MeetingStatus.MOVED,
        )
        status_p = (0.82, 0.1, 0.05, 0.03)
        for match in matches:
            last = self.end if match.closure is None else match.closure.on
            day = match.started_on
            number = 1
            while day <= last:
                start = dt.datetime.combine(day, dt.time(17), self.gen.zone)
                status = statuses[int(self.rng.choice(4, p=status_p))]
                meeting_id = f"{match.id}-{number:02d}"
                if status is MeetingStatus.MOVED:
                    meetings.append(
                        Meeting(
                            meeting_id,
                            match.id,
                            start,
                            start + dt.timedelta(minutes=90),
                            status=status,
                            moved_to=f"{meeting_id}b",
                        )
                    )
                    start += dt.timedelta(days=2)
                    meeting_id, status = f"{meeting_id}b", MeetingStatus.HELD
                meetings.append(
                    Meeting(
                        meeting_id, match.id, start, start + dt.timedelta(minutes=90), status=status
                    )
                )
                day += dt.timedelta(days=14)
                number += 1
        return meetings

    def _gatherings(self, matches: list[Match]) -> list[GroupGathering]:
        """Six gatherings over the year, each with the people of the matches active that day."""
        gatherings = []
        for number in range(6):
            day = self.gen.start + dt.timedelta(days=30 + 60 * number)
            while day.weekday() != 5:
                day += dt.timedelta(days=1)
            active = [m for m in matches if m.is_active_on(day)]
            participants = [m.mentee_id for m in active]
            participants += sorted({m.mentor_id for m in active} - set(participants))
            start = dt.datetime.combine(day, dt.time(12), self.gen.zone)
            gatherings.append(
                GroupGathering(
                    f"g{number + 1}",
                    f"Gathering {number + 1}",
                    start,
                    start + dt.timedelta(hours=3),
                    participant_ids=participants,
                    status=MeetingStatus.HELD,
                    place=f"{self.gen.towns[0].name} youth centre",
                )
            )
        return gatherings

    def _partner(self, municipality: str) -> str:
        """Return the municipality as a referring partner, named as it names itself."""
        return f"{municipality} {_MUNICIPALITY_WORD[self.gen.setup.country]}"

    def _referrals(self, matches: list[Match]) -> tuple[list[Referral], list[Commitment]]:
        """Make a referral per mentee, some that went nowhere, and commitments partners missed."""
        matched = {m.mentee_id for m in matches}
        partners = [self._partner(town.name) for town in self.gen.towns]
        referrals = []
        ids = iter(self.gen._ids("r", len(self.mentees) * 2))
        per_partner = dict.fromkeys(partners, 0)
        for mentee in self.mentees:
            assert mentee.registered_on is not None
            assert mentee.location is not None
            partner = self._partner(mentee.location.municipality)
            referred = mentee.registered_on - dt.timedelta(days=int(self.rng.integers(7, 60)))
            outcome = ReferralOutcome.MATCHED if mentee.id in matched else ReferralOutcome.ACCEPTED
            referrals.append(
                Referral(next(ids), partner, referred, mentee.id, outcome, mentee.registered_on)
            )
            per_partner[partner] += 1
        for _ in range(len(self.mentees) // 4):
            partner = partners[int(self.rng.integers(len(partners)))]
            referred = self.gen.start - dt.timedelta(days=int(self.rng.integers(30, 400)))
            outcome = (
                ReferralOutcome.DECLINED,
                ReferralOutcome.WITHDRAWN,
                ReferralOutcome.PENDING,
            )[int(self.rng.integers(3))]
            decided = None if outcome is ReferralOutcome.PENDING else referred + dt.timedelta(14)
            referrals.append(Referral(next(ids), partner, referred, None, outcome, decided))
            per_partner[partner] += 1
        commitments = [
            Commitment(
                f"k{number}",
                partner,
                round(count * float(self.rng.uniform(1.1, 1.6))) + 1,
                self.gen.start - dt.timedelta(days=400),
                self.end,
            )
            for number, (partner, count) in enumerate(per_partner.items(), start=1)
        ]
        return referrals, commitments

    def _assessments(self, matches: list[Match]) -> list[Assessment]:
        """Answer instruments at baseline and at the end for matched mentees, some items missing."""
        assessments = []
        number = 0
        for match in matches:
            ended = match.closure is not None
            for instrument, (items, values) in _INSTRUMENTS.items():
                # Each person has their own level of distress (most mild, some severe), which
                # sets how high their answers run; the year then moves some answers one step.
                better_is_higher = instrument == "WHO-5"
                distress = self.rng.beta(1.6, 3.2)
                base = self.rng.binomial(len(values) - 1, distress, size=items)
                if better_is_higher:
                    base = len(values) - 1 - base
                for time_point, shift in (("baseline", 0), ("end", 0 if ended else 1)):
                    if time_point == "end" and ended and self.rng.random() < 0.6:
                        continue  # lost to follow-up
                    step = shift if better_is_higher else -shift
                    levels = np.clip(
                        base + step * (self.rng.random(items) < 0.5), 0, len(values) - 1
                    )
                    responses: list[int | None] = [values[int(v)] for v in levels]
                    if self.rng.random() < 0.1:
                        responses[int(self.rng.integers(items))] = None
                    number += 1
                    on = match.started_on if time_point == "baseline" else self.end
                    if match.closure is not None and time_point == "end":
                        on = match.closure.on
                    assessments.append(
                        Assessment(
                            f"a{number:06d}", match.mentee_id, instrument, time_point, on, responses
                        )
                    )
        return assessments

    def _outcomes(self, matches: list[Match]) -> list[Outcome]:
        """Record what each matched mentee did when the match ended or the year was over."""
        statuses = [s for s, _ in _OUTCOMES]
        p = np.array([w for _, w in _OUTCOMES])
        outcomes = []
        for number, match in enumerate(matches, start=1):
            on = self.end if match.closure is None else match.closure.on
            status = statuses[int(self.rng.choice(len(statuses), p=p / p.sum()))]
            if (
                match.status is MatchStatus.CLOSED
                and match.closure is not None
                and (match.closure.reason is ClosureReason.GOAL_REACHED)
            ):
                status = OutcomeStatus.WORK if self.rng.random() < 0.5 else OutcomeStatus.EDUCATION
            outcomes.append(Outcome(f"o{number:05d}", match.mentee_id, on, status))
        return outcomes
