"""Breakdowns of a program's mentees by municipality, gender, language and age band."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from mentorlib.model import LanguageLevel, OutcomeStatus, ProgramData, ValidationError

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
    ``<NA>`` before it), ``positive_outcome`` (latest outcome by ``as_of`` is positive;
    ``<NA>`` without one).
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
    three = add_months(arrays.starts, 3)
    six = add_months(arrays.starts, 6)
    today = np.datetime64(day, "D")
    matched: set[str] = set()
    active: set[str] = set()
    early: set[str] = set()
    retained: dict[str, bool] = {}
    flags = zip(
        arrays.mentee_ids,
        arrays.closed.tolist(),
        (arrays.closed & (arrays.ends < three)).tolist(),
        (six <= today).tolist(),
        ((~arrays.closed) | (arrays.ends > six)).tolist(),
        strict=True,
    )
    for mentee, closed, closed_early, reached, kept in flags:
        matched.add(mentee)
        if not closed:
            active.add(mentee)
        elif closed_early:
            early.add(mentee)
        if reached:
            retained[mentee] = retained.get(mentee, False) or kept
    latest: dict[str, tuple[dt.date, OutcomeStatus]] = {}
    for outcome in data.outcomes:
        if outcome.on > day:
            continue
        known = latest.get(outcome.person_id)
        if known is None or outcome.on >= known[0]:
            latest[outcome.person_id] = (outcome.on, outcome.status)
    columns: dict[str, list[object]] = {
        name: []
        for name in (
            "municipality",
            "gender",
            "language",
            "age_band",
            "matched",
            "active",
            "closed_early",
            "retained_6m",
            "positive_outcome",
        )
    }
    bands: dict[int | None, str] = {}
    native_level = LanguageLevel.NATIVE
    for person in data.mentees:
        person_id = person.id
        languages = person.languages
        language = next((s.code for s in languages if s.level is native_level), None)
        if language is None:
            language = languages[0].code if languages else "unknown"
        age = _age(person.birth_date, day)
        band = bands.get(age)
        if band is None:
            band = bands[age] = age_band(age, age_bands)
        last = latest.get(person_id)
        columns["municipality"].append(
            person.location.municipality if person.location else "unknown"
        )
        columns["gender"].append(person.gender.value)
        columns["language"].append(language)
        columns["age_band"].append(band)
        columns["matched"].append(person_id in matched)
        columns["active"].append(person_id in active)
        columns["closed_early"].append(person_id in early)
        columns["retained_6m"].append(retained.get(person_id))
        columns["positive_outcome"].append(None if last is None else last[1].is_positive)
    frame = pd.DataFrame(columns, index=pd.Index(data.mentees.ids, name="mentee_id"))
    for column in ("retained_6m", "positive_outcome"):
        frame[column] = pd.Series(columns[column], index=frame.index, dtype="boolean")
    return frame


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
