"""The compiled kernels of community detection (imported only when used: it imports numba):
the repairs of ``method="plm"`` (:mod:`netmix.communities._repair`) and the local moving of
``method="louvain"`` (:mod:`netmix.communities._louvain`). Module-level functions, so numba
caches them on disk.

The repairs' kernels give the same numbers whatever the thread count: a node's best move
depends only on the current partition (so how the nodes are split among threads does not
matter), and the sums are taken in :data:`BLOCKS` fixed blocks, added in order. Louvain's
local moving is sequential (one node at a time, by definition).
"""

import numba

__all__ = ["BLOCKS", "best_moves", "community_weights", "inside_weight", "internal_arcs",
           "largest_piece", "local_moves"]

#: Fixed number of blocks of the inside-weight sum (independent of the thread count).
BLOCKS = 256


@numba.njit(cache=True, nogil=True, parallel=True)
def best_moves(indptr, indices, data, codes, kdeg, a, gamma, two_m, acc, mark,
               seen, out):  # pragma: no cover - compiled
    # out[i]: the neighbouring community whose gain for node i is largest and above 1e-12
    # (ties: the smallest label), else codes[i]. acc, mark, seen: (chunks, k) scratch, acc
    # zero and mark -1 on entry (and on exit).
    n = codes.size
    chunks = acc.shape[0]
    for t in numba.prange(chunks):
        lo = t * n // chunks
        hi = (t + 1) * n // chunks
        for i in range(lo, hi):
            own = codes[i]
            ki = kdeg[i]
            w_own = 0.0
            ns = 0
            for p in range(indptr[i], indptr[i + 1]):
                j = indices[p]
                if j == i:
                    continue
                c = codes[j]
                if c == own:
                    w_own += data[p]
                    continue
                if mark[t, c] != i:
                    mark[t, c] = i
                    seen[t, ns] = c
                    ns += 1
                acc[t, c] += data[p]
            stay = w_own - gamma * ki * (a[own] - ki) / two_m
            best = 0.0
            bc = own
            for s in range(ns):
                c = seen[t, s]
                g = acc[t, c] - gamma * ki * a[c] / two_m - stay
                if g > 1e-12 and (bc == own or g > best or (g == best and c < bc)):
                    best = g
                    bc = c
                acc[t, c] = 0.0
                mark[t, c] = -1
            out[i] = bc


@numba.njit(cache=True, nogil=True, parallel=True)
def inside_weight(indptr, indices, data, codes, partial):  # pragma: no cover - compiled
    # partial[b]: the weight of the arcs inside communities among the rows of block b
    n = codes.size
    blocks = partial.size
    for b in numba.prange(blocks):
        s = 0.0
        for i in range(b * n // blocks, (b + 1) * n // blocks):
            c = codes[i]
            for p in range(indptr[i], indptr[i + 1]):
                if codes[indices[p]] == c:
                    s += data[p]
        partial[b] = s


@numba.njit(cache=True, nogil=True)
def internal_arcs(indptr, indices, data, codes, order, loc, ptr, idx, dat):  # pragma: no cover
    # The arcs inside communities, rows in `order` (nodes sorted by community), columns the
    # local positions `loc` within the community: ptr (n + 1), idx and dat (at least the
    # number of such arcs) are filled; returns that number.
    q = 0
    ptr[0] = 0
    for r in range(order.size):
        i = order[r]
        c = codes[i]
        for p in range(indptr[i], indptr[i + 1]):
            j = indices[p]
            if codes[j] == c:
                idx[q] = loc[j]
                dat[q] = data[p]
                q += 1
        ptr[r + 1] = q
    return q


@numba.njit(cache=True, nogil=True)
def largest_piece(ptr, idx, dat, inner, piece, stack):  # pragma: no cover - compiled
    # A community's internal adjacency (CSR ptr, idx, dat; symmetric): inner[i] <- the
    # weight of row i, piece[i] <- its connected piece (0, 1, ... in order of the first
    # node); returns the piece with the largest inner weight (ties: the first). stack:
    # scratch of size n.
    n = ptr.size - 1
    for i in range(n):
        s = 0.0
        for p in range(ptr[i], ptr[i + 1]):
            s += dat[p]
        inner[i] = s
        piece[i] = -1
    best, best_w, label = -1, -1.0, 0
    for i in range(n):
        if piece[i] >= 0:
            continue
        piece[i] = label
        stack[0] = i
        top = 1
        w = 0.0
        while top > 0:
            top -= 1
            u = stack[top]
            w += inner[u]
            for p in range(ptr[u], ptr[u + 1]):
                v = idx[p]
                if piece[v] < 0:
                    piece[v] = label
                    stack[top] = v
                    top += 1
        if w > best_w:
            best, best_w = label, w
        label += 1
    return best


@numba.njit(cache=True, nogil=True)
def community_weights(indptr, indices, data, codes, k, out):  # pragma: no cover - compiled
    # out[c * k + d] += the weight of every arc from community c to community d
    for i in range(codes.size):
        row = codes[i] * k
        for p in range(indptr[i], indptr[i + 1]):
            out[row + codes[indices[p]]] += data[p]


@numba.njit(cache=True, nogil=True)
def local_moves(indptr, indices, data, kdeg, gamma, two_m, order, codes, tot, acc, mark,
                seen, max_passes, tol):  # pragma: no cover - compiled
    # Louvain's local moving (Blondel et al. 2008), one node at a time in `order`: each node
    # joins the neighbouring community (or stays) that raises Q most, ties to the first
    # found. Passes until none moves, one gains less than `tol` in Q, or `max_passes`.
    # codes, tot (community degree totals) are updated in place; mark (-1) and seen are
    # scratch of size n. Returns (passes, moves in all).
    stamp = 0
    moves_all = 0
    passes = 0
    for _ in range(max_passes):
        passes += 1
        gained = 0.0
        moves = 0
        for r in range(order.size):
            i = order[r]
            own = codes[i]
            ki = kdeg[i]
            stamp += 1
            ns = 0
            for p in range(indptr[i], indptr[i + 1]):
                j = indices[p]
                if j == i:
                    continue
                c = codes[j]
                if mark[c] != stamp:
                    mark[c] = stamp
                    seen[ns] = c
                    ns += 1
                    acc[c] = 0.0
                acc[c] += data[p]
            tot[own] -= ki
            w_own = acc[own] if mark[own] == stamp else 0.0
            stay = w_own - gamma * ki * tot[own] / two_m
            best = stay
            bc = own
            for s in range(ns):
                c = seen[s]
                g = acc[c] - gamma * ki * tot[c] / two_m
                if g > best:
                    best = g
                    bc = c
            tot[bc] += ki
            if bc != own:
                codes[i] = bc
                moves += 1
                gained += best - stay
        moves_all += moves
        if moves == 0 or 2.0 * gained / two_m < tol:
            break
    return passes, moves_all
