"""A program's key figures for a funder, as a DataFrame and as Markdown or HTML, suppression on."""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Mapping

import attrs
import numpy as np
import pandas as pd

from mentorlib.model import ProgramData, ReferralOutcome, ValidationError

from ._adherence import _adherence, _attainment, _meeting_rows
from ._breakdown import AGE_BANDS, _mentee_frame, cross_table
from ._change import assessment_change
from ._common import MatchArrays, add_months, check_confidence, default_as_of, match_arrays
from ._disclosure import CellStatus, suppress
from ._instruments import INSTRUMENTS, score_assessments
from ._proportions import Proportion, outcome_proportion
from ._survival import _bands, _early, _reasons, kaplan_meier, retention
from ._value import _unit_cost_frame

__all__ = ["Report", "program_report"]

_COLUMNS = ["section", "figure", "value", "lower", "upper", "target", "unit", "suppressed"]


@attrs.frozen(eq=False)
class Report:
    """A program's report: key figures and tables, small cells already suppressed.

    ``figures`` is the data: one row per figure with ``section``, ``figure``, ``value``,
    ``lower`` and ``upper`` (a confidence interval, when there is one), ``target``, ``unit``
    (``count``, ``share``, ``months``, ``mean``, ``ratio``, a currency, ...) and
    ``suppressed`` (the value is hidden because it rests on fewer people than the threshold).
    ``tables`` are the published tables (text, hidden cells shown as ``:``).
    :meth:`to_markdown` and :meth:`to_html` only render them.
    """

    title: str
    as_of: dt.date
    figures: pd.DataFrame
    tables: Mapping[str, pd.DataFrame]
    threshold: int
    confidence: float
    notes: tuple[str, ...] = ()

    def _formatted(self) -> list[tuple[str, list[list[str]]]]:
        sections: list[tuple[str, list[list[str]]]] = []
        for section, group in self.figures.groupby("section", sort=False):
            lines = []
            for _, row in group.iterrows():
                lines.append(
                    [
                        str(row["figure"]),
                        _format(row["value"], row["unit"], bool(row["suppressed"])),
                        _interval(row["lower"], row["upper"], row["unit"], bool(row["suppressed"])),
                        ""
                        if pd.isna(row["target"])
                        else _format(row["target"], row["unit"], False),
                    ]
                )
            sections.append((str(section), lines))
        return sections

    def to_markdown(self) -> str:
        """Return the report as Markdown: a table of figures per section, then the tables."""
        level = f"{self.confidence * 100:g} % CI"
        out = [f"# {self.title}", "", f"As of {self.as_of.isoformat()}.", ""]
        for section, lines in self._formatted():
            out += [
                f"## {section}",
                "",
                *_markdown(["figure", "value", level, "target"], lines),
                "",
            ]
        for name, table in self.tables.items():
            header = [str(table.index.name or ""), *map(str, table.columns)]
            body = [
                [str(i), *map(str, r)] for i, r in zip(table.index, table.to_numpy(), strict=True)
            ]
            out += [f"## {name}", "", *_markdown(header, body), ""]
        out += ["## Notes", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(out).rstrip() + "\n"

    def to_html(self) -> str:
        """Return the report as an HTML fragment (every text escaped)."""
        level = f"{self.confidence * 100:g} % CI"
        parts = [
            f"<h1>{html.escape(self.title)}</h1>",
            f"<p>As of {self.as_of.isoformat()}.</p>",
        ]
        for section, lines in self._formatted():
            parts.append(f"<h2>{html.escape(section)}</h2>")
            parts.append(_html(["figure", "value", level, "target"], lines))
        for name, table in self.tables.items():
            parts.append(f"<h2>{html.escape(name)}</h2>")
            header = [str(table.index.name or ""), *map(str, table.columns)]
            body = [
                [str(i), *map(str, r)] for i, r in zip(table.index, table.to_numpy(), strict=True)
            ]
            parts.append(_html(header, body))
        parts.append("<h2>Notes</h2><ul>")
        parts += [f"<li>{html.escape(n)}</li>" for n in self.notes]
        parts.append("</ul>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        return f"Report({self.title!r}, as of {self.as_of}, {len(self.figures)} figures)"


def _markdown(header: list[str], rows: list[list[str]]) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return [line(header), "|" + "|".join("---" for _ in header) + "|", *map(line, rows)]


def _html(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _format(value: float, unit: str, suppressed: bool) -> str:
    if suppressed:
        return ":"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float) and math.isinf(value):
        return "not reached"
    if unit == "share":
        return f"{value * 100:.1f} %"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "months":
        return f"{value:.1f} months"
    if unit == "p":
        return "< 0.001" if value < 0.001 else f"{value:.3f}"
    if unit in ("mean", "ratio", "d"):
        return f"{value:.2f}"
    return f"{value:,.0f} {unit}"


def _interval(lower: float, upper: float, unit: str, suppressed: bool) -> str:
    if suppressed or pd.isna(lower) or pd.isna(upper):
        return ""
    return f"{_format(lower, unit, False)} – {_format(upper, unit, False)}"


class _Figures:
    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.rows: list[dict[str, object]] = []

    def small(self, count: float) -> bool:
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
        frame = pd.DataFrame(self.rows, columns=_COLUMNS)
        return frame.astype({"suppressed": bool})


def program_report(
    data: ProgramData,
    *,
    as_of: dt.date | None = None,
    threshold: int = 5,
    confidence: float = 0.95,
    reliability: Mapping[str, float] | None = None,
    total_cost: float | None = None,
    currency: str = "NOK",
) -> Report:
    """Return the key figures of a program for a funder, with small cells suppressed.

    Parameters
    ----------
    data
        The program and its records.
    as_of
        The day to report on; the last day of the records by default.
    threshold
        Disclosure control: counts of 1 to ``threshold - 1`` people are hidden, and so is a
        share whose numerator or its complement is such a count; tables go through
        :func:`suppress` (primary and secondary suppression).
    confidence
        The level of every interval.
    reliability
        Reliability coefficients by instrument name, to count reliable improvement and
        recovery (Jacobson–Truax); without one, only the paired t-test and effect size.
    total_cost, currency
        The program's cost, for cost per participant, match and meeting.

    Examples
    --------
    >>> from mentorlib import samples
    >>> report = program_report(samples.vinn_vinn(seed=0))
    >>> report
    Report('Vinn, vinn! (sample)', as of 2027-08-16, 58 figures)
    >>> report.figures.set_index("figure").loc["meetings held", ["value", "target"]].to_dict()
    {'value': 685.0, 'target': 1200.0}
    """
    confidence = check_confidence(confidence, where="program_report")
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValidationError(
            f"threshold is a whole number of at least 1, got {threshold!r}",
            record="program_report",
            field="threshold",
        )
    day = default_as_of(data) if as_of is None else as_of
    figures = _Figures(threshold)

    # Targets and meetings.
    started = match_arrays(data.matches, as_of=day)  # read once, shared by every figure
    matched = set(started.mentee_ids)
    meeting_rows = _meeting_rows(started, data.meetings)
    adherence = _adherence(started, meeting_rows)
    targets = _attainment(data, day, 56, started, meeting_rows)
    target = targets["target"].to_dict()
    projected = targets["projected"].to_dict()
    figures.count(
        "Targets", "meetings held", adherence.held, target=target.get("meetings", math.nan)
    )
    if not math.isnan(projected.get("meetings", math.nan)):
        figures.add(
            "Targets",
            "meetings held, projected to the program's end",
            projected["meetings"],
            unit="count",
            target=target["meetings"],
        )
    figures.count(
        "Targets",
        "mentees matched",
        len(matched),
        target=target.get("mentees", math.nan),
    )
    if "mentors" in target:
        figures.count(
            "Targets",
            "mentors matched",
            int(targets["achieved"].to_dict()["mentors"]),
            target=target["mentors"],
        )
    if "gatherings" in target:
        figures.count(
            "Targets",
            "gatherings held",
            int(targets["achieved"].to_dict()["gatherings"]),
            target=target["gatherings"],
        )
    figures.count("Meetings", "meetings planned", adherence.planned)
    figures.add("Meetings", "held / planned, pooled", adherence.pooled, unit="share")
    figures.add(
        "Meetings", "held / planned, mean of match ratios", adherence.mean_of_ratios, unit="share"
    )

    # Matches, duration and retention.
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
    kept = retention(curve, months=(3, 6, 12))
    for label, row in kept.iterrows():
        figures.add(
            "Matches",
            f"still running at {label} (Kaplan–Meier)",
            row["survival"],
            unit="share",
            lower=row["lower"],
            upper=row["upper"],
        )
    figures.share(
        "Matches",
        "closed before 3 months",
        _early(started, 3, confidence),
    )

    # Outcomes.
    ended = {m for m, c in zip(started.mentee_ids, started.closed, strict=True) if c}
    figures.share(
        "Outcomes",
        "matched mentees into work, education or training",
        outcome_proportion(data.outcomes, person_ids=matched, as_of=day, confidence=confidence),
    )
    figures.share(
        "Outcomes",
        "mentees of ended matches into work, education or training",
        outcome_proportion(data.outcomes, person_ids=ended, as_of=day, confidence=confidence),
    )

    # Instruments.
    given = dict(reliability or {})
    missing: list[str] = []
    assessments = [a for a in data.assessments if a.on <= day]
    for name, instrument in INSTRUMENTS.items():
        scores = score_assessments(assessments, instrument)
        if scores.empty:
            continue
        section = f"Wellbeing and symptoms: {name}"
        for point in ("baseline", "end"):
            at = scores[scores["time_point"] == point].dropna(subset=["total"])
            if at.empty:
                continue
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
        try:
            result = assessment_change(
                assessments, instrument, reliability=given.get(name), confidence=confidence
            )
        except ImportError:  # scipy (t and noncentral t distributions) is not installed
            missing.append(name)
            continue
        pairs = len(result.per_person)
        if name in given:
            counts = result.counts
            figures.group(
                section,
                ("people with both assessments", pairs),
                {
                    f"reliably {c}": int(counts[c])
                    for c in ("improved", "unchanged", "deteriorated")
                },
            )
            figures.count(
                section, "recovered (reliably improved, past the cut-off)", int(counts["recovered"])
            )
        else:
            figures.count(section, "people with both assessments", pairs)
        if result.t_test is not None and not figures.small(pairs):
            figures.add(
                section,
                "mean change (end − baseline)",
                result.t_test.mean_difference,
                unit="mean",
                lower=result.t_test.lower,
                upper=result.t_test.upper,
            )
            figures.add(section, "paired t-test p", result.t_test.p_value, unit="p")
        if result.effect_size is not None and not figures.small(pairs):
            figures.add(
                section,
                "effect size g_z (corrected d_z)",
                result.effect_size.g_z,
                unit="d",
                lower=result.effect_size.lower,
                upper=result.effect_size.upper,
            )

    # Referrals.
    referred = [r for r in data.referrals if r.referred_on <= day]
    if referred:
        accepted = sum(
            r.outcome in (ReferralOutcome.ACCEPTED, ReferralOutcome.MATCHED)
            or (r.person_id in matched)
            for r in referred
        )
        figures.group(
            "Referrals",
            ("referrals received", len(referred)),
            {"referrals accepted": accepted, "referrals not accepted": len(referred) - accepted},
        )
        committed = sum(c.referrals for c in data.commitments)
        if committed:
            figures.count("Referrals", "referrals committed by partners", committed)

    if total_cost is not None:
        if isinstance(total_cost, bool) or not isinstance(total_cost, int | float):
            raise ValidationError(
                f"total_cost is a number, got {total_cost!r}",
                record="program_report",
                field="total_cost",
            )
        costs = _unit_cost_frame(
            float(total_cost), currency, len(matched), len(started), adherence.held
        )
        for label, row in costs.iterrows():
            if label != "total":
                figures.add("Cost", f"cost {label}", row[f"cost ({currency})"], unit=currency)

    # Tables, through primary and secondary suppression.
    tables: dict[str, pd.DataFrame] = {}
    people = _mentee_frame(data, day, AGE_BANDS, started)
    if not people.empty:
        tables["Mentees by municipality and gender"] = suppress(
            cross_table(people, "municipality", "gender"), threshold=threshold
        ).to_text()
        tables["Mentees by age band and matched"] = suppress(
            cross_table(
                people.assign(matched=people["matched"].map({True: "matched", False: "waiting"})),
                "age_band",
                "matched",
            ),
            threshold=threshold,
        ).to_text()
    reasons = _reasons(started).drop(columns="total")
    reasons = reasons.loc[reasons.sum(axis=1) > 0, reasons.sum(axis=0) > 0]
    if not reasons.empty:
        tables["Closures by reason and who ended the match"] = suppress(
            reasons, threshold=threshold
        ).to_text()
    bands = _bands(started)[["matches"]]
    if bands["matches"].sum():
        tables["Closed matches by duration"] = suppress(bands, threshold=threshold).to_text()
    funnel = _funnel_table(data, day, started)
    if not funnel.empty:
        tables["Referrals by partner and how far they went"] = suppress(
            funnel, threshold=threshold
        ).to_text()
    notes: tuple[str, ...] = (
        f"Counts of 1 to {threshold - 1} people are hidden (:), with further cells where "
        "needed so that no hidden count can be worked out from the totals.",
        "Meeting adherence pooled is all held over all planned; the mean of match ratios "
        "weighs each match the same.",
        "Durations are in calendar months from each match's start; Kaplan–Meier estimates "
        "count matches still running as censored, with exponential Greenwood "
        f"(log(-log)) {confidence * 100:g} % bands.",
        f"Shares have Wilson {confidence * 100:g} % intervals; an unknown outcome counts as "
        "not positive.",
    )
    if missing:
        notes += (
            f"Change on {', '.join(missing)} is left out: it needs scipy (pip install scipy).",
        )
    return Report(data.program.name, day, figures.frame(), tables, threshold, confidence, notes)


def _funnel_table(data: ProgramData, day: dt.date, arrays: MatchArrays) -> pd.DataFrame:
    """Referrals per partner by the furthest stage reached: disjoint, so the table adds up."""
    referrals = [r for r in data.referrals if r.referred_on <= day]
    if not referrals:
        return pd.DataFrame(index=pd.Index([], name="partner"))
    first = arrays.first_matches()
    six = add_months(arrays.starts, 6)
    today = np.datetime64(day, "D")
    stages = [
        "not accepted",
        "accepted, not matched",
        "matched, under 6 months",
        "closed before 6 months",
        "running at 6 months",
    ]
    rows: dict[str, dict[str, int]] = {}
    for referral in referrals:
        counts = rows.setdefault(referral.partner, dict.fromkeys(stages, 0))
        at = None if referral.person_id is None else first.get(referral.person_id)
        if at is None:
            accepted = referral.outcome in (ReferralOutcome.ACCEPTED, ReferralOutcome.MATCHED)
            counts[stages[1] if accepted else stages[0]] += 1
        elif six[at] > today:
            counts[stages[2]] += 1
        elif arrays.closed[at] and arrays.ends[at] <= six[at]:
            counts[stages[3]] += 1
        else:
            counts[stages[4]] += 1
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=stages).sort_index()
    frame.index.name = "partner"
    return frame.loc[:, frame.sum(axis=0) > 0]
