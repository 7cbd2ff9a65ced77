"""Tests of netmix.communities: detection, stability, comparison with groups, mixing.

Expected numbers and where they come from:

* Zachary's karate club (networkx.karate_club_graph, *unweighted*): the maximum modularity is
  0.4197896 (Brandes et al. 2008, "On modularity clustering", IEEE TKDE 20(2):172-188,
  found by integer linear programming); the modularity of the two-club split is 0.358235
  (checked live against networkx.community.modularity and igraph's modularity).
* Scores (NMI, ARI, AMI, homogeneity, completeness): scikit-learn, run live.
* Modularity of any membership: igraph's Graph.modularity and networkx, run live.
* SocioPatterns primary school (Stehlé et al. 2011) and workplace 2013 (Génois et al. 2015):
  the classes / departments against Leiden communities, with the seeds stated in the tests.
"""

from __future__ import annotations

import random
from itertools import combinations

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics

import netmix
from netmix.communities import (
    METHODS,
    CommunityGroupsResult,
    Partition,
    communities_vs_groups,
    community_mixing,
    community_stability,
    community_table,
    compare_partitions,
    contingency_table,
    detect_communities,
    group_mixing_within_communities,
)
from netmix.communities._nulls import permutation_null
from netmix.communities.scores import contingency, table_ari, table_nmi
from netmix.exceptions import InputError
from netmix.report import community_report

BRANDES_KARATE_QMAX = 0.4197896  # Brandes et al. (2008), IEEE TKDE 20(2), Table/Sec. 5
KARATE_CLUB_SPLIT_Q = 0.358235   # networkx.community.modularity of the club split (live below)


@pytest.fixture(scope="module")
def karate():
    return netmix.from_networkx(nx.karate_club_graph())


def _random_graph(n: int, p: float, seed: int, directed: bool = False,
                  weighted: bool = False) -> netmix.SocialGraph:
    rng = np.random.default_rng(seed)
    a = rng.random((n, n)) < p
    np.fill_diagonal(a, False)
    if not directed:
        a = np.triu(a)
    src, dst = np.nonzero(a)
    attrs = {"w": rng.integers(1, 10, src.size).astype(float)} if weighted else None
    nodes = pd.DataFrame({"grp": rng.integers(0, 3, n)}, index=np.arange(100, 100 + n))
    return netmix.SocialGraph(nodes, src, dst, directed=directed, edge_attrs=attrs)


# ------------------------------------------------------------------ karate: known values
def test_karate_leiden_reaches_brandes_optimum(karate):
    stab = community_stability(karate, "leiden", seeds=range(50))
    assert stab.modularity_max == pytest.approx(BRANDES_KARATE_QMAX, abs=5e-8)
    assert stab.n_runs == 50 and stab.seeds.tolist() == list(range(50))
    assert stab.best.n_communities == 4  # the optimal partition has 4 communities (Brandes)
    # every run's modularity is igraph's modularity of that run's membership
    h = karate.igraph
    for m, q in zip(stab.memberships[:5], stab.modularities[:5], strict=True):
        assert q == pytest.approx(h.modularity(m.tolist()), abs=1e-12)


def test_karate_club_split_modularity(karate):
    part = Partition.from_labels(karate, "club")
    assert part.modularity == pytest.approx(KARATE_CLUB_SPLIT_Q, abs=5e-7)
    G = nx.karate_club_graph()
    clubs = [{n for n in G if G.nodes[n]["club"] == c} for c in ("Mr. Hi", "Officer")]
    assert part.modularity == pytest.approx(nx.community.modularity(G, clubs, weight=None),
                                            abs=1e-12)
    assert part.n_communities == 2 and part.n_crossing == 11  # 11 cross-club edges (networkx)
    # networkx's karate graph is weighted: weight="weight" is a different number
    pw = Partition.from_labels(karate, "club", weight="weight")
    assert pw.modularity == pytest.approx(
        nx.community.modularity(G, clubs, weight="weight"), abs=1e-12)
    assert abs(pw.modularity - part.modularity) > 1e-3


