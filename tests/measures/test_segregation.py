"""Segregation and homophily indices of the mixing matrix (netmix.measures.segregation).

Reference values come from R netseg (Bojanowski & Corten 2014): its tests and its
vignette's printed output for the ``Classroom`` and ``WhiteKinship`` data (both copied
below from netseg's data-raw/*.csv), from Coleman (1958) as restated in netseg's tests,
and from hand computations written beside them. statsmodels' ``Table2x2`` is run live.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

# ------------------------------------------------------------------------- reference data
from classroom_data import CLASSROOM_ARCS, CLASSROOM_GIRLS, CLASSROOM_IDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from statsmodels.stats.contingency_tables import Table2x2

import netmix
from netmix import DegenerateMixingWarning, InputError, MixingMatrix, SocialGraph
from netmix.measures.segregation import (
    OddsRatioResult,
    coleman_homophily,
    ei_index,
    ei_index_by_group,
    ei_index_by_node,
    ei_index_expected,
    freeman_segregation,
    gupta_anderson_may,
    inbreeding_homophily,
    segregation_matrix_index,
    within_group_odds_ratio,
)

# netseg data-raw/WhiteKinship-*.csv (White 1975, in Freeman 1978): undirected, 10 people.
KIN_FEMALE = ["Mother", "Sister", "Brother's Wife", "Sister's Daughter", "Brother's Daughter"]
KIN_MALE = ["Father", "Brother", "Sister's Husband", "Brother's Son", "Sister's Son"]
KIN_EDGES = [
    ("Mother", "Sister"), ("Mother", "Sister's Daughter"), ("Mother", "Brother's Daughter"),
    ("Mother", "Father"), ("Mother", "Brother"), ("Mother", "Brother's Son"),
    ("Mother", "Sister's Son"), ("Sister", "Sister's Daughter"),
    ("Sister", "Brother's Daughter"), ("Sister", "Father"), ("Sister", "Sister's Son"),
    ("Brother's Wife", "Brother's Daughter"), ("Sister's Daughter", "Father"),
    ("Brother's Daughter", "Father"), ("Brother's Daughter", "Brother"), ("Father", "Brother"),
    ("Father", "Brother's Son"), ("Father", "Sister's Son"), ("Brother", "Brother's Son"),
    ("Brother", "Sister's Son"), ("Sister's Husband", "Brother's Son"),
    ("Sister's Husband", "Sister's Son"),
]


def _graph(ids, groups, pairs, directed):
    pos = {v: i for i, v in enumerate(ids)}
    src = [pos[a] for a, _ in pairs]
    dst = [pos[b] for _, b in pairs]
    nodes = pd.DataFrame({"group": groups}, index=pd.Index(ids, name="id"))
    return SocialGraph(nodes, src, dst, directed=directed)


@pytest.fixture(scope="module")
def classroom():
    v = [int(x) for x in CLASSROOM_ARCS.split()]
    pairs = list(zip(v[::2], v[1::2], strict=True))
    assert len(pairs) == 88
    groups = ["Girl" if i in CLASSROOM_GIRLS else "Boy" for i in CLASSROOM_IDS]
    return _graph(CLASSROOM_IDS, groups, pairs, directed=True)


@pytest.fixture(scope="module")
def classroom_mutual(classroom):
    """netseg's ``as.undirected(Classroom, mode="mutual")``: reciprocated nominations."""
    arcs = set(zip(classroom.src.tolist(), classroom.dst.tolist(), strict=True))
    pairs = sorted((a, b) for a, b in arcs if a < b and (b, a) in arcs)
    assert len(pairs) == 22  # netseg: 11 boy-boy + 10 girl-girl + 1 boy-girl
    nodes = classroom.nodes
    return SocialGraph(nodes, [a for a, _ in pairs], [b for _, b in pairs])


