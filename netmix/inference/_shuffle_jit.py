"""The compiled kernels of :mod:`netmix.inference._shuffle` (imported only when used: it
imports numba). Module-level functions, so numba caches them on disk."""

import numba
import numpy as np

__all__ = ["perm_margins"]

jit = numba.njit(cache=True, nogil=True)


@jit
def rotl(x, k):  # pragma: no cover - compiled
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@jit
def seed_state(seed):  # pragma: no cover - compiled
    s = np.empty(4, np.uint64)
    z = np.uint64(seed)
    for q in range(4):
        z += np.uint64(0x9E3779B97F4A7C15)
        x = z
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        s[q] = x ^ (x >> np.uint64(31))
    return s


@jit
def next64(s):  # pragma: no cover - compiled
    out = rotl(s[1] * np.uint64(5), 7) * np.uint64(9)
    t = s[1] << np.uint64(17)
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 45)
    return out


@jit
def shuffle(buf, seed):  # pragma: no cover - compiled
    s = seed_state(seed)
    for i in range(buf.shape[0] - 1, 0, -1):
        bound = np.uint64(i + 1)
        m = (next64(s) >> np.uint64(32)) * bound
        low = m & np.uint64(0xFFFFFFFF)
        if low < bound:
            t = (np.uint64(0x100000000) - bound) % bound
            while low < t:
                m = (next64(s) >> np.uint64(32)) * bound
                low = m & np.uint64(0xFFFFFFFF)
        j = np.int64(m >> np.uint64(32))
        buf[i], buf[j] = buf[j], buf[i]


LOW7 = np.uint64(0x7F7F7F7F7F7F7F7F)


@numba.njit(cache=True, nogil=True, parallel=True)
def perm_margins(values, valid, n_nodes, seeds, src, dst, out_s, in_s, k
                 ):  # pragma: no cover - compiled
    n_b = seeds.shape[0]
    trace = np.zeros(n_b, np.int64)
    rows = np.zeros((n_b, k))
    cols = np.zeros((n_b, k))
    for blk in numba.prange((n_b + 7) // 8):
        packed = np.zeros(n_nodes, np.uint64)
        buf = np.empty(values.shape[0], np.int8)
        lanes = min(8, n_b - 8 * blk)
        for lane in range(lanes):
            r = 8 * blk + lane
            buf[:] = values
            shuffle(buf, seeds[r])
            for q in range(buf.shape[0]):
                c = buf[q]
                node = valid[q]
                packed[node] |= np.uint64(c) << np.uint64(8 * lane)
                rows[r, c] += out_s[node]
                cols[r, c] += in_s[node]
        counts = np.zeros(8, np.int64)
        m = src.shape[0]
        for start in range(0, m, 255):
            acc = np.uint64(0)
            for e in range(start, min(start + 255, m)):
                x = packed[src[e]] ^ packed[dst[e]]
                y = ((x & LOW7) + LOW7) | x | LOW7
                acc += (~y) >> np.uint64(7)  # 1 in each byte where the codes agree
            for lane in range(8):
                counts[lane] += np.int64((acc >> np.uint64(8 * lane)) & np.uint64(0xFF))
        for lane in range(lanes):
            trace[8 * blk + lane] = counts[lane]
    return trace, rows, cols

