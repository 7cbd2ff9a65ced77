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


LOW7 = np.uint64(0x7F7F7F7F7F7F7F7F)
LOW3 = np.uint64(0x7777777777777777)
ONES4 = np.uint64(0x1111111111111111)
NIB_LO = np.uint64(0x0F0F0F0F0F0F0F0F)


@numba.njit(cache=True, nogil=True, parallel=True)
def perm_margins(values, valid, seeds, src, dst, out_s, in_s, k, directed, bufs, packed
                 ):  # pragma: no cover - compiled
    # a block of `width` replicates: node i's codes in packed[i, :], one byte (or, for codes
    # below 16, one nibble) a replicate; with 8 words, one cache line per node, so one pass
    # over the edges serves 64 (128) replicates. bufs (threads, width, len(values)) and
    # packed (threads, n_nodes, words) are the threads' scratch (packed stays zero where
    # no node of valid writes)
    n_b = seeds.shape[0]
    width = bufs.shape[1]
    trace = np.zeros(n_b, np.int64)
    rows = np.zeros((n_b, k))
    cols = np.zeros((n_b, k))
    n_blk = (n_b + width - 1) // width
    n_par = min(bufs.shape[0], n_blk)
    for part in numba.prange(n_par):  # blocks part, part + n_par, ...
        for blk in range(part, n_blk, n_par):
            _block(values, valid, seeds, src, dst, out_s, in_s, directed, blk,
                   bufs[part], packed[part], trace, rows, cols)
    return trace, rows, cols


@jit
def _block(values, valid, seeds, src, dst, out_s, in_s, directed, blk, bufs, packed,
           trace, rows, cols):  # pragma: no cover - compiled
    # shuffle the block's replicates, sum the strengths by code, pack, count same-code edges
    n_b = seeds.shape[0]
    width = bufs.shape[0]
    words = packed.shape[1]
    per = width // words  # replicates a word: 8 (bytes) or 16 (nibbles)
    bits = 64 // per
    lanes = min(width, n_b - width * blk)
    bufs[lanes:] = 0  # unused lanes: code 0
    for lane in range(lanes):
        buf = bufs[lane]
        buf[:] = values
        shuffle(buf, seeds[width * blk + lane])
    # node-major packing, written in order, and the strengths summed by code on the way
    # (whole numbers: exact in any order)
    k = rows.shape[1]
    row_sum = np.zeros((width, k))
    col_sum = np.zeros((width, k))
    for q in range(values.shape[0]):
        node = valid[q]
        so = out_s[node]
        si = in_s[node]
        for w in range(words):
            word = np.uint64(0)
            for lane in range(per):
                c = bufs[per * w + lane, q]
                row_sum[per * w + lane, c] += so
                if directed:
                    col_sum[per * w + lane, c] += si
                word |= np.uint64(np.uint8(c)) << np.uint64(bits * lane)
            packed[node, w] = word
    for lane in range(lanes):
        rows[width * blk + lane] = row_sum[lane]
        cols[width * blk + lane] = col_sum[lane] if directed else row_sum[lane]
    counts = _same_code_counts(src, dst, packed, per)
    for lane in range(lanes):
        trace[width * blk + lane] = counts[lane]


@jit
def _same_code_counts(src, dst, packed, per):  # pragma: no cover - compiled
    # per replicate, the edges whose ends share a code: XOR of the packed words, zero lanes
    # flagged without carries (SWAR), the flags summed in byte counters for 255 edges
    words = packed.shape[1]
    counts = np.zeros(per * words, np.int64)
    even = np.zeros(words, np.uint64)
    odd = np.zeros(words, np.uint64)
    m = src.shape[0]
    for start in range(0, m, 255):
        even[:] = 0
        odd[:] = 0
        for e in range(start, min(start + 255, m)):
            a = src[e]
            b = dst[e]
            for w in range(words):
                x = packed[a, w] ^ packed[b, w]
                if per == 8:
                    y = ((x & LOW7) + LOW7) | x | LOW7
                    even[w] += (~y) >> np.uint64(7)  # 1 in each byte where codes agree
                else:
                    y = ((x & LOW3) + LOW3) | x | LOW3
                    f = ((~y) >> np.uint64(3)) & ONES4  # 1 in each nibble where they agree
                    even[w] += f & NIB_LO  # nibbles 0, 2, 4, ... in bytes 0, 1, 2, ...
                    odd[w] += (f >> np.uint64(4)) & NIB_LO  # nibbles 1, 3, 5, ...
        for w in range(words):
            for j in range(8):
                sh = np.uint64(8 * j)
                if per == 8:
                    counts[8 * w + j] += np.int64((even[w] >> sh) & np.uint64(0xFF))
                else:
                    counts[16 * w + 2 * j] += np.int64((even[w] >> sh) & np.uint64(0xFF))
                    counts[16 * w + 2 * j + 1] += np.int64((odd[w] >> sh) & np.uint64(0xFF))
    return counts


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