@pytest.fixture(scope="module")
def kinship():
    ids = KIN_FEMALE + KIN_MALE
    return _graph(ids, ["female"] * 5 + ["male"] * 5, KIN_EDGES, directed=False)


def _only_degenerate_warnings(record):
    kinds = {w.category for w in record}
    assert kinds == {DegenerateMixingWarning}, kinds


# ------------------------------------------------------------------------- Coleman
def test_coleman_example_exact():
    # Coleman (1958): 60 boys, 40 girls; boys->boys 45, boys->girls 15, girls->boys 20,
    # girls->girls 20. Exact expected within-group choices (netseg's coleman):
    #   boys:  E = 60 * 59/99 = 3540/99;  45 - E = 915/99;  60 - E = 2400/99
    #          C = 915/2400 = 0.38125
    #   girls: E = 40 * 39/99 = 1560/99;  20 - E = 420/99;  40 - E = 2400/99
    #          C = 420/2400 = 0.175
    # (netseg tests/testthat/test-coleman.R: 0.38125 and 0.175.)
    m = MixingMatrix.from_array([[45, 15], [20, 20]], labels=["boys", "girls"],
                                directed=True, row_sizes=[60, 40], col_sizes=[60, 40])
    c = coleman_homophily(m)
    assert list(c.index) == ["boys", "girls"]
    np.testing.assert_allclose(c.to_numpy(), [0.38125, 0.175], rtol=0, atol=1e-12)


def test_coleman_directed_six_cycle():
    # netseg test-coleman.R: a directed 6-cycle, groups of two consecutive nodes. Each group
    # sends 2 arcs, 1 within; E = 2 * (2 - 1)/(6 - 1) = 0.4; C = (1 - 0.4)/(2 - 0.4) = 0.375.
    nodes = pd.DataFrame({"color": [1, 1, 2, 2, 3, 3]})
    g = SocialGraph(nodes, np.arange(6), (np.arange(6) + 1) % 6, directed=True)
    np.testing.assert_allclose(coleman_homophily(g, "color").to_numpy(), [0.375] * 3)


def test_coleman_classroom_matches_netseg(classroom):
    # netseg vignette: coleman(Classroom, "gender") -> Boy 0.9084249, Girl 0.7909699.
    # By hand: boys send 42 (40 within), E = 42 * 12/25 = 20.16, (40-20.16)/(42-20.16).
    c = coleman_homophily(classroom, "group")
    np.testing.assert_allclose(c.to_numpy(), [0.9084249, 0.7909699], atol=5e-8)
    assert c["Boy"] == pytest.approx((40 - 20.16) / (42 - 20.16))


def test_coleman_negative_branch():
    # Fewer within ties than expected: C = (m_gg - E)/E. Group a (n=2 of N=4) sends 3 ties,
    # none within: E = 3 * 1/3 = 1, C = -1 (all choices outside).
    m = MixingMatrix.from_array([[0, 3], [3, 0]], directed=True, row_sizes=[2, 2],
                                col_sizes=[2, 2])
    np.testing.assert_allclose(coleman_homophily(m).to_numpy(), [-1.0, -1.0])


def test_coleman_undirected_counts_both_ends(kinship):
    # An undirected graph is read as netseg's as.directed(mode="mutual"): the same value as
    # on the directed graph with both arcs of every edge.
    both = SocialGraph(kinship.nodes, np.r_[kinship.src, kinship.dst],
                       np.r_[kinship.dst, kinship.src], directed=True)
    pd.testing.assert_series_equal(coleman_homophily(kinship, "group"),
                                   coleman_homophily(both, "group"))


# ------------------------------------------------------------------------- E-I index
def test_ei_classroom_matches_netseg(classroom, classroom_mutual):
    # netseg vignette: ei(Classroom) -0.8409091 = (7 - 81)/88; ei(undir) -0.9090909 = -20/22.
    assert ei_index(classroom, "group") == pytest.approx(-74 / 88)
    assert ei_index(classroom, "group") == pytest.approx(-0.8409091, abs=5e-8)
    assert ei_index(classroom_mutual, "group") == pytest.approx(-0.9090909, abs=5e-8)


