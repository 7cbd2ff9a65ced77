"""The analytic moments of R's sna ``brokerage()`` (Gould and Fernandez 1989).

For a Bernoulli digraph of density :math:`d` with the observed group sizes, sna gives the
expectation and variance of each role count per broker group and for the graph totals.
Transcribed formula by formula from sna 2.x's ``brokerage()`` (R source), order of the
columns: coordinator (w_I), itinerant (w_O), representative (b_IO), gatekeeper (b_OI),
liaison (b_O), total (t).

Reference: Butts, C. T. (2008). Social network analysis with sna. Journal of Statistical
Software 24(6). doi:10.18637/jss.v024.i06
"""

from __future__ import annotations

import numpy as np

__all__ = ["sna_moments"]


def _choose2(x: np.ndarray) -> np.ndarray:
    return x * (x - 1) / 2


def sna_moments(sizes: np.ndarray, density: float) -> tuple[np.ndarray, ...]:
    """sna's ``brokerage()`` expectations and variances: ``(e, v)`` per broker group, shape
    ``(k, 6)``, and ``(ge, gv)`` for the graph totals, shape ``(6,)``; columns in the order
    of the module notes.

    The expectations and the per-group variances are exact for a Bernoulli digraph; the
    variances of the totals are sna's approximations (see :func:`netmix.bridging.brokerage`).
    """
    n = np.asarray(sizes, dtype=np.float64)
    big_n = n.sum()
    d = density
    a, b3 = d**2 * (1 - d), d**3 * (1 - d) ** 3
    d4, d5 = d**4 * (1 - d) ** 2, d**5 * (1 - d)
    s2 = np.sum(n * (n - 1)) - n * (n - 1)  # over the other groups
    s3 = np.sum(n * (n - 1) * (n - 2)) - n * (n - 1) * (n - 2)
    e = np.empty((n.size, 6))
    v = np.empty((n.size, 6))
    e[:, 0] = a * (n - 1) * (n - 2)
    v[:, 0] = e[:, 0] * (1 - a) + 2 * (n - 1) * (n - 2) * (n - 3) * b3
    e[:, 1] = a * s2
    v[:, 1] = e[:, 1] * (1 - a) + 2 * s3 * b3
    e[:, 2] = a * (big_n - n) * (n - 1)
    v[:, 2] = e[:, 2] * (1 - a) + 2 * ((n - 1) * _choose2(big_n - n)
                                       + (big_n - n) * _choose2(n - 1)) * b3
    e[:, 3], v[:, 3] = e[:, 2], v[:, 2]
    e[:, 4] = a * ((big_n - n) ** 2 - (np.sum(n**2) - n**2))
    pair = n[None, :] * _choose2(big_n - n[None, :] - n[:, None])  # [i, j], j a liaison end
    np.fill_diagonal(pair, 0)
    v[:, 4] = e[:, 4] * (1 - a) + 4 * pair.sum(axis=1) * b3
    e[:, 5] = a * (big_n - 1) * (big_n - 2)
    v[:, 5] = e[:, 5] * (1 - a) + 2 * (big_n - 1) * (big_n - 2) * (big_n - 3) * b3
    ge, gv = np.empty(6), np.empty(6)
    t1 = n * (n - 1) * (n - 2)
    ge[0] = a * t1.sum()
    gv[0] = ge[0] * (1 - a) + np.sum(t1 * ((4 * n - 10) * b3 - 4 * (n - 3) * d4
                                           + (n - 3) * d5))
    ge[1] = a * np.sum(n * (big_n - n) * (n - 1))
    x, y = n[:, None], n[None, :]
    outer = x * y * (x - 1) * ((2 * x + 2 * y - 6) * b3 + (big_n - x - 1) * d5)
    diag = n * n * (n - 1) * ((4 * n - 6) * b3 + (big_n - n - 1) * d5)
    gv[1] = ge[1] * (1 - a) + (outer.sum() - diag.sum())
    ge[2] = ge[1]
    gv[2] = ge[2] * (1 - a) + np.sum(n * (big_n - n) * (n - 1)
                                     * ((big_n - 3) * b3 + (n - 2) * d5))
    ge[3], gv[3] = ge[2], gv[2]
    ge[4] = a * (np.sum(x * y * (big_n - x - y)) - np.sum(n * n * (big_n - 2 * n)))
    gv[4] = ge[4] * (1 - a) + _liaison_triples(n, big_n, b3, d4, d5)
    ge[5] = a * big_n * (big_n - 1) * (big_n - 2)
    gv[5] = ge[5] * (1 - a) + big_n * (big_n - 1) * (big_n - 2) * (
        (4 * big_n - 10) * b3 - 4 * (big_n - 3) * d4 + (big_n - 3) * d5)
    return e + 0.0, v + 0.0, ge + 0.0, gv + 0.0  # + 0.0 turns -0.0 into 0.0


def _liaison_triples(n: np.ndarray, big_n: float, b3: float, d4: float, d5: float) -> float:
    """sna's sum over ordered triples of distinct groups (i, j, k) for the liaison variance,
    one group i at a time (a k x k array each)."""
    total = 0.0
    nj, nk = n[:, None], n[None, :]
    distinct = ~np.eye(n.size, dtype=bool)
    for i in range(n.size):
        ni = n[i]
        f = ((4 * (big_n - nj) - 2 * (ni + nk + 1)) * b3
             - (4 * (big_n - nk) - 2 * (ni + nj + 1)) * d4 + (big_n - (ni + nk + 1)) * d5)
        mask = distinct.copy()
        mask[i, :] = False
        mask[:, i] = False
        total += float(np.sum((ni * nj * nk * f)[mask]))
    return total
