"""Degree and numeric assortativity from edge files, in two passes over the edges."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_choice
from ..measures._pearson import _node_values
from . import _kernels as K
from ._assemble import Centred
from ._common import EdgeInput, NodeSide, Options
from ._problems import problem_error
from .api import _options, _setup

__all__ = ["degree_assortativity", "numeric_assortativity"]


def _pearson(eng: Any, e: EdgeInput, opts: Options, weight: str | None, side: NodeSide,
             merge: bool, values: Any, what: str) -> float:
    """Two passes: per-node entry weights (and degrees), then the cross moments."""
    x_fn, keep, weight_pairs, strengths = values
    n = side.n
    with eng.edges(e, opts, weight, side.ids, merge, passes=2, desc=what) as ce:
        first = ce.reduce(K.node_tally, n, keep, opts.loops, opts.directed, weight_pairs,
                          strengths)
        problem_error(first[0], e, opts, weight, side.ids)
        x, y = x_fn(first)
        c = Centred(x, y, first[1], first[2], opts.directed)
        prod = ce.reduce(K.product_tally, c.a, c.b, keep, opts.loops, opts.directed,
                         weight_pairs)
    return c.pearson(prod[1], what)


def degree_assortativity(
    edges: Any,
    nodes: Any = None,
    *,
    weight: str | None = None,
    x: str = "out",
    y: str = "in",
    source: Any = "source",
    target: Any = "target",
    node_id: Any = "id",
    directed: bool = False,
    duplicates: str = "sum",
    loops: str = "count",
    add_missing_nodes: bool = False,
    engine: Any = "duckdb",
) -> float:
    r"""Newman's (2002) degree assortativity of an edge list on disk.

    .. math::

        r = \frac{M^{-1}\sum_i j_i k_i - \left[M^{-1}\sum_i \tfrac12 (j_i + k_i)\right]^2}
                 {M^{-1}\sum_i \tfrac12 (j_i^2 + k_i^2)
                  - \left[M^{-1}\sum_i \tfrac12 (j_i + k_i)\right]^2}

    (Newman 2002, eq. 4; directed: Newman 2003, eqs. 25-26 with the source's ``x``-degree
    and the target's ``y``-degree), with the conventions of
    :func:`netmix.degree_assortativity` (``weight``: strengths as the values, each edge
    pairing once, as networkx). Out of core in two passes over the edges: the degrees
    (one ``bincount`` per chunk), then the cross moment of the centred degrees
    :math:`\sum_{\text{edges}} (j - \bar j)(k - \bar k)`; means and variances come from the
    degree sequence itself (:math:`\sum_{\text{ends}} f(k) = \sum_i k_i f(k_i)`), so
    nothing cancels in float64.

    Parameters
    ----------
    edges : path(s) or table
        As for :func:`mixing_matrix`.
    nodes : path or DataFrame, optional
        Node table; without it the nodes are the endpoints (isolates do not matter here).
    weight, x, y, loops
        As for :func:`netmix.degree_assortativity`.
    source, target, node_id, directed, duplicates, add_missing_nodes, engine
        As for :func:`mixing_matrix`.

    Returns
    -------
    float
        nan with a :class:`~netmix.exceptions.DegenerateMixingWarning` without edges or
        when every edge end has the same degree.

    Notes
    -----
    Validated against :func:`netmix.degree_assortativity` on the same files (to 1e-12)
    and live against igraph's ``assortativity_degree``.

    References
    ----------
    Newman, M. E. J. (2002). Assortative mixing in networks. Physical Review Letters 89,
    208701. doi:10.1103/PhysRevLett.89.208701

    Examples
    --------
    >>> import pandas as pd, netmix.scale
    >>> path = pd.DataFrame({"source": [0, 1, 2], "target": [1, 2, 3]})  # a path of 4
    >>> round(netmix.scale.degree_assortativity(path), 4)
    -0.5
    """
    check_choice("x", x, ("out", "in"))
    check_choice("y", y, ("out", "in"))
    opts = _options(source, target, node_id, directed, duplicates, loops, "raise",
                    add_missing_nodes)
    eng, e, side = _setup(edges, nodes, opts, weight, {}, engine)

    def degrees(first: tuple) -> tuple[np.ndarray, np.ndarray | None]:
        out, inn = (np.asarray(v, dtype=np.float64) for v in first[3:5])
        if not directed:
            return out + inn, None
        return (out if x == "out" else inn), (out if y == "out" else inn)

    return _pearson(eng, e, opts, weight, side, duplicates == "sum",
                    (degrees, None, False, True), "degree assortativity")


def numeric_assortativity(
    edges: Any,
    nodes: Any,
    values: Any,
    weight: str | None = None,
    *,
    target_values: Any = None,
    source: Any = "source",
    target: Any = "target",
    node_id: Any = "id",
    directed: bool = False,
    duplicates: str = "sum",
    loops: str = "count",
    missing: str = "raise",
    add_missing_nodes: bool = False,
    engine: Any = "duckdb",
) -> float:
    r"""Newman's (2003) assortativity of a numeric attribute, from an edge list on disk.

    .. math::

        r = \frac{\sum_i w_i x_i y_i / W - \bar x \bar y}
                 {\sqrt{\left(\sum_i w_i x_i^2 / W - \bar x^2\right)
                        \left(\sum_i w_i y_i^2 / W - \bar y^2\right)}}

    (Newman 2003, eqs. 21 and 26) over the tally entries, with the conventions of
    :func:`netmix.numeric_assortativity`. Two passes: the per-node entry weights give the
    exact edge-end means and variances; the second pass sums the cross moment of the
    centred values.

    Parameters
    ----------
    edges, nodes, weight
        As for :func:`mixing_matrix` (``weight`` weights each edge's pair of values).
    values : str, mapping, Series or array
        A numeric node attribute (a column of ``nodes``) or one value per node.
    target_values : optional
        Different values at the target end.
    source, target, node_id, directed, duplicates, loops, missing, add_missing_nodes, engine
        As for :func:`mixing_matrix`.

    Returns
    -------
    float

    Notes
    -----
    Validated against :func:`netmix.numeric_assortativity` on the same files (to 1e-12).

    References
    ----------
    Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E 67, 026126.
    doi:10.1103/PhysRevE.67.026126

    Examples
    --------
    >>> import pandas as pd, netmix.scale
    >>> edges = pd.DataFrame({"source": [0, 2, 0], "target": [1, 3, 2]})
    >>> nodes = pd.DataFrame({"id": [0, 1, 2, 3], "age": [20, 22, 40, 41]})
    >>> round(netmix.scale.numeric_assortativity(edges, nodes, "age"), 4)
    0.3059
    """
    opts = _options(source, target, node_id, directed, duplicates, loops, missing,
                    add_missing_nodes)
    eng, e, side = _setup(edges, nodes, opts, weight,
                          {"values": values, "target_values": target_values}, engine)
    xa, keep, _ = _node_values(side.graph, values, "values", missing)
    xb = None
    if target_values is not None:
        xb, keep_b, _ = _node_values(side.graph, target_values, "target_values", missing)
        if keep_b is not None:
            keep = keep_b if keep is None else keep & keep_b
    merge = opts.merge(weight is not None)
    return _pearson(eng, e, opts, weight, side, merge,
                    (lambda first: (xa, xb), keep, True, False), "numeric assortativity")


