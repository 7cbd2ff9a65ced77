"""The edge view and its tally (netmix.core), the one home of the counting rules.

Expected values come from a brute-force loop over the edges written here from the rules as
documented (netmix.core.view's module notes), from networkx's ``attribute_mixing_matrix``
and from igraph's ``assortativity_nominal`` run live.
"""

from __future__ import annotations

import itertools

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from classroom_data import CLASSROOM_ARCS, CLASSROOM_GIRLS, CLASSROOM_IDS

import netmix
from netmix.core import (
    CALLS,
    EdgeView,
    Tally,
    batch_margins,
    batch_tally,
    edge_view,
    edges_view,
    tally,
)
from netmix.exceptions import InputError
from netmix.measures.assortativity import nominal_assortativity_test


def _graph(seed: int, directed: bool, *, n: int = 25, m: int = 120) -> netmix.SocialGraph:
    rng = np.random.default_rng(seed)
    g = rng.choice(np.array(["a", "b", "c", None], dtype=object), n, p=[.3, .3, .3, .1])
    h = rng.choice(["x", "y"], n)
    src, dst = rng.integers(0, n, m), rng.integers(0, n, m)
    dst[:10] = src[:10]  # ten self-loops
    nodes = pd.DataFrame({"g": g, "h": h})
    return netmix.SocialGraph(nodes, src, dst, directed=directed,
                              edge_attrs={"w": rng.integers(1, 9, m).astype(float)})


def _brute(g: netmix.SocialGraph, rows: str, cols: str, weight: str | None, directed: bool,
           loops: str) -> tuple[np.ndarray, int]:
    """The counting rules, one edge at a time: (counts, edges dropped)."""
    rv, cv = g.nodes[rows].to_numpy(), g.nodes[cols].to_numpy()
    rl = sorted({x for x in rv if pd.notna(x)})
    cl = sorted({x for x in cv if pd.notna(x)})
    out = np.zeros((len(rl), len(cl)))
    dropped = 0
    for e in range(g.n_edges):
        u, v = int(g.src[e]), int(g.dst[e])
        w = 1.0 if weight is None else float(g.edge_attr(weight)[e])
        if pd.isna([rv[u], rv[v], cv[u], cv[v]]).any():
            dropped += 1
            continue
        if u == v and loops == "drop":
            continue
        if directed:
            out[rl.index(rv[u]), cl.index(cv[v])] += w
            continue
        share = 0.5 if u == v and loops == "once" else 1.0  # a loop's two directions
        out[rl.index(rv[u]), cl.index(cv[v])] += share * w
        out[rl.index(rv[v]), cl.index(cv[u])] += share * w
    return out, dropped


POLICIES = list(itertools.product([False, True], [True, False], ["count", "once", "drop"],
                                  [None, "w"], [None, "h"]))


@pytest.mark.parametrize(("graph_directed", "directed", "loops", "weight", "col_groups"),
                         [p for p in POLICIES if p[0] or not p[1]])
def test_tally_equals_a_loop_over_the_edges(graph_directed, directed, loops, weight,
                                            col_groups):
    g = _graph(1, graph_directed)
    view = edge_view(g, "g", weight, col_groups=col_groups, directed=directed,
                     missing="drop", loops=loops)
    t = tally(view)
    expected, dropped = _brute(g, "g", col_groups or "g", weight, directed, loops)
    np.testing.assert_array_equal(t.counts, expected)
    assert t.counts.dtype == (np.int64 if weight is None else np.float64)
    assert t.n_edges_dropped == dropped == view.n_edges_dropped
    assert view.n_nodes_dropped == int(g.nodes["g"].isna().sum())
    # what loops added, by the same rules on the loops alone
    is_loop = np.equal(g.src, g.dst)
    loops_only = netmix.SocialGraph(g.nodes, g.src[is_loop], g.dst[is_loop],
                                    directed=graph_directed,
                                    edge_attrs={"w": g.edge_attr("w")[is_loop]})
    exp_loops, _ = _brute(loops_only, "g", col_groups or "g", weight, directed, loops)
    np.testing.assert_array_equal(t.loop_counts, exp_loops)
    if loops == "drop":
        assert t.n_loops == 0 and not t.loop_counts.any()


