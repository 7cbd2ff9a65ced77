"""Build a :class:`~netmix.graph.SocialGraph` from an edge table (and optionally a node table).

:func:`from_edges` validates at the boundary, and whatever it drops on request is counted in
the graph's provenance. :mod:`netmix.graph.contacts` builds on it for contact records.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    check_choice,
    check_column,
    check_weights,
    positions_within,
    type_error,
    where,
)
from ..exceptions import InputError
from .social import SocialGraph

__all__ = ["check_weight_columns", "from_edges", "prepare_nodes", "source_name"]


def source_name(table: pd.DataFrame, name: str) -> str:
    """``name`` followed by the file the table was read from, if any."""
    path = table.attrs.get("netmix_path")
    return f"{name} ({path})" if path is not None else name


# --------------------------------------------------------------------------- node tables
def prepare_nodes(nodes: pd.DataFrame, node_id: Any = None, *, argument: str = "nodes"
                  ) -> tuple[pd.DataFrame, int]:
    """Validate a node table and index it by node id.

    Rows repeating an id with identical attributes are collapsed (their count is returned);
    repeated ids with conflicting attributes raise, naming the id and both rows.
    """
    if not isinstance(nodes, pd.DataFrame):
        raise type_error(argument, "a pandas DataFrame", nodes)
    if len(nodes) == 0:
        raise InputError(f"{argument} must have at least one row; got an empty table.")
    table = nodes
    if node_id is not None:
        check_column(nodes, node_id, "node_id", source=source_name(nodes, argument))
        bad = nodes[node_id].isna().to_numpy()
        if bad.any():
            label = nodes.index[np.flatnonzero(bad)[0]]
            raise InputError(f"{argument}: the node id is missing at {where(nodes, label)}; "
                             "every node needs an id.")
        table = nodes.set_index(node_id)
        table.attrs = dict(nodes.attrs)
    n_collapsed = 0
    if not table.index.is_unique:
        rows = table.reset_index(drop=False)
        distinct = rows.drop_duplicates()
        clash = distinct.iloc[:, 0].duplicated(keep=False).to_numpy()
        if clash.any():
            nid = distinct.iloc[np.flatnonzero(clash)[0], 0]
            # positions of the id's first row and of the first row that differs from it
            pos = distinct.index[(distinct.iloc[:, 0] == nid).to_numpy()][:2]
            if node_id is not None:
                locs = " and ".join(where(nodes, nodes.index[p]) for p in pos)
            else:
                locs = f"rows {pos[0]} and {pos[1]}, counting from 0"
            raise InputError(
                f"{argument}: node id {_plain(nid)!r} appears more than once with different "
                f"attributes ({locs}); keep one row per node."
            )
        n_collapsed = int(len(table) - len(distinct))
        table = table[~table.index.duplicated(keep="first")]
    table = table.copy()
    table.index.name = table.index.name or "id"
    return table, n_collapsed


def _plain(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def _missing_error(ids: pd.Index, table: pd.DataFrame, columns: tuple, values: tuple,
                   missing: tuple) -> InputError:
    """Name the earliest row (either endpoint) whose node is not in the node table."""
    rows = [int(np.flatnonzero(m)[0]) if m.any() else len(table) for m in missing]
    c = int(np.argmin(rows))
    k, column, bad = rows[c], columns[c], _plain(values[c][rows[c]])
    hint = ""
    kind = pd.Index(values[c][k:k + 1], tupleize_cols=False).dtype
    if ids.dtype.kind != kind.kind:
        hint = (f" (node ids in the node table are {ids.dtype}, in the edges {kind}: make "
                "them the same type)")
    n_bad = len(pd.unique(np.concatenate([v[m] for v, m in zip(values, missing, strict=True)])))
    return InputError(
        f"{column}: node {bad!r} at {where(table, table.index[k])} is not in the node "
        f"table{hint}; {n_bad} such node id(s) in all. Add them to the node table, or "
        "pass add_missing_nodes=True to add them with missing attributes."
    )


def _node_ids(table: pd.DataFrame, source: Any, target: Any) -> tuple[np.ndarray, np.ndarray]:
    s, t = table[source].to_numpy(), table[target].to_numpy()
    if s.dtype.kind in "iu" and t.dtype.kind in "iu":
        return s, t  # integers are never missing
    bad = pd.isna(s) | pd.isna(t)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        column = source if pd.isna(s[k]) else target
        raise InputError(f"{column}: the node id is missing at {where(table, table.index[k])}; "
                         "every edge needs both endpoints.")
    return s, t


def _positions(index: pd.Index, ids: np.ndarray) -> np.ndarray:
    """``index.get_indexer(ids)``; by subtraction when the index is consecutive integers
    ``k, k+1, ...`` (node tables numbered in order: no hash table)."""
    n = len(index)
    ints = [isinstance(d, np.dtype) and d.kind in "iu" and np.can_cast(d, np.int64)
            for d in (index.dtype, ids.dtype)]
    if n and all(ints) and index.is_monotonic_increasing:
        first, last = int(index[0]), int(index[-1])
        if last - first == n - 1 and index.is_unique:
            if first == 0 and ids.size and positions_within(ids, n):
                return ids  # the ids are the positions (read only from here on)
            pos = ids.astype(np.int64) - first
            pos[(pos < 0) | (pos >= n)] = -1
            return pos
    return index.get_indexer(ids)


def _index_edges(edges: pd.DataFrame, source: Any, target: Any, nodes: pd.DataFrame | None,
                 add_missing_nodes: bool) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, int]:
    s_ids, t_ids = _node_ids(edges, source, target)
    if nodes is None:
        both = np.concatenate([s_ids, t_ids])
        try:
            codes, uniques = pd.factorize(both, sort=True)
        except TypeError:  # ids of mixed types that do not sort: keep first appearance
            codes, uniques = pd.factorize(both, sort=False)
        table = pd.DataFrame(index=pd.Index(uniques, name="id", tupleize_cols=False))
        m = len(s_ids)
        return table, codes[:m], codes[m:], 0
    s_pos, t_pos = _positions(nodes.index, s_ids), _positions(nodes.index, t_ids)
    if s_pos is s_ids and t_pos is t_ids:  # the ids are positions, all in range
        return nodes, s_pos, t_pos, 0
    s_miss, t_miss = s_pos < 0, t_pos < 0
    if not (s_miss.any() or t_miss.any()):
        return nodes, s_pos, t_pos, 0
    if not add_missing_nodes:
        raise _missing_error(nodes.index, edges, (source, target), (s_ids, t_ids),
                             (s_miss, t_miss))
    both = np.empty(2 * len(s_ids), dtype=object)  # first appearance, row by row
    both[0::2], both[1::2] = s_ids, t_ids
    new = list(pd.unique(both[np.ravel(np.column_stack([s_miss, t_miss]))]))
    extra = pd.DataFrame(index=pd.Index(new, name=nodes.index.name, tupleize_cols=False))
    nodes = pd.concat([nodes, extra])
    return nodes, nodes.index.get_indexer(s_ids), nodes.index.get_indexer(t_ids), len(new)


# --------------------------------------------------------------------------- edges
def from_edges(
    edges: pd.DataFrame,
    nodes: pd.DataFrame | None = None,
    *,
    source: Any = "source",
    target: Any = "target",
    node_id: Any = None,
    directed: bool = False,
    edge_attrs: Sequence[Any] | None = None,
    add_missing_nodes: bool = False,
    self_loops: str = "keep",
    duplicates: str = "sum",
    isolates: str = "keep",
    weight: Any | Sequence[Any] | None = None,
) -> SocialGraph:
    """Build a graph from an edge table and an optional node table.

    Parameters
    ----------
    edges : pandas.DataFrame
        One row per edge, with endpoint columns ``source`` and ``target``.
    nodes : pandas.DataFrame, optional
        Node attributes, indexed by node id (or with the id in column ``node_id``).
        Without it the nodes are the endpoints seen in ``edges``.
    source, target : column labels, default "source", "target"
    node_id : column label, optional
        Column of ``nodes`` holding the ids (default: the index).
    directed : bool, default False
    edge_attrs : sequence of column labels, optional
        Edge columns to keep as edge attributes (default: every other column).
    add_missing_nodes : bool, default False
        Add endpoints absent from ``nodes`` (with missing attributes) instead of raising.
    self_loops : {"keep", "drop", "error"}, default "keep"
    duplicates : {"sum", "keep", "error"}, default "sum"
        Parallel edges (the same pair; either order when undirected): ``"sum"`` merges them,
        adding numeric attributes and keeping their count in ``n_merged``; ``"keep"`` keeps
        multi-edges; ``"error"`` raises naming the first repeated pair.
    isolates : {"keep", "drop"}, default "keep"
        Nodes of ``nodes`` with no edge (after dropping).
    weight : column label or list of them, optional
        Columns that will be used as weights: checked here to hold finite numbers >= 0 (not
        true/false values, not text), an error naming the row (the file and line for a
        table read by :func:`netmix.read_edges`) and the value.

    Returns
    -------
    SocialGraph
        Its provenance counts what was dropped, merged or added. Merged integer attributes
        whose sum could pass the int64 range are summed as float64 (never wrapped around).

    Examples
    --------
    >>> import pandas as pd
    >>> import netmix
    >>> e = pd.DataFrame({"source": [1, 2, 2], "target": [2, 3, 1], "w": [1.0, 2.0, 3.0]})
    >>> g = netmix.from_edges(e)
    >>> g.edges
       source  target    w  n_merged
    0       1       2  4.0         2
    1       2       3  2.0         1
    """
    if not isinstance(edges, pd.DataFrame):
        raise type_error("edges", "a pandas DataFrame", edges)
    check_choice("self_loops", self_loops, ("keep", "drop", "error"))
    check_choice("duplicates", duplicates, ("sum", "keep", "error"))
    check_choice("isolates", isolates, ("keep", "drop"))
    check_column(edges, source, "source", source=source_name(edges, "edges"))
    check_column(edges, target, "target", source=source_name(edges, "edges"))
    if edge_attrs is None:
        edge_attrs = [c for c in edges.columns if c not in (source, target)]
    for col in edge_attrs:
        check_column(edges, col, "edge_attrs", source=source_name(edges, "edges"))
    edges = check_weight_columns(edges, weight)
    record: dict[str, Any] = {"step": "from_edges", "edges_in": len(edges),
                              "directed": bool(directed)}
    if nodes is not None:
        nodes, n_collapsed = prepare_nodes(nodes, node_id)
        if n_collapsed:
            record["duplicate_node_rows_collapsed"] = n_collapsed
    table, src, dst, n_added = _index_edges(edges, source, target, nodes, add_missing_nodes)
    if n_added:
        record["nodes_added"] = n_added
    attrs = {str(c): edges[c].to_numpy() for c in edge_attrs}
    labels = edges.index
    loops = src == dst if self_loops != "keep" else None  # kept loops need no look
    if loops is not None and loops.any():
        if self_loops == "error":
            k = int(np.flatnonzero(loops)[0])
            raise InputError(
                f"edges: self-loop at {where(edges, edges.index[k])} (node "
                f"{_plain(table.index[src[k]])!r}); pass self_loops='drop' or 'keep'."
            )
        keep = ~loops
        record["self_loops_dropped"] = int(loops.sum())
        src, dst, attrs = src[keep], dst[keep], {k: v[keep] for k, v in attrs.items()}
        labels = edges.index[keep]
    graph = from_positions(table, src, dst, attrs, directed=directed, duplicates=duplicates,
                           record=record, edges=edges, labels=labels)
    return _drop_isolates(graph, isolates, record) if nodes is not None else graph


def from_positions(nodes: pd.DataFrame, src: np.ndarray, dst: np.ndarray,
                   attrs: dict[str, np.ndarray], *, directed: bool, duplicates: str,
                   record: dict[str, Any], edges: pd.DataFrame | None = None,
                   labels: pd.Index | None = None, before: Sequence[dict] = ()
                   ) -> SocialGraph:
    """The last step of :func:`from_edges`, on edges already given as node positions (the
    converters use it directly): an undirected edge is stored from its lower position,
    parallel edges are merged or kept (``duplicates``), and the provenance is ``before``
    then ``record``. ``edges`` and ``labels`` (its rows) only name a repeated pair for
    ``"error"``."""
    if labels is None:
        labels = pd.RangeIndex(len(src))
    src, dst, attrs, _ = _dedupe(src, dst, attrs, labels, directed, len(nodes), duplicates,
                                 edges, record)
    return SocialGraph(nodes, src, dst, directed=directed, edge_attrs=attrs,
                       provenance=[*before, record])


def check_weight_columns(table: pd.DataFrame, weight: Any) -> pd.DataFrame:
    """Check the columns named by ``weight`` (one label or a list) with the one weight check
    (:func:`netmix._validation.check_weights`), naming the file and line of a bad value.

    Returns the table, with columns of numbers stored as Python objects made float64 (in a
    copy).
    """
    if weight is None:
        return table
    columns = list(weight) if isinstance(weight, (list, tuple)) else [weight]
    out = table
    for col in columns:
        check_column(table, col, "weight", source=source_name(table, "the edge table"))
        w = check_weights(table[col].to_numpy(), what=f"column {col!r}", table=table,
                          fix="Fix or remove that row.")
        if table[col].dtype.kind not in "iuf":  # numbers stored as objects: store floats
            if out is table:
                out = table.copy()
                out.attrs = dict(table.attrs)
            out[col] = w
    return out


def _sum_groups(name: str, v: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sums of the runs of ``v`` that begin at ``starts``, never wrapping around: integer
    sums that could leave the int64 (uint64) range are made in float64."""
    if v.dtype.kind == "b":
        v = v.astype(np.int64)  # merging counts the true values
    if v.dtype.kind not in "iuf":
        raise InputError(
            f"edges: parallel edges cannot be merged because edge attribute {name!r} is not "
            f"numeric (dtype {v.dtype}); pass duplicates='keep', or leave it out with "
            "edge_attrs=[...]."
        )
    if v.dtype.kind in "iu" and v.size:
        as_float = np.add.reduceat(v.astype(np.float64), starts)
        if v.dtype.kind == "u" and int(v.max()) > np.iinfo(np.int64).max:
            return as_float
        exact = np.add.reduceat(v.astype(np.int64, copy=False), starts)
        # a sum that wrapped around is off by a multiple of 2**64; the float sums are off
        # by far less than 2**62: then keep the float sums (never a wrapped number)
        return as_float if (np.abs(exact - as_float) > 2.0**62).any() else exact
    return np.add.reduceat(v, starts)


