"""Tests of netmix.inference: null models, permutation tests and the bootstrap.

Every expected value says where it comes from: a hand count, an independent implementation
run live (networkx, igraph, scipy), or a property that must hold exactly.
"""

from __future__ import annotations

import math
import warnings

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.stats

import netmix
from netmix import DegenerateMixingWarning, InputError, SocialGraph
from netmix.core import batch_margins, batch_tally, edge_view
from netmix.inference import (
    NULL_MODELS,
    STATISTICS,
    BootstrapResult,
    ConfigurationModel,
    DegreePreserving,
    LabelPermutation,
    NetworkData,
    NullModel,
    PermutationTestResult,
    bootstrap,
    permutation_pvalues,
    permutation_test,
    register_null_model,
    register_statistic,
)
from netmix.inference._resample import node_sample_graph
from netmix.measures.assortativity import nominal_assortativity_test


# ----------------------------------------------------------------------------- helpers
def random_graph(n=40, p=0.1, k=3, *, seed=0, directed=False, loops=False, weights=False,
                 missing=0):
    """An Erdos-Renyi graph with random group labels (and optional loops, weights, and
    ``missing`` nodes without a group)."""
    rng = np.random.default_rng(seed)
    a = rng.random((n, n)) < p
    if not directed:
        a = np.triu(a, 1)
    if not loops:
        np.fill_diagonal(a, False)
    src, dst = np.nonzero(a)
    names = list("abcdefgh"[:k]) if k <= 8 else [f"g{i:03d}" for i in range(k)]
    labels = np.array(names, dtype=object)[rng.integers(0, k, n)]
    if missing:
        labels[rng.choice(n, missing, replace=False)] = None
    nodes = pd.DataFrame({"g": labels}, index=pd.RangeIndex(n, name="id"))
    attrs = {"w": rng.integers(1, 10, src.size).astype(float)} if weights else None
    return SocialGraph(nodes, src, dst, directed=directed, edge_attrs=attrs)


def sbm(sizes=(30, 30), p_in=0.3, p_out=0.02, seed=0):
    """A homophilous stochastic block model (networkx's generator)."""
    probs = [[p_in if i == j else p_out for j in range(len(sizes))] for i in range(len(sizes))]
    G = nx.stochastic_block_model(list(sizes), probs, seed=seed)
    for _, d in G.nodes(data=True):
        d["g"] = f"block{d['block']}"
    return netmix.from_networkx(G)


def within_ties(m):
    """Edges inside groups: an undirected matrix counts each twice on the diagonal."""
    return float(np.trace(m.counts)) / 2


class Enumerate(NullModel):
    """A deterministic 'null model' cycling through given code vectors (for hand counts)."""

    name = "enumerate"

    def __init__(self, rows):
        self.rows, self.i = [np.asarray(r, dtype=np.int8) for r in rows], 0

    def sample(self, rng):
        codes = self.rows[self.i % len(self.rows)]
        self.i += 1
        return self.data.replace(codes=codes)


PATH = SocialGraph(pd.DataFrame({"g": list("aabb")}), [0, 1, 2], [1, 2, 3])
# The 6 ways to put labels {a, a, b, b} on the path 0-1-2-3, and their within-group ties
# counted by hand: aabb 2 (01, 23), abab 0, abba 1 (12), baab 1 (12), baba 0, bbaa 2.
ASSIGNMENTS = [[0, 0, 1, 1], [0, 1, 0, 1], [0, 1, 1, 0], [1, 0, 0, 1], [1, 0, 1, 0],
               [1, 1, 0, 0]]
WITHIN = [2, 0, 1, 1, 0, 2]


# ----------------------------------------------------------------------------- p-values
def test_pvalue_is_b_plus_one_over_m_plus_one_counted_by_hand():
    res = permutation_test(PATH, within_ties, "g", null=Enumerate(ASSIGNMENTS),
                           n_resamples=6, alternative="greater")
    assert res.statistic == 2  # observed aabb: edges 0-1 and 2-3
    assert list(res.null_distribution) == WITHIN
    # greater: b = #{T* >= 2} = 2 (aabb, bbaa) of m = 6 -> (2 + 1) / (6 + 1)
    assert res.pvalue == 3 / 7
    less = permutation_test(PATH, within_ties, "g", null=Enumerate(ASSIGNMENTS),
                            n_resamples=6, alternative="less")
    assert less.pvalue == 1.0  # b = #{T* <= 2} = 6 -> 7 / 7
    two = permutation_test(PATH, within_ties, "g", null=Enumerate(ASSIGNMENTS),
                           n_resamples=12)
    # two cycles: m = 12, b_greater = 4 -> 5/13; two-sided = 2 * min(5/13, 13/13)
    assert two.pvalue == 2 * 5 / 13
    assert permutation_pvalues(2.0, WITHIN) == (6 / 7, 3 / 7, 1.0)
    # the moments are those of the hand-counted values
    assert res.null_mean == pytest.approx(1.0)
    assert res.null_sd == pytest.approx(np.std(WITHIN, ddof=1))
    assert res.zscore == pytest.approx((2 - 1.0) / np.std(WITHIN, ddof=1))


