"""SocialGraph: structure checks, immutability, subgraphs, degrees (against networkx)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmix
from netmix import InputError, InputTypeError, SocialGraph

NODES = pd.DataFrame({"dept": ["a", "a", "b", "b"]}, index=pd.Index([10, 11, 12, 13], name="id"))


def small(directed=False):
    # 10-11 (w 2), 11-12 (w 1), 12-12 loop (w 5), 10-11 again (w 3); 13 isolated
    return SocialGraph(NODES, [0, 1, 2, 0], [1, 2, 2, 1], directed=directed,
                       edge_attrs={"weight": [2.0, 1.0, 5.0, 3.0]},
                       provenance=[{"step": "test"}])


def test_views():
    g = small()
    assert (g.n_nodes, g.n_edges, g.directed) == (4, 4, False)
    assert g.node_ids.tolist() == [10, 11, 12, 13]
    assert g.node_attributes == ["dept"] and g.edge_attributes == ["weight"]
    assert g.edges.to_dict("list") == {"source": [10, 11, 12, 10], "target": [11, 12, 12, 11],
                                       "weight": [2.0, 1.0, 5.0, 3.0]}
    assert g.src.dtype == np.int32
    assert repr(g) == ("<SocialGraph: 4 nodes (1 without contacts), 4 undirected edges; "
                       "node attributes: dept; "
                       "edge attributes: weight>")
    assert "test" in g.summary() and "<li><b>test</b>" in g._repr_html_()


def test_immutable():
    g = small()
    for arr in (g.src, g.dst, g.edge_attr("weight")):
        assert not arr.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 3
    nodes = g.nodes
    nodes.loc[10, "dept"] = "zzz"
    assert g.nodes.loc[10, "dept"] == "a"  # .nodes is a copy
    src = np.array([0, 1])
    h = SocialGraph(NODES, src, [1, 2])
    src[0] = 3
    assert h.src.tolist() == [0, 1]  # the graph copied the input
    rec = g.provenance[0]
    rec["step"] = "changed"
    assert g.provenance[0]["step"] == "test"
    with pytest.raises(AttributeError):
        g.n_nodes = 3
    with pytest.raises(TypeError):
        hash(g)


def test_loops_and_multi_edges():
    g = small()
    assert g.has_loops() and g.has_multi_edges()
    h = SocialGraph(NODES, [0, 1], [1, 0], directed=True)
    assert not h.has_loops() and not h.has_multi_edges()  # 10->11 and 11->10 differ
    h = SocialGraph(NODES, [0, 1], [1, 0], directed=False)
    assert h.has_multi_edges()  # the same undirected pair twice
    assert not SocialGraph(NODES, [], []).has_multi_edges()


@pytest.mark.parametrize("directed", [False, True])
def test_degree_matches_networkx(directed):
    g = small(directed)
    G = (nx.MultiDiGraph if directed else nx.MultiGraph)()
    G.add_nodes_from(NODES.index)
    for s, t, w in zip(g.edges.source, g.edges.target, g.edges.weight, strict=True):
        G.add_edge(s, t, weight=w)
    modes = [("all", G.degree)]
    if directed:
        modes += [("out", G.out_degree), ("in", G.in_degree)]
    for mode, view in modes:
        assert g.degree(mode=mode).to_dict() == dict(view())
        assert g.degree(mode=mode, weight="weight").to_dict() == dict(view(weight="weight"))
    # by hand: undirected 12 has 11-12 and a loop (counted twice): degree 3, strength 11
    if not directed:
        assert g.degree().loc[12] == 3 and g.degree(weight="weight").loc[12] == 11


def test_subgraph():
    g = small()
    h = g.subgraph(g.nodes["dept"].eq("a").to_numpy())
    assert h.node_ids.tolist() == [10, 11]
    assert h.edges.to_dict("list") == {"source": [10, 10], "target": [11, 11],
                                       "weight": [2.0, 3.0]}
    assert h.provenance[-1] == {"step": "subgraph", "nodes_kept": 2, "edges_kept": 2}
    with pytest.raises(InputError, match=r"keep must be a boolean mask with one value per node "
                                         r"\(4\); got shape \(2,\)"):
        g.subgraph([True, False])


def test_with_nodes_and_provenance():
    g = small()
    h = g.with_nodes(g.nodes.assign(level=[1, 2, 3, 4]))
    assert h.node_attributes == ["dept", "level"] and g.node_attributes == ["dept"]
    with pytest.raises(InputError, match="indexed by the graph's node ids"):
        g.with_nodes(g.nodes.iloc[::-1])
    assert [p["step"] for p in g.with_provenance({"step": "x"}).provenance] == ["test", "x"]
    assert [p["step"] for p in g.with_provenance({"step": "x"}, first=True).provenance] == [
        "x", "test"]


def test_equality():
    assert small() == small()
    assert small() != small(directed=True)
    other = SocialGraph(NODES, [0, 1, 2, 0], [1, 2, 2, 1], edge_attrs={"weight": [2, 1, 5, 4]})
    assert small() != other
    # storage types do not matter, values do
    a = SocialGraph(NODES.astype({"dept": object}), [0], [1], edge_attrs={"w": [np.nan]})
    b = SocialGraph(NODES.astype({"dept": "str"}), [0], [1], edge_attrs={"w": [np.nan]})
    assert a == b
    assert (small() == 3) is False


@pytest.mark.parametrize("args, kwargs, pattern", [
    ((NODES, [0, 1], [1]), {}, r"src and dst must be 1-d arrays of equal length"),
    ((NODES, [0, 4], [1, 2]), {}, r"src must hold node positions 0\.\.3; got .* \[0, 4\]"),
    ((NODES, [0, 1], [1, -1]), {}, r"dst must hold node positions"),
    ((NODES, [0.0, 1.0], [1, 2]), {}, r"src must hold node positions .*float64"),
    ((NODES, [0], [1]), {"edge_attrs": {"w": [1, 2]}},
     r"edge attribute 'w' must have one value per edge \(1\); got shape \(2,\)"),
    ((pd.DataFrame(index=[1, 1]), [], []), {}, r"nodes must have unique ids; got duplicated "
                                               r"ids 1"),
])
def test_constructor_errors(args, kwargs, pattern):
    with pytest.raises(InputError, match=pattern):
        SocialGraph(*args, **kwargs)


def test_constructor_type_error_and_edge_attr_error():
    with pytest.raises(InputTypeError, match="nodes must be a pandas DataFrame"):
        SocialGraph({"a": 1}, [], [])
    with pytest.raises(InputError, match=r"got 'w', but the edge attributes are: 'weight'"):
        small().edge_attr("w")
    with pytest.raises(InputError, match="mode must be one of"):
        small().degree(mode="both")


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 12), data=st.data(), directed=st.booleans())
def test_degree_property_against_networkx(n, data, directed):
    m = data.draw(st.integers(0, 30))
    src = data.draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    dst = data.draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    w = data.draw(st.lists(st.integers(1, 9), min_size=m, max_size=m))
    g = SocialGraph(pd.DataFrame(index=range(n)), src, dst, directed=directed,
                    edge_attrs={"w": w})
    G = (nx.MultiDiGraph if directed else nx.MultiGraph)()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from(zip(src, dst, w, strict=True), weight="w")
    assert g.degree().to_dict() == dict(G.degree())
    assert g.degree(weight="w").to_dict() == dict(G.degree(weight="w"))
    assert g.has_loops() == (nx.number_of_selfloops(G) > 0)
    simple = (nx.DiGraph if directed else nx.Graph)(G)
    assert g.has_multi_edges() == (simple.number_of_edges() < G.number_of_edges())
    keep = np.arange(n) % 2 == 0
    h = g.subgraph(keep)
    assert h.n_edges == G.subgraph(np.flatnonzero(keep).tolist()).number_of_edges()


# ------------------------------------------------------------------ people without contacts
@pytest.mark.parametrize("directed", [False, True])
def test_isolates_are_counted_against_networkx(directed):
    # 13 has no edge (12 has a self-loop and a tie to 11). networkx's isolates count a
    # self-loop as a contact, netmix does not: compare after removing self-loops
    g = small(directed)
    nxg = g.to_networkx()
    nxg.remove_edges_from(list(nx.selfloop_edges(nxg)))
    assert sorted(g.isolates) == sorted(nx.isolates(nxg)) == [13]
    assert g.n_isolates == 1
    assert g.has_contacts.tolist() == [True, True, True, False]
    assert g.has_contacts.index.equals(g.node_ids)


def test_self_loop_only_is_no_contact():
    g = SocialGraph(NODES, [0, 2], [1, 2])
    assert g.isolates.tolist() == [12, 13] and g.n_isolates == 2
    assert g.degree()[12] == 2  # the degree still counts the loop


def test_isolates_in_repr_summary_and_html():
    g = small()
    assert "4 nodes (1 without contacts)" in repr(g)
    text = g.summary()
    assert "1 of 4 people have no contacts" in text and "13" in text
    assert "(1 without contacts)" in g._repr_html_()
    full = SocialGraph(NODES, [0, 2], [1, 3])
    assert "without contacts" not in repr(full) and "no contacts" not in full.summary()
    assert full.n_isolates == 0 and full.isolates.empty


def test_isolates_follow_subgraphs():
    g = small()
    sub = g.subgraph([True, False, True, True])  # drops 11: 10 and 12 lose their ties
    assert sub.isolates.tolist() == [10, 12, 13]


def test_degree_weights_use_the_one_weight_check():
    def graph(w):
        return SocialGraph(NODES, [0, 1, 2], [1, 2, 3], edge_attrs={"w": w})

    with pytest.raises(InputError, match=r"not true/false values; got True at edge 0 .*"
                       r"between nodes 10 and 11"):
        graph(np.array([True, False, True])).degree(weight="w")
    with pytest.raises(InputError, match=r"finite numbers; got a missing value at edge 1"):
        graph([1.0, np.nan, 2.0]).degree(weight="w")
    with pytest.raises(InputError, match=r"finite numbers; got inf at edge 2"):
        graph([1.0, 2.0, np.inf]).degree(weight="w")
    with pytest.raises(InputError, match=r"numbers \(weights\); got 'x' at edge 0"):
        graph(np.array(["x", "1", "2"], dtype=object)).degree(weight="w")
    with pytest.raises(InputTypeError, match="weight must be None or the name"):
        graph([1, 2, 3]).degree(weight=1)
    # integer weights near 2**62 are summed in float64: no wrap-around to negative numbers
    big = graph(np.full(3, 2**62, dtype=np.int64)).degree(weight="w")
    assert big.dtype == np.float64 and big.to_dict() == {10: 2.0**62, 11: 2.0**63,
                                                          12: 2.0**63, 13: 2.0**62}
    # numbers written as text count as numbers; negative weights give signed strengths
    assert graph(np.array(["1", "2.5", "-1"], dtype=object)).degree(weight="w").tolist() == [
        1.0, 3.5, 1.5, -1.0]


def test_with_provenance_shares_the_frozen_arrays_and_keeps_the_rest():
    e = pd.DataFrame({"source": [1, 2], "target": [2, 3], "w": [1.0, 2.0]})
    g = netmix.from_edges(e)
    h = g.with_provenance({"step": "x"}, first=True)
    assert h.src is g.src and h.dst is g.dst and not h.src.flags.writeable
    assert h.provenance[0] == {"step": "x"} and h.provenance[1:] == g.provenance
    pd.testing.assert_frame_equal(h.edges, g.edges)
    pd.testing.assert_frame_equal(h.nodes, g.nodes)
    assert h.directed == g.directed and h.n_nodes == g.n_nodes
