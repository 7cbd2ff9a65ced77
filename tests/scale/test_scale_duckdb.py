"""netmix.scale with the DuckDB engine equals the in-memory functions on the same files.

Every expected value here is computed live by the in-memory implementation
(``netmix.mixing_matrix`` etc. on ``netmix.read_edges`` of the same Parquet files) or by an
independent one (igraph, networkx), on random graphs with parallel edges (both orders),
self-loops, missing groups and weights.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netmix
import netmix.scale as S
from netmix.exceptions import DegenerateMixingWarning, InputError
from netmix.inference import permutation_test as memory_permutation_test
from netmix.measures.assortativity import degree_assortativity, numeric_assortativity
from netmix.measures.segregation import ei_index_by_node

pytest.importorskip("duckdb")

LABELS = np.array(["amber", "blue", "coral", "dune", "elm"], dtype=object)


# ----------------------------------------------------------------------------- helpers
def random_tables(seed: int, *, n: int = 40, m: int = 150, k: int = 3, str_ids: bool = False,
                  missing: float = 0.0, loops: float = 0.05, dups: float = 0.1,
                  int_weights: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Edges (source, target, w) and nodes (id, group, age, score) of a random multigraph
    with self-loops, repeated pairs in both orders and (``missing``) nodes without a group
    or an age. Node ids are shuffled integers (or strings) unrelated to positions."""
    rng = np.random.default_rng(seed)
    raw = rng.permutation(np.arange(100, 100 + 3 * n))[:n]
    ids = np.array([f"p{i}" for i in raw], dtype=object) if str_ids else raw.astype(np.int64)
    src = rng.integers(0, n, m)
    dst = rng.integers(0, n, m)
    loop = rng.random(m) < loops
    dst[loop] = src[loop]
    rep = rng.random(m) < dups
    flip = rng.random(int(rep.sum())) < 0.5
    s2 = np.where(flip, dst[rep], src[rep])
    d2 = np.where(flip, src[rep], dst[rep])
    src, dst = np.r_[src, s2], np.r_[dst, d2]
    w = rng.integers(0, 5, src.size).astype(float) if int_weights \
        else rng.random(src.size).round(3) * 10
    edges = pd.DataFrame({"source": ids[src], "target": ids[dst], "w": w})
    group = LABELS[rng.integers(0, k, n)].copy()
    age = rng.normal(35, 10, n).round(1)
    if missing:
        gone = rng.random(n) < missing
        group[gone] = None
        age[rng.random(n) < missing] = np.nan
    nodes = pd.DataFrame({"id": ids, "group": group, "age": age,
                          "score": rng.integers(0, 7, n).astype(float)})
    return edges, nodes


def write(directory: Path, edges: pd.DataFrame, nodes: pd.DataFrame, *,
          row_group: int = 29) -> tuple[str, str]:
    """Parquet files with small row groups (many batches even on tiny graphs)."""
    e, n = str(directory / "edges.parquet"), str(directory / "nodes.parquet")
    pq.write_table(pa.Table.from_pandas(edges, preserve_index=False), e,
                   row_group_size=row_group)
    pq.write_table(pa.Table.from_pandas(nodes, preserve_index=False), n)
    return e, n


def assert_same_matrix(a: netmix.MixingMatrix, b: netmix.MixingMatrix) -> None:
    assert a.row_labels.equals(b.row_labels) and a.col_labels.equals(b.col_labels)
    if a.weight is None:
        assert a.counts.dtype == b.counts.dtype == np.int64
        np.testing.assert_array_equal(a.counts, b.counts)
    else:
        np.testing.assert_allclose(a.counts, b.counts, rtol=1e-12, atol=1e-9)
    np.testing.assert_array_equal(a.row_sizes, b.row_sizes)
    np.testing.assert_array_equal(a.col_sizes, b.col_sizes)
    assert (a.directed, a.weight, a.row_attr, a.col_attr, a.loops) == \
        (b.directed, b.weight, b.row_attr, b.col_attr, b.loops)
    assert (a.n_nodes_dropped, a.n_edges_dropped) == (b.n_nodes_dropped, b.n_edges_dropped)
    assert (a.loop_counts is None) == (b.loop_counts is None)
    if a.loop_counts is not None:
        np.testing.assert_allclose(a.loop_counts, b.loop_counts, rtol=1e-12, atol=1e-9)


