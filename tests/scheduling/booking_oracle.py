"""The oracle of the bookings tests: one person's events compared as UTC instants.

Shared by the tests that nobody is planned into two events at once, with the zones and days on
which clocks change and a strategy for weekly windows in text.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

import pytest
from hypothesis import strategies as st

from mentorlib.model import ProgramData
from mentorlib.scheduling import (
    MeetingPlan,
    PlannedGathering,
    PlannedMeeting,
    _match_planner,
    plan_program,
)

#: Zones and days where the clocks change: mid-night (Oslo, New York), at midnight (Santiago,
#: Havana, Cairo) and by half an hour (Lord Howe).
DST_DAYS = {
    "Europe/Oslo": [dt.date(2026, 3, 29), dt.date(2026, 10, 25)],
    "America/New_York": [dt.date(2026, 3, 8), dt.date(2026, 11, 1)],
    "America/Santiago": [dt.date(2026, 4, 5), dt.date(2026, 9, 6)],  # at midnight
    "America/Havana": [dt.date(2026, 3, 8), dt.date(2026, 11, 1)],  # at midnight
    "Africa/Cairo": [dt.date(2026, 4, 24), dt.date(2026, 10, 29)],  # at midnight
    "Australia/Lord_Howe": [dt.date(2026, 4, 5), dt.date(2026, 10, 4)],  # half an hour
}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def events_by_person(*plans: MeetingPlan) -> dict[str, list[PlannedMeeting | PlannedGathering]]:
    """Every live event a person (not a place) takes part in, over all ``plans``."""
    found: dict[str, list[PlannedMeeting | PlannedGathering]] = defaultdict(list)
    for plan in plans:
        places = {p.id for p in plan.participants if p.role == "place"}
        events: list[PlannedMeeting | PlannedGathering] = [*plan.meetings, *plan.gatherings]
        for event in events:
            if not event.is_cancelled:
                for person in event.participant_ids:
                    if person not in places:
                        found[person].append(event)
    return found


def clashes(plan: MeetingPlan, *earlier: MeetingPlan) -> list[tuple[str, str, str]]:
    """Pairs of one person's events that overlap in UTC, at least one a meeting of ``plan``.

    Back to back is no clash. Two gatherings (fixed by the caller) or two events of
    ``earlier`` are not the planner's doing.
    """
    mine = {m.uid for m in plan.meetings}
    found = []
    for person, events in events_by_person(plan, *earlier).items():
        for a, b in itertools.combinations(events, 2):
            if (
                (a.uid in mine or b.uid in mine)
                and a.start_utc < b.end_utc
                and b.start_utc < a.end_utc
            ):
                found.append((person, a.id, b.id))
    return found


@st.composite
def window_texts(draw: st.DrawFn, most: int = 3) -> list[str]:
    """Up to ``most`` weekly windows as text, any quarter hour to any minute, night included."""
    found = []
    for _ in range(draw(st.integers(0, most))):
        low = draw(st.integers(0, 23 * 4)) * 15
        high = draw(st.integers(low + 30, 23 * 60 + 59))
        found.append(
            f"{draw(st.sampled_from(DAYS))} {low // 60:02d}:{low % 60:02d}-"
            f"{high // 60:02d}:{high % 60:02d}"
        )
    return found


def plan_uncached(data: ProgramData, **options: object) -> MeetingPlan:
    """Plan with settle's cache emptied: each day placed afresh, to compare with the cached."""
    settle = _match_planner._MatchPlanner.settle

    def uncached(self: _match_planner._MatchPlanner, days: list[dt.date]) -> None:
        settle(self, days)
        self.settled = {}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_match_planner._MatchPlanner, "settle", uncached)
        return plan_program(data, **options)  # type: ignore[arg-type]
