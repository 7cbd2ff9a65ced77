"""Every public function that takes a graph accepts a SocialGraph, a networkx graph or an
igraph graph, and gives the same result for all three (issue 15, item 6).

The functions are found by introspection, not listed by hand: every callable in the
``__all__`` of netmix and of its public subpackages with a parameter that takes a graph
(named ``graph``, or annotated or documented as a ``SocialGraph``). Their other required
arguments come from :data:`ARGS`, by parameter name (netmix's one argument vocabulary), so a
new function is tested as soon as it is exported; one with a parameter name not in ARGS
fails, saying which name to add.

Expected values: the SocialGraph's own result on the same data (the networkx and igraph
graphs are built from it by :meth:`SocialGraph.to_networkx` and :attr:`SocialGraph.igraph`).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from typing import Any

import igraph as ig
import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
import pytest

import netmix
from netmix.graph import convert

matplotlib.use("Agg")

#: netmix and its public subpackages: the functions in their __all__ are searched.
PUBLIC = ["netmix"] + [f"netmix.{m.name}" for m in pkgutil.iter_modules(netmix.__path__)
                       if not m.name.startswith("_")]

#: A numpydoc parameter line: ``name : type`` or ``a, b : type``.
_GRAPH_DOC = re.compile(r"^(?P<names>\w+(?:, \w+)*) : (?P<type>.*)$", re.M)


def _graph_params(func) -> list[str]:
    """Parameters of ``func`` that take a graph."""
    doc = inspect.getdoc(func) or ""
    documented = {}
    for m in _GRAPH_DOC.finditer(doc):
        for name in m.group("names").split(", "):
            documented.setdefault(name, m.group("type"))
    out = []
    for p in inspect.signature(func).parameters.values():
        text = f"{p.annotation} {documented.get(p.name, '')}"
        if p.name == "graph" or "SocialGraph" in text or "GraphOrMatrix" in text:
            out.append(p.name)
    return out


def _public_graph_functions() -> dict[str, Any]:
    found: dict[tuple[str, str], tuple[str, Any]] = {}
    for modname in PUBLIC:
        mod = importlib.import_module(modname)
        for attr in getattr(mod, "__all__", []):
            obj = getattr(mod, attr)
            if inspect.isclass(obj) or not callable(obj):
                continue
            try:
                params = _graph_params(obj)
            except (TypeError, ValueError):  # no signature
                continue
            if params:
                found.setdefault((obj.__module__, obj.__qualname__), (f"{modname}.{attr}", obj))
    return dict(found.values())


FUNCTIONS = _public_graph_functions()

#: Functions not called here, each with the reason.
SKIP = {
    # the conversion entry itself and the converters are what is being tested
    "netmix.graph.as_social_graph": "the conversion entry itself (tested below)",
    # the one weight check sits below the conversion (SocialGraph.degree uses it): it reads a
    # SocialGraph's edge arrays, and every function that calls it has converted already
    "netmix.graph.edge_weights": "a helper on a SocialGraph, below the conversion",
    "netmix.graph.nonnegative_weights": "a helper on a SocialGraph, below the conversion",
}

#: Graph parameters given the directed version of the test graph (diaries are directed:
#: one report per respondent; every other graph parameter gets the undirected one).
DIRECTED = {"diary"}


def _graph(directed: bool = False) -> netmix.SocialGraph:
    """Twelve people in three teams (one team of one for degenerate cases avoided: 4 each),
    with an age, an outcome score, and contact minutes and duration codes on the edges."""
    rng = np.random.default_rng(15)
    ids = [f"p{i:02d}" for i in range(12)]
    pairs = {(i, j) for i in range(12) for j in range(12) if i != j and rng.random() < 0.3}
    if not directed:
        pairs = {(min(i, j), max(i, j)) for i, j in pairs}
    pairs = sorted(pairs)
    edges = pd.DataFrame({
        "source": [ids[i] for i, _ in pairs], "target": [ids[j] for _, j in pairs],
        "minutes": rng.integers(1, 60, len(pairs)).astype(float),
        "duration": rng.integers(20, 4000, len(pairs)).astype(float),
        "duration_code": rng.integers(1, 5, len(pairs)),
    })
    nodes = pd.DataFrame({
        "team": ["a", "b", "c"] * 4,
        "age": rng.integers(18, 70, 12).astype(float),
        "score": rng.normal(size=12),
        "cls": ["x", "y"] * 6,
    }, index=pd.Index(ids, name="id"))
    return netmix.from_edges(edges, nodes, directed=directed)


def _networkx(g: netmix.SocialGraph):
    return g.to_networkx()


def _igraph(g: netmix.SocialGraph):
    h = g.to_igraph()
    h.vs["name"] = h.vs["id"]
    del h.vs["id"]
    return h


#: Values of the other required (and a few speed-relevant) arguments, by parameter name.
ARGS: dict[str, Any] = {
    "groups": "team",
    "values": "age",
    "attribute": "age",
    "membership": "cls",
    "partition": "cls",
    "weight": "minutes",
    "outcome": "score",
    "statistic": "nominal_assortativity",
    "directed": None,
    "x": lambda g: [netmix.models.dyadic_covariate(g, "team")],
    "n_resamples": 39,
    "seed": 3,
}
#: Parameters given from ARGS even when they have a default (fewer resamples, a fixed seed).
ALWAYS = {"groups", "n_resamples", "seed", "weight"}


def _call(name: str, func, graphs: dict[str, Any], base: netmix.SocialGraph, tmp: Path):
    kwargs = {}
    for p in inspect.signature(func).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if p.name in graphs:
            kwargs[p.name] = graphs[p.name]
        elif p.name == "out_dir":
            kwargs[p.name] = tmp
        elif p.name in ARGS and (p.default is inspect.Parameter.empty or p.name in ALWAYS):
            v = ARGS[p.name]
            kwargs[p.name] = v(base) if callable(v) else v
        elif p.default is inspect.Parameter.empty:
            pytest.fail(f"{name}: add a value for its required parameter {p.name!r} to ARGS")
    args = [kwargs.pop(p.name) for p in inspect.signature(func).parameters.values()
            if p.kind is p.POSITIONAL_ONLY]
    return func(*args, **kwargs)


#: The conversion's provenance step, as the report lists it.
_CONVERTED = re.compile(r"<li><b>from_(networkx|igraph)</b>:[^<]*</li>")


def _same(a: Any, b: Any, where: str = "result") -> None:
    """Assert ``a`` and ``b`` hold the same numbers (nan equal to nan)."""
    import matplotlib.axes

    if isinstance(a, matplotlib.axes.Axes):
        assert isinstance(b, matplotlib.axes.Axes), where
        return
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12, obj=where)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_exact=False, rtol=1e-12, obj=where)
    elif isinstance(a, pd.Index):
        pd.testing.assert_index_equal(a, b, obj=where)
    elif isinstance(a, np.ndarray):
        if a.dtype.kind in "fc":
            np.testing.assert_allclose(a, b, rtol=1e-12, equal_nan=True, err_msg=where)
        else:
            np.testing.assert_array_equal(a, b, err_msg=where)
    elif isinstance(a, (float, np.floating)):
        np.testing.assert_allclose(a, b, rtol=1e-12, equal_nan=True, err_msg=where)
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            _same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, netmix.SocialGraph):
        _same(a.nodes, b.nodes, f"{where}.nodes")
        _same(a.edges, b.edges, f"{where}.edges")
    elif isinstance(a, Path):
        assert a.name == b.name, where
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            if f.name not in ("graph", "provenance"):
                _same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif hasattr(a, "params") and hasattr(a, "bse"):  # a statsmodels results object
        _same(np.asarray(a.params), np.asarray(b.params), f"{where}.params")
    elif hasattr(a, "__dict__") and type(a).__module__.startswith("netmix"):
        for k, v in vars(a).items():
            if not k.startswith("_") and k not in ("graph", "provenance"):
                _same(v, getattr(b, k), f"{where}.{k}")
    elif isinstance(a, str):  # HTML: the same but for the conversion step in the provenance
        assert a == _CONVERTED.sub("", b), where
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@pytest.mark.parametrize("kind", ["networkx", "igraph"])
def test_foreign_graph_gives_the_same_result(name, kind, tmp_path, monkeypatch):
    if name in SKIP:
        pytest.skip(SKIP[name])
    # the reports' creation stamp: fixed, or two calls either side of a minute differ
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1386201600")
    import matplotlib.pyplot as plt

    func = FUNCTIONS[name]
    convert_ = _networkx if kind == "networkx" else _igraph
    graphs = {p: _graph(directed=p in DIRECTED) for p in _graph_params(func)}
    base = _graph()
    expected = _call(name, func, graphs, base, tmp_path / "s")
    got = _call(name, func, {p: convert_(g) for p, g in graphs.items()}, base, tmp_path / "f")
    plt.close("all")
    _same(expected, got, name)


def test_the_search_finds_the_graph_functions():
    """A guard on the introspection: the functions the issue names are found."""
    for name in ("netmix.mixing_matrix", "netmix.qap_regression", "netmix.report.build_report",
                 "netmix.models.adjacency_matrix", "netmix.segregation_table",
                 "netmix.ego.compare_diary_sensor"):
        assert name in FUNCTIONS, name


@pytest.mark.parametrize("make", [_networkx, _igraph])
@pytest.mark.parametrize("call", [
    lambda g: netmix.segregation_table(g, "team", n_resamples=39, seed=1),
    lambda g: netmix.report.build_report(g, "team", n_resamples=39, seed=1),
], ids=["segregation_table", "build_report"])
def test_a_foreign_graph_is_converted_once_per_call(make, call, monkeypatch):
    foreign = make(_graph())
    n = {"from_networkx": 0, "from_igraph": 0}
    for fname in n:
        original = getattr(convert, fname)

        def counted(*a, _f=original, _n=fname, **k):
            n[_n] += 1
            return _f(*a, **k)

        monkeypatch.setattr(convert, fname, counted)
    call(foreign)
    assert sum(n.values()) == 1, n


@pytest.mark.parametrize("bad", [nx.MultiGraph([(0, 1), (0, 1)])])
def test_multigraphs_are_converted_with_their_parallel_edges(bad):
    g = netmix.graph.as_social_graph(bad)
    assert g.n_edges == 2


def test_anything_else_is_an_error_saying_how_to_build_a_graph():
    with pytest.raises(netmix.InputError, match="from_edges"):
        netmix.mixing_matrix([(0, 1)], "team")
    assert isinstance(netmix.graph.as_social_graph(ig.Graph([(0, 1)])), netmix.SocialGraph)


def test_igraph_attributes_keep_the_types_a_table_would_give_them():
    """from_igraph reads numeric attribute lists directly (fast) and the rest as pandas
    infers a column (expected: the pandas column of the same list)."""
    h = ig.Graph([(0, 1), (1, 2)])
    values = {"f": [1.5, 2.0], "gap": [1.0, None], "i": [1, 2], "b": [True, False],
              "s": ["x", "y"], "mixed": [1, "y"]}
    for k, v in values.items():
        h.es[k] = v
    g = netmix.from_igraph(h)
    for k, v in values.items():
        expected = pd.DataFrame({k: v})[k].to_numpy()
        got = g.edge_attr(k)
        assert got.dtype == expected.dtype, k
        pd.testing.assert_series_equal(pd.Series(got), pd.Series(expected), obj=k)


def test_converted_undirected_edges_match_the_edge_table_path():
    """An undirected igraph edge listed from its higher vertex is stored as from_edges
    stores it (from the lower position), so every result is the same."""
    h = ig.Graph([(2, 0), (1, 0)])
    h.vs["name"] = ["a", "b", "c"]
    g = netmix.from_igraph(h)
    ref = netmix.from_edges(pd.DataFrame({"source": ["c", "b"], "target": ["a", "a"]}),
                            pd.DataFrame(index=pd.Index(["a", "b", "c"], name="id")),
                            duplicates="keep")
    assert g.src.tolist() == ref.src.tolist() and g.dst.tolist() == ref.dst.tolist()
    assert g.provenance[0]["step"] == "from_igraph" and g.provenance[1] == ref.provenance[0]


@pytest.mark.parametrize("G", [nx.grid_2d_graph(2, 3), nx.Graph([(1, "a"), ("a", 2.5)]),
                               nx.MultiDiGraph([(0, 1), (0, 1), (1, 1)])],
                         ids=["tuple keys", "mixed keys", "multidigraph with a loop"])
def test_networkx_node_keys_of_any_kind_keep_their_edges(G):
    """Expected: networkx's own edge list (node keys, in its order; an undirected edge may
    be stored from either end)."""
    g = netmix.from_networkx(G)
    ids = list(g.node_ids)
    got = [(ids[u], ids[v]) for u, v in zip(g.src, g.dst, strict=True)]
    want = list(G.edges())
    if not G.is_directed():
        got, want = ([frozenset(e) for e in x] for x in (got, want))
    assert got == want and ids == list(G.nodes)
