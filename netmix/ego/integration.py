"""The integration ratio: observed out-group contact over what the area's population offers.

The British Integration Survey (The Challenge 2016) reported that people "take up 48 % of
the opportunities to mix" given where they live: an integration ratio of 0.48. Published
surveys leave several choices implicit; here each is an argument, recorded on the result:
the geography level (the area column of the data), whether the ego is excluded from its
own area's population, survey and contact weighting, and whether the ratio is a ratio of
sums or a mean of per-ego ratios.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._results import ConfidenceInterval, ResultMixin
from .._validation import (
    check_choice,
    check_column,
    check_level,
    check_positive,
    check_resamples_for_level,
)
from ..exceptions import DegenerateMixingWarning, InputError
from ._ratio_ci import ratio_intervals
from .data import EgoData
from .expected import own_and_out

__all__ = ["IntegrationResult", "ingroup_overrepresentation", "integration_ratio"]


@dataclass(frozen=True, eq=False)
class IntegrationResult(ResultMixin):
    """Actual over expected contact, overall and by level, with the record of its making.

    Unpacks to ``statistic, pvalue`` (H0: ratio = 1, contact as mixed as random draws
    from the area). ``table`` holds one row per level of ``by``: ``ratio``, ``ci_low``,
    ``ci_high``, ``pvalue``, ``observed``, ``expected`` (survey-weighted volumes),
    ``n_egos``, ``n_egos_used`` (egos with a positive expected volume) and ``n_alters``.
    ``confidence_interval`` is the overall ``(low, high)`` at ``confidence_level`` by
    ``method``; ``standard_error_log`` the standard error of the log ratio (the scale of the
    test). ``seed`` is the one the bootstrap used (drawn when None was given).
    """

    statistic: float
    pvalue: float
    confidence_interval: ConfidenceInterval
    standard_error_log: float
    table: pd.DataFrame
    kind: str
    estimator: str
    by: str | None
    method: str | None
    confidence_level: float
    exclude_ego: bool
    geography: str
    area_units: str
    survey_weight: str | None
    weight: str | None
    cluster: str | None
    n_resamples: int | None
    seed: Any
    n_egos: int
    n_egos_without_alters: int
    n_egos_used: int
    observed: float
    expected: float
    notes: tuple[str, ...] = field(default_factory=tuple)
    _statistic_label = "ratio"
    _record_fields = ("method", "n_egos", "n_egos_used", "survey_weight", "n_resamples", "seed")

    @property
    def _title(self) -> str:  # type: ignore[override]
        what = "out-group" if self.kind == "outgroup" else "in-group"
        return f"Integration: observed / expected {what} contact ({self.estimator})"


def _levels(data: EgoData, by: str | None) -> tuple[np.ndarray, pd.Index, str | None]:
    if by is None:
        return np.full(data.n_egos, -1, dtype=np.intp), pd.Index([]), None
    if by == "group":
        return data.ego_codes.astype(np.intp), pd.Index(data.labels, name=data.group), data.group
    column = data.area if by == "area" else by
    if column is None:
        raise InputError("by='area' needs the area column of the egos; got data without one. "
                         "Read the data with area=<ego column>.")
    check_column(data.egos, column, "by", source="the ego table")
    codes, uniques = pd.factorize(data.egos[column], sort=True)
    return codes.astype(np.intp), pd.Index(uniques, name=column), column


def _clusters(data: EgoData, cluster: str | None) -> tuple[np.ndarray, str | None]:
    if cluster is None:
        return np.arange(data.n_egos), None
    column = data.area if cluster == "area" else cluster
    if column is None:
        raise InputError("cluster='area' needs the area column of the egos; got data without "
                         "one. Read the data with area=<ego column>, or pass cluster=None.")
    check_column(data.egos, column, "cluster", source="the ego table")
    codes = pd.factorize(data.egos[column])[0]
    if (codes < 0).any():
        raise InputError(f"cluster: column {column!r} has missing values; every ego needs a "
                         "cluster.")
    return codes.astype(np.intp), column


def _terms(data: EgoData, kind: str, weight: str | None, exclude_ego: bool,
           estimator: str, s: np.ndarray):
    parts = own_and_out(data, weight, exclude_ego)
    obs = parts["observed_out" if kind == "outgroup" else "observed_same"]
    exp = parts["expected_out" if kind == "outgroup" else "expected_same"]
    if estimator == "ratio_of_sums":
        return obs, exp, s * obs, s * exp
    used = exp > 0
    r = np.zeros(data.n_egos)
    np.divide(obs, exp, out=r, where=used)
    return obs, exp, s * r, s * used


def _validate(method: str | None, estimator: str, n_resamples: int, level: float) -> None:
    check_choice("method", method, ("bootstrap", "analytic", "glm", None))
    check_choice("estimator", estimator, ("ratio_of_sums", "mean_of_ratios"))
    check_positive("n_resamples", n_resamples, integer=True)
    check_level(level)
    if method == "bootstrap":
        check_resamples_for_level(n_resamples, level)


def _ratio_result(data: EgoData, kind: str, *, by: str | None, weight: str | None,
                  estimator: str, exclude_ego: bool, survey_weights: bool,
                  method: str | None, n_resamples: int, confidence_level: float,
                  cluster: str | None, seed: Any) -> IntegrationResult:
    _validate(method, estimator, n_resamples, confidence_level)
    if method == "bootstrap" and seed is None:  # drawn here so that the result records it
        seed = np.random.SeedSequence().entropy
    s = data.weights(survey_weights)
    levels, labels, by_col = _levels(data, by)
    clusters, cluster_col = _clusters(data, cluster)
    obs, exp, a, b = _terms(data, kind, weight, exclude_ego, estimator, s)
    k = len(labels)
    out = ratio_intervals(a, b, clusters=clusters, levels=levels, n_levels=k,
                          method=method, level=confidence_level, n_resamples=n_resamples,
                          seed=seed)
    n_alt = data.alters_per_ego()

    def count(values: np.ndarray) -> np.ndarray:  # per level, then the whole sample
        ok = levels >= 0
        return np.append(np.bincount(levels[ok], weights=values[ok], minlength=k),
                         values.sum())

    table = pd.DataFrame({
        "ratio": out["ratio"], "ci_low": out["ci_low"], "ci_high": out["ci_high"],
        "pvalue": out["pvalue"], "observed": count(s * obs), "expected": count(s * exp),
        "n_egos": count(np.ones(data.n_egos)).astype(np.int64),
        "n_egos_used": count((exp > 0).astype(float)).astype(np.int64),
        "n_alters": count(n_alt.astype(float)).astype(np.int64)})
    overall = table.iloc[-1]
    table = table.iloc[:-1].set_axis(labels)
    table = table[table["n_egos"] > 0]
    notes = []
    bad = table.index[~np.isfinite(table["ratio"].to_numpy())]
    if not np.isfinite(overall["ratio"]) or len(bad):
        msg = ("nothing was expected (no alters, or no other group in the areas) for "
               + ("the whole sample" if not np.isfinite(overall["ratio"])
                  else f"level(s) {list(bad)} of {by_col!r}") + "; the ratio is NaN there.")
        warnings.warn(msg, DegenerateMixingWarning, stacklevel=3)
        notes.append(msg)
    return IntegrationResult(
        statistic=float(overall["ratio"]), pvalue=float(overall["pvalue"]),
        confidence_interval=ConfidenceInterval(float(overall["ci_low"]),
                                               float(overall["ci_high"])),
        standard_error_log=float(out["se_log"][-1]), table=table, kind=kind,
        estimator=estimator, by=by_col, method=method,
        confidence_level=float(confidence_level), exclude_ego=exclude_ego,
        geography=data.area if data.area is not None else "single area",
        area_units=data.area_units,
        survey_weight=data.survey_weight if survey_weights else None, weight=weight,
        cluster=cluster_col or "ego", n_resamples=n_resamples if method == "bootstrap" else None,
        seed=seed if method == "bootstrap" else None, n_egos=data.n_egos,
        n_egos_without_alters=int((n_alt == 0).sum()), n_egos_used=int((exp > 0).sum()),
        observed=float(overall["observed"]), expected=float(overall["expected"]),
        notes=tuple(notes))


_PARAMS = """
    Parameters
    ----------
    data : EgoData
        With an area table (counts, or shares with ``exclude_ego=False``).
    by : {"group", "area"}, ego column or None, default "group"
        Levels of the table: the ego's group, its area (the geography level of the data),
        or any ego column (age band, region, ...).
    weight : str, optional
        Alter column weighting each contact (duration, frequency).
    estimator : {"ratio_of_sums", "mean_of_ratios"}, default "ratio_of_sums"
        :math:`\\sum s_i O_i / \\sum s_i E_i`, or :math:`\\sum s_i (O_i/E_i) / \\sum s_i`
        over the egos with :math:`E_i > 0`.
    exclude_ego : bool, default True
        Remove the ego from its own group's count in its area, :math:`N_{g} - 1`.
    survey_weights : bool, default True
        Weight egos by the data's survey weight column (if any).
    method : {"bootstrap", "analytic", "glm", None}, default "bootstrap"
        How the confidence interval is made (None: no interval): percentile bootstrap
        over clusters (egos by default); Taylor linearisation with a log-scale normal
        interval; or a quasi-Poisson GLM of :math:`s_i O_i` (log link,
        offset :math:`\\log s_i E_i`) with cluster-robust errors (statsmodels), whose
        intercept is exactly the log ratio of sums (for the mean of ratios:
        :math:`s_i O_i / E_i` with offset :math:`\\log s_i`).
    n_resamples : int, default 999
        Bootstrap resamples; at least :math:`2 / (1 - \\text{level}) - 1` (39 at 95 %, 199 at
        99 %), so that the percentile endpoints are not the extreme resamples.
    confidence_level : float, default 0.95
        Strictly between 0 and 1 (0.95, not 95).
    cluster : "area", ego column or None
        Resampling unit and cluster of the robust variance (default: the ego). With few
        clusters (under about 30) both are unreliable.
    seed : int, SeedSequence or Generator, optional
        For the bootstrap (None: a fresh seed, recorded on the result).

    Returns
    -------
    IntegrationResult
        Unpacks to ``statistic, pvalue`` (two-sided, H0: ratio = 1, normal on the log
        scale; for the bootstrap with the bootstrap standard error of the log ratio).
