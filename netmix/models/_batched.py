"""Batched regressions for :func:`netmix.models.qap_regression`: one call fits many
permuted designs (or outcomes) at once, and the observed fit is the identity permutation of
the same call, so observed and permuted statistics share every rounding step.

Undefined fits are ``nan`` (left out of the permutation distribution and counted): a
linear fit with no residual variance or with a permuted predictor in the span of the
others, a logistic fit that does not converge (separation: the MLE does not exist).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ..exceptions import InputError

__all__ = ["RELATIVE_ZERO", "TIE_TOLERANCE", "QAPEngine", "logit_fit", "logit_z",
           "ols_last_t", "ols_t", "pvalues"]

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
    size, _, p = x.shape
    beta = np.zeros((size, p))
    active = np.ones(size, dtype=bool)
    converged = np.zeros(size, dtype=bool)
    for _ in range(maxiter):
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        every = idx.size == size  # no copy of the designs while every fit is moving
        xa, ya = (x, y) if every else (x[idx], y[idx])
        mu, info = _logit_terms(xa, beta[idx])
        step = _solve(info, (xa.transpose(0, 2, 1) @ (ya - mu)[:, :, None])[:, :, 0])
        bad = ~np.isfinite(step).all(axis=1)
        beta[idx] = beta[idx] + np.where(bad[:, None], 0.0, step)
        small = ~bad & (np.abs(step).max(axis=1) <= tol * (1.0 + np.abs(beta[idx]).max(axis=1)))
        converged[idx[small]] = True
        active[idx[bad | small]] = False
    beta[~converged] = np.nan
    se = np.full((size, p), np.nan)
    idx = np.flatnonzero(converged)
    if idx.size:
        _, info = _logit_terms(x if idx.size == size else x[idx], beta[idx])
        eye = np.broadcast_to(np.eye(p), info.shape)
        with np.errstate(invalid="ignore"):
            se[idx] = np.sqrt(np.diagonal(_solve(info, eye), axis1=1, axis2=2))
    return beta, se


def _logit_terms(x: np.ndarray, beta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fitted probabilities (size, d) and information matrices (size, p, p)."""
    from scipy.special import expit

    mu = expit((x @ beta[:, :, None])[:, :, 0])
    info = (x * (mu * (1.0 - mu))[:, :, None]).transpose(0, 2, 1) @ x
    return mu, info


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


