"""Matches, meetings, referrals and commitments read into columns, from records or a DataFrame.

The calculators count with columns (ids, days as ordinals, status values). This module is the one
place that reads them: from the domain records, or from a pandas DataFrame with the columns
``Roster.to_frame()`` gives for those records (as a CSV or Excel export of them has). A frame is
checked row by row; a bad cell raises :class:`~mentorlib.model.ValidationError` naming the row's
id and the column, so no row is ever dropped or guessed at. Extra columns are ignored.

Days
    A date column holds ``datetime.date`` values, midnight timestamps without a time zone
    (``parse_dates``), or ISO 8601 text (``2026-08-17``); a time of day or a time zone in a date
    column is refused.
Meeting starts
    A meeting is dated by the day of its start **in the zone the value carries**, as the records
    are: a zone-aware start gives its local day; a naive start is read as local wall-clock time
    and gives its own date (no zone is assumed, none is needed for the day); text is read as ISO
    8601 with or without an offset. A start converted to UTC is dated by the UTC day.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from mentorlib.model import (
    ClosureReason,
    Commitment,
    DuplicateIdError,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    Party,
    Referral,
    ReferralOutcome,
    ValidationError,
    unwritable,
)

__all__ = [
    "NEVER",
    "Coded",
    "CommitmentColumns",
    "MatchColumns",
    "MeetingColumns",
    "ReferralColumns",
    "commitment_columns",
    "match_columns",
    "meeting_columns",
    "referral_columns",
]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: The ordinal that stands for "no closure".
NEVER = dt.date.max.toordinal()
_EPOCH = dt.date(1970, 1, 1).toordinal()
# Enum values by member: a dict lookup is several times faster than ``member.value``.
_REASON_VALUES = {reason: reason.value for reason in ClosureReason}
_PARTY_VALUES = {party: party.value for party in Party}

_ID = "id (or an index named id)"
_MATCHES_NEED = (
    f"the columns {_ID}, mentee_id, mentor_id, started_on, status, and closure.on, "
    "closure.reason and closure.ended_by when a match is closed"
)
_MEETINGS_NEED = f"the columns {_ID}, match_id, start, status, and moved_to when one was moved"
_REFERRALS_NEED = f"the columns {_ID}, partner, referred_on, person_id, outcome"
_COMMITMENTS_NEED = f"the columns {_ID}, partner, referrals, starts_on, ends_on"


@attrs.frozen(eq=False)
class Coded:
    """A column as codes into its distinct values (-1 for an empty cell), and those values.

    Each distinct value is checked and converted once, so a column of many rows with few
    distinct values (statuses, days, a meeting's match) costs a lookup per row, done by numpy.
    """

    codes: npt.NDArray[np.intp]
    values: npt.NDArray[np.object_]

    @classmethod
    def of(cls, values: Sequence[Any] | pd.Series[Any]) -> Coded:
        """Code a column; missing cells (None, NaN, NaT, <NA>) and "" (a CSV blank) are empty."""
        column = values if isinstance(values, pd.Series) else np.asarray(values, dtype=object)
        codes, distinct = pd.factorize(column, use_na_sentinel=True)
        found = np.asarray(distinct, dtype=object)
        if column.dtype == object and not _decoded(codes, found, column):
            # pandas before 3.1 codes text only up to its first NUL character when every cell
            # is text (pandas-dev/pandas#34551), so "held\x00x" would read as "held". An empty
            # cell added at the end makes pandas hash the Python objects instead.
            text = np.append(np.asarray(column, dtype=object), np.array([None], dtype=object))
            codes, distinct = pd.factorize(text, use_na_sentinel=True)
            codes, found = codes[:-1], np.asarray(distinct, dtype=object)
        blank = np.flatnonzero(found == "")
        if blank.size:  # a blank text cell is an empty cell
            k = int(blank[0])
            codes = np.where(codes == k, -1, codes - (codes > k))
            found = np.delete(found, k)
        return cls(np.asarray(codes, dtype=np.intp), found)

    @classmethod
    def none(cls, size: int) -> Coded:
        """Return a column of ``size`` empty cells."""
        return cls(np.full(size, -1, dtype=np.intp), np.empty(0, dtype=object))

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def empty(self) -> BoolArray:
        """Which cells are empty."""
        result: BoolArray = self.codes < 0
        return result

    def take(self, converted: Sequence[Any] | npt.NDArray[Any], missing: Any) -> list[Any]:
        """Return each row's converted value (``converted[k]`` for distinct value ``k``)."""
        table = np.empty(len(converted) + 1, dtype=object)
        table[:-1] = converted
        table[-1] = missing
        result: list[Any] = table[self.codes].tolist()  # code -1 picks ``missing``
        return result

    def lookup(self, table: Callable[[Any], int], missing: int) -> npt.NDArray[np.intp]:
        """Return each row's ``table(value)`` as integers, ``missing`` for an empty cell."""
        found = np.fromiter(map(table, self.values), dtype=np.intp, count=len(self.values))
        result: npt.NDArray[np.intp] = np.append(found, missing)[self.codes]
        return result


def _decoded(codes: npt.NDArray[np.intp], found: npt.NDArray[np.object_], column: Any) -> bool:
    """Whether the codes give back every cell of an object column (see :meth:`Coded.of`).

    Only a column of text alone is at risk; one with an empty cell is coded by object.
    """
    if len(codes) == 0 or (codes < 0).any():
        return True
    return bool((found[codes] == np.asarray(column, dtype=object)).all())


@attrs.frozen(eq=False)
class MatchColumns:
    """Every match, in the given order: days are proleptic ordinals (``date.toordinal()``)."""

    ids: list[str]
    mentee_ids: list[str]
    mentor_ids: list[str]
    started: IntArray
    proposed: BoolArray
    closed_on: IntArray  # NEVER without a closure
    reasons: list[str | None]
    ended_by: list[str | None]


@attrs.frozen(eq=False)
class MeetingColumns:
    """Every meeting: its match id and status value (coded), and its local start day (ordinal).

    ``replaced(rows)`` says, for the meetings at positions ``rows`` (moved ones), whether the
    meeting each moved to is among the meetings; it is only asked when a meeting was moved.
    """

    match_ids: Coded
    days: IntArray
    statuses: Coded
    replaced: Callable[[list[int]], list[bool]]


@attrs.frozen(eq=False)
class ReferralColumns:
    """Every referral: partner, day referred (ordinal), person and outcome value."""

    partners: list[str]
    referred_on: IntArray
    person_ids: list[str | None]
    outcomes: list[str]


@attrs.frozen(eq=False)
class CommitmentColumns:
    """Every commitment: id, partner, referrals promised and its period."""

    ids: list[str]
    partners: list[str]
    referrals: list[int]
    starts_on: list[dt.date]
    ends_on: list[dt.date]


# -- from records --------------------------------------------------------------------------------


def _ints(values: Iterable[int], size: int) -> IntArray:
    return np.fromiter(values, dtype=np.int64, count=size)


def match_columns(matches: Iterable[Match] | pd.DataFrame) -> MatchColumns:
    """Read matches, records or a frame (see the module's docstring), into columns."""
    if isinstance(matches, pd.DataFrame):
        return _match_frame(matches)
    records = matches if isinstance(matches, Sequence) else list(matches)
    closures = [m.closure for m in records]
    proposed = MatchStatus.PROPOSED
    return MatchColumns(
        [m.id for m in records],
        [m.mentee_id for m in records],
        [m.mentor_id for m in records],
        np.array([m.started_on.toordinal() for m in records], dtype=np.int64),
        np.array([m.status is proposed for m in records], dtype=bool),
        np.array([NEVER if c is None else c.on.toordinal() for c in closures], dtype=np.int64),
        [None if c is None else _REASON_VALUES[c.reason] for c in closures],
        [None if c is None else _PARTY_VALUES[c.ended_by] for c in closures],
    )


def meeting_columns(meetings: Iterable[Meeting] | pd.DataFrame) -> MeetingColumns:
    """Read meetings, records or a frame (see the module's docstring), into columns."""
    if isinstance(meetings, pd.DataFrame):
        return _meeting_frame(meetings)
    records = meetings if isinstance(meetings, Sequence) else list(meetings)
    starts = [m.start for m in records]  # the day of the local start time counts

    def replaced(rows: list[int]) -> list[bool]:
        present = {m.id for m in records}
        return [records[k].moved_to in present for k in rows]

    return MeetingColumns(
        Coded.of([m.match_id for m in records]),
        _ints(map(dt.datetime.toordinal, starts), len(records)),
        Coded.of([m.status for m in records]),
        replaced,
    )


def referral_columns(referrals: Iterable[Referral] | pd.DataFrame) -> ReferralColumns:
    """Read referrals, records or a frame (see the module's docstring), into columns."""
    if isinstance(referrals, pd.DataFrame):
        return _referral_frame(referrals)
    records = list(referrals)
    return ReferralColumns(
        [r.partner for r in records],
        _ints((r.referred_on.toordinal() for r in records), len(records)),
        [r.person_id for r in records],
        [r.outcome.value for r in records],
    )


def commitment_columns(commitments: Iterable[Commitment] | pd.DataFrame) -> CommitmentColumns:
    """Read commitments, records or a frame (see the module's docstring), into columns."""
    if isinstance(commitments, pd.DataFrame):
        return _commitment_frame(commitments)
    records = list(commitments)
    return CommitmentColumns(
        [c.id for c in records],
        [c.partner for c in records],
        [c.referrals for c in records],
        [c.starts_on for c in records],
        [c.ends_on for c in records],
    )


# -- from a frame --------------------------------------------------------------------------------


class _CellError(Exception):
    """A cell's value was refused; the reader adds the row and the column."""


def _describe(value: object) -> str:
    return f"{type(value).__name__} {value!r}"


class _Frame:
    """A frame of one kind of record, read a column at a time, every row checked."""

    def __init__(self, frame: pd.DataFrame, record: str, plural: str, needs: str) -> None:
        self.frame = frame
        self.record = record
        self.plural = plural
        self.needs = needs
        self.size = len(frame)
        self.ids: list[str] = []
        if self.size:
            self.ids = self._ids()

    def error(self, message: str, row: int | None, column: str) -> ValidationError:
        """Return an error naming the row's id (when it has one) and the column."""
        if row is not None and not self.ids:  # reading the ids themselves
            message = f"the row at position {row}: {message}"
        record_id = None if row is None or not self.ids else self.ids[row]
        return ValidationError(message, record=self.record, record_id=record_id, field=column)

    def has(self, name: str) -> bool:
        return name in self.frame.columns

    def column(self, name: str) -> pd.Series[Any]:
        if name not in self.frame.columns:
            have = ", ".join(map(repr, map(str, self.frame.columns))) or "none"
            raise self.error(
                f"the frame has no column {name!r}; a frame of {self.plural} needs {self.needs} "
                f"(this one has {have})",
                None,
                name,
            )
        values = self.frame.loc[:, name]
        if isinstance(values, pd.DataFrame):
            raise self.error(f"the frame has more than one column {name!r}", None, name)
        return values

    def _ids(self) -> list[str]:
        if "id" in self.frame.columns:
            values = self.column("id")
        elif self.frame.index.name == "id":
            values = self.frame.index.to_series()
        else:
            values = self.column("id")  # raises: there is no id
        ids = values.to_numpy(dtype=object)
        listed: list[str] = ids.tolist()
        self._check_ids(ids, "id", optional=False, row_of=int, texts=listed)
        if _repeats(listed):
            codes, _ = pd.factorize(ids)
            repeated = np.flatnonzero(pd.Series(codes).duplicated().to_numpy())
            row = int(repeated[0])
            first = self.first(codes == codes[row])
            raise DuplicateIdError(
                f"the id is used by more than one row (positions {first} and {row})",
                record=self.record,
                record_id=ids[row],
                field="id",
            )
        return listed

    def first(self, mask: BoolArray) -> int:
        return int(np.flatnonzero(mask)[0])

    def _row_of(self, cells: Coded, value: int) -> int:
        """Return the first row holding distinct value number ``value``."""
        return self.first(cells.codes == value)

    def _read(self, name: str, *, optional: bool) -> Coded:
        cells = Coded.of(self.column(name))
        if not optional and cells.empty.any():
            raise self.error("the cell is empty", self.first(cells.empty), name)
        return cells

    def _check_ids(
        self,
        values: npt.NDArray[np.object_],
        name: str,
        *,
        optional: bool,
        row_of: Callable[[int], int],
        texts: list[str] | None = None,
    ) -> None:
        """Refuse the first value that is not an id, or is empty unless ``optional``.

        ``row_of`` gives the row of value number ``k``; ``texts`` are the values as a list,
        when the caller has them. All the values are checked at once (:func:`_all_ids`); only
        when that fails is each looked at, to name the first refused.
        """
        if _all_ids(values, values.tolist() if texts is None else texts):
            return
        empty = np.asarray(pd.isna(values), dtype=bool) | (values == "")
        if not optional and empty.any():
            raise self.error("the cell is empty", row_of(self.first(empty)), name)
        present = np.flatnonzero(~empty)
        refused = _refused_id(values[present])
        if refused is not None:
            k, message = refused
            raise self.error(message, row_of(int(present[k])), name)

    def _identifiers(self, cells: Coded, name: str, *, optional: bool) -> Coded:
        if not optional and cells.empty.any():
            raise self.error("the cell is empty", self.first(cells.empty), name)
        self._check_ids(cells.values, name, optional=True, row_of=lambda k: self._row_of(cells, k))
        return cells

    def identifiers(self, name: str) -> list[str]:
        """Read an id column: text, one line, no surrounding spaces, no empty cell.

        The cells are checked as they are, not by distinct value: ids are mostly distinct.
        """
        values = self.column(name).to_numpy(dtype=object)
        self._check_ids(values, name, optional=False, row_of=int)
        ids: list[str] = values.tolist()
        return ids

    def coded_identifiers(self, name: str, *, optional: bool = False) -> Coded:
        """Read an id column as :meth:`identifiers` does, coded by distinct id."""
        return self._identifiers(Coded.of(self.column(name)), name, optional=optional)

    def optional_identifiers(self, name: str) -> list[str | None]:
        """Read an id column whose cells may be empty (``None``)."""
        cells = self.coded_identifiers(name, optional=True)
        return cells.take(cells.values, None)

    def texts(self, name: str) -> list[str]:
        """Read a column of non-empty text, kept exactly as given, as a record's text takes it.

        Control characters other than tabs and line breaks, and lone surrogates, are refused as
        the records refuse them.
        """
        cells = self._read(name, optional=False)
        for k, value in enumerate(cells.values):
            if not isinstance(value, str):
                raise self.error(
                    f"expected text, got {_describe(value)}", self._row_of(cells, k), name
                )
            if not value.strip():
                raise self.error("the cell is blank", self._row_of(cells, k), name)
            bad = unwritable(value)
            if bad is not None:
                raise self.error(bad, self._row_of(cells, k), name)
        return cells.take(cells.values, None)

    def choices(
        self, name: str, kind: type[enum.StrEnum], *, optional: bool = False
    ) -> list[str | None]:
        """Read a column whose values are those of ``kind`` (exactly, as the records take them)."""
        cells = self.coded_choices(name, kind, optional=optional)
        return cells.take(cells.values, None)

    def coded_choices(
        self, name: str, kind: type[enum.StrEnum], *, optional: bool = False
    ) -> Coded:
        """Read a column of ``kind``'s values as :meth:`choices` does, coded by value.

        A missing optional column is a column of empty cells.
        """
        if optional and not self.has(name):
            return Coded.none(self.size)
        cells = self._read(name, optional=optional)
        allowed = {member.value for member in kind}
        for k, value in enumerate(cells.values):
            if not isinstance(value, str) or value not in allowed:
                choices = ", ".join(repr(m.value) for m in kind)
                raise self.error(
                    f"{value!r} is not a {kind.__name__}; use one of {choices}",
                    self._row_of(cells, k),
                    name,
                )
        return Coded(cells.codes, np.array([str(v) for v in cells.values], dtype=object))

    def counts(self, name: str) -> list[int]:
        """Read a column of whole numbers of at least 0 (numbers, or digits as text)."""
        cells = self._read(name, optional=False)
        converted = []
        for k, value in enumerate(cells.values):
            number = (
                int(value)
                if isinstance(value, str) and value.isascii() and value.isdigit()
                else value
            )
            whole = isinstance(number, int | np.integer) and not isinstance(number, bool | np.bool_)
            if not whole or number < 0:
                raise self.error(
                    f"expected a whole number of at least 0, got {_describe(value)}",
                    self._row_of(cells, k),
                    name,
                )
            converted.append(int(number))
        return cells.take(converted, 0)

    def _convert(self, cells: Coded, name: str, read: Callable[[Any], int]) -> IntArray:
        """Return each row's ``read`` of its value (0 for an empty cell), refusals named."""
        converted = np.zeros(len(cells.values) + 1, dtype=np.int64)  # the last: empty cells
        for k, value in enumerate(cells.values):
            try:
                converted[k] = read(value)
            except _CellError as refused:
                raise self.error(str(refused), self._row_of(cells, k), name) from None
        result: IntArray = converted[cells.codes]
        return result

    def days(self, name: str, *, optional: bool = False) -> tuple[IntArray, BoolArray]:
        """Read a date column into ordinals (0 where the cell is empty) and the empty cells."""
        if optional and not self.has(name):
            return np.zeros(self.size, dtype=np.int64), np.ones(self.size, dtype=bool)
        values = self.column(name)
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            return self._stamped_days(values, name, optional=optional)
        cells = self._read(name, optional=optional)
        return self._convert(cells, name, _day), cells.empty

    def _stamped_days(
        self, values: pd.Series[Any], name: str, *, optional: bool
    ) -> tuple[IntArray, BoolArray]:
        missing = np.asarray(values.isna().to_numpy(), dtype=bool)
        if not optional and missing.any():
            raise self.error("the cell is empty", self.first(missing), name)
        if isinstance(values.dtype, pd.DatetimeTZDtype) and not missing.all():
            row = self.first(~missing)
            raise self.error(f"{values.iloc[row]} has a time zone; a day has none", row, name)
        stamps = values.to_numpy(dtype="datetime64[ns]")
        whole = stamps.astype("datetime64[D]")
        timed = (stamps != whole.astype("datetime64[ns]")) & ~missing
        if timed.any():
            row = self.first(timed)
            raise self.error(f"{values.iloc[row]} has a time of day; expected a day", row, name)
        result: IntArray = np.where(missing, 0, whole.astype(np.int64) + _EPOCH)
        return result, missing

    def local_days(self, name: str) -> IntArray:
        """Read a column of meeting starts into the ordinal of each start's local day."""
        values = self.column(name)
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            missing = np.asarray(values.isna().to_numpy(), dtype=bool)
            if missing.any():
                raise self.error("the cell is empty", self.first(missing), name)
            # Each distinct instant is put on the wall clock of the column's zone once (pandas
            # asks a zoneinfo zone for each value's offset in turn); meetings share starts.
            codes, distinct = pd.factorize(values)
            instants = pd.DatetimeIndex(distinct)
            if instants.tz is not None:
                instants = instants.tz_localize(None)
            whole = np.asarray(instants, dtype="datetime64[ns]").astype("datetime64[D]")
            result: IntArray = (whole.astype(np.int64) + _EPOCH)[codes]
            return result
        if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
            cells = self._read(name, optional=False)  # distinct texts: read each once
            return self._convert(cells, name, _local_day)
        # Aware datetimes of different zones can be equal instants on different local days,
        # so each cell is read on its own rather than by distinct value.
        cells = self._read(name, optional=False)
        days = np.zeros(self.size, dtype=np.int64)
        for row, value in enumerate(values.tolist()):
            try:
                days[row] = _local_day(value)
            except _CellError as refused:
                raise self.error(str(refused), row, name) from None
        return days


def _repeats(texts: list[str]) -> bool:
    """Whether a text is there more than once: sorted hashes first, a set if two are equal."""
    hashes = np.fromiter(map(hash, texts), dtype=np.int64, count=len(texts))
    hashes.sort()
    return bool((hashes[1:] == hashes[:-1]).any()) and len(set(texts)) < len(texts)


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def _all_ids(values: npt.NDArray[np.object_], texts: list[Any]) -> bool:
    """Whether every value is an id: text on one printable line without surrounding spaces.

    Checked on all the values at once, joined by spaces: the joined text is printable when
    each value is, and then the only white space in it is the ASCII space, so a value is
    empty or starts or ends with a space only where the joined text starts or ends with one,
    has two in a row, or is shorter than the values and the spaces between them. An id with
    two spaces inside fails this check too; :func:`_refused_id` then looks at each value.
    """
    if pd.api.types.infer_dtype(values, skipna=False) not in ("string", "empty"):
        return False  # not all text, or an empty cell
    joined = " ".join(texts)
    if joined.isascii():  # the usual case, checked bytewise: printable ASCII is 0x20 to 0x7e
        printable = not joined.encode("ascii").translate(None, _PRINTABLE_ASCII)
    else:
        printable = joined.isprintable()
    return (
        len(joined) >= 2 * len(values) - 1
        and printable
        and "  " not in joined
        and joined.strip(" ") == joined
    )


def _refused_id(values: npt.NDArray[np.object_]) -> tuple[int, str] | None:
    """Return the position of the first value that is not an id and why, or ``None``."""
    kinds = np.fromiter((isinstance(v, str) for v in values), bool, len(values))
    if not kinds.all():
        k = int(np.flatnonzero(~kinds)[0])
        hint = " (read id columns as text, e.g. pd.read_csv(..., dtype=str))"
        return k, f"expected text, got {_describe(values[k])}{hint}"
    texts: list[str] = values.tolist()
    count = len(texts)
    trimmed = np.fromiter(map(str.__eq__, map(str.strip, texts), texts), bool, count)
    shaped = trimmed & np.fromiter(map(str.isprintable, texts), bool, count)
    if shaped.all():
        return None
    k = int(np.flatnonzero(~shaped)[0])
    return k, f"{texts[k]!r} is not an id: one printable line without surrounding spaces"


def _day(value: Any) -> int:
    """Return the ordinal of a day given as a date, a midnight timestamp or ISO text."""
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise _CellError(f"{value.isoformat()} has a time zone; a day has none")
        if value.time() != dt.time():
            raise _CellError(f"{value.isoformat()} has a time of day; expected a day")
        return value.toordinal()
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).toordinal()
        except ValueError:
            pass
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            raise _CellError(f"{value!r} is not a date; write days as YYYY-MM-DD") from None
        return _day(moment)
    raise _CellError(f"expected a date, got {_describe(value)}")


