"""What both engines share: the inputs (edge files, node table), the options, node id
lookup, and the checks and error messages.

The design: the node side (one row a person) is read into memory with pandas and turned
into the very same :class:`~netmix.core.GroupCodes` that the in-memory
functions use (labels, order, missing values, messages); the edge side is not held in
memory, except when every endpoint must be known before an edge is counted (no node table,
or ``add_missing_nodes=True``): then the endpoint and weight columns are read into memory
once (:meth:`EdgeInput.loaded`), so that each file is still read once. An engine turns
the edges into *canonical edges* (node positions, duplicates merged when asked) and sums
per-chunk tallies of them; this module turns the sums into the in-memory results.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, id_dtype, type_error
from ..core import LOOP_POLICIES, GroupCodes, group_codes
from ..exceptions import InputError
from ..graph import SocialGraph
from ..graph.build import prepare_nodes

__all__ = ["EdgeInput", "IdMap", "NodeSide", "Options", "edge_input", "node_side"]

_PARQUET = (".parquet", ".pq")
#: Negative node positions in a chunk: a missing node id, an id not in the node table.
NULL_ID, UNKNOWN_ID = -3, -2
#: Rows per batch when a chunk of edges is read into numpy.
BATCH_ROWS = 1 << 20


# ----------------------------------------------------------------------------- options
@dataclass(frozen=True)
class Options:
    """The edge-reading and counting options shared by every function."""

    source: Any = "source"
    target: Any = "target"
    node_id: Any = "id"
    directed: bool = False
    duplicates: str = "sum"
    loops: str = "count"
    missing: str = "raise"
    add_missing_nodes: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.directed, (bool, np.bool_)):
            raise type_error("directed", "True or False", self.directed)
        check_choice("duplicates", self.duplicates, ("sum", "keep"))
        check_choice("loops", self.loops, LOOP_POLICIES)
        check_choice("missing", self.missing, ("raise", "drop"))
        if not isinstance(self.add_missing_nodes, (bool, np.bool_)):
            raise type_error("add_missing_nodes", "True or False", self.add_missing_nodes)

    def merge(self, weighted_linear: bool) -> bool:
        """Whether the canonical edges must merge parallel edges (``duplicates="sum"``).

        Merging never changes a statistic that is a sum of edge weights (a weighted mixing
        matrix, weighted moments): the merged weight is the sum. It matters when edges are
        counted, or paired once each (degree assortativity).
        """
        return self.duplicates == "sum" and not weighted_linear


# ----------------------------------------------------------------------------- edges
@dataclass(frozen=True)
class EdgeInput:
    """Edge files (Parquet), or an in-memory table, and what they hold."""

    paths: tuple[str, ...]
    table: Any  # pyarrow.Table when the edges were given in memory, else None
    columns: tuple[str, ...]
    types: dict[str, Any] = field(repr=False)
    n_rows: int = 0
    labels: Any = None  # row labels of an in-memory DataFrame (for messages)
    file_rows: tuple[int, ...] = ()  # rows of each file, when ``table`` holds the files' rows

    @property
    def what(self) -> str:
        if not self.paths:
            return "edges (DataFrame)"
        return f"edges ({self.paths[0]})" if len(self.paths) == 1 else \
            f"edges ({len(self.paths)} files)"

    def loaded(self, columns: Sequence[str]) -> EdgeInput:
        """The same edges with ``columns`` of the files read into memory once (a pyarrow
        Table; file names and row numbers kept for the messages): every pass scans it."""
        if self.table is not None:
            return self
        import pyarrow as pa
        import pyarrow.parquet as pq

        cols = list(dict.fromkeys(columns))
        parts = [pq.ParquetFile(p).read(columns=cols) for p in self.paths]
        table = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
        return EdgeInput(self.paths, table, self.columns, self.types, table.num_rows,
                         None, tuple(t.num_rows for t in parts))

    def check_column(self, column: Any, argument: str) -> None:
        if column not in self.columns:
            have = ", ".join(repr(c) for c in self.columns[:20])
            raise InputError(
                f"{argument} must name a column in {self.what}; got {column!r}, but the columns "
                f"are: {have}. Pass {argument}=<one of those names>.")

    def batches(self, columns: Sequence[str], rows: int = BATCH_ROWS
                ) -> Iterator[tuple[str | None, int, Any]]:
        """``(path, first row, pyarrow.RecordBatch)`` over the edges, in file order."""
        if self.table is not None:
            table = self.table.select(list(columns))
            first = 0
            for path, n in zip(self.paths or (None,), self.file_rows or (table.num_rows,),
                               strict=True):
                start = 0
                for batch in table.slice(first, n).to_batches(rows):
                    yield path, start, batch
                    start += batch.num_rows
                first += n
            return
        import pyarrow.parquet as pq

        for path in self.paths:
            start = 0
            for batch in pq.ParquetFile(path).iter_batches(rows, columns=list(columns)):
                yield path, start, batch
                start += batch.num_rows

    def where(self, path: str | None, row: int) -> str:
        """``FILE, row N`` (from 1) or ``row LABEL`` of a DataFrame, as netmix.read_edges."""
        if path is None:
            label = self.labels[row] if self.labels is not None else row
            return f"row {label.item() if isinstance(label, np.generic) else label!r}"
        return f"{path}, row {row + 1}"


def _expand(edges: Any) -> list[str]:
    items = [edges] if isinstance(edges, (str, os.PathLike)) else list(edges)
    paths: list[str] = []
    for item in items:
        if not isinstance(item, (str, os.PathLike)):
            raise type_error("edges", "a Parquet file, a glob, a list of them, or a table",
                             item)
        text = os.fspath(item)
        if any(ch in text for ch in "*?["):
            found = sorted(glob.glob(text))
            if not found:
                raise InputError(f"edges: no file matches {text!r}; check the pattern.")
            paths.extend(found)
        elif Path(text).is_dir():
            found = sorted(str(p) for p in Path(text).rglob("*") if p.suffix in _PARQUET)
            if not found:
                raise InputError(f"edges: the directory {text!r} holds no .parquet file.")
            paths.extend(found)
        elif not Path(text).is_file():
            raise InputError(f"edges {text!r} does not exist or is not a file; check the path.",
                             path=text)
        else:
            paths.append(text)
    if not paths:
        raise InputError("edges must name at least one Parquet file; got an empty list.")
    return paths


def edge_input(edges: Any) -> EdgeInput:
    """Describe ``edges``: Parquet file(s) (path, glob, directory or list), or a DataFrame
    / pyarrow Table (handy for tests; the engines then scan it in place)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if isinstance(edges, pd.DataFrame):
        table = pa.Table.from_pandas(edges, preserve_index=False)
        return EdgeInput((), table, tuple(str(c) for c in table.column_names),
                         {n: table.schema.field(n).type for n in table.column_names},
                         table.num_rows, edges.index)
    if isinstance(edges, pa.Table):
        return EdgeInput((), edges, tuple(edges.column_names),
                         {n: edges.schema.field(n).type for n in edges.column_names},
                         edges.num_rows)
    if isinstance(edges, (bytes, bytearray)) or not isinstance(edges, (str, os.PathLike,
                                                                       Sequence)):
        raise type_error("edges", "a Parquet file, a glob, a list of them, or a DataFrame",
                         edges)
    paths = _expand(edges)
    for p in paths:
        if Path(p).suffix.lower() not in _PARQUET:
            raise InputError(f"edges must be Parquet files (.parquet); got {p!r}. Convert a "
                             "CSV once with duckdb or pyarrow, or use netmix.read_edges.")
    try:
        # one footer read a file: the first gives the schema, each its row count
        schema, n_rows = None, 0
        for p in paths:
            with pq.ParquetFile(p) as file:
                schema = file.schema_arrow if schema is None else schema
                n_rows += file.metadata.num_rows
    except Exception as exc:  # pyarrow raises its own error types
        raise InputError(f"edges {paths[0]!r} could not be read as Parquet: {exc}",
                         path=paths[0]) from None
    if n_rows == 0:
        raise InputError(f"edges {paths[0]!r} has no rows.", path=paths[0])
    return EdgeInput(tuple(paths), None, tuple(schema.names),
                     {n: schema.field(n).type for n in schema.names}, n_rows)


