"""Mixing matrix: conventions (directions, loops, multi-edges), attributes, dyads.

Expected numbers come from networkx's ``attribute_mixing_matrix`` run live, from
edge-by-edge counts written out in the tests, or from hand counts shown in comments.
"""

from __future__ import annotations

import itertools
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netmix
from netmix.exceptions import InputError, NetmixWarning
from netmix.measures.mixing import MixingMatrix, mixing_matrix

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def random_graphs(draw, *, loops: bool = True, multi: bool = True, directed=None):
    """A small random (multi)graph with 3 groups, integer weights and optional loops."""
    n = draw(st.integers(2, 9))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                          max_size=25))
    if not loops:
        pairs = [(a, b) for a, b in pairs if a != b]
    d = draw(st.booleans()) if directed is None else directed
    if not multi:
        seen, keep = set(), []
        for a, b in pairs:
            key = (a, b) if d else (min(a, b), max(a, b))
            if key not in seen:
                seen.add(key)
                keep.append((a, b))
        pairs = keep
    groups = draw(st.lists(st.sampled_from(["x", "y", "z"]), min_size=n, max_size=n))
    w = draw(st.lists(st.integers(1, 9), min_size=len(pairs), max_size=len(pairs)))
    src = np.array([a for a, _ in pairs], dtype=np.int64)
    dst = np.array([b for _, b in pairs], dtype=np.int64)
    nodes = pd.DataFrame({"g": groups})
    return netmix.SocialGraph(nodes, src, dst, directed=d,
                              edge_attrs={"w": np.array(w, dtype=float)})


def to_networkx_multi(g: netmix.SocialGraph) -> nx.MultiGraph:
    G = nx.MultiDiGraph() if g.directed else nx.MultiGraph()
    G.add_nodes_from((i, {"g": v}) for i, v in enumerate(g.nodes["g"]))
    G.add_edges_from((int(a), int(b)) for a, b in zip(g.src, g.dst, strict=True))
    return G


def edge_by_edge(g: netmix.SocialGraph, weight=None, loops="count") -> pd.DataFrame:
    """The mixing matrix counted with a plain Python loop over the edges (the definition)."""
    labels = sorted(g.nodes["g"].unique())
    out = pd.DataFrame(0.0, index=labels, columns=labels)
    grp = g.nodes["g"].to_numpy()
    w = np.ones(g.n_edges) if weight is None else g.edge_attr(weight)
    for a, b, wt in zip(g.src, g.dst, w, strict=True):
        if a == b and loops == "drop":
            continue
        out.loc[grp[a], grp[b]] += wt
        if not g.directed and not (a == b and loops == "once"):
            out.loc[grp[b], grp[a]] += wt
    return out


# ------------------------------------------------------------------ conventions
@SETTINGS
@given(random_graphs())
def test_matches_networkx_attribute_mixing_matrix(g):
    # networkx counts an undirected self-loop once: loops="once".
    m = mixing_matrix(g, "g", loops="once")
    G = to_networkx_multi(g)
    labels = list(m.row_labels)
    expected = nx.attribute_mixing_matrix(G, "g", mapping={v: i for i, v in enumerate(labels)},
                                          normalized=False)
    np.testing.assert_array_equal(m.counts, expected)


@SETTINGS
@given(random_graphs(), st.sampled_from(["count", "once", "drop"]),
       st.sampled_from([None, "w"]))
def test_matches_edge_by_edge_count(g, loops, weight):
    m = mixing_matrix(g, "g", weight, loops=loops)
    expected = edge_by_edge(g, weight, loops).reindex(index=m.row_labels, columns=m.col_labels)
    np.testing.assert_allclose(m.counts, expected.to_numpy())
    if weight is None:
        assert m.counts.dtype == np.int64


@SETTINGS
@given(random_graphs(directed=False))
def test_undirected_matrix_is_symmetric_and_sums_to_twice_the_edges(g):
    m = mixing_matrix(g, "g")
    np.testing.assert_array_equal(m.counts, m.counts.T)
    assert m.total == 2 * g.n_edges  # loops="count": a loop adds 2, like any edge


