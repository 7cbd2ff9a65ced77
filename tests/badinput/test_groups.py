"""Bad-input corpus: group columns with nothing left to measure.

A group column in which every value is missing is refused at the one place where groups
become codes (``netmix/core/groups.py``), for every function that takes ``groups``, whether
missing values raise or are dropped: nothing silently becomes a 0 x 0 matrix.
"""

from __future__ import annotations

import pytest
from _corpus import Case, check, ids

import netmix


def graph():
    g = netmix.datasets.load_example()
    return g.with_nodes(g.nodes.assign(empty=None))


def blank(fn):
    return lambda d: fn(graph())


MATCH = ("every value of node attribute 'empty' is missing (150 of 150 nodes)",
         "other node attributes are: 'department'", "na_values")
CASES = [
    Case(f"all-missing-{name}-{missing}", blank(lambda g, fn=fn, missing=missing: fn(g, missing)),
         match=MATCH if missing == "drop" else ("150 node(s) have no value", "'empty'"))
    for name, fn in {
        "mixing-matrix": lambda g, m: netmix.mixing_matrix(g, "empty", missing=m),
        "nominal-assortativity": lambda g, m: netmix.nominal_assortativity(
            g, "empty", missing=m),
        "ei-index": lambda g, m: netmix.ei_index(g, "empty", missing=m),
        "coleman": lambda g, m: netmix.coleman_homophily(g, "empty", missing=m),
    }.items()
    for missing in ("drop", "raise")
] + [
    Case("all-missing-array-drop",
         lambda d: netmix.mixing_matrix(netmix.datasets.load_example(), [float("nan")] * 150,
                                        missing="drop"),
         match=("every value of the group values given is missing (150 of 150",)),
    Case("all-missing-mapping-drop",
         lambda d: netmix.mixing_matrix(netmix.datasets.load_example(), {"nobody": "A"},
                                        missing="drop"),
         match=("(150 of 150 nodes)",)),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)
