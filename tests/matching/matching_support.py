"""Support for the matching tests: small random instances and independent, plain-Python oracles.

Nothing here calls the library's rule implementations. The hard rules and score rules are
re-implemented per pair from their documented meaning (reading only each rule's public
parameters), and the optimum is computed with scipy (``linear_sum_assignment`` on a
capacity-expanded matrix, or ``milp`` when side constraints are involved), so the tests compare
the library against code that shares none of its arrays, blocking keys or solvers.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import math
from collections.abc import Iterator, Sequence
from typing import Any
from unittest import mock

import numpy as np
from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp

from mentorlib.matching import (
    HardRule,
    MatchResult,
    Pairs,
    ScoreRule,
    SideConstraint,
    _assignment,
    _match,
    match,
    rules,
)
from mentorlib.model import (
    Gender,
    LanguageLevel,
    Location,
    Mentee,
    Mentor,
    Period,
    Place,
    SafeguardingCheck,
    WeeklyWindow,
)

ON = dt.date(2026, 8, 17)
EARTH_KM = 6371.0088
#: How far a pair's score may differ from the plain-Python one. The library measures distance
#: from the chord between unit vectors, which rounding may put a hair off haversine (Proximity
#: with km=10 may then score 0.99999 instead of 1); haversine here is exact.
SCORE_TOLERANCE = 1e-4

LANGUAGES = ("nb", "ti", "ar", "so", "und")  # und: undetermined, a code that is no language
LEVELS = tuple(LanguageLevel)
INTERESTS = ("football", "chess", "music", "cooking", "hiking")
FIELDS = ("nursing", "Nursing", "IT", "teaching")
BACKGROUNDS = ("Tigrinya", "Somali", "Syrian")
ORIGINS = ("ER", "SO", "SY", "NO")
TRAINED = ((), ("basic",), ("basic", "child safety"), ("basic",), ("child safety",))

#: Municipality, country, latitude, longitude. Oslo, Bærum and Asker lie within ~20 km of each
#: other, Drammen ~35 km from Oslo, Trondheim far away; a second "Vik" in Sweden checks that
#: the country counts in "same municipality".
MUNICIPALITIES = (
    ("Oslo", "NO", 59.9139, 10.7522),
    ("Bærum", "NO", 59.8940, 10.5460),
    ("Asker", "NO", 59.8333, 10.4333),
    ("Drammen", "NO", 59.7439, 10.2045),
    ("Trondheim", "NO", 63.4305, 10.3951),
    ("Vik", "NO", 61.0870, 6.5860),
    ("Vik", "SE", 55.6100, 14.2800),
)


# -- strategies ------------------------------------------------------------------------------


@st.composite
def locations(draw: st.DrawFn) -> Location | None:
    """A municipality, usually with jittered coordinates, sometimes without; rarely none."""
    if draw(st.integers(0, 9)) == 0:
        return None
    name, country, lat, lon = draw(st.sampled_from(MUNICIPALITIES))
    if draw(st.integers(0, 3)) == 0:
        return Location(name, country)
    d_lat = draw(st.integers(-8, 8)) / 100
    d_lon = draw(st.integers(-8, 8)) / 100
    return Location(name, country, latitude=lat + d_lat, longitude=lon + d_lon)


@st.composite
def language_maps(draw: st.DrawFn) -> dict[str, LanguageLevel]:
    codes = draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=3, unique=True))
    return {code: draw(st.sampled_from(LEVELS)) for code in codes}


@st.composite
def windows(draw: st.DrawFn) -> list[WeeklyWindow]:
    """Up to three windows on Monday to Wednesday, 30 to 180 minutes each (overlaps likely)."""
    out = []
    grain = draw(st.sampled_from([30, 30, 30, 1]))  # edges on the half hour, or any minute
    for _ in range(draw(st.integers(0, 3))):
        day = draw(st.integers(0, 2))
        start = draw(st.integers(480 // grain, 1200 // grain)) * grain  # 08:00 .. 20:00
        length = draw(st.integers(30 // grain, 180 // grain)) * grain
        end = start + length
        out.append(
            WeeklyWindow(day, dt.time(start // 60, start % 60), dt.time(end // 60, end % 60))
        )
    return out


@st.composite
def checks(draw: st.DrawFn) -> list[SafeguardingCheck]:
    out = []
    for _ in range(draw(st.integers(0, 2))):
        issued = dt.date(2025, 6, 1) + dt.timedelta(days=draw(st.integers(0, 600)))
        until = None
        if draw(st.booleans()):
            until = issued + dt.timedelta(days=draw(st.integers(0, 500)))
        out.append(SafeguardingCheck("politiattest", issued, until))
    return out


def _birth(draw: st.DrawFn, first_year: int, years: int) -> dt.date:
    return dt.date(first_year, 1, 1) + dt.timedelta(days=draw(st.integers(0, years * 365)))


def _common(draw: st.DrawFn) -> dict[str, Any]:
    preference: frozenset[Gender] = frozenset()
    if draw(st.integers(0, 3)) == 0:
        preference = frozenset(draw(st.lists(st.sampled_from(list(Gender)), max_size=2)))
    return {
        "gender": draw(st.sampled_from(list(Gender))),
        "gender_preference": preference,
        "languages": draw(language_maps()),
        "location": draw(locations()),
        "interests": draw(st.lists(st.sampled_from(INTERESTS), max_size=3)),
        "professional_field": draw(st.none() | st.sampled_from(FIELDS)),
        "cultural_background": draw(st.none() | st.sampled_from(BACKGROUNDS)),
        "origin_country": draw(st.none() | st.sampled_from(ORIGINS)),
        "children_birth_years": draw(st.lists(st.integers(1995, 2024), max_size=2)),
        "availability": draw(windows()),
    }


@st.composite
def mentees(draw: st.DrawFn, index: int) -> Mentee:
    """A mentee aged about 12 to 26 on :data:`ON` (birth date always known)."""
    registered = None
    if draw(st.booleans()):
        registered = ON - dt.timedelta(days=draw(st.integers(-30, 800)))
    return Mentee(
        f"e{index}",
        f"Mentee {index}",
        birth_date=_birth(draw, 2000, 14),
        registered_on=registered,
        **_common(draw),
    )


@st.composite
def mentors(draw: st.DrawFn, index: int, max_capacity: int = 3) -> Mentor:
    """A mentor aged about 20 to 75 on :data:`ON` (birth date sometimes unknown)."""
    birth = None if draw(st.integers(0, 5)) == 0 else _birth(draw, 1951, 55)
    return Mentor(
        f"m{index}",
        f"Mentor {index}",
        birth_date=birth,
        capacity=draw(st.integers(0, max_capacity)),
        trainings=draw(st.sampled_from(TRAINED)),
        safeguarding_checks=draw(checks()),
        **_common(draw),
    )


@st.composite
def people(
    draw: st.DrawFn, max_mentees: int = 7, max_mentors: int = 5
) -> tuple[list[Mentee], list[Mentor]]:
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(1, max_mentors)) if draw(st.integers(0, 7)) else 0
    return [draw(mentees(i)) for i in range(n)], [draw(mentors(j)) for j in range(m)]


@st.composite
def hard_rules(
    draw: st.DrawFn, mentee_ids: Sequence[str], mentor_ids: Sequence[str]
) -> list[HardRule]:
    """A random selection of the built-in hard rules with random parameters."""
    out: list[HardRule] = []
    if draw(st.booleans()):
        out.append(rules.SharedLanguage(draw(st.sampled_from(["A2", "B1", "B2"]))))
    if draw(st.integers(0, 3)) == 0:
        out.append(rules.WithinAgeWindows(mentees=(14, 23), mentors=(20, 70)))
    if draw(st.integers(0, 3)) == 0:
        low = draw(st.integers(-5, 15))
        out.append(rules.AgeGap(low, low + draw(st.integers(0, 40))))
    if draw(st.integers(0, 2)) == 0:
        out.append(rules.GenderPreference())
    if draw(st.booleans()):
        through = draw(st.sampled_from([None, Period(6, "month"), dt.date(2027, 1, 1)]))
        out.append(rules.SafeguardingForMinors(through=through))
    place = draw(st.integers(0, 3))
    if place == 1:
        out.append(rules.SameMunicipality())
    elif place == 2:
        km = draw(st.sampled_from([2.0, 5.0, 15.0, 25.0, 40.0]))
        out.append(rules.WithinDistance(km, same_municipality=draw(st.booleans())))
    if draw(st.integers(0, 2)) == 0:
        out.append(rules.AvailabilityOverlap(draw(st.sampled_from([0, 30, 60, 90]))))
    if mentee_ids and mentor_ids and draw(st.integers(0, 2)) == 0:
        forbidden = draw(
            st.lists(
                st.tuples(st.sampled_from(mentee_ids), st.sampled_from(mentor_ids)), max_size=4
            )
        )
        out.append(rules.ForbiddenPairs(forbidden))
    if draw(st.integers(0, 4)) == 0:
        out.append(
            rules.TrainingCompleted(draw(st.sampled_from(["basic", ["Basic", "child safety"]])))
        )
    return draw(st.permutations(out))


WEIGHTS = st.sampled_from([0.5, 1.0, 2.0, 3.0])


@st.composite
def score_rules(draw: st.DrawFn) -> list[ScoreRule]:
    """A random selection of the built-in score rules with random weights."""
    options = [
        lambda w: rules.SharedInterests(w, enough=draw(st.integers(1, 3))),
        lambda w: rules.SameProfessionalField(w),
        lambda w: rules.SharedBackground(w, origin_share=draw(st.sampled_from([0.25, 0.5]))),
        lambda w: rules.LifeSituation(w, years=draw(st.integers(0, 4))),
        lambda w: rules.NativeLanguage(w, minimum=draw(st.sampled_from(["B1", "C1"]))),
        lambda w: rules.LanguageFluency(w),
        lambda w: rules.Proximity(w, km=draw(st.sampled_from([10.0, 30.0]))),
        lambda w: rules.PreferredAgeGap(w, years=15, tolerance=20),
        lambda w: rules.WaitingTime(w, days=draw(st.sampled_from([100, 365]))),
    ]
    return [make(draw(WEIGHTS)) for make in options if draw(st.booleans())]


@st.composite
def instances(
    draw: st.DrawFn, max_mentees: int = 7, max_mentors: int = 5
) -> tuple[list[Mentee], list[Mentor], list[HardRule], list[ScoreRule]]:
    """People and rules of a small random matching problem, without side constraints."""
    es, ms = draw(people(max_mentees, max_mentors))
    hard = draw(hard_rules([e.id for e in es], [m.id for m in ms]))
    return es, ms, hard, draw(score_rules())


# -- plain-Python re-implementation of the rules -----------------------------------------------


def simple_age(birth: dt.date, day: dt.date) -> int:
    """Whole years; a 29 February birthday counts from 1 March in a common year."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


