"""Per-node ties within and across groups, from edge files."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice
from . import _kernels as K
from ._problems import problem_error
from .api import _options, _setup

__all__ = ["cross_group_ties"]


def cross_group_ties(
    edges: Any,
    nodes: Any,
    groups: Any,
    weight: str | None = None,
    *,
    mode: str = "all",
    source: Any = "source",
    target: Any = "target",
    node_id: Any = "id",
    directed: bool = False,
    duplicates: str = "sum",
    missing: str = "raise",
    add_missing_nodes: bool = False,
    engine: Any = "duckdb",
) -> pd.DataFrame:
    r"""Ties of every node within its group and across groups.

    For node :math:`i` in group :math:`g_i`, :math:`I_i` counts its ties to members of its
    own group and :math:`E_i` its ties to other groups (Krackhardt & Stern's internal and
    external ties; the individual E-I index is :math:`(E_i - I_i)/(E_i + I_i)`). A
    self-loop is internal at both of its ends, as in
    :func:`netmix.measures.segregation.ei_index_by_node`.

    Parameters
    ----------
    edges, nodes, groups, weight
        As for :func:`mixing_matrix` (with ``weight``, sums of weights).
    mode : {"all", "out", "in"}, default "all"
        For directed edges: ties at both ends, sent only, or received only.
    source, target, node_id, directed, duplicates, missing, add_missing_nodes, engine
        As for :func:`mixing_matrix`.

    Returns
    -------
    pandas.DataFrame
        Indexed by node id (every node with a group, in node-table order), with columns
        ``group``, ``ties`` (to nodes with a group), ``within`` (:math:`I_i`) and
        ``cross`` (:math:`E_i`).

    Notes
    -----
    Validated against a direct count on ``netmix.read_edges`` of the same files and
    against :func:`netmix.measures.segregation.ei_index_by_node`.

    References
    ----------
    Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational crises: an
    experimental simulation. Social Psychology Quarterly 51(2), 123-140.
    doi:10.2307/2786835

    Examples
    --------
    >>> import pandas as pd, netmix.scale
    >>> edges = pd.DataFrame({"source": [1, 1, 3], "target": [2, 3, 4]})
    >>> nodes = pd.DataFrame({"id": [1, 2, 3, 4], "dept": ["a", "a", "b", "b"]})
    >>> netmix.scale.cross_group_ties(edges, nodes, "dept")
       group  ties  within  cross
    id
    1      a     2       1      1
    2      a     1       1      0
    3      b     2       1      1
    4      b     1       1      0
    """
    check_choice("mode", mode, ("all", "out", "in"))
    opts = _options(source, target, node_id, directed, duplicates, "count", missing,
                    add_missing_nodes)
    eng, e, side = _setup(edges, nodes, opts, weight, {"groups": groups}, engine)
    gc = side.codes(groups, missing=missing)
    with eng.edges(e, opts, weight, side.ids, opts.merge(weight is not None),
                   desc="cross-group ties") as ce:
        tally = ce.reduce(K.cross_tally, gc, mode, bool(directed))
    problem_error(tally[0], e, opts, weight, side.ids)
    within, cross = tally[1], tally[2]
    has = gc.codes >= 0
    labels = gc.labels.take(np.maximum(gc.codes[has], 0))
    table = pd.DataFrame({"group": labels, "ties": (within + cross)[has],
                          "within": within[has], "cross": cross[has]},
                         index=side.ids[has])
    table.index.name = side.ids.name or "id"
    return table

