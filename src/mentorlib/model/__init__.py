"""The domain model: frozen, validated value types for everything a mentoring program handles.

Every type is an immutable ``attrs`` class that validates on construction and refuses bad values
with a :class:`~mentorlib.ValidationError` naming the record, its id and the field. Nested values
may be given as mappings of their fields, so ``cls(**attrs.asdict(record)) == record`` for every
record type; a :class:`ProgramData` round-trips with ``attrs.asdict(data, recurse=False)``.
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
from ._teams import Team
from ._time import DateRange, Period, PeriodUnit, Weekday, WeeklyWindow, age_on
from ._validators import to_enum, unwritable

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
    "Team",
    "UnknownIdError",
    "ValidationError",
    "Weekday",
    "WeeklyWindow",
    "age_on",
    "canonical_country",
    "canonical_language",
    "language_name",
    "to_enum",
    "unwritable",
]

# Errors show under the name users catch them by (``mentorlib.ValidationError``). Other classes
# keep their defining module, so ``typing.get_type_hints`` can resolve their annotations.
for _error in (DuplicateIdError, MentorlibError, UnknownIdError, ValidationError):
    _error.__module__ = "mentorlib"
del _error
