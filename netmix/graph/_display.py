"""How a :class:`~netmix.graph.SocialGraph` shows itself and compares: repr, summary, HTML,
equality. A mixin of :class:`~netmix.graph.SocialGraph`."""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd

from .._validation import first_items

__all__ = ["GraphDisplay"]


class GraphDisplay:
    """Repr, text and HTML summary, and equality (mixed into
    :class:`~netmix.graph.SocialGraph`)."""

    _directed: bool
    _edge_attrs: dict[str, np.ndarray]
    _nodes: pd.DataFrame
    _provenance: tuple[dict[str, Any], ...]
    _src: np.ndarray
    _dst: np.ndarray

    def __repr__(self) -> str:
        kind = "directed" if self._directed else "undirected"
        na = ", ".join(self.node_attributes) or "none"
        ea = ", ".join(self.edge_attributes) or "none"
        iso = self.n_isolates
        without = f" ({iso} without contacts)" if iso else ""
        return (f"<SocialGraph: {self.n_nodes} nodes{without}, {self.n_edges} {kind} edges; "
                f"node attributes: {na}; edge attributes: {ea}>")

    def summary(self) -> str:
        """A text summary: size, people without contacts, attributes and the provenance of
        every step."""
        lines = [repr(self)]
        iso = self.n_isolates
        if iso:
            lines.append(f"  {iso} of {self.n_nodes} people have no contacts (no tie to anyone "
                         f"else), e.g. {first_items(self.isolates, 3)} (graph.isolates lists "
                         "them); they stay in the graph, and community comparisons and drawings "
                         "leave them out by default.")
        for rec in self._provenance:
            items = ", ".join(f"{k}={v}" for k, v in rec.items() if k != "step")
            lines.append(f"  - {rec.get('step', '?')}: {items}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<li><b>{html.escape(str(rec.get('step', '?')))}</b>: "
            + html.escape(", ".join(f"{k}={v}" for k, v in rec.items() if k != "step"))
            + "</li>"
            for rec in self._provenance
        )
        return f"<p>{html.escape(repr(self))}</p>" + (f"<ul>{rows}</ul>" if rows else "")

    def __eq__(self, other: object) -> bool:
        """Same nodes (ids, attribute names and values), edges and edge attributes, in order.

        Edges are compared in order; an undirected edge ``(u, v)`` equals ``(v, u)``.
        Values are compared, not storage types: a text column stored as ``object`` equals one
        stored as pandas' ``str``, and a missing value equals a missing value (``None``,
        ``nan``), as after a round trip through networkx or igraph.
        """
        if not isinstance(other, GraphDisplay):
            return NotImplemented
        return (
            self._directed == other._directed
            and self._nodes.index.equals(other._nodes.index)
            and list(self._nodes.columns) == list(other._nodes.columns)
            and self._nodes.astype(object).equals(other._nodes.astype(object))
            and all(np.array_equal(a, b) for a, b in zip(self._ends(), other._ends(),
                                                         strict=True))
            and self._edge_attrs.keys() == other._edge_attrs.keys()
            and all(_same_values(v, other._edge_attrs[k]) for k, v in self._edge_attrs.items())
        )

    def _ends(self) -> tuple[np.ndarray, np.ndarray]:
        if self._directed:
            return self._src, self._dst
        return np.minimum(self._src, self._dst), np.maximum(self._src, self._dst)

    __hash__ = None  # type: ignore[assignment]


def _same_values(a: np.ndarray, b: np.ndarray) -> bool:
    """Element-wise equal arrays, missing values (nan, None) matching each other."""
    if a.shape != b.shape:
        return False
    if a.dtype.kind in "iufb" and b.dtype.kind in "iufb":
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f" or b.dtype.kind == "f"))
    return pd.Series(a, dtype=object).equals(pd.Series(b, dtype=object))
