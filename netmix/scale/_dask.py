"""The Dask engine: the same tallies on a dask.distributed cluster.

The edge files are cut into blocks of Parquet row groups (about ``block_rows`` edges each);
a task reads one block with pyarrow, maps node ids to positions with the node index (sent
to every worker once) and tallies the block with the very same functions as the DuckDB
engine (:mod:`._kernels`); partial tallies are summed in a tree on the cluster and only
the sum comes back. Merging parallel edges (``duplicates="sum"``) hash-partitions the
pairs into buckets (a shuffle by pair), and each bucket merges its pairs with
``numpy.unique``. Edges read for several passes (two-pass moments, permutation tests) stay
in the cluster's memory (spilled to disk by the workers when needed) until the end.

Point it at any cluster with a :class:`distributed.Client`: a LocalCluster, or a SLURM /
PBS / SGE cluster through dask-jobqueue.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ._common import EdgeInput, IdMap, Options
from ._kernels import MixingSpec, mixing_tally

__all__ = ["DaskEngine"]

_HASH = np.uint64(0x9E3779B97F4A7C15)


class DaskEngine:
    """Compute on a dask.distributed cluster.

    Parameters
    ----------
    client : distributed.Client, optional
        Default: the current client (``distributed.get_client()``); start one first, e.g.
        ``Client(LocalCluster(n_workers=2, dashboard_address=":0"))`` (``":0"``: the
        dashboard takes a free port; the default, 8787, fails when another program holds
        it) or, on a SLURM cluster, ``Client(SLURMCluster(...))`` from dask-jobqueue.
    block_rows : int, default 4194304
        Edges per task (whole Parquet row groups are read, so blocks follow them).
    buckets : int, optional
        Partitions of the shuffle that merges parallel edges (default: one per four
        blocks, at least one).

    Examples
    --------
    >>> from netmix.scale import DaskEngine
    >>> DaskEngine(block_rows=1_000_000)
    DaskEngine(block_rows=1000000)
    """

    name = "dask"

    def __init__(self, client: Any = None, *, block_rows: int = 1 << 22,
                 buckets: int | None = None) -> None:
        self._client = client
        self.block_rows = int(block_rows)
        self.buckets = buckets

    def __repr__(self) -> str:
        return f"DaskEngine(block_rows={self.block_rows})"

    @property
    def client(self) -> Any:
        if self._client is not None:
            return self._client
        try:
            from distributed import get_client
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("engine='dask' needs dask.distributed: pip install "
                              f"'netmix[scale]' ({exc})") from None
        try:
            return get_client()
        except ValueError:
            from ..exceptions import InputError

            raise InputError(
                "engine='dask' needs a running dask.distributed Client; got none. Start one "
                "(from distributed import Client, LocalCluster; client = Client(LocalCluster("
                "n_workers=2, dashboard_address=':0'))) or pass engine=DaskEngine(client)."
            ) from None

    # ------------------------------------------------------------------ engine API
    def mixing(self, e: EdgeInput, opts: Options, weight: str | None, ids: pd.Index,
               spec: MixingSpec, merge: bool) -> tuple:
        with self.edges(e, opts, weight, ids, merge) as ce:
            return ce.reduce(mixing_tally, spec)

    def edges(self, e: EdgeInput, opts: Options, weight: str | None, ids: pd.Index,
              merge: bool, *, passes: int = 1, desc: str = "edges") -> _Edges:
        return _Edges(self, e, opts, weight, ids, merge, passes)

    def endpoint_ids(self, e: EdgeInput, opts: Options) -> pd.Index:
        client = self.client
        futs = client.map(_block_ids, _blocks(e, self.block_rows),
                          columns=[opts.source, opts.target], pure=False)
        while len(futs) > 1:
            futs = [client.submit(_union, *futs[i:i + 8], pure=False)
                    for i in range(0, len(futs), 8)]
        ids = futs[0].result()
        return pd.Index(np.sort(ids) if ids.dtype.kind != "O" else sorted(ids))


def _blocks(e: EdgeInput, rows: int) -> list[tuple]:
    """``(path or table slice, row groups)`` blocks of about ``rows`` edges."""
    if e.table is not None:
        return [(e.table.slice(i, rows), None) for i in range(0, max(e.n_rows, 1), rows)]
    import pyarrow.parquet as pq

    out = []
    for path in e.paths:
        meta = pq.ParquetFile(path).metadata
        group: list[int] = []
        size = 0
        for i in range(meta.num_row_groups):
            group.append(i)
            size += meta.row_group(i).num_rows
            if size >= rows:
                out.append((path, group))
                group, size = [], 0
        if group:
            out.append((path, group))
    return out


def _read(block: tuple, columns: list) -> Any:
    what, groups = block
    if groups is None:
        return what.select(columns)
    import pyarrow.parquet as pq

    return pq.ParquetFile(what).read_row_groups(groups, columns=columns)


def _block_ids(block: tuple, columns: list) -> np.ndarray:
    table = _read(block, columns)
    both = np.concatenate([table.column(0).to_numpy(zero_copy_only=False),
                           table.column(1).to_numpy(zero_copy_only=False)])
    return pd.unique(both[~pd.isna(both)])


def _union(*parts: np.ndarray) -> np.ndarray:
    return pd.unique(np.concatenate(parts))


def _load(block: tuple, columns: list, idmap: IdMap, weighted: bool) -> tuple:
    """A block as ``(s, t, w)`` node positions (negative: missing / unknown id)."""
    table = _read(block, columns)
    s = idmap.positions(table.column(0))
    t = idmap.positions(table.column(1))
    w = None
    if weighted:
        w = table.column(2).to_numpy(zero_copy_only=False).astype(np.float64)
    return s, t, w


def _split(chunk: tuple, n: int, directed: bool, buckets: int) -> list[tuple]:
    """Hash-partition a chunk's pairs into ``buckets`` (problem rows go to bucket 0)."""
    s, t, w = chunk
    ok = (s >= 0) & (t >= 0)
    if not directed:
        s, t = np.where(ok & (s > t), t, s), np.where(ok & (s > t), s, t)
    key = s.astype(np.int64) * n + t
    h = ((key.astype(np.uint64) * _HASH) >> np.uint64(32)) % np.uint64(buckets)
    h = np.where(ok, h, 0).astype(np.intp)
    out = []
    for b in range(buckets):
        m = h == b
        out.append((s[m], t[m], None if w is None else w[m]))
    return out


