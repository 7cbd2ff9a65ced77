"""Bridging ties and brokers: cross-group ties, bridges, local bridges, overlap, Burt's
structural holes and Gould-Fernandez brokerage.

Where every expected number comes from:

* Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
  Connections 20(1), 35-38: the ten-edge ego network of G, with printed constraint
  (G 0.400, A 0.595, C 1) and effective size (G 4.67, A 2.50, C 1; efficiency of G
  4.67 / 6 = 0.78).
* networkx (``constraint``, ``effective_size``, ``local_constraint``, ``local_bridges``,
  ``bridges``, ``common_neighbors``) and igraph (``Graph.constraint``,
  ``VertexClustering.crossing``) run live on the same random graphs.
* A hand-worked directed graph for brokerage (the roles are listed beside it) and a
  brute-force enumeration of two-paths written from sna's C routine ``brokerage_R``.
* sna's moments: the expectations and per-node variances checked against brute-force
  sums over (pairs of) possible two-paths in a Bernoulli digraph, derived in comments.
"""

from __future__ import annotations

import itertools
import warnings

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

import netmix
from netmix.bridging import (
    BrokerageResult,
    WeakTiesResult,
    bridges,
    bridging_capital,
    brokerage,
    constraint,
    cross_group_ties,
    crossing,
    edge_overlap,
    effective_size,
    efficiency,
    hierarchy,
    local_bridges,
    structural_holes,
    top_brokers,
    weak_ties_test,
)
from netmix.bridging.brokerage import ROLES, sna_moments
from netmix.exceptions import DegenerateMixingWarning, InputError

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


# ============================================================================ helpers
@st.composite
def simple_graphs(draw, *, directed=None, max_nodes=16, dense=None):
    """A random simple graph (no loops, no parallel edges), node ids 100.., three groups,
    integer weights 1-9 in edge attribute ``w``."""
    n = draw(st.integers(2, max_nodes))
    d = draw(st.booleans()) if directed is None else directed
    k = draw(st.integers(0, 4 * n)) if dense is None else int(dense * n)
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                          max_size=k))
    seen, src, dst = set(), [], []
    for a, b in pairs:
        key = (a, b) if d else (min(a, b), max(a, b))
        if a != b and key not in seen:
            seen.add(key)
            src.append(a)
            dst.append(b)
    w = draw(st.lists(st.integers(1, 9), min_size=len(src), max_size=len(src)))
    groups = draw(st.lists(st.sampled_from("xyz"), min_size=n, max_size=n))
    nodes = pd.DataFrame({"g": groups}, index=pd.Index(np.arange(n) + 100, name="id"))
    return netmix.SocialGraph(nodes, np.array(src, dtype=np.int64),
                              np.array(dst, dtype=np.int64), directed=d,
                              edge_attrs={"w": np.array(w, dtype=float)})


