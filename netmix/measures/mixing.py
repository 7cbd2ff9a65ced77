"""The mixing matrix: the sufficient statistic every nominal mixing index is a function of.

``M[g, h]`` is the number (or total weight) of edges from a node of group ``g`` to a node
of group ``h``. Conventions (documented once, used everywhere):

* **Directed graphs**: rows are sources, columns are targets; each arc counts once.
* **Undirected graphs**: each edge counts once in each direction, so ``M`` is symmetric
  and sums to twice the number of edges (networkx's ``attribute_mixing_matrix`` and
  igraph's assortativity do the same). A self-loop therefore adds 2 to ``M[g, g]``, as in
  igraph, where networkx adds 1.
* ``directed=False`` on a directed graph symmetrises it: each arc counts in both
  directions.

The matrix is computed in one vectorised pass: one ``numpy.bincount`` over the edge arrays.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, type_error
from ..exceptions import DegenerateMixingWarning, InputError
from ..graph import SocialGraph, describe_graph_arg
from ._groups import GroupCodes, group_codes

__all__ = ["MixingMatrix", "edge_weights", "mixing_matrix"]


@dataclass(frozen=True, eq=False)
class MixingMatrix:
    """Group-by-group counts (or weights) of edges, with the record of how they were made.

    Attributes
    ----------
    counts : numpy.ndarray, shape (k_rows, k_cols)
        ``counts[g, h]``: edges (or weight) from group ``row_labels[g]`` to ``col_labels[h]``.
    row_labels, col_labels : pandas.Index
    directed : bool
        Whether ``counts`` is a directed (asymmetric) tally; see the module notes.
    weight : str or None
        The edge attribute summed, or None for edge counts.
    row_attr, col_attr : str or None
        The node attributes behind the rows and columns.
    row_sizes, col_sizes : numpy.ndarray or None
        Number of nodes in each group (None when built from a bare table).
    n_nodes_dropped, n_edges_dropped : int
        Nodes with a missing group left out on request (``missing="drop"``) and the edges
        that touched them.
    """

    counts: np.ndarray
    row_labels: pd.Index
    col_labels: pd.Index
    directed: bool
    weight: str | None = None
    row_attr: str | None = None
    col_attr: str | None = None
    row_sizes: np.ndarray | None = None
    col_sizes: np.ndarray | None = None
    n_nodes_dropped: int = 0
    n_edges_dropped: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_array(
        cls,
        counts: Any,
        labels: Sequence[Any] | None = None,
        col_labels: Sequence[Any] | None = None,
        *,
        directed: bool = True,
        row_sizes: Sequence[int] | None = None,
        col_sizes: Sequence[int] | None = None,
        row_attr: str | None = None,
        col_attr: str | None = None,
    ) -> MixingMatrix:
        """A mixing matrix from a table of counts (a published table, for instance).

        A ``pandas.DataFrame`` brings its own labels. ``directed=False`` requires a
        symmetric matrix in the both-directions convention of the module notes.

        Examples
        --------
        >>> m = MixingMatrix.from_array([[10, 2], [3, 5]], labels=["a", "b"])
        >>> m.to_frame()
        col   a  b
        row
        a    10  2
        b     3  5
        """
        if isinstance(counts, pd.DataFrame):
            labels = counts.index if labels is None else labels
            col_labels = counts.columns if col_labels is None else col_labels
            counts = counts.to_numpy()
        arr = np.asarray(counts)
        if arr.ndim != 2 or arr.dtype.kind not in "iuf" or not np.isfinite(arr).all() \
                or (arr < 0).any():
            raise InputError(
                "counts must be a 2-d table of finite non-negative numbers; got "
                f"shape {arr.shape} of dtype {arr.dtype}."
            )
        rows = pd.Index(range(arr.shape[0]) if labels is None else labels)
        cols = pd.Index(rows if col_labels is None and arr.shape[0] == arr.shape[1]
                        else (range(arr.shape[1]) if col_labels is None else col_labels))
        if len(rows) != arr.shape[0] or len(cols) != arr.shape[1]:
            raise InputError(f"labels must match the table's shape {arr.shape}; got "
                             f"{len(rows)} row and {len(cols)} column labels.")
        if not directed and (arr.shape[0] != arr.shape[1] or not np.allclose(arr, arr.T)):
            raise InputError("counts must be symmetric when directed=False (each undirected "
                             "edge counted in both directions); pass directed=True otherwise.")
        return cls(arr, rows, cols, bool(directed), None, row_attr, col_attr,
                   None if row_sizes is None else np.asarray(row_sizes),
                   None if col_sizes is None else np.asarray(col_sizes))

    # -------------------------------------------------------------- derived quantities
    @property
    def shape(self) -> tuple[int, int]:
        return self.counts.shape  # type: ignore[return-value]

    @property
    def total(self) -> float:
        """Sum of all cells (twice the edge count for an undirected tally)."""
        return float(self.counts.sum())

    @property
    def square(self) -> bool:
        """Whether rows and columns are the same groups in the same order."""
        return self.row_labels.equals(self.col_labels)

    def normalized(self) -> np.ndarray:
        """``e = counts / total`` (Newman 2003's :math:`e_{ij}`); all-nan with a warning
        when there are no edges."""
        total = self.total
        if total <= 0:
            warnings.warn(
                "the mixing matrix is empty (no edges between nodes with a group); "
                "every index of it is nan.", DegenerateMixingWarning, stacklevel=3)
            return np.full(self.shape, np.nan)
        return self.counts / total

    def to_frame(self, *, normalize: bool = False) -> pd.DataFrame:
        """The matrix as a labelled DataFrame (rows: source groups; columns: targets)."""
        values = self.normalized() if normalize else self.counts
        return pd.DataFrame(values, index=self.row_labels.rename(self.row_attr or "row"),
                            columns=self.col_labels.rename(self.col_attr or "col"))

    def symmetrized(self) -> MixingMatrix:
        """``(M + M.T) / 2``: the undirected view of a directed tally (same total)."""
        if not self.square:
            raise InputError("symmetrizing needs the same groups on rows and columns; this "
                             "matrix has different row and column attributes.")
        return MixingMatrix(
            (self.counts + self.counts.T) / 2, self.row_labels, self.col_labels, False,
            self.weight, self.row_attr, self.col_attr, self.row_sizes, self.col_sizes,
            self.n_nodes_dropped, self.n_edges_dropped, (*self.notes, "symmetrized"))

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.counts, dtype=dtype)

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        what = f"weight {self.weight!r}" if self.weight else "edge counts"
        return f"<MixingMatrix {self.shape[0]}x{self.shape[1]}, {kind}, {what}>\n" + \
            self.to_frame().to_string()

    def _repr_html_(self) -> str:
        return self.to_frame()._repr_html_()


def edge_weights(graph: SocialGraph, weight: str | None) -> np.ndarray | None:
    """The weight array (float64) for ``weight``, validated: finite numbers, or None."""
    if weight is None:
        return None
    if not isinstance(weight, str):
        raise type_error("weight", "None or the name of an edge attribute", weight)
    arr = graph.edge_attr(weight)
    if arr.dtype.kind not in "biuf":
        raise InputError(f"weight: edge attribute {weight!r} must be numeric; got dtype "
                         f"{arr.dtype}.")
    w = arr.astype(np.float64, copy=False)
    if not np.isfinite(w).all():
        k = int(np.flatnonzero(~np.isfinite(w))[0])
        raise InputError(f"weight: edge attribute {weight!r} must be finite; edge {k} has "
                         f"{w[k]!r}.")
    return w


def _tally(rc: np.ndarray, cc: np.ndarray, kr: int, kc: int, w: np.ndarray | None
           ) -> np.ndarray:
    flat = rc.astype(np.intp) * kc + cc
    out = np.bincount(flat, weights=w, minlength=kr * kc).reshape(kr, kc)
    return out


def mixing_matrix(
    graph: SocialGraph,
    groups: Any,
    weight: str | None = None,
    *,
    col_groups: Any = None,
    directed: bool | None = None,
    missing: str = "raise",
) -> MixingMatrix:
    """Count edges (or sum their weight) between every pair of groups.

    Parameters
    ----------
    graph : SocialGraph
    groups : str, mapping, Series or array
        A node attribute name, or one group per node.
    weight : str, optional
        Edge attribute to sum (e.g. ``"duration"``); None counts edges.
    col_groups : optional
        A different attribute for the columns (e.g. rows by gender, columns by class).
    directed : bool, optional
        Default: as the graph is. ``False`` on a directed graph counts each arc both ways.
    missing : {"raise", "drop"}, default "raise"
        Nodes without a group raise; ``"drop"`` leaves them and their edges out, counted on
        the result.

    Returns
    -------
    MixingMatrix
        See the module notes for the conventions on directions and loops.

    Notes
    -----
    Validated against networkx's ``attribute_mixing_matrix`` in the tests.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> nodes = pd.DataFrame({"dept": ["a", "a", "b", "b"]})
    >>> g = netmix.SocialGraph(nodes, [0, 0, 2], [1, 2, 3])
    >>> netmix.mixing_matrix(g, "dept").to_frame()
    dept    a    b
    dept
    a     2.0  1.0
    b     1.0  2.0
    """
    graph = describe_graph_arg(graph)
    check_choice("missing", missing, ("raise", "drop"))
    if directed is None:
        directed = graph.directed
    if directed and not graph.directed:
        raise InputError("directed=True needs a directed graph; this graph is undirected. "
                         "Pass directed=None or False.")
    rows = group_codes(graph, groups, missing=missing)
    cols = rows if col_groups is None else group_codes(graph, col_groups, missing=missing,
                                                       argument="col_groups")
    return _mixing(graph, rows, cols, weight, bool(directed))


def _mixing(graph: SocialGraph, rows: GroupCodes, cols: GroupCodes, weight: str | None,
            directed: bool) -> MixingMatrix:
    w = edge_weights(graph, weight)
    src, dst = graph.src, graph.dst
    n_dropped_edges = 0
    dropped = rows.codes < 0
    if cols is not rows:
        dropped = dropped | (cols.codes < 0)
    if dropped.any():
        keep = ~(dropped[src] | dropped[dst])
        n_dropped_edges = int((~keep).sum())
        src, dst = src[keep], dst[keep]
        w = None if w is None else w[keep]
    kr, kc = len(rows.labels), len(cols.labels)
    counts = _tally(rows.codes[src], cols.codes[dst], kr, kc, w)
    if not directed:
        if cols is rows:
            counts = counts + counts.T
        else:
            counts = counts + _tally(rows.codes[dst], cols.codes[src], kr, kc, w)
    if w is None:
        counts = counts.astype(np.int64)
    return MixingMatrix(
        counts, rows.labels, cols.labels, directed, weight, rows.name, cols.name,
        rows.sizes, cols.sizes, int(dropped.sum()), n_dropped_edges)
