"""One report tallies each (groups, weight) pair once and codes each grouping once (issue 15,
item 7).

The report's sections are composed from the public API on one SocialGraph; a view and its
tally are kept on the graph (:func:`netmix.core.edge_view`, :func:`netmix.core.tally`), so
every section that asks for the same (groups, weight, direction, policy) reuses them. The
counts below are hand counts of what the report needs (listed beside each), not earlier
output.
"""

from __future__ import annotations

from collections import Counter

import pytest

import netmix
import netmix.report
from netmix.core import CALLS, counting, groups

N = 39  # resamples: the smallest for a 95 % percentile interval


def _count(monkeypatch, weight):
    """Build one report on the bundled example; return (tallies by (rows, cols, weighted),
    group-code computations by what was coded, CALLS)."""
    tallies: Counter = Counter()
    codes: Counter = Counter()
    tally, code = counting._tally, groups._codes

    def counted_tally(view, c=None):
        tallies[(view.rows.name, view.cols.name, view.weights is not None)] += 1
        return tally(view, c)

    def counted_codes(graph, g, missing, argument):
        codes[g if isinstance(g, str) else type(g).__name__] += 1
        return code(graph, g, missing, argument)

    monkeypatch.setattr(counting, "_tally", counted_tally)
    monkeypatch.setattr(groups, "_codes", counted_codes)
    CALLS.clear()
    netmix.report.build_report(netmix.datasets.load_example(), "department", weight=weight,
                               n_resamples=N, seed=1, command="test")
    return tallies, codes, Counter(CALLS)


@pytest.mark.parametrize("weight", [None, "duration"])
def test_one_report_makes_one_tally_per_groups_weight_pair(monkeypatch, weight):
    tallies, _, calls = _count(monkeypatch, weight)
    weighted = weight is not None
    expected = {
        # mixing section: the mixing matrix by department, counted (the indices, assortativity
        # and inference sections read the same view and its tally)
        ("department", "department", False): 1,
        # communities: the mixing between the Leiden communities
        ("community", "community", weighted): 1,
        # communities: ties inside each community by (community, group) rows and group
        # columns, both coded by arithmetic, unnamed (community_table's cross-group share)
        (None, None, weighted): 1,
    }
    if weighted:  # mixing section: the weighted matrix beside the counted one
        expected[("department", "department", True)] = 1
    assert dict(tallies) == expected
    assert calls["tally"] == len(expected)


def test_one_report_codes_each_grouping_once(monkeypatch):
    _, codes, calls = _count(monkeypatch, None)
    assert codes == Counter({
        # the groups column, coded once and kept on the graph for every section
        "department": 1,
        # Series of labels: the community partition, coded once (1); and the groups of each
        # evaluation of the spectral segregation index (2 * N + 2, see below)
        "Series": 1 + 2 * N + 2,
    }), codes
    # The spectral segregation index is a graph statistic: the segregation table's
    # permutation test and bootstrap give it each replicate's groups as labels, as they
    # would a user's f(graph, groups) (N permutations, N bootstrap samples, and the observed
    # value once in each), so each is coded anew. The mixing-matrix statistics are
    # relabelled as codes and tallied in batches instead (CALLS["batch"]).
    assert calls["batch"] > 0
