"""mixing_change of two mixing matrices (issue 18, item 7): hand computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import netmix
from netmix import DegenerateMixingWarning, InputError, InputTypeError, MixingMatrix
from netmix.models import mixing_change, programme_matrices


def test_two_matrices_by_hand():
    before = MixingMatrix.from_array([[8, 2], [2, 8]], labels=["a", "b"])
    after = MixingMatrix.from_array([[5, 5], [1, 9]], labels=["a", "b"])
    out = mixing_change(before, after)
    # a: 2/10 -> 5/10; b: 2/10 -> 1/10; pooled: 4/20 -> 6/20
    np.testing.assert_allclose(out["share_before"], [0.2, 0.2])
    np.testing.assert_allclose(out["share_after"], [0.5, 0.1])
    np.testing.assert_allclose(out["change"], [0.3, -0.1])
    assert out["contacts_before"].tolist() == [10, 10]
    info = out.attrs["netmix_change"]
    assert info["overall_before"] == pytest.approx(0.2)
    assert info["overall_after"] == pytest.approx(0.3)


def test_groups_are_aligned_and_tables_accepted():
    before = pd.DataFrame([[8, 2], [2, 8]], index=list("ab"), columns=list("ab"))
    after = pd.DataFrame([[9, 1], [5, 5]], index=list("ba"), columns=list("ba"))
    out = mixing_change(before, after)  # after's b row is [9 (b-b), 1 (b-a)]
    np.testing.assert_allclose(out.loc["a", "share_after"], 0.5)
    np.testing.assert_allclose(out.loc["b", "share_after"], 0.1)


def test_programme_matrices_of_graphs_compare():
    nodes = pd.DataFrame({"g": list("aabb")})
    b = netmix.SocialGraph(nodes, [0, 2], [1, 3])
    a = netmix.SocialGraph(nodes, [0, 2, 0], [1, 3, 2])
    out = mixing_change(*programme_matrices(b, a, "g"))
    # after: a's ends: a-a twice, a-b once -> 1/3 cross
    np.testing.assert_allclose(out["share_after"], [1 / 3, 1 / 3])
    np.testing.assert_allclose(out["share_before"], [0.0, 0.0])


def test_a_group_without_contacts_is_nan_with_a_warning():
    before = MixingMatrix.from_array([[2, 0], [0, 0]], labels=["a", "b"])
    after = MixingMatrix.from_array([[1, 1], [1, 0]], labels=["a", "b"])
    with pytest.warns(DegenerateMixingWarning, match="without contacts"):
        out = mixing_change(before, after)
    assert np.isnan(out.loc["b", "change"]) and out.attrs["netmix_change"][
        "n_without_contacts"] == 1


def test_bad_pairs():
    m = MixingMatrix.from_array([[1, 1], [1, 1]], labels=["a", "b"])
    other = MixingMatrix.from_array([[1, 1], [1, 1]], labels=["a", "c"])
    with pytest.raises(InputError, match="same groups"):
        mixing_change(m, other)
    with pytest.raises(InputTypeError, match="after must be a MixingMatrix"):
        mixing_change(m, netmix.datasets.load_example())
    with pytest.raises(InputError, match="groups must be None"):
        mixing_change(m, m, "department")
    weighted = MixingMatrix.from_array([[1.5, 1], [1, 1]], labels=["a", "b"], directed=False)
    with pytest.raises(InputError, match="counted the same way"):
        mixing_change(m, weighted)


@pytest.mark.parametrize("seed", range(6))
def test_programme_matrices_count_each_tie_from_both_ends_by_hand(seed):
    """The graph matrices (through the core's edge view and tally) against a loop over the
    edges written from the definition: each tie counted from both ends (directed arcs as
    ties), self-loops out, weights summed; with ``people``, only the rows of their ends."""
    rng = np.random.default_rng(seed)
    n, m = 30, 120
    nodes = pd.DataFrame({"g": rng.choice(["x", "y", "z"], n)}, index=[f"p{i}" for i in
                                                                      range(n)])
    src, dst = rng.integers(0, n, m), rng.integers(0, n, m)
    w = rng.random(m).round(3)
    g = netmix.SocialGraph(nodes, src, dst, edge_attrs={"w": w}, directed=seed % 2 == 1)
    people = list(nodes.index[rng.random(n) < 0.5]) if seed >= 3 else None
    labels = sorted(set(nodes["g"]))
    for weight in (None, "w"):
        want = pd.DataFrame(0.0, index=labels, columns=labels)
        for s, d, x in zip(src, dst, w, strict=True):
            if s == d:
                continue
            for a, b in ((s, d), (d, s)):
                if people is None or nodes.index[a] in people:
                    want.loc[nodes["g"].iloc[a], nodes["g"].iloc[b]] += 1 if weight is None \
                        else x
        got = programme_matrices(g, g, "g", people=people, weight=weight)[0]
        pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12)


def test_programme_matrices_refuse_negative_weights():
    nodes = pd.DataFrame({"g": list("aabb")})
    g = netmix.SocialGraph(nodes, [0, 2], [1, 3], edge_attrs={"w": [1.0, -2.0]})
    with pytest.raises(InputError, match="w"):
        programme_matrices(g, g, "g", weight="w")
