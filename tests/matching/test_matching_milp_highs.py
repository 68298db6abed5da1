"""The MILP path (HiGHS through scipy): it prints nothing, and its two stages share one budget.

HiGHS is C++: a stray ``printf`` of its would bypass Python's ``sys.stdout``, so these tests
read file descriptors 1 and 2 (``capfd``), not just Python's streams.
"""

from __future__ import annotations

import datetime as dt
import itertools
from unittest import mock

import pytest
import scipy.optimize

from mentorlib.matching import InfeasibleError, _milp, match, rules
from mentorlib.model import Location, Mentee, Mentor

ON = dt.date(2026, 8, 17)
OSLO = Location("Oslo", "NO")
TRONDHEIM = Location("Trondheim", "NO")
RULES = [rules.SharedLanguage(), rules.SameMunicipality()]
CITIES = rules.Quota(minimum={"Trondheim": 1}, maximum={"Oslo": 2})


def initial(person) -> str:
    return person.id[0]


def people() -> tuple[list[Mentee], list[Mentor]]:
    es = [Mentee(f"o{i}", "O", location=OSLO, languages={"nb": "native"}) for i in range(4)]
    es += [Mentee(f"t{i}", "T", location=TRONDHEIM, languages={"nb": "native"}) for i in range(3)]
    ms = [
        Mentor("mo", "MO", location=OSLO, languages={"nb": "native"}, capacity=3),
        Mentor("mt", "MT", location=TRONDHEIM, languages={"nb": "native"}, capacity=1),
    ]
    return es, ms


@pytest.mark.parametrize("time_limit", [None, 30.0])
def test_the_milp_prints_nothing(capfd: pytest.CaptureFixture[str], time_limit) -> None:
    es, ms = people()
    # The flow's optimum with the first quota takes two from Oslo; the second allows one.
    initials = rules.Quota(maximum={"o": 1}, by=initial, label="initial")
    capfd.readouterr()
    result = match(es, ms, [*RULES, CITIES, initials], on=ON, time_limit=time_limit)
    assert result.backend == "milp" and result.optimal  # both stages ran
    assert capfd.readouterr() == ("", "")


def test_a_milp_proven_infeasible_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    es, ms = people()
    # At most two from Oslo, and at least three whose id starts with "o" (all from Oslo).
    initials = rules.Quota(minimum={"o": 3}, by=initial, label="initial")
    capfd.readouterr()
    with pytest.raises(InfeasibleError):
        match(es, ms, [*RULES, CITIES, initials], on=ON, workers=1)
    assert capfd.readouterr() == ("", "")


def test_the_second_stage_gets_only_the_time_the_first_left() -> None:
    es, ms = people()
    initials = rules.Quota(maximum={"o": 1}, by=initial, label="initial")
    clock = itertools.count(0.0, 1.0)  # every look at the clock, a second later
    limits = []
    highs = scipy.optimize.milp

    def recorded(*args, **kwargs):
        limits.append(kwargs["options"]["time_limit"])
        return highs(*args, **kwargs)

    with (
        mock.patch.object(_milp, "time", mock.Mock(monotonic=lambda: next(clock))),
        mock.patch("scipy.optimize.milp", side_effect=recorded),
    ):
        result = match(es, ms, [*RULES, CITIES, initials], on=ON, time_limit=30)
    assert result.backend == "milp" and result.optimal
    # One deadline for both stages: the second is given what is left of it, not a fresh limit.
    first, second = limits
    assert first < 30 and second == pytest.approx(first - 1)