NO_LANGUAGE = ("und", "zxx", "mul", "mis")
"""ISO 639's special codes: no language two people could share."""


def skills(person: Any) -> dict[str, LanguageLevel]:
    languages = getattr(person, "languages", ())
    return {s.code: s.level for s in languages if s.code not in NO_LANGUAGE}


def haversine_km(a: Location | None, b: Location | None) -> float | None:
    if a is None or b is None or a.latitude is None or b.latitude is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def same_municipality(a: Any, b: Any) -> bool:
    la, lb = getattr(a, "location", None), getattr(b, "location", None)
    return (
        la is not None
        and lb is not None
        and (la.country, la.municipality) == (lb.country, lb.municipality)
    )


def free_spans(person: Any) -> list[tuple[int, int]]:
    """Weekly free time as disjoint minute-of-week spans; no windows means free all week."""
    windows = getattr(person, "availability", ())
    if not windows:
        return [(0, 7 * 1440)]
    spans = sorted(
        (
            int(w.weekday) * 1440 + w.start.hour * 60 + w.start.minute,
            int(w.weekday) * 1440 + w.end.hour * 60 + w.end.minute,
        )
        for w in windows
    )
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start <= out[-1][1]:  # touching or overlapping: one unbroken span
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def longest_common_stretch(a: Any, b: Any) -> int:
    """The longest unbroken time, in minutes, when both are free."""
    return max(
        (max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in free_spans(a) for s2, e2 in free_spans(b)),
        default=0,
    )


