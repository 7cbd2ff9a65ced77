"""netmix's one group order: labels in natural order (numbers as numbers), the same in the
core's codes, every matrix, the ego tables and the out-of-core engine. Expected orders are
written by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

import netmix
from netmix.core import group_codes

LABELS = ["D10", "D2", "D1", "D2", "D10", "D1"]


def _graph() -> netmix.SocialGraph:
    nodes = pd.DataFrame({"dept": LABELS}, index=[f"p{k}" for k in range(6)])
    return netmix.SocialGraph(nodes, [0, 1, 2, 3, 4], [1, 2, 3, 4, 5])


def test_codes_and_matrix_in_natural_order():
    gc = group_codes(_graph(), "dept")
    assert list(gc.labels) == ["D1", "D2", "D10"]  # not the lexicographic D1, D10, D2
    assert gc.codes.tolist() == [2, 1, 0, 1, 2, 0]
    m = netmix.mixing_matrix(_graph(), "dept")
    assert list(m.row_labels) == ["D1", "D2", "D10"]
    # p0-p1 and p3-p4 are D10-D2 ties: each counted in both directions (undirected)
    assert m.counts[2, 1] == m.counts[1, 2] == 2


def test_missing_labels_keep_code_minus_one():
    nodes = pd.DataFrame({"dept": ["D10", None, "D2"]}, index=list("abc"))
    g = netmix.SocialGraph(nodes, [0, 1], [1, 2])
    gc = group_codes(g, "dept", missing="drop")
    assert gc.codes.tolist() == [1, -1, 0] and list(gc.labels) == ["D2", "D10"]


def test_ego_levels_in_natural_order():
    from netmix.ego._tables import levels_of

    assert levels_of(pd.Series(["2A", "10A", "1B", None, "1A"])) == ["1A", "1B", "2A", "10A"]


def test_out_of_core_engine_uses_the_same_order(tmp_path):
    g = _graph()
    edges = pd.DataFrame({"source": g.node_ids[g.src], "target": g.node_ids[g.dst]})
    nodes = g.nodes.rename_axis("id").reset_index()
    edges.to_parquet(tmp_path / "e.parquet")
    nodes.to_parquet(tmp_path / "n.parquet")
    m = netmix.scale.mixing_matrix(tmp_path / "e.parquet", tmp_path / "n.parquet", "dept")
    ref = netmix.mixing_matrix(g, "dept")
    assert list(m.row_labels) == list(ref.row_labels) == ["D1", "D2", "D10"]
    np.testing.assert_array_equal(m.counts, ref.counts)