@SETTINGS
@given(random_graphs(directed=True))
def test_directed_counts_arcs_once_and_symmetrises_on_request(g):
    m = mixing_matrix(g, "g")
    assert m.total == g.n_edges and m.directed
    u = mixing_matrix(g, "g", directed=False)
    np.testing.assert_array_equal(u.counts, m.counts + m.counts.T)
    assert not u.directed


def test_loop_policies_hand_count():
    # nodes 0, 1 in "a"; node 2 in "b"; edges: 0-1, loop at 0, 1-2.
    nodes = pd.DataFrame({"g": ["a", "a", "b"]})
    und = netmix.SocialGraph(nodes, [0, 0, 1], [1, 0, 2])
    # both directions of 0-1 (2) + the loop: 2 ("count", as igraph), 1 ("once", networkx), 0
    for loops, aa in (("count", 4), ("once", 3), ("drop", 2)):
        m = mixing_matrix(und, "g", loops=loops)
        assert m.counts.tolist() == [[aa, 1], [1, 0]], loops
        assert m.loops == loops
    assert mixing_matrix(und, "g").loop_counts.tolist() == [[2, 0], [0, 0]]
    assert mixing_matrix(und, "g", loops="once").loop_counts.tolist() == [[1, 0], [0, 0]]
    assert mixing_matrix(und, "g", loops="drop").loop_counts is None
    di = netmix.SocialGraph(nodes, [0, 0, 1], [1, 0, 2], directed=True)
    for loops, aa in (("count", 2), ("once", 2), ("drop", 1)):  # an arc loop counts once
        assert mixing_matrix(di, "g", loops=loops).counts.tolist() == [[aa, 1], [0, 0]]
    with pytest.raises(InputError, match="loops must be one of"):
        mixing_matrix(und, "g", loops="twice")


def test_multi_edges_count_separately_and_duplicates_sum_merges_them():
    edges = pd.DataFrame({"source": [1, 1, 2], "target": [2, 2, 3], "w": [1.0, 2.0, 5.0]})
    nodes = pd.DataFrame({"g": ["a", "a", "b"]}, index=[1, 2, 3])
    kept = netmix.from_edges(edges, nodes, duplicates="keep")
    summed = netmix.from_edges(edges, nodes, duplicates="sum")
    assert mixing_matrix(kept, "g").counts.tolist() == [[4, 1], [1, 0]]  # 1-2 twice, both ways
    assert mixing_matrix(summed, "g").counts.tolist() == [[2, 1], [1, 0]]
    # weights of parallel edges add up either way
    np.testing.assert_array_equal(mixing_matrix(kept, "g", "w").counts,
                                  mixing_matrix(summed, "g", "w").counts)


def test_negative_weight_is_an_input_error():
    nodes = pd.DataFrame({"g": ["a", "b"]})
    g = netmix.SocialGraph(nodes, [0], [1], edge_attrs={"w": [-1.0]})
    with pytest.raises(InputError, match=r"weight: edge attribute 'w' must be >= 0"):
        mixing_matrix(g, "g", "w")


