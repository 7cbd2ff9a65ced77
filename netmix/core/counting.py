"""The tally: the only code that turns the edges of an :class:`~netmix.core.view.EdgeView`
into mixing counts.

``M[g, h]`` sums the edges (or their weights) from a node of row group ``g`` to a node of
column group ``h``. A directed view reads each arc once, source then target; an undirected
view reads every edge in both directions (``M`` symmetric, total twice the edges, as
networkx and igraph). A self-loop adds 2 to the diagonal of an undirected tally under
``loops="count"`` (both directions), 1 under ``"once"``, and 1 to a directed tally.
:class:`Tally` objects add up: over chunks of an edge file (:mod:`netmix.scale`) as over a
whole graph.

:data:`CALLS` counts the tallies computed (``CALLS["tally"]`` single, ``CALLS["batch"]``
batches of permuted codes, ``CALLS["margins"]`` batches of margins) so that a test can count
the tallies behind a computation (``CALLS.clear()`` first). A view keeps its own tally, so
a view built once (one per graph, groups, weight and policy) is tallied once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from .._kernels import pair_tally
from .view import EdgeView

__all__ = ["CALLS", "CHUNK", "Tally", "fold", "pair_counts", "tally"]

#: Tallies made so far, by kind (a counter for tests; never read by netmix itself).
CALLS: Counter = Counter()

#: Edges per chunk in the gather-and-count loops. Gathering a million values into fresh
#: arrays costs more in page faults and cache misses than in reads; chunks this size go
#: through small reused buffers that stay in cache (16 chunks per million edges).
CHUNK = 1 << 16


@dataclass(frozen=True)
class Tally:
    """The additive sufficient statistic of a view: mixing counts and what loops added.

    Attributes
    ----------
    counts : numpy.ndarray, shape (k_rows, k_cols)
        int64 edge counts, or float64 summed weights.
    loop_counts : numpy.ndarray
        What self-loops added to ``counts`` (same shape and dtype).
    n_loops : int
        Self-loops among the tallied edges.
    n_edges_dropped : int
        Edges left out because an end has no group.
    """

    counts: np.ndarray
    loop_counts: np.ndarray
    n_loops: int = 0
    n_edges_dropped: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.counts + other.counts, self.loop_counts + other.loop_counts,
                     self.n_loops + other.n_loops, self.n_edges_dropped + other.n_edges_dropped)


def pair_counts(rows: np.ndarray, cols: np.ndarray, kc: int, size: int, src: np.ndarray,
                dst: np.ndarray, w: np.ndarray | None) -> np.ndarray:
    """``bincount(rows[src] * kc + cols[dst], w, minlength=size)``: one compiled pass
    (:func:`netmix._kernels.pair_tally`), or numpy over chunks of :data:`CHUNK` edges
    through two reused buffers (the row codes scaled once per node)."""
    compiled = pair_tally(rows, cols, kc, size, src, dst, w)
    if compiled is not None:
        return compiled
    m = src.size
    if size > CHUNK or m <= CHUNK:  # many cells: one pass (chunk counts would be too big)
        flat = (rows.astype(np.intp) * kc)[src]
        flat += cols[dst]
        return np.bincount(flat, weights=w, minlength=size)
    scaled = rows.astype(np.intp) * kc
    out = np.zeros(size, dtype=np.int64 if w is None else np.float64)
    f_buf, c_buf = np.empty(CHUNK, dtype=np.intp), np.empty(CHUNK, dtype=cols.dtype)
    for i in range(0, m, CHUNK):
        sl = slice(i, min(i + CHUNK, m))
        f, c = f_buf[: sl.stop - i], c_buf[: sl.stop - i]
        np.take(scaled, src[sl], out=f, mode="clip")
        np.take(cols, dst[sl], out=c, mode="clip")
        f += c
        out += np.bincount(f, weights=None if w is None else w[sl], minlength=size)
    return out


def fold(counts: np.ndarray, view: EdgeView, loops: np.ndarray | None = None
         ) -> np.ndarray:
    """Directed tallies (``(..., k, k)``, each edge read once, source to target) of the
    view's edges with the same groups on rows and columns, counted as the view counts
    them: an undirected view adds the other direction (the transpose), and under
    ``loops="once"`` takes one direction of each loop off again (``loops``: the same tally
    of the loops alone).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.core import edge_view, fold
    >>> g = netmix.SocialGraph(pd.DataFrame({"team": list("aabb")}, index=list("pqrs")),
    ...                        [0, 1, 2], [1, 2, 3])
    >>> import numpy as np
    >>> one_way = np.array([[1, 1], [0, 1]])  # each edge read once, source to target
    >>> fold(one_way, edge_view(g, "team")).tolist()  # undirected: both directions
    [[2, 1], [1, 2]]
    """
    if view.directed:
        return counts
    out = counts + np.swapaxes(counts, -1, -2)
    if view.loops == "once" and view.loop_index is not None:
        out = out - loops
    return out


def tally(view: EdgeView, codes: np.ndarray | None = None) -> Tally:
    """The mixing :class:`Tally` of ``view`` (``codes``: other group codes of every node,
    for rows and columns alike, e.g. a relabelled replicate; every kept edge's ends must
    have a code >= 0). The view's own tally is made once and kept on it (read-only).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.core import edge_view, tally
    >>> g = netmix.SocialGraph(pd.DataFrame({"team": list("aabb")}, index=list("pqrs")),
    ...                        [0, 1, 2], [1, 2, 3])
    >>> t = tally(edge_view(g, "team"))  # undirected: each edge in both directions
    >>> t.counts.tolist(), int(t.counts.sum())
    ([[2, 1], [1, 2]], 6)
    >>> tally(edge_view(g, "team")) is t  # one view per graph and policy, one tally
    True
    """
    if codes is None:
        if "tally" not in view.memo:
            view.memo["tally"] = _tally(view, None)
        return view.memo["tally"]
    return _tally(view, codes)


def _tally(view: EdgeView, codes: np.ndarray | None) -> Tally:
    CALLS["tally"] += 1
    rows = view.rows.codes if codes is None else codes
    cols = view.cols.codes if codes is None else codes
    same = codes is not None or view.same_groups
    kr, kc = view.shape
    size = kr * kc
    src, dst, w = view.src, view.dst, view.weights
    counts = pair_counts(rows, cols, kc, size, src, dst, w).reshape(kr, kc)
    per_loop = np.zeros((kr, kc), dtype=counts.dtype)
    n_loops = 0
    if view.loop_index is not None:
        li = view.loop_index
        ls = src[li]
        per_loop = pair_counts(rows, cols, kc, size, ls, ls,
                               None if w is None else w[li]).reshape(kr, kc)
        n_loops = int(li.size)
    if same:
        counts = fold(counts, view, per_loop)
    elif not view.directed:  # different groups at the two ends: read every edge back
        counts = counts + pair_counts(rows, cols, kc, size, dst, src, w).reshape(kr, kc)
        if view.loops == "once" and n_loops:
            counts = counts - per_loop
    loop_counts = per_loop * (2 if not view.directed and view.loops == "count" else 1)
    dtype = np.int64 if w is None else np.float64
    counts, loop_counts = counts.astype(dtype), loop_counts.astype(dtype)
    if codes is None:
        counts.setflags(write=False)
        loop_counts.setflags(write=False)
    return Tally(counts, loop_counts, n_loops, view.n_edges_dropped)
