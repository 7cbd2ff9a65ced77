"""The compiled kernels of :mod:`netmix.inference._shuffle` (imported only when used: it
imports numba). Module-level functions, so numba caches them on disk."""

import numba
import numpy as np

__all__ = ["by_source", "perm_margins"]

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
    # next64 with the state in four local scalars (registers), as the Lemire draws need it
    st = seed_state(seed)
    s0, s1, s2, s3 = st[0], st[1], st[2], st[3]
    i = buf.shape[0] - 1
    while i > 0:
        bound = np.uint64(i + 1)
        out = rotl(s1 * np.uint64(5), 7) * np.uint64(9)
        t = s1 << np.uint64(17)
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        m = (out >> np.uint64(32)) * bound
        low = m & np.uint64(0xFFFFFFFF)
        if low < bound and low < (np.uint64(0x100000000) - bound) % bound:
            continue  # Lemire's rejection: draw again for the same position
        j = np.int64(m >> np.uint64(32))
        buf[i], buf[j] = buf[j], buf[i]
        i -= 1


@jit
def strength_sums(buf, valid, strength, out):  # pragma: no cover - compiled
    # out[c] = sum of strength[valid[q]] over buf[q] == c, in four interleaved partial sums
    # (no chain of dependent adds); the strengths are whole numbers: exact in any order
    k = out.shape[0]
    part = np.zeros((4, k))
    n = buf.shape[0]
    q = 0
    while q + 4 <= n:
        for u in range(4):
            part[u, buf[q + u]] += strength[valid[q + u]]
        q += 4
    while q < n:
        part[0, buf[q]] += strength[valid[q]]
        q += 1
    for c in range(k):
        out[c] = part[0, c] + part[1, c] + part[2, c] + part[3, c]


LOW7 = np.uint64(0x7F7F7F7F7F7F7F7F)


@numba.njit(cache=True, nogil=True, parallel=True)
def perm_margins(values, valid, seeds, src, dst, out_s, in_s, k, directed, bufs, packed
                 ):  # pragma: no cover - compiled
    # a block of 8 * words replicates: node i's codes in packed[i, :], one byte a replicate
    # (one cache line per node for words = 8), so one pass over the edges serves them all;
    # bufs (threads, 8 * words, len(values)) and packed (threads, n_nodes, words) are the
    # threads' scratch (packed zero where no node of valid writes)
    n_b = seeds.shape[0]
    words = packed.shape[2]
    width = 8 * words
    trace = np.zeros(n_b, np.int64)
    rows = np.zeros((n_b, k))
    cols = np.zeros((n_b, k))
    n_blk = (n_b + width - 1) // width
    n_par = min(bufs.shape[0], n_blk)
    for part in numba.prange(n_par):  # blocks part, part + n_par, ...
        for blk in range(part, n_blk, n_par):
            _block(values, valid, seeds, src, dst, out_s, in_s, words, directed, blk,
                   bufs[part], packed[part], trace, rows, cols)
    return trace, rows, cols


@jit
def _block(values, valid, seeds, src, dst, out_s, in_s, words, directed, blk, bufs, packed,
           trace, rows, cols):  # pragma: no cover - compiled
    # shuffle the block's replicates, sum the strengths by code, pack, count same-code edges
    n_b = seeds.shape[0]
    width = 8 * words
    lanes = min(width, n_b - width * blk)
    bufs[lanes:] = 0  # unused lanes: code 0
    for lane in range(lanes):
        r = width * blk + lane
        buf = bufs[lane]
        buf[:] = values
        shuffle(buf, seeds[r])
        strength_sums(buf, valid, out_s, rows[r])
        if directed:
            strength_sums(buf, valid, in_s, cols[r])
        else:
            cols[r] = rows[r]
    # node-major packing, written in order
    for q in range(values.shape[0]):
        node = valid[q]
        for w in range(words):
            word = np.uint64(0)
            for lane in range(8):
                word |= np.uint64(np.uint8(bufs[8 * w + lane, q])) << np.uint64(8 * lane)
            packed[node, w] = word
    counts = np.zeros(width, np.int64)
    acc = np.zeros(words, np.uint64)
    m = src.shape[0]
    for start in range(0, m, 255):
        acc[:] = 0
        for e in range(start, min(start + 255, m)):
            a = src[e]
            b = dst[e]
            for w in range(words):
                x = packed[a, w] ^ packed[b, w]
                y = ((x & LOW7) + LOW7) | x | LOW7
                acc[w] += (~y) >> np.uint64(7)  # 1 in each byte where the codes agree
        for w in range(words):
            for lane in range(8):
                counts[8 * w + lane] += np.int64((acc[w] >> np.uint64(8 * lane))
                                                 & np.uint64(0xFF))
    for lane in range(lanes):
        trace[width * blk + lane] = counts[lane]


@jit
def by_source(src, dst, n_nodes):  # pragma: no cover - compiled
    """The edges in order of their source (a counting sort): the pass over them then reads
    the source ends' codes in order."""
    start = np.zeros(n_nodes + 1, np.int64)
    for e in range(src.shape[0]):
        start[src[e] + 1] += 1
    for i in range(n_nodes):
        start[i + 1] += start[i]
    s2 = np.empty_like(src)
    d2 = np.empty_like(dst)
    for e in range(src.shape[0]):
        p = start[src[e]]
        s2[p] = src[e]
        d2[p] = dst[e]
        start[src[e]] = p + 1
    return s2, d2
