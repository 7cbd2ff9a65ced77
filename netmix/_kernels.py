"""Compiled inner loops for the hottest paths, each with a numpy twin giving the same numbers.

One pass over the edge arrays in compiled code beats numpy's gather-then-``bincount`` by
3-5x at 1e6 edges and more (no temporaries the size of the edge list). netmix uses numba
when it is installed and the input has at least :data:`NUMBA_MIN_EDGES` edges; below that
numpy is as fast and skips the one-off compilation. ``NETMIX_NUMBA=0`` turns numba off, and
a failed compilation falls back to numpy for the rest of the session.

The kernels are private: the measures call them with validated arrays.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import numpy as np

__all__ = ["NUMBA_MIN_EDGES", "common_neighbour_counts", "cross_sum", "end_counts",
           "moment_sums",
           "pair_tally", "using_numba"]

#: Edge count from which the compiled kernels are used.
NUMBA_MIN_EDGES = 200_000
#: Pair count from which common neighbours are counted in compiled code (numpy's triangle
#: listing costs ~10x more per pair than a tally, so compiling pays off much earlier).
NUMBA_MIN_PAIRS = 10_000

_JIT: dict[str, Any] | None = None
_NO_WEIGHTS = np.empty(0)  # "unweighted" for kernels that take optional weights
_FAILED = False


def _compile() -> dict[str, Any] | None:
    """Import numba and define the kernels (once); None when numba is unavailable."""
    global _JIT, _FAILED
    if _JIT is not None or _FAILED:
        return _JIT
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import numba
    except Exception:
        _FAILED = True
        return None
    jit = numba.njit(cache=True, nogil=True)

    @jit
    def tally(rows, cols, kc, size, src, dst):  # pragma: no cover - compiled
        out = np.zeros(size, np.int64)
        for e in range(src.shape[0]):
            out[rows[src[e]] * kc + cols[dst[e]]] += 1
        return out

    @jit
    def tally_w(rows, cols, kc, size, src, dst, w):  # pragma: no cover - compiled
        out = np.zeros(size, np.float64)
        for e in range(src.shape[0]):
            out[rows[src[e]] * kc + cols[dst[e]]] += w[e]
        return out

    @jit
    def cross(a, b, src, dst):  # pragma: no cover - compiled
        acc = 0.0
        for e in range(src.shape[0]):
            acc += a[src[e]] * b[dst[e]]
        return acc

    @jit
    def moments_w(a, b, src, dst, w):  # pragma: no cover - compiled
        # block sums of 4096 edges added into the totals: rounding grows with the block
        # count, not with the edge count (close to numpy's pairwise sums)
        tot = np.zeros(5)
        m = src.shape[0]
        for start in range(0, m, 4096):
            sa = sb = saa = sbb = sab = 0.0
            for e in range(start, min(start + 4096, m)):
                x = a[src[e]]
                y = b[dst[e]]
                we = 1.0 if w.shape[0] == 0 else w[e]
                sa += we * x
                sb += we * y
                saa += we * x * x
                sbb += we * y * y
                sab += we * x * y
            tot[0] += sa
            tot[1] += sb
            tot[2] += saa
            tot[3] += sbb
            tot[4] += sab
        return tot

    @jit
    def ends(src, dst, n):  # pragma: no cover - compiled
        out = np.zeros(n, np.float64)
        inn = np.zeros(n, np.float64)
        for e in range(src.shape[0]):
            out[src[e]] += 1.0
            inn[dst[e]] += 1.0
        return out, inn

    @jit
    def ends_w(src, dst, n, w):  # pragma: no cover - compiled
        out = np.zeros(n, np.float64)
        inn = np.zeros(n, np.float64)
        for e in range(src.shape[0]):
            out[src[e]] += w[e]
            inn[dst[e]] += w[e]
        return out, inn

    @jit
    def common(a, b, rank, n):  # pragma: no cover - compiled
        # orient every pair from its lower- to its higher-degree end (forward lists of at
        # most sqrt(2m) entries), counting sort by the lower end, then list triangles
        m = a.shape[0]
        lo = np.empty(m, np.int64)
        hi = np.empty(m, np.int64)
        ptr = np.zeros(n + 1, np.int64)
        for e in range(m):
            if rank[a[e]] < rank[b[e]]:
                lo[e], hi[e] = a[e], b[e]
            else:
                lo[e], hi[e] = b[e], a[e]
            ptr[lo[e] + 1] += 1
        for u in range(n):
            ptr[u + 1] += ptr[u]
        fill = ptr[:-1].copy()
        nbr = np.empty(m, np.int64)
        pid = np.empty(m, np.int64)
        for e in range(m):
            k = fill[lo[e]]
            nbr[k], pid[k] = hi[e], e
            fill[lo[e]] += 1
        out = np.zeros(m, np.int64)
        mark = np.full(n, -1, np.int64)
        for u in range(n):
            for k in range(ptr[u], ptr[u + 1]):
                mark[nbr[k]] = pid[k]
            for k in range(ptr[u], ptr[u + 1]):
                v = nbr[k]
                for j in range(ptr[v], ptr[v + 1]):
                    p_uw = mark[nbr[j]]
                    if p_uw >= 0:  # triangle u, v, w
                        out[pid[k]] += 1
                        out[pid[j]] += 1
                        out[p_uw] += 1
            for k in range(ptr[u], ptr[u + 1]):
                mark[nbr[k]] = -1
        return out

    _JIT = {"tally": tally, "tally_w": tally_w, "cross": cross, "moments_w": moments_w,
            "ends": ends, "ends_w": ends_w, "common": common}
    return _JIT


def using_numba(m: int, threshold: int | None = None) -> bool:
    """Whether inputs of ``m`` edges go through the compiled kernels."""
    limit = NUMBA_MIN_EDGES if threshold is None else min(threshold, NUMBA_MIN_EDGES)
    if m < limit or os.environ.get("NETMIX_NUMBA", "1") == "0":
        return False
    return _compile() is not None


def _run(name: str, *args: Any) -> Any:
    """Call a compiled kernel; on any failure, disable numba and return None."""
    global _FAILED
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _JIT[name](*args)  # type: ignore[index]
    except Exception:
        _FAILED = True
        return None


def pair_tally(rows: np.ndarray, cols: np.ndarray, kc: int, size: int, src: np.ndarray,
               dst: np.ndarray, w: np.ndarray | None) -> np.ndarray | None:
    """``bincount(rows[src] * kc + cols[dst], w, minlength=size)`` in one compiled pass.

    Returns None when the compiled path is not used (the caller then uses numpy).
    """
    if not using_numba(src.size):
        return None
    if w is None:
        return _run("tally", rows, cols, kc, size, src, dst)
    return _run("tally_w", rows, cols, kc, size, src, dst, w)


def cross_sum(a: np.ndarray, b: np.ndarray, src: np.ndarray, dst: np.ndarray) -> float | None:
    """``sum(a[src] * b[dst])`` in one compiled pass, or None (use numpy)."""
    if not using_numba(src.size):
        return None
    out = _run("cross", a, b, src, dst)
    return None if out is None else float(out)


def moment_sums(a: np.ndarray, b: np.ndarray, src: np.ndarray, dst: np.ndarray,
                w: np.ndarray | None) -> np.ndarray | None:
    """``[Sa, Sb, Saa, Sbb, Sab]``, the (weighted) sums of ``x = a[src]``, ``y = b[dst]``,
    ``x**2``, ``y**2`` and ``x*y`` over the edges in one compiled pass, or None."""
    if not using_numba(src.size):
        return None
    return _run("moments_w", a, b, src, dst, _NO_WEIGHTS if w is None else w)


def end_counts(src: np.ndarray, dst: np.ndarray, n: int, w: np.ndarray | None
               ) -> tuple[np.ndarray, np.ndarray] | None:
    """``(bincount(src, w), bincount(dst, w))`` as float64 in one compiled pass, or None."""
    if not using_numba(src.size):
        return None
    return _run("ends", src, dst, n) if w is None else _run("ends_w", src, dst, n, w)


def common_neighbour_counts(a: np.ndarray, b: np.ndarray, rank: np.ndarray, n: int
                            ) -> np.ndarray | None:
    """Common neighbours of each pair ``(a[e], b[e])`` of a simple graph (the triangles on
    it), by degree-ordered triangle listing in compiled code; or None (use numpy).

    ``rank`` orders the nodes by degree, so each node's forward list has at most
    :math:`\\sqrt{2m}` entries.
    """
    if not using_numba(a.size, NUMBA_MIN_PAIRS):
        return None
    return _run("common", a, b, rank, n)