# ------------------------------------------------------------------ attributes, missing
def test_gender_by_class_on_the_highschool_network(highschool):
    # Rows by gender, columns by class, counted independently with pandas from the edge table;
    # missing="drop" removes the students without a gender together with all their edges.
    m = mixing_matrix(highschool, "gender", col_groups="class", missing="drop")
    nodes, edges = highschool.nodes, highschool.edges
    gender, klass = nodes["gender"], nodes["class"]
    missing = gender.isna()
    touching = edges.source.map(missing) | edges.target.map(missing)
    kept = edges[~touching]
    both = pd.concat([
        pd.DataFrame({"r": gender.reindex(kept.source).to_numpy(),
                      "c": klass.reindex(kept.target).to_numpy()}),
        pd.DataFrame({"r": gender.reindex(kept.target).to_numpy(),
                      "c": klass.reindex(kept.source).to_numpy()})])
    expected = pd.crosstab(both.r, both.c).reindex(index=m.row_labels, columns=m.col_labels)
    np.testing.assert_array_equal(m.counts, expected.to_numpy())
    assert m.shape == (2, 9) and (m.row_attr, m.col_attr) == ("gender", "class")
    # 7 students have no recorded gender (metadata file); their edges are dropped and counted
    assert m.n_nodes_dropped == int(missing.sum()) == 7
    assert m.n_edges_dropped == int(touching.sum()) > 0
    assert m.total == 2 * (highschool.n_edges - m.n_edges_dropped)
    assert list(m.row_sizes) == gender.value_counts().reindex(m.row_labels).tolist()


def test_missing_raise_and_drop_counts():
    nodes = pd.DataFrame({"g": ["a", None, "b", "b"]})
    g = netmix.SocialGraph(nodes, [0, 1, 2, 0], [1, 2, 3, 3])
    with pytest.raises(InputError, match="missing='drop'"):
        mixing_matrix(g, "g")
    m = mixing_matrix(g, "g", missing="drop")
    assert (m.n_nodes_dropped, m.n_edges_dropped) == (1, 2)  # node 1 and edges 0-1, 1-2
    assert m.counts.tolist() == [[0, 1], [1, 2]]


# ------------------------------------------------------------------ dyads
def test_dyads_hand_count_undirected():
    # a = {0, 1, 2}, b = {3, 4}; edges 0-1 (a-a), 0-3 and 1-4 (a-b), 3-4 (b-b).
    nodes = pd.DataFrame({"g": ["a", "a", "a", "b", "b"]})
    g = netmix.SocialGraph(nodes, [0, 0, 1, 3], [1, 3, 4, 4])
    d = mixing_matrix(g, "g").dyads()
    # possible: a-a 3*2/2 = 3; a-b 3*2 = 6; b-b 2*1/2 = 1 (one row per unordered pair)
    assert d.index.tolist() == [("a", "a"), ("a", "b"), ("b", "b")]
    assert d["ties"].tolist() == [1, 2, 1]
    assert d["possible"].tolist() == [3, 6, 1]
    assert d["non_ties"].tolist() == [2, 4, 0]
    assert d["within"].tolist() == [True, False, True]
    np.testing.assert_allclose(d["density"], [1 / 3, 1 / 3, 1])


def test_dyads_hand_count_directed_with_loop_left_out():
    # arcs 0->1, 1->0, 0->2, 2->2 (a loop: not a dyad)
    nodes = pd.DataFrame({"g": ["a", "a", "b"]})
    g = netmix.SocialGraph(nodes, [0, 1, 0, 2], [1, 0, 2, 2], directed=True)
    d = mixing_matrix(g, "g").dyads()
    assert d.index.tolist() == [("a", "a"), ("a", "b"), ("b", "a"), ("b", "b")]
    assert d["ties"].tolist() == [2, 1, 0, 0]  # the loop 2->2 is not counted
    assert d["possible"].tolist() == [2, 2, 2, 0]  # 2*1, 2*1, 1*2, 1*0 ordered pairs
    assert np.isnan(d["density"].iloc[3])


