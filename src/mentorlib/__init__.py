"""mentorlib: match, schedule and measure volunteer-mentoring programs.

Importing mentorlib is cheap and has no side effects: OR-Tools, pandas and the ISO code tables
are loaded only when a feature needs them.

>>> import mentorlib
>>> mentor = mentorlib.Mentor("m01", "Ingrid", languages={"nb": "native", "ar": "B1"})
>>> mentor.speaks("ara").level
<LanguageLevel.B1: 3>
"""

from importlib.metadata import PackageNotFoundError, version

from .model import (
    DuplicateIdError,
    Match,
    Meeting,
    Mentee,
    Mentor,
    MentorlibError,
    Place,
    Program,
    ProgramData,
    Roster,
    Team,
    UnknownIdError,
    ValidationError,
)

try:
    __version__ = version("mentorlib")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = [
    "DuplicateIdError",
    "Match",
    "Meeting",
    "Mentee",
    "Mentor",
    "MentorlibError",
    "Place",
    "Program",
    "ProgramData",
    "Roster",
    "Team",
    "UnknownIdError",
    "ValidationError",
    "__version__",
]
