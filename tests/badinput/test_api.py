"""Bad arguments to the public API, and people without contacts (issue 14, items 3 and 7).

* An all-missing groups column with ``missing="drop"`` leaves no node with a group: every
  public function that takes ``groups`` and ``missing`` raises an ``InputError`` naming the
  column, how many values were missing and what to do (``IndexError`` before).
* People without contacts stay in the graph and are never silent: the repr counts them,
  community comparisons leave them out by default (and say how many), drawings leave them
  out with a note, per-person tables keep their rows with ``has_contacts`` False and nan
  where a share is undefined.
* Unknown columns, groups of the wrong length, wrong types of seed, n_resamples and
  alternative, graphs of isolates only, one group only, empty graphs.

Expected values: the NMI of the graph without its isolates is computed in the same run by
scikit-learn (``normalized_mutual_info_score``) on the connected nodes' labels; counts are
counted by hand on the tiny graphs below.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from _corpus import Case, check, ids

import netmix
from netmix import DegenerateMixingWarning, SocialGraph
from netmix.bridging import (
    bridging_capital,
    brokerage,
    cross_group_ties,
    crossing,
    top_brokers,
)
from netmix.communities import (
    Partition,
    communities_vs_groups,
    community_table,
    contingency_table,
    group_mixing_within_communities,
)
from netmix.inference import bootstrap, permutation_test
from netmix.models import fit_outcome, outcome_table
from netmix.plotting import plot_community_groups, plot_mixing_matrix, plot_network

STAT = "nominal_assortativity"
FAST = {"n_resamples": 39, "seed": 1}


def _path():
    """u-v-w-x-y-z path; 'g' has two groups, 'h' is all missing."""
    nodes = pd.DataFrame({"g": list("aabbab"), "h": [np.nan] * 6}, index=list("uvwxyz"))
    return SocialGraph(nodes, [0, 1, 2, 3, 4], [1, 2, 3, 4, 5])


def _isolates_only():
    nodes = pd.DataFrame({"g": list("aabbab")}, index=list("uvwxyz"))
    return SocialGraph(nodes, [], [])


def _empty():
    return SocialGraph(pd.DataFrame({"g": pd.Series([], dtype=object)}), [], [])


def _one_group():
    return SocialGraph(pd.DataFrame({"g": list("aaaa")}), [0, 1, 2], [1, 2, 3])


def _karate(extra=0):
    """Zachary's karate club, with ``extra`` people without contacts appended."""
    g = netmix.from_networkx(nx.karate_club_graph())
    if not extra:
        return g
    more = pd.DataFrame({"club": (["Mr. Hi", "Officer"] * extra)[:extra]},
                        index=range(100, 100 + extra))
    return SocialGraph(pd.concat([g.nodes[["club"]], more]), g.src, g.dst)


def _karate_labels(extra=0):
    """A fixed four-community split of the karate club; isolates in their own community."""
    base = [0 if i < 10 else 1 if i < 17 else 2 if i < 26 else 3 for i in range(34)]
    return base + [10 + k for k in range(extra)]


def _example_hour():
    """The bundled example data, 10:00-11:00: 150 people, 34 of them without contacts."""
    paths = netmix.datasets.example_paths()
    return netmix.read_sociopatterns(paths["contacts"], paths["metadata"],
                                     metadata_columns=["department"], start=36000,
                                     end=39600)


def _example_hour_comparison(d):
    g = _example_hour()
    part = netmix.detect_communities(g, "leiden", seed=1)
    conn = g.subgraph(g.has_contacts.to_numpy())
    return (communities_vs_groups(g, "department", part, **FAST),
            communities_vs_groups(g, "department", part, isolates="include", **FAST),
            communities_vs_groups(conn, "department", part.membership[conn.node_ids], **FAST))