def test_ei_by_group_and_node_hand_example():
    # Star: centre a (x) tied to b (x), c (y), d (y); plus c - d (y).
    # node E-I: a (2 ext - 1 int)/3 = 1/3; b -1; c (1 - 1)/2 = 0; d 0.
    # group x: ties of members a, b: ext 2, int 2 (a-b at both ends) -> 0;
    # group y: ext 2, int 2 -> 0. Graph: E = 2, I = 2 -> 0.
    nodes = pd.DataFrame({"g": ["x", "x", "y", "y"]}, index=list("abcd"))
    g = SocialGraph(nodes, [0, 0, 0, 2], [1, 2, 3, 3])
    np.testing.assert_allclose(ei_index_by_node(g, "g").to_numpy(), [1 / 3, -1, 0, 0])
    np.testing.assert_allclose(ei_index_by_group(g, "g").to_numpy(), [0, 0])
    assert ei_index(g, "g") == 0


def test_ei_modes_directed(classroom):
    # Boys send 42 (2 out), receive 45 (5 in): out (2-40)/42, in (5-40)/45,
    # all (7 - 80)/87.
    out = ei_index_by_group(classroom, "group", mode="out")
    inn = ei_index_by_group(classroom, "group", mode="in")
    both = ei_index_by_group(classroom, "group")
    assert out["Boy"] == pytest.approx(-38 / 42)
    assert inn["Boy"] == pytest.approx(-35 / 45)
    assert both["Boy"] == pytest.approx(-73 / 87)


def test_ei_node_isolate_warns(classroom):
    with pytest.warns(DegenerateMixingWarning, match="1024"):
        node = ei_index_by_node(classroom, "group")
    assert np.isnan(node[1024]) and node.drop(1024).notna().all()


def test_ei_expected_equals_mean_over_relabellings():
    # Independent check: the exact mean of the E-I index over all 7!/(3!2!2!) = 210
    # distinct assignments of the group labels to the nodes of a fixed graph.
    rng = np.random.default_rng(5)
    n = 7
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.5]
    src, dst = np.array(pairs).T
    labels = ["a"] * 3 + ["b"] * 2 + ["c"] * 2
    values = []
    for perm in set(itertools.permutations(labels)):
        same = np.array(perm)[src] == np.array(perm)[dst]
        values.append((len(pairs) - 2 * same.sum()) / len(pairs))
    g = SocialGraph(pd.DataFrame({"g": labels}), src, dst)
    # 1 - 2 (3*2 + 2*1 + 2*1)/(7*6) = 1 - 20/42
    assert ei_index_expected(g, "g") == pytest.approx(np.mean(values))
    assert ei_index_expected(g, "g") == pytest.approx(1 - 20 / 42)


# ------------------------------------------------------------------------- Freeman
def test_freeman_matches_netseg(kinship, classroom_mutual):
    # netseg README / test-freeman.R: freeman(WhiteKinship, "gender") = 0.2636364.
    # By hand: 22 edges, 9 cross-sex (Mother-Father, -Brother, -Brother's Son,
    # -Sister's Son; Sister-Father, -Sister's Son; Sister's Daughter-Father; Brother's
    # Daughter-Father, -Brother), so X/T = 9/22; E[X]/T = (10^2 - 5^2 - 5^2)/(10*9) = 5/9;
    # S = 1 - (9/22)/(5/9) = 29/110 = 0.2636364.
    cross = sum((a in KIN_FEMALE) != (b in KIN_FEMALE) for a, b in KIN_EDGES)
    assert cross == 9
    assert freeman_segregation(kinship, "group") == pytest.approx(
        1 - (cross / 22) / (50 / 90))
    assert freeman_segregation(kinship, "group") == pytest.approx(0.2636364, abs=5e-8)
    # netseg vignette: freeman(undir, "gender") = 0.9125874; 1 cross of 22 edges, 13 + 13
    # pupils: E[X]/T = (676 - 338)/650 = 0.52, S = 1 - (1/22)/0.52.
    assert freeman_segregation(classroom_mutual, "group") == pytest.approx(0.9125874,
                                                                           abs=5e-8)


