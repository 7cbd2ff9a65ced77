"""The compiled repairs of ``method="plm"`` (netmix/communities/_moves_jit.py) against the
numpy code they replace from 2e5 edges, and against sums written out by hand.

Expected values: each kernel's output is compared with a plain Python / numpy computation of
its definition (written out below) and with igraph's ``Graph.modularity``, live; the split of
two merged blocks against the blocks the generator planted. The compiled path is forced on
small graphs by lowering ``NUMBA_MIN_EDGES``.
"""

from __future__ import annotations

import igraph as ig
import numpy as np
import pytest
from sklearn import metrics

import netmix._kernels as kernels
from netmix.communities import _repair

numba = pytest.importorskip("numba")
from netmix.communities import _moves_jit as jit  # noqa: E402  (needs numba)


def _sbm(sizes, p_in, p_out, seed, hubs=0):
    """Undirected SBM edge arrays (with a few hub nodes tied across blocks)."""
    rng = np.random.default_rng(seed)
    group = np.repeat(np.arange(len(sizes)), sizes)
    n = group.size
    i, j = np.triu_indices(n, 1)
    p = np.where(group[i] == group[j], p_in, p_out)
    keep = rng.random(i.size) < p
    src, dst = i[keep], j[keep]
    if hubs:
        h = rng.choice(n, hubs, replace=False)
        extra = rng.choice(n, (hubs, n // 4))
        src = np.r_[src, np.repeat(h, n // 4)]
        dst = np.r_[dst, extra.ravel()]
        ok = src != dst
        pairs = np.unique(np.sort(np.c_[src[ok], dst[ok]], axis=1), axis=0)
        src, dst = pairs[:, 0], pairs[:, 1]
    return src.astype(np.int64), dst.astype(np.int64), group, n


@pytest.fixture(scope="module")
def graph():
    src, dst, group, n = _sbm([150, 100, 80, 60], 0.15, 0.01, seed=4, hubs=3)
    G = _repair._Graph(src, dst, np.ones(src.size), n, 1.0)
    return src, dst, group, n, G


def _best_by_hand(G, codes):
    """Each node's best move, from the definition: gain(c) = w_ic - gamma k_i a_c / 2m -
    (w_i,own - gamma k_i (a_own - k_i) / 2m), over neighbouring c != own, gain > 1e-12,
    ties to the smallest c; else stay."""
    A = G.A.tocsr()
    a = np.bincount(codes, weights=G.k)
    out = codes.copy()
    for i in range(codes.size):
        row = A.indices[A.indptr[i]:A.indptr[i + 1]]
        wts = A.data[A.indptr[i]:A.indptr[i + 1]]
        w = {}
        for j, x in zip(row, wts, strict=True):
            if j != i:
                w[codes[j]] = w.get(codes[j], 0.0) + x
        own = codes[i]
        stay = w.get(own, 0.0) - G.gamma * G.k[i] * (a[own] - G.k[i]) / G.two_m
        gains = {c: x - G.gamma * G.k[i] * a[c] / G.two_m - stay
                 for c, x in w.items() if c != own}
        good = [(-g, c) for c, g in gains.items() if g > 1e-12]
        if good:
            out[i] = min(good)[1]
    return out


def _scratch(k, threads):
    shape = (threads, k)
    return np.zeros(shape), np.full(shape, -1, np.int64), np.empty(shape, np.int64)


@pytest.mark.parametrize("threads", [1, 2])
def test_best_moves_match_the_definition(graph, threads):
    """Catches a wrong gain, a move to the own community, a tie broken differently, or
    scratch not reset between nodes; 1 and 2 threads give the same moves."""
    _, _, _, n, G = graph
    codes = np.random.default_rng(5).integers(0, 12, n).astype(np.int64)
    a = np.bincount(codes, weights=G.k, minlength=12)
    out = np.empty_like(codes)
    before = numba.get_num_threads()
    numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
    try:
        jit.best_moves(G.A.indptr, G.A.indices, G.A.data, codes, G.k, a, G.gamma, G.two_m,
                       *_scratch(12, numba.get_num_threads()), out)
    finally:
        numba.set_num_threads(before)
    np.testing.assert_array_equal(out, _best_by_hand(G, codes))


def test_sums_match_numpy_and_igraph(graph):
    src, dst, group, n, G = graph
    codes = group.astype(np.int64)
    partial = np.empty(jit.BLOCKS)
    jit.inside_weight(G.A.indptr, G.A.indices, G.A.data, codes, partial)
    inside = G.A.data[codes[G.rows] == codes[G.A.indices]].sum()
    assert partial.sum() == pytest.approx(inside, rel=1e-12)
    h = ig.Graph(n=n, edges=np.c_[src, dst].tolist())
    assert G.modularity(codes) == pytest.approx(h.modularity(codes.tolist()), abs=1e-12)
    k = 4
    e = np.zeros(k * k)
    jit.community_weights(G.A.indptr, G.A.indices, G.A.data, codes, k, e)
    by_hand = np.bincount(codes[G.rows] * k + codes[G.A.indices], weights=G.A.data,
                          minlength=k * k)
    np.testing.assert_allclose(e, by_hand, rtol=1e-12)


def test_internal_arcs_are_each_communitys_submatrix(graph, monkeypatch):
    _, _, _, n, G = graph
    monkeypatch.setattr(kernels, "NUMBA_MIN_EDGES", 0)
    codes = np.random.default_rng(2).integers(0, 5, n).astype(np.int64)
    order = np.argsort(codes, kind="stable")
    bounds = np.r_[0, np.cumsum(np.bincount(codes, minlength=5))]
    inside = _repair._Inside(G, codes, order, bounds)
    assert inside.csr is not None
    for c in range(5):
        members = order[bounds[c]:bounds[c + 1]]
        want = G.A[members][:, members].toarray()
        np.testing.assert_array_equal(inside.of(c, members).toarray(), want)


@pytest.mark.parametrize("compiled", [False, True])
def test_improve_separates_two_merged_blocks_with_hubs(graph, monkeypatch, compiled):
    """Blocks 0 and 1 given as one community on a graph with hubs tied across blocks: the
    spectral bisection (normalised internal adjacency) and the node moves recover the
    planted blocks, on the numpy and on the compiled path."""
    src, dst, group, n, _ = graph
    monkeypatch.setattr(kernels, "NUMBA_MIN_EDGES", 0 if compiled else 10**12)
    merged = np.unique(np.where(group == 1, 0, group), return_inverse=True)[1]
    out = _repair.improve(src, dst, np.ones(src.size), n, merged.astype(np.int64),
                          np.random.default_rng(0))
    hubs = np.bincount(np.r_[src, dst], minlength=n) > n // 5
    assert metrics.adjusted_rand_score(group[~hubs], out[~hubs]) == 1.0


@pytest.mark.parametrize("seed", range(4))
def test_largest_piece_matches_scipy(seed):
    """The compiled depth-first search against scipy's connected components: the same
    pieces (up to their labels), the same row weights, and the piece of largest inner
    weight; graphs of several pieces, isolated nodes and self-loops."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    rng = np.random.default_rng(seed)
    n = 300
    piece_of = rng.integers(0, 7, n)  # ties only within a planted piece
    src, dst = rng.integers(0, n, 900), rng.integers(0, n, 900)
    keep = piece_of[src] == piece_of[dst]
    w = rng.random(keep.sum()) + 0.1
    s, d = src[keep], dst[keep]
    A = sp.csr_matrix((np.r_[w, w], (np.r_[s, d], np.r_[d, s])), shape=(n, n))
    inner, piece = np.empty(n), np.empty(n, np.int64)
    big = jit.largest_piece(A.indptr, A.indices, A.data, inner, piece, np.empty(n, np.int64))
    np.testing.assert_allclose(inner, np.asarray(A.sum(axis=1)).ravel(), rtol=1e-12)
    _, want = connected_components(A, directed=False)
    assert metrics.adjusted_rand_score(want, piece) == 1.0
    assert len(np.unique(piece)) == len(np.unique(want))
    weight = np.bincount(piece, weights=inner)
    assert weight[big] == weight.max()


def test_bisect_of_a_disconnected_community_splits_its_largest_piece(graph, monkeypatch):
    """A community of two blocks plus a detached tied pair: the split is sought on the
    largest piece (the blocks), and the numpy and compiled paths give the same side (the
    same start vector, drawn for the piece's nodes); the pair stays on the + side."""
    import scipy.sparse as sp

    _, _, group, _, G = graph
    blocks = np.flatnonzero(group <= 1)
    pair = np.flatnonzero(group == 3)[:2]
    members = np.r_[blocks, pair]
    sub = sp.block_diag([G.A[blocks][:, blocks], sp.csr_matrix([[0.0, 1.0], [1.0, 0.0]])],
                        format="csr")
    sides = []
    for compiled in (False, True):
        monkeypatch.setattr(kernels, "NUMBA_MIN_EDGES", 0 if compiled else 10**12)
        sides.append(_repair._bisect(G, members, sub, np.random.default_rng(5)))
    assert sides[0] is not None
    np.testing.assert_array_equal(sides[0], sides[1])
    assert metrics.adjusted_rand_score(group[blocks], sides[0][:blocks.size]) == 1.0
    assert sides[0][-2:].all()