def _kind(arrow_type: Any) -> str:
    import pyarrow as pa

    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    if pa.types.is_integer(arrow_type):
        return "i"
    if pa.types.is_floating(arrow_type):
        return "f"
    if pa.types.is_boolean(arrow_type):
        return "b"
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "U"
    return "O"


def check_edge_columns(e: EdgeInput, opts: Options, weight: Any) -> None:
    """The endpoint and weight columns exist and have usable types."""
    e.check_column(opts.source, "source")
    e.check_column(opts.target, "target")
    for col in (opts.source, opts.target):
        if _kind(e.types[col]) not in "iU":
            raise InputError(f"{'source' if col == opts.source else 'target'}: column {col!r} "
                             f"must hold node ids (integers or strings); got "
                             f"{e.types[col]}.")
    if weight is not None:
        if not isinstance(weight, str):
            raise type_error("weight", "None or the name of an edge column", weight)
        e.check_column(weight, "weight")
        if _kind(e.types[weight]) not in "if":
            kind = "true/false values" if _kind(e.types[weight]) == "b" else e.types[weight]
            raise InputError(f"weight: edge attribute {weight!r} must be numeric (integers or "
                             f"floats); got {kind}. Give a numeric column of tie weights.")


# ----------------------------------------------------------------------------- nodes
@dataclass
class NodeSide:
    """The node table in memory: a SocialGraph without edges (for group codes and values,
    exactly as the in-memory functions compute them) and the ids in position order."""

    graph: SocialGraph
    n_added: int = 0

    @property
    def ids(self) -> pd.Index:
        return self.graph.node_ids

    @property
    def n(self) -> int:
        return self.graph.n_nodes

    def codes(self, groups: Any, *, missing: str = "raise", argument: str = "groups"
              ) -> GroupCodes:
        """Group codes as :func:`netmix.mixing_matrix` makes them (same labels and order)."""
        return group_codes(self.graph, groups, missing=missing, argument=argument)

    def with_added(self, new_ids: Sequence[Any]) -> NodeSide:
        """The node table with ``new_ids`` appended (missing attributes), as
        ``read_edges(..., add_missing_nodes=True)`` does."""
        if len(new_ids) == 0:
            return self
        nodes = self.graph.nodes
        extra = pd.DataFrame(index=pd.Index(list(new_ids), name=nodes.index.name))
        table = pd.concat([nodes, extra])
        return NodeSide(_empty_graph(table), len(new_ids))