def test_karate_scores_equal_sklearn(karate):
    part = detect_communities(karate, seed=3)
    res = communities_vs_groups(karate, "club", part, seed=0, n_resamples=199)
    club = karate.nodes["club"].to_numpy()
    memb = part.membership.to_numpy()
    assert res.nmi == pytest.approx(metrics.normalized_mutual_info_score(club, memb), abs=1e-12)
    assert res.ari == pytest.approx(metrics.adjusted_rand_score(club, memb), abs=1e-12)
    assert res.ami == pytest.approx(metrics.adjusted_mutual_info_score(club, memb), abs=1e-12)
    assert res.homogeneity == pytest.approx(metrics.homogeneity_score(club, memb), abs=1e-12)
    assert res.completeness == pytest.approx(metrics.completeness_score(club, memb), abs=1e-12)
    assert res.statistic == pytest.approx(res.nmi, abs=1e-12)  # vectorised == sklearn
    ari = communities_vs_groups(karate, "club", part, statistic="ari", seed=0, n_resamples=9)
    assert ari.statistic == pytest.approx(res.ari, abs=1e-12)
    # the 4 optimal communities nest in the two clubs but for one node (Brandes et al.)
    assert res.contingency.to_numpy().sum() == 34
    assert res.purity == pytest.approx(res.contingency.max(axis=1).sum() / 34)
    stat, p = res
    assert stat == res.statistic and p == res.pvalue == pytest.approx(1 / 200)


# ------------------------------------------------------------------ detection
@pytest.mark.parametrize("method", [m for m in METHODS if m not in ("plm", "louvain")])
def test_every_method_matches_igraph(karate, method):  # plm, louvain: tests/communities
    part = detect_communities(karate, method, seed=7)
    h = karate.igraph
    assert part.method == method
    assert part.membership.index.equals(karate.node_ids)
    assert part.sizes.sum() == karate.n_nodes
    assert part.sizes.is_monotonic_decreasing  # canonical numbering: largest first
    assert part.modularity == pytest.approx(h.modularity(part.codes.tolist()), abs=1e-12)
    cross = part.codes[karate.src] != part.codes[karate.dst]
    assert part.n_crossing == int(cross.sum()) and np.array_equal(part.crossing, cross)
    # same partition as igraph's own call with the same generator (up to numbering)
    calls = {
        "leiden": lambda: h.community_leiden(objective_function="modularity",
                                             n_iterations=-1),
        "multilevel": lambda: h.community_multilevel(),
        "infomap": lambda: h.community_infomap(),
        "walktrap": lambda: h.community_walktrap().as_clustering(),
        "label_propagation": lambda: h.community_label_propagation(),
    }
    ig.set_random_number_generator(random.Random(7))
    try:
        raw = calls[method]().membership
    finally:
        ig.set_random_number_generator(random)
    assert metrics.adjusted_rand_score(raw, part.codes) == 1.0


def test_weights_are_used(karate):
    pw = detect_communities(karate, "louvain", weight="weight", seed=1)
    assert pw.weight == "weight"
    assert pw.modularity == pytest.approx(
        karate.igraph.modularity(pw.codes.tolist(), weights="weight"), abs=1e-12)
    G = nx.karate_club_graph()
    comms = [set(np.flatnonzero(pw.codes == c)) for c in range(pw.n_communities)]
    assert pw.modularity == pytest.approx(nx.community.modularity(G, comms, weight="weight"),
                                          abs=1e-12)


def test_seed_reproducible_and_no_global_state(karate):
    state = random.getstate()
    a = detect_communities(karate, "label_propagation", seed=11)
    b = detect_communities(karate, "label_propagation", seed=11)
    assert random.getstate() == state  # Python's random module untouched
    assert a.membership.equals(b.membership) and a.seed == 11
    # seed=None draws a seed and records it: the run can be repeated from it
    c = detect_communities(karate, "label_propagation")
    d = detect_communities(karate, "label_propagation", seed=c.seed)
    assert isinstance(c.seed, int) and c.membership.equals(d.membership)
    # igraph is back on its default generator (the random module) afterwards
    random.seed(5)
    x = karate.igraph.community_label_propagation().membership
    random.seed(5)
    y = karate.igraph.community_label_propagation().membership
    assert x == y


