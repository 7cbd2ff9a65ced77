"""Turn the ``groups`` argument into small-integer codes, one per node."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._format import natural_key
from .._validation import check_choice, describe, first_items
from ..exceptions import InputError
from ..graph import SocialGraph, as_social_graph

__all__ = ["GroupCodes", "group_codes"]


@dataclass(frozen=True)
class GroupCodes:
    """Group codes of every node: ``codes[i]`` indexes ``labels``; -1 marks a dropped node."""

    codes: np.ndarray
    labels: pd.Index
    name: str | None
    n_missing: int

    @property
    def valid(self) -> np.ndarray | None:
        """Mask of nodes with a group, or None when every node has one."""
        return None if self.n_missing == 0 else self.codes >= 0

    @property
    def sizes(self) -> np.ndarray:
        """Number of nodes in each group."""
        return np.bincount(self.codes[self.codes >= 0], minlength=len(self.labels))


def _code_dtype(k: int) -> type:
    if k < np.iinfo(np.int8).max:
        return np.int8
    if k < np.iinfo(np.int16).max:
        return np.int16
    return np.int32


def _values(graph: SocialGraph, groups: Any, argument: str) -> tuple[Any, str | None]:
    if isinstance(groups, str) or (np.isscalar(groups) and not isinstance(groups, bool)):
        if not graph.has_node_attr(groups):
            have = ", ".join(repr(c) for c in graph.node_attributes) or "none"
            raise InputError(
                f"{argument} must name a node attribute or give one value per node; got "
                f"{groups!r}, but the node attributes are: {have}."
            )
        return graph.node_attr(groups), str(groups)
    if isinstance(groups, pd.Series):
        missing_ids = ~graph.node_ids.isin(groups.index)
        if groups.index.is_unique and not missing_ids.all():
            return groups.reindex(graph.node_ids), groups.name
    if isinstance(groups, Mapping):
        return pd.Series(groups).reindex(graph.node_ids), None
    try:
        arr = np.asarray(groups, dtype=object)
    except Exception:
        arr = None
    if arr is None or arr.ndim != 1 or arr.shape[0] != graph.n_nodes:
        raise InputError(
            f"{argument} must be a node attribute name, a mapping or Series from node id to "
            f"group, or an array with one value per node ({graph.n_nodes}); got "
            f"{describe(groups)}."
        )
    return pd.Series(arr, index=graph.node_ids), getattr(groups, "name", None)


def group_codes(graph: SocialGraph, groups: Any, *, missing: str = "raise",
                argument: str = "groups") -> GroupCodes:
    """Codes (int8 while there are fewer than 127 groups) and labels for ``groups``.

    Labels are in natural order (numbers as numbers: ``"D2"`` before ``"D10"``, as
    :func:`netmix._format.sort_groups`; categoricals keep their category order). Nodes with
    a missing group raise an :class:`InputError` naming them, unless ``missing="drop"``:
    then they get code -1 and are counted. ``graph``: a SocialGraph (a networkx or igraph
    graph is converted, :func:`netmix.graph.as_social_graph`).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.core import group_codes
    >>> g = netmix.SocialGraph(pd.DataFrame({"team": list("aabb")}, index=list("pqrs")),
    ...                        [0, 1, 2], [1, 2, 3])
    >>> gc = group_codes(g, "team")
    >>> gc.codes.tolist(), list(gc.labels), gc.sizes.tolist()
    ([0, 0, 1, 1], ['a', 'b'], [2, 2])
    """
    graph = as_social_graph(graph)
    check_choice("missing", missing, ("raise", "drop"))
    if isinstance(groups, str) and graph.has_node_attr(groups):
        # a node attribute of an immutable graph: code it once (errors are not memoised)
        return graph.memoize(("group_codes", groups, missing, argument),
                             lambda: _codes(graph, groups, missing, argument))
    return _codes(graph, groups, missing, argument)


def _natural(codes: np.ndarray, uniques: Any) -> tuple[np.ndarray, pd.Index]:
    """Codes and labels with the labels in netmix's one group order, the natural order of
    :func:`netmix._format.natural_key` (numbers as numbers: ``"D2" < "D10"``,
    ``"1A" < "1B" < "2A"``); a loop over the groups, never over the nodes."""
    labels = list(uniques)
    order = sorted(range(len(labels)), key=lambda k: natural_key(labels[k]))
    index = pd.Index(uniques).take(order)
    if order == list(range(len(labels))):
        return codes, index
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return np.where(codes >= 0, rank[np.maximum(codes, 0)], -1), index


def _codes(graph: SocialGraph, groups: Any, missing: str, argument: str) -> GroupCodes:
    values, name = _values(graph, groups, argument)
    isna = values.isna().to_numpy()
    if isna.any() and missing == "raise":
        ids = graph.node_ids[isna]
        what = f"attribute {name!r}" if name else "a group"
        raise InputError(
            f"{argument}: {int(isna.sum())} node(s) have no value for {what}, "
            f"e.g. node(s) {first_items(ids)}. A missing value is never a group: fill them, "
            "or pass missing='drop' to leave those nodes (and their edges) out."
        )
    if isna.size and isna.all():
        # with missing="drop" nothing would be left: say which column, how many, what to do
        what = f"node attribute {name!r}" if name else "the group values given"
        have = [c for c in graph.node_attributes if c != name]
        others = f" (the other node attributes are: {first_items(have, 8)})" if have else ""
        raise InputError(
            f"{argument}: every value of {what} is missing ({int(isna.sum())} of "
            f"{isna.size} nodes), so missing='drop' leaves no node with a group. Choose "
            f"another column{others}, or check the missing-value tokens (na_values) the "
            "data were read with: a real value read as missing (e.g. 'NA' for Namibia) "
            "empties a column.")
    if isinstance(values.dtype, pd.CategoricalDtype):
        labels = pd.Index(values.cat.categories)
        codes = values.cat.codes.to_numpy()
    else:
        codes, labels = _natural(*pd.factorize(values, sort=False))
    codes = np.asarray(codes).astype(_code_dtype(len(labels)))
    codes.setflags(write=False)
    return GroupCodes(codes=codes, labels=labels, name=name, n_missing=int(isna.sum()))