def quiet(fn, *args, **kwargs):
    """Call ``fn`` ignoring netmix's nan warnings (isolated nodes in random graphs)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        return fn(*args, **kwargs)


def nx_values(d: dict, index) -> np.ndarray:
    return np.array([d[i] for i in index], dtype=float)


BORGATTI = [("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"), ("F", "G"),
            ("B", "G"), ("B", "D"), ("D", "G"), ("G", "C")]


@pytest.fixture
def borgatti():
    ids = sorted({v for e in BORGATTI for v in e})
    pos = {v: i for i, v in enumerate(ids)}
    return netmix.SocialGraph(pd.DataFrame(index=pd.Index(ids, name="id")),
                              [pos[a] for a, _ in BORGATTI], [pos[b] for _, b in BORGATTI],
                              edge_attrs={"one": np.ones(10),
                                          "w": np.arange(1.0, 11.0)})


# ============================================================================ Burt
def test_borgatti_1997_example(borgatti):
    c = constraint(borgatti)
    e = effective_size(borgatti)
    # Borgatti (1997), the ego network of G: printed to 3 and 2 decimals
    assert c["G"] == pytest.approx(0.400, abs=5e-4)
    assert c["A"] == pytest.approx(0.595, abs=5e-4)
    assert c["C"] == pytest.approx(1.0)
    assert e["G"] == pytest.approx(4.67, abs=5e-3)  # 6 - 2 * 4 / 6
    assert e["A"] == pytest.approx(2.50, abs=5e-3)  # 4 - 2 * 3 / 4
    assert e["C"] == pytest.approx(1.0)
    assert efficiency(borgatti)["G"] == pytest.approx(0.78, abs=5e-3)  # 4.67 / 6
    # all weights 1 is the unweighted case
    pd.testing.assert_series_equal(constraint(borgatti, "one"), c)
    pd.testing.assert_series_equal(effective_size(borgatti, "one"), e)


def nx_effective_size(G, weight):
    """networkx's node-by-node effective size. Its default all-nodes sparse path (networkx
    3.6) divides the mutual weights by the column maximum instead of the row maximum, so
    weighted and directed values differ from Burt's formula and from its own node-by-node
    path (networkx PR #8906). In that path a directed node with in-arcs only is nan."""
    return nx.effective_size(G, nodes=list(G), weight=weight)


def test_borgatti_weighted_vs_networkx(borgatti):
    G = borgatti.to_networkx()
    np.testing.assert_allclose(constraint(borgatti, "w"),
                               nx_values(nx.constraint(G, weight="w"), borgatti.node_ids))
    np.testing.assert_allclose(effective_size(borgatti, "w"),
                               nx_values(nx_effective_size(G, "w"), borgatti.node_ids))


@SETTINGS
@given(simple_graphs(), st.booleans())
def test_constraint_and_effective_size_equal_networkx(g, weighted):
    weight = "w" if weighted else None
    G = g.to_networkx()
    ours = quiet(structural_holes, g, weight)
    np.testing.assert_allclose(ours["constraint"],
                               nx_values(nx.constraint(G, weight=weight), g.node_ids),
                               rtol=1e-10, atol=1e-12)
    want = nx_values(nx_effective_size(G, weight), g.node_ids)
    has_out = np.array([G.out_degree(v) if g.directed else G.degree(v) for v in g.node_ids]) > 0
    np.testing.assert_allclose(ours["effective_size"][has_out], want[has_out],
                               rtol=1e-10, atol=1e-12)
    assert (np.isnan(ours["effective_size"]) == (ours["contacts"] == 0)).all()
    # igraph's C routine
    ic = np.array(g.igraph.constraint(weights=g.edge_attr("w").tolist() if weighted else None))
    np.testing.assert_allclose(ours["constraint"], ic, rtol=1e-10, atol=1e-12)


@SETTINGS
@given(simple_graphs(), st.booleans())
def test_hierarchy_from_networkx_local_constraint(g, weighted):
    weight = "w" if weighted else None
    G = g.to_networkx()
    got = quiet(hierarchy, g, weight)
    for v in g.node_ids:
        contacts = set(nx.all_neighbors(G, v)) if g.directed else set(G[v])
        n = len(contacts)
        if n < 2:
            assert np.isnan(got[v])
            continue
        cij = np.array([nx.local_constraint(G, v, j, weight=weight) for j in contacts])
        r = cij / (cij.sum() / n)  # Burt (1992, p. 71)
        assert got[v] == pytest.approx(np.sum(r * np.log(r)) / (n * np.log(n)), abs=1e-12)


def test_structural_holes_table_matches_functions(borgatti):
    table = structural_holes(borgatti.subgraph(borgatti.degree() > 1), "w")
    sub = borgatti.subgraph(borgatti.degree() > 1)
    pd.testing.assert_series_equal(table["constraint"], constraint(sub, "w"))
    pd.testing.assert_series_equal(table["effective_size"], effective_size(sub, "w"))
    pd.testing.assert_series_equal(table["efficiency"], efficiency(sub, "w"))
    pd.testing.assert_series_equal(table["hierarchy"], hierarchy(sub, "w"))
    assert (table["contacts"] == sub.degree()).all()


def test_structural_holes_isolates_warn_and_nan():
    g = netmix.SocialGraph(pd.DataFrame(index=list("abc")), [0], [1])
    with pytest.warns(DegenerateMixingWarning, match="no contacts") as record:
        c = constraint(g)
    assert record[0].filename == __file__  # the warning points at the caller
    assert np.isnan(c["c"]) and c["a"] == 1.0
    with pytest.warns(DegenerateMixingWarning, match="single contact"):
        hierarchy(g.subgraph([True, True, False]))


def test_structural_holes_reject_nonpositive_weights(borgatti):
    bad = netmix.SocialGraph(borgatti.nodes, borgatti.src, borgatti.dst,
                             edge_attrs={"w": np.r_[0.0, np.ones(9)]})
    with pytest.raises(InputError, match="must be > 0"):
        constraint(bad, "w")


# ============================================================================ brokerage
@pytest.fixture
def broker_graph():
    # 1->2, 2->3, 4->2, 2->5, 3->6, 6->4, 1->3; groups 1:A 2:A 3:A 4:B 5:B 6:C
    nodes = pd.DataFrame({"g": list("AAABBC")}, index=pd.Index([1, 2, 3, 4, 5, 6], name="id"))
    return netmix.SocialGraph(nodes, [0, 1, 3, 1, 2, 5, 0], [1, 2, 1, 4, 5, 3, 2],
                              directed=True)


def test_brokerage_hand_example(broker_graph):
    # Open two-paths (sna: i != j and no arc i -> j), broker in the middle:
    #   1->2->5 (A A B: representative), 4->2->3 (B A A: gatekeeper),
    #   4->2->5 (B A B: itinerant); 1->2->3 is closed by 1->3 and does not count;
    #   2->3->6 and 1->3->6 (A A C: representative twice);
    #   6->4->2 (C B A: liaison); 3->6->4 (A C B: liaison).
    res = brokerage(broker_graph, "g")
    expected = pd.DataFrame(0, index=res.roles.index, columns=res.roles.columns)
    expected.loc[2, ["itinerant", "representative", "gatekeeper"]] = 1
    expected.loc[3, "representative"] = 2
    expected.loc[4, "liaison"] = 1
    expected.loc[6, "liaison"] = 1
    expected["total"] = expected[list(ROLES)].sum(axis=1)
    pd.testing.assert_frame_equal(res.roles, expected)
    assert isinstance(res, BrokerageResult)
    assert res.totals["observed"].tolist() == [0, 1, 3, 1, 2, 7]
    assert res.density == pytest.approx(7 / 30)  # m / (N (N - 1)), as sna
    assert "brokerage" in res.summary().lower()


def brute_brokerage(G: nx.DiGraph, group: dict) -> dict:
    """Open two-paths i -> b -> j by broker and role, enumerated one by one."""
    out = {v: dict.fromkeys(ROLES, 0) for v in G}
    for b in G:
        for i in G.predecessors(b):
            for j in G.successors(b):
                if len({i, b, j}) < 3 or G.has_edge(i, j):
                    continue
                gi, gb, gj = group[i], group[b], group[j]
                if gi == gb == gj:
                    role = "coordinator"
                elif gi == gb:
                    role = "representative"  # source in the broker's group
                elif gb == gj:
                    role = "gatekeeper"  # target in the broker's group
                elif gi == gj:
                    role = "itinerant"
                else:
                    role = "liaison"
                out[b][role] += 1
    return out


@SETTINGS
@given(simple_graphs(dense=3))
def test_brokerage_equals_brute_force(g):
    res = quiet(brokerage, g, "g")
    G = g.to_networkx()
    D = G if g.directed else G.to_directed()  # undirected: reciprocated arcs
    brute = brute_brokerage(D, g.nodes["g"].to_dict())
    want = pd.DataFrame.from_dict(brute, orient="index").reindex(g.node_ids)
    np.testing.assert_array_equal(res.roles[list(ROLES)].to_numpy(), want.to_numpy())
    np.testing.assert_array_equal(res.roles["total"], want.sum(axis=1))


def test_undirected_is_reciprocated(broker_graph):
    und = netmix.SocialGraph(broker_graph.nodes, broker_graph.src, broker_graph.dst)
    both = netmix.SocialGraph(und.nodes, np.r_[und.src, und.dst], np.r_[und.dst, und.src],
                              directed=True)
    a, b = quiet(brokerage, und, "g"), quiet(brokerage, both, "g")
    pd.testing.assert_frame_equal(a.roles, b.roles)
    pd.testing.assert_frame_equal(a.totals, b.totals)
    assert any("reciprocated" in note for note in a.notes)


def _two_paths(sizes, broker_group):
    """All ordered (i, j) endpoint pairs around one broker of ``broker_group``, by role."""
    labels = np.repeat(np.arange(len(sizes)), sizes)
    b = int(np.flatnonzero(labels == broker_group)[0])
    others = [v for v in range(labels.size) if v != b]
    paths = {r: [] for r in ROLES}
    for i, j in itertools.permutations(others, 2):
        gi, gb, gj = labels[i], broker_group, labels[j]
        role = ("coordinator" if gi == gb == gj else "representative" if gi == gb
                else "gatekeeper" if gb == gj else "itinerant" if gi == gj else "liaison")
        paths[role].append((i, j))
    return paths


@pytest.mark.parametrize("sizes", [(6, 5, 4), (3, 3), (4, 1, 2, 3)])
def test_sna_node_moments_brute_force(sizes):
    # For a Bernoulli(d) digraph, a two-path i->b->j is open with probability
    # p = d^2 (1 - d) (arcs i->b, b->j present, i->j absent), so E = p x #paths.
    # Two paths sharing one arc (same i or same j) are present together with probability
    # d^3 (1-d)^2, a covariance of d^3 (1-d)^2 - p^2 = d^3 (1-d)^3; other pairs share no
    # arc and are independent. So Var = E (1 - p) + #(ordered pairs sharing) d^3 (1-d)^3.
    d = 0.3
    p = d**2 * (1 - d)
    e, v, ge, _ = sna_moments(np.array(sizes), d)
    for grp in range(len(sizes)):
        paths = _two_paths(sizes, grp)
        for k, role in enumerate(ROLES):
            ps = paths[role]
            share = sum(1 for s, t in itertools.permutations(ps, 2)
                        if s[0] == t[0] or s[1] == t[1])
            assert e[grp, k] == pytest.approx(p * len(ps), abs=1e-12)
            assert v[grp, k] == pytest.approx(p * len(ps) * (1 - p)
                                              + share * d**3 * (1 - d) ** 3, abs=1e-12)
    # graph totals: the expectation is the sum of the brokers' expectations
    n = np.array(sizes, dtype=float)
    np.testing.assert_allclose(ge, (n[:, None] * e).sum(axis=0))


def test_brokerage_permutation(broker_graph):
    a = brokerage(broker_graph, "g", method="permutation", n_resamples=99, seed=3)
    b = brokerage(broker_graph, "g", method="permutation", n_resamples=99, seed=3)
    pd.testing.assert_frame_equal(a.totals, b.totals)
    pd.testing.assert_frame_equal(a.roles, brokerage(broker_graph, "g").roles)
    p = a.totals["pvalue"]
    assert ((p > 0) & (p <= 1)).all()
    # totals do not depend on the labels: permutation sd 0
    assert a.totals.loc["total", "null_sd"] == 0 and np.isnan(a.totals.loc["total", "zscore"])
    assert a.n_resamples == 99 and a.method == "permutation"


def test_brokerage_errors(broker_graph):
    with pytest.raises(InputError, match="method"):
        brokerage(broker_graph, "g", method="exact")
    with pytest.raises(InputError, match="n_resamples"):
        brokerage(broker_graph, "g", method="permutation", n_resamples=1)
    nodes = broker_graph.nodes.assign(h=["A", None, "A", "B", "B", "C"])
    g = broker_graph.with_nodes(nodes)
    with pytest.raises(InputError, match="no value"):
        brokerage(g, "h")
    res = quiet(brokerage, g, "h", missing="drop")
    assert len(res.roles) == 5 and any("dropped" in note for note in res.notes)


# ============================================================================ bridges
def _nx_local_bridges(G) -> dict:
    return {frozenset((u, v)): float(s) for u, v, s in nx.local_bridges(G, with_span=True)}


@SETTINGS
@given(simple_graphs(directed=False))
def test_local_bridges_equal_networkx(g):
    got = local_bridges(g)
    want = _nx_local_bridges(g.to_networkx())
    have = {frozenset((u, v)): s for u, v, s in got.itertuples(index=False)}
    assert have == want
    # the index points at the edge itself
    assert (g.edges.loc[got.index, "source"].to_numpy() == got["source"].to_numpy()).all()
    no_span = local_bridges(g, with_span=False)
    assert no_span.index.equals(got.index) and no_span["span"].isna().all()


@SETTINGS
@given(simple_graphs(directed=False, dense=1.2, max_nodes=30))
def test_local_bridges_sparse_graphs_equal_networkx(g):
    # sparse graphs: long spans and bridges (inf)
    got = local_bridges(g)
    have = {frozenset((u, v)): s for u, v, s in got.itertuples(index=False)}
    assert have == _nx_local_bridges(g.to_networkx())


@SETTINGS
@given(simple_graphs())
def test_bridges_equal_networkx(g):
    G = g.to_networkx()
    G = G.to_undirected() if g.directed else G
    got = {frozenset(e) for e in bridges(g).itertuples(index=False)}
    if g.directed:  # a reciprocated pair is two parallel edges: never a bridge
        assert got <= {frozenset(e) for e in nx.bridges(G)}
    else:
        assert got == {frozenset(e) for e in nx.bridges(G)}


def test_bridges_multi_edges():
    g = netmix.SocialGraph(pd.DataFrame(index=range(3)), [0, 0, 1], [1, 1, 2])
    assert bridges(g).index.tolist() == [2]  # the doubled tie 0-1 is not a bridge


@SETTINGS
@given(simple_graphs())
def test_overlap_brute_force(g):
    G = g.to_networkx()
    G = G.to_undirected() if g.directed else G
    got = quiet(edge_overlap, g)
    for (u, v), (cn, o) in zip(got[["source", "target"]].itertuples(index=False),
                               got[["common_neighbors", "overlap"]].itertuples(index=False),
                               strict=True):
        n_uv = len(set(G[u]) & set(G[v]))
        denom = (G.degree(u) - 1) + (G.degree(v) - 1) - n_uv  # Onnela et al. (2007)
        assert cn == n_uv
        assert (np.isnan(o) and denom == 0) or o == pytest.approx(n_uv / denom)


def test_overlap_undefined_warns():
    g = netmix.SocialGraph(pd.DataFrame(index=range(4)), [0, 2], [1, 3])
    with pytest.warns(DegenerateMixingWarning, match="0/0") as record:
        o = edge_overlap(g)
    assert record[0].filename == __file__
    assert o["overlap"].isna().all()


def test_weak_ties_test(workplace):
    res = weak_ties_test(workplace, "duration", n_resamples=199, seed=0)
    assert isinstance(res, WeakTiesResult)
    rho, p = res
    ov = edge_overlap(workplace)  # workplace has no multi-edges: one row per tie
    ok = ov["overlap"].notna()
    want = stats.spearmanr(workplace.edge_attr("duration")[ok], ov["overlap"][ok])
    assert rho == pytest.approx(want.statistic)
    assert res.pvalue_asymptotic == pytest.approx(want.pvalue)
    assert 0 < p <= 1 and res.n_ties == ok.sum()
    assert res.table["n_ties"].sum() == res.n_ties
    assert (np.diff(res.table["weight_min"]) > 0).all()
    again = weak_ties_test(workplace, "duration", n_resamples=199, seed=0)
    assert again.pvalue == res.pvalue


# ============================================================================ cross ties
@SETTINGS
@given(simple_graphs(directed=False))
def test_cross_group_ties(g):
    ties = cross_group_ties(g, "g", "w")
    groups = g.nodes["g"]
    e = g.edges
    cross = groups.loc[e["source"]].to_numpy() != groups.loc[e["target"]].to_numpy()
    assert ties.index.tolist() == np.flatnonzero(cross).tolist()
    assert (ties["source_group"].to_numpy() == groups.loc[ties["source"]].to_numpy()).all()
    assert (ties["weight"].to_numpy() == e["w"][cross].to_numpy()).all()
    lb = _nx_local_bridges(g.to_networkx())
    nxb = {frozenset(x) for x in nx.bridges(g.to_networkx())}
    for (u, v), local, span, bridge in zip(
            ties[["source", "target"]].itertuples(index=False), ties["local_bridge"],
            ties["span"], ties["bridge"], strict=True):
        key = frozenset((u, v))
        assert local == (key in lb)
        assert (span == lb[key]) if local else np.isnan(span)
        assert bridge == (key in nxb)


def test_crossing_equals_igraph():
    h = ig.Graph.Famous("Zachary")
    g = netmix.from_igraph(h)
    clusters = h.community_multilevel()
    np.testing.assert_array_equal(crossing(g, clusters), clusters.crossing())
    np.testing.assert_array_equal(crossing(g, np.array(clusters.membership)),
                                  clusters.crossing())
    # a partition plugs into the other tables too
    ties = cross_group_ties(g, clusters)
    assert len(ties) == sum(clusters.crossing())


@SETTINGS
@given(simple_graphs())
def test_bridging_capital_edge_by_edge(g):
    cap = quiet(bridging_capital, g, "g", "w")
    grp = g.nodes["g"].to_dict()
    deg = dict.fromkeys(g.node_ids, 0)
    crs = dict.fromkeys(g.node_ids, 0)
    wsum = dict.fromkeys(g.node_ids, 0.0)
    reached = {v: set() for v in g.node_ids}
    for u, v, w in g.edges[["source", "target", "w"]].itertuples(index=False):
        for a, b in ((u, v), (v, u)):
            deg[a] += 1
            if grp[a] != grp[b]:
                crs[a] += 1
                wsum[a] += w
                reached[a].add(grp[b])
    assert cap["degree"].to_dict() == deg
    assert cap["cross_ties"].to_dict() == crs
    np.testing.assert_allclose(cap["cross_strength"], pd.Series(wsum))
    assert cap["groups_reached"].to_dict() == {v: len(s) for v, s in reached.items()}
    has = cap["degree"] > 0
    np.testing.assert_allclose(cap["cross_share"][has],
                               (cap["cross_ties"] / cap["degree"])[has])


def test_bridging_capital_missing_drop():
    nodes = pd.DataFrame({"g": ["a", "b", None, "a"]})
    g = netmix.SocialGraph(nodes, [0, 0, 1, 2], [1, 2, 2, 3])
    with pytest.raises(InputError):
        bridging_capital(g, "g")
    cap = quiet(bridging_capital, g, "g", missing="drop")
    assert cap.index.tolist() == [0, 1, 3]
    assert cap["degree"].tolist() == [1, 1, 0]  # ties to node 2 are left out


# ============================================================================ report
def test_top_brokers_columns_match_functions(workplace):
    top = top_brokers(workplace, "department", k=5)
    assert len(top) == 5
    assert top["brokerage"].is_monotonic_decreasing
    res = quiet(brokerage, workplace, "department")
    holes = quiet(structural_holes, workplace)
    cap = quiet(bridging_capital, workplace, "department")
    for col in ROLES:
        pd.testing.assert_series_equal(top[col], res.roles.loc[top.index, col])
    np.testing.assert_allclose(top["brokerage"],
                               res.roles.loc[top.index, list(ROLES[1:])].sum(axis=1))
    pd.testing.assert_series_equal(top["constraint"], holes.loc[top.index, "constraint"])
    pd.testing.assert_series_equal(top["cross_ties"], cap.loc[top.index, "cross_ties"])
    low = top_brokers(workplace, "department", k=3, by="constraint")
    assert low["constraint"].is_monotonic_increasing
    with pytest.raises(InputError, match="by"):
        top_brokers(workplace, "department", by="betweenness")


def test_cross_ties_agree_with_mixing_matrix(workplace):
    ties = cross_group_ties(workplace, "department")
    m = netmix.mixing_matrix(workplace, "department").counts
    assert len(ties) == (m.sum() - np.trace(m)) / 2  # undirected: both directions counted


# ============================================================================ internals
@pytest.mark.parametrize(("chunk", "cells"), [(5, 1 << 24), (5, 0), (1 << 22, 0)])
def test_chunked_paths_agree(monkeypatch, chunk, cells):
    # small chunks and the searchsorted fallback (no dense map) give the same answers
    from netmix.bridging import _core

    h = ig.Graph.Erdos_Renyi(n=60, m=150)
    h.add_edges([(0, 59), (1, 58)])
    g = netmix.from_igraph(h)
    want_lb, want_ov = local_bridges(g), quiet(edge_overlap, g)
    want_sh = quiet(structural_holes, g)
    monkeypatch.setattr(_core, "CHUNK", chunk)
    monkeypatch.setattr(_core, "MARK_CELLS", cells)
    pd.testing.assert_frame_equal(local_bridges(g), want_lb)
    pd.testing.assert_frame_equal(quiet(edge_overlap, g), want_ov)
    pd.testing.assert_frame_equal(quiet(structural_holes, g), want_sh)
    sv = _core.simple_view(g, None)
    us, vs = sv.a, sv.b
    np.testing.assert_array_equal(_core.pair_distances(sv, us, vs, budget=1),
                                  _core.pair_distances(sv, us, vs))


# ============================================================================ isolates
@SETTINGS
@given(simple_graphs())
def test_bridging_capital_marks_people_without_contacts(g):
    cap = quiet(bridging_capital, g, "g")
    pd.testing.assert_series_equal(cap["has_contacts"], g.has_contacts)
    iso = ~cap["has_contacts"]
    assert (cap.loc[iso, ["degree", "cross_ties", "groups_reached"]] == 0).all().all()
    assert cap.loc[iso, "cross_share"].isna().all()  # a share of no ties: undefined


def test_people_without_contacts_keep_their_rows_and_are_counted_in_the_warning():
    nodes = pd.DataFrame({"g": ["a", "b", "a", None, "b"]}, index=list("pqrst"))
    g = netmix.SocialGraph(nodes, [0, 2], [1, 3])  # r's only tie is to s (no group); t alone
    with pytest.warns(DegenerateMixingWarning, match=r"2 node\(s\).*\(1 of them have no"):
        cap = bridging_capital(g, "g", missing="drop")
    assert cap.index.tolist() == list("pqrt")
    assert cap["has_contacts"].tolist() == [True, True, True, False]
    top = top_brokers(g, "g", missing="drop")
    assert top.loc["t", "has_contacts"] == False  # noqa: E712 (numpy bool)
    assert np.isnan(top.loc["t", "constraint"])


def test_all_missing_groups_with_drop_name_the_column():
    g = netmix.SocialGraph(pd.DataFrame({"g": [None] * 3, "dept": list("abc")}), [0, 1],
                           [1, 2])
    for fn in (bridging_capital, cross_group_ties, top_brokers, brokerage):
        with pytest.raises(InputError, match=r"'g' is missing \(3 of 3 nodes\).*'dept'"):
            fn(g, "g", missing="drop")