def years_older(mentee: dt.date, mentor: dt.date) -> tuple[int, float]:
    """How much older the mentor is: whole years, and the exact gap with the year's fraction.

    By dateutil's relativedelta, rounded down for a younger mentor. relativedelta has a
    29 February birthday on 28 February in common years; ages count it from 1 March, so a
    mentee born on such a 28 February is a year less apart from a leapling mentor.
    """
    gap = relativedelta(mentee, mentor)
    whole = gap.years - (gap.months < 0 or gap.days < 0)
    leapling = (mentor.month, mentor.day) == (2, 29)
    if leapling and (mentee.month, mentee.day) == (2, 28) and not calendar.isleap(mentee.year):
        whole -= 1

    def birthday(years: int) -> dt.date:
        day = mentor + relativedelta(years=years)
        return day + dt.timedelta(days=1) if leapling and day.day == 28 else day

    last = birthday(whole)
    return whole, whole + (mentee - last).days / (birthday(whole + 1) - last).days


def _inside(person: Any, window: Any, on: dt.date) -> bool:
    if window is None:
        return True
    born = getattr(person, "birth_date", None)
    return born is not None and window.minimum <= simple_age(born, on) <= window.maximum


def not_eligible(e: Any, hard: Sequence[HardRule], on: dt.date = ON) -> bool:
    """Whether a hard rule refuses the mentee whoever the mentor: outside a mentee age window."""
    return any(
        isinstance(rule, rules.WithinAgeWindows) and not _inside(e, rule.mentees, on)
        for rule in hard
    )


