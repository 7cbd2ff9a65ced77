"""The arrays a null model or a bootstrap works on, and vectorised mixing tallies of them.

:class:`NetworkData` is the observed network reduced to what resampling needs: edge arrays,
one group code per node and the edge weights. A null replicate is another
:class:`NetworkData` (new edges, or new codes). The tallies here reproduce
:func:`netmix.mixing_matrix`'s conventions exactly (directed graphs: each arc once, rows are
sources; undirected graphs: each edge in both directions, a self-loop adds 2 to the
diagonal; nodes with code -1 and their edges are left out).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from ..graph import SocialGraph
from ..measures._groups import GroupCodes, group_codes
from ..measures.mixing import MixingMatrix, edge_weights, mixing_matrix

__all__ = ["NetworkData", "batch_counts", "tally"]

#: Replicates tallied together by :func:`batch_counts` (one uint64 holds 8 int8 codes).
LANES = 8
#: Bound on the number of (edge, replicate) elements held in memory at once.
MAX_ELEMENTS = 4_000_000


@dataclass(frozen=True, eq=False)
class NetworkData:
    """The observed network, or one null replicate of it, as arrays.

    Attributes
    ----------
    src, dst : numpy.ndarray
        Edge endpoints (node positions).
    codes : numpy.ndarray
        Group code of every node (indexes ``groups.labels``); -1 marks a node without a group.
    weights : numpy.ndarray or None
        Edge weights (float64), or None to count edges.
    n_nodes : int
    directed : bool
    groups : GroupCodes
        The observed groups (labels, name) the codes refer to.
    graph : SocialGraph
        The observed graph (node table, attribute names), to rebuild a replicate as a graph.
    weight : str or None
        Name of the weight attribute.
    """

    src: np.ndarray
    dst: np.ndarray
    codes: np.ndarray
    weights: np.ndarray | None
    n_nodes: int
    directed: bool
    groups: GroupCodes
    graph: SocialGraph
    weight: str | None = None

    @classmethod
    def from_graph(cls, graph: SocialGraph, groups: Any, weight: str | None = None, *,
                   missing: str = "raise") -> NetworkData:
        """Codes and arrays of ``graph`` (validated as :func:`netmix.mixing_matrix` does)."""
        gc = group_codes(graph, groups, missing=missing)
        return cls(graph.src, graph.dst, gc.codes, edge_weights(graph, weight), graph.n_nodes,
                   graph.directed, gc, graph, weight)

    @property
    def k(self) -> int:
        """Number of groups."""
        return len(self.groups.labels)

    @property
    def n_edges(self) -> int:
        return int(self.src.size)

    def replace(self, **changes: Any) -> NetworkData:
        """A replicate: this data with new ``src``/``dst``/``codes``/``weights``."""
        return replace(self, **changes)

    def degrees(self) -> tuple[np.ndarray, np.ndarray]:
        """(out, in) degrees; for an undirected graph both are the degree (loops count 2)."""
        out = np.bincount(self.src, minlength=self.n_nodes)
        inn = np.bincount(self.dst, minlength=self.n_nodes)
        if self.directed:
            return out, inn
        return out + inn, out + inn

    def counts(self) -> np.ndarray:
        """The (k, k) mixing counts of this replicate."""
        return tally(self.src, self.dst, self.codes, self.weights, self.k, self.directed)

    def template(self) -> MixingMatrix:
        """The observed :class:`MixingMatrix` (labels, sizes) that replicates' counts fill in."""
        return mixing_matrix(self.graph, self.groups_series(self.groups.codes), self.weight,
                             missing="drop" if self.groups.n_missing else "raise")

    def groups_series(self, codes: np.ndarray, index: pd.Index | None = None) -> pd.Series:
        """Per-node group values for ``codes`` (-1: missing), as a user's function gets them
        (indexed by ``index``, default the observed node ids).

        Numeric labels come back as numbers (float when some are missing); other labels as a
        categorical with the observed categories, so the group set and order never change.
        """
        labels = self.groups.labels
        if labels.dtype.kind in "iufb":
            values = labels.to_numpy()[np.maximum(codes, 0)]
            if (codes < 0).any():
                values = np.where(codes < 0, np.nan, values.astype(float))
        else:
            values = pd.Categorical.from_codes(codes.astype(np.int64), categories=labels)
        index = self.graph.node_ids if index is None else index
        return pd.Series(values, index=index, name=self.groups.name)

    def to_graph(self) -> SocialGraph:
        """This replicate as a :class:`SocialGraph` over the observed nodes."""
        if self.src is self.graph.src and self.dst is self.graph.dst:
            return self.graph
        attrs = {} if self.weight is None else {self.weight: self.weights}
        return SocialGraph(self.graph.nodes, self.src, self.dst, directed=self.directed,
                           edge_attrs=attrs)


