"""Dyadic homophily models: dyad tables, the ERGM logit, separation, Firth, clustering."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st

import netmix
from netmix.exceptions import InputError
from netmix.models import (
    SeparationWarning,
    dyad_counts,
    dyad_table,
    fit_dyadic,
    separated_terms,
)
from netmix.models._dyads import dyad_index, dyad_pairs

# Goodreau et al.'s faux.mesa.high (R ergm), edges + nodematch("Sex"): ties and non-ties
# across sexes and within sex, and ergm's printed estimates and standard errors
FMH = pd.DataFrame({"nodematch.Sex": [0, 1], "ties": [71, 132], "nonties": [10423, 10284]})
FMH_EST = (-4.989090, 0.633548)
FMH_SE_ERGM = (0.119065, 0.147816)


def r_glm_fit(x, y, w, tol=1e-8, maxit=25):
    """An independent re-implementation of R's glm.fit IRLS for the binomial logit: start
    at mustart = (w y + 0.5) / (w + 1), stop when |dev - devold| / (|dev| + 0.1) < 1e-8,
    and report cov.unscaled from the QR of the last weighted least-squares step (whose
    weights come from the previous iterate)."""
    mu = (w * y + 0.5) / (w + 1)
    eta = np.log(mu / (1 - mu))

    def deviance(mu):
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(y > 0, y * np.log(y / mu), 0) + \
                np.where(y < 1, (1 - y) * np.log((1 - y) / (1 - mu)), 0)
        return 2 * np.sum(w * t)

    dev_old = deviance(mu)
    for _ in range(maxit):
        var = mu * (1 - mu)
        z = eta + (y - mu) / var
        xtwx = x.T @ (x * (w * var)[:, None])
        beta = np.linalg.solve(xtwx, x.T @ (w * var * z))
        cov = np.linalg.inv(xtwx)
        eta = x @ beta
        mu = 1 / (1 + np.exp(-eta))
        dev = deviance(mu)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < tol:
            break
        dev_old = dev
    return beta, np.sqrt(np.diag(cov))


def faux_sex_graph(seed=0):
    """A graph with faux.mesa.high's sex split (99 F, 106 M: 10,494 cross-sex and 10,416
    same-sex dyads) and its 71 cross-sex and 132 same-sex ties."""
    rng = np.random.default_rng(seed)
    f, m = np.arange(99), np.arange(99, 205)
    cross = rng.choice(99 * 106, 71, replace=False)
    within = []
    for grp, k in ((f, 60), (m, 72)):
        i, j = dyad_pairs(rng.choice(grp.size * (grp.size - 1) // 2, k, replace=False),
                      grp.size, False)
        within.append((grp[i], grp[j]))
    src = np.concatenate([f[cross // 106], within[0][0], within[1][0]])
    dst = np.concatenate([m[cross % 106], within[0][1], within[1][1]])
    nodes = pd.DataFrame({"Sex": ["F"] * 99 + ["M"] * 106,
                          "Grade": rng.integers(7, 13, 205)})
    return netmix.SocialGraph(nodes, src, dst)


# ----------------------------------------------------------------------------- ERGM
def test_faux_mesa_high_estimates_to_every_printed_digit():
    res = fit_dyadic(FMH)
    np.testing.assert_allclose(res.params, FMH_EST, atol=5e-7)


def test_faux_mesa_high_standard_errors():
    res = fit_dyadic(FMH)
    # exact inverse information at the MLE: Var(edges) = 1/71 + 1/10423, and
    # Var(nodematch) = 1/71 + 1/10423 + 1/132 + 1/10284 (hand computation)
    exact = np.sqrt([1 / 71 + 1 / 10423, 1 / 71 + 1 / 10423 + 1 / 132 + 1 / 10284])
    np.testing.assert_allclose(res.bse, exact, rtol=1e-9)
    # ergm's printed 0.119065, 0.147816 agree to 4 digits ...
    np.testing.assert_allclose(res.bse, FMH_SE_ERGM, rtol=2e-4)
    # ... and are exactly what R's glm.fit reports on the dyad-level data: its covariance
    # uses the weights of the iterate before the estimate (independent emulation)
    x = np.repeat([[1.0, 0.0], [1.0, 0.0], [1.0, 1.0], [1.0, 1.0]], [71, 10423, 132, 10284],
                  axis=0)
    y = np.repeat([1.0, 0.0, 1.0, 0.0], [71, 10423, 132, 10284])
    beta, se = r_glm_fit(x, y, np.ones(y.size))
    np.testing.assert_allclose(beta, FMH_EST, atol=5e-7)
    np.testing.assert_allclose(se, FMH_SE_ERGM, atol=5e-7)


def test_graph_with_faux_counts_gives_the_published_fit_from_dyads_and_counts():
    g = faux_sex_graph()
    table = dyad_table(g, match="Sex")
    assert len(table) == 205 * 204 // 2 and table["tie"].sum() == 203
    counts = dyad_counts(g, match="Sex")
    assert counts[["nodematch.Sex", "ties", "nonties"]].values.tolist() == \
        [[0, 71, 10423], [1, 132, 10284]]
    for t in (table, counts):
        np.testing.assert_allclose(fit_dyadic(t).params, FMH_EST, atol=5e-7)
    # dyad by dyad without collapsing: the same fit as statsmodels' Logit (live)
    logit = sm.Logit(table["tie"], table[["edges", "nodematch.Sex"]]).fit(disp=0)
    dyads = fit_dyadic(table, collapse=False)
    np.testing.assert_allclose(dyads.params, logit.params, rtol=1e-8)
    np.testing.assert_allclose(dyads.bse, logit.bse, rtol=1e-6)


def simulate_logit_graph(n, theta, seed):
    """Undirected graph with logit P(tie_ij) = t0 + t1 [g_i = g_j] + t2 |l_i - l_j| (3
    groups, 5 levels): every block of node types gets Binomial(dyads, p) ties placed
    uniformly at random, so the dyads are exactly independent with those probabilities."""
    rng = np.random.default_rng(seed)
    g = rng.choice(3, n, p=[0.5, 0.3, 0.2])
    lev = rng.integers(0, 5, n)
    members = [np.flatnonzero(g * 5 + lev == t) for t in range(15)]
    src, dst = [], []
    for a in range(15):
        for b in range(a, 15):
            ma, mb = members[a], members[b]
            eta = theta[0] + theta[1] * (a // 5 == b // 5) + theta[2] * abs(a % 5 - b % 5)
            p = 1 / (1 + np.exp(-eta))
            total = ma.size * (ma.size - 1) // 2 if a == b else ma.size * mb.size
            pick = rng.choice(total, rng.binomial(total, p), replace=False)
            if a == b:
                i, j = dyad_pairs(pick, ma.size, False)
                src.append(ma[i]), dst.append(ma[j])
            else:
                src.append(ma[pick // mb.size]), dst.append(mb[pick % mb.size])
    nodes = pd.DataFrame({"g": g, "level": lev})
    return netmix.SocialGraph(nodes, np.concatenate(src), np.concatenate(dst))


def test_sampled_nonties_recover_the_truth_on_a_million_edges():
    theta = (-9.3, 1.0, -0.3)
    g = simulate_logit_graph(150_000, theta, seed=7)
    assert g.n_edges > 1_000_000
    table = dyad_table(g, match="g", absdiff="level", n_nonties=2_000_000, seed=1)
    rec = table.attrs["netmix_dyads"]
    assert rec["sampled"] and rec["n_ties"] == g.n_edges
    assert np.allclose(table["offset"], np.log(rec["n_nonties"] / 2_000_000))
    res = fit_dyadic(table)
    low, high = res.conf_int().T.to_numpy()
    assert ((low < theta) & (theta < high)).all(), (res.params, res.bse)
    # the exact full-data MLE (every dyad, from the type counts) agrees within sampling error
    full = fit_dyadic(dyad_counts(g, match="g", absdiff="level"))
    assert (np.abs(res.params - full.params) < 3 * res.bse).all()
    assert (full.bse < res.bse).all()  # sampling non-ties costs precision, not bias


# ----------------------------------------------------------------------------- tables
def test_terms_by_hand_undirected():
    nodes = pd.DataFrame({"sex": list("FFMM"), "age": [20.0, 30.0, 25.0, 40.0],
                          "race": list("abab")})
    g = netmix.SocialGraph(nodes, [0, 1, 2], [1, 2, 3])
    t = dyad_table(g, match="sex", mix="race", factor="sex", absdiff="age",
                   covariates="age")
    # dyads (0,1) (0,2) (0,3) (1,2) (1,3) (2,3)
    assert t["tie"].tolist() == [1, 0, 0, 1, 0, 1]
    assert t["nodematch.sex"].tolist() == [1, 0, 0, 0, 0, 1]
    assert t["nodemix.race.a.b"].tolist() == [1, 0, 1, 1, 0, 1]   # a-a is the reference
    assert t["nodemix.race.b.b"].tolist() == [0, 0, 0, 0, 1, 0]
    assert t["nodefactor.sex.M"].tolist() == [0, 1, 1, 1, 1, 2]
    assert t["absdiff.age"].tolist() == [10, 5, 20, 5, 10, 15]
    assert t["nodecov.age"].tolist() == [50, 45, 60, 55, 70, 65]
    d = dyad_table(g, match="sex", diff=True)
    assert d["nodematch.sex.F"].tolist() == [1, 0, 0, 0, 0, 0]
    assert d["nodematch.sex.M"].tolist() == [0, 0, 0, 0, 0, 1]


def test_terms_by_hand_directed():
    nodes = pd.DataFrame({"x": [1.0, 2.0, 4.0], "g": list("aab")})
    g = netmix.SocialGraph(nodes, [0, 2, 2], [1, 0, 0], directed=True)  # 2->0 twice
    t = dyad_table(g, covariates="x", mix="g")
    # ordered dyads 0->1, 0->2, 1->0, 1->2, 2->0, 2->1
    assert list(zip(t["i"], t["j"], strict=True)) == [(0, 1), (0, 2), (1, 0), (1, 2), (2, 0),
                                                      (2, 1)]
    assert t["tie"].tolist() == [1, 0, 0, 0, 1, 0]  # parallel arcs merged
    assert t["nodeocov.x"].tolist() == [1, 1, 2, 2, 4, 4]
    assert t["nodeicov.x"].tolist() == [2, 4, 1, 4, 1, 2]
    assert t["nodemix.g.b.a"].tolist() == [0, 0, 0, 0, 1, 1]


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 60), directed=st.booleans(), data=st.data())
def test_dyad_index_round_trip(n, directed, data):
    total = n * (n - 1) // (1 if directed else 2)
    k = np.array(data.draw(st.lists(st.integers(0, total - 1), min_size=1, max_size=30)))
    i, j = dyad_pairs(k, n, directed)
    assert ((i != j) & (i >= 0) & (j < n)).all()
    if not directed:
        assert (i < j).all()
    assert (dyad_index(i, j, n, directed) == k).all()


@pytest.mark.parametrize("directed", [False, True])
def test_dyad_counts_equal_the_collapsed_dyad_table(directed):
    rng = np.random.default_rng(3)
    n = 60
    nodes = pd.DataFrame({"g": rng.choice(list("xyz"), n), "lev": rng.integers(0, 4, n)})
    src, dst = rng.integers(0, n, 300), rng.integers(0, n, 300)
    g = netmix.SocialGraph(nodes, src, dst, directed=directed)
    spec = {"match": "g", "factor": "g", "absdiff": "lev", "covariates": "lev"}
    a = dyad_counts(g, **spec)
    b = dyad_table(g, **spec, collapse=True)
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True),
                                  check_dtype=False)


def test_sampling_is_a_reproducible_sample_of_nonties():
    g = faux_sex_graph()
    a = dyad_table(g, match="Sex", n_nonties=3000, seed=5)
    b = dyad_table(g, match="Sex", n_nonties=3000, seed=5)
    pd.testing.assert_frame_equal(a, b)
    assert a["tie"].sum() == 203 and (a["tie"] == 0).sum() == 3000
    assert not a.duplicated(["i", "j"]).any()
    assert np.allclose(a["offset"], np.log((20910 - 203) / 3000))
    # the sample is uniform: the share of same-sex non-ties is close to 10284 / 20707
    same = a.loc[a["tie"] == 0, "nodematch.Sex"].mean()
    assert abs(same - 10284 / 20707) < 4 * np.sqrt(0.25 / 3000)


# ----------------------------------------------------------------------------- separation
SEPARATED = pd.DataFrame({"nodematch.race.A": [0, 1, 0], "nodematch.race.B": [0, 0, 1],
                          "ties": [40, 0, 12], "nonties": [5000, 300, 400]})


def test_separation_raises_naming_the_cell():
    with pytest.raises(InputError, match=r"nodematch.race.A: 0 ties and 300 non-ties"):
        fit_dyadic(SEPARATED)
    sep = separated_terms(SEPARATED.assign(edges=1))
    assert sep.index.tolist() == ["nodematch.race.A"] and sep["estimate"].iloc[0] == -np.inf


def test_separation_drop_fits_the_rest_as_the_mle_at_the_boundary():
    with pytest.warns(SeparationWarning, match="nodematch.race.A"):
        res = fit_dyadic(SEPARATED, separation="drop")
    # with A-A dyads fitted perfectly (p = 0), the rest is a saturated 2-cell logit:
    # edges = logit(40/5040), nodematch.B = logit(12/412) - edges (hand computation)
    edges = np.log(40 / 5000)
    np.testing.assert_allclose(res.params, [edges, np.log(12 / 400) - edges], rtol=1e-7)
    assert "nodematch.race.A = -inf" in "".join(res.netmix_notes)


def test_firth_equals_the_haldane_correction_for_a_saturated_design():
    # Firth's estimate of a saturated binary logit adds 1/2 to every cell (Firth 1993;
    # Heinze & Schemper 2002): closed form below
    t = pd.DataFrame({"nodematch.sex": [0, 1], "ties": [71, 0], "nonties": [10423, 100]})
    with pytest.warns(SeparationWarning):
        res = fit_dyadic(t, separation="firth")
    edges = np.log(71.5 / 10423.5)
    np.testing.assert_allclose(res.params, [edges, np.log(0.5 / 100.5) - edges], rtol=1e-8)
    assert np.isfinite(res.bse).all()
    also = fit_dyadic(t, method="firth")  # asked for directly: no warning
    np.testing.assert_allclose(also.params, res.params)


def test_collinear_terms_are_named():
    g = faux_sex_graph()
    with pytest.raises(InputError, match="collinear"):
        fit_dyadic(dyad_table(g, match="Sex", factor="Sex", diff=True))


def test_table_errors():
    with pytest.raises(InputError, match="'tie' column"):
        fit_dyadic(pd.DataFrame({"edges": [1]}))
    with pytest.raises(InputError, match="terms must be columns"):
        fit_dyadic(FMH, terms=["nodematch.Race"])
    with pytest.raises(InputError, match="dyad-level table"):
        fit_dyadic(FMH, cluster="dyadic")
    with pytest.raises(InputError, match="match and mix"):
        dyad_table(faux_sex_graph(), match="Sex", mix="Sex")


# ----------------------------------------------------------------------------- clustering
def test_dyadic_robust_equals_the_brute_force_double_sum():
    g = faux_sex_graph()
    sub = g.subgraph(np.arange(205) % 3 == 0)  # 69 people, every dyad
    table = dyad_table(sub, match="Sex", absdiff="Grade")
    res = fit_dyadic(table, cluster="dyadic")
    plain = fit_dyadic(table, collapse=False)
    x = table[["edges", "nodematch.Sex", "absdiff.Grade"]].to_numpy(float)
    s = x * (table["tie"].to_numpy() - plain.fittedvalues.to_numpy())[:, None]
    i, j = table["i"].to_numpy(), table["j"].to_numpy()
    share = (i[:, None] == i[None, :]) | (i[:, None] == j[None, :]) | \
        (j[:, None] == i[None, :]) | (j[:, None] == j[None, :])  # dyads sharing a person
    meat = s.T @ (share.astype(float) @ s)
    bread = np.linalg.inv(x.T @ (x * (plain.fittedvalues * (1 - plain.fittedvalues))
                                 .to_numpy()[:, None]))
    np.testing.assert_allclose(res.cov_params(), bread @ meat @ bread, rtol=1e-8)
    np.testing.assert_allclose(res.params, plain.params)
    assert res.cov_type == "dyadic-robust"


def test_two_way_cluster_is_cgm():
    g = faux_sex_graph()
    table = dyad_table(g, match="Sex")
    res = fit_dyadic(table, cluster="two-way")
    # hand CGM: V_i + V_j - V_ij, each CRV1 with factor G / (G - 1) * (N - 1) / (N - K);
    # the intersection clusters are the single dyads
    plain = fit_dyadic(table, collapse=False)
    x = table[["edges", "nodematch.Sex"]].to_numpy(float)
    s = x * (table["tie"].to_numpy() - plain.fittedvalues.to_numpy())[:, None]
    w = (plain.fittedvalues * (1 - plain.fittedvalues)).to_numpy()
    bread = np.linalg.inv(x.T @ (x * w[:, None]))
    n, k = x.shape

    def v(labels):
        sums = pd.DataFrame(s).groupby(labels).sum().to_numpy()
        big_g = sums.shape[0]
        return big_g / (big_g - 1) * (n - 1) / (n - k) * bread @ (sums.T @ sums) @ bread

    hand = v(table["i"].to_numpy()) + v(table["j"].to_numpy()) - v(np.arange(n))
    np.testing.assert_allclose(res.cov_params(), hand, rtol=1e-6)
    assert "Two-way" in res.netmix_notes[0]


def test_faux_mesa_high_standard_errors_as_ergm_prints_them():
    # Goodreau et al. (2008) / R ergm: edges -4.989090 (SE 0.119065), nodematch.Sex
    # 0.633548 (SE 0.147816); standard_error="glm" follows R's glm.fit covariance convention
    res = fit_dyadic(FMH, standard_error="glm")
    np.testing.assert_allclose(res.params, FMH_EST, atol=5e-7)
    np.testing.assert_allclose(res.bse, FMH_SE_ERGM, atol=5e-7)
    assert "glm.fit convention" in str(res.summary())
    # the same from the dyad-level table of a graph with those counts
    table = dyad_table(faux_sex_graph(), match="Sex")
    np.testing.assert_allclose(fit_dyadic(table, standard_error="glm").bse, FMH_SE_ERGM,
                               atol=5e-7)


def test_glm_standard_errors_need_plain_mle():
    with pytest.raises(netmix.InputError, match="standard_error='glm'"):
        fit_dyadic(FMH, standard_error="glm", method="firth")
