"""How long matches last: Kaplan–Meier retention, median duration, bands and closures."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Literal

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from mentorlib.model import ClosureReason, Match, Party, ValidationError

from ._common import FloatArray, MatchArrays, check_confidence, match_arrays, z_value
from ._proportions import Proportion, proportion

__all__ = [
    "DURATION_BANDS",
    "SurvivalCurve",
    "TimeUnit",
    "closure_reasons",
    "duration_bands",
    "early_closure",
    "kaplan_meier",
    "match_survival",
    "retention",
]

TimeUnit = Literal["days", "months"]

_ROUNDING = 1e-9
"""How far a curve's floating-point product may sit above the level it reaches exactly."""

#: Duration bands of closed matches (Grossman & Rhodes 2002), in calendar months: lower end
#: included, upper end excluded.
DURATION_BANDS: tuple[tuple[str, float, float], ...] = (
    ("< 3 months", 0.0, 3.0),
    ("3–6 months", 3.0, 6.0),
    ("6–12 months", 6.0, 12.0),
    ("≥ 12 months", 12.0, math.inf),
)


@attrs.frozen(eq=False)
class SurvivalCurve:
    r"""A Kaplan–Meier survival curve with pointwise confidence bands.

    ``timeline`` holds 0 and every distinct duration; at each time :math:`t_i` the curve has
    ``at_risk`` :math:`n_i` (durations of at least :math:`t_i`), ``events`` :math:`d_i`,
    ``censored``, the estimate :math:`\hat S(t_i) = \prod_{t_j \le t_i}(1 - d_j / n_j)` and
    the band ``lower``–``upper``.

    The band is the exponential Greenwood ("log(-log)") interval, as lifelines computes it:
    with :math:`V_i = \sum_{t_j \le t_i} d_j / (n_j (n_j - d_j))`,

    .. math::

        \hat S(t)^{\exp(\pm z \sqrt{V} / \log \hat S(t))}

    which stays inside [0, 1]. The curve is a right-continuous step function.
    """

    timeline: FloatArray
    at_risk: npt.NDArray[np.int64]
    events: npt.NDArray[np.int64]
    censored: npt.NDArray[np.int64]
    survival: FloatArray
    lower: FloatArray
    upper: FloatArray
    confidence: float
    unit: str

    @property
    def table(self) -> pd.DataFrame:
        """The curve as a DataFrame indexed by time."""
        return pd.DataFrame(
            {
                "at_risk": self.at_risk,
                "events": self.events,
                "censored": self.censored,
                "survival": self.survival,
                "lower": self.lower,
                "upper": self.upper,
            },
            index=pd.Index(self.timeline, name=self.unit),
        )

    def _first_at_or_below(self, values: FloatArray, level: float) -> float:
        # A product of fractions that is exactly 0.5 (5 of 10 gone) may come out a rounding
        # error above it: within _ROUNDING it counts as reached.
        below = np.nonzero(values <= level + _ROUNDING)[0]
        return float(self.timeline[below[0]]) if below.size else math.inf

    @property
    def median(self) -> float:
        """The median duration: the first time the curve is at or below 0.5 (``inf`` if never).

        When the curve sits exactly at 0.5 over an interval, this is the interval's start
        (lifelines' rule); R's ``survfit`` reports the midpoint of that interval instead.
        """
        return self._first_at_or_below(self.survival, 0.5)

    @property
    def median_ci(self) -> tuple[float, float]:
        """The interval of the median: where the lower and the upper band reach 0.5."""
        return (
            self._first_at_or_below(self.lower, 0.5),
            self._first_at_or_below(self.upper, 0.5),
        )

    def _index_at(self, times: FloatArray) -> npt.NDArray[np.intp]:
        return np.searchsorted(self.timeline, times, side="right") - 1

    def at(self, times: float | Sequence[float]) -> pd.DataFrame:
        """Return survival and band at ``times``, one row each.

        Beyond the last observed time the estimate is not known and is ``nan`` (lifelines
        carries the last value forward instead).
        """
        points = np.atleast_1d(np.asarray(times, dtype=np.float64))
        index = self._index_at(points)
        beyond = points > self.timeline[-1]
        frame = pd.DataFrame(
            {
                "survival": self.survival[index],
                "lower": self.lower[index],
                "upper": self.upper[index],
                "at_risk": np.where(beyond, 0, self._at_risk_after(points)),
            },
            index=pd.Index(points, name=self.unit),
        )
        frame.loc[beyond, ["survival", "lower", "upper"]] = math.nan
        return frame

    def _at_risk_after(self, points: FloatArray) -> npt.NDArray[np.int64]:
        # People still followed just after each point: durations strictly above it.
        total = self.events + self.censored
        after = total[::-1].cumsum()[::-1]
        position = np.searchsorted(self.timeline, points, side="right")
        padded = np.append(after, 0)
        result: npt.NDArray[np.int64] = padded[position]
        return result

    @property
    def summary(self) -> pd.DataFrame:
        """Counts, the median and its interval, as a one-row-per-figure DataFrame."""
        low, high = self.median_ci
        rows = {
            "subjects": float(self.at_risk[0]) if self.at_risk.size else 0.0,
            "events": float(self.events.sum()),
            "censored": float(self.censored.sum()),
            f"median ({self.unit})": self.median,
            "median lower": low,
            "median upper": high,
        }
        return pd.DataFrame({"value": rows})

    def __repr__(self) -> str:
        median = "not reached" if math.isinf(self.median) else f"{self.median:g} {self.unit}"
        return (
            f"SurvivalCurve({int(self.at_risk[0]) if self.at_risk.size else 0} subjects, "
            f"{int(self.events.sum())} events, median {median})"
        )


