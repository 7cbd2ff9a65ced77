"""Every public plot draws user text as written: group labels, attribute names and titles with
``$...$`` (mathtext), HTML, long labels and non-ASCII letters (issue 14).

Each plot is drawn to PNG with warnings as errors: mathtext parse errors, constrained layout
giving up on long labels ("constrained_layout not applied") and missing glyphs would all fail.
Labels over 30 characters are shortened with an ellipsis (``netmix.plotting._common.short``).
"""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

import netmix
from netmix.plotting import (
    plot_coefficients,
    plot_community_groups,
    plot_integration_ratio,
    plot_mixing_change,
    plot_mixing_matrix,
    plot_modularity_runs,
    plot_network,
    plot_null_distribution,
    plot_ratio_matrix,
    plot_reporting_by_duration,
)
from netmix.plotting._common import LABEL_LIMIT, short

MATH = "$\\frac{$"  # an unclosed mathtext fraction: matplotlib's parser raises on it
HTML = "<b>x</b>"
LONG = "a long group label " * 4 + "end"  # 79 characters
UNI = "Zoë · Ελλάδα · Москва"
LABELS = [MATH, HTML, LONG, UNI]
SHOWN = [MATH, HTML, short(LONG), UNI]  # as drawn
TITLE = "$x_{$ <i>title</i> " + "t" * 60  # titles are not shortened


def drawn(fig_or_ax) -> list[str]:
    """Draw the figure to PNG (warnings are errors) and return every text on it."""
    fig = fig_or_ax.figure if hasattr(fig_or_ax, "figure") else fig_or_ax
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")
    return [t.get_text() for t in fig.findobj(Text)]


def assert_literal(texts: list[str], expected: list[str]) -> None:
    for text in expected:
        assert text in texts, (text, texts)
    assert LONG not in texts  # shortened
    assert short(LONG) == LONG[: LABEL_LIMIT - 1] + "…" and len(short(LONG)) == LABEL_LIMIT


def hostile_graph(attr: str = "g") -> netmix.SocialGraph:
    nodes = pd.DataFrame({attr: LABELS * 2}, index=[f"{MATH}{i}" for i in range(8)])
    src = [0, 1, 2, 3, 4, 5, 6, 7, 0, 2]
    dst = [1, 2, 3, 0, 5, 6, 7, 4, 4, 6]
    return netmix.SocialGraph(nodes, src, dst, edge_attrs={"$w$ (min)": np.arange(1.0, 11)})


def test_mixing_matrix():
    m = netmix.mixing_matrix(hostile_graph("$g$ <dept>"), "$g$ <dept>", weight="$w$ (min)")
    ax = plot_mixing_matrix(m, title=TITLE)
    texts = drawn(ax)
    assert_literal(texts, [*SHOWN, "$g$ <dept>", TITLE, "share of the row group's total "
                           "$w$ (min)"])
    assert [t.get_text() for t in ax.get_yticklabels()] == [short(v) for v in m.row_labels]
    assert all(not t.get_parse_math() for t in ax.get_xticklabels())


def test_network_legend_and_title():
    g = hostile_graph("$g$ <dept>")
    ax = plot_network(g, "$g$ <dept>", seed=1, title=TITLE)
    texts = drawn(ax)
    assert_literal(texts, [*SHOWN, "$g$ <dept>", TITLE])
    legend = ax.get_legend()
    assert not legend.get_title().get_parse_math()


def test_community_groups():
    table = pd.DataFrame(np.arange(8).reshape(2, 4), index=pd.Index([LONG, MATH], name=HTML),
                         columns=pd.Index(LABELS, name=UNI))
    texts = drawn(plot_community_groups(table, title=TITLE))
    assert_literal(texts, [*SHOWN, HTML, TITLE])


def test_modularity_runs_and_null_distribution_titles():
    from netmix.communities import community_stability
    from netmix.inference import permutation_test

    s = community_stability(netmix.from_networkx(nx.karate_club_graph()), seeds=range(5))
    assert_literal(drawn(plot_modularity_runs(s, title=TITLE)), [TITLE])
    res = permutation_test(hostile_graph(), "nominal_assortativity", "g", n_resamples=19,
                           seed=1)
    assert_literal(drawn(plot_null_distribution(res, title=TITLE)), [TITLE])


