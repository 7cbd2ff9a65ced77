"""Echenique & Fryer's (2007) spectral segregation index (SSI).

Unlike the indices in :mod:`netmix.measures.segregation` it needs the graph, not only the
mixing matrix: a person is more segregated the more segregated the same-group people they
interact with. With :math:`A` the (weighted) adjacency matrix, :math:`d_i` the degree
(strength) of node :math:`i` over all its ties and :math:`B_{ij} = A_{ij}/d_i` for
:math:`i, j` in the same group, every connected component :math:`C` of the within-group
graph has a largest eigenvalue :math:`\\lambda_C` of :math:`B_C` with a positive
eigenvector :math:`x`; the node indices are :math:`s_i = \\lambda_C\\, x_i / \\bar x_C`,
whose mean over :math:`C` is :math:`\\lambda_C`.

:math:`B_C = D^{-1} A_C` is similar to the symmetric :math:`D^{-1/2} A_C D^{-1/2}`, so
each component needs one symmetric eigenproblem (``numpy.linalg.eigh`` for small ones,
``scipy.sparse.linalg.eigsh`` for large); components of one and two nodes are solved in
closed form for all of them at once.
"""

from __future__ import annotations

import contextlib
import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import eigsh

from .._validation import first_items, weight_scale
from ..core import group_codes
from ..exceptions import DegenerateMixingWarning, InputError
from ..graph import SocialGraph, as_social_graph, edge_weights

__all__ = ["spectral_segregation", "spectral_segregation_by_group",
           "spectral_segregation_by_node"]

_DENSE_MAX = 128  # components up to this size use a dense eigh (faster below ~150)


def _adjacency(graph: SocialGraph, codes: np.ndarray, weight: str | None
               ) -> tuple[sparse.csr_array, np.ndarray]:
    """Within-group adjacency (symmetric, no loops) and every node's total degree."""
    w = edge_weights(graph, weight, nonnegative=True)
    src, dst = graph.src, graph.dst
    w = np.ones(src.size) if w is None else w / weight_scale(w)  # the index is scale-free
    keep = (src != dst) & (codes[src] >= 0) & (codes[dst] >= 0)
    n = graph.n_nodes
    deg = np.bincount(src[keep], weights=w[keep], minlength=n) + \
        np.bincount(dst[keep], weights=w[keep], minlength=n)
    same = keep & (codes[src] == codes[dst])
    a, b, ws = src[same], dst[same], w[same]
    adj = sparse.coo_array((np.concatenate([ws, ws]), (np.concatenate([a, b]),
                            np.concatenate([b, a]))), shape=(n, n)).tocsr()
    adj.eliminate_zeros()
    return adj, deg


def _one_blas_thread() -> Any:
    try:
        from threadpoolctl import threadpool_limits  # installed with scikit-learn
    except ImportError:  # pragma: no cover
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _leading(sym: sparse.csr_array, root: np.ndarray) -> np.ndarray:
    """Node indices of one connected component from its block of D^-1/2 A D^-1/2."""
    if sym.shape[0] <= _DENSE_MAX:
        vals, vecs = np.linalg.eigh(sym.toarray())
        lam, y = vals[-1], vecs[:, -1]
    else:
        vals, vecs = eigsh(sym, k=1, which="LA", v0=1 / root)  # deterministic start
        lam, y = vals[0], vecs[:, 0]
    x = np.abs(y) * root
    return lam * x / x.mean()


