"""The program report as a whole: no count it hides follows from the figures and tables it shows.

Tables are suppressed together with the figures that restate their cells and margins, and the
Kaplan–Meier shares with the counts they give away, so a reader cannot subtract one published
number from another to find a hidden one. Counts that are part of others (a share's people
among those matched, the recovered among the reliably improved) bound them, and a figure that
is a function of counts (a mean of ratios, a retention not known yet) is hidden with them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from mentorlib import metrics, samples
from mentorlib.model import (
    Assessment,
    Closure,
    Match,
    Meeting,
    Mentee,
    Mentor,
    Outcome,
    Program,
    ProgramData,
    Referral,
)

THRESHOLD = 5
PROGRAM = Program("p1", "Test", country="NO")
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


def _twenty_of_23_matched(*, outcomes: bool = False) -> ProgramData:
    """23 mentees in two age bands, 20 matched (10 of each band) and 3 waiting.

    With ``outcomes``, every matched mentee has one: into work or still seeking, in turn.
    """
    start = dt.date(2026, 9, 1)
    mentees, mentors, matches, found = [], [], [], []
    births = [dt.date(2010, 1, 1)] * 12 + [dt.date(2005, 1, 1)] * 11
    matched = [j < 10 for j in range(12)] + [j < 10 for j in range(11)]
    for k, (birth, is_matched) in enumerate(zip(births, matched, strict=True)):
        mentees.append(Mentee(f"y{k:02d}", f"Y{k}", birth_date=birth))
        if is_matched:
            mentors.append(Mentor(f"m{k:02d}", f"M{k}"))
            matches.append(Match(f"x{k:02d}", f"y{k:02d}", f"m{k:02d}", started_on=start))
            status = "work" if k % 2 else "job seeking"
            found.append(Outcome(f"o{k:02d}", f"y{k:02d}", dt.date(2027, 2, 1), status))
    return ProgramData(
        PROGRAM,
        mentees=mentees,
        mentors=mentors,
        matches=matches,
        outcomes=found if outcomes else (),
    )


def test_report_mentees_matched_figure_does_not_reveal_hidden_waiting_total():
    """The "mentees matched" figure must not undo the suppression of the age-band table.

    23 mentees, 20 matched and 3 waiting. "Mentees by age band and matched" hides the column
    totals "matched" (20, secondary) and "waiting" (3, primary) and publishes the grand total
    23; were "mentees matched" = 20 published too, waiting = 23 − 20 = 3.
    """
    report = metrics.program_report(_twenty_of_23_matched(), as_of=dt.date(2027, 3, 1))
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


# -- counts a share, a mean of ratios, a subset or an unknown retention gives away ------------


def _of(row) -> tuple[int, int] | None:
    """The "(k of n)" a published share shows, or None."""
    found = re.search(r"\((\d+) of (\d+)\)$", str(row["figure"]))
    return None if found is None else (int(found.group(1)), int(found.group(2)))


def test_matched_mentees_outcome_share_gives_away_hidden_waiting_count():
    """The outcome share's "(k of n)" counts matched mentees: it must not undo their hiding.

    23 mentees, 20 matched (one match each) and 3 waiting; every matched mentee has an
    outcome. The report hides "mentees matched" and the age-band table's "matched" and
    "waiting" totals, and publishes the grand total 23 and "matches started" 20. The share
    "matched mentees into work ... (k of n)" counts matched mentees with an outcome, so
    n <= mentees matched <= matches started (a match has one mentee): with n = 20 the reader
    gets mentees matched = 20 and waiting = 23 - 20 = 3, a hidden count of fewer than 5.
    A user expects the share to be hidden (or the counts kept) so that waiting stays covered.
    """
    data = _twenty_of_23_matched(outcomes=True)
    report = metrics.program_report(data, as_of=dt.date(2027, 3, 1))
    table = report.tables["Mentees by age band and matched"]
    assert table.loc["Total", "waiting"] == ":"
    grand = table.loc["Total", "Total"]
    started = _figure(report, "matches started")
    shown = _of(_figure(report, "matched mentees into work"))
    if shown is not None and not started["suppressed"] and grand != ":":
        lowest = int(grand) - int(started["value"])  # mentees matched <= matches started
        highest = int(grand) - shown[1]  # mentees matched >= n
        assert highest - lowest >= THRESHOLD, (
            f"hidden 'waiting' total is between {lowest} and {highest}: the share's n = "
            f"{shown[1]} and matches started = {started['value']:.0f} give it away"
        )


def test_ended_matches_outcome_share_gives_away_hidden_running_count():
    """ "mentees of ended matches ... (k of n)" must not reveal how many matches still run.

    15 one-to-one matches, 12 closed after seven months, 3 running; everyone has an outcome.
    The report hides "matches closed" (12) and "matches running" (3) and publishes "matches
    started" 15. The share over mentees of ended matches publishes n = 12; each of them has a
    closed match, so matches closed >= 12 and matches running <= 15 - 12 = 3 (and = 3 when, as
    usual, a mentee has one match). A user expects the hidden running count to stay covered.
    """
    start = dt.date(2026, 1, 5)
    mentees = [Mentee(f"y{i:02d}", f"Y{i}") for i in range(15)]
    mentors = [Mentor(f"m{i:02d}", f"M{i}") for i in range(15)]
    matches = []
    for i in range(15):
        match = Match(f"x{i:02d}", f"y{i:02d}", f"m{i:02d}", started_on=start)
        if i < 12:
            match = match.close(Closure(dt.date(2026, 8, 5), "lost contact", ended_by="mentee"))
        matches.append(match)
    outcomes = [
        Outcome(f"o{i}", f"y{i:02d}", dt.date(2027, 1, 1), "job seeking") for i in range(15)
    ]
    data = ProgramData(
        PROGRAM, mentees=mentees, mentors=mentors, matches=matches, outcomes=outcomes
    )
    report = metrics.program_report(data, as_of=dt.date(2027, 3, 1))
    running = _figure(report, "matches running")
    started = _figure(report, "matches started")
    shown = _of(_figure(report, "mentees of ended matches"))
    assert running["suppressed"]
    if shown is not None and not started["suppressed"]:
        at_most = int(started["value"]) - shown[1]
        assert at_most >= THRESHOLD, (
            f"hidden 'matches running' is at most {at_most}: matches started "
            f"{started['value']:.0f} less the {shown[1]} mentees of ended matches"
        )


def test_sample_at_threshold_2_ended_mentees_share_restates_hidden_closed_count():
    """The bundled sample at threshold=2: a hidden "matches closed" is shown as a share's n.

    With threshold=2 the report hides "matches closed" (24), the closure table's grand total
    and the duration table's total, but "mentees of ended matches ... (15 of 24)" publishes
    24 mentees of ended matches: at least 24 closed matches. With the retention at 6 months
    and the duration table this pins the hidden "3–6 months" cell and the totals exactly.
    """
    data = samples.vinn_vinn(seed=0)
    report = metrics.program_report(data, threshold=2)
    closed = _figure(report, "matches closed")
    shown = _of(_figure(report, "mentees of ended matches"))
    true_closed = sum(
        1 for m in data.matches if m.closure is not None and m.closure.on <= report.as_of
    )
    if closed["suppressed"] and shown is not None:
        assert shown[1] != true_closed, (
            f"'matches closed' is hidden, but the ended-matches share publishes n = {shown[1]}, "
            "the same number of people"
        )


def test_mean_of_match_ratios_gives_away_hidden_meetings_held():
    """A hidden "meetings held" must not follow from "held / planned, mean of match ratios".

    Six matches starting together, each with ten meetings on the calendar; three were held.
    The report hides "meetings held" (3), the pooled ratio and the cost per meeting held, but
    publishes "meetings planned" (60) and the mean of match ratios (0.05). When every match
    has the same number planned (a cohort) the mean of ratios is the pooled ratio, and
    0.05 × 60 = 3. A user expects the mean of ratios hidden with the count it reveals.
    """
    oslo = ZoneInfo("Europe/Oslo")
    mentees = [Mentee(f"y{i}", f"Y{i}") for i in range(6)]
    mentors = [Mentor(f"m{i}", f"M{i}") for i in range(6)]
    matches = [Match(f"x{i}", f"y{i}", f"m{i}", started_on=dt.date(2026, 1, 5)) for i in range(6)]
    meetings = []
    for i in range(6):
        for w in range(10):
            day = dt.datetime(2026, 2, 2, 17, tzinfo=oslo) + dt.timedelta(weeks=w)
            status = "held" if (i == 0 and w < 3) else "cancelled"
            meetings.append(
                Meeting(f"x{i}-{w}", f"x{i}", day, day + dt.timedelta(hours=1), status=status)
            )
    data = ProgramData(
        PROGRAM, mentees=mentees, mentors=mentors, matches=matches, meetings=meetings
    )
    report = metrics.program_report(data, as_of=dt.date(2026, 6, 1))
    held = _figure(report, "meetings held")
    planned = _figure(report, "meetings planned")
    ratios = _figure(report, "held / planned, mean of match ratios")
    assert held["suppressed"]
    if not planned["suppressed"] and not ratios["suppressed"]:
        guess = ratios["value"] * planned["value"]
        assert not (abs(guess - round(guess)) < 1e-9 and 0 < round(guess) < THRESHOLD), (
            f"mean of match ratios {ratios['value']} × meetings planned "
            f"{planned['value']:.0f} = {guess:.0f} meetings held, a count the report hides"
        )


def _cries(total: int) -> list[int]:
    fives, rest = divmod(total, 5)
    assert rest == 0
    return [5] * fives + [0] * (8 - fives)


def test_recovered_count_narrows_hidden_reliably_deteriorated():
    """ "recovered" is part of "reliably improved": it must not pin the hidden deteriorated.

    20 people with both CRIES-8 forms: 6 reliably improved (all recovered), 12 unchanged, 2
    deteriorated. The report hides "reliably deteriorated" (2) and, to cover it, "reliably
    improved" (6), and publishes both = 20, unchanged = 12 and recovered = 6. Recovered people
    are reliably improved ones, so improved >= 6 and deteriorated = 20 - 12 - improved <= 2:
    the hidden count lies in 0..2, narrower than the threshold.
    """
    start = dt.date(2026, 1, 5)
    pairs = [(30, 5)] * 6 + [(10, 10)] * 12 + [(5, 30)] * 2
    mentees = [Mentee(f"y{i:02d}", f"Y{i}") for i in range(len(pairs))]
    mentors = [Mentor(f"m{i:02d}", f"M{i}") for i in range(len(pairs))]
    matches = [
        Match(f"x{i:02d}", f"y{i:02d}", f"m{i:02d}", started_on=start) for i in range(len(pairs))
    ]
    forms = []
    for i, (before, after) in enumerate(pairs):
        forms.append(
            Assessment(
                f"a{i}b", f"y{i:02d}", "CRIES-8", "baseline", dt.date(2026, 1, 10), _cries(before)
            )
        )
        forms.append(
            Assessment(
                f"a{i}e", f"y{i:02d}", "CRIES-8", "end", dt.date(2026, 12, 10), _cries(after)
            )
        )
    data = ProgramData(
        PROGRAM, mentees=mentees, mentors=mentors, matches=matches, assessments=forms
    )
    report = metrics.program_report(data, as_of=dt.date(2027, 1, 1), reliability={"CRIES-8": 0.84})
    section = report.figures[report.figures["section"] == "Wellbeing and symptoms: CRIES-8"]
    rows = section.set_index("figure")
    assert rows.loc["reliably deteriorated", "suppressed"]
    improved, unchanged = rows.loc["reliably improved"], rows.loc["reliably unchanged"]
    both = rows.loc["people with both assessments"]
    recovered = rows.loc["recovered (reliably improved, past the cut-off)"]
    if improved["suppressed"] and not (
        unchanged["suppressed"] or both["suppressed"] or recovered["suppressed"]
    ):
        at_most = both["value"] - unchanged["value"] - recovered["value"]
        assert at_most >= THRESHOLD, (
            f"hidden 'reliably deteriorated' is at most {at_most:.0f}: people with both "
            f"{both['value']:.0f} − unchanged {unchanged['value']:.0f} − recovered "
            f"{recovered['value']:.0f} (recovered people are reliably improved)"
        )


def test_unknown_retention_at_12_months_gives_away_hidden_12_month_band():
    """A retention shown as "not known yet" tells that no match lasted 12 months.

    In the bundled sample the report hides the duration table's "≥ 12 months" cell (0,
    secondary), while "still running at 12 months" is published as nan, unsuppressed:
    retention gives nan past the longest follow-up, so no match, closed or running, has reached
    12 months, and the hidden band is 0 exactly. A hidden count must not be recoverable, nor
    should a zero be hidden to protect others when the report itself gives it away.
    """
    report = metrics.program_report(samples.vinn_vinn(seed=0))
    table = report.tables["Closed matches by duration"]
    at_12 = _figure(report, "still running at 12 months")
    if table.loc["≥ 12 months", "matches"] == ":":
        assert not (not at_12["suppressed"] and math.isnan(at_12["value"])), (
            "the '≥ 12 months' cell is hidden, but a published unknown (nan) retention at "
            "12 months says no match has lasted that long: the cell is 0"
        )


def test_referral_partner_named_total_does_not_break_the_report():
    """A referral partner called "Total" (free text) must not make the report fail.

    The margins of the referral table are labelled "Total" too, so the partner's row is
    overwritten by the column sums and the suppression finds that the table does not add up:
    program_report raises ValidationError. (The same failure existed before 29440d4.)
    """
    mentees = [Mentee(f"y{i}", f"Y{i}") for i in range(12)]
    referrals = [
        Referral(
            f"r{i}",
            "Total" if i % 2 else "NAV",
            dt.date(2026, 1, 1),
            person_id=f"y{i}",
            outcome="accepted" if i % 3 else "declined",
        )
        for i in range(12)
    ]
    data = ProgramData(PROGRAM, mentees=mentees, referrals=referrals)
    report = metrics.program_report(data, as_of=dt.date(2026, 6, 1), threshold=3)
    assert _figure(report, "referrals received")["value"] == 12
    table = report.tables["Referrals by partner and how far they went"]
    assert list(table.index) == ["NAV", "“Total”", "Total"]


# -- a reader's differencing attack on random small programs ----------------------------------


def _known(report: metrics.Report) -> tuple[dict[str, int | None], list[tuple[str, list[str]]]]:
    """Return what a reader sees (None where hidden) and the sums they know, as names."""
    seen: dict[str, int | None] = {}
    sums: list[tuple[str, list[str]]] = []
    for _, row in report.figures.iterrows():
        name = re.sub(r" \(\d+ of \d+\)$", "", row["figure"])
        if row["unit"] == "count":
            seen[name] = None if row["suppressed"] else int(row["value"])
        shown = re.search(r"\((\d+) of (\d+)\)$", row["figure"])
        if shown:  # a hidden share hides no count of its own: it may rest on a small complement
            seen[f"{name}, numerator"] = int(shown.group(1))
            seen[f"{name}, total"] = int(shown.group(2))
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


_MATCHED = "matched mentees into work, education or training"
_ENDED = "mentees of ended matches into work, education or training"


def _reader_bounds(report: metrics.Report) -> dict[str, tuple[float, float]]:
    """Return a reader's interval of each hidden count: linear programming (scipy's HiGHS).

    Besides the sums of :func:`_known`, the reader knows which counts are part of others: a
    share's people are among those matched (of a closed match, among the matches closed) and
    its numerator among its total, a mentee matched has a match; and a retention not known yet
    at *t* months says that no match has lasted *t* months.
    """
    seen, sums = _known(report)
    at_most = [
        (f"{_MATCHED}, total", "mentees matched"),
        (f"{_ENDED}, total", "matches closed"),
        (f"{_ENDED}, total", f"{_MATCHED}, total"),
        (f"{_ENDED}, numerator", f"{_MATCHED}, numerator"),
        ("mentees matched", "matches started"),
    ]
    at_most += [(f"{s}, numerator", f"{s}, total") for s in (_MATCHED, _ENDED)]
    zero = []
    bands = ["3–6 months", "6–12 months", "≥ 12 months"]
    for k, months in enumerate((3, 6, 12)):
        row = report.figures[report.figures["figure"] == f"still running at {months} months"]
        if len(row) == 1 and not row.iloc[0]["suppressed"] and math.isnan(row.iloc[0]["value"]):
            zero += [f"Closed matches by duration: {band}, matches" for band in bands[k:]]
    names = sorted(seen)
    position = {name: k for k, name in enumerate(names)}
    rows_eq, rows_ub = [], []
    for whole, parts in sums:
        row = np.zeros(len(names))
        for part in parts:
            row[position[part]] += 1
        row[position[whole]] -= 1
        rows_eq.append(row)
    for part, whole in at_most:
        if part in position and whole in position:
            row = np.zeros(len(names))
            row[position[part]], row[position[whole]] = 1, -1
            rows_ub.append(row)
    for name in zero:
        if name in position:
            row = np.zeros(len(names))
            row[position[name]] = 1
            rows_eq.append(row)
    fixed = [(v, v) if (v := seen[name]) is not None else (0, None) for name in names]
    found = {}
    for name in names:
        if seen[name] is not None:
            continue
        ends = []
        for sense in (1.0, -1.0):
            objective = np.zeros(len(names))
            objective[position[name]] = sense
            solved = linprog(
                objective,
                A_eq=np.array(rows_eq) if rows_eq else None,
                b_eq=np.zeros(len(rows_eq)) if rows_eq else None,
                A_ub=np.array(rows_ub) if rows_ub else None,
                b_ub=np.zeros(len(rows_ub)) if rows_ub else None,
                bounds=fixed,
                method="highs",
            )
            if solved.status == 3:  # unbounded
                ends.append(math.inf)
            else:
                assert solved.status == 0, solved.message
                ends.append(sense * solved.fun)
        found[name] = (math.ceil(ends[0] - 1e-6), math.floor(min(ends[1], 1e9) + 1e-6))
    return found


@settings(max_examples=30, deadline=None)
@given(
    closures=st.lists(st.one_of(st.none(), st.integers(10, 480)), min_size=1, max_size=16),
    waiting=st.integers(0, 6),
    young=st.lists(st.booleans(), min_size=22, max_size=22),
    statuses=st.lists(st.one_of(st.none(), st.booleans()), min_size=16, max_size=16),
)
def test_no_hidden_count_follows_from_published_ones(closures, waiting, young, statuses):
    """On random small programs no hidden count follows from published ones, nor is narrowed.

    The reader subtracts published parts from published totals, and then solves linear
    programs with the sums and the bounds they know (:func:`_reader_bounds`): a hidden count
    of 1 to 4 keeps a range of at least 5, any other hidden count is not pinned down.
    """
    closed = {
        i: START + dt.timedelta(days=days) for i, days in enumerate(closures) if days is not None
    }
    data = _program_with_closures(len(closures), closed)
    births = [dt.date(2010 if y else 2004, 3, 1) for y in young]
    mentees = [
        Mentee(m.id, m.display_name, birth_date=births[k]) for k, m in enumerate(data.mentees)
    ]
    mentees += [Mentee(f"w{k}", f"W{k}", birth_date=births[-1 - k]) for k in range(waiting)]
    outcomes = [
        Outcome(f"o{k}", m.id, dt.date(2027, 1, 1), "work" if status else "job seeking")
        for k, (m, status) in enumerate(zip(data.mentees, statuses, strict=False))
        if status is not None
    ]
    data = ProgramData(
        data.program,
        mentees=mentees,
        mentors=data.mentors,
        matches=data.matches,
        outcomes=outcomes,
    )
    report = metrics.program_report(data, as_of=AS_OF)
    assert _differencing(report) == []
    truth, _ = _known(metrics.program_report(data, as_of=AS_OF, threshold=1))
    for name, (low, high) in _reader_bounds(report).items():
        value = truth[name]
        assert value is not None and low <= value <= high, (name, value, low, high)
        need = THRESHOLD if 0 < value < THRESHOLD else 1
        assert high - low >= need, f"hidden {name} = {value} lies in {low}..{high}"
