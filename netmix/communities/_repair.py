"""The repairs of ``method="plm"`` (:mod:`netmix.communities._plm`, step 2): node moves,
merges and splits, each kept only when it raises Q. numpy / scipy, with compiled twins of
the node moves and the sums (:mod:`._moves_jit`, numba, all threads, the same numbers at any
thread count) from :data:`netmix._kernels.NUMBA_MIN_EDGES` edges."""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.linalg import eigh_tridiagonal
from scipy.sparse.csgraph import connected_components

from ._codes import dense_codes

__all__ = ["cached", "improve", "one_blas_thread"]

_CACHE: dict[int, dict[str, Any]] = {}  # id(SocialGraph) -> its built views (_cached)
_REORTH = 4               # Lanczos steps between full reorthogonalisations (1: every step)
_STEPS = 16               # Lanczos steps per community
_ROUNDS = 3               # split rounds
_MIN_SHARE = 0.01         # communities below this share of the total degree are not split
_TOL = 1e-4               # node moves stop when a round gains less Q than this
_MERGE_MAX = 2000         # merges are tried up to this many communities (a k x k matrix)


def cached(key: Any, name: str, build: Any) -> Any:
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


_POOLS: list[Any] = []  # threadpoolctl's controller, made once (it scans the libraries)


def one_blas_thread() -> Any:
    try:
        from threadpoolctl import ThreadpoolController  # installed with scikit-learn
    except ImportError:  # pragma: no cover
        return contextlib.nullcontext()
    if not _POOLS:
        _POOLS.append(ThreadpoolController())
    return _POOLS[0].limit(limits=1, user_api="blas")


class _Graph:
    """Symmetric adjacency (a self-loop of weight w adds 2w to A_ii, as in igraph's
    degrees), degrees, 2m and the resolution."""

    def __init__(self, src: np.ndarray, dst: np.ndarray, w: np.ndarray, n: int,
                 resolution: float, key: Any = None) -> None:
        def build() -> tuple:
            A = sp.csr_matrix((np.r_[w, w], (np.r_[src, dst], np.r_[dst, src])), shape=(n, n))
            k = np.asarray(A.sum(axis=1)).ravel()
            return A, k, float(k.sum())

        self.A, self.k, self.two_m = cached(key, "adjacency", build)
        self.gamma = float(resolution)

    @property
    def rows(self) -> np.ndarray:
        """The row of every stored arc (the numpy paths only: graphs below the compiled
        kernels' size, so it is not kept: 8 bytes an arc)."""
        return np.repeat(np.arange(self.A.shape[0]), np.diff(self.A.indptr))

    def modularity(self, codes: np.ndarray) -> float:
        a = np.bincount(codes, weights=self.k)
        jit = _jit(self.A.nnz)
        if jit is not None:
            partial = np.empty(jit.BLOCKS)
            jit.inside_weight(self.A.indptr, self.A.indices, self.A.data, codes, partial)
            inside = float(partial.sum())
        else:
            inside = self.A.data[codes[self.rows] == codes[self.A.indices]].sum()
        return inside / self.two_m - self.gamma * float(a @ a) / self.two_m ** 2


