"""Blackout calendars: public holidays with the Nordic eves, school holidays, custom ranges."""

from __future__ import annotations

import datetime as dt

import pytest

from mentorlib.model import DateRange, ValidationError
from mentorlib.scheduling import (
    Blackout,
    BlackoutCalendar,
    BlackoutKind,
    public_holidays,
    school_holidays,
)

D = dt.date


def reasons(calendar: BlackoutCalendar, day: dt.date) -> list[str]:
    return [b.reason for b in calendar.on(day)]


def test_sweden_closes_the_de_facto_eves() -> None:
    closed = public_holidays("SE", years=[2026, 2027])
    assert reasons(closed, D(2026, 6, 19)) == ["Midsummer Eve"]
    assert reasons(closed, D(2026, 12, 24)) == ["Christmas Eve"]
    assert reasons(closed, D(2026, 12, 31)) == ["New Year's Eve"]
    assert reasons(closed, D(2027, 6, 25)) == ["Midsummer Eve"]
    assert reasons(closed, D(2026, 6, 6)) == ["National Day"]
    plain = public_holidays("SE", years=[2026], eves=False)
    for day in (D(2026, 6, 19), D(2026, 12, 24), D(2026, 12, 31)):
        assert day not in plain


def test_denmark_closes_christmas_eve_from_the_optional_category_only() -> None:
    closed = public_holidays("DK", years=2026)
    assert reasons(closed, D(2026, 12, 24)) == ["Christmas Eve"]
    # The rest of the optional category stays open: Workers' Day, Constitution Day, NYE.
    for day in (D(2026, 5, 1), D(2026, 6, 5), D(2026, 12, 31)):
        assert day not in closed
    assert D(2026, 12, 24) not in public_holidays("DK", years=2026, eves=False)


def test_norway_christmas_eve_is_added_by_mentorlib_with_a_reason() -> None:
    closed = public_holidays("NO", years=[2026, 2027])
    (eve,) = closed.on(D(2026, 12, 24))
    assert eve.kind is BlackoutKind.PROGRAM
    assert eve.reason == "Christmas Eve"
    assert D(2027, 12, 24) in closed
    assert D(2026, 12, 24) not in public_holidays("NO", years=2026, eves=False)
    # Constitution Day and Easter Monday come from the holidays package.
    # (Whit Monday falls on it too; holidays 0.100 renamed it "Pentecost Monday".)
    assert reasons(closed, D(2027, 5, 17))[0] == "Constitution Day"
    assert len(reasons(closed, D(2027, 5, 17))) == 2
    assert reasons(closed, D(2027, 3, 29)) == ["Easter Monday"]


def test_finland_has_its_eves_as_public_holidays() -> None:
    closed = public_holidays("FI", years=2026, eves=False)
    assert reasons(closed, D(2026, 6, 19)) == ["Midsummer Eve"]
    assert reasons(closed, D(2026, 12, 24)) == ["Christmas Eve"]


def test_categories_can_be_chosen() -> None:
    bank = public_holidays("SE", years=2026, categories=["public", "bank"], eves=False)
    assert D(2026, 4, 30) in bank  # Walpurgis Night (from 2pm), a bank holiday
    with pytest.raises(ValidationError, match="field 'categories'"):
        public_holidays("SE", years=2026, categories=["bogus"])


@pytest.mark.parametrize("code", ["XX", "", "Norway"])
def test_unknown_country_codes_are_refused(code: str) -> None:
    with pytest.raises(ValidationError, match="BlackoutCalendar, field 'country'"):
        public_holidays(code, years=2026)


def test_a_country_without_holiday_data_is_refused_with_a_way_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import holidays

    def unknown(*args: object, **kwargs: object) -> None:
        raise NotImplementedError("Country AQ not available")

    monkeypatch.setattr(holidays, "country_holidays", unknown)
    with pytest.raises(ValidationError, match=r"no public holidays for 'AQ'.*school_holidays"):
        public_holidays("AQ", years=2026)


def test_years_are_required() -> None:
    with pytest.raises(ValidationError, match="field 'years'"):
        public_holidays("NO", years=[])


def test_school_holidays_and_custom_ranges() -> None:
    closed = school_holidays(
        [
            DateRange(D(2026, 9, 28), D(2026, 10, 2), label="autumn break"),
            DateRange(D(2027, 2, 22), D(2027, 2, 26)),
        ]
    )
    assert [str(b) for b in closed] == [
        "2026-09-28..2026-10-02 autumn break (school holiday)",
        "2027-02-22..2027-02-26 school holiday (school holiday)",
    ]
    retreat = school_holidays([DateRange(D(2026, 11, 6), D(2026, 11, 8))], kind="program")
    assert [b.kind for b in retreat] == [BlackoutKind.PROGRAM]
    both = closed | retreat | BlackoutCalendar([Blackout(D(2026, 10, 1), D(2026, 10, 1), "x")])
    assert len(both) == 4
    assert reasons(both, D(2026, 10, 1)) == ["autumn break", "x"]
    with pytest.raises(ValidationError, match="wrap one in a list"):
        school_holidays(DateRange(D(2026, 9, 28), D(2026, 10, 2)))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="expected a DateRange or a Blackout"):
        school_holidays(["2026-09-28"])  # type: ignore[list-item]


def test_a_blackout_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError, match="Blackout, field 'end': ends on 2026-01-01"):
        Blackout(D(2026, 1, 2), D(2026, 1, 1), "oops")
    with pytest.raises(ValidationError, match="field 'reason'"):
        Blackout(D(2026, 1, 1), D(2026, 1, 1), " ")
    with pytest.raises(ValidationError, match="field 'start'"):
        Blackout(dt.datetime(2026, 1, 1), D(2026, 1, 1), "x")  # type: ignore[arg-type]
    kinds = "'public holiday', 'school holiday', 'program', 'personal'"
    with pytest.raises(
        ValidationError,
        match=f"^Blackout, field 'kind': 'holiday' is not a BlackoutKind; use one of {kinds}$",
    ):
        Blackout(D(2026, 1, 1), D(2026, 1, 1), "x", "holiday")
    with pytest.raises(
        ValidationError,
        match=f"^BlackoutCalendar, field 'kind': 'x' is not a BlackoutKind; use one of {kinds}$",
    ):
        school_holidays([], kind="x")
    with pytest.raises(ValidationError, match="expected a Blackout"):
        BlackoutCalendar([DateRange(D(2026, 1, 1), D(2026, 1, 2))])  # type: ignore[list-item]


def test_calendars_compare_and_show_by_value() -> None:
    a = public_holidays("NO", years=2026)
    assert a == public_holidays("NO", years=[2026])
    assert hash(a) == hash(public_holidays("NO", years=2026))
    assert repr(a).startswith("BlackoutCalendar(13 blackouts: 2026-01-01 New Year's Day")
