"""The sections of :func:`~mentorlib.metrics.program_report`, one function each.

Every section reads the program through :class:`ReportInputs` (the records read once) and adds
its rows, and the counts they publish, to a :class:`Figures`; the tables are added to it too.
:meth:`Figures.published` then suppresses them all together. The notes are built here too;
``_report`` only calls them in order and renders the result.
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
from ._change import Change, _latest, assessment_change
from ._common import MatchArrays, add_months, match_arrays
from ._disclosure import (
    TOTAL,
    CellStatus,
    Relation,
    SuppressedTable,
    _protect,
    _relations,
    with_margins,
)
from ._instruments import INSTRUMENTS, ItemScale, score_assessments
from ._proportions import Proportion, outcome_proportion
from ._survival import DURATION_BANDS, _bands, _early, _reasons, kaplan_meier, retention
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
    """The report's rows and tables as they are added, and the counts they publish.

    Every count the report publishes (a figure, a share's numerator and total, a table's cell
    or margin) is one variable, however many rows show it; additive relations tie the
    variables (a group's parts to its total, a table's cells to its margins, published counts
    to the internal parts they are sums of), and bounds where some counts are part of another
    (:meth:`bound`: the people of a share are among those matched, a recovered person is
    among the reliably improved). :meth:`published` protects them all together,
    as :func:`suppress` protects one table, so that no hidden count can be worked out from
    every figure and table of the report; a row is hidden when any count it rests on is.
    """

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.rows: list[dict[str, object]] = []
        self._details: list[str] = []  # shown after the figure's name when it is published
        self._rests_on: list[list[int]] = []
        self._keys: dict[str, int] = {}
        self._values: list[int] = []
        self._internal: list[bool] = []
        self._margin: list[bool] = []
        self._relations: list[Relation] = []
        self._bounds: list[Relation] = []
        self._tables: dict[str, tuple[pd.DataFrame, list[int]]] = {}

    def small(self, count: float) -> bool:
        """Whether a count of people is one to hide: from 1 to ``threshold - 1``."""
        return 0 < count < self.threshold

    def variable(
        self, key: str, value: int, *, internal: bool = False, margin: bool = False
    ) -> int:
        """Return the index of the count named ``key``, added on first use."""
        if key not in self._keys:
            self._keys[key] = len(self._values)
            self._values.append(int(value))
            self._internal.append(internal)
            self._margin.append(False)
        index = self._keys[key]
        self._margin[index] |= margin
        return index

    def relate(self, parts: list[int], whole: int) -> None:
        """Record that the counts ``parts`` add up to the count ``whole``."""
        self._relations.append((parts, whole))

    def bound(self, parts: list[int], whole: int) -> None:
        """Record that the counts ``parts`` add up to at most the count ``whole``."""
        self._bounds.append((parts, whole))

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
        rests_on: list[int] | None = None,
        hide: bool = False,
        detail: str = "",
    ) -> None:
        """Add a row, hidden when ``hide`` or when a count it rests on is hidden."""
        self.rows.append(
            {
                "section": section,
                "figure": figure,
                "value": float(value),
                "lower": float(lower),
                "upper": float(upper),
                "target": float(target),
                "unit": unit,
                "suppressed": hide,
            }
        )
        self._details.append(detail)
        self._rests_on.append(rests_on or [])

    def count(
        self,
        section: str,
        figure: str,
        value: int,
        *,
        target: float = math.nan,
        key: str | None = None,
    ) -> int:
        """Add a count of people (``key`` names it where another row shows it too)."""
        index = self.variable(key or f"{section}: {figure}", value)
        self.add(section, figure, value, unit="count", target=target, rests_on=[index])
        return index

    def group(self, section: str, total: tuple[str, int], parts: dict[str, int]) -> list[int]:
        """Add a total and the counts that add up to it; return their indices, total first."""
        label, value = total
        whole = self.variable(f"{section}: {label}", value, margin=True)
        self.add(section, label, value, unit="count", rests_on=[whole])
        members = [self.count(section, name, count) for name, count in parts.items()]
        self.relate(members, whole)
        return [whole, *members]

    def share(self, section: str, figure: str, p: Proportion) -> list[int]:
        """Add a share with its interval, hidden when its numerator or complement is small.

        Published as "(k of n)", it publishes both counts: returns their indices, for the
        caller to relate to the report's other counts (none when the share is hidden).
        """
        hide = self.small(p.successes) or self.small(p.total - p.successes)
        counts = (
            []
            if hide
            else [
                self.variable(f"{section}: {figure}, numerator", p.successes),
                self.variable(f"{section}: {figure}, total", p.total),
            ]
        )
        self.add(
            section,
            figure,
            p.estimate,
            unit="share",
            lower=p.lower,
            upper=p.upper,
            rests_on=counts,
            hide=hide,
            detail=f" ({p.successes} of {p.total})",
        )
        return counts

    def table(self, name: str, counts: pd.DataFrame) -> list[list[int]]:
        """Add a table, margins added; return the index of each of its counts, row by row.

        A row or column labelled as the margins (a partner or a municipality called "Total")
        is shown in quotes, so that it cannot be taken for them.
        """
        full = with_margins(counts.rename(index=_unclash, columns=_unclash))
        values = full.to_numpy()
        indices = [
            self.variable(
                f"{name}: {row}, {column}", int(values[i, j]), margin=TOTAL in (row, column)
            )
            for i, row in enumerate(full.index)
            for j, column in enumerate(full.columns)
        ]
        for parts, whole in _relations(full.index, full.columns, TOTAL):
            self.relate([indices[p] for p in parts], indices[whole])
        self._tables[name] = (full, indices)
        width = full.shape[1]
        return [indices[k : k + width] for k in range(0, len(indices), width)]

    def published(self) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
        """Return the figures frame and the tables as text, after suppression.

        Small counts are hidden and then enough others (:func:`suppress`'s rule, over every
        count of the report at once); a row resting on a hidden count is hidden too.
        """
        values = np.array(self._values, dtype=np.float64)
        internal = np.array(self._internal, dtype=bool)
        primary = ~internal & (values >= 1) & (values < self.threshold)
        hidden = _protect(
            values,
            primary,
            internal,
            np.array(self._margin, dtype=bool),
            self._relations,
            self.threshold,
            self._bounds,
        )
        rows = []
        for row, detail, rests_on in zip(self.rows, self._details, self._rests_on, strict=True):
            if row["suppressed"] or any(hidden[i] for i in rests_on):
                row = {**row, "value": math.nan, "lower": math.nan, "upper": math.nan}
                row["suppressed"] = True
            else:
                row = {**row, "figure": f"{row['figure']}{detail}"}
            rows.append(row)
        frame = pd.DataFrame(rows, columns=COLUMNS).astype({"suppressed": bool})
        published = {}
        for name, (full, indices) in self._tables.items():
            status = np.where(
                primary[indices],
                CellStatus.PRIMARY.value,
                np.where(hidden[indices], CellStatus.SECONDARY.value, CellStatus.PUBLISHED.value),
            ).reshape(full.shape)
            table = SuppressedTable(
                full,
                pd.DataFrame(status, index=full.index, columns=full.columns),
                self.threshold,
                self.threshold,
                TOTAL,
            )
            published[name] = table.to_text()
        return frame, published


def _unclash(label: object) -> object:
    """Return a table's row or column label, quoted while it reads as the margins' label."""
    if not isinstance(label, str) or label.strip("“”").casefold() != TOTAL.casefold():
        return label
    return f"“{label}”"


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
    held = figures.count(
        section, "meetings held", inputs.adherence.held, target=target.get("meetings", math.nan)
    )
    if not math.isnan(projected.get("meetings", math.nan)):
        figures.add(
            section,
            "meetings held, projected to the program's end",
            projected["meetings"],
            unit="count",
            target=target["meetings"],
            rests_on=[held],
        )
    figures.count(
        section, "mentees matched", len(inputs.matched), target=target.get("mentees", math.nan)
    )
    for name in ("mentors", "gatherings"):
        if name in target:
            figure = "mentors matched" if name == "mentors" else "gatherings held"
            count = figures.count(section, figure, int(achieved[name]), target=target[name])
            if name == "mentors":  # each mentor matched has a match of their own, at least
                started = figures.variable("Matches: matches started", len(inputs.started))
                figures.bound([count], started)


def meeting_section(figures: Figures, inputs: ReportInputs) -> None:
    """Add "Meetings": planned, and held over planned, pooled and as a mean of match ratios."""
    adherence = inputs.adherence
    planned = figures.count("Meetings", "meetings planned", adherence.planned)
    held = figures.variable("Targets: meetings held", adherence.held)
    figures.bound([held], planned)
    figures.add(
        "Meetings",
        "held / planned, pooled",
        adherence.pooled,
        unit="share",
        rests_on=[held, planned],
    )
    # When every match has as many meetings planned, the mean of ratios is the pooled ratio:
    # times the meetings planned it gives the meetings held.
    figures.add(
        "Meetings",
        "held / planned, mean of match ratios",
        adherence.mean_of_ratios,
        unit="share",
        rests_on=[held, planned],
    )


_EDGES = tuple(low for _, low, _ in DURATION_BANDS if low > 0)
"""The durations, in months, the report cuts at: band edges and retention times (3, 6, 12)."""


def _atoms(figures: Figures, started: MatchArrays) -> tuple[list[int], list[int]]:
    """Add the closed and the running matches counted by duration region; return their indices.

    The regions are below, at and between the cuts (< 3, 3, 3 to 6, 6, ..., > 12 months).
    Every duration count of the report (closed, running, the bands, the early closures, the
    Kaplan–Meier events and matches followed beyond a cut) is a sum of them: they tie those
    counts together for the disclosure audit and are never published themselves.
    """
    months = started.durations("months")
    region = 2 * np.searchsorted(_EDGES, months, side="right") - np.isin(months, _EDGES)
    found = []
    for state, mask in (("closed", started.closed), ("running", ~started.closed)):
        counts = np.bincount(region[mask], minlength=2 * len(_EDGES) + 1)
        found.append(
            [
                figures.variable(f"Matches: {state} in duration region {k}", n, internal=True)
                for k, n in enumerate(counts.tolist())
            ]
        )
    return found[0], found[1]


def match_section(figures: Figures, inputs: ReportInputs) -> None:
    """Add "Matches": started, closed, running; Kaplan–Meier duration, retention; early ends.

    Read with "matches started", a retention share may tell the matches closed by then and
    those still followed after it (exactly, when none was censored before): it is taken to
    tell both, and is hidden when either is too few, as a share with a small numerator or
    complement is.
    """
    started, confidence = inputs.started, inputs.confidence
    closed = int(started.closed.sum())
    _, ended, running = figures.group(
        "Matches",
        ("matches started", len(started)),
        {"matches closed": closed, "matches running": len(started) - closed},
    )
    shut, still = _atoms(figures, started)
    figures.relate(shut, ended)
    figures.relate(still, running)
    months = started.durations("months")
    curve = kaplan_meier(months, started.closed, confidence=confidence, unit="months")
    low, high = curve.median_ci
    figures.add(
        "Matches",
        "median duration (Kaplan–Meier)",
        curve.median,
        unit="months",
        lower=low,
        upper=high,
    )
    for k, (label, row) in enumerate(retention(curve, months=_EDGES).iterrows()):
        gone = int(np.count_nonzero(started.closed & (months <= _EDGES[k])))
        after = int(np.count_nonzero(months > _EDGES[k]))
        hide = figures.small(gone) or figures.small(after)
        counts: list[int] = []
        if math.isnan(row["survival"]):
            # Not known yet: no match, closed or running, has lasted that long.
            reached = int(np.count_nonzero(months >= _EDGES[k]))
            counts = [figures.variable(f"Matches: followed to {label}", reached)]
            figures.relate(shut[2 * k + 1 :] + still[2 * k + 1 :], counts[0])
            hide = False
        elif not hide:
            cut = 2 * k + 2  # the regions up to and including the cut
            counts = [
                figures.variable(f"Matches: closed by {label}", gone),
                figures.variable(f"Matches: followed after {label}", after),
            ]
            figures.relate(shut[:cut], counts[0])
            figures.relate(shut[cut:] + still[cut:], counts[1])
        figures.add(
            "Matches",
            f"still running at {label} (Kaplan–Meier)",
            row["survival"],
            unit="share",
            lower=row["lower"],
            upper=row["upper"],
            rests_on=counts,
            hide=hide,
        )
    early = figures.share(
        "Matches", "closed before 3 months", _early(started, _EDGES[0], confidence)
    )
    if early:
        figures.relate(shut[:1], early[0])
        figures.relate(shut + still[1:], early[1])


def outcome_section(figures: Figures, inputs: ReportInputs) -> None:
    """Add "Outcomes": shares of matched mentees, and of ended matches', into work or study.

    A share's "(k of n)" counts matched mentees: they are tied to "mentees matched" and to the
    matches through internal counts of the matched mentees by whether a match of theirs has
    ended and by their latest outcome (positive, not, none). A mentee with an ended match has
    a closed match of their own, one without has a running one: at most as many as those.
    """
    started = inputs.started
    ended = {m for m, c in zip(started.mentee_ids, started.closed, strict=True) if c}
    atoms: dict[str, list[int]] = {}
    for group, people in (("ended", ended), ("not ended", inputs.matched - ended)):
        found = outcome_proportion(inputs.data.outcomes, person_ids=people, as_of=inputs.day)
        kinds = {
            "positive": found.successes,
            "not positive": found.total - found.successes,
            "no outcome": len(people) - found.total,
        }
        atoms[group] = [
            figures.variable(f"Outcomes: matched, {group}, {kind}", n, internal=True)
            for kind, n in kinds.items()
        ]
    matched = figures.variable("Targets: mentees matched", len(inputs.matched))
    figures.relate(atoms["ended"] + atoms["not ended"], matched)
    closed = figures.variable("Matches: matches closed", int(started.closed.sum()))
    running = figures.variable("Matches: matches running", int((~started.closed).sum()))
    figures.bound(atoms["ended"], closed)
    figures.bound(atoms["not ended"], running)
    for figure, people, groups in (
        ("matched mentees into work, education or training", inputs.matched, list(atoms.values())),
        ("mentees of ended matches into work, education or training", ended, [atoms["ended"]]),
    ):
        share = outcome_proportion(
            inputs.data.outcomes, person_ids=people, as_of=inputs.day, confidence=inputs.confidence
        )
        shown = figures.share("Outcomes", figure, share)
        if shown:
            figures.relate([g[0] for g in groups], shown[0])
            figures.relate([c for g in groups for c in g[:2]], shown[1])


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
        points = {
            point: _time_point_figures(figures, section, scores, instrument, point)
            for point in ("baseline", "end")
        }
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
        _change_figures(
            figures, section, result, reliable=name in reliability, points=points, first=instrument
        )
    return missing


def _time_point_figures(
    figures: Figures, section: str, scores: pd.DataFrame, instrument: ItemScale, point: str
) -> list[int]:
    """Add the people scored at one time point, those past the first cut-off, and the mean.

    Each person counts once, with their latest form of the time point, as in the change; a
    person whose latest form cannot be scored is left out. Returns the indices of the people
    scored, past the cut-off and not (none when nobody was scored).
    """
    at = _latest(scores, point).dropna(subset=["total"])
    if at.empty:
        return []
    flag = instrument.cutoffs[0].name
    cases = int(at[flag].fillna(False).sum())
    counts = figures.group(
        section,
        (f"scored at {point}", len(at)),
        {f"{flag} at {point}": cases, f"not {flag} at {point}": len(at) - cases},
    )
    figures.add(
        section, f"mean total at {point}", at["total"].mean(), unit="mean", rests_on=counts[:1]
    )
    return counts


def _change_figures(
    figures: Figures,
    section: str,
    result: Change,
    *,
    reliable: bool,
    points: Mapping[str, list[int]],
    first: ItemScale,
) -> None:
    """Add the people with both assessments, their change, the t-test and the effect size.

    Reliable change is counted only with a reliability; the t-test and the effect size are
    left out when they rest on fewer people than the threshold. The people with both are
    among those scored at each time point (``points``: scored, past the cut-off, not); a
    recovered person is among the reliably improved, past the first cut-off (when it is on the
    total, as the change's is) at baseline and not at the end.
    """
    pairs = len(result.per_person)
    if reliable:
        counts = result.counts
        both, improved, *_ = figures.group(
            section,
            ("people with both assessments", pairs),
            {f"reliably {c}": int(counts[c]) for c in ("improved", "unchanged", "deteriorated")},
        )
        recovered = figures.count(
            section, "recovered (reliably improved, past the cut-off)", int(counts["recovered"])
        )
        figures.bound([recovered], improved)
        if first.cutoffs[0].scale == "total":
            for point, side in (("baseline", 1), ("end", 2)):
                if points.get(point):
                    figures.bound([recovered], points[point][side])
    else:
        both = figures.count(section, "people with both assessments", pairs)
    for scored in points.values():
        if scored:
            figures.bound([both], scored[0])
    if figures.small(pairs):
        return
    t_test, effect = result.t_test, result.effect_size
    if t_test is not None:
        low, high = t_test.lower, t_test.upper
        mean = t_test.mean_difference
        figures.add(
            section,
            "mean change (end − baseline)",
            mean,
            unit="mean",
            lower=low,
            upper=high,
            rests_on=[both],
        )
        figures.add(section, "paired t-test p", t_test.p_value, unit="p", rests_on=[both])
    if effect is not None:
        low, high = effect.lower, effect.upper
        figures.add(
            section,
            "effect size g_z (corrected d_z)",
            effect.g_z,
            unit="d",
            lower=low,
            upper=high,
            rests_on=[both],
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
    """Add "Cost": the program's cost per participant, per match and per meeting held.

    A reader who knows the cost could divide it by a cost per unit: each is hidden with the
    count it divides by.
    """
    units = {
        "per participant": ("Targets: mentees matched", len(inputs.matched)),
        "per match": ("Matches: matches started", len(inputs.started)),
        "per meeting held": ("Targets: meetings held", inputs.adherence.held),
    }
    costs = _unit_cost_frame(total_cost, currency, *(n for _, n in units.values()))
    for label, (key, n) in units.items():
        figures.add(
            "Cost",
            f"cost {label}",
            costs[f"cost ({currency})"].to_dict()[label],
            unit=currency,
            rests_on=[figures.variable(key, n)],
        )


def tables(figures: Figures, inputs: ReportInputs) -> None:
    """Add the published tables, each tied to the figures that restate its cells or margins.

    A table with nothing to show (no mentees, no closure, no referral) is left out.
    """
    people = _mentee_frame(inputs.data, inputs.day, AGE_BANDS, inputs.started)
    if not people.empty:
        places = figures.table(
            "Mentees by municipality and gender", cross_table(people, "municipality", "gender")
        )
        waiting = people["matched"].map({True: "matched", False: "waiting"})
        counts = cross_table(people.assign(matched=waiting), "age_band", "matched")
        ages = figures.table("Mentees by age band and matched", counts)
        figures.relate([ages[-1][-1]], places[-1][-1])
        if "matched" in counts:
            matched = figures.variable("Targets: mentees matched", len(inputs.matched))
            figures.relate([ages[-1][list(counts.columns).index("matched")]], matched)
    started = inputs.started
    closed = figures.variable("Matches: matches closed", int(started.closed.sum()))
    reasons = _reasons(started).drop(columns="total")
    reasons = reasons.loc[reasons.sum(axis=1) > 0, reasons.sum(axis=0) > 0]
    if not reasons.empty:
        cells = figures.table("Closures by reason and who ended the match", reasons)
        figures.relate([cells[-1][-1]], closed)
    bands = _bands(started)[["matches"]]
    if bands["matches"].sum():
        cells = figures.table("Closed matches by duration", bands)
        shut, _ = _atoms(figures, started)
        for k in range(len(bands)):  # band k holds the regions 2k - 1 and 2k
            figures.relate(shut[max(2 * k - 1, 0) : 2 * k + 1], cells[k][0])
        figures.relate([cells[-1][0]], closed)
    funnel = _funnel_table(inputs)
    if not funnel.empty:
        totals = figures.table("Referrals by partner and how far they went", funnel)[-1]
        stages = list(funnel.columns)
        received = int(funnel.to_numpy().sum())
        refused = int(funnel[_STAGES[0]].sum()) if _STAGES[0] in stages else 0
        figures.relate([totals[-1]], figures.variable("Referrals: referrals received", received))
        figures.relate(
            [t for t, stage in zip(totals, stages, strict=False) if stage != _STAGES[0]],
            figures.variable("Referrals: referrals accepted", received - refused),
        )
        if refused:
            not_accepted = figures.variable("Referrals: referrals not accepted", refused)
            figures.relate([totals[stages.index(_STAGES[0])]], not_accepted)


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
        f"Counts of 1 to {threshold - 1} people are hidden (:), with further cells and "
        "figures where needed so that no hidden count can be worked out from the report's "
        "figures and tables together.",
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
