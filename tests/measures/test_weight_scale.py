"""Statistics that do not depend on the weights' scale give the same value at any scale.

Multiplying every weight by ``c`` (1e-300 .. 1e300) or storing weights as int64 near 1e18
changes no assortativity, modularity, E-I or spectral index: netmix rescales extreme weights
before any product or square (``netmix._validation.weight_scale``). The reference is the
statistic on the unscaled weights in the same run, and igraph's weighted modularity (run
live on the unscaled weights) for the modularity of a partition.
"""

from __future__ import annotations

import igraph as ig
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmix
from netmix import scale
from netmix.communities import Partition
from netmix.measures.assortativity import nominal_assortativity_test
from netmix.measures.spectral import spectral_segregation

STATS = {
    "nominal": lambda g: netmix.nominal_assortativity(g, "g", "w"),
    "nominal-undirected": lambda g: netmix.nominal_assortativity(g, "g", "w",
                                                                 directed=False),
    "nominal-se": lambda g: nominal_assortativity_test(g, "g", "w").standard_error,
    "modularity": lambda g: netmix.group_modularity(g, "g", "w"),
    "numeric": lambda g: netmix.numeric_assortativity(g, "x", weight="w"),
    "numeric-se": lambda g: netmix.numeric_assortativity_test(g, "x", weight="w").standard_error,
    "degree": lambda g: netmix.degree_assortativity(g, weight="w"),
    "ei": lambda g: netmix.ei_index(g, "g", "w"),
    "ei-by-node": lambda g: float(np.nansum(netmix.ei_index_by_node(g, "g", "w"))),
    "coleman": lambda g: float(netmix.coleman_homophily(g, "g", "w").sum()),
    "freeman": lambda g: netmix.freeman_segregation(g, "g", "w"),
    "spectral": lambda g: spectral_segregation(g, "g", weight="w"),
    "partition-modularity": lambda g: Partition.from_labels(g, "g", weight="w").modularity,
}


def _graph(seed: int, directed: bool, n: int = 25, m: int = 90) -> netmix.SocialGraph:
    rng = np.random.default_rng(seed)
    nodes = pd.DataFrame({"g": rng.choice(list("abc"), n), "x": rng.normal(size=n)})
    src, dst = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = src != dst
    w = rng.integers(1, 20, keep.sum()).astype(float)
    return netmix.SocialGraph(nodes, src[keep], dst[keep], directed=directed,
                              edge_attrs={"w": w})


def _rescaled(g: netmix.SocialGraph, w: np.ndarray) -> netmix.SocialGraph:
    return netmix.SocialGraph(g.nodes, g.src, g.dst, directed=g.directed,
                              edge_attrs={"w": w})


CASES = [(name, directed) for name in STATS for directed in (False, True)
         if not (name == "nominal-undirected" and not directed)
         and not (name == "spectral" and directed)]


@pytest.mark.parametrize("factor", [1e-300, 1e-150, 1e150, 1e300, "int64"])
@pytest.mark.parametrize(("name", "directed"), CASES)
def test_value_does_not_depend_on_the_weights_scale(name, directed, factor):
    g = _graph(7, directed)
    w = g.edge_attr("w")
    scaled = (w * 4e17).astype(np.int64) if factor == "int64" else w * factor
    expected = STATS[name](g)
    got = STATS[name](_rescaled(g, scaled))
    assert np.isfinite(expected)
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-14)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), exponent=st.integers(-300, 300),
       directed=st.booleans())
def test_scale_invariance_property(seed, exponent, directed):
    g = _graph(seed, directed)
    c = 10.0 ** exponent
    s = _rescaled(g, g.edge_attr("w") * c)
    for name in ("nominal", "modularity", "numeric", "degree", "ei"):
        a, b = STATS[name](g), STATS[name](s)
        assert b == pytest.approx(a, rel=1e-11, abs=1e-13), (name, c)


@pytest.mark.parametrize("factor", [1e-300, 1e300])
@pytest.mark.parametrize("directed", [False, True])
def test_modularity_at_extreme_scales_equals_igraph_on_unscaled_weights(factor, directed):
    # live cross-check: igraph's weighted (directed: Leicht-Newman) modularity of the group
    # partition on the unscaled weights
    g = _graph(3, directed)
    h = ig.Graph(n=g.n_nodes, edges=np.column_stack([g.src, g.dst]).tolist(),
                 directed=directed)
    codes = pd.factorize(g.node_attr("g"), sort=True)[0].tolist()
    expected = h.modularity(codes, weights=g.edge_attr("w").tolist(), directed=directed)
    s = _rescaled(g, g.edge_attr("w") * factor)
    assert netmix.group_modularity(s, "g", "w") == pytest.approx(expected, rel=1e-12)
    assert Partition.from_labels(s, "g", weight="w").modularity == pytest.approx(
        expected, rel=1e-12)


@pytest.mark.parametrize("factor", [1e-300, 1e300, "int64"])
def test_chunked_engine_does_not_depend_on_the_weights_scale(factor):
    g = _graph(11, False)
    e = g.edges
    nodes = g.nodes.rename_axis("id").reset_index()
    e2 = e.assign(w=(e["w"] * 4e17).astype(np.int64) if factor == "int64"
                  else e["w"] * factor)
    for f in (lambda t: scale.nominal_assortativity(t, nodes, "g", "w", node_id="id"),
              lambda t: scale.numeric_assortativity(t, nodes, "x", weight="w", node_id="id"),
              lambda t: scale.degree_assortativity(t, nodes, weight="w", node_id="id")):
        assert f(e2) == pytest.approx(f(e), rel=1e-12)


def test_extreme_matrix_from_a_table():
    m = np.array([[10.0, 2.0], [3.0, 5.0]])
    r = netmix.measures.assortativity_from_matrix(m)
    for c in (1e-300, 1e300):
        assert netmix.measures.assortativity_from_matrix(m * c) == pytest.approx(r, rel=1e-12)


@pytest.mark.parametrize("factor", [1e-200, 1e200])
def test_numeric_assortativity_does_not_depend_on_the_values_scale(factor):
    g = _graph(5, False)
    r = netmix.numeric_assortativity(g, "x", weight="w")
    s = g.with_nodes(g.nodes.assign(x=g.node_attr("x") * factor))
    assert netmix.numeric_assortativity(s, "x", weight="w") == pytest.approx(r, rel=1e-12)
    res = netmix.numeric_assortativity_test(s, "x", weight="w")
    assert res.standard_error == pytest.approx(
        netmix.numeric_assortativity_test(g, "x", weight="w").standard_error, rel=1e-9)
