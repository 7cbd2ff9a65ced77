"""Null distributions of a communities-versus-groups score: the group labels permuted over
the people (the contingency table re-tallied in batches), or the network rewired and the
communities detected again; and the p-value, (b + 1) / (m + 1)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import weight_scale
from ..graph import SocialGraph, edge_weights
from ._rng import igraph_rng
from .detect import METHODS, Partition, _options, _prepare, _run, _run_params
from .scores import contingency

__all__ = ["null_pvalue", "permutation_null", "rewire_null"]


def permutation_null(cc: np.ndarray, gg: np.ndarray, kc: int, kg: int, stat, m: int,
                      rng: np.random.Generator) -> np.ndarray:
    n = cc.size
    out = np.empty(m)
    batch = int(max(1, min(m, 2e7 // max(n, kc * kg, 1))))
    base = cc.astype(np.int64) * kg
    for start in range(0, m, batch):
        b = min(batch, m - start)
        perms = rng.permuted(np.broadcast_to(gg, (b, n)), axis=1)
        flat = (np.arange(b, dtype=np.int64)[:, None] * (kc * kg) + base) + perms
        tables = np.bincount(flat.ravel(), minlength=b * kc * kg).reshape(b, kc, kg)
        out[start:start + b] = stat(tables)
    return out


def rewire_null(graph: SocialGraph, part: Partition, gg: np.ndarray, valid: np.ndarray,
                 kg: int, stat, m: int, rng: np.random.Generator, method: str,
                 detect_options: dict[str, Any], n_swaps: int | None) -> np.ndarray:
    if part.method in METHODS:
        method, params = part.method, dict(part.parameters)
    else:
        opts = {k: v for k, v in detect_options.items() if k != "directed"}
        params = _options(method, opts.pop("resolution", 1.0),
                          opts.pop("objective", "modularity"), opts.pop("n_iterations", -1),
                          opts)
    prep = _prepare(graph, method, part.weight, part.directed)
    swaps = 10 * graph.n_edges if n_swaps is None else int(n_swaps)
    kinds = "loops" if graph.has_loops() else "simple"
    seeds = rng.integers(0, 2**32, size=(m, 2))
    # weights dealt out divided by their scale, a power of two (exact), whatever that scale:
    # the null is then the same at x1e-300 or x1e300 as at x1; CPM's resolution with them
    w = None if prep.weights is None else edge_weights(graph, prep.weights)
    if w is not None:
        prep = prep._replace(scale=weight_scale(w))
        w = w / prep.scale
    params = _run_params(prep, params)
    out = np.empty(m)
    for r in range(m):
        h = prep.h.copy()
        with igraph_rng(int(seeds[r, 0])):
            h.rewire(n=swaps, allowed_edge_types=kinds)
        if w is not None:  # igraph's rewire drops edge attributes: deal the weights out anew
            h.es[prep.weights] = rng.permutation(w).tolist()
        memb, _ = _run(h, method, prep.weights, params, int(seeds[r, 1]))
        cc = np.asarray(memb, dtype=np.int64)[valid]
        out[r] = stat(contingency(cc, gg, int(cc.max()) + 1, kg))
    return out


def null_pvalue(null: np.ndarray, stat: float, alternative: str) -> float:
    tol = 1e-12 * max(1.0, abs(stat))
    m = null.size
    greater = (np.count_nonzero(null >= stat - tol) + 1) / (m + 1)
    less = (np.count_nonzero(null <= stat + tol) + 1) / (m + 1)
    if alternative == "greater":
        return float(greater)
    if alternative == "less":
        return float(less)
    return float(min(1.0, 2 * min(greater, less)))
