"""Cross-group ties: which ties join different groups (or communities), and how much of
each person's network crosses group lines (their "bridging capital").

``groups`` may be a node attribute, per-node values, or a community partition (an igraph
``VertexClustering`` or anything with a ``membership`` vector), so the same tables serve
for attributes and for detected communities.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import InputError
from ..graph import SocialGraph, as_social_graph, edge_weights
from ._common import codes_of, warn
from ._core import common_neighbours, simple_view
from .bridges import pair_spans

__all__ = ["bridging_capital", "cross_group_ties", "crossing"]


def crossing(graph: SocialGraph, membership: Any, *, missing: str = "raise") -> np.ndarray:
    """Whether each edge joins two different groups (communities).

    The edge-array counterpart of igraph's ``VertexClustering.crossing()``.

    Parameters
    ----------
    graph : SocialGraph
    membership : str, mapping, Series, array or partition
        Group (community) of every node, a node attribute name, or an object with a
        ``membership`` vector (igraph ``VertexClustering``, netmix partitions).
    missing : {"raise", "drop"}
        With ``"drop"``, an edge touching a node without a group is not crossing.

    Returns
    -------
    numpy.ndarray of bool
        One value per edge, in the order of ``graph.edges``.

    Notes
    -----
    Validated against igraph's ``VertexClustering.crossing()`` in the tests.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.bridging import crossing
    >>> g = netmix.SocialGraph(pd.DataFrame(index=range(4)), [0, 1, 2], [1, 2, 3])
    >>> crossing(g, [0, 0, 1, 1]).tolist()
    [False, True, False]
    """
    graph = as_social_graph(graph)
    codes = codes_of(graph, membership, missing, argument="membership").codes
    cs, cd = codes[graph.src], codes[graph.dst]
    return (cs != cd) & (cs >= 0) & (cd >= 0)


def cross_group_ties(graph: SocialGraph, groups: Any, weight: str | None = None, *,
                     missing: str = "raise") -> pd.DataFrame:
    """Every edge joining two different groups, with its bridge status and span.

    Parameters
    ----------
    graph : SocialGraph
    groups : str, mapping, Series, array or partition
        See the module notes; communities work as well as attributes.
    weight : str, optional
        Edge attribute reported in the ``weight`` column (1.0 for every edge when None).
    missing : {"raise", "drop"}
        ``"drop"`` leaves out edges touching a node without a group.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``edge`` (position in ``graph.edges``), with columns ``source``,
        ``target`` (node ids), ``source_group``, ``target_group``, ``weight``,
        ``local_bridge`` (the ends have no common neighbour), ``span`` (hops between the
        ends without the tie, ``inf`` for a bridge, ``nan`` when not a local bridge) and
        ``bridge`` (the only path between its ends: a local bridge of infinite span
        carried by a single edge).

    Notes
    -----
    Bridges and spans are those of the simple undirected skeleton (see
    :func:`netmix.bridging.local_bridges`); spans are computed for the cross-group local
    bridges only. Validated against networkx's ``local_bridges`` and ``bridges`` in the
    tests.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.bridging import cross_group_ties
    >>> nodes = pd.DataFrame({"team": list("aaabb")}, index=list("pqrst"))
    >>> g = netmix.SocialGraph(nodes, [0, 1, 2, 2, 3], [1, 2, 0, 3, 4])
    >>> ties = cross_group_ties(g, "team")
    >>> ties[["source", "target", "source_group", "target_group", "span", "bridge"]]
         source target source_group target_group  span  bridge
    edge
    3         r      s            a            b   inf    True
    """
    graph = as_social_graph(graph)
    gc = codes_of(graph, groups, missing)
    w = edge_weights(graph, weight)
    cs, cd = gc.codes[graph.src], gc.codes[graph.dst]
    cross = np.flatnonzero((cs != cd) & (cs >= 0) & (cd >= 0))
    sv = simple_view(graph, None)
    cn = common_neighbours(sv)
    pair = sv.edge_pair[cross]
    local = cn[pair] == 0
    lb = np.unique(pair[local])
    span = np.full(cross.size, np.nan)
    span[local] = pair_spans(sv, lb, cn)[np.searchsorted(lb, pair[local])]
    ids = graph.node_ids
    return pd.DataFrame({
        "source": ids.take(graph.src[cross]), "target": ids.take(graph.dst[cross]),
        "source_group": gc.labels.take(cs[cross]), "target_group": gc.labels.take(cd[cross]),
        "weight": np.ones(cross.size) if w is None else w[cross],
        "local_bridge": local, "span": span,
        "bridge": local & np.isinf(span) & (sv.mult[pair] == 1),
    }, index=pd.Index(cross, name="edge"))


def bridging_capital(graph: SocialGraph, groups: Any, weight: str | None = None, *,
                     missing: str = "raise") -> pd.DataFrame:
    r"""Each person's ties across group lines: counts, shares and groups reached.

    For node :math:`i` with ties :math:`T_i` (edges to nodes with a known group; in a
    directed graph in- and out-arcs alike), the cross-group share is

    .. math::

        s_i = \frac{|\{t \in T_i : g(\text{other end of } t) \ne g(i)\}|}{|T_i|},

    and its weighted form divides the summed weights instead.

    Parameters
    ----------
    graph : SocialGraph
    groups : str, mapping, Series, array or partition
        An attribute or a community partition (see the module notes).
    weight : str, optional
        Edge attribute (values >= 0) for the ``strength`` columns; None: each edge 1.
    missing : {"raise", "drop"}
        ``"drop"``: nodes without a group get no row and their ties are left out of the
        other nodes' counts.

    Returns
    -------
    pandas.DataFrame
        Indexed by node id: ``group``, ``degree`` (ties to people with a group; self-loops
        left out), ``has_contacts`` (False for a person with no tie to anyone else, see
        :attr:`netmix.SocialGraph.isolates`), ``cross_ties``, ``cross_share``,
        ``strength``, ``cross_strength``, ``cross_strength_share`` and ``groups_reached``
        (number of other groups tied to). People without contacts keep their row: counts
        0, and shares ``nan``, since a share of no ties is undefined (not 0); one
        :class:`~netmix.DegenerateMixingWarning` counts them, and the people whose only
        ties are to people without a group.

    Notes
    -----
    One ``bincount`` per column over the edge ends. Checked against an edge-by-edge count
    in the tests; the sum of ``cross_ties`` is twice the number of cross-group edges.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.bridging import bridging_capital
    >>> nodes = pd.DataFrame({"team": list("aab")}, index=list("pqr"))
    >>> g = netmix.SocialGraph(nodes, [0, 0, 1], [1, 2, 2])
    >>> bridging_capital(g, "team")[["group", "degree", "cross_ties", "cross_share"]]
      group  degree  cross_ties  cross_share
    id
    p     a       2           1          0.5
    q     a       2           1          0.5
    r     b       2           2          1.0
    """
    graph = as_social_graph(graph)
    gc = codes_of(graph, groups, missing)
    w = edge_weights(graph, weight)
    if w is not None and w.size and w.min() < 0:
        raise InputError(f"weight: edge attribute {weight!r} must be >= 0 for shares of "
                         f"ties; edge {int(np.argmin(w))} has {w.min()!r}.")
    codes, n = gc.codes, graph.n_nodes
    src, dst = graph.src, graph.dst
    ok = (codes[src] >= 0) & (codes[dst] >= 0) & (src != dst)
    ends = np.concatenate([src[ok], dst[ok]]).astype(np.int64)
    other = np.concatenate([dst[ok], src[ok]]).astype(np.int64)
    ww = np.ones(ends.size) if w is None else np.concatenate([w[ok], w[ok]])
    cross = codes[ends] != codes[other]
    degree = np.bincount(ends, minlength=n)
    n_cross = np.bincount(ends, weights=cross, minlength=n).astype(np.int64)
    strength = np.bincount(ends, weights=ww, minlength=n)
    s_cross = np.bincount(ends, weights=ww * cross, minlength=n)
    k = max(len(gc.labels), 1)
    reached = np.unique(ends[cross] * k + codes[other[cross]])
    groups_reached = np.bincount(reached // k, minlength=n)
    keep = codes >= 0
    contact = graph.has_contacts.to_numpy()
    none = int((degree[keep] == 0).sum())
    if none:
        isolated = int((keep & ~contact).sum())
        warn(f"{none} node(s) have no ties to nodes with a group ({isolated} of them have no "
             "contacts at all, has_contacts=False); their cross-group shares are nan "
             "(undefined), not 0.")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(degree > 0, n_cross / np.maximum(degree, 1), np.nan)
        w_share = np.where(strength > 0, s_cross / np.where(strength > 0, strength, 1),
                           np.nan)
    frame = pd.DataFrame({
        "group": gc.labels.take(np.where(keep, codes, 0)), "degree": degree,
        "has_contacts": contact, "cross_ties": n_cross, "cross_share": share, "strength": strength,
        "cross_strength": s_cross, "cross_strength_share": w_share,
        "groups_reached": groups_reached}, index=graph.node_ids)
    return frame[keep]
