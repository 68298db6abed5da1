"""Built-in score rules: how good an allowed pair is, each from 0 to 1 times its weight."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import attrs
import numpy as np

from mentorlib.model import LanguageLevel
from mentorlib.model._validators import between, integer, record

from ._pairs import BoolArray, FloatArray, MaskArray, Pairs, Side, pack_masks, years_older
from ._rules import ScoreRule, plain_number, positive_number, score_weight

__all__ = [
    "LanguageFluency",
    "LifeSituation",
    "NativeLanguage",
    "PreferredAgeGap",
    "Proximity",
    "SameProfessionalField",
    "SharedBackground",
    "SharedInterests",
    "WaitingTime",
]


def _popcount(masks: MaskArray) -> FloatArray:
    # A word's count fits its uint8 (at most 64); the total needs more room than that.
    counts = np.bitwise_count(masks[:, 0]).astype(np.float64)
    for word in range(1, masks.shape[1]):
        counts += np.bitwise_count(masks[:, word])
    return counts


def _interests(person: Any) -> frozenset[str]:
    interests: frozenset[str] = getattr(person, "interests", frozenset())
    return interests


def _shared_masks(pairs: Pairs, kind: str, get: Any) -> tuple[MaskArray, MaskArray]:
    pairs.mentees.code_keys(kind, get)
    pairs.mentors.code_keys(kind, get)
    width = pairs.mentees.vocabulary.size(kind)
    return (
        pairs.mentees.masks(kind, get, width)[pairs.mentee],
        pairs.mentors.masks(kind, get, width)[pairs.mentor],
    )


@attrs.frozen
class SharedInterests(ScoreRule):
    """Interests both share: ``enough`` shared interests earn the full score.

    Score = min(shared, enough) / enough.
    """

    weight: float = attrs.field(default=1.0, converter=plain_number, validator=score_weight)
    enough: int = attrs.field(
        default=2, converter=plain_number, validator=positive_number, kw_only=True
    )

    def score(self, pairs: Pairs) -> FloatArray:
        a, b = _shared_masks(pairs, "interest", _interests)
        return np.asarray(np.minimum(_popcount(a & b), self.enough) / self.enough)


def _field(person: Any) -> str | None:
    value = getattr(person, "professional_field", None)
    return None if value is None else _folded(value)


@attrs.frozen
class SameProfessionalField(ScoreRule):
    """Both work (or worked) in the same professional field, as Foreningen Nydansker pairs.

    Fields compare as cultural backgrounds do: case and spacing aside ("Nursing", "nursing").
    """

    weight: float = attrs.field(default=1.0, converter=plain_number, validator=score_weight)

    def score(self, pairs: Pairs) -> FloatArray:
        return _same(pairs, "field", _field).astype(np.float64)


def _origin(person: Any) -> str | None:
    return getattr(person, "origin_country", None)


def _background(person: Any) -> str | None:
    value = getattr(person, "cultural_background", None)
    return None if value is None else _folded(value)


@functools.lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    """Text with its spaces collapsed and its case folded (backgrounds repeat across people)."""
    return " ".join(text.split()).casefold()


@attrs.frozen
class SharedBackground(ScoreRule):
    """Same cultural background, or else the same country of origin, as Vinn, vinn! pairs.

    Score 1 for the same stated cultural background, ``origin_share`` (from 0 to 1) for only
    the same country of origin, 0 otherwise.
    """

    weight: float = attrs.field(default=1.0, converter=plain_number, validator=score_weight)
    origin_share: float = attrs.field(
        default=0.5, converter=plain_number, validator=between(0, 1), kw_only=True
    )

    def score(self, pairs: Pairs) -> FloatArray:
        out = np.where(_same(pairs, "origin", _origin), self.origin_share, 0.0)
        out[_same(pairs, "background", _background)] = 1.0
        return out


def _same(pairs: Pairs, kind: str, get: Any) -> BoolArray:
    """Whether both of each pair have the same known value of ``kind``."""
    # 32-bit codes halve what the gathers over millions of pairs move.
    a = pairs.mentees.codes(kind, get).astype(np.int32)[pairs.mentee]
    b = pairs.mentors.codes(kind, get).astype(np.int32)[pairs.mentor]
    same: BoolArray = a == b
    same &= a >= 0
    return same


_FIRST_YEAR = 1900
_YEARS = 320


def _children_masks(side: Side, spread: int) -> MaskArray:
    sets = [
        {
            y - _FIRST_YEAR + d
            for y in getattr(p, "children_birth_years", ())
            for d in range(-spread, spread + 1)
            if 0 <= y - _FIRST_YEAR + d < _YEARS
        }
        for p in side.people
    ]
    return pack_masks(sets, _YEARS)


@attrs.frozen
class LifeSituation(ScoreRule):
    """Both have a child born within ``years`` of each other (Kompis Sverige's life situation).

    ``years`` is a whole number from 0 (born the same year) to 100.
    """

    weight: float = attrs.field(default=1.0, converter=plain_number, validator=score_weight)
    years: int = attrs.field(
        default=3, converter=plain_number, validator=integer(0, 100), kw_only=True
    )

    def score(self, pairs: Pairs) -> FloatArray:
        a = _children_masks(pairs.mentees, 0)[pairs.mentee]
        b = _children_masks(pairs.mentors, self.years)[pairs.mentor]
        return np.asarray((a & b).any(axis=1), dtype=np.float64)


def _level(value: LanguageLevel | str) -> LanguageLevel:
    return LanguageLevel.parse(value)


@record
@attrs.frozen
class NativeLanguage(ScoreRule):
    """The mentor speaks one of the mentee's native languages at ``minimum`` or better."""

    weight: float = attrs.field(default=1.0, converter=plain_number, validator=score_weight)
    minimum: LanguageLevel = attrs.field(default=LanguageLevel.B1, converter=_level, kw_only=True)

    def score(self, pairs: Pairs) -> FloatArray:
        native = LanguageLevel.NATIVE
        shared = pairs.share_language(native, self.minimum, mentee_maximum=native)
        return shared.astype(np.float64)


@attrs.frozen
class LanguageFluency(ScoreRule):
    """How well the pair can talk: the lower of the two levels in their best shared language.

    Score = (level - A1) / (native - A1), so a shared native language scores 1 and a shared
    A1 scores 0.
    """

    weight: float = attrs.field(default=1.0, converter=plain_number, validator=score_weight)

    def score(self, pairs: Pairs) -> FloatArray:
        result = np.zeros(len(pairs))
        found = np.zeros(len(pairs), dtype=np.bool_)
        top = LanguageLevel.NATIVE - LanguageLevel.A1
        for level in sorted(LanguageLevel, reverse=True):
            now = pairs.share_language(level, level) & ~found
            result[now] = (level - LanguageLevel.A1) / top
            found |= now
        return result


@attrs.frozen
class Proximity(ScoreRule):
    """Nearer is better: 1 at the same spot, falling linearly to 0 at ``km``.

    Where a location has no coordinates, the same municipality scores 1 and otherwise 0.
    """

    weight: float = attrs.field(default=1.0, converter=plain_number, validator=score_weight)
    km: float = attrs.field(
        default=25.0, converter=plain_number, validator=positive_number, kw_only=True
    )

    def score(self, pairs: Pairs) -> FloatArray:
        distance = pairs.distance_km()
        municipality = pairs.mentees.municipality[pairs.mentee]
        same = (municipality >= 0) & (municipality == pairs.mentors.municipality[pairs.mentor])
        near = np.clip(1 - distance / self.km, 0, 1)
        return np.where(np.isnan(distance), same.astype(np.float64), near)


@attrs.frozen
class PreferredAgeGap(ScoreRule):
    """A mentor about ``years`` older scores 1, falling linearly to 0 at ``tolerance`` off.

    The gap is :class:`~mentorlib.matching.rules.AgeGap`'s whole years plus the share of a
    year since the mentor's last birthday before the mentee was born: a mentor born exactly
    15 years before the mentee is 15 years older, and scores 1 for ``years=15``.
    """

    weight: float = attrs.field(default=1.0, converter=plain_number, validator=score_weight)
    years: float = attrs.field(
        default=15.0, converter=plain_number, validator=between(), kw_only=True
    )
    tolerance: float = attrs.field(
        default=20.0, converter=plain_number, validator=positive_number, kw_only=True
    )

    def score(self, pairs: Pairs) -> FloatArray:
        gap = years_older(pairs, whole=False)
        return np.asarray(
            np.nan_to_num(np.clip(1 - np.abs(gap - self.years) / self.tolerance, 0, 1)),
            dtype=np.float64,
        )


@attrs.frozen
class WaitingTime(ScoreRule):
    """Those who have waited longest come first: full score after ``days`` on the list.

    Score = min(days waited, ``days``) / ``days``, from the mentee's ``registered_on`` to the
    matching date; 0 where it is unknown. With a high weight it decides who is matched when
    there are not enough mentors.
    """

    weight: float = attrs.field(default=1.0, converter=plain_number, validator=score_weight)
    days: int = attrs.field(
        default=365, converter=plain_number, validator=positive_number, kw_only=True
    )

    def score(self, pairs: Pairs) -> FloatArray:
        registered = pairs.mentees.values(_registered, dtype=np.float64)[pairs.mentee]
        waited = pairs.on.toordinal() - registered
        return np.asarray(np.nan_to_num(np.clip(waited / self.days, 0, 1)), dtype=np.float64)


def _registered(person: Any) -> float:
    day: dt.date | None = getattr(person, "registered_on", None)
    return np.nan if day is None else float(day.toordinal())
