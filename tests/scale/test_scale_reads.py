"""netmix.scale.nominal_assortativity reads each of its files once (issue 16, item 5).

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
