"""Vectorised building blocks shared by the bridging measures.

* :class:`SimpleView`: the graph as a simple undirected graph of node pairs (multi-edges
  merged, arcs in both directions merged into one pair, self-loops dropped) with the
  pair's multiplicity, mutual weight and arc directions.
* :func:`triangles`: every triangle once, with the ids of its three pairs (a degree-ordered
  "forward" enumeration: each edge is oriented from its lower- to its higher-ranked end and
  only wedges along that orientation are closed, :math:`O(m^{3/2})` at worst).
* :func:`in_four_cycle`: whether each pair lies on a 4-cycle (wedges ``u - x - y`` with
  ``u`` the highest-ranked of the three, grouped by ``(u, y)``, as in Chiba and Nishizeki
  1985), which settles the span of most local bridges at 3.
* :func:`pair_distances`: level-synchronous bidirectional breadth-first search for many
  ``(u, v)`` pairs at once, each in the graph without the edge ``u - v``.

No Python loop runs over edges or nodes: wedges and frontiers are expanded with
``numpy.repeat`` and looked up with ``numpy.searchsorted`` over sorted ``row * n + col``
keys, in chunks that bound memory.

Reference: Chiba, N., Nishizeki, T. (1985). Arboricity and subgraph listing algorithms.
SIAM J. Comput. 14(1), 210-223. doi:10.1137/0214017
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .._kernels import common_neighbour_counts
from ..graph import SocialGraph

__all__ = ["SimpleView", "in_four_cycle", "pair_distances", "simple_view", "triangles"]

CHUNK = 1 << 22  # wedges / frontier entries handled at once
MARK_CELLS = 1 << 24  # cells of a dense lookup map (bytes)


@dataclass(frozen=True, eq=False)
class SimpleView:
    """A graph's simple undirected skeleton: pairs ``a < b`` of node positions.

    ``mult`` counts the graph's edges (arcs) on each pair, ``mw`` sums their weights
    (Burt's mutual weight :math:`z_{ij} + z_{ji}`), ``fwd`` / ``bwd`` say whether the arc
    ``a -> b`` / ``b -> a`` exists (both true for an undirected graph) and ``edge_pair``
    maps each edge of the graph to its pair (-1 for a self-loop).
    """

    n: int
    a: np.ndarray
    b: np.ndarray
    mult: np.ndarray
    mw: np.ndarray
    fwd: np.ndarray
    bwd: np.ndarray
    edge_pair: np.ndarray
    n_loops: int

    @property
    def m(self) -> int:
        return int(self.a.size)

    @cached_property
    def degree(self) -> np.ndarray:
        """Number of distinct neighbours (contacts) of every node."""
        return np.bincount(self.a, minlength=self.n) + np.bincount(self.b, minlength=self.n)

    @cached_property
    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Symmetric adjacency as ``(indptr, indices, pair_id)``, neighbours sorted."""
        rows = np.concatenate([self.a, self.b])
        cols = np.concatenate([self.b, self.a])
        order = np.argsort(rows * self.n + cols, kind="stable")
        indptr = np.zeros(self.n + 1, np.int64)
        np.cumsum(np.bincount(rows, minlength=self.n), out=indptr[1:])
        pid = np.concatenate([np.arange(self.m), np.arange(self.m)])
        return indptr, cols[order], pid[order]

    @cached_property
    def rank(self) -> np.ndarray:
        """Degree order (ties by position): ``rank[i]`` is node i's place, 0 = lowest."""
        rank = np.empty(self.n, np.int64)
        rank[np.argsort(self.degree, kind="stable")] = np.arange(self.n)
        return rank


def simple_view(graph: SocialGraph, w: np.ndarray | None) -> SimpleView:
    """The :class:`SimpleView` of ``graph`` with edge weights ``w`` (None: all 1).

    The unweighted view is built once per graph (graphs are immutable) and shared by the
    measures that need it (local bridges, overlap, brokerage, cross-group ties).
    """
    if w is None:
        return graph.memoize(("simple_view",), lambda: _simple_view(graph, None))
    return _simple_view(graph, w)


def _simple_view(graph: SocialGraph, w: np.ndarray | None) -> SimpleView:
    n = graph.n_nodes
    src = graph.src.astype(np.int64)
    dst = graph.dst.astype(np.int64)
    w = np.ones(src.size) if w is None else np.asarray(w, dtype=np.float64)
    loop = src == dst
    a, b = np.minimum(src, dst), np.maximum(src, dst)
    keys = a * n + b
    edge_pair = np.full(src.size, -1, np.int64)
    uniq, inv = np.unique(keys[~loop], return_inverse=True)
    edge_pair[~loop] = inv
    m = uniq.size
    ok = ~loop
    mult = np.bincount(inv, minlength=m)
    mw = np.bincount(inv, weights=w[ok], minlength=m)
    if graph.directed:
        forward = (src < dst)[ok]
        fwd = np.bincount(inv, weights=forward, minlength=m) > 0
        bwd = np.bincount(inv, weights=~forward, minlength=m) > 0
    else:
        fwd = bwd = np.ones(m, bool)
    return SimpleView(n, uniq // max(n, 1), uniq % max(n, 1), mult, mw, fwd, bwd, edge_pair,
                      int(loop.sum()))


def _chunks(counts: np.ndarray, limit: int = CHUNK) -> Iterator[slice]:
    """Consecutive slices of ``counts`` whose sums stay near ``limit``."""
    if counts.size == 0:
        return
    cum = np.cumsum(counts)
    start = 0
    while start < counts.size:
        base = cum[start - 1] if start else 0
        stop = int(np.searchsorted(cum, base + limit, side="right"))
        stop = max(stop, start + 1)
        yield slice(start, stop)
        start = stop


def _expand(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(owner, position)`` for ``range(starts[i], starts[i] + counts[i])`` over all i."""
    small = np.int32 if counts.size < 2**31 - 1 else np.int64
    owner = np.repeat(np.arange(counts.size, dtype=small), counts)
    base = starts - (np.cumsum(counts) - counts)
    pos = np.arange(owner.size, dtype=np.int64)
    pos += base[owner]
    return owner, pos


def _lookup(sorted_keys: np.ndarray, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(found, index)``: whether each query is in ``sorted_keys`` and where."""
    if sorted_keys.size == 0:
        return np.zeros(queries.size, bool), np.zeros(queries.size, np.int64)
    idx = np.searchsorted(sorted_keys, queries)
    np.minimum(idx, sorted_keys.size - 1, out=idx)
    return sorted_keys[idx] == queries, idx


def triangles(sv: SimpleView) -> tuple[np.ndarray, ...]:
    """Every triangle once: node positions ``(x, y, z)`` and pair ids ``(xy, yz, xz)``.

    Nodes are relabelled by degree rank and each pair oriented from the lower to the
    higher rank; a wedge ``u -> v -> w`` closes when ``u -> w`` is a pair too. Closure is
    looked up in a dense byte map of a block of rows ``u`` (``MARK_CELLS`` cells, reset
    after use), or with ``searchsorted`` when a row of the map would be too long.
    """
    n, rank = sv.n, sv.rank
    ra, rb = rank[sv.a], rank[sv.b]
    lo, hi = np.minimum(ra, rb), np.maximum(ra, rb)
    keys = lo * n + hi
    order = np.argsort(keys)
    keys = keys[order]
    small = np.int32 if max(n, sv.m) < 2**31 - 1 else np.int64
    lo, hi = lo[order].astype(small), hi[order].astype(small)
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(lo, minlength=n), out=indptr[1:])
    counts = indptr[hi + 1] - indptr[hi]  # wedges lo -> hi -> w with rank lo < hi < w
    parts: list[tuple[np.ndarray, ...]] = []
    rows = MARK_CELLS // max(n, 1)
    mark = np.zeros(min(rows, n) * n, np.uint8) if rows >= 16 else None
    per_row = np.bincount(lo, weights=counts, minlength=n).astype(np.int64)
    for block in _chunks(per_row):
        for u0 in range(block.start, block.stop, rows if mark is not None else n):
            u1 = min(u0 + rows, block.stop) if mark is not None else block.stop
            e0, e1 = int(indptr[u0]), int(indptr[u1])
            j, k = _expand(indptr[hi[e0:e1]], counts[e0:e1])
            j += e0
            if mark is None:
                found, pos = _lookup(keys, lo[j].astype(np.int64) * n + hi[k])
                parts.append((j[found], k[found], pos[found]))
                continue
            cells = (lo[e0:e1] - u0) * n + hi[e0:e1]  # < MARK_CELLS: fits the small type
            mark[cells] = 1
            found = mark[(lo[j] - u0) * n + hi[k]].view(bool)
            mark[cells] = 0
            j, k = j[found], k[found]
            parts.append((j, k, np.searchsorted(keys, lo[j].astype(np.int64) * n + hi[k])))
    if not parts:
        empty = np.zeros(0, np.int64)
        return (empty,) * 6
    j, k, p = (np.concatenate(c) for c in zip(*parts, strict=True))
    node = np.empty(n, np.int64)
    node[rank] = np.arange(n)
    return node[lo[j]], node[hi[j]], node[hi[k]], order[j], order[k], order[p]


def common_neighbours(sv: SimpleView, tri: tuple[np.ndarray, ...] | None = None
                      ) -> np.ndarray:
    """Number of common neighbours of the two ends of every pair (triangles on it).

    Without a triangle list, large graphs merge the sorted neighbour lists of each pair in
    compiled code (degree-ordered triangle listing,
    :func:`netmix._kernels.common_neighbour_counts`).
    """
    if tri is None:
        compiled = common_neighbour_counts(sv.a, sv.b, sv.rank, sv.n)
        if compiled is not None:
            return compiled
    tri = triangles(sv) if tri is None else tri
    ids = np.concatenate(tri[3:])
    return np.bincount(ids, minlength=sv.m)


def in_four_cycle(sv: SimpleView) -> np.ndarray:
    """Whether each pair is an edge of at least one 4-cycle (chorded or not)."""
    n, rank = sv.n, sv.rank
    indptr, indices, pid = sv.csr
    rows = np.repeat(np.arange(n), np.diff(indptr))
    order = np.lexsort((rank[indices], rows))  # each neighbour list sorted by rank
    rcol, rpid = rank[indices[order]], pid[order]
    rkeys = rows * n + rcol
    del rows, order
    # every pair once, as u (higher rank) - x (lower rank); wedges u - x - y with
    # rank(y) < rank(u): the first c[e] entries of x's list
    flip = rank[sv.a] > rank[sv.b]
    u, x = np.where(flip, sv.a, sv.b), np.where(flip, sv.b, sv.a)
    c = np.searchsorted(rkeys, x * n + rank[u]) - indptr[x]
    by_u = np.argsort(u, kind="stable")  # chunks hold whole (u, .) groups
    u_ptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(u, minlength=n), out=u_ptr[1:])
    per_u = np.bincount(u, weights=c, minlength=n).astype(np.int64)
    cycles = np.zeros(sv.m)
    for sl in _chunks(per_u):
        sel = by_u[u_ptr[sl.start]:u_ptr[sl.stop]]
        owner, pos = _expand(indptr[x[sel]], c[sel])
        e_ux = sel[owner]
        _, inv, cnt = np.unique(u[e_ux] * n + rcol[pos], return_inverse=True,
                                return_counts=True)
        extra = cnt[inv] - 1.0  # other wedges closing a 4-cycle with this one
        cycles += np.bincount(e_ux, weights=extra, minlength=sv.m)
        cycles += np.bincount(rpid[pos], weights=extra, minlength=sv.m)
    return cycles > 0


