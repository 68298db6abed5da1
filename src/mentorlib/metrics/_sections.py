"""The sections of :func:`~mentorlib.metrics.program_report`, one function each.

Every section reads the program through :class:`ReportInputs` (the records read once) and adds
its rows to a :class:`Figures`, which applies the disclosure rules as it goes. The tables and
the notes are built here too; ``_report`` only calls them in order and renders the result.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import attrs
import numpy as np
import pandas as pd

from mentorlib.model import ProgramData, ReferralOutcome

from ._adherence import Adherence, _adherence, _attainment, _meeting_rows, _MeetingRows
from ._breakdown import AGE_BANDS, _mentee_frame, cross_table
from ._change import Change, assessment_change
from ._common import MatchArrays, add_months, match_arrays
from ._disclosure import CellStatus, suppress
from ._instruments import INSTRUMENTS, ItemScale, score_assessments
from ._proportions import Proportion, outcome_proportion
from ._survival import _bands, _early, _reasons, kaplan_meier, retention
from ._value import _unit_cost_frame

__all__ = [
    "COLUMNS",
    "Figures",
    "ReportInputs",
    "cost_section",
    "instrument_sections",
    "match_section",
    "meeting_section",
    "notes",
    "outcome_section",
    "read_inputs",
    "referral_section",
    "tables",
    "target_section",
]

COLUMNS = ["section", "figure", "value", "lower", "upper", "target", "unit", "suppressed"]

_ACCEPTED = (ReferralOutcome.ACCEPTED, ReferralOutcome.MATCHED)


class Figures:
    """The report's rows as they are added, each hidden when it rests on too few people."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.rows: list[dict[str, object]] = []

    def small(self, count: float) -> bool:
        """Whether a count of people is one to hide: from 1 to ``threshold - 1``."""
        return 0 < count < self.threshold

    def add(
        self,
        section: str,
        figure: str,
        value: float,
        *,
        unit: str,
        lower: float = math.nan,
        upper: float = math.nan,
        target: float = math.nan,
        hide: bool = False,
    ) -> None:
        """Add a row; a hidden one keeps its target but not its value or interval."""
        self.rows.append(
            {
                "section": section,
                "figure": figure,
                "value": math.nan if hide else float(value),
                "lower": math.nan if hide else float(lower),
                "upper": math.nan if hide else float(upper),
                "target": float(target),
                "unit": unit,
                "suppressed": hide,
            }
        )

    def count(self, section: str, figure: str, value: int, *, target: float = math.nan) -> None:
        """Add a count of people, hidden when it is small."""
        self.add(section, figure, value, unit="count", target=target, hide=self.small(value))

    def group(self, section: str, total: tuple[str, int], parts: dict[str, int]) -> set[str]:
        """Add a total and the counts that add up to it, with secondary suppression.

        Without it a hidden part could be worked out as the total less the others. Returns
        the labels that are hidden.
        """
        table = pd.DataFrame({"n": [*parts.values()]}, index=[*parts])
        result = suppress(table, threshold=self.threshold)
        status = result.status["n"]
        hidden = {str(k) for k, v in status.items() if v != CellStatus.PUBLISHED.value}
        label, value = total
        self.add(section, label, value, unit="count", hide="Total" in hidden)
        for name, count in parts.items():
            self.add(section, name, count, unit="count", hide=name in hidden)
        shown_hidden = hidden - {"Total"}
        if "Total" in hidden:
            shown_hidden.add(label)
        return shown_hidden

    def share(self, section: str, figure: str, p: Proportion) -> None:
        """Add a share with its interval, hidden when its numerator or complement is small."""
        hide = self.small(p.successes) or self.small(p.total - p.successes)
        self.add(
            section,
            f"{figure} ({p.successes} of {p.total})" if not hide else figure,
            p.estimate,
            unit="share",
            lower=p.lower,
            upper=p.upper,
            hide=hide,
        )

    def frame(self) -> pd.DataFrame:
        """Return the rows as the report's ``figures`` frame."""
        frame = pd.DataFrame(self.rows, columns=COLUMNS)
        return frame.astype({"suppressed": bool})


