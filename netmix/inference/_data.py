"""The arrays a null model or a bootstrap works on.

:class:`NetworkData` is the observed network reduced to what resampling needs: edge arrays,
one group code per node and the edge weights. A null replicate is another
:class:`NetworkData` (new edges, or new codes). Its mixing counts are the tally of its edge
view (:func:`netmix.core.tally`, the rules of :func:`netmix.mixing_matrix`); a batch of
relabelled replicates is tallied at once (:func:`netmix.core.batch_tally`), never rebuilt
as a graph.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ..core import EdgeView, GroupCodes, edge_view, edges_view, group_codes, tally
from ..core.batch import LANES, MAX_ELEMENTS
from ..graph import SocialGraph, edge_weights, nonnegative_weights
from ..measures.mixing import MixingMatrix, matrix_of

__all__ = ["LANES", "MAX_ELEMENTS", "NetworkData"]


@dataclass(frozen=True, eq=False)
class NetworkData:
    """The observed network, or one null replicate of it, as arrays.

    Attributes
    ----------
    src, dst : numpy.ndarray
        Edge endpoints (node positions).
    codes : numpy.ndarray
        Group code of every node (indexes ``groups.labels``); -1 marks a node without a group.
    weights : numpy.ndarray or None
        Edge weights (float64), or None to count edges.
    n_nodes : int
    directed : bool
    groups : GroupCodes
        The observed groups (labels, name) the codes refer to.
    graph : SocialGraph
        The observed graph (node table, attribute names), to rebuild a replicate as a graph.
    weight : str or None
        Name of the weight attribute.
    """

    src: np.ndarray
    dst: np.ndarray
    codes: np.ndarray
    weights: np.ndarray | None
    n_nodes: int
    directed: bool
    groups: GroupCodes
    graph: SocialGraph
    weight: str | None = None

    @classmethod
    def from_graph(cls, graph: SocialGraph, groups: Any, weight: str | None = None, *,
                   missing: str = "raise") -> NetworkData:
        """Codes and arrays of ``graph`` (validated as :func:`netmix.mixing_matrix` does)."""
        gc = group_codes(graph, groups, missing=missing)
        w = edge_weights(graph, weight)
        data = cls(graph.src, graph.dst, gc.codes, w, graph.n_nodes, graph.directed, gc, graph,
                   weight)
        if isinstance(groups, str) and (w is None or not (w < 0).any()):
            # the graph's own view (built once, tallied once) shared with the measures
            data.__dict__["view"] = edge_view(graph, groups, weight, missing=missing)
        return data

    @property
    def k(self) -> int:
        """Number of groups."""
        return len(self.groups.labels)

    @property
    def n_edges(self) -> int:
        return int(self.src.size)

    def replace(self, **changes: Any) -> NetworkData:
        """A replicate: this data with new ``src``/``dst``/``codes``/``weights``."""
        return replace(self, **changes)

    def degrees(self) -> tuple[np.ndarray, np.ndarray]:
        """(out, in) degrees; for an undirected graph both are the degree (loops count 2)."""
        out = np.bincount(self.src, minlength=self.n_nodes)
        inn = np.bincount(self.dst, minlength=self.n_nodes)
        if self.directed:
            return out, inn
        return out + inn, out + inn

    @cached_property
    def view(self) -> EdgeView:
        """The edge view of this replicate (its codes, the counting rules of
        :func:`netmix.mixing_matrix`): nodes without a group and their edges left out."""
        w = self.weights
        if w is not None and self.weight is not None and (w < 0).any():
            w = nonnegative_weights(self.graph, self.weight)  # raises, naming the edge
        g = self.groups
        rows = g if self.codes is g.codes else GroupCodes(
            self.codes, g.labels, g.name, int(np.count_nonzero(self.codes < 0)))
        return edges_view(self.src, self.dst, w, self.n_nodes, directed=self.directed,
                          rows=rows, weight=self.weight)

    def counts(self, *, directed: bool | None = None) -> np.ndarray:
        """The (k, k) mixing counts of this replicate (``directed=True``: each edge once,
        source to target, whatever the graph)."""
        view = self.view
        if directed is not None and directed != view.directed:
            view = replace(view, directed=directed)
        return tally(view).counts

    def template(self) -> MixingMatrix:
        """The observed :class:`MixingMatrix` (labels, sizes) that replicates' counts fill in."""
        return matrix_of(self.view, tally(self.view))

    def groups_series(self, codes: np.ndarray, index: pd.Index | None = None) -> pd.Series:
        """Per-node group values for ``codes`` (-1: missing), as a user's function gets them
        (indexed by ``index``, default the observed node ids).

        Numeric labels come back as numbers (float when some are missing); other labels as a
        categorical with the observed categories, so the group set and order never change.
        """
        labels = self.groups.labels
        if labels.dtype.kind in "iufb":
            values = labels.to_numpy()[np.maximum(codes, 0)]
            if (codes < 0).any():
                values = np.where(codes < 0, np.nan, values.astype(float))
        else:
            values = pd.Categorical.from_codes(codes.astype(np.int64), categories=labels)
        index = self.graph.node_ids if index is None else index
        return pd.Series(values, index=index, name=self.groups.name)

    def to_graph(self) -> SocialGraph:
        """This replicate as a :class:`SocialGraph` over the observed nodes."""
        if self.src is self.graph.src and self.dst is self.graph.dst:
            return self.graph
        attrs = {} if self.weight is None else {self.weight: self.weights}
        return SocialGraph(self.graph.nodes, self.src, self.dst, directed=self.directed,
                           edge_attrs=attrs)
