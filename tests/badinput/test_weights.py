"""Bad weights and impossible time windows (issue 14, items 5, 6, 7, 9).

Every weight enters through one check (``netmix._validation.check_weights``): true/false
values, text, nan, inf and negative weights raise an error naming the argument or column, the
value as written (``nan``, never ``np.float64(nan)``) and where it is (file and line for a
table read from a file, the edge and its endpoints for a graph). Sums of integer weights never
wrap around, and every statistic that does not depend on the weights' scale gives the same
value for weights multiplied by 1e-300 .. 1e300 or stored as int64 near 1e18 (the reference is
the same statistic on the unscaled weights, computed in the same run).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from _corpus import Case, check, ids, write

import netmix
from netmix import DegenerateMixingWarning, scale
from netmix.communities import Partition, community_table, detect_communities
from netmix.io import read_table
from netmix.measures.assortativity import nominal_assortativity_test
from netmix.measures.spectral import spectral_segregation
from netmix.models import programme_matrices

EDGES = "source,target,w\n1,2,1.5\n2,3,{bad}\n3,1,2\n"  # the bad value is on line 3


def _table_graph(d, text, name="e.csv", **kw):
    return netmix.from_edges(read_table(write(d, name, text)), weight="w", **kw)


def _graph(w, groups=("a", "a", "b", "b"), directed=False):
    nodes = pd.DataFrame({"g": list(groups), "x": [1.0, 2.0, 4.0, 3.0]})
    return netmix.SocialGraph(nodes, [0, 1, 2, 0, 1], [1, 2, 3, 3, 3], directed=directed,
                              edge_attrs={"w": w})


W5 = [1.0, 2.0, 3.0, 1.0, 2.0]


def _bad_graph(value, k=2):
    w = np.array(W5, dtype=object if isinstance(value, (str, type(None))) else float)
    w[k] = value
    return _graph(w)


def _contacts(d):
    return pd.DataFrame({"t": [1386200000, 1386203600, 1386207200], "i": [1, 1, 2],
                         "j": [2, 3, 3]})


# -------------------------------------------------------------------- tables with file lines
TABLES = [
    Case(f"csv-weight-{name}", lambda d, bad=bad: _table_graph(d, EDGES.format(bad=bad)),
         match=("column 'w'", shown, "e.csv, line 3", *extra), line=3, path=True)
    for name, bad, shown, extra in [
        ("nan", "nan", "got a missing value", ("finite",)),
        ("inf", "inf", "got inf", ("finite",)),
        ("minus-inf", "-inf", "got -inf", ("finite",)),
        ("negative", "-2", "got -2", (">= 0",)),
        ("text", "abc", "got 'abc'", ("numbers",)),
        ("true-in-numbers", "True", "got 'True'", ("numbers", "true/false")),
        ("empty-field", "", "got a missing value", ("finite",)),
        ("overflowing-literal", "1e999", "got inf", ("finite",)),
    ]
] + [
    Case("csv-weight-all-bool", lambda d: _table_graph(
        d, "source,target,w\n1,2,True\n2,3,False\n"), match=("true/false", "got 'True'",
                                                             "line 2"), line=2, path=True),
    Case("csv-weight-after-blank-lines", lambda d: _table_graph(
        d, "source,target,w\n\n1,2,1\n\n2,3,-1\n"), match=("got -1", "line 5"), line=5,
        path=True),
    Case("csv-weight-second-column", lambda d: netmix.from_edges(read_table(write(
        d, "e.csv", "source,target,w,v\n1,2,1,1\n2,3,1,nan\n")), weight=["w", "v"]),
        match=("column 'v'", "got a missing value", "line 3"), line=3, path=True),
    Case("csv-weight-missing-column", lambda d: _table_graph(d, "source,target,x\n1,2,1\n"),
         match=("weight must name a column", "'w'")),
    Case("csv-weight-text-numbers-accepted", lambda d: _table_graph(
        d, 'source,target,w\n1,2,"1.5"\n2,3," 2 "\n'), error=None,
        result=lambda g: np.testing.assert_array_equal(g.edge_attr("w"), [1.5, 2.0])),
]

# -------------------------------------------------------------------- DataFrames (row labels)
FRAMES = [
    Case(f"frame-weight-{name}", lambda d, w=w: netmix.from_edges(
        pd.DataFrame({"source": [1, 2, 3], "target": [2, 3, 1], "w": w}), weight="w"),
        match=("column 'w'", *match))
    for name, w, match in [
        ("bool", [True, False, True], ("true/false", "got True", "row 0")),
        ("object-text", [1, "x", 2], ("numbers", "got 'x'", "row 1")),
        ("object-bool", [1.0, 2.0, True], ("true/false", "got True", "row 2")),
        ("none", np.array([1.0, None, 2.0], dtype=object), ("finite", "got a missing value",
                                                             "row 1")),
        ("nan", [1.0, np.nan, 2.0], ("finite", "got a missing value", "row 1")),
        ("negative-int", np.array([1, 2, -1], dtype=np.int64), (">= 0", "got -1", "row 2")),
        ("python-int-too-big", np.array([1, 10**400, 2], dtype=object),
         ("finite", "row 1")),
    ]
]


def _merged(values, dtype):
    e = pd.DataFrame({"source": [1, 1, 2], "target": [2, 2, 3],
                      "w": np.array(values, dtype=dtype)})
    return netmix.from_edges(e).edge_attr("w")


def _exact(expected, dtype):
    def check_(w):
        assert w.dtype == dtype, w.dtype
        assert w.tolist() == expected, w.tolist()
    return check_


MERGES = [
    # 9e18 + 9e18 wrapped around to -446744073709551616 before the fix
    Case("merge-int64-overflow-goes-to-float",
         lambda d: _merged([9 * 10**18, 9 * 10**18, 1], np.int64), error=None,
         result=_exact([1.8e19, 1.0], np.float64)),
    Case("merge-uint64-overflow-goes-to-float",
         lambda d: _merged([2**63, 2**63, 5], np.uint64), error=None,
         result=_exact([2.0**64, 5.0], np.float64)),
    Case("merge-int64-small-stays-exact",
         lambda d: _merged([2**61, 2**61 + 1, 7], np.int64), error=None,
         result=_exact([2**62 + 1, 7], np.int64)),
    Case("merge-int8-does-not-wrap",
         lambda d: _merged([100, 100, 1], np.int8), error=None,
         result=_exact([200, 1], np.int64)),
    Case("merge-bool-counts-true-values",
         lambda d: _merged([True, True, False], bool), error=None,
         result=_exact([2, 0], np.int64)),
]

# -------------------------------------------------------------------- weights picked by name
MEASURES = [
    Case("mixing-bool-weight", lambda d: netmix.mixing_matrix(_graph([True] * 5), "g", "w"),
         match=("edge attribute 'w'", "true/false", "got True", "edge 0")),
    Case("mixing-text-weight", lambda d: netmix.mixing_matrix(_bad_graph("x"), "g", "w"),
         match=("numbers", "got 'x'", "edge 2", "nodes 2 and 3")),
    Case("mixing-none-weight", lambda d: netmix.mixing_matrix(_bad_graph(None), "g", "w"),
         match=("finite", "got a missing value", "edge 2")),
    Case("mixing-nan-weight", lambda d: netmix.mixing_matrix(_bad_graph(np.nan), "g", "w"),
         match=("finite", "got a missing value", "edge 2 of graph.edges", "nodes 2 and 3")),
    Case("mixing-weights-overflow-their-sum",
         lambda d: netmix.mixing_matrix(_graph([1.7e308] * 5), "g", "w"),
         match=("add up to more than the largest float", "divide the weights")),
    Case("nominal-inf-weight",
         lambda d: netmix.nominal_assortativity(_bad_graph(np.inf), "g", "w"),
         match=("finite", "got inf", "edge 2")),
    Case("numeric-negative-weight",
         lambda d: netmix.numeric_assortativity(_bad_graph(-1.0), "x", weight="w"),
         match=(">= 0", "got -1.0", "edge 2")),
    Case("degree-bool-weight",
         lambda d: netmix.degree_assortativity(_graph([True] * 5), weight="w"),
         match=("true/false",)),
    Case("modularity-bool-weight",
         lambda d: netmix.group_modularity(_graph([False] * 5), "g", "w"),
         match=("true/false", "got False")),
    Case("ei-by-node-negative-weight",
         lambda d: netmix.ei_index_by_node(_bad_graph(-3.0), "g", "w"),
         match=(">= 0", "got -3.0")),
    Case("spectral-nan-weight",
         lambda d: spectral_segregation(_bad_graph(np.nan), "g", weight="w"),
         match=("finite", "got a missing value")),
    # item 7: bool weights crashed inside igraph
    # a negative weight gave a negative count in the programme matrices (bincount)
    Case("programme-matrices-negative-weight",
         lambda d: programme_matrices(_bad_graph(-2.0), _graph([1.0] * 5), "g", weight="w"),
         match=(">= 0", "got -2.0", "edge 2", "nodes 2 and 3")),
    Case("programme-matrices-nan-weight",
         lambda d: programme_matrices(_graph([1.0] * 5), _bad_graph(np.nan), "g", weight="w"),
         match=("finite", "got a missing value", "edge 2")),
    # with a Partition already made (no relabelling to check the weights on the way), a
    # negative weight gave a community 0 ties inside and a nan share, silently
    Case("community-table-negative-weight-given-a-partition",
         lambda d: community_table(_bad_graph(-2.0), "g", Partition.from_labels(
             _bad_graph(1.0), "g"), weight="w"),
         match=(">= 0", "got -2.0", "edge 2")),
    Case("communities-bool-weight",
         lambda d: detect_communities(_graph([True, False, True, True, False]), weight="w",
                                      seed=1),
         match=("edge attribute 'w'", "true/false")),
    Case("communities-nan-weight",
         lambda d: detect_communities(_bad_graph(np.nan), weight="w", seed=1),
         match=("finite", "got a missing value", "edge 2")),
    Case("communities-negative-weight",
         lambda d: detect_communities(_bad_graph(-1.0), "louvain", weight="w", seed=1),
         match=(">= 0", "got -1.0")),
    Case("partition-numbers-as-text-weight",  # read as the numbers they spell
         lambda d: Partition.from_labels(_bad_graph("7"), "g", weight="w").modularity,
         error=None, result=lambda q: q == pytest.approx(Partition.from_labels(
             _bad_graph(7.0), "g", weight="w").modularity, rel=1e-15) or pytest.fail(str(q))),
    Case("zero-weights-true-reason",
         lambda d: netmix.nominal_assortativity(_graph([0.0] * 5), "g", "w"),
         error=None, result=lambda r: math.isnan(r) or pytest.fail(str(r)),
         warns=DegenerateMixingWarning, warns_match="every edge weight is 0"),
    Case("one-group-true-reason-at-1e-300",
         lambda d: netmix.nominal_assortativity(
             _graph([1e-300] * 5, groups=("a",) * 4), "g", "w"),
         error=None, result=lambda r: math.isnan(r) or pytest.fail(str(r)),
         warns=DegenerateMixingWarning,
         warns_match="every end of an edge with a weight above 0 is in a single group"),
    Case("zero-weight-between-groups-true-reason",  # the a-b edges weigh 0: not "no edges"
         lambda d: netmix.nominal_assortativity(_graph([1.0, 0.0, 0.0, 0.0, 0.0],
                                                       groups=("a", "a", "b", "b")), "g", "w"),
         error=None, result=lambda r: math.isnan(r) or pytest.fail(str(r)),
         warns=DegenerateMixingWarning, warns_match="with a weight above 0"),
]

# -------------------------------------------------------------------- scale invariance
BASE = np.array([3.0, 1.0, 4.0, 1.0, 5.0])
STATS = {
    "nominal": lambda g: netmix.nominal_assortativity(g, "g", "w"),
    "nominal-directed": lambda g: netmix.nominal_assortativity(g, "g", "w"),
    "nominal-jackknife-se": lambda g: nominal_assortativity_test(g, "g", "w").standard_error,
    "modularity": lambda g: netmix.group_modularity(g, "g", "w"),
    "numeric": lambda g: netmix.numeric_assortativity(g, "x", weight="w"),
    "degree": lambda g: netmix.degree_assortativity(g, weight="w"),
    "ei": lambda g: netmix.ei_index(g, "g", "w"),
    "partition-modularity": lambda g: Partition.from_labels(g, "g", weight="w").modularity,
}
FACTORS = {"1e-300": 1e-300, "1e-150": 1e-150, "1e150": 1e150, "1e300": 1e300,
           "int64-1e18": "int"}


def _scaled(factor, directed):
    w = (BASE * 1.5e18).astype(np.int64) if factor == "int" else BASE * factor  # sum > 2**63
    return _graph(w, directed=directed)


def _same_as_unscaled(name, stat, directed):
    expected = stat(_graph(BASE, directed=directed))

    def check_(value):
        assert np.isfinite(value), f"{name}: {value}"
        assert value == pytest.approx(expected, rel=1e-12, abs=1e-15), (value, expected)
    return check_


SCALE = [
    Case(f"scale-{name}-{fname}", lambda d, f=f, stat=stat, name=name: stat(
        _scaled(f, name.endswith("directed"))), error=None,
        result=_same_as_unscaled(name, stat, name.endswith("directed")))
    for name, stat in STATS.items() for fname, f in FACTORS.items()
]

# -------------------------------------------------------------------- time windows (item 6)
WINDOWS = [
    Case(f"window-{name}", lambda d, s=s, e=e, tz=tz: netmix.from_contacts(
        _contacts(d), start=s, end=e, tz=tz), match=("start must be before end", *m))
    for name, s, e, tz, m in [
        ("equal-numbers", 1386203600, 1386203600, "UTC", ("start=1386203600",)),
        ("reversed-numbers", 1386207200.0, 1386200000, "UTC", ("end=1386200000",)),
        ("reversed-naive-strings", "2013-12-05 10:00", "2013-12-05 09:00", "UTC",
         ("'2013-12-05 10:00'", "Unix seconds")),
        ("equal-naive-dates", "2013-12-05", "2013-12-05", "Europe/Paris", ("2013-12-05",)),
        ("reversed-tz-aware", "2013-12-05 00:30+01:00", "2013-12-04 23:00+00:00", "UTC",
         ("2013-12-04 23:00+00:00",)),
        ("equal-across-zones", pd.Timestamp("2013-12-05 01:00", tz="Europe/Paris"),
         pd.Timestamp("2013-12-05 00:00", tz="UTC"), "UTC", ("2013-12-05 00:00:00+00:00",)),
        ("naive-vs-aware-reversed", "2013-12-05 02:00", "2013-12-05 00:30+00:00",
         "Europe/Paris", ("Unix seconds",)),
    ]
] + [
    Case("window-sociopatterns-file-reversed", lambda d: netmix.read_sociopatterns(
        write(d, "tij.dat", "20 1 2\n40 1 3\n60 2 3\n"), start=60, end=40),
        match=("start must be before end", "start=60", "end=40")),
    Case("window-open-end-is-fine", lambda d: netmix.from_contacts(
        _contacts(d), start=1386203600), error=None,
        result=lambda g: g.n_edges == 2 or pytest.fail(str(g.edges))),
]

# -------------------------------------------------------------------- chunked engine
def _frames(factor):
    g = _graph(BASE)
    nodes = g.nodes.rename_axis("id").reset_index()
    e = g.edges
    w = (BASE * 1.5e18).astype(np.int64) if factor == "int" else BASE * factor
    return e.assign(w=w), nodes, e, nodes


ENGINE_STATS = {
    "nominal": lambda e, n: scale.nominal_assortativity(e, n, "g", "w", node_id="id"),
    "numeric": lambda e, n: scale.numeric_assortativity(e, n, "x", weight="w", node_id="id"),
    "degree": lambda e, n: scale.degree_assortativity(e, n, weight="w", node_id="id"),
}


def _engine_case(name, fname, factor):
    def run(d):
        e, n, e0, n0 = _frames(factor)
        return ENGINE_STATS[name](e, n), ENGINE_STATS[name](e0, n0)

    def result(pair):
        assert np.isfinite(pair[0]) and pair[0] == pytest.approx(pair[1], rel=1e-12), pair
    return Case(f"engine-{name}-{fname}", run, error=None, result=result)


def _engine_bool(d):
    e, n, _, _ = _frames(1.0)
    return scale.nominal_assortativity(e.assign(w=e["w"] > 0.5), n, "g", "w", node_id="id")


ENGINE = [_engine_case(name, fname, f) for name in ENGINE_STATS
          for fname, f in (("1e-300", 1e-300), ("1e300", 1e300), ("int64", "int"))] + [
    Case("engine-bool-weights", _engine_bool, match=("weight", "'w'", "true/false", "numeric")),
]

FILES = [
    Case("graph-from-file-names-the-file", lambda d: netmix.mixing_matrix(
        netmix.read_edges(write(d, "e.csv", "source,target,w\n1,2,1\n2,3,nan\n")),
        [1, 2, 1], "w"),
        match=("got a missing value", "edge 1", "nodes 2 and 3", "e.csv",
               "read_edges(..., weight='w')")),
]

CASES = TABLES + FRAMES + MERGES + MEASURES + SCALE + WINDOWS + ENGINE + FILES


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)
