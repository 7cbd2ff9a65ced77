"""The mixing matrix: the sufficient statistic every nominal mixing index is a function of.

``M[g, h]`` is the number (or total weight) of edges from a node of group ``g`` to a node
of group ``h``. Conventions (documented once, used everywhere):

* **Directed graphs**: rows are sources, columns are targets; each arc counts once.
* **Undirected graphs**: each edge counts once in each direction, so ``M`` is symmetric
  and sums to twice the number of edges (networkx's ``attribute_mixing_matrix`` and
  igraph's assortativity do the same). ``M[g, h]`` (``g != h``) is then the number of
  edges between ``g`` and ``h``, and ``M[g, g]`` twice the number inside ``g``.
* ``directed=False`` on a directed graph counts each arc as an undirected tie of both ends
  (igraph's ``directed=FALSE``): ``M + M.T`` of the directed tally (a reciprocated pair of
  arcs is two edges); :meth:`MixingMatrix.as_undirected` does the same to a directed matrix.
* **Self-loops** follow ``loops=``: ``"count"`` (default) treats a loop like any edge, so an
  undirected loop adds 2 to ``M[g, g]`` (both directions, as igraph does); ``"once"`` adds 1
  (as networkx does); ``"drop"`` leaves loops out. A directed loop adds 1 under ``"count"``
  and ``"once"``. :attr:`MixingMatrix.loop_counts` records what loops added.
* **Multi-edges** count as separate edges (their weights add up). A graph built with
  ``duplicates="sum"`` (the default of :func:`netmix.from_edges`) has none.

The rules live in the edge view (:func:`netmix.core.edge_view`) and its tally
(:func:`netmix.core.tally`): one vectorised (or compiled) pass over the edge arrays.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..core import LOOP_POLICIES, EdgeView, Tally, edge_view, tally
from ..exceptions import DegenerateMixingWarning, InputError, NetmixWarning
from ..graph import SocialGraph, as_social_graph
from . import _display

__all__ = ["LOOP_POLICIES", "MixingMatrix", "matrix_of", "mixing_matrix"]


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
    notes : tuple of str
    loops : {"count", "once", "drop"}
        The self-loop policy the counts were made with (see the module notes).
    loop_counts : numpy.ndarray or None
        What self-loops added to ``counts`` (same shape), or None when no loop was counted.
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
    loops: str = "count"
    loop_counts: np.ndarray | None = None

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
                "the mixing matrix is empty (no edges between nodes with a group, or every "
                "edge weight is 0); "
                "every index of it is nan.", DegenerateMixingWarning, stacklevel=3)
            return np.full(self.shape, np.nan)
        return self.counts / total

    def to_frame(self, *, normalize: bool = False) -> pd.DataFrame:
        """The matrix as a labelled DataFrame (rows: source groups; columns: targets)."""
        values = self.normalized() if normalize else self.counts
        return pd.DataFrame(values, index=self.row_labels.rename(self.row_attr or "row"),
                            columns=self.col_labels.rename(self.col_attr or "col"))

    def as_undirected(self) -> MixingMatrix:
        """Each arc of a directed tally counted as an undirected tie of both ends.

        ``M + M.T``, loops by the matrix's policy (``"count"``: 2 on the diagonal,
        ``"once"``: 1): the matrix :func:`mixing_matrix` gives with ``directed=False``, and
        what every index means by ``directed=False`` (igraph's ``directed=FALSE``). An
        undirected matrix is returned as it is.

        Examples
        --------
        >>> m = MixingMatrix.from_array([[10, 2], [3, 5]], labels=["a", "b"])
        >>> m.as_undirected().counts
        array([[20,  5],
               [ 5, 10]])
        """
        if not self.directed:
            return self
        if not self.square:
            raise InputError("an undirected tally needs the same groups on rows and columns; "
                             "this matrix has different row and column attributes.")
        counts = self.counts + self.counts.T
        loop_counts = None
        if self.loop_counts is not None:
            if self.loops == "once":
                counts = counts - self.loop_counts
            loop_counts = self.loop_counts * (2 if self.loops == "count" else 1)
        return MixingMatrix(
            counts, self.row_labels, self.col_labels, False, self.weight, self.row_attr,
            self.col_attr, self.row_sizes, self.col_sizes, self.n_nodes_dropped,
            self.n_edges_dropped, self.notes, self.loops, loop_counts)

    # ------------------------------------------------------------------ dyads
    def _dyad_inputs(self) -> tuple[np.ndarray, np.ndarray]:
        if not self.square:
            raise InputError("dyads need the same groups on rows and columns; this matrix "
                             "has different row and column attributes. Pass col_groups=None.")
        if self.weight is not None:
            raise InputError(f"dyads compare tie counts with pairs of people; this matrix "
                             f"sums weight {self.weight!r}. Build it with weight=None.")
        if self.row_sizes is None or len(self.row_sizes) != self.shape[0]:
            raise InputError("dyads need the number of nodes in each group; this matrix has "
                             "none. Build it from a graph, or pass row_sizes= to "
                             "MixingMatrix.from_array.")
        n = np.asarray(self.row_sizes, dtype=np.float64)
        ties = np.asarray(self.counts, dtype=np.float64)
        if self.loop_counts is not None:
            ties = ties - self.loop_counts
        return n, ties

    def possible_dyads(self) -> np.ndarray:
        r"""Ordered pairs of distinct nodes for every cell, in the convention of ``counts``.

        .. math::

            D_{gh} = n_g n_h - [g = h]\, n_g

        so ``(counts - loop_counts) / possible_dyads()`` is the tie density of every cell, for
        directed and undirected matrices alike (an undirected matrix counts each edge in
        both directions, and ``D`` counts each pair of people in both orders). For one row
        per unordered pair of groups and the tie / non-tie counts, see :meth:`dyads`.

        Examples
        --------
        >>> m = MixingMatrix.from_array([[4, 2], [2, 0]], labels=["a", "b"], directed=False,
        ...                             row_sizes=[3, 2])
        >>> m.possible_dyads()
        array([[6., 6.],
               [6., 2.]])
        """
        n, _ = self._dyad_inputs()
        return np.outer(n, n) - np.diag(n)

    def dyads(self) -> pd.DataFrame:
        r"""Ties, possible dyads and non-ties of every pair of groups.

        The "full dyad" table that odds ratios, Coleman's and Freeman's indices start from.
        With :math:`n_g` the size of group :math:`g`:

        * **directed** matrix: one row per ordered pair of groups ``(g, h)``; ``ties`` is the
          number of arcs from ``g`` to ``h`` and ``possible`` the number of ordered pairs of
          distinct people, :math:`n_g n_h` (:math:`g \ne h`) or :math:`n_g (n_g - 1)`
          (:math:`g = h`).
        * **undirected** matrix: one row per unordered pair, ``g <= h`` in label order; each
          edge counts once (``ties`` is ``counts[g, h]`` for :math:`g \ne h` and
          ``counts[g, g] / 2`` within), and ``possible`` is :math:`n_g n_h` or
          :math:`n_g (n_g - 1) / 2`.

        ``non_ties = possible - ties`` and ``density = ties / possible`` (nan when a group
        has a single member, so no within-group pair). Self-loops are not dyads and are left
        out of ``ties`` (see ``loop_counts``); multi-edges count as separate ties, so a graph
        with multi-edges can have more ties than dyads (a :class:`NetmixWarning` says so;
        build the graph with ``duplicates="sum"``).

        Returns
        -------
        pandas.DataFrame
            Indexed by ``(row, col)`` group labels, with columns ``ties``, ``possible``,
            ``non_ties``, ``density`` and ``within`` (whether ``row == col``).

        Raises
        ------
        InputError
            For a weighted matrix, different row and column attributes, or unknown group
            sizes.

        Examples
        --------
        >>> import pandas as pd, netmix
        >>> nodes = pd.DataFrame({"dept": ["a", "a", "a", "b", "b"]})
        >>> g = netmix.SocialGraph(nodes, [0, 0, 1, 3], [1, 3, 4, 4])
        >>> netmix.mixing_matrix(g, "dept").dyads()
                 ties  possible  non_ties  density  within
        row col
        a   a     1.0       3.0       2.0   0.3333    True
            b     2.0       6.0       4.0   0.3333   False
        b   b     1.0       1.0       0.0   1.0000    True
        """
        n, ties = self._dyad_inputs()
        possible = np.outer(n, n) - np.diag(n)
        k = len(n)
        if self.directed:
            i, j = (a.ravel() for a in np.indices((k, k)))
            t, p = ties[i, j], possible[i, j]
        else:
            i, j = np.triu_indices(k)
            half = np.where(i == j, 0.5, 1.0)
            t, p = ties[i, j] * half, possible[i, j] * half
        with np.errstate(invalid="ignore", divide="ignore"):
            density = np.where(p > 0, t / np.where(p > 0, p, 1.0), np.nan)
        if (t > p + 1e-9).any():
            warnings.warn("some group pairs have more ties than possible dyads: the graph has "
                          "multi-edges (build it with duplicates='sum').", NetmixWarning,
                          stacklevel=2)
        index = pd.MultiIndex.from_arrays(
            [self.row_labels.take(i), self.col_labels.take(j)], names=["row", "col"])
        return pd.DataFrame({"ties": t, "possible": p, "non_ties": p - t,
                             "density": density, "within": i == j}, index=index)

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.counts, dtype=dtype)

    def row_shares(self) -> pd.DataFrame:
        """Each row over its total: the share of a group's contacts that go to each group
        (nan, with a warning, for a row without contacts); see :func:`~._display.row_shares`.
        """
        return _display.row_shares(self)

    def __repr__(self) -> str:
        return _display.matrix_repr(self)

    def _repr_html_(self) -> str:
        return _display.matrix_html(self)


def mixing_matrix(
    graph: SocialGraph,
    groups: Any,
    weight: str | None = None,
    *,
    col_groups: Any = None,
    directed: bool | None = None,
    missing: str = "raise",
    loops: str = "count",
) -> MixingMatrix:
    """Count edges (or sum their weight) between every pair of groups.

    Parameters
    ----------
    graph : SocialGraph
    groups : str, mapping, Series or array
        A node attribute name, or one group per node.
    weight : str, optional
        Edge attribute to sum (e.g. ``"duration"``; values must be >= 0); None counts edges.
    col_groups : optional
        A different attribute for the columns (e.g. rows by gender, columns by class).
    directed : bool, optional
        Default: as the graph is. ``False`` on a directed graph counts each arc both ways.
    missing : {"raise", "drop"}, default "raise"
        Nodes without a group raise; ``"drop"`` leaves them and their edges out, counted on
        the result (``n_nodes_dropped``, ``n_edges_dropped``).
    loops : {"count", "once", "drop"}, default "count"
        Self-loops: an undirected loop adds 2 to the diagonal (``"count"``, as igraph),
        1 (``"once"``, as networkx) or nothing (``"drop"``).

    Returns
    -------
    MixingMatrix
        See the module notes for the conventions on directions, loops and multi-edges;
        :meth:`MixingMatrix.dyads` gives ties and possible dyads per pair of groups.

    Notes
    -----
    Validated against networkx's ``attribute_mixing_matrix`` (``loops="once"``) and an
    edge-by-edge count (``loops="count"``) in the tests, on random and real graphs.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> nodes = pd.DataFrame({"dept": ["a", "a", "b", "b"]})
    >>> g = netmix.SocialGraph(nodes, [0, 0, 2], [1, 2, 3])
    >>> netmix.mixing_matrix(g, "dept").to_frame()
    dept  a  b
    dept
    a     2  1
    b     1  2
    """
    graph = as_social_graph(graph)
    view = edge_view(graph, groups, weight, col_groups=col_groups, directed=directed,
                     missing=missing, loops=loops)
    return matrix_of(view, tally(view))


def matrix_of(view: EdgeView, t: Tally, notes: tuple[str, ...] = ()) -> MixingMatrix:
    """The :class:`MixingMatrix` of a view's (summed) tally."""
    rows, cols = view.rows, view.cols
    return MixingMatrix(
        t.counts, rows.labels, cols.labels, view.directed, view.weight, rows.name, cols.name,
        rows.sizes, cols.sizes, view.n_nodes_dropped, t.n_edges_dropped, notes, view.loops,
        t.loop_counts if t.n_loops else None)
