"""Readers for SocioPatterns files: contact records, metadata and contact diaries.

Formats (http://www.sociopatterns.org/datasets/), no header, fields separated by spaces or
tabs, with or without a trailing newline:

* contacts: ``t i j`` or ``t i j Ci Cj`` (time, the two people, optionally their classes);
* metadata: ``i attr1 [attr2 ...]`` (one row a person);
* contact diaries: ``i j w`` (``i`` reported a contact with ``j`` of duration code ``w``).

Tables come back indexed by the file's line numbers, so later errors can point at a line.

Ids are integer literals, read as text: int64 when every id of the files read together is
canonical (``str(int(x)) == x``), else the text as written, so that ``007`` never meets
``7``. Metadata attributes follow :mod:`netmix.io`'s one missing-value policy: a token of
``na_values`` (default :data:`~netmix.io.MISSING_TOKENS`, which holds SocioPatterns'
``Unknown`` and ``Unkn``) is a missing value, never a group, counted per column in the
provenance (``missing_values``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import InputError
from ..graph import SocialGraph, from_contacts, from_edges
from ..graph.build import prepare_nodes
from ._missing import count_missing, missing_mask, na_tokens
from ._text import _split, first_line, parse_fields, read_fields, read_text

__all__ = [
    "DIARY_DURATION_CODES",
    "read_contacts",
    "read_diary",
    "read_diary_network",
    "read_metadata",
    "read_sociopatterns",
]

#: Mastrandrea et al. (2015) diary codes: aggregate duration of the reported contact.
DIARY_DURATION_CODES = {1: "at most 5 min", 2: "5 to 15 min", 3: "15 min to 1 h", 4: "over 1 h"}


def read_contacts(path: str | os.PathLike) -> pd.DataFrame:
    """Read a SocioPatterns contact file (``t i j`` or ``t i j Ci Cj``).

    Returns
    -------
    pandas.DataFrame
        Columns ``t`` (int64, or float64 if any time is fractional), ``i``, ``j`` (int64, or
        text as written when an id is not canonical, such as ``007``) and, for five-column
        files, ``Ci``, ``Cj``; indexed by line number.

    Raises
    ------
    InputError
        Naming file, line and column, for an empty or binary file, a wrong number of fields,
        a non-numeric or non-finite time, or a non-integer id.

    Notes
    -----
    Contact records have no missing values: every field is required, and ids never take
    missing tokens (``NA`` as an id is an error, for SocioPatterns ids are integers). Ids
    are read as text and kept as int64 only when every id of the file is canonical
    (``str(int(x)) == x``), so ``007`` and ``7`` are two people.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "tij.dat"
    >>> _ = p.write_text("20 1 2\\n40 1 2\\n40 2 3")
    >>> read_contacts(p)
           t  i  j
    line
    1     20  1  2
    2     40  1  2
    3     40  2  3
    """
    return read_fields(path, ["t", "i", "j", "Ci", "Cj"], ["num", "id", "id", "str", "str"],
                       what="contact file", n_fields=(3, 5))


def read_metadata(
    path: str | os.PathLike,
    names: Sequence[str] | None = None,
    *,
    na_values: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Read a SocioPatterns metadata file (``i attr1 [attr2 ...]``) into a node table.

    Parameters
    ----------
    path : path-like
    names : sequence of str, optional
        Names of the attribute columns (default ``attr1``, ``attr2``, ...).
    na_values : sequence of str, optional
        Attribute tokens meaning "unknown": missing values, never a group of their own.
        Default :data:`netmix.io.MISSING_TOKENS` (``NA``, ``N/A``, ``n/a``, ``NaN``,
        ``nan``, ``Unknown``, ``Unkn``); ``()``: nothing is missing. The id is never missing.

    Returns
    -------
    pandas.DataFrame
        Indexed by node id. Rows repeating an id with the same attributes are collapsed;
        a repeated id with different attributes raises, naming both lines.
        ``.attrs["missing_values"]`` counts the values taken as missing, per column.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "metadata.txt"
    >>> _ = path.write_text("1 2A F\\n2 2A M\\n3 2B Unknown\\n")
    >>> nodes = read_metadata(path, ["class", "gender"])
    >>> nodes
       class gender
    id
    1     2A      F
    2     2A      M
    3     2B   None
    >>> nodes.attrs["missing_values"]
    {'gender': 1}
    """
    tokens = na_tokens(na_values)
    text, raw = read_text(path, what="metadata file")
    lineno, first = first_line(text)
    n_attr = len(_split(first)) - 1
    if n_attr < 1:
        raise InputError(
            f"metadata file {str(path)!r}, line {lineno}: expected an id and at least one "
            f"attribute separated by tabs or spaces; got {first.strip()!r}.",
            path=str(path), line=lineno)
    if names is not None:
        names = [str(n) for n in names]
        if len(names) != n_attr:
            raise InputError(
                f"names (metadata_columns) must give one name per attribute column of "
                f"{str(path)!r} ({n_attr} after the id on line {lineno}); got {len(names)}: "
                f"{names}.",
                path=str(path), line=lineno)
        if len(set(names)) != len(names) or "id" in names:
            raise InputError(f"names (metadata_columns) must be distinct and not 'id'; got "
                             f"{names}.")
    else:
        names = [f"attr{k + 1}" for k in range(n_attr)]
    table = parse_fields(text, raw, ["id", *names], ["id"] + ["str"] * n_attr,
                         path=str(path), what="metadata file")
    counts: dict[str, int] = {}
    for col in names:
        miss = missing_mask(table[col], tokens)
        count_missing(counts, col, int(miss.sum()))
        table[col] = table[col].astype(object).where(~miss, None)
    nodes, n_collapsed = prepare_nodes(table, "id", argument=f"metadata file {str(path)!r}")
    nodes.attrs = {"netmix_source": str(path), "duplicate_rows_collapsed": n_collapsed,
                   "missing_values": counts}
    return nodes