@SETTINGS
@given(random_graphs(multi=False))
def test_dyads_match_enumeration_of_node_pairs(g):
    m = mixing_matrix(g, "g")
    d = m.dyads()
    grp = g.nodes["g"].to_numpy()
    n = g.n_nodes
    ties = {(int(a), int(b)) for a, b in zip(g.src, g.dst, strict=True) if a != b}
    if not g.directed:
        ties |= {(b, a) for a, b in ties}
    pairs = itertools.permutations(range(n), 2) if g.directed else \
        itertools.combinations(range(n), 2)
    counts: dict = {}
    for i, j in pairs:
        key = (grp[i], grp[j]) if g.directed else tuple(sorted((grp[i], grp[j])))
        t, p = counts.get(key, (0, 0))
        counts[key] = (t + ((i, j) in ties), p + 1)
    for key, (t, p) in counts.items():
        assert d.loc[key, "ties"] == t and d.loc[key, "possible"] == p
    assert d["possible"].sum() == (n * (n - 1) if g.directed else n * (n - 1) // 2)
    # possible_dyads is the same count in the matrix's (ordered) convention
    density = (m.counts - (0 if m.loop_counts is None else m.loop_counts))
    with np.errstate(invalid="ignore", divide="ignore"):
        dens = density / m.possible_dyads()
    for (r, c), row in d.iterrows():
        i, j = m.row_labels.get_loc(r), m.col_labels.get_loc(c)
        np.testing.assert_allclose(dens[i, j], row["density"])


def test_dyads_need_counts_sizes_and_one_attribute(highschool):
    with pytest.raises(InputError, match="weight=None"):
        mixing_matrix(highschool, "class", "duration").dyads()
    with pytest.raises(InputError, match="same groups on rows and columns"):
        mixing_matrix(highschool, "class", col_groups="gender", missing="drop").dyads()
    with pytest.raises(InputError, match="row_sizes"):
        MixingMatrix.from_array([[1, 2], [2, 0]]).dyads()
    ok = MixingMatrix.from_array([[2, 3], [3, 0]], directed=False, row_sizes=[3, 2])
    assert ok.dyads()["ties"].tolist() == [1, 3, 0]


def test_dyads_warn_on_multi_edges():
    nodes = pd.DataFrame({"g": ["a", "a"]})
    g = netmix.SocialGraph(nodes, [0, 0], [1, 1])
    with pytest.warns(NetmixWarning, match="multi-edges"):
        d = mixing_matrix(g, "g").dyads()
    assert d["ties"].tolist() == [2] and d["possible"].tolist() == [1]


@pytest.mark.parametrize("loops", ["count", "once", "drop"])
def test_as_undirected_equals_directed_false(loops):
    # each arc an undirected tie (igraph's directed=FALSE): the matrix mixing_matrix gives
    # with directed=False, loops by the same policy (hand count: a->b, a loop at a, b->a)
    nodes = pd.DataFrame({"g": ["a", "b"]})
    g = netmix.SocialGraph(nodes, [0, 0, 1], [1, 0, 0], directed=True)
    m = mixing_matrix(g, "g", loops=loops).as_undirected()
    u = mixing_matrix(g, "g", directed=False, loops=loops)
    loop = {"count": 2, "once": 1, "drop": 0}[loops]
    np.testing.assert_array_equal(m.counts, [[loop, 2], [2, 0]])
    np.testing.assert_array_equal(u.counts, m.counts)
    assert not m.directed and m.loops == loops
    if loops == "drop":
        assert m.loop_counts is None and u.loop_counts is None
    else:
        np.testing.assert_array_equal(m.loop_counts, [[loop, 0], [0, 0]])
        np.testing.assert_array_equal(u.loop_counts, m.loop_counts)


def test_no_numpy_warning_on_empty_graph():
    nodes = pd.DataFrame({"g": ["a", "b"]})
    g = netmix.SocialGraph(nodes, [], [])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = mixing_matrix(g, "g")
        d = m.dyads()
    assert m.total == 0 and d["ties"].sum() == 0


def test_dyads_of_an_undirected_view_of_arcs():
    nodes = pd.DataFrame({"g": ["a", "b"]})
    g = netmix.SocialGraph(nodes, [0], [1], directed=True)
    assert mixing_matrix(g, "g").as_undirected().dyads()["ties"].tolist() == [0, 1, 0]
    # directed=False counts the arc as one undirected a-b edge
    assert mixing_matrix(g, "g", directed=False).dyads()["ties"].tolist() == [0, 1, 0]
