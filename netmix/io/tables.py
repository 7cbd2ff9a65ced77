"""Generic edge and node tables from CSV, Parquet or pandas DataFrames.

CSV files have a header row; blank lines are skipped and every other line must have as
many fields as the header (a short or long row is an error naming its line, never a
silently shifted row). Rows are indexed by their line number in the file, so that errors
found later name the line; Parquet rows by their row number (from 1). Node ids read from
files are integers when every id is an integer literal, else strings, in the edge and the
node table alike (so that ``7`` in one file always meets ``7`` in the other).
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

from .._validation import check_column, type_error
from ..build import from_edges, prepare_nodes, source_name, where
from ..exceptions import InputError
from ..graph import SocialGraph
from ._text import read_text

__all__ = ["read_edges", "read_node_table", "read_table"]

_PARQUET = {".parquet", ".pq"}
_ID_RE = r"[+-]?[0-9]{1,18}"


def read_table(source: str | os.PathLike | pd.DataFrame, *, what: str = "table",
               sep: str | None = None, id_columns: Sequence[Any] = ()) -> pd.DataFrame:
    """Read a CSV (header row) or Parquet file, or take a DataFrame, as a table.

    CSV rows are indexed by their line number in the file (the header is usually line 1),
    Parquet rows by their row number from 1, so that errors found later can name them.
    ``sep`` defaults to ``","`` (``"\\t"`` for ``.tsv``). Columns named in ``id_columns``
    are read as text (see :func:`read_edges` for how node ids are typed).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "people.csv"
    >>> _ = path.write_text("id,team\\na,x\\nb,y\\n")
    >>> read_table(path)
         id team
    line
    2     a    x
    3     b    y
    """
    if isinstance(source, pd.DataFrame):
        return source
    if not isinstance(source, (str, os.PathLike)):
        raise type_error(what, "a path to a CSV or Parquet file, or a pandas DataFrame", source)
    path = Path(source)
    if path.suffix.lower() in _PARQUET:
        return _read_parquet(path, what)
    return _read_csv(path, what, sep, list(id_columns))


def _read_parquet(path: Path, what: str) -> pd.DataFrame:
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
    return table


def _read_csv(path: Path, what: str, sep: str | None, id_columns: list) -> pd.DataFrame:
    text, raw = read_text(path, what=what)
    if sep is None:
        sep = "\t" if {".tsv", ".tab"} & {s.lower() for s in path.suffixes} else ","
    if not isinstance(sep, str) or not sep:
        raise InputError(f"sep must be a non-empty string; got {sep!r}.")
    lines = _record_lines(text, raw, sep, str(path), what)
    if lines is not None and lines.size == 0:
        raise InputError(f"{what} {str(path)!r} has a header but no rows.", path=str(path))
    options: dict[str, Any] = ({"low_memory": False} if len(sep) == 1 or sep == r"\s+"
                               else {"engine": "python"})  # regex separators
    try:
        table = pd.read_csv(io.StringIO(text), sep=sep, skip_blank_lines=True,
                            dtype=dict.fromkeys(id_columns, str), **options)
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
    return table


def _record_lines(text: str, raw: bytes, sep: str, path: str, what: str) -> np.ndarray | None:
    """Line numbers of the data rows, after checking that each has the header's field count.

    ``None`` when the separator is a regular expression (no count check possible).
    """
    if len(sep) != 1:
        return None
    if '"' in text or not sep.isascii():
        return _record_lines_quoted(text, sep, path, what)
    b = np.frombuffer(raw, dtype=np.uint8)
    nl = np.flatnonzero(b == 10)
    counts = np.bincount(np.searchsorted(nl, np.flatnonzero(b == ord(sep))),
                         minlength=nl.size + 1) + 1
    filled = _filled_lines(b, nl, ord(sep))
    header = int(filled[0])
    data = filled[filled > header]
    bad = counts[data - 1] != counts[header - 1]
    if bad.any():
        line = int(data[np.flatnonzero(bad)[0]])
        _field_count_error(text, line, int(counts[line - 1]), int(counts[header - 1]), header,
                           sep, path, what)
    return data


def _filled_lines(b: np.ndarray, nl: np.ndarray, sep: int) -> np.ndarray:
    """1-based numbers of the lines that are not blank, as pandas sees them: a blank line
    holds only spaces and tabs, none of them the separator."""
    starts = np.r_[0, nl + 1]
    ends = np.r_[nl, b.size]
    filled = np.r_[0, np.cumsum((~np.isin(b, [9, 10, 32])) | (b == sep), dtype=np.int64)]
    return np.flatnonzero(filled[ends] - filled[starts] > 0) + 1


def _record_lines_quoted(text: str, sep: str, path: str, what: str) -> np.ndarray:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    lines: list[int] = []
    expected = header = None
    prev = 0
    try:
        for rec in reader:
            start, prev = prev + 1, reader.line_num
            if not rec or (len(rec) == 1 and not rec[0].strip(" \t")):
                continue
            if expected is None:
                expected, header = len(rec), start
                continue
            if len(rec) != expected:
                _field_count_error(text, start, len(rec), expected, header, sep, path, what)
            lines.append(start)
    except csv.Error as exc:
        raise InputError(f"{what} {path!r}, line {reader.line_num}: {exc}.", path=path,
                         line=reader.line_num) from None
    return np.array(lines, dtype=np.int64)


def _field_count_error(text: str, line: int, got: int, expected: int, header: int, sep: str,
                       path: str, what: str) -> None:
    content = text.split("\n", line)[line - 1]
    shown = repr(content if len(content) <= 80 else content[:77] + "...")
    raise InputError(
        f"{what} {path!r}, line {line}: expected {expected} fields separated by {sep!r}, as in "
        f"the header on line {header}; got {got}: {shown}. Fix that row (quote a field that "
        "holds the separator), or pass the right sep=.",
        path=path, line=line,
    )


def _check_numeric(table: pd.DataFrame, column: Any, argument: str) -> pd.DataFrame:
    check_column(table, column, argument, source=source_name(table, "the edge table"))
    col = table[column]
    if col.dtype.kind in "iufb":
        values = col.to_numpy(dtype=float)
    else:
        values = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"{argument}: column {column!r} must hold finite numbers; got "
            f"{_plain(col.iloc[k])!r} at {where(table, table.index[k])}. Fix or remove that row."
        )
    if col.dtype.kind not in "iufb":
        table = table.copy()
        table[column] = values
    return table


def _plain(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def _harmonise(columns: list[tuple[pd.DataFrame | None, Any]]) -> None:
    """Give the node id columns read as text from CSV files one type (in place).

    Stripped of surrounding spaces; int64 when every id in every column is an integer
    literal. A column with a missing id is left alone: the missing id is reported later,
    naming its line.
    """
    columns = [(t, c) for t, c in columns if t is not None and c in t.columns
               and t.attrs.get("netmix_ids_as_text")]
    text = [t[c].str.strip(" \t") for t, c in columns]
    if not text or any(s.isna().any() for s in text):
        return
    as_int = all(s.str.fullmatch(_ID_RE).all() for s in text)
    for (table, col), values in zip(columns, text, strict=True):
        table[col] = values.astype(np.int64) if as_int else values


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
                    sep: str | None = None) -> pd.DataFrame:
    """Read a node table (CSV, Parquet or DataFrame) and index it by ``node_id``.

    Repeated ids with identical attributes are collapsed (their count is in
    ``.attrs["duplicate_rows_collapsed"]``); conflicting ones raise, naming both lines.

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
    """
    table = read_table(source, what="node table", sep=sep,
                       id_columns=[node_id] if node_id is not None else [])
    if not isinstance(source, pd.DataFrame):
        _harmonise([(table, node_id)])
    nodes, n_collapsed = prepare_nodes(table, node_id, argument=source_name(table, "node table"))
    nodes.attrs = {"duplicate_rows_collapsed": n_collapsed}
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
        CSV separator (default ``","``, ``"\\t"`` for ``.tsv``).
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
    Node ids read from files are integers when every id in the edge and node files is an
    integer literal, else strings (stripped of surrounding spaces).

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"a": ["x", "y"], "b": ["y", "z"], "minutes": [5, 10]})
    >>> n = pd.DataFrame({"id": ["x", "y", "z"], "group": ["g1", "g1", "g2"]})
    >>> read_edges(e, n, source="a", target="b", weight="minutes")
    <SocialGraph: 3 nodes, 2 undirected edges; node attributes: group; edge attributes: minutes>
    """
    table = read_table(edges, what="edge table", sep=sep, id_columns=[source, target])
    _check_separator(table, [source, target], sep)
    weights = [] if weight is None else list(weight) if isinstance(weight, (list, tuple)) \
        else [weight]
    for col in weights:
        table = _check_numeric(table, col, "weight")
    node_table = None
    if nodes is not None:
        node_table = read_table(nodes, what="node table", sep=sep,
                                id_columns=[node_id] if node_id is not None else [])
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
    _harmonise(own)  # never changes the caller's DataFrames
    graph = from_edges(table, node_table, source=source, target=target, node_id=node_id,
                       directed=directed, **options)
    record = {"step": "read_edges",
              "edges": str(edges) if not isinstance(edges, pd.DataFrame) else "DataFrame"}
    if nodes is not None:
        record["nodes"] = str(nodes) if not isinstance(nodes, pd.DataFrame) else "DataFrame"
    return graph.with_provenance(record, first=True)

