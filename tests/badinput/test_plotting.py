"""Hostile text in plots, bad Axes, and weights summed into degrees (issue 14).

Every plot draws user text literally (``$`` starts no mathtext) and shortens labels over 30
characters with an ellipsis, so each case below draws its figure to PNG with warnings as
errors (a mathtext error, "constrained_layout not applied" or a missing glyph would fail) and
asserts the exact texts drawn. ``ax`` (and ``axes``) must be matplotlib Axes in every plot.
``SocialGraph.degree(weight=...)`` goes through the one weight check.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from _corpus import Case, check, ids
from matplotlib.figure import Figure
from matplotlib.text import Text

import netmix
from netmix import InputTypeError
from netmix.plotting import (
    plot_coefficients,
    plot_community_groups,
    plot_integration_ratio,
    plot_mixing_change,
    plot_mixing_matrix,
    plot_network,
    plot_null_distribution,
    plot_ratio_matrix,
    plot_reporting_by_duration,
)

MATH = "$\\frac{$"
HTML = "<b>x</b>"
LONG = "x" * 80
LONG_SHOWN = "x" * 29 + "…"
UNI = "Zoë · Ελλάδα"


def _drawn(ax):
    """Draw to PNG (the corpus runs result cases with warnings as errors); the texts."""
    fig = ax.figure
    fig.savefig(io.BytesIO(), format="png")
    return [t.get_text() for t in fig.findobj(Text)]


def _graph(labels=(MATH, HTML, LONG, UNI), attr="g", weights=None):
    nodes = pd.DataFrame({attr: list(labels) * 2})
    n = len(nodes)
    attrs = {} if weights is None else {"w": weights}
    return netmix.SocialGraph(nodes, np.arange(n), (np.arange(n) + 1) % n, edge_attrs=attrs)


def _tab10():
    from matplotlib import colormaps

    return colormaps["tab10"]


def _network_colours(ax):
    """The distinct node face colours of a network plot (its scatter of nodes)."""
    from matplotlib.collections import PathCollection

    faces = [c.get_facecolors() for c in ax.collections if isinstance(c, PathCollection)]
    return {tuple(np.round(f, 6)) for fc in faces for f in fc}


def _ticks(ax, axis="x"):
    labels = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in labels]


def _mixing(labels, attr="g", **kw):
    def run(d):
        ax = plot_mixing_matrix(netmix.mixing_matrix(_graph(labels, attr), attr), **kw)
        return ax, _drawn(ax)
    return run


def _expect_ticks(expected, extra=()):
    def result(value):
        ax, texts = value
        assert _ticks(ax) == _ticks(ax, "y") == expected
        for text in extra:
            assert text in texts, (text, texts)
        assert LONG not in texts
    return result


def _has(*expected):
    def result(texts):
        for text in expected:
            assert text in texts, (text, texts)
        assert LONG not in texts
    return result


def _table(labels, name=None):
    k = len(labels)
    return pd.DataFrame(np.arange(1.0, k * k + 1).reshape(k, k),
                        index=pd.Index(labels, name=name), columns=pd.Index(labels, name=name))


def _integration(d):
    egos = pd.DataFrame({"ego": range(4), "eth": [MATH, LONG, MATH, LONG], "town": ["x"] * 4})
    alters = pd.DataFrame({"ego": [0, 1, 2, 3, 3], "a_eth": [LONG, MATH, MATH, MATH, LONG]})
    areas = pd.DataFrame({"town": ["x"], MATH: [50], LONG: [50]})
    data = netmix.ego.read_ego_data(egos, alters, group="eth", alter_group="a_eth",
                                    area="town", areas=areas)
    return _drawn(plot_integration_ratio(netmix.ego.integration_ratio(data, method=None),
                                         title=MATH))


def _comparison():
    nodes = pd.DataFrame({"class": ["x"] * 4}, index=[1, 2, 3, 4])
    diary = netmix.SocialGraph(nodes, [0, 1, 2], [1, 0, 3], directed=True,
                               edge_attrs={"duration_code": [2, 3, 1]})
    sensor = netmix.SocialGraph(nodes, [0, 0, 2], [1, 3, 3],
                                edge_attrs={"duration": [600, 60, 4000]})
    return netmix.ego.compare_diary_sensor(diary, sensor)


def _null(d):
    res = netmix.inference.permutation_test(_graph(), "nominal_assortativity", "g",
                                            n_resamples=19, seed=1)
    return _drawn(plot_null_distribution(res, title=f"{MATH} {HTML}"))


def _coefficients(d):
    table = pd.DataFrame({"term": [MATH, LONG], "estimate": [0.1, 0.2], "ci_low": [0.0, 0.1],
                          "ci_high": [0.2, 0.3]})
    ax = plot_coefficients(table, title=HTML)
    return _ticks(ax, "y"), _drawn(ax)


def _coefficients_result(value):
    ticks, texts = value
    assert ticks == [MATH, LONG_SHOWN] and HTML in texts


def _degree_big(g):
    deg = g.degree(weight="w")
    assert deg.dtype == np.float64
    assert deg.tolist() == [2.0**63] * 4  # two edges of 2**62 each; an int64 sum wraps


BAD_AX = ("ax must be a matplotlib Axes", "'not an axes'", "(str)")
BOOL_W = ("weight: edge attribute 'w' must hold numbers (weights), not true/false values",
          "got True at edge 0", "between nodes 0 and 1", ".astype(int)")

CASES = [
    # ---------------------------------------------------------------- hostile labels
    Case("mixing-matrix-mathtext-labels", _mixing([MATH, "$x^2$", "$"]), error=None,
         result=_expect_ticks(["$", MATH, "$x^2$"])),
    Case("mixing-matrix-html-unicode-labels", _mixing([HTML, UNI, "&amp;"]), error=None,
         result=_expect_ticks(["&amp;", HTML, UNI])),
    Case("mixing-matrix-80-character-labels", _mixing([LONG, "y" * 31, "z" * 30]),
         error=None, result=_expect_ticks([LONG_SHOWN, "y" * 29 + "…", "z" * 30])),
    Case("mixing-matrix-mathtext-attribute-and-title",
         _mixing(["a", "b"], attr="$dept$", title=f"{MATH} {HTML}"), error=None,
         result=_expect_ticks(["a", "b"], extra=("$dept$", f"{MATH} {HTML}"))),
    Case("mixing-matrix-tab-and-nul-labels", _mixing(["a\tb", "c\x00d"]), error=None,
         result=_expect_ticks(["a b", "c\ufffdd"])),
    Case("network-mathtext-legend-and-title",
         lambda d: _drawn(plot_network(_graph(attr="$g$"), "$g$", seed=1, title=MATH)),
         error=None, result=_has(MATH, HTML, LONG_SHOWN, UNI, "$g$")),
    Case("community-groups-hostile-table",
         lambda d: _drawn(plot_community_groups(_table([MATH, LONG, HTML], name=UNI),
                                                title=MATH)),
         error=None, result=_has(MATH, LONG_SHOWN, HTML, UNI)),
    Case("ratio-matrix-hostile-table",
         lambda d: _drawn(plot_ratio_matrix(_table([MATH, LONG, UNI], name="$n$"))),
         error=None, result=_has(MATH, LONG_SHOWN, UNI, "$n$")),
    Case("mixing-change-hostile-table",
         lambda d: _drawn(plot_mixing_change(_table([MATH, LONG]), _table([MATH, LONG]),
                                             title=HTML)[0]),
         error=None, result=_has(MATH, LONG_SHOWN, HTML)),
    Case("coefficients-mathtext-terms", _coefficients, error=None,
         result=_coefficients_result),
    Case("integration-ratio-hostile-groups", _integration, error=None,
         result=_has(MATH, LONG_SHOWN)),
    Case("null-distribution-mathtext-title", _null, error=None,
         result=_has(f"{MATH} {HTML}")),
    Case("reporting-by-duration-mathtext-title",
         lambda d: _drawn(plot_reporting_by_duration(_comparison(), title=MATH)),
         error=None, result=_has(MATH)),
    # ---------------------------------------------------------------- bad Axes / inputs
    Case("mixing-matrix-ax-text",
         lambda d: plot_mixing_matrix(netmix.mixing_matrix(_graph(), "g"), ax="not an axes"),
         error=InputTypeError, match=BAD_AX),
    Case("coefficients-ax-text",  # models.py had its own unchecked _new_axes
         lambda d: plot_coefficients(pd.DataFrame({"term": ["a"], "estimate": [0.1],
                                                   "ci_low": [0.0], "ci_high": [0.2]}),
                                     ax="not an axes"),
         error=InputTypeError, match=BAD_AX),
    Case("coefficients-ax-figure",
         lambda d: plot_coefficients(pd.DataFrame({"term": ["a"], "estimate": [0.1],
                                                   "ci_low": [0.0], "ci_high": [0.2]}),
                                     ax=Figure()),
         error=InputTypeError, match=("ax must be a matplotlib Axes", "(Figure)")),
    Case("network-ax-text", lambda d: plot_network(_graph(), "g", ax="not an axes", seed=1),
         error=InputTypeError, match=BAD_AX),
    Case("null-distribution-ax-number",
         lambda d: plot_null_distribution(netmix.inference.permutation_test(
             _graph(), "nominal_assortativity", "g", n_resamples=19, seed=1), 3),
         error=InputTypeError, match=("ax must be a matplotlib Axes", "3 (int)")),
    Case("mixing-change-one-axes",
         lambda d: plot_mixing_change(_table(["a", "b"]), _table(["a", "b"]),
                                      axes=Figure().add_subplot()),
         error=InputTypeError, match=("axes must be three matplotlib Axes", "(Axes)")),
    Case("mixing-change-two-axes",
         lambda d: plot_mixing_change(_table(["a", "b"]), _table(["a", "b"]),
                                      axes=Figure().subplots(1, 2)),
         match=("axes must be three Axes", "got 2", "fig.subplots(1, 3)")),
    Case("mixing-change-axes-with-text",
         lambda d: plot_mixing_change(_table(["a", "b"]), _table(["a", "b"]),
                                      axes=[Figure().add_subplot(), "x", None]),
         error=InputTypeError, match=("axes must be a matplotlib Axes", "'x' (str)")),
    Case("mixing-matrix-given-a-dataframe",
         lambda d: plot_mixing_matrix(_table(["a", "b"])), error=InputTypeError,
         match=("matrix must be a MixingMatrix", "(DataFrame)", "netmix.mixing_matrix")),
    Case("integration-ratio-given-a-dataframe",
         lambda d: plot_integration_ratio(_table(["a", "b"])),
         match=("result must be an IntegrationResult", "got DataFrame")),
    Case("reporting-by-duration-given-a-dataframe",
         lambda d: plot_reporting_by_duration(_table(["a", "b"])),
         match=("comparison must be a DiarySensorComparison", "got DataFrame")),
    Case("coefficients-level-as-percentage",
         lambda d: plot_coefficients(pd.DataFrame({"term": ["a"], "estimate": [0.1],
                                                   "ci_low": [0.0], "ci_high": [0.2]}),
                                     confidence_level=90),
         match=("confidence_level must be a number strictly between 0 and 1", "got 90",
                "0.9 for 90 %")),
    Case("coefficients-table-of-unknown-level",  # was labelled "95 % interval" regardless
         lambda d: plot_coefficients(pd.DataFrame({"term": ["a"], "estimate": [0.1],
                                                   "ci_low": [0.0], "ci_high": [0.2]})),
         error=None, result=lambda ax: ax.get_xlabel() == "estimate (confidence interval)"
         or pytest.fail(ax.get_xlabel())),
    Case("coefficients-color-unknown",
         lambda d: plot_coefficients(pd.DataFrame({"term": ["a"], "estimate": [0.1],
                                                   "ci_low": [0.0], "ci_high": [0.2]}),
                                     color="not-a-colour"),
         match=("color must be a matplotlib colour", "'not-a-colour' (str)")),
    Case("null-distribution-line-color-number",
         lambda d: plot_null_distribution(netmix.inference.permutation_test(
             _graph(), "nominal_assortativity", "g", n_resamples=19, seed=1), line_color=7),
         match=("line_color must be a matplotlib colour", "7 (int)")),
    Case("reporting-by-duration-color-tuple-of-four-texts",
         lambda d: plot_reporting_by_duration(_comparison(), color=("a", "b", "c", "d")),
         match=("color must be a matplotlib colour",)),
    Case("ratio-matrix-cmap-unknown",
         lambda d: plot_ratio_matrix(_table(["a", "b"]), cmap="Bluez"),
         match=("cmap must be a matplotlib colormap name", "'Bluez'")),
    # ---------------------------------------------------------------- degree weights
    Case("degree-bool-weights",
         lambda d: _graph(("a", "b"), weights=np.array([True, False, True, True]))
         .degree(weight="w"), match=BOOL_W),
    Case("degree-object-bool-weights",
         lambda d: _graph(("a", "b"), weights=np.array([1, True, 1, 1], dtype=object))
         .degree(weight="w"),
         match=("not true/false values", "got True at edge 1", "between nodes 1 and 2")),
    Case("degree-nan-weight",
         lambda d: _graph(("a", "b"), weights=[1.0, 1.0, np.nan, 1.0]).degree(weight="w"),
         match=("must hold finite numbers", "got a missing value at edge 2")),
    Case("degree-text-weight",
         lambda d: _graph(("a", "b"), weights=np.array(["1", "2", "x", "1"], dtype=object))
         .degree(weight="w"), match=("must hold numbers (weights)", "got 'x' at edge 2")),
    Case("degree-infinite-weight",
         lambda d: _graph(("a", "b"), weights=[1.0, -np.inf, 1.0, 1.0]).degree(weight="w"),
         match=("must hold finite numbers", "got -inf at edge 1", "between nodes 1 and 2")),
    Case("degree-weight-not-a-name",
         lambda d: _graph(("a", "b"), weights=[1.0] * 4).degree(weight=1.0),
         error=InputTypeError, match=("weight must be None or the name", "1.0 (float)")),
    Case("degree-weight-unknown-attribute",
         lambda d: _graph(("a", "b"), weights=[1.0] * 4).degree(weight="minutes"),
         match=("weight must name an edge attribute", "'minutes'", "'w'")),
    Case("degree-int64-weights-near-2-62",
         lambda d: _graph(("a", "b"), weights=np.full(4, 2**62, dtype=np.int64)),
         error=None, result=_degree_big),
    Case("graph-directed-text",  # bool("false") is True: the graph would be directed
         lambda d: netmix.SocialGraph(pd.DataFrame(index=[1, 2]), [0], [1], directed="false"),
         error=InputTypeError, match=("directed must be True or False", "'false' (str)")),
    Case("graph-directed-none",
         lambda d: netmix.SocialGraph(pd.DataFrame(index=[1, 2]), [0], [1], directed=None),
         error=InputTypeError, match=("directed must be True or False", "None")),
    Case("graph-directed-numpy-bool", lambda d: netmix.SocialGraph(
         pd.DataFrame(index=[1, 2]), [0], [1], directed=np.bool_(True)), error=None,
         result=lambda g: (g.directed is True) or pytest.fail(repr(g))),
    Case("graph-unknown-numpy-attribute-name",
         lambda d: _graph().node_attr(np.str_("dept")),
         match=("'dept' is not a node attribute", "'g'")),
    Case("network-palette-missing-integer-groups",
         lambda d: plot_network(_graph(np.array([1, 2, 3], dtype=np.int64)), "g", seed=1,
                                palette={1: "red"}),
         match=("palette must give a colour for every group", "missing 2, 3")),
    # a qualitative palette with fewer colours than groups was sampled at i / (k - 1):
    # groups silently shared a colour (12 groups on 'tab10': 2 pairs alike)
    Case("network-palette-too-few-colours",
         lambda d: plot_network(_graph(np.arange(12)), "g", seed=1, palette="tab10"),
         match=("palette 'tab10' has 10 colours for 12 groups", "at least 12")),
    Case("network-palette-colormap-object",  # a Colormap object was indexed as a name
         lambda d: _network_colours(plot_network(_graph(np.arange(3)), "g", seed=1,
                                                 palette=_tab10())),
         error=None, result=lambda cs: (len(set(cs)) == 3) or pytest.fail(str(cs))),
    # ---------------------------------------------------------------- ego numbers
    Case("ego-alter-weight-int64-negative-shown-as-written",
         lambda d: netmix.ego.read_ego_data(
             pd.DataFrame({"ego": [1, 2], "g": ["a", "b"]}),
             pd.DataFrame({"ego": [1, 2], "ag": ["a", "b"],
                           "minutes": np.array([5, -1], dtype=np.int64)}),
             group="g", alter_group="ag").group_counts("minutes"),
         match=("weight: column 'minutes' of the alter table", "got -1 at")),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)