@attrs.frozen(eq=False)
class ReportInputs:
    """The program and what several sections share, each record read once."""

    data: ProgramData
    day: dt.date
    confidence: float
    started: MatchArrays  # matches started by ``day``
    meetings: _MeetingRows  # their meetings, up to each match's cut-off
    adherence: Adherence
    matched: set[str]  # mentees in a started match


def read_inputs(data: ProgramData, day: dt.date, confidence: float) -> ReportInputs:
    """Read the matches and meetings once, for every section."""
    started = match_arrays(data.matches, as_of=day)
    meetings = _meeting_rows(started, data.meetings)
    adherence = _adherence(started, meetings)
    return ReportInputs(
        data, day, confidence, started, meetings, adherence, set(started.mentee_ids)
    )


def target_section(figures: Figures, inputs: ReportInputs) -> None:
    """Add "Targets": meetings held (and projected), mentees, mentors, gatherings, vs targets."""
    targets = _attainment(inputs.data, inputs.day, 56, inputs.started, inputs.meetings)
    target = targets["target"].to_dict()
    projected = targets["projected"].to_dict()
    achieved = targets["achieved"].to_dict()
    section = "Targets"
    figures.count(
        section, "meetings held", inputs.adherence.held, target=target.get("meetings", math.nan)
    )
    if not math.isnan(projected.get("meetings", math.nan)):
        figures.add(
            section,
            "meetings held, projected to the program's end",
            projected["meetings"],
            unit="count",
            target=target["meetings"],
        )
    figures.count(
        section, "mentees matched", len(inputs.matched), target=target.get("mentees", math.nan)
    )
    for name in ("mentors", "gatherings"):
        if name in target:
            figure = "mentors matched" if name == "mentors" else "gatherings held"
            figures.count(section, figure, int(achieved[name]), target=target[name])


def meeting_section(figures: Figures, inputs: ReportInputs) -> None:
    """Add "Meetings": planned, and held over planned, pooled and as a mean of match ratios."""
    adherence = inputs.adherence
    figures.count("Meetings", "meetings planned", adherence.planned)
    figures.add("Meetings", "held / planned, pooled", adherence.pooled, unit="share")
    figures.add(
        "Meetings", "held / planned, mean of match ratios", adherence.mean_of_ratios, unit="share"
    )


def match_section(figures: Figures, inputs: ReportInputs) -> None:
    """Add "Matches": started, closed, running; Kaplan–Meier duration, retention; early ends."""
    started, confidence = inputs.started, inputs.confidence
    closed = int(started.closed.sum())
    figures.group(
        "Matches",
        ("matches started", len(started)),
        {"matches closed": closed, "matches running": len(started) - closed},
    )
    curve = kaplan_meier(
        started.durations("months"), started.closed, confidence=confidence, unit="months"
    )
    low, high = curve.median_ci
    figures.add(
        "Matches",
        "median duration (Kaplan–Meier)",
        curve.median,
        unit="months",
        lower=low,
        upper=high,
    )
    for label, row in retention(curve, months=(3, 6, 12)).iterrows():
        figures.add(
            "Matches",
            f"still running at {label} (Kaplan–Meier)",
            row["survival"],
            unit="share",
            lower=row["lower"],
            upper=row["upper"],
        )
    figures.share("Matches", "closed before 3 months", _early(started, 3, confidence))


def outcome_section(figures: Figures, inputs: ReportInputs) -> None:
    """Add "Outcomes": shares of matched mentees, and of ended matches', into work or study."""
    started = inputs.started
    ended = {m for m, c in zip(started.mentee_ids, started.closed, strict=True) if c}
    for figure, people in (
        ("matched mentees into work, education or training", inputs.matched),
        ("mentees of ended matches into work, education or training", ended),
    ):
        share = outcome_proportion(
            inputs.data.outcomes, person_ids=people, as_of=inputs.day, confidence=inputs.confidence
        )
        figures.share("Outcomes", figure, share)


