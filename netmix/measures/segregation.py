"""Segregation and homophily indices, each a pure function of the mixing matrix.

Every index takes a :class:`~netmix.measures.mixing.MixingMatrix` or a graph with ``groups``
(then the matrix is built with :func:`~netmix.mixing_matrix`). Conventions are the mixing
matrix's: directed graphs count arcs once (rows are senders); undirected graphs count each
edge in both directions, so row ``g`` holds the ties of group ``g``'s members. Indices that
compare with random mixing need the group sizes (``MixingMatrix.row_sizes``). An undefined
value is ``nan`` with a :class:`~netmix.exceptions.DegenerateMixingWarning` saying why.
The spectral index of Echenique & Fryer, which needs the graph itself, is in
:mod:`netmix.measures.spectral`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import first_items
from ._common import (
    GraphOrMatrix,
    _as_matrix,
    _series,
    _sizes,
    _ties,
    _undefined,
    _unweighted,
    _warn,
)
from .ei import ei_index, ei_index_by_group, ei_index_by_node, ei_index_expected
from .odds import OddsRatioResult, within_group_odds_ratio

__all__ = [
    "OddsRatioResult",
    "coleman_homophily",
    "ei_index",
    "ei_index_by_group",
    "ei_index_by_node",
    "ei_index_expected",
    "freeman_segregation",
    "gupta_anderson_may",
    "inbreeding_homophily",
    "segregation_matrix_index",
    "within_group_odds_ratio",
]


# ----------------------------------------------------------------------------- Coleman
def coleman_homophily(graph: GraphOrMatrix, groups: Any = None, weight: str | None = None, *,
                      directed: bool | None = None, missing: str = "raise") -> pd.Series:
    r"""Coleman's (1958) homophily index of every group.

    With :math:`m_{gg}` the ties group :math:`g` sends to itself, :math:`m_{g+}` all ties it
    sends, and the expected within-group ties under random choice among the other
    :math:`N - 1` people :math:`E_g = m_{g+} (n_g - 1) / (N - 1)`,

    .. math::

        C_g = \begin{cases}
            \dfrac{m_{gg} - E_g}{m_{g+} - E_g} & m_{gg} > E_g \\[1ex]
            \dfrac{m_{gg} - E_g}{E_g} & m_{gg} \le E_g
        \end{cases}

    so :math:`-1 \le C_g \le 1`: 1 when all choices stay in the group, 0 at random choice.
    This is the exact form (Bojanowski & Corten 2014; R netseg's ``coleman``). Coleman
    (1958) approximated :math:`(n_g - 1)/(N - 1)` by :math:`n_g / N`, which gives
    :func:`inbreeding_homophily` whenever :math:`m_{gg} > E_g`. For an undirected graph
    each edge counts as a choice by both ends.

    Parameters
    ----------
    graph : SocialGraph or MixingMatrix
        A graph (then ``groups`` is needed) or a mixing matrix with group sizes.
    groups : str, mapping, Series or array, optional
    weight : str, optional
        Edge attribute to sum instead of counting ties.
    directed : bool, optional
        Default: as the graph is; ``False`` counts every arc both ways.
    missing : {"raise", "drop"}

    Returns
    -------
    pandas.Series
        One value per group; nan (with a warning) for a group without ties, a singleton
        group, or a group holding every node.

    Notes
    -----
    Validated against Coleman's boys/girls example (0.38125, 0.175, netseg's tests),
    netseg's directed-ring test (0.375) and netseg's ``Classroom`` vignette values.

    References
    ----------
    Coleman, J. (1958). Relational analysis: The study of social organizations with survey
    methods. Human Organization 17(4), 28-36. doi:10.17730/humo.17.4.q5604m676260q8n7

    Bojanowski, M. & Corten, R. (2014). Measuring segregation in social networks. Social
    Networks 39, 14-32. doi:10.1016/j.socnet.2014.04.001

    Examples
    --------
    >>> import netmix
    >>> from netmix.measures.segregation import coleman_homophily
    >>> m = netmix.MixingMatrix.from_array([[45, 15], [20, 20]], labels=["boys", "girls"],
    ...                                    row_sizes=[60, 40], col_sizes=[60, 40])
    >>> coleman_homophily(m).round(5).tolist()
    [0.38125, 0.175]
    """
    m = _as_matrix(graph, groups, weight, directed, missing)
    n = _sizes(m, "coleman_homophily")
    counts = m.counts.astype(float)
    sent, within = counts.sum(axis=1), np.diag(counts)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (n - 1) / (n.sum() - 1)
        expected = sent * share
        excess = within - expected
        value = np.where(excess > 0, excess / (sent - expected), excess / expected)
    value = _undefined(value, m.row_labels, "Coleman's homophily index", [
        (sent <= 0, "the group sends no ties"),
        (n <= 1, "a single member has no fellow members to choose"),
        (share >= 1, "the group holds every node, so every choice is within it")])
    return _series(value, m, "coleman_homophily")


# ----------------------------------------------------------------------------- Freeman
def freeman_segregation(graph: GraphOrMatrix, groups: Any = None, weight: str | None = None, *,
                        directed: bool | None = None, missing: str = "raise") -> float:
    r"""Freeman's (1978) segregation index, generalised to any number of groups.

    .. math::

        S = \frac{\mathrm{E}[X] - X}{\mathrm{E}[X]}, \qquad
        \frac{\mathrm{E}[X]}{T} = \frac{N^2 - \sum_g n_g^2}{N (N - 1)}

    with :math:`X` the between-group ties, :math:`T` all ties and
    :math:`\mathrm{E}[X]` their expected number when ties join random pairs of distinct
    people (Freeman 1978; the k-group form of Bojanowski & Corten 2014 and
    R netseg's ``freeman``). Like netseg, the original truncation at 0 is not applied, so
    more mixing than random gives :math:`S < 0`. The ratio is the same whether ties are
    counted once (directed) or both ways (undirected).

    Returns
    -------
    float
        nan (with a warning) without ties or with a single group.

    Notes
    -----
    Validated against netseg: ``WhiteKinship`` 0.2636364, mutual ``Classroom`` 0.9125874.

    References
    ----------
    Freeman, L. C. (1978). Segregation in social networks. Sociological Methods & Research
    6(4), 411-429. doi:10.1177/004912417800600401

    Examples
    --------
    >>> import netmix
    >>> from netmix.measures.segregation import freeman_segregation
    >>> m = netmix.MixingMatrix.from_array([[22, 1], [1, 20]], directed=False,
    ...                                    row_sizes=[13, 13], col_sizes=[13, 13])
    >>> round(freeman_segregation(m), 7)
    0.9125874
    """
    m = _as_matrix(graph, groups, weight, directed, missing)
    n = _sizes(m, "freeman_segregation")
    total = float(m.counts.sum())
    big_n = n.sum()
    expected_share = (big_n**2 - (n**2).sum()) / (big_n * (big_n - 1)) if big_n > 1 else 0.0
    if total <= 0 or expected_share <= 0:
        why = "there are no ties" if total <= 0 else "no pair of nodes is in different groups"
        _warn(f"Freeman's segregation index is undefined (nan): {why}.")
        return float("nan")
    between_share = (total - float(np.trace(m.counts))) / total
    return float(1 - between_share / expected_share)


# ----------------------------------------------------------------------------- GAM
def gupta_anderson_may(graph: GraphOrMatrix, groups: Any = None, weight: str | None = None, *,
                       directed: bool | None = None, missing: str = "raise") -> float:
    r"""Gupta, Anderson & May's (1989) index of within-group mixing.

    .. math::

        Q = \frac{\sum_g \lambda_g - 1}{k - 1} = \frac{\sum_g p_{gg} - 1}{k - 1},
        \qquad p_{gh} = \frac{m_{gh}}{m_{g+}}

    (Gupta, Anderson & May 1989): :math:`\lambda_g` are the eigenvalues of the
    mixing probabilities :math:`p` (the share of group :math:`g`'s partners in group
    :math:`h`), whose sum is the trace. :math:`Q = 1` for mixing only within groups, 0 for
    proportionate mixing, down to :math:`-1/(k-1)`. Rows are senders for a directed graph.

    Returns
    -------
    float
        nan (with a warning) for fewer than two groups or a group without ties.

    Notes
    -----
    Validated against R netseg's ``gamix`` for undirected graphs (``WhiteKinship``
    0.1801242; mutual ``Classroom`` 0.9089027). For a directed matrix netseg first copies
    the upper triangle onto the lower one (``symmetrize``), which discards the ties sent by
    later groups; netmix keeps rows as senders, so directed values differ from netseg's.

    References
    ----------
    Gupta, S., Anderson, R. M. & May, R. M. (1989). Networks of sexual contacts:
    implications for the pattern of spread of HIV. AIDS 3(12), 807-817.
    doi:10.1097/00002030-198912000-00005

    Examples
    --------
    >>> import netmix
    >>> from netmix.measures.segregation import gupta_anderson_may
    >>> m = netmix.MixingMatrix.from_array([[22, 1], [1, 20]], directed=False)
    >>> round(gupta_anderson_may(m), 7)
    0.9089027
    """
    m = _as_matrix(graph, groups, weight, directed, missing)
    counts = m.counts.astype(float)
    k, rows = counts.shape[0], counts.sum(axis=1)
    if k < 2 or (rows <= 0).any():
        why = "there is a single group" if k < 2 else \
            f"group(s) {first_items(m.row_labels[rows <= 0])} have no ties"
        _warn(f"the Gupta-Anderson-May index is undefined (nan): {why}.")
        return float("nan")
    return float(((np.diag(counts) / rows).sum() - 1) / (k - 1))


# ----------------------------------------------------------------------------- SMI
def segregation_matrix_index(graph: GraphOrMatrix, groups: Any = None, *,
                             directed: bool | None = None, normalize: bool = True,
                             missing: str = "raise") -> pd.Series:
    r"""Fershtman's (1997) segregation matrix index of every group.

    With :math:`d_{gg}` the density of ties among group :math:`g`'s members and
    :math:`d_{g\bar g}` the density of ties between its members and everyone else (both
    directions for a directed graph),

    .. math::

        R_g = \frac{d_{gg}}{d_{g\bar g}}, \qquad
        SMI_g = \frac{R_g - 1}{R_g + 1} = \frac{d_{gg} - d_{g\bar g}}{d_{gg} + d_{g\bar g}}

    (Fershtman 1997; Bojanowski & Corten 2014). :math:`SMI_g` is 1 when the group
    has ties only inside, 0 when inside and outside densities are equal, and -1 when it
    has ties only outside. ``normalize=False`` returns :math:`R_g`.

    Returns
    -------
    pandas.Series
        nan (with a warning) for a singleton group, a group holding every node, or a group
        without ties.

    Notes
    -----
    For undirected graphs this is R netseg's ``smi`` generalised from two groups to k.
    For a directed two-group matrix netseg divides both groups' inside densities by the
    density of arcs from the first group to the second; netmix uses the arcs in both
    directions, so directed values differ unless the ties are mutual (validated on the
    mutual ``WhiteKinship`` and ``Classroom`` data by hand).

    References
    ----------
    Fershtman, M. (1997). Cohesive group detection in a social network by the segregation
    matrix index. Social Networks 19(3), 193-207. doi:10.1016/S0378-8733(96)00297-3

    Examples
    --------
    >>> import netmix
    >>> from netmix.measures.segregation import segregation_matrix_index
    >>> m = netmix.MixingMatrix.from_array([[22, 1], [1, 20]], labels=["boy", "girl"],
    ...     directed=False, row_sizes=[13, 13], col_sizes=[13, 13])
    >>> segregation_matrix_index(m).round(4).tolist()
    [0.9195, 0.9118]
    """
    m = _as_matrix(graph, groups, None, directed, missing)
    _unweighted(m, "segregation_matrix_index")
    n = _sizes(m, "segregation_matrix_index")
    counts = _ties(m)
    diag = np.diag(counts)
    outside = counts.sum(axis=1) + counts.sum(axis=0) - 2 * diag
    with np.errstate(divide="ignore", invalid="ignore"):
        inside_density = diag / (n * (n - 1))
        outside_density = outside / (2 * n * (n.sum() - n))
        value = (inside_density / outside_density if not normalize else
                 (inside_density - outside_density) / (inside_density + outside_density))
    value = _undefined(value, m.row_labels, "the segregation matrix index", [
        (n <= 1, "a single member has no pair of members to be tied"),
        (n >= n.sum(), "the group holds every node"),
        (diag + outside <= 0, "the group has no ties")])
    return _series(value, m, "segregation_matrix_index")


# ----------------------------------------------------------------------------- CJP
def inbreeding_homophily(graph: GraphOrMatrix, groups: Any = None, weight: str | None = None,
                         *, directed: bool | None = None, missing: str = "raise"
                         ) -> pd.Series:
    r"""Currarini, Jackson & Pin's (2009) inbreeding homophily of every group.

    .. math::

        IH_g = \frac{H_g - w_g}{1 - w_g}, \qquad H_g = \frac{m_{gg}}{m_{g+}}, \quad
        w_g = \frac{n_g}{N}

    (Currarini, Jackson & Pin 2009, their inbreeding homophily index): :math:`H_g` is the
    share of the group's ties that are with its own type (ties sent, for a directed graph;
    for an undirected graph each member counts its ties) and :math:`w_g` its population
    share. :math:`IH_g = 0` at
    baseline homophily (:math:`H_g = w_g`), 1 when every tie is within the group.

    Returns
    -------
    pandas.Series
        nan (with a warning) for a group without ties or holding every node.

    Notes
    -----
    Validated by hand computation on Coleman's boys/girls table (see the tests).

    References
    ----------
    Currarini, S., Jackson, M. O. & Pin, P. (2009). An economic model of friendship:
    homophily, minorities, and segregation. Econometrica 77(4), 1003-1045.
    doi:10.3982/ECTA7528

    Examples
    --------
    >>> import netmix
    >>> from netmix.measures.segregation import inbreeding_homophily
    >>> m = netmix.MixingMatrix.from_array([[45, 15], [20, 20]], labels=["boys", "girls"],
    ...                                    row_sizes=[60, 40], col_sizes=[60, 40])
    >>> inbreeding_homophily(m).round(4).tolist()
    [0.375, 0.1667]
    """
    m = _as_matrix(graph, groups, weight, directed, missing)
    n = _sizes(m, "inbreeding_homophily")
    counts = m.counts.astype(float)
    sent = counts.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = n / n.sum()
        value = (np.diag(counts) / sent - share) / (1 - share)
    value = _undefined(value, m.row_labels, "inbreeding homophily", [
        (sent <= 0, "the group has no ties"),
        (share >= 1, "the group holds every node")])
    return _series(value, m, "inbreeding_homophily")
