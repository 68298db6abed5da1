"""Meeting plans on a program's cadence, blackout calendars, and iCalendar export.

Turn matches and a program's cadence into dated meetings inside both parties' weekly windows,
around public holidays, school holidays and people's own absences, and export them as RFC 5545
iCalendar that Google Calendar, Outlook, Apple Calendar and Thunderbird read with the right
local times. This package depends on :mod:`mentorlib.model` only.

>>> from mentorlib import samples
>>> from mentorlib.scheduling import plan_program
>>> plan = plan_program(samples.vinn_vinn(seed=0))
>>> plan.summary().gatherings
6
"""

from ._availability import common_windows
from ._blackouts import (
    Blackout,
    BlackoutCalendar,
    BlackoutKind,
    HolidaysByYear,
    public_holidays,
    school_holidays,
)
from ._cadence import cadence_dates
from ._changes import ChangeKind, EventChange, cancel, changes, end_series, move, revised
from ._demo import demo_plan, write_demo_calendars
from ._events import (
    Adjustment,
    AdjustmentKind,
    Participant,
    PlannedGathering,
    PlannedMeeting,
    Unscheduled,
    event_uid,
)
from ._gatherings import spread_gatherings
from ._ical import to_calendar, to_ics, update_ics, write_calendars
from ._ical_options import EventText, Method, NameStyle
from ._plan import MeetingPlan, PlanSummary
from ._plan_options import BlackoutPolicy
from ._planning import plan_match, plan_program

__all__ = [
    "Adjustment",
    "AdjustmentKind",
    "Blackout",
    "BlackoutCalendar",
    "BlackoutKind",
    "BlackoutPolicy",
    "ChangeKind",
    "EventChange",
    "EventText",
    "HolidaysByYear",
    "MeetingPlan",
    "Method",
    "NameStyle",
    "Participant",
    "PlanSummary",
    "PlannedGathering",
    "PlannedMeeting",
    "Unscheduled",
    "cadence_dates",
    "cancel",
    "changes",
    "common_windows",
    "demo_plan",
    "end_series",
    "event_uid",
    "move",
    "plan_match",
    "plan_program",
    "public_holidays",
    "revised",
    "school_holidays",
    "spread_gatherings",
    "to_calendar",
    "to_ics",
    "update_ics",
    "write_calendars",
    "write_demo_calendars",
]
