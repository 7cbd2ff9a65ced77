r"""Assortativity coefficients (Newman 2002, 2003) and the modularity of a group partition.

Every coefficient is a correlation between the two ends of an edge, over the tally of the
mixing matrix (:mod:`netmix.measures.mixing`): directed graphs count each arc once, source
then target; undirected graphs count each edge in both directions; ``loops=`` says how a
self-loop counts (``"count"``: both directions, as igraph; ``"once"``: as networkx;
``"drop"``); multi-edges count as separate edges.

* :func:`nominal_assortativity` (categories, Newman 2003 eq. 2) and :func:`group_modularity`
  (its numerator: the modularity of the partition into groups).
* :func:`numeric_assortativity` (Pearson correlation of a number, eq. 21; directed form
  eq. 26) and :func:`degree_assortativity` (the same with degrees as the numbers).
* ``*_test`` versions return an :class:`AssortativityResult` with Newman's jackknife
  standard error (every leave-one-edge-out value in closed form, no loop over edges), a
  normal confidence interval and a Wald test of :math:`r = 0`.

References
----------
Newman, M. E. J. (2002). Assortative mixing in networks. Physical Review Letters 89,
208701. doi:10.1103/PhysRevLett.89.208701

Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E 67, 026126.
doi:10.1103/PhysRevE.67.026126
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import describe, weight_scale
from ..core import EdgeView, edge_view, resolve_directed, tally
from ..exceptions import InputError
from ..graph import SocialGraph, as_social_graph
from ._assort_common import AssortativityResult, _jackknife_se, _result, _warn
from ._nominal import _nominal_from_sums, _nominal_jackknife, _nominal_units
from .mixing import MixingMatrix, matrix_of

__all__ = [
    "AssortativityResult",
    "assortativity_from_matrix",
    "degree_assortativity",
    "degree_assortativity_test",
    "group_modularity",
    "nominal_assortativity",
    "nominal_assortativity_test",
    "numeric_assortativity",
    "numeric_assortativity_test",
]


# ============================================================================ nominal
def assortativity_from_matrix(matrix: MixingMatrix | np.ndarray) -> float:
    r"""Newman's nominal assortativity of a mixing matrix.

    .. math::

        r = \frac{\sum_i e_{ii} - \sum_i a_i b_i}{1 - \sum_i a_i b_i}

    (Newman 2003, eq. 2), where :math:`e_{ij}` is the fraction of edges from group
    :math:`i` to group :math:`j`, :math:`a_i = \sum_j e_{ij}` and
    :math:`b_j = \sum_i e_{ij}`. For a directed graph this is the asymmetric form (rows are
    sources), as in networkx and igraph; for the undirected form pass
    ``matrix.as_undirected()`` (:math:`e + e^T`, each arc an undirected tie; R netseg's
    :math:`(e + e^T)/2` gives the same coefficient, which does not depend on the scale).

    Returns ``nan`` with a :class:`~netmix.exceptions.DegenerateMixingWarning` when there are
    no edges or when :math:`\sum_i a_i b_i = 1` (all edges within one group).

    References
    ----------
    Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E 67, 026126.
    doi:10.1103/PhysRevE.67.026126

    Examples
    --------
    >>> round(assortativity_from_matrix([[10, 2], [3, 5]]), 4)
    0.4681
    """
    if isinstance(matrix, MixingMatrix):
        if not matrix.square:
            raise InputError("nominal assortativity needs the same groups on rows and "
                             "columns; pass col_groups=None.")
        m = np.asarray(matrix.counts, dtype=np.float64)
    else:
        m = np.asarray(matrix, dtype=np.float64)
        if m.ndim != 2 or m.shape[0] != m.shape[1]:
            raise InputError(f"matrix must be a square 2-d table; got shape {m.shape}.")
    m = m / weight_scale(m)  # the coefficient is scale-free: keep W^2 and P in range
    W = m.sum()
    if not W > 0:
        _warn("nominal assortativity is undefined (nan): the mixing matrix is empty (no "
              "edges between nodes with a group, or every edge weight is 0).", stacklevel=3)
        return float("nan")
    P = float(m.sum(axis=1) @ m.sum(axis=0))
    if W * W - P <= 1e-12 * W * W:
        ends = "edge end" if getattr(matrix, "weight", None) is None else \
            "end of an edge with a weight above 0"
        _warn(f"nominal assortativity is undefined (nan): every {ends} is in a single group, "
              "so the expected and the maximal within-group share are both 1.", stacklevel=3)
        return float("nan")
    return float(_nominal_from_sums(W, float(np.trace(m)), P))


def _matrix(graph: Any, groups: Any, weight: str | None, directed: bool | None,
            missing: str, loops: str) -> tuple[MixingMatrix, EdgeView | None]:
    """The mixing matrix for either calling form (and the edge view behind it).

    ``directed=False`` on directed data counts each arc as an
    undirected tie: :meth:`MixingMatrix.as_undirected` of a matrix, the undirected view of
    a graph.
    """
    if isinstance(graph, MixingMatrix):
        if groups is not None or weight is not None:
            raise InputError(
                "groups and weight must be None when graph is a MixingMatrix (they were fixed "
                f"when it was built); got groups={groups!r}, weight={weight!r}.")
        if directed is not None and bool(directed) and not graph.directed:
            raise InputError(f"directed={directed!r} needs a directed MixingMatrix; this one "
                             "is undirected. Pass directed=None.")
        if directed is not None and not directed:
            return graph.as_undirected(), None
        return graph, None
    graph = as_social_graph(graph)
    if groups is None:
        raise InputError("groups must name a node attribute or give one group per node when "
                         "graph is a graph; got None.")
    d = resolve_directed(graph, directed)
    view = edge_view(graph, groups, weight, directed=d, missing=missing, loops=loops)
    return matrix_of(view, tally(view)), view


def nominal_assortativity(
    graph: SocialGraph | MixingMatrix,
    groups: Any = None,
    weight: str | None = None,
    *,
    directed: bool | None = None,
    missing: str = "raise",
    loops: str = "count",
) -> float:
    r"""Newman's (2003) assortativity coefficient for a categorical attribute.

    .. math::

        r = \frac{\sum_i e_{ii} - \sum_i a_i b_i}{1 - \sum_i a_i b_i}

    (Newman 2003, eq. 2), with :math:`e_{ij}` the share of edges (or of their weight) from
    group :math:`i` to group :math:`j` and :math:`a_i`, :math:`b_j` its row and column
    sums; :math:`r = 1` when all edges join nodes of the same group, :math:`r = 0` under
    random mixing with the observed marginals, and its minimum is
    :math:`-\sum a_i b_i / (1 - \sum a_i b_i) \ge -1`.

    Parameters
    ----------
    graph : SocialGraph or MixingMatrix
        A graph (then ``groups`` is needed) or a mixing matrix already computed.
    groups : str, mapping, Series or array
        Node attribute name or one group per node.
    weight : str, optional
        Edge attribute to weight by (e.g. ``"duration"``; values >= 0).
    directed : bool, optional
        Default: as the graph (or matrix) is; ``False`` counts each arc of a directed graph
        or matrix as an undirected tie (:math:`e + e^T`, igraph's ``directed=FALSE``).
        R netseg's symmetrised :math:`(e + e^T)/2` is proportional to :math:`e + e^T`, so
        it gives the same coefficient: ``directed=False`` is also netseg's form.
    missing : {"raise", "drop"}
        Nodes without a group raise, or are left out with their edges.
    loops : {"count", "once", "drop"}, default "count"
        How an undirected self-loop counts: twice (both directions, as igraph), once (as
        networkx) or not at all; see :func:`~netmix.mixing_matrix`.

    Returns
    -------
    float
        ``nan`` with a :class:`~netmix.exceptions.DegenerateMixingWarning` when there are no
        edges or all edge ends are in one group. A group without ties is allowed.

    See Also
    --------
    nominal_assortativity_test : the same with its jackknife standard error.
    group_modularity : the numerator :math:`\sum_i e_{ii} - \sum_i a_i b_i`.

    Notes
    -----
    Validated against Newman's (2003) Table I (r = 0.621), the Zachary karate club, and live
    against networkx's ``attribute_assortativity_coefficient`` (``loops="once"``) and
    igraph's ``assortativity_nominal`` (``loops="count"``) on random graphs; weighted,
    through igraph's weighted modularity (:math:`r = Q / (1 - \sum_i a_i b_i)`).

    References
    ----------
    Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E 67, 026126.
    doi:10.1103/PhysRevE.67.026126

    Examples
    --------
    >>> import netmix
    >>> m = netmix.datasets.load_race_mixing()
    >>> round(netmix.nominal_assortativity(m), 3)
    0.621
    """
    matrix, _ = _matrix(graph, groups, weight, directed, missing, loops)
    return assortativity_from_matrix(matrix)


def nominal_assortativity_test(
    graph: SocialGraph | MixingMatrix,
    groups: Any = None,
    weight: str | None = None,
    *,
    directed: bool | None = None,
    missing: str = "raise",
    loops: str = "count",
    confidence_level: float = 0.95,
    alternative: str = "two-sided",
) -> AssortativityResult:
    r"""Nominal assortativity with Newman's jackknife standard error.

    The coefficient is :func:`nominal_assortativity`'s. Its standard error is the jackknife
    of Newman (2002, 2003):

    .. math::

        \sigma_r^2 = \sum_{i=1}^{M} (r_i - r)^2

    where :math:`r_i` is the coefficient with edge :math:`i` removed (an undirected edge
    leaves both directions; an arc leaves once). Every :math:`r_i` is computed in closed
    form from the mixing matrix's total, trace and margins, with no loop over edges. This is
    Newman's formula, without the :math:`(M-1)/M` factor of Efron's jackknife (a relative
    difference of :math:`1/(2M)` in :math:`\sigma_r`). Node attributes are held fixed.

    Parameters
    ----------
    graph, groups, weight, directed, missing, loops
        As for :func:`nominal_assortativity`. A :class:`MixingMatrix` of edge counts (e.g.
        a published table) works: each cell holds that many identical edges. A weighted
        jackknife needs the graph.
    confidence_level : float, default 0.95
    alternative : {"two-sided", "greater", "less"}
        For the Wald test of :math:`r = 0` and the confidence interval.

    Returns
    -------
    AssortativityResult
        ``standard_error`` is nan with a :class:`~netmix.exceptions.DegenerateMixingWarning` when
        removing some edge leaves the coefficient undefined.

    Notes
    -----
    Validated against a brute-force leave-one-edge-out loop (directed, undirected,
    weighted, with loops) in the tests. For Newman's Table I it gives
    :math:`r = 0.621 \pm 0.014`.

    References
    ----------
    Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E 67, 026126,
    Sec. II. doi:10.1103/PhysRevE.67.026126

    Efron, B. (1979). Bootstrap methods: another look at the jackknife. Annals of
    Statistics 7, 1-26. doi:10.1214/aos/1176344552

    Examples
    --------
    >>> import netmix
    >>> from netmix.measures.assortativity import nominal_assortativity_test
    >>> res = nominal_assortativity_test(netmix.datasets.load_race_mixing())
    >>> round(res.statistic, 3), round(res.standard_error, 3)
    (0.621, 0.014)
    """
    matrix, view = _matrix(graph, groups, weight, directed, missing, loops)
    r = assortativity_from_matrix(matrix)
    g, h, w, f, mult, scale = _nominal_units(matrix, view)
    C = np.asarray(matrix.counts, dtype=np.float64) / scale  # in the (rescaled) weights' units
    _, r_i = _nominal_jackknife(C, g, h, w, f, mult)
    se = _jackknife_se(r, r_i, mult, "nominal assortativity")
    n = float(g.size if mult is None else mult.sum())
    return _result(r, se, confidence_level=confidence_level, alternative=alternative,
                   kind="nominal", attribute=matrix.row_attr, n_edges=n,
                   weight=matrix.weight, directed=matrix.directed, loops=matrix.loops)


def group_modularity(
    graph: SocialGraph | MixingMatrix,
    groups: Any = None,
    weight: str | None = None,
    *,
    resolution: float = 1.0,
    directed: bool | None = None,
    missing: str = "raise",
    loops: str = "count",
) -> float:
    r"""Modularity of the partition of the nodes into ``groups``.

    .. math::

        Q = \sum_i \left(e_{ii} - \gamma\, a_i b_i\right)
          = \frac{1}{2m} \sum_{uv} \left(A_{uv} - \gamma \frac{k_u k_v}{2m}\right)
            \delta(g_u, g_v)

    (Newman & Girvan 2004, eq. 5, with the resolution :math:`\gamma` of Reichardt &
    Bornholdt 2006). A directed graph uses out- and in-degrees,
    :math:`Q = m^{-1} \sum_{uv} (A_{uv} - \gamma k^{out}_u k^{in}_v / m)\,
    \delta(g_u, g_v)` (Leicht & Newman 2008), which is the same
    :math:`\sum_i (e_{ii} - \gamma a_i b_i)` on the directed mixing matrix. With
    :math:`\gamma = 1` it is the numerator of :func:`nominal_assortativity` (Newman 2003,
    eq. 2): the unnormalised assortativity.

    Parameters
    ----------
    graph, groups, weight, directed, missing, loops
        As for :func:`nominal_assortativity`.
    resolution : float, default 1
        :math:`\gamma`.

    Returns
    -------
    float
        nan (with a warning) when there are no edges.

    Notes
    -----
    Validated live against igraph's ``Graph.modularity(membership, weights=...,
    resolution=..., directed=...)`` on random directed, undirected and weighted graphs with
    loops (igraph counts an undirected loop twice: ``loops="count"``).

    References
    ----------
    Newman, M. E. J. & Girvan, M. (2004). Finding and evaluating community structure in
    networks. Physical Review E 69, 026113. doi:10.1103/PhysRevE.69.026113

    Reichardt, J. & Bornholdt, S. (2006). Statistical mechanics of community detection.
    Physical Review E 74, 016110. doi:10.1103/PhysRevE.74.016110

    Leicht, E. A. & Newman, M. E. J. (2008). Community structure in directed networks.
    Physical Review Letters 100, 118703. doi:10.1103/PhysRevLett.100.118703

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> nodes = pd.DataFrame({"team": ["a", "a", "b", "b"]})
    >>> g = netmix.SocialGraph(nodes, [0, 2, 0], [1, 3, 2])
    >>> from netmix.measures.assortativity import group_modularity
    >>> round(group_modularity(g, "team"), 4)
    0.1667
    """
    if isinstance(resolution, bool) or not isinstance(resolution, (int, float)) \
            or not np.isfinite(resolution):
        raise InputError(f"resolution must be a finite number; got {describe(resolution)}.")
    matrix, _ = _matrix(graph, groups, weight, directed, missing, loops)
    m = np.asarray(matrix.counts, dtype=np.float64)
    if not matrix.square:
        raise InputError("modularity needs the same groups on rows and columns.")
    m = m / weight_scale(m)  # modularity is scale-free: keep the products in range
    W = m.sum()
    if not W > 0:
        _warn("modularity is undefined (nan): no edges between nodes with a group (or every "
              "edge weight is 0).",
              stacklevel=3)
        return float("nan")
    return float((np.trace(m) - resolution * (m.sum(axis=1) @ m.sum(axis=0)) / W) / W)



# numeric and degree assortativity live in .correlation (re-exported here)
from .correlation import (  # noqa: E402
    degree_assortativity,
    degree_assortativity_test,
    numeric_assortativity,
    numeric_assortativity_test,
)