def test_freeman_complete_graph_is_zero():
    # netseg test-freeman.R: the complete graph on 10 nodes, alternating groups, gives 0.
    i, j = np.triu_indices(10, 1)
    g = SocialGraph(pd.DataFrame({"t": np.arange(10) % 2}), i, j)
    assert freeman_segregation(g, "t") == pytest.approx(0, abs=1e-12)


# ------------------------------------------------------------------------- Gupta-Anderson-May
def test_gupta_anderson_may_matches_netseg(kinship, classroom_mutual):
    # netseg test-gamix.R: gamix(WhiteKinship, "gender") = 0.1801242;
    # netseg vignette: gamix(undir) = 0.9089027 = 22/23 + 20/21 - 1 (trace of row shares).
    assert gupta_anderson_may(kinship, "group") == pytest.approx(0.1801242, abs=5e-8)
    assert gupta_anderson_may(classroom_mutual, "group") == pytest.approx(0.9089027,
                                                                          abs=5e-8)
    assert gupta_anderson_may(classroom_mutual, "group") == pytest.approx(
        22 / 23 + 20 / 21 - 1)


def test_gupta_anderson_may_directed_rows_are_senders(classroom):
    # Our directed value: boys keep 40 of 42 choices, girls 41 of 46 -> Q = 40/42+41/46-1.
    # netseg's gamix(Classroom) = 0.9518002 instead: it copies the upper triangle of
    # [[40, 2], [5, 41]] onto the lower one and doubles the diagonal ([[80, 2], [2, 82]]),
    # i.e. 80/82 + 82/84 - 1; that is our value for that (undirected) table.
    assert gupta_anderson_may(classroom, "group") == pytest.approx(40 / 42 + 41 / 46 - 1)
    netseg_table = MixingMatrix.from_array([[80, 2], [2, 82]], directed=False)
    assert gupta_anderson_may(netseg_table) == pytest.approx(0.9518002, abs=5e-8)


def test_gupta_anderson_may_equals_eigenvalue_sum():
    # Gupta et al. define Q through the eigenvalues of the mixing probabilities.
    counts = np.array([[10, 3, 1], [2, 8, 4], [5, 1, 9]], dtype=float)
    p = counts / counts.sum(axis=1, keepdims=True)
    expected = (np.linalg.eigvals(p).real.sum() - 1) / 2
    assert gupta_anderson_may(MixingMatrix.from_array(counts)) == pytest.approx(expected)


# ------------------------------------------------------------------------- odds ratio
def test_odds_ratio_matches_netseg(kinship, classroom, classroom_mutual):
    # netseg orwg docs: orwg(WhiteKinship, "gender") = 3.301587; vignette: orwg(Classroom)
    # 16.58071 = (81 * 331)/(7 * 231), orwg(undir) 26.13333 = (21 * 168)/(135 * 1).
    assert within_group_odds_ratio(kinship, "group").statistic == pytest.approx(
        3.301587, abs=5e-7)
    res = within_group_odds_ratio(classroom, "group")
    assert res.table.tolist() == [[81, 231], [7, 331]]
    assert res.statistic == pytest.approx(16.58071, abs=5e-6)
    assert within_group_odds_ratio(classroom_mutual, "group").statistic == pytest.approx(
        26.13333, abs=5e-6)


