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

import warnings
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from .._kernels import cross_sum, end_counts
from .._results import ResultMixin
from .._validation import check_choice, describe, first_items
from ..exceptions import DegenerateMixingWarning, InputError
from ..graph import SocialGraph, describe_graph_arg
from ._groups import _values, group_codes
from .mixing import CHUNK, LOOP_POLICIES, MixingMatrix, _mixing, nonnegative_weights

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


def _warn(message: str, stacklevel: int = 4) -> None:
    warnings.warn(message, DegenerateMixingWarning, stacklevel=stacklevel)


# ============================================================================ results
@dataclass(frozen=True)
class AssortativityResult(ResultMixin):
    """An assortativity coefficient with its jackknife standard error.

    ``statistic, pvalue = result`` unpacks; ``summary()`` renders a table; ``to_frame()``
    gives one row to concatenate across analyses.

    Attributes
    ----------
    statistic : float
        The coefficient :math:`r`, as the matching bare function returns it.
    pvalue : float
        Wald test of :math:`r = 0` against ``alternative``, :math:`z = r / \\sigma_r` with the
        jackknife standard error. It treats edges as independent observations; for the null
        of random mixing on a fixed network prefer a permutation test
        (:mod:`netmix.inference`).
    std_err : float
        Newman's jackknife standard error :math:`\\sigma_r` (see
        :func:`nominal_assortativity_test`).
    ci_low, ci_high : float
        Normal confidence interval :math:`r \\pm z_{1-\\alpha/2} \\sigma_r` (one-sided for a
        one-sided ``alternative``), clipped to [-1, 1].
    kind : {"nominal", "numeric", "degree"}
    attribute : str or None
        The node attribute (or degree types, e.g. ``"out-in"``) the coefficient is about.
    n_edges : float
        Edges the coefficient and the jackknife are over (after dropped loops and nodes).
    weight, directed, loops, symmetrize
        How the coefficient was computed.
    """

    statistic: float
    pvalue: float
    std_err: float
    ci_low: float
    ci_high: float
    confidence_level: float
    alternative: str
    kind: str
    attribute: str | None
    n_edges: float
    weight: str | None
    directed: bool
    loops: str
    symmetrize: bool = False
    method: str = "jackknife (Newman 2003), leave one edge out"
    _title: ClassVar[str] = "Assortativity coefficient with jackknife standard error"


def _result(r: float, se: float, *, confidence_level: float, alternative: str,
            **record: Any) -> AssortativityResult:
    check_choice("alternative", alternative, ("two-sided", "greater", "less"))
    if not (isinstance(confidence_level, (int, float)) and 0 < confidence_level < 1):
        raise InputError("confidence_level must be a number between 0 and 1 (e.g. 0.95); got "
                         f"{describe(confidence_level)}.")
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.float64(r) / np.float64(se)  # se = 0: z = +-inf (p = 0), or nan when r = 0
    if np.isnan(z):
        pvalue = np.nan
    elif alternative == "two-sided":
        pvalue = 2 * ndtr(-(abs(z)))
    else:
        pvalue = ndtr(-(z if alternative == "greater" else -z))
    q = ndtri((1 + confidence_level) / 2 if alternative == "two-sided"
                       else confidence_level)
    lo, hi = r - q * se, r + q * se
    if alternative == "greater":
        hi = 1.0
    elif alternative == "less":
        lo = -1.0
    lo, hi = (float(np.clip(v, -1.0, 1.0)) if np.isfinite(v) else np.nan for v in (lo, hi))
    return AssortativityResult(float(r), float(pvalue), float(se), lo, hi,
                               float(confidence_level), alternative, **record)


def _jackknife_se(r: float, r_i: np.ndarray, mult: np.ndarray | None, what: str) -> float:
    """:math:`\\sqrt{\\sum_i (r_i - r)^2}` with a warning when some :math:`r_i` is undefined."""
    if np.isnan(r):
        return float("nan")
    if r_i.size == 0 or not np.isfinite(r_i).all():
        _warn(f"the jackknife standard error is undefined (nan): {what} is undefined once "
              "some single edge is removed (too few edges, or one edge carries all the "
              "variation).", stacklevel=5)
        return float("nan")
    d2 = (r_i - r) ** 2
    return float(np.sqrt(d2.sum() if mult is None else np.einsum("i,i->", d2, mult)))


# ============================================================================ edges
class _Edges(NamedTuple):
    """The edges a coefficient is over, after the direction, loop and missing policies."""

    src: np.ndarray
    dst: np.ndarray
    w: np.ndarray | None  # weight of each tally entry (loops halved under "once"), or None
    sym: bool  # undirected tally: every edge is also counted from dst to src


def _directed(graph: SocialGraph, directed: bool | None) -> bool:
    if directed is None:
        return graph.directed
    if directed and not graph.directed:
        raise InputError("directed=True needs a directed graph; this graph is undirected. "
                         "Pass directed=None or False.")
    return bool(directed)