def _jit(nnz: int) -> Any:
    """The compiled repair kernels (:mod:`._moves_jit`) for a graph of ``nnz`` stored
    arcs, or None (small graph, numba off or unavailable: the numpy code runs)."""
    from .._kernels import using_numba

    if not using_numba(nnz // 2):
        return None
    from . import _moves_jit
    return _moves_jit


def improve(src: np.ndarray, dst: np.ndarray, w: np.ndarray, n: int, codes: np.ndarray,
            rng: np.random.Generator, *, resolution: float = 1.0, key: Any = None,
            threads: int = 1) -> np.ndarray:
    """Node moves, then merges and splits of whole communities, each kept only when it
    raises Q (module notes, step 2). ``key``: as for :func:`cached` (unweighted only).
    ``threads``: for the compiled moves and sums and the communities' bisections (one
    random stream each, drawn from ``rng`` in community order: the result does not depend
    on ``threads``)."""
    G = _Graph(src, dst, w, n, resolution, key)
    if not G.two_m > 0:
        return codes
    with _numba_threads(threads), ThreadPoolExecutor(threads) as pool:
        codes = _merge(G, _polish(G, codes))
        todo = None  # communities to offer a split: all large ones, then the new halves
        for _ in range(_ROUNDS):
            ncom = int(codes.max()) + 1
            a = np.bincount(codes, weights=G.k, minlength=ncom)
            order = np.argsort(codes, kind="stable")
            bounds = np.r_[0, np.cumsum(np.bincount(codes, minlength=ncom))]
            inside = _Inside(G, codes, order, bounds)
            cands = [c for c in np.flatnonzero(a >= _MIN_SHARE * G.two_m).tolist()
                     if todo is None or c in todo]  # a few large communities
            seeds = rng.integers(0, 2**63, size=len(cands)).tolist()
            jobs = [(order[bounds[c]:bounds[c + 1]], c, seed)
                    for c, seed in zip(cands, seeds, strict=True)]
            sides = pool.map(partial(_side, G, inside), jobs)
            new, nxt, split = codes.copy(), ncom, []
            for (members, c, _), side in zip(jobs, sides, strict=True):
                if side is not None:
                    new[members[side]] = nxt
                    split += [c, nxt]
                    nxt += 1
            if not split:
                break
            fresh = np.isin(new, split)  # the new halves' nodes (labels change in _merge)
            codes = _merge(G, _polish(G, new))
            todo = set(np.unique(codes[fresh]).tolist())
    return dense_codes(codes)


def _side(G: _Graph, inside: _Inside, job: tuple[np.ndarray, int, int]) -> np.ndarray | None:
    members, c, seed = job
    return _bisect(G, members, inside.of(c, members), np.random.default_rng(seed))


@contextlib.contextmanager
def _numba_threads(threads: int) -> Iterator[None]:
    """numba's thread count for the compiled kernels (a per-thread setting), put back after."""
    try:
        import numba
    except ImportError:  # pragma: no cover - numba is a dependency
        yield
        return
    before = numba.get_num_threads()
    numba.set_num_threads(max(1, min(int(threads), numba.config.NUMBA_NUM_THREADS)))
    try:
        yield
    finally:
        numba.set_num_threads(before)


def _merge(G: _Graph, codes: np.ndarray) -> np.ndarray:
    """Merge the pair of communities that raises Q most, while one does (Newman 2004's
    greedy step on the community graph: Delta Q = 2 (e_cd - gamma a_c a_d))."""
    codes = dense_codes(codes)
    k = int(codes.max()) + 1
    if k > _MERGE_MAX:
        return codes
    jit = _jit(G.A.nnz)
    if jit is not None:
        e = np.zeros(k * k)
        jit.community_weights(G.A.indptr, G.A.indices, G.A.data, codes, k, e)
        e = e.reshape(k, k) / G.two_m
    else:
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


class _Inside:
    """The communities' internal adjacency matrices (local indices, in ``members`` order):
    one compiled pass over the arcs for all of them, or scipy's slicing per community."""

    def __init__(self, G: _Graph, codes: np.ndarray, order: np.ndarray,
                 bounds: np.ndarray) -> None:
        self.A, self.bounds, self.csr = G.A, bounds, None
        jit = _jit(G.A.nnz)
        if jit is not None:
            n = codes.size
            loc = np.empty(n, np.int64)
            loc[order] = np.arange(n) - np.repeat(bounds[:-1], np.diff(bounds))
            # scipy's index types (int32 below 2**31 arcs): the blocks become CSR matrices
            # without a copy to a narrower type
            ptr, idx, dat = np.empty(n + 1, G.A.indptr.dtype), \
                np.empty(G.A.nnz, G.A.indices.dtype), np.empty(G.A.nnz)
            jit.internal_arcs(G.A.indptr, G.A.indices, G.A.data, codes, order, loc, ptr, idx,
                              dat)
            self.csr = ptr, idx, dat

    def of(self, c: int, members: np.ndarray) -> sp.csr_matrix:
        if self.csr is None:
            return self.A[members][:, members]
        ptr, idx, dat = self.csr
        b0, b1 = self.bounds[c], self.bounds[c + 1]
        p = ptr[b0:b1 + 1]
        return sp.csr_matrix((dat[p[0]:p[-1]], idx[p[0]:p[-1]], p - p[0]),
                             shape=(members.size, members.size))


def _bisect(G: _Graph, members: np.ndarray, sub: sp.csr_matrix, rng: np.random.Generator
            ) -> np.ndarray | None:
    """The side (bool per member) of a two-way split of a community, if it raises Q, else
    None.

    The split is the sign of the leading non-trivial eigenvector of the community's
    normalised internal adjacency D^-1/2 A_c D^-1/2 (its largest connected piece; the
    trivial eigenvector D^1/2 1 projected out), i.e. spectral bisection, and is kept only
    when its exact Delta Q = s^T B(c) s / 4m > 0, with B(c) the generalised modularity matrix
    B(c)_ij = A_ij - gamma k_i k_j / 2m - delta_ij sum_l B_il (Newman 2006, eqs. 6 to 10).
    The normalisation matters on degree-heterogeneous graphs: B(c)'s own leading
    eigenvectors sit on hubs there, and 40 Lanczos steps often missed the split of two
    merged groups (1e7-edge benchmark graph: 1 of 4 starts failed; none with the normalised
    matrix). The largest piece is found by a compiled depth-first search
    (``_moves_jit.largest_piece``, from the kernels' size; half the time of scipy's
    connected components and row sums) or scipy; the Lanczos steps are scipy products
    (a compiled twin was slower: scipy's CSR product is faster than numba's loop)."""
    if members.size < 3:
        return None
    jit = _jit(G.A.nnz)
    if jit is not None:  # compiled: the piece by a depth-first search
        inner, piece = np.empty(members.size), np.empty(members.size, np.int64)
        big = jit.largest_piece(sub.indptr, sub.indices, sub.data, inner, piece,
                                np.empty(members.size, np.int64))
        keep = piece == big
    else:
        inner = np.asarray(sub.sum(axis=1)).ravel()
        _, piece = connected_components(sub, directed=True, connection="strong")  # symmetric
        keep = piece == np.argmax(np.bincount(piece, weights=inner))
    d = inner[keep]
    if d.size < 3 or not (d > 0).all():
        return None
    start = rng.standard_normal(d.size)
    S = sub if keep.all() else sub[keep][:, keep]
    half = 1 / np.sqrt(d)
    top = np.sqrt(d) / np.sqrt(d.sum())  # the trivial eigenvector (eigenvalue 1)

    def normalised(x: np.ndarray) -> np.ndarray:
        y = half * (S @ (half * x))
        return y - top * (top @ y)

    value, vec = _lanczos_top(normalised, start)
    if not value > 0:
        return None
    s = np.ones(members.size)
    s[keep] = np.where(vec >= 0, 1.0, -1.0)
    kk = G.k[members]
    row = inner - G.gamma * kk * kk.sum() / G.two_m
    Bs = sub @ s - (G.gamma * (kk @ s) / G.two_m) * kk - row * s
    gain = float(s @ Bs) / (2 * G.two_m)  # Delta Q = s^T B s / 4m (eq. 9 to 10)
    return s > 0 if gain > 1e-12 else None


def _lanczos_top(mv: Any, start: np.ndarray) -> tuple[float, np.ndarray]:
    """Largest Ritz value and vector after ``_STEPS`` Lanczos steps from ``start``
    (three-term recurrence; a full reorthogonalisation against the basis every ``_REORTH``
    steps); no convergence needed: the split is judged by its exact gain."""
    n = start.size
    steps = min(_STEPS, n)
    Q = np.zeros((steps, n))
    alpha, beta = np.zeros(steps), np.zeros(steps)
    q = start / np.linalg.norm(start)
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
    """Move every node whose best neighbouring community raises Q (all at once; compiled
    on all threads, or vectorised numpy), while the moves together raise Q."""
    q0 = G.modularity(codes)
    jit, scratch, diag = _jit(G.A.nnz), None, None
    for _ in range(rounds):
        ncom = int(codes.max()) + 1
        a = np.bincount(codes, weights=G.k, minlength=ncom)
        if jit is not None:
            if scratch is None or scratch[0].shape[1] < ncom:
                import numba

                shape = (numba.get_num_threads(), ncom)
                scratch = (np.zeros(shape), np.full(shape, -1, np.int64),
                           np.empty(shape, np.int64))
            moved = np.empty_like(codes)
            jit.best_moves(G.A.indptr, G.A.indices, G.A.data, codes, G.k, a, G.gamma,
                           G.two_m, *scratch, moved)
        else:
            diag = G.A.diagonal() if diag is None else diag
            moved = _best_moves(G, codes, a, diag)
        if np.array_equal(moved, codes):
            break
        q1 = G.modularity(moved)
        if not q1 > q0:
            break
        codes, q0, gained = moved, q1, q1 - q0
        if gained < _TOL:
            break
    return codes


def _best_moves(G: _Graph, codes: np.ndarray, a: np.ndarray, diag: np.ndarray) -> np.ndarray:
    """The numpy twin of ``_moves_jit.best_moves`` (ties may go to another community)."""
    n, ncom = codes.size, a.size
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
    moved = codes.copy()
    moved[r[hit]] = D.indices[hit]
    return moved