def test_undirected_once_equals_networkx():
    # networkx counts an undirected self-loop once: loops="once" (edge counts; this
    # networkx's attribute_mixing_matrix takes no weight)
    g = _graph(2, False)
    view = edge_view(g, "g", missing="drop", loops="once")
    G = nx.MultiGraph()
    G.add_nodes_from((i, {"g": v}) for i, v in enumerate(g.nodes["g"]) if pd.notna(v))
    keep = [e for e in range(g.n_edges)
            if pd.notna(g.nodes["g"].iloc[g.src[e]]) and pd.notna(g.nodes["g"].iloc[g.dst[e]])]
    G.add_edges_from((int(g.src[e]), int(g.dst[e])) for e in keep)
    labels = list(view.rows.labels)
    nxm = nx.attribute_mixing_matrix(G, "g", mapping={x: i for i, x in enumerate(labels)},
                                     normalized=False)
    np.testing.assert_allclose(tally(view).counts, nxm)


def test_directed_false_is_igraphs_directed_false_on_random_graphs():
    for seed in range(5):
        g = _graph(10 + seed, True)
        keep = g.nodes["g"].notna().to_numpy()
        gi = ig.Graph(n=g.n_nodes, edges=list(zip(g.src.tolist(), g.dst.tolist(),
                                                  strict=True)), directed=True)
        gi = gi.induced_subgraph(np.flatnonzero(keep).tolist())
        types = pd.factorize(g.nodes["g"][keep], sort=True)[0].tolist()
        expected = gi.assortativity_nominal(types, directed=False)
        r = netmix.nominal_assortativity(g, "g", directed=False, missing="drop")
        assert r == pytest.approx(expected, abs=1e-12)
        # the same on the directed matrix, and netseg's halving gives the same value
        m = netmix.mixing_matrix(g, "g", missing="drop")
        assert netmix.nominal_assortativity(m, directed=False) == pytest.approx(r, abs=1e-14)
        half = netmix.nominal_assortativity(
            netmix.MixingMatrix.from_array((m.counts + m.counts.T) / 2, directed=False))
        assert half == pytest.approx(r, abs=1e-14)


def test_classroom_directed_false_equals_igraph():
    # netseg's Classroom nominations; igraph's assortativity_nominal(directed=FALSE) live
    v = [int(x) for x in CLASSROOM_ARCS.split()]
    pos = {i: k for k, i in enumerate(CLASSROOM_IDS)}
    src, dst = [pos[i] for i in v[::2]], [pos[i] for i in v[1::2]]
    girl = [i in CLASSROOM_GIRLS for i in CLASSROOM_IDS]
    nodes = pd.DataFrame({"gender": np.where(girl, "Girl", "Boy")},
                         index=pd.Index(CLASSROOM_IDS, name="id"))
    g = netmix.SocialGraph(nodes, src, dst, directed=True)
    gi = ig.Graph(n=len(CLASSROOM_IDS), edges=list(zip(src, dst, strict=True)), directed=True)
    types = [int(x) for x in girl]
    expected = gi.assortativity_nominal(types, directed=False)
    assert netmix.nominal_assortativity(g, "gender", directed=False) == \
        pytest.approx(expected, abs=1e-12)
    m = netmix.mixing_matrix(g, "gender")
    assert netmix.nominal_assortativity(m, directed=False) == pytest.approx(expected, abs=1e-12)
    # and the directed value is igraph's directed one
    assert netmix.nominal_assortativity(g, "gender") == pytest.approx(
        gi.assortativity_nominal(types, directed=True), abs=1e-12)
    # the jackknife is the same whether the matrix or the graph is made undirected
    a = nominal_assortativity_test(g, "gender", directed=False)
    b = nominal_assortativity_test(m, directed=False)
    assert a.standard_error == pytest.approx(b.standard_error, rel=1e-12)


