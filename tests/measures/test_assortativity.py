"""Assortativity (nominal, numeric, degree), group modularity and the jackknife.

Every expected number says where it comes from: Newman (2003) Table I, a hand computation
in the test, or networkx / igraph run live on the same graph. networkx counts an
undirected self-loop once (``loops="once"``), igraph twice (``loops="count"``, netmix's
default). python-igraph 1.0's ``assortativity_nominal`` rejects its ``weights`` and
``normalized`` arguments (SystemError), so the weighted nominal coefficient is checked
through igraph's weighted ``modularity`` instead.
"""

from __future__ import annotations

import warnings

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy import stats

import netmix
from netmix.exceptions import DegenerateMixingWarning, InputError
from netmix.measures.assortativity import (
    AssortativityResult,
    assortativity_from_matrix,
    degree_assortativity,
    degree_assortativity_test,
    group_modularity,
    nominal_assortativity,
    nominal_assortativity_test,
    numeric_assortativity,
    numeric_assortativity_test,
)
from netmix.measures.mixing import MixingMatrix, mixing_matrix

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


# ============================================================================ helpers
@st.composite
def random_graphs(draw, *, directed=None, loops=None, max_nodes=9, max_edges=24):
    """A small random multigraph: 3 groups (codes 0-2), integer values, integer weights."""
    n = draw(st.integers(3, max_nodes))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                          min_size=3, max_size=max_edges))
    with_loops = draw(st.booleans()) if loops is None else loops
    if not with_loops:
        pairs = [(a, b) for a, b in pairs if a != b]
    d = draw(st.booleans()) if directed is None else directed
    groups = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    values = draw(st.lists(st.integers(-20, 20), min_size=n, max_size=n))
    w = draw(st.lists(st.integers(1, 9), min_size=len(pairs), max_size=len(pairs)))
    nodes = pd.DataFrame({"g": groups, "v": np.array(values, dtype=float) / 4})
    return netmix.SocialGraph(nodes, [a for a, _ in pairs], [b for _, b in pairs],
                              directed=d, edge_attrs={"w": np.array(w, dtype=float)})


