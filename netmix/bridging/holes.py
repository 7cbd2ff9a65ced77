r"""Burt's structural holes: constraint, effective size, efficiency and hierarchy.

Burt (1992) measures how far a person's contacts are redundant. With :math:`z_{ij}` the
weight of the tie from :math:`i` to :math:`j` (1 when unweighted), the *mutual weight*
is :math:`z_{ij} + z_{ji}` and the share of :math:`i`'s network invested in :math:`j` is

.. math::

    p_{ij} = \frac{z_{ij} + z_{ji}}{\sum_{q \in N(i)} (z_{iq} + z_{qi})}.

Contacts :math:`N(i)` are in- and out-neighbours alike; parallel edges add their weights;
self-loops are left out (a tie to oneself is no contact). Every measure is per node, a
Series indexed by node id, ``nan`` for a node without contacts.

All four measures are computed together from one triangle enumeration: the indirect
terms :math:`\sum_q p_{iq} p_{qj}` and :math:`\sum_q p_{iq} m_{jq}` only involve the
:math:`q` that close a triangle with :math:`i` and :math:`j`. No loop over nodes or edges.

References
----------
Burt, R. S. (1992). Structural Holes: The Social Structure of Competition. Harvard
University Press. doi:10.4159/9780674029095

Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
Connections 20(1), 35-38.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..graph import SocialGraph, as_social_graph
from ._common import positive_weights, warn
from ._core import SimpleView, simple_view, triangles

__all__ = ["constraint", "effective_size", "efficiency", "hierarchy", "structural_holes"]

_COLUMNS = ("contacts", "constraint", "effective_size", "efficiency", "hierarchy")


def _sum(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """``bincount`` with weights, always float (also for no values)."""
    return np.bincount(index, weights=values, minlength=n).astype(np.float64, copy=False)


def _holes(sv: SimpleView) -> dict[str, np.ndarray]:
    """Every structural-hole measure of every node, from the pairs and their triangles."""
    n, a, b, mw = sv.n, sv.a, sv.b, sv.mw
    strength = _sum(a, mw, n) + _sum(b, mw, n)
    contacts = sv.degree
    top = np.zeros(n)  # largest mutual weight of each node (Burt's m_jq denominator)
    np.maximum.at(top, a, mw)
    np.maximum.at(top, b, mw)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_ab, p_ba = mw / strength[a], mw / strength[b]

    def p(i: np.ndarray, e: np.ndarray) -> np.ndarray:  # p_{i, other end of pair e}
        return mw[e] / strength[i]

    def m(j: np.ndarray, e: np.ndarray) -> np.ndarray:  # m_{j, other end of pair e}
        return mw[e] / top[j]

    x, y, z, exy, eyz, exz = triangles(sv)
    # indirect constraint sum_q p_iq p_qj for the ordered pair (i, j) through q
    # slots: 2 * pair + (0 if i is the pair's lower end a else 1)
    i_nodes = [x, y, y, z, x, z]
    pairs = [exy, exy, eyz, eyz, exz, exz]
    terms = [p(x, exz) * p(z, eyz), p(y, eyz) * p(z, exz),  # (x, y) via z, (y, x) via z
             p(y, exy) * p(x, exz), p(z, exz) * p(x, exy),  # (y, z) via x, (z, y) via x
             p(x, exy) * p(y, eyz), p(z, eyz) * p(y, exy)]  # (x, z) via y, (z, x) via y
    slot = np.concatenate([2 * e + (i != a[e]) for i, e in zip(i_nodes, pairs, strict=True)])
    indirect = np.bincount(slot, weights=np.concatenate(terms), minlength=2 * sv.m)
    local_ab = (p_ab + indirect[0::2]) ** 2  # Burt's c_ij with i = a
    local_ba = (p_ba + indirect[1::2]) ** 2
    c = _sum(a, local_ab, n) + _sum(b, local_ba, n)
    # redundancy sum_j sum_q p_iq m_jq of ego i over triangles (i, j, q)
    egos = np.concatenate([x, x, y, y, z, z])
    red = np.concatenate([p(x, exz) * m(y, eyz), p(x, exy) * m(z, eyz),
                          p(y, eyz) * m(x, exz), p(y, exy) * m(z, exz),
                          p(z, eyz) * m(x, exy), p(z, exz) * m(y, exy)])
    esize = contacts - _sum(egos, red, n)
    # hierarchy: Coleman-Theil disorder of the c_ij around their mean C / N
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_c = c / contacts
        r_ab, r_ba = local_ab / mean_c[a], local_ba / mean_c[b]
        h_num = _sum(a, r_ab * np.log(r_ab), n) + _sum(b, r_ba * np.log(r_ba), n)
        hier = h_num / (contacts * np.log(contacts))
    none = contacts == 0
    one = contacts == 1
    c[none] = np.nan
    esize[none] = np.nan
    hier[none | one] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        eff = np.where(none, np.nan, esize / np.where(none, 1, contacts))
    return {"contacts": contacts, "constraint": c, "effective_size": esize,
            "efficiency": eff, "hierarchy": hier}


def _compute(graph: Any, weight: str | None, which: tuple[str, ...]) -> pd.DataFrame:
    graph = as_social_graph(graph)
    sv = simple_view(graph, positive_weights(graph, weight))
    values = _holes(sv)
    isolated = int((values["contacts"] == 0).sum())
    if isolated:
        warn(f"{isolated} node(s) have no contacts; their structural-hole measures are nan.",
             stacklevel=3)
    if "hierarchy" in which:
        single = int((values["contacts"] == 1).sum())
        if single:
            warn(f"{single} node(s) have a single contact; Burt's hierarchy is 0/0 for them "
                 "and set to nan (JUNG reports 1 by convention).", stacklevel=3)
    frame = pd.DataFrame({k: values[k] for k in which}, index=graph.node_ids)
    return frame


def constraint(graph: SocialGraph, weight: str | None = None) -> pd.Series:
    r"""Burt's (1992) aggregate constraint of every node.

    .. math::

        C_i = \sum_{j \in N(i)} c_{ij}, \qquad
        c_{ij} = \Big(p_{ij} + \sum_{q \in N(i),\, q \ne j} p_{iq}\, p_{qj}\Big)^2

    (Burt 1992, eq. 2.4 and p. 55). High constraint: the contacts are tied to each other
    or to one central contact; low constraint: the node spans structural holes.

    Parameters
    ----------
    graph : SocialGraph
        Directed or undirected (see the module notes for :math:`p_{ij}`).
    weight : str, optional
        Edge attribute with tie strength (values > 0); None: every tie weighs 1.

    Returns
    -------
    pandas.Series
        Constraint by node id; ``nan`` (with a warning) for a node without contacts.

    Notes
    -----
    Validated against Borgatti (1997)'s example (constraint of G 0.400, of A 0.595) and,
    on random directed and weighted graphs, against ``networkx.constraint`` and igraph's
    ``Graph.constraint`` (C) in the tests.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.bridging import constraint
    >>> star = netmix.SocialGraph(pd.DataFrame(index=list("hxyz")), [0, 0, 0], [1, 2, 3])
    >>> constraint(star).round(3).tolist()  # hub: 3 x (1/3)^2; each leaf: 1
    [0.333, 1.0, 1.0, 1.0]
    """
    return _compute(graph, weight, ("constraint",))["constraint"]


def effective_size(graph: SocialGraph, weight: str | None = None) -> pd.Series:
    r"""Burt's (1992) effective size of every node's network.

    .. math::

        E_i = \sum_{j \in N(i)} \Big(1 - \sum_{q \in N(i),\, q \ne j} p_{iq}\, m_{jq}\Big),
        \qquad m_{jq} = \frac{z_{jq} + z_{qj}}{\max_k (z_{jk} + z_{kj})}

    (Burt 1992, p. 52); for an unweighted undirected graph it is Borgatti's (1997)
    :math:`E_i = n - 2t/n`, with :math:`n` contacts and :math:`t` ties among them.

    Parameters
    ----------
    graph : SocialGraph
    weight : str, optional
        Edge attribute with tie strength (values > 0).

    Returns
    -------
    pandas.Series
        Effective size by node id; ``nan`` (with a warning) for a node without contacts.

    Notes
    -----
    Validated against Borgatti (1997)'s example (G 4.67, A 2.50, C 1) and against
    ``networkx.effective_size`` on random directed and weighted graphs in the tests.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.bridging import effective_size
    >>> tri = netmix.SocialGraph(pd.DataFrame(index=list("abcd")), [0, 1, 2, 0], [1, 2, 0, 3])
    >>> effective_size(tri).round(3).tolist()  # a: 3 contacts, 1 tie among them: 3 - 2/3
    [2.333, 1.0, 1.0, 1.0]
    """
    return _compute(graph, weight, ("effective_size",))["effective_size"]


def efficiency(graph: SocialGraph, weight: str | None = None) -> pd.Series:
    r"""Burt's (1992) efficiency: effective size over the number of contacts,
    :math:`E_i / |N(i)|`.

    Parameters
    ----------
    graph : SocialGraph
    weight : str, optional

    Returns
    -------
    pandas.Series
        Efficiency by node id (between 0 and 1); ``nan`` for a node without contacts.

    Notes
    -----
    Borgatti (1997) reports the efficiency of ego G in his example as 4.67 / 6 = 0.78;
    checked in the tests.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.bridging import efficiency
    >>> tri = netmix.SocialGraph(pd.DataFrame(index=list("abcd")), [0, 1, 2, 0], [1, 2, 0, 3])
    >>> efficiency(tri).round(3).tolist()
    [0.778, 0.5, 0.5, 1.0]
    """
    return _compute(graph, weight, ("efficiency",))["efficiency"]


def hierarchy(graph: SocialGraph, weight: str | None = None) -> pd.Series:
    r"""Burt's (1992) hierarchy: how much of a node's constraint comes from one contact.

    .. math::

        H_i = \frac{\sum_{j \in N(i)} r_{ij} \ln r_{ij}}{N \ln N},
        \qquad r_{ij} = \frac{c_{ij}}{C_i / N}, \quad N = |N(i)|

    (Burt 1992, p. 71: the Coleman-Theil disorder index of the local constraints
    :math:`c_{ij}`, see :func:`constraint`). 0 when every contact constrains equally.

    Parameters
    ----------
    graph : SocialGraph
    weight : str, optional

    Returns
    -------
    pandas.Series
        Hierarchy by node id; ``nan`` (with a warning) for a node with fewer than two
        contacts, where it is 0/0 (JUNG's ``StructuralHoles`` returns 1 for one contact).

    Notes
    -----
    Validated against the formula applied to networkx's ``local_constraint`` in the tests.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.bridging import hierarchy
    >>> nodes = pd.DataFrame(index=list("abcd"))
    >>> square = netmix.SocialGraph(nodes, [0, 1, 2, 3], [1, 2, 3, 0])
    >>> hierarchy(square).tolist()  # each node's two contacts constrain it equally
    [0.0, 0.0, 0.0, 0.0]
    >>> diamond = netmix.SocialGraph(nodes, [0, 0, 1, 1, 2], [1, 2, 2, 3, 3])
    >>> hierarchy(diamond).round(4).tolist()  # b and c: contacts a, d weigh less than c, b
    [0.0, 0.0737, 0.0737, 0.0]
    """
    return _compute(graph, weight, ("hierarchy",))["hierarchy"]


def structural_holes(graph: SocialGraph, weight: str | None = None) -> pd.DataFrame:
    """All of Burt's measures in one table (one triangle enumeration for all).

    Parameters
    ----------
    graph : SocialGraph
    weight : str, optional
        Edge attribute with tie strength (values > 0).

    Returns
    -------
    pandas.DataFrame
        Indexed by node id, columns ``contacts`` (distinct neighbours), ``constraint``,
        ``effective_size``, ``efficiency`` and ``hierarchy``; see the single functions.

    Notes
    -----
    Same values as :func:`constraint`, :func:`effective_size`, :func:`efficiency` and
    :func:`hierarchy` (checked in the tests).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.bridging import structural_holes
    >>> nodes = pd.DataFrame(index=list("abcd"))
    >>> diamond = netmix.SocialGraph(nodes, [0, 0, 1, 1, 2], [1, 2, 2, 3, 3])
    >>> structural_holes(diamond).round(3)
        contacts  constraint  effective_size  efficiency  hierarchy
    id
    a          2       0.889           1.000       0.500      0.000
    b          3       0.840           1.667       0.556      0.074
    c          3       0.840           1.667       0.556      0.074
    d          2       0.889           1.000       0.500      0.000
    """
    return _compute(graph, weight, _COLUMNS)
