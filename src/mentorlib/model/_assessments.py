"""Assessments with validated instruments, and the outcomes people reach."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from ._display import Displayable, brief_repr
from ._errors import ValidationError
from ._validators import a_date, collection, identifier, plain_int, record, text, to_enum

__all__ = ["Assessment", "Outcome", "OutcomeStatus"]


def _responses(values: Iterable[float | int | None]) -> tuple[float | int | None, ...]:
    if isinstance(values, str):
        raise ValidationError("expected item responses as numbers, got text")
    responses = tuple(map(plain_int, collection(values, "item responses")))
    if not responses:
        raise ValidationError("an assessment needs at least one item response")
    for number, value in enumerate(responses, start=1):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise ValidationError(
                f"item {number} is {value!r}; a response is a number, or None when missing"
            )
    return responses


@record
@attrs.frozen
class Assessment(Displayable):
    """One person's item responses to an instrument at a time point.

    ``instrument`` names the questionnaire (``"CRIES-8"``, ``"HSCL-25"``, ``"WHO-5"`` or a
    program's own); ``time_point`` is a label such as ``"baseline"`` or ``"6 months"``; a missing
    item is ``None``. Scoring belongs to ``mentorlib.metrics``, which knows each instrument.

    Item responses are health data (CRIES-8 asks about intrusive memories), so ``repr()``
    leaves them out, as it leaves out a person's data: a repr ends up in logs and tracebacks.

    >>> import datetime as dt
    >>> Assessment("a1", "y01", "WHO-5", "baseline", dt.date(2026, 8, 17), [3, 2, None, 4, 3])
    Assessment(id='a1', person_id='y01', instrument='WHO-5', time_point='baseline', ...)
    """

    id: str = attrs.field(validator=identifier())
    person_id: str = attrs.field(validator=identifier())
    instrument: str = attrs.field(validator=identifier())
    time_point: str = attrs.field(validator=text())
    on: dt.date = attrs.field(repr=False, validator=a_date())
    responses: tuple[float | int | None, ...] = attrs.field(repr=False, converter=_responses)

    def __repr__(self) -> str:
        return brief_repr(
            self,
            id=self.id,
            person_id=self.person_id,
            instrument=self.instrument,
            time_point=self.time_point,
        )


class OutcomeStatus(enum.StrEnum):
    """What a person is doing at a follow-up: the categories programs report on."""

    WORK = "work"
    EDUCATION = "education"
    INTERNSHIP = "internship"
    TRAINING = "training"
    JOB_SEEKING = "job seeking"
    NONE = "none"
    UNKNOWN = "unknown"

    @property
    def is_positive(self) -> bool:
        """Whether this counts as "into work, education or internship" (training included)."""
        return self in _POSITIVE


_POSITIVE = frozenset(
    {OutcomeStatus.WORK, OutcomeStatus.EDUCATION, OutcomeStatus.INTERNSHIP, OutcomeStatus.TRAINING}
)


def _status(value: OutcomeStatus | str) -> OutcomeStatus:
    return to_enum(OutcomeStatus, value)


@record
@attrs.frozen
class Outcome(Displayable):
    """A person's status on a day (in work, in education, ...), as recorded at a follow-up.

    >>> import datetime as dt
    >>> Outcome("o1", "y01", dt.date(2027, 8, 1), "education").status.is_positive
    True
    """

    id: str = attrs.field(validator=identifier())
    person_id: str = attrs.field(validator=identifier())
    on: dt.date = attrs.field(validator=a_date())
    status: OutcomeStatus = attrs.field(converter=_status)