def read_diary(path: str | os.PathLike, *, codes: Sequence[int] | None = (1, 2, 3, 4)
               ) -> pd.DataFrame:
    """Read a contact-diary edge list (``i j w``: ``i`` reported ``j`` with duration code ``w``).

    Parameters
    ----------
    codes : sequence of int or None, default (1, 2, 3, 4)
        Allowed duration codes (:data:`DIARY_DURATION_CODES`); ``None`` accepts any integer.

    Returns
    -------
    pandas.DataFrame
        Columns ``i``, ``j`` (int64, or text as written when an id is not canonical),
        ``w`` (int64), indexed by line number.

    Notes
    -----
    Every field is required (no missing tokens); ids are read as text, int64 only when every
    id of the file is canonical (``str(int(x)) == x``), so ``007`` never meets ``7``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "diary.csv"
    >>> _ = path.write_text("1 2 3\\n2 1 2\\n3 1 1\\n")
    >>> read_diary(path)
          i  j  w
    line
    1     1  2  3
    2     2  1  2
    3     3  1  1
    """
    table = read_fields(path, ["i", "j", "w"], ["id", "id", "int"], what="diary file")
    if codes is not None:
        bad = ~table["w"].isin(list(codes)).to_numpy()
        if bad.any():
            line = int(table.index[np.flatnonzero(bad)[0]])
            raise InputError(
                f"diary file {str(path)!r}, line {line}, column 3 (w): duration code "
                f"{int(table['w'].iloc[np.flatnonzero(bad)[0]])} is not one of {list(codes)}; "
                "pass codes=None to accept any integer code.",
                path=str(path), line=line, column=3,
            )
    return table


