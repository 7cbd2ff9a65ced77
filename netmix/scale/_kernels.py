"""Tallies of one chunk of canonical edges, summed over chunks by either engine.

A chunk is ``(s, t, w)``: int32 node positions of the two ends (negative for a missing or
unknown id, see :mod:`._common`) and the float64 weights or None. Every tally returns a
tuple of numpy arrays that add up elementwise over chunks (:func:`add`), so chunks can be
reduced in any order, on one machine or on a cluster. The first element is always the
problem counter of :func:`._common.chunk_problems`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._common import chunk_problems, usable

__all__ = ["add", "cross_tally", "mixing_tally", "node_tally", "permutation_tally",
           "product_tally"]


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
    """Group codes of rows and columns (``cols is None``: the same) and the direction."""

    rows: np.ndarray
    cols: np.ndarray | None
    kr: int
    kc: int
    directed: bool


def mixing_tally(s: np.ndarray, t: np.ndarray, w: np.ndarray | None, spec: MixingSpec
                 ) -> tuple:
    """``(problems, forward, reverse, loops, [n_dropped, n_loops])``.

    ``forward[g * kc + h]``: edges from row group g to column group h among the kept
    non-loop edges; ``reverse``: the same read from the target (only for an undirected
    matrix with different row and column groups; else zeros); ``loops``: the kept
    self-loops by ``(rows[s], cols[s])``; ``n_dropped``: edges dropped because an end has
    no group; ``n_loops``: the self-loops kept.
    """
    problems = chunk_problems(s, t, w)
    s, t, w = _clean(s, t, w)
    rows = spec.rows
    cols = rows if spec.cols is None else spec.cols
    size = spec.kr * spec.kc
    rs, ct = rows[s], cols[t]
    drop = (rs < 0) | (ct < 0)
    if spec.cols is not None:
        drop |= (rows[t] < 0) | (cols[s] < 0)
    n_dropped = np.count_nonzero(drop)
    if n_dropped:
        keep = ~drop
        s, t, rs, ct = s[keep], t[keep], rs[keep], ct[keep]
        w = None if w is None else w[keep]
    loop = s == t
    nl = ~loop
    wl = None if w is None else w[loop]
    wn = None if w is None else w[nl]
    flat = rs.astype(np.intp) * spec.kc + ct
    forward = _bincount(flat[nl], wn, size)
    loops = _bincount(flat[loop], wl, size)
    if spec.cols is not None and not spec.directed:
        rev = rows[t[nl]].astype(np.intp) * spec.kc + cols[s[nl]]
        reverse = _bincount(rev, wn, size)
    else:
        reverse = np.zeros(size, dtype=forward.dtype)
    return problems, forward, reverse, loops, np.array([n_dropped, np.count_nonzero(loop)],
                                                      dtype=np.int64)


# ----------------------------------------------------------------------------- pearson
def _kept(s, t, w, keep_nodes, loops):
    keep = None
    if keep_nodes is not None:
        keep = keep_nodes[s] & keep_nodes[t]
    if loops == "drop":
        nl = s != t
        keep = nl if keep is None else keep & nl
    if keep is not None:
        s, t = s[keep], t[keep]
        w = None if w is None else w[keep]
    return s, t, w


def pair_weights(s: np.ndarray, t: np.ndarray, w: np.ndarray | None, loops: str,
                 directed: bool) -> np.ndarray:
    """Weight of each edge's Pearson entries: ``w`` (or 1), halved for an undirected loop
    under ``loops="once"`` (the in-memory ``_edges`` convention)."""
    p = np.ones(s.size) if w is None else np.asarray(w, dtype=np.float64)
    if loops == "once" and not directed:
        loop = s == t
        if loop.any():
            p = np.where(loop, 0.5 * p, p)
    return p


def node_tally(s: np.ndarray, t: np.ndarray, w: np.ndarray | None, n: int,
               keep_nodes: np.ndarray | None, loops: str, directed: bool,
               weight_pairs: bool, strengths: bool) -> tuple:
    """``(problems, out_p, in_p[, out_w, in_w])`` per node.

    ``out_p``/``in_p``: the Pearson entry weights summed at the source / target end (an
    edge counts 1, or ``w`` when ``weight_pairs``; an undirected loop counts 1/2 under
    ``loops="once"``): the edge-end multiplicities of the moment sums. With ``strengths``
    also ``out_w``/``in_w``: the edge counts (or summed weights) at each end, i.e. the
    out- and in-degrees (strengths). Edges touching a node outside ``keep_nodes`` and,
    under ``loops="drop"``, self-loops are left out.
    """
    problems = chunk_problems(s, t, w)
    s, t, w = _clean(s, t, w)
    s, t, w = _kept(s, t, w, keep_nodes, loops)
    p = pair_weights(s, t, w if weight_pairs else None, loops, directed)
    out = [problems, np.bincount(s, weights=p, minlength=n),
           np.bincount(t, weights=p, minlength=n)]
    if strengths:
        out += [_bincount(s, w, n), _bincount(t, w, n)]
    return tuple(out)


def product_tally(s: np.ndarray, t: np.ndarray, w: np.ndarray | None, a: np.ndarray,
                  b: np.ndarray, keep_nodes: np.ndarray | None, loops: str, directed: bool,
                  weight_pairs: bool) -> tuple:
    """``(problems, [sum p a_s b_t, sum p a_t b_s])`` over the kept edges: the cross
    moments of the (centred) source values ``a`` and target values ``b``; the second
    term is the reverse entry of an undirected edge (0 when directed)."""
    problems = chunk_problems(s, t, w)
    s, t, w = _clean(s, t, w)
    s, t, w = _kept(s, t, w, keep_nodes, loops)
    p = pair_weights(s, t, w if weight_pairs else None, loops, directed)
    fwd = (p * a[s]) @ b[t]
    rev = 0.0 if directed else (p * a[t]) @ b[s]
    return problems, np.array([fwd, rev])


# ----------------------------------------------------------------------------- per node
def cross_tally(s: np.ndarray, t: np.ndarray, w: np.ndarray | None, codes: np.ndarray,
                mode: str, directed: bool) -> tuple:
    """``(problems, within, cross)`` per node: ties (or weight) to a node of the same
    group and of another group, at the ends ``mode`` says (``"all"``: both)."""
    problems = chunk_problems(s, t, w)
    s, t, w = _clean(s, t, w)
    cs, ct = codes[s], codes[t]
    keep = (cs >= 0) & (ct >= 0)
    if not keep.all():
        s, t, cs, ct = s[keep], t[keep], cs[keep], ct[keep]
        w = None if w is None else w[keep]
    n = codes.size
    same = cs == ct
    ends = (s, t) if not directed or mode == "all" else ((s,) if mode == "out" else (t,))
    ws = np.ones(s.size) if w is None else w
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


def permutation_tally(s: np.ndarray, t: np.ndarray, w: np.ndarray | None, codes: np.ndarray,
                      perm: np.ndarray, k: int, directed: bool) -> tuple:
    """``(problems, counts)``: the ``(B, k, k)`` mixing counts of a batch of relabelled
    replicates (``perm[b]``: the codes of every node in replicate b) over the edges whose
    ends both have a group (``codes >= 0``), by
    :func:`netmix.inference._data.batch_counts`."""
    from ..inference._data import batch_counts

    problems = chunk_problems(s, t, w)
    s, t, w = _clean(s, t, w)
    keep = (codes[s] >= 0) & (codes[t] >= 0)
    if not keep.all():
        s, t = s[keep], t[keep]
        w = None if w is None else w[keep]
    return problems, batch_counts(perm, s, t, w, k, directed)


def problem_tally(s: np.ndarray, t: np.ndarray, w: np.ndarray | None) -> tuple:
    """``(problems,)`` alone (a first pass that fills a cache)."""
    return (chunk_problems(s, t, w),)
