"""Readers at the edge (issue 14, items 1, 2, 6, 9): missing tokens, ids as text, headers.

One missing-value policy for every reader: a cell is missing when it is one of
``netmix.io.MISSING_TOKENS`` (``""``, ``NA``, ``N/A``, ``n/a``, ``NaN``, ``nan``,
``Unknown``, ``Unkn``) or of the tokens given with ``na_values``; ``None``/``null`` are values;
ids never take the tokens (an id ``NA`` is an id); ids and labels are text as written
(``007`` never meets ``7``; ``01`` and ``1.0`` stay as written); every value taken as missing
is counted per column. Malformed files (duplicated headers, unterminated quotes, empty ids,
non-UTF-8 bytes, repeated egos) raise naming the file, line and column. Expected results
are hand-derived from the tiny inputs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _corpus import Case, check, ids, write, write_bytes

from netmix import InputTypeError
from netmix.ego import read_ego_data
from netmix.graph import from_igraph
from netmix.io import (
    MISSING_TOKENS,
    read_contacts,
    read_diary,
    read_diary_network,
    read_edges,
    read_metadata,
    read_node_table,
    read_sociopatterns,
    read_table,
)


# ----------------------------------------------------------------------------- helpers
def _edges(d, edges, nodes=None, **kw):
    e = write(d, "e.csv", edges)
    n = write(d, "n.csv", nodes) if nodes is not None else None
    return read_edges(e, n, **kw)


def _nodes(d, text, **kw):
    return read_node_table(write(d, "n.csv", text), **kw)


def _meta(d, text, names=None, **kw):
    return read_metadata(write(d, "m.txt", text), names, **kw)


def _sp(d, contacts, meta, **kw):
    return read_sociopatterns(write(d, "c.dat", contacts), write(d, "m.txt", meta), **kw)


def _diary(d, diary, meta=None, **kw):
    m = write(d, "m.txt", meta) if meta is not None else None
    return read_diary_network(write(d, "d.csv", diary), m, **kw)


def _ego(d, egos, alters, **kw):
    kw.setdefault("group", "g")
    return read_ego_data(write(d, "egos.csv", egos), write(d, "alters.csv", alters), **kw)


def _igraph(names, edges, attr="name", **kw):
    ig = pytest.importorskip("igraph")
    h = ig.Graph(edges)
    h.vs[attr] = names
    return from_igraph(h, **kw)


def _eq(got, want):
    """Element-wise equality with missing values equal to each other."""
    got = list(got)
    assert len(got) == len(want), (got, want)
    for g, w in zip(got, want, strict=True):
        assert (pd.isna(g) and w is None) or g == w, (got, want)


def _is(value, want):
    assert value == want, (value, want)


NODES_NA = "id,region\na,NA\nb,EU\nc,\n"
EDGES_ABC = "source,target\na,b\nb,c\n"
META_G = "1\tA\tF\n2\tB\tUnknown\n3\tA\tM\n4\tB\tUnkn\n"

CASES = [
    # ------------------------------------------------------------ the default token set
    Case("default-tokens-are-documented", lambda d: MISSING_TOKENS, error=None,
         result=lambda v: _is(v, ("", "NA", "N/A", "n/a", "NaN", "nan", "Unknown", "Unkn"))),
    Case("nodes-NA-region-missing-by-default", lambda d: _edges(d, EDGES_ABC, NODES_NA),
         error=None, result=lambda g: (_eq(g.nodes["region"], [None, "EU", None]),
                                       _is(g.provenance[0]["missing_values"], {"region": 2}))),
    Case("nodes-NA-region-kept-with-empty-na_values",
         lambda d: _edges(d, EDGES_ABC, NODES_NA, na_values=()), error=None,
         result=lambda g: (_eq(g.nodes["region"], ["NA", "EU", ""]),
                           _is(g.provenance[0]["missing_values"], {}))),
    Case("nodes-NA-kept-when-na_values-omits-it",
         lambda d: _edges(d, EDGES_ABC, NODES_NA,
                          na_values=[t for t in MISSING_TOKENS if t != "NA"]), error=None,
         result=lambda g: _eq(g.nodes["region"], ["NA", "EU", None])),
    Case("nodes-None-null-NULL-are-values",
         lambda d: _nodes(d, "id,religion\na,None\nb,null\nc,NULL\nd,n/a\n"), error=None,
         result=lambda t: (_eq(t["religion"], ["None", "null", "NULL", None]),
                           _is(t.attrs["missing_values"], {"religion": 1}))),
    Case("nodes-pandas-only-tokens-are-values",
         lambda d: _nodes(d, "id,code\na,#N/A\nb,-NaN\nc,<NA>\nd,1.#IND\n"), error=None,
         result=lambda t: _eq(t["code"], ["#N/A", "-NaN", "<NA>", "1.#IND"])),
    Case("nodes-every-default-token-missing-and-counted",
         lambda d: _nodes(d, "id,x\na,\nb,NA\nc,N/A\nd,n/a\ne,NaN\nf,nan\ng,Unknown\nh,Unkn\n"
                             "i,ok\n"), error=None,
         result=lambda t: (_is(int(t["x"].isna().sum()), 8),
                           _is(t.attrs["missing_values"], {"x": 8}))),
    Case("nodes-tokens-compared-exactly-case-included",
         lambda d: _nodes(d, "id,x\na,na\nb,UNKNOWN\nc,Nan\nd,unknown\n"), error=None,
         result=lambda t: _eq(t["x"], ["na", "UNKNOWN", "Nan", "unknown"])),
    Case("nodes-token-with-surrounding-blanks-is-missing",
         lambda d: _nodes(d, "id,x\na, NA\nb,\t\nc,y\n"), error=None,
         result=lambda t: _eq(t["x"], [None, None, "y"])),
    Case("nodes-custom-na_values-replace-the-default",
         lambda d: _nodes(d, "id,x\na,?\nb,NA\nc,Unknown\n", na_values=["?"]), error=None,
         result=lambda t: (_eq(t["x"], [None, "NA", "Unknown"]),
                           _is(t.attrs["missing_values"], {"x": 1}))),
    Case("nodes-na_values-bare-string-refused",
         lambda d: _nodes(d, "id,x\na,?\n", na_values="?"), error=InputTypeError,
         match=("na_values", "single string '?'", "['?']")),
    Case("nodes-na_values-non-text-refused",
         lambda d: _nodes(d, "id,x\na,?\n", na_values=[None]), error=InputTypeError,
         match=("na_values must hold strings", "None")),
    Case("edges-missing-counted-per-column-in-provenance",
         lambda d: _edges(d, "source,target,kind,note\na,b,NA,x\nb,c,,NA\nc,a,k,\n"),
         error=None,
         result=lambda g: _is(g.provenance[0]["edge_missing_values"], {"kind": 2, "note": 2})),
    Case("tsv-tokens-same-policy",
         lambda d: read_node_table(write(d, "n.tsv", "id\tx\na\tNA\nb\tUnknown\nc\tz\n")),
         error=None, result=lambda t: _eq(t["x"], [None, None, "z"])),
    Case("parquet-text-token-missing-id-kept",
         lambda d: (pytest.importorskip("pyarrow"),
                    pd.DataFrame({"id": ["NA", "b"], "x": ["Unknown", "y"]}).to_parquet(
                        d / "n.parquet"), read_node_table(d / "n.parquet"))[-1], error=None,
         result=lambda t: (_is(t.index.tolist(), ["NA", "b"]), _eq(t["x"], [None, "y"]),
                           _is(t.attrs["missing_values"], {"x": 1}))),
    # ------------------------------------------------------------ ids: never missing, text
    Case("edge-id-literally-NA-is-an-id", lambda d: _edges(d, "source,target\nNA,b\nb,c\n"),
         error=None, result=lambda g: _is(sorted(g.node_ids), ["NA", "b", "c"])),
    Case("edge-id-literally-nan-None-null-are-ids",
         lambda d: _edges(d, "source,target\nnan,None\nnull,Unknown\n"), error=None,
         result=lambda g: _is(sorted(g.node_ids), ["None", "Unknown", "nan", "null"])),
    Case("node-id-NA-meets-edge-id-NA",
         lambda d: _edges(d, "source,target\nNA,b\n", "id,t\nNA,x\nb,y\n"), error=None,
         result=lambda g: _is(g.nodes["t"].to_dict(), {"NA": "x", "b": "y"})),
    Case("edge-id-empty-names-line-and-column",
         lambda d: _edges(d, "source,target\na,b\nc,\n"),
         match=("e.csv", "column 2 (target)", "the id is empty"), line=3, column=2, path=True),
    Case("edge-id-blank-spaces-is-empty",
         lambda d: _edges(d, "source,target\n  ,b\n"),
         match=("column 1 (source)", "the id is empty"), line=2, column=1, path=True),
    Case("node-id-empty-names-line",
         lambda d: _edges(d, "source,target\na,b\n", "id,t\na,x\n,y\n"),
         match=("n.csv", "column 1 (id)", "empty"), line=3, column=1, path=True),
    Case("zero-padded-ids-never-merge",
         lambda d: _edges(d, "source,target\n007,7\n"), error=None,
         result=lambda g: (_is(g.n_nodes, 2), _is(g.has_loops(), False),
                           _is(sorted(g.node_ids), ["007", "7"]))),
    Case("zero-padded-edge-id-does-not-meet-node-7",
         lambda d: _edges(d, "source,target\n007,8\n", "id,t\n7,x\n8,y\n"),
         match=("node '007'", "e.csv, line 2", "not in the node table")),
    Case("plus-sign-id-is-text", lambda d: _edges(d, "source,target\n+7,7\n"), error=None,
         result=lambda g: _is(sorted(g.node_ids), ["+7", "7"])),
    Case("minus-zero-id-is-text", lambda d: _edges(d, "source,target\n-0,0\n"), error=None,
         result=lambda g: _is(g.n_nodes, 2)),
    Case("canonical-int-ids-are-int64",
         lambda d: _edges(d, "source,target\n-3,7\n7,12\n", "id,t\n-3,a\n7,b\n12,c\n"),
         error=None, result=lambda g: (_is(g.node_ids.tolist(), [-3, 7, 12]),
                                       _is(g.node_ids.dtype, np.dtype(np.int64)))),
    Case("one-text-id-makes-all-ids-text",
         lambda d: _edges(d, "source,target\n1,2\n2,x\n", "id,t\n1,a\n2,b\nx,c\n"), error=None,
         result=lambda g: _is(g.node_ids.tolist(), ["1", "2", "x"])),
    Case("ids-out-of-int64-stay-text",
         lambda d: _edges(d, "source,target\n99999999999999999999,1\n"), error=None,
         result=lambda g: _is(sorted(g.node_ids), ["1", "99999999999999999999"])),
    Case("ids-stripped-of-blanks",
         lambda d: _edges(d, "source,target\n a ,b\n", "id,t\na,x\nb,y\n"), error=None,
         result=lambda g: _is(g.nodes["t"].to_dict(), {"a": "x", "b": "y"})),
    # ------------------------------------------------------------ labels as written
    Case("group-labels-01-1.0-007-as-written",
         lambda d: _nodes(d, "id,grade\na,01\nb,1.0\nc,007\nd,1\n"), error=None,
         result=lambda t: _eq(t["grade"], ["01", "1.0", "007", "1"])),
    Case("labels-1-and-1.0-never-merge",
         lambda d: _nodes(d, "id,grade\na,1\nb,1.0\n"), error=None,
         result=lambda t: _is(t["grade"].nunique(), 2)),
    Case("labels-2.50-and-2.5-never-merge",
         lambda d: _nodes(d, "id,grade\na,2.50\nb,2.5\n"), error=None,
         result=lambda t: _eq(t["grade"], ["2.50", "2.5"])),
    Case("numeric-attribute-with-missing-is-float",
         lambda d: _nodes(d, "id,age\na,30\nb,NA\nc,41\n"), error=None,
         result=lambda t: (_is(t["age"].dtype, np.dtype(float)), _eq(t["age"], [30.0, None,
                                                                              41.0]))),
    Case("numeric-attribute-decimals-are-float",
         lambda d: _nodes(d, "id,x\na,1.5\nb,2\nc,1e3\n"), error=None,
         result=lambda t: _is(t["x"].tolist(), [1.5, 2.0, 1000.0])),
    Case("integer-attribute-is-int64",
         lambda d: _nodes(d, "id,x\na,3\nb,-4\n"), error=None,
         result=lambda t: (_is(t["x"].dtype, np.dtype(np.int64)), _is(t["x"].tolist(), [3, -4]))),
    Case("true-false-are-text-not-coerced",
         lambda d: _nodes(d, "id,x\na,True\nb,False\n"), error=None,
         result=lambda t: _eq(t["x"], ["True", "False"])),
    # ------------------------------------------------------------ headers, quotes, bytes
    Case("edges-duplicated-header",
         lambda d: _edges(d, "source,target,target\na,b,c\n"),
         match=("e.csv", "'target' more than once", "columns 2, 3"), line=1, column=3,
         path=True),
    Case("nodes-duplicated-header",
         lambda d: _edges(d, EDGES_ABC, "id,team,id\na,x,a\n"),
         match=("n.csv", "'id' more than once", "columns 1, 3"), line=1, path=True),
    Case("duplicated-header-after-blank-lines",
         lambda d: _nodes(d, "\n\nid,x,x\na,1,2\n"),
         match=("'x' more than once", "columns 2, 3"), line=3, path=True),
    Case("duplicated-quoted-header",
         lambda d: _nodes(d, 'id,"x","x"\na,1,2\n'), match=("'x' more than once",), line=1),
    Case("unterminated-quote-names-its-line",
         lambda d: _edges(d, 'source,target,note\na,b,"x\nb,c,y\nc,a,z\n'),
         match=("e.csv", "never closed"), line=2, path=True),
    Case("unterminated-quote-after-a-good-quoted-field",
         lambda d: _edges(d, 'source,target,note\na,b,"x, y"\nb,c,ok\nc,a,"open\n'),
         match=("never closed",), line=4, path=True),
    Case("unterminated-quote-after-a-multiline-field",
         lambda d: _edges(d, 'source,target,note\na,b,"two\nlines"\nb,c,"open\nc,a,z\n'),
         match=("never closed",), line=4, path=True),
    Case("quoted-separator-and-newline-are-fine",
         lambda d: _edges(d, 'source,target,note\na,b,"x, y"\nb,c,"1\n2"\n'), error=None,
         result=lambda g: _is(g.edges["note"].tolist(), ["x, y", "1\n2"])),
    Case("quoted-NA-is-still-missing",
         lambda d: _nodes(d, 'id,x\na,"NA"\nb,"y"\n'), error=None,
         result=lambda t: _eq(t["x"], [None, "y"])),
    Case("bom-before-header",
         lambda d: _edges(d, "\ufeffsource,target\na,b\n"), error=None,
         result=lambda g: _is(g.n_edges, 1)),
    Case("crlf-line-endings",
         lambda d: _edges(d, "source,target\r\na,b\r\nb,NA\r\n", "id,t\r\na,NA\r\nb,y\r\n"
                                                                  "NA,z\r\n"), error=None,
         result=lambda g: (_eq(g.nodes["t"], [None, "y", "z"]),
                           _is(g.node_ids.tolist(), ["a", "b", "NA"]))),
    Case("non-utf8-latin1-cell",
         lambda d: read_edges(write_bytes(d, "e.csv", b"source,target\na,b\nb,M\xfcller\n")),
         match=("e.csv", "not text (UTF-8 expected)"), line=3, column=4, path=True),
    Case("nul-byte", lambda d: read_edges(write_bytes(d, "e.csv", b"source,target\na,\x00\n")),
         match=("not text",), line=2, column=3, path=True),
    Case("short-row-names-its-line",
         lambda d: _edges(d, "source,target,w\na,b,1\nb,c\n"),
         match=("expected 3 fields", "got 2"), line=3, path=True),
    Case("weight-NA-is-a-missing-weight",
         lambda d: _edges(d, "source,target,w\na,b,1\nb,c,NA\n", weight="w"),
         match=("column 'w' must hold finite numbers", "a missing value", "e.csv, line 3")),
    Case("weight-text-named",
         lambda d: _edges(d, "source,target,w\na,b,1\nb,c,lots\n", weight="w"),
         match=("'lots'", "e.csv, line 3")),
    Case("node-conflicting-rows-name-both-lines",
         lambda d: _edges(d, EDGES_ABC, "id,t\na,x\nb,y\nc,z\na,w\n"),
         match=("node id 'a'", "n.csv, line 2", "n.csv, line 5")),
    # ------------------------------------------------------------ SocioPatterns contacts
    Case("contacts-zero-padded-ids-never-merge",
         lambda d: read_sociopatterns(write(d, "c.dat", "20 007 2\n40 7 2\n")), error=None,
         result=lambda g: (_is(sorted(g.node_ids), ["007", "2", "7"]), _is(g.n_edges, 2))),
    Case("contacts-zero-padded-id-does-not-meet-metadata-7",
         lambda d: _sp(d, "20 007 2\n", "7\tA\n2\tB\n"),
         match=("node '007'", "c.dat, line 1", "not in the node table")),
    Case("contacts-canonical-ids-int64",
         lambda d: read_contacts(write(d, "c.dat", "20 -1 2\n40 3 2\n")), error=None,
         result=lambda t: (_is(t["i"].dtype, np.dtype(np.int64)), _is(t["i"].tolist(), [-1, 3]))),
    Case("contacts-one-padded-id-makes-file-ids-text",
         lambda d: read_contacts(write(d, "c.dat", "20 1 2\n40 3 02\n")), error=None,
         result=lambda t: (_is(t["i"].tolist(), ["1", "3"]), _is(t["j"].tolist(), ["2", "02"]))),
    Case("contacts-id-NA-is-not-an-integer",
         lambda d: read_contacts(write(d, "c.dat", "20 1 2\n40 NA 2\n")),
         match=("c.dat", "column 2 (i)", "expected an integer", "'NA'"), line=2, column=2,
         path=True),
    Case("contacts-short-line", lambda d: read_contacts(write(d, "t.dat", "20 1 2\n40 1\n")),
         match=("line 2",), line=2, path=True),
    Case("contacts-nan-time", lambda d: read_contacts(write(d, "t.dat", "nan 1 2\n")),
         match=("finite",), line=1, column=1, path=True),
    Case("contacts-bom-crlf",
         lambda d: read_contacts(write(d, "t.dat", "\ufeff20 1 2\r\n40 2 3\r\n")),
         error=None, result=lambda t: _is(t[["t", "i", "j"]].to_numpy().tolist(),
                                          [[20, 1, 2], [40, 2, 3]])),
    Case("contacts-non-utf8",
         lambda d: read_contacts(write_bytes(d, "t.dat", b"20 1 2\n40 \xff 3\n")),
         match=("not text",), line=2, column=4, path=True),
    Case("contacts-id-out-of-range",
         lambda d: read_contacts(write(d, "t.dat", "20 1 99999999999999999999\n")),
         match=("64-bit integer range",), line=1, column=3, path=True),
    Case("contacts-huge-integer-time-next-to-a-decimal",
         lambda d: read_contacts(write(d, "t.dat", "9999999999999999999999999 1 2\n0.5 1 2\n")),
         match=("64-bit integer range",), line=1, column=1, path=True),
    # ------------------------------------------------------------ SocioPatterns metadata
    Case("metadata-Unknown-and-Unkn-missing-by-default",
         lambda d: _meta(d, META_G, ["class", "gender"]), error=None,
         result=lambda t: (_eq(t["gender"], ["F", None, "M", None]),
                           _is(t.attrs["missing_values"], {"gender": 2}))),
    Case("metadata-Unknown-kept-with-empty-na_values",
         lambda d: _meta(d, META_G, ["class", "gender"], na_values=()), error=None,
         result=lambda t: _eq(t["gender"], ["F", "Unknown", "M", "Unkn"])),
    Case("metadata-NA-country-missing-by-default",
         lambda d: _meta(d, "1 NA\n2 FR\n", ["country"]), error=None,
         result=lambda t: _eq(t["country"], [None, "FR"])),
    Case("metadata-NA-country-kept-with-empty-na_values",
         lambda d: _meta(d, "1 NA\n2 FR\n", ["country"], na_values=()), error=None,
         result=lambda t: _eq(t["country"], ["NA", "FR"])),
    Case("metadata-None-is-a-value", lambda d: _meta(d, "1 None\n2 null\n", ["x"]), error=None,
         result=lambda t: _eq(t["x"], ["None", "null"])),
    Case("metadata-labels-as-written",
         lambda d: _meta(d, "1 01\n2 1.0\n3 007\n4 1\n", ["grade"]), error=None,
         result=lambda t: _eq(t["grade"], ["01", "1.0", "007", "1"])),
    Case("metadata-zero-padded-ids-distinct",
         lambda d: _meta(d, "007 A\n7 B\n", ["x"]), error=None,
         result=lambda t: _is(t["x"].to_dict(), {"007": "A", "7": "B"})),
    Case("metadata-id-NA-is-not-an-integer", lambda d: _meta(d, "NA A\n"),
         match=("column 1 (id)", "expected an integer"), line=1, column=1, path=True),
    Case("metadata-na_values-bare-string", lambda d: _meta(d, "1 A\n", na_values="Unknown"),
         error=InputTypeError, match=("na_values", "['Unknown']")),
    Case("sociopatterns-Unknown-gender-not-a-group",
         lambda d: _sp(d, "20 1 2\n40 2 3\n40 3 4\n", META_G, metadata_columns=["c", "gender"]),
         error=None,
         result=lambda g: (_is(sorted(g.nodes["gender"].dropna()), ["F", "M"]),
                           _is(g.provenance[0]["missing_values"], {"gender": 2}))),
    Case("sociopatterns-Unknown-group-on-request",
         lambda d: _sp(d, "20 1 2\n40 2 3\n40 3 4\n", META_G, metadata_columns=["c", "gender"],
                       na_values=()), error=None,
         result=lambda g: _is(sorted(g.nodes["gender"]), ["F", "M", "Unkn", "Unknown"])),
    # ------------------------------------------------------------ diaries
    Case("diary-respondents-not-the-whole-metadata",
         lambda d: _diary(d, "1 2 3\n2 3 1\n", "1 A\n2 A\n3 B\n4 B\n5 B\n"), error=None,
         result=lambda g: (_is(g.n_nodes, 3), _is(g.provenance[0]["respondents"], 2),
                           _is(g.provenance[0]["people"], 3),
                           _is(g.provenance[1]["isolates_dropped"], 2))),
    Case("diary-isolates-kept-on-request",
         lambda d: _diary(d, "1 2 3\n", "1 A\n2 A\n3 B\n", isolates="keep"), error=None,
         result=lambda g: _is(g.n_nodes, 3)),
    Case("diary-metadata-Unknown-counted",
         lambda d: _diary(d, "1 2 3\n2 1 1\n", "1 A F\n2 A Unknown\n",
                          metadata_columns=["c", "gender"]), error=None,
         result=lambda g: (_eq(g.nodes["gender"], ["F", None]),
                           _is(g.provenance[0]["missing_values"], {"gender": 1}))),
    Case("diary-zero-padded-reporter-not-metadata-7",
         lambda d: _diary(d, "007 2 3\n", "7 A\n2 B\n"),
         match=("node '007'", "d.csv, line 1", "not in the node table")),
    Case("diary-code-out-of-range", lambda d: read_diary(write(d, "d.csv", "1 2 3\n1 3 9\n")),
         match=("duration code 9", "codes=None"), line=2, column=3, path=True),
    Case("diary-four-fields", lambda d: read_diary(write(d, "d.csv", "1 2 3\n1 3 2 5\n")),
         match=("expected 3 fields",), line=2, path=True),
    Case("diary-repeated-report", lambda d: _diary(d, "1 2 3\n2 1 1\n1 2 2\n"),
         match=("d.csv, line 3 repeats the one at", "line 1")),
    Case("diary-self-report", lambda d: _diary(d, "1 2 3\n4 4 1\n"),
         match=("self-loop", "d.csv, line 2")),
    # ------------------------------------------------------------ igraph
    Case("igraph-names-shared-raise",
         lambda d: _igraph(["ana", "ana", "bo"], [(0, 1), (1, 2)]),
         match=("'name'", "'ana'", "vertices 0, 1", "self-loops", "unique")),
    Case("igraph-id_attr-shared-raise",
         lambda d: _igraph([1, 2, 2], [(0, 1), (1, 2)], attr="pid", id_attr="pid"),
         match=("'pid'", "vertices 1, 2 share 2")),
    Case("igraph-missing-names-shared-raise",
         lambda d: _igraph([None, None, "c"], [(0, 1)]), match=("None",)),
    Case("igraph-unknown-id_attr", lambda d: _igraph(["a", "b"], [(0, 1)], id_attr="pid"),
         match=("id_attr must name a vertex attribute", "'pid'", "'name'")),
    Case("igraph-unique-names-exact", lambda d: _igraph(["a", "b", "c"], [(0, 1), (1, 2)]),
         error=None, result=lambda g: (_is(g.edges[["source", "target"]].to_numpy().tolist(),
                                           [["a", "b"], ["b", "c"]]),
                                       _is(g.has_loops(), False))),
    # ------------------------------------------------------------ ego readers
    Case("ego-repeated-id-names-both-lines",
         lambda d: _ego(d, "ego,g\n1,A\n2,B\n1,A\n", "ego,g\n1,A\n"),
         match=("egos.csv, line 2", "egos.csv, line 4", "ego id 1"), line=4, path=True),
    Case("ego-repeated-text-id",
         lambda d: _ego(d, "ego,g\nx,A\n\ny,B\nx,B\n", "ego,g\nx,A\n"),
         match=("'x'", "line 2", "line 5"), line=5, path=True),
    Case("ego-survey-weight-error-names-the-line-not-the-id",
         lambda d: _ego(d, "ego,g,w\n101,A,1\n102,B,-1\n", "ego,g\n101,A\n",
                        survey_weight="w"),
         match=("survey_weight", "egos.csv, line 3", "got -1 at"), line=3, path=True),
    Case("ego-survey-weight-missing-names-the-line",
         lambda d: _ego(d, "ego,g,w\n7,A,1\n8,B,NA\n", "ego,g\n7,A\n", survey_weight="w"),
         match=("survey_weight", "missing", "egos.csv, line 3")),
    Case("ego-id-NA-is-an-id",
         lambda d: _ego(d, "ego,g\nNA,A\nb,B\n", "ego,g\nNA,B\n"), error=None,
         result=lambda e: (_is(e.egos.index.tolist(), ["NA", "b"]),
                           _is(e.alters_per_ego().tolist(), [1, 0]))),
    Case("ego-id-empty-names-line",
         lambda d: _ego(d, "ego,g\n1,A\n,B\n", "ego,g\n1,A\n"),
         match=("egos.csv", "column 1 (ego)", "empty"), line=3, column=1, path=True),
    Case("ego-zero-padded-alter-ego-not-ego-7",
         lambda d: _ego(d, "ego,g\n7,A\n", "ego,g\n007,A\n"),
         match=("ego '007'", "alters.csv, line 2")),
    Case("ego-group-Unknown-missing-raises",
         lambda d: _ego(d, "ego,g\n1,A\n2,Unknown\n", "ego,g\n1,A\n"),
         match=("have no group", "egos.csv", "missing='drop'")),
    Case("ego-group-Unknown-dropped-and-counted",
         lambda d: _ego(d, "ego,g\n1,A\n2,Unknown\n", "ego,g\n1,A\n2,B\n", missing="drop"),
         error=None,
         result=lambda e: (_is(e.n_egos, 1), _is(e.provenance[0]["ego_missing_values"],
                                                 {"g": 1}),
                           _is(e.provenance[-1]["egos_without_group_dropped"], 1))),
    Case("ego-group-Unknown-kept-with-empty-na_values",
         lambda d: _ego(d, "ego,g\n1,A\n2,Unknown\n", "ego,g\n1,A\n", na_values=()),
         error=None, result=lambda e: _is(list(e.labels), ["A", "Unknown"])),
    Case("ego-group-labels-as-written-meet-area-headers",
         lambda d: read_ego_data(write(d, "egos.csv", "ego,g,town\n1,01,x\n2,02,x\n"),
                                 write(d, "alters.csv", "ego,g\n1,02\n"),
                                 group="g", area="town",
                                 areas=write(d, "areas.csv", "town,01,02\nx,5,5\n")),
         error=None, result=lambda e: _is(list(e.labels), ["01", "02"])),
    Case("ego-group-1-and-1.0-two-groups",
         lambda d: _ego(d, "ego,g\n1,1\n2,1.0\n", "ego,g\n1,1.0\n"), error=None,
         result=lambda e: _is(list(e.labels), ["1", "1.0"])),
    Case("ego-duplicated-header",
         lambda d: _ego(d, "ego,g,g\n1,A,B\n", "ego,g\n1,A\n"),
         match=("egos.csv", "'g' more than once"), line=1, path=True),
    Case("ego-unterminated-quote",
         lambda d: _ego(d, "ego,g\n1,A\n", 'ego,g\n1,"A\n1,B\n'),
         match=("alters.csv", "never closed"), line=2, path=True),
    Case("read_table-counts-and-keeps-text",
         lambda d: read_table(write(d, "t.csv", "id,a,b\n1,NA,01\n2,x,\n")), error=None,
         result=lambda t: (_is(t.attrs["missing_values"], {"a": 1, "b": 1}),
                           _eq(t["b"], ["01", None]))),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)
