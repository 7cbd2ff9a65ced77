"""networkx and igraph round trips, and the workplace assortativity against both libraries."""

from __future__ import annotations

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmix
from netmix import SocialGraph, from_igraph, from_networkx

NODES = pd.DataFrame({"dept": ["a", None, "b", "b"], "age": [31.0, 40.0, np.nan, 25.0]},
                     index=pd.Index(["ann", "bob", "cy", "dee"], name="id"))


def graph(directed=False, multi=False):
    src, dst, w = [0, 1, 2, 3], [1, 2, 3, 3], [2.0, 1.0, 4.0, 0.5]
    if multi:
        src, dst, w = [*src, 0], [*dst, 1], [*w, 7.0]
    return SocialGraph(NODES, src, dst, directed=directed, edge_attrs={"weight": w,
                                                                      "n": np.arange(len(w))})


def edge_multiset(g):
    e = g.edges
    if not g.directed:
        a = np.where(e.source < e.target, e.source, e.target)
        b = np.where(e.source < e.target, e.target, e.source)
        e = e.assign(source=a, target=b)
    return sorted(map(tuple, e.to_numpy().tolist()))


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("multi", [False, True])
def test_networkx_round_trip(directed, multi):
    g = graph(directed, multi)
    G = g.to_networkx()
    want = {(False, False): nx.Graph, (True, False): nx.DiGraph,
            (False, True): nx.MultiGraph, (True, True): nx.MultiDiGraph}[(directed, multi)]
    assert type(G) is want
    assert list(G.nodes) == ["ann", "bob", "cy", "dee"]
    assert G.nodes["bob"] == {"age": 40.0}  # missing values are left out
    assert G.number_of_edges() == g.n_edges and nx.number_of_selfloops(G) == 1
    back = from_networkx(G)
    assert back.directed == directed and back.node_ids.tolist() == g.node_ids.tolist()
    pd.testing.assert_frame_equal(back.nodes, g.nodes, check_dtype=False)
    assert edge_multiset(back) == edge_multiset(g)
    if not multi:  # networkx lists parallel edges together, so only then is the order kept
        assert back == g
    assert back.has_multi_edges() == multi


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("multi", [False, True])
def test_igraph_round_trip(directed, multi):
    g = graph(directed, multi)
    h = g.igraph
    assert (h.vcount(), h.ecount(), h.is_directed()) == (4, g.n_edges, directed)
    assert h.vs["id"] == ["ann", "bob", "cy", "dee"] and h.es["weight"] == g.edges.weight.tolist()
    assert h.has_multiple() == multi and any(h.is_loop())
    assert g.to_igraph() is not h and g.igraph is h  # cached; to_igraph copies
    back = from_igraph(h)
    assert back == g  # igraph keeps edge order and orientation


def test_from_igraph_ids():
    h = ig.Graph([(0, 1), (1, 2)])
    assert from_igraph(h).node_ids.tolist() == [0, 1, 2]
    h.vs["name"] = ["x", "y", "z"]
    assert from_igraph(h).edges[["source", "target"]].to_numpy().tolist() == [["x", "y"],
                                                                             ["y", "z"]]
    h = ig.Graph([(0, 1)])
    h.vs["id"] = [7, 7]  # not unique: the vertex index is used
    assert from_igraph(h).node_ids.tolist() == [0, 1]
    with pytest.raises(netmix.InputTypeError, match=r"g must be an igraph\.Graph"):
        from_igraph(nx.Graph())
    with pytest.raises(netmix.InputTypeError, match="G must be a networkx Graph"):
        from_networkx(h)


def test_from_networkx_sums_multi_edges_on_request():
    G = nx.MultiGraph([(1, 2, {"w": 1.0}), (2, 1, {"w": 2.0}), (2, 3, {"w": 4.0})])
    g = from_networkx(G, duplicates="sum")
    assert g.edges.to_dict("list") == {"source": [1, 2], "target": [2, 3], "w": [3.0, 4.0],
                                       "n_merged": [2, 1]}
    assert from_networkx(nx.empty_graph(3)).n_edges == 0