def _local_day(value: Any) -> int:
    """Return the ordinal of a start's day on the wall clock of the zone it carries."""
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.toordinal()  # a datetime's own (local) day
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value).toordinal()
        except ValueError:
            raise _CellError(
                f"{value!r} is not a date and time; write it in ISO 8601, "
                "e.g. 2026-08-18T17:00+02:00"
            ) from None
    raise _CellError(f"expected a date and time, got {_describe(value)}")


def _match_frame(frame: pd.DataFrame) -> MatchColumns:
    table = _Frame(frame, "Match", "matches", _MATCHES_NEED)
    if not table.size:
        return match_columns(())
    mentees = table.identifiers("mentee_id")
    mentors = table.identifiers("mentor_id")
    started, _ = table.days("started_on")
    statuses = table.coded_choices("status", MatchStatus)
    closed = statuses.lookup(MatchStatus.CLOSED.value.__eq__, 0).astype(bool)
    closed_on, no_day = table.days("closure.on", optional=True)
    reasons = table.coded_choices("closure.reason", ClosureReason, optional=True)
    ended_by = table.coded_choices("closure.ended_by", Party, optional=True)
    for name, empty in (
        ("closure.on", no_day),
        ("closure.reason", reasons.empty),
        ("closure.ended_by", ended_by.empty),
    ):
        if (closed & empty).any():
            row = table.first(closed & empty)
            where = "" if table.has(name) else f"; the frame has no column {name!r}"
            raise table.error(
                "a closed match needs a closure: closure.on, closure.reason and "
                f"closure.ended_by{where}",
                row,
                name,
            )
        if (~closed & ~empty).any():
            row = table.first(~closed & ~empty)
            status = statuses.values[statuses.codes[row]]
            raise table.error(
                f"only a closed match has a closure; its status is {status!r}", row, name
            )
    early = closed & (closed_on < started)
    if early.any():
        row = table.first(early)
        raise table.error(
            f"{dt.date.fromordinal(int(closed_on[row]))} is before the match started on "
            f"{dt.date.fromordinal(int(started[row]))}",
            row,
            "closure.on",
        )
    return MatchColumns(
        table.ids,
        mentees,
        mentors,
        started,
        statuses.lookup(MatchStatus.PROPOSED.value.__eq__, 0).astype(bool),
        np.where(closed, closed_on, NEVER).astype(np.int64),
        reasons.take(reasons.values, None),
        ended_by.take(ended_by.values, None),
    )


