"""Batched logistic regressions (one Newton-Raphson over many designs at once), for the
permutations of :func:`netmix.models.qap_regression`."""

from __future__ import annotations

import numpy as np

__all__ = ["logit_z"]


def _solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Batched ``solve(a[k], b[k])``; nan rows where ``a[k]`` is singular."""
    try:
        return np.linalg.solve(a, b[:, :, None])[:, :, 0]
    except np.linalg.LinAlgError:
        out = np.full(b.shape, np.nan)
        ok = np.linalg.cond(a) < 1e12
        if ok.any():
            out[ok] = np.linalg.solve(a[ok], b[ok][:, :, None])[:, :, 0]
        return out


def logit_z(x: np.ndarray, y: np.ndarray, maxiter: int = 30, tol: float = 1e-10
             ) -> np.ndarray:
    """z values of logistic regressions of ``y[b]`` on ``x[b]`` for a batch ``b``
    (Newton-Raphson from 0); nan where it fails (separation, singular information)."""
    from scipy.special import expit

    size, _, p = x.shape
    beta = np.zeros((size, p))
    for _ in range(maxiter):
        mu = expit(np.einsum("bdp,bp->bd", x, beta))
        info = np.einsum("bdp,bd,bdq->bpq", x, mu * (1.0 - mu), x)
        step = _solve(info, np.einsum("bdp,bd->bp", x, y - mu))
        beta = beta + np.nan_to_num(step, nan=0.0)
        beta[np.isnan(step).any(axis=1)] = np.nan
        done = ~np.isfinite(step).all(axis=1) | (np.abs(step).max(axis=1) < tol)
        if done.all():
            break
    mu = expit(np.einsum("bdp,bp->bd", x, np.nan_to_num(beta)))
    info = np.einsum("bdp,bd,bdq->bpq", x, mu * (1.0 - mu), x)
    eye = np.broadcast_to(np.eye(p), info.shape)
    var = np.diagonal(np.stack([_solve(info, eye[:, :, j]) for j in range(p)], axis=2),
                      axis1=1, axis2=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = beta / np.sqrt(var)
    z[~np.isfinite(z)] = np.nan
    return z