def pair_distances(sv: SimpleView, us: np.ndarray, vs: np.ndarray,
                   budget: int = 1 << 22) -> np.ndarray:
    """Hop distance from ``us[i]`` to ``vs[i]`` in the graph without the edge between them
    (``inf`` when that disconnects them), for all i, by bidirectional BFS.

    All rows of a chunk advance together, one level per step; each row expands the side
    whose frontier has the smaller total degree. Visited marks live in dense
    ``rows x n`` arrays (``budget`` cells each, indexed by ``row * n + node``), reset
    after use.
    """
    out = np.full(us.size, np.inf)
    if us.size == 0:
        return out
    rows = int(max(1, min(us.size, budget // max(sv.n, 1))))
    marks = [np.zeros(rows * sv.n, np.int32) for _ in range(3)]
    for start in range(0, us.size, rows):
        sl = slice(start, start + rows)
        out[sl] = _bfs_chunk(sv, us[sl].astype(np.int64), vs[sl].astype(np.int64), marks)
    return out


def _bfs_chunk(sv: SimpleView, us: np.ndarray, vs: np.ndarray,
               marks: list[np.ndarray]) -> np.ndarray:
    indptr, indices, _ = sv.csr
    deg = np.diff(indptr)
    n, r = sv.n, us.size
    seen, scratch = marks[:2], marks[2]  # seen: distance + 1 from a side's source
    best = np.full(r, np.inf)
    depth = [np.ones(r, np.int64), np.ones(r, np.int64)]
    touched: list[np.ndarray] = []
    front: list[tuple[np.ndarray, np.ndarray]] = []
    for side, (src, other) in enumerate(((us, vs), (vs, us))):
        touched.append(np.arange(r) * n + src)
        seen[side][touched[-1]] = 1
        owner, pos = _expand(indptr[src], deg[src])
        keep = indices[pos] != other[owner]  # the edge u - v itself is hidden
        front.append((owner[keep], indices[pos][keep]))
    for side in (0, 1):
        fr, fn = front[side]
        touched.append(fr * n + fn)
        _arrive(seen, side, touched[-1], fr, np.full(fr.size, 2, np.int32), best)
    alive = np.isinf(best)
    while True:
        has = [np.bincount(f[0], minlength=r) > 0 for f in front]
        alive &= np.isinf(best) & has[0] & has[1]  # an empty frontier: disconnected
        if not alive.any():
            break
        cost = [np.bincount(f[0], weights=deg[f[1]], minlength=r) for f in front]
        pick = [alive & (cost[0] <= cost[1]), alive & (cost[0] > cost[1])]
        for side in (0, 1):
            front[side] = _step(sv, seen, scratch, side, front[side], pick[side], alive,
                                depth[side], best, touched)
    for flat in touched:  # reset the marks for the next chunk
        seen[0][flat] = 0
        seen[1][flat] = 0
        scratch[flat] = 0
    return best


def _step(sv: SimpleView, seen: list[np.ndarray], scratch: np.ndarray, side: int,
          front: tuple[np.ndarray, np.ndarray], pick: np.ndarray, alive: np.ndarray,
          depth: np.ndarray, best: np.ndarray, touched: list[np.ndarray]
          ) -> tuple[np.ndarray, np.ndarray]:
    """Advance ``side`` by one level in the rows where ``pick``; drop finished rows."""
    indptr, indices, _ = sv.csr
    fr, fn = front
    go = pick[fr]
    stay = alive[fr] & ~go
    if not go.any():
        return fr[stay], fn[stay]
    owner, pos = _expand(indptr[fn[go]], indptr[fn[go] + 1] - indptr[fn[go]])
    nr, nn = fr[go][owner], indices[pos]
    flat = nr * sv.n + nn
    fresh = seen[side][flat] == 0
    nr, nn, flat = nr[fresh], nn[fresh], flat[fresh]
    ticket = np.arange(1, flat.size + 1, dtype=np.int32)
    scratch[flat] = ticket  # keep one copy of each (row, node)
    once = scratch[flat] == ticket
    nr, nn, flat = nr[once], nn[once], flat[once]
    scratch[flat] = 0
    depth[pick] += 1
    _arrive(seen, side, flat, nr, (depth[nr] + 1).astype(np.int32), best)
    touched.append(flat)
    return np.concatenate([fr[stay], nr]), np.concatenate([fn[stay], nn])


def _arrive(seen: list[np.ndarray], side: int, flat: np.ndarray, rows: np.ndarray,
            mark: np.ndarray, best: np.ndarray) -> None:
    """Mark newly reached nodes; where the other side has been, the path is shortest."""
    seen[side][flat] = mark
    there = seen[1 - side][flat]
    met = there > 0
    if met.any():  # every meeting of a row in one step has the same length
        best[rows[met]] = (mark[met] - 1) + (there[met] - 1)
