"""Built-in hard rules: which pairs are allowed at all."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np

from mentorlib.model import (
    AgeWindow,
    Gender,
    LanguageLevel,
    Match,
    Period,
    Program,
    Team,
    ValidationError,
    language_name,
)
from mentorlib.model._validators import (
    a_date,
    between,
    collection,
    describe_value,
    instance_of,
    integer,
    optional,
    record,
)

from ._pairs import (
    BoolArray,
    FloatArray,
    Index,
    IntArray,
    Keys,
    Pairs,
    Side,
    named_languages,
    years_older,
)
from ._rules import HardRule, plain_number, positive_number

__all__ = [
    "AgeGap",
    "AvailabilityOverlap",
    "ForbiddenPairs",
    "GenderPreference",
    "SafeguardingForMinors",
    "SameMunicipality",
    "SharedLanguage",
    "TrainingCompleted",
    "WithinAgeWindows",
    "WithinDistance",
]

_EARTH_KM = 6371.0088


def _level(value: LanguageLevel | str) -> LanguageLevel:
    return LanguageLevel.parse(value)


@functools.lru_cache(maxsize=1024)
def _speaks(codes: tuple[str, ...], minimum: LanguageLevel) -> str:
    """Say which languages a partner must speak (cached: the unmatched share a few)."""
    if not codes:  # nobody can share a language with them at this level
        return (
            f"shares a language with them at {minimum} or better "
            "(they speak no named language that well)"
        )
    names = " or ".join([language_name(c) for c in codes])
    return f"speaks {names} at {minimum} or better"


@record
@attrs.frozen
class SharedLanguage(HardRule):
    """Both speak a common language at ``minimum`` level or better.

    >>> SharedLanguage(minimum="B1")
    SharedLanguage(minimum=<LanguageLevel.B1: 3>)
    """

    minimum: LanguageLevel = attrs.field(default=LanguageLevel.B1, converter=_level)

    exact_keys = True

    def keys(self, side: Side) -> Keys:
        return side.languages(self.minimum)

    def allows(self, pairs: Pairs) -> BoolArray:
        return pairs.share_language(self.minimum, self.minimum)

    def describe(self, mentee: Any) -> str:
        codes = tuple([s.code for s in named_languages(mentee) if s.level >= self.minimum])
        return _speaks(codes, self.minimum)


@functools.lru_cache(maxsize=64)
def _age_windows_text(mentees: AgeWindow | None, mentors: AgeWindow | None) -> str:
    """Say what the age windows ask (cached: the same for every mentee)."""
    parts = []
    if mentees is not None:
        parts.append(f"mentee {mentees}")
    if mentors is not None:
        parts.append(f"mentor {mentors}")
    if not parts:
        return "passes the age windows"
    return f"fits the age windows ({', '.join(parts)} years old)"


def _window(value: AgeWindow | tuple[int, int] | None) -> AgeWindow | None:
    if value is None or isinstance(value, AgeWindow):
        return value
    if isinstance(value, tuple | list) and len(value) == 2:
        return AgeWindow(*value)
    raise ValidationError(
        f"expected an AgeWindow or a (minimum, maximum) pair of ages, got {type(value).__name__}"
    )


@record
@attrs.frozen
class WithinAgeWindows(HardRule):
    """Each side is inside its age window on the matching date (``None``: no window).

    People without a birth date are outside any window. Places have no age and pass the
    mentor window. Build it from a program with :meth:`from_program`.
    """

    mentees: AgeWindow | None = attrs.field(default=None, converter=_window)
    mentors: AgeWindow | None = attrs.field(default=None, converter=_window)

    exact_eligible = True

    @classmethod
    def from_program(cls, program: Program) -> WithinAgeWindows:
        """Return the rule for the program's mentee and mentor age windows."""
        return cls(program.mentee_ages, program.mentor_ages)

    def _inside(self, side: Side, window: AgeWindow | None, on: dt.date) -> BoolArray:
        if window is None:
            return np.ones(len(side), dtype=np.bool_)
        ages = side.age_on(on)
        with np.errstate(invalid="ignore"):
            inside = (ages >= window.minimum) & (ages <= window.maximum)
        if side.role == "mentee":  # a mentee without a birth date stays outside: fail safe
            return np.asarray(inside)
        return np.asarray(inside | side.ageless)

    def allows(self, pairs: Pairs) -> BoolArray:
        return (
            self._inside(pairs.mentees, self.mentees, pairs.on)[pairs.mentee]
            & self._inside(pairs.mentors, self.mentors, pairs.on)[pairs.mentor]
        )

    def eligible(self, side: Side, on: dt.date) -> BoolArray:
        window = self.mentees if side.role == "mentee" else self.mentors
        return self._inside(side, window, on)

    def describe(self, mentee: Any) -> str:
        return _age_windows_text(self.mentees, self.mentors)


