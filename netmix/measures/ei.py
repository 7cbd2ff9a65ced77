"""Krackhardt & Stern's (1988) E-I index: graph, group and node level, and its expected
value under random mixing."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, first_items
from ..core import edge_view
from ..graph import SocialGraph, as_social_graph
from ._common import (
    GraphOrMatrix,
    _as_matrix,
    _series,
    _sizes,
    _undefined,
    _warn,
)

__all__ = ["ei_index", "ei_index_by_group", "ei_index_by_node", "ei_index_expected"]


# ----------------------------------------------------------------------------- E-I index
def ei_index(graph: GraphOrMatrix, groups: Any = None, weight: str | None = None, *,
             directed: bool | None = None, missing: str = "raise") -> float:
    r"""Krackhardt & Stern's (1988) E-I index of the whole graph.

    .. math::

        EI = \frac{E - I}{E + I}

    (Krackhardt & Stern 1988) with :math:`E` the ties between groups (external)
    and :math:`I` the ties within groups; :math:`-1 \le EI \le 1`, -1 when all ties are
    internal. Compare with :func:`ei_index_expected`, its value under random mixing.

    Parameters
    ----------
    graph, groups, weight, directed, missing
        As in :func:`coleman_homophily`.

    Returns
    -------
    float
        nan (with a warning) when there are no ties.

    Notes
    -----
    Validated against R netseg's ``ei`` on the ``Classroom`` data (-0.8409091 directed,
    -0.9090909 for mutual ties) and against the mean of the node-level values.

    References
    ----------
    Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational crises: an
    experimental simulation. Social Psychology Quarterly 51(2), 123-140.
    doi:10.2307/2786835

    Examples
    --------
    >>> import netmix
    >>> from netmix.measures.segregation import ei_index
    >>> m = netmix.MixingMatrix.from_array([[45, 15], [20, 20]])
    >>> ei_index(m)
    -0.3
    """
    m = _as_matrix(graph, groups, weight, directed, missing)
    total, internal = float(m.counts.sum()), float(np.trace(m.counts))
    if total <= 0:
        _warn("the E-I index is undefined (nan): there are no ties.")
        return float("nan")
    return (total - 2 * internal) / total


def ei_index_by_group(graph: GraphOrMatrix, groups: Any = None, weight: str | None = None, *,
                      directed: bool | None = None, mode: str = "all",
                      missing: str = "raise") -> pd.Series:
    r"""The E-I index of every group: its members' external minus internal ties.

    .. math::

        EI_g = \frac{E_g - I_g}{E_g + I_g}

    (Krackhardt & Stern 1988) where, with ``mode="all"``, :math:`I_g = 2 m_{gg}`
    (a within-group tie is internal to both its ends) and
    :math:`E_g = \sum_{h \ne g} (m_{gh} + m_{hg})`; ``"out"`` uses the row (ties sent)
    and ``"in"`` the column (ties received) of a directed matrix. For undirected graphs
    the three agree. :math:`EI_g` is the degree-weighted mean of its members'
    :func:`ei_index_by_node` values.

    Returns
    -------
    pandas.Series
        One value per group; nan (with a warning) for a group without ties.

    References
    ----------
    Krackhardt, D. & Stern, R. N. (1988). Social Psychology Quarterly 51(2), 123-140.
    doi:10.2307/2786835

    Examples
    --------
    >>> import netmix
    >>> from netmix.measures.segregation import ei_index_by_group
    >>> m = netmix.MixingMatrix.from_array([[45, 15], [20, 20]], labels=["boys", "girls"])
    >>> ei_index_by_group(m, mode="out").tolist()
    [-0.5, 0.0]
    """
    check_choice("mode", mode, ("all", "out", "in"))
    m = _as_matrix(graph, groups, weight, directed, missing)
    counts = m.counts.astype(float)
    diag = np.diag(counts)
    if mode == "all":
        ties, internal = counts.sum(axis=1) + counts.sum(axis=0), 2 * diag
    else:
        ties, internal = counts.sum(axis=1 if mode == "out" else 0), diag
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (ties - 2 * internal) / ties
    value = _undefined(value, m.row_labels, "the E-I index",
                       [(ties <= 0, "the group has no ties")])
    return _series(value, m, "ei_index")


def ei_index_by_node(graph: SocialGraph, groups: Any, weight: str | None = None, *,
                     mode: str = "all", missing: str = "raise") -> pd.Series:
    r"""The E-I index of every node: its ties to other groups minus ties to its own.

    .. math::

        EI_i = \frac{E_i - I_i}{E_i + I_i}

    (Krackhardt & Stern 1988; the individual E-I of UCINET) over the ties at node
    :math:`i` (``mode`` ``"out"`` / ``"in"`` restricts a directed graph to arcs sent /
    received; a self-loop is internal at both of its ends). One ``numpy.bincount`` pass
    over the edges.

    Returns
    -------
    pandas.Series
        Indexed by node id; nan for nodes without ties (with a warning) and for nodes
        dropped with ``missing="drop"``.

    References
    ----------
    Krackhardt, D. & Stern, R. N. (1988). Social Psychology Quarterly 51(2), 123-140.
    doi:10.2307/2786835

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.measures.segregation import ei_index_by_node
    >>> nodes = pd.DataFrame({"dept": ["a", "a", "b"]})
    >>> g = netmix.SocialGraph(nodes, [0, 0], [1, 2])
    >>> ei_index_by_node(g, "dept").tolist()
    [0.0, -1.0, 1.0]
    """
    check_choice("mode", mode, ("all", "out", "in"))
    graph = as_social_graph(graph)
    view = edge_view(graph, groups, weight, missing=missing)  # edges between grouped nodes
    codes, src, dst = view.rows.codes, view.src, view.dst
    w = np.ones(src.size) if view.weights is None else view.weights
    signed = np.where(codes[src] == codes[dst], -w, w)
    ends = {"out": (src,), "in": (dst,)}.get(mode, (src, dst)) if graph.directed \
        else (src, dst)
    n = graph.n_nodes
    num = sum(np.bincount(e, weights=signed, minlength=n) for e in ends)
    den = sum(np.bincount(e, weights=w, minlength=n) for e in ends)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(den > 0, num / den, np.nan)
    lonely = (den <= 0) & (codes >= 0)
    if lonely.any():
        _warn(f"the E-I index is undefined (nan) for {int(lonely.sum())} node(s) without "
              f"ties, e.g. {first_items(graph.node_ids[lonely])}.")
    return pd.Series(value, index=graph.node_ids, name="ei_index")


def ei_index_expected(graph: GraphOrMatrix, groups: Any = None, *,
                      missing: str = "raise") -> float:
    r"""The E-I index expected when ties fall at random given the group sizes.

    .. math::

        \mathrm{E}[EI] = 1 - 2\,\frac{\sum_g n_g (n_g - 1)}{N (N - 1)}

    the E-I index of the complete graph: each tie joins a uniformly random pair of distinct
    people (equivalently, groups are permuted over the nodes, as in UCINET's test), and is
    internal with probability :math:`\sum_g n_g(n_g - 1) / N(N - 1)` (Krackhardt & Stern
    1988 discuss the index's dependence on group sizes). The same for directed and
    undirected graphs.

    Returns
    -------
    float
        nan (with a warning) for fewer than two nodes.

    Notes
    -----
    Validated against the exact mean of the E-I index over all relabellings of a small graph.

    References
    ----------
    Krackhardt, D. & Stern, R. N. (1988). Social Psychology Quarterly 51(2), 123-140.
    doi:10.2307/2786835

    Examples
    --------
    >>> import netmix
    >>> from netmix.measures.segregation import ei_index_expected
    >>> m = netmix.MixingMatrix.from_array([[45, 15], [20, 20]], row_sizes=[60, 40],
    ...                                    col_sizes=[60, 40])
    >>> round(ei_index_expected(m), 4)
    -0.0303
    """
    m = _as_matrix(graph, groups, None, None, missing)
    n = _sizes(m, "ei_index_expected")
    total = n.sum()
    if total < 2:
        _warn("the expected E-I index is undefined (nan): fewer than two nodes.")
        return float("nan")
    return float(1 - 2 * (n * (n - 1)).sum() / (total * (total - 1)))
