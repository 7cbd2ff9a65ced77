"""Coefficient tables: the estimates of one or several statsmodels results, tidy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .._validation import check_level

__all__ = ["coefficient_table"]


def coefficient_table(results: Any, terms: Sequence[str] | None = None, *,
                      confidence_level: float = 0.95) -> pd.DataFrame:
    """A tidy table of coefficients from one or several statsmodels results.

    Parameters
    ----------
    results : statsmodels results, or a mapping of model name to results
    terms : list of str, optional
        Keep these coefficients (default: all but the intercept and ordinal thresholds).
    confidence_level : float, default 0.95
        Of the intervals (recorded in ``attrs["confidence_level"]``).

    Returns
    -------
    pandas.DataFrame
        One row a (model, term): ``model``, ``term``, ``estimate``, ``standard_error``,
        ``ci_low``, ``ci_high``, ``pvalue``, ``n`` (observations) and ``cov_type``.

    Examples
    --------
    >>> from netmix.datasets import simulate_diary_survey
    >>> from netmix.models import coefficient_table, fit_outcome
    >>> sim = simulate_diary_survey(300, seed=1)
    >>> res = fit_outcome("trust ~ outgroup_share", sim.egos)
    >>> list(coefficient_table(res).columns)
    ['model', 'term', 'estimate', 'standard_error', 'ci_low', 'ci_high', 'pvalue', 'n', 'cov_type']
    """
    confidence_level = check_level(confidence_level)
    alpha = 1 - confidence_level
    models = dict(results) if isinstance(results, Mapping) else {"model": results}
    rows = []
    for name, res in models.items():
        params = pd.Series(res.params)
        ci = pd.DataFrame(res.conf_int(alpha=alpha), index=params.index)
        keep = list(params.index) if terms is None else [t for t in terms if t in params.index]
        if terms is None:
            keep = [t for t in keep if not _nuisance(str(t))]
        for t in keep:
            rows.append({"model": name, "term": str(t), "estimate": float(params[t]),
                         "standard_error": float(pd.Series(res.bse)[t]),
                         "ci_low": float(ci.loc[t].iloc[0]), "ci_high": float(ci.loc[t].iloc[1]),
                         "pvalue": float(pd.Series(res.pvalues)[t]), "n": int(res.nobs),
                         "cov_type": str(getattr(res, "cov_type", ""))})
    table = pd.DataFrame(rows, columns=["model", "term", "estimate", "standard_error", "ci_low",
                                        "ci_high", "pvalue", "n", "cov_type"])
    table.attrs["confidence_level"] = confidence_level  # plot_coefficients labels its axis
    return table


def _nuisance(term: str) -> bool:
    return term in ("Intercept", "const", "trend", "Group Var", "alpha") or "/" in term
