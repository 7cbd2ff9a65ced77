"""`SocialGraph`: a node table plus edge arrays, the object every netmix measure takes.

A :class:`SocialGraph` holds

* ``nodes``: a :class:`pandas.DataFrame`, one row a person, indexed by node id, with the
  person's attributes (department, class, gender, ...) as columns;
* the edges as numpy arrays: ``src`` and ``dst`` (positions into ``nodes``, int32 while the
  node count allows) and one array per edge attribute (``n_contacts``, ``duration``, ...);
* ``directed`` and a ``provenance`` record of how the graph was made (files, options, and
  how many records were dropped and why).

The igraph view (:attr:`SocialGraph.igraph`) is built lazily and cached, for igraph's C
routines; :meth:`SocialGraph.to_networkx` converts for everything else. Measures use the
edge arrays directly wherever they suffice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    check_choice,
    first_items,
    id_dtype,
    positions_within,
    shown,
    type_error,
)
from ..exceptions import InputError
from ._display import GraphDisplay
from ._foreign import ForeignGraphs
from .weights import edge_weights

__all__ = ["SocialGraph"]


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    a.setflags(write=False)
    return a


class SocialGraph(ForeignGraphs, GraphDisplay):
    """A social network: people (a node table) and their ties (edge arrays).

    Parameters
    ----------
    nodes : pandas.DataFrame
        One row per person, indexed by a unique node id; attributes as columns.
    src, dst : array_like of int
        Edge endpoints as positions (0 .. n_nodes - 1) into ``nodes``.
    directed : bool, default False
        Whether an edge ``src -> dst`` is an arc. Undirected edges are stored once.
    edge_attrs : mapping of str to array_like, optional
        Edge attributes, each with one value per edge (``weight``, ``duration``, ...).
    provenance : sequence of dict, optional
        How the graph was made; readers and builders append a record per step.

    Notes
    -----
    Build graphs with the readers (:func:`netmix.read_sociopatterns`,
    :func:`netmix.read_edges`), :func:`netmix.from_contacts`, :func:`netmix.from_edges`,
    :func:`netmix.from_networkx` or :func:`netmix.from_igraph`; they validate their input.
    The constructor checks only the structure. A graph is immutable.

    Examples
    --------
    >>> import pandas as pd
    >>> from netmix import SocialGraph
    >>> nodes = pd.DataFrame({"dept": ["a", "a", "b"]}, index=[10, 11, 12])
    >>> g = SocialGraph(nodes, [0, 1], [1, 2], edge_attrs={"weight": [2.0, 1.0]})
    >>> g
    <SocialGraph: 3 nodes, 2 undirected edges; node attributes: dept; edge attributes: weight>
    >>> g.edges
       source  target  weight
    0      10      11     2.0
    1      11      12     1.0

    People without contacts stay in the graph and are counted:

    >>> h = SocialGraph(pd.DataFrame(index=[1, 2, 3, 4]), [0], [1])
    >>> h  # doctest: +ELLIPSIS
    <SocialGraph: 4 nodes (2 without contacts), 1 undirected edges; ...>
    >>> h.n_isolates, h.isolates.tolist()
    (2, [3, 4])
    """

    def __init__(
        self,
        nodes: pd.DataFrame,
        src: Sequence[int] | np.ndarray,
        dst: Sequence[int] | np.ndarray,
        *,
        directed: bool = False,
        edge_attrs: Mapping[str, Any] | None = None,
        provenance: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        if not isinstance(nodes, pd.DataFrame):
            raise type_error("nodes", "a pandas DataFrame indexed by node id", nodes)
        if not nodes.index.is_unique:
            dup = nodes.index[nodes.index.duplicated()].unique()
            raise InputError(f"nodes must have unique ids; got duplicated ids {first_items(dup)}.")
        n = len(nodes)
        dtype = id_dtype(n)
        src_a, dst_a = np.asarray(src), np.asarray(dst)
        if src_a.shape != dst_a.shape or src_a.ndim != 1:
            raise InputError(
                f"src and dst must be 1-d arrays of equal length; got shapes {src_a.shape} "
                f"and {dst_a.shape}."
            )
        for name, arr in (("src", src_a), ("dst", dst_a)):
            if arr.size and (not np.issubdtype(arr.dtype, np.integer)
                             or not positions_within(arr, n)):
                raise InputError(
                    f"{name} must hold node positions 0..{n - 1}; got values of dtype "
                    f"{arr.dtype} in [{arr.min()}, {arr.max()}]."
                )
        self._nodes = nodes.copy()
        self._nodes.index.name = nodes.index.name or "id"
        self._src = _frozen(src_a.astype(dtype, copy=True))
        self._dst = _frozen(dst_a.astype(dtype, copy=True))
        if not (isinstance(directed, (bool, np.bool_)) or (
                isinstance(directed, (int, np.integer)) and directed in (0, 1))):
            # bool("false") is True: a text or other value would silently pick the kind
            raise type_error("directed", "True or False", directed)
        self._directed = bool(directed)
        self._edge_attrs: dict[str, np.ndarray] = {}
        for key, values in dict(edge_attrs or {}).items():
            arr = np.array(values)
            if arr.shape != self._src.shape:
                raise InputError(
                    f"edge attribute {shown(key)} must have one value per edge "
                    f"({self._src.size}); "
                    f"got shape {arr.shape}."
                )
            self._edge_attrs[str(key)] = _frozen(arr)
        self._provenance = tuple(dict(p) for p in (provenance or ()))
        self._memo: dict[Any, Any] = {}

    # ------------------------------------------------------------------ basic views
    @property
    def nodes(self) -> pd.DataFrame:
        """The node table (a copy: the graph itself never changes)."""
        return self._nodes.copy()

    @property
    def node_ids(self) -> pd.Index:
        """Node ids in position order."""
        return self._nodes.index

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return len(self._nodes)

    @property
    def n_edges(self) -> int:
        """Number of edges (arcs when directed)."""
        return int(self._src.size)

    @property
    def directed(self) -> bool:
        """Whether edges are arcs."""
        return self._directed

    @property
    def src(self) -> np.ndarray:
        """Edge sources as node positions (read-only)."""
        return self._src

    @property
    def dst(self) -> np.ndarray:
        """Edge targets as node positions (read-only)."""
        return self._dst

    @property
    def edge_attributes(self) -> list[str]:
        """Names of the edge attributes."""
        return list(self._edge_attrs)

    @property
    def node_attributes(self) -> list[str]:
        """Names of the node attributes (the node table's columns)."""
        return [str(c) for c in self._nodes.columns]

    @property
    def provenance(self) -> tuple[dict[str, Any], ...]:
        """How the graph was made: one record per reading or building step."""
        return tuple(dict(p) for p in self._provenance)

    @property
    def has_contacts(self) -> pd.Series:
        """Whether each person has at least one tie to someone else, by node id.

        A self-loop is no contact. People without contacts (``False``) stay in the graph
        (they were in the study); measures that are undefined for them give ``nan`` and say
        so, and community comparisons and drawings leave them out by default.
        """
        return pd.Series(self._contact_mask(), index=self._nodes.index, name="has_contacts")

    @property
    def isolates(self) -> pd.Index:
        """Ids of the people without contacts (no tie to anyone else; see
        :attr:`has_contacts`)."""
        return self._nodes.index[~self._contact_mask()]

    @property
    def n_isolates(self) -> int:
        """Number of people without contacts (no tie to anyone else; self-loops do not
        count). Shown in the repr and the summary."""
        return int(self.n_nodes - np.count_nonzero(self._contact_mask()))

    def _contact_mask(self) -> np.ndarray:
        def compute() -> np.ndarray:
            other = self._src != self._dst
            seen = np.zeros(self.n_nodes, dtype=bool)
            seen[self._src[other]] = True
            seen[self._dst[other]] = True
            return seen

        return self.memoize("has_contacts", compute)

    def node_attr(self, name: Any) -> pd.Series:
        """One node attribute as a Series by node id (without copying the whole table)."""
        if name not in self._nodes.columns:
            have = ", ".join(repr(c) for c in self._nodes.columns) or "none"
            raise InputError(f"{shown(name)} is not a node attribute; the node attributes are: "
                             f"{have}.")
        return self._nodes[name].copy()

    def has_node_attr(self, name: Any) -> bool:
        """Whether ``name`` is a column of the node table."""
        try:
            return name in self._nodes.columns
        except TypeError:
            return False

    def memoize(self, key: Any, compute: Any) -> Any:
        """``compute()`` once per ``key``, then the stored value (the graph is immutable).

        For derived arrays that several measures need (degrees, strengths); returned arrays
        are made read-only.
        """
        if key not in self._memo:
            value = compute()
            for arr in value if isinstance(value, tuple) else (value,):
                if isinstance(arr, np.ndarray):
                    arr.setflags(write=False)
            self._memo[key] = value
        return self._memo[key]

    def edge_attr(self, name: str) -> np.ndarray:
        """The values of edge attribute ``name`` (read-only array)."""
        if name not in self._edge_attrs:
            have = ", ".join(repr(k) for k in self._edge_attrs) or "none"
            raise InputError(
                f"weight must name an edge attribute of the graph; got {shown(name)}, but the edge "
                f"attributes are: {have}. Pass weight=None to count edges."
            )
        return self._edge_attrs[name]

    @property
    def edges(self) -> pd.DataFrame:
        """The edges as a table: ``source``, ``target`` (node ids) and the edge attributes."""
        ids = self._nodes.index
        table = pd.DataFrame({"source": ids.take(self._src), "target": ids.take(self._dst)})
        for key, arr in self._edge_attrs.items():
            table[key] = arr
        return table

    def has_loops(self) -> bool:
        """Whether any edge joins a node to itself."""
        return bool(np.any(self._src == self._dst))

    def has_multi_edges(self) -> bool:
        """Whether two edges join the same (ordered, if directed) pair of nodes."""
        a, b = self._src.astype(np.int64), self._dst.astype(np.int64)
        if not self._directed:
            a, b = np.minimum(a, b), np.maximum(a, b)
        key = a * max(self.n_nodes, 1) + b
        return bool(np.unique(key).size < key.size)

    def degree(self, *, mode: str = "all", weight: str | None = None) -> pd.Series:
        """Degree (or strength, with ``weight``) of every node, by node id.

        ``mode`` is ``"all"``, ``"out"`` or ``"in"``; for an undirected graph all three agree.
        A self-loop adds 2 to the undirected degree, as in igraph and networkx.

        ``weight`` names an edge attribute of numbers (not true/false values), finite; they
        are summed in float64, so integer weights never wrap around. A bad weight raises an
        :class:`~netmix.InputError` naming the edge and its endpoints (the check of
        :func:`netmix.graph.edge_weights`, as for every measure).

        Examples
        --------
        >>> import pandas as pd
        >>> g = SocialGraph(pd.DataFrame(index=["a", "b", "c"]), [0, 1], [1, 2],
        ...                 edge_attrs={"w": [2, 3]})
        >>> g.degree(weight="w").tolist()
        [2.0, 5.0, 3.0]
        """
        check_choice("mode", mode, ("all", "out", "in"))
        w = edge_weights(self, weight)
        n = self.n_nodes
        if self._directed and mode != "all":
            ends = self._src if mode == "out" else self._dst
            deg = np.bincount(ends, weights=w, minlength=n)
        else:
            deg = np.bincount(self._src, weights=w, minlength=n) + np.bincount(
                self._dst, weights=w, minlength=n)
        return pd.Series(deg, index=self._nodes.index, name="strength" if w is not None
                         else "degree")

    # ------------------------------------------------------------------ derived graphs
    def with_provenance(self, record: Mapping[str, Any], *, first: bool = False) -> SocialGraph:
        """A copy of the graph with one more provenance record (appended, or put ``first``)."""
        records = ((dict(record), *self._provenance) if first
                   else (*self._provenance, dict(record)))
        return self._replace(provenance=records)

    def _replace(self, **changes: Any) -> SocialGraph:
        if set(changes) <= {"provenance"}:  # same nodes and edges: share the frozen arrays
            new = object.__new__(SocialGraph)
            new._nodes, new._src, new._dst = self._nodes, self._src, self._dst
            new._directed, new._edge_attrs = self._directed, dict(self._edge_attrs)
            records = changes.get("provenance", self._provenance)
            new._provenance = tuple(dict(p) for p in records)
            new._memo = {}
            return new
        kw: dict[str, Any] = {
            "nodes": self._nodes, "src": self._src, "dst": self._dst,
            "directed": self._directed, "edge_attrs": self._edge_attrs,
            "provenance": self._provenance,
        }
        kw.update(changes)
        nodes, src, dst = kw.pop("nodes"), kw.pop("src"), kw.pop("dst")
        return SocialGraph(nodes, src, dst, **kw)

    def with_nodes(self, nodes: pd.DataFrame) -> SocialGraph:
        """A copy with another node table over the same ids (e.g. with a new attribute column)."""
        if not isinstance(nodes, pd.DataFrame) or not nodes.index.equals(self._nodes.index):
            raise InputError(
                "nodes must be a DataFrame indexed by the graph's node ids in the same order; "
                "use graph.nodes.assign(...) to add columns."
            )
        return self._replace(nodes=nodes)

    def subgraph(self, keep: np.ndarray | Sequence[bool]) -> SocialGraph:
        """The subgraph induced by the nodes where the boolean mask ``keep`` is true."""
        mask = np.asarray(keep, dtype=bool)
        if mask.shape != (self.n_nodes,):
            raise InputError(
                f"keep must be a boolean mask with one value per node ({self.n_nodes}); got "
                f"shape {mask.shape}."
            )
        new_pos = np.cumsum(mask) - 1
        emask = mask[self._src] & mask[self._dst]
        attrs = {k: v[emask] for k, v in self._edge_attrs.items()}
        return SocialGraph(
            self._nodes[mask], new_pos[self._src[emask]], new_pos[self._dst[emask]],
            directed=self._directed, edge_attrs=attrs,
            provenance=(*self._provenance, {"step": "subgraph", "nodes_kept": int(mask.sum()),
                                            "edges_kept": int(emask.sum())}),
        )
