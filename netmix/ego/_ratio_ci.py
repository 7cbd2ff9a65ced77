"""Confidence intervals for ratios of (survey-weighted) sums over egos.

Every estimate here is :math:`R = \\sum_i a_i / \\sum_i b_i` for per-ego numerators and
denominators (the mean of ratios is one too: :math:`a_i = s_i r_i`, :math:`b_i = s_i`),
computed for several domains (levels of ``by``) at once. Three interval methods:

* ``"analytic"``: Taylor linearisation of the ratio estimator (Cochran 1977, sec. 6.3;
  Särndal, Swensson and Wretman 1992, sec. 5.6), with-replacement variance over clusters
  (egos, or areas), the interval built on the log scale;
* ``"bootstrap"``: percentile interval over resampled clusters (egos by default), all
  resamples drawn at once as a ``(B, m)`` count matrix;
* ``"glm"``: a quasi-Poisson GLM of :math:`a_i` with log link and offset
  :math:`\\log b_i` whose intercept is exactly :math:`\\log R` (its score equation is
  :math:`\\sum_i a_i = R \\sum_i b_i`), with cluster-robust (sandwich) errors
  (statsmodels), fitted per level. Survey weights enter through :math:`a_i, b_i`, so the
  fit needs no weights argument.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import ndtr, ndtri

from .._validation import rng_from_seed

__all__ = ["ratio_intervals"]

_CHUNK = 2_000_000  # counts per block of bootstrap resamples


def _totals(values: np.ndarray, clusters: np.ndarray, levels: np.ndarray, m: int,
            n_levels: int) -> np.ndarray:
    """``(m, n_levels + 1)`` sums of ``values`` per cluster and level (last column: all)."""
    out = np.zeros((m, n_levels + 1))
    ok = levels >= 0
    flat = clusters[ok] * (n_levels + 1) + levels[ok]
    out += np.bincount(flat, weights=values[ok], minlength=m * (n_levels + 1)).reshape(
        m, n_levels + 1)
    out[:, -1] = np.bincount(clusters, weights=values, minlength=m)
    return out


def _normal_ci(ratio: np.ndarray, se_log: np.ndarray, level: float
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    q = ndtri(0.5 + level / 2)
    ok = (ratio > 0) & np.isfinite(se_log)
    low, high, p = (np.full(ratio.shape, np.nan) for _ in range(3))
    with np.errstate(divide="ignore", invalid="ignore"):
        log_r = np.log(np.where(ok, ratio, 1.0))
        low[ok] = np.exp(log_r[ok] - q * se_log[ok])
        high[ok] = np.exp(log_r[ok] + q * se_log[ok])
        z = np.abs(log_r) / se_log
    p[ok] = np.where(se_log[ok] > 0, 2 * ndtr(-(z[ok])),
                     np.where(log_r[ok] == 0, 1.0, 0.0))
    return low, high, p


def _analytic(a_tot: np.ndarray, b_tot: np.ndarray, ratio: np.ndarray, level: float):
    m = a_tot.shape[0]
    den = b_tot.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (a_tot - ratio * b_tot) / den
        var = m / (m - 1) * (z**2).sum(axis=0) if m > 1 else np.full(ratio.shape, np.nan)
        se_log = np.sqrt(var) / ratio
    return (*_normal_ci(ratio, se_log, level), se_log)


def _bootstrap(a_tot: np.ndarray, b_tot: np.ndarray, ratio: np.ndarray, level: float,
               n_resamples: int, seed: Any):
    rng = rng_from_seed(seed)
    m = a_tot.shape[0]
    draws = np.empty((n_resamples, a_tot.shape[1]))
    step = max(1, _CHUNK // max(m, 1))
    for start in range(0, n_resamples, step):
        b = min(step, n_resamples - start)
        picks = rng.integers(0, m, size=(b, m))
        rows = np.repeat(np.arange(b), m)
        counts = np.bincount(rows * m + picks.ravel(), minlength=b * m).reshape(b, m)
        num, den = counts @ a_tot, counts @ b_tot
        out = np.full(num.shape, np.nan)
        np.divide(num, den, out=out, where=den > 0)
        draws[start:start + b] = out
    alpha = 1 - level
    low, high, se_log = (np.full(ratio.shape, np.nan) for _ in range(3))
    p = np.full(ratio.shape, np.nan)
    for j in range(ratio.size):
        d = draws[:, j][np.isfinite(draws[:, j])]
        if d.size < 2 or not np.isfinite(ratio[j]):
            continue
        low[j], high[j] = np.quantile(d, [alpha / 2, 1 - alpha / 2])
        pos = d[d > 0]
        if ratio[j] > 0 and pos.size > 1:
            se_log[j] = np.log(pos).std(ddof=1)
    _, _, p = _normal_ci(ratio, se_log, level)
    return low, high, p, se_log


def _glm(a: np.ndarray, b: np.ndarray, clusters: np.ndarray, levels: np.ndarray,
         n_levels: int, ratio: np.ndarray, level: float):
    import statsmodels.api as sm

    se_log = np.full(ratio.shape, np.nan)
    low, high, p = (np.full(ratio.shape, np.nan) for _ in range(3))
    q = ndtri(0.5 + level / 2)
    for j in range(n_levels + 1):
        use = (b > 0) & (np.ones(a.size, bool) if j == n_levels else levels == j)
        if use.sum() < 2 or not ratio[j] > 0:
            continue
        groups = np.unique(clusters[use], return_inverse=True)[1]
        model = sm.GLM(a[use], np.ones((int(use.sum()), 1)), family=sm.families.Poisson(),
                       offset=np.log(b[use]))
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": groups})
        coef, se = float(fit.params[0]), float(fit.bse[0])
        se_log[j] = se
        low[j], high[j] = np.exp(coef - q * se), np.exp(coef + q * se)
        p[j] = 2 * ndtr(-(abs(coef) / se)) if se > 0 else np.nan
    return low, high, p, se_log


def ratio_intervals(a: np.ndarray, b: np.ndarray, *, clusters: np.ndarray,
                    levels: np.ndarray, n_levels: int, method: str | None, level: float,
                    n_resamples: int, seed: Any) -> dict[str, np.ndarray]:
    """Ratios, intervals, p-values (H0: ratio = 1) and log-scale standard errors.

    ``levels`` holds each ego's domain (-1: none); the last entry of every array is the
    whole sample. ``clusters`` are codes ``0 .. m-1`` of the resampling units.
    """
    m = int(clusters.max()) + 1 if clusters.size else 0
    a_tot = _totals(a, clusters, levels, m, n_levels)
    b_tot = _totals(b, clusters, levels, m, n_levels)
    num, den = a_tot.sum(axis=0), b_tot.sum(axis=0)
    ratio = np.full(num.shape, np.nan)
    np.divide(num, den, out=ratio, where=den > 0)
    nan = np.full(ratio.shape, np.nan)
    if method == "analytic":
        low, high, p, se = _analytic(a_tot, b_tot, ratio, level)
    elif method == "bootstrap":
        low, high, p, se = _bootstrap(a_tot, b_tot, ratio, level, n_resamples, seed)
    elif method == "glm":
        low, high, p, se = _glm(a, b, clusters, levels, n_levels, ratio, level)
    else:
        low, high, p, se = nan, nan.copy(), nan.copy(), nan.copy()
    return {"ratio": ratio, "numerator": num, "denominator": den, "ci_low": low,
            "ci_high": high, "pvalue": p, "se_log": se}