def _node_values(graph: SocialGraph, codes: np.ndarray, weight: str | None) -> np.ndarray:
    adj, deg = _adjacency(graph, codes, weight)
    values = np.zeros(graph.n_nodes)
    _, labels = connected_components(adj, directed=False)
    size = np.bincount(labels)[labels]
    with np.errstate(divide="ignore"):
        root = np.where(deg > 0, 1 / np.sqrt(deg), 0.0)
    pairs = np.flatnonzero(size == 2)
    if pairs.size:  # lambda = a / sqrt(d_i d_j); x_i proportional to 1 / sqrt(d_i)
        first, second = pairs[np.argsort(labels[pairs], kind="stable")].reshape(-1, 2).T
        lam = np.asarray(adj[first, second]).ravel() * root[first] * root[second]
        values[first], values[second] = (2 * lam * v / (root[first] + root[second])
                                         for v in (root[first], root[second]))
    big = np.flatnonzero(size > 2)
    if big.size:
        order = big[np.argsort(labels[big], kind="stable")]
        sym = (sparse.diags_array(root[order]) @ adj[order][:, order]
               @ sparse.diags_array(root[order])).tocsr()
        bounds = np.flatnonzero(np.diff(labels[order])) + 1
        with _one_blas_thread():  # many small eigenproblems: threads only add overhead
            for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, order.size], strict=True):
                values[order[lo:hi]] = _leading(sym[lo:hi, lo:hi], root[order[lo:hi]])
    lonely = (deg <= 0) & (codes >= 0)
    if lonely.any():
        warnings.warn(
            f"the spectral segregation index is undefined (nan) for {int(lonely.sum())} "
            f"node(s) without ties, e.g. {first_items(graph.node_ids[lonely])}; they are left "
            "out of the group and graph averages.", DegenerateMixingWarning, stacklevel=3)
    values[(deg <= 0) | (codes < 0)] = np.nan
    return values


def _prepare(graph: Any, groups: Any, directed: bool | None, missing: str
             ) -> tuple[SocialGraph, Any]:
    graph = as_social_graph(graph)
    if graph.directed and directed is not False:
        raise InputError(
            "the spectral segregation index is defined for undirected interactions; this "
            "graph is directed. Pass directed=False to count each arc as a tie of both ends.")
    return graph, group_codes(graph, groups, missing=missing)


def spectral_segregation_by_node(graph: SocialGraph, groups: Any, weight: str | None = None,
                                 *, directed: bool | None = None, missing: str = "raise"
                                 ) -> pd.Series:
    r"""Echenique & Fryer's (2007) spectral segregation index of every node.

    .. math::

        s = \lambda_C\, x, \quad B_C x = \lambda_C x, \quad
        \frac{1}{|C|}\sum_{i \in C} x_i = 1, \qquad
        B_{ij} = \frac{A_{ij}}{d_i}\ (i, j \text{ in the same group})

    for each connected component :math:`C` of the within-group graph, with
    :math:`\lambda_C` the largest eigenvalue of :math:`B_C` (Echenique & Fryer 2007,
    Sec. III; R netseg's ``ssi``). :math:`d_i` counts all of node :math:`i`'s ties (or
    their ``weight``), so :math:`B` is the share of each person's interactions spent with
    each same-group contact. A node with no same-group tie scores 0; 1 is the maximum of
    a component's mean.

    Parameters
    ----------
    graph : SocialGraph
        Undirected; a directed graph needs ``directed=False`` (each arc then counts as a
        tie of both ends; reciprocated arcs count twice). Self-loops are ignored;
        multi-edges add up.
    groups : str, mapping, Series or array
    weight : str, optional
        Non-negative edge attribute giving interaction intensity.
    directed : bool, optional
    missing : {"raise", "drop"}

    Returns
    -------
    pandas.Series
        Indexed by node id; nan (with a warning) for nodes without ties and for nodes
        dropped with ``missing="drop"``.

    Notes
    -----
    Validated against the nine node values Echenique & Fryer (2007) print in their
    Figure III (the 5 x 6 grid city; B1 0.87, B2 0.62, C1 1.26, C2 0.92, D1 0.93, D3 0.29,
    D4 0.10, B5 and C5 0.25, as transcribed in R netseg's tests) and netseg's vignette
    values for the mutual ``Classroom`` network.

    References
    ----------
    Echenique, F. & Fryer, R. G. (2007). A measure of segregation based on social
    interactions. Quarterly Journal of Economics 122(2), 441-485.
    doi:10.1162/qjec.122.2.441

    Examples
    --------
    A path a - b - c of group x whose ends each also know one person of group y (d, e):
    every degree is 2 within x, so :math:`B_x` is half the path's adjacency, with
    :math:`\lambda = 1/\sqrt 2` and :math:`x \propto (1, \sqrt 2, 1)`:

    >>> import pandas as pd, netmix
    >>> from netmix.measures.spectral import spectral_segregation_by_node
    >>> nodes = pd.DataFrame({"g": ["x", "x", "x", "y", "y"]}, index=list("abcde"))
    >>> g = netmix.SocialGraph(nodes, [0, 1, 0, 2], [1, 2, 3, 4])
    >>> spectral_segregation_by_node(g, "g").round(4).tolist()
    [0.6213, 0.8787, 0.6213, 0.0, 0.0]
    """
    graph, gc = _prepare(graph, groups, directed, missing)
    values = _node_values(graph, gc.codes, weight)
    return pd.Series(values, index=graph.node_ids, name="spectral_segregation")


