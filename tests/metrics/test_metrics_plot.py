"""The optional plots draw what they say (matplotlib, headless)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from mentorlib import samples  # noqa: E402
from mentorlib.metrics import (  # noqa: E402
    match_survival,
    plot_funnel,
    plot_meetings,
    plot_retention,
    referral_funnel,
)
from mentorlib.model import ValidationError  # noqa: E402


@pytest.fixture(scope="module")
def data():
    return samples.vinn_vinn(seed=0)


def test_retention_plot_stops_where_few_are_at_risk(data):
    curve = match_survival(data.matches, as_of=dt.date(2027, 8, 16))
    ax = plot_retention(curve, min_at_risk=10)
    line = ax.get_lines()[0]
    shown = np.asarray(line.get_xdata())
    assert shown.max() <= curve.timeline[curve.at_risk >= 10].max()
    with pytest.raises(ValidationError, match="at risk"):
        plot_retention(curve, min_at_risk=10_000)
    plt.close("all")


def test_meetings_and_funnel_plots(data):
    ax = plot_meetings(data)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == ["meetings held", "target 1,200"]
    assert ax.get_lines()[0].get_ydata()[-1] == 685
    funnel = referral_funnel(data)
    bars = plot_funnel(funnel)
    assert bars.patches[0].get_width() == funnel.loc["total", "referred"]
    plt.close("all")