def test_graph_not_mutated(karate):
    h = karate.igraph
    before = (h.vs.attributes(), h.es.attributes(), h.get_edgelist())
    detect_communities(karate, seed=0)
    communities_vs_groups(karate, "club", seed=0, n_resamples=3, null="rewire")
    assert karate.igraph is h
    assert (h.vs.attributes(), h.es.attributes(), h.get_edgelist()) == before


def test_cpm_objective_and_resolution(karate):
    # igraph's default objective (CPM, resolution 1) puts every node alone on an unweighted
    # graph: no pair of nodes has edge density > 1
    cpm = detect_communities(karate, objective="cpm", resolution=1.0, seed=0)
    assert cpm.n_communities == karate.n_nodes
    assert detect_communities(karate, objective="CPM", resolution=0.1, seed=0).n_communities \
        < karate.n_nodes
    lo = detect_communities(karate, resolution=0.3, seed=0)
    hi = detect_communities(karate, resolution=3.0, seed=0)
    assert lo.n_communities < hi.n_communities
    assert lo.parameters["resolution"] == 0.3 and lo.parameters["objective"] == "modularity"


def test_directed_graphs():
    g = _random_graph(60, 0.08, seed=2, directed=True)
    with pytest.raises(InputError, match="directed=False"):
        detect_communities(g, "louvain")
    und = detect_communities(g, "louvain", directed=False, seed=3)
    hu = g.igraph.as_undirected(mode="each")
    assert not und.directed
    assert und.modularity == pytest.approx(hu.modularity(und.codes.tolist()), abs=1e-12)
    led = detect_communities(g, "leiden", seed=3)  # directed (Leicht-Newman) modularity
    assert led.directed
    assert led.modularity == pytest.approx(
        g.igraph.modularity(led.codes.tolist(), directed=True), abs=1e-12)
    assert detect_communities(g, "infomap", seed=3).directed
    with pytest.raises(InputError, match="directed=True needs"):
        detect_communities(_random_graph(10, 0.3, 0), directed=True)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"method": "spectral"}, "method must be one of"),
    ({"method": "infomap", "resolution": 2.0}, "resolution applies"),
    ({"method": "louvain", "objective": "cpm"}, "apply to method='leiden'"),
    ({"objective": "surprise"}, "objective must be one of"),
    ({"n_iterations": 0}, "n_iterations must be"),
    ({"method": "walktrap", "trials": 3}, "unknown option"),
    ({"weight": "nope"}, "weight must name an edge attribute"),
])
def test_errors(karate, kwargs, match):
    with pytest.raises(InputError, match=match):
        detect_communities(karate, **kwargs)


def test_negative_weight_rejected():
    g = _random_graph(10, 0.5, 0, weighted=True)
    w = -np.asarray(g.edge_attr("w"))
    bad = netmix.SocialGraph(g.nodes, g.src, g.dst, edge_attrs={"w": w})
    with pytest.raises(InputError, match=">= 0"):
        detect_communities(bad, weight="w")


def test_no_edges_gives_nan_modularity():
    g = netmix.SocialGraph(pd.DataFrame(index=range(4)), [], [])
    with pytest.warns(netmix.DegenerateMixingWarning, match="no edges"):
        p = detect_communities(g, seed=0)
    assert np.isnan(p.modularity) and p.n_communities == 4


# ------------------------------------------------------------------ stability
def test_stability_mean_nmi_and_coassignment(karate):
    stab = community_stability(karate, "label_propagation", n_runs=12, seed=4)
    runs = stab.memberships
    brute = np.mean([metrics.normalized_mutual_info_score(a, b)
                     for a, b in combinations(runs, 2)])
    assert stab.mean_nmi == pytest.approx(brute, abs=1e-12)
    assert stab.n_distinct == len({tuple(r) for r in runs})
    d = stab.coassignment_matrix().toarray()
    assert np.allclose(np.diag(d), 1.0)
    brute_d = np.mean([r[:, None] == r[None, :] for r in runs], axis=0)
    assert np.allclose(d, brute_d)
    assert np.allclose(stab.edge_coassignment, brute_d[karate.src, karate.dst])
    # same seed, same runs
    again = community_stability(karate, "label_propagation", n_runs=12, seed=4)
    assert np.array_equal(again.memberships, runs)
    assert stab.consensus.membership.index.equals(karate.node_ids)
    assert 1 <= stab.consensus.n_communities <= karate.n_nodes