def test_pvalues_roughly_uniform_under_a_true_null():
    # Random labels on Erdos-Renyi graphs: H0 holds, so P(p <= 0.05) is at most 0.05 (the
    # test is exact but discrete and the two-sided rule is conservative).
    pvals = np.array([
        permutation_test(random_graph(30, 0.15, 3, seed=s), "nominal_assortativity", "g",
                         n_resamples=99, seed=s, progress=False).pvalue
        for s in range(200)])
    rejections = int((pvals <= 0.05).sum())
    # Binomial(200, 0.05): mean 10; P(X <= 2) and P(X >= 21) are both below 0.005.
    assert 2 < rejections < 21
    assert 0.42 < pvals.mean() < 0.62  # uniform on [0, 1]: mean 0.5, se 0.02
    one_sided = [permutation_test(random_graph(30, 0.15, 3, seed=s), "nominal_assortativity",
                                  "g", n_resamples=99, seed=s, alternative="greater").pvalue
                 for s in range(100)]
    assert scipy.stats.kstest(one_sided, "uniform").pvalue > 0.01


def test_rejects_on_a_homophilous_sbm():
    g = sbm()
    res = permutation_test(g, "nominal_assortativity", "g", seed=1)
    assert res.statistic > 0.6
    assert res.pvalue == 2 / 1000  # no replicate comes near: two-sided 2 * (0 + 1) / 1000
    assert permutation_test(g, "nominal_assortativity", "g", seed=1,
                            alternative="greater").pvalue == 1 / 1000
    assert permutation_test(g, "nominal_assortativity", "g", seed=1,
                            alternative="less").pvalue == 1.0
    assert res.zscore > 10


# ----------------------------------------------------------------------------- exactness
@pytest.mark.parametrize("case", ["undirected", "directed-weighted-loops-missing"])
def test_batched_label_permutations_equal_a_naive_loop(case):
    if case == "undirected":
        g, weight, missing = netmix.datasets.load_example(), None, "raise"
        groups = "department"
    else:
        g = random_graph(50, 0.1, 4, seed=3, directed=True, loops=True, weights=True,
                         missing=5)
        weight, missing, groups = "w", "drop", "g"
    res = permutation_test(g, "nominal_assortativity", groups, n_resamples=300, seed=7,
                           weight=weight, missing=missing)
    values = g.nodes[groups].to_numpy()
    valid = np.flatnonzero(pd.notna(values))
    rng = np.random.default_rng(7)  # n_jobs=1 draws from default_rng(seed) itself
    naive = []
    for _ in range(300):
        perm = values.copy()
        perm[valid] = rng.permuted(values[valid])  # one permutation per replicate
        naive.append(netmix.nominal_assortativity(g, perm, weight, missing=missing))
    np.testing.assert_allclose(res.null_distribution, naive, rtol=0, atol=1e-15)
    assert res.statistic == netmix.nominal_assortativity(g, groups, weight, missing=missing)


def test_batch_counts_equal_mixing_matrix_per_replicate():
    g = random_graph(60, 0.08, 5, seed=4, weights=True, loops=True)
    data = NetworkData.from_graph(g, "g", "w")
    perms = LabelPermutation().fit(data).permuted_codes(np.random.default_rng(0), 19)
    for w in (None, "w"):
        counts = batch_tally(edge_view(g, "g", w), perms)
        for b in range(19):
            expected = netmix.mixing_matrix(g, data.groups.labels.to_numpy()[perms[b]], w)
            np.testing.assert_array_equal(counts[b], expected.counts)


@pytest.mark.parametrize(("directed", "weights", "k"), [(False, False, 4), (True, True, 5),
                                                      (False, True, 3), (True, False, 150)])