def _example_hour_exclude_equals_without(results):
    excluded, included, without = results
    assert excluded.n_isolates_excluded == 34 and excluded.n_nodes == 116
    assert excluded.nmi == pytest.approx(without.nmi, abs=1e-12)
    assert excluded.n_communities == without.n_communities
    assert included.n_communities == excluded.n_communities + 34  # one per isolate
    assert included.nmi > excluded.nmi + 0.02  # the isolates' own communities inflate it


def _with_isolate_table():
    """Triangle p-q-r (team a), s (team b) tied to p and r, t (team b) without contacts."""
    nodes = pd.DataFrame({"team": list("aaabb"), "trust": [3, 4, 2, 5, 1]},
                         index=list("pqrst"))
    return SocialGraph(nodes, [0, 1, 2, 3, 3], [1, 2, 0, 0, 2])


ALL_MISSING = ("'h'", "6 of 6", "another column", "na_values")
PEOPLE = pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6], "x": [0.5, 1, 0, 2, 1, 3],
                       "b": [0, 1, 0, 1, 1, 0]})


def _drop(func, *args, **kw):
    return lambda d: func(*args, missing="drop", **kw)


# ------------------------------------------------------------------ result checks
def _six_rows(n):
    assert n == 6


def _nan_test(res):
    assert np.isnan(res.statistic) and np.isnan(res.pvalue)


def _nan_bootstrap(res):
    assert np.isnan(res.statistic) and np.isnan(res.confidence_interval).all()


def _exclude_equals_without(res):
    from sklearn.metrics import normalized_mutual_info_score

    clubs = _karate().nodes["club"].to_numpy()
    expected = normalized_mutual_info_score(clubs, _karate_labels())  # graph without them
    assert res.n_isolates_excluded == 5 and res.n_nodes == 34 and res.isolates == "exclude"
    assert res.n_communities == 4 and res.statistic == pytest.approx(expected, abs=1e-12)
    assert res.to_frame().loc[0, "n_isolates_excluded"] == 5
    assert "n_isolates_excluded" in res.summary() and "5 without contacts" in repr(res)


def _include_counts_them(res):
    assert res.n_isolates_excluded == 0 and res.n_nodes == 39 and res.n_communities == 9


def _contingency_excludes(table):
    assert table.shape == (4, 2) and int(table.to_numpy().sum()) == 34
    assert table.attrs["n_isolates_excluded"] == 3


def _community_table_excludes(table):
    assert len(table) == 4 and table.attrs["n_isolates_excluded"] == 3


def _community_table_includes(table):
    assert len(table) == 7 and table["internal"].iloc[4:].tolist() == [0, 0, 0]


def _mixing_within_excludes(mats):
    assert sorted(mats) == [0, 1, 2, 3]


def _outcome_isolate_row(table):
    row = table.loc["t"]
    assert not row["has_contacts"] and table["has_contacts"].sum() == 4
    assert row["degree"] == 0 and row["cross_ties"] == 0 and row["brokerage"] == 0
    for col in ("cross_share", "ei_index", "blau", "integration_ratio", "constraint"):
        assert np.isnan(row[col]), col
    assert pd.isna(row["community"]) and table["community"].notna().sum() == 4
    assert table.attrs["netmix"]["n_without_contacts"] == 1


def _capital_isolates_only(cap):
    assert cap.index.tolist() == list("uvwxyz") and not cap["has_contacts"].any()
    assert (cap["degree"] == 0).all() and cap["cross_share"].isna().all()


def _capital_isolate_row(cap):
    assert not cap.loc["t", "has_contacts"] and cap["has_contacts"].sum() == 4
    assert np.isnan(cap.loc["t", "cross_share"]) and cap.loc["t", "groups_reached"] == 0


def _top_isolate_last(top):
    assert top.index[-1] == "t" and not top.loc["t", "has_contacts"]


def _drawing_without_isolates(ax):
    from matplotlib.collections import PathCollection

    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(points[0].get_offsets()) == 0
    assert "6 people without contacts not drawn" in [t.get_text() for t in ax.texts]