def instrument_sections(
    figures: Figures, inputs: ReportInputs, reliability: Mapping[str, float]
) -> list[str]:
    """Add a section per instrument anyone was scored on; return those whose change needs scipy.

    Each section has the people scored and the cases at baseline and at the end, then the
    change between them (:func:`_change_figures`).
    """
    assessments = [a for a in inputs.data.assessments if a.on <= inputs.day]
    missing: list[str] = []
    for name, instrument in INSTRUMENTS.items():
        scores = score_assessments(assessments, instrument)
        if scores.empty:
            continue
        section = f"Wellbeing and symptoms: {name}"
        for point in ("baseline", "end"):
            _time_point_figures(figures, section, scores, instrument, point)
        try:
            result = assessment_change(
                assessments,
                instrument,
                reliability=reliability.get(name),
                confidence=inputs.confidence,
            )
        except ImportError:  # scipy (t and noncentral t distributions) is not installed
            missing.append(name)
            continue
        _change_figures(figures, section, result, reliable=name in reliability)
    return missing


def _time_point_figures(
    figures: Figures, section: str, scores: pd.DataFrame, instrument: ItemScale, point: str
) -> None:
    """Add the people scored at one time point, those past the first cut-off, and the mean."""
    at = scores[scores["time_point"] == point].dropna(subset=["total"])
    if at.empty:
        return
    flag = instrument.cutoffs[0].name
    cases = int(at[flag].fillna(False).sum())
    hidden = figures.group(
        section,
        (f"scored at {point}", len(at)),
        {f"{flag} at {point}": cases, f"not {flag} at {point}": len(at) - cases},
    )
    figures.add(
        section,
        f"mean total at {point}",
        at["total"].mean(),
        unit="mean",
        hide=f"scored at {point}" in hidden,
    )


def _change_figures(figures: Figures, section: str, result: Change, *, reliable: bool) -> None:
    """Add the people with both assessments, their change, the t-test and the effect size.

    Reliable change is counted only with a reliability; the t-test and the effect size are
    left out when they rest on fewer people than the threshold.
    """
    pairs = len(result.per_person)
    if reliable:
        counts = result.counts
        figures.group(
            section,
            ("people with both assessments", pairs),
            {f"reliably {c}": int(counts[c]) for c in ("improved", "unchanged", "deteriorated")},
        )
        figures.count(
            section, "recovered (reliably improved, past the cut-off)", int(counts["recovered"])
        )
    else:
        figures.count(section, "people with both assessments", pairs)
    if figures.small(pairs):
        return
    t_test, effect = result.t_test, result.effect_size
    if t_test is not None:
        low, high = t_test.lower, t_test.upper
        mean = t_test.mean_difference
        figures.add(
            section, "mean change (end − baseline)", mean, unit="mean", lower=low, upper=high
        )
        figures.add(section, "paired t-test p", t_test.p_value, unit="p")
    if effect is not None:
        low, high = effect.lower, effect.upper
        figures.add(
            section, "effect size g_z (corrected d_z)", effect.g_z, unit="d", lower=low, upper=high
        )


def referral_section(figures: Figures, inputs: ReportInputs) -> None:
    """Add "Referrals": received, accepted (or matched) and not, and what partners committed."""
    referred = [r for r in inputs.data.referrals if r.referred_on <= inputs.day]
    if not referred:
        return
    accepted = sum(r.outcome in _ACCEPTED or (r.person_id in inputs.matched) for r in referred)
    figures.group(
        "Referrals",
        ("referrals received", len(referred)),
        {"referrals accepted": accepted, "referrals not accepted": len(referred) - accepted},
    )
    committed = sum(c.referrals for c in inputs.data.commitments)
    if committed:
        figures.count("Referrals", "referrals committed by partners", committed)


