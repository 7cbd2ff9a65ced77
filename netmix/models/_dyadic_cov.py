"""Estimators behind :func:`netmix.models.fit_dyadic`: Firth's penalised logit and the
dyadic-robust (Aronow, Samii & Assenova 2015) covariance, as statsmodels GLM results."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["dyadic_robust", "firth"]


def firth(model: Any, options: dict[str, Any]) -> Any:
    r"""Firth's penalised Newton-Raphson for binomial counts; a GLMResults at the estimate.

    Modified score :math:`U^*(\theta) = X'(y - m p + h (1/2 - p))` with :math:`h` the
    diagonal of the weighted hat matrix (Firth 1993, eq. 4; Heinze & Schemper 2002,
    doi:10.1002/sim.1047), steps halved until the penalised log-likelihood
    :math:`\ell + \tfrac12 \log|X'WX|` does not fall.
    """
    from scipy.special import expit, log_expit
    from statsmodels.genmod.generalized_linear_model import GLMResults, GLMResultsWrapper

    x = model.exog
    n_trials = np.asarray(getattr(model, "n_trials", np.ones(x.shape[0])), float)
    y = model.endog * n_trials  # successes
    off = model.offset if model.offset is not None else np.zeros(x.shape[0])
    maxiter, tol = int(options.get("maxiter", 100)), float(options.get("tol", 1e-10))

    def parts(b: np.ndarray) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
        eta = x @ b + off
        p = expit(eta)
        w = n_trials * p * (1 - p)
        info = x.T @ (x * w[:, None])
        logdet = np.linalg.slogdet(info)[1]
        ll = float(np.sum(y * log_expit(eta) + (n_trials - y) * log_expit(-eta)))
        return ll + 0.5 * logdet, p, w, info

    beta = np.zeros(x.shape[1])
    pen, p, w, info = parts(beta)
    n_iter, step = 0, np.full(x.shape[1], np.inf)
    while n_iter < maxiter and np.max(np.abs(step)) >= tol:
        n_iter += 1
        inv = np.linalg.inv(info)
        h = w * np.einsum("ij,jk,ik->i", x, inv, x)
        step = inv @ (x.T @ (y - n_trials * p + h * (0.5 - p)))
        for _ in range(30):  # step halving on the penalised likelihood
            new = parts(beta + step)
            if new[0] >= pen - 1e-12:
                break
            step = step / 2
        beta = beta + step
        pen, p, w, info = new
    res = GLMResults(model, beta, np.linalg.inv(info), 1.0)
    res.fit_history = {"iteration": n_iter}
    res.method = "Firth penalised Newton-Raphson"
    res.converged = bool(np.max(np.abs(step)) < tol)
    return GLMResultsWrapper(res)


def dyadic_robust(model: Any, res: Any, data: pd.DataFrame) -> Any:
    """Re-make ``res`` with the dyadic-robust covariance (Aronow et al. 2015)."""
    from statsmodels.genmod.generalized_linear_model import GLMResults, GLMResultsWrapper

    x = model.exog
    scores = x * (model.endog - res.mu)[:, None]
    bread = np.linalg.inv(x.T @ (x * (res.mu * (1 - res.mu))[:, None]))
    ids, codes = pd.factorize(pd.concat([data["i"], data["j"]], ignore_index=True))
    ci, cj = ids[: len(data)], ids[len(data):]
    n_nodes = len(codes)
    node_sum = np.zeros((n_nodes, x.shape[1]))
    np.add.at(node_sum, ci, scores)
    np.add.at(node_sum, cj, scores)
    meat = node_sum.T @ node_sum - scores.T @ scores
    key = pd.Series(np.arange(len(data)), index=pd.MultiIndex.from_arrays([ci, cj]))
    rev = key.reindex(pd.MultiIndex.from_arrays([cj, ci])).to_numpy()
    has = ~np.isnan(rev)
    if has.any():  # directed: i->j and j->i share both nodes, counted twice above
        meat -= scores[has].T @ scores[rev[has].astype(np.int64)]
    cov = bread @ meat @ bread
    out = GLMResults(model, res.params.to_numpy() if hasattr(res.params, "to_numpy")
                     else res.params, cov, 1.0)
    out.cov_type = "dyadic-robust"
    out.cov_kwds = {"description": "Dyadic-robust sandwich (Aronow, Samii & Assenova 2015)"}
    out.fit_history = res.fit_history
    out.method = "IRLS"
    out.converged = res.converged
    return GLMResultsWrapper(out)
