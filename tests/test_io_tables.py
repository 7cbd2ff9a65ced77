"""Generic edge and node tables (CSV, Parquet, DataFrames): every error names its place."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import netmix
from netmix import InputError, read_edges
from netmix.io import read_node_table, read_table


def write(tmp_path, name, content):
    p = tmp_path / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return p


def raises(match, fn, *args, **kwargs):
    with pytest.raises(InputError) as info:
        fn(*args, **kwargs)
    msg = str(info.value)
    for m in [match] if isinstance(match, str) else match:
        assert re.search(m, msg), f"{m!r} not in {msg!r}"
    return info.value


EDGES = "source,target,minutes\na,b,5\nb,c,10\na,c,1\n"
NODES = "id,team\na,x\nb,x\nc,y\n"


def test_csv_edges_and_nodes(tmp_path):
    g = read_edges(write(tmp_path, "e.csv", EDGES), write(tmp_path, "n.csv", NODES),
                   weight="minutes")
    assert (g.n_nodes, g.n_edges) == (3, 3)
    assert g.nodes["team"].to_dict() == {"a": "x", "b": "x", "c": "y"}
    e = g.edges
    assert sorted(zip(e.source, e.target, e.minutes, strict=True)) == [
        ("a", "b", 5), ("a", "c", 1), ("b", "c", 10)]
    assert g.provenance[0] == {"step": "read_edges", "edges": str(tmp_path / "e.csv"),
                               "edge_missing_values": {}, "nodes": str(tmp_path / "n.csv"),
                               "missing_values": {}}


def test_tsv_blank_lines_crlf_and_quotes(tmp_path):
    g = read_edges(write(tmp_path, "e.tsv", "source\ttarget\r\n\r\n1\t2\r\n  \r\n2\t3\r\n"))
    assert g.edges[["source", "target"]].to_numpy().tolist() == [[1, 2], [2, 3]]
    g = read_edges(write(tmp_path, "q.csv", 'source,target,note\n1,2,"a, b"\n\n2,3,"x"\n'))
    assert g.edges["note"].tolist() == ["a, b", "x"]


def test_ids_typed_alike_in_both_files(tmp_path):
    # ids are integers only when every id in both files is an integer literal; a column of
    # integers next to one with a letter must not make 1 and "1" two different people
    e = write(tmp_path, "e.csv", "source,target\n1,2\nx,1\n")
    g = read_edges(e)
    assert g.n_nodes == 3 and sorted(g.node_ids) == ["1", "2", "x"]
    g = read_edges(write(tmp_path, "e2.csv", "source,target\n 1, 2\n2,3\n"),
                   write(tmp_path, "n.csv", "id,team\n1,a\n2,a\n3,b\n"))
    assert g.node_ids.tolist() == [1, 2, 3] and g.node_ids.dtype == np.int64
    # issue 14: a zero-padded id is text as written and never meets 1 (it used to)
    raises(r"node '01' at .*e3\.csv, line 2 is not in the node table",
           read_edges, write(tmp_path, "e3.csv", "source,target\n 01, 2\n2,3\n"),
           write(tmp_path, "n.csv", "id,team\n1,a\n2,a\n3,b\n"))


def test_parquet_round_trip(tmp_path):
    pytest.importorskip("pyarrow")
    edges = pd.DataFrame({"source": [1, 2], "target": [2, 3], "w": [1.5, 2.0]})
    nodes = pd.DataFrame({"id": [1, 2, 3], "team": ["x", "x", "y"]})
    edges.to_parquet(tmp_path / "e.parquet")
    nodes.to_parquet(tmp_path / "n.parquet")
    g = read_edges(tmp_path / "e.parquet", tmp_path / "n.parquet", weight="w")
    assert g.edges["w"].tolist() == [1.5, 2.0] and g.nodes["team"].tolist() == ["x", "x", "y"]
    edges.assign(w=[1.5, np.nan]).to_parquet(tmp_path / "bad.parquet")
    raises(r"column 'w' must hold finite numbers; got a missing value at .*bad\.parquet, "
           r"row 2",
           read_edges, tmp_path / "bad.parquet", weight="w")
    raises(r"source must name a column in edges \(.*e\.parquet\).*'source', 'target', 'w'",
           read_edges, tmp_path / "e.parquet", source="from")
    write(tmp_path, "junk.parquet", b"PAR1 not really")
    raises(r"junk\.parquet' could not be read as Parquet", read_edges, tmp_path / "junk.parquet")


# ----------------------------------------------------------------------------- errors
@pytest.mark.parametrize("kind", ["csv", "dataframe"])
def test_missing_column(tmp_path, kind):
    src = write(tmp_path, "e.csv", EDGES) if kind == "csv" else pd.read_csv(
        write(tmp_path, "e.csv", EDGES))
    where = r" \(.*e\.csv\)" if kind == "csv" else ""
    raises([rf"source must name a column in edges{where}; got 'from'",
            r"'source', 'target', 'minutes'", "Pass source="], read_edges, src, source="from")
    raises(rf"weight must name a column in the edge table{where}; got 'w'", read_edges, src,
           weight="w")
    raises(r"node_id must name a column in nodes \(.*n\.csv\); got 'person'", read_edges, src,
           write(tmp_path, "n.csv", NODES), node_id="person")


def test_wrong_separator_is_named(tmp_path):
    raises([r"'source' is not a column of .*e\.csv", r"sep=';'"], read_edges,
           write(tmp_path, "e.csv", "source;target\n1;2\n"))


@pytest.mark.parametrize("content, pattern", [
    ("", r"e\.csv' is empty"),
    ("source,target\n", r"e\.csv' has a header but no rows"),
    (b"\x00\x01\x02\x03", r"e\.csv', line 1, column 1: byte b'\\x00' is not text"),
    (b"source,target\n1,\xff\n", r"e\.csv', line 2, column 3: byte b'\\xff' is not text"),
    ("source,target\n1,2\n3\n", r"e\.csv', line 3: expected 2 fields separated by ',', as in "
                                r"the header on line 1; got 1: '3'"),
    ("source,target\n1,2,3\n", r"line 2: expected 2 fields .*got 3"),
    ("source,target\n1,2\n3;4\n", r"line 3: expected 2 fields .*got 1: '3;4'"),
    ('source,target,n\n1,2,"x"\n3,4\n', r"line 3: expected 3 fields .*got 2"),
    ("source,target,minutes\n1,2,5\n2,3,soon\n",
     r"column 'minutes' must hold numbers \(weights\); got 'soon' at .*e\.csv, line 3"),
    ("source,target,minutes\n1,2,5\n2,3,\n", r"got a missing value at .*e\.csv, line 3"),
    ("source,target,minutes\n1,2,5\n2,3,inf\n", r"got '?inf'? at .*e\.csv, line 3"),
    ("source,target\n1,2\n,3\n", r"e\.csv', line 3, column 1 \(source\): the id is empty"),
])
def test_csv_errors_name_the_line(tmp_path, content, pattern):
    raises(pattern, read_edges, write(tmp_path, "e.csv", content), weight=(
        "minutes" if "minutes" in str(content) else None))


def test_edge_node_absent_from_node_table(tmp_path):
    e = write(tmp_path, "e.csv", "source,target\na,b\nb,zed\n")
    n = write(tmp_path, "n.csv", "id,team\na,x\nb,x\n")
    raises([r"target: node 'zed' at .*e\.csv, line 3 is not in the node table; 1 such",
            "add_missing_nodes=True"], read_edges, e, n)
    g = read_edges(e, n, add_missing_nodes=True)
    assert g.n_nodes == 3 and pd.isna(g.nodes.loc["zed", "team"])
    assert g.provenance[1]["nodes_added"] == 1


def test_id_type_mismatch_hint():
    e = pd.DataFrame({"source": ["1"], "target": ["2"]})
    n = pd.DataFrame({"id": [1, 2]})
    raises(r"node ids in the node table are int64, in the edges (object|str)", read_edges, e, n)


def test_duplicate_node_rows(tmp_path):
    e = write(tmp_path, "e.csv", "source,target\na,b\n")
    n = write(tmp_path, "n.csv", "id,team\na,x\nb,y\na,x\n")
    g = read_edges(e, n)
    assert g.n_nodes == 2 and g.provenance[1]["duplicate_node_rows_collapsed"] == 1
    n = write(tmp_path, "n.csv", "id,team\na,x\nb,y\na,x\na,z\n")
    raises([r"node id 'a' appears more than once with different attributes",
            r"n\.csv, line 2 and .*n\.csv, line 5"], read_edges, e, n)
    nodes = read_node_table(write(tmp_path, "m.csv", "id,team\na,x\na,x\n"))
    assert nodes.attrs["duplicate_rows_collapsed"] == 1 and nodes.index.tolist() == ["a"]


def test_self_loops_policy(tmp_path):
    e = write(tmp_path, "e.csv", "source,target\na,b\nc,c\nd,d\n")
    assert read_edges(e).has_loops()  # generic edge tables keep them by default
    raises(r"self-loop at .*e\.csv, line 3 \(node 'c'\)", read_edges, e, self_loops="error")
    g = read_edges(e, self_loops="drop")
    assert g.n_edges == 1 and g.provenance[1]["self_loops_dropped"] == 2


def test_duplicate_edges_policy(tmp_path):
    e = write(tmp_path, "e.csv", "source,target,w\na,b,1\nb,a,2\nb,c,4\na,b,8\n")
    g = read_edges(e, weight="w")  # default "sum"
    assert g.edges.to_dict("list") == {"source": ["a", "b"], "target": ["b", "c"],
                                       "w": [11, 4], "n_merged": [3, 1]}
    assert g.provenance[1]["duplicate_edges_merged"] == 2
    g = read_edges(e, duplicates="keep")
    assert g.n_edges == 4 and g.has_multi_edges()
    raises(r"the pair at .*e\.csv, line 3 repeats the one at .*e\.csv, line 2",
           read_edges, e, duplicates="error")
    # directed: a->b and b->a are different arcs
    g = read_edges(e, directed=True)
    assert g.n_edges == 3
    raises(r"line 5 repeats the one at .*line 2", read_edges, e, directed=True,
           duplicates="error")


def test_merging_non_numeric_attribute_is_an_error(tmp_path):
    e = write(tmp_path, "e.csv", "source,target,kind\na,b,x\nb,a,y\n")
    raises(r"edge attribute 'kind' is not numeric.*duplicates='keep'", read_edges, e)


def test_bad_arguments(tmp_path):
    e = write(tmp_path, "e.csv", EDGES)
    raises(r"duplicates must be one of 'sum', 'keep', 'error'; got 'merge'", read_edges, e,
           duplicates="merge")
    raises(r"nope\.csv' does not exist", read_edges, tmp_path / "nope.csv")
    with pytest.raises(netmix.InputTypeError, match="edge table must be a path"):
        read_edges(42)


def test_read_table_dataframe_passthrough():
    df = pd.DataFrame({"source": [1], "target": [2]})
    assert read_table(df) is df


def test_node_dataframe_indexed_by_id():
    e = pd.DataFrame({"source": [1, 2], "target": [2, 3]})
    n = pd.DataFrame({"team": ["x", "y", "y"]}, index=pd.Index([1, 2, 3], name="id"))
    g = read_edges(e, n)
    assert g.nodes["team"].tolist() == ["x", "y", "y"]
    g = read_edges(e, n.rename_axis(None), node_id=None)
    assert g.n_nodes == 3


def test_node_file_needs_an_id_column(tmp_path):
    raises(r"node_id must name the id column of the node file .*n\.csv'; got None",
           read_edges, write(tmp_path, "e.csv", EDGES), write(tmp_path, "n.csv", NODES),
           node_id=None)


def test_callers_dataframes_are_not_changed(tmp_path):
    table = read_table(write(tmp_path, "e.csv", "source,target,w\n 1,2,3\n2,3,4\n"),
                       id_columns=["source", "target"])
    before = table.copy()
    g = read_edges(table, weight=("w",))
    pd.testing.assert_frame_equal(table, before)
    assert g.n_edges == 2


def test_regular_expression_separator(tmp_path):
    g = read_edges(write(tmp_path, "e.txt", "source  target\n1 2\n2\t\t3\n"), sep=r"\s+")
    assert g.n_edges == 2
    g = read_edges(write(tmp_path, "e.txt", "source;;target\n1;;2\n"), sep=";;")
    assert g.edges[["source", "target"]].to_numpy().tolist() == [[1, 2]]


@pytest.mark.parametrize("dtype", ["str", object])
def test_parquet_missing_tokens_in_text_columns(tmp_path, dtype):
    nodes = pd.DataFrame({"id": [1, 2, 3, 4], "team": pd.Series([" NA", "x", "Unknown", None],
                                                                 dtype=dtype)})
    nodes.to_parquet(tmp_path / "n.parquet")
    t = read_table(tmp_path / "n.parquet", id_columns=["id"])
    assert t["team"].isna().tolist() == [True, False, True, True]
    assert t.attrs["missing_values"] == {"team": 2}