def _meeting_frame(frame: pd.DataFrame) -> MeetingColumns:
    table = _Frame(frame, "Meeting", "meetings", _MEETINGS_NEED)
    if not table.size:
        return meeting_columns(())
    match_ids = table.coded_identifiers("match_id")
    days = table.local_days("start")
    statuses = table.coded_choices("status", MeetingStatus)
    moved = statuses.lookup(MeetingStatus.MOVED.value.__eq__, 0).astype(bool)
    if table.has("moved_to"):
        moved_to = table.coded_identifiers("moved_to", optional=True)
    elif moved.any():
        raise table.error(
            "a moved meeting needs a moved_to column (the id of the meeting it moved to; "
            "leave the cell empty when that is not known)",
            table.first(moved),
            "moved_to",
        )
    else:
        moved_to = Coded.none(table.size)
    stray = ~moved & ~moved_to.empty
    if stray.any():
        row = table.first(stray)
        status = statuses.values[statuses.codes[row]]
        raise table.error(
            f"only a moved meeting says where it moved to; its status is {status!r}",
            row,
            "moved_to",
        )
    targets = moved_to.take(moved_to.values, None)
    for row in np.flatnonzero(~moved_to.empty).tolist():
        if targets[row] == table.ids[row]:
            raise table.error(
                "a meeting cannot be moved to itself; give the id of the meeting that replaced it",
                row,
                "moved_to",
            )

    def replaced(rows: list[int]) -> list[bool]:
        present = set(table.ids)
        return [targets[k] in present for k in rows]

    return MeetingColumns(match_ids, days, statuses, replaced)