def test_consensus_of_identical_runs_is_that_partition(karate):
    stab = community_stability(karate, "walktrap", n_runs=5, seed=0)  # deterministic
    assert stab.n_distinct == 1 and stab.mean_nmi == 1.0
    assert stab.converged and stab.n_rounds == 0
    assert stab.consensus.membership.equals(stab.best.membership)


def test_stability_arguments(karate):
    with pytest.raises(InputError, match="either n_runs or seeds"):
        community_stability(karate, n_runs=3, seeds=[1, 2, 3])
    with pytest.raises(InputError, match="threshold"):
        community_stability(karate, n_runs=3, threshold=0)


# ------------------------------------------------------------------ comparison & scores
def test_compare_partitions_aligns_series():
    a = pd.Series(["x", "x", "y", "y"], index=[1, 2, 3, 4])
    b = pd.Series([0, 1, 1, 1], index=[4, 3, 2, 1])  # same ids, other order
    s = compare_partitions(a, b)
    ref = b.reindex(a.index)
    assert s["nmi"] == pytest.approx(metrics.normalized_mutual_info_score(a, ref))
    assert s["homogeneity"] == pytest.approx(metrics.homogeneity_score(a, ref))
    with pytest.raises(InputError, match="missing"):
        compare_partitions(["a", None], [0, 1])


