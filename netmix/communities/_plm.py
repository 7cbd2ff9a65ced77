"""``method="plm"``: NetworKit's parallel Louvain (PLM), then a check that splits merged
communities.

1. **PLM** (Staudt & Meyerhenke 2016): Louvain's local moving and coarsening, run by
   NetworKit's C++ core on ``n_jobs`` threads, with at most 4 moving passes per level
   (NetworKit's default is 32; igraph's Louvain has no cap, and on the 1e7-edge benchmark
   graph makes hundreds of full passes of tiny gains, 21 minutes in all). The vectorised
   node moves of step 2 finish the job faster: at 1e7 edges PLM takes 9 s instead of 34 s
   and the result reaches Q = 0.540 instead of 0.532. The graph is built straight from
   the edge arrays (``networkit.GraphFromCoo``); it and the adjacency matrix of step 2 are
   built once per unweighted SocialGraph and kept while the graph lives, as
   ``SocialGraph.igraph`` is.
2. **Repairs**, each kept only when it raises Q (numpy / scipy, one thread):

   * *node moves*: every node moves to the neighbouring community that raises Q most, all
     at once, for as long as a round raises Q by 1e-5 or more (1e7-edge benchmark graph:
     Q = 0.31 after PLM's 4 passes, 0.33 after 32; about 0.53 after two rounds of moves);
   * *merges*: the pair of communities whose merge raises Q most is merged, while one does
     (Newman 2004's greedy step, on the k x k community matrix; k <= 2000);
   * *split check*: Louvain-type methods can merge two communities early and never undo
     it (on the 1e6-edge benchmark graph PLM returns 5 communities with Q = 0.506 or 0.531
     where the planted 6 have 0.540). Every community holding at least 1 % of the total
     degree is offered a split along the leading eigenvector of its generalised
     modularity matrix (Newman 2006, eqs. 6 and 9 to 10), from 40 Lanczos steps; a split
     is kept when its exact Delta Q is positive, then the node moves run again; at most
     three rounds, the later ones on the new halves only.

Reproducibility. ``n_jobs=1`` (the default): the same seed gives the same partition on
every run. PLM then visits the nodes in their order in the graph, so its result does not
depend on the seed; the seed enters through the split check's Lanczos start vectors and,
with ``shuffle=True``, a seeded random visiting order (NetworKit's ``"none randomized"``
strategy; about twice as slow). ``n_jobs > 1``: PLM's threads move nodes concurrently and
the outcome depends on their timing, so the same seed can give different partitions and
modularities from run to run; nothing but the split check is fixed by the seed.
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

import contextlib
import threading
import weakref
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.linalg import eigh_tridiagonal

from .._validation import check_positive, describe
from ..exceptions import InputError

__all__ = ["plm_membership", "plm_on_igraph", "plm_params"]

_LOCK = threading.Lock()  # NetworKit's thread count and seed are process-wide
_CACHE: dict[int, dict[str, Any]] = {}  # id(SocialGraph) -> its built views (_cached)
_PASSES = 4               # PLM's moving passes per level (NetworKit's default: 32)
_REORTH = 1               # Lanczos steps between full reorthogonalisations (1: every
                          # step; 8 missed a 3-group merge at 1e7 edges, Q 0.511)
_STEPS = 40               # Lanczos steps per community
_ROUNDS = 3               # split rounds
_MIN_SHARE = 0.01         # communities below this share of the total degree are not split
_TOL = 1e-5               # node moves stop when a round gains less Q than this
_MERGE_MAX = 2000         # merges are tried up to this many communities (a k x k matrix)


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
    edges = np.asarray(h.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    w = None if weights is None else np.asarray(h.es[weights], dtype=np.float64)
    return plm_membership(edges[:, 0], edges[:, 1], w, h.vcount(), seed=seed,
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
    codes = np.unique(memb, return_inverse=True)[1].astype(np.int64)
    if split:
        with _one_blas_thread():  # small products: BLAS threads only contend
            codes = improve(src, dst, w, n, codes, rng, resolution=resolution,
                            key=key if weights is None else None)
    return codes


def _nk_graph(nk: Any, key: Any, src: np.ndarray, dst: np.ndarray,
              weights: np.ndarray | None, n: int) -> Any:
    """The NetworKit graph (cached on ``key`` when unweighted)."""
    return _cached(key if weights is None else None, "networkit", lambda: nk.GraphFromCoo(
        (np.ones(src.size) if weights is None else weights,
         (src.astype(np.uint64), dst.astype(np.uint64))),
        n=n, weighted=weights is not None, directed=False))


def _cached(key: Any, name: str, build: Any) -> Any:
    """``build()``, kept per ``key`` (the SocialGraph: built once, as its igraph view is)
    until ``key`` is collected. SocialGraph is unhashable, so the cache is keyed by id with
    a finaliser; no ``key``, or one that cannot be weakly referenced: no cache."""
    if key is None:
        return build()
    store = _CACHE.get(id(key))
    if store is None:
        store = {}
        try:
            weakref.finalize(key, _CACHE.pop, id(key), None)
        except TypeError:
            return build()
        _CACHE[id(key)] = store
    if name not in store:
        store[name] = build()
    return store[name]


def _one_blas_thread() -> Any:
    try:
        from threadpoolctl import threadpool_limits  # installed with scikit-learn
    except ImportError:  # pragma: no cover
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


class _Graph:
    """Symmetric adjacency (a self-loop of weight w adds 2w to A_ii, as in igraph's
    degrees), degrees, 2m and the resolution."""

    def __init__(self, src: np.ndarray, dst: np.ndarray, w: np.ndarray, n: int,
                 resolution: float, key: Any = None) -> None:
        def build() -> tuple:
            A = sp.csr_matrix((np.r_[w, w], (np.r_[src, dst], np.r_[dst, src])), shape=(n, n))
            k = np.asarray(A.sum(axis=1)).ravel()
            return A, k, float(k.sum()), np.repeat(np.arange(n), np.diff(A.indptr))

        self.A, self.k, self.two_m, self.rows = _cached(key, "adjacency", build)
        self.gamma = float(resolution)

    def modularity(self, codes: np.ndarray) -> float:
        a = np.bincount(codes, weights=self.k)
        inside = self.A.data[codes[self.rows] == codes[self.A.indices]].sum()
        return inside / self.two_m - self.gamma * float(a @ a) / self.two_m ** 2


def improve(src: np.ndarray, dst: np.ndarray, w: np.ndarray, n: int, codes: np.ndarray,
            rng: np.random.Generator, *, resolution: float = 1.0, key: Any = None
            ) -> np.ndarray:
    """Node moves, then merges and splits of whole communities, each kept only when it
    raises Q (module notes, step 2). ``key``: as for :func:`_cached` (unweighted only)."""
    G = _Graph(src, dst, w, n, resolution, key)
    if not G.two_m > 0:
        return codes
    codes = _merge(G, _polish(G, codes))
    todo = None  # communities to offer a split: all large ones, then the new halves
    for _ in range(_ROUNDS):
        ncom = int(codes.max()) + 1
        a = np.bincount(codes, weights=G.k, minlength=ncom)
        order = np.argsort(codes, kind="stable")
        bounds = np.r_[0, np.cumsum(np.bincount(codes, minlength=ncom))]
        new, nxt, split = codes.copy(), ncom, []
        for c in np.flatnonzero(a >= _MIN_SHARE * G.two_m):  # a few large communities
            if todo is not None and c not in todo:
                continue
            members = order[bounds[c]:bounds[c + 1]]
            side = _bisect(G, members, rng)
            if side is not None:
                new[members[side]] = nxt
                split += [c, nxt]
                nxt += 1
        if not split:
            break
        codes, todo = _polish(G, new), set(split)
    return np.unique(codes, return_inverse=True)[1].astype(np.int64)


def _merge(G: _Graph, codes: np.ndarray) -> np.ndarray:
    """Merge the pair of communities that raises Q most, while one does (Newman 2004's
    greedy step on the community graph: Delta Q = 2 (e_cd - gamma a_c a_d))."""
    codes = np.unique(codes, return_inverse=True)[1].astype(np.int64)
    k = int(codes.max()) + 1
    if k > _MERGE_MAX:
        return codes
    e = np.bincount(codes[G.rows] * k + codes[G.A.indices], weights=G.A.data / G.two_m,
                    minlength=k * k).reshape(k, k)
    a = e.sum(axis=1)
    label = np.arange(k)
    while True:
        gain = 2 * (e - G.gamma * np.outer(a, a))
        np.fill_diagonal(gain, -np.inf)
        c, d = np.unravel_index(np.argmax(gain), gain.shape)
        if not gain[c, d] > 1e-12:
            break
        e[c] += e[d]
        e[:, c] += e[:, d]
        e[d], e[:, d] = 0, 0
        a[c] += a[d]
        a[d] = 0
        label[label == d] = c
    return label[codes]


def _bisect(G: _Graph, members: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
    """The side (bool per member) of the split along the leading eigenvector of
    B(g)_ij = A_ij - gamma k_i k_j / 2m - delta_ij sum_l B_il (Newman 2006, eq. 6), if the
    split raises Q, else None."""
    if members.size < 3:
        return None
    sub = G.A[members][:, members]
    kk = G.k[members]
    row = np.asarray(sub.sum(axis=1)).ravel() - G.gamma * kk * kk.sum() / G.two_m

    def mv(x: np.ndarray) -> np.ndarray:
        return sub @ x - (G.gamma * (kk @ x) / G.two_m) * kk - row * x

    value, vec = _lanczos_top(mv, members.size, rng)
    if not value > 0:
        return None
    s = np.where(vec >= 0, 1.0, -1.0)
    gain = float(s @ mv(s)) / (2 * G.two_m)  # Delta Q = s^T B s / 4m (eq. 9 to 10)
    return s > 0 if gain > 1e-12 else None


def _lanczos_top(mv: Any, n: int, rng: np.random.Generator) -> tuple[float, np.ndarray]:
    """Largest Ritz value and vector after ``_STEPS`` Lanczos steps (three-term recurrence;
    a full reorthogonalisation against the basis every ``_REORTH`` steps); no convergence
    needed: the split is judged by its exact gain."""
    steps = min(_STEPS, n)
    Q = np.zeros((steps, n))
    alpha, beta = np.zeros(steps), np.zeros(steps)
    q = rng.standard_normal(n)
    q /= np.linalg.norm(q)
    j = 0
    while j < steps:
        Q[j] = q
        r = mv(q)
        alpha[j] = q @ r
        r -= alpha[j] * q + (beta[j - 1] * Q[j - 1] if j else 0.0)
        if j % _REORTH == _REORTH - 1:
            r -= Q[:j + 1].T @ (Q[:j + 1] @ r)
        beta[j] = np.linalg.norm(r)
        j += 1
        if beta[j - 1] < 1e-10:
            break
        q = r / beta[j - 1]
    vals, vecs = eigh_tridiagonal(alpha[:j], beta[:j - 1], select="i",
                                  select_range=(j - 1, j - 1))
    return float(vals[0]), Q[:j].T @ vecs[:, 0]


def _polish(G: _Graph, codes: np.ndarray, rounds: int = 8) -> np.ndarray:
    """Move every node whose best neighbouring community raises Q (all at once, vectorised),
    while the moves together raise Q."""
    n = codes.size
    diag = G.A.diagonal()
    q0 = G.modularity(codes)
    for _ in range(rounds):
        ncom = int(codes.max()) + 1
        a = np.bincount(codes, weights=G.k, minlength=ncom)
        onehot = sp.csr_matrix((np.ones(n), (np.arange(n), codes)), shape=(n, ncom))
        D = (G.A @ onehot).tocsr()  # weight from each node to each neighbouring community
        r = np.repeat(np.arange(n), np.diff(D.indptr))
        own = D.indices == codes[r]
        w_own = np.bincount(r[own], D.data[own], minlength=n) - diag
        stay = w_own - G.gamma * G.k * (a[codes] - G.k) / G.two_m
        gain = D.data - G.gamma * G.k[r] * a[D.indices] / G.two_m - stay[r]
        gain[own] = -np.inf
        best = np.full(n, -np.inf)
        filled = np.diff(D.indptr) > 0
        best[filled] = np.maximum.reduceat(gain, D.indptr[:-1][filled])
        hit = (gain == best[r]) & (gain > 1e-12)
        if not hit.any():
            break
        moved = codes.copy()
        moved[r[hit]] = D.indices[hit]
        q1 = G.modularity(moved)
        if not q1 > q0:
            break
        codes, q0, gained = moved, q1, q1 - q0
        if gained < _TOL:
            break
    return codes
