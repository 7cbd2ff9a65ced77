"""QAP / MRQAP network regression: coefficients, Dekker's semi-partialling, calibration."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import netmix
from netmix.exceptions import InputError
from netmix.models import adjacency_matrix, dyadic_covariate, qap_regression
from netmix.models._batched import QAPEngine as _Engine
from netmix.models._rglm import r_glm_logit


def network_data(n, rng, effect=0.0):
    """y_ij = s_i + s_j + 0.3 |a_i - a_j| + effect [g_i = g_j] + e_ij: node effects make the
    dyads dependent (what QAP guards against)."""
    g = rng.integers(0, 3, n)
    same = (g[:, None] == g[None, :]).astype(float)
    age = rng.normal(size=n)
    absdiff = np.abs(age[:, None] - age[None, :])
    s = rng.normal(size=n)
    y = s[:, None] + s[None, :] + 0.3 * absdiff + effect * same + rng.normal(size=(n, n))
    return y, {"same": same, "absdiff": absdiff}


@pytest.mark.parametrize("family", ["linear", "logistic"])
@pytest.mark.parametrize("directed", [True, False])
def test_coefficients_equal_statsmodels_on_the_same_dyads(family, directed):
    rng = np.random.default_rng(1)
    y, x = network_data(25, rng)
    if family == "logistic":
        y = (y > np.median(y)).astype(float)
    if not directed:
        y = np.triu(y, 1) + np.triu(y, 1).T
    res = qap_regression(y, x, family=family, directed=directed, n_resamples=9, seed=0)
    rows, cols = (np.nonzero(~np.eye(25, dtype=bool)) if directed
                  else np.triu_indices(25, 1))
    design = sm.add_constant(np.column_stack([x["same"][rows, cols],
                                              x["absdiff"][rows, cols]]))
    ref = (sm.OLS(y[rows, cols], design).fit() if family == "linear"
           else sm.Logit(y[rows, cols], design).fit(disp=0))
    np.testing.assert_allclose(res.table["coef"], ref.params, rtol=1e-7)
    np.testing.assert_allclose(res.table["statistic"], ref.tvalues, rtol=1e-5)
    assert res.n_dyads == rows.size and res.directed == directed


def loop_statistics(y, mats, perms, family, null):
    """Dekker's procedure (and Y-permutation) one permutation and one predictor at a time,
    with statsmodels fits: the definition the vectorised engine must match."""
    n = y.shape[0]
    rows, cols = np.nonzero(~np.eye(n, dtype=bool))
    x = np.column_stack([m[rows, cols] for m in mats])

    def fit(yv, design):
        if family == "linear":
            return sm.OLS(yv, design).fit().tvalues
        return sm.GLM(yv, design, family=sm.families.Binomial()).fit().tvalues

    out = []
    for p in perms:
        if null == "qapy":
            out.append(fit(y[np.ix_(p, p)][rows, cols], x))
            continue
        stats = []
        for k in range(x.shape[1]):
            others = np.delete(x, k, axis=1)
            e = x[:, k] - others @ np.linalg.lstsq(others, x[:, k], rcond=None)[0]
            emat = np.zeros((n, n))
            emat[rows, cols] = e
            design = np.column_stack([others, emat[np.ix_(p, p)][rows, cols]])
            stats.append(fit(y[rows, cols], design)[-1])
        out.append(stats)
    return np.array(out)


@pytest.mark.parametrize("family", ["linear", "logistic"])
@pytest.mark.parametrize("null", ["qapspp", "qapy"])
def test_vectorised_permutations_match_the_loop_definition(family, null):
    rng = np.random.default_rng(2)
    n = 15
    y, x = network_data(n, rng, effect=0.5)
    if family == "logistic":
        y = (y > np.median(y)).astype(float)
    mats = [np.ones((n, n)), x["same"], x["absdiff"]]
    engine = _Engine(y, mats, family, null, directed=True)
    fast = engine.draw(np.random.default_rng(9), 4)
    perms = np.argsort(np.random.default_rng(9).random((4, n)), axis=1)  # the same draws
    np.testing.assert_allclose(fast, loop_statistics(y, mats, perms, family, null),
                               rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("null", ["qapspp", "qapy"])
def test_pvalues_are_uniform_under_no_effect(null):
    # 200 seeded replications of a network with node effects and a real absdiff effect,
    # but no effect of "same": the QAP test of "same" must reject about 5 % of the time
    rng = np.random.default_rng(2024)
    pvals = []
    for rep in range(200):
        y, x = network_data(20, rng)
        res = qap_regression(y, x, null=null, n_resamples=99, seed=rep)
        pvals.append(res.table.loc["same", "pvalue"])
    pvals = np.array(pvals)
    rate = (pvals <= 0.05).mean()
    assert 0.02 <= rate <= 0.09, rate
    # and no pile-up anywhere: each fifth of [0, 1] holds 40 +- 20 p-values
    counts = np.histogram(pvals, bins=5, range=(0, 1))[0]
    assert (np.abs(counts - 40) < 20).all(), counts


def test_the_test_rejects_under_an_effect():
    rng = np.random.default_rng(7)
    rejected = 0
    for rep in range(20):
        y, x = network_data(25, rng, effect=0.6)
        rejected += qap_regression(y, x, n_resamples=99, seed=rep).table.loc[
            "same", "pvalue"] <= 0.05
    assert rejected >= 18


def test_seeds_threads_and_result():
    rng = np.random.default_rng(3)
    y, x = network_data(20, rng, effect=0.4)
    a = qap_regression(y, x, n_resamples=199, seed=11)
    b = qap_regression(y, x, n_resamples=199, seed=11)
    np.testing.assert_array_equal(a.null_distribution, b.null_distribution)
    c = qap_regression(y, x, n_resamples=199, seed=11, n_jobs=2)
    d = qap_regression(y, x, n_resamples=199, seed=11, n_jobs=2)
    np.testing.assert_array_equal(c.null_distribution, d.null_distribution)
    assert c.null_distribution.shape == (199, 3)
    stat, p = a
    np.testing.assert_array_equal(stat, a.table["statistic"])
    assert ((p > 0) & (p <= 1)).all() and p[1] == a.table.loc["same", "pvalue"]
    assert "QAP" in a.summary() and "same" in a.summary()


def test_graph_inputs():
    nodes = pd.DataFrame({"dept": list("aabbc"), "age": [20, 30, 25, 50, 41]})
    g = netmix.SocialGraph(nodes, [0, 1, 2, 3], [1, 2, 3, 4],
                           edge_attrs={"w": [1.0, 2.0, 3.0, 4.0]})
    a = adjacency_matrix(g, "w")
    assert a[1, 2] == a[2, 1] == 2.0 and a.sum() == 20
    same = dyadic_covariate(g, "dept", "match")
    assert same[0, 1] == 1 and same[1, 2] == 0
    assert dyadic_covariate(g, "age", "sender")[3, 0] == 50
    assert dyadic_covariate(g, "age", "receiver")[3, 0] == 20
    res = qap_regression(g, [same], names=["same"], weight="w", n_resamples=19, seed=1)
    assert res.n_dyads == 10 and not res.directed  # undirected graph: i < j


@pytest.mark.parametrize("kind", ["networkx", "igraph"])
def test_foreign_graphs_are_converted_once(kind):
    """A networkx or igraph graph gives what its SocialGraph gives (issue 15: these raised
    AttributeError); the expected values are the SocialGraph's, computed beside them."""
    nodes = pd.DataFrame({"dept": list("aabbc"), "age": [20, 30, 25, 50, 41]})
    g = netmix.SocialGraph(nodes, [0, 1, 2, 3], [1, 2, 3, 4],
                           edge_attrs={"w": [1.0, 2.0, 3.0, 4.0]})
    foreign = g.to_networkx() if kind == "networkx" else g.to_igraph()
    np.testing.assert_array_equal(adjacency_matrix(foreign, "w"), adjacency_matrix(g, "w"))
    np.testing.assert_array_equal(dyadic_covariate(foreign, "age", "absdiff"),
                                  dyadic_covariate(g, "age", "absdiff"))
    same = dyadic_covariate(g, "dept", "match")
    ours = qap_regression(g, [same], names=["same"], weight="w", n_resamples=19, seed=1)
    theirs = qap_regression(foreign, [same], names=["same"], weight="w", n_resamples=19,
                            seed=1)
    pd.testing.assert_frame_equal(theirs.table, ours.table)


