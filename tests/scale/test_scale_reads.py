"""netmix.scale.nominal_assortativity reads each of its files once, in every mode (issue 16,
item 5).

pyarrow opens the edge file once for its schema and row count (the engine, DuckDB, then
reads its data once) and the node file once for its schema and the columns needed; the
result equals the in-memory value on the same files.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import netmix
import netmix.scale as S

pytest.importorskip("duckdb")


@pytest.mark.parametrize("str_ids", [False, True])
def test_each_file_is_opened_once(tmp_path, monkeypatch, str_ids):
    rng = np.random.default_rng(5)
    src, dst = rng.integers(0, 30, 200), rng.integers(0, 30, 200)
    ids = np.arange(30)
    if str_ids:
        src, dst, ids = src.astype(str), dst.astype(str), ids.astype(str)
    e_path, n_path = tmp_path / "e.parquet", tmp_path / "n.parquet"
    pd.DataFrame({"source": src, "target": dst}).to_parquet(e_path)
    pd.DataFrame({"id": ids, "dept": rng.choice(["a", "b", "c"], 30)}).to_parquet(n_path)

    opened: list[str] = []
    real_file = pq.ParquetFile

    def counting_file(source, *args, **kwargs):
        opened.append(os.path.basename(os.fspath(source)))
        return real_file(source, *args, **kwargs)

    def counting(name):
        real = getattr(pq, name)

        def wrapper(source, *args, **kwargs):
            opened.append(os.path.basename(os.fspath(source)))
            return real(source, *args, **kwargs)
        return wrapper

    monkeypatch.setattr(pq, "ParquetFile", counting_file)
    for name in ("read_schema", "read_metadata", "read_table"):
        monkeypatch.setattr(pq, name, counting(name))
    r = S.nominal_assortativity(e_path, n_path, "dept")
    assert sorted(opened) == ["e.parquet", "n.parquet"]
    monkeypatch.undo()
    expected = netmix.nominal_assortativity(netmix.read_edges(e_path, n_path), "dept")
    assert r == pytest.approx(expected, abs=1e-12)


# ------------------------------------------------------------------ one scan in every mode
class _Scans:
    """Counts the scans of each edge/node file's data: pyarrow reads of its rows
    (``ParquetFile.read``, ``iter_batches``, ``read_row_group(s)``) and DuckDB sessions
    whose SQL reads the file itself (``read_parquet``)."""

    def __init__(self, monkeypatch):
        from netmix.scale import _duckdb

        self.counts: dict[str, int] = {}
        real_file, real_init = pq.ParquetFile, _duckdb._Session.__init__
        counts = self.counts

        class CountingFile(real_file):
            def __init__(self, source, *args, **kwargs):
                self._netmix_name = os.path.basename(os.fspath(source))
                super().__init__(source, *args, **kwargs)

            def _count(self):
                counts[self._netmix_name] = counts.get(self._netmix_name, 0) + 1

            def read(self, *args, **kwargs):
                self._count()
                return super().read(*args, **kwargs)

            def iter_batches(self, *args, **kwargs):
                self._count()
                return super().iter_batches(*args, **kwargs)

            def read_row_groups(self, *args, **kwargs):
                self._count()
                return super().read_row_groups(*args, **kwargs)

            def read_row_group(self, *args, **kwargs):
                self._count()
                return super().read_row_group(*args, **kwargs)

        def counting_init(ses, engine, e, *args, **kwargs):
            real_init(ses, engine, e, *args, **kwargs)
            if e.table is None:  # the session's SQL scans the files themselves
                for p in e.paths:
                    name = os.path.basename(p)
                    counts[name] = counts.get(name, 0) + 1

        monkeypatch.setattr(pq, "ParquetFile", CountingFile)
        monkeypatch.setattr(_duckdb._Session, "__init__", counting_init)


def _files(tmp_path, drop_from_nodes: int):
    rng = np.random.default_rng(11)
    src, dst = rng.integers(0, 40, 300), rng.integers(0, 40, 300)
    e_path, n_path = tmp_path / "e.parquet", tmp_path / "n.parquet"
    pd.DataFrame({"source": src, "target": dst, "w": rng.random(300)}).to_parquet(e_path)
    pd.DataFrame({"id": np.arange(drop_from_nodes, 40),
                  "dept": rng.choice(["a", "b", "c"], 40 - drop_from_nodes)}).to_parquet(n_path)
    return e_path, n_path


@pytest.mark.parametrize("weight", [None, "w"])
@pytest.mark.parametrize("mode", ["node table", "add_missing_nodes", "no node table"])
def test_the_edge_file_is_scanned_once_in_every_mode(tmp_path, monkeypatch, mode, weight):
    """Issue 16, item 5: one scan of the edge file whatever the options (with
    add_missing_nodes=True the endpoints missing from the node table are found in the same
    read; without a node table the endpoints too). Expected values: the in-memory
    functions on netmix.read_edges of the same files."""
    e_path, n_path = _files(tmp_path, 5 if mode == "add_missing_nodes" else 0)
    if mode == "no node table":
        g = netmix.read_edges(e_path, None)
        dept = dict(zip(range(40), np.random.default_rng(2).choice(["a", "b"], 40),
                        strict=True))
        groups, nodes, kw = pd.Series(dept), None, {}
        groups = groups.reindex(g.node_ids.astype(int)).to_numpy()
    else:
        kw = {"add_missing_nodes": True, "missing": "drop"} \
            if mode == "add_missing_nodes" else {}
        g = netmix.read_edges(e_path, n_path, add_missing_nodes=mode == "add_missing_nodes")
        groups, nodes = "dept", n_path
    expected = netmix.nominal_assortativity(g, groups, weight,
                                            missing=kw.get("missing", "raise"))
    scans = _Scans(monkeypatch)
    r = S.nominal_assortativity(e_path, nodes, groups, weight, **kw)
    monkeypatch.undo()
    assert scans.counts["e.parquet"] == 1, scans.counts
    assert scans.counts.get("n.parquet", 0) == (0 if nodes is None else 1), scans.counts
    assert r == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("mode", ["node table", "add_missing_nodes"])
def test_the_dask_engine_scans_the_edge_file_once(tmp_path, monkeypatch, mode):
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    e_path, n_path = _files(tmp_path, 5 if mode == "add_missing_nodes" else 0)
    kw = {"add_missing_nodes": True, "missing": "drop"} if mode == "add_missing_nodes" else {}
    g = netmix.read_edges(e_path, n_path, add_missing_nodes=mode == "add_missing_nodes")
    expected = netmix.nominal_assortativity(g, "dept", missing=kw.get("missing", "raise"))
    # in-process workers (threads): the counting reader is the one they call
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                      dashboard_address=":0", scheduler_port=0) as cluster, \
            Client(cluster) as client:
        scans = _Scans(monkeypatch)
        r = S.nominal_assortativity(e_path, n_path, "dept", engine=S.DaskEngine(client),
                                    **kw)
        monkeypatch.undo()
    assert scans.counts["e.parquet"] == 1, scans.counts
    assert r == pytest.approx(expected, abs=1e-12)