def test_batch_margins_equal_the_full_tally(directed, weights, k):
    # trace, row and column sums and total of every replicate's matrix, without tallying it
    g = random_graph(300, 0.03, k, seed=17, directed=directed, loops=True, weights=weights)
    data = NetworkData.from_graph(g, "g", "w" if weights else None)
    perms = LabelPermutation().fit(data).permuted_codes(np.random.default_rng(2), 11)
    counts = batch_tally(data.view, perms)
    trace, rows, cols, total = batch_margins(data.view, perms)
    np.testing.assert_allclose(trace, np.trace(counts, axis1=1, axis2=2), rtol=1e-12)
    np.testing.assert_allclose(rows, counts.sum(axis=2), rtol=1e-12)
    np.testing.assert_allclose(cols, counts.sum(axis=1), rtol=1e-12)
    assert total == pytest.approx(counts[0].sum(), rel=1e-12)
    if not weights:  # integer counts: exact
        np.testing.assert_array_equal(trace, np.trace(counts, axis1=1, axis2=2))


def test_batch_counts_many_groups_use_the_general_path():
    g = random_graph(80, 0.1, 1, seed=5)
    labels = np.arange(80) % 20  # 20 groups > 16: the general (non-lane) tally
    g = g.with_nodes(g.nodes.assign(g=labels))
    data = NetworkData.from_graph(g, "g")
    perms = LabelPermutation().fit(data).permuted_codes(np.random.default_rng(1), 10)
    counts = batch_tally(data.view, perms)
    for b in range(10):
        expected = netmix.mixing_matrix(g, data.groups.labels.to_numpy()[perms[b]])
        np.testing.assert_array_equal(counts[b], expected.counts)


def test_graph_statistic_gives_the_same_null_as_the_matrix_path():
    g = netmix.datasets.load_example()

    def assort(graph, groups, weight=None):
        return netmix.nominal_assortativity(graph, groups, weight)

    fast = permutation_test(g, "nominal_assortativity", "department", n_resamples=40, seed=3)
    slow = permutation_test(g, assort, "department", n_resamples=40, seed=3)
    np.testing.assert_allclose(slow.null_distribution, fast.null_distribution, atol=1e-15)
    assert slow.statistic_name == "assort"
    # a matrix function that is not registered goes through MixingMatrix objects
    generic = permutation_test(g, lambda m: netmix.nominal_assortativity(m), "department",
                               n_resamples=40, seed=3)
    np.testing.assert_allclose(generic.null_distribution, fast.null_distribution, atol=1e-15)


# ----------------------------------------------------------------------------- seeds, jobs
def test_seeds_reproduce_and_batch_size_does_not_matter():
    g = random_graph(40, 0.2, 3, seed=1)
    a = permutation_test(g, "nominal_assortativity", "g", n_resamples=200, seed=11)
    b = permutation_test(g, "nominal_assortativity", "g", n_resamples=200, seed=11,
                         batch_size=3)
    c = permutation_test(g, "nominal_assortativity", "g", n_resamples=200, seed=12)
    np.testing.assert_array_equal(a.null_distribution, b.null_distribution)
    assert not np.array_equal(a.null_distribution, c.null_distribution)
    fresh = permutation_test(g, "nominal_assortativity", "g", n_resamples=50)
    assert isinstance(fresh.seed, int)  # the drawn entropy is recorded ...
    again = permutation_test(g, "nominal_assortativity", "g", n_resamples=50,
                             seed=fresh.seed)  # ... and repeats the run
    np.testing.assert_array_equal(fresh.null_distribution, again.null_distribution)


def test_n_jobs_two_is_reproducible_and_uses_spawned_streams():
    g = random_graph(40, 0.2, 3, seed=2)
    a = permutation_test(g, "nominal_assortativity", "g", n_resamples=101, seed=5, n_jobs=2)
    b = permutation_test(g, "nominal_assortativity", "g", n_resamples=101, seed=5, n_jobs=2,
                         batch_size=7)
    np.testing.assert_array_equal(a.null_distribution, b.null_distribution)
    # worker j draws a contiguous share (51, 50) from SeedSequence(5).spawn(2)[j]
    kids = np.random.SeedSequence(5).spawn(2)
    parts = [permutation_test(g, "nominal_assortativity", "g", n_resamples=size,
                              seed=np.random.default_rng(kid)).null_distribution
             for kid, size in zip(kids, (51, 50), strict=True)]
    np.testing.assert_array_equal(a.null_distribution, np.concatenate(parts))
    single = permutation_test(g, "nominal_assortativity", "g", n_resamples=101, seed=5)
    assert not np.array_equal(a.null_distribution, single.null_distribution)
    assert a.n_jobs == 2


