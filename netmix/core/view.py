"""The edge view: a graph's edges under one direction, loop, missing-group and weight policy.

Every counting rule of netmix is resolved here, once per graph and policy:

* **direction**: ``directed=None`` is as the graph is; ``directed=False`` on a directed
  graph counts each arc as an undirected tie of both ends (igraph's ``directed=FALSE``), so
  the tally (:mod:`netmix.core.counting`) reads every edge in both directions;
  ``directed=True`` on an undirected graph is refused.
* **self-loops** (``loops=``): ``"count"`` treats a loop like any edge (an undirected loop
  reaches both of its ends, as in igraph); ``"once"`` counts an undirected loop once (as in
  networkx); ``"drop"`` leaves loops out of the view.
* **missing groups** (``missing=``): a node without a group raises (in
  :func:`netmix.core.groups.group_codes`) or, with ``"drop"``, leaves the view with its
  edges, both counted (``n_nodes_dropped``, ``n_edges_dropped``).
* **weights**: validated once by the one weight check
  (:func:`netmix.graph.edge_weights`, >= 0); :attr:`EdgeView.scaled` divides them by a
  power of two for the scale-free statistics (exact).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from .._validation import check_choice, extreme_weights, weight_scale
from ..exceptions import InputError
from ..graph import SocialGraph, as_social_graph
from ..graph.weights import nonnegative_weights
from .groups import GroupCodes, group_codes

__all__ = ["LOOP_POLICIES", "EdgeView", "edge_view", "edges_view", "resolve_directed"]

#: Accepted values of ``loops=``.
LOOP_POLICIES = ("count", "once", "drop")


@dataclass(frozen=True, eq=False)
class EdgeView:
    """The edges a statistic is over, after the direction, loop and missing policies.

    Attributes
    ----------
    src, dst : numpy.ndarray
        Endpoints (node positions) of the kept edges.
    weights : numpy.ndarray or None
        Their weights (float64, validated, >= 0), or None to count edges.
    n_nodes : int
    directed : bool
        Whether the tally reads each edge once (source to target) or in both directions.
    loops : {"count", "once", "drop"}
    rows, cols : GroupCodes or None
        Group codes of the row (source) and column (target) ends; ``cols is rows`` when the
        same attribute is on both sides; None for a view without groups.
    weight : str or None
        Name of the weight attribute.
    n_nodes_dropped, n_edges_dropped : int
        Nodes left out (missing group or value, on request) and the edges that touched them.
    loop_index : numpy.ndarray or None
        Positions of the kept self-loops in ``src``/``dst``, or None when there is none.
    memo : dict
        Results derived from the view once (its :func:`~netmix.core.tally`).
    """

    src: np.ndarray
    dst: np.ndarray
    weights: np.ndarray | None
    n_nodes: int
    directed: bool
    loops: str = "count"
    rows: GroupCodes | None = None
    cols: GroupCodes | None = None
    weight: str | None = None
    n_nodes_dropped: int = 0
    n_edges_dropped: int = 0
    loop_index: np.ndarray | None = None
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def n_edges(self) -> int:
        return int(self.src.size)

    @property
    def same_groups(self) -> bool:
        """Whether rows and columns are the same grouping."""
        return self.cols is self.rows

    @property
    def shape(self) -> tuple[int, int]:
        """(row groups, column groups) of the mixing tally."""
        if self.rows is None or self.cols is None:
            raise InputError("this edge view has no groups; build it with groups=...")
        return len(self.rows.labels), len(self.cols.labels)

    @cached_property
    def scale(self) -> float:
        """The power of two the weights are divided by in :attr:`scaled` (1 unless extreme)."""
        w = self.weights
        return weight_scale(w) if extreme_weights(w) else 1.0

    @cached_property
    def scaled(self) -> np.ndarray | None:
        """The weights divided by :attr:`scale` (sums and squares stay in range)."""
        return self.weights if self.scale == 1.0 else self.weights / self.scale

    @cached_property
    def entry_weights(self) -> np.ndarray | None:
        """Weight of each edge's tally entries (the scaled weights, or None for 1): an
        undirected loop under ``loops="once"`` counts 1/2 in each of its two directions."""
        w = self.scaled
        if self.loops != "once" or self.directed or self.loop_index is None:
            return w
        return self.entries(w)

    def entries(self, w: np.ndarray | None) -> np.ndarray:
        """``w`` (None: 1 per edge) as tally-entry weights: halved on an undirected loop
        under ``loops="once"`` (float64; not rescaled, so sums over chunks add)."""
        p = np.ones(self.n_edges) if w is None else np.array(w, dtype=np.float64)
        if self.loops == "once" and not self.directed and self.loop_index is not None:
            p[self.loop_index] *= 0.5
        return p

    def strengths(self, *, weighted: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """(out, in) edge counts (or weights) per node: the row and column sums each node
        adds to the tally; an undirected view gives both ends' sum twice (a loop counts 2)."""
        w = self.weights if weighted else None
        out = np.bincount(self.src, weights=w, minlength=self.n_nodes)
        inn = np.bincount(self.dst, weights=w, minlength=self.n_nodes)
        if self.directed:
            return out, inn
        return out + inn, out + inn


