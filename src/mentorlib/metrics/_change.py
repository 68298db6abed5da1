"""Change from before to after: reliable and clinically significant change, paired effect size."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Literal

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from mentorlib.model import Assessment, ValidationError

from ._common import FloatArray, check_confidence, scipy_module
from ._instruments import Cutoff, Instrument, _find, score_assessments

__all__ = [
    "Change",
    "Criterion",
    "Norms",
    "PairedEffectSize",
    "PairedTTest",
    "assessment_change",
    "change",
    "clinical_cutoff",
    "paired_effect_size",
    "paired_t_test",
    "reliable_change_index",
]

Criterion = Literal["a", "b", "c"]


def _pairs(
    before: npt.ArrayLike, after: npt.ArrayLike, where: str
) -> tuple[FloatArray, FloatArray]:
    x = np.asarray(before, dtype=np.float64).ravel()
    y = np.asarray(after, dtype=np.float64).ravel()
    if x.shape != y.shape:
        raise ValidationError(
            f"{x.size} scores before but {y.size} after; give them in pairs",
            record=where,
            field="after",
        )
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValidationError(
            "scores are finite numbers; drop the people without both", record=where
        )
    return x, y


@attrs.frozen
class PairedTTest:
    """The paired t-test of ``after - before`` and the interval of the mean difference."""

    n: int
    mean_difference: float
    sd_difference: float
    t: float
    df: int
    p_value: float
    lower: float
    upper: float
    confidence: float

    @property
    def summary(self) -> pd.DataFrame:
        """The figures as a one-column DataFrame."""
        return pd.DataFrame({"value": attrs.asdict(self)})


def paired_t_test(
    before: npt.ArrayLike, after: npt.ArrayLike, *, confidence: float = 0.95
) -> PairedTTest:
    r"""Return the two-sided paired t-test of ``after - before``.

    With the differences :math:`d_i`, :math:`t = \bar d / (s_d / \sqrt n)` on :math:`n - 1`
    degrees of freedom (as ``scipy.stats.ttest_rel(after, before)``), and the interval
    :math:`\bar d \pm t_{1-\alpha/2,\,n-1}\, s_d / \sqrt n`. Needs scipy.

    Examples
    --------
    >>> result = paired_t_test([10, 12, 9, 14, 11], [8, 11, 9, 10, 10])
    >>> round(result.t, 4), round(result.p_value, 4)
    (-2.3591, 0.0777)
    """
    confidence = check_confidence(confidence, where="paired_t_test")
    x, y = _pairs(before, after, "paired_t_test")
    n = x.size
    if n < 2:
        raise ValidationError(
            f"a paired t-test needs at least 2 pairs, got {n}", record="paired_t_test"
        )
    d = y - x
    mean = float(d.mean())
    sd = float(d.std(ddof=1))
    se = sd / math.sqrt(n)
    stats = scipy_module("stats")
    df = n - 1
    if se == 0:
        t = math.copysign(math.inf, mean) if mean else math.nan
        p = 0.0 if mean else math.nan
    else:
        t = mean / se
        p = float(2 * stats.t.sf(abs(t), df))
    q = float(stats.t.ppf(0.5 + confidence / 2, df))
    return PairedTTest(n, mean, sd, t, df, p, mean - q * se, mean + q * se, confidence)


@attrs.frozen
class PairedEffectSize:
    r"""The standardised mean change :math:`d_z` and its interval.

    ``g_z`` is :math:`d_z` with the small-sample correction; ``lower`` and ``upper`` bound the
    population :math:`\delta_z`.
    """

    n: int
    d_z: float
    g_z: float
    lower: float
    upper: float
    confidence: float

    @property
    def summary(self) -> pd.DataFrame:
        """The figures as a one-column DataFrame."""
        return pd.DataFrame({"value": attrs.asdict(self)})


def hedges_correction(df: int) -> float:
    r"""Return Hedges' exact small-sample correction factor for ``df`` degrees of freedom.

    :math:`J(m) = \frac{\Gamma(m/2)}{\sqrt{m/2}\,\Gamma((m-1)/2)} \approx 1 - \frac{3}{4m - 1}`.

    >>> round(hedges_correction(9), 4)
    0.9139
    """
    if df < 2:
        return math.nan
    return math.exp(math.lgamma(df / 2) - math.lgamma((df - 1) / 2)) / math.sqrt(df / 2)


def paired_effect_size(
    before: npt.ArrayLike, after: npt.ArrayLike, *, confidence: float = 0.95
) -> PairedEffectSize:
    r"""Return the paired effect size of ``after - before``.

    :math:`d_z = \bar d / s_d` (Cohen 1988); :math:`g_z = J(n-1)\, d_z` with Hedges' exact
    correction :math:`J` (:func:`hedges_correction`). The interval is for the population
    :math:`\delta_z`, exact by inverting the noncentral t distribution of
    :math:`t = d_z\sqrt n` (Steiger & Fouladi 1997; Cumming & Finch 2001): the limits are
    :math:`\lambda / \sqrt n` for the noncentrality parameters :math:`\lambda` at which the
    observed t is the :math:`1-\alpha/2` and :math:`\alpha/2` quantile. Needs scipy.

    Examples
    --------
    >>> es = paired_effect_size([10, 12, 9, 14, 11], [8, 11, 9, 10, 10])
    >>> round(es.d_z, 4), round(es.g_z, 4), round(es.lower, 3), round(es.upper, 3)
    (-1.055, -0.8418, -2.144, 0.105)
    """
    confidence = check_confidence(confidence, where="paired_effect_size")
    x, y = _pairs(before, after, "paired_effect_size")
    n = x.size
    if n < 3:
        raise ValidationError(
            f"a paired effect size needs at least 3 pairs, got {n}", record="paired_effect_size"
        )
    d = y - x
    sd = float(d.std(ddof=1))
    if sd == 0:
        raise ValidationError(
            "every difference is the same, so the effect size is undefined",
            record="paired_effect_size",
        )
    d_z = float(d.mean()) / sd
    g_z = hedges_correction(n - 1) * d_z
    lower, upper = _noncentral_interval(d_z * math.sqrt(n), n - 1, confidence)
    root = math.sqrt(n)
    return PairedEffectSize(n, d_z, g_z, lower / root, upper / root, confidence)


def _noncentral_interval(t: float, df: int, confidence: float) -> tuple[float, float]:
    stats = scipy_module("stats")
    optimize = scipy_module("optimize")
    alpha = 1 - confidence

    def solve(target: float) -> float:
        def gap(ncp: float) -> float:
            # P(T <= t) falls from 1 to 0 as the noncentrality grows; scipy gives nan far out
            # in the tails, where the value is 0 (ncp above t) or 1 (below).
            with np.errstate(divide="ignore"):  # scipy<1.14 warns where it gives nan
                value = float(stats.nct.cdf(t, df, ncp))
            if math.isnan(value):
                value = 0.0 if ncp > t else 1.0
            return value - target

        step = 10.0 * math.sqrt(1 + t * t / (2 * df))
        low, high = t - step, t + step
        while gap(low) < 0:
            low -= step
        while gap(high) > 0:
            high += step
        return float(optimize.brentq(gap, low, high, xtol=1e-12))

    return solve(1 - alpha / 2), solve(alpha / 2)


def reliable_change_index(
    before: npt.ArrayLike, after: npt.ArrayLike, *, sd: float, reliability: float
) -> FloatArray:
    r"""Return Jacobson & Truax's (1991) reliable change index of each pair.

    .. math::

        RCI = \frac{x_\text{after} - x_\text{before}}{S_\text{diff}}, \quad
        S_\text{diff} = \sqrt{2}\, s \sqrt{1 - r_{xx}}

    with :math:`s` the standard deviation of the scores before (of the sample or a norm) and
    :math:`r_{xx}` the instrument's reliability. :math:`|RCI| > 1.96` is a reliable change.

    Examples
    --------
    >>> reliable_change_index([20, 20], [10, 14], sd=7.5, reliability=0.8).round(3).tolist()
    [-2.108, -1.265]
    """
    if not 0 < reliability < 1:
        raise ValidationError(
            f"a reliability coefficient is between 0 and 1, got {reliability}",
            record="reliable_change_index",
            field="reliability",
        )
    if not sd > 0:
        raise ValidationError(
            f"the standard deviation must be above 0, got {sd}",
            record="reliable_change_index",
            field="sd",
        )
    x, y = _pairs(before, after, "reliable_change_index")
    s_diff = math.sqrt(2) * sd * math.sqrt(1 - reliability)
    result: FloatArray = (y - x) / s_diff
    return result


@attrs.frozen
class Norms:
    """Mean and standard deviation of a dysfunctional and of a functional population."""

    dysfunctional_mean: float
    dysfunctional_sd: float
    functional_mean: float | None = None
    functional_sd: float | None = None


def clinical_cutoff(norms: Norms, *, criterion: Criterion, higher_is_worse: bool) -> float:
    r"""Return Jacobson & Truax's cut-off between dysfunctional and functional scores.

    ``"a"``: two standard deviations beyond the dysfunctional mean, toward functioning,
    :math:`m_1 \mp 2 s_1`. ``"b"``: two standard deviations from the functional mean toward
    dysfunction, :math:`m_0 \pm 2 s_0`. ``"c"``: the point between the two means weighted by
    the spreads, :math:`(s_0 m_1 + s_1 m_0) / (s_0 + s_1)`. The sign follows
    ``higher_is_worse``.

    >>> clinical_cutoff(Norms(30, 6, 10, 4), criterion="c", higher_is_worse=True)
    18.0
    """
    sign = 1.0 if higher_is_worse else -1.0
    m1, s1 = norms.dysfunctional_mean, norms.dysfunctional_sd
    if criterion == "a":
        return m1 - sign * 2 * s1
    m0, s0 = norms.functional_mean, norms.functional_sd
    if m0 is None or s0 is None:
        raise ValidationError(
            f"criterion {criterion!r} needs the functional population's mean and sd",
            record="Norms",
            field="functional_mean",
        )
    if criterion == "b":
        return m0 + sign * 2 * s0
    if criterion == "c":
        return (s0 * m1 + s1 * m0) / (s0 + s1)
    raise ValidationError(
        f"criterion is 'a', 'b' or 'c', got {criterion!r}", record="clinical_cutoff"
    )


@attrs.frozen(eq=False)
class Change:
    """Per-person change with reliable and clinically significant change, and group statistics.

    ``per_person`` has ``before``, ``after``, ``difference``, ``rci``, ``category``
    (``improved`` / ``unchanged`` / ``deteriorated``, direction-aware) and ``recovered``
    (reliably improved and moved from the dysfunctional to the functional side of
    ``cutoff``; ``<NA>`` without a cut-off). ``counts`` counts the categories.
    """

    per_person: pd.DataFrame
    t_test: PairedTTest | None
    effect_size: PairedEffectSize | None
    higher_is_worse: bool
    reliability: float | None
    sd: float | None
    cutoff: float | None
    z: float

    @property
    def counts(self) -> pd.Series:
        """How many improved, were unchanged, deteriorated, and recovered."""
        categories = self.per_person["category"]
        result = {
            name: int((categories == name).sum())
            for name in ("improved", "unchanged", "deteriorated")
        }
        recovered = self.per_person["recovered"]
        result["recovered"] = int(recovered.fillna(False).sum())
        return pd.Series(result, name="people", dtype=np.int64)

    @property
    def summary(self) -> pd.DataFrame:
        """Counts, the test and the effect size in one ``value`` column."""
        rows: dict[str, float] = {"pairs": float(len(self.per_person))}
        rows.update({str(k): float(v) for k, v in self.counts.items()})
        if self.t_test is not None:
            rows.update(
                mean_difference=self.t_test.mean_difference,
                t=self.t_test.t,
                p_value=self.t_test.p_value,
            )
        if self.effect_size is not None:
            rows.update(
                d_z=self.effect_size.d_z,
                g_z=self.effect_size.g_z,
                d_z_lower=self.effect_size.lower,
                d_z_upper=self.effect_size.upper,
            )
        return pd.DataFrame({"value": rows})


def change(
    before: Sequence[float] | npt.ArrayLike,
    after: Sequence[float] | npt.ArrayLike,
    *,
    higher_is_worse: bool,
    reliability: float | None = None,
    sd: float | None = None,
    cutoff: float | Cutoff | None = None,
    norms: Norms | None = None,
    criterion: Criterion = "c",
    confidence: float = 0.95,
    index: Iterable[str] | None = None,
) -> Change:
    """Return reliable and clinically significant change for paired scores.

    Parameters
    ----------
    before, after
        One score each per person, in the same order.
    higher_is_worse
        ``True`` for symptom scales (CRIES-8, HSCL-25), ``False`` for WHO-5: an improvement is
        a fall in the first case and a rise in the second.
    reliability
        The instrument's reliability :math:`r_{xx}`; without it no reliable change is
        claimed: ``rci`` is ``nan`` and ``category`` and ``recovered`` are ``<NA>``.
    sd
        The standard deviation for the index; the sample's scores before by default (as
        Jacobson & Truax).
    cutoff
        The cut-off between dysfunctional and functional scores: a number (a score at it or
        on the worse side of it is dysfunctional) or an instrument's :class:`Cutoff` (a score
        it flags is dysfunctional); or give ``norms`` and ``criterion``.
    norms, criterion
        Population norms and the Jacobson–Truax criterion ``"a"``, ``"b"`` or ``"c"``.
    confidence
        The level of the t-test's and effect size's intervals.
    index
        Labels of the people (person ids).
    """
    x, y = _pairs(before, after, "change")
    labels = list(index) if index is not None else [str(i) for i in range(x.size)]
    if cutoff is None and norms is not None:
        cutoff = clinical_cutoff(norms, criterion=criterion, higher_is_worse=higher_is_worse)
    frame = pd.DataFrame(
        {"before": x, "after": y, "difference": y - x}, index=pd.Index(labels, name="person_id")
    )
    z = 1.96
    used_sd: float | None = None
    if reliability is not None and x.size >= 2:
        used_sd = float(np.std(x, ddof=1)) if sd is None else float(sd)
        rci = reliable_change_index(x, y, sd=used_sd, reliability=reliability)
        better = -rci if higher_is_worse else rci
        category = np.where(
            better > z, "improved", np.where(better < -z, "deteriorated", "unchanged")
        )
        frame["rci"] = rci
        frame["category"] = pd.array(category, dtype="string")
    else:
        frame["rci"] = math.nan
        frame["category"] = pd.array([pd.NA] * x.size, dtype="string")
    if cutoff is not None:
        crossed = _dysfunctional(x, cutoff, higher_is_worse) & ~_dysfunctional(
            y, cutoff, higher_is_worse
        )
        recovered = pd.array(crossed, dtype="boolean") & (frame["category"] == "improved").fillna(
            False
        ).to_numpy(dtype=bool)
        if reliability is None:
            recovered = pd.array([pd.NA] * x.size, dtype="boolean")
        frame["recovered"] = recovered
    else:
        frame["recovered"] = pd.array([pd.NA] * x.size, dtype="boolean")
    t_test = paired_t_test(x, y, confidence=confidence) if x.size >= 2 else None
    effect = (
        paired_effect_size(x, y, confidence=confidence)
        if x.size >= 3 and float(np.std(y - x)) > 0
        else None
    )
    threshold = cutoff.threshold if isinstance(cutoff, Cutoff) else cutoff
    return Change(frame, t_test, effect, higher_is_worse, reliability, used_sd, threshold, z)


def _dysfunctional(
    scores: FloatArray, cutoff: float | Cutoff, higher_is_worse: bool
) -> npt.NDArray[np.bool_]:
    if isinstance(cutoff, Cutoff):
        return np.array([bool(cutoff.applies(float(v))) for v in scores], dtype=bool)
    result: npt.NDArray[np.bool_] = scores >= cutoff if higher_is_worse else scores <= cutoff
    return result


def _latest(scores: pd.DataFrame, point: str) -> pd.DataFrame:
    """Return each person's latest assessment at ``point`` (same day: the later given), by id.

    The latest is kept even when it could not be scored: an older form must not stand in for
    it, so such a person is left out where a score is needed.
    """
    at = scores[scores["time_point"] == point].sort_values("on", kind="stable")
    return at.drop_duplicates("person_id", keep="last").set_index("person_id")


def assessment_change(
    assessments: Iterable[Assessment],
    instrument: Instrument | str,
    *,
    before: str = "baseline",
    after: str = "end",
    scale: str = "total",
    reliability: float | None = None,
    sd: float | None = None,
    cutoff: float | Cutoff | None = None,
    norms: Norms | None = None,
    criterion: Criterion = "c",
    confidence: float = 0.95,
) -> Change:
    """Return :func:`change` for everyone with a scored ``before`` and ``after`` assessment.

    Each person's latest assessment of each time point is used; people without both, or with
    a scale that could not be scored (too many missing items), are left out. The reliability
    defaults to the instrument's (built-ins have none: give the one for your population), the
    cut-off to the instrument's first cut-off on ``scale`` (CRIES-8 17, HSCL-25 1.75, WHO-5 13).
    """
    chosen = _find(instrument)
    scores = score_assessments(assessments, chosen)
    if reliability is None:
        reliability = getattr(chosen, "reliability", None)
    if cutoff is None and norms is None:
        for item in getattr(chosen, "cutoffs", ()):
            if item.scale == scale:
                cutoff = item
                break
    if scale not in scores:
        raise ValidationError(
            f"{chosen.name} has no scale {scale!r}", record="assessment_change", field="scale"
        )
    wide = {point: _latest(scores, point)[scale] for point in (before, after)}
    paired = pd.concat(wide, axis=1).dropna()
    return change(
        paired[before].to_numpy(dtype=float),
        paired[after].to_numpy(dtype=float),
        higher_is_worse=chosen.higher_is_worse,
        reliability=reliability,
        sd=sd,
        cutoff=cutoff,
        norms=norms,
        criterion=criterion,
        confidence=confidence,
        index=[str(i) for i in paired.index],
    )
