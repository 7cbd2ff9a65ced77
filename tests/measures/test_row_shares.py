"""MixingMatrix.row_shares (issue 18, item 7): each row over its total (hand computations)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import netmix
from netmix import DegenerateMixingWarning, MixingMatrix


def test_row_shares_by_hand():
    m = MixingMatrix.from_array([[6, 2], [1, 3]], labels=["a", "b"])
    shares = m.row_shares()
    # a: 6/8, 2/8; b: 1/4, 3/4
    np.testing.assert_allclose(shares.to_numpy(), [[0.75, 0.25], [0.25, 0.75]])
    assert list(shares.index) == ["a", "b"] and list(shares.columns) == ["a", "b"]


def test_row_shares_of_a_graph_are_the_share_of_each_groups_contacts():
    nodes = pd.DataFrame({"g": list("aabb")})
    g = netmix.SocialGraph(nodes, [0, 0, 2], [1, 2, 3])  # a-a, a-b, b-b
    shares = netmix.mixing_matrix(g, "g").row_shares()
    # undirected, both directions: row a = [2, 1] (a-a twice, a-b once), row b = [1, 2]
    np.testing.assert_allclose(shares.to_numpy(), [[2 / 3, 1 / 3], [1 / 3, 2 / 3]])
    assert shares.index.name == "g"


def test_an_empty_row_is_nan_with_a_warning():
    m = MixingMatrix.from_array([[4, 0], [0, 0]], labels=["a", "<empty>"])
    with pytest.warns(DegenerateMixingWarning, match="<empty>"):
        shares = m.row_shares()
    assert np.isnan(shares.loc["<empty>"]).all()
    assert shares.loc["a"].tolist() == [1.0, 0.0]


def test_the_repr_is_short(workplace):
    text = repr(netmix.mixing_matrix(workplace, "department"))
    assert text.splitlines()[0] == "<MixingMatrix 5x5, undirected, edge counts>"
    assert len(text.splitlines()) <= 10