def quietly(func, *args, **kwargs) -> tuple[float, list[str]]:
    """``(value, messages of DegenerateMixingWarning)``: degenerate draws warn in both."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DegenerateMixingWarning)
        value = func(*args, **kwargs)
    return value, sorted(str(c.message) for c in caught
                         if issubclass(c.category, DegenerateMixingWarning))


def close(a: float, b: float) -> bool:
    return (np.isnan(a) and np.isnan(b)) or abs(a - b) <= 1e-12


ENGINE = S.DuckDBEngine(threads=2, memory_limit="1GB", batch_rows=50)


# ----------------------------------------------------------------------------- properties
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31), n=st.integers(2, 30), m=st.integers(1, 90),
       k=st.integers(1, 4), directed=st.booleans(), dup=st.sampled_from(["sum", "keep"]),
       loops=st.sampled_from(["count", "once", "drop"]), weighted=st.booleans(),
       drop=st.booleans(), str_ids=st.booleans())
def test_matches_in_memory(seed, n, m, k, directed, dup, loops, weighted, drop, str_ids):
    """Mixing matrix (every field), nominal, degree and numeric assortativity equal the
    in-memory values on read_edges of the same files."""
    # integer weights: sums are exact in any order, so degenerate draws (constant degrees)
    # are degenerate in both; float weights are checked on fixed graphs below
    edges, nodes = random_tables(seed, n=n, m=m, k=k, str_ids=str_ids,
                                 missing=0.15 if drop else 0.0, int_weights=True)
    weight = "w" if weighted else None
    missing = "drop" if drop else "raise"
    with tempfile.TemporaryDirectory() as tmp:
        e, v = write(Path(tmp), edges, nodes)
        g = netmix.read_edges(e, v, directed=directed, duplicates=dup)
        opts = dict(directed=directed, duplicates=dup, engine=ENGINE)
        ref = netmix.mixing_matrix(g, "group", weight, missing=missing, loops=loops)
        got = S.mixing_matrix(e, v, "group", weight, missing=missing, loops=loops, **opts)
        assert_same_matrix(got, ref)
        r_ref = quietly(netmix.nominal_assortativity, g, "group", weight, missing=missing,
                        loops=loops)
        r_got = quietly(S.nominal_assortativity, e, v, "group", weight, missing=missing,
                        loops=loops, **opts)
        assert close(r_got[0], r_ref[0]) and r_got[1] == r_ref[1]
        d_ref = quietly(degree_assortativity, g, weight=weight, loops=loops)
        d_got = quietly(S.degree_assortativity, e, v, weight=weight, loops=loops, **opts)
        assert close(d_got[0], d_ref[0]) and d_got[1] == d_ref[1]
        x_ref = quietly(numeric_assortativity, g, "age", weight, missing=missing, loops=loops)
        x_got = quietly(S.numeric_assortativity, e, v, "age", weight, missing=missing,
                        loops=loops, **opts)
        assert close(x_got[0], x_ref[0]) and x_got[1] == x_ref[1]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("directed", [False, True])
def test_fixed_seeds_every_option(tmp_path, seed, directed):
    """Larger fixed graphs: col_groups, directed degree types, target values, loops."""
    edges, nodes = random_tables(seed, n=300, m=3000, k=5, missing=0.0)
    nodes["cls"] = np.where(nodes["score"] > 3, "high", "low")
    e, v = write(tmp_path, edges, nodes, row_group=500)
    g = netmix.read_edges(e, v, directed=directed)
    for weight in (None, "w"):
        assert_same_matrix(
            S.mixing_matrix(e, v, "group", weight, col_groups="cls", directed=directed,
                            engine=ENGINE),
            netmix.mixing_matrix(g, "group", weight, col_groups="cls"))
    pairs = [("out", "in"), ("in", "in"), ("out", "out"), ("in", "out")] if directed \
        else [("out", "in")]
    for x, y in pairs:
        for loops in ("count", "once", "drop"):
            got = S.degree_assortativity(e, v, x=x, y=y, loops=loops, directed=directed,
                                         engine=ENGINE)
            assert got == pytest.approx(degree_assortativity(g, x=x, y=y, loops=loops),
                                        abs=1e-12)
    got = S.numeric_assortativity(e, v, "age", "w", target_values="score",
                                  directed=directed, loops="once", engine=ENGINE)
    ref = numeric_assortativity(g, "age", "w", target_values="score", loops="once")
    assert got == pytest.approx(ref, abs=1e-12)
    for loops in ("count", "drop"):  # strengths (float weights) as the degrees
        got = S.degree_assortativity(e, v, weight="w", loops=loops, directed=directed,
                                     engine=ENGINE)
        assert got == pytest.approx(degree_assortativity(g, weight="w", loops=loops),
                                    abs=1e-12)
    assert S.nominal_assortativity(e, v, "group", "w", directed=directed,
                                   engine=ENGINE) == pytest.approx(
        netmix.nominal_assortativity(g, "group", "w"), abs=1e-12)


def test_degree_assortativity_against_igraph(tmp_path):
    """igraph's assortativity_degree (independent C code) on a simple random graph."""
    import igraph as ig

    rng = np.random.default_rng(5)
    h = ig.Graph.Erdos_Renyi(n=400, m=2500)
    el = np.array(h.get_edgelist())
    edges = pd.DataFrame({"source": el[:, 0], "target": el[:, 1]})
    e = str(tmp_path / "e.parquet")
    edges.sample(frac=1, random_state=1).to_parquet(e)  # any row order
    assert S.degree_assortativity(e) == pytest.approx(h.assortativity_degree(directed=False),
                                                      abs=1e-12)
    d = ig.Graph.Erdos_Renyi(n=300, m=2000, directed=True)
    el = np.array(d.get_edgelist())
    pd.DataFrame({"source": el[:, 0], "target": el[:, 1]}).to_parquet(e)
    assert S.degree_assortativity(e, directed=True) == pytest.approx(
        d.assortativity_degree(directed=True), abs=1e-12)
    del rng


