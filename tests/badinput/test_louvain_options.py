"""Bad-input corpus: ``detect_communities(method="louvain")`` (netmix's compiled Louvain) and
``"multilevel"`` (igraph's).

Malformed options are refused at the public boundary with a message naming the argument
(detect.py ``_options``); degenerate graphs give the exact partition or nan with a netmix
warning. Expected partitions are written out by hand.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from _corpus import Case, check, ids

import netmix
from netmix.communities import detect_communities
from netmix.exceptions import DegenerateMixingWarning


def karate():
    return netmix.from_networkx(nx.karate_club_graph())


def louvain(method="louvain", graph=karate, **options):
    return lambda d: detect_communities(graph(), method, **options)


def _weighted(w):
    return lambda: netmix.from_networkx(nx.Graph([(0, 1, {"w": w}), (1, 2, {"w": 1.0})]))


def _codes(expected):
    def check_codes(part):
        assert part.codes.tolist() == expected, part.codes.tolist()
    return check_codes


CASES = [
    *[Case(f"{m}-negative-resolution", louvain(m, resolution=-1.0), match=("resolution",))
      for m in ("louvain", "multilevel")],
    Case("louvain-unknown-option", louvain(n_jobs=2),
         match=("unknown option(s) n_jobs for method='louvain'", "none")),
    Case("louvain-objective", louvain(objective="cpm"), match=("method='leiden' only",)),
    Case("louvain-directed", louvain(graph=lambda: netmix.from_networkx(
        nx.DiGraph([(0, 1), (1, 2)]))), match=("directed=False",)),
    Case("louvain-negative-weight", louvain(graph=_weighted(-1.0), weight="w"), match=("w",)),
    Case("louvain-nan-weight", louvain(graph=_weighted(float("nan")), weight="w"),
         match=("w",)),
    Case("louvain-no-edges", louvain(graph=lambda: netmix.from_networkx(nx.empty_graph(3)),
                                     seed=0),
         error=None, result=_codes([0, 1, 2]), warns=DegenerateMixingWarning,
         warns_match="no edges"),
    # two triangles joined by one edge: the two triangles, whatever the seed
    *[Case(f"louvain-two-triangles-seed-{s}", louvain(graph=lambda: netmix.from_networkx(
        nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])), seed=s),
        error=None, result=_codes([0, 0, 0, 1, 1, 1])) for s in (0, 1, 2)],
    # tiny and huge weights: the weights are rescaled, the partition is the same
    *[Case(f"louvain-weights-scale-{x:g}", louvain(graph=lambda x=x: netmix.from_networkx(
        nx.Graph([(u, v, {"w": x}) for u, v in [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5),
                                                 (3, 5), (2, 3)]])), weight="w", seed=0),
        error=None, result=_codes([0, 0, 0, 1, 1, 1])) for x in (1e-300, 1e300)],
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)


def test_isolated_nodes_stay_alone():
    """Nodes 3 and 4 have no tie: each is a community of its own."""
    g = netmix.from_edges(pd.DataFrame({"source": [0, 1], "target": [1, 2]}),
                          pd.DataFrame({"id": range(5)}), node_id="id")
    part = detect_communities(g, "louvain", seed=0)
    assert np.unique(part.codes[[3, 4]]).size == 2 and part.codes[3] != part.codes[0]