def _empty_graph(nodes: pd.DataFrame) -> SocialGraph:
    empty = np.zeros(0, dtype=np.int32)
    return SocialGraph(nodes, empty, empty)


def _read_node_columns(path: str, columns: dict[str, Any], node_id: Any) -> pd.DataFrame:
    import pyarrow.parquet as pq

    try:  # one file object: the footer is read once, for the schema and the columns
        file = pq.ParquetFile(path)
        schema = file.schema_arrow
    except Exception as exc:  # pyarrow raises its own error types
        raise InputError(f"nodes {path!r} could not be read as Parquet: {exc}",
                         path=path) from None
    names = list(schema.names)
    if node_id not in names:
        have = ", ".join(repr(c) for c in names[:20])
        raise InputError(f"node_id must name a column in nodes ({path}); got {node_id!r}, but "
                         f"the columns are: {have}. Pass node_id=<one of those names>.")
    for argument, col in columns.items():
        if col not in names:
            have = ", ".join(repr(c) for c in names if c != node_id) or "none"
            raise InputError(f"{argument} must name a node attribute or give one value per "
                             f"node; got {col!r}, but the node attributes are: {have}.")
    wanted = [node_id, *dict.fromkeys(c for c in columns.values() if c != node_id)]
    with file:
        table = file.read(columns=wanted).to_pandas()
    if len(table) == 0:
        raise InputError(f"nodes {path!r} has no rows.", path=path)
    table.index = pd.RangeIndex(1, len(table) + 1, name="row")
    table.attrs.update(netmix_path=str(path), netmix_unit="row")
    return table


