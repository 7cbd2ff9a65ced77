"""A statistic that is nan comes with a DegenerateMixingWarning that says why (issue 14).

Small hostile graphs (one edge, one group, zero weights, only self-loops, constant values,
tiny and huge weights): every nan must be announced by a netmix warning, and no bare numpy
RuntimeWarning may escape (``filterwarnings = error`` would turn it into a failure).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netmix
from netmix import DegenerateMixingWarning
from netmix.measures.assortativity import nominal_assortativity_test

INDICES = {
    "nominal": lambda g: netmix.nominal_assortativity(g, "g", "w"),
    "nominal-se": lambda g: nominal_assortativity_test(g, "g", "w").standard_error,
    "modularity": lambda g: netmix.group_modularity(g, "g", "w"),
    "numeric": lambda g: netmix.numeric_assortativity(g, "x", weight="w"),
    "numeric-se": lambda g: netmix.numeric_assortativity_test(g, "x", weight="w").standard_error,
    "degree": lambda g: netmix.degree_assortativity(g, weight="w"),
    "degree-unweighted": lambda g: netmix.degree_assortativity(g),
    "ei": lambda g: netmix.ei_index(g, "g", "w"),
    "freeman": lambda g: netmix.freeman_segregation(g, "g", "w"),
    "gam": lambda g: netmix.gupta_anderson_may(g, "g", "w"),
}


@st.composite
def graphs(draw):
    n = draw(st.integers(2, 6))
    m = draw(st.integers(0, 8))
    src = draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    dst = draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    scale = draw(st.sampled_from([1.0, 0.0, 1e-300, 1e300]))
    w = [scale * draw(st.integers(0, 3)) for _ in range(m)]
    groups = draw(st.lists(st.sampled_from("ab"), min_size=n, max_size=n))
    x = draw(st.lists(st.sampled_from([0.0, 1.0, 2.5]), min_size=n, max_size=n))
    nodes = pd.DataFrame({"g": groups, "x": x})
    return netmix.SocialGraph(nodes, src, dst, directed=draw(st.booleans()),
                              edge_attrs={"w": np.array(w, dtype=float)})


@pytest.mark.parametrize("name", list(INDICES))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=graphs())
def test_every_nan_is_announced(name, g):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = INDICES[name](g)
    bare = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert not bare, [str(w.message) for w in bare]
    if np.isnan(value):
        assert any(issubclass(w.category, DegenerateMixingWarning) for w in caught), (
            name, g.edges)
    else:
        assert np.isfinite(value)


def test_zero_weights_are_not_called_a_single_group():
    nodes = pd.DataFrame({"g": ["a", "b", "a", "b"], "x": [1.0, 2.0, 3.0, 4.0]})
    g = netmix.SocialGraph(nodes, [0, 1, 2], [1, 2, 3], edge_attrs={"w": [0.0, 0.0, 0.0]})
    with pytest.warns(DegenerateMixingWarning, match="every edge weight is 0"):
        assert np.isnan(netmix.nominal_assortativity(g, "g", "w"))
    with pytest.warns(DegenerateMixingWarning, match="every edge weight is 0"):
        assert np.isnan(netmix.numeric_assortativity(g, "x", weight="w"))
