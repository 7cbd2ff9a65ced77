"""from_contacts and from_edges against hand computations on tiny tables."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmix
from netmix import InputError, from_contacts, from_edges

# t  i  j    (20 s records: record t covers [t - 20, t])
CONTACTS = pd.DataFrame({"t": [20, 40, 60, 40, 100],
                         "i": [1, 2, 1, 2, 3],
                         "j": [2, 1, 2, 3, 2]})
NODES = pd.DataFrame({"dept": ["a", "a", "b", "b"]}, index=pd.Index([1, 2, 3, 4], name="id"))


def raises(match, fn, *args, **kwargs):
    with pytest.raises(InputError) as info:
        fn(*args, **kwargs)
    for m in [match] if isinstance(match, str) else match:
        assert re.search(m, str(info.value)), f"{m!r} not in {str(info.value)!r}"


def edge_dict(g):
    e = g.edges
    return {(s, t): row for s, t, row in zip(e.source, e.target,
                                             e.drop(columns=["source", "target"]).to_dict(
                                                 "records"), strict=True)}


# ----------------------------------------------------------------------------- from_contacts
def test_undirected_aggregation_by_hand():
    g = from_contacts(CONTACTS)
    # pair {1,2}: records at 20, 40 (as 2-1), 60 -> 3 records, 60 s, first 20, last 60
    # pair {2,3}: records at 40, 100 (as 3-2)  -> 2 records, 40 s, first 40, last 100
    assert edge_dict(g) == {
        (1, 2): {"n_contacts": 3, "duration": 60, "first_contact": 20, "last_contact": 60},
        (2, 3): {"n_contacts": 2, "duration": 40, "first_contact": 40, "last_contact": 100},
    }
    assert not g.directed and g.node_ids.tolist() == [1, 2, 3]
    assert g.provenance[0] == {"step": "from_contacts", "records_in": 5, "resolution": 20,
                               "directed": False}


def test_directed_aggregation_by_hand():
    g = from_contacts(CONTACTS, directed=True)
    assert edge_dict(g) == {
        (1, 2): {"n_contacts": 2, "duration": 40, "first_contact": 20, "last_contact": 60},
        (2, 1): {"n_contacts": 1, "duration": 20, "first_contact": 40, "last_contact": 40},
        (2, 3): {"n_contacts": 1, "duration": 20, "first_contact": 40, "last_contact": 40},
        (3, 2): {"n_contacts": 1, "duration": 20, "first_contact": 100, "last_contact": 100},
    }


def test_resolution_scales_duration():
    g = from_contacts(CONTACTS, resolution=0.5)
    assert g.edge_attr("duration").tolist() == [1.5, 1.0]  # 3 * 0.5, 2 * 0.5
    g = from_contacts(CONTACTS, resolution=60)
    assert g.edge_attr("duration").tolist() == [180, 120]


def test_time_window_numbers():
    g = from_contacts(CONTACTS, start=40, end=100)  # keeps 40 <= t < 100
    assert edge_dict(g) == {
        (1, 2): {"n_contacts": 2, "duration": 40, "first_contact": 40, "last_contact": 60},
        (2, 3): {"n_contacts": 1, "duration": 20, "first_contact": 40, "last_contact": 40},
    }
    assert g.provenance[0]["records_outside_window"] == 2  # t = 20 and t = 100
    assert from_contacts(CONTACTS, start=61).n_edges == 1  # only t = 100 left
    assert from_contacts(CONTACTS, end=21).edge_attr("n_contacts").tolist() == [1]


def test_time_window_dates_with_time_zone():
    paris = ZoneInfo("Europe/Paris")
    midnight = int(datetime(2013, 12, 5, tzinfo=paris).timestamp())  # stdlib, not pandas
    t = [midnight - 20, midnight, midnight + 86400 - 20, midnight + 86400]
    c = pd.DataFrame({"t": t, "i": [1, 1, 2, 3], "j": [2, 3, 3, 4]})
    g = from_contacts(c, start="2013-12-05", end="2013-12-06", tz="Europe/Paris")
    assert sorted(zip(g.edges.source, g.edges.target, strict=True)) == [(1, 3), (2, 3)]
    # the same day in UTC is an hour later: the record at Paris midnight is outside it
    g = from_contacts(c, start="2013-12-05", end="2013-12-06")
    assert sorted(zip(g.edges.source, g.edges.target, strict=True)) == [(2, 3), (3, 4)]
    # an aware timestamp ignores tz
    g = from_contacts(c, start=pd.Timestamp("2013-12-05", tz=paris), end=midnight + 86400)
    assert g.n_edges == 2


@pytest.mark.parametrize("kwargs, pattern", [
    ({"start": "yesterday-ish"}, r"start must be a time .* got 'yesterday-ish'"),
    ({"end": float("nan")}, r"end must be a finite time"),
    ({"start": "2013-12-05", "tz": "Mars/Olympus"}, r"start: the date-time .*tz='Mars/Olympus'"),
    ({"resolution": 0}, r"resolution must be a positive finite number; got 0"),
    ({"min_duration": -1}, r"min_duration must be a finite number >= 0"),
    ({"isolates": "prune"}, r"isolates must be one of 'keep', 'drop'"),
    ({"self_loops": "keep"}, r"self_loops must be one of 'error', 'drop'"),
])
def test_argument_errors(kwargs, pattern):
    raises(pattern, from_contacts, CONTACTS, **kwargs)


def test_table_errors():
    raises(r"contacts must name a column in the contact table; got 'j'", from_contacts,
           CONTACTS.drop(columns="j"))
    bad = CONTACTS.assign(t=["20", "40", "x", "40", "100"])
    raises(r"column 't' must hold finite numbers .*got 'x' .* at row 2", from_contacts, bad)
    raises(r"at row 1", from_contacts, CONTACTS.assign(t=[20.0, np.inf, 1, 2, 3]))
    with pytest.raises(netmix.InputTypeError):
        from_contacts([[20, 1, 2]])


def test_object_times_that_are_numbers_are_accepted():
    g = from_contacts(CONTACTS.assign(t=CONTACTS["t"].astype(object)))
    assert g.edge_attr("n_contacts").tolist() == [3, 2]


def test_min_duration_counted():
    g = from_contacts(CONTACTS, min_duration=50)  # {1,2}: 60 s kept; {2,3}: 40 s dropped
    assert g.n_edges == 1 and g.provenance[0]["edges_below_min_duration"] == 1
    assert g.n_nodes == 3  # isolates kept by default
    g = from_contacts(CONTACTS, min_duration=50, isolates="drop")
    assert g.node_ids.tolist() == [1, 2] and g.provenance[0]["isolates_dropped"] == 1


def test_isolates_keep_or_drop():
    g = from_contacts(CONTACTS, NODES)  # person 4 has no contact
    assert g.n_nodes == 4 and g.degree().loc[4] == 0
    g = from_contacts(CONTACTS, NODES, isolates="drop")
    assert g.node_ids.tolist() == [1, 2, 3] and g.provenance[0]["isolates_dropped"] == 1
    # outside the window people become isolates too
    g = from_contacts(CONTACTS, NODES, end=50, isolates="drop")
    assert g.node_ids.tolist() == [1, 2, 3]
    g = from_contacts(CONTACTS, NODES, end=30, isolates="drop")
    assert g.node_ids.tolist() == [1, 2] and g.provenance[0]["isolates_dropped"] == 2


def test_self_loops():
    c = pd.concat([CONTACTS, pd.DataFrame({"t": [80, 500], "i": [3, 4], "j": [3, 4]})],
                  ignore_index=True)
    raises(r"person 3 is in contact with themself at row 5; pass self_loops='drop'",
           from_contacts, c)
    g = from_contacts(c, self_loops="drop")
    assert g.n_edges == 2 and g.provenance[0]["self_loops_dropped"] == 2
    # a dropped self-loop outside the window is counted once, as outside the window
    g = from_contacts(c, self_loops="drop", end=200)
    assert g.provenance[0]["self_loops_dropped"] == 1
    assert g.provenance[0]["records_outside_window"] == 1


def test_missing_and_added_nodes():
    raises([r"j: node 3 at row 3 is not in the node table; 1 such node id",
            "add_missing_nodes=True"], from_contacts, CONTACTS, NODES.drop(index=3))
    g = from_contacts(CONTACTS, NODES.drop(index=3), add_missing_nodes=True)
    assert g.provenance[0]["nodes_added"] == 1 and pd.isna(g.nodes.loc[3, "dept"])


def test_classes_from_contacts():
    c = CONTACTS.assign(Ci=["A", "B", "A", "B", "C"], Cj=["B", "A", "B", "C", "B"])
    g = from_contacts(c, class_attr="klass")
    assert g.nodes["klass"].to_dict() == {1: "A", 2: "B", 3: "C"}


def test_empty_window_gives_empty_graph():
    g = from_contacts(CONTACTS, NODES, start=1000)
    assert g.n_edges == 0 and g.n_nodes == 4
    assert g.edge_attr("duration").dtype == np.int64


@settings(max_examples=40, deadline=None)
@given(rec=st.lists(st.tuples(st.integers(0, 50), st.integers(0, 6), st.integers(0, 6)),
                    min_size=1, max_size=40),
       directed=st.booleans())
def test_aggregation_matches_pandas_groupby(rec, directed):
    c = pd.DataFrame(rec, columns=["t", "i", "j"])
    c = c[c.i != c.j]
    if c.empty:
        return
    g = from_contacts(c, directed=directed)
    a, b = c.i.to_numpy(), c.j.to_numpy()
    if not directed:
        a, b = np.minimum(a, b), np.maximum(a, b)
    ref = c.assign(a=a, b=b).groupby(["a", "b"])["t"].agg(["size", "min", "max"])
    got = g.edges.set_index(["source", "target"]).sort_index()
    assert got["n_contacts"].tolist() == ref["size"].tolist()
    assert got["first_contact"].tolist() == ref["min"].tolist()
    assert got["last_contact"].tolist() == ref["max"].tolist()
    assert (got["duration"] == 20 * got["n_contacts"]).all()


# ----------------------------------------------------------------------------- from_edges
def test_from_edges_sum_keep_error():
    e = pd.DataFrame({"source": [1, 2, 2, 3], "target": [2, 1, 3, 3], "w": [1.0, 2.0, 4.0, 8.0],
                      "flag": [True, True, False, True]})
    g = from_edges(e)
    assert edge_dict(g) == {(1, 2): {"w": 3.0, "flag": 2, "n_merged": 2},
                            (2, 3): {"w": 4.0, "flag": 0, "n_merged": 1},
                            (3, 3): {"w": 8.0, "flag": 1, "n_merged": 1}}
    assert g.provenance[0]["duplicate_edges_merged"] == 1
    assert from_edges(e, directed=True).n_edges == 4
    assert from_edges(e, duplicates="keep").has_multi_edges()
    raises(r"the pair at row 1 repeats the one at row 0", from_edges, e, duplicates="error")
    raises(r"self-loop at row 3 \(node 3\)", from_edges, e, self_loops="error")
    g = from_edges(e, self_loops="drop")
    assert not g.has_loops() and g.provenance[0]["self_loops_dropped"] == 1


def test_from_edges_nodes_and_isolates():
    e = pd.DataFrame({"a": ["x"], "b": ["y"], "w": [2]})
    n = pd.DataFrame({"name": ["x", "y", "z"], "team": [1, 1, 2]})
    g = from_edges(e, n, source="a", target="b", node_id="name", edge_attrs=[])
    assert g.n_nodes == 3 and g.edge_attributes == []
    g = from_edges(e, n, source="a", target="b", node_id="name", isolates="drop")
    assert g.node_ids.tolist() == ["x", "y"] and g.provenance[0]["isolates_dropped"] == 1
    raises(r"node_id must name a column in nodes; got 'id'", from_edges, e, n, source="a",
           target="b", node_id="id")
    raises(r"edge_attrs must name a column in edges; got 'v'", from_edges, e, source="a",
           target="b", edge_attrs=["v"])
    raises(r"a: the node id is missing at row 0", from_edges,
           pd.DataFrame({"a": [None], "b": ["y"]}), source="a", target="b")
    raises(r"nodes: the node id is missing at row 1", from_edges, e,
           n.assign(name=["x", None, "z"]), source="a", target="b", node_id="name")


def test_from_edges_mixed_id_types_do_not_crash():
    g = from_edges(pd.DataFrame({"source": [1, "a"], "target": ["b", 2]}, dtype=object))
    assert g.n_nodes == 4 and g.n_edges == 2


def test_from_edges_conflicting_node_rows():
    n = pd.DataFrame({"id": ["x", "x", "y", "x"], "team": [1, 1, 2, 3]})
    raises(r"node id 'x' appears more than once with different attributes \(row 0 and row 3\)",
           from_edges, pd.DataFrame({"source": ["x"], "target": ["y"]}), n, node_id="id")


# ----------------------------------------------------------------------------- weights (#14)
def test_weight_columns_are_checked_and_keep_their_integer_type():
    e = pd.DataFrame({"source": [1, 2], "target": [2, 3], "w": np.array([3, 4], np.int64),
                      "v": np.array([1.5, "2"], dtype=object)})
    g = from_edges(e, weight=["w", "v"])
    assert g.edge_attr("w").dtype == np.int64 and g.edge_attr("w").tolist() == [3, 4]
    assert g.edge_attr("v").dtype == np.float64 and g.edge_attr("v").tolist() == [1.5, 2.0]
    assert e["v"].dtype == object  # the caller's table is not changed


def test_weight_error_names_file_line_and_value(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("source,target,w\n1,2,1\n\n2,3,nan\n")
    with pytest.raises(InputError) as info:
        from_edges(netmix.io.read_table(path), weight="w")
    assert info.value.line == 4 and info.value.path == str(path)
    assert "got a missing value at" in str(info.value) and "e.csv, line 4" in str(info.value)
    assert "np.float64" not in str(info.value)


@pytest.mark.parametrize(("values", "dtype", "expected"), [
    ([9 * 10**18, 9 * 10**18], np.int64, 1.8e19),       # wrapped to -4.5e17 before
    ([-9 * 10**18, -9 * 10**18], np.int64, -1.8e19),
    ([2**63, 2**63], np.uint64, 2.0**64),
    ([2**62, 2**62 - 1], np.int64, 2**63 - 1),          # the largest exact int64 stays int
])
def test_merged_integer_sums_never_wrap_around(values, dtype, expected):
    e = pd.DataFrame({"source": [1, 1], "target": [2, 2], "w": np.array(values, dtype=dtype)})
    w = from_edges(e).edge_attr("w")
    assert w.tolist() == [expected]
    assert w.dtype == (np.int64 if isinstance(expected, int) else np.float64)


@pytest.mark.parametrize(("start", "end"), [
    (60, 60), (100, 20), ("1970-01-01 00:01:40", "1970-01-01 00:00:20"),
    (pd.Timestamp("1970-01-01 01:00:40", tz="Europe/Paris"),
     pd.Timestamp("1970-01-01 00:00:40", tz="UTC")),
    (datetime(1970, 1, 1, 1, 1, tzinfo=ZoneInfo("Europe/Paris")), "1970-01-01 00:00:20"),
])
def test_impossible_window_raises(start, end):
    raises(r"start must be before end", from_contacts, CONTACTS, start=start, end=end)


def test_window_of_one_instant_before_end_is_kept():
    g = from_contacts(CONTACTS, start=40, end=41)  # start <= t < end keeps t = 40
    assert g.n_edges == 2


@pytest.mark.parametrize("shuffle", [False, True])
def test_fast_paths_match_the_general_ones(shuffle):
    """Sorted or shuffled keys, consecutive or gappy node ids: the no-duplicate shortcut and
    the position-by-subtraction shortcut give the graph the general paths give."""
    rng = np.random.default_rng(3)
    src, dst = rng.integers(0, 50, 400), rng.integers(0, 50, 400)
    if not shuffle:
        key = np.unique(np.minimum(src, dst) * 50 + np.maximum(src, dst))
        src, dst = key // 50, key % 50
    e = pd.DataFrame({"source": src + 10, "target": dst + 10, "w": np.arange(src.size)})
    consecutive = pd.DataFrame({"x": np.arange(50)}, index=pd.Index(np.arange(10, 60), name="id"))
    gappy = pd.DataFrame({"x": np.arange(51)},
                         index=pd.Index(np.r_[np.arange(10, 60), 99], name="id"))
    a = from_edges(e, consecutive)
    b = from_edges(e, gappy, isolates="drop")
    pd.testing.assert_frame_equal(a.edges, b.edges)
    assert a.provenance[-1].get("duplicate_edges_merged", 0) == (0 if not shuffle else
                                                                 b.provenance[-1][
                                                                     "duplicate_edges_merged"])
    raises(r"node 60 .* is not in the node table", from_edges,
           pd.DataFrame({"source": [10, 60], "target": [11, 12]}), consecutive)
    raises(r"node 9 .* is not in the node table", from_edges,
           pd.DataFrame({"source": [10, 11], "target": [9, 12]}), consecutive)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 30), m=st.integers(1, 150),
       directed=st.booleans(), ordered=st.booleans(), dtype=st.sampled_from(["i4", "i8"]))
def test_parallel_edges_merged_as_defined(seed, n, m, directed, ordered, dtype):
    """from_edges(duplicates="sum") against the definition written out: one edge per pair
    (its lower end first when undirected), the weights of its copies summed, ``n_merged``
    counting them; "error" refuses exactly when a pair repeats; ordered distinct pairs take
    the no-sort proof."""
    from netmix.graph.build import _pair_keys

    rng = np.random.default_rng(seed)
    src, dst = rng.integers(0, n, m).astype(dtype), rng.integers(0, n, m).astype(dtype)
    if ordered:  # distinct pairs in key order (canonical when undirected)
        a, b = (src, dst) if directed else (np.minimum(src, dst), np.maximum(src, dst))
        pairs = np.unique(np.c_[a, b], axis=0)
        src, dst = pairs[:, 0].copy(), pairs[:, 1].copy()
    w = rng.integers(1, 5, src.size)
    first: dict = {}
    for s, d, x in zip(src.tolist(), dst.tolist(), w.tolist(), strict=True):
        pair = (s, d) if directed else (min(s, d), max(s, d))
        total, copies = first.get(pair, (0, 0))
        first[pair] = (total + x, copies + 1)
    lo, hi, key = _pair_keys(src, dst, n, directed)
    assert key.dtype == np.int64 and (key == lo.astype(np.int64) * n + hi).all()
    assert (lo <= hi).all() or directed
    table = pd.DataFrame({"source": src, "target": dst, "w": w})
    nodes = pd.DataFrame(index=pd.RangeIndex(n, name="id"))
    g = netmix.from_edges(table, nodes, duplicates="sum", directed=directed)
    got = {(s, d): (x, c) for s, d, x, c in zip(g.src.tolist(), g.dst.tolist(),
                                                 g.edge_attr("w").tolist(),
                                                 g.edge_attr("n_merged").tolist()
                                                 if "n_merged" in g.edge_attributes
                                                 else [1] * g.n_edges, strict=True)}
    assert got == first
    # the edges' order: the table's when no pair repeats, else the pairs' (sorted) order
    order = list(first) if len(first) == src.size else sorted(first)
    assert [tuple(p) for p in zip(g.src.tolist(), g.dst.tolist(), strict=True)] == order
    if len(first) < src.size:
        with pytest.raises(netmix.InputError, match="repeats the one at"):
            netmix.from_edges(table, nodes, duplicates="error", directed=directed)
    else:
        assert netmix.from_edges(table, nodes, duplicates="error", directed=directed).n_edges \
            == src.size


@pytest.mark.parametrize("dtype", ["i1", "i2", "i4", "i8", "u1", "u4", "u8", ">i4", "<i8"])
def test_positions_within_reads_signed_values_as_unsigned(dtype):
    from netmix._validation import positions_within

    n = 100
    ok = np.array([0, 5, n - 1]).astype(dtype)
    assert positions_within(ok, n)
    assert not positions_within(np.array([0, n]).astype(dtype), n)
    if np.dtype(dtype).kind == "i":
        assert not positions_within(np.array([3, -1, 2]).astype(dtype), n)
    assert positions_within(np.array([], dtype=dtype), 0)


def test_socialgraph_refuses_negative_positions_named():
    nodes = pd.DataFrame(index=list("abc"))
    for src, dst, name in (([0, -1], [1, 2], "src"), ([0, 1], [2, 3], "dst"),
                           (np.array([0, 1], np.int32), np.array([-2, 1], np.int32), "dst")):
        with pytest.raises(netmix.InputError, match=rf"{name} must hold node positions 0..2"):
            netmix.SocialGraph(nodes, src, dst)
