"""The program report: figures, suppression applied, Markdown and HTML."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from mentorlib import samples
from mentorlib.metrics import audit, mentee_frame, program_report
from mentorlib.model import ValidationError


@pytest.fixture(scope="module")
def data():
    return samples.vinn_vinn(seed=0)


@pytest.fixture(scope="module")
def report(data):
    return program_report(data, total_cost=2_400_000, reliability={"CRIES-8": 0.8})


def test_figures_are_a_dataframe_with_every_section(report):
    figures = report.figures
    assert isinstance(figures, pd.DataFrame)
    assert list(figures.columns) == [
        "section", "figure", "value", "lower", "upper", "target", "unit", "suppressed"
    ]  # fmt: skip
    sections = set(figures["section"])
    for section in ("Targets", "Meetings", "Matches", "Outcomes", "Referrals", "Cost"):
        assert section in sections
    assert "Wellbeing and symptoms: CRIES-8" in sections
    assert report.as_of == dt.date(2027, 8, 16)


def test_no_published_count_is_small(report):
    counts = report.figures[report.figures["unit"] == "count"]
    shown = counts[~counts["suppressed"]]
    assert not ((shown["value"] > 0) & (shown["value"] < report.threshold)).any()
    assert counts.loc[counts["suppressed"], "value"].isna().all()


def test_tables_are_suppressed_and_pass_the_audit(data, report):
    assert report.tables
    for name, table in report.tables.items():
        numbers = table.replace(":", pd.NA).apply(pd.to_numeric).astype("Int64")
        for value in numbers.to_numpy().ravel():
            if not pd.isna(value):
                assert value == 0 or value >= report.threshold, name
        if numbers.isna().any().any():
            assert (audit(numbers)["width"] >= 1).all(), name


def test_a_lower_threshold_hides_less(data):
    strict = program_report(data, threshold=5)
    lenient = program_report(data, threshold=3)
    assert lenient.figures["suppressed"].sum() <= strict.figures["suppressed"].sum()
    with pytest.raises(ValidationError, match="threshold"):
        program_report(data, threshold=0)


def test_markdown_and_html_render_the_same_figures(report):
    markdown = report.to_markdown()
    assert markdown.startswith("# Vinn, vinn! (sample)")
    assert "| meetings held |" in markdown
    assert "## Closures by reason and who ended the match" in markdown
    assert str(report) == markdown
    page = report.to_html()
    assert "<h1>Vinn, vinn! (sample)</h1>" in page
    assert page.count("<table>") == markdown.count("\n|---")
    assert report._repr_html_() == page


def test_report_on_a_generic_program_and_a_past_day():
    data = samples.program(seed=2, mentees=80, mentors=70, country="SE")
    report = program_report(data, as_of=dt.date(2026, 12, 1))
    assert report.as_of == dt.date(2026, 12, 1)
    assert "Sample program (SE)" in report.to_markdown()


def test_mentee_frame_columns(data):
    frame = mentee_frame(data)
    assert len(frame) == len(data.mentees)
    assert {"municipality", "gender", "language", "age_band", "matched"} <= set(frame.columns)
    assert frame["positive_outcome"].dtype == "boolean"


def test_figures_that_add_up_are_protected_together(report):
    figures = report.figures.set_index("figure")
    groups = [
        ["matches started", "matches closed", "matches running"],
        ["people with both assessments", "reliably improved", "reliably unchanged",
         "reliably deteriorated"],
        ["referrals received", "referrals accepted", "referrals not accepted"],
    ]  # fmt: skip
    section = figures[figures["section"] == "Wellbeing and symptoms: CRIES-8"]
    for labels in groups:
        rows = section if labels[0] == "people with both assessments" else figures
        hidden = [label for label in labels if bool(rows.loc[label, "suppressed"])]
        assert len(hidden) != 1, labels
        shown = rows.loc[[label for label in labels[1:] if label not in hidden], "value"]
        if not hidden:
            assert rows.loc[labels[0], "value"] == shown.sum()
    # the sample has 3 reliably improved of 39: hidden, with a partner
    assert bool(section.loc["reliably improved", "suppressed"])


def test_without_scipy_the_report_leaves_change_out_and_says_so(data, monkeypatch):
    import mentorlib.metrics._change as change_module

    def no_scipy(name):
        raise ImportError("no scipy here")

    monkeypatch.setattr(change_module, "scipy_module", no_scipy)
    report = program_report(data)
    assert "mean change (end − baseline)" not in set(report.figures["figure"])
    assert any("needs scipy" in note for note in report.notes)
    assert "scored at baseline" in set(report.figures["figure"])
