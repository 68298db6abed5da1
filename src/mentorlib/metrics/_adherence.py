"""Meetings held against meetings planned, and a program's targets against what it achieved."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from mentorlib.model import (
    Match,
    Meeting,
    MeetingStatus,
    ProgramData,
    ValidationError,
)

from ._columns import meeting_columns
from ._common import MatchArrays, default_as_of, match_arrays, ordinals

__all__ = ["Adherence", "meeting_adherence", "target_attainment"]


@attrs.frozen(eq=False)
class Adherence:
    r"""Meetings held against meetings planned, per match and for the program.

    ``per_match`` has one row per match: ``planned``, ``held``, ``cancelled``, ``no_show``,
    ``unrecorded`` (still marked planned on a past day) and ``ratio`` (held / planned, ``nan``
    without a planned meeting). Two program figures are given, and they answer different
    questions:

    ``pooled``
        :math:`\sum held / \sum planned`: the share of all planned meetings that took place.
        Long matches weigh more. This is the figure to set against a meeting target.
    ``mean_of_ratios``
        The mean over matches (with at least one planned meeting) of each match's
        held / planned: how well the typical match keeps its meetings; each match weighs the same.
    """

    per_match: pd.DataFrame
    as_of: dt.date

    @property
    def planned(self) -> int:
        """Meetings planned up to each match's cut-off, over all matches."""
        return int(self.per_match["planned"].sum())

    @property
    def held(self) -> int:
        """Meetings held up to each match's cut-off, over all matches."""
        return int(self.per_match["held"].sum())

    @property
    def pooled(self) -> float:
        """Held over planned, pooled over all matches."""
        return self.held / self.planned if self.planned else math.nan

    @property
    def mean_of_ratios(self) -> float:
        """The mean of the matches' held / planned ratios."""
        ratios = self.per_match["ratio"].dropna()
        return float(ratios.mean()) if len(ratios) else math.nan

    @property
    def summary(self) -> pd.DataFrame:
        """The program's figures as a DataFrame (``value`` column)."""
        return pd.DataFrame(
            {
                "value": {
                    "matches": float(len(self.per_match)),
                    "planned": float(self.planned),
                    "held": float(self.held),
                    "pooled (held / planned)": self.pooled,
                    "mean of match ratios": self.mean_of_ratios,
                }
            }
        )

    def __repr__(self) -> str:
        return (
            f"Adherence({len(self.per_match)} matches, {self.held} of {self.planned} held, "
            f"pooled {self.pooled:.3f}, mean of ratios {self.mean_of_ratios:.3f})"
        )


_COUNTED = (MeetingStatus.HELD, MeetingStatus.CANCELLED, MeetingStatus.NO_SHOW)


def meeting_adherence(
    matches: Iterable[Match] | pd.DataFrame,
    meetings: Iterable[Meeting] | pd.DataFrame,
    *,
    as_of: dt.date,
) -> Adherence:
    """Return meetings held against planned, per match and pooled, up to ``as_of``.

    A match's meetings count up to its cut-off: its closure day, or ``as_of`` if it is still
    running; meetings dated later (after a closure, or in the future) are not planned ones yet.
    A meeting is dated by its local start day. A meeting marked ``moved`` whose replacement is
    among the meetings is not counted (its replacement is); one whose replacement is missing
    counts as planned and not held. A meeting still marked ``planned`` on a past day counts as
    planned and not held (``unrecorded``). Meetings of matches that are not among ``matches``
    are not counted, so a subset of the matches can be passed with all the meetings.

    Parameters
    ----------
    matches
        The matches: records, or a DataFrame with the columns ``Roster.to_frame()`` gives them
        (see "DataFrames" in the metrics docs).
    meetings
        The meetings: records, or such a DataFrame. A naive start in a frame is read as local
        wall-clock time; an aware one is dated by its day in its own zone.
    as_of
        The day the data are known up to.

    Examples
    --------
    >>> import datetime as dt
    >>> from mentorlib import samples
    >>> data = samples.vinn_vinn(seed=0)
    >>> adherence = meeting_adherence(data.matches, data.meetings, as_of=dt.date(2027, 8, 16))
    >>> adherence
    Adherence(52 matches, 685 of 824 held, pooled 0.831, mean of ratios 0.824)
    """
    arrays = match_arrays(matches, as_of=as_of)
    return _adherence(arrays, _meeting_rows(arrays, meetings))


_HELD, _CANCELLED, _NO_SHOW, _UNRECORDED, _MOVED = 1, 2, 3, 4, 5
_CODES: dict[str, int] = {  # by status value; a MeetingStatus is its value
    MeetingStatus.HELD.value: _HELD,
    MeetingStatus.CANCELLED.value: _CANCELLED,
    MeetingStatus.NO_SHOW.value: _NO_SHOW,
    MeetingStatus.PLANNED.value: _UNRECORDED,
    MeetingStatus.MOVED.value: _MOVED,  # unrecorded, unless its replacement is among the meetings
}


@attrs.frozen(eq=False)
class _MeetingRows:
    """The meetings of the matches, up to each match's cut-off, as columns."""

    match: npt.NDArray[np.intp]  # position of the meeting's match in the MatchArrays
    day: npt.NDArray[np.int64]  # local start day, proleptic ordinal
    code: npt.NDArray[np.int64]  # 1 held, 2 cancelled, 3 no-show, 4 unrecorded


