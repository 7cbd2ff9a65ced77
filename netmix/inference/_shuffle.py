"""The label-permutation engine: shuffling the group codes and tallying what nominal
assortativity needs, fused in one compiled pass (numba), with a numpy twin of its generator.

Each replicate ``r`` shuffles the codes with its own generator: xoshiro256** (Blackman &
Vigna 2021, doi:10.1145/3460772) whose state is four splitmix64 outputs of ``seeds[r]``, a
64-bit seed the caller draws from numpy's ``SeedSequence``; Fisher-Yates from the last
position down, position ``i`` swapped with ``j`` uniform on ``[0, i]`` by Lemire's
(2019, doi:10.1145/3230636) multiply-shift on the high 32 bits of a draw, with his rejection
step (exactly uniform, as numpy's bounded integers). A replicate's draws depend on its seed
only, so the thread count changes nothing.

The kernel then packs the codes of 8 replicates in one uint64 per node and counts, per
replicate, the edges whose ends share a code (SWAR: XOR, zero bytes flagged, summed in
blocks of 255 edges), and sums the nodes' strengths by code (row and column sums). Blocks
of 8 replicates run in parallel (``numba.prange``).
"""

from __future__ import annotations

import os
import warnings
from dataclasses import replace
from typing import Any

import numpy as np

from .._kernels import _compile

__all__ = ["fused_applies", "fused_null", "label_margins", "permutation_margins", "scratch",
           "shuffled_codes"]


_PERM: Any = None
_FAILED = False


def _compile_perm() -> Any:
    """The fused shuffle-and-tally kernel (compiled once, cached on disk), or None."""
    global _PERM, _FAILED
    if _PERM is not None or _FAILED:
        return _PERM
    if _compile() is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from ._shuffle_jit import perm_margins
    except Exception:
        _FAILED = True
        return None
    _PERM = perm_margins
    return _PERM


def _np_seed_state(seeds: np.ndarray) -> np.ndarray:
    """xoshiro256** states (4, B) from splitmix64 of each seed: the kernel's, vectorised."""
    z = seeds.astype(np.uint64).copy()
    out = np.empty((4, z.size), np.uint64)
    with np.errstate(over="ignore"):
        for q in range(4):
            z += np.uint64(0x9E3779B97F4A7C15)
            x = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            out[q] = x ^ (x >> np.uint64(31))
    return out


def _np_next(s: np.ndarray) -> np.ndarray:
    """One xoshiro256** output of every state column (advanced in place)."""
    def rotl(x: np.ndarray, k: int) -> np.ndarray:
        return (x << np.uint64(k)) | (x >> np.uint64(64 - k))

    with np.errstate(over="ignore"):
        out = rotl(s[1] * np.uint64(5), 7) * np.uint64(9)
    t = s[1] << np.uint64(17)
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 45)
    return out


