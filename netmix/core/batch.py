"""Tallies of batches of relabelled replicates: the label-permutation null's counting.

``codes[b]`` are the group codes of every node in replicate ``b`` (a permutation of the
observed codes among the nodes of the view); the view's edges never move. The rules are
:func:`netmix.core.tally`'s, for every replicate at once.
"""

from __future__ import annotations

import numpy as np

from .counting import CALLS, fold
from .view import EdgeView

__all__ = ["LANES", "MAX_ELEMENTS", "batch_margins", "batch_tally", "finish_margins",
           "tally_strengths"]

#: Replicates tallied together (one uint64 holds 8 int8 codes).
LANES = 8
#: Bound on the number of (edge, replicate) elements held in memory at once.
MAX_ELEMENTS = 4_000_000


def batch_tally(view: EdgeView, codes: np.ndarray) -> np.ndarray:
    """Mixing counts of a batch of relabelled replicates, shape ``(batch, k, k)``, by the
    rules of :func:`netmix.core.tally` (undirected: both directions; loops).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.core import batch_tally, edge_view
    >>> g = netmix.SocialGraph(pd.DataFrame({"team": list("aabb")}, index=list("pqrs")),
    ...                        [0, 1, 2], [1, 2, 3])
    >>> codes = np.array([[0, 1, 0, 1], [1, 1, 0, 0]], dtype=np.int8)  # two relabellings
    >>> batch_tally(edge_view(g, "team"), codes).tolist()
    [[[0, 3], [3, 0]], [[2, 1], [1, 2]]]
    """
    CALLS["batch"] += 1
    k = view.shape[0]
    w = view.weights
    out = _batch_counts(codes, view.src, view.dst, w, k)
    li = view.loop_index
    loops = None
    if li is not None and not view.directed and view.loops == "once":
        ls = view.src[li]
        loops = _batch_counts(codes, ls, ls, None if w is None else w[li], k)
    return fold(out, view, loops)


def _batch_counts(perm_codes: np.ndarray, src: np.ndarray, dst: np.ndarray,
                 w: np.ndarray | None, k: int) -> np.ndarray:
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
    return out


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


def batch_margins(view: EdgeView, perm_codes: np.ndarray,
                  strengths: tuple[np.ndarray, np.ndarray] | None = None,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """``(trace (B,), row sums (B, k), column sums (B, k), total)`` of the mixing matrices of
    a batch of relabelled replicates, without tallying the whole matrices.

    Relabelling moves no edge, so the row (column) sums are the out- (in-) strengths of the
    nodes summed by their new group (a bincount over nodes), the total is fixed, and the
    trace is the weight of the edges whose two ends share a code. For 1-byte codes the
    latter is a SWAR count: the codes of 8 replicates packed in a uint64 per node, XOR-ed at
    the edge ends, zero bytes flagged without carries and summed in blocks of 255 edges.
    Undirected matrices count every edge in both directions, loops by the view's policy
    (see :func:`netmix.core.tally`). Pass ``strengths`` (from :func:`tally_strengths`) to
    reuse them across batches.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.core import batch_margins, edge_view
    >>> g = netmix.SocialGraph(pd.DataFrame({"team": list("aabb")}, index=list("pqrs")),
    ...                        [0, 1, 2], [1, 2, 3])
    >>> codes = np.array([[0, 1, 0, 1], [1, 1, 0, 0]], dtype=np.int8)
    >>> trace, rows, cols, total = batch_margins(edge_view(g, "team"), codes)
    >>> trace.tolist(), rows.tolist(), total
    ([0.0, 4.0], [[3.0, 3.0], [3.0, 3.0]], 6.0)
    """
    CALLS["margins"] += 1
    n_b = perm_codes.shape[0]
    k = view.shape[0]
    src, dst, w, directed = view.src, view.dst, view.weights, view.directed
    out_s, in_s = strengths or tally_strengths(view)
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
    return finish_margins(view, trace, rows.reshape(n_b, k), cols.reshape(n_b, k))


def finish_margins(view: EdgeView, same: np.ndarray, rows: np.ndarray, cols: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """:func:`batch_margins`' result from the weight of the view's edges whose ends share a
    code (``same``, per replicate) and the strengths summed by code (``rows``, ``cols``):
    undirected views count both directions, loops by the view's policy."""
    w = view.weights
    factor = 1.0 if view.directed else 2.0
    total = factor * (float(view.src.size) if w is None else float(w.sum()))
    once = _once_loop_weight(view)
    return factor * np.asarray(same, dtype=np.float64) - once, rows, cols, total - once


def _once_loop_weight(view: EdgeView) -> float:
    """What ``loops="once"`` takes off an undirected tally: one direction of each loop."""
    li = view.loop_index
    if li is None or view.directed or view.loops != "once":
        return 0.0
    return float(li.size if view.weights is None else view.weights[li].sum())


def tally_strengths(view: EdgeView) -> tuple[np.ndarray, np.ndarray]:
    """(out, in) strengths: the row and column sums each node adds to the view's tally
    (an undirected loop counts 2 under ``loops="count"``, 1 under ``"once"``).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.core import edge_view, tally_strengths
    >>> g = netmix.SocialGraph(pd.DataFrame({"team": list("aabb")}, index=list("pqrs")),
    ...                        [0, 1, 2], [1, 2, 3])
    >>> [s.tolist() for s in tally_strengths(edge_view(g, "team"))]
    [[1.0, 2.0, 2.0, 1.0], [1.0, 2.0, 2.0, 1.0]]
    """
    out_s, in_s = (np.asarray(x, dtype=np.float64) for x in view.strengths())
    li = view.loop_index
    if li is not None and not view.directed and view.loops == "once":
        w = None if view.weights is None else view.weights[li]
        once = np.bincount(view.src[li], weights=w, minlength=view.n_nodes)
        out_s = in_s = out_s - once
    return out_s, in_s


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