def tally(src: np.ndarray, dst: np.ndarray, codes: np.ndarray, w: np.ndarray | None, k: int,
          directed: bool) -> np.ndarray:
    """Mixing counts of one replicate (one ``numpy.bincount``)."""
    cs, cd = codes[src], codes[dst]
    keep = (cs >= 0) & (cd >= 0)
    if not keep.all():
        cs, cd = cs[keep], cd[keep]
        w = None if w is None else w[keep]
    flat = cs.astype(np.intp) * k + cd
    out = np.bincount(flat, weights=w, minlength=k * k).reshape(k, k)
    return out if directed else out + out.T


def batch_counts(perm_codes: np.ndarray, src: np.ndarray, dst: np.ndarray,
                 w: np.ndarray | None, k: int, directed: bool) -> np.ndarray:
    """Mixing counts of a batch of relabelled replicates, shape ``(batch, k, k)``.

    ``perm_codes[b]`` are the group codes of every node in replicate ``b``; every edge's
    endpoints must have a code >= 0 in every replicate (drop the others beforehand).
    Replicates are tallied in lanes of 8: the codes of 8 replicates are packed in one uint64
    per node, so one gather fetches them all, and one ``numpy.bincount`` per chunk of edges
    counts every (replicate, row, column) cell.
    """
    out = np.empty((perm_codes.shape[0], k, k), dtype=np.int64 if w is None else np.float64)
    for start in range(0, perm_codes.shape[0], LANES):
        block = perm_codes[start:start + LANES]
        out[start:start + block.shape[0]] = _lane_block(block, src, dst, w, k)
    return out if directed else out + out.transpose(0, 2, 1)