# ----------------------------------------------------------------------------- null models
def _nx_degrees(src, dst, n, directed):
    G = (nx.MultiDiGraph if directed else nx.MultiGraph)()
    G.add_nodes_from(range(n))
    G.add_edges_from(zip(src.tolist(), dst.tolist(), strict=True))
    if directed:
        return [d for _, d in sorted(G.in_degree())], [d for _, d in sorted(G.out_degree())]
    return [d for _, d in sorted(G.degree())], None


@pytest.mark.parametrize("directed", [False, True])
def test_degree_preserving_keeps_every_degree_exactly(directed):
    g = random_graph(50, 0.12, 3, seed=6, directed=directed, weights=True)
    data = NetworkData.from_graph(g, "g", "w")
    model = DegreePreserving().fit(data)
    rep = model.sample(np.random.default_rng(0))
    # networkx, independently, on both edge lists
    assert _nx_degrees(rep.src, rep.dst, 50, directed) == \
        _nx_degrees(data.src, data.dst, 50, directed)
    before = set(zip(data.src.tolist(), data.dst.tolist(), strict=True))
    after = set(zip(rep.src.tolist(), rep.dst.tolist(), strict=True))
    assert len(before & after) < 0.5 * len(before)  # the edges did move
    assert not (rep.src == rep.dst).any()  # no loops created (loops=False)
    h = ig.Graph(n=50, edges=list(after), directed=directed)
    assert h.is_simple()  # nor multi-edges
    np.testing.assert_array_equal(np.sort(rep.weights), np.sort(data.weights))
    np.testing.assert_array_equal(rep.codes, data.codes)  # groups stay on their nodes


def test_degree_preserving_does_not_keep_degree_assortativity():
    # K10 plus a 40-cycle: every edge joins equal degrees (9-9 or 2-2), so r = 1 (networkx);
    # rewiring keeps the degrees, not who meets whom.
    G = nx.disjoint_union(nx.complete_graph(10), nx.cycle_graph(40))
    nx.set_node_attributes(G, "x", "g")
    assert nx.degree_assortativity_coefficient(G) == pytest.approx(1.0)
    data = NetworkData.from_graph(netmix.from_networkx(G), "g")
    model = DegreePreserving().fit(data)
    rng = np.random.default_rng(1)
    rs = []
    for rep in model.replicates(rng, 10):
        H = nx.Graph(list(zip(rep.src.tolist(), rep.dst.tolist(), strict=True)))
        assert sorted(d for _, d in H.degree()) == sorted(d for _, d in G.degree())
        rs.append(nx.degree_assortativity_coefficient(H))
    assert np.mean(rs) < 0.8


def test_igraph_nulls_reproduce_with_the_seed():
    g = random_graph(40, 0.15, 2, seed=8)
    for null in ("degree_preserving", ConfigurationModel("vl")):
        a = permutation_test(g, "nominal_assortativity", "g", null=null, n_resamples=20,
                             seed=4)
        b = permutation_test(g, "nominal_assortativity", "g", null=null, n_resamples=20,
                             seed=4)
        np.testing.assert_array_equal(a.null_distribution, b.null_distribution)
        assert a.null in ("degree_preserving", "configuration")


def test_configuration_model_keeps_degrees_and_matches_igraphs_loop_rate():
    g = random_graph(30, 0.2, 2, seed=9)
    data = NetworkData.from_graph(g, "g")
    deg = data.degrees()[0]
    m = data.n_edges
    # stub matching: each of the sum_i C(d_i, 2) same-node stub pairs is matched with
    # probability 1 / (2m - 1), so E[loops] = sum_i d_i (d_i - 1) / 2 / (2m - 1)
    expected = float((deg * (deg - 1)).sum() / 2 / (2 * m - 1))
    model = ConfigurationModel().fit(data)
    rng = np.random.default_rng(0)
    loops = []
    for rep in model.replicates(rng, 400):
        assert _nx_degrees(rep.src, rep.dst, 30, False) == _nx_degrees(data.src, data.dst,
                                                                          30, False)
        loops.append(int((rep.src == rep.dst).sum()))
    ig_loops = [sum(ig.Graph.Degree_Sequence(deg.tolist(), method="configuration")
                    .is_loop()) for _ in range(400)]
    for sample in (loops, ig_loops):  # netmix's and igraph's stub matching
        se = np.std(sample, ddof=1) / math.sqrt(len(sample))
        assert abs(np.mean(sample) - expected) < 4 * se + 1e-9


