"""Languages a person speaks, each with a level."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ._codes import canonical_language
from ._errors import ValidationError
from ._validators import collection, record, to_record

__all__ = ["LanguageLevel", "LanguageSkill"]


class LanguageLevel(enum.IntEnum):
    """How well a person speaks a language: the CEFR levels A1–C2, and native (first language).

    Levels are ordered, so a rule can ask for "at least B1" with ``level >= LanguageLevel.B1``.
    """

    A1 = 1
    A2 = 2
    B1 = 3
    B2 = 4
    C1 = 5
    C2 = 6
    NATIVE = 7

    @classmethod
    def parse(cls, value: LanguageLevel | str) -> LanguageLevel:
        """Return the level for a member, its number (1–7) or its name in any case ("b1").

        >>> LanguageLevel.parse("b2") < LanguageLevel.NATIVE
        True
        """
        if isinstance(value, LanguageLevel):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
            return cls(value)
        if isinstance(value, str) and value.strip().upper() in cls.__members__:
            return cls[value.strip().upper()]
        allowed = ", ".join(repr(m.name) for m in cls)
        raise ValidationError(f"{value!r} is not a language level; use one of {allowed}")

    def __str__(self) -> str:
        return self.name.lower() if self is LanguageLevel.NATIVE else self.name


def _language_code(value: str) -> str:
    return canonical_language(value)


def _level(value: LanguageLevel | str) -> LanguageLevel:
    return LanguageLevel.parse(value)


@record
@attrs.frozen
class LanguageSkill:
    """A language (ISO 639 code, stored in canonical form) and how well it is spoken.

    >>> LanguageSkill("tir", "native")
    LanguageSkill(code='ti', level=<LanguageLevel.NATIVE: 7>)
    """

    code: str = attrs.field(converter=_language_code)
    level: LanguageLevel = attrs.field(converter=_level)

    def __str__(self) -> str:
        return f"{self.code}:{self.level}"


LanguagesLike = (
    Mapping[str, LanguageLevel | str]
    | Iterable[LanguageSkill | Mapping[str, Any] | tuple[str, LanguageLevel | str]]
)


def to_language_skills(values: LanguagesLike) -> tuple[LanguageSkill, ...]:
    """Return language skills from skills, ``{code: level}``, mappings of fields or pairs.

    A language may appear once per person; the result is ordered from the best-spoken language.
    """
    if isinstance(values, str):
        raise ValidationError(
            f"expected languages with levels such as {{'ar': 'native'}}, got the text {values!r}"
        )
    items: Iterable[Any] = (
        values.items() if isinstance(values, Mapping) else collection(values, "languages")
    )
    skills: list[LanguageSkill] = []
    for item in items:
        if isinstance(item, LanguageSkill):
            skills.append(item)
        elif isinstance(item, Mapping):
            skills.append(to_record(LanguageSkill, item))
        elif isinstance(item, tuple) and len(item) == 2:
            skills.append(LanguageSkill(*item))
        else:
            raise ValidationError(
                f"expected a language with its level such as ('ar', 'native'), got {item!r}"
            )
    seen: set[str] = set()
    for skill in skills:
        if skill.code in seen:
            raise ValidationError(f"language {skill.code!r} is listed more than once")
        seen.add(skill.code)
    return tuple(sorted(skills, key=lambda s: (-s.level, s.code)))
