"""Outcome calculators a program can publish and a funder can trust.

Pure functions over the domain model (:mod:`mentorlib.model`) and over pandas DataFrames:
meeting adherence and targets, Kaplan–Meier retention and match duration, proportions with
Wilson, Clopper–Pearson and Newcombe intervals, scoring of CRIES-8, HSCL-25 and WHO-5, pre/post
change (reliable change index, clinical significance, paired t-test and effect size), referral
funnels against commitments, breakdowns, cost and SROI, disclosure control (primary and
secondary suppression, with an audit by linear programming) and a program report.

The conventions (pooled against mean of ratios, the median rule, month counting, which
intervals) are set out in the documentation page "Metrics".

>>> from mentorlib import metrics, samples
>>> report = metrics.program_report(samples.vinn_vinn(seed=0))
>>> print(report.figures.loc[0, ["figure", "value", "target"]].to_dict())
{'figure': 'meetings held', 'value': 685.0, 'target': 1200.0}
"""

import contextlib as _contextlib

from ._adherence import Adherence, meeting_adherence, target_attainment
from ._breakdown import AGE_BANDS, age_band, breakdown, cross_table, mentee_frame
from ._change import (
    Change,
    Criterion,
    Norms,
    PairedEffectSize,
    PairedTTest,
    assessment_change,
    change,
    clinical_cutoff,
    hedges_correction,
    paired_effect_size,
    paired_t_test,
    reliable_change_index,
)
from ._common import add_months, months_between
from ._disclosure import CellStatus, SuppressedTable, audit, suppress, with_margins
from ._funnel import commitment_attainment, referral_funnel
from ._instruments import (
    CRIES_8,
    HSCL_25,
    INSTRUMENTS,
    WHO_5,
    Cutoff,
    Instrument,
    ItemScale,
    Subscale,
    check_instrument,
    score_assessments,
)
from ._plot import plot_funnel, plot_meetings, plot_retention
from ._proportions import (
    IntervalMethod,
    Proportion,
    ProportionDifference,
    clopper_pearson_interval,
    outcome_proportion,
    proportion,
    proportion_difference,
    wilson_interval,
)
from ._report import Report, program_report
from ._survival import (
    DURATION_BANDS,
    SurvivalCurve,
    TimeUnit,
    closure_reasons,
    duration_bands,
    early_closure,
    kaplan_meier,
    match_survival,
    retention,
)
from ._value import Sroi, SroiOutcome, sroi, unit_costs

__all__ = [
    "AGE_BANDS",
    "CRIES_8",
    "DURATION_BANDS",
    "HSCL_25",
    "INSTRUMENTS",
    "WHO_5",
    "Adherence",
    "CellStatus",
    "Change",
    "Criterion",
    "Cutoff",
    "Instrument",
    "IntervalMethod",
    "ItemScale",
    "Norms",
    "PairedEffectSize",
    "PairedTTest",
    "Proportion",
    "ProportionDifference",
    "Report",
    "Sroi",
    "SroiOutcome",
    "Subscale",
    "SuppressedTable",
    "SurvivalCurve",
    "TimeUnit",
    "add_months",
    "age_band",
    "assessment_change",
    "audit",
    "breakdown",
    "change",
    "check_instrument",
    "clinical_cutoff",
    "clopper_pearson_interval",
    "closure_reasons",
    "commitment_attainment",
    "cross_table",
    "duration_bands",
    "early_closure",
    "hedges_correction",
    "kaplan_meier",
    "match_survival",
    "meeting_adherence",
    "mentee_frame",
    "months_between",
    "outcome_proportion",
    "paired_effect_size",
    "paired_t_test",
    "plot_funnel",
    "plot_meetings",
    "plot_retention",
    "program_report",
    "proportion",
    "proportion_difference",
    "referral_funnel",
    "reliable_change_index",
    "retention",
    "score_assessments",
    "sroi",
    "suppress",
    "target_attainment",
    "unit_costs",
    "wilson_interval",
    "with_margins",
]

for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) or callable(_obj):
        with _contextlib.suppress(AttributeError, TypeError):  # typing aliases refuse it
            _obj.__module__ = __name__
del _name, _obj
