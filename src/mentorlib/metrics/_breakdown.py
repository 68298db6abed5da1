"""Breakdowns of a program's mentees by municipality, gender, language and age band."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from itertools import repeat

import numpy as np
import numpy.typing as npt
import pandas as pd

from mentorlib.model import (
    Gender,
    LanguageLevel,
    LanguageSkill,
    OutcomeStatus,
    ProgramData,
    ValidationError,
)

from ._common import MatchArrays, add_months, default_as_of, match_arrays
from ._proportions import wilson_interval

__all__ = ["AGE_BANDS", "age_band", "breakdown", "cross_table", "mentee_frame"]

#: Default age bands: lower ends of each band (the last is open).
AGE_BANDS: tuple[int, ...] = (0, 16, 18, 20, 25, 30, 36)


def age_band(age: int | None, bands: Sequence[int] = AGE_BANDS) -> str:
    """Return the label of the band ``age`` falls in, ``"unknown"`` without an age.

    >>> age_band(17), age_band(23), age_band(40), age_band(None)
    ('16–17', '20–24', '36+', 'unknown')
    """
    if age is None:
        return "unknown"
    label = "unknown"
    for position, low in enumerate(bands):
        if age >= low:
            last = position + 1 == len(bands)
            label = f"{low}+" if last else f"{low}–{bands[position + 1] - 1}"
    return label


def mentee_frame(
    data: ProgramData, *, as_of: dt.date | None = None, age_bands: Sequence[int] = AGE_BANDS
) -> pd.DataFrame:
    """Return one row per mentee with the attributes breakdowns group by, and what happened.

    Columns: ``municipality``, ``gender``, ``language`` (first native language, else first
    listed), ``age_band`` (age on ``as_of``), ``matched`` (in a match started by ``as_of``),
    ``active`` (in a match running on ``as_of``), ``closed_early`` (a match closed before
    3 calendar months), ``retained_6m`` (a match still running on its 6-month anniversary;
    ``<NA>`` before it), ``positive_outcome`` (latest outcome by ``as_of`` is positive,
    of two on one day the one listed last; ``<NA>`` without one).
    """
    day = default_as_of(data) if as_of is None else as_of
    if list(age_bands) != sorted(age_bands) or not age_bands:
        raise ValidationError(
            "age bands are the increasing lower ends of the bands",
            record="mentee_frame",
            field="age_bands",
        )
    return _mentee_frame(data, day, age_bands, match_arrays(data.matches, as_of=day))


def _mentee_frame(
    data: ProgramData, day: dt.date, age_bands: Sequence[int], arrays: MatchArrays
) -> pd.DataFrame:
    """Build :func:`mentee_frame`'s rows, reading each mentee's attributes a column at a time."""
    people = list(data.mentees)
    ids = [p.id for p in people]
    position = {person_id: k for k, person_id in enumerate(ids)}
    locations = [p.location for p in people]
    genders = [p.gender for p in people]
    births = [p.birth_date for p in people]
    bands = {birth: age_band(_age(birth, day), age_bands) for birth in set(births)}
    return pd.DataFrame(
        {
            "municipality": ["unknown" if c is None else c.municipality for c in locations],
            "gender": list(map(_GENDER_VALUES.__getitem__, genders)),
            "language": [_main_language(p.languages) for p in people],
            "age_band": list(map(bands.__getitem__, births)),
            **_match_flags(arrays, position, day),
            "positive_outcome": _latest_outcomes(data, day, position),
        },
        index=pd.Index(ids, name="mentee_id"),
    )


_GENDER_VALUES = {gender: gender.value for gender in Gender}


def _main_language(skills: Sequence[LanguageSkill]) -> str:
    """Return the first native language, else the first listed, else ``"unknown"``."""
    for skill in skills:
        if skill.level is LanguageLevel.NATIVE:
            return skill.code
    return skills[0].code if skills else "unknown"


def _match_flags(
    arrays: MatchArrays, position: dict[str, int], day: dt.date
) -> dict[str, npt.NDArray[np.bool_] | pd.arrays.BooleanArray]:
    """Return per mentee: matched, active, closed early and retained at 6 months.

    Each is "any of the mentee's matches" (``retained_6m`` is ``<NA>`` when none of them has
    reached its 6-month anniversary by ``day``).
    """
    size = len(position)
    mentee = np.fromiter(
        map(position.get, arrays.mentee_ids, repeat(-1)), dtype=np.intp, count=len(arrays)
    )
    known = mentee >= 0
    closed = arrays.closed
    six = add_months(arrays.starts, 6)
    reached = six <= np.datetime64(day, "D")
    kept = (~closed) | (arrays.ends > six)

    def any_of(flag: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
        result: npt.NDArray[np.bool_] = np.bincount(mentee[known & flag], minlength=size) > 0
        return result

    return {
        "matched": any_of(np.ones(len(arrays), dtype=bool)),
        "active": any_of(~closed),
        "closed_early": any_of(closed & (arrays.ends < add_months(arrays.starts, 3))),
        "retained_6m": pd.arrays.BooleanArray(any_of(reached & kept), ~any_of(reached)),
    }


def _latest_outcomes(
    data: ProgramData, day: dt.date, position: dict[str, int]
) -> pd.arrays.BooleanArray:
    """Return per mentee whether the latest outcome by ``day`` is positive (``<NA>`` if none)."""
    latest: dict[str, tuple[dt.date, OutcomeStatus]] = {}
    for outcome in data.outcomes:
        if outcome.on > day:
            continue
        known = latest.get(outcome.person_id)
        if known is None or outcome.on >= known[0]:
            latest[outcome.person_id] = (outcome.on, outcome.status)
    positive = np.zeros(len(position), dtype=bool)
    missing = np.ones(len(position), dtype=bool)
    for person_id, (_, status) in latest.items():
        k = position.get(person_id)
        if k is not None:
            positive[k] = status.is_positive
            missing[k] = False
    return pd.arrays.BooleanArray(positive, missing)


def _age(birth: dt.date | None, day: dt.date) -> int | None:
    # Whole years, as Person.age_on (relativedelta) counts them, without its cost per person.
    if birth is None:
        return None
    if day < birth:
        return -(_age(day, birth) or 0)
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def breakdown(
    frame: pd.DataFrame,
    by: str | Sequence[str],
    *,
    outcome: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Return counts per group of ``by`` and, for a boolean ``outcome``, its share per group.

    Rows where ``outcome`` is missing are left out of that outcome's share (``n`` counts them
    all). With an outcome: ``n``, ``known``, ``yes``, ``share`` and the Wilson ``lower`` and
    ``upper``. A ``total`` row comes last. Publish the counts through :func:`suppress`.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"gender": ["f", "f", "m", "m", "m"],
    ...                       "matched": [True, False, True, True, None]})
    >>> breakdown(frame, "gender", outcome="matched").round(3)
            n  known  yes  share  lower  upper
    gender
    f       2      2    1   0.50  0.095  0.905
    m       3      2    2   1.00  0.342  1.000
    total   5      4    3   0.75  0.301  0.954
    """
    keys = [by] if isinstance(by, str) else list(by)
    for key in [*keys, *([] if outcome is None else [outcome])]:
        if key not in frame:
            raise ValidationError(
                f"no column {key!r}; the frame has {', '.join(map(str, frame.columns))}",
                record="breakdown",
                field="by" if key != outcome else "outcome",
            )
    groups = frame.groupby(keys, dropna=False, sort=True, observed=True)
    result = pd.DataFrame({"n": groups.size()})
    label: str | tuple[str, ...] = "total" if len(keys) == 1 else ("total",) * len(keys)
    if outcome is None:
        result.loc[label] = [len(frame)]
        return result.astype(np.int64)
    values = frame[outcome].astype("boolean")
    known = values.notna().groupby([frame[k] for k in keys], dropna=False, observed=True).sum()
    yes = values.fillna(False).groupby([frame[k] for k in keys], dropna=False, observed=True).sum()
    result["known"] = known
    result["yes"] = yes
    result.loc[label] = [len(frame), int(values.notna().sum()), int(values.fillna(False).sum())]
    result = result.astype(np.int64)
    shares, lowers, uppers = [], [], []
    for k, y in zip(result["known"], result["yes"], strict=True):
        low, high = wilson_interval(int(y), int(k), confidence=confidence)
        shares.append(y / k if k else math.nan)
        lowers.append(low)
        uppers.append(high)
    result["share"] = shares
    result["lower"] = lowers
    result["upper"] = uppers
    return result


def cross_table(frame: pd.DataFrame, rows: str, columns: str) -> pd.DataFrame:
    """Return the counts of ``frame`` by ``rows`` and ``columns``, without margins.

    Pass the result to :func:`suppress`, which adds the margins before publishing.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"site": ["Oslo", "Oslo", "Bergen"], "gender": ["f", "m", "f"]})
    >>> cross_table(frame, "site", "gender")
    gender  f  m
    site
    Bergen  1  0
    Oslo    1  1
    """
    for key in (rows, columns):
        if key not in frame:
            raise ValidationError(
                f"no column {key!r}",
                record="cross_table",
                field="rows" if key == rows else "columns",
            )
    table = pd.crosstab(frame[rows], frame[columns])
    return table.astype(np.int64)
