"""Network drawings coloured by group, with the ties that cross groups highlighted.

The layout is computed once by igraph's C routines (:func:`network_layout`) and can be
passed back in to draw the same positions again (e.g. by attribute and by community).
Drawing uses matplotlib's object API only (a ``LineCollection`` for the ties, one
``scatter`` for the people); pyplot is never imported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .._validation import check_choice, check_positive, describe, first_items, rng_from_seed
from ..bridging._common import codes_of
from ..exceptions import InputError
from ..graph import SocialGraph, as_social_graph, edge_weights
from ._common import LITERAL, check_cmap, check_color, literal, new_axes, room, short, shorts

__all__ = ["network_layout", "plot_network"]

LAYOUTS = ("fr", "kk", "drl", "graphopt", "circle", "random")
_SEEDED = ("fr", "kk", "drl", "graphopt")


def network_layout(graph: SocialGraph, layout: str = "fr", *, seed: Any = None
                   ) -> np.ndarray:
    """Node positions from igraph, one row per node (in the order of ``graph.node_ids``).

    Parameters
    ----------
    graph : SocialGraph
    layout : {"fr", "kk", "drl", "graphopt", "circle", "random"}, default "fr"
        igraph's Fruchterman-Reingold, Kamada-Kawai, DrL (large graphs), GraphOpt,
        circle or random layout.
    seed : optional
        Seeds the random starting positions and igraph's random numbers during the call
        (``numpy.random.default_rng``), so the same seed gives the same drawing. igraph's
        random generator is reset to Python's ``random`` module afterwards.

    Returns
    -------
    numpy.ndarray, shape (n_nodes, 2)

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.plotting.network import network_layout
    >>> g = netmix.SocialGraph(pd.DataFrame(index=range(4)), [0, 1, 2], [1, 2, 3])
    >>> network_layout(g, seed=1).shape
    (4, 2)
    """
    graph = as_social_graph(graph)
    check_choice("layout", layout, LAYOUTS)
    n = graph.n_nodes
    if n == 0:
        return np.zeros((0, 2))
    rng = rng_from_seed(seed)
    start = rng.uniform(-1.0, 1.0, size=(n, 2)) * np.sqrt(n)
    if layout == "random":
        return start
    import random

    import igraph as ig

    h = graph.igraph
    # igraph draws from Python's `random` during the layout: give it a generator seeded
    # from ours for the call, then hand the module-level one back
    ig.set_random_number_generator(random.Random(int(rng.integers(2**63))))
    try:
        coords = h.layout(layout, seed=start.tolist()) if layout in _SEEDED \
            else h.layout(layout)
    finally:
        ig.set_random_number_generator(random)
    return np.asarray(coords.coords, dtype=np.float64).reshape(n, 2)


def _positions(graph: SocialGraph, layout: Any, seed: Any) -> np.ndarray:
    if isinstance(layout, str):
        return network_layout(graph, layout, seed=seed)
    pos = np.asarray(layout.loc[graph.node_ids] if hasattr(layout, "loc") else layout,
                     dtype=np.float64)
    if pos.shape != (graph.n_nodes, 2) or not np.isfinite(pos).all():
        raise InputError(
            f"layout must be one of {', '.join(LAYOUTS)} or finite positions of shape "
            f"({graph.n_nodes}, 2); got {describe(layout)} of shape {pos.shape}. Compute "
            "them once with netmix.plotting.network_layout(graph).")
    return pos


def _colors(labels: list[Any], palette: Any) -> list[Any]:
    from matplotlib import colormaps
    from matplotlib.colors import Colormap, ListedColormap

    k = len(labels)
    if isinstance(palette, Mapping):
        missing = [lab for lab in labels if lab not in palette]
        if missing:
            raise InputError(f"palette must give a colour for every group; missing "
                             f"{first_items(missing)}.")
        return [palette[lab] for lab in labels]
    if palette is None:  # qualitative while they last, then a continuous map
        palette = "tab10" if k <= 10 else "tab20" if k <= 20 else "turbo"
    if isinstance(palette, (str, Colormap)):
        cmap = check_cmap("palette", palette)
        cmap = colormaps[cmap] if isinstance(cmap, str) else cmap
        if isinstance(cmap, ListedColormap) and cmap.N < 256:  # a list of distinct colours
            if cmap.N < k:  # sampling it would give two groups one colour
                raise InputError(
                    f"palette {cmap.name!r} has {cmap.N} colours for {k} groups, so groups "
                    f"would share a colour; pass one with at least {k} (e.g. 'tab20' up to "
                    "20 groups, or a continuous map such as 'turbo'), a list of colours or "
                    "a mapping group -> colour.")
            return [cmap(i) for i in range(k)]
        return [cmap(i / max(k - 1, 1)) for i in range(k)]
    colors = list(palette)
    if len(colors) < k:
        raise InputError(f"palette must list at least {k} colours (one per group); got "
                         f"{len(colors)}.")
    return colors[:k]


def plot_network(
    graph: SocialGraph,
    groups: Any,
    *,
    ax: Any = None,
    layout: Any = "fr",
    seed: Any = None,
    highlight_cross: bool = True,
    weight: str | None = None,
    node_size: float | None = None,
    palette: Any = None,
    cross_color: Any = "#1a1a1a",
    edge_color: Any = "#b5b5b5",
    legend: bool = True,
    title: str | None = None,
    missing: str = "raise",
    isolates: str = "exclude",
) -> Any:
    """Draw the network with nodes coloured by group and cross-group ties highlighted.

    People without contacts are left out of the drawing by default (a layout would ring
    the network with them) and a note on the Axes says how many; pass
    ``isolates="include"`` to draw them.

    Parameters
    ----------
    graph : SocialGraph
    groups : str, mapping, Series, array or partition
        A node attribute, one group per node, or a community partition (anything with a
        ``membership`` vector, e.g. an igraph ``VertexClustering``).
    ax : matplotlib Axes, optional
        Drawn on a new figure's Axes when omitted (pyplot's state is not touched).
    layout : str or array of shape (n_nodes, 2), default "fr"
        An igraph layout name (see :func:`network_layout`) or positions computed before
        (an array in node order, or a DataFrame indexed by node id), to draw several
        panels with the same positions.
    seed : optional
        Seeds the layout's random start.
    highlight_cross : bool, default True
        Draw ties between different groups in ``cross_color``, above the others.
    weight : str, optional
        Edge attribute for the line widths (square-root scaled); None: equal widths.
    node_size : float, optional
        Marker area in points^2 (default shrinks with the number of nodes).
    palette : colormap (name or Colormap), list of colours or mapping group -> colour, optional
        Default: 'tab10' up to 10 groups, 'tab20' up to 20, else 'turbo'. A qualitative map
        ('tab10', 'Set2', ...) gives its first colours, one per group, and is refused when it
        has fewer colours than there are groups; a continuous map is sampled evenly.
    cross_color, edge_color : matplotlib colours
        Cross-group ties dark, the others light grey, so neither competes with the group
        colours.
    legend : bool, default True
    title : str, optional
    missing : {"raise", "drop"}
        ``"drop"`` draws nodes without a group in light grey (label "no group").
    isolates : {"exclude", "include"}, default "exclude"
        People without contacts (no tie to anyone else, see
        :attr:`netmix.SocialGraph.isolates`): left out, with the note "N people without
        contacts not drawn" in the lower left corner of the Axes; or drawn.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Edges are one ``LineCollection`` (within-group first, then cross-group), nodes one
    ``scatter``: drawing cost grows linearly with the graph. The drawing is a view, not a
    measure; pair it with :func:`netmix.bridging.cross_group_ties`.

    Examples
    --------
    >>> import netmix
    >>> from netmix.plotting.network import plot_network
    >>> g = netmix.datasets.load_example()
    >>> ax = plot_network(g, "department", seed=1)
    >>> len(ax.collections)  # within-group ties, cross-group ties, nodes
    3
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    graph = as_social_graph(graph)
    check_choice("isolates", isolates, ("exclude", "include"))
    if node_size is not None:
        check_positive("node_size", node_size)
    check_color(cross_color, "cross_color")
    check_color(edge_color, "edge_color")
    gc = codes_of(graph, groups, missing)
    pos = _positions(graph, layout, seed)
    drawn = graph.has_contacts.to_numpy() if isolates == "exclude" else \
        np.ones(graph.n_nodes, dtype=bool)
    n_hidden = int(graph.n_nodes - np.count_nonzero(drawn))
    w = edge_weights(graph, weight)
    n, m = graph.n_nodes, graph.n_edges
    labels = list(gc.labels)
    colors = _colors(labels, palette)
    ax = new_axes(ax, (6.4 + max(room(shorts(labels), 0.9) - 1.0, 0.0), 5.6))
    src, dst = graph.src, graph.dst
    cs, cd = gc.codes[src], gc.codes[dst]
    cross = (cs != cd) & (cs >= 0) & (cd >= 0) if highlight_cross else np.zeros(m, bool)
    if w is None:
        widths = np.full(m, 0.6 if m < 2000 else 0.3)
    else:
        root = np.sqrt(np.clip(w, 0, None))
        widths = 0.3 + 2.2 * root / root.max() if root.size and root.max() > 0 else \
            np.full(m, 0.6)
    segments = np.stack([pos[src], pos[dst]], axis=1)
    alpha = 0.5 if m < 2000 else 0.25
    ax.add_collection(LineCollection(segments[~cross], colors=edge_color,
                                     linewidths=widths[~cross], alpha=alpha, zorder=1))
    if highlight_cross:
        ax.add_collection(LineCollection(segments[cross], colors=cross_color,
                                         linewidths=widths[cross] * 1.2, alpha=0.6,
                                         zorder=2))
    size = node_size if node_size is not None else float(np.clip(3000 / max(n, 1), 6, 80))
    palette_arr = np.array([check_color(c, "palette") for c in colors] + [(0.8, 0.8, 0.8, 1.0)])
    face = palette_arr[np.where(gc.codes >= 0, gc.codes, len(colors))]
    ax.scatter(pos[drawn, 0], pos[drawn, 1], s=size, c=face[drawn], edgecolors="white",
               linewidths=0.4, zorder=3)
    if n_hidden:
        ax.text(0.0, 0.0, f"{n_hidden} {'person' if n_hidden == 1 else 'people'} without "
                "contacts not drawn", transform=ax.transAxes, ha="left", va="bottom",
                fontsize="small", color="#555555")
    ax.set_aspect("equal", adjustable="datalim")
    ax.autoscale_view()
    ax.set_axis_off()
    if legend:
        handles = [Line2D([], [], marker="o", linestyle="", color=c, label=short(lab))
                   for lab, c in zip(labels, colors, strict=True)]
        if gc.n_missing:
            handles.append(Line2D([], [], marker="o", linestyle="", color=palette_arr[-1],
                                  label="no group"))
        if highlight_cross:
            handles.append(Line2D([], [], color=cross_color,
                                  label=f"cross-group ties ({int(cross.sum())} of {m})"))
        box = ax.legend(handles=handles, title=None if gc.name is None else short(gc.name),
                        loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small",
                        frameon=False)
        literal(*box.get_texts(), box.get_title())
    if title:
        ax.set_title(title, **LITERAL)
    return ax

