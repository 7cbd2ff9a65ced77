"""Plots of communities: community-by-group heatmaps and modularity over seeds."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, check_positive, type_error
from ..communities import CommunityGroupsResult, StabilityResult
from ._common import LITERAL, check_cmap, new_axes, room, short, shorts

__all__ = ["plot_community_groups", "plot_modularity_runs"]


def _table_of(comparison: Any) -> tuple[pd.DataFrame, str | None]:
    if isinstance(comparison, CommunityGroupsResult):
        title = (f"{comparison.statistic_name.upper()} = {comparison.statistic:.3f}, "
                 f"p = {comparison.pvalue:.3g} ({comparison.null} null)")
        left = comparison.n_isolates_excluded
        if left:
            title += f"\n{left} {'person' if left == 1 else 'people'} without contacts left out"
        return comparison.contingency, title
    if isinstance(comparison, pd.DataFrame):
        left = comparison.attrs.get("n_isolates_excluded", 0)
        note = f"{left} {'person' if left == 1 else 'people'} without contacts left out"
        return comparison, note if left else None
    raise type_error("comparison", "a CommunityGroupsResult or a contingency DataFrame",
                     comparison)


def plot_community_groups(
    comparison: Any,
    *,
    ax: Any = None,
    normalize: str | None = "row",
    max_communities: int = 30,
    annotate: bool | None = None,
    cmap: str = "Blues",
    title: str | None = None,
) -> Any:
    """Heatmap of the community-by-group contingency table.

    Parameters
    ----------
    comparison : CommunityGroupsResult or pandas.DataFrame
        The result of :func:`netmix.communities.communities_vs_groups`, or a contingency
        table (rows: communities; columns: groups).
    ax : matplotlib Axes, optional
        Drawn on a new figure's Axes when omitted (no pyplot state is touched).
    normalize : {"row", "column", None}, default "row"
        Share of each community in each group (rows sum to 1), share of each group in each
        community (columns sum to 1), or counts of nodes.
    max_communities : int, default 30
        The largest communities are shown; the others are pooled into one row "other".
    annotate : bool, optional
        Write the values in the cells (default: when the table is at most 15 x 15).
    cmap : str
    title : str, optional
        Default: the tested score and its p-value, and how many people without contacts
        the comparison left out (see :func:`~netmix.communities.communities_vs_groups`).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import networkx as nx, netmix
    >>> from netmix.communities import communities_vs_groups
    >>> from netmix.plotting.communities import plot_community_groups
    >>> g = netmix.from_networkx(nx.karate_club_graph())
    >>> res = communities_vs_groups(g, "club", seed=0, n_resamples=19)
    >>> plot_community_groups(res).get_ylabel()
    'community'
    """
    check_choice("normalize", normalize, ("row", "column", None))
    max_communities = int(check_positive("max_communities", max_communities, integer=True))
    check_cmap("cmap", cmap)
    table, default_title = _table_of(comparison)
    counts = table.to_numpy(dtype=float)
    rows = shorts(table.index)
    if len(counts) > max_communities:
        order = np.argsort(-counts.sum(axis=1), kind="stable")
        keep, rest = order[: max_communities - 1], order[max_communities - 1:]
        counts = np.vstack([counts[keep], counts[rest].sum(axis=0)])
        rows = [rows[i] for i in keep] + [f"other ({len(rest)})"]
    if normalize is None:
        values, label = counts, "nodes"
    else:
        axis = 1 if normalize == "row" else 0
        sums = counts.sum(axis=axis, keepdims=True)
        values = np.divide(counts, sums, out=np.zeros_like(counts), where=sums > 0)
        label = ("share of the community's nodes" if normalize == "row"
                 else "share of the group's nodes")
    k_r, k_c = values.shape
    cols = shorts(table.columns)
    ax = new_axes(ax, (2.0 + 0.55 * k_c + room(rows), 1.4 + 0.32 * k_r + room(cols, 0.75)))
    image = ax.imshow(values, cmap=cmap, aspect="auto", vmin=0)
    ax.figure.colorbar(image, ax=ax, label=label)
    ax.set_xticks(range(k_c), cols, rotation=45, ha="right", **LITERAL)
    ax.set_yticks(range(k_r), rows, **LITERAL)
    ax.set_xlabel(short(table.columns.name or "group"), **LITERAL)
    ax.set_ylabel(short(table.index.name or "community"), **LITERAL)
    if annotate or (annotate is None and max(k_r, k_c) <= 15):
        top = values.max() if values.size else 0
        fmt = "{:.0f}" if normalize is None else "{:.2f}"
        for (r, c), v in np.ndenumerate(values):
            if v > 0:
                ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=7,
                        color="white" if top and v > 0.6 * top else "black")
    if title or default_title:
        ax.set_title(title or default_title, fontsize=9, **LITERAL)
    return ax


def plot_modularity_runs(stability: Any, *, ax: Any = None, bins: Any = "auto",
                         title: str | None = None) -> Any:
    """Histogram of modularity over the runs of :func:`~netmix.communities.community_stability`,
    with the best run and the consensus partition marked.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import networkx as nx, netmix
    >>> from netmix.communities import community_stability
    >>> from netmix.plotting.communities import plot_modularity_runs
    >>> s = community_stability(netmix.from_networkx(nx.karate_club_graph()), seeds=range(10))
    >>> plot_modularity_runs(s).get_xlabel()
    'modularity'
    """
    if not isinstance(stability, StabilityResult):
        raise type_error("stability", "a StabilityResult (from community_stability)",
                         stability)
    q = np.asarray(stability.modularities, dtype=float)
    q = q[np.isfinite(q)]
    ax = new_axes(ax, (4.5, 3.0))
    span = float(q.max() - q.min()) if q.size else 0.0
    ax.hist(q, bins=bins if span > 1e-12 else 1, color="#7393B3", edgecolor="white")
    ax.axvline(stability.modularity_max, color="black", lw=1, label="best run")
    if np.isfinite(stability.consensus.modularity):
        ax.axvline(stability.consensus.modularity, color="#C04000", lw=1, ls="--",
                   label="consensus")
    ax.set_xlabel("modularity")
    ax.set_ylabel("runs")
    ax.legend(fontsize=8, frameon=False)
    ax.set_title(title or f"{stability.method}: {stability.n_runs} runs, mean pairwise NMI "
                 f"{stability.mean_nmi:.3f}", fontsize=9, **LITERAL)
    return ax
