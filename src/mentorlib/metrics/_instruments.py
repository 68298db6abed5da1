"""Scoring of validated questionnaires (CRIES-8, HSCL-25, WHO-5) and of a program's own.

A questionnaire is an :class:`Instrument`: anything with a ``name``, a ``higher_is_worse``
flag and a ``score(responses)`` method returning named scale scores. The built-ins are
:class:`ItemScale` objects, a data description of a scale (items, allowed values, parts,
cut-offs) that a program can also use for its own questionnaire; :func:`check_instrument` runs
the checks the built-ins pass on any instrument.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal, Protocol, runtime_checkable

import attrs
import pandas as pd

from mentorlib.model import Assessment, ValidationError

__all__ = [
    "CRIES_8",
    "HSCL_25",
    "INSTRUMENTS",
    "WHO_5",
    "Cutoff",
    "Instrument",
    "ItemScale",
    "Subscale",
    "check_instrument",
    "score_assessments",
]


@runtime_checkable
class Instrument(Protocol):
    """What mentorlib needs of a questionnaire to score it and measure change.

    ``score`` takes the item responses in item order (``None`` for a missing item) and returns
    scale name → score, with ``nan`` for a scale that cannot be scored; it has a ``"total"``
    scale, which change is measured on by default. It raises
    :class:`~mentorlib.ValidationError` for responses of the wrong number or out of range.
    """

    @property
    def name(self) -> str:
        """The name assessments use for the instrument, e.g. ``"WHO-5"``."""

    @property
    def higher_is_worse(self) -> bool:
        """Whether a higher total means more symptoms (CRIES-8, HSCL-25) or better (WHO-5)."""

    def score(self, responses: Sequence[float | None]) -> Mapping[str, float]:
        """Return each scale's score for one person's responses."""


def _ints(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(values)


def _floats(values: Iterable[float]) -> tuple[float, ...]:
    return tuple(values)


def _subscales(values: Iterable[Subscale]) -> tuple[Subscale, ...]:
    return tuple(values)


def _cutoffs(values: Iterable[Cutoff]) -> tuple[Cutoff, ...]:
    return tuple(values)


@attrs.frozen
class Subscale:
    """A part of a scale: its name and its items, numbered from 1."""

    name: str
    items: tuple[int, ...] = attrs.field(converter=_ints)


_RULES: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}


@attrs.frozen
class Cutoff:
    """A screening threshold: ``name`` is flagged when the ``scale`` score ``rule`` ``threshold``.

    >>> Cutoff("probable PTSD", "total", ">=", 17).applies(18.0)
    True
    """

    name: str
    scale: str
    rule: Literal[">=", ">", "<=", "<"]
    threshold: float

    def applies(self, score: float) -> bool | None:
        """Whether ``score`` is beyond the threshold; ``None`` for a score that is ``nan``."""
        if math.isnan(score):
            return None
        return _RULES[self.rule](score, self.threshold)


@attrs.frozen
class ItemScale:
    r"""A questionnaire scored as the sum or the mean of its items, with parts and cut-offs.

    Parameters
    ----------
    name
        As assessments name it.
    items
        The number of items.
    values
        The values an item may take.
    scoring
        ``"sum"`` or ``"mean"`` of the items of each scale.
    higher_is_worse
        The direction of the total.
    subscales
        Named parts; the whole scale is always ``"total"``.
    derived
        Extra scales as a multiple of another: ``{"percentage": ("total", 4.0)}``.
    cutoffs
        Screening thresholds.
    min_answered
        The missing-item rule: a scale is scored when at least this share of its items is
        answered (default 0.8); a sum is then prorated, the mean of the answered items times
        the number of items, and a mean is the mean of the answered items. Otherwise the scale
        is ``nan``. This is mentorlib's convention: the CRIES-8, HSCL-25 and WHO-5 materials
        give no missing-item rule. ``attrs.evolve(WHO_5, min_answered=1.0)`` scores complete
        responses only.
    reliability
        A reliability coefficient for the reliable change index, if the program has one for
        its population. mentorlib ships none.

    Examples
    --------
    >>> WHO_5.score([3, 4, None, 2, 3])  # one item missing of five: prorated
    {'total': 15.0, 'percentage': 60.0}
    >>> WHO_5.score([3, None, None, 2, 3])["total"]  # two missing: fewer than 80 % answered
    nan
    """

    name: str
    items: int
    values: tuple[float, ...] = attrs.field(converter=_floats)
    scoring: Literal["sum", "mean"] = "sum"
    higher_is_worse: bool = True
    subscales: tuple[Subscale, ...] = attrs.field(default=(), converter=_subscales)
    derived: Mapping[str, tuple[str, float]] = attrs.field(factory=dict)
    cutoffs: tuple[Cutoff, ...] = attrs.field(default=(), converter=_cutoffs)
    min_answered: float = 0.8
    reliability: float | None = None

    def __attrs_post_init__(self) -> None:
        if self.items < 1:
            raise ValidationError(
                "an instrument has at least one item", record="ItemScale", field="items"
            )
        for part in self.subscales:
            if not part.items or any(not 1 <= i <= self.items for i in part.items):
                raise ValidationError(
                    f"subscale {part.name!r} names items outside 1–{self.items}",
                    record="ItemScale",
                    record_id=self.name,
                    field="subscales",
                )
        if not 0 < self.min_answered <= 1:
            raise ValidationError(
                f"min_answered is a share in (0, 1], got {self.min_answered}",
                record="ItemScale",
                record_id=self.name,
                field="min_answered",
            )
        if self.reliability is not None and not 0 < self.reliability < 1:
            raise ValidationError(
                f"a reliability coefficient is between 0 and 1, got {self.reliability}",
                record="ItemScale",
                record_id=self.name,
                field="reliability",
            )

    @property
    def scales(self) -> tuple[str, ...]:
        """The names of the scales :meth:`score` returns, in order."""
        return ("total", *(p.name for p in self.subscales), *self.derived)

    def check(self, responses: Sequence[float | None]) -> None:
        """Refuse responses of the wrong number or with a value the items do not take."""
        if len(responses) != self.items:
            raise ValidationError(
                f"{self.name} has {self.items} items, got {len(responses)} responses",
                record=self.name,
                field="responses",
            )
        allowed = set(self.values)
        for number, value in enumerate(responses, start=1):
            if value is not None and value not in allowed:
                shown = ", ".join(f"{v:g}" for v in self.values)
                raise ValidationError(
                    f"item {number} is {value!r}; {self.name} items take {shown}",
                    record=self.name,
                    field="responses",
                )

    def score(self, responses: Sequence[float | None]) -> dict[str, float]:
        """Return the total, each part and each derived scale for one person's responses."""
        self.check(responses)
        result: dict[str, float] = {}
        parts = [("total", tuple(range(1, self.items + 1)))]
        parts += [(p.name, p.items) for p in self.subscales]
        for name, numbers in parts:
            answered = [float(v) for i in numbers if (v := responses[i - 1]) is not None]
            if len(answered) < self.min_answered * len(numbers) - 1e-9:
                result[name] = math.nan
                continue
            mean = sum(answered) / len(answered)
            result[name] = mean if self.scoring == "mean" else mean * len(numbers)
        for name, (base, factor) in self.derived.items():
            result[name] = result[base] * factor
        return result

    def screen(self, scores: Mapping[str, float]) -> dict[str, bool | None]:
        """Return each cut-off's flag for scores from :meth:`score`."""
        return {c.name: c.applies(scores[c.scale]) for c in self.cutoffs}


