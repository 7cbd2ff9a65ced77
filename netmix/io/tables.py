"""Generic edge and node tables from CSV, Parquet or pandas DataFrames.

CSV files have a header row; blank lines are skipped and every other line must have as
many fields as the header (a short or long row is an error naming its line, never a
silently shifted row). Rows are indexed by their line number in the file, so that errors
found later name the line; Parquet rows by their row number (from 1).

Missing values follow :mod:`netmix.io`'s one policy: a cell is missing when its text
(surrounding blanks removed) is one of ``na_values`` (default
:data:`~netmix.io.MISSING_TOKENS`); pandas' own list of missing tokens never applies, and
every value taken as missing is counted per column. Cells are read as text: node ids stay
text as written (stripped of surrounding blanks) unless every id of the edge and node
tables is a canonical integer literal (``str(int(x)) == x``: no ``+``, no leading zero),
when they are int64 -- so ``007`` never meets ``7``. Other columns become numbers only when
nothing a label could carry is lost: canonical integer literals give int64 (float64 with a
missing value); decimal numbers give float64 when none is zero-padded (``01.5``) and no two
different cells give the same number (``1`` and ``1.0``); anything else stays text exactly
as written (``01``, ``007``, ``1.0`` next to ``1``). A column listed in ``text_columns``
always stays text.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validation import type_error
from ..exceptions import InputError
from ..graph import SocialGraph
from ..graph.build import check_weight_columns, from_edges, prepare_nodes, source_name
from ._cells import harmonise_ids, typed
from ._csv import check_header, check_quotes, record_lines
from ._missing import count_missing, missing_mask, na_tokens
from ._text import read_text

__all__ = ["read_edges", "read_node_table", "read_table"]

_PARQUET = {".parquet", ".pq"}


def read_table(source: str | os.PathLike | pd.DataFrame, *, what: str = "table",
               sep: str | None = None, id_columns: Sequence[Any] = (),
               text_columns: Sequence[Any] = (),
               na_values: Sequence[str] | None = None) -> pd.DataFrame:
    """Read a CSV (header row) or Parquet file, or take a DataFrame, as a table.

    CSV rows are indexed by their line number in the file (the header is usually line 1),
    Parquet rows by their row number from 1, so that errors found later can name them.
    ``sep`` defaults to ``","`` (``"\\t"`` for ``.tsv``).

    Parameters
    ----------
    id_columns : sequence of column labels
        Id columns: text stripped of surrounding blanks, never missing tokens; an empty id
        is an error naming file, line and column (see :func:`read_edges` for how ids are
        typed across tables).
    text_columns : sequence of column labels
        Columns kept as text exactly as written (group labels), missing tokens aside.
    na_values : sequence of str, optional
        Cells meaning "unknown" (default :data:`netmix.io.MISSING_TOKENS`; ``()``: none).
        Applied to every column but the ids; the count per column is in
        ``.attrs["missing_values"]``. A DataFrame is taken as it is (its NaN/None are its
        missing values).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "people.csv"
    >>> _ = path.write_text("id,team,age\\na,x,30\\nb,NA,41\\nc,007,\\n")
    >>> t = read_table(path)
    >>> t
         id  team   age
    line
    2     a     x  30.0
    3     b   NaN  41.0
    4     c   007   NaN
    >>> t.attrs["missing_values"]
    {'team': 1, 'age': 1}
    """
    if isinstance(source, pd.DataFrame):
        return source
    if not isinstance(source, (str, os.PathLike)):
        raise type_error(what, "a path to a CSV or Parquet file, or a pandas DataFrame", source)
    tokens = na_tokens(na_values)
    path = Path(source)
    if path.suffix.lower() in _PARQUET:
        return _read_parquet(path, what, list(id_columns), tokens)
    return _read_csv(path, what, sep, list(id_columns), list(text_columns), tokens)


def _read_parquet(path: Path, what: str, id_columns: list, tokens: frozenset[str]
                  ) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"{what} {str(path)!r} does not exist or is not a file; check the path.",
                         path=str(path))
    try:
        table = pd.read_parquet(path)
    except ImportError as exc:
        raise ImportError(f"reading Parquet files needs pyarrow: pip install pyarrow ({exc})"
                          ) from None
    except Exception as exc:  # pyarrow raises its own error types
        raise InputError(f"{what} {str(path)!r} could not be read as Parquet: {exc}",
                         path=str(path)) from None
    if len(table) == 0:
        raise InputError(f"{what} {str(path)!r} has no rows.", path=str(path))
    table.index = pd.RangeIndex(1, len(table) + 1, name="row")
    table.attrs.update(netmix_path=str(path), netmix_unit="row")
    counts: dict[str, int] = {}
    for col in table.columns:  # typed columns: only text cells can be missing tokens
        if col in id_columns or not pd.api.types.is_string_dtype(table[col].dtype):
            continue
        miss = _token_mask(table[col], tokens)
        if miss.any():
            table[col] = table[col].where(~miss, None)
            count_missing(counts, col, int(miss.sum()))
    table.attrs["missing_values"] = counts
    return table


def _token_mask(values: pd.Series, tokens: frozenset[str]) -> np.ndarray:
    """Which text cells (surrounding blanks removed) are missing tokens; vectorised for
    pandas' text dtype, cell by cell only for Python objects of mixed types."""
    if isinstance(values.dtype, pd.StringDtype):
        found = values.str.strip(" \t").isin(list(tokens))
        return found.to_numpy(dtype=bool, na_value=False)
    found = values.map(lambda v: isinstance(v, str) and v.strip(" \t") in tokens)
    return found.to_numpy(dtype=bool)