@attrs.frozen
class AgeGap(HardRule):
    """The mentor is between ``minimum`` and ``maximum`` years older than the mentee.

    The gap is in whole years, counted as an age is: the mentor's age on the mentee's birth
    date. A mentor born exactly 10 years before the mentee is 10 years older, as is one born
    10 years and 200 days before (as someone is 25 until they turn 26): ``AgeGap(0, 10)``
    allows mentors born on the mentee's birth date or in the 11 years before it, not on the
    day exactly 11 years before. So ``maximum`` counts whole years, and its fraction counts for
    nothing; ``minimum`` is met to the day, a fraction of a year included (``AgeGap(1.5)``: a
    year and a half or more, as 1 year and 11 months is). A negative ``minimum`` allows a
    younger mentor (``-1``: born up to a year after the mentee). Pairs with an unknown birth
    date fail; places have no age and pass.
    """

    minimum: float | None = attrs.field(
        default=None, converter=plain_number, validator=optional(between())
    )
    maximum: float | None = attrs.field(
        default=None, converter=plain_number, validator=optional(between())
    )

    def __attrs_post_init__(self) -> None:
        if self.minimum is not None and self.maximum is not None and self.maximum < self.minimum:
            raise ValidationError(
                f"maximum {self.maximum} is below minimum {self.minimum}",
                record="AgeGap",
                field="maximum",
            )

    def allows(self, pairs: Pairs) -> BoolArray:
        gap = years_older(pairs, whole=True)
        ok = np.isfinite(gap)
        with np.errstate(invalid="ignore"):
            if self.minimum is not None:
                # A whole minimum is reached with the whole years; a fraction needs the days.
                whole = float(self.minimum).is_integer()
                ok &= (gap if whole else years_older(pairs, whole=False)) >= self.minimum
            if self.maximum is not None:
                ok &= gap <= self.maximum
        return ok | pairs.mentors.ageless[pairs.mentor]

    def describe(self, mentee: Any) -> str:
        low, high = self.minimum, self.maximum
        if low is None and high is None:
            return "has a known age"
        if high is None:
            return f"is at least {low:g} years older"
        if low is None:
            return f"is at most {high:g} years older"
        return f"is {low:g} to {high:g} years older"


@attrs.frozen
class GenderPreference(HardRule):
    """Each side's stated gender preference is met (places have no gender and always pass)."""

    def allows(self, pairs: Pairs) -> BoolArray:
        return _accepts(pairs.mentees, pairs.mentee, pairs.mentors, pairs.mentor) & _accepts(
            pairs.mentors, pairs.mentor, pairs.mentees, pairs.mentee
        )

    def describe(self, mentee: Any) -> str:
        # Both sides' preferences count, so the text names both: the mentee's wish, if any,
        # and that the mentor must accept the mentee's gender.
        wanted = sorted(g.value for g in getattr(mentee, "gender_preference", ()))
        gender = getattr(mentee, "gender", Gender.UNDISCLOSED)
        accepts = (
            "accepts a mentee of undisclosed gender"
            if gender is Gender.UNDISCLOSED
            else f"accepts a {gender.value} mentee"
        )
        return f"is {' or '.join(wanted)} and {accepts}" if wanted else accepts


def _accepts(chooser: Side, who: Index, chosen: Side, whom: Index) -> BoolArray:
    accepted = chooser.accepted_genders[who]
    gender = chosen.gender[whom]
    genderless = gender < 0
    bit = np.left_shift(1, np.where(genderless, 0, gender))
    return np.asarray((accepted == 0) | genderless | ((accepted & bit) != 0))


