"""Shared parts of the assortativity coefficients: the result object and the jackknife
standard error (the edges come from :func:`netmix.core.edge_view`)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy.special import ndtr, ndtri

from .._results import ConfidenceInterval, ResultMixin
from .._validation import check_choice, check_level
from ..exceptions import DegenerateMixingWarning

__all__ = ["AssortativityResult"]


def _warn(message: str, stacklevel: int = 4) -> None:
    warnings.warn(message, DegenerateMixingWarning, stacklevel=stacklevel)


# ============================================================================ results
@dataclass(frozen=True)
class AssortativityResult(ResultMixin):
    """An assortativity coefficient with its jackknife standard error.

    ``statistic, pvalue = result`` unpacks; ``summary()`` renders a table; ``to_frame()``
    gives one row to concatenate across analyses.

    Attributes
    ----------
    statistic : float
        The coefficient :math:`r`, as the matching bare function returns it.
    pvalue : float
        Wald test of :math:`r = 0` against ``alternative``, :math:`z = r / \\sigma_r` with the
        jackknife standard error. It treats edges as independent observations; for the null
        of random mixing on a fixed network prefer a permutation test
        (:mod:`netmix.inference`).
    standard_error : float
        Newman's jackknife standard error :math:`\\sigma_r` (see
        :func:`nominal_assortativity_test`).
    confidence_interval : ConfidenceInterval
        ``(low, high)``: the normal confidence interval
        :math:`r \\pm z_{1-\\alpha/2} \\sigma_r` (one-sided for a one-sided
        ``alternative``), clipped to [-1, 1].
    kind : {"nominal", "numeric", "degree"}
    attribute : str or None
        The node attribute (or degree types, e.g. ``"out-in"``) the coefficient is about.
    n_edges : float
        Edges the coefficient and the jackknife are over (after dropped loops and nodes).
    weight, directed, loops
        How the coefficient was computed.
    """

    statistic: float
    pvalue: float
    standard_error: float
    confidence_interval: ConfidenceInterval
    confidence_level: float
    alternative: str
    kind: str
    attribute: str | None
    n_edges: float
    weight: str | None
    directed: bool
    loops: str
    method: str = "jackknife (Newman 2003), leave one edge out"
    _title: ClassVar[str] = "Assortativity coefficient with jackknife standard error"
    _statistic_label = "r"
    _record_fields = ("kind", "attribute", "weight", "directed", "alternative")


def _result(r: float, se: float, *, confidence_level: float, alternative: str,
            **record: Any) -> AssortativityResult:
    check_choice("alternative", alternative, ("two-sided", "greater", "less"))
    confidence_level = check_level(confidence_level)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.float64(r) / np.float64(se)  # se = 0: z = +-inf (p = 0), or nan when r = 0
    if np.isnan(z):
        pvalue = np.nan
    elif alternative == "two-sided":
        pvalue = 2 * ndtr(-(abs(z)))
    else:
        pvalue = ndtr(-(z if alternative == "greater" else -z))
    q = ndtri((1 + confidence_level) / 2 if alternative == "two-sided"
                       else confidence_level)
    lo, hi = r - q * se, r + q * se
    if alternative == "greater":
        hi = 1.0
    elif alternative == "less":
        lo = -1.0
    lo, hi = (float(np.clip(v, -1.0, 1.0)) if np.isfinite(v) else np.nan for v in (lo, hi))
    return AssortativityResult(float(r), float(pvalue), float(se), ConfidenceInterval(lo, hi),
                               float(confidence_level), alternative, **record)


def _jackknife_se(r: float, r_i: np.ndarray, mult: np.ndarray | None, what: str) -> float:
    """:math:`\\sqrt{\\sum_i (r_i - r)^2}` with a warning when some :math:`r_i` is undefined."""
    if np.isnan(r):
        return float("nan")
    if r_i.size == 0 or not np.isfinite(r_i).all():
        _warn(f"the jackknife standard error is undefined (nan): {what} is undefined once "
              "some single edge is removed (too few edges, or one edge carries all the "
              "variation).", stacklevel=5)
        return float("nan")
    d2 = (r_i - r) ** 2
    return float(np.sqrt(d2.sum() if mult is None else np.einsum("i,i->", d2, mult)))
