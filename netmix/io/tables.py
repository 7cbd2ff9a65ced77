"""Generic edge and node tables from CSV, Parquet or pandas DataFrames."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_column, type_error, where
from ..build import from_edges, prepare_nodes
from ..exceptions import InputError
from ..graph import SocialGraph

__all__ = ["read_edges", "read_node_table", "read_table"]

_PARQUET = {".parquet", ".pq"}


def read_table(source: str | os.PathLike | pd.DataFrame, *, what: str = "table",
               sep: str | None = None) -> pd.DataFrame:
    """Read a CSV (header row) or Parquet file, or take a DataFrame, as a table.

    CSV rows are indexed by their line number in the file (the header is line 1), so that
    errors found later can name the line. ``sep`` defaults to ``","`` (``"\\t"`` for
    ``.tsv``).
    """
    if isinstance(source, pd.DataFrame):
        return source
    if not isinstance(source, (str, os.PathLike)):
        raise type_error(what, "a path to a CSV or Parquet file, or a pandas DataFrame", source)
    path = Path(source)
    if not path.is_file():
        raise InputError(f"{what} {str(path)!r} does not exist or is not a file; check the path.")
    if path.stat().st_size == 0:
        raise InputError(f"{what} {str(path)!r} is empty; it needs a header row and data.")
    try:
        if path.suffix.lower() in _PARQUET:
            table = pd.read_parquet(path)
        else:
            if sep is None:
                sep = "\t" if path.suffix.lower() == ".tsv" else ","
            table = pd.read_csv(path, sep=sep, skip_blank_lines=False)
            table.index = pd.RangeIndex(2, len(table) + 2, name="line")
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"{what} {str(path)!r} could not be parsed: {exc}") from None
    except Exception as exc:  # pyarrow raises its own error types
        raise InputError(f"{what} {str(path)!r} could not be read: {exc}") from None
    if len(table) == 0:
        raise InputError(f"{what} {str(path)!r} has a header but no rows.")
    table.attrs["netmix_path"] = str(path)
    return table


def _check_numeric(table: pd.DataFrame, column: Any, argument: str) -> pd.DataFrame:
    check_column(table, column, argument, source="the edge table")
    col = table[column]
    if col.dtype.kind in "iufb":
        values = col.to_numpy(dtype=float)
        bad = ~np.isfinite(values)
    else:
        values = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(values)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"{argument}: column {column!r} must hold finite numbers; got "
            f"{col.iloc[k]!r} at {where(table, table.index[k])}. Fix or remove that row."
        )
    if col.dtype.kind not in "iufb":
        table = table.copy()
        table[column] = values
    return table


def read_node_table(source: str | os.PathLike | pd.DataFrame, *, node_id: Any = "id",
                    sep: str | None = None) -> pd.DataFrame:
    """Read a node table (CSV, Parquet or DataFrame) and index it by ``node_id``.

    Repeated ids with identical attributes are collapsed; conflicting ones raise.
    """
    table = read_table(source, what="node table", sep=sep)
    nodes, _ = prepare_nodes(table, node_id, argument="node table")
    return nodes


def read_edges(
    edges: str | os.PathLike | pd.DataFrame,
    nodes: str | os.PathLike | pd.DataFrame | None = None,
    *,
    source: Any = "source",
    target: Any = "target",
    node_id: Any = "id",
    weight: Any | Sequence[Any] | None = None,
    directed: bool = False,
    sep: str | None = None,
    **options: Any,
) -> SocialGraph:
    """Read an edge table (and a node table) from CSV, Parquet or DataFrames into a graph.

    Parameters
    ----------
    edges : path-like or DataFrame
        One row an edge with endpoint columns ``source`` and ``target``.
    nodes : path-like or DataFrame, optional
        One row a node with its id in column ``node_id`` (for a DataFrame already indexed by
        id, pass ``node_id=None``).
    weight : column label or list of them, optional
        Columns that must hold finite numbers (checked here, naming the line of a bad value).
    directed : bool, default False
    sep : str, optional
        CSV separator.
    **options
        Passed to :func:`netmix.from_edges` (``add_missing_nodes``, ``self_loops``,
        ``duplicates``, ``isolates``, ``edge_attrs``).

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"a": ["x", "y"], "b": ["y", "z"], "minutes": [5, 10]})
    >>> n = pd.DataFrame({"id": ["x", "y", "z"], "group": ["g1", "g1", "g2"]})
    >>> read_edges(e, n, source="a", target="b", weight="minutes")
    <SocialGraph: 3 nodes, 2 undirected edges; node attributes: group; edge attributes: minutes>
    """
    table = read_table(edges, what="edge table", sep=sep)
    for col in [weight] if weight is not None and not isinstance(weight, list) else weight or []:
        table = _check_numeric(table, col, "weight")
    node_table = None
    if nodes is not None:
        node_table = read_table(nodes, what="node table", sep=sep)
        if isinstance(nodes, pd.DataFrame) and node_id is not None \
                and node_id not in nodes.columns and nodes.index.name == node_id:
            node_id = None
    graph = from_edges(table, node_table, source=source, target=target, node_id=node_id,
                       directed=directed, **options)
    record = {"step": "read_edges",
              "edges": str(edges) if not isinstance(edges, pd.DataFrame) else "DataFrame"}
    if nodes is not None:
        record["nodes"] = str(nodes) if not isinstance(nodes, pd.DataFrame) else "DataFrame"
    return graph.with_provenance(record, first=True)