def test_configuration_model_directed_keeps_in_and_out_degrees():
    g = random_graph(30, 0.15, 2, seed=10, directed=True)
    data = NetworkData.from_graph(g, "g")
    rep = ConfigurationModel().fit(data).sample(np.random.default_rng(2))
    assert _nx_degrees(rep.src, rep.dst, 30, True) == _nx_degrees(data.src, data.dst, 30, True)


def test_registered_and_functional_null_models():
    def shuffle_codes(data, rng):
        return data.replace(codes=rng.permutation(data.codes))

    register_null_model("my_shuffle", shuffle_codes)
    try:
        g = random_graph(30, 0.2, 3, seed=3)
        res = permutation_test(g, "nominal_assortativity", "g", null="my_shuffle",
                               n_resamples=30, seed=1)
        assert res.null == "my_shuffle"
        # rng.permutation and rng.permuted draw the same permutations: same null
        ref = permutation_test(g, "nominal_assortativity", "g", n_resamples=30, seed=1)
        np.testing.assert_allclose(res.null_distribution, ref.null_distribution, atol=1e-15)
    finally:
        del NULL_MODELS["my_shuffle"]
    with pytest.raises(InputError, match="null must be one of"):
        permutation_test(g, "nominal_assortativity", "g", null="nope")
    with pytest.raises(InputError, match="must return a NetworkData"):
        permutation_test(g, "nominal_assortativity", "g", null=lambda d, r: 1, n_resamples=2)


# ----------------------------------------------------------------------------- results
def test_result_unpacks_summarises_and_frames():
    res = permutation_test(netmix.datasets.load_example(), "nominal_assortativity",
                           "department", n_resamples=99, seed=2, weight="duration")
    assert isinstance(res, PermutationTestResult)
    stat, p = res
    assert (stat, p) == (res.statistic, res.pvalue)
    text = res.summary()
    assert "pvalue" in text and "label_permutation" in text and "duration" in text
    assert "<table>" in res._repr_html_()
    frame = res.to_frame()
    assert frame.shape[0] == 1 and "null_distribution" not in frame.columns
    assert frame.loc[0, "n_resamples"] == 99 and frame.loc[0, "weight"] == "duration"
    with pytest.raises(AttributeError):
        res.pvalue = 0.5  # frozen


@pytest.mark.parametrize("case", ["one group", "no edges"])
def test_degenerate_input_gives_nan_with_a_warning(case):
    if case == "one group":
        g = SocialGraph(pd.DataFrame({"g": ["a"] * 4}), [0, 1], [1, 2])
    else:
        g = SocialGraph(pd.DataFrame({"g": list("abab")}), [], [])
    with pytest.warns(DegenerateMixingWarning, match="undefined"):
        res = permutation_test(g, "nominal_assortativity", "g", n_resamples=10)
    assert math.isnan(res.statistic) and math.isnan(res.pvalue)
    assert res.null_distribution.size == 0
    with pytest.warns(DegenerateMixingWarning, match="undefined"):
        boot = bootstrap(g, "nominal_assortativity", "g", n_resamples=39)
    assert math.isnan(boot.statistic) and math.isnan(boot.standard_error)


def test_undefined_replicates_are_counted_and_left_out():
    g = random_graph(30, 0.2, 2, seed=4)

    observed = netmix.mixing_matrix(g, "g").counts[0, 0]

    def first_cell_or_nan(m):  # undefined whenever the first cell exceeds the observed one
        return float(m.counts[0, 0]) if m.counts[0, 0] <= observed else float("nan")
    with pytest.warns(DegenerateMixingWarning, match="null replicates"):
        res = permutation_test(g, first_cell_or_nan, "g", n_resamples=60, seed=0)
    assert 0 < res.n_undefined < 60
    assert res.null_distribution.size == 60 - res.n_undefined
    assert not np.isnan(res.null_distribution).any()