def _ordered_ends(src: np.ndarray, dst: np.ndarray, directed: bool
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The ends, the lower position first when undirected (``src`` and ``dst`` themselves
    when no edge needs swapping)."""
    if not directed and (dst < src).any():
        return np.minimum(src, dst), np.maximum(src, dst)
    return src, dst


def _pair_keys(src: np.ndarray, dst: np.ndarray, n: int, directed: bool
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ends (:func:`_ordered_ends`) and the pair keys ``lo * n + hi`` (int64)."""
    src, dst = _ordered_ends(src, dst, directed)
    key = np.multiply(src, n, dtype=np.int64)
    key += dst
    return src, dst, key


def _dedupe(src, dst, attrs, labels, directed, n, policy, edges, record):
    if policy == "keep" or src.size == 0:
        return *_ordered_ends(src, dst, directed), attrs, labels
    # no repeated pair (the common case): the keys in order prove it, or one unstable sort
    # in place (~16x cheaper than the stable argsort at 1e7 edges); the stable argsort
    # orders the merges when needed
    src, dst, key = _pair_keys(src, dst, n, directed)
    head = key[:1025]  # most unordered lists show it in their first pairs
    if (head[1:] > head[:-1]).all() and (key[1:] > key[:-1]).all():
        return src, dst, attrs, labels  # in order: no pair repeats
    key.sort()
    if not (key[1:] == key[:-1]).any():
        return src, dst, attrs, labels
    key = _pair_keys(src, dst, n, True)[2]  # (sorted in place above)
    order = np.argsort(key, kind="stable")
    ks = key[order]
    starts = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1]])
    if starts.size == ks.size:
        return src, dst, attrs, labels
    if policy == "error":
        rep = int(np.flatnonzero(ks[1:] == ks[:-1])[0])
        a, b = order[rep], order[rep + 1]
        raise InputError(
            f"edges: the pair at {where(edges, labels[b])} repeats the one at "
            f"{where(edges, labels[a])}; pass duplicates='sum' to merge parallel edges or "
            "duplicates='keep' to keep them as multi-edges."
        )
    merged = {name: _sum_groups(name, values[order], starts) for name, values in attrs.items()}
    merged["n_merged"] = np.diff(np.r_[starts, ks.size])
    record["duplicate_edges_merged"] = int(ks.size - starts.size)
    first = order[starts]
    return src[first], dst[first], merged, labels[first]


def _drop_isolates(graph: SocialGraph, isolates: str, record: dict) -> SocialGraph:
    if isolates == "keep":
        return graph
    has_edge = np.zeros(graph.n_nodes, dtype=bool)
    has_edge[graph.src] = True
    has_edge[graph.dst] = True
    n_iso = int((~has_edge).sum())
    record["isolates_dropped"] = n_iso
    kept = graph.subgraph(has_edge) if n_iso else graph
    return kept._replace(provenance=(*graph.provenance[:-1], record))
