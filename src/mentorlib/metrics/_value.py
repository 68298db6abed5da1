"""What a program costs per person, match and meeting, and its social return on investment."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import attrs
import pandas as pd

from mentorlib.model import MatchStatus, MeetingStatus, ProgramData, ValidationError

from ._common import default_as_of

__all__ = ["Sroi", "SroiOutcome", "sroi", "unit_costs"]


def _non_negative(where: str, field: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise ValidationError(
            f"must be a number of at least 0, got {value!r}", record=where, field=field
        )
    return float(value)


def unit_costs(
    data: ProgramData,
    total_cost: float,
    *,
    currency: str = "NOK",
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Return the program's cost per participant, per match and per meeting held.

    Participants are the distinct mentees in a match started by ``as_of``. A payment per person
    (VIDA pays an association 1,500 SEK per person received) is a ``total_cost`` of the payment
    times the people received.

    Examples
    --------
    >>> from mentorlib import samples
    >>> unit_costs(samples.vinn_vinn(seed=0), 2_400_000)
                      count  cost (NOK)
    total                 1   2400000.0
    per participant      52     46153.8
    per match            52     46153.8
    per meeting held    685      3503.6
    """
    cost = _non_negative("unit_costs", "total_cost", total_cost)
    day = default_as_of(data) if as_of is None else as_of
    started = [
        m for m in data.matches if m.status is not MatchStatus.PROPOSED and m.started_on <= day
    ]
    ids = {m.id: (min(m.closure.on, day) if m.closure else day) for m in started}
    present = {m.id for m in data.meetings}
    held = sum(
        1
        for m in data.meetings
        if m.status is MeetingStatus.HELD
        and m.match_id in ids
        and m.start.date() <= ids[m.match_id]
        and not (m.moved_to is not None and m.moved_to in present)
    )
    return _unit_cost_frame(cost, currency, len({m.mentee_id for m in started}), len(started), held)


def _unit_cost_frame(
    cost: float, currency: str, participants: int, matches: int, held: int
) -> pd.DataFrame:
    counts = {
        "total": 1,
        "per participant": participants,
        "per match": matches,
        "per meeting held": held,
    }
    column = f"cost ({currency})"
    return pd.DataFrame(
        {
            "count": counts,
            column: {k: round(cost / n, 1) if n else math.nan for k, n in counts.items()},
        }
    )


@attrs.frozen
class SroiOutcome:
    """One outcome valued in an SROI: how many, what each is worth, and what to take off.

    Parameters
    ----------
    name
        What changed, e.g. "into work".
    quantity
        How many people (or units) had the outcome.
    value
        The financial proxy: what one unit is worth a year to society, in the currency.
    deadweight
        Share that would have happened anyway (0–1).
    attribution
        Share due to others than the program (0–1).
    displacement
        Share that only moved the outcome from others (0–1).
    drop_off
        Share by which the outcome falls each year after the first (0–1).
    years
        How many years the outcome lasts.
    """

    name: str
    quantity: float
    value: float
    deadweight: float = 0.0
    attribution: float = 0.0
    displacement: float = 0.0
    drop_off: float = 0.0
    years: int = 1

    def __attrs_post_init__(self) -> None:
        for field in ("quantity", "value"):
            _non_negative("SroiOutcome", field, getattr(self, field))
        for field in ("deadweight", "attribution", "displacement", "drop_off"):
            share = getattr(self, field)
            if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
                raise ValidationError(
                    f"is a share from 0 to 1, got {share!r}",
                    record="SroiOutcome",
                    record_id=self.name,
                    field=field,
                )
        if isinstance(self.years, bool) or not isinstance(self.years, int) or self.years < 1:
            raise ValidationError(
                f"is a whole number of at least 1, got {self.years!r}",
                record="SroiOutcome",
                record_id=self.name,
                field="years",
            )

    @property
    def impact(self) -> float:
        """The first year's value net of deadweight, displacement and attribution."""
        return (
            self.quantity
            * self.value
            * (1 - self.deadweight)
            * (1 - self.displacement)
            * (1 - self.attribution)
        )


@attrs.frozen(eq=False)
class Sroi:
    """An SROI estimate: the yearly values, their present value and the ratio, with assumptions.

    ``by_year`` has one row per outcome and one column per year (before discounting);
    ``assumptions`` lists every input.
    """

    by_year: pd.DataFrame
    assumptions: pd.DataFrame
    present_value: float
    investment: float
    discount_rate: float

    @property
    def ratio(self) -> float:
        """Present value of the outcomes per unit invested."""
        return self.present_value / self.investment if self.investment else math.nan

    @property
    def net_present_value(self) -> float:
        """Present value of the outcomes less the investment."""
        return self.present_value - self.investment

    @property
    def summary(self) -> pd.DataFrame:
        """The headline figures."""
        return pd.DataFrame(
            {
                "value": {
                    "investment": self.investment,
                    "present value": self.present_value,
                    "net present value": self.net_present_value,
                    "SROI ratio": self.ratio,
                    "discount rate": self.discount_rate,
                }
            }
        )


def sroi(
    outcomes: Sequence[SroiOutcome], *, investment: float, discount_rate: float = 0.035
) -> Sroi:
    r"""Return the social return on investment of ``outcomes`` (the SROI Guide, 2012).

    Each outcome's first-year impact is
    :math:`q \cdot v \cdot (1-\text{deadweight})(1-\text{displacement})(1-\text{attribution})`;
    in each later year it falls by ``drop_off``:
    :math:`I_t = I_1 (1 - \text{drop off})^{t-1}` for :math:`t = 1..\text{years}`. The
    present value discounts year :math:`t` by :math:`(1 + r)^t` (3.5 %: the HM Treasury Green
    Book rate the Guide suggests; use your country's). The ratio is present value over
    investment.

    Examples
    --------
    >>> work = SroiOutcome("into work", quantity=12, value=150_000, deadweight=0.3,
    ...                    attribution=0.25, drop_off=0.2, years=3)
    >>> result = sroi([work], investment=1_000_000)
    >>> round(result.present_value), round(result.ratio, 2)
    (2164273, 2.16)
    """
    cost = _non_negative("sroi", "investment", investment)
    rate = _non_negative("sroi", "discount_rate", discount_rate)
    if not outcomes:
        raise ValidationError("give at least one SroiOutcome", record="sroi", field="outcomes")
    horizon = max(o.years for o in outcomes)
    rows = {}
    for outcome in outcomes:
        rows[outcome.name] = [
            outcome.impact * (1 - outcome.drop_off) ** (t - 1) if t <= outcome.years else 0.0
            for t in range(1, horizon + 1)
        ]
    by_year = pd.DataFrame.from_dict(
        rows, orient="index", columns=[f"year {t}" for t in range(1, horizon + 1)]
    )
    factors = [(1 + rate) ** -t for t in range(1, horizon + 1)]
    present = float((by_year * factors).to_numpy().sum())
    assumptions = pd.DataFrame([attrs.asdict(o) for o in outcomes]).set_index("name")
    return Sroi(by_year, assumptions, present, cost, rate)
