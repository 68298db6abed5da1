"""Metrics on DataFrames: the same results as on records, and bad rows named.

A frame is what ``Roster.to_frame()`` gives for the records, or the same columns read back from a
CSV export. Every calculator that takes matches, meetings, referrals or commitments must give
exactly what it gives on the records, and a bad cell must raise a ValidationError naming the
row's id and the column.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from zoneinfo import ZoneInfo

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import strategies
from mentorlib import DuplicateIdError, ValidationError, metrics, samples
from mentorlib.metrics import Adherence, Proportion, SurvivalCurve
from mentorlib.model import Closure, Match, Meeting, Referral, Roster

OSLO = ZoneInfo("Europe/Oslo")
AS_OF = dt.date(2027, 8, 16)


def _csv(frame: pd.DataFrame) -> pd.DataFrame:
    """Write a frame as a CSV export and read it back as an analyst would: every cell text."""
    return pd.read_csv(io.StringIO(frame.to_csv()), dtype=str, keep_default_na=False)


def _same(ours: object, theirs: object) -> None:
    """Assert two results are identical, ``nan`` equal to ``nan``."""
    assert type(ours) is type(theirs)
    if isinstance(ours, pd.DataFrame):
        pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
    elif isinstance(ours, SurvivalCurve):
        assert isinstance(theirs, SurvivalCurve)
        pd.testing.assert_frame_equal(ours.table, theirs.table, check_exact=True)
        assert (ours.unit, ours.confidence) == (theirs.unit, theirs.confidence)
    elif isinstance(ours, Adherence):
        assert isinstance(theirs, Adherence)
        pd.testing.assert_frame_equal(ours.per_match, theirs.per_match, check_exact=True)
        assert ours.as_of == theirs.as_of
    elif isinstance(ours, Proportion):
        pairs = zip(attrs.astuple(ours), attrs.astuple(theirs), strict=True)
        assert all(a == b or (a != a and b != b) for a, b in pairs), (ours, theirs)
    else:  # pragma: no cover - every result type is listed above
        raise AssertionError(type(ours))


def _match_metrics(matches: object, as_of: dt.date) -> list[object]:
    return [
        metrics.match_survival(matches, as_of=as_of),
        metrics.match_survival(matches, as_of=as_of, unit="days"),
        metrics.retention(matches, as_of=as_of),
        metrics.duration_bands(matches, as_of=as_of),
        metrics.early_closure(matches, as_of=as_of),
        metrics.closure_reasons(matches, as_of=as_of),
    ]


def _check_all(matches, meetings, as_of, matches_frame, meetings_frame):
    for ours, theirs in zip(
        _match_metrics(matches_frame, as_of), _match_metrics(matches, as_of), strict=True
    ):
        _same(ours, theirs)
    _same(
        metrics.meeting_adherence(matches_frame, meetings_frame, as_of=as_of),
        metrics.meeting_adherence(matches, meetings, as_of=as_of),
    )


# -- the same results ----------------------------------------------------------------------------

SAMPLES = [
    pytest.param(lambda: samples.vinn_vinn(seed=0), AS_OF, id="vinn-vinn-0"),
    pytest.param(lambda: samples.vinn_vinn(seed=7), dt.date(2027, 3, 1), id="vinn-vinn-7-mid"),
    pytest.param(
        lambda: samples.program(seed=3, mentees=120, mentors=90, country="SE"),
        None,
        id="program-se",
    ),
    pytest.param(
        lambda: samples.program(seed=5, mentees=80, mentors=30, places=6, country="DK"),
        None,
        id="program-dk-places",
    ),
]


def _last_day(data) -> dt.date:
    return max(m.closure.on if m.closure else m.started_on for m in data.matches)


@pytest.mark.parametrize(("make", "as_of"), SAMPLES)
def test_sample_programs_give_the_same_figures_from_frames_and_from_csv(make, as_of):
    data = make()
    day = as_of or _last_day(data)
    matches, meetings = data.matches.to_frame(), data.meetings.to_frame()
    _check_all(data.matches, data.meetings, day, matches, meetings)
    _check_all(data.matches, data.meetings, day, _csv(matches), _csv(meetings))
    referrals, commitments = data.referrals.to_frame(), data.commitments.to_frame()
    funnel = metrics.referral_funnel(data, as_of=day)
    promised = metrics.commitment_attainment(data, as_of=day)
    _same(metrics.referral_funnel(data.referrals, data.matches, as_of=day), funnel)
    _same(metrics.commitment_attainment(data.commitments, data.referrals, as_of=day), promised)
    for referrals_in, matches_in, commitments_in in (
        (referrals, matches, commitments),
        (_csv(referrals), _csv(matches), _csv(commitments)),
    ):
        _same(metrics.referral_funnel(referrals_in, matches_in, as_of=day), funnel)
        _same(metrics.commitment_attainment(commitments_in, referrals_in, as_of=day), promised)


def test_records_and_frames_mix_and_extra_columns_are_ignored():
    data = samples.vinn_vinn(seed=0)
    matches = data.matches.to_frame().assign(site="Oslo", note="=HYPERLINK()")
    meetings = data.meetings.to_frame().reset_index()  # id as a column rather than the index
    _same(
        metrics.meeting_adherence(matches, data.meetings, as_of=AS_OF),
        metrics.meeting_adherence(data.matches, data.meetings, as_of=AS_OF),
    )
    _same(
        metrics.meeting_adherence(data.matches, meetings, as_of=AS_OF),
        metrics.meeting_adherence(data.matches, data.meetings, as_of=AS_OF),
    )


def test_a_subset_of_the_matches_counts_only_their_meetings():
    data = samples.vinn_vinn(seed=0)
    frame = data.matches.to_frame()
    some = frame[frame["mentor_id"] < "m20"]
    chosen = data.matches.filter(lambda m: m.mentor_id < "m20")
    _same(
        metrics.meeting_adherence(some, data.meetings.to_frame(), as_of=AS_OF),
        metrics.meeting_adherence(chosen, data.meetings, as_of=AS_OF),
    )


def test_parsed_dates_and_naive_starts_give_the_same_figures():
    data = samples.vinn_vinn(seed=0)
    matches = data.matches.to_frame()
    for column in ("started_on", "closure.on"):
        matches[column] = pd.to_datetime(matches[column])  # read_csv(parse_dates=...)
    meetings = data.meetings.to_frame()
    # Naive local wall-clock times, as a coordinator's export without a zone has them.
    meetings["start"] = meetings["start"].dt.tz_localize(None)
    _check_all(data.matches, data.meetings, AS_OF, matches, meetings)


def test_an_empty_frame_is_no_matches():
    for ours, theirs in zip(
        _match_metrics(pd.DataFrame(), AS_OF), _match_metrics([], AS_OF), strict=True
    ):
        _same(ours, theirs)
    _same(
        metrics.meeting_adherence(Roster([]).to_frame(), pd.DataFrame(), as_of=AS_OF),
        metrics.meeting_adherence([], [], as_of=AS_OF),
    )


def test_a_frame_without_closed_matches_needs_no_closure_columns():
    data = samples.vinn_vinn(seed=0)
    running = data.matches.filter(lambda m: m.closure is None)
    frame = running.to_frame()
    assert "closure.on" not in frame.columns  # to_frame leaves them out when no match closed
    for ours, theirs in zip(
        _match_metrics(frame, AS_OF), _match_metrics(running, AS_OF), strict=True
    ):
        _same(ours, theirs)


# -- time zones ----------------------------------------------------------------------------------


def _late_meeting():
    match = Match("x1", "y1", "m1", dt.date(2026, 8, 3)).close(
        Closure(dt.date(2026, 8, 31), "completed", "both")
    )
    # 23:30 in Oslo on 31 August is 21:30 UTC the same day; 00:30 on 1 September in Oslo is
    # 22:30 UTC on 31 August.
    inside = dt.datetime(2026, 8, 31, 23, 30, tzinfo=OSLO)
    after = dt.datetime(2026, 9, 1, 0, 30, tzinfo=OSLO)
    meetings = [
        Meeting("x1-1", "x1", inside, inside + dt.timedelta(minutes=20), status="held"),
        Meeting("x1-2", "x1", after, after + dt.timedelta(minutes=20), status="held"),
    ]
    return [match], meetings


def test_a_meeting_is_dated_by_its_local_day_aware_or_naive():
    matches, meetings = _late_meeting()
    expected = metrics.meeting_adherence(matches, meetings, as_of=AS_OF)
    assert expected.held == 1  # the meeting on 1 September is after the closure
    frame = Roster(meetings).to_frame()
    naive = frame.assign(start=frame["start"].dt.tz_localize(None))
    text = frame.assign(start=[m.start.isoformat() for m in meetings])
    for meetings_frame in (frame, naive, text):
        _same(metrics.meeting_adherence(matches, meetings_frame, as_of=AS_OF), expected)


def test_a_start_converted_to_utc_is_dated_by_the_utc_day_as_the_records_are():
    matches, meetings = _late_meeting()
    in_utc = [attrs.evolve(m, start=m.start.astimezone(dt.UTC)) for m in meetings]
    in_utc = [attrs.evolve(m, end=m.start + dt.timedelta(minutes=20)) for m in in_utc]
    expected = metrics.meeting_adherence(matches, in_utc, as_of=AS_OF)
    assert expected.held == 2  # both fall on 31 August in UTC
    frame = Roster(meetings).to_frame()
    frame["start"] = frame["start"].dt.tz_convert("UTC")
    _same(metrics.meeting_adherence(matches, frame, as_of=AS_OF), expected)


def test_starts_in_several_zones_are_each_dated_in_their_own_zone():
    matches, meetings = _late_meeting()
    second = meetings[1]
    helsinki = second.start.astimezone(ZoneInfo("Europe/Helsinki"))  # 01:30, 1 September
    mixed = [meetings[0], attrs.evolve(second, start=helsinki, end=second.end)]
    frame = Roster(mixed).to_frame()
    assert frame["start"].dtype == object  # zones differ: pandas keeps the datetimes
    _same(
        metrics.meeting_adherence(matches, frame, as_of=AS_OF),
        metrics.meeting_adherence(matches, mixed, as_of=AS_OF),
    )


# -- property: records -> to_frame -> metric == records -> metric --------------------------------


@st.composite
def _histories(draw):
    """Matches with distinct ids, meetings of those matches, and a day to measure on."""
    people = ("y1", "y2", "y3")
    hosts = ("m1", "m2")
    drawn = draw(st.lists(strategies.matches(people, hosts), max_size=6))
    matches = [attrs.evolve(m, id=f"x{k}") for k, m in enumerate(drawn)]
    match_ids = tuple(m.id for m in matches) or ("x0",)
    drawn_meetings = draw(st.lists(strategies.meetings(match_ids), max_size=8))
    ids = [f"x-{k}" for k in range(len(drawn_meetings))]
    meetings = []
    for own, m in zip(ids, drawn_meetings, strict=True):
        others = [i for i in ids if i != own]
        # Point some moved meetings at another meeting that exists.
        moved_to = draw(st.sampled_from(others)) if m.moved_to is not None and others else None
        meetings.append(attrs.evolve(m, id=own, moved_to=moved_to))
    referrals = draw(st.lists(strategies.referrals(people), max_size=5))
    referrals = [attrs.evolve(r, id=f"r{k}") for k, r in enumerate(referrals)]
    commitments = draw(st.lists(strategies.commitments(), max_size=3))
    commitments = [attrs.evolve(c, id=f"k{k}") for k, c in enumerate(commitments)]
    return matches, meetings, referrals, commitments, draw(strategies.dates())


@given(_histories())
def test_property_frames_give_the_same_figures_as_records(history):
    matches, meetings, referrals, commitments, as_of = history
    frames = [Roster(r).to_frame() for r in (matches, meetings, referrals, commitments)]
    for matches_frame, meetings_frame, referrals_frame, commitments_frame in (
        frames,
        [_csv(f) for f in frames],
    ):
        _check_all(matches, meetings, as_of, matches_frame, meetings_frame)
        _same(
            metrics.referral_funnel(referrals_frame, matches_frame, as_of=as_of),
            metrics.referral_funnel(referrals, matches, as_of=as_of),
        )
        _same(
            metrics.commitment_attainment(commitments_frame, referrals_frame, as_of=as_of),
            metrics.commitment_attainment(commitments, referrals, as_of=as_of),
        )


# -- bad frames ----------------------------------------------------------------------------------


def _matches() -> pd.DataFrame:
    return samples.vinn_vinn(seed=0).matches.to_frame()


def _meetings() -> pd.DataFrame:
    return samples.vinn_vinn(seed=0).meetings.to_frame()


def _set(frame: pd.DataFrame, row: str, column: str, value: object) -> pd.DataFrame:
    frame = frame.astype({column: object})
    frame.loc[row, column] = value
    return frame


def _with_ids(frame: pd.DataFrame, ids: list[object]) -> pd.DataFrame:
    frame = frame.reset_index()
    frame["id"] = ids
    return frame


# x02 is closed (started 2026-09-24), x01 is running.
BAD_MATCHES = [
    pytest.param(
        lambda f: f.drop(columns="started_on"), None, "started_on", "no column 'started_on'",
        id="missing-column",
    ),
    pytest.param(
        lambda f: f.reset_index(drop=True), None, "id", "no column 'id'", id="no-id",
    ),
    pytest.param(
        lambda f: _set(f, "x02", "started_on", pd.NaT), "x02", "started_on", "empty",
        id="nat-start",
    ),
    pytest.param(
        lambda f: _set(f, "x02", "started_on", ""), "x02", "started_on", "empty",
        id="blank-start",
    ),
    pytest.param(
        lambda f: _set(f, "x02", "closure.on", dt.date(2026, 9, 1)), "x02", "closure.on",
        "2026-09-01 is before the match started on 2026-09-24", id="closed-before-start",
    ),
    pytest.param(
        lambda f: _set(f, "x02", "started_on", "next week"), "x02", "started_on",
        "'next week' is not a date", id="text-in-date",
    ),
    pytest.param(
        lambda f: _set(f, "x02", "closure.on", "16.10.2026"), "x02", "closure.on",
        "'16.10.2026' is not a date; write days as YYYY-MM-DD", id="nordic-date",
    ),
    pytest.param(
        lambda f: _set(f, "x02", "started_on", 46000), "x02", "started_on",
        "expected a date, got int 46000", id="excel-serial",
    ),
    pytest.param(
        lambda f: _set(f, "x02", "started_on", pd.Timestamp("2026-09-24 10:00")),
        "x02", "started_on", "has a time of day", id="time-in-date",
    ),
    pytest.param(
        lambda f: f.assign(started_on=pd.to_datetime(f["started_on"]).dt.tz_localize("UTC")),
        "x01", "started_on", "has a time zone", id="zone-in-date",
    ),
    pytest.param(
        lambda f: _set(f, "x02", "closure.reason", "=cmd|' /C calc'!A0"), "x02",
        "closure.reason", "\"=cmd|' /C calc'!A0\" is not a ClosureReason", id="formula-reason",
    ),
    pytest.param(
        lambda f: _set(f, "x02", "closure.ended_by", "the mentee"), "x02", "closure.ended_by",
        "'the mentee' is not a Party", id="unknown-party",
    ),
    pytest.param(
        lambda f: _set(f, "x02", "status", "Closed"), "x02", "status",
        "'Closed' is not a MatchStatus", id="status-case",
    ),
    pytest.param(
        lambda f: _set(f, "x02", "closure.reason", None), "x02", "closure.reason",
        "a closed match needs a closure", id="closed-without-reason",
    ),
    pytest.param(
        lambda f: f.drop(columns=["closure.on"]), "x02", "closure.on",
        "the frame has no column 'closure.on'", id="closed-without-closure-column",
    ),
    pytest.param(
        lambda f: _set(f, "x01", "closure.on", dt.date(2027, 1, 1)), "x01", "closure.on",
        "only a closed match has a closure; its status is 'active'", id="running-with-closure",
    ),
    pytest.param(
        lambda f: _set(f, "x02", "mentee_id", " e32"), "x02", "mentee_id",
        "' e32' is not an id", id="id-with-space",
    ),
    pytest.param(
        lambda f: _set(f, "x02", "mentor_id", 42), "x02", "mentor_id",
        "expected text, got int 42", id="number-as-id",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("spoil", "row", "column", "message"), BAD_MATCHES)
def test_a_bad_matches_frame_names_the_row_and_the_column(spoil, row, column, message):
    frame = spoil(_matches())
    for calculator in (metrics.match_survival, metrics.closure_reasons, metrics.duration_bands):
        with pytest.raises(ValidationError) as caught:
            calculator(frame, as_of=AS_OF)
        error = caught.value
        assert (error.record, error.record_id, error.field) == ("Match", row, column)
        assert message in str(error)


def test_duplicate_ids_are_refused_naming_the_id():
    frame = _with_ids(_matches(), ["x01", "x02", "x03", "x02", *[f"z{k}" for k in range(48)]])
    with pytest.raises(DuplicateIdError) as caught:
        metrics.duration_bands(frame, as_of=AS_OF)
    assert (caught.value.record_id, caught.value.field) == ("x02", "id")
    assert "positions 1 and 3" in str(caught.value)


def test_a_bad_id_cell_is_named_by_its_position():
    frame = _with_ids(_matches(), [*[f"z{k}" for k in range(10)], None, *range(41)])
    with pytest.raises(ValidationError, match="the row at position 10: the cell is empty"):
        metrics.duration_bands(frame, as_of=AS_OF)
    frame = _with_ids(_matches(), list(range(52)))
    with pytest.raises(ValidationError, match=r"position 0: expected text, got int 0.*dtype=str"):
        metrics.duration_bands(frame, as_of=AS_OF)


BAD_MEETINGS = [
    pytest.param(lambda f: f.drop(columns="match_id"), None, "match_id", "no column", id="missing"),
    pytest.param(
        lambda f: _set(f, "x01-02", "start", pd.NaT), "x01-02", "start", "empty", id="nat",
    ),
    pytest.param(
        lambda f: _set(f, "x01-02", "start", "tomorrow at five"), "x01-02", "start",
        "'tomorrow at five' is not a date and time", id="text-start",
    ),
    pytest.param(
        lambda f: _set(f, "x01-02", "status", "done"), "x01-02", "status",
        "'done' is not a MeetingStatus", id="unknown-status",
    ),
    pytest.param(
        lambda f: _set(f, "x01-02", "moved_to", "x01-03"), "x01-02", "moved_to",
        "only a moved meeting says where it moved to; its status is 'held'", id="stray-moved-to",
    ),
    pytest.param(
        lambda f: _set(f, "x01-14", "moved_to", "x01-14"), "x01-14", "moved_to",
        "a meeting cannot be moved to itself", id="moved-to-itself",
    ),
    pytest.param(
        lambda f: f.drop(columns="moved_to"), "x01-14", "moved_to",
        "a moved meeting needs a moved_to column", id="moved-without-column",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("spoil", "row", "column", "message"), BAD_MEETINGS)
def test_a_bad_meetings_frame_names_the_row_and_the_column(spoil, row, column, message):
    frame = spoil(_meetings())
    with pytest.raises(ValidationError) as caught:
        metrics.meeting_adherence(_matches(), frame, as_of=AS_OF)
    error = caught.value
    assert (error.record, error.record_id, error.field) == ("Meeting", row, column)
    assert message in str(error)


def test_no_row_is_dropped_for_being_bad():
    # A bad row among good ones is refused, whichever calculator reads it, never skipped.
    frame = _set(_matches(), "x40", "started_on", "2026-02-30")
    with pytest.raises(ValidationError, match="'2026-02-30' is not a date") as caught:
        metrics.early_closure(frame, as_of=AS_OF)
    assert caught.value.record_id == "x40"


def test_retention_reads_a_frame_or_a_curve():
    frame = _matches()
    curve = metrics.match_survival(frame, as_of=AS_OF)
    _same(metrics.retention(frame, as_of=AS_OF), metrics.retention(curve))
    assert math.isclose(metrics.retention(curve).loc["3 months", "survival"], 0.654, abs_tol=5e-4)
    with pytest.raises(ValidationError, match="as_of"):
        metrics.retention(frame)


def _is_id(text: str) -> bool:
    """The model's rule for an id: one printable line without surrounding spaces."""
    return text != "" and text == text.strip() and text.isprintable()