def kaplan_meier(
    durations: Sequence[float] | npt.ArrayLike,
    observed: Sequence[bool] | npt.ArrayLike | None = None,
    *,
    confidence: float = 0.95,
    unit: str = "time",
) -> SurvivalCurve:
    """Return the Kaplan–Meier estimate of the survival function.

    Parameters
    ----------
    durations
        Time to the event or to censoring, each at least 0 (a list, an array or a column).
    observed
        ``True`` where the event happened, ``False`` where the time is censored; all events
        if omitted.
    confidence
        The level of the pointwise band (exponential Greenwood, as lifelines).
    unit
        A label for the time axis.

    Examples
    --------
    The 6-MP arm of Freireich et al. (1963), weeks in remission (``*`` censored):

    >>> weeks = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
    >>> relapse = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    >>> curve = kaplan_meier(weeks, relapse, unit="weeks")
    >>> curve.table.loc[[6, 7, 10, 13, 16, 22, 23], "survival"].round(4).tolist()
    [0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482]
    >>> curve.median
    23.0
    """
    confidence = check_confidence(confidence, where="kaplan_meier")
    times = np.asarray(durations, dtype=np.float64).ravel()
    events_in = np.ones(times.shape, dtype=bool) if observed is None else _event_flags(observed)
    if events_in.shape != times.shape:
        raise ValidationError(
            f"{times.size} durations but {events_in.size} event flags; give one flag a duration",
            record="kaplan_meier",
            field="observed",
        )
    if times.size and (not np.all(np.isfinite(times)) or times.min() < 0):
        raise ValidationError(
            "durations are finite numbers of at least 0", record="kaplan_meier", field="durations"
        )
    timeline, inverse = np.unique(np.append(times, 0.0), return_inverse=True)
    inverse = inverse[:-1]
    events = np.bincount(inverse, weights=events_in, minlength=timeline.size).astype(np.int64)
    removed = np.bincount(inverse, minlength=timeline.size).astype(np.int64)
    censored = removed - events
    at_risk = removed[::-1].cumsum()[::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(at_risk > 0, 1.0 - events / np.maximum(at_risk, 1), 1.0)
        survival = np.cumprod(factor)
        gap = at_risk - events
        terms = np.where(gap > 0, events / (at_risk * np.maximum(gap, 1)), 0.0)
        variance = np.cumsum(terms)
        z = z_value(confidence)
        log_s = np.log(survival)
        spread = z * np.sqrt(variance) / log_s
        lower = np.exp(-np.exp(np.log(-log_s) - spread))
        upper = np.exp(-np.exp(np.log(-log_s) + spread))
    lower = np.where(survival >= 1.0, 1.0, np.where(survival <= 0.0, 0.0, lower))
    upper = np.where(survival >= 1.0, 1.0, np.where(survival <= 0.0, 0.0, upper))
    return SurvivalCurve(
        timeline,
        at_risk,
        events,
        censored,
        survival.astype(np.float64),
        lower.astype(np.float64),
        upper.astype(np.float64),
        confidence,
        unit,
    )


def _event_flags(observed: Sequence[bool] | npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Read event flags: booleans, or numbers that are 1 (the event) or 0 (censored).

    Anything else is refused rather than read as truthy: text such as "0", as a CSV read with
    ``dtype=str`` holds, and NaN would otherwise count as events.
    """
    flags = np.asarray(observed).ravel()
    if flags.dtype == np.bool_:
        return flags
    if flags.dtype.kind in "iuf":
        valid = (flags == 0) | (flags == 1)
    else:
        valid = np.array([_is_flag(f) for f in flags.tolist()], dtype=np.bool_)
    if not valid.all():
        k = int(np.flatnonzero(~valid)[0])
        raise ValidationError(
            f"event flags are True/False or 1/0, but item {k} is {flags.tolist()[k]!r}",
            record="kaplan_meier",
            field="observed",
        )
    return np.asarray(flags.astype(np.float64) == 1)


def _is_flag(value: object) -> bool:
    return isinstance(value, bool | int | float | np.number | np.bool_) and value in (0, 1)


def match_survival(
    matches: Iterable[Match] | pd.DataFrame,
    *,
    as_of: dt.date,
    unit: TimeUnit = "months",
    confidence: float = 0.95,
) -> SurvivalCurve:
    """Return the Kaplan–Meier curve of how long matches last, ongoing ones censored.

    The event is a closure on or before ``as_of``; a match still running on ``as_of`` is
    censored there. Proposed matches and matches that start after ``as_of`` are left out.

    Parameters
    ----------
    matches
        The matches: records, or a DataFrame with the columns ``Roster.to_frame()`` gives them
        (``id``, ``mentee_id``, ``mentor_id``, ``started_on``, ``status`` and, for closed
        matches, ``closure.on``, ``closure.reason``, ``closure.ended_by``; see "DataFrames" in
        the metrics docs). Both give the same curve.
    as_of
        The day the data are known up to.
    unit
        ``"months"`` (default): calendar months with a fraction, so that 3 months is the
        3-month anniversary of each match's start (see the docs on month counting);
        ``"days"``: days.
    confidence
        The level of the band.
    """
    if unit not in ("days", "months"):
        raise ValidationError(
            f"unit is 'days' or 'months', got {unit!r}", record="match_survival", field="unit"
        )
    arrays = match_arrays(matches, as_of=as_of)
    return kaplan_meier(arrays.durations(unit), arrays.closed, confidence=confidence, unit=unit)


def retention(
    matches: Iterable[Match] | pd.DataFrame | SurvivalCurve,
    *,
    as_of: dt.date | None = None,
    months: Sequence[float] = (3, 6, 12),
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Return the share of matches still running at 3, 6 and 12 months (Kaplan–Meier).

    Retained at *k* months means still running after the *k*-month anniversary of the start;
    a match closed on the anniversary itself has not been retained. A time past the longest
    follow-up gives ``nan``: the data cannot tell yet.

    Parameters
    ----------
    matches
        The matches (records or a DataFrame, as for :func:`match_survival`), or a curve from
        :func:`match_survival` in months.
    as_of
        Needed with matches.
    months
        The times to report.
    confidence
        The level of the band.
    """
    if isinstance(matches, SurvivalCurve):
        curve = matches
        if curve.unit != "months":
            raise ValidationError(
                f"retention reads a curve in months, got one in {curve.unit}",
                record="retention",
                field="matches",
            )
    else:
        if as_of is None:
            raise ValidationError("pass as_of= with matches", record="retention", field="as_of")
        curve = match_survival(matches, as_of=as_of, unit="months", confidence=confidence)
    frame = curve.at([float(m) for m in months])
    frame.index = pd.Index([f"{m:g} months" for m in months], name="at")
    return frame


def _closed_months(arrays: MatchArrays) -> tuple[FloatArray, FloatArray]:
    months = arrays.durations("months")
    return months[arrays.closed], months


def duration_bands(matches: Iterable[Match] | pd.DataFrame, *, as_of: dt.date) -> pd.DataFrame:
    """Return how many closed matches lasted < 3, 3–6, 6–12 and ≥ 12 months, and the shares.

    Months are calendar months from the start (see :func:`months_between`): a match started
    17 August and closed 17 November lasted 3 months and falls in "3–6 months". Bands as
    Grossman & Rhodes (2002). ``matches`` are records or a DataFrame, as for
    :func:`match_survival`.
    """
    return _bands(match_arrays(matches, as_of=as_of))


def _bands(arrays: MatchArrays) -> pd.DataFrame:
    closed, _ = _closed_months(arrays)
    counts = [
        int(np.count_nonzero((closed >= low) & (closed < high))) for _, low, high in DURATION_BANDS
    ]
    total = sum(counts)
    return pd.DataFrame(
        {
            "matches": counts,
            "share": [c / total if total else math.nan for c in counts],
        },
        index=pd.Index([name for name, _, _ in DURATION_BANDS], name="duration"),
    )


def early_closure(
    matches: Iterable[Match] | pd.DataFrame,
    *,
    as_of: dt.date,
    months: float = 3,
    confidence: float = 0.95,
) -> Proportion:
    """Return the share of matches that closed before ``months`` calendar months (Wilson).

    The denominator is the matches whose fate at ``months`` is known: closed, or running for at
    least ``months``. Matches started too recently are left out. The Kaplan–Meier
    ``1 - retention`` uses every match instead. ``matches`` are records or a DataFrame, as for
    :func:`match_survival`.
    """
    return _early(match_arrays(matches, as_of=as_of), months, confidence)


def _early(arrays: MatchArrays, months: float, confidence: float) -> Proportion:
    closed_months, all_months = _closed_months(arrays)
    early = int(np.count_nonzero(closed_months < months))
    known = int(np.count_nonzero(all_months >= months)) + early
    return proportion(early, known, confidence=confidence)


def closure_reasons(matches: Iterable[Match] | pd.DataFrame, *, as_of: dt.date) -> pd.DataFrame:
    """Return closures counted by reason (rows) and by who ended the match (columns).

    Every :class:`~mentorlib.model.ClosureReason` and :class:`~mentorlib.model.Party` has its
    row and column, zeros included, plus a ``total`` column. ``matches`` are records or a
    DataFrame, as for :func:`match_survival`; in a frame, a reason or party that is not one of
    these is refused (naming the row and the column), never counted elsewhere.
    """
    return _reasons(match_arrays(matches, as_of=as_of))


def _reasons(arrays: MatchArrays) -> pd.DataFrame:
    reasons = [r.value for r in ClosureReason]
    parties = [p.value for p in Party]
    row = {r: k for k, r in enumerate(reasons)}
    column = {p: k for k, p in enumerate(parties)}
    cells = [
        row[reason] * len(parties) + column[party]
        for reason, party in zip(arrays.reasons, arrays.ended_by, strict=True)
        if reason is not None and party is not None
    ]
    counts = np.bincount(np.array(cells, dtype=np.intp), minlength=len(reasons) * len(parties))
    table = pd.DataFrame(
        counts.astype(np.int64).reshape(len(reasons), len(parties)),
        index=pd.Index(reasons, name="reason"),
        columns=pd.Index(parties, name="ended by"),
    )
    table["total"] = table.sum(axis=1)
    return table