def plain_allows(rule: HardRule, e: Any, m: Any, on: dt.date = ON) -> bool:
    """Whether the built-in hard ``rule`` allows the pair, computed per pair in plain Python."""
    if isinstance(rule, rules.SharedLanguage):
        mine, theirs = skills(e), skills(m)
        return any(
            level >= rule.minimum and theirs.get(code, 0) >= rule.minimum
            for code, level in mine.items()
        )
    if isinstance(rule, rules.WithinAgeWindows):
        place = isinstance(m, Place)  # no age: only the mentee's window applies
        return _inside(e, rule.mentees, on) and (place or _inside(m, rule.mentors, on))
    if isinstance(rule, rules.AgeGap):
        if isinstance(m, Place):
            return True
        born = getattr(m, "birth_date", None)
        if e.birth_date is None or born is None:
            return False
        whole, exact = years_older(e.birth_date, born)  # the minimum to the day, as documented
        return (rule.minimum is None or exact >= rule.minimum) and (
            rule.maximum is None or whole <= rule.maximum
        )
    if isinstance(rule, rules.GenderPreference):
        m_gender = getattr(m, "gender", None)
        e_ok = not e.gender_preference or m_gender is None or m_gender in e.gender_preference
        m_pref = getattr(m, "gender_preference", frozenset())
        return e_ok and (not m_pref or e.gender in m_pref)
    if isinstance(rule, rules.SafeguardingForMinors):
        if e.birth_date is not None and simple_age(e.birth_date, on) >= rule.adult_age:
            return True
        held = getattr(m, "safeguarding_checks", None)
        if held is None:  # a place
            return True
        last = on
        if isinstance(rule.through, Period):
            last = rule.through.after(on)
        elif rule.through is not None:
            last = rule.through
        return any(c.is_valid_on(on) and c.is_valid_on(last) for c in held)
    if isinstance(rule, rules.SameMunicipality):
        return same_municipality(e, m)
    if isinstance(rule, rules.WithinDistance):
        km = haversine_km(e.location, getattr(m, "location", None))
        near = km is not None and km <= rule.km
        return near or (rule.same_municipality and same_municipality(e, m))
    if isinstance(rule, rules.AvailabilityOverlap):
        return longest_common_stretch(e, m) >= rule.minutes
    if isinstance(rule, rules.ForbiddenPairs):
        return (e.id, m.id) not in rule.pairs
    if isinstance(rule, rules.TrainingCompleted):
        done = getattr(m, "trainings", None)
        wanted = {" ".join(t.split()).casefold() for t in rule.trainings}
        return done is None or wanted <= set(done)
    raise NotImplementedError(type(rule).__name__)