def test_odds_ratio_trivially_integrated_is_one():
    # netseg test-orwg.R: mixing [[1, 2], [2, 1]] (directed), groups of 2 -> OR = 1.
    m = MixingMatrix.from_array([[1, 2], [2, 1]], row_sizes=[2, 2], col_sizes=[2, 2])
    assert within_group_odds_ratio(m).statistic == pytest.approx(1)
    g = SocialGraph(pd.DataFrame({"a": [1, 1, 2, 2]}), [0, 0, 1, 2, 2, 3], [1, 2, 3, 3, 0, 1],
                    directed=True)
    assert within_group_odds_ratio(g, "a").statistic == pytest.approx(1)


def test_odds_ratio_result_object(classroom):
    res = within_group_odds_ratio(classroom, "group", confidence_level=0.9)
    assert isinstance(res, OddsRatioResult)
    stat, p = res
    assert stat == res.statistic and p == res.pvalue and p < 1e-6
    assert res.confidence_interval.low < res.statistic < res.confidence_interval.high
    frame = res.to_frame()
    assert frame.shape[0] == 1 and {"standard_error_log", "ci_low", "ci_high"} <= set(frame.columns)
    assert "Odds ratio" in res.summary()
    greater = within_group_odds_ratio(classroom, "group", alternative="greater")
    assert greater.pvalue == pytest.approx(res.pvalue / 2)


def test_odds_ratio_zero_cell():
    # A perfectly segregated graph: no between-group ties, OR = inf.
    m = MixingMatrix.from_array([[2, 0], [0, 2]], directed=False, row_sizes=[3, 3],
                                col_sizes=[3, 3])
    with pytest.warns(DegenerateMixingWarning, match="correction=0.5"):
        res = within_group_odds_ratio(m)
    assert np.isinf(res.statistic) and np.isnan(res.standard_error_log)
    fixed = within_group_odds_ratio(m, correction=0.5)
    # Haldane-Anscombe: 0.5 added to every cell of [[2, 4], [0, 9]] (within: 2 ties of 6
    # pairs; between: 0 of 9). (statsmodels' shift_zeros replaces only the zero cells.)
    sm = Table2x2(np.array([[2, 4], [0, 9]]) + 0.5, shift_zeros=False)
    assert fixed.statistic == pytest.approx(2.5 * 9.5 / (4.5 * 0.5))
    assert fixed.statistic == pytest.approx(sm.oddsratio)
    assert fixed.standard_error_log == pytest.approx(sm.log_oddsratio_se)


def test_self_loops_are_not_dyads():
    # A self-loop is no tie between two people: the dyad table ignores it (this relies on
    # MixingMatrix.loop_counts).
    nodes = pd.DataFrame({"a": [1, 1, 1, 2, 2]})
    plain = SocialGraph(nodes, [0, 1, 2], [1, 3, 4])
    looped = SocialGraph(nodes, [0, 1, 2, 0], [1, 3, 4, 0])
    assert within_group_odds_ratio(looped, "a").table.tolist() == \
        within_group_odds_ratio(plain, "a").table.tolist() == [[1, 3], [2, 4]]
    pd.testing.assert_series_equal(segregation_matrix_index(looped, "a"),
                                   segregation_matrix_index(plain, "a"))


def test_odds_ratio_rejects_weights_and_multigraphs():
    g = SocialGraph(pd.DataFrame({"a": [1, 1, 2]}), [0, 1], [1, 2],
                    edge_attrs={"w": [1.0, 2.0]})
    with pytest.raises(InputError, match="weight=None"):
        within_group_odds_ratio(netmix.mixing_matrix(g, "a", "w"))
    multi = SocialGraph(pd.DataFrame({"a": [1, 1, 2]}), [0, 0, 1], [1, 1, 2])
    with pytest.raises(InputError, match="more ties than dyads"):
        within_group_odds_ratio(multi, "a")


