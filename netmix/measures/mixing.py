"""The mixing matrix: the sufficient statistic every nominal mixing index is a function of.

``M[g, h]`` is the number (or total weight) of edges from a node of group ``g`` to a node
of group ``h``. Conventions (documented once, used everywhere):

* **Directed graphs**: rows are sources, columns are targets; each arc counts once.
* **Undirected graphs**: each edge counts once in each direction, so ``M`` is symmetric
  and sums to twice the number of edges (networkx's ``attribute_mixing_matrix`` and
  igraph's assortativity do the same). ``M[g, h]`` (``g != h``) is then the number of
  edges between ``g`` and ``h``, and ``M[g, g]`` twice the number inside ``g``.
* ``directed=False`` on a directed graph symmetrises it: each arc counts in both
  directions (a reciprocated pair of arcs is two edges).
* **Self-loops** follow ``loops=``: ``"count"`` (default) treats a loop like any edge, so an
  undirected loop adds 2 to ``M[g, g]`` (both directions, as igraph does); ``"once"`` adds 1
  (as networkx does); ``"drop"`` leaves loops out. A directed loop adds 1 under ``"count"``
  and ``"once"``. :attr:`MixingMatrix.loop_counts` records what loops added.
* **Multi-edges** count as separate edges (their weights add up). A graph built with
  ``duplicates="sum"`` (the default of :func:`netmix.from_edges`) has none.

The matrix is computed in one vectorised pass over the edge arrays (two for an undirected
matrix with different row and column attributes): the node codes are gathered and counted
with ``numpy.bincount``, :data:`CHUNK` edges at a time through reused buffers.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._kernels import pair_tally
from .._validation import check_choice, check_weights, type_error
from ..exceptions import DegenerateMixingWarning, InputError, NetmixWarning
from ..graph import SocialGraph, describe_graph_arg
from ._groups import GroupCodes, group_codes

__all__ = ["LOOP_POLICIES", "MixingMatrix", "edge_weights", "mixing_matrix"]

#: Accepted values of ``loops=`` (see the module notes).
LOOP_POLICIES = ("count", "once", "drop")

#: Edges per chunk in the gather-and-count loops. Gathering a million values into fresh
#: arrays costs more in page faults and cache misses than in reads; chunks this size go
#: through small reused buffers that stay in cache (16 chunks per million edges).
CHUNK = 1 << 16


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

    def symmetrized(self) -> MixingMatrix:
        """``(M + M.T) / 2``: the undirected view of a directed tally (same total)."""
        if not self.square:
            raise InputError("symmetrizing needs the same groups on rows and columns; this "
                             "matrix has different row and column attributes.")
        return MixingMatrix(
            (self.counts + self.counts.T) / 2, self.row_labels, self.col_labels, False,
            self.weight, self.row_attr, self.col_attr, self.row_sizes, self.col_sizes,
            self.n_nodes_dropped, self.n_edges_dropped, (*self.notes, "symmetrized"),
            self.loops, None if self.loop_counts is None
            else (self.loop_counts + self.loop_counts.T) / 2)

    # ------------------------------------------------------------------ dyads
    def _dyad_inputs(self) -> tuple[np.ndarray, np.ndarray]:
        if not self.square:
            raise InputError("dyads need the same groups on rows and columns; this matrix "
                             "has different row and column attributes. Pass col_groups=None.")
        if self.weight is not None:
            raise InputError(f"dyads compare tie counts with pairs of people; this matrix "
                             f"sums weight {self.weight!r}. Build it with weight=None.")
        if "symmetrized" in self.notes:
            raise InputError("dyads of a symmetrized matrix are ambiguous (it averages the "
                             "two directions); use the directed matrix, or mixing_matrix(..., "
                             "directed=False) to count each arc as an undirected edge.")
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

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        what = f"weight {self.weight!r}" if self.weight else "edge counts"
        return f"<MixingMatrix {self.shape[0]}x{self.shape[1]}, {kind}, {what}>\n" + \
            self.to_frame().to_string()

    def _repr_html_(self) -> str:
        return self.to_frame()._repr_html_()


def edge_weights(graph: SocialGraph, weight: str | None, *, nonnegative: bool = False
                 ) -> np.ndarray | None:
    """The weight array (float64) for ``weight``, validated, or None.

    Numbers only (not bool, not text), finite, and >= 0 when ``nonnegative``; integer
    weights become float64, so sums of huge integers never wrap around. The message names
    the edge (its position and endpoints) and the value (:func:`netmix._validation.
    check_weights`, the one weight check).
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