def _norm(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split()).casefold()


def plain_score(rule: ScoreRule, e: Any, m: Any, on: dt.date = ON) -> float:
    """The built-in score rule's score for one pair (0 to 1, before the weight), in plain Python."""
    if isinstance(rule, rules.SharedInterests):
        shared = len(set(e.interests) & set(getattr(m, "interests", ())))
        return min(shared, rule.enough) / rule.enough
    if isinstance(rule, rules.SameProfessionalField):
        a, b = _norm(e.professional_field), _norm(getattr(m, "professional_field", None))
        return float(a is not None and a == b)
    if isinstance(rule, rules.SharedBackground):
        a, b = _norm(e.cultural_background), _norm(getattr(m, "cultural_background", None))
        if a is not None and a == b:
            return 1.0
        oa, ob = e.origin_country, getattr(m, "origin_country", None)
        return rule.origin_share if oa is not None and oa == ob else 0.0
    if isinstance(rule, rules.LifeSituation):
        return float(
            any(
                abs(a - b) <= rule.years
                for a in e.children_birth_years
                for b in getattr(m, "children_birth_years", ())
            )
        )
    if isinstance(rule, rules.NativeLanguage):
        theirs = skills(m)
        return float(
            any(
                level is LanguageLevel.NATIVE and theirs.get(code, 0) >= rule.minimum
                for code, level in skills(e).items()
            )
        )
    if isinstance(rule, rules.LanguageFluency):
        mine, theirs = skills(e), skills(m)
        shared = [min(mine[c], theirs[c]) for c in mine if c in theirs]
        return (max(shared) - 1) / 6 if shared else 0.0
    if isinstance(rule, rules.Proximity):
        km = haversine_km(e.location, getattr(m, "location", None))
        if km is None:
            return float(same_municipality(e, m))
        return min(1.0, max(0.0, 1 - km / rule.km))
    if isinstance(rule, rules.PreferredAgeGap):
        born = getattr(m, "birth_date", None)
        if e.birth_date is None or born is None:
            return 0.0
        gap = years_older(e.birth_date, born)[1]
        return max(0.0, 1 - abs(gap - rule.years) / rule.tolerance)
    if isinstance(rule, rules.WaitingTime):
        if e.registered_on is None:
            return 0.0
        return min(1.0, max(0.0, (on - e.registered_on).days / rule.days))
    raise NotImplementedError(type(rule).__name__)


def plain_total(scored: Sequence[ScoreRule], e: Any, m: Any, on: dt.date = ON) -> float:
    return sum(r.weight * plain_score(r, e, m, on) for r in scored)


