"""Contact matrices: hand computation, reciprocity, an independent pandas implementation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmix
from netmix.ego import contact_matrix, read_ego_data


def two_areas():
    # participants A: egos 1, 2, 5 (ego 5 reported nobody); B: egos 3, 4
    egos = pd.DataFrame({"ego": [1, 2, 3, 4, 5], "g": ["A", "A", "B", "B", "A"],
                         "area": ["X", "Y", "Y", "X", "X"]})
    alters = pd.DataFrame({"ego": [1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 4],
                           "g": list("AAAB") + list("AB") + list("BBBBA") + ["A"]})
    areas = pd.DataFrame({"A": [80, 20], "B": [20, 80]}, index=["X", "Y"])
    return read_ego_data(egos, alters, group="g", area="area", areas=areas)


def test_hand_computed_matrix():
    cm = contact_matrix(two_areas())
    # A participants report A 3 + 1 = 4 and B 1 + 1 = 2 contacts over 3 participants;
    # B participants report A 1 + 1 = 2 and B 4 over 2 participants
    np.testing.assert_allclose(cm.matrix.to_numpy(), [[4 / 3, 2 / 3], [1.0, 2.0]])
    assert cm.participants.tolist() == [3, 2]
    assert cm.population.tolist() == [100.0, 100.0]  # summed over the two areas


def test_symmetrised_by_hand_with_unequal_populations():
    cm = contact_matrix(two_areas(), symmetric=True, population={"A": 150, "B": 50})
    # c_AB' = (c_AB N_A + c_BA N_B) / (2 N_A) = (2/3 * 150 + 1 * 50) / 300 = 0.5
    # c_BA' = (c_BA N_B + c_AB N_A) / (2 N_B) = (50 + 100) / 100 = 1.5
    assert cm.matrix.loc["A", "B"] == pytest.approx(0.5)
    assert cm.matrix.loc["B", "A"] == pytest.approx(1.5)
    # the diagonal is unchanged
    assert cm.matrix.loc["A", "A"] == pytest.approx(4 / 3)
    np.testing.assert_allclose(cm.reciprocity().to_numpy(), 1.0)
    raw = contact_matrix(two_areas(), population={"A": 150, "B": 50})
    # raw totals: 2/3 * 150 = 100 from A's side against 1 * 50 = 50 from B's side
    assert raw.reciprocity().loc["A", "B"] == pytest.approx(2.0)


def test_per_capita_divides_by_contact_group_size():
    cm = contact_matrix(two_areas(), per_capita=True, population={"A": 150, "B": 50})
    np.testing.assert_allclose(cm.matrix.to_numpy(),
                               [[4 / 3 / 150, 2 / 3 / 50], [1 / 150, 2 / 50]])


def test_population_needed_and_checked():
    egos = pd.DataFrame({"ego": [1], "g": ["A"]})
    alters = pd.DataFrame({"ego": [1], "g": ["B"]})
    d = read_ego_data(egos, alters, group="g")
    with pytest.raises(netmix.InputError, match="population"):
        contact_matrix(d, symmetric=True)
    with pytest.raises(netmix.InputError, match="every group"):
        contact_matrix(d, symmetric=True, population={"A": 10})
    with pytest.warns(netmix.DegenerateMixingWarning, match="no participants"):
        contact_matrix(d)  # group B has no participant


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_matches_pandas_groupby_and_symmetry_holds(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 30))
    egos = pd.DataFrame({"ego": np.arange(n), "g": rng.choice(list("xyz"), n),
                         "w": rng.uniform(0.2, 3, n)})
    egos.loc[:2, "g"] = ["x", "y", "z"]
    m = int(rng.integers(0, 80))
    alters = pd.DataFrame({"ego": rng.integers(0, n, m), "g": rng.choice(list("xyz"), m)})
    pop = {"x": 500.0, "y": 300.0, "z": 200.0}
    d = read_ego_data(egos, alters, group="g", survey_weight="w", areas=pop)
    # independent: weighted mean over participants of their per-group contact counts
    per_ego = pd.crosstab(alters["ego"], alters["g"]).reindex(
        index=egos["ego"], columns=list("xyz"), fill_value=0)
    ref = per_ego.mul(egos["w"].to_numpy(), axis=0).groupby(egos["g"].to_numpy()).sum()
    ref = ref.div(egos.groupby("g")["w"].sum(), axis=0)
    np.testing.assert_allclose(contact_matrix(d).matrix.to_numpy(), ref.to_numpy(),
                               atol=1e-12)
    sym = contact_matrix(d, symmetric=True).matrix.to_numpy()
    n_g = np.array(list(pop.values()))
    total = sym * n_g[:, None]
    np.testing.assert_allclose(total, total.T, atol=1e-9)  # c_ij N_i = c_ji N_j