def test_input_errors_name_the_argument():
    g = random_graph(20, 0.2, 2, seed=0)
    cases = [({"alternative": "bigger"}, "alternative"), ({"n_resamples": 0}, "n_resamples"),
             ({"seed": -1}, "seed"), ({"n_jobs": 0}, "n_jobs"), ({"progress": "yes"},
                                                                  "progress")]
    for kwargs, word in cases:
        with pytest.raises(InputError, match=word):
            permutation_test(g, "nominal_assortativity", "g", **kwargs)
    with pytest.raises(InputError, match="statistic must be"):
        permutation_test(g, "no_such_index", "g")
    with pytest.raises(InputError, match="groups"):
        permutation_test(g, "nominal_assortativity", "nope")


def test_register_statistic_by_name():
    register_statistic("within_ties_test", within_ties)
    try:
        res = permutation_test(PATH, "within_ties_test", "g",
                               null=Enumerate(ASSIGNMENTS), n_resamples=6)
        assert res.statistic_name == "within_ties_test" and res.statistic == 2
    finally:
        del STATISTICS["within_ties_test"]


# ----------------------------------------------------------------------------- bootstrap
def test_node_sample_graph_by_hand():
    # path 0-1-2 with a loop on 1; sample [1, 1, 0]: c = (1, 2, 0)
    g = SocialGraph(pd.DataFrame({"g": list("abb")}), [0, 1, 1], [1, 2, 1])
    data = NetworkData.from_graph(g, "g")
    sample, codes = node_sample_graph(data, np.array([1, 1, 0]))
    edges = sorted(map(tuple, np.sort(np.column_stack([sample.src, sample.dst]), axis=1)))
    # new nodes 0, 1 are copies of node 1, new node 2 of node 0:
    # 0-1 twice (c0 * c1 = 2: 2-0, 2-1), the loop once per copy (0-0, 1-1); 1-2 never
    # (node 2 not drawn); no tie between the two copies of node 1.
    assert edges == [(0, 0), (0, 2), (1, 1), (1, 2)]
    assert codes.tolist() == [1, 1, 0]


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("unit", ["node", "edge"])
def test_vectorised_bootstrap_equals_explicit_sample_graphs(unit, directed):
    g = random_graph(40, 0.12, 3, seed=12, directed=directed, loops=True, weights=True)

    def assort(graph, groups, weight=None):
        return netmix.nominal_assortativity(graph, groups, weight)

    fast = bootstrap(g, "nominal_assortativity", "g", unit=unit, n_resamples=60, seed=3,
                     weight="w")
    slow = bootstrap(g, assort, "g", unit=unit, n_resamples=60, seed=3, weight="w")
    np.testing.assert_allclose(fast.bootstrap_distribution, slow.bootstrap_distribution,
                               rtol=1e-12, atol=1e-15)
    assert fast.statistic == netmix.nominal_assortativity(g, "g", "w")


@pytest.mark.parametrize("unit", ["node", "edge"])
def test_vectorised_bca_jackknife_equals_leave_one_out_graphs(unit):
    g = random_graph(30, 0.15, 3, seed=13, weights=True, loops=True)

    def assort(graph, groups, weight=None):
        return netmix.nominal_assortativity(graph, groups, weight)

    fast = bootstrap(g, "nominal_assortativity", "g", unit=unit, n_resamples=300, seed=1,
                     method="bca", weight="w")
    slow = bootstrap(g, assort, "g", unit=unit, n_resamples=300, seed=1, method="bca",
                     weight="w")
    assert fast.confidence_interval.low == pytest.approx(slow.confidence_interval.low, abs=1e-12)
    assert fast.confidence_interval.high == pytest.approx(slow.confidence_interval.high, abs=1e-12)


@pytest.mark.parametrize("method", ["percentile", "basic", "bca"])
def test_intervals_match_scipy_bootstrap_on_the_same_draws(method):
    # A node-level statistic (share of group a) makes the node bootstrap an iid bootstrap
    # of the nodes, which scipy.stats.bootstrap draws the same way from the same Generator.
    g = random_graph(35, 0.1, 2, seed=14)
    is_a = (g.nodes["g"] == "a").to_numpy().astype(float)

    def share_a(graph, groups):
        return float(np.mean(np.asarray(groups) == "a"))

    ours = bootstrap(g, share_a, "g", n_resamples=499, seed=21, method=method)
    ref = scipy.stats.bootstrap((is_a,), np.mean, n_resamples=499, method=method,
                                rng=np.random.default_rng(21))
    np.testing.assert_allclose(ours.bootstrap_distribution, ref.bootstrap_distribution, atol=1e-12)
    assert ours.standard_error == pytest.approx(ref.standard_error, abs=1e-12)
    assert ours.confidence_interval.low == pytest.approx(ref.confidence_interval.low, abs=1e-12)
    assert ours.confidence_interval.high == pytest.approx(ref.confidence_interval.high, abs=1e-12)