# ------------------------------------------------------------------------- SMI
def test_smi_mutual_classroom_by_hand(classroom_mutual):
    # Boys: 11 edges among 13*12/2 = 78 dyads; girls 10/78; 1 boy-girl edge of 169 dyads.
    # SMI = (d_in - d_out)/(d_in + d_out). netseg's smi agrees when ties are mutual.
    d_out = 1 / 169
    expected = [(d - d_out) / (d + d_out) for d in (11 / 78, 10 / 78)]
    np.testing.assert_allclose(segregation_matrix_index(classroom_mutual, "group"), expected)
    ratio = segregation_matrix_index(classroom_mutual, "group", normalize=False)
    np.testing.assert_allclose(ratio, [11 / 78 * 169, 10 / 78 * 169])


def test_smi_directed_uses_both_directions(classroom):
    # Boys: 40 arcs in 13*12 = 156 ordered dyads; boy<->girl arcs 2 + 5 in 2*169 dyads.
    # (netseg's smi(Classroom) = 0.9117647, 0.9138241 divides by the boy->girl density
    # 2/169 alone for both groups; netmix counts both directions.)
    d_out = 7 / 338
    expected = [(d - d_out) / (d + d_out) for d in (40 / 156, 41 / 156)]
    np.testing.assert_allclose(segregation_matrix_index(classroom, "group"), expected)
    # netseg's number comes from the one-direction density:
    netseg_boys = (40 / 156 / (2 / 169) - 1) / (40 / 156 / (2 / 169) + 1)
    assert netseg_boys == pytest.approx(0.9117647, abs=5e-8)


def test_smi_k_groups_kinship(kinship):
    # WhiteKinship: 6 female-female edges of 10 pairs, 7 male-male of 10, 9 cross of 25:
    # SMI_f = (0.6 - 0.36)/(0.6 + 0.36) = 0.25, SMI_m = (0.7 - 0.36)/(0.7 + 0.36).
    fem = set(KIN_FEMALE)
    within_f = sum(a in fem and b in fem for a, b in KIN_EDGES)
    within_m = sum(a not in fem and b not in fem for a, b in KIN_EDGES)
    d_out = (22 - within_f - within_m) / 25
    expected = [(d - d_out) / (d + d_out) for d in (within_f / 10, within_m / 10)]
    np.testing.assert_allclose(segregation_matrix_index(kinship, "group"), expected)
    np.testing.assert_allclose(expected, [0.25, 0.34 / 1.06])


# ------------------------------------------------------------------------- CJP
def test_inbreeding_homophily_coleman_table():
    # H_boys = 45/60, w = 0.6: IH = 0.15/0.4 = 0.375; H_girls = 0.5, w = 0.4: IH = 1/6.
    # These are Coleman's own published values for his example (0.375, 0.167, quoted in
    # netseg's test-coleman.R), which used n_g/N for the expected share.
    m = MixingMatrix.from_array([[45, 15], [20, 20]], labels=["boys", "girls"],
                                row_sizes=[60, 40], col_sizes=[60, 40])
    np.testing.assert_allclose(inbreeding_homophily(m).to_numpy(), [0.375, 1 / 6])
    assert round(inbreeding_homophily(m)["girls"], 3) == 0.167


# ------------------------------------------------------------------------- degenerate input
GROUP_INDICES = [coleman_homophily, ei_index_by_group, segregation_matrix_index,
                 inbreeding_homophily]
GRAPH_INDICES = [ei_index, freeman_segregation, gupta_anderson_may]


@pytest.mark.parametrize("index", GROUP_INDICES + GRAPH_INDICES)
def test_no_edges_is_nan_with_warning(index):
    m = MixingMatrix.from_array([[0, 0], [0, 0]], row_sizes=[2, 3], col_sizes=[2, 3])
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        value = np.asarray(index(m), dtype=float)
    assert np.isnan(value).all()
    _only_degenerate_warnings(record)


@pytest.mark.parametrize("index", [coleman_homophily, segregation_matrix_index,
                                   inbreeding_homophily, freeman_segregation,
                                   gupta_anderson_may])