def test_cross_group_ties_against_networkx(tmp_path):
    """Per node counts equal a direct count over networkx neighbours, and give the
    in-memory individual E-I index."""
    edges, nodes = random_tables(3, n=60, m=300, k=3, loops=0.0)
    edges = edges[edges["source"] != edges["target"]]  # networkx lists a loop once
    e, v = write(tmp_path, edges, nodes)
    table = S.cross_group_ties(e, v, "group", engine=ENGINE)
    gnx = nx.Graph()
    gnx.add_nodes_from(nodes["id"])
    gnx.add_edges_from(zip(edges["source"], edges["target"], strict=True))
    grp = dict(zip(nodes["id"], nodes["group"], strict=True))
    within = {i: sum(grp[j] == grp[i] for j in gnx[i]) for i in gnx}
    cross = {i: sum(grp[j] != grp[i] for j in gnx[i]) for i in gnx}
    assert table["within"].to_dict() == within
    assert table["cross"].to_dict() == cross
    assert (table["group"] == nodes.set_index("id")["group"].loc[table.index]).all()
    g = netmix.read_edges(e, v)
    has = table["ties"] > 0
    ei = (table["cross"] - table["within"]) / table["ties"]
    ref = ei_index_by_node(g, "group")
    np.testing.assert_allclose(ei[has], ref.loc[table.index[has]], rtol=1e-12)
    w = S.cross_group_ties(e, v, "group", "w", engine=ENGINE)
    assert w["within"].sum() + w["cross"].sum() == pytest.approx(
        2 * g.edge_attr("w").sum(), rel=1e-12)