def test_edge_bootstrap_se_agrees_with_newmans_jackknife():
    # Both estimate the sampling spread of r over edges: Newman's (2003) closed-form
    # jackknife (netmix.measures.assortativity) and the edge bootstrap.
    g = netmix.datasets.load_example()
    jack = nominal_assortativity_test(g, "department").standard_error
    boot = bootstrap(g, "nominal_assortativity", "department", unit="edge", seed=0)
    assert 0.85 < boot.standard_error / jack < 1.15


def test_bootstrap_result_and_reproducibility():
    g = random_graph(40, 0.15, 3, seed=15, missing=4)
    a = bootstrap(g, "nominal_assortativity", "g", n_resamples=100, seed=9, missing="drop")
    b = bootstrap(g, "nominal_assortativity", "g", n_resamples=100, seed=9, missing="drop",
                  batch_size=7)
    np.testing.assert_array_equal(a.bootstrap_distribution, b.bootstrap_distribution)
    # missing="drop" bootstraps the subgraph of nodes with a group
    sub = g.subgraph(g.nodes["g"].notna().to_numpy())
    c = bootstrap(sub, "nominal_assortativity", "g", n_resamples=100, seed=9)
    np.testing.assert_array_equal(a.bootstrap_distribution, c.bootstrap_distribution)
    assert isinstance(a, BootstrapResult)
    assert a.confidence_interval == a.confidence_interval
    assert a.confidence_interval.low < a.statistic < a.confidence_interval.high
    assert a.standard_error == pytest.approx(np.std(a.bootstrap_distribution, ddof=1))
    assert a.bias == pytest.approx(np.mean(a.bootstrap_distribution) - a.statistic)
    assert a.to_frame().shape[0] == 1 and "Bootstrap" in a.summary()
    with pytest.raises(InputError, match="confidence_level"):
        bootstrap(g, "nominal_assortativity", "g", confidence_level=95, missing="drop")
    with pytest.raises(InputError, match="unit"):
        bootstrap(g, "nominal_assortativity", "g", unit="dyad", missing="drop")


def test_no_stray_warnings_on_ordinary_use():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        permutation_test(sbm(seed=3), "nominal_assortativity", "g", n_resamples=50,
                         null="configuration", seed=0)


def test_threads_with_igraph_nulls_reproduce():
    g = random_graph(40, 0.15, 2, seed=16)
    runs = [permutation_test(g, "nominal_assortativity", "g", null="degree_preserving",
                             n_resamples=12, seed=3, n_jobs=2).null_distribution
            for _ in range(2)]
    np.testing.assert_array_equal(*runs)


def test_progress_bar_when_asked(capsys):
    permutation_test(PATH, "nominal_assortativity", "g", n_resamples=20, seed=0, progress=True)
    assert "label_permutation null" in capsys.readouterr().err
    permutation_test(PATH, "nominal_assortativity", "g", n_resamples=20, seed=0,
                     progress=False)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("null", ["label_permutation", "degree_preserving"])
def test_all_missing_groups_with_drop_raise_a_netmix_error(null):
    # issue 14 item 7: an IndexError before; now the column, the count and the fix
    g = SocialGraph(pd.DataFrame({"g": [None] * 5, "h": list("aabba")}), [0, 1, 2, 3],
                    [1, 2, 3, 4])
    with pytest.raises(InputError, match=r"'g' is missing \(5 of 5 nodes\).*'h'.*na_values"):
        permutation_test(g, "nominal_assortativity", "g", null=null, n_resamples=9,
                         missing="drop")
    with pytest.raises(InputError, match="5 of 5"):
        bootstrap(g, "nominal_assortativity", "g", n_resamples=39, missing="drop")
    with pytest.raises(InputError, match="5 of 5"):
        bootstrap(g, "nominal_assortativity", np.full(5, np.nan), n_resamples=39,
                  missing="drop", unit="edge")


def test_partly_missing_groups_with_drop_still_run():
    g = SocialGraph(pd.DataFrame({"g": ["a", "a", None, "b", "b"]}), [0, 1, 2, 3, 0],
                    [1, 2, 3, 4, 4])
    res = permutation_test(g, "nominal_assortativity", "g", n_resamples=9, seed=0,
                           missing="drop")
    # kept edges 0-1 (a-a), 3-4 (b-b), 0-4 (a-b): matrix [[2, 1], [1, 2]] -> r = 1/3
    assert res.statistic == pytest.approx(1 / 3)


