r"""Outcome regressions: does a person's mixing predict their trust, attitudes, wellbeing?

:func:`fit_outcome` fits a statsmodels formula on a person-level table (usually from
:func:`netmix.models.outcome_table`) with the family the outcome needs, survey weights,
cluster-robust standard errors and standardised coefficients on request, and returns the
statsmodels results object itself with netmix's notes at the end of its summary.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, check_column, describe, type_error
from ..exceptions import InputError
from ._notes import NETWORK_CAVEAT, attach_notes
from ._statsmodels import column_label, covariance, fit, make_model

__all__ = ["FAMILIES", "fit_outcome"]

#: Families of :func:`fit_outcome` and the statsmodels model behind each.
FAMILIES = {
    "ols": "OLS (WLS with weights)",
    "logit": "GLM Binomial, logit link",
    "probit": "GLM Binomial, probit link",
    "ordinal": "OrderedModel (ordered logit, or probit with link='probit')",
    "poisson": "GLM Poisson",
    "negbin": "NegativeBinomial (NB2, dispersion estimated)",
    "mixed": "MixedLM with random intercepts by `groups`",
}
_LINEAR = ("ols", "mixed")


def fit_outcome(formula: str, data: pd.DataFrame, *, family: str = "ols",
                link: str | None = None, weights: Any = None, cluster: Any = None,
                groups: Any = None, standardize: bool | str = False,
                cov_type: str | None = None, network: bool | None = None,
                **fit_options: Any) -> Any:
    r"""Fit an outcome model with statsmodels, with netmix's notes added to its summary.

    Parameters
    ----------
    formula : str
        A patsy / statsmodels formula, e.g. ``"trust ~ cross_share + age + C(group)"``.
        For ``family="ordinal"`` the outcome is a column of ordered values (numbers or an
        ordered Categorical); the intercept is dropped (the thresholds take its place).
    data : pandas.DataFrame
        One row a person (see :func:`outcome_table`).
    family : {"ols", "logit", "probit", "ordinal", "poisson", "negbin", "mixed"}
        See :data:`FAMILIES`. ``"mixed"`` fits random intercepts by ``groups`` (area,
        workplace), the linear mixed model :math:`y_{ij} = x_{ij}'\beta + u_j +
        \varepsilon_{ij}`.
    link : {"logit", "probit"}, optional
        For ``"ordinal"``: ordered logit (default) or ordered probit.
    weights : str or array_like, optional
        Survey (probability) weights, a column name or one value per row. Point estimates
        maximise the weighted (pseudo-)likelihood; standard errors are then robust
        (``HC1``, ``HC0`` for ``"ordinal"``) or clustered, never the model-based ones,
        which would treat weights as frequencies. Not available for ``"negbin"`` and
        ``"mixed"``.
    cluster : str or array_like, optional
        Cluster-robust standard errors by this column (area, workplace, ``"community"``
        of :func:`outcome_table`): the sandwich
        :math:`V = (X'WX)^{-1} \big(\sum_g s_g s_g'\big) (X'WX)^{-1}` with statsmodels'
        small-sample factor (Cameron & Miller 2015, eq. 11). Not with ``"mixed"``.
    groups : str or array_like, optional
        Random-intercept groups for ``family="mixed"``.
    standardize : bool or {"x", "xy"}, default False
        ``True`` / ``"x"``: continuous predictors (design columns with more than two
        distinct values) are centred and scaled to SD 1 (weighted by ``weights``), so
        their coefficients are per standard deviation; ``"xy"`` (linear families) also
        standardises the outcome (beta weights). Dummies are left as they are.
    cov_type : str, optional
        Override the covariance type (``"nonrobust"``, ``"HC0"``..``"HC3"``; ``"cluster"``
        comes with ``cluster``).
    network : bool, optional
        Add the network-dependence caveat to the notes; default: when ``data`` came from
        :func:`outcome_table` on a graph.
    **fit_options
        Passed to the statsmodels ``fit`` (``method``, ``maxiter``, ``reml`` ...).

    Returns
    -------
    statsmodels results
        The statsmodels results object itself (``RegressionResultsWrapper``,
        ``GLMResultsWrapper``, ``OrderedResultsWrapper``, ``MixedLMResultsWrapper``, ...),
        whose ``summary()`` ends with netmix's notes: the rows used and dropped, what was
        clustered and on how many clusters, weights, standardised columns and the network
        caveat. The notes are also ``results.netmix_notes``; a record of the fit is
        ``results.netmix``.

    Notes
    -----
    Rows with a missing value in the formula's variables, the weights, the clusters or the
    groups are dropped together (and counted in the notes), so that weights and cluster
    labels always line up with the rows fitted. Weighted ordinal models maximise
    :math:`\sum_i w_i \log L_i` (statsmodels' OrderedModel has no weights; netmix
    subclasses it). Validated by coverage of the 95 % intervals on simulated surveys with
    a known effect (:func:`netmix.datasets.simulate_diary_survey`) and against
    hand-written sandwich estimators in the tests.

    References
    ----------
    Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to cluster-robust
    inference. Journal of Human Resources 50(2), 317-372. doi:10.3368/jhr.50.2.317

    Examples
    --------
    >>> from netmix.datasets import simulate_diary_survey
    >>> from netmix.models import fit_outcome
    >>> sim = simulate_diary_survey(300, trust_effect=1.5, seed=1)
    >>> res = fit_outcome("trust ~ outgroup_share", sim.egos)
    >>> low, high = res.conf_int().loc["outgroup_share"]
    >>> bool(low < 1.5 < high)
    True
    >>> res = fit_outcome("trust ~ outgroup_share", sim.egos, cluster="area")
    >>> res.netmix_notes[1]
    'Standard errors clustered by area (4 clusters). With fewer than about 30 ...'
    """
    check_choice("family", family, tuple(FAMILIES))
    if not isinstance(data, pd.DataFrame):
        raise type_error("data", "a pandas DataFrame (one row a person)", data)
    if not isinstance(formula, str) or "~" not in formula:
        raise InputError(f"formula must be a formula string 'outcome ~ predictors'; got "
                         f"{describe(formula)}.")
    if data.empty:
        raise InputError(f"data must have at least one row (one row a person); got an empty "
                         f"table with columns {list(data.columns)[:10]}.")
    link = _check_link(family, link)
    data = _binary_outcome(formula, data, family)
    data, (weights, cluster, groups) = unique_rows(data, weights, cluster, groups)
    std = _check_standardize(standardize, family)
    extra = {"weights": _column(data, weights, "weights"),
             "cluster": _column(data, cluster, "cluster"),
             "groups": _column(data, groups, "groups")}
    _check_family_options(family, extra)
    sub, notes = _rows(formula, data, family, extra)
    w = None if extra["weights"] is None else extra["weights"].loc[sub.index].to_numpy(float)
    if w is not None and (not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0):
        bad = w[~np.isfinite(w) | (w < 0)]
        shown = (f"{bad.size} value(s) such as {np.unique(bad)[:3].tolist()}" if bad.size
                 else "all 0")
        raise InputError(f"weights must be finite, >= 0 and not all 0; got {shown}. Check "
                         "the weight column.")
    try:
        model, std_info = make_model(formula, sub, family, link, w, extra, std)
    except Exception as exc:  # patsy's errors name the bad term; keep them, as InputError
        if type(exc).__name__ != "PatsyError":
            raise
        raise InputError(f"formula could not be evaluated on data: {exc}") from exc
    _check_binary(family, model)
    if family in ("logit", "probit") and isinstance(model.endog_names, list):
        raise InputError("formula: the outcome of a binary model must be numeric 0/1; got a "
                         "boolean or categorical expression, which statsmodels would split "
                         "into two columns (modelling the first level). Use a 0/1 column, "
                         "e.g. I((trust > 3) * 1).")
    cov, cov_kwds, cov_notes = covariance(family, cov_type, w, extra, sub.index)
    notes += cov_notes
    if std_info:
        notes.append(f"Standardised (mean 0, SD 1{', survey-weighted' if w is not None else ''}"
                     f"): {', '.join(std_info)}; their coefficients are per SD.")
    if network if network is not None else _from_graph(data):
        notes.append(NETWORK_CAVEAT)
    results = fit(model, family, cov, cov_kwds, fit_options)
    info = {"family": family, "link": link, "formula": formula, "n_used": len(sub),
            "n_dropped": len(data) - len(sub), "cov_type": cov,
            "weights": column_label(weights), "cluster": column_label(cluster),
            "groups": column_label(groups),
            "standardized": tuple(std_info)}
    if cov == "cluster":
        info["n_clusters"] = int(pd.unique(cov_kwds["groups"]).size)
    return attach_notes(results, notes, info)


# ----------------------------------------------------------------------------- checks
def unique_rows(data: pd.DataFrame, *values: Any) -> tuple[pd.DataFrame, tuple[Any, ...]]:
    """``data`` with a unique index (reset when repeated: rows then match by position, and
    Series arguments are taken by position too)."""
    if data.index.is_unique:
        return data, values
    attrs = dict(data.attrs)
    data = data.reset_index(drop=True)
    data.attrs = attrs
    return data, tuple(np.asarray(v) if isinstance(v, pd.Series) else v for v in values)


def _binary_outcome(formula: str, data: pd.DataFrame, family: str) -> pd.DataFrame:
    """A boolean outcome column of a binary model as 0/1 (True is the modelled event)."""
    lhs = formula.split("~", 1)[0].strip()
    if family in ("logit", "probit") and lhs in data.columns and data[lhs].dtype == bool:
        out = data.assign(**{lhs: data[lhs].astype(np.int8)})
        out.attrs = dict(data.attrs)
        return out
    return data


def _check_link(family: str, link: str | None) -> str | None:
    if family == "ordinal":
        return check_choice("link", "logit" if link is None else link, ("logit", "probit"))
    if link is not None:
        raise InputError(f"link is for family='ordinal' (logit or probit); got link={link!r} "
                         f"with family={family!r}. Use family='probit' for a binary probit.")
    return {"logit": "logit", "probit": "probit"}.get(family)


def _check_standardize(standardize: Any, family: str) -> str | None:
    if standardize is False or standardize is None:
        return None
    value = "x" if standardize is True else standardize
    check_choice("standardize", value, ("x", "xy"))
    if value == "xy" and family not in _LINEAR:
        raise InputError(f"standardize='xy' standardises the outcome, which only makes sense "
                         f"for linear families {_LINEAR}; got family={family!r}. Use "
                         "standardize=True (predictors only).")
    return value


def _check_family_options(family: str, extra: dict[str, pd.Series | None]) -> None:
    if family == "mixed" and extra["groups"] is None:
        raise InputError("groups must name the random-intercept column (area, workplace) for "
                         "family='mixed'; got None.")
    if family != "mixed" and extra["groups"] is not None:
        raise InputError(f"groups (random intercepts) is for family='mixed'; got family="
                         f"{family!r}. Use cluster=... for cluster-robust errors instead.")
    if family in ("mixed", "negbin") and extra["weights"] is not None:
        raise InputError(f"weights are not supported for family={family!r} (statsmodels has "
                         "no weighted version); fit family='ols' / 'poisson' with weights and "
                         "cluster-robust errors instead.")
    if family == "mixed" and extra["cluster"] is not None:
        raise InputError("cluster is not used with family='mixed': the random intercepts "
                         "model the clustering. Drop cluster=..., or fit family='ols' with "
                         "cluster=....")


def _column(data: pd.DataFrame, value: Any, argument: str) -> pd.Series | None:
    if value is None:
        return None
    if isinstance(value, str):
        check_column(data, value, argument)
        arr = data[value]
    elif isinstance(value, pd.Series):
        arr = value.reindex(data.index)
    else:
        values = np.asarray(value)
        if values.ndim != 1 or len(values) != len(data):
            raise InputError(f"{argument} must be a column name or one value per row "
                             f"({len(data)}); got {describe(value)} with shape "
                             f"{values.shape}.")
        arr = pd.Series(values, index=data.index)
    if argument == "weights" and not (pd.api.types.is_numeric_dtype(arr)
                                      and not pd.api.types.is_bool_dtype(arr)):
        raise InputError(f"weights must be numbers (survey weights); got values of type "
                         f"{arr.dtype}, e.g. {arr.dropna().head(3).tolist()}. Convert the "
                         "column with pandas.to_numeric first.")
    return arr


def _check_binary(family: str, model: Any) -> None:
    """A binary model's outcome must be 0/1 (or shares in [0, 1])."""
    if family not in ("logit", "probit"):
        return
    y = np.asarray(model.endog, dtype=float)
    if y.ndim == 1 and ((y < 0) | (y > 1)).any():
        bad = np.unique(y[(y < 0) | (y > 1)])[:3].tolist()
        raise InputError(f"formula: the outcome of a {family} model must be 0/1 (the event "
                         f"or not); got values {bad}. Code the event, e.g. "
                         "I((trust > 3) * 1), or use family='ordinal' or 'poisson'.")