def cost_section(figures: Figures, inputs: ReportInputs, total_cost: float, currency: str) -> None:
    """Add "Cost": the program's cost per participant, per match and per meeting held."""
    costs = _unit_cost_frame(
        total_cost, currency, len(inputs.matched), len(inputs.started), inputs.adherence.held
    )
    for label, row in costs.iterrows():
        if label != "total":
            figures.add("Cost", f"cost {label}", row[f"cost ({currency})"], unit=currency)


def tables(inputs: ReportInputs, threshold: int) -> dict[str, pd.DataFrame]:
    """Return the published tables, each through primary and secondary suppression.

    A table with nothing to show (no mentees, no closure, no referral) is left out.
    """
    found: dict[str, pd.DataFrame] = {}
    people = _mentee_frame(inputs.data, inputs.day, AGE_BANDS, inputs.started)
    if not people.empty:
        found["Mentees by municipality and gender"] = cross_table(people, "municipality", "gender")
        waiting = people["matched"].map({True: "matched", False: "waiting"})
        found["Mentees by age band and matched"] = cross_table(
            people.assign(matched=waiting), "age_band", "matched"
        )
    reasons = _reasons(inputs.started).drop(columns="total")
    reasons = reasons.loc[reasons.sum(axis=1) > 0, reasons.sum(axis=0) > 0]
    if not reasons.empty:
        found["Closures by reason and who ended the match"] = reasons
    bands = _bands(inputs.started)[["matches"]]
    if bands["matches"].sum():
        found["Closed matches by duration"] = bands
    funnel = _funnel_table(inputs)
    if not funnel.empty:
        found["Referrals by partner and how far they went"] = funnel
    return {name: suppress(table, threshold=threshold).to_text() for name, table in found.items()}


_STAGES = [
    "not accepted",
    "accepted, not matched",
    "matched, under 6 months",
    "closed before 6 months",
    "running at 6 months",
]


def _funnel_table(inputs: ReportInputs) -> pd.DataFrame:
    """Referrals per partner by the furthest stage reached: disjoint, so the table adds up."""
    referrals = [r for r in inputs.data.referrals if r.referred_on <= inputs.day]
    if not referrals:
        return pd.DataFrame(index=pd.Index([], name="partner"))
    arrays = inputs.started
    first = arrays.first_matches()
    six = add_months(arrays.starts, 6)
    today = np.datetime64(inputs.day, "D")
    rows: dict[str, dict[str, int]] = {}
    for referral in referrals:
        counts = rows.setdefault(referral.partner, dict.fromkeys(_STAGES, 0))
        at = None if referral.person_id is None else first.get(referral.person_id)
        if at is None:
            counts[_STAGES[1] if referral.outcome in _ACCEPTED else _STAGES[0]] += 1
        elif six[at] > today:
            counts[_STAGES[2]] += 1
        elif arrays.closed[at] and arrays.ends[at] <= six[at]:
            counts[_STAGES[3]] += 1
        else:
            counts[_STAGES[4]] += 1
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=_STAGES).sort_index()
    frame.index.name = "partner"
    return frame.loc[:, frame.sum(axis=0) > 0]


def notes(threshold: int, confidence: float, missing: list[str]) -> tuple[str, ...]:
    """Return the report's notes: the disclosure rule, the conventions, what was left out."""
    level = f"{confidence * 100:g} %"
    found: tuple[str, ...] = (
        f"Counts of 1 to {threshold - 1} people are hidden (:), with further cells where "
        "needed so that no hidden count can be worked out from the totals.",
        "Meeting adherence pooled is all held over all planned; the mean of match ratios "
        "weighs each match the same.",
        "Durations are in calendar months from each match's start; Kaplan–Meier estimates "
        "count matches still running as censored, with exponential Greenwood "
        f"(log(-log)) {level} bands.",
        f"Shares have Wilson {level} intervals; an unknown outcome counts as not positive.",
    )
    if missing:
        found += (
            f"Change on {', '.join(missing)} is left out: it needs scipy (pip install scipy).",
        )
    return found
