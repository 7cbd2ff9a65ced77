"""Canonical community numbering, shared by every detection method."""

from __future__ import annotations

import numpy as np

__all__ = ["canonical_codes", "dense_codes"]


def canonical_codes(memb: np.ndarray) -> np.ndarray:
    """Relabel community ids 0..k-1 by decreasing size, ties by first node (vectorised)."""
    memb = np.asarray(memb, dtype=np.int64)
    if memb.size == 0:
        return memb.astype(np.int32)
    sizes = np.bincount(memb)
    first = np.full(sizes.size, memb.size, dtype=np.int64)
    np.minimum.at(first, memb, np.arange(memb.size))
    order = np.lexsort((first, -sizes))
    rank = np.empty(sizes.size, dtype=np.int32)
    rank[order] = np.arange(sizes.size, dtype=np.int32)
    return rank[memb]


def dense_codes(memb: np.ndarray) -> np.ndarray:
    """Non-negative labels renumbered 0..k-1 in increasing order of label, as
    ``np.unique(memb, return_inverse=True)[1]`` (int64), without sorting: O(n + max)."""
    memb = np.asarray(memb, dtype=np.int64)
    if memb.size == 0:
        return memb
    present = np.zeros(int(memb.max()) + 1, dtype=np.int64)
    present[memb] = 1
    return (np.cumsum(present) - 1)[memb]