def test_input_errors():
    y = np.zeros((4, 4))
    with pytest.raises(InputError, match=r"x\[0\] must be an \(4, 4\) matrix"):
        qap_regression(y, [np.zeros((3, 3))])
    with pytest.raises(InputError, match="collinear"):
        qap_regression(np.random.default_rng(0).normal(size=(6, 6)), [np.ones((6, 6))])
    with pytest.raises(InputError, match="0 and 1"):
        qap_regression(np.full((5, 5), 2.0), [np.eye(5)], family="logistic")
    with pytest.raises(InputError, match="null must be one of"):
        qap_regression(y, [np.eye(4)], null="qapx")


# --------------------------------------------------------------------- sna (R) cross-check
R_DIR = Path(__file__).parents[1] / "r"


def sna_example():
    """The undirected example of tests/r/qap_sna.R, read from the script itself (one copy)."""
    text = (R_DIR / "qap_sna.R").read_text()

    def vec(name):
        body = re.search(rf"^{name} <- c\(([^)]*)\)", text, re.M).group(1)
        return np.array([float(v) for v in body.replace("\n", " ").split(",")])

    group, age = vec("group"), vec("age")
    n = group.size
    iu = np.triu_indices(n, 1)  # the script fills the upper triangle row by row, mirrored

    def fill(v):
        m = np.zeros((n, n))
        m[iu] = v
        return m + m.T

    x = {"same": (group[:, None] == group[None, :]).astype(float),
         "absdiff": np.abs(age[:, None] - age[None, :])}
    return {"linear": fill(vec("yval")), "logistic": fill(vec("ybin"))}, x


