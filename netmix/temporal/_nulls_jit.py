"""Compiled kernels of :mod:`netmix.temporal.nulls` (imported only when used: it imports
numba). Module-level functions, so numba caches them on disk.

``shuffle_links`` is the timestamp-shuffling replicate in one call: copy the records' link
codes, Fisher-Yates shuffle each segment (the whole record list, or each day) with the
xoshiro256** generator of :func:`netmix.inference._shuffle_jit.shuffle` (segment ``d`` seeded
with ``seed + d``), and write both ends of each record's new link.
"""

import numba
import numpy as np

from ..inference._shuffle_jit import shuffle

__all__ = ["gather_links", "shuffle_links"]

jit = numba.njit(cache=True, nogil=True)


@jit
def gather_links(codes, li, lj, out_i, out_j):  # pragma: no cover - compiled
    for k in range(codes.shape[0]):
        c = codes[k]
        out_i[k] = li[c]
        out_j[k] = lj[c]


@jit
def shuffle_links(codes, bounds, seed, li, lj, buf, out_i, out_j):  # pragma: no cover
    buf[:] = codes
    for d in range(bounds.shape[0] - 1):
        a = bounds[d]
        b = bounds[d + 1]
        if b - a > 1:
            shuffle(buf[a:b], seed + np.uint64(d))
    gather_links(buf, li, lj, out_i, out_j)