def _id_frames(texts: list[str]) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Matches and meetings frames with ``texts`` in one id column each, by column name."""
    start = dt.datetime(2026, 3, 2, 17, tzinfo=OSLO)
    size = len(texts)
    matches = Roster([Match(f"x{k}", "y1", "m1", dt.date(2026, 3, 2)) for k in range(size)])
    meetings = Roster(
        [Meeting(f"x{k}-1", f"x{k}", start, start + dt.timedelta(hours=1)) for k in range(size)]
    )
    found = {}
    for column in ("match id", "mentee_id", "meeting id", "match_id"):
        match_frame, meeting_frame = matches.to_frame(), meetings.to_frame()
        if column == "match id":
            match_frame = match_frame.reset_index().assign(id=texts)
        elif column == "mentee_id":
            match_frame = match_frame.assign(mentee_id=texts)
        elif column == "meeting id":
            meeting_frame = meeting_frame.reset_index().assign(id=texts)
        else:
            meeting_frame = meeting_frame.assign(match_id=texts)
        found[column] = (match_frame, meeting_frame)
    return found


@given(st.lists(st.text(max_size=4), min_size=1, max_size=6, unique=True))
def test_property_an_id_column_takes_exactly_the_ids_the_records_take(texts):
    # Frames check all the ids of a column at once; this checks that they refuse exactly the
    # ids the records refuse, and name the same row: the first empty cell, else the first
    # text that is not an id.
    empty = [k for k, text in enumerate(texts) if text == ""]
    refused = empty or [k for k, text in enumerate(texts) if not _is_id(text)]
    for column, (matches, meetings) in _id_frames(texts).items():
        if not refused:
            metrics.meeting_adherence(matches, meetings, as_of=AS_OF)
            continue
        with pytest.raises(ValidationError) as caught:
            metrics.meeting_adherence(matches, meetings, as_of=AS_OF)
        error = caught.value
        assert error.field == column.removeprefix("match ").removeprefix("meeting ")
        assert ("the cell is empty" if empty else "is not an id") in str(error)
        row = refused[0]
        if column.endswith(" id"):
            assert f"the row at position {row}:" in str(error)
        else:
            assert error.record_id == (f"x{row}" if column == "mentee_id" else f"x{row}-1")


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("x  01", True),  # two spaces inside: an id (the quick check defers to the slow one)
        ("Åse/2", True),
        ("møte 3", True),
        ("x1\u00a0", False),  # a no-break space at the end
        ("\u2028x1", False),  # a line separator
        ("x\t1", False),
        (" ", False),
    ],
)
def test_ids_beyond_ascii_and_with_inner_spaces(text, valid):
    texts = ["x0", text, "x2"]
    for matches, meetings in _id_frames(texts).values():
        if valid:
            adherence = metrics.meeting_adherence(matches, meetings, as_of=AS_OF)
            assert adherence.planned in (2, 3)  # a renamed match id leaves its meeting out
        else:
            with pytest.raises(ValidationError, match="is not an id"):
                metrics.meeting_adherence(matches, meetings, as_of=AS_OF)


# pandas before 3.1 codes a column of text only up to each cell's first NUL character
# (pandas-dev/pandas#34551): without a guard, "held\x00" would be read as "held" and two
# partners would be counted as one.
NUL_CELLS = [
    pytest.param(
        lambda: _set(_meetings(), "x01-02", "status", "held\x00x"), "Meeting", "x01-02",
        "status", "'held\\x00x' is not a MeetingStatus", id="status",
    ),
    pytest.param(
        lambda: _set(_meetings(), "x01-02", "match_id", "x01\x00"), "Meeting", "x01-02",
        "match_id", "'x01\\x00' is not an id", id="match-id",
    ),
    pytest.param(
        lambda: _set(_matches(), "x02", "status", "closed\x00"), "Match", "x02", "status",
        "is not a MatchStatus", id="match-status",
    ),
    pytest.param(
        lambda: _set(_matches(), "x02", "closure.on", "2026-10-16\x00"), "Match", "x02",
        "closure.on", "is not a date", id="day",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("spoil", "record", "row", "column", "message"), NUL_CELLS)
def test_a_cell_with_a_nul_character_is_refused_not_read_as_its_start(
    spoil, record, row, column, message
):
    frame = spoil()
    matches, meetings = (frame, _meetings()) if record == "Match" else (_matches(), frame)
    with pytest.raises(ValidationError) as caught:
        metrics.meeting_adherence(matches, meetings, as_of=AS_OF)
    error = caught.value
    assert (error.record, error.record_id, error.field) == (record, row, column)
    assert message in str(error)


@pytest.mark.parametrize("bad", ["\x00 (copy)", "\x01", "\ud800"])
def test_a_partner_with_a_control_character_is_refused_as_a_referral_refuses_it(bad):
    """Frames refuse the text records refuse; and a NUL is not read as the end of the text."""
    frame = _referrals()
    partner = frame["partner"].iloc[0]
    with pytest.raises(ValidationError):
        Referral("r", partner + bad, AS_OF)
    frame = _set(frame, frame.index[1], "partner", partner + bad)
    frame = frame.assign(partner=frame["partner"].astype(object))
    with pytest.raises(ValidationError) as caught:
        metrics.referral_funnel(frame, _matches(), as_of=AS_OF)
    error = caught.value
    assert (error.record, error.record_id, error.field) == ("Referral", frame.index[1], "partner")
    assert "U+00" in str(error) or "U+D800" in str(error)


def test_a_commitments_partner_with_a_nul_is_refused_as_a_commitment_refuses_it():
    data = samples.vinn_vinn(seed=0)
    frame = data.commitments.to_frame().astype({"partner": object})
    frame.iloc[0, frame.columns.get_loc("partner")] = "Kommune\x00"
    with pytest.raises(ValidationError) as caught:
        metrics.commitment_attainment(frame, data.referrals, as_of=AS_OF)
    assert (caught.value.record_id, caught.value.field) == (frame.index[0], "partner")


def test_starts_around_the_summer_time_change_are_dated_by_their_local_day():
    # 23:30 and 00:30 local either side of both changes; the frame's column is zone-aware and
    # its distinct instants are put on the wall clock once each.
    match = Match("x1", "y1", "m1", dt.date(2026, 3, 1))
    starts = [
        dt.datetime(2026, month, day, hour, 30, tzinfo=OSLO)
        for month, days in ((3, (28, 29, 30)), (10, (24, 25, 26)))
        for day in days
        for hour in (0, 23)
    ]
    meetings = [
        Meeting(f"x1-{k}", "x1", start, start + dt.timedelta(minutes=20), status="held")
        for k, start in enumerate(starts * 2)  # each start twice
    ]
    frame = Roster(meetings).to_frame()
    assert str(frame["start"].dtype) == "datetime64[ns, Europe/Oslo]"
    for as_of in (dt.date(2026, 3, 29), dt.date(2026, 10, 25), dt.date(2026, 10, 26)):
        expected = metrics.meeting_adherence([match], meetings, as_of=as_of)
        _same(metrics.meeting_adherence([match], frame, as_of=as_of), expected)


def test_days_as_numpy_datetime64_cells_are_read():
    data = samples.vinn_vinn(seed=0)
    frame = data.matches.to_frame()
    frame["started_on"] = [np.datetime64(d, "D") for d in frame["started_on"]]
    frame["started_on"] = frame["started_on"].astype(object)
    _same(
        metrics.duration_bands(frame, as_of=AS_OF),
        metrics.duration_bands(data.matches, as_of=AS_OF),
    )


# -- referrals and commitments -------------------------------------------------------------------


def _referrals() -> pd.DataFrame:
    return samples.vinn_vinn(seed=0).referrals.to_frame()


def _commitments() -> pd.DataFrame:
    return samples.vinn_vinn(seed=0).commitments.to_frame()


def test_a_formula_like_partner_passes_through_as_text():
    frame = _set(_referrals(), "r001", "partner", "=cmd|' /C calc'!A0")
    funnel = metrics.referral_funnel(frame, _matches(), as_of=AS_OF)
    assert funnel.loc["=cmd|' /C calc'!A0", "referred"] == 1
    assert funnel.loc["total", "referred"] == len(frame)


BAD_REFERRALS = [
    pytest.param(
        lambda f: f.drop(columns="person_id"), None, "person_id", "no column", id="missing",
    ),
    pytest.param(
        lambda f: _set(f, "r002", "referred_on", "spring"), "r002", "referred_on",
        "'spring' is not a date", id="text-date",
    ),
    pytest.param(
        lambda f: _set(f, "r002", "outcome", "Matched"), "r002", "outcome",
        "'Matched' is not a ReferralOutcome", id="outcome-case",
    ),
    pytest.param(
        lambda f: _set(f, "r002", "partner", "   "), "r002", "partner", "blank", id="blank-partner",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("spoil", "row", "column", "message"), BAD_REFERRALS)
def test_a_bad_referrals_frame_names_the_row_and_the_column(spoil, row, column, message):
    frame = spoil(_referrals())
    for call in (
        lambda: metrics.referral_funnel(frame, _matches(), as_of=AS_OF),
        lambda: metrics.commitment_attainment(_commitments(), frame, as_of=AS_OF),
    ):
        with pytest.raises(ValidationError) as caught:
            call()
        error = caught.value
        assert (error.record, error.record_id, error.field) == ("Referral", row, column)
        assert message in str(error)


BAD_COMMITMENTS = [
    pytest.param(
        lambda f: _set(f, "k2", "referrals", -3), "k2", "referrals",
        "expected a whole number of at least 0, got int -3", id="negative",
    ),
    pytest.param(
        lambda f: _set(f, "k2", "referrals", 12.5), "k2", "referrals",
        "got float 12.5", id="fraction",
    ),
    pytest.param(
        lambda f: _set(f, "k2", "ends_on", dt.date(2024, 1, 1)), "k2", "ends_on",
        "ends on 2024-01-01, before it starts on 2025-07-13", id="ends-before-start",
    ),
    pytest.param(
        lambda f: f.reset_index().assign(id=["k1", "k1"]), "k1", "id",
        "more than one row", id="duplicate-id",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("spoil", "row", "column", "message"), BAD_COMMITMENTS)
def test_a_bad_commitments_frame_names_the_row_and_the_column(spoil, row, column, message):
    with pytest.raises(ValidationError) as caught:
        metrics.commitment_attainment(spoil(_commitments()), _referrals(), as_of=AS_OF)
    error = caught.value
    assert (error.record, error.record_id, error.field) == ("Commitment", row, column)
    assert message in str(error)


def test_the_funnel_takes_a_program_alone_or_collections_with_as_of():
    data = samples.vinn_vinn(seed=0)
    with pytest.raises(ValidationError, match="pass a ProgramData alone"):
        metrics.referral_funnel(data, data.matches.to_frame())
    with pytest.raises(ValidationError, match="pass matches too"):
        metrics.referral_funnel(_referrals(), as_of=AS_OF)
    with pytest.raises(ValidationError, match="pass as_of="):
        metrics.referral_funnel(_referrals(), _matches())
    with pytest.raises(ValidationError, match="pass referrals too"):
        metrics.commitment_attainment(_commitments(), as_of=AS_OF)
    with pytest.raises(ValidationError, match="pass as_of="):
        metrics.commitment_attainment(_commitments(), _referrals())
