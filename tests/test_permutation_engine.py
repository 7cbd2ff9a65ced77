"""Tests of the fused label-permutation engine (netmix.inference._shuffle).

The engine draws its own permutations (xoshiro256** per replicate, Fisher-Yates with
Lemire's bounded draws), so its null replicates differ from the batched path's
(``Generator.permuted``). What must hold, exactly or statistically:

* the compiled kernel and its numpy twin give the very same numbers (same generator);
* the result depends on the seed only, not on the thread count or chunking;
* every arrangement of the labels is equally likely (exact enumeration on a tiny graph),
  the Monte Carlo p-value converges to the exact permutation p-value, and the null
  distribution is the same distribution as the batched path's (two-sample tests that a
  wrong null fails).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
import scipy.stats

import netmix
import netmix._kernels as kernels
from netmix import SocialGraph
from netmix.core import batch_margins
from netmix.core.batch import tally_strengths
from netmix.inference import NetworkData, _shuffle, permutation_test
from netmix.inference.statistics import nominal_assortativity_margins

pytestmark = pytest.mark.skipif(_shuffle._compile_perm() is None, reason="numba unavailable")


def random_graph(n=60, p=0.1, k=3, *, seed=0, directed=False, loops=False, missing=0):
    """An Erdos-Renyi graph with random group labels (``missing`` nodes without a group)."""
    rng = np.random.default_rng(seed)
    a = rng.random((n, n)) < p
    if not directed:
        a = np.triu(a, 1 - int(loops))
    elif not loops:
        np.fill_diagonal(a, False)
    src, dst = np.nonzero(a)
    labels = np.array([f"g{i:02d}" for i in range(k)], dtype=object)[rng.integers(0, k, n)]
    if missing:
        labels[rng.choice(n, missing, replace=False)] = None
    nodes = pd.DataFrame({"g": labels}, index=pd.RangeIndex(n, name="id"))
    return SocialGraph(nodes, src, dst, directed=directed)


def _engine_inputs(g, missing="raise"):
    data = NetworkData.from_graph(g, "g", missing=missing)
    valid = np.flatnonzero(data.codes >= 0)
    return data.view, data.codes[valid].astype(np.int8), valid


@pytest.fixture
def fused_everywhere(monkeypatch):
    """The engine from the first edge (its default threshold is 2e5 edges)."""
    monkeypatch.setattr(kernels, "NUMBA_MIN_EDGES", 1)


# ----------------------------------------------------------- kernel == numpy twin, exactly
@pytest.mark.parametrize("case", [
    {}, {"directed": True}, {"loops": True}, {"directed": True, "loops": True},
    {"missing": 7}, {"k": 16, "n": 90}, {"k": 17, "n": 90}, {"k": 40, "n": 120, "p": 0.3},
])  # k <= 16: codes packed as nibbles; above, as bytes
def test_kernel_equals_its_numpy_twin(case):
    missing = "drop" if case.get("missing") else "raise"
    view, values, valid = _engine_inputs(random_graph(**case), missing)
    strengths = tally_strengths(view)
    seeds = np.random.default_rng(3).integers(0, 2**64, size=301, dtype=np.uint64)
    fast = _shuffle.label_margins(values, valid, view, strengths, seeds)  # several blocks
    slow = _shuffle.label_margins(values, valid, view, strengths, seeds, compiled=False)
    assert not _shuffle._FAILED  # the kernel ran (a failure would fall back to the twin)
    for a, b in zip(fast[:3], slow[:3], strict=True):
        np.testing.assert_array_equal(a, b)
    assert fast[3] == slow[3]


def test_twin_rows_are_permutations_and_margins_equal_the_full_tally():
    g = random_graph(directed=True)
    view, values, valid = _engine_inputs(g)
    seeds = np.arange(20, dtype=np.uint64)
    codes = _shuffle.shuffled_codes(values, seeds)
    assert (np.sort(codes, axis=1) == np.sort(values)).all()  # a permutation per row
    assert len({c.tobytes() for c in codes}) == 20  # different seeds, different rows
    trace, rows, cols, total = _shuffle.label_margins(values, valid, view,
                                                      tally_strengths(view), seeds)
    ref = batch_margins(view, codes)  # the existing tally on the same codes
    np.testing.assert_array_equal(trace, ref[0])
    np.testing.assert_array_equal(rows, ref[1])
    np.testing.assert_array_equal(cols, ref[2])
    assert total == ref[3]


def test_lemire_rejection_is_exercised_and_matches():
    # bound 3: the rejection threshold (2**32 - 3) % 3 = 1, so low 32 bits of 0 reject;
    # rare, but the twin and the kernel must take the same branch: check over many seeds
    values = np.array([0, 1, 2], dtype=np.int8)
    seeds = np.arange(5000, dtype=np.uint64)
    codes = _shuffle.shuffled_codes(values, seeds)
    src = np.array([0, 1], dtype=np.int32)
    dst = np.array([1, 2], dtype=np.int32)
    trace, _rows, _ = _shuffle.permutation_margins(values, np.arange(3), 3, seeds, src, dst,
                                                  np.ones(3), np.ones(3), 3)
    np.testing.assert_array_equal(trace, (codes[:, src] == codes[:, dst]).sum(axis=1))


# ----------------------------------------------------------------- reproducibility
def test_same_seed_same_pvalue_whatever_the_threads(fused_everywhere, monkeypatch):
    g = random_graph(n=200, p=0.05)
    calls = []
    real = _shuffle.fused_null
    monkeypatch.setattr("netmix.inference.permutation.fused_null",
                        lambda *a: calls.append(a[3]) or real(*a))
    runs = [permutation_test(g, "nominal_assortativity", "g", n_resamples=301, seed=11,
                             n_jobs=j) for j in (1, 2, 1)]
    assert calls == [1, 2, 1]  # the fused engine ran, with those thread counts
    for res in runs[1:]:
        np.testing.assert_array_equal(res.null_distribution, runs[0].null_distribution)
        assert res.pvalue == runs[0].pvalue
    other = permutation_test(g, "nominal_assortativity", "g", n_resamples=301, seed=12)
    assert not np.array_equal(other.null_distribution, runs[0].null_distribution)


@pytest.mark.parametrize("case", [
    {"directed": True}, {"p": 0.5, "loops": True}, {"p": 0.5, "loops": True, "directed": True},
])  # p = 0.5: more than 4 edges a node, so the engine orders the edges by source first
def test_engine_values_equal_nominal_assortativity_on_the_drawn_codes(fused_everywhere,
                                                                      case):
    g = random_graph(n=80, **{"p": 0.08, **case})
    res = permutation_test(g, "nominal_assortativity", "g", n_resamples=40, seed=5)
    data = NetworkData.from_graph(g, "g")
    seeds = np.random.default_rng(np.random.SeedSequence(5)).integers(
        0, 2**64, size=40, dtype=np.uint64)
    codes = _shuffle.shuffled_codes(data.codes.astype(np.int8), seeds)
    labels = np.array(data.groups.labels)
    expected = [netmix.nominal_assortativity(g, pd.Series(labels[c], index=g.node_ids))
                for c in codes]  # the public measure, one replicate at a time
    np.testing.assert_allclose(res.null_distribution, expected, rtol=1e-12, atol=1e-15)


def test_other_statistics_and_weights_keep_the_batched_path(fused_everywhere, monkeypatch):
    monkeypatch.setattr("netmix.inference.permutation.fused_null",
                        lambda *a: pytest.fail("fused engine used"))
    g = random_graph(n=60)
    permutation_test(g, "ei_index", "g", n_resamples=19, seed=1)
    gw = SocialGraph(g.nodes, g.src, g.dst, edge_attrs={"w": np.ones(g.n_edges)})
    permutation_test(gw, "nominal_assortativity", "g", n_resamples=19, seed=1, weight="w")


# ---------------------------------------------------------------- the same distribution
def test_every_arrangement_equally_likely_and_the_exact_pvalue():
    """Tiny graph: enumerate all 7! label permutations (exact null), compare."""
    g = SocialGraph(pd.DataFrame({"g": list("aaabbcc")}, index=pd.RangeIndex(7)),
                    [0, 0, 1, 2, 3, 4, 5, 1], [1, 2, 2, 3, 4, 5, 6, 6])
    view, values, valid = _engine_inputs(g)
    strengths = tally_strengths(view)
    perms = np.array(list(itertools.permutations(range(7))))
    exact = nominal_assortativity_margins(*batch_margins(view, values[perms], strengths))
    observed = netmix.nominal_assortativity(g, "g")
    p_exact = np.mean(exact >= observed - 1e-12)  # exact one-sided permutation p
    n = 42_000
    seeds = np.random.default_rng(0).integers(0, 2**64, size=n, dtype=np.uint64)
    codes = _shuffle.shuffled_codes(values, seeds)
    # 7! / (3! 2! 2!) = 210 distinct arrangements, each with probability 1/210
    _, counts = np.unique(codes, axis=0, return_counts=True)
    assert counts.size == math.factorial(7) // (6 * 2 * 2)
    assert scipy.stats.chisquare(counts).pvalue > 1e-4
    null = nominal_assortativity_margins(*_shuffle.label_margins(values, valid, view,
                                                                 strengths, seeds))
    p_hat = np.mean(null >= observed - 1e-12)
    assert abs(p_hat - p_exact) < 5 * math.sqrt(p_exact * (1 - p_exact) / n)


def _old_and_new_nulls(g, n):
    old = permutation_test(g, "nominal_assortativity", "g", n_resamples=n, seed=1)
    kernels.NUMBA_MIN_EDGES, saved = 1, kernels.NUMBA_MIN_EDGES
    try:
        new = permutation_test(g, "nominal_assortativity", "g", n_resamples=n, seed=2)
    finally:
        kernels.NUMBA_MIN_EDGES = saved
    return old.null_distribution, new.null_distribution


def homophilous_graph(n=150, p_in=0.08, p_out=0.01, seed=4):
    """Three equal groups, ties more likely within them (so the null is far from r)."""
    rng = np.random.default_rng(seed)
    group = np.arange(n) % 3
    a = np.triu(rng.random((n, n)) < np.where(group[:, None] == group, p_in, p_out), 1)
    src, dst = np.nonzero(a)
    nodes = pd.DataFrame({"g": np.array(list("abc"))[group]}, index=pd.RangeIndex(n))
    return SocialGraph(nodes, src, dst)


def test_null_distribution_is_the_batched_paths_distribution():
    """Two-sample tests of the engine's null against ``Generator.permuted``'s (the draws
    before the engine) on a moderately sized graph; a wrong null fails the same tests."""
    g = homophilous_graph()
    old, new = _old_and_new_nulls(g, 4000)
    assert scipy.stats.ks_2samp(old, new).pvalue > 1e-3
    assert scipy.stats.cramervonmises_2samp(old, new).pvalue > 1e-3
    # a wrong null (a fifth of the nodes keep their group) is told apart by both
    data = NetworkData.from_graph(g, "g")
    rng = np.random.default_rng(9)
    codes = np.broadcast_to(data.codes, (4000, g.n_nodes)).copy()
    codes[:, 30:] = rng.permuted(codes[:, 30:], axis=1)
    wrong = nominal_assortativity_margins(*batch_margins(data.view, codes.astype(np.int8)))
    assert scipy.stats.ks_2samp(old, wrong).pvalue < 1e-3
    assert scipy.stats.cramervonmises_2samp(old, wrong).pvalue < 1e-3


def test_progress_bar_of_the_engine(fused_everywhere, capsys):
    g = random_graph(n=100, p=0.1)
    res = permutation_test(g, "nominal_assortativity", "g", n_resamples=600, seed=1,
                           progress=True)
    assert "label permutation null" in capsys.readouterr().err
    quiet = permutation_test(g, "nominal_assortativity", "g", n_resamples=600, seed=1,
                             progress=False)  # chunks of 256 replicates: same values
    np.testing.assert_array_equal(res.null_distribution, quiet.null_distribution)


def test_groups_as_values_run_the_engine_too(fused_everywhere):
    g = random_graph(n=100, p=0.1)
    by_name = permutation_test(g, "nominal_assortativity", "g", n_resamples=99, seed=4)
    values = g.nodes["g"].to_numpy()
    by_value = permutation_test(g, "nominal_assortativity", values, n_resamples=99, seed=4)
    np.testing.assert_array_equal(by_value.null_distribution, by_name.null_distribution)
