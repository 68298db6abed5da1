"""VTIMEZONE: right for every instant of a file's span, in the shapes every client reads."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil import rrule
from sched_helpers import components

from mentorlib.scheduling._vtimezone import transitions, vtimezone

UTC = dt.UTC
ZONES = [
    "Europe/Oslo",
    "Europe/Stockholm",
    "Europe/Copenhagen",
    "Europe/Helsinki",
    "Europe/Dublin",
    "America/New_York",
    "America/Santiago",
    "Australia/Sydney",
    "Pacific/Chatham",
    "Africa/Casablanca",
    "Asia/Tokyo",
    "UTC",
]
FIRST = dt.datetime(2026, 8, 1, tzinfo=UTC)
LAST = dt.datetime(2028, 8, 1, tzinfo=UTC)


def offset(text: str) -> dt.timedelta:
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    minutes = int(digits[:2]) * 60 + int(digits[2:4])
    return sign * dt.timedelta(minutes=minutes)


def onsets(zone_lines: list[str]) -> list[tuple[dt.datetime, dt.timedelta]]:
    """Evaluate a VTIMEZONE by hand: every onset (in UTC) with the offset it brings."""
    found = []
    for kind in ("STANDARD", "DAYLIGHT"):
        for observance in components(zone_lines, kind):
            fields = dict(line.split(":", 1) for line in observance)
            assert "RDATE" not in fields
            start = dt.datetime.strptime(fields["DTSTART"], "%Y%m%dT%H%M%S")
            before, after = offset(fields["TZOFFSETFROM"]), offset(fields["TZOFFSETTO"])
            if "RRULE" in fields:
                rule = rrule.rrulestr(fields["RRULE"].replace("Z", ""), dtstart=start)
                local = list(rule.between(start, dt.datetime(2031, 1, 1), inc=True))
            else:
                local = [start]
            found += [((t - before).replace(tzinfo=UTC), after) for t in local]
    return sorted(found)


def offset_at(table: list[tuple[dt.datetime, dt.timedelta]], moment: dt.datetime) -> dt.timedelta:
    current = None
    for onset, value in table:
        if onset <= moment:
            current = value
        else:
            break
    assert current is not None, f"no observance before {moment}"
    return current


def instants(tzid: str) -> list[dt.datetime]:
    """Every 31 hours of the span (all hours of the day), and each transition ± a minute."""
    moments = []
    moment = FIRST
    while moment <= LAST:
        moments.append(moment)
        moment += dt.timedelta(hours=31)
    for instant, *_ in transitions(tzid, FIRST.date(), LAST.date()):
        moments += [instant - dt.timedelta(minutes=1), instant, instant + dt.timedelta(minutes=1)]
    return moments


@pytest.mark.parametrize("tzid", ZONES)
def test_the_vtimezone_gives_the_iana_offset_at_every_instant_of_the_span(tzid: str) -> None:
    component = vtimezone(tzid, FIRST, LAST)
    text = component.to_ical().decode()
    lines = text.replace("\r\n ", "").split("\r\n")
    assert "RDATE" not in text
    table = onsets(lines)
    zone = ZoneInfo(tzid)
    # icalendar (through dateutil) reads it as a client would, under a name it cannot look up.
    component["TZID"] = "X-Renamed"
    parsed = component.to_tz()
    for moment in instants(tzid):
        expected = moment.astimezone(zone).utcoffset()
        assert offset_at(table, moment) == expected, moment
        assert moment.astimezone(parsed).utcoffset() == expected, moment


def test_nordic_zones_use_one_yearly_rule_per_observance() -> None:
    for tzid in ZONES[:4]:
        text = vtimezone(tzid, FIRST, LAST).to_ical().decode()
        assert text.count("BEGIN:STANDARD") == 1 and text.count("BEGIN:DAYLIGHT") == 1
        assert text.count("RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=") == 2


def test_a_zone_that_stops_its_rule_gets_until_in_utc() -> None:
    # Brazil ended daylight saving time in 2019: a yearly rule with UNTIL, then a fixed offset.
    text = (
        vtimezone(
            "America/Sao_Paulo",
            dt.datetime(2018, 6, 1, tzinfo=UTC),
            dt.datetime(2020, 6, 1, tzinfo=UTC),
        )
        .to_ical()
        .decode()
    )
    lines = text.replace("\r\n ", "").split("\r\n")
    rules = [line for line in lines if line.startswith("RRULE")]
    assert rules and all(re.search(r"UNTIL=\d{8}T\d{6}Z;", r) for r in rules)
    table = onsets(lines)
    zone = ZoneInfo("America/Sao_Paulo")
    for moment in (dt.datetime(2018, 12, 1, tzinfo=UTC), dt.datetime(2020, 1, 1, tzinfo=UTC)):
        assert offset_at(table, moment) == moment.astimezone(zone).utcoffset()


def test_observance_onsets_are_in_the_offset_before_the_change() -> None:
    text = vtimezone("Europe/Oslo", FIRST, LAST).to_ical().decode()
    assert "DTSTART:20250330T020000" in text  # 02:00 CET, clocks go forward to 03:00
    assert "DTSTART:20251026T030000" in text  # 03:00 CEST, clocks go back to 02:00
    assert icalendar.Timezone.from_ical(text).tz_name == "Europe/Oslo"
