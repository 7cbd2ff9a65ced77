"""Actual versus expected mixing: hand computations on a two-area fixture, networkx."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import netmix
from netmix.ego import (
    expected_contacts,
    from_graph,
    ingroup_overrepresentation,
    integration_ratio,
    ratio_matrix,
    read_ego_data,
)


def two_areas(weights=None):
    """Two areas of opposite composition.

    Area X: 80 A, 20 B (N = 100); area Y: 20 A, 80 B.

    ego  group area  alters        O  E (ego included)    O/E
    1    A     X     A A A B       1  4 * 0.2 = 0.8       1.25
    2    A     Y     A B           1  2 * 0.8 = 1.6       0.625
    3    B     Y     B B B B A     1  5 * 0.2 = 1.0       1.0
    4    B     X     A             1  1 * 0.8 = 0.8       1.25
    5    A     X     (none)        0  0                   undefined
    """
    egos = pd.DataFrame({"ego": [1, 2, 3, 4, 5], "g": ["A", "A", "B", "B", "A"],
                         "area": ["X", "Y", "Y", "X", "X"],
                         "w": weights if weights is not None else [1.0] * 5})
    alters = pd.DataFrame({"ego": [1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 4],
                           "g": list("AAAB") + list("AB") + list("BBBBA") + ["A"]})
    areas = pd.DataFrame({"A": [80, 20], "B": [20, 80]}, index=["X", "Y"])
    return read_ego_data(egos, alters, group="g", area="area", areas=areas, survey_weight="w")


def ratio(data, **kw):
    kw.setdefault("exclude_ego", False)
    return integration_ratio(data, method=None, **kw)


def test_ratio_of_sums_versus_mean_of_ratios_by_hand():
    d = two_areas()
    # ratio of sums: (1 + 1 + 1 + 1 + 0) / (0.8 + 1.6 + 1.0 + 0.8 + 0) = 4 / 4.2
    ros = ratio(d)
    assert ros.statistic == pytest.approx(4 / 4.2, rel=1e-12)  # 0.952381
    # mean of ratios over the 4 egos with alters: (1.25 + 0.625 + 1 + 1.25) / 4 = 1.03125
    mor = ratio(d, estimator="mean_of_ratios")
    assert mor.statistic == pytest.approx(1.03125, rel=1e-12)
    assert (ros.n_egos_without_alters, mor.n_egos_used) == (1, 4)
    # the two estimators disagree in direction: below and above random mixing
    assert ros.statistic < 1 < mor.statistic


def test_survey_weights_by_hand():
    d = two_areas([1.0, 2.0, 1.0, 1.0, 1.0])
    # ego 2 counts twice: (1 + 2 + 1 + 1) / (0.8 + 3.2 + 1.0 + 0.8) = 5 / 5.8
    assert ratio(d).statistic == pytest.approx(5 / 5.8, rel=1e-12)
    # (1.25 + 2 * 0.625 + 1 + 1.25) / (1 + 2 + 1 + 1) = 4.75 / 5 = 0.95
    assert ratio(d, estimator="mean_of_ratios").statistic == pytest.approx(0.95, rel=1e-12)
    assert ratio(d, survey_weights=False).statistic == pytest.approx(4 / 4.2, rel=1e-12)


def test_by_group_and_by_area_by_hand():
    d = two_areas()
    t = ratio(d, by="group").table["ratio"]
    assert t["A"] == pytest.approx(2 / 2.4)  # egos 1, 2, 5: (1 + 1) / (0.8 + 1.6)
    assert t["B"] == pytest.approx(2 / 1.8)  # egos 3, 4: (1 + 1) / (1.0 + 0.8)
    t = ratio(d, by="area").table
    assert t.loc["X", "ratio"] == pytest.approx(2 / 1.6)  # egos 1, 4, 5
    assert t.loc["Y", "ratio"] == pytest.approx(2 / 2.6)  # egos 2, 3
    assert t.loc["X", "n_egos"] == 3 and t.loc["X", "n_egos_used"] == 2


def test_exclude_ego_by_hand():
    d = two_areas()
    # without the ego, ego 1 (A in X) meets 20 B among 99 others: E = 4 * 20/99;
    # ego 2: 2 * 80/99, ego 3: 5 * 20/99, ego 4: 1 * 80/99 -> sum 420/99
    res = integration_ratio(d, method=None, exclude_ego=True)
    assert res.statistic == pytest.approx(4 / (420 / 99), rel=1e-12)  # 0.942857
    assert res.exclude_ego is True
    e = expected_contacts(d, exclude_ego=True)
    assert e.loc[1, "expected_out"] == pytest.approx(80 / 99)


def test_expected_contacts_table():
    e = expected_contacts(two_areas(), exclude_ego=False)
    assert e.loc[2, ["observed_out", "expected_out", "outgroup_ratio"]].tolist() == \
        pytest.approx([1.0, 1.6, 0.625])
    # in-group: ego 3 has 4 B of an expected 5 * 0.8 = 4
    assert e.loc[3, "ingroup_ratio"] == pytest.approx(1.0)
    assert np.isnan(e.loc[5, "outgroup_ratio"])
    assert e.loc[1, "area"] == "X"


def test_ratio_matrix_by_hand_and_diagonal_is_ingroup():
    d = two_areas()
    m = ratio_matrix(d, exclude_ego=False)
    # row A (egos 1, 2): observed A 3 + 1 = 4, B 1 + 1 = 2;
    # expected 4 * (0.8, 0.2) + 2 * (0.2, 0.8) = (3.6, 2.4)
    # row B (egos 3, 4): observed A 2, B 4; expected 5 * (0.2, 0.8) + (0.8, 0.2) = (1.8, 4.2)
    expected = np.array([[4 / 3.6, 2 / 2.4], [2 / 1.8, 4 / 4.2]])
    np.testing.assert_allclose(m.to_numpy(), expected, rtol=1e-12)
    inn = ingroup_overrepresentation(d, method=None, exclude_ego=False).table["ratio"]
    np.testing.assert_allclose(inn.to_numpy(), np.diag(expected), rtol=1e-12)
    # with two groups, the off-diagonal is the group's integration ratio
    out = ratio(d).table["ratio"]
    np.testing.assert_allclose(out.to_numpy(), [expected[0, 1], expected[1, 0]], rtol=1e-12)


def test_single_area_ratio_matrix_is_socialmixr_assortativity():
    # socialmixr split_matrix: diag(1 / rowsums) %*% C %*% diag(1 / population proportions)
    egos = pd.DataFrame({"ego": range(1, 7), "g": list("aabbcc")})
    alters = pd.DataFrame({"ego": [1, 1, 1, 2, 3, 3, 4, 5, 5, 5, 6],
                           "g": list("aabcbbaccab")})
    pop = {"a": 500.0, "b": 300.0, "c": 200.0}
    d = read_ego_data(egos, alters, group="g", areas=pop)
    counts = pd.crosstab(d.egos.loc[alters["ego"], "g"].to_numpy(), alters["g"]).to_numpy()
    c = counts / np.bincount(d.ego_codes)[:, None]  # mean contacts per participant
    p = np.array(list(pop.values())) / sum(pop.values())
    socialmixr = np.diag(1 / c.sum(axis=1)) @ c @ np.diag(1 / p)
    np.testing.assert_allclose(ratio_matrix(d, exclude_ego=False).to_numpy(), socialmixr)


def test_sociocentric_integration_matches_networkx(workplace):
    """Each node's neighbours against random draws from the other 91 people."""
    res = integration_ratio(from_graph(workplace, "department"), method=None)
    g = workplace.to_networkx()
    dept = dict(g.nodes(data="department"))
    sizes = pd.Series(dept).value_counts()
    n = g.number_of_nodes()
    cross = sum(dept[u] != dept[v] for u, v in g.edges)
    observed = 2 * cross  # each cross-department edge is out-group for both ends
    expected = sum(g.degree(i) * (n - sizes[dept[i]]) / (n - 1) for i in g.nodes)
    assert res.statistic == pytest.approx(observed / expected, rel=1e-12)