def test_ratio_matrix_and_mixing_change():
    m = pd.DataFrame(np.arange(1.0, 17).reshape(4, 4), index=pd.Index(LABELS, name=MATH),
                     columns=pd.Index(LABELS, name=HTML))
    assert_literal(drawn(plot_ratio_matrix(m, title=TITLE)), [*SHOWN, MATH, HTML, TITLE])
    axes = plot_mixing_change(m, m.T.set_axis(m.index).set_axis(m.columns, axis=1),
                              title=TITLE)
    assert_literal(drawn(axes[0]), [*SHOWN, TITLE])


def test_coefficients():
    table = pd.DataFrame({"term": LABELS, "estimate": [0.1, 0.2, 0.3, 0.4],
                          "ci_low": [0.0, 0.1, 0.2, 0.3], "ci_high": [0.2, 0.3, 0.4, 0.5]})
    assert_literal(drawn(plot_coefficients(table, title=TITLE)), [*SHOWN, TITLE])


def test_integration_ratio_and_reporting():
    egos = pd.DataFrame({"ego": range(8), "eth": LABELS * 2, "town": ["x"] * 8})
    alters = pd.DataFrame({"ego": [0, 0, 1, 2, 3, 4, 5, 6, 7, 7],
                           "a_eth": [HTML, MATH, LONG, UNI, MATH, MATH, HTML, LONG, UNI, MATH]})
    areas = pd.DataFrame({"town": ["x"], **{label: [25] for label in LABELS}})
    data = netmix.ego.read_ego_data(egos, alters, group="eth", alter_group="a_eth",
                                    area="town", areas=areas)
    res = netmix.ego.integration_ratio(data, method=None)
    ax = plot_integration_ratio(res, title=TITLE)
    assert_literal(drawn(ax), [*SHOWN, TITLE])

    nodes = pd.DataFrame({"class": ["x"] * 4}, index=[1, 2, 3, 4])
    diary = netmix.SocialGraph(nodes, [0, 1, 2], [1, 0, 3], directed=True,
                               edge_attrs={"duration_code": [2, 3, 1]})
    sensor = netmix.SocialGraph(nodes, [0, 0, 2], [1, 3, 3],
                                edge_attrs={"duration": [600, 60, 4000]})
    comparison = netmix.ego.compare_diary_sensor(diary, sensor)
    assert_literal(drawn(plot_reporting_by_duration(comparison, title=TITLE)), [TITLE])


@pytest.mark.parametrize("label", [MATH, HTML, LONG, UNI, "", " ", "$", "$$", "\\", "{}",
                                   "50%", "a\nb", "x" * 200])
def test_one_hostile_label_in_a_two_group_matrix(label):
    nodes = pd.DataFrame({"g": [label, "other", label, "other"]})
    m = netmix.mixing_matrix(netmix.SocialGraph(nodes, [0, 1, 2], [1, 2, 3]), "g")
    texts = drawn(plot_mixing_matrix(m))
    assert short(label) in texts


def test_control_characters_are_shown_as_spaces_or_replacement_marks():
    nodes = pd.DataFrame({"g": ["a\tb", "c\x00d", "a\tb", "e"]})
    m = netmix.mixing_matrix(netmix.SocialGraph(nodes, [0, 1, 2], [1, 2, 3]), "g")
    texts = drawn(plot_mixing_matrix(m))  # no "Glyph missing" warning
    assert "a b" in texts and "c\ufffdd" in texts
    assert list(m.row_labels) == ["a\tb", "c\x00d", "e"]  # the data keep the labels


@pytest.mark.parametrize("k", [1, 2, 12, 25])
def test_many_long_labels_fit(k):
    labels = [f"{i:02d} " + "long label with $ and <tags> " * 3 for i in range(k)]
    nodes = pd.DataFrame({"g": labels * 2})
    n = 2 * k
    g = netmix.SocialGraph(nodes, np.arange(n), (np.arange(n) + 1) % n)
    m = netmix.mixing_matrix(g, "g")
    ax = plot_mixing_matrix(m)
    assert_literal(drawn(ax), [short(labels[-1])])
    assert [t.get_text() for t in ax.get_xticklabels()] == [short(v) for v in labels]
    assert_literal(drawn(plot_network(g, "g", seed=1)), [short(labels[0])])
    table = pd.DataFrame(np.ones((k, k)), index=labels, columns=labels)
    assert_literal(drawn(plot_ratio_matrix(table)), [short(labels[-1])])
    assert_literal(drawn(plot_community_groups(table)), [short(labels[-1])])
    assert_literal(drawn(plot_mixing_change(table, table)[0]), [short(labels[-1])])
