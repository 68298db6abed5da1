"""The program report: figures, suppression applied, Markdown and HTML."""

from __future__ import annotations

import datetime as dt
import html

import numpy as np
import pandas as pd
import pytest

from mentorlib import metrics, samples
from mentorlib.metrics import audit, mentee_frame, program_report
from mentorlib.model import Assessment, Mentee, Program, ProgramData, ValidationError


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


# -- each section against the calculator that computes it alone ----------------------------------
# The report reads the records once and shares them between sections; these tests check that
# each figure is the one the standalone calculator gives, so a change in how the report is put
# together cannot change a figure unnoticed.

AS_OF = dt.date(2027, 8, 16)
COST = 2_400_000


@pytest.fixture(scope="module")
def open_report(data):
    """Nothing hidden (threshold 1), so every value can be compared."""
    return program_report(
        data, as_of=AS_OF, threshold=1, total_cost=COST, reliability={"CRIES-8": 0.8}
    )


def _section(report, name):
    rows = report.figures[report.figures["section"] == name]
    assert not rows["suppressed"].any()
    return rows.set_index("figure")


def test_targets_and_meetings_are_the_calculators_figures(data, open_report):
    targets = _section(open_report, "Targets")
    attained = metrics.target_attainment(data, as_of=AS_OF)
    adherence = metrics.meeting_adherence(data.matches, data.meetings, as_of=AS_OF)
    assert targets.loc["meetings held", "value"] == adherence.held
    assert targets.loc["meetings held", "value"] == attained.loc["meetings", "achieved"]
    projected = targets.loc["meetings held, projected to the program's end"]
    assert projected["value"] == attained.loc["meetings", "projected"]
    for figure, name in (
        ("meetings held", "meetings"),
        ("mentees matched", "mentees"),
        ("mentors matched", "mentors"),
        ("gatherings held", "gatherings"),
    ):
        assert targets.loc[figure, "target"] == attained.loc[name, "target"]
        assert targets.loc[figure, "value"] == attained.loc[name, "achieved"]
    meetings = _section(open_report, "Meetings")
    assert meetings["value"].tolist() == [
        adherence.planned,
        adherence.pooled,
        adherence.mean_of_ratios,
    ]


def test_matches_are_the_survival_figures(data, open_report):
    matches = _section(open_report, "Matches")
    curve = metrics.match_survival(data.matches, as_of=AS_OF)
    bands = metrics.duration_bands(data.matches, as_of=AS_OF)
    started = sum(m.started_on <= AS_OF and m.status != "proposed" for m in data.matches)
    assert matches.loc["matches started", "value"] == started
    assert matches.loc["matches closed", "value"] == bands["matches"].sum()
    assert matches.loc["matches running", "value"] == started - bands["matches"].sum()
    median = matches.loc["median duration (Kaplan–Meier)"]
    assert (median["value"], (median["lower"], median["upper"])) == (curve.median, curve.median_ci)
    for label, row in metrics.retention(curve).iterrows():
        shown = matches.loc[f"still running at {label} (Kaplan–Meier)"]
        expected = row[["survival", "lower", "upper"]].to_numpy(dtype=float)
        np.testing.assert_array_equal(shown[["value", "lower", "upper"]].to_numpy(float), expected)
    early = metrics.early_closure(data.matches, as_of=AS_OF)
    shown = matches.loc[f"closed before 3 months ({early.successes} of {early.total})"]
    assert shown[["value", "lower", "upper"]].tolist() == [early.estimate, early.lower, early.upper]


def test_outcomes_are_the_outcome_proportions(data, open_report):
    outcomes = _section(open_report, "Outcomes")
    started = [m for m in data.matches if m.started_on <= AS_OF and m.status != "proposed"]
    ended = {m.mentee_id for m in started if m.closure is not None and m.closure.on <= AS_OF}
    for figure, people in (
        ("matched mentees", {m.mentee_id for m in started}),
        ("mentees of ended matches", ended),
    ):
        p = metrics.outcome_proportion(data.outcomes, person_ids=people, as_of=AS_OF)
        label = f"{figure} into work, education or training ({p.successes} of {p.total})"
        assert outcomes.loc[label, ["value", "lower", "upper"]].tolist() == [
            p.estimate,
            p.lower,
            p.upper,
        ]


@pytest.mark.parametrize("name", ["CRIES-8", "HSCL-25", "WHO-5"])
def test_instrument_sections_are_the_scores_and_the_change(data, open_report, name):
    section = _section(open_report, f"Wellbeing and symptoms: {name}")
    instrument = metrics.INSTRUMENTS[name]
    flag = instrument.cutoffs[0].name
    scores = metrics.score_assessments(data.assessments, instrument)
    for point in ("baseline", "end"):
        forms = scores[scores["time_point"] == point].sort_values("on", kind="stable")
        at = forms.drop_duplicates("person_id", keep="last").dropna(subset=["total"])
        assert section.loc[f"scored at {point}", "value"] == len(at)
        assert section.loc[f"{flag} at {point}", "value"] == at[flag].fillna(False).sum()
        assert section.loc[f"mean total at {point}", "value"] == pytest.approx(at["total"].mean())
    reliability = 0.8 if name == "CRIES-8" else None
    result = metrics.assessment_change(data.assessments, instrument, reliability=reliability)
    assert section.loc["people with both assessments", "value"] == len(result.per_person)
    if reliability is not None:
        for kind in ("improved", "unchanged", "deteriorated"):
            assert section.loc[f"reliably {kind}", "value"] == result.counts[kind]
        recovered = section.loc["recovered (reliably improved, past the cut-off)", "value"]
        assert recovered == result.counts["recovered"]
    else:
        assert not section.index.str.startswith("reliably").any()
    change = section.loc["mean change (end − baseline)"]
    t_test = result.t_test
    assert change[["value", "lower", "upper"]].tolist() == [
        t_test.mean_difference,
        t_test.lower,
        t_test.upper,
    ]
    assert section.loc["paired t-test p", "value"] == t_test.p_value
    effect = section.loc["effect size g_z (corrected d_z)"]
    size = result.effect_size
    assert effect[["value", "lower", "upper"]].tolist() == [size.g_z, size.lower, size.upper]