# ---------------------------------------------------------------- issue 14 follow-ups
def _weighted_graph(weights=None):
    rng = np.random.default_rng(0)
    n, m = 30, 80
    src = rng.integers(0, n, m)
    dst = (src + rng.integers(1, n, m)) % n
    w = rng.integers(1, 10, m).astype(float)
    return SocialGraph(pd.DataFrame({"g": rng.choice(list("abc"), n)}), src, dst,
                       edge_attrs={"w": w if weights is None else weights})


@pytest.mark.parametrize("scale", [1e-300, 1e300, "int64"])
def test_weighted_permutation_test_is_scale_free(scale):
    # a false "undefined" at 1e-300 (W**2 underflowed) and an overflow at 1e300 before
    base_w = _weighted_graph().edge_attr("w")
    w = (base_w * 10**17).astype(np.int64) if scale == "int64" else base_w * scale
    ref = permutation_test(_weighted_graph(), "nominal_assortativity", "g", weight="w",
                           n_resamples=199, seed=4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = permutation_test(_weighted_graph(w), "nominal_assortativity", "g", weight="w",
                               n_resamples=199, seed=4)
    assert got.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert got.pvalue == ref.pvalue
    np.testing.assert_allclose(got.null_distribution, ref.null_distribution, rtol=1e-12)


def test_power_of_two_scaled_weights_give_the_very_same_null():
    base_w = _weighted_graph().edge_attr("w")
    ref = permutation_test(_weighted_graph(), "nominal_assortativity", "g", weight="w",
                           n_resamples=99, seed=1)
    got = permutation_test(_weighted_graph(base_w * 2.0**-1000), "nominal_assortativity",
                           "g", weight="w", n_resamples=99, seed=1)
    assert got.statistic == ref.statistic
    np.testing.assert_array_equal(got.null_distribution, ref.null_distribution)


@pytest.mark.parametrize(("n", "level", "need"), [(9, 0.95, 39), (38, 0.95, 39),
                                                  (18, 0.9, 19), (198, 0.99, 199)])
def test_bootstrap_refuses_too_few_resamples_for_its_level(n, level, need):
    example = netmix.datasets.load_example()
    with pytest.raises(InputError, match=f"at least {need} .* got {n}"):
        bootstrap(example, "nominal_assortativity", "department", n_resamples=n,
                  confidence_level=level)
    res = bootstrap(example, "nominal_assortativity", "department", n_resamples=need,
                    confidence_level=level, seed=0)
    assert np.isfinite(list(res.confidence_interval)).all()


def _six_nodes():
    return SocialGraph(pd.DataFrame({"team": list("xxyyxy")}, index=list("abcdef")),
                       [0, 1, 2, 3, 4, 5, 0, 1], [1, 2, 0, 4, 5, 3, 3, 4])


def _log_odds(m):
    from netmix.measures import within_group_odds_ratio

    return within_group_odds_ratio(m).log_odds_ratio


def test_infinite_resampled_values_give_nan_moments_with_the_reason():
    # netmix analyze on a 6-node graph: numpy's "invalid value encountered in subtract"
    with pytest.warns(DegenerateMixingWarning, match="infinite statistic") as rec:
        perm = permutation_test(_six_nodes(), _log_odds, "team", n_resamples=39, seed=1)
    assert not [w for w in rec if issubclass(w.category, RuntimeWarning)]
    assert np.isinf(perm.null_distribution).any() and np.isfinite(perm.pvalue)
    assert math.isnan(perm.null_mean) and math.isnan(perm.null_sd)
    with pytest.warns(DegenerateMixingWarning, match="infinite statistic"):
        boot = bootstrap(_six_nodes(), _log_odds, "team", n_resamples=39, seed=1)
    assert math.isnan(boot.standard_error) and math.isnan(boot.bias)


def test_constant_null_has_sd_zero_and_no_zscore():
    g = SocialGraph(pd.DataFrame({"g": list("aabb")}), [0, 0, 0, 1, 1, 2], [1, 2, 3, 2, 3, 3])
    with pytest.warns(DegenerateMixingWarning, match="constant"):
        res = permutation_test(g, "nominal_assortativity", "g", n_resamples=19, seed=0)
    assert res.null_sd == 0.0 and math.isnan(res.zscore)
