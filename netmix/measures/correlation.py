"""Numeric and degree assortativity (Newman 2002, 2003): Pearson's correlation of a value
at the two ends of the edges."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._kernels import degree_cross, end_counts
from .._validation import check_choice
from ..core import EdgeView, edge_view
from ..graph import SocialGraph, as_social_graph
from ._assort_common import AssortativityResult, _result
from ._pearson import (
    _check_pearson,
    _cross_sum,
    _numeric_setup,
    _pearson,
    _pearson_from_sums,
    _pearson_test,
)

__all__ = ["degree_assortativity", "degree_assortativity_test", "numeric_assortativity",
           "numeric_assortativity_test"]


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
    One pass over the edges summing the moments (compiled from
    :data:`netmix._kernels.NUMBA_MIN_PASS` edges, else numpy over chunks); the values are
    read once per graph and shifted so the sums do not cancel. Validated live against
    networkx's ``numeric_assortativity_coefficient`` (``loops="once"``) and igraph's
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
    >>> round(res.statistic, 3), round(res.standard_error, 3)
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
    graph = as_social_graph(graph)
    check_choice("x", x, ("out", "in"))
    check_choice("y", y, ("out", "in"))
    e = edge_view(graph, None, None, directed=directed, loops=loops)
    d = e.directed
    # degrees (strengths) from the weighted view: its edges are the loop policy's
    ew = e if weight is None else edge_view(graph, None, weight, directed=d, loops=loops)
    src, dst, w = ew.src, ew.dst, ew.weights  # (extreme strengths are rescaled by _pearson)
    n = graph.n_nodes

    def count() -> tuple[np.ndarray, np.ndarray]:
        compiled = end_counts(src, dst, n, w)
        if compiled is not None:
            return compiled
        return (np.bincount(src, weights=w, minlength=n).astype(np.float64, copy=False),
                np.bincount(dst, weights=w, minlength=n).astype(np.float64, copy=False))

    dropped = src.size < graph.src.size
    out, inn = count() if dropped else graph.memoize(("end_counts", weight), count)
    if d:
        xa, xb = (out if x == "out" else inn), (out if y == "out" else inn)
        return e, xa, xb, f"{x}-{y} degree", d, out, inn
    total = out + inn
    return e, total, None, "degree", d, total, total


def _degree_pearson(xa: np.ndarray, xb: np.ndarray | None, ca: np.ndarray, cb: np.ndarray,
                    e: EdgeView) -> float:
    """Pearson over unweighted pairs: node ``u`` is the source of ``ca[u]`` entries and the
    target of ``cb[u]``, so every moment but the cross product is a sum over nodes, on
    values centred exactly there; the edges are read once per end."""
    W = float(ca.sum()) if not e.directed else float(e.src.size)
    if not W > 0:
        _check_pearson(np.zeros(6), not e.directed, "degree assortativity")
        return float("nan")
    a = xa - np.einsum("i,i->", ca, xa) / W
    b = a if xb is None else xb - np.einsum("i,i->", cb, xb) / W
    s_ab = _cross_sum(a, b, e.src, e.dst) * (1 if e.directed else 2)
    s = np.array([W, np.einsum("i,i->", ca, a), np.einsum("i,i->", cb, b),
                  np.einsum("i,i,i->", ca, a, a), np.einsum("i,i,i->", cb, b, b), s_ab])
    if not _check_pearson(s, not e.directed, "degree assortativity"):
        return float("nan")
    return float(_pearson_from_sums(*s))


def _degree_exact(e: EdgeView, x: str, y: str) -> float | None:
    """Degree assortativity of an unweighted view from exact integer sums, or None when the
    sums could leave int64 (degrees above ~2**20 at 1e7 edges: then the float route).

    The degrees are counted once per view (kept on it); the only other pass over the edges
    is the cross sum :math:`\\sum_i j_i k_i`. With :math:`W` entries, source counts
    :math:`c^a` (out-degrees) and target counts :math:`c^b` (in-degrees), every sum is an
    integer, so :math:`W^2 \\operatorname{cov} = W S_{ab} - S_a S_b` and
    :math:`W^2 \\operatorname{var} = W S_{aa} - S_a^2` are computed exactly (Python
    integers) and rounded once.
    """
    m = e.n_edges
    tables, sab = degree_cross(e.src, e.dst, e.n_nodes, directed=e.directed, x=x, y=y,
                               tables=e.memo.get("degree_counts"))
    e.memo["degree_counts"] = tables
    if e.directed:
        ca, cb = tables
        xa, xb = (ca if x == "out" else cb), (ca if y == "out" else cb)
    else:
        ca = cb = xa = xb = tables[0]
    top = max(int(xa.max(initial=0)), int(xb.max(initial=0)))
    if top * top * 2 * max(m, 1) >= 2**62:  # the int64 sums may have wrapped
        return None
    a64, ca64 = xa.astype(np.int64), ca.astype(np.int64)
    b64, cb64 = (a64, ca64) if xb is xa and cb is ca else (xb.astype(np.int64),
                                                          cb.astype(np.int64))
    sab *= 1 if e.directed else 2
    W = m if e.directed else 2 * m
    sa, saa = int(ca64 @ a64), int(ca64 @ (a64 * a64))
    sb, sbb = (sa, saa) if b64 is a64 else (int(cb64 @ b64), int(cb64 @ (b64 * b64)))
    cov, va, vb = W * sab - sa * sb, W * saa - sa * sa, W * sbb - sb * sb
    ok = _check_pearson(np.array([W, 0.0, 0.0, va / max(W, 1), vb / max(W, 1), 0.0]),
                        not e.directed, "degree assortativity")
    if not ok:
        return float("nan")
    r = cov / va if va == vb else cov / math.sqrt(va * vb)
    return min(1.0, max(-1.0, r))


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
    Unweighted (``loops="count"`` or ``"drop"``): exact integer sums, rounded once; the
    degrees are counted once per edge view (kept on it) in the same compiled call as the
    one other pass, the sum of the products of the end degrees. Weighted, or with loops
    counted once: the numeric route on the strengths. Validated against the Zachary karate
    club (r = -0.475613) and live
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
    graph = as_social_graph(graph)
    check_choice("x", x, ("out", "in"))
    check_choice("y", y, ("out", "in"))
    if weight is None:  # counts of edge ends: exact integer sums over the view
        e = edge_view(graph, None, None, directed=directed, loops=loops)
        if e.entry_weights is None:  # (loops counted once weigh 1/2: the float route)
            r = _degree_exact(e, x, y)
            if r is not None:
                return r
    e, xa, xb, _, _, out, inn = _degree_setup(graph, weight, x, y, directed, loops)
    if weight is not None or e.entry_weights is not None:  # strengths, or loops counted once
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
    >>> round(res.statistic, 4), round(res.standard_error, 3)
    (-0.4756, 0.075)
    """
    e, xa, xb, label, d, _, _ = _degree_setup(graph, weight, x, y, directed, loops)
    r, se = _pearson_test(xa, xb, e, "degree assortativity")
    return _result(r, se, confidence_level=confidence_level, alternative=alternative,
                   kind="degree", attribute=label, n_edges=float(e.src.size),
                   weight=weight, directed=d, loops=loops)
