"""The program report as a whole: no count it hides follows from the figures and tables it shows.

Tables are suppressed together with the figures that restate their cells and margins, and the
Kaplan–Meier shares with the counts they give away, so a reader cannot subtract one published
number from another to find a hidden one.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlib import metrics
from mentorlib.model import Closure, Match, Mentee, Mentor, Program, ProgramData

THRESHOLD = 5
START = dt.date(2026, 1, 5)
AS_OF = dt.date(2027, 3, 1)


def _program_with_closures(n: int, closed_on: dict[int, dt.date], **mentee_fields) -> ProgramData:
    """``n`` one-to-one matches started 2026-01-05; match ``i`` closed on ``closed_on[i]``."""
    mentees = [Mentee(f"y{i:02d}", f"Y{i}", **mentee_fields) for i in range(n)]
    mentors = [Mentor(f"m{i:02d}", f"M{i}") for i in range(n)]
    matches = []
    for i in range(n):
        match = Match(f"x{i:02d}", mentee_id=f"y{i:02d}", mentor_id=f"m{i:02d}", started_on=START)
        if i in closed_on:
            match = match.close(Closure(closed_on[i], "lost contact", ended_by="coordinator"))
        matches.append(match)
    return ProgramData(
        Program("p1", "Test", country="NO"), mentees=mentees, mentors=mentors, matches=matches
    )


def _figure(report: metrics.Report, prefix: str):
    rows = report.figures[report.figures["figure"].str.startswith(prefix)]
    assert len(rows) == 1, f"one figure starting {prefix!r}"
    return rows.iloc[0]


def test_report_km_retention_does_not_reveal_a_suppressed_closed_count():
    """A suppressed "matches closed" must not be recoverable from the retention shares.

    Ten matches, three closed after a month, as_of more than a year later. The report hides
    "matches closed" (3) and "matches running" (7), and "closed before 3 months", because 3 is
    below the threshold. It publishes "matches started" = 10, so a Kaplan–Meier "still running
    at 3 months" of 70 %, with no censoring before 3 months, would give 10 × (1 − 0.70) = 3
    closed: a retention share is hidden when the matches closed by then, or those followed
    after it, are too few.
    """
    closed = dict.fromkeys(range(3), dt.date(2026, 2, 5))
    report = metrics.program_report(_program_with_closures(10, closed), as_of=AS_OF)
    assert bool(_figure(report, "matches closed")["suppressed"])
    started = _figure(report, "matches started")
    assert not bool(started["suppressed"])
    figures = report.figures
    retention = figures[figures["figure"].str.startswith("still running at")]
    for _, row in retention.iterrows():
        if row["suppressed"] or math.isnan(row["value"]):
            continue
        gone = started["value"] * (1 - row["value"])
        recovered = round(gone)
        assert not (abs(gone - recovered) < 1e-9 and 0 < recovered < THRESHOLD), (
            f"{row['figure']} = {row['value']:.3f} of {started['value']:.0f} matches started "
            f"gives away {recovered} closed matches, a count the report hides"
        )


def test_report_duration_band_hidden_in_table_is_not_published_as_a_figure():
    """A cell hidden in the duration table must not be given away by the report's figures.

    20 matches: 6 closed within 3 months, 3 between 3 and 6 months. Table by table, "Closed
    matches by duration" would hide "< 3 months" (secondary) and "3–6 months" (3, primary)
    and publish the total 9, while "closed before 3 months (6 of 20)" gives the first, so the
    hidden 3–6 band is 9 − 6 = 3 exactly. The report as a whole keeps every hidden count
    hidden (privacy.md: "no hidden count can be worked out ... from the published totals").
    """
    closed = {i: dt.date(2026, 2, 5) for i in range(6)}
    closed.update({i: dt.date(2026, 5, 20) for i in range(6, 9)})
    report = metrics.program_report(_program_with_closures(20, closed), as_of=AS_OF)
    table = report.tables["Closed matches by duration"]
    early = _figure(report, "closed before 3 months")
    if table.loc["< 3 months", "matches"] == ":" and not early["suppressed"]:
        published = re.search(r"\((\d+) of \d+\)", early["figure"])
        assert published is None, (
            f"the table hides '< 3 months' but the figure {early['figure']!r} publishes it; "
            f"with the table's total {table.loc['Total', 'matches']} the hidden 3–6 band follows"
        )
    assert table.loc["3–6 months", "matches"] == ":"


def test_report_mentees_matched_figure_does_not_reveal_hidden_waiting_total():
    """The "mentees matched" figure must not undo the suppression of the age-band table.

    23 mentees, 20 matched and 3 waiting. "Mentees by age band and matched" hides the column
    totals "matched" (20, secondary) and "waiting" (3, primary) and publishes the grand total
    23; were "mentees matched" = 20 published too, waiting = 23 − 20 = 3.
    """
    start = dt.date(2026, 9, 1)
    mentees, mentors, matches = [], [], []
    births = [dt.date(2010, 1, 1)] * 12 + [dt.date(2005, 1, 1)] * 11
    matched = [j < 10 for j in range(12)] + [j < 10 for j in range(11)]
    for k, (birth, is_matched) in enumerate(zip(births, matched, strict=True)):
        mentees.append(Mentee(f"y{k:02d}", f"Y{k}", birth_date=birth))
        if is_matched:
            mentors.append(Mentor(f"m{k:02d}", f"M{k}"))
            matches.append(Match(f"x{k:02d}", f"y{k:02d}", f"m{k:02d}", started_on=start))
    data = ProgramData(
        Program("p1", "Test", country="NO"), mentees=mentees, mentors=mentors, matches=matches
    )
    report = metrics.program_report(data, as_of=dt.date(2027, 3, 1))
    table = report.tables["Mentees by age band and matched"]
    figure = _figure(report, "mentees matched")
    grand = table.loc["Total", "Total"]
    assert table.loc["Total", "waiting"] == ":"
    if table.loc["Total", "matched"] == ":" and grand != ":" and not figure["suppressed"]:
        waiting = int(grand) - int(figure["value"])
        assert not 0 < waiting < THRESHOLD, (
            f"table total {grand} − mentees matched {figure['value']:.0f} gives the hidden "
            f"'waiting' total: {waiting}"
        )


# -- a reader's differencing attack on random small programs ----------------------------------


def _known(report: metrics.Report) -> tuple[dict[str, int | None], list[tuple[str, list[str]]]]:
    """Return what a reader sees (None where hidden) and the sums they know, as names."""
    seen: dict[str, int | None] = {}
    sums: list[tuple[str, list[str]]] = []
    for _, row in report.figures.iterrows():
        name = re.sub(r" \(\d+ of \d+\)$", "", row["figure"])
        if row["unit"] == "count":
            seen[name] = None if row["suppressed"] else int(row["value"])
        shown = re.search(r"\((\d+) of \d+\)$", row["figure"])
        if shown:  # a hidden share hides no count of its own: it may rest on a small complement
            seen[f"{name}, numerator"] = int(shown.group(1))
    for title, table in report.tables.items():
        for r in table.index:
            for c in table.columns:
                text = table.loc[r, c]
                seen[f"{title}: {r}, {c}"] = None if text == ":" else int(text)
        if "Total" in table.columns:
            for r in table.index:
                parts = [f"{title}: {r}, {c}" for c in table.columns if c != "Total"]
                sums.append((f"{title}: {r}, Total", parts))
        if "Total" in table.index:
            for c in table.columns:
                parts = [f"{title}: {r}, {c}" for r in table.index if r != "Total"]
                sums.append((f"{title}: Total, {c}", parts))
    sums.append(("matches started", ["matches closed", "matches running"]))
    ages, places = "Mentees by age band and matched", "Mentees by municipality and gender"
    duration = "Closed matches by duration"
    same = [
        (f"{duration}: Total, matches", "matches closed"),
        (f"{duration}: < 3 months, matches", "closed before 3 months, numerator"),
        ("Closures by reason and who ended the match: Total, Total", "matches closed"),
        (f"{ages}: Total, matched", "mentees matched"),
        (f"{ages}: Total, Total", f"{places}: Total, Total"),
    ]
    sums += [(a, [b]) for a, b in same if a in seen and b in seen]
    return seen, [(whole, parts) for whole, parts in sums if all(p in seen for p in parts)]


def _differencing(report: metrics.Report) -> list[str]:
    """Return the hidden counts a reader finds by adding and subtracting published ones."""
    seen, sums = _known(report)
    known = {k: v for k, v in seen.items() if v is not None}
    found = []
    changed = True
    while changed:
        changed = False
        for whole, parts in sums:
            members = [whole, *parts]
            unknown = [m for m in members if m not in known]
            if len(unknown) != 1:
                continue
            (name,) = unknown
            rest = sum(known[p] for p in parts if p != name)
            known[name] = known[whole] - rest if name != whole else rest
            found.append(f"{name} = {known[name]}")
            changed = True
    started = seen.get("matches started")
    retention = report.figures["figure"].str.startswith("still running at")
    for _, row in report.figures[retention & ~report.figures["suppressed"]].iterrows():
        if started is not None and not math.isnan(row["value"]):
            gone = started * (1 - row["value"])
            if abs(gone - round(gone)) < 1e-9 and 0 < round(gone) < report.threshold:
                found.append(f"{row['figure']}: {round(gone)} closed")
    return found


@settings(max_examples=30, deadline=None)
@given(
    closures=st.lists(st.one_of(st.none(), st.integers(10, 480)), min_size=1, max_size=16),
    waiting=st.integers(0, 6),
    young=st.lists(st.booleans(), min_size=22, max_size=22),
)
def test_no_hidden_count_follows_from_published_ones(closures, waiting, young):
    """On random small programs no hidden count is a published total less published parts."""
    closed = {
        i: START + dt.timedelta(days=days) for i, days in enumerate(closures) if days is not None
    }
    data = _program_with_closures(len(closures), closed)
    births = [dt.date(2010 if y else 2004, 3, 1) for y in young]
    mentees = [
        Mentee(m.id, m.display_name, birth_date=births[k]) for k, m in enumerate(data.mentees)
    ]
    mentees += [Mentee(f"w{k}", f"W{k}", birth_date=births[-1 - k]) for k in range(waiting)]
    data = ProgramData(data.program, mentees=mentees, mentors=data.mentors, matches=data.matches)
    report = metrics.program_report(data, as_of=AS_OF)
    assert _differencing(report) == []