def _read_csv(path: Path, what: str, sep: str | None, id_columns: list, text_columns: list,
              tokens: frozenset[str]) -> pd.DataFrame:
    text, raw = read_text(path, what=what)
    if sep is None:
        sep = "\t" if {".tsv", ".tab"} & {s.lower() for s in path.suffixes} else ","
    if not isinstance(sep, str) or not sep:
        raise InputError(f"sep must be a non-empty string; got {sep!r}.")
    check_quotes(text, sep, str(path), what)
    lines = record_lines(text, raw, sep, str(path), what)
    if lines is not None and lines.size == 0:
        raise InputError(f"{what} {str(path)!r} has a header but no rows.", path=str(path))
    check_header(text, sep, str(path), what)
    options: dict[str, Any] = ({"low_memory": False} if len(sep) == 1 or sep == r"\s+"
                               else {"engine": "python"})  # regex separators
    try:  # every cell as text: no numeric coercion, no pandas missing tokens
        table = pd.read_csv(io.StringIO(text), sep=sep, skip_blank_lines=True, dtype=str,
                            keep_default_na=False, na_filter=False, **options)
    except (ValueError, csv.Error, pd.errors.ParserError) as exc:
        raise InputError(f"{what} {str(path)!r} could not be parsed as a table separated by "
                         f"{sep!r}: {exc}", path=str(path)) from None
    if len(table) == 0:
        raise InputError(f"{what} {str(path)!r} has a header but no rows.", path=str(path))
    table.attrs["netmix_ids_as_text"] = bool(id_columns)
    if lines is not None and lines.size == len(table):
        table.index = pd.Index(lines, name="line")
        table.attrs["netmix_path"] = str(path)
    else:  # the parser and the line scan disagree (quoted line breaks): count data rows
        table.index = pd.RangeIndex(1, len(table) + 1, name="row")
        table.attrs.update(netmix_path=str(path), netmix_unit="data row")
    counts: dict[str, int] = {}
    for k, col in enumerate(table.columns):
        if col in id_columns:
            table[col] = _id_text(table, col, k + 1, what)
            continue
        miss = missing_mask(table[col], tokens)
        count_missing(counts, col, int(miss.sum()))
        values = table[col].where(~miss)  # pandas' text dtype, NaN where missing
        table[col] = values if col in text_columns else typed(values)
    table.attrs["missing_values"] = counts
    return table


def _id_text(table: pd.DataFrame, col: Any, column: int, what: str) -> pd.Series:
    """An id column as text stripped of blanks; an empty id is an error (never missing)."""
    ids = table[col].str.strip(" \t")
    empty = (ids == "").to_numpy()
    if empty.any():
        label = table.index[int(np.flatnonzero(empty)[0])]
        path = table.attrs.get("netmix_path")
        unit = table.attrs.get("netmix_unit", "line")
        line = int(label) if unit == "line" else None
        raise InputError(
            f"{what} {path!r}, {unit} {label}, column {column} ({col}): the id is empty; every "
            f"row needs an id ({int(empty.sum())} such row(s)). Ids never take missing "
            "tokens: fill the id or remove the row.",
            path=path, line=line, column=column)
    return ids


def _check_separator(table: pd.DataFrame, names: list, sep: str | None) -> None:
    missing = [n for n in names if n not in table.columns]
    path = table.attrs.get("netmix_path")
    if not missing or path is None or table.shape[1] != 1:
        return
    head = str(table.columns[0])
    found = [s for s in (",", ";", "\t", "|", " ") if s in head]
    if found:
        raise InputError(
            f"{missing[0]!r} is not a column of {path!r}: its header {head[:60]!r} was read as "
            f"one column with sep={sep or ','!r}. Pass sep={found[0]!r}."
        )