"""


def integration_ratio(data: EgoData, *, by: str | None = "group", weight: str | None = None,
                      estimator: str = "ratio_of_sums", exclude_ego: bool = True,
                      survey_weights: bool = True, method: str | None = "bootstrap",
                      n_resamples: int = 999, confidence_level: float = 0.95,
                      cluster: str | None = None, seed: Any = None) -> IntegrationResult:
    """Observed out-group contact relative to random mixing within each ego's area.

    .. math::

        R = \\frac{\\sum_i s_i O_i}{\\sum_i s_i E_i}, \\qquad
        O_i = v_i - V_{i g_i}, \\quad E_i = v_i \\, (1 - P_{i g_i})

    where :math:`v_i` is ego :math:`i`'s contact volume, :math:`V_{i g_i}` the part with
    its own group, :math:`P_{i g_i}` its group's share of the area's population (without
    the ego when ``exclude_ego``) and :math:`s_i` the survey weight. :math:`R = 1`:
    contacts as mixed as random draws from the area; :math:`R = 0.48`: people take up 48 %
    of the opportunities to mix. Egos without alters add 0 to both sums (and are left out
    of the mean of ratios, whose per-ego ratio they lack); they are counted on the result.
    {params}
    Notes
    -----
    Social Integration Commission (2014). How integrated is modern Britain?; The
    Challenge (2016). The British Integration Survey (actual over expected mixing given
    the local population). Ratio-estimator variance: Cochran W. G. (1977). Sampling
    Techniques, 3rd ed., sec. 6.3. Validated by coverage on simulated surveys with known
    ratio (:func:`netmix.datasets.survey.simulate_diary_survey`) and by hand computations.

    Examples
    --------
    >>> from netmix.datasets.survey import simulate_diary_survey
    >>> sim = simulate_diary_survey(n_egos=400, homophily=0.5, seed=1)
    >>> res = integration_ratio(sim.ego_data(), method="analytic")
    >>> round(sim.truth["integration_ratio"], 3)
    0.5
    >>> res.confidence_interval.low < 0.5 < res.confidence_interval.high
    True
    """
    return _ratio_result(data, "outgroup", by=by, weight=weight, estimator=estimator,
                         exclude_ego=exclude_ego, survey_weights=survey_weights, method=method,
                         n_resamples=n_resamples, confidence_level=confidence_level,
                         cluster=cluster, seed=seed)


def ingroup_overrepresentation(
        data: EgoData, *, by: str | None = "group", weight: str | None = None,
        estimator: str = "ratio_of_sums", exclude_ego: bool = True,
        survey_weights: bool = True, method: str | None = "bootstrap", n_resamples: int = 999,
        confidence_level: float = 0.95, cluster: str | None = None,
        seed: Any = None) -> IntegrationResult:
    """In-group contact relative to random mixing within each ego's area.

    .. math::

        R^{in} = \\frac{\\sum_i s_i V_{i g_i}}{\\sum_i s_i v_i P_{i g_i}}

    (notation of :func:`integration_ratio`). By group it is the diagonal of
    :func:`ratio_matrix`: "Black Britons socialise with other Black Britons nearly eight
    times as much as expected" (The Challenge 2016) is :math:`R^{in} \\approx 8`.
    {params}
    Examples
    --------
    >>> from netmix.datasets.survey import simulate_diary_survey
    >>> sim = simulate_diary_survey(n_egos=300, seed=2)
    >>> res = ingroup_overrepresentation(sim.ego_data(), method=None)
    >>> bool((res.table["ratio"] > 1).all())
    True
    """
    return _ratio_result(data, "ingroup", by=by, weight=weight, estimator=estimator,
                         exclude_ego=exclude_ego, survey_weights=survey_weights, method=method,
                         n_resamples=n_resamples, confidence_level=confidence_level,
                         cluster=cluster, seed=seed)


for _f in (integration_ratio, ingroup_overrepresentation):
    _f.__doc__ = (_f.__doc__ or "").replace("{params}", _PARAMS)