def test_cross_group_ties_directed_modes(tmp_path):
    edges, nodes = random_tables(4, n=50, m=200, k=2, missing=0.1)
    e, v = write(tmp_path, edges, nodes)
    kw = dict(directed=True, missing="drop", duplicates="keep", engine=ENGINE)
    out = S.cross_group_ties(e, v, "group", mode="out", **kw)
    inn = S.cross_group_ties(e, v, "group", mode="in", **kw)
    both = S.cross_group_ties(e, v, "group", **kw)
    pd.testing.assert_frame_equal(both[["within", "cross"]],
                                  out[["within", "cross"]] + inn[["within", "cross"]])
    # hand check of one node: arcs it sends to members of the same group
    nid = out.index[0]
    grp = nodes.set_index("id")["group"]
    sent = edges[(edges["source"] == nid) & edges["target"].map(grp).notna()]
    assert out.loc[nid, "within"] == int((sent["target"].map(grp) == grp[nid]).sum())
    assert nodes["group"].isna().sum() == len(nodes) - len(out)


@pytest.mark.parametrize("weighted", [False, True])
def test_permutation_test_equals_in_memory(tmp_path, weighted):
    """Same seed, same replicates: the null distribution equals the in-memory one."""
    edges, nodes = random_tables(6, n=80, m=400, k=3, missing=0.1)
    e, v = write(tmp_path, edges, nodes)
    weight = "w" if weighted else None
    g = netmix.read_edges(e, v)
    for n_jobs in (1, 2):
        ref = memory_permutation_test(g, "nominal_assortativity", "group", weight=weight,
                                      n_resamples=60, seed=11, missing="drop",
                                      n_jobs=n_jobs)
        got = S.permutation_test(e, v, "nominal_assortativity", "group", weight,
                                 n_resamples=60, seed=11, missing="drop", n_jobs=n_jobs,
                                 batch_size=16, engine=ENGINE)
        assert got.statistic == pytest.approx(ref.statistic, abs=1e-12)
        np.testing.assert_allclose(got.null_distribution, ref.null_distribution,
                                   rtol=1e-12, atol=1e-12)
        assert (got.pvalue, got.n_resamples, got.null) == (ref.pvalue, 60,
                                                            "label_permutation")


def test_permutation_test_of_other_indices(tmp_path):
    """Any index of the mixing matrix, by name or as a function, as in memory."""
    from netmix.measures.segregation import ei_index

    edges, nodes = random_tables(15, n=60, m=300, k=3)
    e, v = write(tmp_path, edges, nodes)
    g = netmix.read_edges(e, v, directed=True)
    for stat in ("freeman_segregation", ei_index, lambda m: float(m.counts.trace())):
        ref = memory_permutation_test(g, stat, "group", n_resamples=30, seed=5)
        got = S.permutation_test(e, v, stat, "group", n_resamples=30, seed=5, directed=True,
                                 engine=ENGINE)
        np.testing.assert_allclose(got.null_distribution, ref.null_distribution,
                                   rtol=1e-12, atol=1e-12)
        assert got.pvalue == ref.pvalue
    with pytest.raises(InputError, match="function of the mixing matrix"):
        S.permutation_test(e, v, lambda graph, groups, weight=None: 0.0, "group",
                           engine=ENGINE)


