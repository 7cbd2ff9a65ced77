"""The compiled kernels give the same numbers as their numpy twins."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmix
from netmix import _kernels
from netmix.measures import (
    degree_assortativity,
    mixing_matrix,
    nominal_assortativity,
    numeric_assortativity,
)

pytest.importorskip("numba")


@pytest.fixture
def compiled(monkeypatch):
    """Route every input, however small, through numba."""
    monkeypatch.setattr(_kernels, "NUMBA_MIN_EDGES", 0)
    assert _kernels.using_numba(1)


def _graph(seed: int, n: int, m: int, directed: bool, k: int):
    rng = np.random.default_rng(seed)
    src, dst = rng.integers(0, n, m), rng.integers(0, n, m)
    import pandas as pd

    nodes = pd.DataFrame({"g": rng.integers(0, k, n).astype(str)})
    return netmix.SocialGraph(nodes, src, dst, directed=directed,
                              edge_attrs={"w": rng.random(m)})


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 40), m=st.integers(1, 200),
       directed=st.booleans(), k=st.integers(1, 5))
def test_compiled_equals_numpy(seed, n, m, directed, k):
    g = _graph(seed, n, m, directed, k)
    slow = [mixing_matrix(g, "g").counts, mixing_matrix(g, "g", "w").counts]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_kernels, "NUMBA_MIN_EDGES", 0)
        fast = [mixing_matrix(g, "g").counts, mixing_matrix(g, "g", "w").counts]
    assert np.array_equal(slow[0], fast[0])  # integer counts: exactly equal
    np.testing.assert_allclose(slow[1], fast[1], rtol=1e-12)


def test_compiled_statistics_match_igraph(compiled):
    import igraph as ig

    g = _graph(3, 500, 5000, False, 4)
    h = ig.Graph(n=g.n_nodes, edges=np.column_stack([g.src, g.dst]), directed=False)
    codes = g.nodes["g"].astype("category").cat.codes.tolist()
    assert nominal_assortativity(g, "g") == pytest.approx(
        h.assortativity_nominal(codes, directed=False), abs=1e-12)
    assert degree_assortativity(g) == pytest.approx(h.assortativity_degree(directed=False),
                                                    abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 40), m=st.integers(3, 200),
       directed=st.booleans())
def test_moment_sums_compiled_equal_numpy(seed, n, m, directed):
    """Numeric assortativity's one-pass moment kernel equals the chunked numpy sums."""
    import warnings

    g = _graph(seed, n, m, directed, 2)
    x = np.random.default_rng(seed + 1).normal(40, 12, n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", netmix.exceptions.DegenerateMixingWarning)
        slow = [numeric_assortativity(g, x), numeric_assortativity(g, x, "w")]
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(_kernels, "NUMBA_MIN_EDGES", 0)
            fast = [numeric_assortativity(g, x), numeric_assortativity(g, x, "w")]
    np.testing.assert_allclose(fast, slow, rtol=1e-10, atol=1e-12, equal_nan=True)


def test_compiled_numeric_assortativity_matches_igraph(compiled):
    import igraph as ig

    g = _graph(5, 400, 6000, True, 2)
    x = np.random.default_rng(6).normal(40, 12, g.n_nodes)
    h = ig.Graph(n=g.n_nodes, edges=np.column_stack([g.src, g.dst]), directed=True)
    for directed in (True, False):
        assert numeric_assortativity(g, x, directed=directed) == pytest.approx(
            h.assortativity(x.tolist(), directed=directed), abs=1e-12)
    assert numeric_assortativity(g, x, "w") == pytest.approx(
        h.assortativity(x.tolist(), directed=True, weights=g.edge_attr("w").tolist()),
        abs=1e-12)


def test_numba_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("NETMIX_NUMBA", "0")
    monkeypatch.setattr(_kernels, "NUMBA_MIN_EDGES", 0)
    assert not _kernels.using_numba(10**9)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 40), m=st.integers(1, 300))
def test_common_neighbours_compiled_equals_numpy(seed, n, m):
    from netmix.bridging._core import common_neighbours, simple_view

    g = _graph(seed, n, m, False, 2)
    sv = simple_view(g, None)
    slow = common_neighbours(sv)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_kernels, "NUMBA_MIN_EDGES", 0)
        fast = common_neighbours(simple_view(g, None))
    assert np.array_equal(slow, fast)


def _cross(a, b, src, dst) -> int:
    return sum(int(x) * int(y) for x, y in zip(a[src].tolist(), b[dst].tolist(),
                                                strict=True))  # Python integers