def _merge(n: int, *parts: tuple) -> tuple:
    """Merge the parallel edges of one bucket (weights summed; a bad weight spoils it)."""
    s = np.concatenate([p[0] for p in parts])
    t = np.concatenate([p[1] for p in parts])
    weighted = parts[0][2] is not None
    w = np.concatenate([p[2] for p in parts]) if weighted else None
    ok = (s >= 0) & (t >= 0)
    key = s[ok].astype(np.int64) * n + t[ok]
    if weighted:
        uniq, inv = np.unique(key, return_inverse=True)
        wk = w[ok]
        bad = ~(np.isfinite(wk) & (wk >= 0))
        merged = np.bincount(inv, weights=np.where(bad, 0.0, wk), minlength=uniq.size)
        spoiled = np.bincount(inv, weights=bad, minlength=uniq.size) > 0
        merged[spoiled] = np.nan
        w_out = np.concatenate([merged, w[~ok]])
    else:
        uniq = np.unique(key)
        w_out = None
    s_out = np.concatenate([(uniq // n).astype(s.dtype), s[~ok]])
    t_out = np.concatenate([(uniq % n).astype(t.dtype), t[~ok]])
    return s_out, t_out, w_out


def _apply(chunk: tuple, kernel: Callable, args: tuple) -> tuple:
    s, t, w = chunk
    return kernel(s, t, w, *args)


def _add(*parts: tuple) -> tuple:
    out = parts[0]
    for p in parts[1:]:
        out = tuple(a + b for a, b in zip(out, p, strict=True))
    return out


class _Edges:
    """Canonical edges as futures of ``(s, t, w)`` blocks on the cluster."""

    def __init__(self, engine: DaskEngine, e: EdgeInput, opts: Options, weight: str | None,
                 ids: pd.Index, merge: bool, passes: int) -> None:
        self.client = client = engine.client
        self.weighted = weight is not None
        columns = [opts.source, opts.target] + ([weight] if weight else [])
        blocks = _blocks(e, engine.block_rows)
        ids_f = client.scatter(IdMap(ids), broadcast=True, hash=False)
        parts = client.map(_load, blocks, columns=columns, idmap=ids_f,
                           weighted=self.weighted, pure=False)
        if merge:
            n_b = engine.buckets or max(1, len(parts) // 4)
            split = client.map(_split, parts, n=len(ids), directed=opts.directed,
                               buckets=n_b, pure=False)
            parts = [client.submit(_merge, len(ids), *[
                client.submit(operator.getitem, f, b, pure=False) for f in split], pure=False)
                for b in range(n_b)]
        self.parts = parts
        self._futures = [ids_f, *parts]

    def __enter__(self) -> _Edges:
        return self

    def __exit__(self, *exc: Any) -> None:
        # dropping the last references releases the data on the cluster
        self.parts = []
        self._futures = []

    def reduce(self, kernel: Callable[..., tuple], *args: Any) -> tuple:
        """Sum ``kernel(s, t, w, *args)`` over the blocks (a tree of additions on the
        cluster); large array arguments are sent to every worker once."""
        client = self.client
        sent = tuple(client.scatter(a, broadcast=True, hash=False) if isinstance(a, np.ndarray)
                     and a.nbytes > 1 << 16 else a for a in args)
        futs = client.map(_apply, self.parts, kernel=kernel, args=sent, pure=False)
        if not futs:
            z = np.zeros(0, dtype=np.int32)
            return kernel(z, z, np.zeros(0) if self.weighted else None, *args)
        while len(futs) > 1:
            futs = [client.submit(_add, *futs[i:i + 8], pure=False)
                    for i in range(0, len(futs), 8)]
        return futs[0].result()
