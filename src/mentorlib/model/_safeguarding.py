"""Safeguarding checks: the criminal-record certificates a volunteer working with minors holds."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from ._errors import ValidationError
from ._validators import a_date, optional, record, to_enum

__all__ = ["CheckKind", "SafeguardingCheck"]


class CheckKind(enum.StrEnum):
    """The kind of certificate, one per country.

    ``POLITIATTEST``
        Norway: a police certificate (barneomsorgsattest) under politiregisterloven § 39.
    ``BELASTNINGSREGISTERUTDRAG``
        Sweden: an extract from the police's criminal-records register (belastningsregistret).
    ``BORNEATTEST``
        Denmark: a child-protection certificate (børneattest) requested by the organisation.
    ``RIKOSTAUSTAOTE``
        Finland: a criminal-record extract for work with children (rikostaustaote).
    """

    POLITIATTEST = "politiattest"
    BELASTNINGSREGISTERUTDRAG = "belastningsregisterutdrag"
    BORNEATTEST = "børneattest"
    RIKOSTAUSTAOTE = "rikostaustaote"

    @property
    def country(self) -> str:
        """The ISO 3166-1 code of the country that issues this kind of certificate."""
        return _COUNTRY[self]


_COUNTRY = {
    CheckKind.POLITIATTEST: "NO",
    CheckKind.BELASTNINGSREGISTERUTDRAG: "SE",
    CheckKind.BORNEATTEST: "DK",
    CheckKind.RIKOSTAUSTAOTE: "FI",
}


def _check_kind(value: CheckKind | str) -> CheckKind:
    return to_enum(CheckKind, value)


@record
@attrs.frozen
class SafeguardingCheck:
    """A certificate a mentor holds: its kind, when it was issued and until when it is accepted.

    ``valid_until`` is the last day the program accepts the certificate (programs set their own
    rule, such as "issued within the last three months at start"); ``None`` means no end.

    >>> import datetime as dt
    >>> check = SafeguardingCheck("politiattest", dt.date(2026, 1, 10), dt.date(2027, 1, 9))
    >>> check.is_valid_on(dt.date(2026, 8, 17)), check.is_valid_on(dt.date(2027, 1, 10))
    (True, False)
    """

    kind: CheckKind = attrs.field(converter=_check_kind)
    issued: dt.date = attrs.field(validator=a_date())
    valid_until: dt.date | None = attrs.field(default=None, validator=optional(a_date()))

    def __attrs_post_init__(self) -> None:
        if self.valid_until is not None and self.valid_until < self.issued:
            raise ValidationError(
                f"valid until {self.valid_until}, before it was issued on {self.issued}",
                record="SafeguardingCheck",
                field="valid_until",
            )

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the certificate had been issued and had not yet lapsed on ``day``."""
        return self.issued <= day and (self.valid_until is None or day <= self.valid_until)

    def covers(self, start: dt.date, end: dt.date) -> bool:
        """Whether the certificate is valid on every day from ``start`` to ``end``."""
        return self.is_valid_on(start) and self.is_valid_on(end)

    def __str__(self) -> str:
        until = "" if self.valid_until is None else f" until {self.valid_until}"
        return f"{self.kind.value} {self.issued}{until}"
