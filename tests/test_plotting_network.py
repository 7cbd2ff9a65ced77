"""Network drawing: positions, the highlighted cross-group ties, and no pyplot state.

Expected counts come from the graph itself (cross-group edges counted with the edge
arrays) and from igraph's ``VertexClustering.crossing()``.
"""

from __future__ import annotations

import subprocess
import sys

import igraph as ig
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure

import netmix
from netmix.exceptions import InputError
from netmix.plotting.network import network_layout, plot_network


@pytest.fixture(scope="module")
def example():
    return netmix.datasets.load_example()


def _collections(ax):
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    return lines, points


def test_cross_ties_highlighted(example):
    ax = plot_network(example, "department", seed=0)
    lines, points = _collections(ax)
    dept = example.nodes["department"].to_numpy()
    n_cross = int((dept[example.src] != dept[example.dst]).sum())
    assert [len(c.get_segments()) for c in lines] == [example.n_edges - n_cross, n_cross]
    assert len(points) == 1 and len(points[0].get_offsets()) == example.n_nodes
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:6] == ["D1", "D2", "D3", "D4", "D5", "D6"]
    assert labels[-1] == f"cross-group ties ({n_cross} of {example.n_edges})"


def test_layout_once_and_reused(example):
    pos = network_layout(example, seed=4)
    np.testing.assert_array_equal(pos, network_layout(example, seed=4))  # same seed
    ax = plot_network(example, "department", layout=pos, highlight_cross=False)
    lines, points = _collections(ax)
    np.testing.assert_allclose(points[0].get_offsets(), pos)
    assert len(lines) == 1 and len(lines[0].get_segments()) == example.n_edges
    # a DataFrame of positions indexed by node id, in another order
    frame = pd.DataFrame(pos, index=example.node_ids).iloc[::-1]
    ax2 = plot_network(example, "department", layout=frame)
    np.testing.assert_allclose(_collections(ax2)[1][0].get_offsets(), pos)


@pytest.mark.parametrize("name", ["kk", "circle", "random", "drl"])
def test_other_layouts(example, name):
    pos = network_layout(example, name, seed=1)
    assert pos.shape == (example.n_nodes, 2) and np.isfinite(pos).all()


def test_partition_and_given_axes():
    h = ig.Graph.Famous("Zachary")
    g = netmix.from_igraph(h)
    clusters = h.community_multilevel()
    fig = Figure()
    ax = fig.add_subplot()
    out = plot_network(g, clusters, ax=ax, seed=2, weight=None, legend=False, title="karate")
    assert out is ax and ax.get_title() == "karate" and ax.get_legend() is None
    lines, _ = _collections(ax)
    assert len(lines[1].get_segments()) == sum(clusters.crossing())


def test_weights_missing_and_errors(example):
    ax = plot_network(example, "department", weight="duration", seed=0)
    widths = np.concatenate([c.get_linewidths() for c in _collections(ax)[0]])
    assert widths.min() < widths.max()  # line width follows the weight
    nodes = example.nodes.assign(d2=example.nodes["department"].where(
        example.nodes["department"] != "D6"))
    g = example.with_nodes(nodes)
    with pytest.raises(InputError):
        plot_network(g, "d2")
    ax = plot_network(g, "d2", missing="drop", seed=0)
    assert "no group" in [t.get_text() for t in ax.get_legend().get_texts()]
    with pytest.raises(InputError, match="layout"):
        plot_network(example, "department", layout="spring")
    with pytest.raises(InputError, match="layout"):
        plot_network(example, "department", layout=np.zeros((3, 2)))
    with pytest.raises(InputError, match="palette"):
        plot_network(example, "department", palette=["red"])


def test_module_import_leaves_pyplot_alone():
    code = ("import sys, netmix.plotting.network; "
            "sys.exit('matplotlib.pyplot' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_people_without_contacts_are_left_out_and_counted():
    nodes = pd.DataFrame({"g": list("aabbb")}, index=list("pqrst"))
    g = netmix.SocialGraph(nodes, [0, 1], [1, 2])  # s and t without contacts
    pos = network_layout(g, seed=1)
    ax = plot_network(g, "g", layout=pos)
    _, points = _collections(ax)
    np.testing.assert_allclose(points[0].get_offsets(), pos[:3])
    assert [t.get_text() for t in ax.texts] == ["2 people without contacts not drawn"]
    ax = plot_network(g, "g", layout=pos, isolates="include")
    assert len(_collections(ax)[1][0].get_offsets()) == 5 and not ax.texts
    with pytest.raises(InputError, match="isolates must be one of"):
        plot_network(g, "g", isolates="hide")


def test_community_heatmap_title_says_who_was_left_out():
    from netmix.communities import communities_vs_groups, contingency_table
    from netmix.plotting import plot_community_groups

    nodes = pd.DataFrame({"g": list("aabbab")})
    g = netmix.SocialGraph(nodes, [0, 2, 1], [1, 3, 3])  # 4 and 5 without contacts
    res = communities_vs_groups(g, "g", [0, 0, 1, 1, 2, 3], n_resamples=9, seed=0)
    assert res.n_isolates_excluded == 2
    assert "2 people without contacts left out" in plot_community_groups(res).get_title()
    table = contingency_table(g, "g", [0, 0, 1, 1, 2, 3])
    assert "2 people without contacts" in plot_community_groups(table).get_title()


@pytest.mark.parametrize("palette, k, expect", [
    ("tab20", 3, lambda cmap, k: [cmap(i) for i in range(k)]),  # its first colours
    ("Set2", 8, lambda cmap, k: [cmap(i) for i in range(k)]),   # all 8 of Set2
    ("viridis", 4, lambda cmap, k: [cmap(i / (k - 1)) for i in range(k)]),  # sampled evenly
])
def test_palette_colours_one_per_group(palette, k, expect):
    from matplotlib import colormaps

    from netmix.plotting.network import _colors

    got = _colors(list(range(k)), palette)
    assert got == expect(colormaps[palette], k)
    assert len(set(got)) == k
    assert _colors(list(range(k)), colormaps[palette]) == got  # a Colormap as its name
