"""QAP p-values equal an independent brute force over every permutation of 6 or 7 nodes.

The brute force below shares no code with netmix: it loops over
``itertools.permutations``, builds each permuted matrix with ``numpy.ix_``, fits it with
``numpy.linalg.lstsq`` (linear) or statsmodels' ``Logit`` (logistic, Newton), and leaves out
the fits that are undefined: a rank-deficient design, an exact linear fit, or separation
in a logistic fit (found by Albert & Anderson's linear program, independent of any
fitting). The exact p-value is the share of the defined permutations, the identity
included, whose statistic is at least as extreme as the observed one. netmix enumerates
the same n! permutations when ``n_resamples >= n!`` and must give the same p-values as
fractions, the same statistics and the same count of undefined fits.

Binary predictors and outcomes make ties in the statistic common (many permutations give
the same table of dyads): this is what a tolerance mismatch between the observed and the
permuted statistics breaks (issue 14 item 4 reported an intercept p of 0.0001 where about
0.026 is right). Before the fix (commit 58ee370) the undirected cases here were off by up to
0.12 (linear qapspp with ties: 0.481 for an exact 0.600; logistic qapspp: 0.0014 for an
exact 0.089), and the directed logistic ones too (separated permutations kept as finite z).
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from scipy.optimize import linprog

from netmix.models import qap_regression

TIE = 1e-6  # brute-force tie tolerance (relative); the test checks nothing is near it


def pairs(n, directed):
    if directed:
        return [(i, j) for i in range(n) for j in range(n) if i != j]
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


def separated(yv, design):
    """Albert & Anderson (1984): the logistic MLE does not exist iff some b != 0 has
    (2y - 1) x_i'b >= 0 on every dyad; maximise the sum of those margins over a box."""
    a = (2 * yv - 1)[:, None] * design
    res = linprog(-a.sum(axis=0), A_ub=-a, b_ub=np.zeros(len(yv)),
                  bounds=[(-1, 1)] * design.shape[1], method="highs")
    return -res.fun > 1e-9


def fit_t(yv, design, family):
    """t (z) values of one fit, or None where the fit is undefined."""
    d, p = design.shape
    if np.linalg.matrix_rank(design) < p:
        return None
    if family == "linear":
        beta = np.linalg.lstsq(design, yv, rcond=None)[0]
        resid = yv - design @ beta
        if resid @ resid <= 1e-20 * ((yv - yv.mean()) ** 2).sum():
            return None
        cov = (resid @ resid) / (d - p) * np.linalg.inv(design.T @ design)
        return beta / np.sqrt(np.diag(cov))
    if separated(yv, design):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = sm.Logit(yv, design).fit(disp=0, method="newton", maxiter=100, tol=1e-12)
    return np.asarray(res.tvalues)


class CachedFit:
    """fit_t memoised on the multiset of dyad rows (a regression ignores their order)."""

    def __init__(self, family):
        self.family, self.memo = family, {}

    def __call__(self, yv, design):
        rows = np.column_stack([yv, design])
        key = np.ascontiguousarray(rows[np.lexsort(rows.T[::-1])]).tobytes()
        if key not in self.memo:
            self.memo[key] = fit_t(yv, design, self.family)
        t = self.memo[key]
        return None if t is None else t.copy()


def brute_force(y, xs, family, null, directed):
    """(observed statistics, null statistics over all n! permutations with nan where
    undefined)."""
    n = y.shape[0]
    dy = pairs(n, directed)
    r, c = [i for i, _ in dy], [j for _, j in dy]
    mats = [np.ones((n, n)), *xs]
    x = np.column_stack([m[r, c] for m in mats])
    yv = y[r, c]
    p = x.shape[1]
    fit = CachedFit(family)
    observed = fit(yv, x)
    residual_matrices = []
    for k in range(p):
        others = np.delete(x, k, axis=1)
        e = x[:, k] - others @ np.linalg.lstsq(others, x[:, k], rcond=None)[0]
        emat = np.zeros((n, n))
        for (i, j), v in zip(dy, e, strict=True):
            emat[i, j] = v
            if not directed:
                emat[j, i] = v
        residual_matrices.append((others, emat))
    out = []
    for perm in itertools.permutations(range(n)):
        P = list(perm)
        if null == "qapy":
            t = fit(y[np.ix_(P, P)][r, c], x)
            out.append(np.full(p, np.nan) if t is None else t)
            continue
        row = []
        for others, emat in residual_matrices:
            t = fit(yv, np.column_stack([others, emat[np.ix_(P, P)][r, c]]))
            row.append(np.nan if t is None else t[-1])
        out.append(row)
    return observed, np.array(out)