def node_side(nodes: Any, opts: Options, arguments: dict[str, Any]) -> NodeSide:
    """Read the node table (only ``node_id`` and the columns that ``arguments`` name, e.g.
    ``{"groups": "dept"}``) and validate it as ``netmix.read_edges`` does: missing ids
    raise, repeated ids must agree (on the columns read) and are collapsed."""
    columns = {a: c for a, c in arguments.items() if isinstance(c, str)}
    if isinstance(nodes, (str, os.PathLike)):
        path = os.fspath(nodes)
        if not Path(path).is_file():
            raise InputError(f"nodes {path!r} does not exist or is not a file; check the path.",
                             path=path)
        if Path(path).suffix.lower() not in _PARQUET:
            raise InputError(f"nodes must be a Parquet file (.parquet) or a DataFrame; got "
                             f"{path!r}.")
        table = _read_node_columns(path, columns, opts.node_id)
        node_id = opts.node_id
    elif isinstance(nodes, pd.DataFrame):
        table, node_id = nodes, opts.node_id
        if node_id is not None and node_id not in nodes.columns \
                and nodes.index.name == node_id:
            node_id = None
        if all(c in table.columns for c in columns.values()):  # else all, for the message
            keep = list(columns.values())
            if node_id is not None:
                keep = [node_id, *[c for c in keep if c != node_id]]
            table = table[list(dict.fromkeys(keep))] if keep else table
    else:
        raise type_error("nodes", "a Parquet file or a pandas DataFrame", nodes)
    prepared, _ = prepare_nodes(table, node_id)
    return NodeSide(_empty_graph(prepared))


# ----------------------------------------------------------------------------- id maps
#: A lookup table maps integer ids to positions when their range is at most this many
#: slots per node (4 bytes a slot): an array gather instead of a hash join.
LUT_SLOTS_PER_NODE = 8


class IdMap:
    """Node id -> position, for chunks of ids: a lookup table when the ids are integers in
    a compact range (``max - min < 8 n``), else a hash lookup (``pandas.Index``)."""

    def __init__(self, ids: pd.Index) -> None:
        self.index = ids
        self.lut: np.ndarray | None = None
        self.lo = 0
        if len(ids) and pd.api.types.is_integer_dtype(ids.dtype):
            lo, hi = int(ids.min()), int(ids.max())
            if hi - lo < LUT_SLOTS_PER_NODE * len(ids) + (1 << 16):
                self.lo = lo
                dtype = id_dtype(len(ids))  # int32 below 2**31 nodes
                lut = np.full(hi - lo + 1, UNKNOWN_ID, dtype=dtype)
                lut[np.asarray(ids, dtype=np.int64) - lo] = np.arange(len(ids), dtype=dtype)
                self.lut = lut

    def positions(self, arr: Any) -> np.ndarray:
        """int32 positions of a pyarrow (or numpy) array of ids; ``NULL_ID`` for a missing
        id and ``UNKNOWN_ID`` for an id not in the node table."""
        import pyarrow as pa
        import pyarrow.compute as pc

        null = None
        if isinstance(arr, (pa.Array, pa.ChunkedArray)):
            if arr.null_count:
                null = arr.is_null().to_numpy(zero_copy_only=False)
                arr = pc.fill_null(arr, self.lo if self.lut is not None else "")
            values = arr.to_numpy(zero_copy_only=False)
        else:
            values = np.asarray(arr)
            isna = pd.isna(values)
            if isna.any():
                null = isna
        if self.lut is not None and values.dtype.kind in "iu":
            idx = values.astype(np.int64, copy=False) - self.lo
            if idx.size and (idx.min() < 0 or idx.max() >= self.lut.size):
                inside = (idx >= 0) & (idx < self.lut.size)
                pos = np.full(idx.size, UNKNOWN_ID, dtype=self.lut.dtype)
                pos[inside] = self.lut[idx[inside]]
            else:
                pos = self.lut[idx]
        else:
            pos = self.index.get_indexer(values).astype(id_dtype(len(self.index)), copy=False)
            pos[pos < 0] = UNKNOWN_ID
        if null is not None:
            pos = pos.copy() if not pos.flags.writeable else pos
            pos[null] = NULL_ID
        return pos