def spectral_segregation_by_group(graph: SocialGraph, groups: Any, weight: str | None = None,
                                  *, directed: bool | None = None, missing: str = "raise"
                                  ) -> pd.Series:
    r"""Echenique & Fryer's (2007) spectral segregation index of every group.

    .. math::

        SSI_g = \frac{1}{|V_g|} \sum_{i \in V_g} s_i
              = \sum_{C \subseteq V_g} \frac{|C|}{|V_g|}\, \lambda_C

    the mean of the members' node indices (:func:`spectral_segregation_by_node`), which is
    the size-weighted mean of the within-group components' largest eigenvalues
    (Echenique & Fryer 2007, Sec. III). Members without ties are left out of
    :math:`V_g`.

    Returns
    -------
    pandas.Series
        Indexed by group; nan (with a warning) for a group none of whose members has a tie.

    References
    ----------
    Echenique, F. & Fryer, R. G. (2007). Quarterly Journal of Economics 122(2), 441-485.
    doi:10.1162/qjec.122.2.441

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.measures.spectral import spectral_segregation_by_group
    >>> nodes = pd.DataFrame({"g": ["x", "x", "x", "y", "y"]}, index=list("abcde"))
    >>> g = netmix.SocialGraph(nodes, [0, 1, 0, 2], [1, 2, 3, 4])
    >>> spectral_segregation_by_group(g, "g").round(4).tolist()
    [0.7071, 0.0]
    """
    graph, gc = _prepare(graph, groups, directed, missing)
    values = _node_values(graph, gc.codes, weight)
    ok = ~np.isnan(values)
    k = len(gc.labels)
    total = np.bincount(gc.codes[ok], weights=values[ok], minlength=k)
    count = np.bincount(gc.codes[ok], minlength=k)
    empty = count == 0
    if empty.any():
        warnings.warn(f"the spectral segregation index is undefined (nan) for group(s) "
                      f"{first_items(gc.labels[empty])}: no member has a tie.",
                      DegenerateMixingWarning, stacklevel=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(empty, np.nan, total / count)
    return pd.Series(mean, index=gc.labels.rename(gc.name), name="spectral_segregation")


def spectral_segregation(graph: SocialGraph, groups: Any, weight: str | None = None, *,
                         directed: bool | None = None, missing: str = "raise") -> float:
    r"""The spectral segregation index of the whole graph: the mean of the node indices.

    .. math::

        SSI = \frac{1}{|V|} \sum_{i \in V} s_i = \sum_g \frac{|V_g|}{|V|}\, SSI_g

    over the nodes with at least one tie. Echenique & Fryer (2007) report the index by
    group (:func:`spectral_segregation_by_group`); this population-weighted average of the
    group values is netmix's one-number summary.

    Returns
    -------
    float
        nan (with a warning) when no node has a tie.

    References
    ----------
    Echenique, F. & Fryer, R. G. (2007). Quarterly Journal of Economics 122(2), 441-485.
    doi:10.1162/qjec.122.2.441

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.measures.spectral import spectral_segregation
    >>> nodes = pd.DataFrame({"g": ["x", "x", "x", "y", "y"]}, index=list("abcde"))
    >>> g = netmix.SocialGraph(nodes, [0, 1, 0, 2], [1, 2, 3, 4])
    >>> round(spectral_segregation(g, "g"), 4)
    0.4243
    """
    graph, gc = _prepare(graph, groups, directed, missing)
    values = _node_values(graph, gc.codes, weight)
    if np.isnan(values).all():
        warnings.warn("the spectral segregation index is undefined (nan): no node has a tie.",
                      DegenerateMixingWarning, stacklevel=2)
        return float("nan")
    return float(np.nanmean(values))