def test_one_group_is_nan_with_warning(index):
    m = MixingMatrix.from_array([[6]], row_sizes=[4], col_sizes=[4])
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        value = np.asarray(index(m), dtype=float)
    assert np.isnan(value).all()
    _only_degenerate_warnings(record)


def test_one_group_odds_ratio_nan():
    m = MixingMatrix.from_array([[6]], row_sizes=[4], col_sizes=[4])
    with pytest.warns(DegenerateMixingWarning, match="between groups"):
        assert np.isnan(within_group_odds_ratio(m).statistic)


def test_group_without_ties_and_singleton():
    # Group c has no ties; group s is a single node.
    m = MixingMatrix.from_array([[4, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0], [2, 0, 0, 6]],
                                labels=["a", "s", "c", "d"], row_sizes=[3, 1, 2, 3],
                                col_sizes=[3, 1, 2, 3])
    with pytest.warns(DegenerateMixingWarning) as record:
        c = coleman_homophily(m)
    text = " ".join(str(w.message) for w in record)
    assert "'c'" in text and "'s'" in text
    assert np.isnan(c[["s", "c"]]).all() and c[["a", "d"]].notna().all()
    with pytest.warns(DegenerateMixingWarning, match="'c'"):
        assert np.isnan(gupta_anderson_may(m))


# ------------------------------------------------------------------------- input checks
def test_needs_group_sizes():
    m = MixingMatrix.from_array([[3, 1], [1, 2]])
    for index in (coleman_homophily, freeman_segregation, inbreeding_homophily,
                  segregation_matrix_index, within_group_odds_ratio, ei_index_expected):
        with pytest.raises(InputError, match="row_sizes="):
            index(m)


def test_matrix_with_groups_or_weight_rejected():
    m = MixingMatrix.from_array([[3, 1], [1, 2]])
    with pytest.raises(InputError, match="groups and weight must be None"):
        ei_index(m, "dept")


def test_graph_without_groups_rejected(classroom):
    with pytest.raises(InputError, match="groups must"):
        ei_index(classroom)


def test_nonsquare_rejected(classroom):
    nodes = classroom.nodes.assign(other=np.arange(26) % 3)
    g = classroom.with_nodes(nodes)
    m = netmix.mixing_matrix(g, "group", col_groups="other")
    with pytest.raises(InputError, match="same groups"):
        ei_index(m)


def test_directed_false_on_matrix_counts_both_ways(classroom):
    m = netmix.mixing_matrix(classroom, "group")
    assert coleman_homophily(m, directed=False).tolist() == coleman_homophily(
        classroom, "group", directed=False).tolist()


# ------------------------------------------------------------------------- properties
@st.composite
def random_graphs(draw, directed=None):
    n = draw(st.integers(4, 14))
    k = draw(st.integers(2, 4))
    groups = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    is_directed = draw(st.booleans()) if directed is None else directed
    pairs = [(i, j) for i in range(n) for j in range(n)
             if i != j and (is_directed or i < j)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=len(pairs),
                           unique=True))
    src, dst = np.array(chosen).T
    return SocialGraph(pd.DataFrame({"g": groups}), src, dst, directed=is_directed)


def _quiet(f, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        return f(*args, **kw)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_graphs(), st.randoms(use_true_random=False))
def test_relabelling_groups_changes_nothing(g, rnd):
    labels = sorted(set(g.nodes["g"]))
    names = [f"group{i}" for i in range(len(labels))]
    rnd.shuffle(names)
    renamed = g.with_nodes(g.nodes.assign(g=g.nodes["g"].map(dict(zip(labels, names,
                                                                       strict=True)))))
    for index in GROUP_INDICES:
        a, b = _quiet(index, g, "g"), _quiet(index, renamed, "g")
        b = b.rename(index=dict(zip(names, labels, strict=True)))
        pd.testing.assert_series_equal(a.sort_index(), b.sort_index(), check_names=False)
    for index in (*GRAPH_INDICES, ei_index_expected):
        np.testing.assert_allclose(_quiet(index, g, "g"), _quiet(index, renamed, "g"))
    np.testing.assert_allclose(_quiet(within_group_odds_ratio, g, "g").statistic,
                               _quiet(within_group_odds_ratio, renamed, "g").statistic)