def _from_graph(data: pd.DataFrame) -> bool:
    record = data.attrs.get("netmix", {})
    return isinstance(record, dict) and record.get("source") == "graph"


# ----------------------------------------------------------------------------- rows
def _rows(formula: str, data: pd.DataFrame, family: str,
          extra: dict[str, pd.Series | None]) -> tuple[pd.DataFrame, list[str]]:
    """The complete rows (formula variables, weights, clusters, groups) and a note."""
    import patsy

    lhs, rhs = (s.strip() for s in formula.split("~", 1))
    frame = data.reset_index(drop=True)
    if not frame.isna().to_numpy().any() and all(s is None or not s.isna().any()
                                                 for s in extra.values()):
        if family == "ordinal":
            check_column(data, lhs, "formula (outcome of an ordinal model)")
        return data, [f"{len(data)} of {len(data)} rows used."]
    try:
        if family == "ordinal":
            check_column(data, lhs, "formula (outcome of an ordinal model)")
            design = patsy.dmatrix(rhs, frame, NA_action="drop", return_type="dataframe")
            ok = frame.index.isin(design.index) & frame[lhs].notna().to_numpy()
        else:
            y, _ = patsy.dmatrices(formula, frame, NA_action="drop", return_type="dataframe")
            ok = frame.index.isin(y.index)
    except patsy.PatsyError as exc:
        raise InputError(f"formula could not be evaluated on data: {exc}") from exc
    for series in extra.values():
        if series is not None:
            ok &= series.notna().to_numpy()
    n_drop = int((~ok).sum())
    if ok.sum() == 0:
        raise InputError("data has no complete row for the formula, weights, clusters and "
                         "groups given; check for columns that are all missing.")
    notes = [f"{int(ok.sum())} of {len(data)} rows used"
             + (f"; {n_drop} dropped for missing values (formula variables, weights, "
                "clusters or groups)." if n_drop else ".")]
    return data.loc[ok], notes


