"""Edge weights: read from a graph and validated once (the one weight check).

It sits with :class:`~netmix.graph.SocialGraph` (whose :meth:`~netmix.graph.SocialGraph.degree`
uses it) below the edge view and every measure, so all of them can import it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_weights, type_error
from ..exceptions import InputError

__all__ = ["edge_weights", "nonnegative_weights"]


def edge_weights(graph: Any, weight: str | None, *, nonnegative: bool = False
                 ) -> np.ndarray | None:
    """The weight array (float64) for ``weight``, validated, or None.

    Numbers only (not bool, not text), finite, and >= 0 when ``nonnegative``; integer
    weights become float64, so sums of huge integers never wrap around. The message names
    the edge (its position and endpoints) and the value (:func:`netmix._validation.
    check_weights`, the one weight check).

    Examples
    --------
    >>> import pandas as pd
    >>> from netmix import SocialGraph
    >>> g = SocialGraph(pd.DataFrame(index=["a", "b", "c"]), [0, 1], [1, 2],
    ...                 edge_attrs={"w": [2, 3]})
    >>> edge_weights(g, "w")
    array([2., 3.])
    >>> edge_weights(g, None) is None
    True
    """
    if weight is None:
        return None
    if not isinstance(weight, str):
        raise type_error("weight", "None or the name of an edge attribute", weight)
    arr = graph.edge_attr(weight)
    ids = graph.node_ids

    def locate(k: int) -> str:
        a, b = ids[graph.src[k]], ids[graph.dst[k]]
        a, b = (x.item() if isinstance(x, np.generic) else x for x in (a, b))
        return f"edge {k} of graph.edges (between nodes {a!r} and {b!r})"

    files = [str(r["edges"]) for r in graph.provenance
             if r.get("step") == "read_edges" and r.get("edges") not in (None, "DataFrame")]
    read = (f"read {files[0]!r} with read_edges(..., weight={weight!r}) to have the line "
            "named" if files else f"read_edges(..., weight={weight!r}) and "
            f"from_edges(..., weight={weight!r}) check weights as they read them, naming "
            "the file line")
    w = check_weights(arr, what=f"edge attribute {weight!r}", locate=locate,
                      nonnegative=nonnegative, fix=f"Fix that weight ({read}).")
    with np.errstate(over="ignore"):
        total = w.sum()
    if not np.isfinite(total):
        raise InputError(
            f"weight: the weights of edge attribute {weight!r} add up to more than the largest "
            f"float ({np.finfo(float).max:.3g}); got a largest weight of {w.max():.6g}. "
            "Divide the weights by a constant (scale-free statistics do not change).")
    return w


def nonnegative_weights(graph: Any, weight: str | None) -> np.ndarray | None:
    """:func:`edge_weights`, also requiring every weight to be >= 0 (mixing shares).

    Examples
    --------
    >>> import pandas as pd
    >>> from netmix import SocialGraph
    >>> g = SocialGraph(pd.DataFrame(index=["a", "b"]), [0], [1], edge_attrs={"w": [-1.0]})
    >>> nonnegative_weights(g, "w")
    Traceback (most recent call last):
    ...
    netmix.exceptions.InputError: weight: edge attribute 'w' must be >= 0 (weights count ties); ...
    """
    return edge_weights(graph, weight, nonnegative=True)
