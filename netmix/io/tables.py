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
from ._missing import count_missing, missing_mask, na_tokens
from ._text import read_text

__all__ = ["read_edges", "read_node_table", "read_table"]

_PARQUET = {".parquet", ".pq"}
_ZERO_PADDED = r"[+-]?0[0-9]"
_CANON_INT = r"0|-?[1-9][0-9]{0,17}"  # canonical, at most 18 digits: in int64 range
_CANON_INT19 = r"-?[1-9][0-9]{18}"
_INT_LITERAL = r"[+-]?[0-9]+"
_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_I64 = np.iinfo(np.int64)


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
        miss = table[col].map(lambda v: isinstance(v, str) and v.strip(" \t") in tokens)
        miss = miss.to_numpy(dtype=bool)
        if miss.any():
            table[col] = table[col].where(~miss, None)
            count_missing(counts, col, int(miss.sum()))
    table.attrs["missing_values"] = counts
    return table


def _read_csv(path: Path, what: str, sep: str | None, id_columns: list, text_columns: list,
              tokens: frozenset[str]) -> pd.DataFrame:
    text, raw = read_text(path, what=what)
    if sep is None:
        sep = "\t" if {".tsv", ".tab"} & {s.lower() for s in path.suffixes} else ","
    if not isinstance(sep, str) or not sep:
        raise InputError(f"sep must be a non-empty string; got {sep!r}.")
    _check_quotes(text, sep, str(path), what)
    lines = _record_lines(text, raw, sep, str(path), what)
    if lines is not None and lines.size == 0:
        raise InputError(f"{what} {str(path)!r} has a header but no rows.", path=str(path))
    _check_header(text, sep, str(path), what)
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
        table[col] = values if col in text_columns else _typed(values)
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


def _typed(values: pd.Series) -> pd.Series:
    """Numbers when the conversion is lossless (see the module notes), else the text."""
    present = values.notna().to_numpy(dtype=bool)
    if not present.any():
        return values
    text = values[present].astype("str").str.strip(" \t")
    ints = _canonical_int_array(text)
    if ints is not None and present.all():
        return pd.Series(ints, index=values.index, name=values.name)
    if ints is not None:
        num = ints.astype(float)
    else:
        if text.str.fullmatch(_INT_LITERAL).all() or not text.str.fullmatch(_NUMBER).all():
            return values  # non-canonical integers (+7, 007, -0, huge) or not numbers
        if text.str.match(_ZERO_PADDED).any():
            return values  # zero-padded (01.5): a code, not a number
        num = text.astype("float64").to_numpy(dtype=float)
        if not np.isfinite(num).all() or text.nunique() != len(pd.unique(num)):
            return values  # two different cells give one number (1 and 1.0)
    out = np.full(len(values), np.nan)
    out[present] = num
    return pd.Series(out, index=values.index, name=values.name)


def _canonical_int_array(text: pd.Series) -> np.ndarray | None:
    """int64 values of ``text`` when every cell is a canonical integer literal, else None."""
    ok = text.str.fullmatch(_CANON_INT).to_numpy(dtype=bool)
    if not ok.all():
        rest = text[~ok]
        if not rest.str.fullmatch(_CANON_INT19).all() \
                or not all(_I64.min <= int(v) <= _I64.max for v in rest):
            return None
    return text.astype(np.int64).to_numpy()


def _check_header(text: str, sep: str, path: str, what: str) -> None:
    """A header naming one column twice is an error (pandas would rename it ``x.1``)."""
    lineno = 1
    for lineno, line in enumerate(text.split("\n"), start=1):  # noqa: B007
        if line.strip(" \t"):
            break
    if len(sep) == 1:
        header = next(csv.reader(io.StringIO(text.split("\n")[lineno - 1]), delimiter=sep),
                      [])
    else:
        import re

        header = re.split(sep, text.split("\n")[lineno - 1].strip())
    seen: dict[str, list[int]] = {}
    for k, name in enumerate(header, start=1):
        seen.setdefault(name, []).append(k)
    dupes = {n: c for n, c in seen.items() if len(c) > 1}
    if dupes:
        name, cols = next(iter(dupes.items()))
        raise InputError(
            f"{what} {path!r}, line {lineno}: the header names column {name!r} more than "
            f"once (columns {', '.join(str(c) for c in cols)}); give each column its own "
            "name.", path=path, line=lineno, column=cols[1])


def _check_quotes(text: str, sep: str, path: str, what: str) -> None:
    """An opening quote never closed swallows the rest of the file: name where it opens."""
    if '"' not in text or len(sep) != 1:
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    start = 0
    try:
        for _ in reader:
            start = reader.line_num
    except csv.Error as exc:
        if "unexpected end of data" not in str(exc):
            return  # other oddities are left to the field-count check
        line = _open_quote_line(text, start, sep)
        raise InputError(
            f"{what} {path!r}, line {line}: a quote opens a field that is never closed (the "
            "rest of the file would be read into that one field). Close the quote, or "
            "remove it.", path=path, line=line) from None


def _open_quote_line(text: str, start: int, sep: str) -> int:
    """The line of the quote that opens the unterminated field of the record after line
    ``start``."""
    pos = 0
    for _ in range(start):
        pos = text.index("\n", pos) + 1
    field_start, quoted, opened, k = True, False, pos, pos
    n = len(text)
    while k < n:
        ch = text[k]
        if quoted:
            if ch == '"':
                if k + 1 < n and text[k + 1] == '"':
                    k += 1
                else:
                    quoted = False
        elif ch == '"' and field_start:
            quoted, opened = True, k
        field_start = not quoted and ch in (sep, "\n")
        k += 1
    return text.count("\n", 0, opened) + 1


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


def _plain(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def _harmonise(columns: list[tuple[pd.DataFrame | None, Any]]) -> None:
    """Give the node id columns read as text from files one type (in place).

    int64 when every id in every column is a canonical integer literal (``str(int(x)) ==
    x``, so the conversion cannot merge two different ids), else text as written.
    """
    columns = [(t, c) for t, c in columns if t is not None and c in t.columns
               and t.attrs.get("netmix_ids_as_text")]
    ints = [canonical_ints(t[c]) for t, c in columns]
    if not ints or any(v is None for v in ints):
        return
    for (table, col), values in zip(columns, ints, strict=True):
        table[col] = values


def canonical_ints(ids: pd.Series) -> pd.Series | None:
    """``ids`` (text) as int64 when every one is a canonical integer literal, else None."""
    if ids.isna().any():
        return None
    values = _canonical_int_array(ids.astype("str"))
    return None if values is None else pd.Series(values, index=ids.index, name=ids.name)


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
        _harmonise([(table, node_id)])
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
    _harmonise(own)  # never changes the caller's DataFrames
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

