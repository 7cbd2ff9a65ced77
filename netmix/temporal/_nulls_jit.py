"""Compiled kernels of :mod:`netmix.temporal.nulls` (imported only when used: it imports
numba). Module-level functions, so numba caches them on disk.

``shuffle_links`` is the timestamp-shuffling replicate in one call: the records' link codes
permuted uniformly within each segment (all the records, or each day), then both ends of
each record's new link written out.

A segment of up to ``small`` (:data:`SMALL`) records is shuffled by Fisher-Yates with the
xoshiro256** generator and Lemire's bounded draws of
:func:`netmix.inference._shuffle_jit.shuffle`. A longer one is shuffled by the Rao-Sandelius
method, which keeps the memory traffic in cache: each code is sent to one of :math:`K`
buckets drawn uniformly and independently (the top bits of one xoshiro draw, :math:`K` a
power of two), the buckets are concatenated in order, and each bucket (about ``small / 2``
codes) is Fisher-Yates shuffled. The result is a uniformly random permutation (Rao 1961,
Sankhyā A 23, 305-307; Sandelius 1962, J. R. Stat. Soc. B 24, 472-481); the tests check
it by exact enumeration on tiny tables with the bucket size forced down.
"""

import numba
import numpy as np

from ..inference._shuffle_jit import next64, seed_state, shuffle

__all__ = ["SMALL", "gather_links", "shuffle_links"]

#: Segments up to this length are shuffled in place (Fisher-Yates in cache).
SMALL = 1 << 16

jit = numba.njit(cache=True, nogil=True)


@jit
def gather_links(codes, li, lj, out_i, out_j):  # pragma: no cover - compiled
    for k in range(codes.shape[0]):
        c = codes[k]
        out_i[k] = li[c]
        out_j[k] = lj[c]


@jit
def _draws(st, n, shift, out):  # pragma: no cover - compiled
    # the bucket of each of n codes: the top bits of one xoshiro256** output each
    for k in range(n):
        out[k] = np.uint16(next64(st) >> np.uint64(shift))


@jit
def _rao_sandelius(src, dst, seed, bucket, small):  # pragma: no cover - compiled
    n = src.shape[0]
    k_log = 1
    while (n >> k_log) > small // 2 and k_log < 16:
        k_log += 1
    n_b = 1 << k_log
    st = seed_state(seed)
    _draws(st, n, 64 - k_log, bucket)
    start = np.zeros(n_b + 1, np.int64)
    for k in range(n):
        start[np.int64(bucket[k]) + 1] += 1
    for b in range(n_b):
        start[b + 1] += start[b]
    fill = start[:-1].copy()
    for k in range(n):
        b = np.int64(bucket[k])
        dst[fill[b]] = src[k]
        fill[b] += 1
    for b in range(n_b):
        if start[b + 1] - start[b] > 1:
            shuffle(dst[start[b]:start[b + 1]], st[0] ^ np.uint64(b))


@jit
def shuffle_links(codes, bounds, seed, li, lj, buf, out_i, out_j, small):  # pragma: no cover
    bucket = np.empty(0, np.uint16)
    for d in range(bounds.shape[0] - 1):
        a = bounds[d]
        b = bounds[d + 1]
        seg_seed = seed + np.uint64(d)
        if b - a <= small:
            buf[a:b] = codes[a:b]
            if b - a > 1:
                shuffle(buf[a:b], seg_seed)
        else:
            if bucket.shape[0] < b - a:
                bucket = np.empty(b - a, np.uint16)
            _rao_sandelius(codes[a:b], buf[a:b], seg_seed, bucket, small)
    gather_links(buf, li, lj, out_i, out_j)
