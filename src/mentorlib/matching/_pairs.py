"""Columnar views of the two sides and of candidate pairs, for vectorised rules.

A :class:`Side` turns a sequence of people (or places) into numpy arrays once, so a rule can test
a million pairs with a few array operations instead of a million Python calls. Codes (languages,
municipalities, interests, ...) share one vocabulary across both sides, so a mentee's code and a
mentor's code can be compared directly.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from mentorlib.model import Gender, LanguageLevel, Team

__all__ = ["Keys", "Pairs", "Role", "Side", "keys_from_lists"]

Role = Literal["mentee", "mentor"]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
Index = npt.NDArray[np.int32]
"""Positions of pairs' people: 32 bits halve the memory of millions of candidate pairs."""
Int32Array = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]
MaskArray = npt.NDArray[np.uint64]

Keys = tuple[IntArray, IntArray]
"""Blocking keys as two arrays of equal length: a person's position, and one key of theirs."""

_EARTH_KM = 6371.0088
_COMPRESS_UP_TO = 1 << 20
"""Masks up to this long are taken with np.compress: four times faster than indexing with a
mask that keeps pairs here and there, but it builds an index of what it keeps (8 bytes a pair),
which larger batches would feel in their peak memory."""
_GENDERS = tuple(Gender)
_MINUTES_PER_DAY = 24 * 60
_MINUTES_PER_WEEK = 7 * _MINUTES_PER_DAY


_NO_LANGUAGE = frozenset({"mis", "mul", "und", "zxx"})
"""ISO 639's special codes (uncoded, several, undetermined, no linguistic content): they name
no language that two people could share."""


def named_languages(person: Any) -> list[Any]:
    """Return the person's language skills that name a language (ISO 639's special codes not)."""
    return [s for s in getattr(person, "languages", ()) if s.code not in _NO_LANGUAGE]


def keys_from_lists(lists: Sequence[Sequence[int]]) -> Keys:
    """Turn one list of keys per person into the (owner, key) arrays of :data:`Keys`."""
    owners = np.repeat(np.arange(len(lists), dtype=np.int64), [len(k) for k in lists])
    keys = np.fromiter((k for ks in lists for k in ks), dtype=np.int64, count=len(owners))
    return owners, keys


class Vocabulary:
    """Dense integer codes for hashable values, shared by the two sides of one problem."""

    def __init__(self) -> None:
        self._codes: dict[str, dict[Hashable, int]] = {}
        self._values: dict[str, list[Hashable]] = {}

    def code(self, kind: str, value: Hashable) -> int:
        """Return the code of ``value`` among values of ``kind``, giving it one if new."""
        table = self._codes.setdefault(kind, {})
        found = table.get(value)
        if found is None:
            values = self._values.setdefault(kind, [])
            found = table[value] = len(values)
            values.append(value)
        return found

    def encode(self, kind: str, values: Sequence[Hashable | None]) -> IntArray:
        """Return the codes of many values of ``kind`` at once; ``None`` gets -1."""
        table = self._codes.setdefault(kind, {})
        known = self._values.setdefault(kind, [])
        for value in dict.fromkeys(values):  # new values are numbered in order of appearance
            if value is not None and value not in table:
                table[value] = len(known)
                known.append(value)
        return np.fromiter(
            map(table.get, values, itertools.repeat(-1)), dtype=np.int64, count=len(values)
        )

    def size(self, kind: str) -> int:
        """How many distinct values of ``kind`` have a code."""
        return len(self._values.get(kind, ()))

    def value(self, kind: str, code: int) -> Hashable:
        """Return the value behind a code."""
        return self._values[kind][code]


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def years_older(pairs: Pairs, *, whole: bool) -> FloatArray:
    """How much older each pair's mentor is: their age in years on the mentee's birth date.

    Negative when the mentor is younger, NaN where a birth date is unknown. Whole years count
    as :func:`mentorlib.model.age_on` counts an age (a 29 February birthday falls on 1 March in
    common years), so a mentor born exactly N years before the mentee is N years older, and
    N + 1 from their next birthday on. Without ``whole``, the days from the mentor's last
    birthday to the mentee's birth add their share of that year (365 or 366 days).
    """
    e_year, e_day = pairs.mentees._birth_dates
    m_year, m_day = pairs.mentors._birth_dates
    e_year, e_day = e_year[pairs.mentee], e_day[pairs.mentee]
    m_year, m_day = m_year[pairs.mentor], m_day[pairs.mentor]
    years = e_year - m_year - (e_day < m_day)
    if whole:
        return years
    last = _day_numbers(m_year + years, m_day)
    passed = pairs.mentees.birth_ordinal[pairs.mentee] - _EPOCH_ORDINAL - last
    return np.asarray(years + passed / (_day_numbers(m_year + years + 1, m_day) - last))