CRIES_8 = ItemScale(
    "CRIES-8",
    items=8,
    values=(0, 1, 3, 5),
    scoring="sum",
    higher_is_worse=True,
    subscales=(Subscale("intrusion", (1, 3, 6, 7)), Subscale("avoidance", (2, 4, 5, 8))),
    cutoffs=(Cutoff("probable PTSD", "total", ">=", 17),),
)
"""Children's Revised Impact of Event Scale, 8 items (Children and War Foundation).

Items score 0 (not at all), 1 (rarely), 3 (sometimes), 5 (often), as the Foundation's scoring
sheet gives them; the total is 0–40, with intrusion (items 1, 3, 6, 7) and avoidance (items
2, 4, 5, 8) parts of 0–20 each. A total of 17 or more flags a probable PTSD: the CRIES-8
cut-off of Perrin, Meiser-Stedman & Smith (2005, *Behavioural and Cognitive Psychotherapy*
33(4), 487–498), found again by Verlinden et al. (2014, *Journal of Traumatic Stress* 27,
338–344). A screen, not a diagnosis.
"""

HSCL_25 = ItemScale(
    "HSCL-25",
    items=25,
    values=(1, 2, 3, 4),
    scoring="mean",
    higher_is_worse=True,
    subscales=(
        Subscale("anxiety", tuple(range(1, 11))),
        Subscale("depression", tuple(range(11, 26))),
    ),
    cutoffs=(Cutoff("clinical distress", "total", ">=", 1.75),),
)
"""Hopkins Symptom Checklist, 25 items (the Harvard Program in Refugee Trauma's order).

Items score 1 (not at all) to 4 (extremely); each scale is the mean item score, 1–4, of the
whole, of anxiety (items 1–10) and of depression (items 11–25). A total mean of 1.75 or more
flags clinically significant distress, as Statistics Norway and Nettelbladt et al. (1993, *Soc
Psychiatry Psychiatr Epidemiol* 28, 130–133) state the threshold. With all 25 items answered
the mean is a multiple of 0.04 and never exactly 1.75, so "≥ 1.75" and "> 1.75" flag the same
people; they differ only for the mean of fewer answered items.
"""

