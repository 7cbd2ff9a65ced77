"""networkx and igraph graphs in (the way out is :meth:`SocialGraph.to_networkx` and
:attr:`SocialGraph.igraph`)."""

from __future__ import annotations

from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, describe, first_items, type_error
from ..exceptions import InputError
from .build import from_positions
from .social import SocialGraph

__all__ = ["as_social_graph", "from_igraph", "from_networkx", "igraph_ends"]


def from_networkx(G: Any, *, duplicates: str = "keep") -> SocialGraph:
    """Convert a networkx graph, with its node and edge attributes.

    Node keys become node ids; a node lacking an attribute gets a missing value. A
    ``MultiGraph`` keeps its parallel edges unless ``duplicates="sum"``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(1, 2, {"weight": 3.0})])
    >>> G.nodes[1]["team"] = "red"
    >>> from_networkx(G).nodes
       team
    id
    1    red
    2    NaN
    """
    import networkx as nx

    if not isinstance(G, nx.Graph):
        raise type_error("G", "a networkx Graph, DiGraph, MultiGraph or MultiDiGraph", G)
    check_choice("duplicates", duplicates, ("sum", "keep", "error"))
    if not len(G):
        raise InputError("G must have at least one node; got an empty graph.")
    index = pd.Index(list(G.nodes), name="id", tupleize_cols=False)
    nodes = pd.DataFrame.from_records([dict(d) for _, d in G.nodes(data=True)], index=index)
    data = list(G.edges(data=True))
    m = len(data)
    src = index.get_indexer([u for u, _, _ in data])
    dst = index.get_indexer([v for _, v, _ in data])
    # edge attributes in order of first appearance; an edge without one gets a missing value
    names = dict.fromkeys(k for *_, d in data for k in d)
    nan = float("nan")
    attrs = {str(k): _column([d.get(k, nan) for *_, d in data]) for k in names}
    record = {"step": "from_edges", "edges_in": m, "directed": G.is_directed()}
    return from_positions(nodes, src, dst, attrs, directed=G.is_directed(),
                          duplicates=duplicates, record=record,
                          edges=pd.DataFrame(index=pd.RangeIndex(m)),
                          before=[{"step": "from_networkx", "type": type(G).__name__}])


def from_igraph(g: Any, *, id_attr: str | None = None) -> SocialGraph:
    """Convert an :class:`igraph.Graph`, with its vertex and edge attributes.

    Node ids come from vertex attribute ``id_attr`` (default: ``"name"`` if present, else
    ``"id"`` if present and unique, else the vertex index). Multi-edges are kept.

    Raises
    ------
    InputError
        When two vertices share an id (a name, or a value of ``id_attr``): merging them
        would turn the edge between them into a self-loop and pool their attributes.

    Examples
    --------
    >>> import igraph as ig
    >>> h = ig.Graph([(0, 1), (1, 2)])
    >>> h.vs["name"] = ["ana", "bo", "cy"]
    >>> h.vs["team"] = ["x", "x", "y"]
    >>> h.es["minutes"] = [5, 10]
    >>> g = from_igraph(h)
    >>> g
    <SocialGraph: 3 nodes, 2 undirected edges; node attributes: team; edge attributes: minutes>
    >>> g.edges
      source target  minutes
    0    ana     bo        5
    1     bo     cy       10
    """
    import igraph as ig

    if not isinstance(g, ig.Graph):
        raise type_error("g", "an igraph.Graph", g)
    attrs = g.vs.attributes()
    if id_attr is None:
        id_attr = "name" if "name" in attrs else (
            "id" if "id" in attrs and len(set(g.vs["id"])) == g.vcount() else None)
    if id_attr is not None and id_attr not in attrs:
        raise InputError(f"id_attr must name a vertex attribute of g; got {id_attr!r}, but "
                         f"the vertex attributes are: {', '.join(map(repr, attrs)) or 'none'}.")
    ids = g.vs[id_attr] if id_attr is not None else list(range(g.vcount()))
    index = pd.Index(ids, tupleize_cols=False)
    if not index.is_unique:
        dup = index[index.duplicated()].unique()
        first = index.get_indexer_for(dup[:1])
        shared = dup[0].item() if isinstance(dup[0], np.generic) else dup[0]
        raise InputError(
            f"g: vertex attribute {id_attr!r} must give each vertex its own id; got "
            f"{len(dup)} id(s) shared by several vertices: {first_items(list(dup))} (vertices "
            f"{', '.join(str(int(v)) for v in first)} share {shared!r}). Merging them would "
            "make the edges between them self-loops. Make the names unique, or pass "
            "id_attr=<a vertex attribute with one value per vertex>.")
    if not g.vcount():
        raise InputError("g must have at least one vertex; got an empty graph.")
    cols = {a: g.vs[a] for a in attrs if a != id_attr}
    nodes = pd.DataFrame(cols, index=index.rename("id"))  # (the SocialGraph copies it)
    m = g.ecount()
    src, dst = igraph_ends(g)  # the vertex positions are the node positions: no id lookup
    edge_attrs = {str(a): _column(g.es[a]) for a in g.es.attributes()}
    record = {"step": "from_edges", "edges_in": m, "directed": g.is_directed()}
    return from_positions(nodes, src, dst, edge_attrs,
                          directed=g.is_directed(), duplicates="keep", record=record,
                          before=[{"step": "from_igraph", "id_attr": id_attr}])


def igraph_ends(g: Any) -> tuple[np.ndarray, np.ndarray]:
    """The source and target vertex of every edge of the igraph graph ``g`` (int64), in one
    pass over igraph's edge tuples."""
    ends = np.fromiter(chain.from_iterable(g.get_edgelist()), dtype=np.int64,
                       count=2 * g.ecount())
    return ends[0::2], ends[1::2]


def _column(values: list) -> np.ndarray:
    """A list of attribute values as the array a DataFrame column would hold: numbers and
    booleans directly (fast), anything else (text, missing values, mixed) as pandas infers
    it (``[1.0, None]`` is float64 with NaN)."""
    arr = np.array(values)
    if values and arr.ndim == 1 and arr.dtype.kind in "biuf":
        return arr
    return pd.Series(values, dtype=None if values else object).to_numpy()


def as_social_graph(graph: Any, *, argument: str = "graph", also: str = "") -> SocialGraph:
    """The graph a public function was given, as a :class:`SocialGraph`: the one entry
    through which every public function takes its graph.

    A SocialGraph is returned as is (so a function that passes its converted graph on to
    others converts nothing again); a networkx ``Graph``, ``DiGraph``, ``MultiGraph`` or
    ``MultiDiGraph`` goes through :func:`from_networkx`, an :class:`igraph.Graph` through
    :func:`from_igraph`; anything else is an error saying how to build a graph (naming
    ``argument``, and ``also`` what else the function takes, e.g. ``"EgoData"``).

    Examples
    --------
    >>> import networkx as nx
    >>> as_social_graph(nx.path_graph(3))
    <SocialGraph: 3 nodes, 2 undirected edges; node attributes: none; edge attributes: none>
    """
    if isinstance(graph, SocialGraph):
        return graph
    mod = type(graph).__module__.split(".")[0]
    if mod in ("networkx", "igraph"):
        return from_networkx(graph) if mod == "networkx" else from_igraph(graph)
    raise InputError(
        f"{argument} must be a netmix SocialGraph{' or ' + also if also else ''} (or a "
        f"networkx or igraph graph); got "
        f"{describe(graph)}. Build one with netmix.from_edges, netmix.read_sociopatterns or "
        "netmix.from_networkx."
    )