def test_real_graph_round_trips(workplace):
    assert from_igraph(workplace.igraph) == workplace
    back = from_networkx(workplace.to_networkx())
    assert back.n_edges == 755
    assert edge_multiset(back) == edge_multiset(workplace)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 8), data=st.data(), directed=st.booleans())
def test_round_trip_property(n, data, directed):
    m = data.draw(st.integers(0, 15))
    src = data.draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    dst = data.draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    w = data.draw(st.lists(st.floats(-1e6, 1e6), min_size=m, max_size=m))
    team = data.draw(st.lists(st.sampled_from(["x", "y", None]), min_size=n, max_size=n))
    g = SocialGraph(pd.DataFrame({"team": team}, index=pd.Index(range(100, 100 + n))),
                    src, dst, directed=directed, edge_attrs={"w": w})
    assert from_igraph(g.igraph) == g
    back = from_networkx(g.to_networkx())
    assert edge_multiset(back) == edge_multiset(g)
    # a node attribute that is missing everywhere does not exist in networkx at all
    assert back.nodes.reindex(columns=["team"]).astype(object).equals(g.nodes.astype(object))


# ----------------------------------------------------------------------------- assortativity
def test_workplace_assortativity_matches_networkx_and_igraph(workplace):
    r = netmix.nominal_assortativity(workplace, "department")
    G = workplace.to_networkx()
    r_nx = nx.attribute_assortativity_coefficient(G, "department")
    h = workplace.igraph
    codes = pd.factorize(np.asarray(h.vs["department"]))[0].tolist()
    r_ig = h.assortativity_nominal(codes, directed=False)
    assert r == pytest.approx(r_nx, abs=1e-12) and r == pytest.approx(r_ig, abs=1e-12)
    assert 0.5 < r < 0.55  # strongly assortative by department (Génois et al. 2015)


def test_workplace_weighted_assortativity(workplace):
    """Weighted by contact duration, against a hand-built mixing matrix and networkx.

    python-igraph 1.0's ``assortativity_nominal(..., weights=)`` raises SystemError, so the
    second independent value is networkx's weighted modularity of the department partition:
    Newman's (2003) unnormalised assortativity tr(e) - sum a_i^2 is that modularity Q, so
    r = Q / (1 - sum a_i^2) with a_i the group's share of the total strength.
    """
    r = netmix.nominal_assortativity(workplace, "department", weight="duration")
    codes = pd.factorize(workplace.nodes["department"])[0]
    w = workplace.edge_attr("duration").astype(float)
    # by hand (Newman 2003, eq. 2): symmetric e with each edge's weight in both directions
    a, b = codes[workplace.src], codes[workplace.dst]
    e = np.zeros((5, 5))
    np.add.at(e, (a, b), w)
    np.add.at(e, (b, a), w)
    e /= e.sum()
    ab = e.sum(0) @ e.sum(1)
    r_hand = (np.trace(e) - ab) / (1 - ab)
    G = workplace.to_networkx()
    parts = [set(workplace.node_ids[codes == k]) for k in range(5)]
    q = nx.community.modularity(G, parts, weight="duration")
    strength = dict(G.degree(weight="duration"))
    total = sum(strength.values())
    share = np.array([sum(strength[v] for v in p) / total for p in parts])
    r_nx = q / (1 - share @ share)
    assert r == pytest.approx(r_hand, abs=1e-12) and r == pytest.approx(r_nx, abs=1e-12)
    assert r != pytest.approx(netmix.nominal_assortativity(workplace, "department"), abs=1e-3)


def test_tuple_node_keys():
    """networkx grids key nodes by tuples: they stay tuples (not a pandas MultiIndex)."""
    G = nx.grid_2d_graph(2, 3)
    g = from_networkx(G)
    assert g.n_nodes == 6 and g.node_ids[0] == (0, 0)
    H = g.to_networkx()
    assert set(H.nodes) == set(G.nodes)
    assert {frozenset(e) for e in H.edges} == {frozenset(e) for e in G.edges}
    assert from_igraph(g.igraph) == g


def test_karate_club_assortativity_matches_networkx():
    G = nx.karate_club_graph()
    r = netmix.nominal_assortativity(from_networkx(G), "club")
    assert r == pytest.approx(nx.attribute_assortativity_coefficient(G, "club"), abs=1e-12)