def _period_or_date(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    optional(instance_of(Period, dt.date))(instance, attribute, value)
    if isinstance(value, dt.date):
        a_date()(instance, attribute, value)  # a datetime is not a date


@attrs.frozen
class SafeguardingForMinors(HardRule):
    """A mentee under ``adult_age`` gets only a mentor with a valid safeguarding check.

    The check must be valid on the matching date and, with ``through`` (a
    :class:`~mentorlib.model.Period` or a date), until that date (or for that period after the
    matching date), so it does not lapse during the planned match. A mentee without a birth
    date counts as a minor (the rule fails safe). Places pass: the organisation that runs them
    answers for their staff.
    """

    adult_age: int = attrs.field(default=18, converter=plain_number, validator=integer(0, 130))
    through: Period | dt.date | None = attrs.field(default=None, validator=_period_or_date)

    def _last_day(self, on: dt.date) -> dt.date:
        if self.through is None:
            return on
        if isinstance(self.through, Period):
            return self.through.after(on)
        return self.through

    def allows(self, pairs: Pairs) -> BoolArray:
        ages = pairs.mentees.age_on(pairs.on)
        minors = np.isnan(ages) | (np.nan_to_num(ages) < self.adult_age)
        cleared = pairs.mentors.cleared(pairs.on, self._last_day(pairs.on))
        with np.errstate(invalid="ignore"):
            return np.asarray(~minors[pairs.mentee] | cleared[pairs.mentor])

    def describe(self, mentee: Any) -> str:
        return "holds a valid safeguarding check"


@attrs.frozen
class SameMunicipality(HardRule):
    """Both live in the same municipality (of the same country)."""

    exact_keys = True

    def keys(self, side: Side) -> Keys:
        codes = side.municipality
        owners = np.flatnonzero(codes >= 0).astype(np.int64)
        return owners, codes[owners]

    def allows(self, pairs: Pairs) -> BoolArray:
        a = pairs.mentees.municipality[pairs.mentee]
        return np.asarray((a >= 0) & (a == pairs.mentors.municipality[pairs.mentor]))

    def describe(self, mentee: Any) -> str:
        where = mentee.location.municipality if mentee.location else "an unknown place"
        return f"lives in {where}"


def _reached(fraction: FloatArray, radius: float) -> BoolArray:
    """Which of the 27 cells around (and including) a point's own a ball of ``radius`` reaches.

    ``fraction`` is each point's place inside its cell (n×3, from 0 to 1), ``radius`` is in
    cell edges (at most 1). Along one axis the cell before lies ``fraction`` away, its own 0
    and the one after ``1 - fraction``; a cell is reached when the squares of its three
    distances add up to at most ``radius²``. A margin of a tenth of a percent keeps cells the
    distance test (with its own rounding) might still reach.
    """
    zero = np.zeros_like(fraction)
    square = np.stack([fraction, zero, 1 - fraction], axis=2) ** 2  # person × axis × offset
    total = square[:, 0, :, None, None] + square[:, 1, None, :, None] + square[:, 2, None, None, :]
    return np.asarray(total.reshape(len(fraction), 27) <= 1.002 * radius * radius)


_CELL_SPAN = 2.0
"""Grid cells are this many distances across (at least 1, so 27 cells hold a mentor's reach).

A mentor's reach then touches about 7 cells instead of about 22 at 1: a third of the keys,
for somewhat more proposals that the distance test refuses. At 1,000 a side candidate
generation takes about a fifth less time; at 5,000 and 20,000 about the same.
"""


def _cell_code(cells: IntArray) -> IntArray:
    """One key per grid cell (n×3 indices).

    Keys are distinct while indices stay from 0 to 4095 (cells of about 6 km or more); smaller
    cells may share a key with a far one, which only proposes pairs the test then refuses.
    """
    return np.asarray(1 + (cells[:, 0] * 4096 + cells[:, 1]) * 4096 + cells[:, 2])


_NEIGHBOUR_STEPS = _cell_code(
    np.array([(i, j, k) for i in (-1, 0, 1) for j in (-1, 0, 1) for k in (-1, 0, 1)]) + 1024
) - _cell_code(np.full((1, 3), 1024))
"""What moving to each of the 27 cells around a cell (and itself) adds to its key."""


@attrs.frozen
class WithinDistance(HardRule):
    """Both live within ``km`` of each other (great-circle), or in the same municipality.

    Without coordinates only the municipality counts; set ``same_municipality=False`` to
    demand the distance alone.
    """

    km: float = attrs.field(default=25.0, converter=plain_number, validator=positive_number)
    same_municipality: bool = attrs.field(default=True, validator=instance_of(bool), kw_only=True)

    def keys(self, side: Side) -> Keys:
        # Grid cells in space, _CELL_SPAN times the chord of ``km`` across: a mentee within
        # ``km`` of a mentor lies in the ball of that chord around the mentor, so the mentor
        # takes the cells among its own and the 26 around it that the ball reaches; a mentee
        # takes its own.
        chord = 2 * np.sin(min(self.km / (2 * _EARTH_KM), np.pi / 2))
        vectors = side.unit_vectors
        has = np.isfinite(vectors[:, 0])
        points = vectors[has] / (chord * _CELL_SPAN)  # in cell edges
        cells = np.floor(points)
        own = _cell_code(cells.astype(np.int64) + 1024)
        owners_with = np.flatnonzero(has).astype(np.int64)
        if side.role == "mentee":
            owner_parts, key_parts = [owners_with], [own]
        else:
            reached = _reached(points - cells, 1 / _CELL_SPAN)
            around = own[:, None] + _NEIGHBOUR_STEPS[None, :]  # person × cell
            owner_parts = [np.repeat(owners_with, reached.sum(axis=1))]
            key_parts = [around[reached]]
        if self.same_municipality:
            codes = side.municipality
            owners = np.flatnonzero(codes >= 0).astype(np.int64)
            owner_parts.append(owners)
            key_parts.append(-1 - codes[owners])
        return np.concatenate(owner_parts), np.concatenate(key_parts)

    def allows(self, pairs: Pairs) -> BoolArray:
        near = pairs.within_km(self.km)
        if self.same_municipality:
            near |= SameMunicipality().allows(pairs)
        return np.asarray(near)

    def describe(self, mentee: Any) -> str:
        where = mentee.location.municipality if mentee.location else "an unknown place"
        return f"lives within {self.km:g} km of {where}"


@attrs.frozen
class AvailabilityOverlap(HardRule):
    """Both are free at the same time for an unbroken ``minutes`` each week: room to meet.

    ``minutes`` is a number from 0 (asks nothing) up to a week (10,080); fractions count.
    A person who gave no weekly windows limits nothing (as in scheduling). A team must share
    the time with the mentee as a whole: every member free then (``whole_teams``).
    """

    whole_teams = True

    minutes: int = attrs.field(
        default=60, converter=plain_number, validator=between(0, 7 * 24 * 60)
    )

    def keys(self, side: Side) -> Keys | None:
        # Every ``minutes``-th minute of the week at which the person is free: a shared free
        # stretch of ``minutes`` holds one, so a pair that shares a stretch shares a key.
        # Whole minutes, rounded down, so a stretch of a fractional length still holds one.
        if self.minutes < 1:
            return None
        step = int(self.minutes)
        starts, ends = side.availability  # window × person: each person's column in turn
        owners = np.repeat(np.arange(len(side), dtype=np.int64), starts.shape[0])
        first = -(-starts.T.ravel().astype(np.int64) // step)
        counts = np.maximum(-(-ends.T.ravel().astype(np.int64) // step) - first, 0)
        offsets = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(
            np.cumsum(counts) - counts, counts
        )
        return np.repeat(owners, counts), np.repeat(first, counts) + offsets

    def keys_are_exact(self, mentees: Side, mentors: Side) -> bool:
        # Two people free at a shared key's minute are free together for as long as their
        # windows overlap there. Overlaps start and end on the grid every window edge lies on;
        # when that grid is at least ``minutes`` coarse, each overlap is long enough.
        grid = math.gcd(mentees.availability_grain, mentors.availability_grain)
        return self.minutes >= 1 and grid >= self.minutes

    def allows(self, pairs: Pairs) -> BoolArray:
        return pairs.share_stretch(self.minutes)

    def describe(self, mentee: Any) -> str:
        return f"is free at the same time as them for {self.minutes} minutes in a row"


def _pair_set(pairs: Iterable[tuple[Any, Any]]) -> frozenset[tuple[str, str]]:
    out = set()
    for k, entry in enumerate(collection(pairs, "(mentee, mentor) pairs")):
        # Types and sizes alone in the messages: an entry may hold a person's records.
        if not isinstance(entry, tuple | list) or len(entry) != 2:
            size = ""
            if isinstance(entry, tuple | list):
                size = f" of {len(entry)} item{'' if len(entry) == 1 else 's'}"
            raise ValidationError(
                f"entry {k} must be a (mentee, mentor) pair of ids or records, "
                f"got a {type(entry).__name__}{size}"
            )
        out.add((_pair_id(entry[0], k, "mentee"), _pair_id(entry[1], k, "mentor")))
    return frozenset(out)


def _pair_id(value: Any, k: int, role: str) -> str:
    if isinstance(value, str):
        return value
    record_id = getattr(value, "id", None)
    if isinstance(record_id, str):
        return record_id
    raise ValidationError(
        f"entry {k}: the {role} must be an id (text) or a record with one, "
        f"got {type(value).__name__}"
    )


@record
@attrs.frozen
class ForbiddenPairs(HardRule):
    """Pairs that must not be matched, e.g. past partners.

    Each pair is ``(mentee, mentor)``, each given by its id or as a record (whose ``id``
    counts).

    >>> ForbiddenPairs([("e01", "m07")]).pairs
    frozenset({('e01', 'm07')})
    """

    pairs: frozenset[tuple[str, str]] = attrs.field(converter=_pair_set)

    @classmethod
    def past_partners(cls, matches: Iterable[Match], teams: Iterable[Team] = ()) -> ForbiddenPairs:
        """Forbid re-pairing everyone who has been matched before.

        With ``teams`` (``data.teams``), a past match with a team forbids each of its members
        too, on their own or in any team; a past match with a mentor already forbids every
        team she is in.
        """
        members: dict[str, tuple[str, ...]] = {}
        for team in collection(teams, "teams"):
            if not isinstance(team, Team):
                raise ValidationError(
                    f"teams must be Team records, got {describe_value(team)}",
                    record="ForbiddenPairs",
                    field="teams",
                )
            members[team.id] = team.member_ids
        pairs = []
        for match in matches:
            pairs.append((match.mentee_id, match.mentor_id))
            pairs += [(match.mentee_id, member) for member in members.get(match.mentor_id, ())]
        return cls(pairs)

    def allows(self, pairs: Pairs) -> BoolArray:
        if not self.pairs:
            return np.ones(len(pairs), dtype=np.bool_)
        mentors = pairs.mentors
        if mentors.host_ids is mentors.ids:  # no teams: each row its own id, indexed already
            return ~self._refuses(pairs, mentors.index, pairs.mentor)
        # A team's member is refused by their own id and by the team's (see Side.members).
        refused = np.zeros(len(pairs), dtype=np.bool_)
        for ids in (mentors.ids, mentors.host_ids):
            index = {mentor_id: k for k, mentor_id in enumerate(ids)}  # a repeated id: its last
            rows = np.fromiter(map(index.__getitem__, ids), dtype=np.int64, count=len(ids))
            refused |= self._refuses(pairs, index, rows[pairs.mentor])
        return ~refused

    def _refuses(
        self, pairs: Pairs, index: Mapping[str, int], mentor: IntArray | Index
    ) -> BoolArray:
        """Whether each pair is forbidden, its mentor given as a position in ``index``."""
        mentee_index, width = pairs.mentees.index, len(pairs.mentors)
        codes = [
            mentee_index[a] * width + index[b]
            for a, b in self.pairs
            if a in mentee_index and b in index
        ]
        pair_codes = pairs.mentee.astype(np.int64) * width + mentor
        return np.isin(pair_codes, np.array(codes, dtype=np.int64))

    def describe(self, mentee: Any) -> str:
        return "is not a forbidden or past partner"


def _names(values: Iterable[str] | str) -> frozenset[str]:
    if isinstance(values, str):
        values = [values]
    names = []
    for value in collection(values, "training names"):
        if not isinstance(value, str):
            raise ValidationError(f"a training is named by text, got {type(value).__name__}")
        names.append(" ".join(value.split()).casefold())
    return frozenset(names)


@record
@attrs.frozen
class TrainingCompleted(HardRule):
    """The mentor has completed every named training (places pass)."""

    trainings: frozenset[str] = attrs.field(converter=_names)

    exact_eligible = True

    def _trained(self, mentor: Any) -> bool:
        done = getattr(mentor, "trainings", None)
        return done is None or self.trainings <= done

    def eligible(self, side: Side, on: dt.date) -> BoolArray | None:
        return None if side.role == "mentee" else side.values(self._trained, dtype=bool)

    def allows(self, pairs: Pairs) -> BoolArray:
        return np.asarray(pairs.mentors.values(self._trained, dtype=bool)[pairs.mentor])

    def describe(self, mentee: Any) -> str:
        return "has completed " + " and ".join(sorted(self.trainings))
