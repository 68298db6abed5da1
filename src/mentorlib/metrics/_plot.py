"""Plots for a report: the retention curve with its band, meetings against the target, the funnel.

matplotlib is an optional extra (``pip install mentorlib[plot]``) and is imported only when a
plot is drawn. Each function draws on the ``ax`` given (a new figure's axes otherwise) and
returns it, so a caller styles, combines and saves plots as usual.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from mentorlib.model import MeetingStatus, ProgramData, ValidationError

from ._common import default_as_of
from ._survival import SurvivalCurve

__all__ = ["plot_funnel", "plot_meetings", "plot_retention"]


def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt  # type: ignore[import-not-found, unused-ignore]
    except ImportError as exc:  # pragma: no cover - matplotlib is installed for the tests
        raise ImportError(
            "plots need matplotlib; install it with `pip install mentorlib[plot]`"
        ) from exc
    _, axes = plt.subplots(figsize=(7, 4))
    return axes


def plot_retention(
    curve: SurvivalCurve, *, ax: Any = None, label: str = "matches", min_at_risk: int = 5
) -> Any:
    """Draw a Kaplan–Meier curve as a step function with its confidence band.

    The curve stops where fewer than ``min_at_risk`` matches are still followed: past that
    point each step is one or two people, which is both unreliable and disclosive.
    """
    axes = _axes(ax)
    keep = curve.at_risk >= min_at_risk
    if not keep.any():
        raise ValidationError(
            f"no time has at least {min_at_risk} matches at risk", record="plot_retention"
        )
    last = int(np.nonzero(keep)[0][-1])
    times = curve.timeline[: last + 1]
    axes.step(times, curve.survival[: last + 1], where="post", label=label)
    axes.fill_between(
        times,
        curve.lower[: last + 1],
        curve.upper[: last + 1],
        step="post",
        alpha=0.25,
        label=f"{curve.confidence * 100:g} % band",
    )
    axes.set_ylim(0, 1.02)
    axes.set_xlabel(curve.unit)
    axes.set_ylabel("still running")
    axes.legend(loc="lower left")
    return axes


def plot_meetings(data: ProgramData, *, as_of: dt.date | None = None, ax: Any = None) -> Any:
    """Draw meetings held over time (cumulative) against the program's meeting target.

    A dashed line carries the pace of the last 56 days to the program's end, as
    :func:`target_attainment` projects it.
    """
    from ._adherence import target_attainment

    axes = _axes(ax)
    day = default_as_of(data) if as_of is None else as_of
    held = sorted(
        m.start.date()
        for m in data.meetings
        if m.status is MeetingStatus.HELD and m.start.date() <= day
    )
    series = pd.Series(np.arange(1, len(held) + 1), index=pd.to_datetime(held))
    axes.step(series.index, series.to_numpy(), where="post", label="meetings held")
    targets = target_attainment(data, as_of=day)
    ends_on = data.program.ends_on
    if "meetings" in targets.index:
        row = targets.loc["meetings"].to_dict()
        target = int(row["target"])
        axes.axhline(target, color="grey", linestyle=":", label=f"target {target:,}")
        if ends_on is not None and len(held):
            axes.plot(
                pd.to_datetime([day, ends_on]),
                [len(held), float(row["projected"])],
                linestyle="--",
                label="at the current pace",
            )
    axes.set_ylabel("meetings held")
    axes.legend(loc="upper left")
    return axes


def plot_funnel(funnel: pd.DataFrame, *, row: str = "total", ax: Any = None) -> Any:
    """Draw one row of :func:`referral_funnel` (the total by default) as horizontal bars."""
    axes = _axes(ax)
    stages = [c for c in funnel.columns if c not in ("retained share",) and "reached" not in c]
    values = funnel.loc[row, stages].astype(float).to_numpy()
    positions = np.arange(len(stages))[::-1]
    axes.barh(positions, values)
    axes.set_yticks(positions, stages)
    for position, value in zip(positions, values, strict=True):
        axes.text(value, position, f" {value:,.0f}", va="center")
    axes.set_xlabel("referrals")
    axes.set_title(str(row))
    return axes