def test_directed_true_on_undirected_data_is_refused():
    g = _graph(3, False)
    with pytest.raises(InputError, match="directed=True needs a directed graph"):
        edge_view(g, "g", directed=True, missing="drop")
    m = netmix.mixing_matrix(g, "g", missing="drop")
    with pytest.raises(InputError, match="needs a directed MixingMatrix"):
        netmix.nominal_assortativity(m, directed=True)


def test_view_is_built_once_per_policy():
    g = _graph(4, True)
    a = edge_view(g, "g", "w", missing="drop")
    assert edge_view(g, "g", "w", missing="drop") is a
    assert edge_view(g, "g", "w", missing="drop", loops="once") is not a
    assert edge_view(g, "g", None, missing="drop") is not a
    assert edge_view(g, "g", "w", missing="drop", directed=False) is not a
    assert isinstance(a, EdgeView) and a.directed and a.weight == "w"


def test_tallies_add_over_chunks():
    g = _graph(5, False)
    whole = edge_view(g, "g", "w", missing="drop")
    parts = None
    for lo in range(0, g.n_edges, 17):
        sl = slice(lo, lo + 17)
        v = edges_view(g.src[sl], g.dst[sl], g.edge_attr("w")[sl], g.n_nodes, directed=False,
                       rows=whole.rows)
        parts = tally(v) if parts is None else parts + tally(v)
    assert isinstance(parts, Tally)
    t = tally(whole)
    np.testing.assert_array_equal(parts.counts, t.counts)
    np.testing.assert_array_equal(parts.loop_counts, t.loop_counts)
    assert (parts.n_loops, parts.n_edges_dropped) == (t.n_loops, t.n_edges_dropped)


@pytest.mark.parametrize(("directed", "loops", "weight"),
                         list(itertools.product([False, True], ["count", "once", "drop"],
                                                [None, "w"])))
def test_batches_equal_one_tally_per_replicate(directed, loops, weight):
    g = _graph(6, directed)
    view = edge_view(g, "g", weight, missing="drop", loops=loops)
    rng = np.random.default_rng(0)
    valid = np.flatnonzero(view.rows.codes >= 0)
    perms = np.repeat(view.rows.codes[None], 11, axis=0)
    for b in range(11):
        perms[b, valid] = rng.permutation(view.rows.codes[valid])
    counts = batch_tally(view, perms)
    trace, rows, cols, total = batch_margins(view, perms)
    for b in range(11):
        one = tally(view, perms[b]).counts
        np.testing.assert_allclose(counts[b], one, rtol=1e-12)
        assert trace[b] == pytest.approx(np.trace(one), rel=1e-12)
        np.testing.assert_allclose(rows[b], one.sum(axis=1), rtol=1e-12)
        np.testing.assert_allclose(cols[b], one.sum(axis=0), rtol=1e-12)
        assert total == pytest.approx(one.sum(), rel=1e-12)


def test_call_counter_counts_the_tallies():
    # the hook a report-level test uses: netmix.core.CALLS counts every tally made
    g = _graph(7, True)
    CALLS.clear()
    netmix.mixing_matrix(g, "g", missing="drop")
    netmix.nominal_assortativity(g, "g", missing="drop")
    netmix.group_modularity(g, "g", missing="drop")
    assert CALLS["tally"] == 1 and CALLS["batch"] == 0  # one view, tallied once
    netmix.mixing_matrix(g, "g", "w", missing="drop")
    assert CALLS["tally"] == 2  # another weight: another view
    view = edge_view(g, "g", missing="drop")
    batch_tally(view, view.rows.codes[None])
    assert CALLS["batch"] == 1
