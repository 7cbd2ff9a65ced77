"""Compiled inner loops for the hottest paths, each with a numpy twin giving the same numbers.

One pass over the edge arrays in compiled code beats numpy's gather-then-``bincount`` by
3-5x at 1e6 edges and more (no temporaries the size of the edge list). netmix uses numba
when it is installed and the input is large enough: :data:`NUMBA_MIN_EDGES` edges for the
tallies, :data:`NUMBA_MIN_PASS` for the one-pass sums of numeric and degree assortativity
(numpy needs several passes and temporaries there); below that numpy is used and numba is
never imported. ``NETMIX_NUMBA=0`` turns numba off, and a failed compilation falls back to
numpy for the rest of the session.

**First call and the cache.** Importing numba and compiling a kernel are paid on the first
call of that kernel in a process (lazily, for the argument types met: nothing is compiled
at ``import netmix``). The kernels allocate nothing (the callers pass numpy-allocated
outputs), which keeps numba's typing work, and so the first compilation, short. Every kernel
is ``numba.njit(cache=True)``: the compiled machine code is written to disk and later
processes load it instead of compiling. numba keeps that cache

* in ``__pycache__`` next to this file (``_kernels.<kernel>-<line>.py311.nbi`` index and
  ``.nbc`` code, one per argument types) when that directory is writable (a source checkout,
  an editable or a per-user install);
* otherwise (a read-only site-packages) in the user's cache directory,
  ``$XDG_CACHE_HOME/numba`` or ``~/.cache/numba``, under a folder named after this file's
  path;
* or wherever ``NUMBA_CACHE_DIR`` points, when it is set (it overrides both).

An entry is reused while this file is unchanged (its modification time and size), and the
CPU and numba version match; otherwise the kernel is compiled once more and the entry
rewritten. Deleting those files is always safe. ``python -m netmix._warm`` fills the cache
ahead of use (an image, a shared environment, CI: ~5 s once). ``python -m
benchmarks.bench_import`` times the import, the first call with an empty cache (a fresh
install) and with a filled one.

The kernels are private: the measures call them with validated arrays.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import numpy as np

__all__ = ["NUMBA_MIN_EDGES", "NUMBA_MIN_PASS", "common_neighbour_counts", "cross_sum",
           "degree_cross", "end_counts", "moment_sums", "pair_tally", "using_numba"]

#: Edge count from which the compiled kernels are used.
NUMBA_MIN_EDGES = 200_000
#: Edge count from which the one-pass sums (moments, cross sums, degrees) are compiled:
#: numpy needs a gather per end and a pass per sum there (3-4x the compiled time at 1e5).
NUMBA_MIN_PASS = 50_000
#: Pair count from which common neighbours are counted in compiled code (numpy's triangle
#: listing costs ~10x more per pair than a tally, so compiling pays off much earlier).
NUMBA_MIN_PAIRS = 10_000
#: Edges per block of the compiled floating-point sums: block sums are added into the
#: totals, so rounding grows with the number of blocks, not of edges (as numpy's pairwise
#: sums).
BLOCK = 4096

_JIT: dict[str, Any] | None = None
_FAILED = False


def _definitions() -> dict[str, Any]:  # pragma: no cover - compiled
    """The kernels as plain Python functions (numba compiles each on its first call).

    Node positions are read as unsigned (``U``): they are validated >= 0, and numba then
    skips the negative-index test of every access (a third of the time of a gather).
    """
    U, S = np.uint64, np.int64  # (np.int64 casts compile faster than int())

    def tally(rows, cols, kc, src, dst, out):
        for e in range(src.shape[0]):
            out[rows[U(src[e])] * kc + cols[U(dst[e])]] += 1

    def tally_w(rows, cols, kc, src, dst, w, out):
        for e in range(src.shape[0]):
            out[rows[U(src[e])] * kc + cols[U(dst[e])]] += w[e]

    def cross(a, b, src, dst):
        acc = 0.0
        for e in range(src.shape[0]):
            acc += a[U(src[e])] * b[U(dst[e])]
        return acc

    def degree_cross(src, dst, out, inn, a, b, count):
        # count the ends (out is inn: undirected degrees), then sum a[s] * b[t] exactly
        if count:
            for e in range(src.shape[0]):
                out[U(src[e])] += 1
                inn[U(dst[e])] += 1
        acc = S(0)
        for e in range(src.shape[0]):
            acc += S(a[U(src[e])]) * S(b[U(dst[e])])
        return acc

    # The block sums: blocks walked with a while loop and an if (numba compiles a stepped
    # range and min() ~25% slower), weighted and unweighted kernels apart (each compiles
    # only when used).
    def moments(a, b, src, dst, block, out):
        # out += [Sa, Sb, Saa, Sbb, Sab]
        m, start = src.shape[0], 0
        while start < m:
            end = start + block
            if end > m:
                end = m
            sa = sb = saa = sbb = sab = 0.0
            for e in range(start, end):
                x = a[U(src[e])]
                y = b[U(dst[e])]
                sa += x
                sb += y
                saa += x * x
                sbb += y * y
                sab += x * y
            out[0] += sa
            out[1] += sb
            out[2] += saa
            out[3] += sbb
            out[4] += sab
            start = end

    def moments_w(a, b, src, dst, w, block, out):
        m, start = src.shape[0], 0
        while start < m:
            end = start + block
            if end > m:
                end = m
            sa = sb = saa = sbb = sab = 0.0
            for e in range(start, end):
                x = a[U(src[e])]
                y = b[U(dst[e])]
                we = w[e]
                sa += we * x
                sb += we * y
                saa += we * x * x
                sbb += we * y * y
                sab += we * x * y
            out[0] += sa
            out[1] += sb
            out[2] += saa
            out[3] += sbb
            out[4] += sab
            start = end

    def moments_sym(a, src, dst, block, out):
        # the same values at both ends, each edge read both ways: out += [S, SS, Sxy]
        m, start = src.shape[0], 0
        while start < m:
            end = start + block
            if end > m:
                end = m
            s = ss = sxy = 0.0
            for e in range(start, end):
                x = a[U(src[e])]
                y = a[U(dst[e])]
                s += x + y
                ss += x * x + y * y
                sxy += x * y
            out[0] += s
            out[1] += ss
            out[2] += sxy
            start = end

    def moments_sym_w(a, src, dst, w, block, out):
        m, start = src.shape[0], 0
        while start < m:
            end = start + block
            if end > m:
                end = m
            s = ss = sxy = 0.0
            for e in range(start, end):
                x = a[U(src[e])]
                y = a[U(dst[e])]
                we = w[e]
                s += we * (x + y)
                ss += we * (x * x + y * y)
                sxy += we * x * y
            out[0] += s
            out[1] += ss
            out[2] += sxy
            start = end

    def ends(src, dst, out, inn):
        for e in range(src.shape[0]):
            out[U(src[e])] += 1
            inn[U(dst[e])] += 1

    def ends_w(src, dst, w, out, inn):
        for e in range(src.shape[0]):
            out[U(src[e])] += w[e]
            inn[U(dst[e])] += w[e]

    def common(a, b, rank, lo, hi, ptr, fill, nbr, pid, mark, out):
        # orient every pair from its lower- to its higher-degree end (forward lists of at
        # most sqrt(2m) entries), counting sort by the lower end, then list triangles
        m = a.shape[0]
        n = mark.shape[0]
        for e in range(m):
            if rank[a[e]] < rank[b[e]]:
                lo[e], hi[e] = a[e], b[e]
            else:
                lo[e], hi[e] = b[e], a[e]
            ptr[lo[e] + 1] += 1
        for u in range(n):
            ptr[u + 1] += ptr[u]
            fill[u] = ptr[u]
        for e in range(m):
            k = fill[lo[e]]
            nbr[k], pid[k] = hi[e], e
            fill[lo[e]] += 1
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

    return {f.__name__: f for f in (tally, tally_w, cross, degree_cross, moments, moments_w,
                                    moments_sym, moments_sym_w, ends, ends_w, common)}


def _compile() -> dict[str, Any] | None:
    """Import numba and wrap the kernels (once; each compiles on its first call), or None
    when numba is unavailable."""
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
    # the block sums may be reassociated (vectorised) and fused (FMA): rounding only
    sums = numba.njit(cache=True, nogil=True, fastmath={"reassoc", "contract"})
    _JIT = {name: (sums if name.startswith("moments") else jit)(f)
            for name, f in _definitions().items()}
    return _JIT


def using_numba(m: int, threshold: int | None = None) -> bool:
    """Whether inputs of ``m`` edges go through the compiled kernels."""
    limit = NUMBA_MIN_EDGES if threshold is None else min(threshold, NUMBA_MIN_EDGES)
    if m < limit or os.environ.get("NETMIX_NUMBA", "1") == "0":
        return False
    return _compile() is not None


def _run(name: str, *args: Any) -> bool:
    """Call a compiled kernel; on any failure, disable numba and return False."""
    global _FAILED
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = _JIT[name](*args)  # type: ignore[index]
        return True if out is None else out
    except Exception:
        _FAILED = True
        return False


def pair_tally(rows: np.ndarray, cols: np.ndarray, kc: int, size: int, src: np.ndarray,
               dst: np.ndarray, w: np.ndarray | None) -> np.ndarray | None:
    """``bincount(rows[src] * kc + cols[dst], w, minlength=size)`` in one compiled pass.

    Returns None when the compiled path is not used (the caller then uses numpy).
    """
    if not using_numba(src.size):
        return None
    out = np.zeros(size, np.int64 if w is None else np.float64)
    done = (_run("tally", rows, cols, kc, src, dst, out) if w is None
            else _run("tally_w", rows, cols, kc, src, dst, w, out))
    return out if done is not False else None


def cross_sum(a: np.ndarray, b: np.ndarray, src: np.ndarray, dst: np.ndarray) -> float | None:
    """``sum(a[src] * b[dst])`` in one compiled pass, or None (use numpy)."""
    if not using_numba(src.size, NUMBA_MIN_PASS):
        return None
    out = _run("cross", a, b, src, dst)
    return None if out is False else float(out)


def moment_sums(a: np.ndarray, b: np.ndarray | None, src: np.ndarray, dst: np.ndarray,
                w: np.ndarray | None) -> np.ndarray | None:
    """The (weighted) sums of ``x = a[src]``, ``y = b[dst]``: ``[Sa, Sb, Saa, Sbb, Sab]``,
    in one compiled pass, or None. ``b is None``: the same values at both ends and each
    edge read both ways (an undirected view), ``[S, SS, Sxy]`` with ``S = sum(x + y)``,
    ``SS = sum(x**2 + y**2)``, ``Sxy = sum(x * y)``."""
    if not using_numba(src.size, NUMBA_MIN_PASS):
        return None
    out = np.zeros(5 if b is not None else 3)
    if b is not None:
        done = (_run("moments", a, b, src, dst, BLOCK, out) if w is None
                else _run("moments_w", a, b, src, dst, w, BLOCK, out))
    else:
        done = (_run("moments_sym", a, src, dst, BLOCK, out) if w is None
                else _run("moments_sym_w", a, src, dst, w, BLOCK, out))
    return out if done is not False else None


def end_counts(src: np.ndarray, dst: np.ndarray, n: int, w: np.ndarray | None
               ) -> tuple[np.ndarray, np.ndarray] | None:
    """``(bincount(src, w), bincount(dst, w))`` as float64 in one compiled pass, or None."""
    if not using_numba(src.size):
        return None
    out, inn = np.zeros(n), np.zeros(n)
    done = (_run("ends", src, dst, out, inn) if w is None
            else _run("ends_w", src, dst, w, out, inn))
    return (out, inn) if done is not False else None


def _count_dtype(n: int, total: int) -> type:
    """Integer type of a count table: int32 while it stays in the per-core cache, else
    uint16 (half the cache lines; counted wraps are detected and redone)."""
    if total >= 2**31:
        return np.int64
    return np.int32 if n <= 1 << 18 or total < 2**16 else np.uint16


def degree_cross(src: np.ndarray, dst: np.ndarray, n: int, *, directed: bool,
                 x: str = "out", y: str = "in", tables: tuple[np.ndarray, ...] | None = None
                 ) -> tuple[tuple[np.ndarray, ...], int]:
    """Degree tables and the cross sum of degrees over the edges, in one compiled call.

    ``tables``: ``(out, in)`` edge-end counts per node when ``directed``, else ``(total,)``
    (a self-loop adds 2), counted here unless given. The sum is
    :math:`\\sum_e a_{s_e} b_{t_e}` with ``a`` the ``x``-degree (``"out"`` or ``"in"``)
    and ``b`` the ``y``-degree (total degrees when undirected), an exact int64: it is only
    meaningful while ``max(a) * max(b) * len(src) < 2**63`` (the caller checks).
    Compiled from :data:`NUMBA_MIN_PASS` edges, else ``bincount`` and numpy products.

    The compiled tables of a large graph are uint16 (a node's count modulo 2**16, half the
    cache lines of int32): their sum equals the number of edge ends only if no count
    wrapped, and they are redone in int32 otherwise.
    """
    m = src.size
    count = tables is None
    if not using_numba(m, NUMBA_MIN_PASS):
        if count:
            out, inn = np.bincount(src, minlength=n), np.bincount(dst, minlength=n)
            tables = (out, inn) if directed else (out + inn,)
        a, b = _pick(tables, x, y)
        a64, b64 = a.astype(np.int64, copy=False), b.astype(np.int64, copy=False)
        step = 1 << 16
        return tables, sum(int(np.einsum("i,i->", a64[src[i:i + step]], b64[dst[i:i + step]]))
                           for i in range(0, m, step))
    dtype = _count_dtype(n, 2 * m)
    while True:
        if count:
            tables = tuple(np.zeros(n, dtype) for _ in range(2 if directed else 1))
        a, b = _pick(tables, x, y)
        acc = _run("degree_cross", src, dst, tables[0], tables[-1], a, b, count)
        if acc is False:  # numba failed: the numpy twin
            return degree_cross(src, dst, n, directed=directed, x=x, y=y,
                                tables=None if count else tables)
        per = m if directed else 2 * m
        if not count or dtype != np.uint16 or all(int(t.sum(dtype=np.int64)) == per
                                                  for t in tables):
            return tables, int(acc)
        dtype = np.int32


def _pick(tables: tuple[np.ndarray, ...], x: str, y: str) -> tuple[np.ndarray, np.ndarray]:
    if len(tables) == 1:
        return tables[0], tables[0]
    return tables[0 if x == "out" else 1], tables[0 if y == "out" else 1]


def common_neighbour_counts(a: np.ndarray, b: np.ndarray, rank: np.ndarray, n: int
                            ) -> np.ndarray | None:
    """Common neighbours of each pair ``(a[e], b[e])`` of a simple graph (the triangles on
    it), by degree-ordered triangle listing in compiled code; or None (use numpy).

    ``rank`` orders the nodes by degree, so each node's forward list has at most
    :math:`\\sqrt{2m}` entries.
    """
    if not using_numba(a.size, NUMBA_MIN_PAIRS):
        return None
    m = a.size
    lo, hi, nbr, pid = (np.empty(m, np.int64) for _ in range(4))
    ptr, fill = np.zeros(n + 1, np.int64), np.empty(n, np.int64)
    mark, out = np.full(n, -1, np.int64), np.zeros(m, np.int64)
    done = _run("common", a, b, rank, lo, hi, ptr, fill, nbr, pid, mark, out)
    return out if done is not False else None