@pytest.mark.parametrize("family", ["linear", "logistic"])
@pytest.mark.parametrize("null", ["qapspp", "qapy"])
def test_undirected_qap_agrees_with_sna_mode_graph(family, null):
    # Live cross-check, recorded: R 4.2.2, sna 2.7-1, netlm / netlogit(mode="graph",
    # nullhyp=null, reps=5000, set.seed(20261204)); tests/r/qap_sna.R wrote qap_sna.csv and
    # qap_sna.Rout. sna's p is b / 5000 (Monte Carlo): netmix's must lie within 4 sd of
    # the two estimates' binomial error.
    ys, x = sna_example()
    ref = pd.read_csv(R_DIR / "qap_sna.csv", skipinitialspace=True)
    ref = ref[(ref.family == family) & (ref.null == null)].set_index("term")
    res = qap_regression(ys[family], x, family=family, null=null, n_resamples=10000, seed=5)
    assert not res.directed and res.n_dyads == 66
    if family == "linear":
        np.testing.assert_allclose(res.table["coef"], ref["coef"], rtol=1e-10)
        np.testing.assert_allclose(res.table["statistic"], ref["statistic"], rtol=1e-10)
    else:
        # sna's z is R's glm.fit one: it stops at a 1e-8 change of deviance and takes the
        # covariance of its last step (weights of the iterate before). netmix's R-convention
        # fit reproduces sna to 1e-12; netmix's own (converged, information at the
        # estimate) is within 1e-5.
        iu = np.triu_indices(12, 1)
        design = np.column_stack([np.ones(66), x["same"][iu], x["absdiff"][iu]])
        beta, cov, _ = r_glm_logit(design, ys[family][iu], np.ones(66))
        np.testing.assert_allclose(beta, ref["coef"], rtol=1e-12)
        np.testing.assert_allclose(beta / np.sqrt(np.diag(cov)), ref["statistic"], rtol=1e-12)
        np.testing.assert_allclose(res.table["coef"], ref["coef"], rtol=1e-6)
        np.testing.assert_allclose(res.table["statistic"], ref["statistic"], rtol=1e-5)
    for column in ("pvalue", "p_greater", "p_less"):
        p = ref[column].to_numpy()
        sd = np.sqrt(np.maximum(p * (1 - p), 1e-3) * (1 / 5000 + 1 / 10000))
        assert (np.abs(res.table[column].to_numpy() - p) <= 4 * sd).all(), (
            column, res.table[column].to_numpy(), p)