class Oracle:
    """The allowed pairs and scores of an instance, computed pair by pair in plain Python."""

    def __init__(
        self,
        es: Sequence[Any],
        ms: Sequence[Any],
        hard: Sequence[HardRule],
        scored: Sequence[ScoreRule] = (),
        on: dt.date = ON,
    ) -> None:
        self.mentees, self.mentors = list(es), list(ms)
        self.allowed = np.array(
            [[all(plain_allows(r, e, m, on) for r in hard) for m in ms] for e in es], dtype=bool
        ).reshape(len(es), len(ms))
        self.scores = np.array(
            [[plain_total(scored, e, m, on) for m in ms] for e in es], dtype=float
        ).reshape(len(es), len(ms))
        # The library resolves a pair's total score to 1/100.
        self.steps = np.rint(self.scores * 100).astype(np.int64)
        self.capacity = np.array([m.capacity for m in ms], dtype=np.int64)
        self.mentee_pos = {e.id: i for i, e in enumerate(es)}
        self.mentor_pos = {m.id: j for j, m in enumerate(ms)}

    def pair_allowed(self, mentee_id: str, mentor_id: str) -> bool:
        return bool(self.allowed[self.mentee_pos[mentee_id], self.mentor_pos[mentor_id]])

    def pair_steps(self, pairs: Sequence[tuple[str, str]]) -> int:
        return int(sum(self.steps[self.mentee_pos[a], self.mentor_pos[b]] for a, b in pairs))

    def scores_of(self, pairs: Sequence[tuple[str, str]]) -> float:
        return float(sum(self.scores[self.mentee_pos[a], self.mentor_pos[b]] for a, b in pairs))

    def lap_optimum(self, allowed: np.ndarray | None = None) -> tuple[int, int]:
        """(most matched, then most score steps) by linear_sum_assignment, capacity-expanded."""
        allowed = self.allowed if allowed is None else allowed
        slots = np.repeat(np.arange(len(self.mentors)), self.capacity)
        if not len(self.mentees) or not len(slots):
            return 0, 0
        big = int(self.steps.clip(min=0).sum()) + 1  # above any total score
        value = np.where(allowed[:, slots], big + self.steps[:, slots], 0).astype(np.int64)
        rows, cols = linear_sum_assignment(value, maximize=True)
        picked = value[rows, cols]
        picked = picked[picked >= big]
        return len(picked), int((picked - big).sum())


def milp_optimum(
    oracle: Oracle,
    groups: Sequence[tuple[str, np.ndarray, int, int]] = (),
) -> tuple[int, int] | None:
    """(most matched, then most steps) under group bounds, by two MILP solves; None if infeasible.

    Each group is ``(side, member mask over that side, minimum, maximum)``: between minimum and
    maximum pairs have their mentee (or mentor) in the mask.
    """
    pos = np.argwhere(oracle.allowed)
    n, m = oracle.allowed.shape
    k = len(pos)
    rows: list[np.ndarray] = []
    low: list[float] = []
    high: list[float] = []
    for i in range(n):
        rows.append((pos[:, 0] == i).astype(float))
        low.append(0)
        high.append(1)
    for j in range(m):
        rows.append((pos[:, 1] == j).astype(float))
        low.append(0)
        high.append(float(oracle.capacity[j]))
    for side, members, lo, hi in groups:
        column = 0 if side == "mentee" else 1
        rows.append(members[pos[:, column]].astype(float) if k else np.zeros(0))
        low.append(lo)
        high.append(hi)
    if k == 0:
        return (0, 0) if all(lo <= 0 for _, _, lo, _ in groups) else None
    steps = oracle.steps[pos[:, 0], pos[:, 1]].astype(float)
    base = LinearConstraint(np.array(rows), low, high)
    options = {"mip_rel_gap": 0.0}
    first = milp(
        -np.ones(k),
        integrality=np.ones(k),
        bounds=Bounds(0, 1),
        constraints=[base],
        options=options,
    )
    if first.status == 2:  # infeasible
        return None
    assert first.status == 0, first.message
    count = round(-first.fun)
    keep = LinearConstraint(np.ones((1, k)), count, count)
    second = milp(
        -steps,
        integrality=np.ones(k),
        bounds=Bounds(0, 1),
        constraints=[base, keep],
        options=options,
    )
    assert second.status == 0, second.message
    return count, round(-second.fun)


