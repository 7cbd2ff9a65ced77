"""Argument handling shared by the bridging modules."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .._validation import check_choice
from ..core import GroupCodes, group_codes
from ..exceptions import DegenerateMixingWarning, InputError
from ..graph import SocialGraph, edge_weights

__all__ = ["codes_of", "positive_weights", "warn"]


def warn(message: str, stacklevel: int = 2) -> None:
    """A :class:`DegenerateMixingWarning` pointing at the user's line: ``stacklevel`` 2
    when called from the public function itself, 3 from a helper it calls."""
    warnings.warn(message, DegenerateMixingWarning, stacklevel=stacklevel + 1)


def codes_of(graph: SocialGraph, groups: Any, missing: str, argument: str = "groups"
             ) -> GroupCodes:
    """Group codes for ``groups``: an attribute name, per-node values, or a partition
    (an igraph ``VertexClustering`` or anything with a ``membership`` vector).

    An all-missing ``groups`` with ``missing="drop"`` raises an :class:`InputError` naming
    the column (:func:`netmix.core.group_codes`)."""
    check_choice("missing", missing, ("raise", "drop"))
    membership = getattr(groups, "membership", None)
    if membership is not None and not isinstance(groups, (str, np.ndarray)):
        groups = np.asarray(membership)
    return group_codes(graph, groups, missing=missing, argument=argument)


def positive_weights(graph: SocialGraph, weight: str | None) -> np.ndarray | None:
    """Weights that must be > 0 (tie strengths, as Burt's measures require)."""
    w = edge_weights(graph, weight)
    if w is not None and w.size and w.min() <= 0:
        k = int(np.argmin(w))
        raise InputError(
            f"weight: edge attribute {weight!r} must be > 0 for this measure (a tie of zero "
            f"strength is no tie); edge {k} has {w[k]!r}. Drop those edges first "
            "(graph.subgraph or from_edges on the filtered table).")
    return w