def test_degree_tables_redo_wrapped_uint16_counts():
    """A node of degree >= 2**16 wraps a uint16 table (used from 2**18 nodes): the sum
    check catches it and the counts are redone in int32. Expected: numpy's bincount, and
    the cross sum in Python integers."""
    n, hub = 300_000, 7
    rng = np.random.default_rng(0)
    src = np.concatenate([np.full(70_000, hub), rng.integers(0, n, 30_000)]).astype(np.int32)
    dst = np.concatenate([rng.integers(0, n, 70_000),
                          rng.integers(0, n, 30_000)]).astype(np.int32)
    want = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    assert want[hub] >= 2**16
    assert _kernels.using_numba(src.size, _kernels.NUMBA_MIN_PASS)  # the compiled path
    (got,), sab = _kernels.degree_cross(src, dst, n, directed=False)
    assert got.dtype == np.int32 and np.array_equal(got, want)
    assert sab == _cross(want, want, src, dst)
    out_in, s_oi = _kernels.degree_cross(src, dst, n, directed=True, x="out", y="in")
    out, inn = np.bincount(src, minlength=n), np.bincount(dst, minlength=n)
    assert np.array_equal(out_in[0], out) and np.array_equal(out_in[1], inn)
    assert s_oi == _cross(out, inn, src, dst)
    _, s_io = _kernels.degree_cross(src, dst, n, directed=True, x="in", y="out",
                                    tables=out_in)  # tables given: the cross sum only
    assert s_io == _cross(inn, out, src, dst)
    small = rng.integers(0, n, (2, 60_000)).astype(np.int32)  # no hub
    (small_deg,), _ = _kernels.degree_cross(small[0], small[1], n, directed=False)
    assert small_deg.dtype == np.uint16  # no wrap: the uint16 table is kept
    assert np.array_equal(small_deg, np.bincount(small[0], minlength=n)
                          + np.bincount(small[1], minlength=n))


@pytest.mark.parametrize("numba_on", [True, False])
def test_degree_cross_sum_is_exact(numba_on, monkeypatch):
    if not numba_on:
        monkeypatch.setenv("NETMIX_NUMBA", "0")
    rng = np.random.default_rng(1)
    src, dst = rng.integers(0, 5_000, 80_000), rng.integers(0, 5_000, 80_000)
    for dtype in (np.uint16, np.int32, np.int64):
        t = (rng.integers(0, 60_000, 5_000).astype(dtype),)
        _, got = _kernels.degree_cross(src, dst, 5_000, directed=False, tables=t)
        assert got == _cross(t[0], t[0], src, dst)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 30), m=st.integers(0, 120),
       directed=st.booleans(), loops=st.sampled_from(["count", "drop"]))
def test_exact_degree_route_equals_the_float_route(seed, n, m, directed, loops):
    """Degree assortativity from exact integer sums equals the float moment route
    (_degree_pearson, the previous implementation) on random multigraphs with loops."""
    import warnings

    from netmix.measures import correlation as C

    g = _graph(seed, n, max(m, 1), directed, 2)
    for x, y in (("out", "in"), ("in", "in"), ("out", "out")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", netmix.exceptions.DegenerateMixingWarning)
            got = degree_assortativity(g, x=x, y=y, loops=loops)
            with pytest.MonkeyPatch.context() as mp:  # the compiled kernel, on a new graph
                mp.setattr(_kernels, "NUMBA_MIN_EDGES", 0)
                compiled = degree_assortativity(g.with_provenance({}), x=x, y=y,
                                                loops=loops)
            e, xa, xb, _, _, out, inn = C._degree_setup(g, None, x, y, None, loops)
            want = C._degree_pearson(xa, xb, out, inn, e)
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12, equal_nan=True)
        assert compiled == got or (np.isnan(compiled) and np.isnan(got))  # exact sums


def test_warm_up_fills_an_empty_cache(tmp_path):
    """``python -m netmix._warm`` writes every kernel to numba's cache (the directory
    NUMBA_CACHE_DIR names), so a later process loads them instead of compiling."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-W", "error", "-m", "netmix._warm"], env=env,
                          capture_output=True, text=True, timeout=600, check=True)
    assert "14 kernels" in done.stdout
    # index files: <module>[.<function>.locals].<kernel>-<line>.py311.nbi
    index = {p.name.split(".py")[0].split(".")[-1].split("-")[0]
             for p in tmp_path.rglob("*.nbi")}
    assert {"tally", "moments_sym", "moments", "degree_cross", "ends", "cross"} <= index
    assert {"best_moves", "inside_weight", "internal_arcs", "largest_piece", "community_weights",
            "local_moves"} <= index  # community detection (plm repairs, louvain)