# -- helpers on results ------------------------------------------------------------------------


class Loose(SideConstraint):
    """A bound that never binds, but that a network flow cannot hold.

    The flow's optimum without it keeps it, so ``match`` needs no MILP for it; within
    :func:`through_milp` HiGHS solves it, within :func:`through_cp_sat` CP-SAT.
    """

    def constrain(self, assignment: Any) -> None:
        assignment.bound("loose", np.arange(len(assignment.pairs)), at_most=10**6)


class Recorder(HardRule):
    """A hard rule that allows every pair and keeps the batches it was asked about."""

    def __init__(self) -> None:
        self.batches: list[Pairs] = []

    def allows(self, pairs: Pairs) -> np.ndarray:
        self.batches.append(pairs)
        return np.ones(len(pairs), dtype=bool)


def all_pairs(es: Sequence[Any], ms: Sequence[Any], on: dt.date = ON) -> Pairs:
    """Every (mentee, mentor) pair as a :class:`Pairs` batch, obtained through the public API."""
    recorder = Recorder()
    match(es, ms, [recorder], on=on)
    assert len(recorder.batches) >= 1
    return recorder.batches[0]


def assert_consistent(result: MatchResult, es: Sequence[Any], ms: Sequence[Any]) -> None:
    """Structural invariants of any result: partition of mentees, capacities, score sums."""
    mentee_ids = [p.mentee_id for p in result.pairings]
    assert len(mentee_ids) == len(set(mentee_ids)), "a mentee matched twice"
    unmatched_ids = [u.mentee_id for u in result.unmatched]
    assert sorted(mentee_ids + unmatched_ids) == sorted(e.id for e in es)
    load: dict[str, int] = {}
    for p in result.pairings:
        load[p.mentor_id] = load.get(p.mentor_id, 0) + 1
        assert math.isclose(p.score, sum(p.breakdown.values()), abs_tol=1e-9)
    capacity = {m.id: m.capacity for m in ms}
    for mentor_id, count in load.items():
        assert count <= capacity[mentor_id], f"{mentor_id} over capacity"
    assert result.spare_capacity == {m.id: m.capacity - load.get(m.id, 0) for m in ms}
    assert math.isclose(result.total_score, sum(p.score for p in result.pairings), abs_tol=1e-9)
    assert result.matched == len(result.pairings)


def solve(
    es: Sequence[Any], ms: Sequence[Any], ruleset: Sequence[Any], **kwargs: Any
) -> MatchResult:
    """``match`` on :data:`ON`."""
    return match(es, ms, ruleset, on=ON, **kwargs)


#: The two solvers of problems without quotas: the assignment (the default) and the flow.
PLAIN_BACKENDS = ("assignment", "flow")


@contextlib.contextmanager
def through_cp_sat() -> Iterator[None]:
    """Solve side constraints with CP-SAT: as if the flow's optimum without them broke them and
    HiGHS gave no answer."""
    with (
        mock.patch.object(_match, "_keeps_all_at_best", return_value=False),
        mock.patch.object(_match, "solve_milp", return_value=None),
    ):
        yield


@contextlib.contextmanager
def through_milp() -> Iterator[None]:
    """Solve side constraints with HiGHS even where the flow's optimum without them keeps them."""
    with mock.patch.object(_match, "_keeps_all_at_best", return_value=False):
        yield


@contextlib.contextmanager
def plain_backend(name: str) -> Iterator[None]:
    """Solve problems without quotas with ``name`` (the flow: as if too large to assign)."""
    if name == "flow":
        with mock.patch.object(_assignment, "_MAX_EDGES", -1):
            yield
    else:
        yield
