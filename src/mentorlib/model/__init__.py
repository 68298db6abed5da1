"""The domain model: frozen, validated value types for everything a mentoring program handles.

Every type is an immutable ``attrs`` class that validates on construction and refuses bad values
with a :class:`ValidationError` naming the record, its id and the field. Nested values may be
given as mappings of their fields, so ``cls(**attrs.asdict(record)) == record`` for every type.
"""

from ._assessments import Assessment, Outcome, OutcomeStatus
from ._codes import canonical_country, canonical_language, language_name
from ._errors import DuplicateIdError, MentorlibError, UnknownIdError, ValidationError
from ._language import LanguageLevel, LanguageSkill
from ._location import Location
from ._matches import Closure, ClosureReason, Match, MatchStatus, Party
from ._meetings import GroupGathering, Meeting, MeetingStatus
from ._people import Gender, Mentee, Mentor, Person
from ._places import Place, PlaceKind
from ._program import AgeWindow, Cadence, Program, Targets
from ._program_data import ProgramData
from ._referrals import Commitment, Referral, ReferralOutcome
from ._roster import Roster
from ._safeguarding import CheckKind, SafeguardingCheck
from ._time import DateRange, Period, PeriodUnit, Weekday, WeeklyWindow

__all__ = [
    "AgeWindow",
    "Assessment",
    "Cadence",
    "CheckKind",
    "Closure",
    "ClosureReason",
    "Commitment",
    "DateRange",
    "DuplicateIdError",
    "Gender",
    "GroupGathering",
    "LanguageLevel",
    "LanguageSkill",
    "Location",
    "Match",
    "MatchStatus",
    "Meeting",
    "MeetingStatus",
    "Mentee",
    "Mentor",
    "MentorlibError",
    "Outcome",
    "OutcomeStatus",
    "Party",
    "Period",
    "PeriodUnit",
    "Person",
    "Place",
    "PlaceKind",
    "Program",
    "ProgramData",
    "Referral",
    "ReferralOutcome",
    "Roster",
    "SafeguardingCheck",
    "Targets",
    "UnknownIdError",
    "ValidationError",
    "Weekday",
    "WeeklyWindow",
    "canonical_country",
    "canonical_language",
    "language_name",
]

_ERRORS = {"DuplicateIdError", "MentorlibError", "UnknownIdError", "ValidationError"}

for _name in __all__:
    _obj = globals()[_name]
    _obj.__module__ = "mentorlib" if _name in _ERRORS else __name__
del _name, _obj