def quiet(fn, *args, **kw):
    """Call ``fn`` silencing warnings (nan for degenerate input, in every library)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return float(fn(*args, **kw))
        except ZeroDivisionError:
            return float("nan")


def to_nx(g: netmix.SocialGraph):
    G = nx.MultiDiGraph() if g.directed else nx.MultiGraph()
    nodes = g.nodes
    G.add_nodes_from((i, {"g": int(a), "v": float(b)})
                     for i, (a, b) in enumerate(zip(nodes.g, nodes.v, strict=True)))
    G.add_edges_from((int(a), int(b), {"w": float(c)})
                     for a, b, c in zip(g.src, g.dst, g.edge_attr("w"), strict=True))
    return G


def to_ig(g: netmix.SocialGraph) -> ig.Graph:
    h = ig.Graph(n=g.n_nodes, edges=list(zip(g.src.tolist(), g.dst.tolist(), strict=True)),
                 directed=g.directed)
    h.es["w"] = g.edge_attr("w").tolist()
    return h


def close(a: float, b: float) -> bool:
    return bool(np.isclose(a, b, rtol=1e-9, atol=1e-9))


# ============================================================================ literature
def test_newman_2003_table_1():
    m = netmix.datasets.load_race_mixing()
    # Newman (2003), Table I and p. 3: r = 0.621 for the race of sexual partners.
    r = nominal_assortativity(m)
    assert round(r, 3) == 0.621
    # Eq. 2 by hand on the counts (rows men, columns women, as Table I; 1958 couples):
    c = np.array([[506, 32, 69, 26], [23, 308, 114, 38], [26, 46, 599, 68], [10, 14, 47, 32]])
    e = c / 1958
    a, b = e.sum(axis=1), e.sum(axis=0)
    assert r == pytest.approx((np.trace(e) - a @ b) / (1 - a @ b), abs=1e-12)
    assert r == pytest.approx(0.621446, abs=5e-7)
    # Undirected (each couple a tie of both ends; R netseg's e_s = (e + e^T) / 2 is
    # proportional): e_s has the same trace; a_s = b_s = (a + b) / 2.
    s = (a + b) / 2
    r_sym = (np.trace(e) - s @ s) / (1 - s @ s)
    assert nominal_assortativity(m, directed=False) == pytest.approx(r_sym, abs=1e-12)
    assert r_sym == pytest.approx(0.620612, abs=5e-7)


def test_newman_table_1_jackknife_equals_leaving_each_couple_out():
    m = netmix.datasets.load_race_mixing()
    res = nominal_assortativity_test(m)
    c = m.counts.astype(float)
    # brute force: remove one couple from each cell; a cell of c_gh couples counts c_gh times
    var = 0.0
    for g in range(4):
        for h in range(4):
            c2 = c.copy()
            c2[g, h] -= 1
            var += c[g, h] * (assortativity_from_matrix(c2) - res.statistic) ** 2
    assert res.standard_error == pytest.approx(np.sqrt(var), rel=1e-10)
    assert res.n_edges == 1958 and res.directed


def test_zachary_karate_club():
    G = nx.karate_club_graph()
    g = netmix.from_networkx(G)
    # networkx live; -0.475613 and 0.717531 are the values quoted for Zachary's club
    # (78 edges, "club" = the faction each member joined after the split).
    r_deg, r_club = degree_assortativity(g), nominal_assortativity(g, "club")
    assert r_deg == pytest.approx(nx.degree_assortativity_coefficient(G), abs=1e-12)
    assert r_club == pytest.approx(nx.attribute_assortativity_coefficient(G, "club"),
                                   abs=1e-12)
    assert round(r_deg, 6) == -0.475613
    assert round(r_club, 6) == 0.717531
    assert r_deg == pytest.approx(g.igraph.assortativity_degree(directed=False), abs=1e-12)
    # networkx's weighted convention: strengths as values, each edge counted once
    assert degree_assortativity(g, weight="weight") == pytest.approx(
        nx.degree_assortativity_coefficient(G, weight="weight"), abs=1e-12)


# ============================================================================ nominal
@SETTINGS
@given(random_graphs())
def test_nominal_matches_networkx_and_igraph(g):
    r = quiet(nominal_assortativity, g, "g")
    assume(np.isfinite(r))
    h = to_ig(g)
    assert close(r, h.assortativity_nominal(g.nodes.g.tolist(), directed=g.directed))
    r_once = quiet(nominal_assortativity, g, "g", loops="once")
    assert close(r_once, quiet(nx.attribute_assortativity_coefficient, to_nx(g), "g"))
    if g.directed:
        assert close(quiet(nominal_assortativity, g, "g", directed=False),
                     quiet(h.assortativity_nominal, g.nodes.g.tolist(), directed=False))


@SETTINGS
@given(random_graphs(), st.sampled_from([None, "w"]), st.floats(0.5, 2.0))
def test_modularity_matches_igraph_and_is_unnormalised_assortativity(g, weight, gamma):
    h = to_ig(g)
    membership = g.nodes.g.tolist()
    q = quiet(group_modularity, g, "g", weight, resolution=gamma)
    assume(np.isfinite(q))
    assert close(q, h.modularity(membership, weights=weight, resolution=gamma,
                                 directed=g.directed))
    # Tr e - sum a b (unnormalised eq. 2) is the modularity at resolution 1 ...
    e = mixing_matrix(g, "g", weight).normalized()
    q1 = h.modularity(membership, weights=weight, directed=g.directed)
    assert close(np.trace(e) - e.sum(axis=1) @ e.sum(axis=0), q1)
    # ... so r = Q / (1 - sum a b), which checks the weighted coefficient against igraph.
    ab = np.trace(e) - q1
    r = quiet(nominal_assortativity, g, "g", weight)
    if np.isfinite(r):
        assert close(r, q1 / (1 - ab))


@SETTINGS
@given(random_graphs(), st.permutations(["lo", "mid", "hi"]), st.sampled_from([None, "w"]))
def test_relabelling_groups_changes_nothing(g, names, weight):
    relabelled = g.nodes.g.map(dict(enumerate(names)))
    r = quiet(nominal_assortativity, g, "g", weight)
    assume(np.isfinite(r))
    assert close(r, nominal_assortativity(g, relabelled.to_numpy(), weight))
    assert close(group_modularity(g, "g", weight), group_modularity(g, relabelled, weight))
    a = quiet(lambda *x: nominal_assortativity_test(*x).standard_error, g, "g", weight)
    b = quiet(lambda *x: nominal_assortativity_test(*x).standard_error, g, relabelled, weight)
    assert close(a, b) or (np.isnan(a) and np.isnan(b))


def test_group_without_ties_is_allowed():
    # group "c" (node 4) has no edge: it contributes nothing (igraph agrees).
    nodes = pd.DataFrame({"g": ["a", "a", "b", "b", "c"]})
    g = netmix.SocialGraph(nodes, [0, 2, 0], [1, 3, 2])
    r = nominal_assortativity(g, "g")
    h = ig.Graph(n=5, edges=[(0, 1), (2, 3), (0, 2)])
    assert r == pytest.approx(h.assortativity_nominal([0, 0, 1, 1, 2], directed=False))
    assert np.isfinite(r)


# ============================================================================ numeric
@SETTINGS
@given(random_graphs(), st.sampled_from([None, "w"]))
def test_numeric_matches_networkx_and_igraph(g, weight):
    r = quiet(numeric_assortativity, g, "v", weight)
    assume(np.isfinite(r))
    h = to_ig(g)
    v = g.nodes.v.tolist()
    assert close(r, h.assortativity(v, directed=g.directed, weights=weight))
    if weight is None:
        r_once = quiet(numeric_assortativity, g, "v", loops="once")
        assert close(r_once, quiet(nx.numeric_assortativity_coefficient, to_nx(g), "v"))
    if g.directed:  # separate target values: igraph's types2
        t = (g.nodes.g * 3.0).tolist()
        r2 = quiet(numeric_assortativity, g, "v", weight, target_values=np.array(t))
        if np.isfinite(r2):
            assert close(r2, h.assortativity(v, t, directed=True, weights=weight))


def test_numeric_is_shift_invariant_with_large_offsets():
    # Values like Unix timestamps: a huge offset must not cancel the variance away.
    rng = np.random.default_rng(3)
    n, m = 200, 800
    src, dst = rng.integers(0, n, m), rng.integers(0, n, m)
    x = rng.normal(size=n)
    nodes = pd.DataFrame({"x": x, "t": 1.7e9 + x})
    g = netmix.SocialGraph(nodes, src, dst)
    assert numeric_assortativity(g, "t") == pytest.approx(numeric_assortativity(g, "x"),
                                                          abs=1e-6)


def test_numeric_missing_values():
    nodes = pd.DataFrame({"v": [1.0, np.nan, 3.0, 4.0, 2.0]})
    g = netmix.SocialGraph(nodes, [0, 1, 2, 3, 0], [1, 2, 3, 4, 4])
    with pytest.raises(InputError, match="missing='drop'"):
        numeric_assortativity(g, "v")
    # drop == the same graph without node 1 and its edges
    sub = g.subgraph(np.array([True, False, True, True, True]))
    assert numeric_assortativity(g, "v", missing="drop") == pytest.approx(
        numeric_assortativity(sub, "v"), abs=1e-12)


def test_numeric_input_errors():
    nodes = pd.DataFrame({"v": ["a", "b", "c"]})
    g = netmix.SocialGraph(nodes, [0, 1], [1, 2])
    with pytest.raises(InputError, match="nominal_assortativity"):
        numeric_assortativity(g, "v")
    with pytest.raises(InputError, match="finite"):
        numeric_assortativity(g, [1.0, np.inf, 2.0])
    with pytest.raises(InputError, match="directed=True needs a directed graph"):
        numeric_assortativity(g, [1.0, 2.0, 3.0], directed=True)


# ============================================================================ degree
@SETTINGS
@given(random_graphs(), st.sampled_from([None, "w"]))
def test_degree_matches_networkx(g, weight):
    G = to_nx(g)
    combos = [("out", "in"), ("in", "out"), ("out", "out"), ("in", "in")] if g.directed \
        else [("out", "in")]
    for x, y in combos:
        r = quiet(degree_assortativity, g, weight=weight, x=x, y=y, loops="once")
        if np.isfinite(r):
            expected = quiet(nx.degree_assortativity_coefficient, G, x=x, y=y, weight=weight)
            assert close(r, expected), (x, y)


@SETTINGS
@given(random_graphs())
def test_degree_matches_igraph(g):
    h = to_ig(g)
    r = quiet(degree_assortativity, g)
    assume(np.isfinite(r))
    assert close(r, h.assortativity_degree(directed=g.directed))
    if g.directed:
        r_und = quiet(degree_assortativity, g, directed=False)
        if np.isfinite(r_und):
            assert close(r_und, h.assortativity_degree(directed=False))


@SETTINGS
@given(random_graphs(loops=True))
def test_degree_drop_loops_is_the_loop_free_graph(g):
    keep = g.src != g.dst
    loop_free = netmix.SocialGraph(g.nodes, g.src[keep], g.dst[keep], directed=g.directed)
    a, b = quiet(degree_assortativity, g, loops="drop"), quiet(degree_assortativity, loop_free)
    assert close(a, b) or (np.isnan(a) and np.isnan(b))


# ============================================================================ jackknife
def _without(g: netmix.SocialGraph, i: int) -> netmix.SocialGraph:
    keep = np.arange(g.n_edges) != i
    return netmix.SocialGraph(g.nodes, g.src[keep], g.dst[keep], directed=g.directed,
                              edge_attrs={"w": g.edge_attr("w")[keep]})


def _brute_se(r: float, values: list[float]) -> float:
    return float(np.sqrt(np.sum((np.asarray(values) - r) ** 2)))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(random_graphs(max_edges=14), st.sampled_from([None, "w"]))
def test_jackknife_equals_leave_one_edge_out_with_igraph(g, weight):
    # igraph (loops counted twice, like loops="count") recomputes every r_i from scratch.
    res_nom = quiet(lambda: nominal_assortativity_test(g, "g", weight).standard_error)
    res_num = quiet(lambda: numeric_assortativity_test(g, "v", weight).standard_error)
    res_deg = quiet(lambda: degree_assortativity_test(g).standard_error)
    assume(np.isfinite(res_nom) or np.isfinite(res_num) or np.isfinite(res_deg))
    h = to_ig(g)
    membership, v, w = g.nodes.g.tolist(), g.nodes.v.tolist(), g.edge_attr("w")
    deg_out = np.asarray(h.degree(mode="out" if g.directed else "all"), dtype=float)
    deg_in = np.asarray(h.degree(mode="in" if g.directed else "all"), dtype=float)
    q0 = h.modularity(membership, weights=None if weight is None else w.tolist())
    nom, num, deg = [], [], []
    for i in range(g.n_edges):
        hi = h.copy()
        hi.delete_edges([i])
        wi = None if weight is None else np.delete(w, i).tolist()
        q = quiet(hi.modularity, membership, weights=wi)
        e = mixing_matrix(_without(g, i), "g", weight).normalized() if hi.ecount() else None
        ab = np.nan if e is None else np.trace(e) - q
        nom.append(q / (1 - ab) if e is not None and ab < 1 else np.nan)
        num.append(quiet(hi.assortativity, v, directed=g.directed, weights=wi))
        # degrees held fixed: the pair of degrees of every other edge is unchanged
        deg.append(quiet(hi.assortativity, deg_out.tolist(), deg_in.tolist(),
                         directed=g.directed))
    del q0
    if np.isfinite(res_nom):
        assert close(res_nom, _brute_se(nominal_assortativity(g, "g", weight), nom))
    if np.isfinite(res_num):
        assert close(res_num, _brute_se(numeric_assortativity(g, "v", weight), num))
    if np.isfinite(res_deg):
        assert close(res_deg, _brute_se(degree_assortativity(g), deg))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(random_graphs(max_edges=14), st.sampled_from(["once", "drop"]),
       st.sampled_from([None, "w"]), st.booleans())
def test_jackknife_equals_leave_one_edge_out_other_loop_policies(g, loops, weight, sym):
    res = quiet(lambda: nominal_assortativity_test(g, "g", weight, loops=loops,
                                                   directed=False if sym else None).standard_error)
    res_num = quiet(lambda: numeric_assortativity_test(g, "v", weight, loops=loops).standard_error)
    assume(np.isfinite(res) or np.isfinite(res_num))
    edges = [i for i in range(g.n_edges) if not (loops == "drop" and g.src[i] == g.dst[i])]
    nom = [quiet(nominal_assortativity, _without(g, i), "g", weight, loops=loops,
                 directed=False if sym else None) for i in edges]
    num = [quiet(numeric_assortativity, _without(g, i), "v", weight, loops=loops)
           for i in edges]
    if np.isfinite(res):
        r = nominal_assortativity(g, "g", weight, loops=loops, directed=False if sym else None)
        assert close(res, _brute_se(r, nom))
    if np.isfinite(res_num):
        assert close(res_num, _brute_se(numeric_assortativity(g, "v", weight, loops=loops),
                                        num))


def test_jackknife_of_an_undirected_table_counts_edges_once():
    # undirected table [[4, 2], [2, 2]]: 2 edges in a, 2 between, 1 in b (5 edges)
    m = MixingMatrix.from_array([[4, 2], [2, 2]], directed=False)
    cells = {(0, 0): 2, (0, 1): 2, (1, 1): 1}
    r = assortativity_from_matrix(m)
    var = 0.0
    for (i, j), k in cells.items():
        c = m.counts.astype(float)
        c[i, j] -= 1
        c[j, i] -= 1  # both directions; inside a group both are on the diagonal (-2)
        var += k * (assortativity_from_matrix(c) - r) ** 2
    res = nominal_assortativity_test(m)
    assert res.standard_error == pytest.approx(np.sqrt(var), rel=1e-12)
    assert res.n_edges == 5


# ============================================================================ results
def test_result_object_and_wald_test():
    g = netmix.from_networkx(nx.karate_club_graph())
    res = nominal_assortativity_test(g, "club")
    assert isinstance(res, AssortativityResult)
    r, p = res
    assert r == res.statistic == pytest.approx(nominal_assortativity(g, "club"))
    z = res.statistic / res.standard_error
    assert p == pytest.approx(2 * stats.norm.sf(abs(z)))
    q = stats.norm.ppf(0.975)
    se = res.standard_error
    assert res.confidence_interval == pytest.approx((r - q * se, r + q * se))
    assert res.to_frame().shape[0] == 1
    assert "standard_error" in res.summary() and res.kind == "nominal" and res.attribute == "club"
    greater = nominal_assortativity_test(g, "club", alternative="greater",
                                         confidence_level=0.9)
    assert greater.pvalue == pytest.approx(stats.norm.sf(z))
    assert greater.confidence_interval.high == 1.0
    assert greater.confidence_interval.low == pytest.approx(
        r - stats.norm.ppf(0.9) * res.standard_error)
    with pytest.raises(InputError, match="alternative"):
        nominal_assortativity_test(g, "club", alternative="bigger")
    with pytest.raises(InputError, match="confidence_level"):
        nominal_assortativity_test(g, "club", confidence_level=95)
    deg = degree_assortativity_test(g)
    assert deg.kind == "degree" and deg.n_edges == 78
    assert deg.confidence_interval.low < deg.statistic


def test_weighted_matrix_has_no_table_jackknife(highschool):
    m = mixing_matrix(highschool, "class", "duration")
    with pytest.raises(InputError, match="Pass the graph"):
        nominal_assortativity_test(m)
    res = nominal_assortativity_test(highschool, "class", "duration")
    assert np.isfinite(res.standard_error) and res.weight == "duration"


# ============================================================================ degenerate
def _expect_nan(fn, *args, match: str, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # never a bare numpy warning
        with pytest.warns(DegenerateMixingWarning, match=match):
            value = fn(*args, **kw)
    value = value.statistic if isinstance(value, AssortativityResult) else value
    assert np.isnan(value)


def test_degenerate_inputs_give_nan_with_a_reason():
    nodes = pd.DataFrame({"g": ["a", "a", "a", "a"], "v": [1.0, 1.0, 1.0, 1.0],
                          "h": ["a", "b", "a", "b"]})
    ring = netmix.SocialGraph(nodes, [0, 1, 2, 3], [1, 2, 3, 0])  # 2-regular
    empty = netmix.SocialGraph(nodes, [], [])
    _expect_nan(nominal_assortativity, ring, "g", match="single group")
    _expect_nan(nominal_assortativity, empty, "h", match="no edges")
    _expect_nan(group_modularity, empty, "h", match="no edges")
    _expect_nan(numeric_assortativity, ring, "v", match="constant")
    _expect_nan(numeric_assortativity, empty, "v", match="no edges")
    _expect_nan(degree_assortativity, ring, match="constant")
    _expect_nan(degree_assortativity, empty, match="no edges")
    _expect_nan(degree_assortativity, ring, weight=None, loops="once", match="constant")
    _expect_nan(numeric_assortativity_test, ring, "v", match="constant")
    _expect_nan(nominal_assortativity_test, ring, "g", match="single group")
    # constant values with a huge offset are still constant
    _expect_nan(numeric_assortativity, ring, np.full(4, 0.1 + 1e9), match="constant")


def test_jackknife_undefined_when_one_edge_carries_all_variation():
    # one a-b edge among a-a edges: without it every edge is inside group a
    nodes = pd.DataFrame({"g": ["a", "a", "a", "b"]})
    g = netmix.SocialGraph(nodes, [0, 1, 2], [1, 2, 3])
    with pytest.warns(DegenerateMixingWarning, match="jackknife standard error is undefined"):
        res = nominal_assortativity_test(g, "g")
    assert np.isfinite(res.statistic) and np.isnan(res.standard_error) and np.isnan(res.pvalue)


def test_argument_errors():
    g = netmix.from_networkx(nx.karate_club_graph())
    m = mixing_matrix(g, "club")
    with pytest.raises(InputError, match="groups and weight must be None"):
        nominal_assortativity(m, "club")
    with pytest.raises(InputError, match="groups must name"):
        nominal_assortativity(g)
    with pytest.raises(InputError, match="x must be one of"):
        degree_assortativity(g, x="total")
    with pytest.raises(InputError, match="loops must be one of"):
        degree_assortativity(g, loops="twice")
    with pytest.raises(InputError, match="resolution"):
        group_modularity(g, "club", resolution="high")


# ============================================================================ chunked reads
@pytest.fixture
def small_chunks(monkeypatch):
    """Read the edges in chunks of 7, so that small graphs cross many chunk boundaries."""
    import netmix.core.counting as tally_module
    import netmix.measures._pearson as pearson_module

    monkeypatch.setattr(tally_module, "CHUNK", 7)
    monkeypatch.setattr(pearson_module, "CHUNK", 7)  # the moment sums read edges in chunks


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weight", [None, "w"])
def test_chunked_reads_match_igraph(small_chunks, directed, weight):
    rng = np.random.default_rng(7)
    n, m = 40, 300
    nodes = pd.DataFrame({"g": rng.integers(0, 3, n), "v": rng.normal(size=n)})
    g = netmix.SocialGraph(nodes, rng.integers(0, n, m), rng.integers(0, n, m),
                           directed=directed, edge_attrs={"w": rng.integers(1, 5, m) * 1.0})
    h = to_ig(g)
    assert close(nominal_assortativity(g, "g"),
                 h.assortativity_nominal(nodes.g.tolist(), directed=directed))
    assert close(numeric_assortativity(g, "v", weight),
                 h.assortativity(nodes.v.tolist(), directed=directed, weights=weight))
    assert close(degree_assortativity(g), h.assortativity_degree(directed=directed))
    counts = mixing_matrix(g, "g", weight).counts
    w = np.ones(m) if weight is None else g.edge_attr("w")
    expected = np.zeros((3, 3))
    np.add.at(expected, (nodes.g.to_numpy()[g.src], nodes.g.to_numpy()[g.dst]), w)
    expected = expected if directed else expected + expected.T
    np.testing.assert_allclose(counts, expected)


def test_large_graph_matches_igraph():
    # 150,000 edges: three chunks of the default size (65,536 edges).
    rng = np.random.default_rng(11)
    n, m = 15_000, 150_000
    nodes = pd.DataFrame({"g": rng.integers(0, 6, n), "v": rng.normal(30, 8, n)})
    src, dst = rng.integers(0, n, m), rng.integers(0, n, m)
    g = netmix.SocialGraph(nodes, src, dst, edge_attrs={"w": rng.random(m)})
    h = ig.Graph(n=n, edges=np.column_stack([src, dst]), directed=False)
    assert close(nominal_assortativity(g, "g"),
                 h.assortativity_nominal(nodes.g.tolist(), directed=False))
    assert close(degree_assortativity(g), h.assortativity_degree(directed=False))
    assert close(numeric_assortativity(g, "v", "w"),
                 h.assortativity(nodes.v.tolist(), directed=False,
                                 weights=g.edge_attr("w").tolist()))


def test_values_equal_up_to_rounding_are_constant():
    # 0.1 + 0.2 and 0.3 differ in the last bit only: no spread to correlate (nan, not -1)
    nodes = pd.DataFrame({"x": [0.1 + 0.2, 0.3, 0.1 + 0.2, 0.3]})
    g = netmix.SocialGraph(nodes, [0, 1, 2], [1, 2, 3])
    with pytest.warns(DegenerateMixingWarning, match="constant"):
        assert np.isnan(netmix.numeric_assortativity(g, "x"))
    # a real spread of 1e-9 relative to the values' size is kept: a path alternating low/high
    nodes = pd.DataFrame({"x": [1000.000001, 1000.000003, 1000.000001, 1000.000003]})
    g = netmix.SocialGraph(nodes, [0, 1, 2], [1, 2, 3])
    assert netmix.numeric_assortativity(g, "x") == pytest.approx(-1.0)
