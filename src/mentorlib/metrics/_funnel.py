"""Referrals: from referred to still matched at six months, per partner, against commitments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from mentorlib.model import (
    Commitment,
    Match,
    ProgramData,
    Referral,
    ReferralOutcome,
    ValidationError,
)

from ._columns import commitment_columns, referral_columns
from ._common import add_months, default_as_of, match_arrays

__all__ = ["commitment_attainment", "referral_funnel"]

_ACCEPTED = (ReferralOutcome.ACCEPTED.value, ReferralOutcome.MATCHED.value)
_MATCHED = ReferralOutcome.MATCHED.value


def _inputs(
    where: str,
    data: object,
    other: object,
    other_name: str,
    as_of: dt.date | None,
) -> dt.date:
    """Check the two ways of calling: a ProgramData alone, or two collections and ``as_of``."""
    if isinstance(data, ProgramData):
        if other is not None:
            raise ValidationError(
                f"pass a ProgramData alone, or the collections without one; {other_name}= "
                "comes from the ProgramData",
                record=where,
                field=other_name,
            )
        return default_as_of(data) if as_of is None else as_of
    if other is None:
        raise ValidationError(
            f"without a ProgramData, pass {other_name} too", record=where, field=other_name
        )
    if as_of is None:
        raise ValidationError(
            "without a ProgramData, pass as_of= (the day the data are known up to)",
            record=where,
            field="as_of",
        )
    return as_of


def referral_funnel(
    data: ProgramData | Iterable[Referral] | pd.DataFrame,
    matches: Iterable[Match] | pd.DataFrame | None = None,
    *,
    as_of: dt.date | None = None,
    months: int = 6,
) -> pd.DataFrame:
    """Return the referral funnel per partner, with a ``total`` row.

    Stages, each a subset of the one before:

    ``referred``
        referrals received on or before ``as_of``;
    ``accepted``
        accepted into the program (outcome ``accepted`` or ``matched``);
    ``matched``
        the referred person is the mentee of a match started by ``as_of`` (or the referral is
        marked ``matched``);
    ``active at 6 months``
        the person's first match was still running on its ``months``-month anniversary.

    ``reached 6 months`` counts the matched people whose anniversary is on or before ``as_of``:
    the fair denominator for the last stage (the others cannot have reached it yet);
    ``retained share`` is ``active at 6 months / reached 6 months``.

    Parameters
    ----------
    data
        The program; or its referrals (records, or a DataFrame with the columns
        ``Roster.to_frame()`` gives them: ``id``, ``partner``, ``referred_on``, ``person_id``,
        ``outcome``), with ``matches`` and ``as_of``.
    matches
        With referrals: the matches, records or a DataFrame (as for :func:`match_survival`).
    as_of
        The day to count up to; with a ProgramData, the last day of its records by default.
    months
        The anniversary of the last stage.
    """
    day = _inputs("referral_funnel", data, matches, "matches", as_of)
    if isinstance(data, ProgramData):
        referrals = referral_columns(data.referrals)
        arrays = match_arrays(data.matches, as_of=day)
    else:
        referrals = referral_columns(data)
        arrays = match_arrays(matches if matches is not None else (), as_of=day)
    first = arrays.first_matches()
    anniversary = add_months(arrays.starts, months)
    reached = anniversary <= np.datetime64(day, "D")
    alive = (~arrays.closed) | (arrays.ends > anniversary)
    active_label = f"active at {months} months"
    reached_label = f"reached {months} months"
    last = day.toordinal()
    rows: dict[str, dict[str, int]] = {}
    for partner, referred_on, person_id, outcome in zip(
        referrals.partners,
        referrals.referred_on.tolist(),
        referrals.person_ids,
        referrals.outcomes,
        strict=True,
    ):
        if referred_on > last:
            continue
        counts = rows.setdefault(
            partner,
            dict.fromkeys(("referred", "accepted", "matched", reached_label, active_label), 0),
        )
        counts["referred"] += 1
        found = None if person_id is None else first.get(person_id)
        matched = found is not None or outcome == _MATCHED
        if outcome in _ACCEPTED or matched:
            counts["accepted"] += 1
        if matched:
            counts["matched"] += 1
        if found is not None and reached[found]:
            counts[reached_label] += 1
            if alive[found]:
                counts[active_label] += 1
    columns = ["referred", "accepted", "matched", active_label, reached_label]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns).sort_index()
    frame.loc["total"] = frame.sum()
    frame = frame.astype(np.int64)
    frame.index.name = "partner"
    frame["retained share"] = frame[active_label] / frame[reached_label].where(
        frame[reached_label] > 0
    )
    return frame


def commitment_attainment(
    data: ProgramData | Iterable[Commitment] | pd.DataFrame,
    referrals: Iterable[Referral] | pd.DataFrame | None = None,
    *,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Return each partner's referrals against what it committed to, with a ``total`` row.

    For each commitment: ``committed`` (referrals promised), ``referred`` (referrals from that
    partner dated inside the commitment's period and on or before ``as_of``), ``share``
    (referred / committed), ``expected by now`` (the promise pro rata to the share of the
    period that has passed on ``as_of``) and ``shortfall`` (committed − referred, at least 0).

    Parameters
    ----------
    data
        The program; or its commitments (records, or a DataFrame with the columns
        ``Roster.to_frame()`` gives them: ``id``, ``partner``, ``referrals``, ``starts_on``,
        ``ends_on``), with ``referrals`` and ``as_of``.
    referrals
        With commitments: the referrals, records or a DataFrame (as for
        :func:`referral_funnel`).
    as_of
        The day to count up to; with a ProgramData, the last day of its records by default.
    """
    day = _inputs("commitment_attainment", data, referrals, "referrals", as_of)
    if isinstance(data, ProgramData):
        promised = commitment_columns(data.commitments)
        made = referral_columns(data.referrals)
    else:
        promised = commitment_columns(data)
        made = referral_columns(referrals if referrals is not None else ())
    by_partner: dict[str, list[dt.date]] = {}
    for partner, referred_on in zip(made.partners, made.referred_on.tolist(), strict=True):
        by_partner.setdefault(partner, []).append(dt.date.fromordinal(referred_on))
    rows = {}
    for commitment_id, partner, committed, starts_on, ends_on in zip(
        promised.ids,
        promised.partners,
        promised.referrals,
        promised.starts_on,
        promised.ends_on,
        strict=True,
    ):
        referred = sum(
            1 for on in by_partner.get(partner, ()) if starts_on <= on <= min(ends_on, day)
        )
        span = (ends_on - starts_on).days + 1
        passed = min(max((day - starts_on).days + 1, 0), span)
        rows[commitment_id] = {
            "partner": partner,
            "committed": committed,
            "referred": referred,
            "expected by now": committed * passed / span,
            "shortfall": max(committed - referred, 0),
        }
    columns = ["partner", "committed", "referred", "expected by now", "shortfall"]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    frame.index.name = "commitment"
    if len(frame):
        frame.loc["total"] = pd.Series(
            {
                "partner": "all partners",
                "committed": frame["committed"].sum(),
                "referred": frame["referred"].sum(),
                "expected by now": frame["expected by now"].sum(),
                "shortfall": frame["shortfall"].sum(),
            }
        )
    frame = frame.astype(
        {
            "committed": np.int64,
            "referred": np.int64,
            "shortfall": np.int64,
            "expected by now": float,
        }
    )
    frame["share"] = frame["referred"] / frame["committed"].where(frame["committed"] > 0)
    return frame
