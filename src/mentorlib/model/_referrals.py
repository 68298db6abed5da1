"""Referrals from partners (municipalities, services) and what each partner committed to."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from ._display import Displayable
from ._errors import ValidationError
from ._validators import (
    a_date,
    identifier,
    integer,
    optional,
    plain_int,
    record,
    text,
    to_enum,
)

__all__ = ["Commitment", "Referral", "ReferralOutcome"]


class ReferralOutcome(enum.StrEnum):
    """Where a referral stands: pending, accepted into the program, declined, matched, withdrawn."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    MATCHED = "matched"
    WITHDRAWN = "withdrawn"


def _outcome(value: ReferralOutcome | str) -> ReferralOutcome:
    return to_enum(ReferralOutcome, value)


@record
@attrs.frozen
class Referral(Displayable):
    """A person referred to the program by a ``partner`` (a municipality or another service).

    ``person_id`` links to the mentee once the person is registered. The referral holds no reason
    for referral: that is case data.

    >>> import datetime as dt
    >>> Referral("r1", "Trondheim kommune", dt.date(2026, 3, 2), outcome="accepted",
    ...          decided_on=dt.date(2026, 3, 20)).outcome
    <ReferralOutcome.ACCEPTED: 'accepted'>
    """

    id: str = attrs.field(validator=identifier())
    partner: str = attrs.field(validator=text())
    referred_on: dt.date = attrs.field(validator=a_date())
    person_id: str | None = attrs.field(default=None, validator=optional(identifier()))
    outcome: ReferralOutcome = attrs.field(default=ReferralOutcome.PENDING, converter=_outcome)
    decided_on: dt.date | None = attrs.field(default=None, validator=optional(a_date()))

    def __attrs_post_init__(self) -> None:
        if self.decided_on is not None and self.decided_on < self.referred_on:
            raise ValidationError(
                f"decided on {self.decided_on}, before the referral on {self.referred_on}",
                record="Referral",
                record_id=self.id,
                field="decided_on",
            )


@record
@attrs.frozen
class Commitment(Displayable):
    """A partner's promise to refer ``referrals`` people between ``starts_on`` and ``ends_on``.

    >>> import datetime as dt
    >>> Commitment("k1", "Aarhus Kommune", 25, dt.date(2026, 1, 1), dt.date(2026, 12, 31)).referrals
    25
    """

    id: str = attrs.field(validator=identifier())
    partner: str = attrs.field(validator=text())
    referrals: int = attrs.field(converter=plain_int, validator=integer(0))
    starts_on: dt.date = attrs.field(validator=a_date())
    ends_on: dt.date = attrs.field(validator=a_date())

    def __attrs_post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValidationError(
                f"ends on {self.ends_on}, before it starts on {self.starts_on}",
                record="Commitment",
                record_id=self.id,
                field="ends_on",
            )
