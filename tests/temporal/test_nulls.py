"""Temporal reference models (issue 17 item 4): each keeps exactly what Gauvin et al. (2022,
doi:10.1137/19M1242252) say it keeps, randomises the rest uniformly, and is seeded; and
:func:`netmix.permutation_test` on a Contacts.

Expected values: the invariants themselves (counted with collections.Counter on the
records), exact enumeration of the outcomes on tiny tables (chi-square against uniform), and
the primary school data's within-class share of contact time, recomputed by netmix's mixing
matrix of the aggregated graph (an independent path through netmix.core's tally).
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import netmix
from netmix import DegenerateMixingWarning, InputError
from netmix.temporal import (
    TEMPORAL_NULL_MODELS,
    Contacts,
    _nulls_plan,
    from_events,
    link_shuffling,
    load_contacts,
    random_times,
    timestamp_shuffling,
    timestamp_shuffling_within_days,
    topology_link_shuffling,
)
from netmix.temporal.nulls import pair_from_index

DAY = 86400


@pytest.fixture(params=["numpy", "numba", "numba-buckets"])
def path(request, monkeypatch):
    """Run a test through the numpy path and through the compiled kernels (Fisher-Yates,
    and the Rao-Sandelius buckets of long segments, forced on tiny tables)."""
    if request.param.startswith("numba"):
        pytest.importorskip("numba")
        monkeypatch.setattr(_nulls_plan, "NUMBA_MIN_RECORDS", 0)
        if request.param == "numba-buckets":
            monkeypatch.setattr(_nulls_plan, "SHUFFLE_SMALL", 2)
    else:
        monkeypatch.setattr(_nulls_plan, "NUMBA_MIN_RECORDS", 10**12)
    return request.param


@st.composite
def tables(draw, directed=False):
    n = draw(st.integers(2, 6))
    m = draw(st.integers(1, 25))
    i = draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    j = [(a + draw(st.integers(1, n - 1))) % n for a in i]
    t = draw(st.lists(st.integers(1, 2 * DAY // 20 - 1), min_size=m, max_size=m))
    dur = draw(st.lists(st.sampled_from([20, 40, 60]), min_size=m, max_size=m))
    nodes = pd.DataFrame({"g": [k % 2 for k in range(n)]}, index=range(n))
    return Contacts(nodes, np.array(t) * 20, i, j, duration=dur, directed=directed)


def links(c):
    return Counter(zip(c.i.tolist(), c.j.tolist(), strict=True))


def timelines(c):
    out = {}
    for t, i, j, d in zip(c.t.tolist(), c.i.tolist(), c.j.tolist(), c.duration.tolist(),
                          strict=True):
        out.setdefault((i, j), []).append((t, d))
    return out


def per_day(c):
    return [links(w.contacts) for w in c.days()]


@settings(max_examples=40, deadline=None)
@given(c=tables(), directed=st.booleans(), seed=st.integers(0, 2**32))
def test_timestamp_shuffling_keeps_w_and_t(c, directed, seed):
    # w: records per link; t: the (time, duration) of every slot, in place
    r = timestamp_shuffling(c, seed=seed)
    assert links(r) == links(c)
    assert r.t.tolist() == c.t.tolist() and r.duration.tolist() == c.duration.tolist()
    assert r.n_nodes == c.n_nodes and r.provenance[-1]["step"] == "timestamp_shuffling"


@settings(max_examples=40, deadline=None)
@given(c=tables(), seed=st.integers(0, 2**32))
def test_timestamp_shuffling_within_days_keeps_each_days_w_and_t(c, seed):
    r = timestamp_shuffling_within_days(c, seed=seed)
    assert per_day(r) == per_day(c)
    assert r.t.tolist() == c.t.tolist() and r.duration.tolist() == c.duration.tolist()


@settings(max_examples=40, deadline=None)
@given(c=tables(), seed=st.integers(0, 2**32))
def test_topology_link_shuffling_keeps_links_and_timelines(c, seed):
    r = topology_link_shuffling(c, seed=seed)
    assert set(links(r)) == set(links(c))
    assert sorted(timelines(r).values()) == sorted(timelines(c).values())


@settings(max_examples=40, deadline=None)
@given(c=tables(), directed=st.booleans(), seed=st.integers(0, 2**32))
def test_link_shuffling_keeps_timelines_on_distinct_pairs(c, directed, seed):
    if directed:
        c = Contacts(c.nodes, c.t, c.i, c.j, duration=c.duration, directed=True)
    r = link_shuffling(c, seed=seed)
    assert sorted(timelines(r).values()) == sorted(timelines(c).values())
    assert len(links(r)) == len(links(c))  # each timeline on its own pair
    assert (r.i != r.j).all() and (directed or (r.i < r.j).all())
    assert r.i.max() < c.n_nodes and r.j.max() < c.n_nodes


@settings(max_examples=40, deadline=None)
@given(c=tables(), seed=st.integers(0, 2**32))
def test_random_times_keeps_w_on_the_grid_and_span(c, seed):
    r = random_times(c, seed=seed)
    assert links(r) == links(c)
    assert sorted(r.duration.tolist()) == sorted(c.duration.tolist())
    assert r.t.min() >= c.t[0] and r.t.max() <= c.t[-1] and ((r.t - c.t[0]) % 20 == 0).all()


def test_the_compiled_path_keeps_the_same_invariants(path):
    rng = np.random.default_rng(5)
    n, m = 30, 3000
    i = rng.integers(0, n, m)
    j = (i + rng.integers(1, n, m)) % n
    c = Contacts(pd.DataFrame(index=range(n)), np.sort(rng.integers(0, 3 * DAY, m)), i, j)
    for seed in range(3):
        assert links(timestamp_shuffling(c, seed=seed)) == links(c)
        assert per_day(timestamp_shuffling_within_days(c, seed=seed)) == per_day(c)
        r = topology_link_shuffling(c, seed=seed)
        assert sorted(timelines(r).values()) == sorted(timelines(c).values())
        r = link_shuffling(c, seed=seed)
        assert sorted(timelines(r).values()) == sorted(timelines(c).values())
    a, b = timestamp_shuffling(c, seed=1), timestamp_shuffling(c, seed=1)
    assert a.i.tolist() == b.i.tolist() and a.j.tolist() == b.j.tolist()
    assert timestamp_shuffling(c, seed=2).i.tolist() != a.i.tolist()


@pytest.mark.parametrize(("n", "directed"), [(2, False), (3, False), (7, False), (3, True),
                                             (7, True)])
def test_pair_index_enumerates_every_pair_once(n, directed):
    m = n * (n - 1) // (1 if directed else 2)
    a, b = pair_from_index(np.arange(m), n, directed)
    expected = (itertools.permutations(range(n), 2) if directed
                else itertools.combinations(range(n), 2))
    assert list(zip(a.tolist(), b.tolist(), strict=True)) == sorted(expected)


def test_pair_index_is_exact_for_large_populations():
    n = 10**6  # k near n(n - 1)/2 ~ 5e11: the float square root needs its correction step
    k = np.array([0, n - 2, n - 1, 4 * 10**11 + 7, n * (n - 1) // 2 - 1])
    a, b = pair_from_index(k, n, False)
    start = a * (2 * n - a - 1) // 2
    assert (k == start + b - a - 1).all() and (a < b).all() and (b < n).all()


# ------------------------------------------------------------------ uniformity (exact)
def _chisquare(outcomes, expected_support):
    counts = Counter(outcomes)
    assert set(counts) <= set(expected_support)
    observed = [counts.get(o, 0) for o in expected_support]
    return stats.chisquare(observed).pvalue


def _tiny():
    # links A = (0, 1) twice, B = (1, 2), C = (0, 2): 4!/2! = 12 equally likely assignments
    return Contacts(pd.DataFrame(index=range(4)), [20, 40, 60, 80], [0, 0, 1, 0],
                    [1, 1, 2, 2])


def test_timestamp_shuffling_is_uniform_over_assignments(path):
    c = _tiny()
    sample = TEMPORAL_NULL_MODELS["timestamp_shuffling"].sampler(c)
    seeds = np.random.default_rng(11).integers(0, 2**64, 2400, dtype=np.uint64)
    outcomes = [tuple(zip(r.i.tolist(), r.j.tolist(), strict=True))
                for r in map(sample, seeds)]
    support = set(itertools.permutations([(0, 1), (0, 1), (1, 2), (0, 2)]))
    assert len(support) == 12  # hand count: 4!/2!
    assert _chisquare(outcomes, sorted(support)) > 1e-3


def test_topology_and_link_shuffling_are_uniform(path):
    c = _tiny()
    seeds = np.random.default_rng(12).integers(0, 2**64, 1800, dtype=np.uint64)
    topo = TEMPORAL_NULL_MODELS["topology_link_shuffling"].sampler(c)
    out = [tuple(zip(r.i.tolist(), r.j.tolist(), strict=True)) for r in map(topo, seeds)]
    support = {tuple(p[k] for k in (0, 0, 1, 2)) for p in
               itertools.permutations([(0, 1), (1, 2), (0, 2)])}
    assert len(support) == 6 and _chisquare(out, sorted(support)) > 1e-3
    # link shuffling: 3 timelines on 3 distinct pairs of C(4, 2) = 6: 6 * 5 * 4 outcomes
    ls = TEMPORAL_NULL_MODELS["link_shuffling"].sampler(c)
    seeds = np.random.default_rng(13).integers(0, 2**64, 2400, dtype=np.uint64)
    out = [tuple(zip(r.i.tolist(), r.j.tolist(), strict=True)) for r in map(ls, seeds)]
    pairs = list(itertools.combinations(range(4), 2))
    support = {(p, p, q, s) for p, q, s in itertools.permutations(pairs, 3)}
    assert len(support) == 120 and _chisquare(out, sorted(support)) > 1e-3


def test_within_days_shuffles_each_day_uniformly(path):
    c = Contacts(pd.DataFrame(index=range(3)), [20, 40, 60, DAY + 20, DAY + 40],
                 [0, 0, 1, 0, 1], [1, 2, 2, 1, 2], tz="UTC")
    sample = TEMPORAL_NULL_MODELS["timestamp_shuffling_within_days"].sampler(c)
    seeds = np.random.default_rng(14).integers(0, 2**64, 1200, dtype=np.uint64)
    out = [tuple(zip(r.i.tolist(), r.j.tolist(), strict=True)) for r in map(sample, seeds)]
    support = {a + b for a in itertools.permutations([(0, 1), (0, 2), (1, 2)])
               for b in itertools.permutations([(0, 1), (1, 2)])}
    assert len(support) == 12 and _chisquare(out, sorted(support)) > 1e-3


def test_models_are_seeded():
    c = from_events(pd.DataFrame({"t": np.arange(1, 41) * 20, "i": np.arange(40) % 5,
                                  "j": np.arange(40) % 5 + 1}))
    for name in TEMPORAL_NULL_MODELS:
        f = getattr(netmix.temporal, name)
        a, b, other = f(c, seed=7), f(c, seed=7), f(c, seed=8)
        assert (a.i.tolist(), a.t.tolist()) == (b.i.tolist(), b.t.tolist()), name
        assert (a.i.tolist(), a.j.tolist(), a.t.tolist()) != (
            other.i.tolist(), other.j.tolist(), other.t.tolist()), name
        assert a.provenance[-1]["seed"] == 7


def test_empty_contacts_stay_empty():
    c = Contacts(pd.DataFrame(index=[1, 2]), np.empty(0, np.int64), np.empty(0, int),
                 np.empty(0, int))
    for name in TEMPORAL_NULL_MODELS:
        assert len(getattr(netmix.temporal, name)(c, seed=1)) == 0


# ------------------------------------------------------------------ permutation_test
def small():
    nodes = pd.DataFrame({"g": ["a", "a", "b", "b"]}, index=[1, 2, 3, 4])
    return from_events(pd.DataFrame({"t": [20, 40, 60, 80, 100], "i": [1, 1, 3, 1, 2],
                                     "j": [2, 2, 4, 3, 4]}), nodes)


def test_permutation_test_accepts_callables_and_records_the_run():
    c = small()

    def share(contacts, groups):  # f(contacts, groups): groups as given
        g = contacts.nodes[groups].to_numpy() if isinstance(groups, str) else groups.to_numpy()
        return float(np.mean(g[contacts.i] == g[contacts.j]))

    res = netmix.permutation_test(c, share, "g", null="link_shuffling", n_resamples=49,
                                  seed=3)
    assert res.statistic == 0.6  # hand: (1, 2) x2 and (3, 4) within, 2 of 5 between
    assert res.null == "link_shuffling" and res.seed == 3 and res.n_resamples == 49
    assert res.null_distribution.size == 49 and res.weight is None
    again = netmix.permutation_test(c, share, "g", null="link_shuffling", n_resamples=49,
                                    seed=3, n_jobs=1)
    np.testing.assert_array_equal(again.null_distribution, res.null_distribution)
    lp = netmix.permutation_test(c, share, "g", null="label_permutation", n_resamples=49,
                                 seed=3)
    assert lp.null == "label_permutation" and lp.statistic == 0.6
    first = netmix.permutation_test(c, lambda x: float(x.t[x.i == 0].mean()), None,
                                    null="timestamp_shuffling", n_resamples=19)
    repeat = netmix.permutation_test(c, lambda x: float(x.t[x.i == 0].mean()), None,
                                     null="timestamp_shuffling", n_resamples=19,
                                     seed=first.seed)
    assert isinstance(first.seed, int)
    np.testing.assert_array_equal(first.null_distribution, repeat.null_distribution)


def test_a_custom_null_and_a_named_model_object():
    c = small()
    res = netmix.permutation_test(c, "within_group_share", "g",
                                  null=lambda x, rng: link_shuffling(x, seed=rng),
                                  n_resamples=9, seed=0)
    assert res.null == "<lambda>" and res.null_distribution.size == 9
    res = netmix.permutation_test(c, lambda x: float(x.t.mean()), "g",
                                  null=TEMPORAL_NULL_MODELS["random_times"], n_resamples=9,
                                  seed=0)
    assert res.null == "random_times"


def test_the_graph_path_is_unchanged():
    g = netmix.datasets.load_example()
    r, p = netmix.permutation_test(g, "nominal_assortativity", "department",
                                   n_resamples=99, seed=1)
    assert (round(r, 3), p) == (0.612, 0.02)  # the docstring example of permutation_test


def test_permutation_test_errors_name_the_argument():
    c = small()
    with pytest.raises(InputError, match="null must be one of"):
        netmix.permutation_test(c, "within_group_share", "g", null="degree_preserving")
    with pytest.raises(InputError, match="groups must be given"):
        netmix.permutation_test(c, "within_group_share", None, null="link_shuffling")
    with pytest.raises(InputError, match="weight must be None"):
        netmix.permutation_test(c, "within_group_share", "g", weight="duration")


@pytest.fixture(scope="module")
def school(data_dir):
    return load_contacts("primaryschool_2009", download=False)


def test_within_class_time_share_against_link_shuffling(school):
    res = netmix.permutation_test(school, "within_group_share", "class",
                                  null="link_shuffling", n_resamples=99, seed=2009)
    # independent path: the duration-weighted mixing matrix of the aggregated graph
    m = netmix.mixing_matrix(school.to_graph(), "class", weight="duration")
    assert res.statistic == pytest.approx(np.trace(m.counts) / m.counts.sum(), rel=1e-12)
    # under link shuffling a timeline lands on a uniform pair: E[share] = share of the
    # within-class pairs among all C(242, 2) pairs, weighted by time (hand formula)
    sizes = school.nodes["class"].value_counts().to_numpy()
    within_pairs = sum(math.comb(int(s), 2) for s in sizes) / math.comb(len(school.nodes), 2)
    assert abs(res.null_mean - within_pairs) < 4 * res.null_sd / np.sqrt(99) + 0.01
    assert res.pvalue == pytest.approx(2 / 100)  # none of 99 reaches 0.73: the floor


def test_invariant_statistics_give_a_constant_null(school):
    # timestamp shuffling keeps each link's records (all 20 s): the time share is kept
    with pytest.warns(DegenerateMixingWarning, match="constant"):
        res = netmix.permutation_test(school, "within_group_share", "class",
                                      null="timestamp_shuffling", n_resamples=9, seed=1)
    assert res.pvalue == 1.0 and np.all(res.null_distribution == res.statistic)
    # within days each day's links are kept: so is day-to-day persistence
    with pytest.warns(DegenerateMixingWarning, match="constant"):
        netmix.permutation_test(school, "persistence_difference", "class",
                                null="timestamp_shuffling_within_days", n_resamples=9,
                                seed=1)


def test_durations_are_longer_within_classes_than_timestamp_shuffling_gives(school):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = netmix.permutation_test(school, "duration_ratio", "class",
                                      null="timestamp_shuffling", n_resamples=19, seed=4,
                                      alternative="greater")
    assert res.statistic > 1 > res.null_distribution.max() - 0.05
    assert res.pvalue == pytest.approx(1 / 20)


def test_threads_leave_the_warning_filters_as_they_were():
    # regression: catch_warnings inside worker threads raced on the process-wide filters
    before = list(warnings.filters)
    for _ in range(3):
        netmix.permutation_test(small(), "within_group_share", "g", null="link_shuffling",
                                n_resamples=20, seed=1, n_jobs=2)
    assert list(warnings.filters) == before
