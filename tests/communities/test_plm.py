"""``detect_communities(method="plm")``: NetworKit's PLM with netmix's node moves, merges and
split check (netmix/communities/_plm.py).

Expected numbers and where they come from:

* Zachary's karate club: the maximum modularity 0.4197896 (Brandes et al. 2008, IEEE TKDE
  20(2), found by integer linear programming).
* Every reported modularity: igraph's ``Graph.modularity`` of the returned membership, live.
* Planted partitions: the groups the generator planted (hand-made stochastic block models),
  and igraph's Leiden (modularity, run until stable) live as the quality reference.
"""

from __future__ import annotations

import sys

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from sklearn import metrics

import netmix
from netmix.communities import _plm, community_stability, detect_communities
from netmix.exceptions import DegenerateMixingWarning, InputError

nk = pytest.importorskip("networkit")  # in the test extra; skip only where it is absent

BRANDES_KARATE_QMAX = 0.4197896  # Brandes et al. (2008), IEEE TKDE 20(2)


def _planted(sizes, p_in, p_out, seed, directed=False):
    """A stochastic block model as a SocialGraph with the planted block as ``group``."""
    G = nx.stochastic_block_model(sizes, [[p_in if i == j else p_out for j in range(len(sizes))]
                                          for i in range(len(sizes))], seed=seed,
                                  directed=directed)
    edges = pd.DataFrame(list(G.edges()), columns=["source", "target"])
    nodes = pd.DataFrame({"id": range(sum(sizes)),
                          "group": np.repeat(np.arange(len(sizes)), sizes)})
    return netmix.from_edges(edges, nodes, node_id="id", directed=directed)


@pytest.fixture(scope="module")
def karate():
    return netmix.from_networkx(nx.karate_club_graph())


@pytest.fixture(scope="module")
def planted():
    return _planted([120, 90, 60, 40], 0.12, 0.01, seed=3)


def test_karate_reaches_the_known_optimum(karate):
    part = detect_communities(karate, "plm", seed=0)
    assert part.method == "plm" and part.seed == 0
    assert part.modularity == pytest.approx(karate.igraph.modularity(part.codes.tolist()),
                                            abs=1e-12)
    assert part.modularity == pytest.approx(BRANDES_KARATE_QMAX, abs=1e-6)
    assert dict(part.parameters) == {"resolution": 1.0, "n_jobs": 1, "refine": False,
                                     "split": True, "shuffle": False}


def test_weighted_modularity_is_igraphs(karate):
    part = detect_communities(karate, "plm", weight="weight", seed=2)
    assert part.modularity == pytest.approx(
        karate.igraph.modularity(part.codes.tolist(), weights="weight"), abs=1e-12)
    unweighted = karate.igraph.modularity(part.codes.tolist())
    assert part.modularity != pytest.approx(unweighted)  # the weights were used


def test_planted_partition_recovered_at_leidens_modularity(planted):
    part = detect_communities(planted, "plm", seed=1)
    truth = planted.nodes["group"].to_numpy()
    assert metrics.adjusted_rand_score(truth, part.codes) == 1.0
    leiden = detect_communities(planted, "leiden", seed=1)  # igraph, until stable
    assert part.modularity >= leiden.modularity * (1 - 0.005)
    assert part.modularity == pytest.approx(planted.igraph.modularity(part.codes.tolist()),
                                            abs=1e-12)


@pytest.mark.parametrize("shuffle", [False, True])
def test_same_seed_one_thread_same_partition(planted, shuffle):
    a = detect_communities(planted, "plm", seed=5, shuffle=shuffle)
    b = detect_communities(planted, "plm", seed=5, shuffle=shuffle)
    assert np.array_equal(a.codes, b.codes) and a.modularity == b.modularity


def test_threads_give_a_valid_partition_and_are_put_back(planted):
    before = nk.getMaxNumberOfThreads()
    part = detect_communities(planted, "plm", seed=0, n_jobs=2)
    assert nk.getMaxNumberOfThreads() == before
    assert part.parameters["n_jobs"] == 2
    assert part.modularity == pytest.approx(planted.igraph.modularity(part.codes.tolist()),
                                            abs=1e-12)


def test_split_check_separates_merged_groups(planted):
    """Hand-made mistake: blocks 0 and 1 given as one community; the split check (leading
    eigenvector of the generalised modularity matrix) and the node moves undo it."""
    truth = planted.nodes["group"].to_numpy()
    merged = np.where(truth == 1, 0, truth)
    merged = np.unique(merged, return_inverse=True)[1]
    w = np.ones(planted.n_edges)
    out = _plm.improve(planted.src.astype(np.int64), planted.dst.astype(np.int64), w,
                       planted.n_nodes, merged, np.random.default_rng(0))
    assert metrics.adjusted_rand_score(truth, out) == 1.0


def test_node_moves_and_merges_fix_a_scrambled_partition(planted):
    """Every block cut in two at random: the merges join the halves back."""
    truth = planted.nodes["group"].to_numpy()
    halves = truth * 2 + np.random.default_rng(1).integers(0, 2, truth.size)
    out = _plm.improve(planted.src.astype(np.int64), planted.dst.astype(np.int64),
                       np.ones(planted.n_edges), planted.n_nodes, halves,
                       np.random.default_rng(0))
    assert metrics.adjusted_rand_score(truth, out) == 1.0


def test_directed_graph_needs_directed_false():
    g = _planted([30, 30], 0.3, 0.02, seed=2, directed=True)
    with pytest.raises(InputError, match="directed=False"):
        detect_communities(g, "plm")
    part = detect_communities(g, "plm", directed=False, seed=0)
    assert not part.directed
    h = g.igraph.as_undirected(mode="each")
    assert part.modularity == pytest.approx(h.modularity(part.codes.tolist()), abs=1e-12)


def test_no_edges_gives_singletons_and_nan():
    g = netmix.from_edges(pd.DataFrame({"source": [], "target": []}, dtype=int),
                          pd.DataFrame({"id": [0, 1, 2]}), node_id="id")
    with pytest.warns(DegenerateMixingWarning, match="no edges"):
        part = detect_communities(g, "plm", seed=0)
    assert part.n_communities == 3 and np.isnan(part.modularity)


def test_stability_over_seeds_runs_plm(planted):
    res = community_stability(planted, "plm", seeds=range(3))
    assert res.n_distinct == 1 and res.mean_nmi == pytest.approx(1.0)  # planted, every time


@pytest.mark.parametrize("options, match", [
    ({"n_jobs": 0}, "n_jobs must be a positive integer"),
    ({"n_jobs": 1.5}, "n_jobs must be a positive integer"),
    ({"split": "yes"}, "split must be True or False"),
    ({"beta": 0.1}, "unknown option(s) beta for method='plm'"),
    ({"objective": "cpm"}, "apply to method='leiden' only"),
])
def test_bad_options(karate, options, match):
    with pytest.raises(InputError, match=match.replace("(", r"\(").replace(")", r"\)")):
        detect_communities(karate, "plm", **options)


def test_missing_networkit_names_the_extra(karate, monkeypatch):
    monkeypatch.setitem(sys.modules, "networkit", None)
    with pytest.raises(ImportError, match="netmix\\[bench\\]"):
        detect_communities(karate, "plm")
