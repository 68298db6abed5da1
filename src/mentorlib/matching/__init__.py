"""Optimal, explainable matching of mentees to mentors (or places) on OR-Tools.

:func:`match` builds only the pairs every hard rule allows (vectorised, with blocking keys),
scores them with the score rules, and solves: as a min-cost network flow when the side
constraints allow it (quotas over one partition per side, locked pairs), else as a MILP. The
result explains every match and every mentee left unmatched.

>>> import datetime as dt
>>> from mentorlib import samples
>>> from mentorlib.matching import match, rules
>>> data = samples.program(seed=1, mentees=30, mentors=20, history=False)
>>> result = match(data.mentees, data.mentors,
...                [rules.SharedLanguage("B1"), rules.SameMunicipality()],
...                on=dt.date(2026, 8, 17))
>>> result.backend, result.optimal
('assignment', True)
"""

from . import rules
from ._match import match, rematch
from ._pairs import Pairs, Side
from ._problem import Assignment
from ._result import MatchResult, Pairing, Unmatched, UnmatchedReason
from ._rules import HardRule, RuleError, ScoreRule, SideConstraint
from ._solve import InfeasibleError

__all__ = [
    "Assignment",
    "HardRule",
    "InfeasibleError",
    "MatchResult",
    "Pairing",
    "Pairs",
    "RuleError",
    "ScoreRule",
    "Side",
    "SideConstraint",
    "Unmatched",
    "UnmatchedReason",
    "match",
    "rematch",
    "rules",
]

# Errors show under the name users catch them by; other names keep their defining module so
# that typing.get_type_hints resolves their annotations.
for _error in (InfeasibleError, RuleError):
    _error.__module__ = __name__
del _error
