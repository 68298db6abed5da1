"""Proportions with confidence intervals: Wilson, Clopper–Pearson, and Newcombe's difference."""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Collection, Iterable
from typing import Literal

import attrs
import pandas as pd

from mentorlib.model import Outcome, OutcomeStatus, ValidationError, to_enum

from ._common import check_confidence, check_count, scipy_module, z_value

__all__ = [
    "IntervalMethod",
    "Proportion",
    "ProportionDifference",
    "clopper_pearson_interval",
    "outcome_proportion",
    "proportion",
    "proportion_difference",
    "wilson_interval",
]


class IntervalMethod(enum.StrEnum):
    """How the confidence interval of a proportion is computed.

    ``WILSON``: the score interval of Wilson (1927), the default; good coverage at small n and
    never outside [0, 1] (statsmodels ``proportion_confint(method="wilson")``).
    ``CLOPPER_PEARSON``: the "exact" interval from beta quantiles (Clopper & Pearson 1934),
    conservative (statsmodels ``method="beta"``).
    """

    WILSON = "wilson"
    CLOPPER_PEARSON = "clopper-pearson"


def _check(successes: int, total: int, where: str) -> tuple[int, int]:
    successes = check_count(successes, where=where, field="successes")
    total = check_count(total, where=where, field="total")
    if successes > total:
        raise ValidationError(
            f"{successes} successes out of {total}: successes cannot exceed the total",
            record=where,
            field="successes",
        )
    return successes, total


def wilson_interval(successes: int, total: int, *, confidence: float = 0.95) -> tuple[float, float]:
    r"""Return Wilson's score interval for ``successes`` out of ``total``.

    .. math::

        \frac{\hat p + \frac{z^2}{2n} \pm z\sqrt{\frac{\hat p(1-\hat p)}{n} + \frac{z^2}{4n^2}}}
             {1 + \frac{z^2}{n}}

    with :math:`z` the two-sided normal quantile. Both ends are ``nan`` when ``total`` is 0.

    Examples
    --------
    Newcombe (1998a), Table I, 81 of 263:

    >>> [round(b, 4) for b in wilson_interval(81, 263)]
    [0.2553, 0.3662]
    """
    successes, total = _check(successes, total, "wilson_interval")
    confidence = check_confidence(confidence, where="wilson_interval")
    if total == 0:
        return math.nan, math.nan
    z = z_value(confidence)
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    lower = 0.0 if successes == 0 else max(0.0, centre - half)
    upper = 1.0 if successes == total else min(1.0, centre + half)
    return lower, upper


def clopper_pearson_interval(
    successes: int, total: int, *, confidence: float = 0.95
) -> tuple[float, float]:
    r"""Return the Clopper–Pearson ("exact") interval for ``successes`` out of ``total``.

    .. math::

        \left[B\!\left(\tfrac{\alpha}{2}; x, n-x+1\right),\;
              B\!\left(1-\tfrac{\alpha}{2}; x+1, n-x\right)\right]

    with :math:`B(q; a, b)` the beta quantile (0 when :math:`x = 0`, 1 when :math:`x = n`).
    Needs scipy for the beta quantile.

    Examples
    --------
    >>> [round(b, 4) for b in clopper_pearson_interval(0, 20)]
    [0.0, 0.1684]
    """
    successes, total = _check(successes, total, "clopper_pearson_interval")
    confidence = check_confidence(confidence, where="clopper_pearson_interval")
    if total == 0:
        return math.nan, math.nan
    special = scipy_module("special")
    alpha = 1 - confidence
    lower = (
        0.0
        if successes == 0
        else float(special.betaincinv(successes, total - successes + 1, alpha / 2))
    )
    upper = (
        1.0
        if successes == total
        else float(special.betaincinv(successes + 1, total - successes, 1 - alpha / 2))
    )
    return lower, upper


@attrs.frozen
class Proportion:
    """A share with its confidence interval: ``successes`` of ``total``.

    ``estimate``, ``lower`` and ``upper`` are ``nan`` when ``total`` is 0.

    Examples
    --------
    >>> print(proportion(129, 215))  # Foreningen Nydansker 2018: 60 % of 215 into work
    60.0 % (95 % CI 53.3–66.3 %; 129 of 215, Wilson)
    """

    successes: int
    total: int
    estimate: float
    lower: float
    upper: float
    method: IntervalMethod
    confidence: float

    def as_dict(self) -> dict[str, float | int | str]:
        """Return the fields as a flat mapping (a row of a summary table)."""
        return {
            "successes": self.successes,
            "total": self.total,
            "estimate": self.estimate,
            "lower": self.lower,
            "upper": self.upper,
            "method": self.method.value,
            "confidence": self.confidence,
        }

    def __str__(self) -> str:
        if self.total == 0:
            return "no observations"
        level = f"{self.confidence * 100:g} %"
        name = "Wilson" if self.method is IntervalMethod.WILSON else "Clopper–Pearson"
        return (
            f"{self.estimate * 100:.1f} % ({level} CI {self.lower * 100:.1f}–"
            f"{self.upper * 100:.1f} %; {self.successes} of {self.total}, {name})"
        )


