"""R's ``glm.fit`` convention for the binomial logit, to reproduce R and ergm printouts.

R's IRLS starts at ``mustart = (w y + 1/2) / (w + 1)``, stops when
``|dev - dev_old| / (|dev| + 0.1) < 1e-8`` and reports the covariance of the last weighted
least-squares step, whose weights come from the iterate *before* the estimate. ergm's MPLE
of a dyad-independent model is that fit on the dyad-level data. netmix runs the same
iterations on a collapsed table, each covariate pattern standing for its tie rows
(``y = 1``) and its non-tie rows (``y = 0``), which visits the same iterates.
"""

from __future__ import annotations

import numpy as np

__all__ = ["r_glm_logit"]


def _deviance(y: np.ndarray, mu: np.ndarray, w: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(y > 0, y * np.log(y / mu), 0.0) + \
            np.where(y < 1, (1 - y) * np.log((1 - y) / (1 - mu)), 0.0)
    return float(2 * np.sum(w * t))


def r_glm_logit(x: np.ndarray, y: np.ndarray, w: np.ndarray, offset: np.ndarray | None = None,
                *, tol: float = 1e-8, maxit: int = 25) -> tuple[np.ndarray, np.ndarray, bool]:
    """``(beta, cov, converged)`` of R's ``glm.fit(family=binomial())`` on rows ``x`` with
    0/1 responses ``y`` and frequency weights ``w`` (each row standing for ``w`` dyads)."""
    off = np.zeros(y.size) if offset is None else offset
    mu = np.full(y.size, 0.25) + 0.5 * y  # (1 * y + 0.5) / (1 + 1) for each single dyad
    eta = np.log(mu / (1 - mu))
    dev_old = _deviance(y, mu, w)
    cov = np.full((x.shape[1], x.shape[1]), np.nan)
    beta = np.zeros(x.shape[1])
    for _ in range(maxit):
        var = mu * (1 - mu)
        z = eta - off + (y - mu) / var
        xtwx = x.T @ (x * (w * var)[:, None])
        beta = np.linalg.solve(xtwx, x.T @ (w * var * z))
        cov = np.linalg.inv(xtwx)
        eta = off + x @ beta
        mu = 1 / (1 + np.exp(-eta))
        dev = _deviance(y, mu, w)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < tol:
            return beta, cov, True
        dev_old = dev
    return beta, cov, False
