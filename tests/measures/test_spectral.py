"""Echenique & Fryer's spectral segregation index (netmix.measures.spectral).

Reference values: the node values Echenique & Fryer (2007) print for their Figure III city
(the grid copied from R netseg's data-raw/EF3-*.csv; the values as transcribed in netseg's
tests/testthat/test-ssi.R), netseg's vignette output for the mutual ``Classroom`` network,
closed-form hand derivations, and a direct dense ``numpy.linalg.eig`` of the
non-symmetric matrix B (an independent route from netmix's symmetric solver).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import connected_components

from netmix import DegenerateMixingWarning, InputError, SocialGraph
from netmix.measures import spectral
from netmix.measures.spectral import (
    spectral_segregation,
    spectral_segregation_by_group,
    spectral_segregation_by_node,
)


# ----------------------------------------------------------------------------- EF Figure III
def ef3_city() -> SocialGraph:
    """Echenique & Fryer (2007) Figure III: 30 neighbourhoods on a 5 x 6 grid (rows A-E,
    columns 1-6), each tied to its horizontal and vertical neighbours; race 1 (black) at
    B1 B2 B5 C1 C2 C5 D1 D2 D3 D4, race 2 elsewhere (netseg data-raw/EF3-vdb.csv)."""
    names = [f"{r}{c}" for r in "ABCDE" for c in range(1, 7)]
    pos = {v: i for i, v in enumerate(names)}
    pairs = [(f"{r}{c}", f"{r}{c + 1}") for r in "ABCDE" for c in range(1, 6)]
    pairs += [(f"{r}{c}", f"{s}{c}") for r, s in zip("ABCD", "BCDE", strict=True)
              for c in range(1, 7)]
    assert len(pairs) == 49  # as in netseg data-raw/EF3-edb.csv
    black = {"B1", "B2", "B5", "C1", "C2", "C5", "D1", "D2", "D3", "D4"}
    nodes = pd.DataFrame({"race": [1 if v in black else 2 for v in names]},
                         index=pd.Index(names, name="name"))
    return SocialGraph(nodes, [pos[a] for a, _ in pairs], [pos[b] for _, b in pairs])


def test_echenique_fryer_figure_iii():
    # E&F (2007) Figure III, as in netseg test-ssi.R ("results from E&F paper").
    paper = {"B1": 0.87, "B2": 0.62, "C1": 1.26, "C2": 0.92, "D1": 0.93, "D3": 0.29,
             "D4": 0.10, "C5": 0.25, "B5": 0.25}
    s = spectral_segregation_by_node(ef3_city(), "race")
    got = s[list(paper)].round(2)
    np.testing.assert_allclose(got.to_numpy(), list(paper.values()), atol=1e-12)


def test_ef3_two_node_component_by_hand():
    # B5 and C5 are black and adjacent; each has 4 neighbours, 3 of them white, so
    # B = [[0, 1/4], [1/4, 0]], lambda = 1/4 with eigenvector (1, 1): both 0.25.
    s = spectral_segregation_by_node(ef3_city(), "race")
    assert s["B5"] == pytest.approx(0.25) and s["C5"] == pytest.approx(0.25)


def test_ef3_group_means_are_component_eigenvalues():
    # Black: components of 8 (lambda_8) and 2 (lambda = 1/4) nodes; the group value is
    # (8 lambda_8 + 2/4)/10 and the mean of the 8 node values is lambda_8.
    s = spectral_segregation_by_node(ef3_city(), "race")
    big = ["B1", "B2", "C1", "C2", "D1", "D2", "D3", "D4"]
    lam8 = s[big].mean()
    g = spectral_segregation_by_group(ef3_city(), "race")
    assert g[1] == pytest.approx((8 * lam8 + 2 * 0.25) / 10)
    assert spectral_segregation(ef3_city(), "race") == pytest.approx(s.mean())


# ----------------------------------------------------------------------------- netseg Classroom
# The 22 reciprocated nominations of netseg's Classroom (data-raw/classroom-edb.csv),
# i.e. netseg's as.undirected(Classroom, mode="mutual").
CLASSROOM_MUTUAL = """1003 1072 1006 1009 1006 1042 1006 1078 1009 1057 1009 1078 1012 1015
1012 1021 1018 1042 1018 1048 1018 1051 1018 1060 1018 1072 1039 1042 1042 1051 1048 1051
1048 1054 1051 1054 1057 1078 1063 1066 1063 1069 1066 1069"""


def test_classroom_matches_netseg_vignette():
    # netseg vignette: ssi(undir, "gender") for the 26 pupils in id order (1003, 1006, ...).
    # (The mutual pairs reproduce netseg's mixing matrix: 11 boy-boy, 10 girl-girl and
    # 1 boy-girl edge.)
    netseg = [1.1392193, 0.7033670, 0.9816498, 1.0000000, 1.0000000, 0.9973715, 1.0000000,
              0.0000000, 0.0000000, 0.0000000, 0.0000000, 0.0000000, 0.7151930, 0.6925726,
              0.0000000, 1.0333177, 0.9701057, 1.0344291, 1.0550505, 1.0299471, 1.0000000,
              1.0000000, 1.0000000, 1.1031876, 0.0000000, 0.9816498]
    ids = list(range(1003, 1079, 3))
    girls = {1006, 1009, 1012, 1015, 1021, 1027, 1030, 1057, 1063, 1066, 1069, 1075, 1078}
    v = [int(x) for x in CLASSROOM_MUTUAL.split()]
    pos = {x: i for i, x in enumerate(ids)}
    nodes = pd.DataFrame({"gender": ["Girl" if i in girls else "Boy" for i in ids]},
                         index=ids)
    g = SocialGraph(nodes, [pos[a] for a in v[::2]], [pos[b] for b in v[1::2]])
    # Pupils without a mutual tie (netseg gives them 0) are nan here.
    with pytest.warns(DegenerateMixingWarning, match="without ties"):
        s = spectral_segregation_by_node(g, "gender")
    has_tie = g.degree().to_numpy() > 0
    np.testing.assert_allclose(s.to_numpy()[has_tie], np.array(netseg)[has_tie], atol=5e-8)
    assert s.isna().sum() == (~has_tie).sum() == 7


# ----------------------------------------------------------------------------- hand examples
def test_one_group_clique_scores_one():
    # A group whose members only know each other: B is row-stochastic, lambda = 1, x = 1.
    nodes = pd.DataFrame({"g": ["a"] * 4 + ["b"] * 2})
    i, j = np.triu_indices(4, 1)
    g = SocialGraph(nodes, np.r_[i, 4], np.r_[j, 5])
    np.testing.assert_allclose(spectral_segregation_by_node(g, "g"), 1.0)


def test_star_by_hand():
    # Star of one group: centre c (degree 3 within + 1 outsider = 4), leaves degree 1.
    # B = [[0, 1/4, 1/4, 1/4], [1, 0, 0, 0], ...]; lambda^2 = 3/4, lambda = sqrt(3)/2,
    # x = (lambda, 1, 1, 1) up to scale (leaf: x_l = x_c / lambda).
    nodes = pd.DataFrame({"g": ["a", "a", "a", "a", "b"]})
    g = SocialGraph(nodes, [0, 0, 0, 0], [1, 2, 3, 4])
    lam = np.sqrt(3) / 2
    x = np.array([lam, 1, 1, 1])
    expected = lam * x / x.mean()
    s = spectral_segregation_by_node(g, "g").to_numpy()
    np.testing.assert_allclose(s[:4], expected)
    assert s[4] == 0  # b's only tie is to another group


def test_pair_with_unequal_degrees():
    # Pair u - v of one group; u also knows 3 outsiders (d_u = 4), v 1 (d_v = 2).
    # B = [[0, 1/4], [1/2, 0]]: lambda^2 = 1/4 * 1/2, lambda = sqrt(1/8); row u of
    # B x = lambda x gives x_v = 4 lambda x_u = sqrt(2) x_u, i.e. x_i ~ d_i^(-1/2).
    nodes = pd.DataFrame({"g": ["a", "a", "b", "b", "b", "b"]})
    g = SocialGraph(nodes, [0, 0, 0, 0, 1], [1, 2, 3, 4, 5])
    lam = np.sqrt(1 / 8)
    x = np.array([1 / 2, 1 / np.sqrt(2)])  # 1/sqrt(d)
    b = np.array([[0, 1 / 4], [1 / 2, 0]])
    np.testing.assert_allclose(b @ x, lam * x)
    s = spectral_segregation_by_node(g, "g").to_numpy()
    np.testing.assert_allclose(s[:2], lam * x / x.mean())


def test_weights_scale_free_and_used():
    nodes = pd.DataFrame({"g": ["a", "a", "b"]})
    g = SocialGraph(nodes, [0, 1], [1, 2], edge_attrs={"w": [3.0, 1.0]})
    # a0: only tie within -> B row sums 1; a1: 3 of 4 within. B = [[0, 1], [3/4, 0]],
    # lambda = sqrt(3)/2.
    s = spectral_segregation_by_node(g, "g", "w")
    x = np.array([1, np.sqrt(3) / 2])  # B x = lambda x with x_0 = 1
    np.testing.assert_allclose(s.to_numpy()[:2], np.sqrt(3) / 2 * x / x.mean())
    g10 = SocialGraph(nodes, [0, 1], [1, 2], edge_attrs={"w": [30.0, 10.0]})
    pd.testing.assert_series_equal(s, spectral_segregation_by_node(g10, "g", "w"))


def test_large_component_uses_sparse_solver(monkeypatch):
    # A 60-node cycle of one group, every node also tied to one outsider: lambda = 2/3
    # (B = A/3 and the cycle's largest adjacency eigenvalue is 2), all nodes equal.
    n = 60
    nodes = pd.DataFrame({"g": ["a"] * n + ["b"] * n})
    src = np.r_[np.arange(n), np.arange(n)]
    dst = np.r_[(np.arange(n) + 1) % n, np.arange(n) + n]
    g = SocialGraph(nodes, src, dst)
    dense = spectral_segregation_by_node(g, "g")
    monkeypatch.setattr(spectral, "_DENSE_MAX", 10)
    sparse_ = spectral_segregation_by_node(g, "g")
    np.testing.assert_allclose(sparse_, dense, atol=1e-8)
    np.testing.assert_allclose(dense[:n], 2 / 3)


# ----------------------------------------------------------------------------- errors, edges
def test_directed_needs_opt_in():
    g = SocialGraph(pd.DataFrame({"g": [1, 1]}), [0], [1], directed=True)
    with pytest.raises(InputError, match="directed=False"):
        spectral_segregation_by_node(g, "g")
    np.testing.assert_allclose(spectral_segregation_by_node(g, "g", directed=False), 1.0)


def test_negative_weight_rejected():
    g = SocialGraph(pd.DataFrame({"g": [1, 1]}), [0], [1], edge_attrs={"w": [-1.0]})
    with pytest.raises(InputError, match=">= 0"):
        spectral_segregation(g, "g", "w")


def test_no_ties_is_nan_with_warning():
    g = SocialGraph(pd.DataFrame({"g": [1, 2]}), [], [])
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        assert np.isnan(spectral_segregation(g, "g"))
        assert spectral_segregation_by_group(g, "g").isna().all()
    assert {w.category for w in record} == {DegenerateMixingWarning}


def test_self_loops_ignored_and_missing_dropped():
    nodes = pd.DataFrame({"g": ["a", "a", None]})
    g = SocialGraph(nodes, [0, 0, 1], [0, 1, 2])
    s = spectral_segregation_by_node(g, "g", missing="drop")
    # The loop and the tie to the dropped node vanish: a0 - a1 alone, lambda = 1.
    np.testing.assert_allclose(s[:2], 1.0)
    assert np.isnan(s.iloc[2])


# ----------------------------------------------------------------------------- properties
def _dense_reference(g: SocialGraph, groups: np.ndarray) -> np.ndarray:
    """Straight from the definition: per component, numpy.linalg.eig of B (non-symmetric)."""
    n = g.n_nodes
    a = np.zeros((n, n))
    keep = g.src != g.dst
    np.add.at(a, (g.src[keep], g.dst[keep]), 1.0)
    np.add.at(a, (g.dst[keep], g.src[keep]), 1.0)
    deg = a.sum(axis=1)
    same = groups[:, None] == groups[None, :]
    b = np.where(same, a, 0) / np.where(deg > 0, deg, 1)[:, None]
    _, comp = connected_components(np.where(same, a, 0) > 0, directed=False)
    out = np.full(n, np.nan)
    for c in np.unique(comp):
        idx = np.flatnonzero(comp == c)
        vals, vecs = np.linalg.eig(b[np.ix_(idx, idx)])
        j = np.argmax(vals.real)
        x = np.abs(vecs[:, j].real)
        out[idx] = vals[j].real * x / x.mean() if x.mean() > 0 else 0.0
    out[deg == 0] = np.nan
    return out


@st.composite
def random_graphs(draw):
    n = draw(st.integers(3, 16))
    groups = np.array(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=len(pairs),
                           unique=True))
    src, dst = np.array(chosen).T
    return SocialGraph(pd.DataFrame({"g": groups}), src, dst), groups


def _quiet(f, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        return f(*args, **kw)


@settings(max_examples=50, deadline=None)
@given(random_graphs())
def test_matches_dense_definition(case):
    g, groups = case
    s = _quiet(spectral_segregation_by_node, g, "g").to_numpy()
    np.testing.assert_allclose(s, _dense_reference(g, groups), atol=1e-9)
    assert (s[~np.isnan(s)] >= -1e-12).all()


@settings(max_examples=40, deadline=None)
@given(random_graphs(), st.randoms(use_true_random=False))
def test_relabelling_groups_changes_nothing(case, rnd):
    g, groups = case
    names = ["x", "y", "z"]
    rnd.shuffle(names)
    relabelled = np.array(names)[groups]
    a = _quiet(spectral_segregation_by_node, g, "g")
    b = _quiet(spectral_segregation_by_node, g, relabelled)
    pd.testing.assert_series_equal(a, b)
    ga = _quiet(spectral_segregation_by_group, g, "g")
    gb = _quiet(spectral_segregation_by_group, g, relabelled)
    np.testing.assert_allclose(ga.to_numpy(), gb[[names[k] for k in ga.index]].to_numpy())


@settings(max_examples=40, deadline=None)
@given(random_graphs())
def test_component_means_are_at_most_one(case):
    # Each component's mean is its largest eigenvalue, at most 1 (B is sub-stochastic);
    # the graph value is the mean of the node values.
    g, _ = case
    s = _quiet(spectral_segregation_by_node, g, "g")
    by_group = _quiet(spectral_segregation_by_group, g, "g")
    assert (by_group.dropna() <= 1 + 1e-9).all()
    if s.notna().any():
        assert _quiet(spectral_segregation, g, "g") == pytest.approx(s.mean())


# ----------------------------------------------------------------------------- real data
def test_primaryschool_runs_and_is_consistent(primaryschool):
    # SocioPatterns primary school 2009, classes as groups, contact duration as weight.
    s = spectral_segregation_by_node(primaryschool, "class", "duration")
    g = spectral_segregation_by_group(primaryschool, "class", "duration")
    codes = primaryschool.nodes["class"]
    np.testing.assert_allclose(g.to_numpy(), s.groupby(codes.to_numpy()).mean()[g.index])
    assert (s >= 0).all() and (g <= 1).all()