def test_disk_cache_gives_the_same_numbers(tmp_path, monkeypatch):
    """Beyond the in-memory cache limit the canonical edges go to .npz files."""
    from netmix.scale import _cache

    edges, nodes = random_tables(7, n=50, m=500, k=3)
    e, v = write(tmp_path, edges, nodes)
    before_deg = S.degree_assortativity(e, v, engine=ENGINE)
    before_perm = S.permutation_test(e, v, "nominal_assortativity", "group",
                                     n_resamples=20, seed=3, engine=ENGINE)
    monkeypatch.setattr(_cache, "CACHE_IN_MEMORY", 100)
    spill = tmp_path / "spill"
    spill.mkdir()
    eng = S.DuckDBEngine(batch_rows=64, temp_directory=str(spill))
    assert S.degree_assortativity(e, v, engine=eng) == pytest.approx(before_deg, abs=1e-12)
    after = S.permutation_test(e, v, "nominal_assortativity", "group", n_resamples=20,
                               seed=3, engine=eng)
    np.testing.assert_array_equal(after.null_distribution, before_perm.null_distribution)


def test_add_missing_nodes_and_many_files(tmp_path):
    """Endpoints absent from the node table, edges split over several files (a glob)."""
    edges, nodes = random_tables(8, n=60, m=300, k=3)
    nodes = nodes.iloc[5:]  # five people are only in the edges
    for i, rows in enumerate(np.array_split(np.arange(len(edges)), 3)):
        edges.iloc[rows].to_parquet(tmp_path / f"part{i}.parquet")
    one = tmp_path / "one"
    one.mkdir()
    edges.to_parquet(one / "edges.parquet")
    v = str(tmp_path / "nodes.parquet")
    nodes.to_parquet(v)
    g = netmix.read_edges(str(one / "edges.parquet"), v, add_missing_nodes=True)
    ref = netmix.mixing_matrix(g, "group", missing="drop")
    got = S.mixing_matrix(str(tmp_path / "part*.parquet"), v, "group", missing="drop",
                          add_missing_nodes=True, engine=ENGINE)
    assert_same_matrix(got, ref)
    assert got.n_nodes_dropped == 5
    ref_p = memory_permutation_test(g, "nominal_assortativity", "group", missing="drop",
                                    n_resamples=30, seed=4)
    got_p = S.permutation_test(str(tmp_path / "part*.parquet"), v, "nominal_assortativity",
                               "group", missing="drop", add_missing_nodes=True,
                               n_resamples=30, seed=4, engine=ENGINE)
    np.testing.assert_array_equal(got_p.null_distribution, ref_p.null_distribution)


def test_indices_of_the_matrix_apply_unchanged(tmp_path):
    """Any index that takes a MixingMatrix gives the in-memory value on the scale one."""
    from netmix.measures import segregation

    edges, nodes = random_tables(9, n=100, m=600, k=4)
    e, v = write(tmp_path, edges, nodes)
    g = netmix.read_edges(e, v)
    got, ref = S.mixing_matrix(e, v, "group", engine=ENGINE), netmix.mixing_matrix(g, "group")
    for f in (segregation.coleman_homophily, segregation.ei_index,
              segregation.freeman_segregation):
        a, b = f(got), f(ref)
        if isinstance(a, pd.Series):
            pd.testing.assert_series_equal(a, b)
        else:
            assert a == pytest.approx(b, abs=1e-12)
    pd.testing.assert_frame_equal(got.dyads(), ref.dyads())


# ----------------------------------------------------------------------------- errors
def messages(tmp_path, edges, nodes, **kw) -> tuple[str, str]:
    e, v = write(tmp_path, edges, nodes)
    with pytest.raises(InputError) as mem:
        netmix.mixing_matrix(netmix.read_edges(e, v), "group", **kw)
    with pytest.raises(InputError) as got:
        S.mixing_matrix(e, v, "group", engine=ENGINE, **kw)
    return str(got.value), str(mem.value)


def test_errors_match_the_in_memory_messages(tmp_path):
    edges, nodes = random_tables(10, n=20, m=60)
    bad = edges.copy()
    bad.loc[7, "target"] = 9999  # not in the node table
    got, mem = messages(tmp_path, bad, nodes)
    assert got == mem and "row 8" in got and "9999" in got
    gone = nodes.copy()
    gone.loc[3, "group"] = None
    got, mem = messages(tmp_path, edges, gone)
    assert got == mem and "missing='drop'" in got


