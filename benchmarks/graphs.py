"""Attributed benchmark graphs: a degree-heterogeneous stochastic block model with unequal
groups and homophily, generated vectorised and cached as Parquet."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

CACHE = Path(os.environ.get("NETMIX_BENCH_CACHE", Path(__file__).parent / "cache"))
SHARES = np.array([0.35, 0.25, 0.15, 0.10, 0.08, 0.07])


def sbm_edges(n_edges: int, *, mean_degree: float = 20.0, homophily: float = 0.7,
              seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """``(src, dst, group, age, n_nodes)`` of an undirected simple SBM with about ``n_edges``.

    Nodes are sorted by group (unequal shares ``SHARES``); each node has a Pareto activity so
    degrees are heterogeneous; a fraction ``homophily`` of edge ends is drawn inside the
    source's group. Self-loops and duplicates are removed (so the count is slightly lower).
    """
    rng = np.random.default_rng(seed)
    n = max(int(2 * n_edges / mean_degree), 50)
    sizes = np.floor(SHARES * n).astype(np.int64)
    sizes[0] += n - sizes.sum()
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    group = np.repeat(np.arange(SHARES.size, dtype=np.int8), sizes)
    activity = rng.pareto(2.5, n) + 1.0
    cum = np.cumsum(activity)
    m = int(n_edges * 1.02) + 10
    src = np.searchsorted(cum, rng.random(m) * cum[-1]).astype(np.int64)
    g = group[src]
    within = rng.random(m) < homophily
    # inside the group: activity-weighted draw restricted to the group's node range
    lo = np.where(starts[g] > 0, cum[starts[g] - 1], 0.0)
    hi = cum[starts[g] + sizes[g] - 1]
    dst_in = np.searchsorted(cum, lo + rng.random(m) * (hi - lo))
    dst_any = np.searchsorted(cum, rng.random(m) * cum[-1])
    dst = np.where(within, dst_in, dst_any).astype(np.int64)
    a, b = np.minimum(src, dst), np.maximum(src, dst)
    key = np.unique(a[a != b] * n + b[a != b])
    rng.shuffle(key)
    key = key[:n_edges]
    age = rng.normal(30 + 3 * group, 8).round(1)
    dtype = np.int32 if n < 2**31 - 1 else np.int64
    return (key // n).astype(dtype), (key % n).astype(dtype), group, age, n


def cached_graph(n_edges: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Edges (``source``, ``target``) and nodes (``id``, ``group``, ``age``) tables, cached
    as Parquet under ``benchmarks/cache``."""
    CACHE.mkdir(parents=True, exist_ok=True)
    e_path = CACHE / f"sbm_{n_edges}_{seed}_edges.parquet"
    n_path = CACHE / f"sbm_{n_edges}_{seed}_nodes.parquet"
    if e_path.exists() and n_path.exists():
        return pd.read_parquet(e_path), pd.read_parquet(n_path)
    src, dst, group, age, n = sbm_edges(n_edges, seed=seed)
    edges = pd.DataFrame({"source": src, "target": dst})
    nodes = pd.DataFrame({"id": np.arange(n, dtype=src.dtype),
                          "group": np.array([f"g{k}" for k in range(SHARES.size)])[group],
                          "age": age})
    edges.to_parquet(e_path)
    nodes.to_parquet(n_path)
    return edges, nodes