def _edges(graph: SocialGraph, weight: str | None, directed: bool, loops: str,
           keep_nodes: np.ndarray | None = None) -> _Edges:
    check_choice("loops", loops, LOOP_POLICIES)
    w = nonnegative_weights(graph, weight)
    src, dst = graph.src, graph.dst
    keep = None
    if keep_nodes is not None:
        keep = keep_nodes[src] & keep_nodes[dst]
    if loops != "count":
        is_loop = np.equal(src, dst)
        if is_loop.any():
            if loops == "drop":
                keep = ~is_loop if keep is None else keep & ~is_loop
            elif not directed:  # "once": each direction of an undirected loop counts 1/2
                half = np.where(is_loop, 0.5, 1.0)
                w = half if w is None else w * half
    if keep is not None:
        src, dst = src[keep], dst[keep]
        w = None if w is None else w[keep]
    return _Edges(src, dst, w, not directed)


# ============================================================================ nominal
def _nominal_from_sums(W, D, P):
    """``r = (W D - P) / (W^2 - P)``: eq. 2 with ``Tr e = D / W`` and ``sum a b = P / W^2``;
    nan where ``sum a b = 1`` up to rounding (every edge end in one group) or ``W = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        r = (W * D - P) / (W * W - P)
        return np.where((W > 0) & (W * W - P > 1e-12 * W * W), r, np.nan)


def assortativity_from_matrix(matrix: MixingMatrix | np.ndarray, *, symmetrize: bool = False
                              ) -> float:
    r"""Newman's nominal assortativity of a mixing matrix.

    .. math::

        r = \frac{\sum_i e_{ii} - \sum_i a_i b_i}{1 - \sum_i a_i b_i}

    (Newman 2003, eq. 2), where :math:`e_{ij}` is the fraction of edges from group
    :math:`i` to group :math:`j`, :math:`a_i = \sum_j e_{ij}` and
    :math:`b_j = \sum_i e_{ij}`. For a directed graph this is the asymmetric form (rows are
    sources), as in networkx and igraph. ``symmetrize=True`` first replaces :math:`e` by
    :math:`(e + e^T)/2`, the variant R's netseg uses (identical for undirected graphs).

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
    if symmetrize:
        m = (m + m.T) / 2
    W = m.sum()
    if not W > 0:
        _warn("nominal assortativity is undefined (nan): the mixing matrix is empty (no "
              "edges between nodes with a group).", stacklevel=3)
        return float("nan")
    P = float(m.sum(axis=1) @ m.sum(axis=0))
    if W * W - P <= 1e-12 * W * W:
        _warn("nominal assortativity is undefined (nan): every edge end is in a single group, "
              "so the expected and the maximal within-group share are both 1.", stacklevel=3)
        return float("nan")
    return float(_nominal_from_sums(W, float(np.trace(m)), P))


def _matrix(graph: Any, groups: Any, weight: str | None, directed: bool | None,
            missing: str, loops: str) -> tuple[MixingMatrix, SocialGraph | None, Any]:
    """The mixing matrix for either calling form (plus the graph and the group codes)."""
    if isinstance(graph, MixingMatrix):
        if groups is not None or weight is not None:
            raise InputError(
                "groups and weight must be None when graph is a MixingMatrix (they were fixed "
                f"when it was built); got groups={groups!r}, weight={weight!r}.")
        if directed is not None and bool(directed) != graph.directed:
            raise InputError(f"directed={directed!r} does not match this "
                             f"{'directed' if graph.directed else 'undirected'} MixingMatrix; "
                             "pass directed=None.")
        return graph, None, None
    graph = describe_graph_arg(graph)
    if groups is None:
        raise InputError("groups must name a node attribute or give one group per node when "
                         "graph is a graph; got None.")
    check_choice("missing", missing, ("raise", "drop"))
    check_choice("loops", loops, LOOP_POLICIES)
    d = _directed(graph, directed)
    codes = group_codes(graph, groups, missing=missing)
    return _mixing(graph, codes, codes, weight, d, loops), graph, codes


