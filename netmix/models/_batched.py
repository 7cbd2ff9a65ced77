"""Batched regressions for :func:`netmix.models.qap_regression`: one call fits many
permuted designs (or outcomes) at once, and the observed fit is the identity permutation of
the same call, so observed and permuted statistics share every rounding step.

Undefined fits are ``nan`` (left out of the permutation distribution and counted): a
linear fit with no residual variance or with a permuted predictor in the span of the
others, a logistic fit that does not converge (separation: the MLE does not exist).
"""

from __future__ import annotations

import numpy as np

__all__ = ["RELATIVE_ZERO", "logit_fit", "logit_z", "ols_last_t", "ols_t"]

#: A sum of squares below this share of its reference is zero (exact collinearity or an
#: exact fit); rounding leaves about 1e-30, a real effect far more.
RELATIVE_ZERO = 1e-20


def _solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Batched ``solve(a[k], b[k])`` for ``b`` of shape (size, p) or (size, p, q); nan rows
    where ``a[k]`` is singular or ill-conditioned."""
    vec = b.ndim == 2
    bb = b[:, :, None] if vec else b
    out = np.full(bb.shape, np.nan)
    ok = np.isfinite(a).all(axis=(1, 2))
    if ok.any():
        ok[ok] = np.linalg.cond(a[ok]) < 1e12
    if ok.any():
        out[ok] = np.linalg.solve(a[ok], bb[ok])
    return out[:, :, 0] if vec else out


def logit_fit(x: np.ndarray, y: np.ndarray, maxiter: int = 60, tol: float = 1e-10
              ) -> tuple[np.ndarray, np.ndarray]:
    """``(beta, se)`` of logistic regressions of ``y[b]`` on ``x[b]`` for each ``b`` of a
    batch (Newton-Raphson from 0; a fit stops moving once its step is below ``tol``);
    rows that do not converge (separation, singular information) are nan."""
    from scipy.special import expit

    size, _, p = x.shape
    beta = np.zeros((size, p))
    active = np.ones(size, dtype=bool)
    converged = np.zeros(size, dtype=bool)
    for _ in range(maxiter):
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        xa = x[idx]
        mu = expit(np.einsum("bdp,bp->bd", xa, beta[idx]))
        info = np.einsum("bdp,bd,bdq->bpq", xa, mu * (1.0 - mu), xa)
        step = _solve(info, np.einsum("bdp,bd->bp", xa, y[idx] - mu))
        bad = ~np.isfinite(step).all(axis=1)
        beta[idx] = beta[idx] + np.where(bad[:, None], 0.0, step)
        small = ~bad & (np.abs(step).max(axis=1) <= tol * (1.0 + np.abs(beta[idx]).max(axis=1)))
        converged[idx[small]] = True
        active[idx[bad | small]] = False
    beta[~converged] = np.nan
    se = np.full((size, p), np.nan)
    idx = np.flatnonzero(converged)
    if idx.size:
        mu = expit(np.einsum("bdp,bp->bd", x[idx], beta[idx]))
        info = np.einsum("bdp,bd,bdq->bpq", x[idx], mu * (1.0 - mu), x[idx])
        eye = np.broadcast_to(np.eye(p), info.shape)
        with np.errstate(invalid="ignore"):
            se[idx] = np.sqrt(np.diagonal(_solve(info, eye), axis1=1, axis2=2))
    return beta, se


def logit_z(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """z values (beta / se) of :func:`logit_fit`; nan where the fit is undefined."""
    beta, se = logit_fit(x, y)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = beta / se
    z[~np.isfinite(z)] = np.nan
    return z


def ols_t(q: np.ndarray, rinv: np.ndarray, ys: np.ndarray, tss: float) -> np.ndarray:
    """t values of the OLS regressions of each row of ``ys`` (size, d) on a fixed design
    ``X = Q R`` (``q``: (d, p), ``rinv`` = R^-1); nan rows where the fit is exact
    (residual sum of squares below :data:`RELATIVE_ZERO` of ``tss``)."""
    d, p = q.shape
    qty = ys @ q
    beta = qty @ rinv.T
    rss = ((ys - qty @ q.T) ** 2).sum(axis=1)
    diag = (rinv**2).sum(axis=1)  # diag((X'X)^-1): row sums of R^-1 squared
    rss[rss <= RELATIVE_ZERO * tss] = np.nan
    return beta / np.sqrt(rss[:, None] / (d - p) * diag[None, :])


def ols_last_t(q: np.ndarray, uy: np.ndarray, es: np.ndarray, ee: float, tss: float,
               df: int) -> np.ndarray:
    """t value of the last coefficient of the OLS regressions of ``y`` on ``[O, es[b]]``
    for each row ``es[b]``, by Frisch-Waugh-Lovell: ``q`` spans ``O``, ``uy`` is ``y``
    residualised on ``O``, ``ee`` the squared norm of every ``es[b]`` (its collinearity
    reference) and ``tss`` the centred sum of squares of ``y``; ``df`` residual degrees of
    freedom. nan where ``es[b]`` lies in the span of ``O`` or the fit is exact."""
    r = es - (es @ q) @ q.T
    rr = (r**2).sum(axis=1)
    rr[rr <= RELATIVE_ZERO * ee] = np.nan
    beta = (r @ uy) / rr
    rss = ((uy[None, :] - beta[:, None] * r) ** 2).sum(axis=1)
    rss[rss <= RELATIVE_ZERO * tss] = np.nan
    return beta / np.sqrt(rss / df / rr)