def nonnegative_weights(graph: SocialGraph, weight: str | None) -> np.ndarray | None:
    """:func:`edge_weights`, also requiring every weight to be >= 0 (mixing shares)."""
    return edge_weights(graph, weight, nonnegative=True)


def _tally(rows: np.ndarray, cols: np.ndarray, kc: int, size: int, src: np.ndarray,
           dst: np.ndarray, w: np.ndarray | None) -> np.ndarray:
    """``bincount(rows[src] * kc + cols[dst], w)``, flattened (length ``size``).

    The row codes are scaled once per node; the edges are read in chunks of :data:`CHUNK`
    through two reused buffers, each chunk's small bincount added to the total.
    """
    compiled = pair_tally(rows, cols, kc, size, src, dst, w)
    if compiled is not None:
        return compiled
    m = src.size
    if size > CHUNK or m <= CHUNK:  # many cells: one pass (chunk counts would be too big)
        flat = (rows.astype(np.intp) * kc)[src]
        flat += cols[dst]
        return np.bincount(flat, weights=w, minlength=size)
    scaled = rows.astype(np.intp) * kc
    out = np.zeros(size, dtype=np.int64 if w is None else np.float64)
    f_buf, c_buf = np.empty(CHUNK, dtype=np.intp), np.empty(CHUNK, dtype=cols.dtype)
    for i in range(0, m, CHUNK):
        sl = slice(i, min(i + CHUNK, m))
        f, c = f_buf[: sl.stop - i], c_buf[: sl.stop - i]
        np.take(scaled, src[sl], out=f, mode="clip")
        np.take(cols, dst[sl], out=c, mode="clip")
        f += c
        out += np.bincount(f, weights=None if w is None else w[sl], minlength=size)
    return out


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
    graph = describe_graph_arg(graph)
    check_choice("missing", missing, ("raise", "drop"))
    check_choice("loops", loops, LOOP_POLICIES)
    if directed is None:
        directed = graph.directed
    if directed and not graph.directed:
        raise InputError("directed=True needs a directed graph; this graph is undirected. "
                         "Pass directed=None or False.")
    rows = group_codes(graph, groups, missing=missing)
    cols = rows if col_groups is None else group_codes(graph, col_groups, missing=missing,
                                                       argument="col_groups")
    return _mixing(graph, rows, cols, weight, bool(directed), loops)


def _mixing(graph: SocialGraph, rows: GroupCodes, cols: GroupCodes, weight: str | None,
            directed: bool, loops: str = "count") -> MixingMatrix:
    w = nonnegative_weights(graph, weight)
    src, dst = graph.src, graph.dst
    n_dropped_edges = 0
    dropped = rows.codes < 0
    if cols is not rows:
        dropped = dropped | (cols.codes < 0)
    is_loop = np.equal(src, dst)
    has_loops = bool(is_loop.any())
    keep = None
    if dropped.any():
        keep = ~(dropped[src] | dropped[dst])
        n_dropped_edges = int(src.size - np.count_nonzero(keep))
    if has_loops and loops == "drop":
        keep = ~is_loop if keep is None else keep & ~is_loop
    if keep is not None:
        src, dst, is_loop = src[keep], dst[keep], is_loop[keep]
        w = None if w is None else w[keep]
        has_loops = has_loops and loops != "drop" and bool(is_loop.any())
    kr, kc = len(rows.labels), len(cols.labels)
    size = kr * kc
    counts = _tally(rows.codes, cols.codes, kc, size, src, dst, w)
    if not directed:
        if cols is rows:
            counts = counts.reshape(kr, kc)
            counts = (counts + counts.T).ravel()
        else:
            counts = counts + _tally(rows.codes, cols.codes, kc, size, dst, src, w)
    loop_counts = None
    if has_loops:
        lw = None if w is None else w[is_loop]
        ls = src[is_loop]
        per_loop = _tally(rows.codes, cols.codes, kc, size, ls, ls, lw)
        if not directed and loops == "once":
            counts = counts - per_loop
        loop_counts = per_loop * (2 if not directed and loops == "count" else 1)
        loop_counts = loop_counts.reshape(kr, kc)
    counts = counts.reshape(kr, kc)
    if w is None:
        counts = counts.astype(np.int64)
        loop_counts = None if loop_counts is None else loop_counts.astype(np.int64)
    return MixingMatrix(
        counts, rows.labels, cols.labels, directed, weight, rows.name, cols.name,
        rows.sizes, cols.sizes, int(dropped.sum()), n_dropped_edges, (), loops, loop_counts)