labels = st.lists(st.integers(0, 4), min_size=2, max_size=40)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_table_scores_equal_sklearn(data):
    a = data.draw(labels)
    b = data.draw(st.lists(st.integers(0, 4), min_size=len(a), max_size=len(a)))
    ca, cb = pd.factorize(pd.Series(a))[0], pd.factorize(pd.Series(b))[0]
    t = contingency(ca, cb, ca.max() + 1, cb.max() + 1)
    assert table_nmi(t) == pytest.approx(metrics.normalized_mutual_info_score(a, b), abs=1e-12)
    assert table_ari(t) == pytest.approx(metrics.adjusted_rand_score(a, b), abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_relabelling_changes_no_score(data):
    a = np.array(data.draw(labels))
    b = np.array(data.draw(st.lists(st.integers(0, 4), min_size=a.size, max_size=a.size)))
    perm_a = np.array(data.draw(st.permutations(range(5))))
    perm_b = np.array(data.draw(st.permutations(range(5))))
    names = np.array(["p", "q", "r", "s", "t"])
    s0 = compare_partitions(a, b)
    s1 = compare_partitions(names[perm_a[a]], perm_b[b])
    assert np.allclose(s0.to_numpy(), s1.to_numpy(), atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(5, 40), p=st.floats(0.05, 0.5), seed=st.integers(0, 10**6),
       weighted=st.booleans(), method=st.sampled_from(["leiden", "louvain", "walktrap"]))
def test_partition_modularity_is_igraphs(n, p, seed, weighted, method):
    g = _random_graph(n, p, seed, weighted=weighted)
    if g.n_edges == 0:
        return
    w = "w" if weighted else None
    part = detect_communities(g, method, weight=w, seed=seed)
    assert part.modularity == pytest.approx(
        g.igraph.modularity(part.codes.tolist(), weights=w), abs=1e-12)
    comms = [set(np.flatnonzero(part.codes == c).tolist()) for c in range(part.n_communities)]
    G = nx.Graph()
    G.add_nodes_from(range(n))
    ws = g.edge_attr("w") if weighted else np.ones(g.n_edges)
    G.add_weighted_edges_from(zip(g.src.tolist(), g.dst.tolist(), ws.tolist(), strict=True))
    assert part.modularity == pytest.approx(nx.community.modularity(G, comms), abs=1e-10)


def test_permutation_null_matches_sklearn_loop():
    rng_a, rng_b = np.random.default_rng(9), np.random.default_rng(9)
    cc = np.random.default_rng(1).integers(0, 4, 50)
    gg = np.random.default_rng(2).integers(0, 3, 50)
    null = permutation_null(cc, gg, 4, 3, table_nmi, 7, rng_a)
    perms = rng_b.permuted(np.broadcast_to(gg, (7, 50)), axis=1)
    ref = [metrics.normalized_mutual_info_score(p, cc) for p in perms]
    assert np.allclose(null, ref, atol=1e-12)


def test_pvalue_alternatives(karate):
    part = Partition.from_labels(karate, "club")
    kw = {"n_resamples": 99, "seed": 1}
    g = communities_vs_groups(karate, "club", part, **kw)
    assert g.pvalue == pytest.approx(0.01)  # identical labelling: NMI 1, beats every shuffle
    assert communities_vs_groups(karate, "club", part, alternative="less", **kw).pvalue == 1.0
    assert communities_vs_groups(karate, "club", part, alternative="two-sided",
                                 **kw).pvalue == pytest.approx(0.02)


# ------------------------------------------------------------------ real data
def test_primaryschool_classes_align_with_leiden(primaryschool):
    m = 999
    res = communities_vs_groups(primaryschool, "class", method="leiden", seed=1,
                                n_resamples=m)
    assert isinstance(res, CommunityGroupsResult)
    assert res.partition.seed is not None and res.seed == 1
    # classes align strongly: NMI ~0.80 (10 classes + teachers vs ~6 communities; classes
    # of the same grade share a community), far above the shuffled-label null (~0.06)
    assert res.nmi > 0.7 and res.null_mean < 0.15
    assert res.pvalue == pytest.approx(1 / (m + 1))
    # each community is dominated by its majority class or grade: most classes sit whole
    # inside one community (completeness well above homogeneity)
    assert res.completeness > 0.85 > res.homogeneity
    assert res.contingency.to_numpy().sum() == primaryschool.n_nodes == 242


def test_primaryschool_rewiring_null(primaryschool):
    m = 19
    res = communities_vs_groups(primaryschool, "class", seed=2, n_resamples=m, null="rewire")
    # degree-preserving rewiring destroys the class structure: re-detected communities
    # share little information with the classes
    assert res.null == "rewire" and res.null_distribution.size == m
    assert res.null_mean < 0.3 < res.statistic
    assert res.pvalue == pytest.approx(1 / (m + 1))


def test_workplace_departments_vs_leiden(workplace):
    m = 499
    res = communities_vs_groups(workplace, "department", seed=1, n_resamples=m)
    # Leiden (seed drawn from seed=1) finds 4 communities; NMI with the 5 departments ~0.87
    assert res.nmi > 0.75 and res.ari > 0.75
    assert res.pvalue == pytest.approx(1 / (m + 1))
    assert (res.majority["majority_share"] > 0.8).all()
    # weighted by contact duration the alignment is still far above chance
    rw = communities_vs_groups(workplace, "department", weight="duration", seed=1,
                               n_resamples=m)
    assert rw.partition.weight == "duration"
    assert rw.pvalue == pytest.approx(1 / (m + 1)) and rw.nmi > 0.5


def test_weighted_rewiring_null(workplace):
    # igraph's rewire drops edge attributes; netmix deals the weights out again, so the
    # weighted re-detection runs (and uses the durations: a regression guard)
    res = communities_vs_groups(workplace, "department", weight="duration", null="rewire",
                                n_resamples=5, seed=0)
    assert np.isfinite(res.null_distribution).all() and res.null_distribution.size == 5
    assert res.null_mean < res.statistic
    assert workplace.igraph.es["duration"][:3] == workplace.edge_attr("duration")[:3].tolist()


# ------------------------------------------------------------------ mixing & report
def test_community_mixing(workplace):
    part = detect_communities(workplace, seed=0)
    mm = community_mixing(workplace, part)
    assert mm.total == 2 * workplace.n_edges
    assert np.trace(mm.counts) == 2 * (workplace.n_edges - part.n_crossing)
    direct = netmix.mixing_matrix(workplace, part.membership)
    assert np.array_equal(mm.counts, direct.counts)
    within = group_mixing_within_communities(workplace, "department", part)
    assert list(within) == part.sizes.index.tolist()
    full = netmix.mixing_matrix(workplace, "department")
    inside = sum(m.counts for m in within.values())
    # ties inside communities are a part of the department mixing matrix
    assert inside.sum() == 2 * (workplace.n_edges - part.n_crossing)
    assert (inside <= full.counts).all()
    table = community_table(workplace, "department", part)
    assert table["internal"].sum() + part.n_crossing == workplace.n_edges
    assert table["boundary"].sum() == 2 * part.n_crossing
    cont = contingency_table(workplace, "department", part)
    assert (table["size"].to_numpy() == cont.sum(axis=1).to_numpy()).all()


def test_group_mixing_within_matches_subgraph(karate):
    part = detect_communities(karate, seed=0)
    within = group_mixing_within_communities(karate, "club", part)
    for c, mat in within.items():
        sub = karate.subgraph(part.codes == c)
        clubs = ["Mr. Hi", "Officer"]
        ref = netmix.mixing_matrix(sub, "club").to_frame().reindex(
            index=clubs, columns=clubs, fill_value=0)
        assert np.array_equal(mat.counts, ref.to_numpy())
        assert mat.row_sizes.sum() == sub.n_nodes


def test_community_report_and_plots(primaryschool):
    rep = community_report(primaryschool, "class", seed=0, n_runs=5, n_resamples=99)
    tables = rep.tables()
    assert set(tables) == {"alignment", "communities", "runs", "contingency"}
    assert rep.alignment.loc["nmi", "pvalue"] == pytest.approx(0.01)
    assert rep.partition.modularity == rep.stability.modularity_max
    assert rep.communities["size"].sum() == 242
    ax = rep.plot_groups()
    assert ax.get_xlabel() == "class" and ax.get_ylabel() == "community"
    assert rep.plot_modularity().get_xlabel() == "modularity"
    from netmix.plotting.communities import plot_community_groups

    pooled = plot_community_groups(rep.comparison, max_communities=3, normalize="column")
    assert [t.get_text() for t in pooled.get_yticklabels()][-1].startswith("other")
    assert "<h4>alignment</h4>" in rep._repr_html_()


def test_summaries(karate):
    part = detect_communities(karate, seed=0)
    text = str(part.summary())
    assert "modularity" in text and "parameter resolution" in text
    assert part.to_frame().shape[0] == 1
    res = communities_vs_groups(karate, "club", part, seed=0, n_resamples=9)
    assert "pvalue" in str(res.summary())
    assert "n_communities" in res.to_frame().columns


# ----------------------------------------------------------------------------- weights (#14)
def _karate_weighted(factor=1.0, dtype=float):
    G = nx.karate_club_graph()
    g = netmix.from_networkx(G)
    w = np.array([d["weight"] for *_, d in G.edges(data=True)], dtype=float) * factor
    return netmix.SocialGraph(g.nodes, g.src, g.dst, edge_attrs={"w": w.astype(dtype)})


@pytest.mark.parametrize("weights", [[True, False], ["a", 1.0], [np.nan, 1.0], [-1.0, 1.0]])
def test_bad_weights_are_a_clear_error(weights):
    nodes = pd.DataFrame({"g": ["a", "a", "b"]})
    w = np.array(weights, dtype=object if isinstance(weights[0], str) else None)
    g = netmix.SocialGraph(nodes, [0, 1], [1, 2], edge_attrs={"w": w})
    with pytest.raises(netmix.InputError, match=r"weight: edge attribute 'w' must"):
        detect_communities(g, weight="w", seed=1)


@pytest.mark.parametrize("factor", [2.0**-1000, 2.0**1000])
def test_detection_does_not_depend_on_a_power_of_two_scale(factor):
    # a power-of-two factor changes no rounding: the same seed finds the same partition,
    # for modularity and for CPM (whose resolution is in units of weight)
    g, s = _karate_weighted(), _karate_weighted(factor)
    for kw, res, res_s in (({}, 1.0, 1.0), ({"objective": "cpm"}, 0.5, 0.5 * factor)):
        a = detect_communities(g, weight="w", seed=3, resolution=res, **kw)
        b = detect_communities(s, weight="w", seed=3, resolution=res_s, **kw)
        assert a.membership.tolist() == b.membership.tolist()
        assert b.modularity == pytest.approx(a.modularity, rel=1e-12)


@pytest.mark.parametrize(("factor", "dtype"), [(1e-300, float), (1e300, float),
                                               (1e18, np.int64)])
def test_partition_modularity_at_extreme_weights_equals_igraph(factor, dtype):
    # igraph's weighted modularity of the club split on the unscaled weights, run live
    G = nx.karate_club_graph()
    h = ig.Graph.from_networkx(G)
    club = [int(d["club"] == "Officer") for _, d in G.nodes(data=True)]
    expected = h.modularity(club, weights=[d["weight"] for *_, d in G.edges(data=True)])
    p = Partition.from_labels(_karate_weighted(factor, dtype), "club", weight="w")
    assert p.modularity == pytest.approx(expected, rel=1e-12)
    q = community_stability(_karate_weighted(factor, dtype), weight="w", seeds=range(3))
    assert np.isfinite(q.modularity_max) and q.modularity_max > expected


# ---------------------------------------------------------------- issue 14 follow-ups
def _with_isolates(n_isolates: int = 10) -> netmix.SocialGraph:
    g = _random_graph(40, 0.08, seed=2)
    nodes = pd.DataFrame(index=pd.RangeIndex(g.n_nodes + n_isolates))
    return netmix.SocialGraph(nodes, g.src, g.dst)


def test_stability_leaves_isolates_out_of_the_agreement():
    g = _with_isolates()
    keep = g.has_contacts.to_numpy()
    exc = community_stability(g, "louvain", seeds=range(12))
    inc = community_stability(g, "louvain", seeds=range(12), isolates="include")
    assert (exc.memberships == inc.memberships).all()  # the same runs
    runs = exc.memberships[:, keep]
    pairs = [metrics.normalized_mutual_info_score(a, b) for a, b in combinations(runs, 2)]
    assert exc.mean_nmi == pytest.approx(np.mean(pairs), abs=1e-12)
    full = [metrics.normalized_mutual_info_score(a, b)
            for a, b in combinations(inc.memberships, 2)]
    assert inc.mean_nmi == pytest.approx(np.mean(full), abs=1e-12)
    assert exc.n_isolates_excluded == int((~keep).sum()) and inc.n_isolates_excluded == 0
    assert (exc.isolates, inc.isolates) == ("exclude", "include")
    iso_comms = np.unique(exc.consensus.codes[~keep]).size
    assert exc.n_consensus_communities == exc.consensus.n_communities - iso_comms
    assert inc.n_consensus_communities == inc.consensus.n_communities


def test_stability_without_isolates_is_unchanged(karate):
    s = community_stability(karate, seeds=range(10))
    assert s.n_isolates_excluded == 0
    assert s.n_consensus_communities == s.consensus.n_communities


@pytest.mark.parametrize("factor", [2.0**-1000, 2.0**1000, "int64"])
def test_rewire_null_is_the_same_at_extreme_weight_scales(factor):
    # the rewired graphs got the raw weights back: at 2**-1000 every null NMI was 0, at
    # 1e300 a constant 0.51 (igraph's k_i k_j under- or overflowed)
    g0 = netmix.datasets.load_example()
    w = np.asarray(g0.edge_attr("duration"), dtype=float)

    def run(weights):
        g = netmix.SocialGraph(g0.nodes, g0.src, g0.dst, edge_attrs={"duration": weights})
        return communities_vs_groups(g, "department", weight="duration", null="rewire",
                                     n_resamples=4, seed=3)

    ref = run(w)
    got = run((w * 2**50).astype(np.int64) if factor == "int64" else w * factor)
    assert (got.statistic, got.pvalue) == (ref.statistic, ref.pvalue)
    np.testing.assert_array_equal(got.null_distribution, ref.null_distribution)