WHO_5 = ItemScale(
    "WHO-5",
    items=5,
    values=(0, 1, 2, 3, 4, 5),
    scoring="sum",
    higher_is_worse=False,
    derived={"percentage": ("total", 4.0)},
    cutoffs=(
        Cutoff("poor wellbeing", "total", "<", 13),
        Cutoff("likely depression", "percentage", "<=", 28),
    ),
)
"""WHO-5 Well-Being Index: five items 0 (at no time) to 5 (all of the time); higher is better.

The raw score is the sum, 0–25, and the percentage the raw score times 4, 0–100 (WHO 1998).
A raw score below 13 flags poor wellbeing, the WHO guidance's threshold for testing for
depression; for every score ``WHO_5`` returns it flags the same people as the percentage
≤ 50 that Topp et al. (2015, *Psychother Psychosom* 84, 167–176) report as the usual
depression-screening cut-off. A percentage of 28 or less (raw ≤ 7) flags likely depression;
that band is widely used with the WHO-5 but we could not trace it to a validation study, so
treat it as indicative. The guidance's other trigger, any item answered 0 or 1, is not applied.
"""

#: The built-in instruments by name.
INSTRUMENTS: Mapping[str, ItemScale] = {i.name: i for i in (CRIES_8, HSCL_25, WHO_5)}


def check_instrument(instrument: Instrument, *, examples: Iterable[Sequence[float | None]]) -> None:
    """Check that ``instrument`` behaves as mentorlib needs; raise ``AssertionError`` if not.

    The checks the built-ins pass: it has a text ``name`` and a bool ``higher_is_worse``; for
    each example response it returns a mapping of text to floats with a ``"total"``; the same
    responses give the same scores; and a wrong number of responses is refused with a
    :class:`~mentorlib.ValidationError`.

    >>> check_instrument(WHO_5, examples=[[5, 5, 5, 5, 5], [0, None, 1, 2, 3]])
    """
    assert isinstance(instrument, Instrument), "needs name, higher_is_worse and score()"
    assert isinstance(instrument.name, str), "name is text"
    assert instrument.name, "name is not empty"
    assert isinstance(instrument.higher_is_worse, bool), "higher_is_worse is a bool"
    cases = [list(e) for e in examples]
    assert cases, "give at least one example"
    for case in cases:
        scores = instrument.score(case)
        assert "total" in scores, "scores include 'total'"
        for key, value in scores.items():
            assert isinstance(key, str), f"scale name {key!r} is not text"
            assert isinstance(value, float), f"score of {key!r} is not a float"
        again = instrument.score(case)
        assert all(
            (math.isnan(a) and math.isnan(again[k])) or a == again[k] for k, a in scores.items()
        ), "the same responses give the same scores"
    try:
        instrument.score([*cases[0], cases[0][-1]])
    except ValidationError:
        pass
    else:
        raise AssertionError("one response too many is not refused with ValidationError")


def _find(instrument: Instrument | str) -> Instrument:
    if isinstance(instrument, str):
        found = INSTRUMENTS.get(instrument)
        if found is None:
            raise ValidationError(
                f"no built-in instrument {instrument!r}; use one of "
                f"{', '.join(INSTRUMENTS)} or pass your own Instrument",
                record="score_assessments",
                field="instrument",
            )
        return found
    return instrument


def score_assessments(
    assessments: Iterable[Assessment], instrument: Instrument | str
) -> pd.DataFrame:
    """Return one row per assessment of ``instrument`` with its scale scores and flags.

    Columns: ``person_id``, ``time_point``, ``on``, ``answered`` (items not missing), one
    column per scale and, for an instrument with cut-offs, one boolean column per cut-off
    (missing where the scale could not be scored). Assessments of other instruments are skipped.

    Examples
    --------
    >>> import datetime as dt
    >>> from mentorlib.model import Assessment
    >>> rows = [Assessment("a1", "y1", "WHO-5", "baseline", dt.date(2026, 9, 1), [2, 2, 1, 2, 3]),
    ...         Assessment("a2", "y1", "WHO-5", "end", dt.date(2027, 6, 1), [4, 3, 3, 4, None])]
    >>> score_assessments(rows, "WHO-5")[["time_point", "total", "percentage", "poor wellbeing"]]
                 time_point  total  percentage  poor wellbeing
    assessment_id
    a1             baseline   10.0        40.0            True
    a2                  end   17.5        70.0           False
    """
    chosen = _find(instrument)
    screen = getattr(chosen, "screen", None)
    rows: list[dict[str, object]] = []
    ids: list[str] = []
    for item in assessments:
        if item.instrument != chosen.name:
            continue
        try:
            scores = dict(chosen.score(item.responses))
        except ValidationError as error:
            raise ValidationError(
                error.message, record="Assessment", record_id=item.id, field="responses"
            ) from error
        row: dict[str, object] = {
            "person_id": item.person_id,
            "time_point": item.time_point,
            "on": item.on,
            "answered": sum(r is not None for r in item.responses),
            **scores,
        }
        if callable(screen):
            row.update(screen(scores))
        rows.append(row)
        ids.append(item.id)
    frame = pd.DataFrame(rows, index=pd.Index(ids, name="assessment_id"))
    if not rows:
        names = getattr(chosen, "scales", ("total",))
        frame = pd.DataFrame(
            columns=["person_id", "time_point", "on", "answered", *names],
            index=pd.Index([], name="assessment_id"),
        )
    cutoffs = getattr(chosen, "cutoffs", ())
    for cutoff in cutoffs:
        if cutoff.name in frame:
            frame[cutoff.name] = frame[cutoff.name].astype("boolean")
    return frame
