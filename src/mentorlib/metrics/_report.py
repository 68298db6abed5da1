"""A program's key figures for a funder, as a DataFrame and as Markdown or HTML, suppression on."""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Mapping

import attrs
import pandas as pd

from mentorlib.model import ProgramData, ValidationError

from ._common import check_confidence, default_as_of
from ._sections import (
    Figures,
    cost_section,
    instrument_sections,
    match_section,
    meeting_section,
    notes,
    outcome_section,
    read_inputs,
    referral_section,
    tables,
    target_section,
)

__all__ = ["Report", "program_report"]


@attrs.frozen(eq=False)
class Report:
    """A program's report: key figures and tables, small cells already suppressed.

    ``figures`` is the data: one row per figure with ``section``, ``figure``, ``value``,
    ``lower`` and ``upper`` (a confidence interval, when there is one), ``target``, ``unit``
    (``count``, ``share``, ``months``, ``mean``, ``ratio``, a currency, ...) and
    ``suppressed`` (the value is hidden: it rests on fewer people than the threshold, or would
    give such a count away).
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
        share whose numerator or its complement is such a count, or a Kaplan–Meier retention
        whose matches closed by then or followed after it are. Every count of the figures and
        tables then goes through one suppression (:func:`suppress`'s rule, over the report as a
        whole), so that no hidden count follows from figures and tables together; a figure
        resting on a hidden count is hidden.
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
    if total_cost is not None and (
        isinstance(total_cost, bool) or not isinstance(total_cost, int | float)
    ):
        raise ValidationError(
            f"total_cost is a number, got {total_cost!r}",
            record="program_report",
            field="total_cost",
        )
    day = default_as_of(data) if as_of is None else as_of
    inputs = read_inputs(data, day, confidence)
    figures = Figures(threshold)
    target_section(figures, inputs)
    meeting_section(figures, inputs)
    match_section(figures, inputs)
    outcome_section(figures, inputs)
    missing = instrument_sections(figures, inputs, dict(reliability or {}))
    referral_section(figures, inputs)
    if total_cost is not None:
        cost_section(figures, inputs, float(total_cost), currency)
    tables(figures, inputs)
    frame, published = figures.published()
    return Report(
        data.program.name,
        day,
        frame,
        published,
        threshold,
        confidence,
        notes(threshold, confidence, missing),
    )
