"""Helpers shared by the metric modules: argument checks, calendar months, match arrays."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable
from statistics import NormalDist
from types import ModuleType
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from mentorlib.model import Match, ProgramData, ValidationError

from ._columns import match_columns

__all__ = [
    "MatchArrays",
    "add_months",
    "check_confidence",
    "check_count",
    "default_as_of",
    "match_arrays",
    "months_between",
    "ordinals",
    "scipy_module",
    "z_value",
]

FloatArray = npt.NDArray[np.float64]
DateArray = npt.NDArray[np.datetime64]


def check_confidence(confidence: float, *, where: str) -> float:
    """Return ``confidence`` if it is a level strictly between 0 and 1, else refuse it."""
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        raise ValidationError(f"expected a number such as 0.95, got {confidence!r}", record=where)
    if not 0 < confidence < 1:
        raise ValidationError(
            f"a confidence level is strictly between 0 and 1 (0.95 for 95 %), got {confidence}",
            record=where,
            field="confidence",
        )
    return float(confidence)


def check_count(value: int, *, where: str, field: str) -> int:
    """Return ``value`` if it is a whole number of at least 0, else refuse it."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise ValidationError(
            f"must be a whole number of at least 0, got {value!r}", record=where, field=field
        )
    return int(value)


def z_value(confidence: float) -> float:
    """Return the two-sided standard-normal quantile for a confidence level (1.96 for 0.95)."""
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def scipy_module(name: str) -> ModuleType:
    """Import ``scipy.<name>`` on first use, with a message that says how to install it."""
    import importlib

    try:
        return importlib.import_module(f"scipy.{name}")
    except ImportError as exc:  # pragma: no cover - scipy is installed in the test environment
        raise ImportError(
            "this calculation needs scipy (the t, beta and noncentral t distributions); "
            "install it with `pip install scipy`"
        ) from exc


def default_as_of(data: ProgramData) -> dt.date:
    """Return the last day any record of ``data`` is dated on (the program's start without any).

    Reports default to this day rather than today, so the same data give the same report.
    """
    days: list[dt.date] = []
    for match in data.matches:
        days.append(match.started_on)
        if match.closure is not None:
            days.append(match.closure.on)
    if data.meetings:
        days.append(max(m.start for m in data.meetings).date())
    days += [g.start.date() for g in data.gatherings]
    days += [a.on for a in data.assessments]
    days += [o.on for o in data.outcomes]
    days += [r.referred_on for r in data.referrals]
    if days:
        return max(days)
    if data.program.starts_on is not None:
        return data.program.starts_on
    raise ValidationError(
        "the program has no dated record and no start; pass as_of=",
        record="ProgramData",
        field="as_of",
    )


IntArray = npt.NDArray[np.int64]


def _first_days(months: IntArray) -> IntArray:
    """Return the first day of each month; months and days are counted from 1970-01-01.

    The calendar is looked up once per distinct month in the range, not once per value.
    """
    if months.size == 0:
        return np.zeros(0, dtype=np.int64)
    low = int(months.min())
    table = np.arange(low, int(months.max()) + 1).astype("datetime64[M]").astype("datetime64[D]")
    result: IntArray = table.astype(np.int64)[months - low]
    return result


def _month_and_day(days: DateArray) -> tuple[IntArray, IntArray]:
    """Return each day's month (counted from 1970-01) and its day of the month from 0."""
    month = days.astype("datetime64[M]").astype(np.int64)
    return month, days.astype(np.int64) - _first_days(month)


def _anchor(months: IntArray, day: IntArray) -> IntArray:
    """Return day ``day`` (from 0) of each month, clipped to the month's last day."""
    first = _first_days(months)
    length = _first_days(months + 1) - first
    result: IntArray = first + np.minimum(day, length - 1)
    return result


def add_months(starts: DateArray, months: int) -> DateArray:
    """Return each start plus ``months`` calendar months (31 January + 1 month = 28 February)."""
    month, day = _month_and_day(starts.astype("datetime64[D]"))
    return _anchor(month + months, day).astype("datetime64[D]")


def months_between(starts: DateArray, ends: DateArray) -> FloatArray:
    """Return the time from each start to its end in calendar months, with a fraction.

    The whole part is the number of monthly anniversaries of the start reached by the end
    (the anniversary of 31 January in February is the 28th or 29th); the fraction is the share
    of the next month's days (anniversary to anniversary) that has passed.

    >>> import numpy as np
    >>> s = np.array(["2026-01-31", "2026-08-17", "2026-08-17"], dtype="datetime64[D]")
    >>> e = np.array(["2026-02-28", "2026-11-17", "2026-11-16"], dtype="datetime64[D]")
    >>> months_between(s, e).round(3).tolist()
    [1.0, 3.0, 2.968]
    """
    s_month, s_day = _month_and_day(starts.astype("datetime64[D]"))
    end_days = ends.astype("datetime64[D]")
    ends_at = end_days.astype(np.int64)
    whole = end_days.astype("datetime64[M]").astype(np.int64) - s_month
    anchor = _anchor(s_month + whole, s_day)
    whole = np.where(anchor > ends_at, whole - 1, whole)
    anchor = _anchor(s_month + whole, s_day)
    following = _anchor(s_month + whole + 1, s_day)
    done: FloatArray = (ends_at - anchor) / (following - anchor)  # share of the next month
    result: FloatArray = whole + done
    return result


