"""``method="louvain"``: Louvain (Blondel et al. 2008) with a cap on the moving passes.

Each level visits the nodes one at a time in a seeded random order; a node joins the
neighbouring community that raises the modularity

    Q = 1/2m sum_ij (A_ij - gamma k_i k_j / 2m) delta(c_i, c_j)

most (or stays), the gain of moving node i from community a (without i) to community c being
Delta Q = [(w_ic - gamma k_i K_c / 2m) - (w_ia - gamma k_i K_a / 2m)] / m, with w_ic the weight
from i to c and K_c the degree total of c. The passes over the nodes stop when none moves,
when one raises Q by less than 1e-7, or after 32 passes (NetworKit's PLM cap); then the
communities become the nodes of the next level (their internal weight a self-loop), until a
level moves nothing. The compiled kernel is :func:`netmix.communities._moves_jit.local_moves`
(sequential: one thread, so a seed fixes the result).

Why the cap: igraph's ``community_multilevel``, netmix's Louvain until this release (and
``method="multilevel"`` now), has none; on the 1e7-edge benchmark graph it made hundreds of
full passes of tiny gains and took 21 minutes. igraph's and this implementation visit the
nodes in different random orders, so their partitions differ; their modularities are
compared in the tests and in ``benchmarks/bench_communities.py``.

Reference: Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E. (2008). Fast
unfolding of communities in large networks. J. Stat. Mech. P10008.
doi:10.1088/1742-5448/2008/10/P10008
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from ..graph.convert import igraph_ends
from ._codes import dense_codes

__all__ = ["MAX_PASSES", "TOL", "louvain_membership", "louvain_on_igraph"]

#: Moving passes per level at most.
MAX_PASSES = 32
#: A pass that raises Q by less than this ends the level's moving.
TOL = 1e-7


def louvain_membership(src: np.ndarray, dst: np.ndarray, w: np.ndarray | None, n: int, *,
                       seed: int, resolution: float = 1.0) -> np.ndarray | None:
    """Community of every node (ints 0..k-1) of the undirected graph ``src``-``dst``
    (``w``: edge weights, or None), or None when numba is off (``NETMIX_NUMBA=0``) or
    unavailable (the caller then falls back to igraph's ``community_multilevel``)."""
    from .._kernels import using_numba

    if not using_numba(1, 1):  # at any size; None when numba is off (NETMIX_NUMBA=0) or absent
        return None
    from . import _moves_jit as jit

    rng = np.random.default_rng(seed)
    weights = np.ones(src.size) if w is None else np.asarray(w, dtype=np.float64)
    # symmetric adjacency; a self-loop of weight x adds 2x to A_ii, as in igraph's degrees
    A = sp.csr_matrix((np.r_[weights, weights], (np.r_[src, dst], np.r_[dst, src])),
                      shape=(n, n))
    kdeg = np.asarray(A.sum(axis=1)).ravel()
    two_m = float(kdeg.sum())
    membership = np.arange(n, dtype=np.int64)
    if not two_m > 0:
        return membership
    while True:
        size = A.shape[0]
        codes = np.arange(size, dtype=np.int64)
        tot = kdeg.copy()
        _, moved = jit.local_moves(A.indptr, A.indices, A.data, kdeg, float(resolution),
                                   two_m, rng.permutation(size), codes, tot, np.zeros(size),
                                   np.full(size, -1, np.int64), np.empty(size, np.int64),
                                   MAX_PASSES, TOL)
        if moved == 0:
            break
        codes = dense_codes(codes)
        membership = codes[membership]
        k = int(codes.max()) + 1
        rows = np.repeat(codes, np.diff(A.indptr))
        A = sp.csr_matrix((A.data, (rows, codes[A.indices])), shape=(k, k))
        A.sum_duplicates()
        kdeg = np.bincount(codes, weights=kdeg, minlength=k)
        if k == size:  # pragma: no cover - moved > 0 always merges two communities
            break
    return membership


def louvain_on_igraph(h: Any, weights: str | None, resolution: float, seed: int
                      ) -> list[int] | None:
    """:func:`louvain_membership` of an igraph graph (the stability and null-model tools
    run on rewired igraph graphs), or None when numba is unavailable."""
    src, dst = igraph_ends(h)
    w = None if weights is None else np.asarray(h.es[weights], dtype=np.float64)
    memb = louvain_membership(src, dst, w, h.vcount(), seed=seed,
                              resolution=resolution)
    return None if memb is None else memb.tolist()
