"""Fill numba's cache with netmix's compiled kernels ahead of their first use.

``python -m netmix._warm`` compiles the kernels of :mod:`netmix._kernels` (and those of
community detection, :mod:`netmix.communities._moves_jit`) for the argument types a graph
gives them (int32 node positions, int8 group codes, float64 values and
weights, int32 and uint16 degree tables) and writes them to numba's cache (where
:mod:`netmix._kernels` says). Run it once where netmix is installed (an image, a shared
environment, CI) and the first call of a kernel in a new process loads it from disk
instead of compiling it. It never changes a result; without it each kernel compiles on
its first use.
"""

from __future__ import annotations

import time

import numpy as np

from . import _kernels as K

__all__ = ["warm_up"]


def warm_up() -> dict[str, float]:
    """Compile (or load from the cache) every kernel for the usual argument types; the
    seconds each took, by kernel. Empty when numba is not available or turned off."""
    saved = K.NUMBA_MIN_EDGES, K.NUMBA_MIN_PASS, K.NUMBA_MIN_PAIRS
    K.NUMBA_MIN_EDGES = K.NUMBA_MIN_PASS = K.NUMBA_MIN_PAIRS = 0
    try:
        if not K.using_numba(1):
            return {}
        n, rng = 70_000, np.random.default_rng(0)  # > 2**16 nodes: uint16 degree tables too
        src, dst = (rng.integers(0, n, 1000).astype(np.int32) for _ in range(2))
        codes, x, w = rng.integers(0, 3, n).astype(np.int8), rng.random(n), rng.random(1000)
        calls = {
            "tally": lambda: K.pair_tally(codes, codes, 3, 9, src, dst, None),
            "tally_w": lambda: K.pair_tally(codes, codes, 3, 9, src, dst, w),
            "moments_sym": lambda: K.moment_sums(x, None, src, dst, None),
            "moments_sym_w": lambda: K.moment_sums(x, None, src, dst, w),
            "moments": lambda: K.moment_sums(x, x, src, dst, None),
            "moments_w": lambda: K.moment_sums(x, x, src, dst, w),
            "degree_cross": lambda: K.degree_cross(src, dst, n, directed=False),
            "degree_cross (directed)": lambda: K.degree_cross(src, dst, n, directed=True),
            "degree_cross (uint16)": lambda: K.degree_cross(
                src, dst, n, directed=False, tables=(np.zeros(n, np.uint16),)),
            "ends": lambda: K.end_counts(src, dst, n, None),
            "ends_w": lambda: K.end_counts(src, dst, n, w),
            "cross": lambda: K.cross_sum(x, x, src, dst),
        }
        calls.update(_community_calls())
        took = {}
        for name, call in calls.items():
            t0 = time.perf_counter()
            call()
            took[name] = time.perf_counter() - t0
        return took
    finally:
        K.NUMBA_MIN_EDGES, K.NUMBA_MIN_PASS, K.NUMBA_MIN_PAIRS = saved


def _community_calls() -> dict:
    """The compiled community-detection kernels (``method="plm"``'s repairs and
    ``method="louvain"``), through their callers on a small two-block graph."""
    from .communities._louvain import louvain_membership
    from .communities._repair import improve

    rng = np.random.default_rng(1)
    n = 400
    block = np.arange(n) // 200
    src, dst = rng.integers(0, n, 4000), rng.integers(0, n, 4000)
    keep = (src != dst) & ((block[src] == block[dst]) | (rng.random(4000) < 0.1))
    src, dst = src[keep].astype(np.int64), dst[keep].astype(np.int64)
    halves = np.zeros(n, np.int64)  # one community: the split check bisects it
    return {
        "communities (plm repairs)": lambda: improve(src, dst, np.ones(src.size), n, halves,
                                                     np.random.default_rng(0)),
        "communities (louvain)": lambda: louvain_membership(src, dst, None, n, seed=0),
    }


if __name__ == "__main__":  # pragma: no cover - a command
    t = warm_up()
    print(f"netmix: {len(t)} kernels compiled or loaded in {sum(t.values()):.1f} s"
          if t else "netmix: numba is not available (or NETMIX_NUMBA=0): nothing to do")