class QAPEngine:
    """QAP's fit and the statistics of any batch of permutations (the observed one is the
    identity), on matrices divided by their largest absolute value (t and z do not change).

    ``ym`` and ``mats`` (the intercept first) are (n, n), finite off the diagonal and
    symmetric when undirected; the dyads are ``i != j`` (directed) or ``i < j``.
    """

    def __init__(self, ym: np.ndarray, mats: list[np.ndarray], family: str, null: str,
                 directed: bool, labels: list[str] | None = None) -> None:
        n = ym.shape[0]
        self.n, self.family, self.null, self.directed = n, family, null, directed
        self.rows, self.cols = (np.nonzero(~np.eye(n, dtype=bool)) if directed
                                else np.triu_indices(n, 1))
        y = ym[self.rows, self.cols]
        x = np.column_stack([m[self.rows, self.cols] for m in mats])
        if family == "logistic" and not np.isin(y, (0.0, 1.0)).all():
            bad = y[~np.isin(y, (0.0, 1.0))][0]
            raise InputError(f"y must hold 0 and 1 only for family='logistic'; got {bad:g} "
                             "on a dyad. Use family='linear' for valued ties.")
        if np.ptp(y) == 0:
            raise InputError(f"y must vary across the dyads; got {y[0]:g} on every one. "
                             "There is nothing to explain.")
        scale = np.abs(x).max(axis=0)
        self.sy = 1.0 if family == "logistic" else float(np.abs(y).max())
        self.sx = np.where(scale > 0, scale, 1.0)
        self.y, self.x = y / self.sy, x / self.sx
        d, p = self.x.shape
        if d <= p:
            raise InputError(f"y has {d} dyads for {p} coefficients; need more dyads.")
        rank = np.linalg.matrix_rank(self.x)
        if rank < p:
            names = labels or [f"column {k}" for k in range(p)]
            loose = [names[k] for k in range(1, p)
                     if np.linalg.matrix_rank(np.delete(self.x, k, axis=1)) == rank]
            raise InputError(f"x must not be collinear with the intercept and each other on "
                             f"the dyads; got {', '.join(loose) or 'the intercept'} in the "
                             "span of the others (a constant matrix, or one predictor a "
                             "combination of others?). Drop one of them.")
        self.tss = float(((self.y - self.y.mean()) ** 2).sum())
        q, r = np.linalg.qr(self.x)
        self.qr = (q, np.linalg.inv(r))
        self.ymat = self._full(self.y)
        if null == "qapspp":
            self.parts = [self._partial(k) for k in range(p)]

    def _full(self, v: np.ndarray) -> np.ndarray:
        """The (n, n) matrix holding dyad values ``v`` (both cells when undirected)."""
        out = np.zeros((self.n, self.n))
        out[self.rows, self.cols] = v
        if not self.directed:
            out[self.cols, self.rows] = v
        return out

    def _partial(self, k: int) -> dict[str, Any]:
        others = np.delete(self.x, k, axis=1)
        q, _ = np.linalg.qr(others)
        e = self.x[:, k] - q @ (q.T @ self.x[:, k])
        return {"q": q, "emat": self._full(e), "others": others, "ee": float(e @ e),
                "uy": self.y - q @ (q.T @ self.y)}

    # -- statistics, one row a permutation, one column a coefficient
    def stats(self, perms: np.ndarray) -> np.ndarray:
        pr, pc = perms[:, self.rows], perms[:, self.cols]
        size, (d, p) = perms.shape[0], self.x.shape
        if self.null == "qapy":
            ys = self.ymat[pr, pc]
            if self.family == "linear":
                return ols_t(*self.qr, ys, self.tss)
            return logit_z(np.broadcast_to(self.x, (size, d, p)), ys)
        out = np.empty((size, p))
        for k, part in enumerate(self.parts):
            e = part["emat"][pr, pc]  # (size, d)
            if self.family == "linear":
                out[:, k] = ols_last_t(part["q"], part["uy"], e, part["ee"], self.tss, d - p)
            else:
                design = np.empty((size, d, p))  # C order: batched matmul is fast on it
                design[:, :, :-1] = part["others"]
                design[:, :, -1] = e
                out[:, k] = logit_z(design, np.broadcast_to(self.y, e.shape))[:, -1]
        return out

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return self.stats(np.argsort(rng.random((size, self.n)), axis=1))

    def enumerate_all(self) -> Any:
        it = itertools.permutations(range(self.n))

        def draw(rng: np.random.Generator, size: int) -> np.ndarray:
            return self.stats(np.array(list(itertools.islice(it, size)), dtype=np.intp))

        return draw

    def fit(self) -> tuple[np.ndarray, np.ndarray, float]:
        """Coefficients and standard errors in the original units, and the (pseudo) R^2."""
        d, p = self.x.shape
        if self.family == "linear":
            q, rinv = self.qr
            beta = rinv @ (q.T @ self.y)
            rss = float(((self.y - self.x @ beta) ** 2).sum())
            se = np.sqrt(rss / (d - p) * (rinv**2).sum(axis=1))
            r2 = 1 - rss / self.tss
        else:
            from scipy.special import expit

            b, s = logit_fit(self.x[None], self.y[None])
            beta, se = b[0], s[0]
            mu = expit(self.x @ beta)
            ybar = self.y.mean()
            with np.errstate(divide="ignore", invalid="ignore"):
                llf = np.sum(np.where(self.y == 1, np.log(mu), np.log1p(-mu)))
            llnull = d * (ybar * np.log(ybar) + (1 - ybar) * np.log1p(-ybar))
            r2 = float(1 - llf / llnull)
        with np.errstate(over="ignore", under="ignore"):  # beyond a double: inf, 0
            unit = self.sy / self.sx  # y / x_k units (the intercept's scale is 1)
            return beta * unit, se * unit, float(r2)


#: Statistics within this share of the observed one (or of 1, when it is smaller) are
#: ties: far above the rounding of one computation, far below any real difference.
TIE_TOLERANCE = 1e-9


def pvalues(stat: np.ndarray, kind: str, ref: np.ndarray, ok: np.ndarray, exact: bool
             ) -> np.ndarray:
    """Share of the defined (``ok``) reference statistics at least as extreme as ``stat``,
    column by column; Monte Carlo: :math:`(b + 1)/(m + 1)`; exact (the identity is in
    ``ref``): :math:`b / m`."""
    tol = TIE_TOLERANCE * np.maximum(np.abs(stat), 1.0)
    if kind == "greater":
        hits = ref >= stat - tol
    elif kind == "less":
        hits = ref <= stat + tol
    else:
        hits = np.abs(ref) >= np.abs(stat) - tol
    b, m = (hits & ok).sum(axis=0), ok.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = b / m if exact else (b + 1) / (m + 1)
    return np.where(np.isfinite(stat), p, np.nan)