def _drawing_with_one_isolate(ax):
    from matplotlib.collections import PathCollection

    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(points[0].get_offsets()) == 4
    assert "1 person without contacts not drawn" in [t.get_text() for t in ax.texts]


def _drawing_includes(ax):
    from matplotlib.collections import PathCollection

    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(points[0].get_offsets()) == 5 and not ax.texts


def _repr_counts(g):
    assert repr(g).startswith("<SocialGraph: 6 nodes (6 without contacts), 0 undirected")
    assert g.n_isolates == 6 and g.isolates.tolist() == list("uvwxyz")
    assert "6 of 6 people have no contacts" in g.summary()


def _repr_empty(g):
    assert repr(g).startswith("<SocialGraph: 0 nodes, 0 undirected edges")
    assert g.n_isolates == 0 and g.has_contacts.size == 0


def _loop_is_no_contact(g):
    assert g.n_isolates == 2 and g.isolates.tolist() == [2, 3]  # 2 has only a self-loop


CASES = [
    # ---------------------------------------------------------------- all-missing + drop
    Case("permutation-all-missing-drop", _drop(permutation_test, _path(), STAT, "h", **FAST),
         match=ALL_MISSING),
    Case("bootstrap-all-missing-drop", _drop(bootstrap, _path(), STAT, "h", **FAST),
         match=ALL_MISSING),
    Case("communities-all-missing-drop", _drop(communities_vs_groups, _path(), "h", **FAST),
         match=ALL_MISSING),
    Case("top-brokers-all-missing-drop", _drop(top_brokers, _path(), "h"), match=ALL_MISSING),
    Case("bridging-capital-all-missing-drop", _drop(bridging_capital, _path(), "h"),
         match=ALL_MISSING),
    Case("cross-ties-all-missing-drop", _drop(cross_group_ties, _path(), "h"),
         match=ALL_MISSING),
    Case("brokerage-all-missing-drop", _drop(brokerage, _path(), "h"), match=ALL_MISSING),
    Case("crossing-all-missing-drop", _drop(crossing, _path(), "h"),
         match=("membership", "'h'", "6 of 6")),
    Case("contingency-all-missing-drop",
         _drop(contingency_table, _path(), "h", [0, 0, 0, 1, 1, 1]), match=ALL_MISSING),
    Case("community-table-all-missing-drop",
         _drop(community_table, _path(), "h", [0, 0, 0, 1, 1, 1]), match=ALL_MISSING),
    Case("mixing-within-all-missing-drop",
         _drop(group_mixing_within_communities, _path(), "h", [0, 0, 0, 1, 1, 1]),
         match=ALL_MISSING),
    Case("plot-network-all-missing-drop", _drop(plot_network, _path(), "h", seed=1),
         match=ALL_MISSING),
    Case("outcome-table-all-missing-drop",
         _drop(outcome_table, _path(), "h", community=None), match=ALL_MISSING),
    Case("permutation-all-nan-array-drop",
         _drop(permutation_test, _path(), STAT, np.full(6, np.nan), **FAST),
         match=("the group values given", "6 of 6")),
    Case("communities-all-none-series-drop",
         _drop(communities_vs_groups, _path(), pd.Series([None] * 6, index=list("uvwxyz")),
               **FAST), match=("6 of 6", "another column")),
    Case("top-brokers-empty-mapping-drop", _drop(top_brokers, _path(), {}),
         match=("6 of 6",)),
    Case("bootstrap-all-na-strings-drop",
         _drop(bootstrap, _path(), STAT, pd.array([pd.NA] * 6, dtype="string"), **FAST),
         match=("6 of 6",)),
    Case("permutation-all-missing-raise",
         lambda d: permutation_test(_path(), STAT, "h", **FAST),
         match=("6 node(s) have no value", "'h'", "missing='drop'")),
    # ---------------------------------------------------------------- bad groups
    Case("permutation-unknown-column", lambda d: permutation_test(_path(), STAT, "dept"),
         match=("'dept'", "'g'", "'h'")),
    Case("communities-unknown-column", lambda d: communities_vs_groups(_path(), "dept"),
         match=("'dept'", "node attributes")),
    Case("top-brokers-unknown-column", lambda d: top_brokers(_path(), "dept"),
         match=("'dept'",)),
    Case("permutation-groups-too-short",
         lambda d: permutation_test(_path(), STAT, ["a", "b"], **FAST),
         match=("one value per node (6)", "['a', 'b']")),
    Case("bootstrap-groups-too-long",
         lambda d: bootstrap(_path(), STAT, list("aabbaab"), **FAST),
         match=("one value per node (6)",)),
    Case("communities-partition-too-short",
         lambda d: communities_vs_groups(_path(), "g", [0, 1], **FAST),
         match=("labels", "one value per node (6)")),
    Case("top-brokers-one-nan-raise",
         lambda d: top_brokers(_path(), ["a", "b", None, "a", "b", "a"]),
         match=("1 node(s) have no value", "'w'", "missing='drop'")),
    Case("permutation-groups-none", lambda d: permutation_test(_path(), STAT, None, **FAST),
         match=("groups must be", "None")),
    # ---------------------------------------------------------------- degenerate graphs
    Case("communities-isolates-only", lambda d: communities_vs_groups(_isolates_only(), "g",
                                                                      **FAST),
         match=("0 node(s)", "6 without contacts", "isolates='include'")),
    Case("permutation-isolates-only",
         lambda d: permutation_test(_isolates_only(), STAT, "g", **FAST), error=None,
         result=_nan_test, warns=DegenerateMixingWarning, warns_match="undefined"),
    Case("repr-isolates-only", lambda d: _isolates_only(), error=None, result=_repr_counts),
    Case("plot-isolates-only", lambda d: plot_network(_isolates_only(), "g", seed=1),
         error=None, result=_drawing_without_isolates),
    Case("capital-isolates-only", lambda d: bridging_capital(_isolates_only(), "g"),
         error=None, result=_capital_isolates_only, warns=DegenerateMixingWarning,
         warns_match="6 of them have no contacts"),
    Case("communities-one-group", lambda d: communities_vs_groups(_one_group(), "g", **FAST),
         error=None, result=_nan_test, warns=DegenerateMixingWarning,
         warns_match="one group"),
    Case("permutation-one-group", lambda d: permutation_test(_one_group(), STAT, "g", **FAST),
         error=None, result=_nan_test, warns=DegenerateMixingWarning),
    Case("communities-empty-graph", lambda d: communities_vs_groups(_empty(), "g", **FAST),
         match=("0 node(s)", "at least 2")),
    Case("bootstrap-empty-graph", lambda d: bootstrap(_empty(), STAT, "g", **FAST),
         error=None, result=_nan_bootstrap, warns=DegenerateMixingWarning),
    Case("repr-empty-graph", lambda d: _empty(), error=None, result=_repr_empty),
    Case("self-loop-is-no-contact",
         lambda d: SocialGraph(pd.DataFrame(index=[0, 1, 2, 3]), [0, 2], [1, 2]),
         error=None, result=_loop_is_no_contact),
    Case("communities-one-node-with-group-drop",
         lambda d: communities_vs_groups(_path(), [None, None, "a", None, None, None],
                                         missing="drop", **FAST),
         match=("only 1 node(s)", "5 without a group")),
    # ---------------------------------------------------------------- wrong argument types
    Case("permutation-seed-text",
         lambda d: permutation_test(_path(), STAT, "g", n_resamples=9, seed="x"),
         match=("seed must be", "'x'")),
    Case("communities-seed-float",
         lambda d: communities_vs_groups(_path(), "g", n_resamples=9, seed=1.5),
         match=("seed must be", "1.5")),
    Case("bootstrap-n-resamples-text",
         lambda d: bootstrap(_path(), STAT, "g", n_resamples="99"),
         match=("n_resamples must be a positive integer", "'99'")),
    Case("communities-n-resamples-float",
         lambda d: communities_vs_groups(_path(), "g", n_resamples=9.5),
         match=("n_resamples", "9.5")),
    Case("permutation-n-resamples-bool",
         lambda d: permutation_test(_path(), STAT, "g", n_resamples=True),
         match=("n_resamples", "True")),
    Case("permutation-n-resamples-zero",
         lambda d: permutation_test(_path(), STAT, "g", n_resamples=0),
         match=("n_resamples", "0")),
    Case("permutation-alternative-unknown",
         lambda d: permutation_test(_path(), STAT, "g", alternative="bigger", **FAST),
         match=("alternative must be one of", "'bigger'")),
    Case("communities-alternative-none",
         lambda d: communities_vs_groups(_path(), "g", alternative=None, **FAST),
         match=("alternative", "None")),
    Case("communities-isolates-unknown",
         lambda d: communities_vs_groups(_path(), "g", isolates="drop", **FAST),
         match=("isolates must be one of", "'exclude'", "'drop'")),
    Case("plot-isolates-unknown", lambda d: plot_network(_path(), "g", isolates=False),
         match=("isolates must be one of", "False")),
    Case("contingency-isolates-unknown",
         lambda d: contingency_table(_path(), "g", [0] * 6, isolates="none"),
         match=("isolates", "'none'")),
    Case("communities-n-swaps-negative",
         lambda d: communities_vs_groups(_path(), "g", null="rewire", n_swaps=-3, **FAST),
         match=("n_swaps must be a positive integer", "-3")),
    Case("communities-n-swaps-text",
         lambda d: communities_vs_groups(_path(), "g", null="rewire", n_swaps="10", **FAST),
         match=("n_swaps", "'10'")),
    Case("permutation-statistic-returns-text",
         lambda d: permutation_test(_path(), lambda m: "x", "g", **FAST),
         match=("statistic '<lambda>' must return one number", "'x'")),
    Case("permutation-statistic-returns-array",
         lambda d: permutation_test(_path(), lambda m: np.array([1.0, 2.0]), "g", **FAST),
         match=("must return one number", "array")),
    Case("bootstrap-graph-statistic-returns-none",
         lambda d: bootstrap(_path(), lambda graph, groups, weight=None: None, "g", **FAST),
         match=("must return one number", "None")),
    Case("permutation-statistic-numpy-scalar-runs",
         lambda d: permutation_test(
             _path(), lambda m: np.float32(m.counts.trace() / m.counts.sum()), "g",
             **FAST).statistic,
         # within-group edges u-v (a-a) and w-x (b-b): 2 of the 5 edges
         error=None, result=lambda v: np.testing.assert_allclose(v, 2 / 5, rtol=1e-6)),
    # ---------------------------------------------------------------- drawings
    Case("plot-palette-unknown-colormap",
         lambda d: plot_network(_path(), "g", palette="nocmap", seed=1),
         match=("palette must be a matplotlib colormap", "'nocmap'")),
    Case("plot-palette-not-colours",
         lambda d: plot_network(_path(), "g", palette=["nope", "red"], seed=1),
         match=("palette must list matplotlib colours", "'nope'")),
    Case("plot-cross-colour-unknown",
         lambda d: plot_network(_path(), "g", cross_color="nocolor", seed=1),
         match=("cross_color must be a matplotlib colour", "'nocolor'")),
    Case("plot-node-size-negative", lambda d: plot_network(_path(), "g", node_size=-5),
         match=("node_size must be a positive", "-5")),
    Case("plot-node-size-text", lambda d: plot_network(_path(), "g", node_size="big"),
         match=("node_size", "'big'")),
    Case("plot-ax-not-axes", lambda d: plot_network(_path(), "g", ax="here"),
         error=netmix.InputTypeError, match=("ax must be a matplotlib Axes", "'here'")),
    Case("heatmap-max-communities-zero",
         lambda d: plot_community_groups(pd.DataFrame([[1], [2]]), max_communities=0),
         match=("max_communities must be a positive integer",)),
    Case("heatmap-cmap-unknown",
         lambda d: plot_community_groups(pd.DataFrame([[1], [2]]), cmap="nah"),
         match=("cmap must be a matplotlib colormap", "'nah'")),
    Case("mixing-heatmap-cmap-unknown",
         lambda d: plot_mixing_matrix(netmix.mixing_matrix(_path(), "g"), cmap=3),
         match=("cmap", "3 (int)")),
    # ---------------------------------------------------------------- outcome models
    Case("fit-weights-wrong-length",
         lambda d: fit_outcome("y ~ x", PEOPLE, weights=[1, 1]),
         match=("weights must be a column name or one value per row (6)", "[1, 1]")),
    Case("fit-weights-text", lambda d: fit_outcome("y ~ x", PEOPLE, weights=["1"] * 6),
         match=("weights must be numbers", "to_numeric")),
    Case("fit-weights-infinite",
         lambda d: fit_outcome("y ~ x", PEOPLE, weights=[1, np.inf, 1, 1, 1, 1]),
         match=("weights must be finite", "inf")),
    Case("fit-logit-outcome-not-binary",
         lambda d: fit_outcome("y ~ x", PEOPLE, family="logit"),
         match=("outcome of a logit model must be 0/1", "2.0")),
    Case("fit-empty-data", lambda d: fit_outcome("y ~ x", PEOPLE.iloc[:0]),
         match=("data must have at least one row",)),
    Case("fit-logit-binary-runs",
         lambda d: fit_outcome("b ~ x", PEOPLE, family="logit").netmix["n_used"],
         error=None, result=_six_rows),
    # ---------------------------------------------------------------- isolates: exact results
    Case("communities-isolates-excluded-equal-graph-without",
         lambda d: communities_vs_groups(_karate(5), "club", _karate_labels(5), **FAST),
         error=None, result=_exclude_equals_without),
    Case("communities-example-hour-isolates", _example_hour_comparison, error=None,
         result=_example_hour_exclude_equals_without),
    Case("communities-isolates-included-on-request",
         lambda d: communities_vs_groups(_karate(5), "club", _karate_labels(5),
                                         isolates="include", **FAST),
         error=None, result=_include_counts_them),
    Case("contingency-isolates-excluded",
         lambda d: contingency_table(_karate(3), "club", _karate_labels(3)),
         error=None, result=_contingency_excludes),
    Case("community-table-isolates-excluded",
         lambda d: community_table(_karate(3), "club",
                                   Partition.from_labels(_karate(3), _karate_labels(3))),
         error=None, result=_community_table_excludes),
    Case("community-table-isolates-included",
         lambda d: community_table(_karate(3), "club", _karate_labels(3), isolates="include"),
         error=None, result=_community_table_includes),
    Case("mixing-within-isolates-excluded",
         lambda d: group_mixing_within_communities(_karate(3), "club", _karate_labels(3)),
         error=None, result=_mixing_within_excludes),
    Case("outcome-table-isolate-row",
         lambda d: outcome_table(_with_isolate_table(), "team", community="leiden", seed=1),
         error=None, result=_outcome_isolate_row, warns=DegenerateMixingWarning,
         warns_match="1 of them without any contact"),
    Case("capital-isolate-row-nan-share",
         lambda d: bridging_capital(_with_isolate_table(), "team"), error=None,
         result=_capital_isolate_row, warns=DegenerateMixingWarning,
         warns_match="nan \\(undefined\\), not 0"),
    Case("top-brokers-isolate-last", lambda d: top_brokers(_with_isolate_table(), "team"),
         error=None, result=_top_isolate_last),
    Case("plot-one-isolate-left-out",
         lambda d: plot_network(_with_isolate_table(), "team", seed=1), error=None,
         result=_drawing_with_one_isolate),
    Case("plot-isolate-included-on-request",
         lambda d: plot_network(_with_isolate_table(), "team", seed=1, isolates="include"),
         error=None, result=_drawing_includes),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)
