"""Helpers shared by the index modules: both calling forms, group sizes, dyads, warnings."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._validation import first_items
from ..exceptions import DegenerateMixingWarning, InputError
from ..graph import SocialGraph
from .mixing import MixingMatrix, mixing_matrix

__all__ = ["GraphOrMatrix"]

GraphOrMatrix = SocialGraph | MixingMatrix

# ----------------------------------------------------------------------------- helpers
def _as_matrix(graph: Any, groups: Any, weight: str | None, directed: bool | None,
               missing: str) -> MixingMatrix:
    """The square mixing matrix for either calling form."""
    if isinstance(graph, MixingMatrix):
        if groups is not None or weight is not None:
            raise InputError(
                "groups and weight must be None when graph is a MixingMatrix (they were fixed "
                f"when it was built); got groups={groups!r}, weight={weight!r}.")
        m = graph
        if directed is True and not m.directed:
            raise InputError("directed=True needs a directed mixing matrix; this one is "
                             "undirected. Pass directed=None.")
        if directed is False and m.directed:
            m = m.as_undirected()  # each arc an undirected tie (igraph's directed=FALSE)
    else:
        if groups is None:
            raise InputError("groups must name a node attribute or give one group per node "
                             "when graph is a SocialGraph; got None.")
        m = mixing_matrix(graph, groups, weight, directed=directed, missing=missing)
    if not m.square:
        raise InputError("this index needs the same groups on rows and columns; got a "
                         "matrix with different row and column groups. Pass col_groups=None.")
    return m


def _sizes(m: MixingMatrix, index: str) -> np.ndarray:
    if m.row_sizes is None or len(m.row_sizes) != m.shape[0]:
        raise InputError(
            f"{index} needs the number of nodes in each group; this MixingMatrix has none. "
            "Build it from a graph, or pass row_sizes= (and col_sizes=) to "
            "MixingMatrix.from_array.")
    return np.asarray(m.row_sizes, dtype=float)


def _unweighted(m: MixingMatrix, index: str) -> None:
    if m.weight is not None:
        raise InputError(f"{index} compares ties with dyads, so it needs tie counts; got a "
                         f"matrix of weight {m.weight!r}. Pass weight=None.")


def _warn(message: str, depth: int = 0) -> None:
    """Warn at the caller of the public function (``depth``: helpers in between)."""
    warnings.warn(message, DegenerateMixingWarning, stacklevel=3 + depth)


def _undefined(values: np.ndarray, labels: pd.Index, index: str,
               reasons: list[tuple[np.ndarray, str]]) -> np.ndarray:
    """Set ``values`` to nan where a reason's mask holds, warning once per reason."""
    values = np.array(values, dtype=float)
    done = np.zeros(values.shape, dtype=bool)
    for mask, why in reasons:
        mask = np.asarray(mask, dtype=bool) & ~done
        if mask.any():
            _warn(f"{index} is undefined (nan) for group(s) {first_items(labels[mask])}: "
                  f"{why}.", depth=1)
            values[mask] = np.nan
            done |= mask
    return values


def _series(values: np.ndarray, m: MixingMatrix, name: str) -> pd.Series:
    return pd.Series(values, index=m.row_labels.rename(m.row_attr), name=name)


def _ties(m: MixingMatrix) -> np.ndarray:
    """Counts without what self-loops added (loops are not dyads)."""
    loops = getattr(m, "loop_counts", None)
    return m.counts.astype(float) - (0 if loops is None else loops)


def _dyads(m: MixingMatrix) -> np.ndarray:
    """Ordered pairs of distinct nodes per group pair (:meth:`MixingMatrix.possible_dyads`)."""
    return m.possible_dyads().astype(float)
