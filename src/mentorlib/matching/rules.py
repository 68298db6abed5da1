"""The built-in matching rules, and the protocol a program's own rules implement.

Hard rules decide which pairs are allowed; score rules weigh the allowed ones; side
constraints bound the whole assignment. Use them together in one list::

    from mentorlib.matching import match, rules
    result = match(mentees, mentors, [
        rules.SharedLanguage("B1"),
        rules.WithinDistance(25),
        rules.SafeguardingForMinors(),
        rules.SharedInterests(weight=2),
        rules.Quota(minimum={"Trondheim": 20}),
    ], on=start)
"""

from ._constraints import Locked, MaxChanges, Quota, RaiseLowestScore
from ._hard import (
    AgeGap,
    AvailabilityOverlap,
    ForbiddenPairs,
    GenderPreference,
    SafeguardingForMinors,
    SameMunicipality,
    SharedLanguage,
    TrainingCompleted,
    WithinAgeWindows,
    WithinDistance,
)
from ._pairs import Keys, keys_from_lists
from ._rules import HardRule, ScoreRule, SideConstraint, check_rule, hard_rule, score_rule
from ._scores import (
    LanguageFluency,
    LifeSituation,
    NativeLanguage,
    PreferredAgeGap,
    Proximity,
    SameProfessionalField,
    SharedBackground,
    SharedInterests,
    WaitingTime,
)

__all__ = [
    "AgeGap",
    "AvailabilityOverlap",
    "ForbiddenPairs",
    "GenderPreference",
    "HardRule",
    "Keys",
    "LanguageFluency",
    "LifeSituation",
    "Locked",
    "MaxChanges",
    "NativeLanguage",
    "PreferredAgeGap",
    "Proximity",
    "Quota",
    "RaiseLowestScore",
    "SafeguardingForMinors",
    "SameMunicipality",
    "SameProfessionalField",
    "ScoreRule",
    "SharedBackground",
    "SharedInterests",
    "SharedLanguage",
    "SideConstraint",
    "TrainingCompleted",
    "WaitingTime",
    "WithinAgeWindows",
    "WithinDistance",
    "check_rule",
    "hard_rule",
    "keys_from_lists",
    "score_rule",
]
