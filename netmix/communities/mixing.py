"""Mixing at the level of communities: between communities, and of groups inside each."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice
from ..core import GroupCodes, edges_view, group_codes, tally
from ..graph import SocialGraph, as_social_graph, edge_weights
from ..measures.mixing import MixingMatrix, mixing_matrix
from .compare import _as_partition, _table, majority_groups

__all__ = ["community_mixing", "community_table", "group_mixing_within_communities"]


def community_mixing(graph: SocialGraph, partition: Any, weight: str | None = None, *,
                     directed: bool | None = None) -> MixingMatrix:
    """The mixing matrix between communities (rows and columns: communities).

    The same conventions as :func:`netmix.mixing_matrix` (an undirected edge counts in both
    directions, so the matrix sums to :math:`2m`); the diagonal holds the ties inside
    communities, so ``trace / total`` is the share of tie ends inside communities. A person
    without contacts in a community of their own gives a row and column of zeros (size 1),
    which changes no share of ties; :func:`community_table` leaves such communities out.

    Examples
    --------
    >>> import networkx as nx, netmix
    >>> from netmix.communities import Partition, community_mixing
    >>> g = netmix.from_networkx(nx.karate_club_graph())
    >>> community_mixing(g, Partition.from_labels(g, "club")).counts.tolist()
    [[70, 11], [11, 64]]
    """
    graph = as_social_graph(graph)
    part = _as_partition(graph, partition, weight)
    return mixing_matrix(graph, part.membership, weight, directed=directed)


def _internal_tally(graph: SocialGraph, part_codes: np.ndarray, gc: GroupCodes, kc: int,
                    kg: int, weight: str | None) -> np.ndarray:
    """``t[c, g, h]``: ties from group g to group h inside community c (both directions for
    an undirected graph): the tally of the edges inside communities, rows coded by
    (community, group) and columns by group."""
    w = edge_weights(graph, weight, nonnegative=True)
    src, dst = graph.src, graph.dst
    inside = part_codes[src] == part_codes[dst]
    codes = np.where(gc.codes >= 0, part_codes.astype(np.int64) * kg + gc.codes, -1)
    rows = GroupCodes(codes, pd.RangeIndex(kc * kg), None, gc.n_missing)
    cols = GroupCodes(gc.codes, pd.RangeIndex(kg), None, gc.n_missing)
    view = edges_view(src[inside], dst[inside], None if w is None else w[inside],
                      graph.n_nodes, directed=graph.directed, rows=rows, cols=cols)
    return tally(view).counts.reshape(kc, kg, kg)


def _isolate_only(graph: SocialGraph, part: Any, isolates: str) -> np.ndarray:
    """Mask of the communities made of people without contacts only (none when included)."""
    check_choice("isolates", isolates, ("exclude", "include"))
    if isolates == "include":
        return np.zeros(part.n_communities, dtype=bool)
    contact = graph.has_contacts.to_numpy()
    iso = np.bincount(part.codes[~contact], minlength=part.n_communities)
    return iso == part.sizes.to_numpy()


def group_mixing_within_communities(graph: SocialGraph, groups: Any, partition: Any,
                                    weight: str | None = None, *, missing: str = "raise",
                                    isolates: str = "exclude") -> dict[Any, MixingMatrix]:
    """The group-by-group mixing matrix inside each community (one bincount for all).

    Only ties with both ends in the community count; each matrix has every group as a row
    and column (zero where a group is absent), with the community's group sizes. The
    one-person communities of people without contacts are left out unless
    ``isolates="include"`` (they have no ties to mix).

    Returns
    -------
    dict
        Community label -> :class:`~netmix.MixingMatrix`.

    Examples
    --------
    >>> import networkx as nx, netmix
    >>> from netmix.communities import Partition, group_mixing_within_communities
    >>> g = netmix.from_networkx(nx.karate_club_graph())
    >>> mats = group_mixing_within_communities(g, "club", Partition.from_labels(g, "club"))
    >>> mats["Officer"].counts.tolist()
    [[0, 0], [0, 64]]
    """
    graph = as_social_graph(graph)
    part = _as_partition(graph, partition, weight)
    gc = group_codes(graph, groups, missing=missing)
    kc, kg = part.n_communities, len(gc.labels)
    t = _internal_tally(graph, part.codes, gc, kc, kg, weight)
    sizes = _table(part, gc).to_numpy()
    drop = _isolate_only(graph, part, isolates)
    return {label: MixingMatrix(counts=t[i], row_labels=gc.labels, col_labels=gc.labels,
                                directed=graph.directed, weight=weight, row_attr=gc.name,
                                col_attr=gc.name, row_sizes=sizes[i], col_sizes=sizes[i])
            for i, label in enumerate(part.sizes.index) if not drop[i]}


def community_table(graph: SocialGraph, groups: Any, partition: Any,
                    weight: str | None = None, *, missing: str = "raise",
                    isolates: str = "exclude") -> pd.DataFrame:
    """One row per community: size, ties inside and on its boundary, majority group.

    People without contacts each form a one-person community with no ties; those rows are
    left out unless ``isolates="include"``, and ``attrs["n_isolates_excluded"]`` counts
    the people left out (see :func:`netmix.communities.communities_vs_groups`).

    Columns: ``size``; ``internal`` (ties, or total weight, inside); ``boundary`` (ties with
    one end inside); ``majority_group``, ``majority_share``, ``n_groups`` (see
    :func:`majority_groups`); ``cross_group_share``: the share of the internal ties (between
    nodes with a group) that join different groups.

    Examples
    --------
    >>> import networkx as nx, netmix
    >>> from netmix.communities import Partition, community_table
    >>> g = netmix.from_networkx(nx.karate_club_graph())
    >>> community_table(g, "club", Partition.from_labels(g, "club"))[["size", "internal"]]
             size  internal
    club
    Mr. Hi     17        35
    Officer    17        32
    """
    graph = as_social_graph(graph)
    part = _as_partition(graph, partition, weight)
    gc = group_codes(graph, groups, missing=missing)
    kc, kg = part.n_communities, len(gc.labels)
    w = edge_weights(graph, weight, nonnegative=True)
    cs, cd = part.codes[graph.src], part.codes[graph.dst]
    inside = cs == cd
    internal = np.bincount(cs[inside], weights=None if w is None else w[inside], minlength=kc)
    ws = None if w is None else w[~inside]
    boundary = np.bincount(cs[~inside], weights=ws, minlength=kc) + \
        np.bincount(cd[~inside], weights=ws, minlength=kc)
    t = _internal_tally(graph, part.codes, gc, kc, kg, weight)
    tot = t.sum(axis=(1, 2)).astype(float)
    within = np.trace(t, axis1=1, axis2=2)
    cross = np.divide(tot - within, tot, out=np.full(kc, np.nan), where=tot > 0)
    table = majority_groups(_table(part, gc)).drop(columns="size")
    table.insert(0, "size", part.sizes.to_numpy())
    table.insert(1, "internal", internal if w is not None else internal.astype(np.int64))
    table.insert(2, "boundary", boundary if w is not None else boundary.astype(np.int64))
    table["cross_group_share"] = cross
    drop = _isolate_only(graph, part, isolates)
    table = table[~drop]
    table.attrs["n_isolates_excluded"] = int(part.sizes.to_numpy()[drop].sum())
    return table