def _one_id_type(table: pd.DataFrame, columns: Sequence[str], nodes: pd.DataFrame | None
                 ) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Ids read from files as one type: int64 if canonical in every file, else text."""
    kinds = [table[c].dtype.kind for c in columns]
    if nodes is not None:
        kinds.append(nodes.index.dtype.kind)
    if all(k == "i" for k in kinds):
        return table, nodes
    table = table.copy()
    for c in columns:
        table[c] = table[c].astype(str).astype(object)
    if nodes is not None:
        attrs = dict(nodes.attrs)
        nodes = nodes.set_axis(pd.Index(nodes.index.astype(str).astype(object),
                                        name=nodes.index.name))
        nodes.attrs = attrs
    return table, nodes


def read_sociopatterns(
    contacts: str | os.PathLike,
    metadata: str | os.PathLike | None = None,
    *,
    metadata_columns: Sequence[str] | None = None,
    na_values: Sequence[str] | None = None,
    **options: Any,
) -> SocialGraph:
    """Read SocioPatterns contact (and metadata) files into a weighted contact graph.

    Parameters
    ----------
    contacts : path-like
        ``t i j`` or ``t i j Ci Cj`` file.
    metadata : path-like, optional
        ``i attr...`` file; its columns are named by ``metadata_columns``.
    metadata_columns : sequence of str, optional
    na_values : sequence of str, optional
        Metadata tokens that mean "unknown" (default :data:`netmix.io.MISSING_TOKENS`, which
        holds ``Unknown`` and ``Unkn``; ``()``: none). Counted per column in the provenance
        (``missing_values``).
    **options
        Passed to :func:`netmix.from_contacts` (``resolution``, ``start``, ``end``,
        ``min_duration``, ``isolates``, ``directed``, ...).

    Returns
    -------
    SocialGraph
        Edge attributes ``n_contacts``, ``duration``, ``first_contact``, ``last_contact``.

    Notes
    -----
    Ids are int64 when every id of both files is a canonical integer literal, else text as
    written in both (``007`` in one file never meets ``7`` in the other).

    Examples
    --------
    The bundled example, one hour of it (times are seconds since midnight here):

    >>> import netmix
    >>> paths = netmix.datasets.example_paths()
    >>> g = read_sociopatterns(paths["contacts"], paths["metadata"],
    ...                        metadata_columns=["department"], start=36000, end=39600)
    >>> g
    <SocialGraph: 150 nodes...120 undirected edges; node attributes: department; ...>
    >>> int(g.edges["duration"].sum())  # seconds of contact in that hour, 20 s a record
    44280
    """
    table = read_contacts(contacts)
    nodes = None
    record: dict[str, Any] = {"step": "read_sociopatterns", "contacts": str(contacts),
                              "records": len(table)}
    if metadata is not None:
        nodes = read_metadata(metadata, metadata_columns, na_values=na_values)
        record.update(metadata=str(metadata), metadata_rows=len(nodes))
        if nodes.attrs.get("duplicate_rows_collapsed"):
            record["metadata_duplicate_rows_collapsed"] = nodes.attrs["duplicate_rows_collapsed"]
        record["missing_values"] = dict(nodes.attrs.get("missing_values", {}))
    table, nodes = _one_id_type(table, ["i", "j"], nodes)
    return from_contacts(table, nodes, **options).with_provenance(record, first=True)


def read_diary_network(
    diary: str | os.PathLike | pd.DataFrame,
    metadata: str | os.PathLike | pd.DataFrame | None = None,
    *,
    metadata_columns: Sequence[str] | None = None,
    na_values: Sequence[str] | None = None,
    codes: Sequence[int] | None = (1, 2, 3, 4),
    **options: Any,
) -> SocialGraph:
    """Read a contact-diary file into a directed graph of reports.

    Each edge ``i -> j`` is a report by ``i`` of a contact with ``j``; its attribute
    ``duration_code`` is the reported duration band (:data:`DIARY_DURATION_CODES`).

    The nodes are the people of the diary file (who reported, or were reported by, someone):
    the metadata gives their attributes, and people of the metadata absent from the diary
    are left out (``isolates="drop"``, counted in the provenance), for a diary file does not
    list the people who kept no diary: counting them as respondents who reported nobody
    would be wrong. This is the diary network of Mastrandrea et al. (2015) (120 people for
    the high school 2013) and what :func:`netmix.datasets.load_highschool_2013` returns;
    the provenance gives ``respondents`` (people who reported someone) and ``people``.

    Parameters
    ----------
    diary : path-like or DataFrame (columns ``i``, ``j``, ``w``)
    metadata : path-like or DataFrame indexed by node id, optional
    metadata_columns : sequence of str, optional
        Names of the metadata attribute columns.
    na_values : sequence of str, optional
        Metadata tokens that mean "unknown" (default :data:`netmix.io.MISSING_TOKENS`;
        ``()``: none), counted per column in the provenance (``missing_values``).
    codes : sequence of int or None, default (1, 2, 3, 4)
        Allowed duration codes.
    **options
        Passed to :func:`netmix.from_edges` (``add_missing_nodes``, ``isolates`` (default
        ``"drop"``), ``self_loops``, ``duplicates``).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "diary.csv").write_text("1 2 3\\n2 1 2\\n3 1 1\\n")
    >>> _ = (folder / "metadata.txt").write_text("1 2A F\\n2 2A M\\n3 2B F\\n4 2B M\\n")
    >>> g = read_diary_network(folder / "diary.csv", folder / "metadata.txt",
    ...                        metadata_columns=["class", "gender"])
    >>> g
    <SocialGraph: 3 nodes, 3 directed edges; node attributes: class, gender; ...>
    >>> g.edges
       source  target  duration_code
    0       1       2              3
    1       2       1              2
    2       3       1              1
    >>> {k: g.provenance[0][k] for k in ("reports", "respondents", "people")}
    {'reports': 3, 'respondents': 3, 'people': 3}
    """
    from_file = not isinstance(diary, pd.DataFrame)
    table = read_diary(diary, codes=codes) if from_file else diary
    nodes = metadata
    record: dict[str, Any] = {"step": "read_diary_network",
                              "diary": str(diary) if from_file else "DataFrame",
                              "reports": len(table)}
    if metadata is not None and not isinstance(metadata, pd.DataFrame):
        nodes = read_metadata(metadata, metadata_columns, na_values=na_values)
        record.update(metadata=str(metadata), metadata_rows=len(nodes),
                      missing_values=dict(nodes.attrs.get("missing_values", {})))
        if from_file:
            table, nodes = _one_id_type(table, ["i", "j"], nodes)
    elif isinstance(metadata, pd.DataFrame) and "missing_values" in metadata.attrs:
        record["missing_values"] = dict(metadata.attrs["missing_values"])  # read_metadata's
    if {"i", "j"} <= set(table.columns):
        record["respondents"] = int(pd.Index(table["i"]).nunique())
        record["people"] = int(pd.Index(pd.concat([table["i"], table["j"]])).nunique())
    edges = table.rename(columns={"i": "source", "j": "target", "w": "duration_code"})
    edges.attrs = dict(table.attrs)
    options.setdefault("duplicates", "error")
    options.setdefault("self_loops", "error")
    options.setdefault("isolates", "drop")
    graph = from_edges(edges, nodes, directed=True, **options)
    return graph.with_provenance(record, first=True)