@attrs.frozen(eq=False)
class MatchArrays:
    """Matches that had started by ``as_of``, as columns: the input of the match metrics.

    Built once from the records by :func:`match_arrays` and shared by every figure of a
    report, so that each record is read once.
    """

    ids: list[str]
    mentee_ids: list[str]
    mentor_ids: list[str]
    starts: DateArray
    ends: DateArray  # closure day, or as_of for a match still running on as_of
    closed: npt.NDArray[np.bool_]
    reasons: list[str | None]
    ended_by: list[str | None]
    as_of: dt.date

    def __len__(self) -> int:
        return len(self.ids)

    @functools.cached_property
    def index(self) -> pd.Index[Any]:
        """The match ids as a pandas index named ``match_id``, built once."""
        index: pd.Index[Any] = pd.Index(np.array(self.ids, dtype=object), name="match_id")
        return index

    @functools.cached_property
    def months(self) -> FloatArray:
        """The durations in calendar months (:func:`months_between`), computed once."""
        return months_between(self.starts, self.ends)

    def durations(self, unit: str) -> FloatArray:
        """Return the durations in days or in calendar months."""
        if unit == "days":
            return (self.ends - self.starts).astype(np.int64).astype(np.float64)
        return self.months

    def first_matches(self) -> dict[str, int]:
        """Return each mentee's first match by position: earliest start, first listed on a tie."""
        order = np.argsort(self.starts, kind="stable")[::-1].tolist()
        mentees = self.mentee_ids
        # Later pairs overwrite earlier ones, so the earliest match is the one kept.
        return dict(zip([mentees[k] for k in order], order, strict=True))


def match_arrays(matches: Iterable[Match] | pd.DataFrame, *, as_of: dt.date) -> MatchArrays:
    """Return the matches started on or before ``as_of`` as arrays.

    ``matches`` are records or a DataFrame with the columns ``Roster.to_frame()`` gives them
    (read and checked by :func:`~mentorlib.metrics._columns.match_columns`); both give the same
    arrays. Proposed matches are left out. A match still running on ``as_of``, or closed after
    it, is censored at ``as_of``: what happened later is not known on that day.
    """
    columns = match_columns(matches)
    day = as_of.toordinal()
    keep = np.flatnonzero((columns.started <= day) & ~columns.proposed)
    closed_on = columns.closed_on[keep]
    known = closed_on <= day
    last = np.datetime64(as_of, "D")
    return MatchArrays(
        _pick(columns.ids, keep),
        _pick(columns.mentee_ids, keep),
        _pick(columns.mentor_ids, keep),
        _days(columns.started[keep]),
        np.minimum(_days(closed_on), last),
        known,
        _pick(columns.reasons, keep, known),
        _pick(columns.ended_by, keep, known),
        as_of,
    )


def _pick(
    values: list[Any], rows: npt.NDArray[np.intp], seen: npt.NDArray[np.bool_] | None = None
) -> list[Any]:
    """Return ``values`` at ``rows``, ``None`` where ``seen`` is false; a copy in any case."""
    if seen is None and len(rows) == len(values):  # every row, in order
        return list(values)
    picked = np.asarray(values, dtype=object)[rows]
    if seen is not None:
        picked[~seen] = None
    result: list[Any] = picked.tolist()
    return result


_EPOCH = dt.date(1970, 1, 1).toordinal()


def _days(values: npt.NDArray[np.int64]) -> DateArray:
    """Return proleptic ordinals as numpy days."""
    return (values - _EPOCH).astype("datetime64[D]")


def ordinals(days: DateArray) -> npt.NDArray[np.int64]:
    """Return numpy days as proleptic Gregorian ordinals (``date.toordinal()``)."""
    result: npt.NDArray[np.int64] = days.astype("datetime64[D]").astype(np.int64) + _EPOCH
    return result


def to_date(value: Any) -> dt.date:
    """Return a numpy or pandas day as a ``datetime.date``."""
    return dt.date.fromordinal(int(np.datetime64(value, "D").astype(np.int64)) + _EPOCH)


def finite_or_none(value: float) -> float | None:
    """Return ``value``, or ``None`` when it is not a finite number."""
    return value if math.isfinite(value) else None