def _meeting_rows(arrays: MatchArrays, meetings: Iterable[Meeting] | pd.DataFrame) -> _MeetingRows:
    """Read the meetings into columns and keep the counted ones."""
    columns = meeting_columns(meetings)
    # Each distinct match id and status is looked up once; numpy spreads them to the rows.
    distinct = pd.Index(columns.match_ids.values, dtype=object)
    found = arrays.index.get_indexer(distinct)
    match = found[columns.match_ids.codes]
    code = columns.statuses.lookup(_CODES.__getitem__, 0).astype(np.int64)
    rows = np.flatnonzero(match >= 0)  # meetings of the matches that had started
    match, day, code = match[rows], columns.days[rows], code[rows]
    keep = day <= ordinals(arrays.ends)[match]
    moved = np.flatnonzero(code == _MOVED)
    if moved.size:
        replaced = columns.replaced(rows[moved].tolist())
        keep[moved[np.array(replaced, dtype=bool)]] = False
        code[moved] = _UNRECORDED
    return _MeetingRows(match[keep], day[keep], code[keep])


def _adherence(arrays: MatchArrays, rows: _MeetingRows) -> Adherence:
    size = len(arrays)
    counts = {
        name: np.bincount(rows.match[rows.code == code], minlength=size).astype(np.int64)
        for name, code in (
            ("held", _HELD),
            ("cancelled", _CANCELLED),
            ("no_show", _NO_SHOW),
            ("unrecorded", _UNRECORDED),
        )
    }
    planned = np.bincount(rows.match, minlength=size).astype(np.int64)
    frame = pd.DataFrame(
        {"planned": planned, **counts},
        index=arrays.index.copy(),  # the frame is the caller's; the arrays may be shared
    )
    frame["cut_off"] = arrays.ends.astype(object)  # datetime.date objects
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["ratio"] = np.where(planned > 0, counts["held"] / np.maximum(planned, 1), np.nan)
    return Adherence(frame, arrays.as_of)


def target_attainment(
    data: ProgramData, *, as_of: dt.date | None = None, pace_days: int = 56
) -> pd.DataFrame:
    """Return each target of the program against what it has achieved by ``as_of``.

    One row per target the program set (``Program.targets``): ``target``, ``achieved``,
    ``share`` (achieved / target), ``projected`` (where the program ends at its current pace)
    and ``projected_share``. What counts:

    - ``meetings``: one-to-one meetings held; projected with the pace of the last ``pace_days``
      days (held meetings per day) carried to the program's end;
    - ``mentees`` / ``mentors``: distinct people in a match that had started (each member of a
      matched :class:`~mentorlib.model.Team` counts as a mentor); ``matches``: matches
      started. These are not projected (recruitment does not run at a pace);
    - ``gatherings``: gatherings held; projected as held plus those still planned later.

    Parameters
    ----------
    data
        The program.
    as_of
        The day to measure on; the last day of the records by default.
    pace_days
        The window of the meeting pace.

    Examples
    --------
    >>> from mentorlib import samples
    >>> target_attainment(samples.vinn_vinn(seed=0))
                target  achieved     share   projected  projected_share
    meetings      1200       685  0.570833  686.696429         0.572247
    mentees         60        52  0.866667         NaN              NaN
    mentors         60        47  0.783333         NaN              NaN
    gatherings       6         6  1.000000    6.000000         1.000000
    """
    if isinstance(pace_days, bool) or not isinstance(pace_days, int) or pace_days < 1:
        raise ValidationError(
            f"pace_days is a whole number of days of at least 1, got {pace_days!r}",
            record="target_attainment",
            field="pace_days",
        )
    day = default_as_of(data) if as_of is None else as_of
    arrays = match_arrays(data.matches, as_of=day)
    return _attainment(data, day, pace_days, arrays, _meeting_rows(arrays, data.meetings))


def _adults(data: ProgramData, host_ids: Iterable[str]) -> set[str]:
    """Return the hosts' ids, each team's replaced by its members' (a team is not a person)."""
    found: set[str] = set()
    for host_id in set(host_ids):
        team = data.teams.get(host_id)
        found.update((host_id,) if team is None else team.member_ids)
    return found


def _attainment(
    data: ProgramData, day: dt.date, pace_days: int, arrays: MatchArrays, rows: _MeetingRows
) -> pd.DataFrame:
    targets = data.program.targets
    ends_on = data.program.ends_on
    remaining = 0 if ends_on is None else max((ends_on - day).days, 0)
    held = rows.code == _HELD
    window_start = (day - dt.timedelta(days=pace_days - 1)).toordinal()
    recent = int(np.count_nonzero(held & (rows.day >= window_start)))
    achieved = int(np.count_nonzero(held))
    gatherings_held = sum(
        1 for g in data.gatherings if g.status is MeetingStatus.HELD and g.start.date() <= day
    )
    gatherings_planned = sum(
        1 for g in data.gatherings if g.status is MeetingStatus.PLANNED and g.start.date() > day
    )
    figures: dict[str, tuple[int | None, int, float]] = {
        "meetings": (targets.meetings, achieved, achieved + recent / pace_days * remaining),
        "mentees": (targets.mentees, len(set(arrays.mentee_ids)), math.nan),
        "mentors": (targets.mentors, len(_adults(data, arrays.mentor_ids)), math.nan),
        "matches": (targets.matches, len(arrays), math.nan),
        "gatherings": (
            targets.gatherings,
            gatherings_held,
            float(gatherings_held + gatherings_planned),
        ),
    }
    table = {
        name: {
            "target": target,
            "achieved": achieved,
            "share": achieved / target if target else math.nan,
            "projected": projected,
            "projected_share": projected / target if target else math.nan,
        }
        for name, (target, achieved, projected) in figures.items()
        if target is not None
    }
    frame = pd.DataFrame.from_dict(
        table,
        orient="index",
        columns=["target", "achieved", "share", "projected", "projected_share"],
    )
    return frame.astype(
        {"target": np.int64, "achieved": np.int64, "share": float, "projected": float}
    )