def exact_pvalues(observed, null):
    """(two-sided, greater, less) exact p-values per coefficient; checks that no
    statistic sits near the tie tolerance (so the count does not depend on it)."""
    two, ge, le = [], [], []
    for k, t in enumerate(observed):
        ref = null[:, k][np.isfinite(null[:, k])]
        for a, b in ((np.abs(ref), abs(t)), (ref, t)):
            gap = np.abs(a - b) / max(abs(b), 1.0)
            assert not ((gap > 1e-10) & (gap < 1e-5)).any(), "a near-tie: ambiguous count"
        two.append((np.abs(ref) >= abs(t) - TIE * max(abs(t), 1)).mean())
        ge.append((ref >= t - TIE * max(abs(t), 1)).mean())
        le.append((ref <= t + TIE * max(abs(t), 1)).mean())
    return np.array(two), np.array(ge), np.array(le)


def symmetric(m):
    return np.triu(m, 1) + np.triu(m, 1).T


def example(n, family, ties, directed, seed):
    """y and two predictors on n nodes: binary (ties) or continuous ones."""
    rng = np.random.default_rng(seed)
    if ties:
        group = rng.permutation(np.arange(n) % 2)
        x1 = (group[:, None] == group[None, :]).astype(float)
        age = rng.integers(0, 3, n)
        x2 = np.abs(age[:, None] - age[None, :]).astype(float)
    else:
        a, b = rng.normal(size=n), rng.normal(size=n)
        x1 = np.abs(a[:, None] - a[None, :])
        x2 = b[:, None] * b[None, :] if not directed else b[:, None] + rng.normal(size=(n, n))
    eta = 0.8 * x1 - 0.5 * x2 + rng.normal(size=(n, n))
    if family == "logistic":
        y = (eta > np.median(eta)).astype(float)
    else:
        y = np.round(eta) if ties else eta
    if not directed:
        y, x1, x2 = symmetric(y), symmetric(x1), symmetric(x2)
    return y, [x1, x2]


CASES = [(family, null, directed, ties)
         for family in ("linear", "logistic") for null in ("qapspp", "qapy")
         for directed in (False, True) for ties in (True, False)]


@pytest.mark.parametrize(("family", "null", "directed", "ties"), CASES)
def test_exact_pvalues_equal_the_brute_force(family, null, directed, ties):
    y, xs = example(6, family, ties, directed, seed=20 + len(family) + 3 * ties + 7 * directed)
    observed, null_stats = brute_force(y, xs, family, null, directed)
    two, ge, le = exact_pvalues(observed, null_stats)
    res = qap_regression(y, xs, family=family, null=null, directed=directed,
                         n_resamples=720, seed=0)
    assert res.exact and res.n_resamples == 720 and res.directed == directed
    np.testing.assert_allclose(res.statistic, observed, rtol=1e-7)
    np.testing.assert_allclose(res.table["pvalue"], two, rtol=1e-12)
    np.testing.assert_allclose(res.table["p_greater"], ge, rtol=1e-12)
    np.testing.assert_allclose(res.table["p_less"], le, rtol=1e-12)
    assert res.n_failed == int((~np.isfinite(null_stats).all(axis=1)).sum())
    np.testing.assert_array_equal(res.table["n_failed"], (~np.isfinite(null_stats)).sum(axis=0))
    # the permutation statistics themselves, permutation by permutation (same order)
    np.testing.assert_allclose(res.null_distribution, null_stats, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("family", ["linear", "logistic"])
def test_seven_nodes_undirected_with_ties(family):
    # 5040 permutations; binary predictors, sna's mode="graph"
    y, xs = example(7, family, True, False, seed=11)
    for null in ("qapspp", "qapy"):
        observed, null_stats = brute_force(y, xs, family, null, False)
        two, _, _ = exact_pvalues(observed, null_stats)
        res = qap_regression(y, xs, family=family, null=null, n_resamples=np.inf)
        assert res.exact and res.n_resamples == 5040 and not res.directed
        np.testing.assert_allclose(res.table["pvalue"], two, rtol=1e-12)


def test_monte_carlo_pvalues_agree_with_the_exact_ones():
    # random permutations estimate the exact p-value: within 4 binomial sd at B = 3000
    y, xs = example(7, "logistic", True, False, seed=5)
    exact = qap_regression(y, xs, family="logistic", n_resamples=5040)
    mc = qap_regression(y, xs, family="logistic", n_resamples=3000, seed=3)
    assert exact.exact and not mc.exact
    p = exact.table["pvalue"].to_numpy()
    sd = np.sqrt(p * (1 - p) / (3000 - mc.table["n_failed"].to_numpy()))
    assert (np.abs(mc.table["pvalue"].to_numpy() - p) <= 4 * sd + 1e-3).all()