def nominal_assortativity(
    graph: SocialGraph | MixingMatrix,
    groups: Any = None,
    weight: str | None = None,
    *,
    directed: bool | None = None,
    symmetrize: bool = False,
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
        Default: as the graph is; ``False`` symmetrises a directed graph's arcs.
    symmetrize : bool, default False
        Use :math:`(e + e^T)/2` (R netseg's convention) instead of the asymmetric formula.
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
    matrix, _, _ = _matrix(graph, groups, weight, directed, missing, loops)
    return assortativity_from_matrix(matrix, symmetrize=symmetrize)


def _nominal_units(matrix: MixingMatrix, graph: SocialGraph | None, codes: Any,
                   weight: str | None, symmetrize: bool, loops: str):
    """Leave-one-out units ``(g, h, w, f, mult)``: removing one unit takes ``w`` from cell
    ``(g, h)`` and ``f * w`` from ``(h, g)``; ``mult`` units are alike."""
    sym = not matrix.directed
    if graph is None:  # a table: every cell is ``counts`` identical edges of weight 1
        if matrix.weight is not None or "symmetrized" in matrix.notes:
            raise InputError("the jackknife of a MixingMatrix needs its edge counts; this one "
                             "holds weights or symmetrized counts. Pass the graph (with "
                             "weight=...) or the unsymmetrized matrix with symmetrize=True.")
        c = np.asarray(matrix.counts, dtype=np.float64)
        if not np.allclose(c, np.round(c)):
            raise InputError("the jackknife of a MixingMatrix needs whole edge counts; got "
                             "fractions. Pass the graph instead.")
        k = c.shape[0]
        g, h = np.triu_indices(k) if sym else (a.ravel() for a in np.indices((k, k)))
        mult = c[g, h] * (np.where(g == h, 0.5, 1.0) if sym else 1.0)
        w = np.ones(g.size)
    else:
        e = _edges(graph, weight, matrix.directed, loops, codes.valid)
        g, h = codes.codes[e.src].astype(np.intp), codes.codes[e.dst].astype(np.intp)
        w = np.ones(g.size) if e.w is None else e.w
        mult = None
    f = 1.0 if sym else 0.0
    if symmetrize and not sym:
        w, f = w / 2, 1.0
    return g, h, w, f, mult


def _nominal_jackknife(C: np.ndarray, g, h, w, f, mult) -> tuple[float, np.ndarray]:
    """Every leave-one-unit-out coefficient in closed form.

    With ``W`` the total, ``D`` the trace, ``A``/``B`` the row/column sums and
    ``P = A . B``, removing a unit changes them by ``dW = w (1 + f)``, ``dD = dW [g = h]``,
    ``dA = w (1_g + f 1_h)``, ``dB = w (1_h + f 1_g)`` and so
    ``P' = P - dA.B - A.dB + dA.dB``.
    """
    A, B = C.sum(axis=1), C.sum(axis=0)
    W, D, P = C.sum(), np.trace(C), A @ B
    same = g == h
    dW = w * (1 + f)
    dP = w * (B[g] + f * B[h] + A[h] + f * A[g]) - w * w * ((1 + f * f) * same + 2 * f)
    r_i = _nominal_from_sums(W - dW, D - dW * same, P - dP)
    return float(_nominal_from_sums(W, D, P)), r_i


def nominal_assortativity_test(
    graph: SocialGraph | MixingMatrix,
    groups: Any = None,
    weight: str | None = None,
    *,
    directed: bool | None = None,
    symmetrize: bool = False,
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
    graph, groups, weight, directed, symmetrize, missing, loops
        As for :func:`nominal_assortativity`. A :class:`MixingMatrix` of edge counts (e.g.
        a published table) works: each cell holds that many identical edges. A weighted
        jackknife needs the graph.
    confidence_level : float, default 0.95
    alternative : {"two-sided", "greater", "less"}
        For the Wald test of :math:`r = 0` and the confidence interval.

    Returns
    -------
    AssortativityResult
        ``std_err`` is nan with a :class:`~netmix.exceptions.DegenerateMixingWarning` when
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
    >>> round(res.statistic, 3), round(res.std_err, 3)
    (0.621, 0.014)
    """
    matrix, g_, codes = _matrix(graph, groups, weight, directed, missing, loops)
    r = assortativity_from_matrix(matrix, symmetrize=symmetrize)
    C = np.asarray(matrix.counts, dtype=np.float64)
    C = (C + C.T) / 2 if symmetrize else C
    g, h, w, f, mult = _nominal_units(matrix, g_, codes, weight, symmetrize, loops)
    _, r_i = _nominal_jackknife(C, g, h, w, f, mult)
    se = _jackknife_se(r, r_i, mult, "nominal assortativity")
    n = float(g.size if mult is None else mult.sum())
    return _result(r, se, confidence_level=confidence_level, alternative=alternative,
                   kind="nominal", attribute=matrix.row_attr, n_edges=n,
                   weight=matrix.weight, directed=matrix.directed, loops=matrix.loops,
                   symmetrize=bool(symmetrize))


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
    matrix, _, _ = _matrix(graph, groups, weight, directed, missing, loops)
    m = np.asarray(matrix.counts, dtype=np.float64)
    if not matrix.square:
        raise InputError("modularity needs the same groups on rows and columns.")
    W = m.sum()
    if not W > 0:
        _warn("modularity is undefined (nan): no edges between nodes with a group.",
              stacklevel=3)
        return float("nan")
    return float((np.trace(m) - resolution * (m.sum(axis=1) @ m.sum(axis=0)) / W) / W)


# ============================================================================ numeric
class _Ends(NamedTuple):
    """Edge-end values, shifted to near-zero means; entries ``(a1, b1)`` and, for an
    undirected tally, ``(a2, b2)`` (the same edge read from its other end)."""

    a1: np.ndarray
    b1: np.ndarray
    a2: np.ndarray | None
    b2: np.ndarray | None
    w: np.ndarray | None


# einsum, not BLAS: a multithreaded BLAS dot stalls for milliseconds on a busy machine.
def _wsum(u: np.ndarray, w: np.ndarray | None) -> float:
    return float(u.sum() if w is None else np.einsum("i,i->", w, u))


def _wdot(u: np.ndarray, v: np.ndarray, w: np.ndarray | None) -> float:
    return float(np.einsum("i,i->", u, v) if w is None else np.einsum("i,i,i->", w, u, v))


def _sums(e: _Ends) -> np.ndarray:
    """``[W, Sa, Sb, Saa, Sbb, Sab]`` over the tally entries."""
    W = float(e.a1.size if e.w is None else e.w.sum())
    s = [W, _wsum(e.a1, e.w), _wsum(e.b1, e.w), _wdot(e.a1, e.a1, e.w),
         _wdot(e.b1, e.b1, e.w), _wdot(e.a1, e.b1, e.w)]
    if e.a2 is not None:
        if e.a2 is e.b1 and e.b2 is e.a1:  # same values at both ends: the mirror entries
            s2 = [W, s[2], s[1], s[4], s[3], s[5]]
        else:
            s2 = [W, _wsum(e.a2, e.w), _wsum(e.b2, e.w), _wdot(e.a2, e.a2, e.w),
                  _wdot(e.b2, e.b2, e.w), _wdot(e.a2, e.b2, e.w)]
        s = [x + y for x, y in zip(s, s2, strict=True)]
    return np.array(s)


def _pearson_from_sums(W, Sa, Sb, Saa, Sbb, Sab):
    """Pearson's r from weighted moment sums; nan where a variance is zero up to rounding
    (below 1e-12 of the mean square: the values are shifted near their mean first)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ma, mb = Sa / W, Sb / W
        va, vb = Saa / W - ma * ma, Sbb / W - mb * mb
        r = np.clip((Sab / W - ma * mb) / np.sqrt(va * vb), -1.0, 1.0)
        ok = (W > 0) & (va > 1e-12 * (Saa / W)) & (vb > 1e-12 * (Sbb / W))
    return np.where(ok, r, np.nan)


def _ends(a: np.ndarray, b: np.ndarray | None, e: _Edges) -> _Ends:
    """Gather the (already shifted) end values of every entry; ``b is None``: the same
    values at both ends."""
    a1 = a[e.src]
    b1 = (a if b is None else b)[e.dst]
    a2 = b2 = None
    if e.sym:
        a2 = b1 if b is None else a[e.dst]
        b2 = a1 if b is None else b[e.src]
    return _Ends(a1, b1, a2, b2, e.w)


def _entry_sums(a: np.ndarray, b: np.ndarray | None, e: _Edges) -> np.ndarray:
    """``[W, Sa, Sb, Saa, Sbb, Sab]`` over the tally entries, reading the edges in chunks.

    Gathering a million end values into fresh arrays costs more in page faults than in
    reads: chunks of :data:`~netmix.measures.mixing.CHUNK` edges go through two reused,
    cache-sized buffers (a loop over 16 chunks per million edges, not over edges).
    """
    if e.sym and b is not None:  # undirected with different values at the two ends
        return _sums(_ends(a, b, e))
    bb = a if b is None else b
    m = e.src.size
    x_buf, y_buf = np.empty(min(m, CHUNK)), np.empty(min(m, CHUNK))
    acc = np.zeros(5)
    for i in range(0, m, CHUNK):
        sl = slice(i, min(i + CHUNK, m))
        x, y = x_buf[: sl.stop - i], y_buf[: sl.stop - i]
        np.take(a, e.src[sl], out=x, mode="clip")
        np.take(bb, e.dst[sl], out=y, mode="clip")
        w = None if e.w is None else e.w[sl]
        acc += (_wsum(x, w), _wsum(y, w), _wdot(x, x, w), _wdot(y, y, w), _wdot(x, y, w))
    W = float(m if e.w is None else e.w.sum())
    if not e.sym:
        return np.array([W, *acc])
    # undirected, same values: the mirrored entry (y, x) of every edge doubles the sums
    sa, saa = acc[0] + acc[1], acc[2] + acc[3]
    return np.array([2 * W, sa, sa, saa, saa, 2 * acc[4]])


def _cross_sum(a: np.ndarray, b: np.ndarray, src: np.ndarray, dst: np.ndarray) -> float:
    """``sum(a[src] * b[dst])``: one compiled pass, or numpy reading the edges in chunks
    (see :func:`_entry_sums`)."""
    compiled = cross_sum(a, b, src, dst)
    if compiled is not None:
        return compiled
    m = src.size
    x_buf, y_buf = np.empty(min(m, CHUNK)), np.empty(min(m, CHUNK))
    total = 0.0
    for i in range(0, m, CHUNK):
        sl = slice(i, min(i + CHUNK, m))
        x, y = x_buf[: sl.stop - i], y_buf[: sl.stop - i]
        np.take(a, src[sl], out=x, mode="clip")
        np.take(b, dst[sl], out=y, mode="clip")
        total += float(np.einsum("i,i->", x, y))
    return total


def _shifted(xa: np.ndarray, xb: np.ndarray | None, e: _Edges
             ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """Node values shifted so that the moment sums do not cancel, and their entry sums.

    First by the node means; again by the entry means when those are large against the
    spread (values whose mean over edge ends is far from their mean over nodes). Pearson's
    r is unchanged by the shifts.
    """
    a = xa - xa.mean() if xa.size else xa
    b = None if xb is None else (xb - xb.mean() if xb.size else xb)
    s = _entry_sums(a, b, e)
    W, Sa, Sb, Saa, Sbb, _ = s
    if W > 0:
        ma, mb = Sa / W, Sb / W
        if ma * ma > 1e4 * abs(Saa / W - ma * ma) or mb * mb > 1e4 * abs(Sbb / W - mb * mb):
            if b is None and not e.sym:  # same values, but separate source/target means
                a, b = a - ma, a - mb
            else:
                a, b = a - ma, (None if b is None else b - mb)
            s = _entry_sums(a, b, e)
    return a, b, s


def _scale(xa: np.ndarray, xb: np.ndarray | None) -> tuple[float, float]:
    """Mean squares of the raw node values (source, target): the size a spread is judged by."""
    sa = float(np.mean(np.square(xa))) if xa.size else 0.0
    sb = sa if xb is None else (float(np.mean(np.square(xb))) if xb.size else 0.0)
    return sa, sb


def _check_pearson(s: np.ndarray, sym: bool, what: str,
                   scale: tuple[float, float] | None = None) -> bool:
    """Whether the coefficient is defined; warns (and returns False) when it is not.

    A variance is zero when it is below 1e-12 of the shifted values' mean square (after
    :func:`_shifted` that is at most ~1e4 times the variance), or when the spread is below
    1e-12 of the raw values' size (``scale``): values equal up to rounding, such as
    ``0.1 + 0.2`` and ``0.3``, are constant.
    """
    W, Sa, Sb, Saa, Sbb, _ = s
    if not W > 0:
        _warn(f"{what} is undefined (nan): there are no edges.", stacklevel=5)
        return False
    raw = scale or (0.0, 0.0)
    for name, S, SS, ref in (("source", Sa, Saa, raw[0]), ("target", Sb, Sbb, raw[1])):
        m = S / W
        var = SS / W - m * m
        if var <= 1e-12 * (SS / W) or var <= 1e-24 * ref:
            side = "" if sym else f" at the {name} end of the edges"
            _warn(f"{what} is undefined (nan): the values{side} are constant over the edges "
                  "(zero variance, up to rounding).", stacklevel=5)
            return False
    return True


def _pearson(xa: np.ndarray, xb: np.ndarray | None, e: _Edges, what: str) -> float:
    _, _, s = _shifted(xa, xb, e)
    if not _check_pearson(s, e.sym, what, _scale(xa, xb)):
        return float("nan")
    return float(_pearson_from_sums(*s))


def _pearson_test(xa: np.ndarray, xb: np.ndarray | None, e: _Edges, what: str
                  ) -> tuple[float, float]:
    """The coefficient and its jackknife standard error."""
    a, b, s = _shifted(xa, xb, e)
    if not _check_pearson(s, e.sym, what, _scale(xa, xb)):
        return float("nan"), float("nan")
    ends = _ends(a, b, e)
    s = _sums(ends)  # the same sums, over the very arrays the jackknife takes terms from
    r = float(_pearson_from_sums(*s))
    return r, _jackknife_se(r, _pearson_jackknife(ends, s), None, what)


def _pearson_jackknife(ends: _Ends, s: np.ndarray) -> np.ndarray:
    """Every leave-one-edge-out Pearson coefficient from the moment sums (closed form)."""
    w = 1.0 if ends.w is None else ends.w
    a1, b1 = ends.a1, ends.b1
    d = [np.broadcast_to(np.asarray(w, dtype=float), a1.shape), w * a1, w * b1,
         w * a1 * a1, w * b1 * b1, w * a1 * b1]
    if ends.a2 is not None:
        a2, b2 = ends.a2, ends.b2
        d = [d[0] * 2, d[1] + w * a2, d[2] + w * b2, d[3] + w * a2 * a2,
             d[4] + w * b2 * b2, d[5] + w * a2 * b2]
    return _pearson_from_sums(*(s[j] - d[j] for j in range(6)))


def _node_values(graph: SocialGraph, values: Any, argument: str, missing: str
                 ) -> tuple[np.ndarray, np.ndarray | None, str | None]:
    """Float values per node (nan -> 0 when dropped) and the mask of nodes kept."""
    series, name = _values(graph, values, argument)
    if not (pd.api.types.is_numeric_dtype(series.dtype) or series.dtype == object):
        raise InputError(f"{argument} must be numeric; got dtype {series.dtype}. For "
                         "categories use nominal_assortativity.")
    try:
        x = pd.to_numeric(series, errors="raise").to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{argument} must hold numbers (one per node); got dtype "
                         f"{series.dtype}, e.g. {first_items(series.dropna().unique())}. "
                         "For categories use nominal_assortativity.") from exc
    if np.isinf(x).any():
        raise InputError(f"{argument} must be finite; node(s) "
                         f"{first_items(graph.node_ids[np.isinf(x)])} have infinite values.")
    isna = np.isnan(x)
    if not isna.any():
        return x, None, name
    if missing == "raise":
        raise InputError(
            f"{argument}: {int(isna.sum())} node(s) have no value, e.g. node(s) "
            f"{first_items(graph.node_ids[isna])}. A missing value is never a number: fill "
            "them, or pass missing='drop' to leave those nodes (and their edges) out.")
    return np.where(isna, 0.0, x), ~isna, name


def _numeric_setup(graph: Any, values: Any, target_values: Any, weight: str | None,
                   directed: bool | None, missing: str, loops: str):
    graph = describe_graph_arg(graph)
    check_choice("missing", missing, ("raise", "drop"))
    d = _directed(graph, directed)
    xa, keep, name = _node_values(graph, values, "values", missing)
    xb = None
    if target_values is not None:
        xb, keep_b, _ = _node_values(graph, target_values, "target_values", missing)
        if keep_b is not None:
            keep = keep_b if keep is None else keep & keep_b
    e = _edges(graph, weight, d, loops, keep)
    return e, xa, xb, name, d


def numeric_assortativity(
    graph: SocialGraph,
    values: Any,
    weight: str | None = None,
    *,
    target_values: Any = None,
    directed: bool | None = None,
    missing: str = "raise",
    loops: str = "count",
) -> float:
    r"""Newman's (2003) assortativity of a numeric attribute: the Pearson correlation of the
    values at the two ends of an edge.

    .. math::

        r = \frac{\sum_{xy} xy\,(e_{xy} - a_x b_y)}{\sigma_a \sigma_b}

    (Newman 2003, eq. 21), computed from the edge list as (eq. 26)

    .. math::

        r = \frac{\sum_i w_i x_i y_i / W - \bar x \bar y}
                 {\sqrt{\left(\sum_i w_i x_i^2 / W - \bar x^2\right)
                        \left(\sum_i w_i y_i^2 / W - \bar y^2\right)}}

    over the tally entries :math:`i` with source value :math:`x_i`, target value
    :math:`y_i` and weight :math:`w_i` (:math:`W = \sum_i w_i`; :math:`\bar x`,
    :math:`\bar y` the weighted means). A directed graph has separate source and target
    means and standard deviations (eq. 26); an undirected graph counts each edge in both
    directions, so the two coincide (Newman 2002, eq. 4).

    Parameters
    ----------
    graph : SocialGraph
    values : str, mapping, Series or array
        A numeric node attribute (any real numbers), or one value per node.
    weight : str, optional
        Edge attribute weighting each edge's pair of values (as igraph's ``weights``).
    target_values : optional
        Different values at the target end (igraph's ``types2``), e.g. in- and out-degree.
    directed : bool, optional
        Default: as the graph is; ``False`` counts each arc in both directions.
    missing : {"raise", "drop"}
        Nodes without a value raise, or are left out with their edges.
    loops : {"count", "once", "drop"}, default "count"
        How an undirected self-loop counts (as for :func:`nominal_assortativity`).

    Returns
    -------
    float
        ``nan`` with a :class:`~netmix.exceptions.DegenerateMixingWarning` when there are no
        edges or the values are constant over the edge ends.

    Notes
    -----
    Vectorised over the edge arrays (one gather per end, then dot products). Validated live
    against networkx's ``numeric_assortativity_coefficient`` (``loops="once"``) and igraph's
    ``assortativity`` (with ``weights``, ``loops="count"``) on random graphs.

    References
    ----------
    Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E 67, 026126.
    doi:10.1103/PhysRevE.67.026126

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> nodes = pd.DataFrame({"age": [20, 22, 40, 41]})
    >>> g = netmix.SocialGraph(nodes, [0, 2, 0], [1, 3, 2])
    >>> from netmix.measures.assortativity import numeric_assortativity
    >>> round(numeric_assortativity(g, "age"), 4)
    0.3059
    """
    e, xa, xb, _, _ = _numeric_setup(graph, values, target_values, weight, directed,
                                     missing, loops)
    return _pearson(xa, xb, e, "numeric assortativity")


def numeric_assortativity_test(
    graph: SocialGraph,
    values: Any,
    weight: str | None = None,
    *,
    target_values: Any = None,
    directed: bool | None = None,
    missing: str = "raise",
    loops: str = "count",
    confidence_level: float = 0.95,
    alternative: str = "two-sided",
) -> AssortativityResult:
    r"""Numeric assortativity with Newman's jackknife standard error.

    :math:`\sigma_r^2 = \sum_i (r_i - r)^2` over the edges, each :math:`r_i` computed in
    closed form by taking edge :math:`i`'s terms out of the six moment sums of
    :func:`numeric_assortativity` (node values held fixed). See
    :func:`nominal_assortativity_test` for the conventions.

    Returns
    -------
    AssortativityResult

    Notes
    -----
    Validated against a brute-force leave-one-edge-out loop in the tests.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> nodes = pd.DataFrame({"age": [20, 22, 40, 41, 30]})
    >>> g = netmix.SocialGraph(nodes, [0, 2, 0, 1, 4], [1, 3, 2, 4, 3])
    >>> from netmix.measures.assortativity import numeric_assortativity_test
    >>> res = numeric_assortativity_test(g, "age")
    >>> round(res.statistic, 3), round(res.std_err, 3)
    (0.23, 0.654)
    """
    e, xa, xb, name, d = _numeric_setup(graph, values, target_values, weight, directed,
                                        missing, loops)
    r, se = _pearson_test(xa, xb, e, "numeric assortativity")
    return _result(r, se, confidence_level=confidence_level, alternative=alternative,
                   kind="numeric", attribute=name, n_edges=float(e.src.size),
                   weight=weight, directed=d, loops=loops)


# ============================================================================ degree
def _degree_setup(graph: Any, weight: str | None, x: str, y: str, directed: bool | None,
                  loops: str):
    """Pairs ``e`` (each edge once, whatever its weight), the source and target degree
    values (``xb is None``: total degree at both ends), a label, and out-/in-degrees."""
    graph = describe_graph_arg(graph)
    check_choice("x", x, ("out", "in"))
    check_choice("y", y, ("out", "in"))
    d = _directed(graph, directed)
    e = _edges(graph, None, d, loops)
    src, dst = graph.src, graph.dst
    w = nonnegative_weights(graph, weight)
    if loops == "drop" and e.src.size < src.size:  # degrees of the graph without its loops
        src, dst = e.src, e.dst
        w = None if w is None else w[np.not_equal(graph.src, graph.dst)]
    n = graph.n_nodes

    def count() -> tuple[np.ndarray, np.ndarray]:
        compiled = end_counts(src, dst, n, w)
        if compiled is not None:
            return compiled
        return (np.bincount(src, weights=w, minlength=n).astype(np.float64, copy=False),
                np.bincount(dst, weights=w, minlength=n).astype(np.float64, copy=False))

    dropped = loops == "drop" and src.size < graph.src.size
    out, inn = count() if dropped else graph.memoize(("end_counts", weight), count)
    if d:
        xa, xb = (out if x == "out" else inn), (out if y == "out" else inn)
        return e, xa, xb, f"{x}-{y} degree", d, out, inn
    total = out + inn
    return e, total, None, "degree", d, total, total


def _degree_pearson(xa: np.ndarray, xb: np.ndarray | None, ca: np.ndarray, cb: np.ndarray,
                    e: _Edges) -> float:
    """Pearson over unweighted pairs: node ``u`` is the source of ``ca[u]`` entries and the
    target of ``cb[u]``, so every moment but the cross product is a sum over nodes, on
    values centred exactly there; the edges are read once per end."""
    W = float(ca.sum()) if e.sym else float(e.src.size)
    if not W > 0:
        _check_pearson(np.zeros(6), e.sym, "degree assortativity")
        return float("nan")
    a = xa - np.einsum("i,i->", ca, xa) / W
    b = a if xb is None else xb - np.einsum("i,i->", cb, xb) / W
    s_ab = _cross_sum(a, b, e.src, e.dst) * (2 if e.sym else 1)
    s = np.array([W, np.einsum("i,i->", ca, a), np.einsum("i,i->", cb, b),
                  np.einsum("i,i,i->", ca, a, a), np.einsum("i,i,i->", cb, b, b), s_ab])
    if not _check_pearson(s, e.sym, "degree assortativity"):
        return float("nan")
    return float(_pearson_from_sums(*s))


def degree_assortativity(
    graph: SocialGraph,
    *,
    weight: str | None = None,
    x: str = "out",
    y: str = "in",
    directed: bool | None = None,
    loops: str = "count",
) -> float:
    r"""Newman's (2002, 2003) degree assortativity: the Pearson correlation of the degrees
    at the two ends of an edge.

    .. math::

        r = \frac{M^{-1}\sum_i j_i k_i - \left[M^{-1}\sum_i \tfrac12 (j_i + k_i)\right]^2}
                 {M^{-1}\sum_i \tfrac12 (j_i^2 + k_i^2)
                  - \left[M^{-1}\sum_i \tfrac12 (j_i + k_i)\right]^2}

    over the :math:`M` edges with end degrees :math:`j_i, k_i` (Newman 2002, eq. 4; the
    excess degrees :math:`k - 1` of eq. 2 give the same :math:`r`). For a directed graph the
    source's ``x``-degree is correlated with the target's ``y``-degree, with separate means
    and standard deviations (Newman 2003, eqs. 25-26); the default ``x="out", y="in"`` is
    networkx's and igraph's, and the four combinations are those of Foster et al. (2010).

    Parameters
    ----------
    graph : SocialGraph
    weight : str, optional
        Use strengths (weighted degrees) as the values, each edge still counting once: the
        convention of networkx's ``degree_assortativity_coefficient(weight=...)``. To weight
        the edges too, pass strengths to :func:`numeric_assortativity` with ``weight=``.
    x, y : {"out", "in"}
        Degree type of the source and of the target (directed graphs only).
    directed : bool, optional
        Default: as the graph is; ``False`` uses total degree and counts arcs both ways.
    loops : {"count", "once", "drop"}, default "count"
        A self-loop adds 2 to a node's undirected degree (as in igraph and networkx) and
        pairs the node with itself twice (``"count"``, igraph) or once (``"once"``,
        networkx); ``"drop"`` removes loops from the graph first.

    Returns
    -------
    float
        ``nan`` with a :class:`~netmix.exceptions.DegenerateMixingWarning` for a graph without
        edges or whose edge ends all have the same degree (e.g. a regular graph).

    Notes
    -----
    Degrees come from two ``bincount`` passes; the correlation from one gather per edge end
    and dot products. Validated against the Zachary karate club (r = -0.475613) and live
    against networkx's ``degree_assortativity_coefficient`` (also weighted, and directed
    with every ``x``/``y``) and igraph's ``assortativity_degree`` on random graphs.

    References
    ----------
    Newman, M. E. J. (2002). Assortative mixing in networks. Physical Review Letters 89,
    208701. doi:10.1103/PhysRevLett.89.208701

    Foster, J. G., Foster, D. V., Grassberger, P. & Paczuski, M. (2010). Edge direction and
    the structure of networks. PNAS 107, 10815-10820. doi:10.1073/pnas.0912671107

    Examples
    --------
    >>> import networkx as nx, netmix
    >>> g = netmix.from_networkx(nx.path_graph(4))
    >>> from netmix.measures.assortativity import degree_assortativity
    >>> round(degree_assortativity(g), 4)
    -0.5
    """
    e, xa, xb, _, _, out, inn = _degree_setup(graph, weight, x, y, directed, loops)
    if weight is not None or e.w is not None:  # strengths, or loops counted once
        return _pearson(xa, xb, e, "degree assortativity")
    return _degree_pearson(xa, xb, out, inn, e)


def degree_assortativity_test(
    graph: SocialGraph,
    *,
    weight: str | None = None,
    x: str = "out",
    y: str = "in",
    directed: bool | None = None,
    loops: str = "count",
    confidence_level: float = 0.95,
    alternative: str = "two-sided",
) -> AssortativityResult:
    r"""Degree assortativity with Newman's jackknife standard error.

    :math:`\sigma_r^2 = \sum_i (r_i - r)^2` (Newman 2002), with :math:`r_i` the
    coefficient once edge :math:`i`'s pair of degrees is taken out of the moment sums; as in
    graph-tool's ``scalar_assortativity`` and R assortnet, the degrees themselves are held
    fixed (each edge is an observation of a pair of degrees). Closed form, no loop over
    edges. See :func:`degree_assortativity` for the parameters.

    Returns
    -------
    AssortativityResult

    Notes
    -----
    Validated against a brute-force leave-one-edge-out loop in the tests.

    Examples
    --------
    >>> import networkx as nx, netmix
    >>> from netmix.measures.assortativity import degree_assortativity_test
    >>> res = degree_assortativity_test(netmix.from_networkx(nx.karate_club_graph()))
    >>> round(res.statistic, 4), round(res.std_err, 3)
    (-0.4756, 0.075)
    """
    e, xa, xb, label, d, _, _ = _degree_setup(graph, weight, x, y, directed, loops)
    r, se = _pearson_test(xa, xb, e, "degree assortativity")
    return _result(r, se, confidence_level=confidence_level, alternative=alternative,
                   kind="degree", attribute=label, n_edges=float(e.src.size),
                   weight=weight, directed=d, loops=loops)
