"""netmix.scale with the Dask engine (a 2-worker LocalCluster) equals the in-memory
functions on the same files, and the DuckDB engine. Expected values are computed live by
the in-memory implementation on ``netmix.read_edges`` of the same Parquet files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_scale_duckdb import assert_same_matrix, random_tables, write

import netmix
import netmix.scale as S
from netmix.exceptions import InputError
from netmix.inference import permutation_test as memory_permutation_test
from netmix.measures.assortativity import degree_assortativity, numeric_assortativity

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    # ":0": every server of the cluster on a free port. (dashboard_address=None still
    # starts the scheduler's HTTP server on 8787, and "Port 8787 is already in use" is a
    # warning, an error under filterwarnings=error, whenever another program holds it.)
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                           dashboard_address=":0", scheduler_port=0)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def million(tmp_path_factory):
    """1e6 edges (with parallel edges and loops) among 1e5 people in 6 groups."""
    rng = np.random.default_rng(2024)
    n, m = 100_000, 1_000_000
    home = rng.integers(0, 6, n)
    src = rng.integers(0, n, m)
    same = rng.random(m) < 0.6  # homophily: 60% of the ties stay in the group
    by_group = [np.flatnonzero(home == g) for g in range(6)]
    dst = rng.integers(0, n, m)
    for g in range(6):
        pick = same & (home[src] == g)
        dst[pick] = rng.choice(by_group[g], int(pick.sum()))
    d = tmp_path_factory.mktemp("million")
    e, v = str(d / "edges.parquet"), str(d / "nodes.parquet")
    pq.write_table(pa.table({"source": src, "target": dst,
                             "w": rng.integers(1, 30, m).astype(np.float64)}), e,
                   row_group_size=125_000)
    pd.DataFrame({"id": np.arange(n), "group": np.array(list("abcdef"))[home],
                  "age": rng.normal(40, 12, n).round()}).to_parquet(v)
    return e, v


def test_million_edges_match_in_memory(client, million):
    """The acceptance test: 1e6 edges on a 2-worker LocalCluster, the in-memory numbers."""
    e, v = million
    g = netmix.read_edges(e, v)
    eng = S.DaskEngine(client, block_rows=250_000)
    got = S.mixing_matrix(e, v, "group", engine=eng)
    assert_same_matrix(got, netmix.mixing_matrix(g, "group"))
    assert S.nominal_assortativity(e, v, "group", engine=eng) == pytest.approx(
        netmix.nominal_assortativity(g, "group"), abs=1e-12)
    assert S.degree_assortativity(e, v, engine=eng) == pytest.approx(
        degree_assortativity(g), abs=1e-12)
    assert_same_matrix(S.mixing_matrix(e, v, "group", "w", duplicates="keep", engine=eng),
                       netmix.mixing_matrix(netmix.read_edges(e, v, duplicates="keep"),
                                            "group", "w"))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_small_graphs_match_in_memory_and_duckdb(client, tmp_path, seed):
    directed = bool(seed % 2)
    edges, nodes = random_tables(seed, n=50, m=400, k=3, missing=0.1, str_ids=seed == 2)
    nodes["cls"] = np.where(nodes["score"] > 3, "high", "low")
    e, v = write(tmp_path, edges, nodes)
    g = netmix.read_edges(e, v, directed=directed)
    eng = S.DaskEngine(client, block_rows=60, buckets=3)
    kw = dict(directed=directed, missing="drop")
    for weight in (None, "w"):
        for loops in ("count", "once", "drop"):
            got = S.mixing_matrix(e, v, "group", weight, loops=loops, engine=eng, **kw)
            assert_same_matrix(got, netmix.mixing_matrix(g, "group", weight, loops=loops,
                                                         missing="drop"))
    assert_same_matrix(
        S.mixing_matrix(e, v, "group", col_groups="cls", engine=eng, **kw),
        netmix.mixing_matrix(g, "group", col_groups="cls", missing="drop"))
    assert S.degree_assortativity(e, v, weight="w", loops="once", directed=directed,
                                  engine=eng) == pytest.approx(
        degree_assortativity(g, weight="w", loops="once"), abs=1e-12)
    assert S.numeric_assortativity(e, v, "age", "w", engine=eng, **kw) == pytest.approx(
        numeric_assortativity(g, "age", "w", missing="drop"), abs=1e-12)
    pd.testing.assert_frame_equal(
        S.cross_group_ties(e, v, "group", engine=eng, **kw),
        S.cross_group_ties(e, v, "group", engine="duckdb", **kw))


def test_permutation_test_equals_in_memory(client, tmp_path):
    edges, nodes = random_tables(5, n=60, m=300, k=3)
    e, v = write(tmp_path, edges, nodes)
    ref = memory_permutation_test(netmix.read_edges(e, v), "nominal_assortativity", "group",
                                  n_resamples=40, seed=9)
    got = S.permutation_test(e, v, "nominal_assortativity", "group", n_resamples=40, seed=9,
                             batch_size=16, engine=S.DaskEngine(client, block_rows=100))
    np.testing.assert_array_equal(got.null_distribution, ref.null_distribution)
    assert (got.statistic, got.pvalue) == pytest.approx((ref.statistic, ref.pvalue),
                                                        abs=1e-12)


def test_errors_and_nodes_from_edges(client, tmp_path):
    edges, nodes = random_tables(6, n=30, m=100)
    bad = edges.copy()
    bad.loc[10, "source"] = 5
    e, v = write(tmp_path, bad, nodes)
    eng = S.DaskEngine(client, block_rows=40)
    with pytest.raises(InputError) as mem:
        netmix.read_edges(e, v)
    with pytest.raises(InputError) as got:
        S.mixing_matrix(e, v, "group", engine=eng)
    assert str(got.value) == str(mem.value)
    e, _ = write(tmp_path, edges, nodes)
    assert S.degree_assortativity(e, engine=eng) == pytest.approx(
        degree_assortativity(netmix.read_edges(e)), abs=1e-12)


def test_without_a_client_says_how_to_start_one(monkeypatch):
    import distributed

    def none():
        raise ValueError("No clients found")

    monkeypatch.setattr(distributed, "get_client", none)
    with pytest.raises(InputError, match="LocalCluster"):
        _ = S.DaskEngine().client


def test_dataframe_input_and_sparse_ids(client):
    edges, nodes = random_tables(7, n=40, m=200, k=2)
    big = {i: int(i) * 1_000_003_171 for i in nodes["id"]}
    edges["source"], edges["target"] = edges["source"].map(big), edges["target"].map(big)
    nodes["id"] = nodes["id"].map(big)
    g = netmix.from_edges(edges, nodes, node_id="id")
    got = S.mixing_matrix(edges, nodes, "group", engine=S.DaskEngine(client, block_rows=50))
    assert_same_matrix(got, netmix.mixing_matrix(g, "group"))
