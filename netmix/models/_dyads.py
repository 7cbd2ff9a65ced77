"""Dyad indices: every pair of nodes numbered once (the upper triangle when undirected, the
off-diagonal cells when directed), the ties' indices, and samples of non-ties."""

from __future__ import annotations

import numpy as np

from ..graph import SocialGraph

__all__ = ["dyad_index", "dyad_pairs", "n_dyads", "sample_nonties", "tie_keys"]


# ----------------------------------------------------------------------------- dyads
def n_dyads(n: int, directed: bool) -> int:
    return n * (n - 1) if directed else n * (n - 1) // 2


def tie_keys(graph: SocialGraph, directed: bool) -> np.ndarray:
    """Sorted unique dyad indices of the ties (self-loops dropped, multi-edges merged)."""
    s, t = graph.src.astype(np.int64), graph.dst.astype(np.int64)
    keep = s != t
    s, t = s[keep], t[keep]
    if not directed:
        s, t = np.minimum(s, t), np.maximum(s, t)
    keys = np.sort(dyad_index(s, t, graph.n_nodes, directed))
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if keys.size else keys


def dyad_index(i: np.ndarray, j: np.ndarray, n: int, directed: bool) -> np.ndarray:
    """Dyad index: row-major over the upper triangle (undirected) or off-diagonal cells."""
    if directed:
        return i * (n - 1) + j - (j > i)
    return i * n - i * (i + 1) // 2 + (j - i - 1)


def dyad_pairs(k: np.ndarray, n: int, directed: bool) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`dyad_index`: node positions ``(i, j)`` of dyad indices ``k``."""
    k = np.asarray(k, dtype=np.int64)
    if directed:
        i, r = np.divmod(k, n - 1)
        return i, r + (r >= i)
    b = 2 * n - 1
    i = np.floor((b - np.sqrt(np.maximum(b * b - 8.0 * k, 0.0))) / 2).astype(np.int64)
    start = i * n - i * (i + 1) // 2
    i = np.where(start > k, i - 1, i)  # float rounding: at most one row off
    start = i * n - i * (i + 1) // 2
    nxt = start + (n - i - 1)
    i = np.where(k >= nxt, i + 1, i)
    start = i * n - i * (i + 1) // 2
    return i, k - start + i + 1


def sample_nonties(rng: np.random.Generator, ties: np.ndarray, n_total: int, m: int
                    ) -> np.ndarray:
    """``m`` sorted dyad indices drawn without replacement from the non-ties (a simple
    random sample: a simple random sample of all dyads, its ties dropped, then ``m`` of
    the rest drawn at random)."""
    share = 1.0 - ties.size / n_total
    size = int(min(n_total, np.ceil((m + 10 * np.sqrt(m) + 20) / share)))
    while True:
        cand = np.sort(rng.choice(n_total, size=size, replace=False))
        pos = np.searchsorted(ties, cand)
        hit = (pos < ties.size) & (ties[np.minimum(pos, ties.size - 1)] == cand)
        cand = cand[~hit]
        if cand.size >= m or size == n_total:
            return np.sort(cand[rng.choice(cand.size, size=m, replace=False)])
        size = int(min(n_total, size * 2))