def test_referrals_and_costs_are_the_funnel_and_the_unit_costs(data, open_report):
    referrals = _section(open_report, "Referrals")
    funnel = metrics.referral_funnel(data, as_of=AS_OF)
    assert referrals.loc["referrals received", "value"] == funnel.loc["total", "referred"]
    assert referrals.loc["referrals accepted", "value"] == funnel.loc["total", "accepted"]
    promised = sum(c.referrals for c in data.commitments)
    assert referrals.loc["referrals committed by partners", "value"] == promised
    costs = metrics.unit_costs(data, COST, as_of=AS_OF)
    shown = _section(open_report, "Cost")
    for label in ("per participant", "per match", "per meeting held"):
        assert shown.loc[f"cost {label}", "value"] == costs.loc[label, "cost (NOK)"]
        assert shown.loc[f"cost {label}", "unit"] == "NOK"


def test_tables_are_the_calculator_tables_hiding_at_least_what_each_hides_alone(data, report):
    """The report suppresses its tables together with its figures, so it may hide more."""
    tables = report.tables
    people = metrics.mentee_frame(data, as_of=AS_OF)

    def check(name, table):
        alone = metrics.suppress(table, threshold=report.threshold)
        published = tables[name]
        assert published.index.equals(alone.values.index), name
        assert published.columns.equals(alone.values.columns), name
        hidden = published == ":"
        assert (hidden | (published == alone.values.astype(str))).all().all(), name
        assert (hidden | (alone.to_text() != ":")).all().all(), name

    check(
        "Mentees by municipality and gender", metrics.cross_table(people, "municipality", "gender")
    )
    waiting = people.assign(matched=people["matched"].map({True: "matched", False: "waiting"}))
    check("Mentees by age band and matched", metrics.cross_table(waiting, "age_band", "matched"))
    reasons = metrics.closure_reasons(data.matches, as_of=AS_OF).drop(columns="total")
    reasons = reasons.loc[reasons.sum(axis=1) > 0, reasons.sum(axis=0) > 0]
    check("Closures by reason and who ended the match", reasons)
    bands = metrics.duration_bands(data.matches, as_of=AS_OF)[["matches"]]
    check("Closed matches by duration", bands)


def test_the_referral_table_adds_up_to_the_funnel(data, open_report):
    table = open_report.tables["Referrals by partner and how far they went"]
    table = table.drop(index="Total").astype(int)
    funnel = metrics.referral_funnel(data, as_of=AS_OF).drop(index="total")
    assert table["Total"].to_dict() == funnel["referred"].to_dict()
    assert (table["not accepted"] + funnel["accepted"]).to_dict() == funnel["referred"].to_dict()
    assert table["running at 6 months"].to_dict() == funnel["active at 6 months"].to_dict()


def test_markdown_and_html_show_every_figure_in_order(report):
    markdown, page = report.to_markdown(), report.to_html()
    at_md = at_html = 0
    for figure in report.figures["figure"]:
        at_md = markdown.index(f"| {figure} |", at_md)
        at_html = page.index(f"<td>{html.escape(figure)}</td>", at_html)
    for note in report.notes:
        assert f"- {note}" in markdown
        assert f"<li>{html.escape(note)}</li>" in page


def test_argument_errors_come_before_any_work(data):
    with pytest.raises(ValidationError, match="total_cost is a number") as caught:
        program_report(data, total_cost="2 400 000")
    assert caught.value.field == "total_cost"
    with pytest.raises(ValidationError, match="confidence"):
        program_report(data, confidence=95)


def _baseline_twice(people: int) -> ProgramData:
    mentees = [Mentee(f"y{i}", f"Y{i}") for i in range(people)]
    assessments = []
    for i in range(people):
        for k, day in enumerate((dt.date(2026, 1, 1), dt.date(2026, 1, 8))):
            assessments.append(
                Assessment(f"a{i}-{k}", f"y{i}", "WHO-5", "baseline", day, [3, 3, 3, 3, 3 - k])
            )
    return ProgramData(
        Program("p1", "Test", country="NO"), mentees=mentees, assessments=assessments
    )


def test_report_scored_at_baseline_counts_people_not_assessments():
    """ "scored at baseline" is a count of people; a person assessed twice counts once.

    Six mentees each filled in WHO-5 twice at baseline (a repeat a week later). The report's
    section promises "the people scored"; it shows 12, the number of forms.
    """
    report = metrics.program_report(_baseline_twice(6), as_of=dt.date(2026, 2, 1))
    assert _scored_at_baseline(report)["value"] == 6


def test_report_small_group_assessed_twice_is_suppressed():
    """Three people are below the threshold of 5, however many forms they filled in.

    Three mentees, two baseline WHO-5 forms each: the report publishes "scored at baseline 6"
    and "not poor wellbeing at baseline 6", health data about three people, unsuppressed,
    because the threshold is applied to forms, not to people.
    """
    report = metrics.program_report(_baseline_twice(3), as_of=dt.date(2026, 2, 1))
    assert bool(_scored_at_baseline(report)["suppressed"])


def _scored_at_baseline(report):
    rows = report.figures[report.figures["figure"] == "scored at baseline"]
    assert len(rows) == 1
    return rows.iloc[0]
