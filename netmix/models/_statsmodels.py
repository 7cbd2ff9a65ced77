"""The statsmodels side of :func:`~netmix.models.fit_outcome`: the model for each family
(formula or standardised arrays), the covariance (robust, clustered) and the fit."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import InputError
from ._notes import cluster_note

__all__ = ["column_label", "covariance", "fit", "make_model"]


def make_model(formula: str, sub: pd.DataFrame, family: str, link: str | None,
               w: np.ndarray | None, extra: dict[str, pd.Series | None], std: str | None
               ) -> tuple[Any, list[str]]:
    if std is None:
        return _formula_model(formula, sub, family, link, w, extra), []
    y, x, names = _standardized_design(formula, sub, family, w, std)
    return _array_model(y, x, sub, family, link, w, extra), names


def _family(family: str, link: str | None) -> Any:
    import statsmodels.api as sm

    if family == "poisson":
        return sm.families.Poisson()
    lk = sm.families.links.Probit() if link == "probit" else sm.families.links.Logit()
    return sm.families.Binomial(link=lk)


def _formula_model(formula: str, sub: pd.DataFrame, family: str, link: str | None,
                   w: np.ndarray | None, extra: dict[str, pd.Series | None]) -> Any:
    import statsmodels.api as sm

    if family == "ols":
        return (sm.WLS.from_formula(formula, sub, weights=w) if w is not None
                else sm.OLS.from_formula(formula, sub))
    if family in ("logit", "probit", "poisson"):
        return sm.GLM.from_formula(formula, sub, family=_family(family, link), var_weights=w)
    if family == "negbin":
        return sm.NegativeBinomial.from_formula(formula, sub)
    if family == "mixed":
        return sm.MixedLM.from_formula(formula, sub, groups=extra["groups"].loc[sub.index])
    from ._ordinal import WeightedOrderedModel

    return WeightedOrderedModel.from_formula(formula, sub, distr=link, weights=w)


def _array_model(y: pd.Series, x: pd.DataFrame, sub: pd.DataFrame, family: str,
                 link: str | None, w: np.ndarray | None,
                 extra: dict[str, pd.Series | None]) -> Any:
    import statsmodels.api as sm

    if family == "ols":
        return sm.WLS(y, x, weights=w) if w is not None else sm.OLS(y, x)
    if family in ("logit", "probit", "poisson"):
        return sm.GLM(y, x, family=_family(family, link), var_weights=w)
    if family == "negbin":
        return sm.NegativeBinomial(y, x)
    if family == "mixed":
        return sm.MixedLM(y, x, groups=extra["groups"].loc[sub.index].to_numpy())
    from ._ordinal import WeightedOrderedModel

    return WeightedOrderedModel(y, x.drop(columns="Intercept", errors="ignore"), distr=link,
                                weights=w)


def _standardized_design(formula: str, sub: pd.DataFrame, family: str, w: np.ndarray | None,
                         std: str) -> tuple[pd.Series, pd.DataFrame, list[str]]:
    import patsy

    lhs, rhs = (s.strip() for s in formula.split("~", 1))
    x = patsy.dmatrix(rhs, sub, return_type="dataframe")
    x.index = sub.index
    if family == "ordinal":
        y = sub[lhs]
    else:
        ys = patsy.dmatrix(f"{lhs} - 1", sub, return_type="dataframe")
        if ys.shape[1] != 1:
            raise InputError(f"formula: the outcome must be one numeric column; {lhs!r} gives "
                             f"{ys.shape[1]} (a boolean or categorical expression). Use a "
                             "0/1 column, e.g. I((trust > 3) * 1).")
        y = ys.iloc[:, 0]
    y.index = sub.index
    weights = np.ones(len(sub)) if w is None else w
    names = []
    for col in x.columns:
        values = x[col].to_numpy(float)
        if np.unique(values).size > 2:
            x[col] = _zscore(values, weights, col)
            names.append(str(col))
    if std == "xy":
        y = pd.Series(_zscore(y.to_numpy(float), weights, lhs), index=y.index, name=lhs)
        names.append(f"{lhs} (outcome)")
    return y, x, names


def _zscore(values: np.ndarray, w: np.ndarray, name: str) -> np.ndarray:
    mean = np.average(values, weights=w)
    sd = np.sqrt(np.average((values - mean) ** 2, weights=w))
    if not sd > 0:
        raise InputError(f"standardize: column {name!r} has no variation; it cannot be "
                         "standardised.")
    return (values - mean) / sd


def covariance(family: str, cov_type: str | None, w: np.ndarray | None,
               extra: dict[str, pd.Series | None], index: pd.Index
               ) -> tuple[str | None, dict[str, Any] | None, list[str]]:
    notes: list[str] = []
    if family == "mixed":
        g = extra["groups"].loc[index]
        notes.append(f"Random intercepts by {column_label(extra['groups'])} "
                     f"({pd.unique(g).size} groups).")
        if cov_type is not None:
            raise InputError("cov_type is not used with family='mixed'; got "
                             f"{cov_type!r}.")
        return None, None, notes
    if extra["cluster"] is not None:
        if cov_type not in (None, "cluster"):
            raise InputError(f"cov_type must be 'cluster' (or None) with cluster=...; got "
                             f"{cov_type!r}.")
        labels = pd.factorize(extra["cluster"].loc[index])[0]
        note = cluster_note(str(column_label(extra["cluster"])), int(labels.max()) + 1)
        if family in ("ols", "logit", "probit", "poisson"):
            note += " Tests and intervals use t with (clusters - 1) degrees of freedom."
        notes.append(note)
        if w is not None:
            notes.append("Survey weights: weighted point estimates; clustered sandwich "
                         "errors (probability weights).")
        return "cluster", {"groups": labels}, notes
    if cov_type is None:
        cov_type = "nonrobust" if w is None else ("HC0" if family == "ordinal" else "HC1")
        if w is not None:
            notes.append(f"Survey weights: weighted point estimates; robust ({cov_type}) "
                         "sandwich errors (probability weights), not model-based ones.")
    elif w is not None and cov_type == "nonrobust":
        notes.append("Survey weights with model-based (nonrobust) errors treat the weights "
                     "as frequencies: the errors are wrong for probability weights.")
    return cov_type, None, notes


def fit(model: Any, family: str, cov: str | None, cov_kwds: dict | None,
        options: dict[str, Any]) -> Any:
    kwargs = dict(options)
    if family == "mixed":
        return model.fit(**kwargs)
    kwargs["cov_type"] = cov
    if cov_kwds is not None:
        kwargs["cov_kwds"] = cov_kwds
        if family in ("ols", "logit", "probit", "poisson"):
            kwargs.setdefault("use_t", True)  # t(G - 1), Cameron & Miller 2015 sec. VI.D
    if family in ("ordinal", "negbin"):
        kwargs.setdefault("disp", False)
    if family == "ordinal":
        kwargs.setdefault("method", "bfgs")
        kwargs.setdefault("maxiter", 200)
    with warnings.catch_warnings():
        # statsmodels flags cov_type with GLM var_weights as "not fully supported"; the
        # clustered / HC sandwich it computes is the probability-weighted one (checked
        # against a hand-written sandwich in the tests)
        warnings.filterwarnings("ignore", message="cov_type not fully supported")
        return model.fit(**kwargs)


def column_label(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else getattr(value, "name", None) or "array"