# --------------------------------------------------------------------- observed = identity
@pytest.mark.parametrize("family", ["linear", "logistic"])
@pytest.mark.parametrize("null", ["qapspp", "qapy"])
@pytest.mark.parametrize("directed", [True, False])
def test_observed_statistic_is_the_identity_permutation(family, null, directed):
    # one routine computes both: the observed t (z) is the first permutation of the exact
    # enumeration (itertools starts with the identity) to rounding, far inside the tie
    # tolerance, and equals the model's coef / standard_error
    rng = np.random.default_rng(4)
    n = 6
    y, x = network_data(n, rng, effect=0.5)
    y = (y > np.median(y)).astype(float) if family == "logistic" else y
    if not directed:
        y = np.triu(y, 1) + np.triu(y, 1).T
    res = qap_regression(y, x, family=family, null=null, directed=directed)
    assert res.exact and res.n_resamples == 720  # 6! <= 999: every permutation, once
    np.testing.assert_allclose(res.null_distribution[0], res.statistic, rtol=1e-13)
    np.testing.assert_allclose(res.table["coef"] / res.table["standard_error"], res.statistic,
                               rtol=1e-9)
    assert "exact" in res.summary()


def test_exact_enumeration_options():
    rng = np.random.default_rng(5)
    y, x = network_data(7, rng, effect=0.5)
    a = qap_regression(y, x, n_resamples=np.inf)
    b = qap_regression(y, x, n_resamples=5040, seed=3, n_jobs=2)
    c = qap_regression(y, x, n_resamples=5039, seed=3)
    assert a.exact and b.exact and not c.exact and a.n_resamples == b.n_resamples == 5040
    np.testing.assert_array_equal(a.pvalue, b.pvalue)  # no randomness when exact
    # exact p-values are multiples of 1/n!; Monte Carlo ones of 1/(B + 1)
    np.testing.assert_allclose(a.pvalue * 5040, np.round(a.pvalue * 5040), atol=1e-9)


def test_directed_graph_analysed_undirected_counts_arcs_as_ties_of_both_ends():
    nodes = pd.DataFrame({"dept": list("aabbcc")})
    g = netmix.SocialGraph(nodes, [0, 1, 2, 3, 4, 0, 5], [1, 0, 3, 2, 5, 2, 1], directed=True)
    same = dyadic_covariate(g, "dept", "match")
    res = qap_regression(g, [same], directed=False, n_resamples=720)
    a = adjacency_matrix(g)
    ref = qap_regression(a + a.T, [same], n_resamples=720)
    assert not res.directed and res.n_dyads == 15
    np.testing.assert_array_equal(res.table, ref.table)


# ------------------------------------------- the same rule in outcome_permutation_test
def test_outcome_permutation_ties_with_the_observed_statistic():
    # binary x and y: t depends only on the 2x2 table, so many permutations tie with the
    # observed t. The observed t comes from the routine that computes the permuted ones,
    # so each tie is equal to rounding (far inside the tolerance), and the p-value counts
    # every one of them; the statistic still equals statsmodels' t.
    from netmix.models import outcome_permutation_test

    data = pd.DataFrame({"x": [1, 0, 1, 0, 1, 0, 1, 0, 1, 0], "y": [1, 1, 0, 0, 0, 0, 1, 0, 1, 0]})
    res = outcome_permutation_test("y ~ x", data, "x", n_resamples=2000, seed=2,
                                   alternative="greater")
    ref = sm.OLS(data["y"], sm.add_constant(data["x"])).fit()
    assert res.statistic == pytest.approx(ref.tvalues["x"], rel=1e-12)
    gap = np.abs(res.null_distribution - res.statistic) / abs(res.statistic)
    ties = gap < 1e-3
    assert ties.sum() > 200 and gap[ties].max() < 1e-14  # the tolerance is 2.2e-14
    b = ((res.null_distribution > res.statistic) | ties).sum()
    assert res.pvalue == (b + 1) / 2001