def shuffled_codes(values: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """``(len(seeds), len(values))``: row ``r`` is ``values`` shuffled by the kernel's
    generator seeded with ``seeds[r]``, in numpy (vectorised over replicates, a Python step
    per position: the fallback when numba is unavailable, and the kernel's reference)."""
    n_b, n = seeds.size, values.size
    out = np.broadcast_to(values, (n_b, n)).copy()
    s = _np_seed_state(seeds)
    reps = np.arange(n_b)
    for i in range(n - 1, 0, -1):
        bound = np.uint64(i + 1)
        m = (_np_next(s) >> np.uint64(32)) * bound
        low = m & np.uint64(0xFFFFFFFF)
        t = (np.uint64(0x100000000) - bound) % bound
        redo = np.flatnonzero(low < t)
        while redo.size:  # Lemire's rejection, for the replicates that need it
            sub = s[:, redo]
            m[redo] = (_np_next(sub) >> np.uint64(32)) * bound
            s[:, redo] = sub
            low[redo] = m[redo] & np.uint64(0xFFFFFFFF)
            redo = redo[low[redo] < t]
        j = (m >> np.uint64(32)).astype(np.intp)
        hold = out[:, i].copy()
        out[:, i] = out[reps, j]
        out[reps, j] = hold
    return out


#: Memory for one block's packed codes (per thread): 8 replicates a uint64 per node.
BLOCK_BYTES = 64 * 2**20


def block_words(n_nodes: int) -> int:
    """uint64 words of codes per node in a block: up to 8 (64 replicates, one cache line
    per node, one pass over the edges for all of them), fewer when ``n_nodes`` is large."""
    return int(np.clip(BLOCK_BYTES // (8 * max(n_nodes, 1)), 1, 8))


def scratch(n_values: int, n_nodes: int, threads: int, k: int = 256
            ) -> tuple[np.ndarray, np.ndarray]:
    """The kernel's working memory for ``threads`` threads (reusable across calls); codes
    below 16 (``k <= 16``) are packed as nibbles, 16 replicates a word."""
    words = block_words(n_nodes)
    per = 16 if k <= 16 else 8
    return (np.empty((threads, per * words, n_values), np.int8),
            np.zeros((threads, n_nodes, words), np.uint64))


def permutation_margins(values: np.ndarray, valid: np.ndarray, n_nodes: int,
                        seeds: np.ndarray, src: np.ndarray, dst: np.ndarray,
                        out_s: np.ndarray, in_s: np.ndarray, k: int, directed: bool = True,
                        work: tuple[np.ndarray, np.ndarray] | None = None,
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Fused label permutations: for replicate ``r``, ``values`` (int8 codes of the nodes
    ``valid``) shuffled by the generator seeded with ``seeds[r]``, then ``(same-code edge
    count (B,), out-strength by code (B, k), in-strength by code (B, k))``; or None.
    ``work``: :func:`scratch` memory (default: made for numba's current thread count)."""
    if os.environ.get("NETMIX_NUMBA", "1") == "0" or _compile_perm() is None:
        return None
    global _FAILED
    try:
        import numba

        bufs, packed = work or scratch(values.size, n_nodes, numba.get_num_threads(), k)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _PERM(values, valid, seeds, src, dst, out_s, in_s, k, directed, bufs,
                         packed)
    except Exception:
        _FAILED = True
        return None


def label_margins(values: np.ndarray, valid: np.ndarray, view: Any,
                  strengths: tuple[np.ndarray, np.ndarray], seeds: np.ndarray, *,
                  compiled: bool = True, work: tuple[np.ndarray, np.ndarray] | None = None,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """:func:`netmix.core.batch_margins` of the replicates ``seeds`` draw (``values``, the
    codes of the nodes ``valid``, shuffled by the engine's generator): by the fused kernel,
    or (``compiled=False``, or numba unavailable) by :func:`shuffled_codes` and
    ``batch_margins``. Both give the same numbers."""
    from ..core.batch import batch_margins, finish_margins

    k = view.shape[0]
    out = None
    if compiled:
        out = permutation_margins(values, valid, view.n_nodes, seeds, view.src, view.dst,
                                  strengths[0], strengths[1], k, view.directed, work)
    if out is not None:
        return finish_margins(view, *out)
    codes = np.full((seeds.size, view.n_nodes), -1, dtype=values.dtype)
    codes[:, valid] = shuffled_codes(values, seeds)
    return batch_margins(view, codes, strengths)


def fused_applies(stat: Any, data: Any, model: Any) -> bool:
    """Whether the fused engine runs this test: label permutations (the plain null) of an
    unweighted statistic of the trace and margins, 1-byte codes, an edge count from which
    the compiled kernels are used."""
    from .._kernels import using_numba
    from .nulls import LabelPermutation

    if type(model) is not LabelPermutation or stat.margins is None or data.weights is not None:
        return False
    if data.codes.dtype.itemsize != 1 or not using_numba(data.n_edges):
        return False
    view = data.view  # groups by name or as values: the same view
    if view.weights is not None:
        return False
    if view.rows is None or view.cols is not view.rows:
        return False
    return _compile_perm() is not None


def fused_null(stat: Any, data: Any, seeds: np.ndarray, threads: int, bar: Any
               ) -> np.ndarray:
    """The statistic's null values for the replicates ``seeds`` draw, by the fused engine on
    ``threads`` threads, in chunks of 256 replicates (the result does not depend on either)."""
    import numba

    from ..core.batch import tally_strengths

    view = data.view
    strengths = tally_strengths(view)
    if view.src.size > 4 * view.n_nodes:  # reading the source codes in order pays
        from ._shuffle_jit import by_source

        src, dst = by_source(view.src, view.dst, view.n_nodes)
        loops = None if view.loop_index is None else np.flatnonzero(src == dst)
        view = replace(view, src=src, dst=dst, loop_index=loops)
    valid = np.flatnonzero(data.codes >= 0)
    values = np.ascontiguousarray(data.codes[valid], dtype=np.int8)
    before = numba.get_num_threads()
    threads = max(1, min(threads, numba.config.NUMBA_NUM_THREADS))
    numba.set_num_threads(threads)
    work = scratch(values.size, view.n_nodes, threads, view.shape[0])
    try:
        parts = []
        for start in range(0, seeds.size, 256):
            chunk = seeds[start:start + 256]
            parts.append(stat.margins(*label_margins(values, valid, view, strengths, chunk,
                                                     work=work)))
            if bar is not None:
                bar.update(chunk.size)
    finally:
        numba.set_num_threads(before)
    return np.concatenate(parts).astype(float)