def proportion(
    successes: int,
    total: int,
    *,
    method: IntervalMethod | str = IntervalMethod.WILSON,
    confidence: float = 0.95,
) -> Proportion:
    """Return the share ``successes / total`` with its interval (Wilson unless told otherwise).

    Parameters
    ----------
    successes, total
        Whole numbers, ``0 <= successes <= total``.
    method
        ``"wilson"`` (default) or ``"clopper-pearson"``; see :class:`IntervalMethod`.
    confidence
        The confidence level, 0.95 for a 95 % interval.

    Examples
    --------
    Kvinder i Job: 40 of 50 completed the course.

    >>> p = proportion(40, 50)
    >>> round(p.estimate, 2), round(p.lower, 4), round(p.upper, 4)
    (0.8, 0.6696, 0.8876)
    >>> round(proportion(40, 50, method="clopper-pearson").lower, 4)
    0.6628
    """
    chosen = to_enum(IntervalMethod, method, record="proportion", field="method")
    successes, total = _check(successes, total, "proportion")
    if chosen is IntervalMethod.WILSON:
        lower, upper = wilson_interval(successes, total, confidence=confidence)
    else:
        lower, upper = clopper_pearson_interval(successes, total, confidence=confidence)
    estimate = successes / total if total else math.nan
    return Proportion(successes, total, estimate, lower, upper, chosen, confidence)


@attrs.frozen
class ProportionDifference:
    """The difference ``first.estimate - second.estimate`` with Newcombe's hybrid score interval.

    Examples
    --------
    >>> print(proportion_difference(56, 70, 48, 80))  # Newcombe (1998b), example (a)
    +20.0 points (95 % CI +5.2 to +33.4; Newcombe hybrid score)
    """

    first: Proportion
    second: Proportion
    difference: float
    lower: float
    upper: float
    confidence: float

    def __str__(self) -> str:
        return (
            f"{self.difference * 100:+.1f} points ({self.confidence * 100:g} % CI "
            f"{self.lower * 100:+.1f} to {self.upper * 100:+.1f}; Newcombe hybrid score)"
        )


def proportion_difference(
    successes1: int,
    total1: int,
    successes2: int,
    total2: int,
    *,
    confidence: float = 0.95,
) -> ProportionDifference:
    r"""Return the difference of two independent shares with Newcombe's hybrid score interval.

    Newcombe (1998b), method 10: with :math:`(l_i, u_i)` the Wilson limits of
    :math:`\hat p_i` and :math:`D = \hat p_1 - \hat p_2`,

    .. math::

        \left[D - \sqrt{(\hat p_1 - l_1)^2 + (u_2 - \hat p_2)^2},\;
              D + \sqrt{(u_1 - \hat p_1)^2 + (\hat p_2 - l_2)^2}\right]

    (statsmodels ``confint_proportions_2indep(method="newcomb")``).

    Examples
    --------
    >>> d = proportion_difference(9, 10, 3, 10)  # Newcombe (1998b), example (b)
    >>> round(d.lower, 4), round(d.upper, 4)
    (0.1705, 0.809)
    """
    first = proportion(successes1, total1, confidence=confidence)
    second = proportion(successes2, total2, confidence=confidence)
    d = first.estimate - second.estimate
    if total1 == 0 or total2 == 0:
        return ProportionDifference(first, second, math.nan, math.nan, math.nan, confidence)
    lower = d - math.hypot(first.estimate - first.lower, second.upper - second.estimate)
    upper = d + math.hypot(first.upper - first.estimate, second.estimate - second.lower)
    return ProportionDifference(first, second, d, max(lower, -1.0), min(upper, 1.0), confidence)


def outcome_proportion(
    outcomes: Iterable[Outcome],
    *,
    person_ids: Collection[str] | None = None,
    as_of: dt.date | None = None,
    unknown: Literal["failure", "exclude"] = "failure",
    method: IntervalMethod | str = IntervalMethod.WILSON,
    confidence: float = 0.95,
) -> Proportion:
    """Return the share of people whose latest outcome is positive (work, education, ...).

    Each person counts once, with their latest outcome on or before ``as_of`` (of two on one
    day, the one listed last, as a later entry corrects an earlier one); positive is
    :attr:`OutcomeStatus.is_positive <mentorlib.model.OutcomeStatus.is_positive>` (work,
    education, internship, training).

    Parameters
    ----------
    outcomes
        Outcome records.
    person_ids
        Only these people (e.g. the mentees of ended matches); a person of this set without an
        outcome is not counted.
    as_of
        Ignore outcomes recorded after this day.
    unknown
        ``"failure"`` (default, conservative) counts an ``unknown`` status as not positive;
        ``"exclude"`` leaves such people out of the denominator.
    method, confidence
        As for :func:`proportion`.
    """
    if unknown not in ("failure", "exclude"):
        raise ValidationError(
            f"unknown= is 'failure' or 'exclude', got {unknown!r}",
            record="outcome_proportion",
            field="unknown",
        )
    latest: dict[str, Outcome] = {}
    for outcome in outcomes:
        if as_of is not None and outcome.on > as_of:
            continue
        if person_ids is not None and outcome.person_id not in person_ids:
            continue
        known = latest.get(outcome.person_id)
        if known is None or outcome.on >= known.on:
            latest[outcome.person_id] = outcome
    statuses = [o.status for o in latest.values()]
    if unknown == "exclude":
        statuses = [s for s in statuses if s is not OutcomeStatus.UNKNOWN]
    positive = sum(s.is_positive for s in statuses)
    return proportion(positive, len(statuses), method=method, confidence=confidence)


def proportion_frame(values: Iterable[Proportion], index: Iterable[str]) -> pd.DataFrame:
    """Return proportions as a DataFrame, one row each."""
    return pd.DataFrame([p.as_dict() for p in values], index=list(index))
