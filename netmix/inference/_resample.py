"""Vectorised node and edge resampling of mixing counts (the bootstrap's hot path).

A node bootstrap sample (Snijders & Borgatti 1999) takes ``n`` nodes with replacement; node
``u`` drawn ``c_u`` times appears as ``c_u`` copies, and copies of ``u`` and ``v`` are tied
when ``u`` and ``v`` are: edge ``(u, v)`` appears ``c_u c_v`` times. Two copies of the same
node are not tied (that dyad is the undefined diagonal of the adjacency matrix); an
observed self-loop stays on each copy (``c_u`` times). So the mixing counts of a sample are
the observed edges' cells weighted by ``c_u c_v`` (``c_u`` for loops): one gather and one
segmented sum over the edges sorted by cell, for a whole batch of samples at once.
"""

from __future__ import annotations

import numpy as np

from ..core import fold
from ._data import MAX_ELEMENTS, NetworkData

__all__ = ["CellSums", "node_sample_graph"]


class CellSums:
    """Mixing counts of edge-weighted replicates: ``counts[b] = sum_e mult[b, e] w_e cell_e``.

    For node samples, edges are sorted by their cell (row group * k + column group) once;
    each batch is a gather and a ``numpy.add.reduceat`` per chunk of edges. Edge samples
    need only one ``numpy.bincount`` of the drawn edges' cells.
    """

    def __init__(self, data: NetworkData) -> None:
        k = data.k
        cell = data.codes[data.src].astype(np.intp) * k + data.codes[data.dst]
        order = np.argsort(cell, kind="stable")
        self.k, self.view = k, data.view
        self.src, self.dst = data.src[order], data.dst[order]
        self.w = None if data.weights is None else data.weights[order]
        small = np.min_scalar_type(max(k * k - 1, 0))
        self.cell, self.cell_by_edge, self.w_by_edge = cell[order], cell.astype(small), \
            data.weights
        self.is_loop = self.src == self.dst
        # a loop multiplies by c_u, not c_u ** 2: its second factor reads a column of ones
        self.dst_or_one = np.where(self.is_loop, data.n_nodes, self.dst)
        self.n_nodes = data.n_nodes
        node_order = np.argsort(data.codes, kind="stable")
        self.node_order = node_order
        self.node_codes = data.codes[node_order]

    def from_node_counts(self, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(counts (B, k, k), sizes (B, k))`` for node multiplicities ``c`` (B, n)."""
        c = c.astype(np.int32)
        ext = np.concatenate([c, np.ones((c.shape[0], 1), dtype=np.int32)], axis=1)
        n_b, k = c.shape[0], self.k
        out = np.zeros((n_b, k * k))
        chunk = max(MAX_ELEMENTS // max(n_b, 1), 1)
        for a in range(0, self.cell.size, chunk):
            s = slice(a, a + chunk)
            mult = ext[:, self.src[s]] * ext[:, self.dst_or_one[s]]
            vals = mult if self.w is None else mult * self.w[s]
            out += _segment_sums(vals, self.cell[s], k * k)
        sizes = _segment_sums(c[:, self.node_order], self.node_codes, k)
        return self._sym(out.reshape(n_b, k, k)), sizes

    def from_edge_draws(self, idx: np.ndarray) -> np.ndarray:
        """Counts (B, k, k) of edge samples ``idx`` (B, m): a bincount of the drawn edges'
        cells (their weights summed)."""
        kk = self.k * self.k
        out = np.empty((idx.shape[0], kk))
        for b, row in enumerate(idx):  # small cell codes gather fast; one bincount a sample
            w = None if self.w_by_edge is None else self.w_by_edge[row]
            out[b] = np.bincount(self.cell_by_edge[row], weights=w, minlength=kk)
        return self._sym(out.reshape(-1, self.k, self.k))

    def _sym(self, counts: np.ndarray) -> np.ndarray:
        return fold(counts, self.view)  # the view's direction rule


def _segment_sums(values: np.ndarray, keys: np.ndarray, size: int) -> np.ndarray:
    """Column sums of ``values`` (B, m) grouped by sorted ``keys`` (m,), scattered to
    ``size`` columns."""
    out = np.zeros((values.shape[0], size), dtype=np.float64)
    if keys.size == 0:
        return out
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    out[:, keys[starts]] = np.add.reduceat(values, starts, axis=1, dtype=np.float64)
    return out


def node_sample_graph(data: NetworkData, sample: np.ndarray):
    """The node-bootstrap graph of ``sample`` (node positions drawn with replacement):
    ``(SocialGraph, codes)`` with node ``i`` a copy of ``sample[i]`` (see the module notes)."""
    from ..graph import SocialGraph

    g, n = data.graph, data.n_nodes
    c = np.bincount(sample, minlength=n)
    copies = np.argsort(sample, kind="stable")  # new positions, grouped by original node
    first = np.cumsum(c) - c
    u, v = data.src.astype(np.int64), data.dst.astype(np.int64)
    loop = u == v
    mult = np.where(loop, c[u], c[u] * c[v])
    e = np.repeat(np.arange(u.size), mult)
    t = np.arange(e.size) - np.repeat(np.cumsum(mult) - mult, mult)
    cv = np.maximum(c[v][e], 1)
    i = np.where(loop[e], t, t // cv)
    j = np.where(loop[e], t, t % cv)
    src, dst = copies[first[u[e]] + i], copies[first[v[e]] + j]
    nodes = g.nodes.iloc[sample].reset_index(drop=True)
    attrs = {name: g.edge_attr(name)[e] for name in g.edge_attributes}
    graph = SocialGraph(nodes, src, dst, directed=g.directed, edge_attrs=attrs)
    return graph, data.codes[sample]
