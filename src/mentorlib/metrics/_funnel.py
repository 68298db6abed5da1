"""Referrals: from referred to still matched at six months, per partner, against commitments."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from mentorlib.model import ProgramData, ReferralOutcome

from ._common import add_months, default_as_of, match_arrays

__all__ = ["commitment_attainment", "referral_funnel"]

_ACCEPTED = (ReferralOutcome.ACCEPTED, ReferralOutcome.MATCHED)


def referral_funnel(
    data: ProgramData, *, as_of: dt.date | None = None, months: int = 6
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
    """
    day = default_as_of(data) if as_of is None else as_of
    arrays = match_arrays(data.matches, as_of=day)
    first = arrays.first_matches()
    anniversary = add_months(arrays.starts, months)
    reached = anniversary <= np.datetime64(day, "D")
    alive = (~arrays.closed) | (arrays.ends > anniversary)
    active_label = f"active at {months} months"
    reached_label = f"reached {months} months"
    rows: dict[str, dict[str, int]] = {}
    for referral in data.referrals:
        if referral.referred_on > day:
            continue
        counts = rows.setdefault(
            referral.partner,
            dict.fromkeys(("referred", "accepted", "matched", reached_label, active_label), 0),
        )
        counts["referred"] += 1
        found = None if referral.person_id is None else first.get(referral.person_id)
        matched = found is not None or referral.outcome is ReferralOutcome.MATCHED
        if referral.outcome in _ACCEPTED or matched:
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


def commitment_attainment(data: ProgramData, *, as_of: dt.date | None = None) -> pd.DataFrame:
    """Return each partner's referrals against what it committed to, with a ``total`` row.

    For each commitment: ``committed`` (referrals promised), ``referred`` (referrals from that
    partner dated inside the commitment's period and on or before ``as_of``), ``share``
    (referred / committed), ``expected by now`` (the promise pro rata to the share of the
    period that has passed on ``as_of``) and ``shortfall`` (committed − referred, at least 0).
    """
    day = default_as_of(data) if as_of is None else as_of
    rows = {}
    for commitment in data.commitments:
        referred = sum(
            1
            for r in data.referrals
            if r.partner == commitment.partner
            and commitment.starts_on <= r.referred_on <= min(commitment.ends_on, day)
        )
        span = (commitment.ends_on - commitment.starts_on).days + 1
        passed = min(max((day - commitment.starts_on).days + 1, 0), span)
        rows[commitment.id] = {
            "partner": commitment.partner,
            "committed": commitment.referrals,
            "referred": referred,
            "expected by now": commitment.referrals * passed / span,
            "shortfall": max(commitment.referrals - referred, 0),
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