def test_shares_need_exclude_ego_false():
    d = two_areas()
    shares = d.areas.div(d.areas.sum(axis=1), axis=0)
    ds = d.with_areas(shares, area="area", area_units="shares")
    with pytest.raises(netmix.InputError, match="exclude_ego=False"):
        integration_ratio(ds, method=None)
    assert ratio(ds).statistic == pytest.approx(4 / 4.2)


def test_ego_outside_its_area_population_raises():
    egos = pd.DataFrame({"ego": [1], "g": ["B"]})
    alters = pd.DataFrame({"ego": [1], "g": ["A"]})
    d = read_ego_data(egos, alters, group="g", areas={"A": 10, "B": 0})
    with pytest.raises(netmix.InputError, match="count of that group is 0"):
        integration_ratio(d, method=None)


def test_nothing_expected_warns_and_is_nan():
    egos = pd.DataFrame({"ego": [1, 2], "g": ["A", "B"]})
    alters = pd.DataFrame({"ego": pd.Series([], dtype=np.int64), "g": pd.Series([], dtype=object)})
    d = read_ego_data(egos, alters, group="g", areas={"A": 10, "B": 10})
    with pytest.warns(netmix.DegenerateMixingWarning, match="nothing was expected"):
        res = integration_ratio(d, method="analytic")
    assert np.isnan(res.statistic) and res.n_egos_without_alters == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ratio_matrix(two_areas())
    with pytest.warns(netmix.DegenerateMixingWarning):
        ratio_matrix(d)