@settings(max_examples=40, deadline=None)
@given(random_graphs())
def test_ei_bounds_and_aggregation(g):
    ei = ei_index(g, "g")
    groups = _quiet(ei_index_by_group, g, "g")
    nodes = _quiet(ei_index_by_node, g, "g")
    assert -1 <= ei <= 1
    assert ((groups.dropna() >= -1) & (groups.dropna() <= 1)).all()
    assert ((nodes.dropna() >= -1) & (nodes.dropna() <= 1)).all()
    deg = g.degree().to_numpy()
    ok = deg > 0
    # The graph and group values are degree-weighted means of the node values.
    assert ei == pytest.approx(np.average(nodes[ok], weights=deg[ok]))
    codes = g.nodes["g"].to_numpy()
    for label, value in groups.items():
        sel = ok & (codes == label)
        assert sel.any() == (not np.isnan(value))
        if sel.any():
            assert value == pytest.approx(np.average(nodes[sel], weights=deg[sel]))


@settings(max_examples=40, deadline=None)
@given(random_graphs(directed=True))
def test_node_ei_out_mode_aggregates(g):
    out = _quiet(ei_index_by_node, g, "g", mode="out")
    deg = g.degree(mode="out").to_numpy()
    ok = deg > 0
    assert ei_index(g, "g") == pytest.approx(np.average(out[ok], weights=deg[ok]))


@settings(max_examples=40, deadline=None)
@given(random_graphs())
def test_odds_ratio_matches_statsmodels(g):
    res = _quiet(within_group_odds_ratio, g, "g")
    table = res.table
    if (table == 0).any():
        return
    sm = Table2x2(table)
    assert res.statistic == pytest.approx(sm.oddsratio)
    assert res.standard_error_log == pytest.approx(sm.log_oddsratio_se)
    np.testing.assert_allclose(list(res.confidence_interval), sm.oddsratio_confint())
    assert res.pvalue == pytest.approx(sm.log_oddsratio_pvalue())
    # The dyads add up: N(N-1) ordered (directed) or N(N-1)/2 pairs.
    n = g.n_nodes
    assert table.sum() == (n * (n - 1) if g.directed else n * (n - 1) / 2)


@settings(max_examples=30, deadline=None)
@given(random_graphs())
def test_coleman_bounds(g):
    c = _quiet(coleman_homophily, g, "g").dropna()
    assert ((c >= -1 - 1e-12) & (c <= 1 + 1e-12)).all()


# ------------------------------------------------------------------------- real data
def test_highschool_indices_consistent(highschool):
    # SocioPatterns high school 2013: 9 classes, contacts as undirected ties.
    m = netmix.mixing_matrix(highschool, "class")
    n = m.row_sizes
    counts = m.counts
    share = np.diag(counts) / counts.sum(axis=1)
    # inbreeding homophily by hand from the matrix
    np.testing.assert_allclose(inbreeding_homophily(highschool, "class"),
                               (share - n / n.sum()) / (1 - n / n.sum()))
    weighted = ei_index(highschool, "class", "duration")
    assert -1 <= weighted <= 1
    # E-I of the graph = degree-weighted mean of the node values (duration-weighted)
    nodes = ei_index_by_node(highschool, "class", "duration")
    strength = highschool.degree(weight="duration")
    assert weighted == pytest.approx(np.average(nodes, weights=strength))
    assert ei_index(highschool, "class") < ei_index_expected(highschool, "class")
