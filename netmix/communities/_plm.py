"""``method="plm"``: NetworKit's parallel Louvain (PLM), then a check that splits merged
communities.

1. **PLM** (Staudt & Meyerhenke 2016): Louvain's local moving and coarsening, run by
   NetworKit's C++ core on ``n_jobs`` threads, with at most 4 moving passes per level
   (NetworKit's default is 32; igraph's Louvain has no cap, and on the 1e7-edge benchmark
   graph makes hundreds of full passes of tiny gains, 21 minutes in all). The node moves of
   step 2 finish the job faster: at 1e7 edges PLM's 4 passes take 4 s instead of 12-15 s
   for its 32, whose result (Q 0.45-0.52 on two threads) is no better. The graph is built
   straight from the edge arrays (``networkit.GraphFromCoo``); it and the adjacency matrix
   of step 2 are built once per unweighted SocialGraph and kept while the graph lives, as
   ``SocialGraph.igraph`` is.
2. **Repairs** (:mod:`netmix.communities._repair`), each kept only when it raises Q; numpy /
   scipy, with compiled twins (numba, all threads, the same numbers at any thread count) of
   the node moves and the sums from 2e5 edges:

   * *node moves*: every node moves to the neighbouring community that raises Q most, all
     at once, for as long as a round raises Q by 1e-5 or more (1e7-edge benchmark graph:
     Q = 0.30-0.37 after PLM's 4 passes, 0.49-0.51 after the moves);
   * *merges*: the pair of communities whose merge raises Q most is merged, while one does
     (Newman 2004's greedy step, on the k x k community matrix; k <= 2000);
   * *split check*: Louvain-type methods merge two groups early and never undo it (on the
     1e7-edge benchmark graph PLM's communities, once moved, hold two planted groups in two
     or three cases out of six, at Q 0.49-0.51 where the planted six have 0.540). Every
     community holding at least 1 % of the total degree is offered a spectral bisection:
     the sign of the leading non-trivial eigenvector of its normalised internal adjacency
     (16 Lanczos steps), kept when its exact Delta Q is positive (Newman 2006, eqs. 9 to
     10); then the node moves and merges run again; at most three rounds, the later ones
     on the new halves only. Normalising matters: the generalised modularity matrix's
     own leading eigenvectors sit on hubs of a degree-heterogeneous graph, and 40 steps on
     it missed one split in four there. The bisections run on ``n_jobs`` threads, each
     with its own random stream drawn from the seed in community order.

   Measured (``python -m benchmarks.bench_communities --sizes 1e6 1e7 --repeat 3``, 2
   threads, best of 3): Q = 0.53974 on every run at 1e7 edges (igraph's Leiden until
   stable: 0.53975) in 0.56x PLM's CPU time (0.63x wall); at 1e6, Q = 0.54007 (Leiden
   0.54008) in 1.22x PLM's CPU time (1.35x wall).

Reproducibility. ``n_jobs=1`` (the default): the same seed gives the same partition on
every run. PLM then visits the nodes in their order in the graph, so its result does not
depend on the seed; the seed enters through the split check's Lanczos start vectors and,
with ``shuffle=True``, a seeded random visiting order (NetworKit's ``"none randomized"``
strategy; about twice as slow). ``n_jobs > 1``: PLM's threads move nodes concurrently and
the outcome depends on their timing, so the same seed can give different partitions and
modularities from run to run (on the 1e7-edge benchmark graph the repairs brought every run
to the same Q, 0.53974). The repairs themselves give the same result from the same PLM output
at any thread count.
NetworKit's thread count and seed are process-wide settings: netmix sets them under a lock
for the call and puts the thread count back afterwards.

References: Staudt, C. L., & Meyerhenke, H. (2016). Engineering parallel algorithms for
community detection in massive networks. IEEE TPDS 27(1), 171-184.
doi:10.1109/TPDS.2015.2390633. Newman, M. E. J. (2006). Modularity and community structure in
networks. PNAS 103, 8577-8582. doi:10.1073/pnas.0601602103. Newman, M. E. J. (2004). Fast
algorithm for detecting community structure in networks. Phys. Rev. E 69, 066133.
doi:10.1103/PhysRevE.69.066133
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from .._validation import check_positive, describe
from ..exceptions import InputError
from ..graph.convert import igraph_ends
from ._codes import dense_codes
from ._repair import cached, improve, one_blas_thread

__all__ = ["plm_membership", "plm_on_igraph", "plm_params"]

_LOCK = threading.Lock()  # NetworKit's thread count and seed are process-wide
_PASSES = 4               # PLM's moving passes per level (NetworKit's default: 32)


def _networkit() -> Any:
    try:
        import networkit
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("method='plm' needs NetworKit: pip install 'netmix[bench]' (or "
                          "pip install networkit), or use method='leiden'.") from exc
    return networkit


def plm_params(resolution: float, options: dict[str, Any]) -> dict[str, Any]:
    """The recorded parameters of ``method="plm"``: resolution, n_jobs (threads, default 1),
    refine (NetworKit's second move phase), split (the split check), shuffle."""
    params = {"resolution": float(resolution), "n_jobs": 1, "refine": False, "split": True,
              "shuffle": False, **options}
    params["n_jobs"] = int(check_positive("n_jobs", params["n_jobs"], integer=True))
    for name in ("refine", "split", "shuffle"):
        if not isinstance(params[name], (bool, np.bool_)):
            raise InputError(f"{name} must be True or False; got {describe(params[name])}.")
        params[name] = bool(params[name])
    return params


def plm_on_igraph(h: Any, weights: str | None, params: dict[str, Any], seed: int) -> list[int]:
    """``method="plm"`` on an igraph graph (used when no SocialGraph arrays are at hand, e.g.
    on the rewired graphs of the stability and null-model tools)."""
    src, dst = igraph_ends(h)
    w = None if weights is None else np.asarray(h.es[weights], dtype=np.float64)
    return plm_membership(src, dst, w, h.vcount(), seed=seed,
                          **params).tolist()


def plm_membership(src: np.ndarray, dst: np.ndarray, weights: np.ndarray | None, n: int, *,
                   seed: int, n_jobs: int = 1, resolution: float = 1.0, refine: bool = False,
                   split: bool = True, shuffle: bool = False, key: Any = None) -> np.ndarray:
    """Community of every node (ints 0..k-1) of the undirected graph ``src``-``dst``.

    ``key``: an object the NetworKit graph is cached on (weakly), e.g. the SocialGraph."""
    nk = _networkit()
    rng = np.random.default_rng(seed)
    if src.size == 0:
        return np.arange(n, dtype=np.int64)
    w = np.ones(src.size) if weights is None else np.asarray(weights, dtype=np.float64)
    with _LOCK:
        g = _nk_graph(nk, key, src, dst, weights, n)
        before = nk.getMaxNumberOfThreads()
        nk.setNumberOfThreads(int(n_jobs))
        nk.engineering.setSeed(int(seed), n_jobs > 1)
        try:  # shuffle (one thread only): visit the nodes in a seeded random order
            plm = nk.community.PLM(g, refine=bool(refine), gamma=float(resolution),
                                   par="none randomized" if shuffle and n_jobs == 1
                                   else "balanced", maxIter=_PASSES)
            plm.run()
            memb = np.asarray(plm.getPartition().getVector())
        finally:
            nk.setNumberOfThreads(before)
    codes = dense_codes(memb)
    if split:
        with one_blas_thread():  # small products: BLAS threads only contend
            codes = improve(src, dst, w, n, codes, rng, resolution=resolution, threads=n_jobs,
                            key=key if weights is None else None)
    return codes


def _nk_graph(nk: Any, key: Any, src: np.ndarray, dst: np.ndarray,
              weights: np.ndarray | None, n: int) -> Any:
    """The NetworKit graph (cached on ``key`` when unweighted)."""
    return cached(key if weights is None else None, "networkit", lambda: nk.GraphFromCoo(
        (np.ones(src.size) if weights is None else weights,
         (src.astype(np.uint64), dst.astype(np.uint64))),
        n=n, weighted=weights is not None, directed=False))