def _day_numbers(year: FloatArray, month_day: FloatArray) -> FloatArray:
    """Days since 1970 of month·100 + day in ``year`` (29 February: 1 March in common years).

    NaN where either is NaN.
    """
    known = np.isfinite(year) & np.isfinite(month_day)
    y = np.where(known, year, 1970).astype(np.int64)
    md = np.where(known, month_day, 101).astype(np.int64)
    month = (y - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (md // 100 - 1)
    day = month.astype("datetime64[D]") + (md % 100 - 1)
    return np.where(known, day.astype(np.int64), np.nan)


def inverse_permutation(order: IntArray) -> IntArray:
    """Return where each index sits in ``order`` (``result[order[k]] == k``)."""
    inverse = np.empty_like(order)
    inverse[order] = np.arange(len(order))
    return inverse


def ranges(low: IntArray, count: IntArray) -> IntArray:
    """``low[k]``, ``low[k] + 1``, ... (``count[k]`` numbers) for each k, one after another."""
    starts = np.cumsum(count) - count
    return np.arange(int(count.sum()), dtype=np.int64) - np.repeat(starts - low, count)


def pack_masks(sets: Sequence[Iterable[int]], width: int) -> MaskArray:
    """Pack sets of small integers into rows of 64-bit words (one bit a value)."""
    lists = [list(s) for s in sets]
    rows = np.repeat(np.arange(len(lists)), [len(v) for v in lists])
    values = np.fromiter((v for vs in lists for v in vs), dtype=np.int64, count=len(rows))
    return _pack(rows, values, len(lists), width)


def _share_a_bit(a: MaskArray, b: MaskArray, a_rows: Index, b_rows: Index) -> BoolArray:
    """Whether row ``a_rows[k]`` of ``a`` and row ``b_rows[k]`` of ``b`` share a set bit.

    A word at a time: gathering one column is several times faster than gathering whole rows,
    and most masks are one word wide.
    """
    out = np.zeros(len(a_rows), dtype=np.bool_)
    for word in range(a.shape[1]):
        both = a[:, word][a_rows]
        both &= b[:, word][b_rows]
        out |= both != 0
    return out


def _unique_keys(owners: IntArray, codes: IntArray) -> Keys:
    """Keys sorted by owner then code, each once; negative codes (no value) are dropped."""
    known = codes >= 0
    width = int(codes.max(initial=0)) + 1
    combined = np.sort(owners[known] * width + codes[known])
    combined = combined[np.diff(combined, prepend=-1) != 0]  # np.unique costs more at this size
    return combined // width, combined % width


def _pack(rows: IntArray, values: IntArray, n_rows: int, width: int) -> MaskArray:
    """Set bit ``values[k]`` of row ``rows[k]``; each value appears once in its row."""
    out = np.zeros((n_rows, max(1, -(-width // 64))), dtype=np.uint64)
    # Each value sits once in its row, so adding bits is the same as or-ing them.
    np.add.at(
        out,
        (rows, values // 64),
        np.left_shift(np.uint64(1), (values % 64).astype(np.uint64)),
    )
    return out


class Members(NamedTuple):
    """A side's teams opened up: a row per member (and per record that is not a team)."""

    side: Side
    """The rows, each team's members together, in the order of the teams."""
    start: IntArray
    """Each record's first row."""
    size: IntArray
    """Each record's rows: a team's members, else 1."""


class Side:
    """One side of a matching problem as arrays, built on first use and cached.

    Rules read the built-in columns below, or derive their own with :meth:`values`. Every array
    has one entry (or row) per person, in the order of :attr:`people`.
    """

    def __init__(
        self,
        people: Sequence[Any],
        role: Role,
        vocabulary: Vocabulary,
        *,
        host_ids: Sequence[str] | None = None,
    ) -> None:
        self.people: tuple[Any, ...] = tuple(people)
        self.role: Role = role
        self.vocabulary = vocabulary
        self._host_ids = None if host_ids is None else tuple(host_ids)
        self._cache: dict[Hashable, Any] = {}

    def __len__(self) -> int:
        return len(self.people)

    @property
    def host_ids(self) -> tuple[str, ...]:
        """The id each row is matched under: a team member's team's, else the row's own."""
        return self.ids if self._host_ids is None else self._host_ids

    @functools.cached_property
    def members(self) -> Members | None:
        """The side with every :class:`~mentorlib.model.Team` in it replaced by its members.

        ``None`` when the side holds no team. Rules judge a team through its members, so
        matching evaluates them on this side and combines each team's rows.
        """
        if not any(issubclass(kind, Team) for kind in set(map(type, self.people))):
            return None
        people = [p.members if isinstance(p, Team) else (p,) for p in self.people]
        count = np.fromiter(map(len, people), dtype=np.int64, count=len(people))
        flat = [member for group in people for member in group]
        hosts = np.repeat(np.arange(len(people)), count)
        side = Side(
            flat,
            self.role,
            self.vocabulary,
            host_ids=[self.ids[h] for h in hosts.tolist()],
        )
        return Members(side, np.cumsum(count) - count, count)

    @functools.cached_property
    def ids(self) -> tuple[str, ...]:
        """Each person's id."""
        return tuple([p.id for p in self.people])

    @functools.cached_property
    def index(self) -> dict[str, int]:
        """Position of each id."""
        return {person_id: i for i, person_id in enumerate(self.ids)}

    def values(
        self, get: Callable[[Any], Any], *, dtype: npt.DTypeLike | None = None
    ) -> npt.NDArray[Any]:
        """Return ``get(person)`` for every person as an array, computed once per ``get``.

        Pass a module-level function or a bound method, not a fresh lambda on every call, so the
        cache can recognise it.
        """
        key = ("values", get, dtype)
        if key not in self._cache:
            self._cache[key] = np.array([get(p) for p in self.people], dtype=dtype)
        return self._cache[key]  # type: ignore[no-any-return]

    def codes(self, kind: str, get: Callable[[Any], Hashable | None]) -> IntArray:
        """Return a shared integer code for ``get(person)`` (``-1`` where it is ``None``)."""
        key = ("codes", kind, get)
        if key not in self._cache:
            self._cache[key] = self.vocabulary.encode(kind, [get(p) for p in self.people])
        return self._cache[key]  # type: ignore[no-any-return]

    def code_keys(self, kind: str, get: Callable[[Any], Iterable[Hashable]]) -> Keys:
        """Return each person's set of values as shared codes, flat: (owners, codes) arrays.

        This is the form blocking keys take (see :data:`Keys`); a person's codes are sorted and
        appear once. ``None`` among the values counts as no value.
        """
        key = ("code_keys", kind, get)
        if key not in self._cache:
            sets: list[Any] = [get(p) for p in self.people]
            try:
                sizes = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
            except TypeError:  # a getter that yields its values
                sets = [list(values) for values in sets]
                sizes = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
            owners = np.repeat(np.arange(len(sets), dtype=np.int64), sizes)
            codes = self.vocabulary.encode(kind, list(itertools.chain.from_iterable(sets)))
            self._cache[key] = _unique_keys(owners, codes)
        return self._cache[key]  # type: ignore[no-any-return]

    def code_sets(self, kind: str, get: Callable[[Any], Iterable[Hashable]]) -> list[list[int]]:
        """Return each person's set of values as a sorted list of shared integer codes."""
        owners, codes = self.code_keys(kind, get)
        bounds = np.searchsorted(owners, np.arange(len(self) + 1))
        flat = codes.tolist()
        return [flat[a:b] for a, b in itertools.pairwise(bounds.tolist())]

    def masks(self, kind: str, get: Callable[[Any], Iterable[Hashable]], width: int) -> MaskArray:
        """Return each person's set of values as bit masks; ``width`` is the vocabulary size.

        Build the masks of both sides after both sides' codes exist, so widths agree.
        """
        key = ("masks", kind, get, width)
        if key not in self._cache:
            owners, codes = self.code_keys(kind, get)
            self._cache[key] = _pack(owners, codes, len(self), width)
        return self._cache[key]  # type: ignore[no-any-return]

    # -- built-in columns --------------------------------------------------------------------

    @functools.cached_property
    def capacity(self) -> IntArray:
        """How many partners each can take: a mentor's or place's capacity; 1 for a mentee."""
        if self.role == "mentee":
            return np.ones(len(self), dtype=np.int64)
        return np.array([p.capacity for p in self.people], dtype=np.int64)

    @functools.cached_property
    def ageless(self) -> BoolArray:
        """Records with no ``birth_date`` field at all (places): age rules do not apply to them.

        A person whose birth date is unknown (the field is None) is not ageless. The age rules
        use it on the mentor side only: a mentee always has an age to check.
        """
        if all(hasattr(kind, "birth_date") for kind in set(map(type, self.people))):
            return np.zeros(len(self), dtype=np.bool_)  # records whose class has the field
        # A team has its members' ages, not none: a rule that reads its row refuses it.
        return np.array(
            [not hasattr(p, "birth_date") and not isinstance(p, Team) for p in self.people],
            dtype=np.bool_,
        )

    @functools.cached_property
    def birth_ordinal(self) -> FloatArray:
        """Birth date as a proleptic ordinal day; NaN where unknown (and for places)."""
        return np.array(
            [
                np.nan if getattr(p, "birth_date", None) is None else p.birth_date.toordinal()
                for p in self.people
            ],
            dtype=np.float64,
        )

    def age_on(self, day: dt.date) -> FloatArray:
        """Age in whole years on ``day``; NaN where the birth date is unknown.

        As :func:`mentorlib.model.age_on` counts it: a year more from the birthday's month and
        day on (29 February's from 1 March in common years).
        """
        year, month_day = self._birth_dates
        before_birthday = (day.month * 100 + day.day) < month_day
        return np.asarray(day.year - year - before_birthday, dtype=np.float64)

    def cleared(self, start: dt.date, end: dt.date) -> BoolArray:
        """Who holds a safeguarding check valid on every day from ``start`` to ``end``.

        As :meth:`mentorlib.model.SafeguardingCheck.covers` decides it. Records without a
        ``safeguarding_checks`` field (places) need none and count as cleared; a team is
        cleared when every member is.
        """
        members = self.members
        if members is not None and len(self):
            return np.logical_and.reduceat(members.side.cleared(start, end), members.start)
        owner, issued, until, unchecked = self._safeguarding
        first, last = sorted((start.toordinal(), end.toordinal()))
        covers = (issued <= first) & (until >= last)
        return np.asarray(np.bincount(owner[covers], minlength=len(self)) > 0) | unchecked

    @functools.cached_property
    def _safeguarding(self) -> tuple[IntArray, IntArray, IntArray, BoolArray]:
        """Every check flat: owner, first and last valid day (ordinals); who has no such field."""
        owners: list[int] = []
        days: list[int] = []
        unchecked = np.zeros(len(self), dtype=np.bool_)
        never = dt.date.max.toordinal()
        for i, person in enumerate(self.people):
            checks = getattr(person, "safeguarding_checks", None)
            if checks is None:
                unchecked[i] = True
                continue
            for check in checks:
                owners.append(i)
                until = check.valid_until
                days += (check.issued.toordinal(), never if until is None else until.toordinal())
        flat = np.array(days, dtype=np.int64).reshape(-1, 2)
        return np.array(owners, dtype=np.int64), flat[:, 0], flat[:, 1], unchecked

    @functools.cached_property
    def _birth_dates(self) -> tuple[FloatArray, FloatArray]:
        """Birth years, and month·100 + day, as floats (NaN where unknown)."""
        born = [getattr(p, "birth_date", None) for p in self.people]
        year = np.array([np.nan if b is None else b.year for b in born])
        month_day = np.array([np.nan if b is None else b.month * 100 + b.day for b in born])
        return year, month_day

    @functools.cached_property
    def gender(self) -> IntArray:
        """Gender as the index in :class:`~mentorlib.model.Gender`; -1 for places."""
        return np.array(
            [
                _GENDERS.index(p.gender) if getattr(p, "gender", None) is not None else -1
                for p in self.people
            ],
            dtype=np.int64,
        )

    @functools.cached_property
    def accepted_genders(self) -> IntArray:
        """Bit mask of the genders a person accepts on the other side; 0 means any."""
        out = np.zeros(len(self), dtype=np.int64)
        for i, person in enumerate(self.people):
            for gender in getattr(person, "gender_preference", ()):
                out[i] |= 1 << _GENDERS.index(gender)
        return out

    @functools.cached_property
    def spoken(self) -> tuple[IntArray, IntArray, npt.NDArray[np.int8]]:
        """Every language skill as (owner, language code, level) arrays, read once.

        Language codes share the vocabulary kind ``"language"`` across both sides. ISO 639's
        special codes (``und``, ``zxx``, ``mul``, ``mis``) are left out: they name no language.
        """
        skills = [getattr(p, "languages", ()) for p in self.people]
        counts = np.fromiter(map(len, skills), dtype=np.int64, count=len(skills))
        flat = list(itertools.chain.from_iterable(skills))
        names = [s.code for s in flat]
        owners = np.repeat(np.arange(len(skills), dtype=np.int64), counts)
        if not _NO_LANGUAGE.isdisjoint(names):  # rare: filter only then
            named = np.array([c not in _NO_LANGUAGE for c in names], dtype=np.bool_)
            flat = list(itertools.compress(flat, named))
            names = list(itertools.compress(names, named))
            owners = owners[named]
        codes = self.vocabulary.encode("language", names)
        levels = np.fromiter([s.level for s in flat], dtype=np.int8, count=len(flat))
        return owners, codes, levels

    def languages(self, minimum: LanguageLevel, maximum: LanguageLevel | None = None) -> Keys:
        """Codes of the languages each speaks at ``minimum`` or better, as (owners, codes).

        With ``maximum``, only levels up to it count (``NATIVE`` to ``NATIVE``: native
        languages).
        """
        key = ("languages", int(minimum), maximum)
        if key not in self._cache:
            owners, codes, levels = self.spoken
            keep = levels >= minimum
            if maximum is not None:
                keep &= levels <= maximum
            self._cache[key] = _unique_keys(owners[keep], codes[keep])
        return self._cache[key]  # type: ignore[no-any-return]

    def language_masks(
        self, minimum: LanguageLevel, maximum: LanguageLevel | None = None
    ) -> MaskArray:
        """:meth:`languages` as bit masks over the language vocabulary of both sides.

        Read both sides' :attr:`spoken` first (as :meth:`Pairs.language_masks` does), so the
        masks of the two sides have the same width.
        """
        width = self.vocabulary.size("language")
        key = ("language masks", int(minimum), maximum, width)
        if key not in self._cache:
            owners, codes = self.languages(minimum, maximum)
            self._cache[key] = _pack(owners, codes, len(self), width)
        return self._cache[key]  # type: ignore[no-any-return]

    @functools.cached_property
    def municipality(self) -> IntArray:
        """Shared code of the municipality (with its country); -1 where unknown."""
        places = [None if w is None else (w.country, w.municipality) for w in self._locations]
        return self.vocabulary.encode("municipality", places)

    @functools.cached_property
    def _locations(self) -> list[Any]:
        return [getattr(p, "location", None) for p in self.people]

    @functools.cached_property
    def unit_vectors(self) -> FloatArray:
        """Location as a unit vector on the sphere (n×3); NaN rows where unknown."""
        known = [
            w if w is not None and w.latitude is not None else _NOWHERE for w in self._locations
        ]
        lat = np.radians(np.fromiter([w.latitude for w in known], np.float64, len(known)))
        lon = np.radians(np.fromiter([w.longitude for w in known], np.float64, len(known)))
        return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1)

    @functools.cached_property
    def unit_columns(self) -> FloatArray:
        """:attr:`unit_vectors` as three contiguous rows (3×n), for fast gathers."""
        return np.ascontiguousarray(self.unit_vectors.T)

    @functools.cached_property
    def availability_grain(self) -> int:
        """The largest number of minutes that divides every window edge (0 with no windows)."""
        starts, ends = self.availability
        return int(np.gcd.reduce(np.concatenate([starts.ravel(), ends.ravel()]), initial=0))

    def availability_bits(self, grain: int, run: int = 1) -> MaskArray:
        """Availability as one bit per ``grain`` minutes of the week (n × words).

        With ``run`` above 1, a slot's bit is set only when it starts ``run`` free slots in a
        row: two people share a stretch of ``run`` slots exactly when their masks share a bit.
        ``grain`` must divide every window edge (see :attr:`availability_grain`).
        """
        key = _bits_key(grain, run)
        if key not in self._cache:
            starts, ends = self.availability
            first = (starts // grain).ravel()
            stop = (ends // grain).ravel() - (run - 1)
            lengths = np.maximum(stop - first, 0).astype(np.int64)
            owners = np.tile(np.arange(len(self), dtype=np.int64), starts.shape[0])
            rows = np.repeat(owners, lengths)
            offsets = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(
                np.cumsum(lengths) - lengths, lengths
            )
            values = np.repeat(first.astype(np.int64), lengths) + offsets
            self._cache[key] = _pack(rows, values, len(self), _MINUTES_PER_WEEK // grain)
        return self._cache[key]  # type: ignore[no-any-return]

    def _has_availability_bits(self, grain: int, run: int = 1) -> bool:
        """Whether :meth:`availability_bits` for ``grain`` and ``run`` are built already."""
        return _bits_key(grain, run) in self._cache

    @functools.cached_property
    def availability(self) -> tuple[Int32Array, Int32Array]:
        """Weekly windows as minute-of-week starts and ends (k×n, padded with empty windows).

        Overlapping windows of one person are merged first, so overlaps are never counted twice.
        A person who gave no windows limits nothing: they count as free all week (as
        :mod:`mentorlib.scheduling` treats them).
        """
        owners, starts, ends = _windows(self.people, teams=self.members is not None)
        # Sort by owner then start; a window starts a new run unless it touches or overlaps
        # the furthest end so far of its owner's earlier windows.
        order = np.lexsort((starts, owners))
        owners, starts, ends = owners[order], starts[order], ends[order]
        reach = np.maximum.accumulate(owners * (2 * _MINUTES_PER_WEEK) + ends)
        reach -= owners * (2 * _MINUTES_PER_WEEK)
        new_run = np.ones(len(owners), dtype=np.bool_)
        new_run[1:] = (owners[1:] != owners[:-1]) | (starts[1:] > reach[:-1])
        firsts = np.flatnonzero(new_run)
        run_owner, run_start = owners[firsts], starts[firsts]
        run_end = np.maximum.reduceat(ends, firsts) if len(firsts) else ends[:0]
        # A run's place among its owner's runs gives its row in the padded k×n arrays.
        row = np.arange(len(firsts)) - np.searchsorted(run_owner, run_owner)
        width = int(row.max(initial=0)) + 1
        out_starts = np.zeros((width, len(self)), dtype=np.int32)
        out_ends = np.zeros((width, len(self)), dtype=np.int32)
        out_starts[row, run_owner] = run_start
        out_ends[row, run_owner] = run_end
        return out_starts, out_ends


def _bits_key(grain: int, run: int) -> tuple[str, int, int]:
    return ("availability bits", grain, run)


def _windows(people: Sequence[Any], *, teams: bool = False) -> tuple[IntArray, IntArray, IntArray]:
    """Everyone's weekly windows as (owner, start, end) minutes of the week, unmerged.

    Someone without windows gets the whole week. With ``teams``, a team's windows are the
    times every member is free (see :func:`_together`).
    """
    if teams:
        per_person = [_together(p.members) if isinstance(p, Team) else _spans(p) for p in people]
        counts = np.fromiter(map(len, per_person), dtype=np.int64, count=len(per_person))
        spans = list(itertools.chain.from_iterable(per_person))
    else:
        given = [getattr(p, "availability", None) or () for p in people]
        counts = np.fromiter(map(len, given), dtype=np.int64, count=len(given))
        flat = list(itertools.chain.from_iterable(given))
        spans = [_minutes_of_week(w.weekday, w.start, w.end) for w in flat]
    edges = np.fromiter(itertools.chain.from_iterable(spans), dtype=np.int64, count=2 * len(spans))
    whole_week = np.flatnonzero(counts == 0)
    owners = np.concatenate([np.repeat(np.arange(len(counts), dtype=np.int64), counts), whole_week])
    free_all_week = np.zeros(len(whole_week), dtype=np.int64)
    return (
        owners,
        np.concatenate([edges[0::2], free_all_week]),
        np.concatenate([edges[1::2], free_all_week + _MINUTES_PER_WEEK]),
    )


def _spans(person: Any) -> list[tuple[int, int]]:
    """Return a person's weekly windows as (start, end) minutes of the week (none: none given)."""
    return [
        _minutes_of_week(w.weekday, w.start, w.end)
        for w in getattr(person, "availability", None) or ()
    ]


def _together(members: Sequence[Any]) -> list[tuple[int, int]]:
    """Return the (start, end) minutes of the week at which every member is free.

    A member who gave no windows limits nothing; if none gave any, the list is empty (free all
    week). Members who never are free together get one empty window: free at no time.
    """
    common: list[tuple[int, int]] | None = None
    for spans in filter(None, map(_spans, members)):
        mine = _merged(spans)
        common = mine if common is None else _overlap(common, mine)
    if common is None:
        return []
    return common or [(0, 0)]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return spans sorted, with those that overlap or touch joined into one."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return where two lists of sorted, disjoint spans overlap (sorted and disjoint too)."""
    out: list[tuple[int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


@functools.lru_cache(maxsize=4096)
def _minutes_of_week(weekday: int, start: dt.time, end: dt.time) -> tuple[int, int]:
    """Return a window's start and end in minutes from Monday 00:00 (cached: windows repeat)."""
    day = weekday * _MINUTES_PER_DAY
    return day + start.hour * 60 + start.minute, day + end.hour * 60 + end.minute


class _Nowhere:
    """A location whose coordinates are unknown (NaN)."""

    latitude = longitude = math.nan


_NOWHERE = _Nowhere()


class Pairs:
    """Candidate pairs as two index arrays into the mentee and mentor sides.

    ``pairs.mentee[k]`` and ``pairs.mentor[k]`` are the positions of the k-th pair's mentee and
    mentor in ``pairs.mentees`` and ``pairs.mentors``; ``pairs.on`` is the matching date.
    """

    __slots__ = ("mentee", "mentees", "mentor", "mentors", "on")

    def __init__(
        self,
        mentee: Index,
        mentor: Index,
        *,
        mentees: Side,
        mentors: Side,
        on: dt.date,
    ) -> None:
        self.mentee = mentee
        self.mentor = mentor
        self.mentees = mentees
        self.mentors = mentors
        self.on = on

    @classmethod
    def every(cls, mentees: Sequence[Any], mentors: Sequence[Any], *, on: dt.date) -> Pairs:
        """Return every mentee with every mentor: a small batch to try a rule on.

        >>> import datetime as dt
        >>> from mentorlib import samples
        >>> from mentorlib.matching import Pairs, rules
        >>> data = samples.program(seed=1, mentees=3, mentors=2, history=False)
        >>> batch = Pairs.every(data.mentees, data.mentors, on=dt.date(2026, 8, 17))
        >>> len(batch)
        6
        >>> rules.check_rule(rules.SharedLanguage(), batch)
        """
        vocabulary = Vocabulary()
        n, m = len(mentees), len(mentors)
        return cls(
            np.repeat(np.arange(n, dtype=np.int32), m),
            np.tile(np.arange(m, dtype=np.int32), n),
            mentees=Side(list(mentees), "mentee", vocabulary),
            mentors=Side(list(mentors), "mentor", vocabulary),
            on=on,
        )

    def __len__(self) -> int:
        return len(self.mentee)

    def take(self, keep: BoolArray | IntArray | Index) -> Pairs:
        """Return the pairs selected by a boolean mask or by positions (arrays or lists)."""
        mentee, mentor = self.mentee, self.mentor
        if isinstance(keep, np.ndarray) and keep.dtype == np.bool_ and len(keep) <= _COMPRESS_UP_TO:
            if keep.shape != mentee.shape:  # np.compress would cut the pairs short instead
                raise IndexError(f"a mask of {keep.shape} for {len(self)} pairs")
            mask = keep.astype(np.bool_, copy=False)
            mentee, mentor = np.compress(mask, mentee), np.compress(mask, mentor)
        else:  # positions, a large mask, or a list of either
            mentee, mentor = mentee[keep], mentor[keep]
        return Pairs(
            mentee,
            mentor,
            mentees=self.mentees,
            mentors=self.mentors,
            on=self.on,
        )

    def of_members(self) -> tuple[Pairs, IntArray] | None:
        """Each pair's mentee with each member of its team (others stay as they are).

        Returns those pairs and where each pair's first one is; ``None`` when no mentor is a
        team (see :attr:`Side.members`).
        """
        members = self.mentors.members
        if members is None:
            return None
        count = members.size[self.mentor]
        rows = ranges(members.start[self.mentor], count).astype(np.int32)
        mentee = np.repeat(self.mentee, count)
        spread = Pairs(mentee, rows, mentees=self.mentees, mentors=members.side, on=self.on)
        return spread, np.cumsum(count) - count

    def mentee_values(
        self, get: Callable[[Any], Any], *, dtype: npt.DTypeLike | None = None
    ) -> npt.NDArray[Any]:
        """``get(mentee)`` for each pair's mentee (see :meth:`Side.values`)."""
        return self.mentees.values(get, dtype=dtype)[self.mentee]

    def mentor_values(
        self, get: Callable[[Any], Any], *, dtype: npt.DTypeLike | None = None
    ) -> npt.NDArray[Any]:
        """``get(mentor)`` for each pair's mentor (see :meth:`Side.values`)."""
        return self.mentors.values(get, dtype=dtype)[self.mentor]

    def language_masks(
        self,
        mentee_minimum: LanguageLevel,
        mentor_minimum: LanguageLevel,
        *,
        mentee_maximum: LanguageLevel | None = None,
    ) -> tuple[MaskArray, MaskArray]:
        """Bit masks of the languages each pair's mentee and mentor speak, over one vocabulary.

        The levels are as in :meth:`Side.languages`; ``(a & b).any(axis=1)`` tells whether a
        pair shares one (:meth:`share_language` says so faster).
        """
        a, b = self._language_masks(mentee_minimum, mentor_minimum, mentee_maximum)
        return a[self.mentee], b[self.mentor]

    def share_language(
        self,
        mentee_minimum: LanguageLevel,
        mentor_minimum: LanguageLevel,
        *,
        mentee_maximum: LanguageLevel | None = None,
    ) -> BoolArray:
        """Whether each pair's mentee and mentor share a language at these levels.

        The levels are as in :meth:`Side.languages`.
        """
        a, b = self._language_masks(mentee_minimum, mentor_minimum, mentee_maximum)
        return _share_a_bit(a, b, self.mentee, self.mentor)

    def _language_masks(
        self,
        mentee_minimum: LanguageLevel,
        mentor_minimum: LanguageLevel,
        mentee_maximum: LanguageLevel | None,
    ) -> tuple[MaskArray, MaskArray]:
        _ = self.mentees.spoken, self.mentors.spoken  # both sides' codes exist: widths agree
        return (
            self.mentees.language_masks(mentee_minimum, mentee_maximum),
            self.mentors.language_masks(mentor_minimum),
        )

    def _squared_chords(self) -> FloatArray:
        """Squared straight-line distance between each pair's points on the unit sphere.

        Differences of coordinates stay exact to the metre and below, where the arccos of a
        dot product does not.
        """
        # One contiguous coordinate at a time gathers twice as fast as rows of an n×3 array.
        a, b = self.mentees.unit_columns, self.mentors.unit_columns
        e, m = self.mentee, self.mentor
        out: FloatArray = np.square(a[0][e] - b[0][m])
        out += np.square(a[1][e] - b[1][m])
        out += np.square(a[2][e] - b[2][m])
        return out

    def distance_km(self) -> FloatArray:
        """Great-circle distance of each pair in km; NaN where a location is unknown."""
        half_chord = np.sqrt(self._squared_chords()) / 2
        return np.asarray(2 * np.arcsin(np.minimum(half_chord, 1.0)) * _EARTH_KM)

    def within_km(self, km: float) -> BoolArray:
        """Whether each pair lives within ``km`` of each other (False where unknown)."""
        chord = 2 * math.sin(min(km / (2 * _EARTH_KM), math.pi / 2))
        with np.errstate(invalid="ignore"):
            return np.asarray(self._squared_chords() <= chord * chord)

    def share_stretch(self, minutes: int) -> BoolArray:
        """Whether both of each pair are free together for an unbroken ``minutes`` a week.

        The same as ``longest_overlap_minutes() >= minutes``, but when every window edge falls
        on a common grid of five minutes or more it is one bit test per pair: a stretch of
        ``minutes`` starts at a slot where both people's free runs of that length start. A
        batch smaller than the two sides together is tested window by window unless the bits
        exist already: building them for everyone would cost more.
        """
        if minutes <= 0:
            return np.ones(len(self), dtype=np.bool_)
        grain = math.gcd(self.mentees.availability_grain, self.mentors.availability_grain)
        run = -(-minutes // grain) if grain else 1
        few = len(self) < len(self.mentees) + len(self.mentors)
        built = all(s._has_availability_bits(grain, run) for s in (self.mentees, self.mentors))
        if grain < 5 or (few and not built):
            return np.asarray(self._overlaps(longest=True) >= minutes)
        a = self.mentees.availability_bits(grain, run)
        b = self.mentors.availability_bits(grain, run)
        out = np.zeros(len(self), dtype=np.bool_)
        for word in np.flatnonzero(a.any(axis=0) & b.any(axis=0)):
            out |= (a[self.mentee, word] & b[self.mentor, word]) != 0
        return out

    def longest_overlap_minutes(self) -> IntArray:
        """Return the longest stretch (minutes) both of each pair are free: room to meet."""
        return self._overlaps(longest=True)

    def overlap_minutes(self) -> IntArray:
        """Minutes a week both of each pair are available, in total.

        When every window edge on both sides falls on a common grid of five minutes or more
        (on the hour, say), availability is a bit mask of grid slots and the overlap is a
        popcount; otherwise the windows' intervals are intersected pairwise.
        """
        grain = math.gcd(self.mentees.availability_grain, self.mentors.availability_grain)
        if grain >= 5:
            a = self.mentees.availability_bits(grain)[self.mentee]
            a &= self.mentors.availability_bits(grain)[self.mentor]
            return np.asarray(np.bitwise_count(a).sum(axis=1, dtype=np.int64) * grain)
        return self._overlaps(longest=False)

    def _overlaps(self, *, longest: bool) -> IntArray:
        a_start, a_end = self.mentees.availability
        b_start, b_end = self.mentors.availability
        a_start, a_end = a_start[:, self.mentee], a_end[:, self.mentee]
        b_start, b_end = b_start[:, self.mentor], b_end[:, self.mentor]
        total = np.zeros(len(self), dtype=np.int32)
        both = np.empty(len(self), dtype=np.int32)
        later = np.empty(len(self), dtype=np.int32)
        for i in range(len(a_start)):
            for j in range(len(b_start)):
                np.minimum(a_end[i], b_end[j], out=both)
                np.maximum(a_start[i], b_start[j], out=later)
                both -= later
                np.maximum(both, 0, out=both)
                if longest:
                    np.maximum(total, both, out=total)
                else:
                    total += both
        return total.astype(np.int64)