def _referral_frame(frame: pd.DataFrame) -> ReferralColumns:
    table = _Frame(frame, "Referral", "referrals", _REFERRALS_NEED)
    if not table.size:
        return referral_columns(())
    partners = table.texts("partner")
    referred_on, _ = table.days("referred_on")
    person_ids = table.optional_identifiers("person_id")
    outcomes = table.choices("outcome", ReferralOutcome)
    return ReferralColumns(
        partners, referred_on, person_ids, [o for o in outcomes if o is not None]
    )


def _commitment_frame(frame: pd.DataFrame) -> CommitmentColumns:
    table = _Frame(frame, "Commitment", "commitments", _COMMITMENTS_NEED)
    if not table.size:
        return commitment_columns(())
    partners = table.texts("partner")
    promised = table.counts("referrals")
    starts_on, _ = table.days("starts_on")
    ends_on, _ = table.days("ends_on")
    backwards = ends_on < starts_on
    if backwards.any():
        row = table.first(backwards)
        raise table.error(
            f"ends on {dt.date.fromordinal(int(ends_on[row]))}, before it starts on "
            f"{dt.date.fromordinal(int(starts_on[row]))}",
            row,
            "ends_on",
        )
    return CommitmentColumns(
        table.ids,
        partners,
        promised,
        [dt.date.fromordinal(int(d)) for d in starts_on],
        [dt.date.fromordinal(int(d)) for d in ends_on],
    )