def test_weight_and_type_errors(tmp_path):
    edges, nodes = random_tables(11, n=20, m=60)
    edges.loc[4, "w"] = -1.0
    e, v = write(tmp_path, edges, nodes)
    with pytest.raises(InputError, match=r"finite numbers >= 0; got -1.0 at .*row 5"):
        S.mixing_matrix(e, v, "group", "w", engine=ENGINE)
    with pytest.raises(InputError, match="must name a column"):
        S.mixing_matrix(e, v, "group", "weight", engine=ENGINE)
    with pytest.raises(InputError, match="node attributes are: 'group', 'age'"):
        S.mixing_matrix(e, v, "dept", engine=ENGINE)
    strs = nodes.assign(id=nodes["id"].astype(str))
    strs.to_parquet(v)
    with pytest.raises(InputError, match="Make them the same type"):
        S.mixing_matrix(e, v, "group", engine=ENGINE)
    with pytest.raises(InputError, match="engine must be"):
        S.mixing_matrix(e, v, "group", engine="spark")
    with pytest.raises(InputError, match="does not exist"):
        S.mixing_matrix(str(tmp_path / "nope.parquet"), v, "group")
    with pytest.raises(InputError, match="duplicates must be one of"):
        S.mixing_matrix(e, v, "group", duplicates="error")


def test_null_ids_raise(tmp_path):
    edges, nodes = random_tables(12, n=20, m=60)
    edges["source"] = edges["source"].astype("Int64")
    edges.loc[2, "source"] = pd.NA
    e, v = write(tmp_path, edges, nodes)
    with pytest.raises(InputError, match=r"source: the node id is missing at .*row 3"):
        S.mixing_matrix(e, v, "group", engine=ENGINE)
    with pytest.raises(InputError, match=r"source: the node id is missing at .*row 3"):
        S.degree_assortativity(e, v, engine=ENGINE)


def test_degenerate_warns_like_in_memory(tmp_path):
    """One group: nan with the same DegenerateMixingWarning as in memory."""
    edges, nodes = random_tables(13, n=10, m=30, k=1)
    e, v = write(tmp_path, edges, nodes)
    with pytest.warns(DegenerateMixingWarning, match="single group"):
        assert np.isnan(S.nominal_assortativity(e, v, "group", engine=ENGINE))
    ring = pd.DataFrame({"source": [0, 1, 2, 3], "target": [1, 2, 3, 0]})
    with pytest.warns(DegenerateMixingWarning, match="constant"):
        assert np.isnan(S.degree_assortativity(ring))


def test_sparse_integer_ids_are_joined_in_sql(tmp_path):
    """Ids far apart (no lookup table): DuckDB joins them; same numbers as in memory."""
    from netmix.scale._common import IdMap

    edges, nodes = random_tables(14, n=80, m=500, k=3, missing=0.1)
    big = {i: int(i) * 1_000_003_171 for i in nodes["id"]}
    edges["source"], edges["target"] = edges["source"].map(big), edges["target"].map(big)
    nodes["id"] = nodes["id"].map(big)
    assert IdMap(pd.Index(nodes["id"])).lut is None
    e, v = write(tmp_path, edges, nodes)
    g = netmix.read_edges(e, v)
    for dup in ("sum", "keep"):
        gd = netmix.read_edges(e, v, duplicates=dup)
        assert_same_matrix(S.mixing_matrix(e, v, "group", missing="drop", duplicates=dup,
                                           engine=ENGINE),
                           netmix.mixing_matrix(gd, "group", missing="drop"))
    assert S.degree_assortativity(e, v, engine=ENGINE) == pytest.approx(
        degree_assortativity(g), abs=1e-12)
    assert S.numeric_assortativity(e, v, "age", missing="drop", engine=ENGINE) == \
        pytest.approx(numeric_assortativity(g, "age", missing="drop"), abs=1e-12)
