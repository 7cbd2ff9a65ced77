"""Tallies of one chunk of canonical edges, summed over chunks by either engine.

A chunk is ``(s, t, w)``: int32 node positions of the two ends (negative for a missing or
unknown id, see :mod:`._common`) and the float64 weights or None. Every chunk goes through
the same edge view and tally as a graph in memory (:mod:`netmix.core`: direction, loops,
missing groups), over the node codes shared by all chunks. Every tally returns a tuple
whose elements add up over chunks (:func:`add`), so chunks can be reduced in any order, on
one machine or on a cluster. The first element is always the problem counter of
:func:`._problems.chunk_problems`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core import EdgeView, GroupCodes, batch_tally, edges_view, tally
from ._problems import chunk_problems, usable

__all__ = ["MixingSpec", "add", "cross_tally", "mixing_tally", "node_tally",
           "permutation_tally", "product_tally"]


def add(a: tuple | None, b: tuple) -> tuple:
    """Elementwise sum of two tallies (``a`` may be None: the start)."""
    if a is None:
        return b
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _clean(s, t, w):
    ok = usable(s, t, w)
    if ok is not None:
        s, t = s[ok], t[ok]
        w = None if w is None else w[ok]
    return s, t, w


def _bincount(x: np.ndarray, w: np.ndarray | None, size: int) -> np.ndarray:
    out = np.bincount(x, weights=w, minlength=size)
    return out if w is not None else out.astype(np.int64, copy=False)


# ----------------------------------------------------------------------------- mixing
@dataclass(frozen=True)
class MixingSpec:
    """Group codes of rows and columns (``cols is rows``: the same), direction and loops."""

    rows: GroupCodes
    cols: GroupCodes
    directed: bool
    loops: str

    @property
    def same(self) -> bool:
        return self.cols is self.rows

    def view(self, s: np.ndarray, t: np.ndarray, w: np.ndarray | None,
             is_loop: np.ndarray | None = None) -> EdgeView:
        """The edge view of one chunk (node positions into the shared codes)."""
        return edges_view(s, t, w, self.rows.codes.size, directed=self.directed,
                          loops=self.loops, rows=self.rows, cols=self.cols, is_loop=is_loop)


def mixing_tally(s: np.ndarray, t: np.ndarray, w: np.ndarray | None, spec: MixingSpec
                 ) -> tuple:
    """``(problems, Tally)``: the :func:`netmix.core.tally` of the chunk's usable edges."""
    problems = chunk_problems(s, t, w)
    s, t, w = _clean(s, t, w)
    return problems, tally(spec.view(s, t, w))


# ----------------------------------------------------------------------------- pearson
def node_tally(s: np.ndarray, t: np.ndarray, w: np.ndarray | None, n: int,
               keep_nodes: np.ndarray | None, loops: str, directed: bool,
               weight_pairs: bool, strengths: bool) -> tuple:
    """``(problems, out_p, in_p[, out_w, in_w])`` per node.

    ``out_p``/``in_p``: the entry weights of the chunk's edge view (:attr:`netmix.core.
    EdgeView.entries`: an edge counts 1, or ``w`` when ``weight_pairs``) summed at the
    source / target end: the edge-end multiplicities of the moment sums. With ``strengths``
    also ``out_w``/``in_w``: the edge counts (or summed weights) at each end, i.e. the
    out- and in-degrees (strengths).
    """
    problems = chunk_problems(s, t, w)
    s, t, w = _clean(s, t, w)
    v = edges_view(s, t, w, n, directed=directed, loops=loops, keep=keep_nodes)
    p = v.entries(v.weights if weight_pairs else None)
    out = [problems, np.bincount(v.src, weights=p, minlength=n),
           np.bincount(v.dst, weights=p, minlength=n)]
    if strengths:
        out += [_bincount(v.src, v.weights, n), _bincount(v.dst, v.weights, n)]
    return tuple(out)


def product_tally(s: np.ndarray, t: np.ndarray, w: np.ndarray | None, a: np.ndarray,
                  b: np.ndarray, keep_nodes: np.ndarray | None, loops: str, directed: bool,
                  weight_pairs: bool) -> tuple:
    """``(problems, [sum p a_s b_t, sum p a_t b_s])`` over the chunk's edge view: the cross
    moments of the (centred) source values ``a`` and target values ``b``; the second
    term is the reverse entry of an undirected edge (0 when directed)."""
    problems = chunk_problems(s, t, w)
    s, t, w = _clean(s, t, w)
    v = edges_view(s, t, w, a.size, directed=directed, loops=loops, keep=keep_nodes)
    p = v.entries(v.weights if weight_pairs else None)
    fwd = (p * a[v.src]) @ b[v.dst]
    rev = 0.0 if directed else (p * a[v.dst]) @ b[v.src]
    return problems, np.array([fwd, rev])


# ----------------------------------------------------------------------------- per node
def cross_tally(s: np.ndarray, t: np.ndarray, w: np.ndarray | None, groups: GroupCodes,
                mode: str, directed: bool) -> tuple:
    """``(problems, within, cross)`` per node: ties (or weight) to a node of the same
    group and of another group, at the ends ``mode`` says (``"all"``: both), over the
    chunk's edge view (edges between nodes with a group)."""
    problems = chunk_problems(s, t, w)
    s, t, w = _clean(s, t, w)
    v = edges_view(s, t, w, groups.codes.size, directed=directed, rows=groups)
    s, t, codes, n = v.src, v.dst, groups.codes, groups.codes.size
    same = codes[s] == codes[t]
    ends = (s, t) if not directed or mode == "all" else ((s,) if mode == "out" else (t,))
    ws = np.ones(s.size) if v.weights is None else v.weights
    within = sum(np.bincount(e, weights=np.where(same, ws, 0.0), minlength=n) for e in ends)
    cross = sum(np.bincount(e, weights=np.where(same, 0.0, ws), minlength=n) for e in ends)
    if w is None:
        within, cross = within.astype(np.int64), cross.astype(np.int64)
    return problems, within, cross


def new_ids(s_ids: np.ndarray, t_ids: np.ndarray, index) -> tuple[np.ndarray, np.ndarray]:
    """Ids of a chunk not in ``index`` (a pandas Index), sources and targets, in order."""
    import pandas as pd

    s_new = s_ids[index.get_indexer(s_ids) < 0]
    t_new = t_ids[index.get_indexer(t_ids) < 0]
    s_new = s_new[~pd.isna(s_new)]
    t_new = t_new[~pd.isna(t_new)]
    return pd.unique(s_new), pd.unique(t_new)


def permutation_tally(s: np.ndarray, t: np.ndarray, w: np.ndarray | None, spec: MixingSpec,
                      perm: np.ndarray) -> tuple:
    """``(problems, counts)``: the ``(B, k, k)`` mixing counts of a batch of relabelled
    replicates (``perm[b]``: the codes of every node in replicate b) over the chunk's edge
    view, by :func:`netmix.core.batch_tally`."""
    problems = chunk_problems(s, t, w)
    s, t, w = _clean(s, t, w)
    return problems, batch_tally(spec.view(s, t, w), perm)


def problem_tally(s: np.ndarray, t: np.ndarray, w: np.ndarray | None) -> tuple:
    """``(problems,)`` alone (a first pass that fills a cache)."""
    return (chunk_problems(s, t, w),)
