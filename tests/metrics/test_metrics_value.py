"""Cost per unit and SROI, against the arithmetic of the SROI Guide done independently."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mentorlib import samples
from mentorlib.metrics import SroiOutcome, meeting_adherence, sroi, unit_costs
from mentorlib.model import ValidationError


def test_sroi_follows_the_guide():
    work = SroiOutcome(
        "into work", quantity=12, value=150_000, deadweight=0.3, attribution=0.25,
        displacement=0.1, drop_off=0.2, years=3,
    )  # fmt: skip
    care = SroiOutcome("fewer care days", quantity=30, value=20_000, deadweight=0.5, years=2)
    result = sroi([work, care], investment=1_500_000, discount_rate=0.035)
    impact_work = 12 * 150_000 * 0.7 * 0.9 * 0.75
    flows = np.array(
        [impact_work + 30 * 20_000 * 0.5, impact_work * 0.8 + 30 * 20_000 * 0.5,
         impact_work * 0.64]
    )  # fmt: skip
    present = float(np.sum(flows / 1.035 ** np.arange(1, 4)))
    assert result.present_value == pytest.approx(present)
    assert result.ratio == pytest.approx(present / 1_500_000)
    assert result.net_present_value == pytest.approx(present - 1_500_000)
    assert result.by_year.loc["fewer care days", "year 3"] == 0
    assert result.assumptions.loc["into work", "deadweight"] == 0.3
    assert result.summary.loc["SROI ratio", "value"] == pytest.approx(result.ratio)


def test_sroi_refuses_shares_outside_zero_to_one():
    with pytest.raises(ValidationError, match="SroiOutcome 'x', field 'deadweight'"):
        SroiOutcome("x", quantity=1, value=1, deadweight=1.5)
    with pytest.raises(ValidationError, match="at least one"):
        sroi([], investment=1)


def test_unit_costs_of_the_sample_program():
    data = samples.vinn_vinn(seed=0)
    table = unit_costs(data, 1_200_000, currency="NOK")
    held = table.loc["per meeting held", "count"]
    assert held == meeting_adherence(data.matches, data.meetings, as_of=data_as_of(data)).held
    assert table.loc["per meeting held", "cost (NOK)"] == round(1_200_000 / held, 1)
    assert table.loc["total", "cost (NOK)"] == 1_200_000
    with pytest.raises(ValidationError, match="total_cost"):
        unit_costs(data, -1)
    vida = unit_costs(data, 1_500 * 52, currency="SEK")
    assert vida.loc["per participant", "cost (SEK)"] == 1_500
    assert not math.isnan(vida.loc["per match", "cost (SEK)"])


def data_as_of(data):
    import datetime as dt

    return dt.date(2027, 8, 16)
