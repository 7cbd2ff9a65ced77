"""Build :class:`~netmix.graph.SocialGraph` objects from edge tables and contact records.

:func:`from_edges` turns an edge table (and optionally a node table) into a graph;
:func:`from_contacts` aggregates time-stamped contact records (the SocioPatterns format)
into weighted edges. Both validate at the boundary, and whatever they drop on request is
counted in the graph's provenance.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._validation import (
    check_choice,
    check_column,
    check_nonneg,
    check_positive,
    check_weights,
    describe,
    shown,
    type_error,
    where,
)
from .exceptions import InputError
from .graph import SocialGraph

__all__ = ["from_contacts", "from_edges", "prepare_nodes"]


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
    bad = pd.isna(s) | pd.isna(t)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        column = source if pd.isna(s[k]) else target
        raise InputError(f"{column}: the node id is missing at {where(table, table.index[k])}; "
                         "every edge needs both endpoints.")
    return s, t


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
    s_pos, t_pos = nodes.index.get_indexer(s_ids), nodes.index.get_indexer(t_ids)
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
    keep = np.ones(len(src), dtype=bool)
    loops = src == dst
    if loops.any():
        if self_loops == "error":
            k = int(np.flatnonzero(loops)[0])
            raise InputError(
                f"edges: self-loop at {where(edges, edges.index[k])} (node "
                f"{_plain(table.index[src[k]])!r}); pass self_loops='drop' or 'keep'."
            )
        if self_loops == "drop":
            keep &= ~loops
            record["self_loops_dropped"] = int(loops.sum())
    src, dst, attrs, _ = _dedupe(src[keep], dst[keep], {k: v[keep] for k, v in attrs.items()},
                                 edges.index[keep], directed, len(table), duplicates, edges,
                                 record)
    graph = SocialGraph(table, src, dst, directed=directed, edge_attrs=attrs,
                        provenance=[record])
    return _drop_isolates(graph, isolates, record) if nodes is not None else graph


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


def _dedupe(src, dst, attrs, labels, directed, n, policy, edges, record):
    if not directed:
        src, dst = np.minimum(src, dst), np.maximum(src, dst)
    if policy == "keep" or src.size == 0:
        return src, dst, attrs, labels
    key = src.astype(np.int64) * n + dst
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


# --------------------------------------------------------------------------- contacts
def _to_time(name: str, value: Any, tz: str) -> float | None:
    """A window bound in the units of ``t``: a number as is, a date-time as Unix seconds."""
    if value is None:
        return None
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if not np.isfinite(value):
            raise InputError(f"{name} must be a finite time; got {describe(value)}. Pass None "
                             "for no bound.")
        return float(value)
    try:
        ts = pd.Timestamp(value)
        if ts is pd.NaT:
            raise ValueError("not a time")
    except (TypeError, ValueError):
        raise InputError(
            f"{name} must be a time in the file's units (a number) or a date-time such as "
            f"'2013-12-05 00:00'; got {describe(value)}."
        ) from None
    if ts.tzinfo is None:
        try:
            ts = ts.tz_localize(tz)
        except Exception as exc:  # unknown zone, or a local time skipped by DST
            raise InputError(
                f"{name}: the date-time {describe(value)} cannot be read in time zone tz="
                f"{tz!r} ({type(exc).__name__}: {exc}); pass an IANA zone such as "
                "'Europe/Paris', or a time-zone-aware date-time."
            ) from None
    return ts.timestamp()


def _shown_time(value: Any) -> str:
    """A window bound as the user wrote it (date-times as their ISO text)."""
    if isinstance(value, (datetime.datetime, datetime.date, np.datetime64)):
        return repr(str(pd.Timestamp(value)))
    return shown(value)


def from_contacts(
    contacts: pd.DataFrame,
    nodes: pd.DataFrame | None = None,
    *,
    resolution: float = 20,
    directed: bool = False,
    start: Any = None,
    end: Any = None,
    tz: str = "UTC",
    min_duration: float | None = None,
    self_loops: str = "error",
    add_missing_nodes: bool = False,
    isolates: str = "keep",
    class_attr: str = "class",
) -> SocialGraph:
    """Aggregate time-stamped contact records into a weighted graph.

    Each record ``(t, i, j)`` says that ``i`` and ``j`` were in contact during the
    interval ``[t - resolution, t]`` (the SocioPatterns convention). Records of the same pair
    become one edge with attributes

    * ``n_contacts``: the number of records;
    * ``duration``: ``n_contacts * resolution`` (seconds when ``t`` is in seconds);
    * ``first_contact``, ``last_contact``: the smallest and largest ``t``.

    Parameters
    ----------
    contacts : pandas.DataFrame
        Columns ``t``, ``i``, ``j`` and optionally ``Ci``, ``Cj`` (the classes of ``i`` and
        ``j``, which then become node attribute ``class_attr``), as
        :func:`netmix.io.read_contacts` returns them.
    nodes : pandas.DataFrame, optional
        Node attributes indexed by node id (:func:`netmix.io.read_metadata`).
    resolution : float, default 20
        Length of one record's interval, in the units of ``t``.
    directed : bool, default False
        Keep ``i -> j`` as recorded (True) or merge both orders into one edge (False).
    start, end : number or date-time, optional
        Keep records with ``start <= t < end``. Date-times (``"2013-12-05"``) are converted
        to Unix seconds; a naive date-time is read in time zone ``tz``.
    tz : str, default "UTC"
    min_duration : float, optional
        Drop edges whose total duration is below this (counted in the provenance).
    self_loops : {"error", "drop"}, default "error"
        A record of a person with themself is a data error unless dropped on request.
    add_missing_nodes : bool, default False
        Add people absent from ``nodes`` instead of raising.
    isolates : {"keep", "drop"}, default "keep"
        People of ``nodes`` left without any edge (absent, or outside the window).
    class_attr : str, default "class"
        Node attribute that receives ``Ci``/``Cj``.

    Returns
    -------
    SocialGraph

    Examples
    --------
    >>> import pandas as pd
    >>> import netmix
    >>> c = pd.DataFrame({"t": [20, 40, 40, 60], "i": [1, 1, 2, 2], "j": [2, 2, 3, 1]})
    >>> g = netmix.from_contacts(c)
    >>> g.edges
       source  target  n_contacts  duration  first_contact  last_contact
    0       1       2           3        60             20            60
    1       2       3           1        20             40            40
    """
    if not isinstance(contacts, pd.DataFrame):
        raise type_error("contacts", "a pandas DataFrame with columns t, i, j", contacts)
    for col in ("t", "i", "j"):
        check_column(contacts, col, "contacts", source=source_name(contacts, "the contact table"))
    check_positive("resolution", resolution)
    check_choice("self_loops", self_loops, ("error", "drop"))
    check_choice("isolates", isolates, ("keep", "drop"))
    if min_duration is not None:
        check_nonneg("min_duration", min_duration)
    t = _times(contacts)
    record: dict[str, Any] = {"step": "from_contacts", "records_in": len(contacts),
                              "resolution": resolution, "directed": bool(directed)}
    lo, hi = _to_time("start", start, tz), _to_time("end", end, tz)
    if lo is not None and hi is not None and lo >= hi:
        raise InputError(
            f"start must be before end (records kept: start <= t < end); got start="
            f"{_shown_time(start)} and end={_shown_time(end)}"
            + (f" (Unix seconds {lo:.0f} and {hi:.0f})" if (lo, hi) != (start, end) else "")
            + ", an empty window. Swap them, or pass None for an open bound.")
    keep = np.ones(len(t), dtype=bool)
    if lo is not None or hi is not None:
        keep &= (t >= (lo if lo is not None else -np.inf)) & (t < (hi if hi is not None
                                                                     else np.inf))
        record.update(window=(start, end), records_outside_window=int((~keep).sum()))
    loops = contacts["i"].to_numpy() == contacts["j"].to_numpy()
    if loops.any():
        if self_loops == "error":
            k = int(np.flatnonzero(loops)[0])
            raise InputError(
                f"contacts: person {_plain(contacts['i'].iloc[k])!r} is in contact with "
                f"themself at {where(contacts, contacts.index[k])}; pass self_loops='drop' to "
                "drop such records (they are counted)."
            )
        record["self_loops_dropped"] = int((loops & keep).sum())
        keep &= ~loops
    sub = contacts[keep]
    if nodes is not None:
        nodes, n_collapsed = prepare_nodes(nodes)
        if n_collapsed:
            record["duplicate_node_rows_collapsed"] = n_collapsed
    table, a, b, n_added = _index_edges(sub, "i", "j", nodes, add_missing_nodes)
    if n_added:
        record["nodes_added"] = n_added
    if "Ci" in contacts.columns and "Cj" in contacts.columns:
        table = _merge_classes(contacts, table, class_attr)
    src, dst, attrs = _aggregate(a, b, sub["t"].to_numpy(), len(table), directed, resolution)
    if min_duration is not None:
        ok = attrs["duration"] >= min_duration
        record["edges_below_min_duration"] = int((~ok).sum())
        src, dst = src[ok], dst[ok]
        attrs = {k: v[ok] for k, v in attrs.items()}
    graph = SocialGraph(table, src, dst, directed=directed, edge_attrs=attrs,
                        provenance=[record])
    return _drop_isolates(graph, isolates, record)


def _times(contacts: pd.DataFrame) -> np.ndarray:
    t = contacts["t"].to_numpy()
    if t.dtype.kind in "iu":
        return t
    values = t if t.dtype.kind == "f" else pd.to_numeric(
        pd.Series(t), errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"contacts: column 't' must hold finite numbers (times); got {describe(t[k])} at "
            f"{where(contacts, contacts.index[k])}. Fix or remove that record (files read "
            "with netmix.read_contacts are checked as they are read)."
        )
    return values


def _aggregate(a, b, t, n, directed, resolution):
    a = a.astype(np.int64)
    b = b.astype(np.int64)
    if not directed:
        a, b = np.minimum(a, b), np.maximum(a, b)
    key = a * n + b
    order = np.argsort(key, kind="stable")
    ks, ts = key[order], t[order]
    if ks.size == 0:
        z = np.zeros(0, dtype=np.int64)
        return z, z, {"n_contacts": z, "duration": z * resolution, "first_contact": ts,
                      "last_contact": ts}
    starts = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1]])
    counts = np.diff(np.r_[starts, ks.size]).astype(np.int64)
    duration = counts * resolution  # int64 for an integer resolution, else float64
    attrs = {
        "n_contacts": counts,
        "duration": duration,
        "first_contact": np.minimum.reduceat(ts, starts),
        "last_contact": np.maximum.reduceat(ts, starts),
    }
    return ks[starts] // max(n, 1), ks[starts] % max(n, 1), attrs


def _merge_classes(contacts: pd.DataFrame, table: pd.DataFrame, class_attr: str
                   ) -> pd.DataFrame:
    ids = np.concatenate([contacts["i"].to_numpy(), contacts["j"].to_numpy()])
    cls = np.concatenate([contacts["Ci"].to_numpy(), contacts["Cj"].to_numpy()])
    labels = np.concatenate([contacts.index.to_numpy()] * 2)
    order = np.argsort(np.concatenate([np.arange(len(contacts))] * 2), kind="stable")
    pairs = pd.DataFrame({"id": ids[order], "cls": cls[order], "label": labels[order]}
                         ).drop_duplicates(["id", "cls"])
    clash = pairs["id"].duplicated(keep="first").to_numpy()
    if clash.any():  # the earliest record giving someone a second class, and their first
        nid = pairs["id"].iloc[np.flatnonzero(clash)[0]]
        rows = pairs[(pairs["id"] == nid).to_numpy()].iloc[:2]
        locs = " and ".join(f"{where(contacts, lab)} ({c!r})"
                            for lab, c in zip(rows["label"], rows["cls"], strict=True))
        raise InputError(f"contacts: person {_plain(nid)!r} is in two classes, at {locs}; "
                         "fix the file.")
    per_node = pairs.set_index("id")[["cls", "label"]]
    per_node = per_node[per_node.index.isin(table.index)]
    if class_attr in table.columns:
        known = table.loc[per_node.index, class_attr]
        differ = (known.notna() & (known.astype(object) != per_node["cls"].astype(object))
                  ).to_numpy()
        if differ.any():
            k = int(np.flatnonzero(differ)[0])
            nid = _plain(per_node.index[k])
            raise InputError(
                f"contacts: person {nid!r} is in class {per_node['cls'].iloc[k]!r} in the "
                f"contact records ({where(contacts, per_node['label'].iloc[k])}) but in "
                f"{known.iloc[k]!r} in the node table ({class_attr!r}); fix one of them, or "
                "read the contacts without the Ci, Cj columns."
            )
        return table
    table = table.copy()
    table[class_attr] = per_node["cls"].reindex(table.index).to_numpy(dtype=object)
    return table
