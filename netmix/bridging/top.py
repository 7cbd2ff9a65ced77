"""The report's table of brokers: who bridges groups, by several measures at once."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, check_positive
from ..exceptions import DegenerateMixingWarning
from ..graph import SocialGraph, as_social_graph
from ._common import codes_of, positive_weights
from ._core import simple_view
from .brokerage import ROLES, _arcs, _roles
from .holes import _holes
from .ties import bridging_capital

__all__ = ["top_brokers"]

_ORDER = {"brokerage": False, "cross_ties": False, "cross_share": False,
          "effective_size": False, "constraint": True}


def top_brokers(graph: SocialGraph, groups: Any, k: int = 10, *, weight: str | None = None,
                by: str = "brokerage", missing: str = "raise") -> pd.DataFrame:
    """The ``k`` nodes that broker most between groups, with their bridging measures.

    Parameters
    ----------
    graph : SocialGraph
    groups : str, mapping, Series, array or partition
        An attribute or a community partition.
    k : int, default 10
        Rows to return.
    weight : str, optional
        Edge attribute (values > 0) for ``cross_strength`` and Burt's constraint and
        effective size.
    by : {"brokerage", "cross_ties", "cross_share", "effective_size", "constraint"}
        Ranking column (``constraint``: lowest first; the others: highest first); ties
        keep node order.
    missing : {"raise", "drop"}

    Returns
    -------
    pandas.DataFrame
        Indexed by node id: ``group``, ``degree``, ``cross_ties``, ``cross_share``,
        ``cross_strength``, the five Gould-Fernandez role counts (see
        :func:`netmix.bridging.brokerage`), ``brokerage`` (open two-paths brokered
        between groups: all roles but coordinator), ``constraint``,
        ``effective_size`` (:mod:`netmix.bridging.holes`) and ``has_contacts``.

    Notes
    -----
    Each column equals the single function's value (checked in the tests). People without
    contacts (``has_contacts`` False) are ranked like everyone else: counts 0, ``nan`` in
    the Burt measures and shares (undefined, not 0), so they sort last.

    Examples
    --------
    >>> import netmix
    >>> from netmix.bridging import top_brokers
    >>> g = netmix.datasets.load_example()
    >>> top = top_brokers(g, "department", k=3)
    >>> list(top.columns[:4])
    ['group', 'degree', 'cross_ties', 'cross_share']
    >>> len(top)
    3
    """
    graph = as_social_graph(graph)
    check_choice("by", by, tuple(_ORDER))
    check_positive("k", k, integer=True)
    gc = codes_of(graph, groups, missing)
    with warnings.catch_warnings():  # nodes without ties: nan shares, said in the docs
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        cap = bridging_capital(graph, groups, weight, missing=missing)
    holes = _holes(simple_view(graph, positive_weights(graph, weight)))
    sub = graph.subgraph(gc.codes >= 0) if gc.n_missing else graph
    roles = _roles(_arcs(sub), gc.codes[gc.codes >= 0].astype(np.int64),
                   len(gc.labels)).astype(np.int64)
    keep = gc.codes >= 0
    table = cap[["group", "degree", "cross_ties", "cross_share", "cross_strength"]].copy()
    for j, role in enumerate(ROLES):
        table[role] = roles[:, j]
    table["brokerage"] = roles[:, 1:5].sum(axis=1)
    table["constraint"] = holes["constraint"][keep]
    table["effective_size"] = holes["effective_size"][keep]
    table["has_contacts"] = cap["has_contacts"]
    table = table.sort_values(by, ascending=_ORDER[by], kind="stable", na_position="last")
    return table.head(int(k))