def read_node_table(source: str | os.PathLike | pd.DataFrame, *, node_id: Any = "id",
                    sep: str | None = None, na_values: Sequence[str] | None = None
                    ) -> pd.DataFrame:
    """Read a node table (CSV, Parquet or DataFrame) and index it by ``node_id``.

    Repeated ids with identical attributes are collapsed (their count is in
    ``.attrs["duplicate_rows_collapsed"]``); conflicting ones raise, naming both lines.
    Cells equal to a missing token (``na_values``, default :data:`netmix.io.MISSING_TOKENS`;
    ``()`` for none) are missing, counted per column in ``.attrs["missing_values"]``; ids
    never are (an id ``NA`` is an id). Ids and labels are read as text (see
    :mod:`netmix.io.tables` for when they become numbers).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "people.csv"
    >>> _ = path.write_text("id,team\\na,x\\nb,x\\nc,y\\na,x\\n")
    >>> people = read_node_table(path)
    >>> people
       team
    id
    a     x
    b     x
    c     y
    >>> people.attrs["duplicate_rows_collapsed"]
    1
    >>> read_node_table(path, na_values=["x"]).attrs["missing_values"]
    {'team': 3}
    """
    table = read_table(source, what="node table", sep=sep,
                       id_columns=[node_id] if node_id is not None else [], na_values=na_values)
    if not isinstance(source, pd.DataFrame):
        harmonise_ids([(table, node_id)])
    missing = dict(table.attrs.get("missing_values", {}))
    nodes, n_collapsed = prepare_nodes(table, node_id, argument=source_name(table, "node table"))
    nodes.attrs = {"duplicate_rows_collapsed": n_collapsed, "missing_values": missing}
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
    na_values: Sequence[str] | None = None,
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
        CSV separator (default ``","``, ``"\\t"`` for ``.tsv``).
    na_values : sequence of str, optional
        Cells meaning "unknown" in files, in every column but the ids (default
        :data:`netmix.io.MISSING_TOKENS`: ``""``, ``NA``, ``N/A``, ``n/a``, ``NaN``, ``nan``,
        ``Unknown``, ``Unkn``; ``()``: nothing is missing). Counted per column in the
        provenance (``missing_values`` for the node table, ``edge_missing_values`` for the
        edge table).
    **options
        Passed to :func:`netmix.from_edges` (``add_missing_nodes``, ``self_loops``,
        ``duplicates``, ``isolates``, ``edge_attrs``).

    Returns
    -------
    SocialGraph
        Its provenance names the files and counts what was dropped, merged or added.

    Raises
    ------
    InputError
        Naming the file and line (or row) for a missing, empty or binary file, a row with
        the wrong number of fields, a missing column, a non-numeric weight, a missing node
        id, an edge whose node is not in the node table, a node id repeated with different
        attributes, and a self-loop or repeated edge when asked to raise for them.

    Notes
    -----
    Node ids read from files are text as written (stripped of surrounding blanks), never
    missing tokens (an id ``NA`` is an id; an empty id is an error). They are int64 only when
    every id in the edge and node files is a canonical integer literal (``str(int(x)) ==
    x``), so ``007`` never meets ``7``. DataFrames are taken as they are.

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"a": ["x", "y"], "b": ["y", "z"], "minutes": [5, 10]})
    >>> n = pd.DataFrame({"id": ["x", "y", "z"], "group": ["g1", "g1", "g2"]})
    >>> read_edges(e, n, source="a", target="b", weight="minutes")
    <SocialGraph: 3 nodes, 2 undirected edges; node attributes: group; edge attributes: minutes>
    """
    table = read_table(edges, what="edge table", sep=sep, id_columns=[source, target],
                       na_values=na_values)
    _check_separator(table, [source, target], sep)
    table = check_weight_columns(table, weight)  # the one weight check, naming file and line
    node_table = None
    if nodes is not None:
        node_table = read_table(nodes, what="node table", sep=sep,
                                id_columns=[node_id] if node_id is not None else [],
                                na_values=na_values)
        if isinstance(nodes, pd.DataFrame) and node_id is not None \
                and node_id not in nodes.columns and nodes.index.name == node_id:
            node_id = None
        elif not isinstance(nodes, pd.DataFrame):
            if node_id is None:
                raise InputError(f"node_id must name the id column of the node file "
                                 f"{str(nodes)!r}; got None.")
            _check_separator(node_table, [node_id], sep)
    own = [] if isinstance(edges, pd.DataFrame) else [(table, source), (table, target)]
    if nodes is not None and not isinstance(nodes, pd.DataFrame):
        own.append((node_table, node_id))
    harmonise_ids(own)  # never changes the caller's DataFrames
    graph = from_edges(table, node_table, source=source, target=target, node_id=node_id,
                       directed=directed, **options)
    record = {"step": "read_edges",
              "edges": str(edges) if not isinstance(edges, pd.DataFrame) else "DataFrame"}
    if not isinstance(edges, pd.DataFrame):
        record["edge_missing_values"] = dict(table.attrs.get("missing_values", {}))
    if nodes is not None:
        record["nodes"] = str(nodes) if not isinstance(nodes, pd.DataFrame) else "DataFrame"
        if not isinstance(nodes, pd.DataFrame):
            record["missing_values"] = dict(node_table.attrs.get("missing_values", {}))
    return graph.with_provenance(record, first=True)