def _lane_block(block: np.ndarray, src: np.ndarray, dst: np.ndarray, w: np.ndarray | None,
                k: int) -> np.ndarray:
    n_real = block.shape[0]
    if n_real < LANES:  # pad with copies of the first row; their counts are dropped
        block = np.concatenate([block, np.repeat(block[:1], LANES - n_real, axis=0)])
    if k > 16 or block.dtype.itemsize != 1:
        return _flat_block(block, src, dst, w, k)[:n_real]
    packed = np.ascontiguousarray(block.T).view(np.uint64).ravel()  # (n_nodes,)
    acc = np.zeros(256 * LANES, dtype=np.int64 if w is None else np.float64)
    chunk = max(MAX_ELEMENTS // LANES, 1)
    for s in range(0, src.size, chunk):
        # Each byte of code_src * k + code_dst stays < k*k <= 256: no carry between lanes.
        cell = packed[src[s:s + chunk]] * np.uint64(k) + packed[dst[s:s + chunk]]
        buf = np.empty((cell.size, LANES, 2), dtype=np.uint8)
        buf[:, :, 0] = cell.view(np.uint8).reshape(-1, LANES)
        buf[:, :, 1] = np.arange(LANES, dtype=np.uint8)
        flat = buf.view("<u2").ravel()  # = lane * 256 + cell
        ww = None if w is None else np.repeat(w[s:s + chunk], LANES)
        acc += np.bincount(flat, weights=ww, minlength=256 * LANES)
    return acc.reshape(LANES, 256)[:n_real, :k * k].reshape(n_real, k, k)


def _flat_block(block: np.ndarray, src: np.ndarray, dst: np.ndarray, w: np.ndarray | None,
                k: int) -> np.ndarray:
    n_b = block.shape[0]
    acc = np.zeros(n_b * k * k, dtype=np.int64 if w is None else np.float64)
    offsets = (np.arange(n_b, dtype=np.intp) * (k * k))[:, None]
    chunk = max(MAX_ELEMENTS // n_b, 1)
    for s in range(0, src.size, chunk):
        flat = block[:, src[s:s + chunk]].astype(np.intp)
        flat *= k
        flat += block[:, dst[s:s + chunk]]
        flat += offsets
        ww = None if w is None else np.tile(w[s:s + chunk], n_b)
        acc += np.bincount(flat.ravel(), weights=ww, minlength=n_b * k * k)
    return acc.reshape(n_b, k, k)


_LOW7 = np.uint64(0x7F7F7F7F7F7F7F7F)


def node_strengths(src: np.ndarray, dst: np.ndarray, w: np.ndarray | None, n: int,
                   directed: bool) -> tuple[np.ndarray, np.ndarray]:
    """(out, in) strengths: the row and column sums each node adds to a mixing matrix."""
    ws = np.ones(src.size) if w is None else w
    out_s = np.bincount(src, weights=ws, minlength=n)
    in_s = np.bincount(dst, weights=ws, minlength=n)
    if not directed:
        out_s = in_s = out_s + in_s
    return out_s, in_s


def batch_margins(perm_codes: np.ndarray, src: np.ndarray, dst: np.ndarray,
                  w: np.ndarray | None, k: int, directed: bool,
                  strengths: tuple[np.ndarray, np.ndarray] | None = None,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """``(trace (B,), row sums (B, k), column sums (B, k), total)`` of the mixing matrices of
    a batch of relabelled replicates, without tallying the whole matrices.

    Relabelling moves no edge, so the row (column) sums are the out- (in-) strengths of the
    nodes summed by their new group (a bincount over nodes), the total is fixed, and the
    trace is the weight of the edges whose two ends share a code. For 1-byte codes the
    latter is a SWAR count: the codes of 8 replicates packed in a uint64 per node, XOR-ed at
    the edge ends, zero bytes flagged without carries and summed in blocks of 255 edges.
    Undirected matrices count every edge in both directions (see :func:`tally`). Pass
    ``strengths`` (from :func:`node_strengths`) to reuse them across batches.
    """
    n_b, n = perm_codes.shape
    out_s, in_s = strengths or node_strengths(src, dst, w, n, directed)
    # a node without a group (-1) has no kept edge, so zero strength: count it in group 0
    flat = np.maximum(perm_codes, 0).astype(np.intp)
    flat += (np.arange(n_b, dtype=np.intp) * k)[:, None]
    rows = np.bincount(flat.ravel(), weights=np.tile(out_s, n_b), minlength=n_b * k)
    cols = rows if not directed else np.bincount(flat.ravel(), weights=np.tile(in_s, n_b),
                                                 minlength=n_b * k)
    trace = np.empty(n_b)
    for start in range(0, n_b, LANES):
        block = perm_codes[start:start + LANES]
        trace[start:start + block.shape[0]] = _same_code_weight(block, src, dst, w)
    factor = 1.0 if directed else 2.0
    total = factor * (float(src.size) if w is None else float(w.sum()))
    return factor * trace, rows.reshape(n_b, k), cols.reshape(n_b, k), total


def _same_code_weight(block: np.ndarray, src: np.ndarray, dst: np.ndarray,
                      w: np.ndarray | None) -> np.ndarray:
    n_real = block.shape[0]
    if block.dtype.itemsize != 1:
        same = block[:, src] == block[:, dst]
        return same.sum(axis=1) if w is None else same @ w
    if n_real < LANES:
        block = np.concatenate([block, np.repeat(block[:1], LANES - n_real, axis=0)])
    packed = np.ascontiguousarray(block.T).view(np.uint64).ravel()
    out = np.zeros(LANES)
    chunk = max(MAX_ELEMENTS // LANES // 255 * 255, 255)
    for s in range(0, src.size, chunk):
        x = packed[src[s:s + chunk]]
        x ^= packed[dst[s:s + chunk]]  # a zero byte: same code in that replicate
        if w is not None:
            same = x.view(np.uint8).reshape(-1, LANES) == 0
            out += w[s:s + chunk] @ same
            continue
        y = x & _LOW7
        y += _LOW7  # high bit of a byte set iff its low 7 bits are not all zero
        y |= x
        y |= _LOW7
        np.invert(y, out=y)  # now high bit set iff the byte is zero
        y >>= np.uint64(7)
        pad = (-y.size) % 255
        if pad:
            y = np.concatenate([y, np.zeros(pad, dtype=np.uint64)])
        sums = y.reshape(-1, 255).sum(axis=1, dtype=np.uint64)  # <= 255 per byte
        out += sums.view(np.uint8).reshape(-1, LANES).sum(axis=0, dtype=np.int64)
    return out[:n_real]
