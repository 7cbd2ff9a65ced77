"""Bad-input corpus: ``detect_communities(method="plm")`` options.

Every malformed option is refused at the public boundary with a message that names the
argument and what it got (netmix/communities/_plm.py ``plm_params``, detect.py ``_options``).
"""

from __future__ import annotations

import networkx as nx
import pytest
from _corpus import Case, check, ids

import netmix
from netmix.communities import detect_communities

pytest.importorskip("networkit")


def karate():
    return netmix.from_networkx(nx.karate_club_graph())


def plm(**options):
    return lambda d: detect_communities(karate(), "plm", **options)


CASES = [
    Case("plm-n-jobs-zero", plm(n_jobs=0), match=("n_jobs must be a positive integer", "0")),
    Case("plm-n-jobs-negative", plm(n_jobs=-2), match=("n_jobs must be a positive integer",)),
    Case("plm-n-jobs-float", plm(n_jobs=2.0), match=("n_jobs must be a positive integer",)),
    Case("plm-n-jobs-bool", plm(n_jobs=True), match=("n_jobs must be a positive integer",)),
    Case("plm-n-jobs-text", plm(n_jobs="2"), match=("n_jobs must be a positive integer",)),
    Case("plm-split-text", plm(split="no"), match=("split must be True or False", "'no'")),
    Case("plm-refine-int", plm(refine=1), match=("refine must be True or False",)),
    Case("plm-shuffle-none", plm(shuffle=None), match=("shuffle must be True or False",)),
    Case("plm-unknown-option", plm(gamma=2.0),
         match=("unknown option(s) gamma for method='plm'", "n_jobs, refine, split, shuffle")),
    Case("plm-negative-resolution", plm(resolution=-1.0), match=("resolution",)),
    Case("plm-n-iterations", plm(n_iterations=2), match=("method='leiden' only",)),
    Case("plm-negative-weight",
         lambda d: detect_communities(netmix.from_networkx(nx.Graph([(0, 1, {"w": -1.0}),
                                                                     (1, 2, {"w": 1.0})])),
                                      "plm", weight="w"),
         match=("w",)),
    Case("plm-directed", lambda d: detect_communities(
        netmix.from_networkx(nx.DiGraph([(0, 1), (1, 2)])), "plm"),
         match=("method='plm' works on undirected graphs only", "directed=False")),
    Case("plm-resolution-zero-ok", plm(resolution=0.0, seed=0), error=None,
         result=lambda p: _one_community(p)),
]


def _one_community(part):
    # resolution 0: Q is the share of edges inside, largest with the (connected) club whole
    assert part.n_communities == 1, part


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)