def resolve_directed(graph: SocialGraph, directed: bool | None) -> bool:
    """``directed`` for ``graph``: None is as the graph is; True needs a directed graph.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.core import resolve_directed
    >>> g = netmix.SocialGraph(pd.DataFrame({"team": list("aabb")}, index=list("pqrs")),
    ...                        [0, 1, 2], [1, 2, 3])
    >>> resolve_directed(g, None)
    False
    """
    graph = as_social_graph(graph)
    if directed is None:
        return graph.directed
    if directed and not graph.directed:
        raise InputError("directed=True needs a directed graph; this graph is undirected. "
                         "Pass directed=None or False.")
    return bool(directed)


def edges_view(src: np.ndarray, dst: np.ndarray, weights: np.ndarray | None, n_nodes: int,
               *, directed: bool, loops: str = "count", rows: GroupCodes | None = None,
               cols: GroupCodes | None = None, keep: np.ndarray | None = None,
               is_loop: np.ndarray | None = None, weight: str | None = None) -> EdgeView:
    """The view of bare edge arrays (a graph's, or one chunk of an edge file's).

    ``keep`` marks the nodes to keep (default: those with a row and a column group);
    ``is_loop`` marks self-loops (default ``src == dst``).

    Examples
    --------
    >>> import numpy as np
    >>> from netmix.core import edges_view
    >>> v = edges_view(np.array([0, 1, 2]), np.array([1, 2, 2]), None, 3, directed=True,
    ...                loops="drop")
    >>> v.n_edges, v.n_nodes
    (2, 3)
    """
    check_choice("loops", loops, LOOP_POLICIES)
    cols = rows if cols is None else cols
    n_nodes_dropped = 0
    if keep is None and rows is not None:
        dropped = rows.codes < 0
        if cols is not rows:
            dropped = dropped | (cols.codes < 0)
        n_nodes_dropped = int(np.count_nonzero(dropped))
        keep = ~dropped if n_nodes_dropped else None
    elif keep is not None:
        n_nodes_dropped = int(keep.size - np.count_nonzero(keep))
    mask = None
    n_edges_dropped = 0
    if keep is not None:
        mask = keep[src] & keep[dst]
        n_edges_dropped = int(src.size - np.count_nonzero(mask))
    loop = np.equal(src, dst) if is_loop is None else is_loop
    if loops == "drop":
        mask = ~loop if mask is None else mask & ~loop
    if mask is not None and not mask.all():
        src, dst, loop = src[mask], dst[mask], loop[mask]
        weights = None if weights is None else weights[mask]
    # (count first: most graphs have no loop, and counting is 5x cheaper than listing)
    has_loops = loops != "drop" and np.count_nonzero(loop) > 0
    return EdgeView(src, dst, weights, int(n_nodes), bool(directed), loops, rows,
                    None if rows is None else cols, weight, n_nodes_dropped, n_edges_dropped,
                    np.flatnonzero(loop) if has_loops else None)


def edge_view(graph: SocialGraph, groups: Any = None, weight: str | None = None, *,
              col_groups: Any = None, directed: bool | None = None, missing: str = "raise",
              loops: str = "count", keep: np.ndarray | None = None) -> EdgeView:
    """The :class:`EdgeView` of ``graph`` (built once per graph and policy).

    Parameters
    ----------
    graph : SocialGraph (or networkx / igraph graph, converted: pass a SocialGraph to reuse
        the view)
    groups, col_groups : optional
        Node attribute name or one group per node (:func:`netmix.core.groups.group_codes`);
        ``col_groups`` for different column groups. None: a view without groups.
    weight : str, optional
        Edge attribute (values >= 0); None counts edges.
    directed : bool, optional
        As the graph is; False counts each arc of a directed graph as an undirected tie.
    missing : {"raise", "drop"}
    loops : {"count", "once", "drop"}
    keep : numpy.ndarray of bool, optional
        Nodes to keep (e.g. those with a numeric value); the others leave with their edges.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.core import edge_view
    >>> g = netmix.SocialGraph(pd.DataFrame({"team": list("aabb")}, index=list("pqrs")),
    ...                        [0, 1, 2], [1, 2, 3])
    >>> v = edge_view(g, "team")
    >>> v.n_edges, v.shape, v.directed
    (3, (2, 2), False)
    >>> edge_view(g, "team") is v  # kept on the graph: every measure shares it
    True
    """
    graph = as_social_graph(graph)
    check_choice("missing", missing, ("raise", "drop"))
    check_choice("loops", loops, LOOP_POLICIES)
    d = resolve_directed(graph, directed)
    rows = None if groups is None else group_codes(graph, groups, missing=missing)
    cols = rows if col_groups is None else group_codes(graph, col_groups, missing=missing,
                                                       argument="col_groups")

    def build() -> EdgeView:
        w = nonnegative_weights(graph, weight)
        return edges_view(graph.src, graph.dst, w, graph.n_nodes, directed=d, loops=loops,
                          rows=rows, cols=cols, keep=keep, weight=weight)

    named = all(g is None or (isinstance(g, str) and graph.has_node_attr(g))
                for g in (groups, col_groups))
    if keep is None and named and (weight is None or isinstance(weight, str)):
        return graph.memoize(("edge_view", groups, col_groups, weight, d, missing, loops),
                             build)
    return build()
